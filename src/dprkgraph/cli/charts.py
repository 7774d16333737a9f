"""Charts and the report folder: plot, report."""

from __future__ import annotations

import argparse
import sys

from dprkgraph.cli._common import Command, Parents, graph, paint, tty

def _cmd_plot(args: argparse.Namespace) -> int:
    from dprkgraph.plot import figure, save_figure

    g = graph(args)
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


def _cmd_report(args: argparse.Namespace) -> int:
    from dprkgraph.report import write_report

    g = graph(args)

    def progress(step: int, of: int, name: str) -> None:
        if tty(sys.stderr):
            print(paint(f"[{step}/{of}] {name}", "dim", sys.stderr), file=sys.stderr)

    written = write_report(g, args.output, start=args.date_from, end=args.date_to,
                           dyad_pair=tuple(args.pair), progress=progress)
    print(f"wrote {len(written)} files to {args.output}: " + ", ".join(p.name for p in written))
    return 0


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    p = command("plot", _cmd_plot,
                "Draw a chart to a PNG, SVG or PDF file: an actor swimlane timeline, a dyad's "
                "cooperation and conflict, or the actor network.",
                "dprkgraph plot timeline --from 2009 -o out/timeline.png", parents.window)
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

    p = command("report", _cmd_report,
                "Write everything into one folder: the event table, RDF exports, the SHACL "
                "report and the charts (the window applies to the charts).",
                "dprkgraph report -o out --from 2009", parents.window)
    p.add_argument("-o", "--output", default="out", metavar="DIR",
                   help="folder to write into (default: out)")
    p.add_argument("--pair", nargs=2, metavar=("A", "B"), default=("usa", "prk"),
                   help="the two actors of the dyad chart (default: usa prk)")
