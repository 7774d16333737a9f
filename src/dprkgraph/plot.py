"""Charts for reports: actor swimlanes, a dyad's cooperation and conflict, the actor network.

Every function takes ``ax=None`` (a new figure is made) and returns the Axes it drew on. Nothing
here calls ``plt.show()`` or changes global rcParams, and text from the data is drawn with
``parse_math=False`` so a "$1 million" title prints as written.

How the swimlane shows what is known:

* an event known to the day is a marker on the lane of each participant;
* an event known only to a month or a year (or an interval) is a bar across every day it
  could be on — it is not drawn as a point at the first of the month;
* an approximate or uncertain date is hatched;
* an event with contradicting claims has a thick black outline;
* colour is the event's QuadClass (or its Goldstein score, on a diverging scale); grey means
  the event has no CAMEO code.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dprkgraph.cameo import QUAD_CLASS_NAMES
from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.model import ActorKind, Event, RelationType
from dprkgraph.output import atomic_path
from dprkgraph.query import (
    DateLike,
    co_participation,
    contested,
    dyad as dyad_events,
    events,
    window_bound,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["QUAD_COLOURS", "dyad", "figure", "network", "save_figure", "short", "summary_figure",
           "swimlane"]

QUAD_COLOURS: dict[int | None, str] = {
    1: "#5aae61",  # verbal cooperation
    2: "#1b7837",  # material cooperation
    3: "#f4a582",  # verbal conflict
    4: "#b2182b",  # material conflict
    None: "#9e9e9e",  # no CAMEO code
}
KIND_COLOURS: dict[str, str] = {
    "state": "#4e79a7", "person": "#f28e2b", "government_body": "#76b7b2",
    "international_organisation": "#59a14f", "non_governmental_organisation": "#edc948",
    "media_outlet": "#b07aa1", "object": "#9c755f",
}
_KIND_ORDER = [k.value for k in (
    ActorKind.STATE, ActorKind.INTERNATIONAL_ORGANISATION, ActorKind.GOVERNMENT_BODY,
    ActorKind.PERSON, ActorKind.NON_GOVERNMENTAL_ORGANISATION, ActorKind.MEDIA_OUTLET,
    ActorKind.OBJECT,
)]
# Diverging, with a yellow rather than white middle, so a neutral event stays visible.
GOLDSTEIN_CMAP = "RdYlBu"
ColourBy = Literal["quad_class", "goldstein"]


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def short(text: str, width: int = 32) -> str:
    """``text`` cut to ``width`` characters with an ellipsis.

    >>> short("Obama signs executive order expanding sanctions on North Korea", 24)
    'Obama signs executive o…'
    """
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _num(d: date) -> float:
    import matplotlib.dates as mdates

    return float(mdates.date2num(d))  # type: ignore[no-untyped-call]


def _span(e: Event) -> tuple[float, float]:
    """Start and width in date units of every day the event could be on (inclusive)."""
    start = _num(e.date.earliest)
    return start, _num(e.date.latest + timedelta(days=1)) - start


def _centre(e: Event) -> float:
    start, width = _span(e)
    return start + width / 2


def _colour(e: Event, colour_by: ColourBy) -> Any:
    if colour_by == "quad_class":
        return QUAD_COLOURS[e.quad_class]
    if e.goldstein is None:
        return QUAD_COLOURS[None]
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    return colormaps[GOLDSTEIN_CMAP](Normalize(-10, 10)(e.goldstein))


def _choose_lanes(g: EventGraph, shown: Sequence[Event], actors: Iterable[str] | None,
                  max_actors: int, group_by: Literal["kind", "affiliation"]) -> list[str]:
    if actors is not None:
        chosen = list(dict.fromkeys(actors))
        for a in chosen:
            g.actor(a)
        return chosen
    counts = Counter(a for e in shown for a in e.actors())
    top = sorted(counts, key=lambda a: (-counts[a], a))[:max_actors]
    if group_by == "kind":
        return sorted(top, key=lambda a: (_KIND_ORDER.index(g.actor(a).kind.value), -counts[a], a))
    if group_by == "affiliation":
        def home(a: str) -> str:
            return g.actor(a).affiliation or a
        return sorted(top, key=lambda a: (home(a), g.actor(a).affiliation is not None, -counts[a], a))
    raise QueryError("group_by", group_by, "'kind' or 'affiliation'")


@dataclass(frozen=True)
class _Item:
    event: Event
    lane: str
    x0: float
    width: float


def _pack(items: Sequence[_Item], reserve: float, max_tracks: int) -> dict[tuple[str, str], int]:
    """Give each item of one lane a track so that no two items (with the room kept after each
    for its number tag) overlap; past ``max_tracks`` items share the track that frees first."""
    ends: list[float] = []
    track: dict[tuple[str, str], int] = {}
    for it in sorted(items, key=lambda i: (i.x0, -i.width, i.event.id)):
        right = it.x0 + it.width + reserve
        free = next((t for t, e in enumerate(ends) if e <= it.x0), None)
        if free is None and len(ends) < max_tracks:
            free = len(ends)
            ends.append(right)
        elif free is None:
            free = min(range(len(ends)), key=lambda t: (ends[t], t))
        ends[free] = max(ends[free], right) if free < len(ends) else right
        track[(it.event.id, it.lane)] = free
    return track


def swimlane(
    g: EventGraph,
    *,
    actors: Iterable[str] | None = None,
    max_actors: int = 12,
    group_by: Literal["kind", "affiliation"] = "kind",
    colour_by: ColourBy = "quad_class",
    start: DateLike = None,
    end: DateLike = None,
    certainty: Literal["definite", "possible"] = "possible",
    type: str | Iterable[str] | None = None,
    relations: bool = True,
    labels: bool = True,
    max_labels: int = 40,
    max_tracks: int = 6,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A swimlane timeline: one lane per actor, each event on the lanes of its participants.

    Events that overlap in time on one lane are stacked on separate tracks within the lane, so
    nothing hides anything else. Each labelled event carries a number, and the key beside the
    chart gives its date and title: long titles never collide.

    Parameters
    ----------
    actors
        Lanes to draw, top to bottom; default the ``max_actors`` actors with most events,
        grouped by ``group_by``.
    colour_by
        ``"quad_class"`` (four colours) or ``"goldstein"`` (a diverging scale with a colourbar).
    start, end, certainty, type
        Event filters, as in :func:`dprkgraph.query.events`.
    relations
        Draw ``led_to`` links as arrows.
    labels, max_labels
        Number the events and list them in a key; past ``max_labels`` events only the most
        telling (contested, then most participants, then strongest Goldstein) are numbered,
        and the key says how many.
    max_tracks
        Most tracks a lane is split into; past it, overlapping events share a track.

    Returns
    -------
    Axes
        With one lane (y tick) per actor.
    """
    if colour_by not in ("quad_class", "goldstein"):
        raise QueryError("colour_by", colour_by, "'quad_class' or 'goldstein'")
    from matplotlib.lines import Line2D
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, Rectangle

    shown = list(events(g, start=start, end=end, certainty=certainty, type=type))
    lanes = _choose_lanes(g, shown, actors, max_actors, group_by)
    on_lane = set(lanes)
    shown = [e for e in shown if any(a in on_lane for a in e.actors())]
    disputed = set(contested(g).ids())
    labelled = _pick_labels(shown, disputed, max_labels) if labels else []
    number = {e.id: i + 1 for i, e in enumerate(labelled)}

    lo = min((_span(e)[0] for e in shown), default=0.0)
    hi = max((sum(_span(e)) for e in shown), default=1.0)
    xrange = max(hi - lo, 30.0)
    dot = xrange * 0.006  # half the width a day marker takes on screen, roughly
    reserve = xrange * 0.022 if labels else dot
    items: dict[str, list[_Item]] = {a: [] for a in lanes}
    for e in shown:
        x0, width = _span(e)
        if e.date.exact:
            x0, width = x0 + width / 2 - dot, 2 * dot
        for a in e.actors():
            if a in on_lane:
                items[a].append(_Item(e, a, x0, width))
    tracks: dict[tuple[str, str], int] = {}
    depth: dict[str, int] = {}
    for a in lanes:
        packed = _pack(items[a], reserve, max_tracks)
        tracks.update(packed)
        depth[a] = max(packed.values(), default=0) + 1

    # Lanes top to bottom; each track is one unit tall.
    lane_top: dict[str, float] = {}
    y = 0.0
    for a in lanes:
        lane_top[a] = y
        y += depth[a] + 0.5
    total = y

    def ypos(event_id: str, lane: str) -> float:
        return total - (lane_top[lane] + tracks[(event_id, lane)] + 0.5)

    ax = _axes(ax, (13, 1.5 + 0.42 * total))
    half = 0.34
    top_y: dict[str, float] = {}
    # Marks, bars and connectors are drawn as a few collections (one per style), not one
    # artist per event: a thousand events then draw in about a second. Each element's event
    # id is kept in the collection's urls.
    marks: dict[tuple[str, bool], list[tuple[float, float, Any, str]]] = {}
    bars: dict[tuple[bool, bool, bool], list[tuple[float, float, float, Any, str]]] = {}
    connectors: list[tuple[float, float, float, str]] = []
    for e in shown:
        colour = _colour(e, colour_by)
        x0, width = _span(e)
        centre = _centre(e)
        disputed_here = e.id in disputed
        ys = sorted(ypos(e.id, a) for a in e.actors() if a in on_lane)
        if len(ys) > 1:
            connectors.append((centre, ys[0], ys[-1], e.id))
        coded = e.provenance.value == "machine-coded"
        qualified = e.date.approximate or e.date.uncertain
        for yy in ys:
            if e.date.exact:
                marks.setdefault(("D" if coded else "o", disputed_here), []).append(
                    (centre, yy, colour, e.id))
            else:
                bars.setdefault((qualified, coded, disputed_here), []).append(
                    (x0, yy, width, colour, e.id))
        top_y[e.id] = ys[-1]
        if e.id in number:
            right = centre + dot if e.date.exact else x0 + width
            for yy in ys:
                ax.text(right + xrange * 0.003, yy, str(number[e.id]), fontsize=6.5,
                        ha="left", va="center", fontweight="bold", color="#222222", zorder=5,
                        parse_math=False, gid=f"label:{e.id}")
    if connectors:
        lines = ax.vlines([c[0] for c in connectors], [c[1] for c in connectors],
                          [c[2] for c in connectors], colors="#9a9a9a", linewidth=0.7, zorder=1,
                          gid="connectors")
        lines.set_urls([c[3] for c in connectors])
    for (marker, heavy), points in sorted(marks.items()):
        dots = ax.scatter([p[0] for p in points], [p[1] for p in points], s=42, marker=marker,
                          c=[p[2] for p in points], zorder=3, gid=f"marks:{marker}",
                          edgecolors="black" if heavy else "#333333",
                          linewidths=2.2 if heavy else 0.6)
        dots.set_urls([p[3] for p in points])
    for (qualified, coded, heavy), boxes in sorted(bars.items()):
        patches = PatchCollection(
            [Rectangle((b[0], b[1] - half), b[2], 2 * half) for b in boxes],
            facecolors=[b[3] for b in boxes], alpha=0.35 if qualified or coded else 0.6,
            hatch="////" if qualified else None, edgecolors="black" if heavy else "#333333",
            linewidths=2.2 if heavy else 0.6,
            linestyles=":" if coded else "--" if qualified else "-", zorder=2,
            gid=f"bars:{'qualified' if qualified else 'plain'}"
                f"{'-coded' if coded else ''}{'-contested' if heavy else ''}")
        patches.set_urls([b[4] for b in boxes])
        ax.add_collection(patches)

    if relations:
        # Arrows join numbered events only: past a few dozen, arrows are a tangle, not news.
        at = {e.id: (_centre(e), top_y[e.id]) for e in shown if e.id in number or not labels}
        for e in shown:
            for r in e.relations:
                if r.type is RelationType.LED_TO and r.event in at and e.id in at:
                    ax.annotate("", xy=at[r.event], xytext=at[e.id],
                                arrowprops={"arrowstyle": "-|>", "color": "#404040", "lw": 1.1,
                                            "connectionstyle": "arc3,rad=-0.35",
                                            "shrinkA": 4, "shrinkB": 4},
                                zorder=4, gid=f"arrow:{e.id}->{r.event}")

    ax.set_yticks([total - lane_top[a] - depth[a] / 2 for a in lanes])
    ax.set_yticklabels([g.actor(a).name for a in lanes])
    for tick in ax.get_yticklabels():
        tick.set_parse_math(False)
    for i, a in enumerate(lanes):
        if i % 2 == 0:
            ax.axhspan(total - lane_top[a] - depth[a] - 0.25, total - lane_top[a] + 0.25,
                       color="#f3f3f3", zorder=0, linewidth=0)
        if i:
            ax.axhline(total - lane_top[a] + 0.25, color="#cfcfcf", linewidth=0.6, zorder=0)
    ax.set_ylim(0, total + 0.25)
    _date_axis(ax, shown)
    # A window the analyst asked for is the frame, even where an imprecise event spills over.
    left = _num(_window_day(start, "start")) if start is not None else lo - xrange * 0.02
    right = _num(_window_day(end, "end") + timedelta(days=1)) if end is not None else hi
    ax.set_xlim(left, right + xrange * 0.04)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)

    handles: list[Any] = [
        Line2D([], [], marker="o", linestyle="", color="#777777", label="known to the day"),
        Patch(facecolor="#777777", alpha=0.6, edgecolor="#333333",
              label="known to the month or year:\nthe bar spans the possible days"),
        Patch(facecolor="#777777", alpha=0.35, hatch="////", edgecolor="#333333",
              linestyle="--", label="approximate or uncertain date"),
        Patch(facecolor="white", edgecolor="black", linewidth=2.2,
              label="contested: claimants disagree"),
        Line2D([], [], color="#9a9a9a", label="same event, several actors"),
    ]
    coded_count = sum(1 for e in shown if e.provenance.value == "machine-coded")
    if coded_count:
        handles.append(Line2D([], [], marker="D", linestyle="", color="#777777",
                              label="machine-coded (dotted bar if imprecise)"))
    if relations:
        thinned = labels and len(labelled) < len(shown)
        handles.append(Line2D([], [], color="#404040", marker=">",
                              label="led to (between numbered events)" if thinned else "led to"))
    if colour_by == "quad_class":
        handles += [Patch(facecolor=QUAD_COLOURS[q], label=QUAD_CLASS_NAMES[q]) for q in (1, 2, 3, 4)]
    else:
        _goldstein_colourbar(ax)
    handles.append(Patch(facecolor=QUAD_COLOURS[None], label="no CAMEO code"))
    blank: dict[str, Any] = {"facecolor": "none", "edgecolor": "none"}
    headers = []
    if labelled:
        headers.append(len(handles) + 1)
        handles += [Patch(**blank, label=" "), Patch(**blank, label="Events")]
        handles += [Patch(**blank, label=f"{number[e.id]:>2}  {e.date.text}  {short(e.title, 46)}")
                    for e in labelled]
        if len(labelled) < len(shown):
            handles.append(Patch(**blank, label=f"numbers shown for {len(labelled)} "
                                                f"of {len(shown)} events"))
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                       fontsize=7, frameon=False, title="How to read", title_fontsize=8,
                       ncol=1 if len(handles) <= 45 else 2, handlelength=1.6)
    legend._legend_box.align = "left"  # type: ignore[attr-defined]
    for i, text in enumerate(legend.get_texts()):
        text.set_parse_math(False)
        if i in headers:
            text.set_fontweight("bold")
    if title is None:
        window = _window_note(start, end)
        mix = (f": {len(shown) - coded_count} curated, {coded_count} machine-coded"
               if coded_count else "")
        title = f"Events by actor ({len(shown)} events{mix}{window})"
    ax.set_title(title, loc="left", fontsize=11)
    return ax


