"""What the command groups share: the parent parsers of shared options, table and record
writers, and colour on a terminal."""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dprkgraph.errors import DprkGraphError

if TYPE_CHECKING:
    from dprkgraph.columnar import ColumnarStore
    from dprkgraph.graph import EventGraph
    from dprkgraph.model import Event

Handler = Callable[[argparse.Namespace], int]

#: Problems listed by default when a dataset does not load (``validate --max-problems``).
MAX_PROBLEMS = 50


class OptionError(DprkGraphError, ValueError):
    """A command-line value that cannot be used, named by its flag as the user typed it.

    The library names its keyword arguments (``start=``); a person at the command line typed
    ``--from``, so the command line checks its options itself and says so in their words.
    Raised and reported only inside :func:`dprkgraph.cli.main`.
    """

    def __init__(self, flag: str, value: str, problem: str) -> None:
        self.flag = flag
        self.value = value
        super().__init__(f"{flag} {value!r} {problem}")


class Command(Protocol):
    """Adds a subcommand with its summary, an example for its help, and shared options;
    ``reads_data`` gives it ``--data DIR``."""

    def __call__(
        self,
        name: str,
        handler: Handler,
        summary: str,
        example: str,
        *parents: argparse.ArgumentParser,
        reads_data: bool = True,
    ) -> argparse.ArgumentParser: ...


@dataclass(frozen=True)
class Parents:
    """Options that several commands share, defined once each."""

    formats: argparse.ArgumentParser
    window: argparse.ArgumentParser
    base: argparse.ArgumentParser


def data_parent() -> argparse.ArgumentParser:
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument(
        "--data",
        metavar="DIR",
        help="dataset directory, or a Parquet export (`dprkgraph export --format "
        "parquet DIR`), which the query commands answer from in place "
        "(default: the bundled dataset)",
    )
    data.add_argument(
        "--widening",
        choices=("unit", "edtf"),
        default=None,
        help="how far approximate or uncertain dates reach: one unit of their "
        "precision or the edtf package's rule (default: the dataset's "
        "dataset.yaml, else unit)",
    )
    return data


def parents() -> Parents:
    from dprkgraph.formats import DEFAULT_BASE_IRI

    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="output format (default: table)",
    )
    window = argparse.ArgumentParser(add_help=False)
    window.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="window start, an EDTF date (2010-03 means from 1 March 2010)",
    )
    window.add_argument(
        "--to",
        dest="date_to",
        metavar="DATE",
        help="window end, an EDTF date (2010-03 means up to 31 March 2010)",
    )
    window.add_argument(
        "--certainty",
        choices=("possible", "definite"),
        default="possible",
        help="keep events that possibly (default) or definitely fall in the window",
    )
    base = argparse.ArgumentParser(add_help=False)
    base.add_argument(
        "--base-iri",
        default=DEFAULT_BASE_IRI,
        metavar="IRI",
        help=f"base IRI of the dataset's nodes (default: {DEFAULT_BASE_IRI})",
    )
    return Parents(formats=formats, window=window, base=base)


def data_dir(args: argparse.Namespace) -> Path | None:
    """The dataset a command reads: its DATA_DIR argument or ``--data``, not two different ones."""
    positional, option = getattr(args, "data_dir", None), getattr(args, "data", None)
    if positional and option and Path(positional).resolve() != Path(option).resolve():
        raise OptionError(
            "--data", option, f"and DATA_DIR {positional!r} name two datasets; give one of them"
        )
    given = positional or option
    return Path(given) if given else None


def _choice(flag: str, value: str, allowed: Sequence[str], what: str) -> None:
    from dprkgraph.errors import suggest

    if value in allowed:
        return
    close = suggest(value, {a: a for a in allowed}, limit=1)
    hint = f"did you mean {close[0]!r}?" if close else "use one of " + ", ".join(allowed)
    raise OptionError(flag, value, f"is not {what} — {hint}")


