"""The ``dprkgraph`` command line: parse arguments, call one library function, print.

Exit codes: 0 success, 1 a data or user error (one line per problem on standard error, never
a traceback), 2 a usage error (reported by argparse). Heavy libraries are imported inside the
commands that need them, so that ``validate`` and ``events`` start quickly.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dprkgraph import __version__
from dprkgraph.errors import DprkGraphError, LoadError

if TYPE_CHECKING:
    from dprkgraph.graph import EventGraph
    from dprkgraph.model import Event

__all__ = ["main", "reference"]

Handler = Callable[[argparse.Namespace], int]


def _data_dir(args: argparse.Namespace) -> Path | None:
    given = getattr(args, "data_dir", None) or getattr(args, "data", None)
    return Path(given) if given else None


def _graph(args: argparse.Namespace) -> EventGraph:
    from dprkgraph.loader import load_graph

    return load_graph(_data_dir(args))


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((80, 24)).columns, 120))


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], flexible: int) -> str:
    """Columns padded to their widest cell; column ``flexible`` is cut to fit the terminal."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(header) - 1)
    widths[flexible] = max(12, min(widths[flexible], _width() - fixed))
    lines = []
    for row in [list(header), *rows]:
        cells = [_fit(c, widths[i]).ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _event_table(found: Sequence[Event]) -> str:
    """One line per event if titles get 30 columns or more; otherwise two lines per event."""
    rows = [(e.date.text, e.type.value, e.id, e.title) for e in found]
    fixed = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(("DATE", "TYPE", "ID"))]
    if _width() - sum(fixed) - 6 >= 30:
        return _table(("DATE", "TYPE", "ID", "TITLE"), rows, flexible=3)
    pad = " " * (fixed[0] + 2)
    lines = []
    for date, etype, eid, title in rows:
        lines.append(f"{date.ljust(fixed[0])}  {eid}  [{etype}]")
        lines.append(pad + _fit(title, _width() - len(pad)))
    return "\n".join(lines)


def _write_records(records: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else [])
        writer.writeheader()
        for r in records:
            writer.writerow({k: ("; ".join(map(str, v)) if isinstance(v, list) else v)
                             for k, v in r.items()})


def _event_json(e: Event) -> dict[str, Any]:
    from dprkgraph.results import event_row

    row = event_row(e)
    row["earliest"], row["latest"] = e.date.earliest.isoformat(), e.date.latest.isoformat()
    row["participants"] = [{"actor": p.actor, "role": p.role.value} for p in e.participants]
    return row


def _cmd_validate(args: argparse.Namespace) -> int:
    from dprkgraph.loader import load

    ds = load(_data_dir(args))
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
    checks = verify_quotes(load(_data_dir(args)), sources)
    bad = [c for c in checks if not c.found]
    for c in bad:
        print(f"event {c.event!r} {c.where}: quote {c.quote!r} from {c.source}: {c.reason}",
              file=sys.stderr)
    print(f"{len(checks) - len(bad)} of {len(checks)} quotes found verbatim in their sources")
    return 1 if bad else 0


def _cmd_events(args: argparse.Namespace) -> int:
    from dprkgraph.query import events

    found = events(_graph(args), actor=args.actor or None, type=args.type or None,
                   start=args.date_from, end=args.date_to, certainty=args.certainty,
                   provenance=args.provenance)
    if args.format == "table":
        print(_event_table(found))
        print(f"{len(found)} event{'s' if len(found) != 1 else ''}")
    else:
        records = [_event_json(e) for e in found]
        if args.format == "csv":
            for r in records:
                r["participants"] = [f"{p['actor']} ({p['role']})" for p in r["participants"]]
        _write_records(records, args.format)
    return 0