def _window_note(start: DateLike, end: DateLike) -> str:
    """", 2009 to …" for a chart title, or nothing without a window."""
    if start is None and end is None:
        return ""
    return f", {start if start is not None else '…'} to {end if end is not None else '…'}"


def _window_day(value: DateLike, side: Literal["start", "end"]) -> date:
    day = window_bound(value, side, side)
    assert day is not None
    return day


def _pick_labels(shown: Sequence[Event], disputed: set[str], limit: int) -> list[Event]:
    if len(shown) <= limit:
        return list(shown)
    ranked = sorted(shown, key=lambda e: (e.id not in disputed, -len(e.participants),
                                          -abs(e.goldstein or 0), e.id))
    keep = {e.id for e in ranked[:limit]}
    return [e for e in shown if e.id in keep]


def _date_axis(ax: Axes, shown: Sequence[Event]) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    if shown:
        lo = min(_span(e)[0] for e in shown)
        hi = max(sum(_span(e)) for e in shown)
        pad = max((hi - lo) * 0.03, 5.0)
        ax.set_xlim(lo - pad, hi + pad)


def _goldstein_colourbar(ax: Axes) -> None:
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    mappable = ScalarMappable(norm=Normalize(-10, 10), cmap=colormaps[GOLDSTEIN_CMAP])
    bar = ax.figure.colorbar(mappable, ax=ax, location="bottom", shrink=0.4, pad=0.12, aspect=40)
    bar.set_label("Goldstein score (−10 conflict … +10 cooperation)", fontsize=8)


