"""Columnar storage: export --format parquet (also spelt to-parquet), corroborate."""

from __future__ import annotations

import argparse
import sys

from dprkgraph.cli._common import (
    Command,
    OptionError,
    Parents,
    data_dir,
    event_table,
    graph,
)


def export_parquet(args: argparse.Namespace) -> int:
    """``export --format parquet DIR`` (and its older spelling ``to-parquet DIR``)."""
    from dprkgraph.columnar import write_parquet
    from dprkgraph.loader import load

    if getattr(args, "format", "parquet") != "parquet":
        raise OptionError(
            "DIR", args.directory, "is for --format parquet; an RDF export is written with -o FILE"
        )
    target = args.directory or getattr(args, "output", None)
    if not target:
        raise OptionError("--format", "parquet", "needs a folder to write: give DIR")
    if getattr(args, "sources", None) is not None:
        raise OptionError("--sources", args.sources, "anchors quotes in RDF only; drop it")
    dataset = load(data_dir(args), widening=args.widening)
    out = write_parquet(dataset, target)
    counts = dataset.summary()
    print(
        f"{counts['events']:,} events, {counts['actors']:,} actors, {counts['sources']:,} "
        f"sources → {out} (Parquet, partitioned by year)"
    )
    return 0


def _cmd_corroborate(args: argparse.Namespace) -> int:
    from dprkgraph.columnar import ColumnarStore, corroborate
    from dprkgraph.tables import write_event_table

    g = graph(args)
    event = g.resolve(args.event, "event")
    with ColumnarStore.open(args.feed) as feed:
        found = corroborate(g, feed, event)
    if args.format == "table":
        print(event_table(found))
        print(f"{len(found)} machine-coded event{'s' if len(found) != 1 else ''} may be {event}")
        return 0
    write_event_table(found, sys.stdout, "csv" if args.format == "csv" else "json")
    return 0


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    p = command(
        "to-parquet",
        export_parquet,
        "The same as `dprkgraph export --format parquet DIR`: write the dataset as "
        "Parquet tables, the event tables partitioned by year.",
        "dprkgraph to-parquet --data path/to/dataset out/parquet",
    )
    p.add_argument(
        "directory", metavar="DIR", help="a new or empty folder, or an earlier export to replace"
    )
    p = command(
        "corroborate",
        _cmd_corroborate,
        "List the machine-coded events of a feed that may be a curated event: possibly "
        "on one of its days, involving both of its sides, with the same CAMEO root code.",
        "dprkgraph corroborate carter-pyongyang-visit --feed out/feed-parquet",
        parents.formats,
    )
    p.add_argument("event", metavar="EVENT", help="the curated event's id or title")
    p.add_argument(
        "--feed",
        required=True,
        metavar="DIR",
        help="a feed exported with `dprkgraph export --format parquet` or "
        "imported with `dprkgraph import-gdelt --format parquet`",
    )
