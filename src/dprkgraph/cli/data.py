"""Commands about the dataset: init, validate, verify-quotes, events, actors, show, path."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dprkgraph.cli._common import (
    MAX_PROBLEMS,
    Command,
    OptionError,
    Parents,
    certainty_footer,
    check_actors,
    check_sources,
    data_dir,
    event_table,
    graph,
    listing,
    queryable,
    table,
    write_records,
)

if TYPE_CHECKING:
    from dprkgraph.model import Anchor


def _cmd_init(args: argparse.Namespace) -> int:
    from dprkgraph.loader import bundled_data_dir
    from dprkgraph.settings import SETTINGS_FILE, SETTINGS_TEMPLATE

    target = Path(args.directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OptionError(
            "DIR",
            args.directory,
            "is not a new or empty folder; init never overwrites — choose another name",
        )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(bundled_data_dir().iterdir()):
        if source.suffix in (".yaml", ".jsonl") and source.is_file():
            with open(target / source.name, "xb") as out:  # "x": never replace a file
                out.write(source.read_bytes())
            written.append(source.name)
    with open(target / SETTINGS_FILE, "x", encoding="utf-8") as out:
        out.write(SETTINGS_TEMPLATE)
    written.append(SETTINGS_FILE)
    print(f"wrote {', '.join(written)} to {target}; check it with: dprkgraph validate {target}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from dprkgraph.loader import load

    check_sources(args)
    ds = load(data_dir(args), widening=args.widening, sources=args.sources)
    counts = ds.summary()
    coded = sum(1 for e in ds.events if e.provenance.value == "machine-coded")
    note = f" ({coded} of the events machine-coded)" if coded else ""
    # A quote that is not where its text says fails; a source without a text file in the
    # folder only leaves its quotes unchecked (many sources are never fetched), and is said.
    # A text that is there but cannot be read fails too: it is not a text never fetched.
    bad = [a for a in ds.unanchored() if a.status != "no-text"]
    unchecked = len(ds.unanchored()) - len(bad)
    records = ", ".join(f"{n} {name}" for name, n in counts.items()) + note
    if unchecked:
        print(
            f"dprkgraph: note: {unchecked} quote{'s' if unchecked != 1 else ''} not checked: "
            f"their sources have no text file in {args.sources}",
            file=sys.stderr,
        )
    if bad:
        _unanchored(bad, args.max_problems, data_dir(args))
        unread = len({a.source for a in bad if a.status == "unreadable"})
        misplaced = sum(a.status != "unreadable" for a in bad)
        why = [f"the text of {unread} source{'s' if unread != 1 else ''} cannot be read"] * (
            unread > 0
        ) + [
            f"{misplaced} of {len(ds.anchors or ())} quotes not anchored in their source texts"
        ] * (misplaced > 0)
        print(f"not ok: {', '.join(why)}; the records are valid: {records}")
        return 1
    anchored = sum(a.anchored for a in ds.anchors or ())
    quotes = f", {anchored} quotes anchored" if ds.anchors is not None else ""
    print(f"ok: {records}{quotes}")
    return 0


def _unanchored(bad: Sequence[Anchor], shown: int, data: Path | None) -> None:
    """One line per source whose text cannot be read, then one per quote not anchored,
    located at its citation in the events file (``data`` is the dataset loaded)."""
    from dprkgraph.quotes import locate_citations

    quoted = [a for a in bad if a.status != "unreadable"]
    places = locate_citations(data, quoted[:shown] if shown > 0 else quoted)  # those shown

    def at(a: Anchor) -> str:
        if (a.event, a.where) not in places:
            return ""
        path, line, column = places[(a.event, a.where)]
        return f"{path}:{line}:{column}: " if line else f"{path}: "

    found = any(a.status in ("ambiguous", "bad-occurrence") for a in bad)
    unread: dict[str, list[Anchor]] = {}
    for a in bad:
        if a.status == "unreadable":
            unread.setdefault(a.source, []).append(a)
    listing(
        [
            f"source {source!r}: {quotes[0].reason}; its {len(quotes)} "
            f"quote{'s' if len(quotes) != 1 else ''} cannot be checked"
            for source, quotes in unread.items()
        ]
        + [
            f"{at(a)}event {a.event!r} {a.where}: quote {a.quote!r} from {a.source}: "
            f"{a.status}: {a.reason}"
            for a in bad
            if a.status != "unreadable"
        ],
        shown,
        "problems with quotes" if unread else "unanchored quotes" if found else "missing quotes",
        "--max-problems 0",
    )


def _cmd_verify_quotes(args: argparse.Namespace) -> int:
    from dprkgraph.loader import load
    from dprkgraph.quotes import anchor_quotes, fingerprint_changes

    sources = Path(args.sources)
    if not sources.is_dir():
        print(
            f"dprkgraph: error: {sources}: no such directory — give the folder that holds "
            "<source-id>.txt files",
            file=sys.stderr,
        )
        return 1
    ds = load(data_dir(args), widening=args.widening)
    anchors = anchor_quotes(ds, sources)
    changed = fingerprint_changes(ds, sources, anchors)
    for c in changed:
        quotes = "; ".join(f"{a.event} {a.where} ({a.status})" for a in c.broken)
        print(
            f"source {c.source}: its text changed since it was fingerprinted (sha256 "
            f"{c.recorded[:12]}… recorded, {c.current[:12]}… now); "
            + (
                f"quotes that no longer match: {quotes}"
                if quotes
                else "every quote still matches: record the new fingerprint with "
                "`dprkgraph fingerprint`"
            ),
            file=sys.stderr,
        )
    bad = [a for a in anchors if not a.anchored]
    _unanchored(bad, args.max_problems, data_dir(args))
    # Found is not enough: the summary says which of the found quotes still fail.
    ambiguous = sum(a.status == "ambiguous" for a in anchors)
    misplaced = sum(a.status == "bad-occurrence" for a in anchors)
    found = sum(a.status in ("anchored", "ambiguous", "bad-occurrence") for a in anchors)
    failing = [f"{ambiguous} of them ambiguous"] * (ambiguous > 0) + [
        f"{misplaced} of them with an occurrence beyond its places"
    ] * (misplaced > 0)
    print(
        f"{found} of {len(anchors)} quotes found verbatim in their sources"
        + "".join(f", {part}" for part in failing)
    )
    if ambiguous:
        print("give each ambiguous quote a `prefix:` or an `occurrence:` to anchor it")
    if misplaced:
        print("give each such quote an `occurrence:` within the places found, or none")
    if unread := sum(a.status == "unreadable" for a in anchors):
        print(f"{unread} of them not checked: the text of their source cannot be read")
    return 1 if bad else 0  # a changed text whose quotes all still anchor is only reported


#: The options of ``events`` that ask about time, whose answer can be only possible.
_TIME_OPTIONS = ("start", "end", "during", "before", "after", "same_day_as")


def _cmd_events(args: argparse.Namespace) -> int:
    from dprkgraph.query import events

    g = queryable(args)
    check_actors(g, "--actor", args.actor or ())
    options: dict[str, Any] = {
        "actor": args.actor or None,
        "type": args.type or None,
        "start": args.date_from,
        "end": args.date_to,
        "provenance": args.provenance,
        "role": args.role or None,
        "during": args.during,
        "before": args.before,
        "after": args.after,
        "same_day_as": args.same_day_as,
        "min_sources": args.min_sources,
    }
    found = events(g, certainty=args.certainty, **options)
    if args.format == "table":
        timed = any(options[k] is not None for k in _TIME_OPTIONS)
        definite = None
        if timed and args.certainty == "possible":
            definite = set(events(g, certainty="definite", **options).ids())
        print(event_table(found, definite))
        print(certainty_footer(found, definite))
    else:
        from dprkgraph.tables import write_event_table

        write_event_table(found, sys.stdout, args.format)
    return 0


def _cmd_actors(args: argparse.Namespace) -> int:
    g = graph(args)
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

    if args.sources is not None and not Path(args.sources).is_dir():
        print(
            f"dprkgraph: error: --sources {args.sources!r} is not a folder — give the folder "
            "that holds <source-id>.txt files",
            file=sys.stderr,
        )
        return 1
    g = graph(args, sources=args.sources if args.format != "json" else None)
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


def max_problems(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-problems",
        type=int,
        default=MAX_PROBLEMS,
        metavar="N",
        help=f"list at most N problems, then count the rest (default: {MAX_PROBLEMS}; 0 lists all)",
    )


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    p = command(
        "init",
        _cmd_init,
        "Start a dataset of your own: copy the bundled dataset's files into a new "
        "folder (never over existing files), to edit and validate.",
        "dprkgraph init my-dataset",
        reads_data=False,
    )
    p.add_argument("directory", metavar="DIR", help="a folder that does not exist yet, or is empty")

    p = command(
        "validate",
        _cmd_validate,
        "Load and validate a dataset; print counts, or every problem with its place. "
        "With --sources, also anchor every quote in its source text, and fail on a "
        "quote that is not found there exactly once (a source with no text in the "
        "folder is noted, not failed).",
        "dprkgraph validate path/to/dataset --sources path/to/texts",
    )
    p.add_argument(
        "data_dir",
        nargs="?",
        metavar="DATA_DIR",
        help="dataset directory (default: the bundled dataset)",
    )
    p.add_argument("--sources", metavar="DIR", help="folder of source texts named <source-id>.txt")
    max_problems(p)

    p = command(
        "verify-quotes",
        _cmd_verify_quotes,
        "Check that every quote appears verbatim, exactly once, in "
        "SOURCES/<source-id>.txt, and that no fingerprinted text has changed.",
        "dprkgraph verify-quotes --sources path/to/texts",
    )
    p.add_argument(
        "--sources",
        required=True,
        metavar="DIR",
        help="folder of source texts named <source-id>.txt",
    )
    max_problems(p)
    p.add_argument(
        "data_dir",
        nargs="?",
        metavar="DATA_DIR",
        help="dataset directory (default: the bundled dataset)",
    )

    p = command(
        "events",
        _cmd_events,
        "List events in chronological order, filtered.",
        "dprkgraph events --actor prk --type sanction --from 2009 --format csv",
        parents.formats,
        parents.window,
    )
    p.add_argument(
        "--actor",
        action="append",
        metavar="ID",
        help="involving this actor (repeat for any of several)",
    )
    p.add_argument(
        "--type",
        action="append",
        metavar="TYPE",
        help="of this event type (repeat for any of several)",
    )
    p.add_argument(
        "--provenance",
        choices=("curated", "machine-coded"),
        help="only curated or only machine-coded events",
    )
    p.add_argument(
        "--min-sources",
        type=int,
        metavar="N",
        help="only events backed by at least N independent sources (distinct publishers)",
    )
    p.add_argument(
        "--role",
        action="append",
        metavar="ROLE",
        help="some participant (with --actor: that actor) has this role "
        "(speaker, target, visitor …; repeat for any of several)",
    )
    time = p.add_argument_group(
        "time relations",
        "X is an event (id or title) or a date standing for the whole period it names; "
        "--certainty applies: possibly (default) or definitely so",
    )
    time.add_argument(
        "--during", metavar="X", help="lying within X (may share its first or last day)"
    )
    time.add_argument("--before", metavar="X", help="over before X begins")
    time.add_argument("--after", metavar="X", help="beginning after X is over")
    time.add_argument("--same-day-as", metavar="X", help="sharing at least one day with X")

    p = command(
        "actors", _cmd_actors, "List actors.", "dprkgraph actors --kind person", parents.formats
    )
    p.add_argument("--kind", metavar="KIND", help="only actors of this kind (state, person, …)")

    p = command(
        "show",
        _cmd_show,
        "Show one event, actor or source with its sources, quotes, relations and claims.",
        "dprkgraph show cheonan-sinking",
    )
    p.add_argument("id", metavar="ID", help="an event, actor or source id")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    p.add_argument(
        "--sources",
        metavar="DIR",
        help="folder of source texts named <source-id>.txt: show each quote in its "
        "context (… before **quote** after …)",
    )

    p = command(
        "path",
        _cmd_path,
        "Explain the shortest connection between two nodes.",
        "dprkgraph path carter gomes-release",
    )
    p.add_argument("x", metavar="X", help="an event, actor or source id")
    p.add_argument("y", metavar="Y", help="an event, actor or source id")
    p.add_argument(
        "--via-sources",
        action="store_true",
        help="allow paths through shared sources (left out by default)",
    )