def dyad(
    g: EventGraph,
    a: str,
    b: str,
    *,
    start: DateLike = None,
    end: DateLike = None,
    affiliated: bool = True,
    labels: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Goldstein scores of the events linking two actors, with their running sum.

    Each event is a stem from zero to its score at the middle of its possible dates; an event
    known only to a month or year also gets a horizontal bar across those dates, so its place
    in time is not overstated. The dashed step line is the running sum in chronological order,
    on the same scale. Events are numbered and listed in the key; events on the same day with
    the same score share a stem and a tag ("13, 14"). By default each actor stands for
    everyone affiliated with it (see :func:`dprkgraph.query.dyad`); the title says so.
    Events without a CAMEO code have no score; the title counts them.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    found = list(dyad_events(g, a, b, start=start, end=end, affiliated=affiliated))
    scored = [e for e in found if e.goldstein is not None]
    ax = _axes(ax, (12, 4.8))
    number = {e.id: i + 1 for i, e in enumerate(scored)}
    stems: dict[tuple[float, float], list[Event]] = {}
    for e in scored:
        stems.setdefault((_centre(e), float(e.goldstein or 0.0)), []).append(e)
    for (x, score), group in stems.items():
        e = group[0]
        colour = QUAD_COLOURS[e.quad_class]
        ax.vlines(x, 0, score, color=colour, linewidth=2, gid=f"stem:{e.id}")
        ax.scatter([x], [score], color=colour, s=36, zorder=3, edgecolor="#333333",
                   linewidth=0.5, gid=f"mark:{e.id}")
        if not e.date.exact:
            x0, width = _span(e)
            ax.hlines(score, x0, x0 + width, color=colour, linewidth=5, alpha=0.45,
                      gid=f"range:{e.id}")
        if labels:
            ax.annotate(", ".join(str(number[m.id]) for m in group), (x, score),
                        xytext=(5, 4 if score >= 0 else -4), textcoords="offset points",
                        fontsize=7, fontweight="bold", va="bottom" if score >= 0 else "top",
                        gid=f"label:{e.id}")
    ax.axhline(0, color="#444444", linewidth=0.8)
    xs, sums, running = [], [], 0.0
    for e in scored:
        running += float(e.goldstein or 0.0)
        xs.append(_centre(e))
        sums.append(running)
    if xs:
        ax.step([xs[0], *xs], [0.0, *sums], where="post", color="#333333", linewidth=1.2,
                linestyle="--", gid="running-sum")
    ax.set_ylim(min([-10.5, *(v - 1 for v in sums)]), max([10.5, *(v + 1 for v in sums)]))
    ax.set_ylabel("Goldstein score (−10 conflict … +10 cooperation)", fontsize=8)
    _date_axis(ax, scored or found)
    ax.grid(axis="y", color="#eeeeee")
    name_a, name_b = g.actor(a).name, g.actor(b).name
    missing = len(found) - len(scored)
    note = f"; {missing} without a CAMEO code not shown" if missing else ""
    who = " (each with its affiliated actors)" if affiliated else ""
    ax.set_title(textwrap.fill(f"{name_a} – {name_b}{who}: cooperation and conflict "
                               f"({len(scored)} events{note}{_window_note(start, end)})", 70),
                 loc="left", fontsize=11)
    blank: dict[str, Any] = {"facecolor": "none", "edgecolor": "none"}
    handles: list[Any] = [
        Line2D([], [], color=QUAD_COLOURS[1], linewidth=2, label="cooperation"),
        Line2D([], [], color=QUAD_COLOURS[4], linewidth=2, label="conflict"),
        Line2D([], [], color="#888888", linewidth=5, alpha=0.45, label="possible dates"),
        Line2D([], [], color="#333333", linestyle="--", label="running sum"),
    ]
    if labels and scored:
        handles += [Patch(**blank, label=" "), Patch(**blank, label="Events")]
        handles += [Patch(**blank, label=f"{number[e.id]:>2}  {e.date.text}  "
                                         f"{short(e.title, 40)} ({e.goldstein:+.1f})")
                    for e in scored]
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                       fontsize=7, frameon=False, handlelength=1.6,
                       ncol=1 if len(handles) <= 40 else 2)
    legend._legend_box.align = "left"  # type: ignore[attr-defined]
    for text in legend.get_texts():
        text.set_parse_math(False)
        if text.get_text() == "Events":
            text.set_fontweight("bold")
    return ax


