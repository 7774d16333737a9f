"""The swimlane's lanes as counts over time, for more events than one mark each can show.

Each lane becomes a stacked histogram of its events over calendar bins (weeks, months, quarters
or years), by colour class. An event whose possible days fall in one bin counts whole there; one
known only more coarsely is spread evenly over its possible days (drawn hatched), never piled
on one day. All lanes share one height scale, so lanes compare.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from dprkgraph.cameo import QUAD_CLASS_NAMES
from dprkgraph.model import Event
from dprkgraph.plot._common import (
    QUAD_COLOURS,
    ColourBy,
    frame_window,
    goldstein_colour,
    lane_ticks,
    new_axes,
    num,
    stack_lanes,
    window_day,
    wrap,
)
from dprkgraph.query import DateLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Placed", "draw_counts"]

_KEY_WIDTH = 58


class Placed(Protocol):
    """An event drawn on a lane."""

    @property
    def event(self) -> Event: ...

    @property
    def lane(self) -> str: ...


_UNITS: tuple[tuple[str, int], ...] = (("week", 7), ("month", 31), ("quarter", 92), ("year", 366))
_MAX_BINS = 160


def _bin_edges(first: date, last: date) -> tuple[str, list[date]]:
    """Calendar bins (weeks from Monday, months, quarters or years) covering first..last, the
    finest unit that needs at most :data:`_MAX_BINS` of them."""
    days = (last - first).days + 1
    unit = next((u for u, size in _UNITS if days / size <= _MAX_BINS), "year")
    if unit == "week":
        edge = first - timedelta(days=first.weekday())
    elif unit == "year":
        edge = date(first.year, 1, 1)
    else:
        step = 3 if unit == "quarter" else 1
        edge = date(first.year, (first.month - 1) // step * step + 1, 1)
    edges = [edge]
    while edges[-1] <= last:
        d = edges[-1]
        if unit == "week":
            edges.append(d + timedelta(days=7))
        elif unit == "year":
            edges.append(date(d.year + 1, 1, 1))
        else:
            month = d.month - 1 + (3 if unit == "quarter" else 1)
            edges.append(date(d.year + month // 12, month % 12 + 1, 1))
    return unit, edges


def _classes(colour_by: ColourBy) -> list[tuple[str, Any]]:
    if colour_by == "quad_class":
        return [(QUAD_CLASS_NAMES[q], QUAD_COLOURS[q]) for q in (1, 2, 3, 4)] + [
            ("no CAMEO code", QUAD_COLOURS[None])
        ]
    bands = [
        ("−10 to −5", -7.5),
        ("−5 to −1", -3.0),
        ("−1 to +1", 0.0),
        ("+1 to +5", 3.0),
        ("+5 to +10", 7.5),
    ]
    return [(f"Goldstein {name}", goldstein_colour(mid)) for name, mid in bands] + [
        ("no CAMEO code", QUAD_COLOURS[None])
    ]


def _class_of(e: Event, colour_by: ColourBy) -> int:
    if colour_by == "quad_class":
        return (e.quad_class or 5) - 1
    score = e.goldstein
    if score is None:
        return 5
    return 0 if score < -5 else 1 if score < -1 else 2 if score <= 1 else 3 if score <= 5 else 4


def draw_counts(
    ax: Axes | None,
    shown: Sequence[Event],
    places: Sequence[Placed],
    lanes: Sequence[str],
    names: dict[str, str],
    *,
    colour_by: ColourBy,
    max_events: int,
    start: DateLike,
    end: DateLike,
    italic: str | None = None,
) -> tuple[Axes, list[str], str]:
    """Each lane a stacked histogram of its events over calendar bins, by colour class;
    returns the Axes, the key's lines (as :func:`dprkgraph.plot.swimlane._legend` reads them)
    and a note for the title.

    An event whose possible days fall in one bin counts whole there; one known only more
    coarsely is spread evenly over its possible days (drawn hatched), never piled on one
    day. All lanes share one height scale."""
    import numpy as np
    from matplotlib.collections import PolyCollection

    first = window_day(start, "start") if start is not None else min(e.date.frame[0] for e in shown)
    last = window_day(end, "end") if end is not None else max(e.date.frame[1] for e in shown)
    unit, edges = _bin_edges(first, last)
    base = edges[0].toordinal()
    edge_days = np.array([d.toordinal() - base for d in edges])
    n_days = int(edge_days[-1])
    classes = _classes(colour_by)
    lane_index = {a: i for i, a in enumerate(lanes)}
    n_bins = len(edges) - 1
    whole = np.zeros((len(lanes), len(classes), n_bins))
    daily = np.zeros((len(lanes), len(classes), n_days + 1))
    lane_of = np.fromiter((lane_index[p.lane] for p in places), dtype=np.int64, count=len(places))
    cls_of: dict[str, int] = {e.id: _class_of(e, colour_by) for e in shown}
    cls = np.fromiter((cls_of[p.event.id] for p in places), dtype=np.int64, count=len(places))
    lo = np.fromiter(
        (p.event.date.earliest.toordinal() - base for p in places),
        dtype=np.int64,
        count=len(places),
    ).clip(0, n_days - 1)
    hi = np.fromiter(
        (p.event.date.latest.toordinal() - base for p in places), dtype=np.int64, count=len(places)
    ).clip(0, n_days - 1)
    bin_lo = np.searchsorted(edge_days, lo, side="right") - 1
    bin_hi = np.searchsorted(edge_days, hi, side="right") - 1
    one = bin_lo == bin_hi
    np.add.at(whole, (lane_of[one], cls[one], bin_lo[one]), 1.0)
    many = ~one
    weight = 1.0 / (hi[many] - lo[many] + 1)
    np.add.at(daily, (lane_of[many], cls[many], lo[many]), weight)
    np.add.at(daily, (lane_of[many], cls[many], hi[many] + 1), -weight)
    spread = np.add.reduceat(np.cumsum(daily, axis=2)[:, :, :n_days], edge_days[:-1], axis=2)

    height = 2.6
    tallest = float((whole + spread).sum(axis=1).max()) if places else 1.0
    depth = dict.fromkeys(lanes, height)
    top, total = stack_lanes(lanes, depth)
    ax = new_axes(ax, (13, 1.5 + 0.42 * total))
    xs = np.array([num(d) for d in edges])
    bottoms = {a: total - top[a] - height for a in lanes}
    stacked = np.zeros((len(lanes), n_bins))
    for c, (_, colour) in enumerate(classes):
        for layer, values, hatch in ((f"{c}", whole, None), (f"{c}-spread", spread, "////")):
            polys = []
            for a, i in lane_index.items():
                low = stacked[i].copy()
                stacked[i] += values[i, c]
                if not values[i, c].any():
                    continue
                y0 = bottoms[a] + low / tallest * height
                y1 = bottoms[a] + stacked[i] / tallest * height
                step_x = np.repeat(xs, 2)[1:-1]
                polys.append(
                    np.column_stack(
                        [
                            np.concatenate([step_x, step_x[::-1]]),
                            np.concatenate([np.repeat(y1, 2), np.repeat(y0, 2)[::-1]]),
                        ]
                    )
                )
            if polys:
                ax.add_collection(
                    PolyCollection(
                        polys,
                        facecolors=colour,
                        edgecolors="none",
                        alpha=0.45 if hatch else 0.9,
                        hatch=hatch,
                        zorder=2,
                        gid=f"counts:{layer}",
                    )
                )
    totals = Counter(p.lane for p in places)
    labelled = {a: f"{names[a]} ({totals[a]:,})" for a in lanes}
    lane_ticks(ax, lanes, labelled, top, depth, total, italic=italic)
    frame_window(ax, shown, start, end)
    key = [
        "#How to read",
        wrap(
            f"{len(shown):,} events are too many to draw one by one (more than "
            f"max_events={max_events}): each lane shows "
            f"how many of its events fall in each {unit}, stacked by colour; the "
            f"number beside a lane's name is its events.",
            _KEY_WIDTH,
        ),
        wrap(
            f"Bar height: events per {unit}, one scale for every lane; "
            f"the tallest is {tallest:,.0f}.",
            _KEY_WIDTH,
        ),
        "spread|known only to a coarser date: spread evenly\nover its possible days",
        wrap(
            "An actor without a lane of its own is counted on the lane of the actor "
            "it belongs to (see the list below).",
            _KEY_WIDTH,
        ),
        "",
        "#Colour",
    ]
    key += [f"band:{_hex(colour)}|{name}" for name, colour in classes]
    return ax, key, f", as counts per {unit}"


def _hex(colour: Any) -> str:
    from matplotlib.colors import to_hex

    return str(to_hex(colour))
