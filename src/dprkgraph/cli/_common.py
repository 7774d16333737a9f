"""What the command groups share: the parent parsers of shared options, table and record
writers, and colour on a terminal."""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from dprkgraph.graph import EventGraph
    from dprkgraph.model import Event

Handler = Callable[[argparse.Namespace], int]


class Command(Protocol):
    """Adds a subcommand with its summary, an example for its help, and shared options."""

    def __call__(self, name: str, handler: Handler, summary: str, example: str,
                 *parents: argparse.ArgumentParser) -> argparse.ArgumentParser: ...


@dataclass(frozen=True)
class Parents:
    """Options that several commands share, defined once each."""

    formats: argparse.ArgumentParser
    window: argparse.ArgumentParser
    base: argparse.ArgumentParser


def data_parent() -> argparse.ArgumentParser:
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", metavar="DIR",
                      help="dataset directory (default: the bundled dataset)")
    return data


def parents() -> Parents:
    from dprkgraph.formats import DEFAULT_BASE_IRI

    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument("--format", choices=("table", "json", "csv"), default="table",
                         help="output format (default: table)")
    window = argparse.ArgumentParser(add_help=False)
    window.add_argument("--from", dest="date_from", metavar="DATE",
                        help="window start, an EDTF date (2010-03 means from 1 March 2010)")
    window.add_argument("--to", dest="date_to", metavar="DATE",
                        help="window end, an EDTF date (2010-03 means up to 31 March 2010)")
    window.add_argument("--certainty", choices=("possible", "definite"), default="possible",
                        help="keep events that possibly (default) or definitely fall in the window")
    base = argparse.ArgumentParser(add_help=False)
    base.add_argument("--base-iri", default=DEFAULT_BASE_IRI, metavar="IRI",
                      help=f"base IRI of the dataset's nodes (default: {DEFAULT_BASE_IRI})")
    return Parents(formats=formats, window=window, base=base)


def data_dir(args: argparse.Namespace) -> Path | None:
    given = getattr(args, "data_dir", None) or getattr(args, "data", None)
    return Path(given) if given else None


def graph(args: argparse.Namespace) -> EventGraph:
    from dprkgraph.loader import load_graph

    return load_graph(data_dir(args))


def width() -> int:
    return max(60, min(shutil.get_terminal_size((80, 24)).columns, 120))


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], flexible: int) -> str:
    """Columns padded to their widest cell; column ``flexible`` is cut to fit the terminal."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(header) - 1)
    widths[flexible] = max(12, min(widths[flexible], width() - fixed))
    lines = []
    for row in [list(header), *rows]:
        cells = [fit(c, widths[i]).ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def event_table(found: Sequence[Event]) -> str:
    """One line per event if titles get 30 columns or more; otherwise two lines per event."""
    rows = [(e.date.text, e.type.value, e.id, e.title) for e in found]
    fixed = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(("DATE", "TYPE", "ID"))]
    if width() - sum(fixed) - 6 >= 30:
        return table(("DATE", "TYPE", "ID", "TITLE"), rows, flexible=3)
    pad = " " * (fixed[0] + 2)
    lines = []
    for date, etype, eid, title in rows:
        lines.append(f"{date.ljust(fixed[0])}  {eid}  [{etype}]")
        lines.append(pad + fit(title, width() - len(pad)))
    return "\n".join(lines)


def write_records(records: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else [])
        writer.writeheader()
        for r in records:
            writer.writerow({k: ("; ".join(map(str, v)) if isinstance(v, list) else v)
                             for k, v in r.items()})


def event_json(e: Event) -> dict[str, Any]:
    from dprkgraph.results import event_row

    row = event_row(e)
    row["earliest"], row["latest"] = e.date.earliest.isoformat(), e.date.latest.isoformat()
    row["participants"] = [{"actor": p.actor, "role": p.role.value} for p in e.participants]
    return row


def tty(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def paint(text: str, colour: str, stream: object) -> str:
    """``text`` in an ANSI colour when ``stream`` is a terminal and NO_COLOR is unset."""
    codes = {"red": "31", "yellow": "33", "green": "32", "dim": "2"}
    return f"\033[{codes[colour]}m{text}\033[0m" if tty(stream) else text
