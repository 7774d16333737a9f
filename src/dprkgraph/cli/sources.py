"""Commands about evidence: fingerprint source texts, audit what rests on thin evidence."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dprkgraph.cli._common import Command, OptionError, Parents, data_dir, graph, table


def _texts(args: argparse.Namespace) -> Path | None:
    if args.sources is None:
        return None
    folder = Path(args.sources)
    if not folder.is_dir():
        raise OptionError(
            "--sources",
            args.sources,
            "is not a folder: give the folder that holds the <source-id>.txt files",
        )
    return folder


def _cmd_fingerprint(args: argparse.Namespace) -> int:
    from dprkgraph.loader import bundled_data_dir
    from dprkgraph.quotes import record_fingerprints

    texts = _texts(args)
    assert texts is not None  # --sources is required
    target = data_dir(args) or bundled_data_dir()
    done = record_fingerprints(target, texts)
    for f in done:
        was = f"was {f.old[:12]}…" if f.old else "new"
        print(f"{f.source}: sha256 {f.new[:12]}… ({was}) in {f.path}")
    print(
        f"{len(done)} fingerprint{'s' if len(done) != 1 else ''} written"
        if done
        else "every source text already has its fingerprint recorded"
    )
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from dprkgraph.audit import audit

    findings = audit(graph(args), sources_dir=_texts(args))
    if args.format == "json":
        json.dump(
            [{"kind": f.kind, "subject": f.subject, "detail": f.detail} for f in findings],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    print(
        table(
            ("KIND", "ID", "DETAIL"), [(f.kind, f.subject, f.detail) for f in findings], flexible=2
        )
    )
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    print(", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing to report")
    return 0


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    p = command(
        "fingerprint",
        _cmd_fingerprint,
        "Record the SHA-256 of each source text in the dataset's sources file, so that "
        "verify-quotes can tell when a text changed.",
        "dprkgraph fingerprint --sources path/to/texts path/to/dataset",
    )
    p.add_argument(
        "--sources",
        required=True,
        metavar="DIR",
        help="folder of source texts named <source-id>.txt",
    )
    p.add_argument(
        "data_dir",
        nargs="?",
        metavar="DATA_DIR",
        help="dataset directory whose sources file is edited (default: the bundled dataset)",
    )

    p = command(
        "audit",
        _cmd_audit,
        "List what rests on thin evidence: single-source events, events without a "
        "quote, quotes without a source text, actors without a Wikidata id, dates a "
        "cited document may make exact.",
        "dprkgraph audit --sources path/to/texts --format json",
    )
    p.add_argument(
        "--sources",
        metavar="DIR",
        help="folder of source texts named <source-id>.txt: also list quotes whose "
        "text is missing or that are not anchored in it",
    )
    p.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    p.add_argument(
        "data_dir",
        nargs="?",
        metavar="DATA_DIR",
        help="dataset directory (default: the bundled dataset)",
    )
