"""What the charts share: colours, the date axis, spans of imprecise dates, title notes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from dprkgraph.model import ActorKind, Event
from dprkgraph.query import DateLike, events, window_bound

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from dprkgraph.graph import EventGraph

QUAD_COLOURS: dict[int | None, str] = {
    1: "#5aae61",  # verbal cooperation
    2: "#1b7837",  # material cooperation
    3: "#f4a582",  # verbal conflict
    4: "#b2182b",  # material conflict
    None: "#9e9e9e",  # no CAMEO code
}
KIND_COLOURS: dict[str, str] = {
    "state": "#4e79a7",
    "person": "#f28e2b",
    "government_body": "#76b7b2",
    "international_organisation": "#59a14f",
    "non_governmental_organisation": "#edc948",
    "media_outlet": "#b07aa1",
    "object": "#9c755f",
}
KIND_ORDER = [
    k.value
    for k in (
        ActorKind.STATE,
        ActorKind.INTERNATIONAL_ORGANISATION,
        ActorKind.GOVERNMENT_BODY,
        ActorKind.PERSON,
        ActorKind.NON_GOVERNMENTAL_ORGANISATION,
        ActorKind.MEDIA_OUTLET,
        ActorKind.OBJECT,
    )
]
# Diverging red (conflict) to blue (cooperation) through a dark gold: a neutral event must
# stay visible on a white or light grey lane, which the pale middle of RdYlBu is not (every
# colour of the scale has a contrast of 3:1 or more on white, so even a hollow mark, drawn
# only by its outline, shows); teal rather than light blue on the positive side, so that
# mild cooperation does not pass through the grey of "no CAMEO code".
GOLDSTEIN_STOPS = ("#a50026", "#e0562c", "#b08c00", "#1a9fb5", "#253494")
ColourBy = Literal["quad_class", "goldstein"]


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
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


def wrap(text: str, width: int) -> str:
    r"""``text`` broken into lines of about ``width`` characters, losing none of them: removing
    the line breaks gives ``text`` back (a very long word is cut, not dropped).

    >>> wrap("Sinking of the South Korean patrol ship Cheonan", 20)
    'Sinking of the South \nKorean patrol ship \nCheonan'
    """
    if len(text) <= width:
        return text
    lines = [""]
    for word in re.findall(r"\S+\s*|\s+", text):
        while len(word) > width:  # a word longer than a line is cut, every piece kept
            room = width - len(lines[-1])
            lines[-1] += word[:room]
            lines.append("")
            word = word[room:]
        if lines[-1] and len(lines[-1]) + len(word.rstrip()) > width:
            lines.append("")
        lines[-1] += word
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=4)
def _day_zero(epoch: str) -> int:
    import matplotlib.dates as mdates

    zero = float(mdates.date2num(date(1970, 1, 1)))  # type: ignore[no-untyped-call]
    return date(1970, 1, 1).toordinal() - round(zero)


def num(d: date) -> float:
    """The day ``d`` in matplotlib's date units (days since its epoch); cheap enough to call
    for each of a million events, unlike ``date2num``."""
    import matplotlib.dates as mdates

    return float(d.toordinal() - _day_zero(str(mdates.get_epoch())))  # type: ignore[no-untyped-call]


def surely(e: Event) -> tuple[float, float] | None:
    """For an interval (``START/END``: the event lasted from one to the other), the days it
    surely lasted, from its latest possible start to the day after its earliest possible end,
    in date units; None for any other date, or an interval whose ends may meet or cross.

    >>> import matplotlib.dates as mdates
    >>> from dprkgraph.dates import parse_date
    >>> class E:
    ...     date = parse_date("2010-03/2010-09")
    >>> [mdates.num2date(x).date().isoformat() for x in surely(E())]
    ['2010-03-31', '2010-09-02']
    """
    d = e.date
    if d.kind != "interval" or d.start_latest is None or d.end_earliest is None:
        return None
    if d.end_earliest < d.start_latest:
        return None
    return num(d.start_latest), num(d.end_earliest) + 1.0


def span(e: Event) -> tuple[float, float]:
    """Start and width in date units of every day the event could be on (inclusive); an open
    end runs to the edge of the calendar, where the axis cuts it."""
    start = num(e.date.earliest)
    return start, num(e.date.latest) + 1.0 - start


def centre(e: Event) -> float:
    start, width = span(e)
    return start + width / 2


def anchor(e: Event, left: float | None = None, right: float | None = None) -> float:
    """Where one mark of the event goes (its stem, the line joining its lanes): a day it can
    be on, never a day it cannot. The middle of the day or of its possible days; for a "one
    of" set, the middle of its earliest member (the days between are not possible); for an
    open end, the middle of the days it does name. Given the axis (``left … right``), a mark
    that would fall outside it moves to the nearest possible day inside it.
    """
    if len(e.date.members) > 1:
        first, last = min(e.date.members)
    else:
        first, last = e.date.frame
    x = num(first) + (num(last) + 1.0 - num(first)) / 2
    if e.date.exact or left is None or right is None:
        return x
    visible = clip(segments(e), left, right)
    if not visible or any(a <= x <= b for a, b in visible):
        return x
    return min((p for part in visible for p in part), key=lambda p: abs(p - x))


def segments(e: Event) -> list[tuple[float, float]]:
    """The stretches of possible days, in date units (each from its first day to the day
    after its last): one for most dates, one per member of a "one of" set."""
    if len(e.date.members) > 1:
        return sorted((num(first), num(last) + 1.0) for first, last in e.date.members)
    start, width = span(e)
    return [(start, start + width)]


def clip(
    parts: Sequence[tuple[float, float]], left: float, right: float
) -> list[tuple[float, float]]:
    """``parts`` cut to ``left … right``; those wholly outside dropped."""
    return [(max(a, left), min(b, right)) for a, b in parts if b > left and a < right]


def colour_of(e: Event, colour_by: ColourBy) -> Any:
    if colour_by == "quad_class":
        return QUAD_COLOURS[e.quad_class]
    if e.goldstein is None:
        return QUAD_COLOURS[None]
    return goldstein_colour(e.goldstein)


@lru_cache(maxsize=1)
def goldstein_cmap() -> Any:
    """The Goldstein colour map, from −10 (conflict) to +10 (cooperation)."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("goldstein", GOLDSTEIN_STOPS)


