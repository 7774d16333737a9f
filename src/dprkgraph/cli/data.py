"""Commands that read the dataset: validate, verify-quotes, events, actors, show, path."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dprkgraph.cli._common import (
    Command,
    Parents,
    data_dir,
    event_table,
    graph,
    table,
    write_records,
)

def _cmd_validate(args: argparse.Namespace) -> int:
    from dprkgraph.loader import load

    ds = load(data_dir(args))
    counts = ds.summary()
    coded = sum(1 for e in ds.events if e.provenance.value == "machine-coded")
    note = f" ({coded} of the events machine-coded)" if coded else ""
    print("ok: " + ", ".join(f"{n} {name}" for name, n in counts.items()) + note)
    return 0


def _cmd_verify_quotes(args: argparse.Namespace) -> int:
    from dprkgraph.loader import load
    from dprkgraph.quotes import verify_quotes

    sources = Path(args.sources)
    if not sources.is_dir():
        print(f"dprkgraph: error: {sources}: no such directory — give the folder that holds "
              "<source-id>.txt files", file=sys.stderr)
        return 1
    checks = verify_quotes(load(data_dir(args)), sources)
    bad = [c for c in checks if not c.found]
    for c in bad:
        print(f"event {c.event!r} {c.where}: quote {c.quote!r} from {c.source}: {c.reason}",
              file=sys.stderr)
    print(f"{len(checks) - len(bad)} of {len(checks)} quotes found verbatim in their sources")
    return 1 if bad else 0


def _cmd_events(args: argparse.Namespace) -> int:
    from dprkgraph.query import events

    found = events(graph(args), actor=args.actor or None, type=args.type or None,
                   start=args.date_from, end=args.date_to, certainty=args.certainty,
                   provenance=args.provenance)
    if args.format == "table":
        print(event_table(found))
        print(f"{len(found)} event{'s' if len(found) != 1 else ''}")
    else:
        from dprkgraph.tables import write_event_table

        write_event_table(found, sys.stdout, args.format)
    return 0


def _cmd_actors(args: argparse.Namespace) -> int:
    g = graph(args)
    kinds = {a.kind.value for a in g.actors()}
    if args.kind and args.kind not in kinds:
        from dprkgraph.errors import QueryError
        from dprkgraph.model import ActorKind

        raise QueryError("--kind", args.kind, "one of " + ", ".join(k.value for k in ActorKind))
    found = [a for a in g.actors() if not args.kind or a.kind.value == args.kind]
    if args.format == "table":
        rows = [(a.id, a.kind.value, a.affiliation or "", a.name) for a in found]
        print(table(("ID", "KIND", "AFFILIATION", "NAME"), rows, flexible=3))
    else:
        records = [a.model_dump(mode="json") for a in found]
        if args.format == "csv":
            for r in records:
                r["positions"] = [p["title"] for p in r["positions"]]
        write_records(records, args.format)
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from dprkgraph.describe import describe

    g = graph(args)
    obj = g.obj(args.id)
    if args.format == "json":
        json.dump(obj.model_dump(mode="json"), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(describe(g, args.id))
    return 0


def _cmd_path(args: argparse.Namespace) -> int:
    from dprkgraph.query import explain_path

    print(explain_path(graph(args), args.x, args.y, via_sources=args.via_sources))
    return 0


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    p = command("validate", _cmd_validate,
                "Load and validate a dataset; print counts, or every problem with its place.",
                "dprkgraph validate path/to/dataset")
    p.add_argument("data_dir", nargs="?", metavar="DATA_DIR",
                   help="dataset directory (default: the bundled dataset)")

    p = command("verify-quotes", _cmd_verify_quotes,
                "Check that every quote appears verbatim in SOURCES/<source-id>.txt.",
                "dprkgraph verify-quotes --sources path/to/texts")
    p.add_argument("--sources", required=True, metavar="DIR",
                   help="folder of source texts named <source-id>.txt")
    p.add_argument("data_dir", nargs="?", metavar="DATA_DIR",
                   help="dataset directory (default: the bundled dataset)")

    p = command("events", _cmd_events, "List events in chronological order, filtered.",
                "dprkgraph events --actor prk --type sanction --from 2009 --format csv",
                parents.formats, parents.window)
    p.add_argument("--actor", action="append", metavar="ID",
                   help="involving this actor (repeat for any of several)")
    p.add_argument("--type", action="append", metavar="TYPE",
                   help="of this event type (repeat for any of several)")
    p.add_argument("--provenance", choices=("curated", "machine-coded"),
                   help="only curated or only machine-coded events")

    p = command("actors", _cmd_actors, "List actors.", "dprkgraph actors --kind person",
                parents.formats)
    p.add_argument("--kind", metavar="KIND", help="only actors of this kind (state, person, …)")

    p = command("show", _cmd_show,
                "Show one event, actor or source with its sources, quotes, relations and claims.",
                "dprkgraph show cheonan-sinking")
    p.add_argument("id", metavar="ID", help="an event, actor or source id")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="output format (default: text)")

    p = command("path", _cmd_path, "Explain the shortest connection between two nodes.",
                "dprkgraph path carter gomes-release")
    p.add_argument("x", metavar="X", help="an event, actor or source id")
    p.add_argument("y", metavar="Y", help="an event, actor or source id")
    p.add_argument("--via-sources", action="store_true",
                   help="allow paths through shared sources (left out by default)")
