"""The interactive explorer: one self-contained HTML page to zoom, filter and read the events.

The page embeds vis-timeline (vendored in :mod:`dprkgraph.assets`, see its ``VERSIONS``), the
page's own script and styles, and the data as JSON. It opens from disk with no server, and a
Content-Security-Policy forbids every network request. Everything the page shows about a
date, a colour or a dispute is computed here, by the functions the charts and queries use:
the page never parses a date.

Examples
--------
>>> page = explore(g, start="2010")
>>> page.events, page.html.startswith("<!DOCTYPE html>")
(2, True)
>>> "connect-src 'none'" in page.html
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.model import (
    Anchor,
    Citation,
    Event,
    EventType,
    RelationType,
    Role,
    Stance,
)
from dprkgraph.output import atomic_write
from dprkgraph.quotes import CONTEXT

if TYPE_CHECKING:
    from dprkgraph.plot._common import ColourBy
    from dprkgraph.query import Certainty, DateLike

__all__ = ["VENDORED", "Explorer", "explore", "page_data"]

#: The vendored files the page embeds, in the order they are inlined.
VENDORED = ("vis-timeline-graph2d.min.css", "vis-timeline-graph2d.min.js")
_OWN = ("explorer.css", "explorer.js")
_EPOCH = date(1970, 1, 1).toordinal()
_ROLES = [r.value for r in Role]
_TYPES = [t.value for t in EventType]
_RELATIONS = [r.value for r in RelationType]
_STANCES = [s.value for s in Stance]
_PRECISION = {"day": 0, "month": 1, "year": 2}
# Flags of an event, one bit each; the page reads the same bits (explorer.js, FLAG).
_APPROXIMATE, _UNCERTAIN, _CONTESTED, _CODED, _INTERVAL = 1, 2, 4, 8, 16
_OPEN_START, _OPEN_END, _ONE_OF = 32, 64, 128
_SOURCE_MAP = re.compile(r"\n?(//# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$")


def _asset(name: str) -> str:
    return resources.files("dprkgraph.assets").joinpath(name).read_text(encoding="utf-8")


def _day(d: date) -> int:
    return d.toordinal() - _EPOCH


def _hex(colour: Any) -> str:
    from matplotlib.colors import to_hex

    return str(to_hex(colour))


def page_data(
    g: EventGraph,
    *,
    start: DateLike = None,
    end: DateLike = None,
    actors: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    certainty: Certainty = "possible",
    colour_by: ColourBy = "quad_class",
    lanes: int = 12,
    nest: bool = False,
    title: str = "dprkgraph explorer",
    anchors: Iterable[Anchor] | None = None,
) -> dict[str, Any]:
    """The data the page embeds: every event, actor and source, and the initial view.

    Dates are day numbers since 1970-01-01 (``earliest`` and ``latest`` of
    :class:`~dprkgraph.dates.ImpreciseDate`), so the page compares integers and never parses a
    date; an open end is flagged (and its day is the calendar's edge), with the days the date
    does name given apart, and a "one of" set carries its members' days. Events are arrays,
    not objects, to keep the file small (see ``explorer.js`` for the field order). The options
    set the initial filters; the page keeps every event. With ``anchors`` (default: the
    dataset's own, from a load with ``sources=``), each quote carries its context in the
    source text, or why it has none.

    Raises
    ------
    UnknownIdError
        If an actor is not in the graph.
    QueryError
        If a type, date, certainty or colouring is not valid.
    """
    # The charts' own palette and the queries' own window and dispute rules; imported here
    # so that importing the package stays light.
    from dprkgraph.cameo import QUAD_CLASS_NAMES
    from dprkgraph.plot._common import QUAD_COLOURS, colour_of
    from dprkgraph.query import contested, window_bound

    if certainty not in ("possible", "definite"):
        raise QueryError("certainty", certainty, "use 'definite' or 'possible'")
    if colour_by not in ("quad_class", "goldstein"):
        raise QueryError("colour_by", colour_by, "'quad_class' or 'goldstein'")
    if lanes < 1:
        raise QueryError("lanes", lanes, "use 1 or more")
    chosen = list(dict.fromkeys(actors or ()))
    for a in chosen:
        g.actor(a)
    wanted_types = list(dict.fromkeys(types or ()))
    for t in wanted_types:
        if t not in _TYPES:
            raise QueryError("type", t, "one of " + ", ".join(_TYPES))
    lo, hi = window_bound(start, "start", "start"), window_bound(end, "end", "end")
    if lo and hi and hi < lo:
        raise QueryError("end", end, f"the window ends before it starts ({start})")

    ds = g.dataset
    actor_index = {a.id: i for i, a in enumerate(ds.actors)}
    source_index = {s.id: i for i, s in enumerate(ds.sources)}
    publisher = {s.id: s.publisher for s in ds.sources}
    event_index = {e.id: i for i, e in enumerate(ds.events)}
    counts = Counter(a for e in ds.events for a in e.actors())
    disputed = set(contested(g).ids())
    goldstein_colours: dict[float, str] = {}

    placed = {(a.event, a.where): a for a in (anchors if anchors is not None else ds.anchors) or ()}

    def context(a: Anchor | None) -> list[Any] | str | None:
        """[prefix, suffix, cut before, cut after] for an anchored quote; else why not."""
        if a is None:
            return None
        if not a.anchored:
            return f"{a.status}: {a.reason}"
        return [
            a.prefix,
            a.suffix,
            int((a.start or 0) > len(a.prefix)),
            int(len(a.suffix) >= CONTEXT),
        ]

    def citations(cs: Iterable[Citation], event: str, where: str) -> list[Any]:
        return [
            [
                source_index[c.source],
                c.quote or "",
                c.locator or "",
                context(placed.get((event, f"{where}[{i}]")) if c.quote else None),
            ]
            for i, c in enumerate(cs)
        ]

    def row(e: Event) -> list[Any]:
        d = e.date
        flags = (
            (_APPROXIMATE if d.approximate else 0)
            | (_UNCERTAIN if d.uncertain else 0)
            | (_CONTESTED if e.id in disputed else 0)
            | (_CODED if e.provenance.value == "machine-coded" else 0)
            | (_INTERVAL if d.interval else 0)
            | (_OPEN_START if d.open_start else 0)
            | (_OPEN_END if d.open_end else 0)
            | (_ONE_OF if d.kind == "one_of" else 0)
        )
        if e.goldstein is not None and e.goldstein not in goldstein_colours:
            goldstein_colours[e.goldstein] = _hex(colour_of(e, "goldstein"))
        return [
            e.id,
            e.title,
            d.text,
            _day(d.earliest),
            _day(d.latest),
            _PRECISION[d.precision],
            flags,
            _TYPES.index(e.type.value),
            e.cameo or "",
            e.goldstein,
            e.quad_class or 0,
            [x for p in e.participants for x in (actor_index[p.actor], _ROLES.index(p.role.value))],
            e.summary or "",
            citations(e.sources, e.id, "sources"),
            [
                [
                    actor_index[c.claimant],
                    _STANCES.index(c.stance.value),
                    c.statement,
                    citations(c.sources, e.id, f"claims[{j}].sources"),
                ]
                for j, c in enumerate(e.claims)
            ],
            [
                x
                for r in e.relations
                if r.event in event_index
                for x in (_RELATIONS.index(r.type.value), event_index[r.event], r.note or "")
            ],
            len({publisher[c.source] for c in e.sources}),  # independent sources
            # a "one of" set's members, first and last day each: the days between are not
            [_day(x) for lo, hi in d.members for x in (lo, hi)] if len(d.members) > 1 else [],
            None if d.bounded else [_day(x) for x in d.frame],  # the days an open date names
        ]

    rows = [row(e) for e in ds.events]
    busiest = sorted(counts, key=lambda a: (-counts[a], a))
    default_lanes = list(dict.fromkeys([*chosen, *busiest]))[: max(lanes, len(chosen))]
    return {
        "title": title,
        "actors": [
            [a.id, a.name, actor_index.get(a.affiliation or "", -1), counts[a.id], a.kind.value]
            for a in ds.actors
        ],
        "sources": [
            [s.id, s.title, s.publisher, s.url or "", s.identifier or ""] for s in ds.sources
        ],
        "roles": _ROLES,
        "types": _TYPES,
        "relations": _RELATIONS,
        "stances": _STANCES,
        "quad": {str(q or 0): QUAD_COLOURS[q] for q in (1, 2, 3, 4, None)},
        "quadNames": {str(q): QUAD_CLASS_NAMES[q] for q in (1, 2, 3, 4)},
        "goldstein": [[v, c] for v, c in sorted(goldstein_colours.items())],
        "initial": {
            "from": _day(lo) if lo else None,
            "to": _day(hi) if hi else None,
            "certainty": certainty,
            "colour": colour_by,
            "nest": nest,
            "actors": [actor_index[a] for a in chosen],
            "types": wanted_types,
            "lanes": [actor_index[a] for a in default_lanes],
        },
        "events": rows,
    }


def _json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment in it.

    >>> _json_for_script({"t": "</script><!--\u2028"})
    '{"t":"\\\\u003c/script>\\\\u003c!--\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _script(text: str, name: str) -> str:
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise QueryError("asset", name, "a script without '</script' or '<!--' in it")
    return text


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def _render(data: dict[str, Any]) -> str:
    """The whole page for :func:`page_data`'s ``data``: inline styles, scripts and JSON."""
    library = _script(_SOURCE_MAP.sub("", _asset(VENDORED[1])), VENDORED[1])
    own = _script(_asset(_OWN[1]), _OWN[1])
    styles = "\n".join(
        _SOURCE_MAP.sub("", _asset(n)).replace("</style", "<\\/style")
        for n in (VENDORED[0], _OWN[0])
    )
    policy = (
        "default-src 'none'; "
        f"script-src {_sha256(library)} {_sha256(own)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "manifest-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{html.escape(policy, quote=False)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(data['title'])}</title>\n"
        f"<style>\n{styles}\n</style>\n</head>\n<body>\n"
        f"{_asset('explorer.html')}\n"
        f'<script type="application/json" id="dprk-data">{_json_for_script(data)}</script>\n'
        f"<script>{library}</script>\n<script>{own}</script>\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class Explorer:
    """An explorer page: shows itself in Jupyter, and saves as one HTML file."""

    html: str
    """The whole page."""
    events: int
    """How many events it holds."""
    height: int = 760
    """Height of the frame it is shown in inside a notebook, in pixels."""

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` atomically; returns the path.

        Raises
        ------
        OutputError
            If the folder does not exist or the file cannot be written.
        """
        target = Path(path)
        with atomic_write(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(self.html)
        return target

    def _repr_html_(self) -> str:
        # A sandboxed frame: the page's scripts run, but cannot reach the notebook around it.
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
            f'title="dprkgraph explorer" style="width:100%;height:{self.height}px;'
            'border:1px solid #ddd" loading="lazy"></iframe>'
        )

    def __repr__(self) -> str:
        noun = "event" if self.events == 1 else "events"
        return f"<Explorer {self.events} {noun}, {len(self.html.encode()):,} bytes>"


def explore(
    g: EventGraph,
    *,
    start: DateLike = None,
    end: DateLike = None,
    actors: Iterable[str] | None = None,
    types: str | Iterable[str] | None = None,
    certainty: Literal["definite", "possible"] = "possible",
    colour_by: ColourBy = "quad_class",
    lanes: int = 12,
    nest: bool = False,
    title: str = "dprkgraph explorer",
    sources: str | Path | None = None,
) -> Explorer:
    """An interactive timeline of the whole graph, opening on the view the options give.

    The page holds every event; the options only set where it opens, and every filter can be
    changed or cleared on the page.

    Parameters
    ----------
    g
        The graph.
    start, end, certainty
        The initial date window, as in :func:`dprkgraph.query.events`: with
        ``certainty="definite"`` only events wholly inside it are shown.
    actors
        Show only events involving any of these actors, each on a lane of its own.
    types
        Show only events of these types.
    colour_by
        ``"quad_class"`` or ``"goldstein"``, with the static charts' palette.
    lanes
        How many of the busiest actors get a lane; the others' events share "other actors".
    nest
        Nest each actor's lane under its affiliation's (an envoy under their state).
    title
        The page title.
    sources
        A folder of source texts (``<source-id>.txt``): each quote is shown in its context
        there (``… prefix **quote** suffix …``), or with why it could not be placed. Without
        it, the anchors of a graph loaded with ``sources=`` are used, if any.

    Returns
    -------
    Explorer
        Renders inline in Jupyter; ``.save(path)`` writes the HTML file.

    Examples
    --------
    >>> explore(g, actors=["aaa"], types="negotiation").events
    2
    """
    anchors = None
    if sources is not None:
        from dprkgraph.quotes import anchor_quotes

        if not Path(sources).is_dir():
            raise QueryError("sources", str(sources), "a folder that holds <source-id>.txt files")
        anchors = anchor_quotes(g.dataset, sources)
    data = page_data(
        g,
        start=start,
        end=end,
        actors=actors,
        types=[types] if isinstance(types, str) else types,
        certainty=certainty,
        colour_by=colour_by,
        lanes=lanes,
        nest=nest,
        title=title,
        anchors=anchors,
    )
    return Explorer(_render(data), len(data["events"]))