@lru_cache(maxsize=256)
def goldstein_colour(score: float) -> tuple[float, float, float, float]:
    """The RGBA colour of a Goldstein score on :func:`goldstein_cmap`."""
    rgba = goldstein_cmap()((max(-10.0, min(10.0, score)) + 10.0) / 20.0)
    return (float(rgba[0]), float(rgba[1]), float(rgba[2]), float(rgba[3]))


def window_note(start: DateLike, end: DateLike) -> str:
    """The window for a chart title ("…" read as a title cut short), or nothing without one.

    >>> window_note("2009", None), window_note(None, "2010-06"), window_note("2009", "2010")
    (', from 2009', ', up to 2010-06', ', 2009 to 2010')
    """
    if start is None and end is None:
        return ""
    if end is None:
        return f", from {start}"
    if start is None:
        return f", up to {end}"
    return f", {start} to {end}"


def window_day(value: DateLike, side: Literal["start", "end"]) -> date:
    day = window_bound(value, side, side)
    assert day is not None
    return day


def date_axis(ax: Axes, shown: Sequence[Event]) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    if shown:
        lo = num(min(e.date.frame[0] for e in shown))
        hi = num(max(e.date.frame[1] for e in shown)) + 1.0
        pad = max((hi - lo) * 0.03, 5.0)
        ax.set_xlim(lo - pad, hi + pad)


def goldstein_colourbar(ax: Axes) -> None:
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    mappable = ScalarMappable(norm=Normalize(-10, 10), cmap=goldstein_cmap())
    bar = ax.figure.colorbar(mappable, ax=ax, location="bottom", shrink=0.4, pad=0.03, aspect=40)
    # Five ticks: the default eight crowd at a bar this short.
    bar.set_ticks([-10, -5, 0, 5, 10], labels=["−10", "−5", "0", "+5", "+10"])
    bar.ax.tick_params(labelsize=7)
    bar.set_label("Goldstein score (−10 conflict … +10 cooperation)", fontsize=8)


