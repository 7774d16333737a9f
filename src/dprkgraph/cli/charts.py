"""Charts and the report folder: plot, report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dprkgraph.cli._common import Command, Parents, check_sources, graph, paint, tty

# Which chart uses each chart option; any other chart refuses it rather than ignore it.
_USED_BY = {
    "actor": ("--actor", {"timeline"}),
    "type": ("--type", {"timeline"}),
    "colour_by": ("--colour-by", {"timeline"}),
    "max_actors": ("--max-actors", {"timeline", "network"}),
    "pair": ("--pair", {"dyad"}),
    "only_named": ("--only-named", {"dyad"}),
    "min_weight": ("--min-weight", {"network"}),
}
_FORMATS = (".png", ".svg", ".pdf")


def _check_pair(args: argparse.Namespace) -> None:
    from dprkgraph.errors import QueryError

    if args.pair and args.pair[0] == args.pair[1]:
        raise QueryError("--pair", " ".join(args.pair), "name two actors, not one twice")


def _check_plot_options(args: argparse.Namespace) -> None:
    """Refuse, before any work, an output the charts cannot write and options this chart
    would ignore."""
    from dprkgraph.errors import QueryError
    from dprkgraph.output import is_stream

    suffix = Path(args.output).suffix.lower()
    if suffix not in _FORMATS and not (suffix == "" and is_stream(args.output)):
        raise QueryError(
            "--output",
            args.output,
            "use a .png, .svg or .pdf file name (standard output gets a PNG)",
        )
    if not 1 <= args.dpi <= 2400:
        raise QueryError("--dpi", args.dpi, "use 1 to 2400 dots per inch")
    if args.max_actors is not None and args.max_actors < 1:
        raise QueryError("--max-actors", args.max_actors, "use 1 or more")
    _check_pair(args)
    for dest, (flag, charts) in _USED_BY.items():
        value = getattr(args, dest)
        if value not in (None, False) and args.chart not in charts:
            raise QueryError(
                flag,
                " ".join(value) if isinstance(value, list) else value,
                f"the {args.chart} chart does not use it; it is for "
                f"the {' and '.join(sorted(charts))} chart"
                f"{'s' if len(charts) > 1 else ''}",
            )


def _cmd_plot(args: argparse.Namespace) -> int:
    from dprkgraph.errors import MissingBindingError
    from dprkgraph.plot import figure, save_figure
    from dprkgraph.query import busiest_dyad

    _check_plot_options(args)
    g = graph(args)
    window = {"start": args.date_from, "end": args.date_to}
    if args.chart == "timeline":
        fig = figure(
            "timeline",
            g,
            actors=args.actor or None,
            colour_by=args.colour_by or "quad_class",
            type=args.type or None,
            certainty=args.certainty,
            max_actors=12 if args.max_actors is None else args.max_actors,
            **window,
        )
    elif args.chart == "dyad":
        pair = args.pair or busiest_dyad(
            g, start=args.date_from, end=args.date_to, certainty=args.certainty
        )
        if pair is None:
            raise MissingBindingError(
                "--pair",
                "no two actors act toward each other in this "
                "selection, so there is no busiest dyad; name two with --pair A B",
            )
        if not args.pair:
            print(
                f"dyad: {pair[0]} and {pair[1]}, the busiest pair (choose with --pair A B)",
                file=sys.stderr,
            )
        fig = figure(
            "dyad",
            g,
            a=pair[0],
            b=pair[1],
            affiliated=not args.only_named,
            certainty=args.certainty,
            **window,
        )
    else:
        fig = figure(
            "network",
            g,
            min_weight=1 if args.min_weight is None else args.min_weight,
            max_actors=60 if args.max_actors is None else args.max_actors,
            certainty=args.certainty,
            **window,
        )
    save_figure(fig, args.output, dpi=args.dpi)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from dprkgraph.report import write_report

    check_sources(args)
    _check_pair(args)
    g = graph(args, sources=args.sources)

    def progress(step: int, of: int, name: str) -> None:
        if tty(sys.stderr):
            print(paint(f"[{step}/{of}] {name}", "dim", sys.stderr), file=sys.stderr)

    result = write_report(
        g,
        args.output,
        start=args.date_from,
        end=args.date_to,
        certainty=args.certainty,
        dyad_pair=tuple(args.pair) if args.pair else None,
        progress=progress,
    )
    print(
        f"wrote {len(result.written)} files to {args.output}: "
        + ", ".join(p.name for p in result.written)
    )
    for name, why in result.skipped:
        print(f"skipped {name}: {why}", file=sys.stderr)
    for name, why in result.failed:
        print(
            f"{paint('dprkgraph: error:', 'red', sys.stderr)} {name} not written: {why}",
            file=sys.stderr,
        )
    return 1 if result.failed else 0


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    p = command(
        "plot",
        _cmd_plot,
        "Draw a chart to a PNG, SVG or PDF file: an actor swimlane timeline, a dyad's "
        "cooperation and conflict, or the actor network.",
        "dprkgraph plot timeline --from 2009 -o out/timeline.png",
        parents.window,
    )
    p.add_argument("chart", choices=("timeline", "dyad", "network"), help="which chart")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="output file; .png, .svg or .pdf"
    )
    p.add_argument(
        "--actor",
        action="append",
        metavar="ID",
        help="timeline: a lane for this actor (repeat; default: the busiest actors)",
    )
    p.add_argument(
        "--type",
        action="append",
        metavar="TYPE",
        help="timeline: only events of this type (repeat for several)",
    )
    p.add_argument(
        "--colour-by",
        choices=("quad_class", "goldstein"),
        help="timeline: colour events by QuadClass (default) or Goldstein score",
    )
    p.add_argument(
        "--max-actors",
        type=int,
        metavar="N",
        help="timeline: at most N lanes (default 12); network: at most N actors "
        "(default 60), the busiest",
    )
    p.add_argument(
        "--pair",
        nargs=2,
        metavar=("A", "B"),
        help="dyad: the two actors (default: the busiest dyad, the pair in which "
        "one acts toward the other in most scored events)",
    )
    p.add_argument(
        "--only-named",
        action="store_true",
        help="dyad: count only the two actors, not those affiliated with them",
    )
    p.add_argument(
        "--min-weight",
        type=int,
        metavar="N",
        help="network: hide links of fewer than N shared events (default 1)",
    )
    p.add_argument("--dpi", type=int, default=150, help="PNG resolution (default: 150)")

    p = command(
        "report",
        _cmd_report,
        "Write everything into one folder: the event table, RDF exports, the SHACL "
        "report and the charts (the window applies to the charts).",
        "dprkgraph report -o out --from 2009",
        parents.window,
    )
    p.add_argument(
        "-o", "--output", default="out", metavar="DIR", help="folder to write into (default: out)"
    )
    p.add_argument(
        "--pair",
        nargs=2,
        metavar=("A", "B"),
        help="the two actors of the dyad chart (default: the busiest dyad)",
    )
    p.add_argument(
        "--sources",
        metavar="DIR",
        help="folder of source texts named <source-id>.txt: anchor each quote there, so the "
        "RDF carries its place and the explorer shows it in context",
    )