def _cmd_actors(args: argparse.Namespace) -> int:
    g = _graph(args)
    kinds = {a.kind.value for a in g.actors()}
    if args.kind and args.kind not in kinds:
        from dprkgraph.errors import QueryError
        from dprkgraph.model import ActorKind

        raise QueryError("--kind", args.kind, "one of " + ", ".join(k.value for k in ActorKind))
    found = [a for a in g.actors() if not args.kind or a.kind.value == args.kind]
    if args.format == "table":
        rows = [(a.id, a.kind.value, a.affiliation or "", a.name) for a in found]
        print(_table(("ID", "KIND", "AFFILIATION", "NAME"), rows, flexible=3))
    else:
        records = [a.model_dump(mode="json") for a in found]
        if args.format == "csv":
            for r in records:
                r["positions"] = [p["title"] for p in r["positions"]]
        _write_records(records, args.format)
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from dprkgraph.describe import describe

    g = _graph(args)
    obj = g.obj(args.id)
    if args.format == "json":
        json.dump(obj.model_dump(mode="json"), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(describe(g, args.id))
    return 0


def _cmd_path(args: argparse.Namespace) -> int:
    from dprkgraph.query import explain_path

    print(explain_path(_graph(args), args.x, args.y, via_sources=args.via_sources))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from dprkgraph.rdf import serialize, write_rdf

    g = _graph(args)
    if args.output:
        used = write_rdf(g, args.output, args.format, base_iri=args.base_iri)
        print(f"wrote {args.output} ({used})", file=sys.stderr)
    else:
        sys.stdout.write(serialize(g, args.format or "turtle", base_iri=args.base_iri))
    return 0


def _bindings(pairs: Sequence[str]) -> dict[str, str]:
    from dprkgraph.errors import QueryError

    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise QueryError("--bind", pair, "write NAME=VALUE, e.g. actor=actor:prk")
        out[name] = value
    return out


def _cmd_sparql(args: argparse.Namespace) -> int:
    from dprkgraph.sparql import example_queries, sparql

    if args.list:
        for name, text in example_queries().items():
            first = next((line[2:] for line in text.splitlines() if line.startswith("# ")), "")
            print(f"{name}: {first}")
        return 0
    if not args.query:
        from dprkgraph.errors import QueryError

        raise QueryError("QUERY", "", "give SPARQL text, a .rq file or an example name (--list)")
    query = args.query
    if query not in example_queries() and Path(query).is_file():
        query = Path(query).read_text(encoding="utf-8")
    result = sparql(_graph(args), query, base_iri=args.base_iri, as_frame=False,
                    **_bindings(args.bind or []))
    if isinstance(result, bool):
        print("true" if result else "false")
    elif isinstance(result, list):
        if args.format == "table":
            from dprkgraph.rdfmap import node_prefixes

            short = node_prefixes(args.base_iri).items()

            def cell(v: object) -> str:
                text = "" if v is None else str(v)
                for prefix, ns in short:
                    if text.startswith(ns):
                        return f"{prefix}:{text[len(ns):]}"
                return text

            header = list(result[0]) if result else []
            rows = [[cell(v) for v in r.values()] for r in result]
            print(_table(header, rows, flexible=len(header) - 1) if header else "")
            print(f"{len(result)} row{'s' if len(result) != 1 else ''}")
        else:
            _write_records(result, args.format)
    else:
        from rdflib import Graph

        assert isinstance(result, Graph)
        sys.stdout.write(result.serialize(format="turtle"))
    return 0


def _cmd_push(args: argparse.Namespace) -> int:
    from dprkgraph.store import push

    report = push(_graph(args), args.endpoint, graph=args.graph, mode=args.mode,
                  per_source=args.per_source, base_iri=args.base_iri)
    print(report)
    return 0


def _cmd_plot(args: argparse.Namespace) -> int:
    from dprkgraph.plot import figure, save_figure

    g = _graph(args)
    window = {"start": args.date_from, "end": args.date_to}
    if args.chart == "timeline":
        fig = figure("timeline", g, actors=args.actor or None, colour_by=args.colour_by,
                     type=args.type or None, certainty=args.certainty, **window)
    elif args.chart == "dyad":
        a, b = args.pair
        fig = figure("dyad", g, a=a, b=b, affiliated=not args.only_named, **window)
    else:
        fig = figure("network", g, min_weight=args.min_weight, **window)
    save_figure(fig, args.output, dpi=args.dpi)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _tty(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def _paint(text: str, colour: str, stream: object) -> str:
    """``text`` in an ANSI colour when ``stream`` is a terminal and NO_COLOR is unset."""
    codes = {"red": "31", "yellow": "33", "green": "32", "dim": "2"}
    return f"\033[{codes[colour]}m{text}\033[0m" if _tty(stream) else text


def _cmd_import_gdelt(args: argparse.Namespace) -> int:
    from dprkgraph.gdelt import import_gdelt

    bar: Any = None
    if _tty(sys.stderr):
        from tqdm import tqdm

        bar = tqdm(unit=" rows", unit_scale=True, file=sys.stderr, leave=False)

    def progress(rows: int) -> None:
        if bar is not None:
            bar.update(rows - bar.n)

    try:
        report = import_gdelt(args.files, args.output, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    for file, line, reason in report.malformed[:20]:
        print(f"{_paint(f'{file}:{line}', 'yellow', sys.stderr)}: {reason}", file=sys.stderr)
    if len(report.malformed) > 20:
        print(f"… and {len(report.malformed) - 20} more in {args.output}/malformed-gdelt.tsv",
              file=sys.stderr)
    print(f"{report} → {args.output}")
    return 0 if report.events else 1


def _cmd_report(args: argparse.Namespace) -> int:
    from dprkgraph.report import write_report

    g = _graph(args)

    def progress(step: int, of: int, name: str) -> None:
        if _tty(sys.stderr):
            print(_paint(f"[{step}/{of}] {name}", "dim", sys.stderr), file=sys.stderr)

    written = write_report(g, args.output, start=args.date_from, end=args.date_to,
                           dyad_pair=tuple(args.pair), progress=progress)
    print(f"wrote {len(written)} files to {args.output}: " + ", ".join(p.name for p in written))
    return 0


def _parser(width: int | None = None) -> argparse.ArgumentParser:
    def raw(prog: str) -> argparse.HelpFormatter:
        return argparse.RawDescriptionHelpFormatter(prog, width=width)

    parser = argparse.ArgumentParser(
        prog="dprkgraph",
        description="Curated diplomatic events as a typed, queryable, citable knowledge graph.",
        epilog="exit codes: 0 ok, 1 data or user error, 2 usage error\n\n"
               "example:\n  dprkgraph events --actor prk --from 2010-01",
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"dprkgraph {__version__}")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", metavar="DIR",
                      help="dataset directory (default: the bundled dataset)")
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Handler, summary: str, example: str,
                *parents: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=summary, description=summary, parents=[data, *parents],
                           epilog=f"example:\n  {example}", formatter_class=raw)
        p.set_defaults(func=handler)
        return p

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
                formats, window)
    p.add_argument("--actor", action="append", metavar="ID",
                   help="involving this actor (repeat for any of several)")
    p.add_argument("--type", action="append", metavar="TYPE",
                   help="of this event type (repeat for any of several)")
    p.add_argument("--provenance", choices=("curated", "machine-coded"),
                   help="only curated or only machine-coded events")

    p = command("actors", _cmd_actors, "List actors.", "dprkgraph actors --kind person", formats)
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

    from dprkgraph.formats import DEFAULT_BASE_IRI, FORMATS

    base = argparse.ArgumentParser(add_help=False)
    base.add_argument("--base-iri", default=DEFAULT_BASE_IRI, metavar="IRI",
                      help=f"base IRI of the dataset's nodes (default: {DEFAULT_BASE_IRI})")

    p = command("export", _cmd_export, "Write the dataset as RDF.",
                "dprkgraph export --format trig -o out/dprkgraph.trig", base)
    p.add_argument("--format", choices=list(FORMATS),
                   help="RDF format (default: from the -o extension, else turtle)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE atomically (default: standard output)")

    p = command("sparql", _cmd_sparql,
                "Run a SPARQL query (text, a .rq file, or a shipped example) over the dataset.",
                "dprkgraph sparql events-by-actor-in-window --bind actor=actor:prk "
                "--bind start=2010-03-01 --bind end=2010-09-30", formats, base)
    p.add_argument("query", nargs="?", metavar="QUERY_OR_FILE",
                   help="SPARQL text, a file, or an example name")
    p.add_argument("--bind", action="append", metavar="NAME=VALUE",
                   help="bind a variable: actor:ID/event:ID/source:ID become IRIs, "
                        "YYYY-MM-DD an xsd:date, anything else a string")
    p.add_argument("--list", action="store_true", help="list the shipped example queries")

    p = command("push", _cmd_push,
                "Upload the dataset to a triple store (SPARQL 1.1 Graph Store HTTP Protocol).",
                "dprkgraph push http://127.0.0.1:7878/store --per-source", base)
    p.add_argument("endpoint", metavar="ENDPOINT", help="the store's graph-store URL")
    p.add_argument("--graph", metavar="IRI", help="target graph (default: the default graph)")
    p.add_argument("--mode", choices=("replace", "merge"), default="replace",
                   help="replace the graph's content (PUT, default) or add to it (POST)")
    p.add_argument("--per-source", action="store_true",
                   help="send each source's named graph to its own graph IRI")

    p = command("plot", _cmd_plot,
                "Draw a chart to a PNG, SVG or PDF file: an actor swimlane timeline, a dyad's "
                "cooperation and conflict, or the actor network.",
                "dprkgraph plot timeline --from 2009 -o out/timeline.png", window)
    p.add_argument("chart", choices=("timeline", "dyad", "network"), help="which chart")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="output file; .png, .svg or .pdf")
    p.add_argument("--actor", action="append", metavar="ID",
                   help="timeline: a lane for this actor (repeat; default: the busiest actors)")
    p.add_argument("--type", action="append", metavar="TYPE",
                   help="timeline: only events of this type (repeat for several)")
    p.add_argument("--colour-by", choices=("quad_class", "goldstein"), default="quad_class",
                   help="timeline: colour events by QuadClass (default) or Goldstein score")
    p.add_argument("--pair", nargs=2, metavar=("A", "B"), default=("usa", "prk"),
                   help="dyad: the two actors (default: usa prk)")
    p.add_argument("--only-named", action="store_true",
                   help="dyad: count only the two actors, not those affiliated with them")
    p.add_argument("--min-weight", type=int, default=1, metavar="N",
                   help="network: hide links of fewer than N shared events")
    p.add_argument("--dpi", type=int, default=150, help="PNG resolution (default: 150)")

    p = command("import-gdelt", _cmd_import_gdelt,
                "Convert GDELT 2.0 event files (tab-separated, 61 columns; .zip too) into a "
                "machine-coded dataset in the bulk format. Malformed rows are skipped and listed "
                "with their line numbers.",
                "dprkgraph import-gdelt 20100830.export.CSV -o path/to/feed")
    p.add_argument("files", nargs="+", metavar="FILE", help="GDELT 2.0 event export files")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="dataset directory to write events-, actors- and sources-gdelt.jsonl into")

    p = command("report", _cmd_report,
                "Write everything into one folder: the event table, RDF exports, the SHACL "
                "report and the charts (the window applies to the charts).",
                "dprkgraph report -o out --from 2009", window)
    p.add_argument("-o", "--output", default="out", metavar="DIR",
                   help="folder to write into (default: out)")
    p.add_argument("--pair", nargs=2, metavar=("A", "B"), default=("usa", "prk"),
                   help="the two actors of the dyad chart (default: usa prk)")
    return parser