def network(
    g: EventGraph,
    *,
    start: DateLike = None,
    end: DateLike = None,
    min_weight: int = 1,
    seed: int = 7,
    ax: Axes | None = None,
) -> Axes:
    """The co-participation network: node size by events, edge width by shared events,
    colour by actor kind.

    Actors who share no event with anyone in the selection are left out, and the title
    counts them. The layout is seeded, so the same data gives the same picture.
    """
    import networkx as nx
    from matplotlib.patches import Patch

    cg = co_participation(g, start=start, end=end)
    weights: dict[tuple[str, str], int] = {(u, v): d["weight"] for u, v, d in cg.edges(data=True)}
    cg.remove_edges_from([pair for pair, w in weights.items() if w < min_weight])
    alone = sorted(n for n in cg if cg.degree(n) == 0)
    cg.remove_nodes_from(alone)
    ax = _axes(ax, (10, 8))
    if len(cg) == 0:
        ax.set_title("No actors share an event in this selection", loc="left")
        ax.set_axis_off()
        return ax
    pos = _component_layout(cg, seed)
    nodes = sorted(cg)
    sizes = [80 + 70 * cg.nodes[n]["events"] for n in nodes]
    colours = [KIND_COLOURS[cg.nodes[n]["kind"]] for n in nodes]
    edges: list[tuple[str, str, int]] = sorted(
        (u, v, int(d["weight"])) for u, v, d in cg.edges(data=True))
    nx.draw_networkx_edges(cg, pos, edgelist=[(u, v) for u, v, _ in edges],
                           width=[0.5 + 1.2 * w for _, _, w in edges], edge_color="#b8b8b8",
                           ax=ax)
    nx.draw_networkx_nodes(cg, pos, nodelist=nodes, node_size=sizes, node_color=colours,
                           edgecolors="#333333", linewidths=0.6, ax=ax)
    for n, size in zip(nodes, sizes, strict=True):
        x, y = pos[n]
        ax.annotate(textwrap.fill(cg.nodes[n]["name"], 18), (x, y),
                    xytext=(0, -(size ** 0.5) / 2 - 3), textcoords="offset points",
                    fontsize=7.5, ha="center", va="top", gid=f"label:{n}",
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "alpha": 0.75,
                          "edgecolor": "none"})
    kinds = sorted({cg.nodes[n]["kind"] for n in nodes}, key=_KIND_ORDER.index)
    ax.legend(handles=[Patch(facecolor=KIND_COLOURS[k], label=k.replace("_", " ")) for k in kinds],
              loc="lower right", fontsize=7.5, frameon=False)
    note = f"; {len(alone)} actors sharing no event not shown" if alone else ""
    ax.set_title(textwrap.fill("Who takes part in events together (size: events; width: "
                               f"shared events{note}{_window_note(start, end)})", 70),
                 loc="left", fontsize=10)
    ax.margins(0.12)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_axis_off()
    return ax