def check_options(args: argparse.Namespace) -> None:
    """Check the options that need no dataset (dates, event types, kinds) before any
    data is read; the errors name the flag and the value as typed."""
    from dprkgraph.dates import parse_date
    from dprkgraph.errors import DateError

    bounds = {}
    for attr, flag in (("date_from", "--from"), ("date_to", "--to")):
        text = getattr(args, attr, None)
        if text is None:
            continue
        try:
            bounds[flag] = parse_date(text)
        except DateError as err:
            raise OptionError(flag, text, f"is not a date: {err.reason}") from err
    if len(bounds) == 2 and bounds["--to"].latest < bounds["--from"].earliest:
        raise OptionError(
            "--to", args.date_to, f"ends before --from {args.date_from!r} starts; swap them"
        )
    for attr, flag, least in (("dpi", "--dpi", 1), ("max_problems", "--max-problems", 0)):
        number = getattr(args, attr, None)
        if number is not None and number < least:
            raise OptionError(flag, str(number), f"is too small: give {least} or more")
    if getattr(args, "type", None):
        from dprkgraph.model import EventType  # pydantic: only when needed

        for value in args.type:
            _choice("--type", value, [t.value for t in EventType], "an event type")
    if getattr(args, "kind", None):
        # --kind means a different thing per command: the command says what it takes.
        kinds = getattr(args, "kinds", None)
        if kinds is None:
            from dprkgraph.model import ActorKind

            kinds = ([k.value for k in ActorKind], "an actor kind")
        _choice("--kind", args.kind, *kinds)


def check_actors(g: EventGraph | ColumnarStore, flag: str, ids: Sequence[str]) -> None:
    """Every id (or unambiguous name) in ``ids`` is an actor of ``g``; else an error naming
    ``flag``."""
    from dprkgraph.errors import AmbiguousNameError, UnknownIdError

    for actor in ids:
        try:
            g.actor(actor)
        except AmbiguousNameError as err:
            named = "; ".join(f"{id} ({name})" for id, name in err.candidates[:8])
            raise OptionError(
                flag, actor, f"is ambiguous: it could be {named} — give an id"
            ) from err
        except UnknownIdError as err:
            hint = (
                f"did you mean {' or '.join(map(repr, err.suggestions))}?"
                if err.suggestions
                else "`dprkgraph actors` lists the actors"
            )
            raise OptionError(flag, actor, f"is not an actor in the dataset — {hint}") from err


def check_sources(args: argparse.Namespace) -> None:
    """Refuse a ``--sources`` that is not a folder, before any data is read."""
    if args.sources is not None and not Path(args.sources).is_dir():
        raise OptionError(
            "--sources",
            args.sources,
            "is not a folder — give the folder that holds <source-id>.txt files",
        )


def graph(args: argparse.Namespace, *, sources: str | Path | None = None) -> EventGraph:
    """The command's dataset as a graph; with ``sources``, its quotes anchored in those texts
    (a folder the command has checked)."""
    from dprkgraph.loader import load_graph

    return load_graph(data_dir(args), widening=getattr(args, "widening", None), sources=sources)


def queryable(args: argparse.Namespace) -> EventGraph | ColumnarStore:
    """What a query command asks: a Parquet export given as ``--data`` opened in place (DuckDB
    answers, nothing is loaded into memory), any other dataset as a graph.

    An export whose dates were computed by another widening rule than ``--widening`` asks
    for is loaded as a graph instead, its dates read again by the rule asked for.
    """
    directory = data_dir(args)
    if directory is not None and (directory / "dprkgraph-parquet.json").is_file():
        from dprkgraph.columnar import ColumnarStore
        from dprkgraph.columnar.engine import written_rule

        if getattr(args, "widening", None) in (None, written_rule(directory)):
            return ColumnarStore.open(directory)
    return graph(args)


