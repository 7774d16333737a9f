"""Machine-coded feeds: import-gdelt."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dprkgraph.cli._common import Command, Parents, paint, terminal_text, tty


def _cmd_import_gdelt(args: argparse.Namespace) -> int:
    from dprkgraph.gdelt import import_gdelt

    bar: Any = None
    if tty(sys.stderr):
        from tqdm import tqdm

        bar = tqdm(unit=" rows", unit_scale=True, file=sys.stderr, leave=False)

    def progress(rows: int) -> None:
        if bar is not None:
            bar.update(rows - bar.n)

    try:
        report = import_gdelt(args.files, args.output, progress=progress, format=args.format)
    finally:
        if bar is not None:
            bar.close()
    for file, line, reason in report.malformed[:20]:
        where = terminal_text(f"{file}:{line}")
        print(f"{paint(where, 'yellow', sys.stderr)}: {terminal_text(reason)}", file=sys.stderr)
    if len(report.malformed) > 20:
        print(
            f"… and {len(report.malformed) - 20:,} more malformed rows in "
            f"{args.output}/malformed-gdelt.tsv",
            file=sys.stderr,
        )
    kind = " (Parquet, partitioned by year)" if args.format == "parquet" else ""
    print(f"{report} → {args.output}{kind}")
    return 0 if report.events else 1


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    p = command(
        "import-gdelt",
        _cmd_import_gdelt,
        "Convert GDELT event files into a machine-coded dataset in the bulk format, or "
        "with --format parquet into a Parquet export that --data DIR and corroborate "
        "--feed DIR query in place. Reads GDELT 1.0 historical backfiles (57 columns, "
        "1979 to March 2013: 2005.zip, 201003.zip), 1.0 daily files (58 columns, "
        "20130401.export.CSV.zip on) and 2.0 files (61 columns, "
        "20150218230000.export.CSV.zip on), plain or zipped; each file's first row "
        "decides its layout. A row with no source URL (every backfile row) cites its "
        "file. Malformed rows are skipped and listed with their line numbers.",
        "dprkgraph import-gdelt 201003.zip 20150218230000.export.CSV.zip --format parquet "
        "-o out/feed-parquet",
        reads_data=False,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="GDELT 1.0 or 2.0 event files")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help="dataset directory to write events-, actors- and sources-gdelt.jsonl "
        "into; with --format parquet, a new or empty folder or an earlier export",
    )
    p.add_argument(
        "--format",
        choices=("jsonl", "parquet"),
        default="jsonl",
        help="JSON Lines beside other dataset files (default), or a Parquet export",
    )