def _landscape(pos: dict[str, Any]) -> dict[str, Any]:
    """Turn a layout so its longest extent is horizontal (charts are wider than tall), and
    scale it into [-1, 1] across."""
    import numpy as np

    names = sorted(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    xy -= xy.mean(axis=0)
    _, _, axes = np.linalg.svd(xy, full_matrices=False)
    turned = xy @ axes.T
    turned *= np.where(turned[np.abs(turned).argmax(axis=0), [0, 1]] < 0, -1, 1)
    turned /= max(float(np.abs(turned[:, 0]).max()), 1e-9)
    return {n: turned[i] for i, n in enumerate(names)}


def _component_layout(cg: Any, seed: int) -> dict[str, Any]:
    """Lay out each connected component on its own (seeded force-directed layout), the
    largest in the middle and the rest in a row beneath it, so no edge crosses a gap between
    components and no small group lands inside a large one."""
    import networkx as nx
    import numpy as np

    parts = sorted((sorted(c) for c in nx.connected_components(cg)), key=lambda c: (-len(c), c))
    pos: dict[str, Any] = {}
    cursor, floor = -1.0, -1.0
    for i, part in enumerate(parts):
        sub = cg.subgraph(part)
        if len(part) == 1:
            local = {part[0]: np.zeros(2)}
        else:
            local = _landscape(nx.spring_layout(sub, seed=seed, k=1.8 / len(part) ** 0.5,
                                                iterations=200, weight=None))
        scale = 1.0 if i == 0 else 0.18 * len(part) ** 0.5
        for n, xy in local.items():
            xy = np.asarray(xy, dtype=float) * scale
            if i == 0:
                pos[n] = xy
            else:
                pos[n] = xy + np.array([cursor + scale, floor - 0.3 - scale])
        if i == 0:
            floor = min(float(xy[1]) for xy in pos.values())
        else:
            cursor += 2 * scale + 0.35
    return pos


def figure(kind: Literal["timeline", "dyad", "network"], g: EventGraph, **options: Any) -> Figure:
    """A stand-alone figure (not registered with pyplot) holding one chart, sized to its
    content: for scripts, the command line and files.

    ``options`` go to :func:`swimlane` (``timeline``), :func:`dyad` (which needs ``a`` and
    ``b``) or :func:`network`.
    """
    from matplotlib.figure import Figure

    fig = Figure(layout="constrained")
    ax = fig.subplots()
    if kind == "timeline":
        swimlane(g, ax=ax, **options)
        fig.set_size_inches(14, max(4.5, 1.4 + 0.36 * ax.get_ylim()[1]))
    elif kind == "dyad":
        dyad(g, ax=ax, **options)
        fig.set_size_inches(13, 5)
    elif kind == "network":
        network(g, ax=ax, **options)
        fig.set_size_inches(11, 8.5)
    else:
        raise QueryError("kind", kind, "'timeline', 'dyad' or 'network'")
    return fig


def summary_figure(g: EventGraph, *, dyad_pair: tuple[str, str] = ("usa", "prk"),
                   start: DateLike = None, end: DateLike = None) -> Figure:
    """One page: the swimlane on top, the dyad chart and the actor network below."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(17, 20), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[1.3, 1], width_ratios=[1.15, 1])
    swimlane(g, start=start, end=end, ax=fig.add_subplot(grid[0, :]))
    dyad(g, *dyad_pair, start=start, end=end, ax=fig.add_subplot(grid[1, 0]))
    network(g, start=start, end=end, ax=fig.add_subplot(grid[1, 1]))
    return fig


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Save a figure atomically as PNG, SVG or PDF (by extension), byte-for-byte repeatable.

    Dates are left out of SVG and PDF metadata and the SVG id salt is fixed, so the same
    input gives the same file.
    """
    import matplotlib as mpl

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    metadata: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }.get(fmt, {})
    if fmt not in ("png", "svg", "pdf"):
        raise QueryError("output", str(path), "use a .png, .svg or .pdf file name")
    with atomic_path(target) as tmp, mpl.rc_context({"svg.hashsalt": "dprkgraph"}):
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
    return target