def reference() -> str:
    """The command-line reference in Markdown, built from the ``--help`` of every command."""
    parser = _parser(width=100)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parts = [
        "# Command-line reference\n",
        "Generated from `dprkgraph --help` by `make docs`; a test checks it is current.\n",
        "Exit codes: 0 success; 1 a problem with the data or the request (one line per problem "
        "on standard error, never a traceback); 2 a usage error. Colour is used only when "
        "standard error is a terminal and `NO_COLOR` is unset.\n",
        "```text\n" + parser.format_help().rstrip() + "\n```\n",
    ]
    for name, command_parser in sub.choices.items():
        parts.append(f"## dprkgraph {name}\n")
        parts.append("```text\n" + command_parser.format_help().rstrip() + "\n```\n")
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    handler: Handler = args.func
    try:
        return handler(args)
    except LoadError as err:
        for problem in err.errors:
            where, _, rest = str(problem).partition(": ")
            print(f"{_paint(where, 'yellow', sys.stderr)}: {rest}", file=sys.stderr)
        count = len(err.errors)
        print(_paint(f"dprkgraph: {count} problem{'s' if count != 1 else ''}; nothing was loaded",
                     "red", sys.stderr), file=sys.stderr)
        return 1
    except DprkGraphError as err:
        print(f"{_paint('dprkgraph: error:', 'red', sys.stderr)} {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
