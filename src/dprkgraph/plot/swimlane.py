"""The swimlane timeline: one lane per actor, each event on the lanes of its participants."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from dprkgraph.cameo import QUAD_CLASS_NAMES
from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.model import Event, RelationType
from dprkgraph.plot._common import (
    KIND_ORDER,
    QUAD_COLOURS,
    ColourBy,
    centre,
    colour_of,
    date_axis,
    goldstein_colourbar,
    new_axes,
    num,
    short,
    span,
    window_day,
    window_note,
)
from dprkgraph.query import DateLike, contested, events

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["swimlane"]


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
        return sorted(top, key=lambda a: (KIND_ORDER.index(g.actor(a).kind.value), -counts[a], a))
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

    lo = min((span(e)[0] for e in shown), default=0.0)
    hi = max((sum(span(e)) for e in shown), default=1.0)
    xrange = max(hi - lo, 30.0)
    dot = xrange * 0.006  # half the width a day marker takes on screen, roughly
    reserve = xrange * 0.022 if labels else dot
    items: dict[str, list[_Item]] = {a: [] for a in lanes}
    for e in shown:
        x0, width = span(e)
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

    ax = new_axes(ax, (13, 1.5 + 0.42 * total))
    half = 0.34
    top_y: dict[str, float] = {}
    # Marks, bars and connectors are drawn as a few collections (one per style), not one
    # artist per event: a thousand events then draw in about a second. Each element's event
    # id is kept in the collection's urls.
    marks: dict[tuple[str, bool], list[tuple[float, float, Any, str]]] = {}
    bars: dict[tuple[bool, bool, bool], list[tuple[float, float, float, Any, str]]] = {}
    connectors: list[tuple[float, float, float, str]] = []
    for e in shown:
        colour = colour_of(e, colour_by)
        x0, width = span(e)
        middle = centre(e)
        disputed_here = e.id in disputed
        ys = sorted(ypos(e.id, a) for a in e.actors() if a in on_lane)
        if len(ys) > 1:
            connectors.append((middle, ys[0], ys[-1], e.id))
        coded = e.provenance.value == "machine-coded"
        qualified = e.date.approximate or e.date.uncertain
        for yy in ys:
            if e.date.exact:
                marks.setdefault(("D" if coded else "o", disputed_here), []).append(
                    (middle, yy, colour, e.id))
            else:
                bars.setdefault((qualified, coded, disputed_here), []).append(
                    (x0, yy, width, colour, e.id))
        top_y[e.id] = ys[-1]
        if e.id in number:
            right = middle + dot if e.date.exact else x0 + width
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
        at = {e.id: (centre(e), top_y[e.id]) for e in shown if e.id in number or not labels}
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
    date_axis(ax, shown)
    # A window the analyst asked for is the frame, even where an imprecise event spills over.
    left = num(window_day(start, "start")) if start is not None else lo - xrange * 0.02
    right = num(window_day(end, "end") + timedelta(days=1)) if end is not None else hi
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
        goldstein_colourbar(ax)
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
        window = window_note(start, end)
        mix = (f": {len(shown) - coded_count} curated, {coded_count} machine-coded"
               if coded_count else "")
        title = f"Events by actor ({len(shown)} events{mix}{window})"
    ax.set_title(title, loc="left", fontsize=11)
    return ax


def _pick_labels(shown: Sequence[Event], disputed: set[str], limit: int) -> list[Event]:
    if len(shown) <= limit:
        return list(shown)
    ranked = sorted(shown, key=lambda e: (e.id not in disputed, -len(e.participants),
                                          -abs(e.goldstein or 0), e.id))
    keep = {e.id for e in ranked[:limit]}
    return [e for e in shown if e.id in keep]