def width() -> int | None:
    """Columns a table may use: ``$COLUMNS`` if set, else the terminal's full width; ``None``
    (no limit) when standard output is a pipe or a file, so that nothing is cut there."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, ValueError, OSError):  # a replaced or closed stdout
        pass
    return None


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def around(text: str, width: int, mark: str = "[") -> str:
    """``text`` cut to ``width`` characters keeping the first ``mark`` (a search match) and what
    follows it in view: the start is cut before the end is."""
    if len(text) <= width:
        return text
    at = text.find(mark)
    if at < 0 or at < width // 3:
        return fit(text, width)
    start = max(0, min(at - width // 3, len(text) - (width - 1)))
    return "…" + fit(text[start + 1 :], width - 1) if start else fit(text, width)


def table(header: Sequence[str], rows: Sequence[Sequence[str]], flexible: int) -> str:
    """Columns padded to their widest cell; in a terminal, column ``flexible`` is cut to fit
    (never below 12 characters); in a pipe nothing is cut."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    room = width()
    if room is not None:
        fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(header) - 1)
        widths[flexible] = max(12, min(widths[flexible], room - fixed))
    lines = []
    for row in [list(header), *rows]:
        cells = [fit(c, widths[i]).ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def event_table(found: Sequence[Event], definite: Collection[str] | None = None) -> str:
    """One line per event: date, type, id and the title, which is cut to fit a terminal.

    With ``definite`` (the ids that surely meet the question's time condition), a MATCH
    column says of each event whether it meets it ``definitely`` or only ``possibly`` (as
    ``certainty="definite"`` would keep it or not), so that a pasted table does not pass a
    possibility off as a fact."""
    if definite is None:
        rows = [(e.date.text, e.type.value, e.id, e.title) for e in found]
        return table(("DATE", "TYPE", "ID", "TITLE"), rows, flexible=3)
    marked = [
        (e.date.text, "definitely" if e.id in definite else "possibly", e.type.value, e.id, e.title)
        for e in found
    ]
    return table(("DATE", "MATCH", "TYPE", "ID", "TITLE"), marked, flexible=4)


def certainty_footer(found: Sequence[Event], definite: Collection[str] | None) -> str:
    """The count line under an event table: with ``definite``, how many events meet the time
    condition only possibly, and how to keep the sure ones."""
    n = len(found)
    line = f"{n} event{'s' if n != 1 else ''}"
    if definite is None or not n:
        return line
    maybe = sum(1 for e in found if e.id not in definite)
    if not maybe:
        return line + ", each definitely meeting the time condition"
    return (
        f"{line}: {n - maybe} definitely and {maybe} only possibly meeting the time condition "
        "(--certainty definite keeps only the sure ones)"
    )


def write_records(records: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else [])
        writer.writeheader()
        for r in records:
            writer.writerow(
                {k: ("; ".join(map(str, v)) if isinstance(v, list) else v) for k, v in r.items()}
            )


#: What a terminal acts on rather than shows: C0 and C1 controls (but newline and tab), DEL,
#: and the marks that reverse the order text is shown in.
_ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    r"""``text`` with every character a terminal would act on written as an escape: file
    names and messages from other people's files cannot retitle or clear the terminal.

    >>> terminal_text("events-\x1b[2J.jsonl")
    'events-\\x1b[2J.jsonl'
    """
    return _ACTIVE.sub(lambda m: repr(m[0])[1:-1], text)


def listing(lines: Sequence[str], shown: int, what: str, how: str) -> None:
    """Print the first ``shown`` lines (all if 0) to standard error, then how many more
    ``what`` (a plural) there are and ``how`` to see them all: thousands of lines help no one
    at a terminal."""
    listed = lines if shown <= 0 else lines[:shown]
    for line in listed:
        where, sep, text = terminal_text(line).partition(": ")
        print(f"{paint(where, 'yellow', sys.stderr)}{sep}{text}", file=sys.stderr)
    rest = len(lines) - len(listed)
    if rest:
        what = what if rest != 1 else what.removesuffix("s")
        print(f"… and {rest:,} more {what} ({how} lists them all)", file=sys.stderr)


def tty(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def paint(text: str, colour: str, stream: object) -> str:
    """``text`` in an ANSI colour when ``stream`` is a terminal and NO_COLOR is unset."""
    codes = {"red": "31", "yellow": "33", "green": "32", "dim": "2"}
    return f"\033[{codes[colour]}m{text}\033[0m" if tty(stream) else text
