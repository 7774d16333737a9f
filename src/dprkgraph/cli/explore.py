"""The interactive explorer: explore."""

from __future__ import annotations

import argparse
import sys

from dprkgraph.cli._common import Command, Parents, check_sources, graph


def _cmd_explore(args: argparse.Namespace) -> int:
    from dprkgraph.explore import explore

    check_sources(args)
    page = explore(
        graph(args, sources=args.sources),
        start=args.date_from,
        end=args.date_to,
        actors=args.actor,
        types=args.type,
        certainty=args.certainty,
        colour_by=args.colour_by,
        lanes=args.lanes,
        nest=args.nest,
    )
    page.save(args.output)
    n = page.events
    print(
        f"wrote {args.output} ({n} event{'s' if n != 1 else ''}); open it in a browser",
        file=sys.stderr,
    )
    return 0


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    p = command(
        "explore",
        _cmd_explore,
        "Write an interactive timeline as one self-contained HTML file (no server, no "
        "network): zoom, filter, and click an event for its sources, quotes and claims. "
        "The options set the view it opens on; the page holds every event.",
        "dprkgraph explore --from 2009 --actor prk --actor usa -o timeline.html",
        parents.window,
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument(
        "--actor",
        action="append",
        metavar="ID",
        help="open showing only events of this actor, on a lane of its own (repeat)",
    )
    p.add_argument(
        "--type",
        action="append",
        metavar="TYPE",
        help="open showing only events of this type (repeat for several)",
    )
    p.add_argument(
        "--colour-by",
        choices=("quad_class", "goldstein"),
        default="quad_class",
        help="colour events by QuadClass (default) or Goldstein score",
    )
    p.add_argument(
        "--lanes",
        type=int,
        default=12,
        metavar="N",
        help="lanes for the N busiest actors (default: 12); the rest share one",
    )
    p.add_argument(
        "--sources",
        metavar="DIR",
        help="folder of source texts named <source-id>.txt: show each quote in its "
        "context there, or why it could not be placed",
    )
    p.add_argument(
        "--nest", action="store_true", help="nest each actor's lane under its affiliation's"
    )