def lane_ticks(
    ax: Axes,
    lanes: Sequence[str],
    names: dict[str, str],
    top: dict[str, float],
    depth: dict[str, float],
    total: float,
    *,
    italic: str | None = None,
) -> None:
    """Name each lane on the y axis (wrapped, literal), shade every other one, and give each
    its band (gid ``lane:<id>``) so a reader of the SVG can tell which lane a mark is on."""
    ax.set_yticks(
        [total - top[a] - depth[a] / 2 for a in lanes], [wrap(names[a], 28) for a in lanes]
    )
    for a, tick in zip(lanes, ax.get_yticklabels(), strict=True):
        tick.set_parse_math(False)
        if a == italic:
            tick.set_fontstyle("italic")
    for i, a in enumerate(lanes):
        ax.axhspan(
            total - top[a] - depth[a] - 0.25,
            total - top[a] + 0.25,
            color="#f3f3f3" if i % 2 == 0 else "none",
            zorder=0,
            linewidth=0,
            gid=f"lane:{a}",
        )
        if i:
            ax.axhline(total - top[a] + 0.25, color="#cfcfcf", linewidth=0.6, zorder=0)
    ax.set_ylim(0, total + 0.25)


def stack_lanes(lanes: Sequence[str], depth: dict[str, float]) -> tuple[dict[str, float], float]:
    """Each lane's top, counted down from the top of the chart, and the total height."""
    top: dict[str, float] = {}
    y = 0.0
    for a in lanes:
        top[a] = y
        y += depth[a] + 0.5
    return top, max(y, 1.0)


def data_extent(g: EventGraph) -> tuple[date, date] | None:
    """The first and last day any event of the dataset could be on (None without events)."""
    every = list(events(g))
    if not every:
        return None
    return min(e.date.frame[0] for e in every), max(e.date.frame[1] for e in every)


def frame_window(
    ax: Axes,
    shown: Sequence[Event],
    start: DateLike,
    end: DateLike,
    *,
    extent: tuple[date, date] | None = None,
) -> None:
    """The x axis: the window asked for, even where an imprecise event spills over; otherwise
    the events' days (or, with none, ``extent``) with a margin; a year from the start (or to
    the end) for an empty half-open window. Never runs backwards."""
    date_axis(ax, shown)
    if shown:
        extent = (min(e.date.frame[0] for e in shown), max(e.date.frame[1] for e in shown))
    elif start is not None or end is not None:
        extent = None  # the data lies outside the window asked for: frame the window
    lo = num(extent[0]) if extent else None
    hi = num(extent[1]) + 1.0 if extent else None
    left = num(window_day(start, "start")) if start is not None else lo
    right = num(window_day(end, "end") + timedelta(days=1)) if end is not None else hi
    if left is None and right is None:  # no events anywhere: any fixed year will do
        left, right = num(date(2000, 1, 1)), num(date(2001, 1, 1))
    elif left is None:
        assert right is not None
        left = right - 365.0
    elif right is None:
        right = left + 365.0
    right = max(right, left + 1.0)
    assert left is not None and right is not None
    pad = max((right - left) * 0.03, 5.0)
    ax.set_xlim(left - (pad if start is None else 0.0), right + pad)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)


def empty_note(ax: Axes, text: str, *, y: float = 0.5) -> None:
    """Say on an empty chart why it is empty, in grey across its middle (or at height ``y``,
    in axes fractions), as literal text."""
    ax.text(
        0.5,
        y,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=11,
        color="#444444",
        parse_math=False,
        gid="empty",
    )


def open_arrows(ax: Axes, opens: dict[str, list[tuple[float, float, str]]]) -> None:
    """Mark open ends at the axis edge: ``opens["end"]`` with ▶ and ``opens["start"]`` with
    ◀, each spot an (x, y, event id), the id kept as the mark's URL in SVG."""
    for side, spots in opens.items():
        if spots:
            arrows = ax.scatter(
                [m[0] for m in spots],
                [m[1] for m in spots],
                s=40,
                marker=">" if side == "end" else "<",
                c="#222222",
                linewidths=0,
                zorder=4,
                clip_on=False,
                gid=f"open-{side}s",
            )
            arrows.set_urls([m[2] for m in spots])
