"""The dyad chart: the Goldstein scores of the events linking two actors, and their sum."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from dprkgraph.cameo import QUAD_CLASS_NAMES
from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.model import Event
from dprkgraph.plot._common import (
    QUAD_COLOURS,
    anchor,
    clip,
    data_extent,
    empty_note,
    frame_window,
    new_axes,
    num,
    open_arrows,
    segments,
    surely,
    window_note,
    wrap,
)
from dprkgraph.query import DateLike, contested
from dprkgraph.query import dyad as dyad_events

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["dyad", "running_sum_bounds"]

#: Past this absolute value the running sum is drawn on an axis of its own.
SHARED_SCALE = 25.0

#: About how wide the chart's axes are, in inches, and how wide a bold 7-point character
#: is, in points: enough to tell when two numbers would overprint.
_AXIS_WIDTH_IN = 7.5
_CHAR_PT = 5.5
_GAP_PT = 4.0
#: Scores closer than this put their numbers on one level.
_SAME_LEVEL = 1.2

#: The running sum's range while an imprecise event may or may not have happened.
_RANGE_FILL = (0.2, 0.2, 0.2, 0.15)
_RANGE_EDGE = (0.2, 0.2, 0.2, 0.8)
#: Most events without a CAMEO code listed by name under the chart.
_UNDRAWN_LISTED = 10

#: How the dyad rule reads in the chart's key.
RULE = (
    "counted: one side acts toward the other (initiator → target, speaker → addressee, "
    "visitor → host, parties to one agreement)"
)


def _days(e: Event, zero: float) -> tuple[float, float]:
    """First possible day and the day after the last, in date units; a day-precise event is
    one instant, the middle of its day."""
    first = zero + e.date.earliest.toordinal()
    after = zero + e.date.latest.toordinal() + 1
    if e.date.exact:
        return first + 0.5, first + 0.5
    return first, after


def running_sum_bounds(scored: Sequence[Event]) -> tuple[list[float], list[float], list[float]]:
    """The running sum of Goldstein scores as bounds that respect imprecise dates.

    Returns breakpoints ``xs`` (in matplotlib date units) and, for each interval from
    ``xs[i]`` to ``xs[i + 1]`` (the last one open-ended), the lowest and highest value the sum
    can have there. Before an event's first possible day it is not counted; after its last it
    is; in between it may or may not have happened, so a cooperative event raises only the
    upper bound and a hostile one lowers only the lower bound. Where the date is known to the
    day the two bounds are equal and the sum steps at once.

    Examples
    --------
    >>> from dprkgraph.model import Event
    >>> def ev(i, when, code):
    ...     return Event.model_validate({"id": i, "title": i, "date": when, "type": "statement",
    ...         "cameo": code, "participants": [{"actor": "a", "role": "speaker"}],
    ...         "sources": [{"source": "s", "quote": "q"}]})
    >>> xs, lo, hi = running_sum_bounds([ev("m", "2010-03", "057"), ev("d", "2010-05-02", "111")])
    >>> lo, hi
    ([0.0, 8.0, 6.0], [8.0, 8.0, 6.0])
    """
    zero = num(date(1970, 1, 1)) - date(1970, 1, 1).toordinal()
    delta: dict[float, list[float]] = {}
    for e in scored:
        score = float(e.goldstein or 0.0)
        first, after = _days(e, zero)
        # From the first possible day the event may have happened; from the day after the
        # last it has.
        start = delta.setdefault(first, [0.0, 0.0])
        start[0] += min(score, 0.0)
        start[1] += max(score, 0.0)
        end = delta.setdefault(after, [0.0, 0.0])
        end[0] += max(score, 0.0)
        end[1] += min(score, 0.0)
    xs = sorted(delta)
    lows, highs, lo, hi = [], [], 0.0, 0.0
    for x in xs:
        lo, hi = lo + delta[x][0], hi + delta[x][1]
        lows.append(round(lo, 9))
        highs.append(round(hi, 9))
    return xs, lows, highs


def _pick_numbers(scored: Sequence[Event], disputed: set[str], limit: int) -> list[Event]:
    if len(scored) <= limit:
        return list(scored)
    ranked = sorted(scored, key=lambda e: (e.id not in disputed, -abs(e.goldstein or 0.0), e.id))
    keep = {e.id for e in ranked[:limit]}
    return [e for e in scored if e.id in keep]


def dyad(
    g: EventGraph,
    a: str,
    b: str,
    *,
    start: DateLike = None,
    end: DateLike = None,
    certainty: Literal["definite", "possible"] = "possible",
    affiliated: bool = True,
    labels: bool = True,
    max_labels: int = 30,
    ax: Axes | None = None,
) -> Axes:
    """Goldstein scores of the events in which one actor acts toward the other, with their
    running sum.

    Which events count is the dyad rule of :func:`dprkgraph.query.dyad` (one side acts toward
    the other), with the same default: each actor stands for everyone affiliated with it
    unless ``affiliated=False``. ``start``, ``end`` and ``certainty`` select events as in
    :func:`dprkgraph.query.events`.

    Each event is a stem from zero to its score, on a day it can be on; an event known only
    to a month or year also gets a horizontal bar across every day it could be on: one bar
    per member of a "one of" date (the stem on the earliest, a dotted line over the days
    between, which are not possible), and for an open date (``2010-08/..``) a bar to the
    axis edge with an arrow there. The axis is the window asked for, else the days the
    events name. An event whose claimants disagree
    has a thick black ring, as on the timeline. The dashed line is the running sum; where an
    event's date is known only to a month or year, the sum is drawn as a shaded band across
    those days, from the value before it to the value after it, instead of a step on a day the
    data does not give.

    Events are numbered and listed in the key (past ``max_labels`` the contested and the
    strongest are numbered, and the key says how many). Events without a CAMEO code have no
    score; the title counts them.

    Raises
    ------
    UnknownIdError
        If ``a`` or ``b`` is not an actor of ``g``.
    QueryError
        If ``a`` and ``b`` name the same actor.
    """
    import numpy as np
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.patheffects import withStroke

    if g.actor(a).id == g.actor(b).id:
        raise QueryError("b", b, f"the same actor as a={a!r}: name two actors")
    found = list(
        dyad_events(g, a, b, start=start, end=end, certainty=certainty, affiliated=affiliated)
    )
    scored = [e for e in found if e.goldstein is not None]
    disputed = set(contested(g).ids())
    ax = new_axes(ax, (12, 4.8))

    numbered = _pick_numbers(scored, disputed, max_labels) if labels else []
    number = {e.id: i + 1 for i, e in enumerate(numbered)}
    # The axis first (the window asked for, else the days the events name): a stem stands on
    # a day its event can be on inside it, and the bars of possible days are cut at its edges.
    frame_window(ax, scored or found, start, end, extent=data_extent(g))
    ax.grid(axis="x", visible=False)
    left, right = ax.get_xlim()
    stems: dict[tuple[float, float], list[Event]] = {}
    for e in scored:
        stems.setdefault((anchor(e, left, right), float(e.goldstein or 0.0)), []).append(e)
    heads = [(x, score, group) for (x, score), group in stems.items()]
    colours = [QUAD_COLOURS[group[0].quad_class] for _, _, group in heads]
    if heads:
        lines = ax.vlines(
            [h[0] for h in heads],
            0,
            [h[1] for h in heads],
            colors=colours,
            linewidth=2,
            gid="stems",
        )
        lines.set_urls([h[2][0].id for h in heads])
    for heavy in (False, True):
        picked = [
            (h, c)
            for h, c in zip(heads, colours, strict=True)
            if any(m.id in disputed for m in h[2]) is heavy
        ]
        if picked:
            dots = ax.scatter(
                [h[0] for h, _ in picked],
                [h[1] for h, _ in picked],
                c=[c for _, c in picked],
                s=48 if heavy else 36,
                zorder=3,
                edgecolors="black" if heavy else "#333333",
                linewidths=2.2 if heavy else 0.5,
                gid="marks:contested" if heavy else "marks",
            )
            dots.set_urls([h[2][0].id for h, _ in picked])
    imprecise = [e for e in scored if not e.date.exact]
    _possible_days(ax, imprecise, left, right)
    # Numbers go right of their stem; one that would run into the number before it on the
    # same level moves right past it, so close events read "12 13", never one on the other.
    points_per_day = _AXIS_WIDTH_IN * 72 / max(right - left, 1.0)
    tagged = [
        (x, score, ", ".join(str(number[m.id]) for m in group if m.id in number), group[0].id)
        for x, score, group in sorted(heads, key=lambda h: (h[0], h[1]))
        if any(m.id in number for m in group)
    ]
    spots = _number_spots(
        [((x - left) * points_per_day, score, _CHAR_PT * len(text)) for x, score, text, _ in tagged]
    )
    for (x, score, tag, first), at in zip(tagged, spots, strict=True):
        ax.annotate(
            tag,
            (x, score),
            xytext=(at - (x - left) * points_per_day, 4 if score >= 0 else -4),
            textcoords="offset points",
            fontsize=7,
            fontweight="bold",
            va="bottom" if score >= 0 else "top",
            parse_math=False,
            gid=f"label:{first}",
            path_effects=[withStroke(linewidth=2.5, foreground="white")],
        )
    ax.axhline(0, color="#444444", linewidth=0.8)

    xs, lows, highs = running_sum_bounds(scored)
    reach = max([0.0, *(abs(v) for v in lows), *(abs(v) for v in highs)])
    # A sum that outgrows the score scale gets its own axis (zeros aligned), so the stems
    # are not flattened against zero.
    sum_ax = ax.twinx() if reach > SHARED_SCALE else ax
    if xs:
        # Cut at the axis: an open end's last day is the end of the calendar.
        edges = [left, *(min(max(x, left), right) for x in xs), right]
        levels = [(0.0, 0.0), *zip(lows, highs, strict=True)]
        line_x: list[float] = []
        line_y: list[float] = []
        boxes: list[list[tuple[float, float]]] = []
        for i, (lo, hi) in enumerate(levels):
            x0, x1 = edges[i], edges[i + 1]
            if x1 <= x0:
                continue
            if lo == hi:
                line_x += [x0, x1]
                line_y += [lo, lo]
            else:
                line_x.append(x0)
                line_y.append(np.nan)
                boxes.append([(x0, lo), (x1, lo), (x1, hi), (x0, hi)])
        sum_ax.plot(
            line_x, line_y, color="#333333", linewidth=1.2, linestyle="--", gid="running-sum"
        )
        if boxes:
            sum_ax.add_collection(
                # Outlined: a range a day or two wide is a sliver that a fill alone hides.
                PolyCollection(
                    boxes,
                    facecolors=[_RANGE_FILL],
                    edgecolors=[_RANGE_EDGE],
                    linewidths=1.0,
                    gid="running-sum-range",
                ),
                autolim=False,
            )
        ax.set_xlim(left, right)
    # Room for the number under (or over) a stem at the end of the scale, off the axis line.
    edge = 11.5 if any(abs(e.goldstein or 0.0) > 9 for e in numbered) else 10.5
    if sum_ax is ax:
        ax.set_ylim(min([-edge, *(v - 1 for v in lows)]), max([edge, *(v + 1 for v in highs)]))
    else:
        ax.set_ylim(-edge, edge)
        sum_ax.set_ylim(-reach * 1.05, reach * 1.05)
        sum_ax.set_ylabel("running sum (dashed)", fontsize=8)
        sum_ax.set_zorder(ax.get_zorder() - 1)  # the stems stay on top
        ax.patch.set_visible(False)
    ax.set_ylabel("Goldstein score (−10 conflict … +10 cooperation)", fontsize=8)
    ax.grid(axis="y", color="#eeeeee")

    name_a, name_b = g.actor(a).name, g.actor(b).name
    missing = len(found) - len(scored)
    note = f"; {missing} without a CAMEO code not drawn, listed below" if missing else ""
    who = " (each with its affiliated actors)" if affiliated else " (these two actors only)"
    # A no-break space keeps a count with its noun when the title wraps.
    count = f"{len(found)}\u00a0event{'s' if len(found) != 1 else ''}"
    if missing:
        count += f", {len(scored)}\u00a0drawn"
    ax.set_title(
        textwrap.fill(
            f"{name_a} – {name_b}{who}: cooperation and conflict "
            f"({count}{note}{window_note(start, end)})",
            80,
        ),
        loc="left",
        fontsize=11,
        parse_math=False,
    )

    if not scored:
        _say_empty(g, ax, a, b, found, start=start, end=end, affiliated=affiliated)

    blank: dict[str, Any] = {"facecolor": "none", "edgecolor": "none"}
    quads = sorted({e.quad_class for e in scored if e.quad_class is not None})
    handles: list[Any] = [
        Line2D([], [], color=QUAD_COLOURS[q], linewidth=2, label=QUAD_CLASS_NAMES[q]) for q in quads
    ]
    if imprecise:
        handles.append(
            Line2D(
                [],
                [],
                color="#888888",
                linewidth=5,
                alpha=0.45,
                label="known to the month or year:\nthe bar spans the possible days",
            )
        )
    if any(surely(e) for e in imprecise):
        handles.append(
            Line2D(
                [],
                [],
                color="#888888",
                linewidth=5,
                label="interval (start/end): solid over the days\nit surely lasted",
            )
        )
    if any(len(e.date.members) > 1 for e in imprecise):
        handles.append(
            Line2D(
                [],
                [],
                color="#555555",
                linestyle=":",
                label="one of several dates: a bar for each,\ndotted over the days between",
            )
        )
    if any(e.date.open_end for e in scored):
        handles.append(
            Line2D(
                [],
                [],
                marker=">",
                linestyle="",
                color="#222222",
                label="open end (..): goes on past the right edge",
            )
        )
    if any(e.date.open_start for e in scored):
        handles.append(
            Line2D(
                [],
                [],
                marker="<",
                linestyle="",
                color="#222222",
                label="open start (..): began before the left edge",
            )
        )
    if any(e.id in disputed for e in scored):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="white",
                markeredgecolor="black",
                markeredgewidth=2.2,
                label="contested: claimants disagree",
            )
        )
    if scored:
        handles.append(
            Line2D(
                [],
                [],
                color="#333333",
                linestyle="--",
                label="running sum" if sum_ax is ax else "running sum (right-hand axis)",
            )
        )
    if imprecise:
        handles.append(
            Patch(
                facecolor=_RANGE_FILL,
                edgecolor=_RANGE_EDGE,
                linewidth=1.0,
                label="running sum while an event's day\nis unknown: somewhere in the box",
            )
        )
    handles.append(Patch(**blank, label=textwrap.fill(RULE, 44)))
    guide = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01 if sum_ax is ax else 1.09, 1.0),
        fontsize=7,
        frameon=False,
        handlelength=1.6,
        title="How to read",
        title_fontsize=8,
    )
    guide._legend_box.align = "left"  # type: ignore[attr-defined]
    for text in guide.get_texts():
        text.set_parse_math(False)
    undrawn = [e for e in found if e.goldstein is None]
    if numbered or undrawn:
        # The numbered events go in a key of their own under the chart, in columns, so a
        # long list neither runs off the page nor squeezes the chart; so do the events that
        # have no score to draw, so that none is left out unnamed.
        ax.add_artist(guide)
        guide.set_clip_on(False)  # add_artist clips to the Axes; a key sits outside
        # Titles are wrapped, never cut: the key is where the reader finds what each
        # number is; continuation lines are indented under the title.
        entries = [
            Patch(
                **blank,
                label=_key_entry(
                    f"{number[e.id]:>2}  {e.date.text}  ",
                    f"{e.title} ({e.goldstein:+.1f}){'  contested' if e.id in disputed else ''}",
                ),
            )
            for e in numbered
        ]
        if len(numbered) < len(scored):
            entries.append(
                Patch(**blank, label=f"numbers shown for {len(numbered)} of {len(scored)} events")
            )
        if undrawn:
            entries.append(Patch(**blank, label="not drawn, no CAMEO code (no Goldstein score):"))
            entries += [
                Patch(**blank, label=_key_entry(f"    {e.date.text}  ", e.title))
                for e in undrawn[:_UNDRAWN_LISTED]
            ]
            if len(undrawn) > _UNDRAWN_LISTED:
                entries.append(
                    Patch(**blank, label=f"    … and {len(undrawn) - _UNDRAWN_LISTED} more")
                )
        key = ax.legend(
            handles=entries,
            loc="upper left",
            bbox_to_anchor=(0.0, -0.08),
            fontsize=7,
            frameon=False,
            handlelength=0,
            handletextpad=0,
            ncol=1 if len(entries) <= 6 else 2 if len(entries) <= 24 else 3,
            columnspacing=2.0,
            title="Events",
            title_fontsize=8,
            alignment="left",
        )
        for text in key.get_texts():
            text.set_parse_math(False)
    return ax


def _say_empty(
    g: EventGraph,
    ax: Axes,
    a: str,
    b: str,
    found: Sequence[Event],
    *,
    start: DateLike,
    end: DateLike,
    affiliated: bool,
) -> None:
    """Say in the middle of an empty chart why nothing is drawn, and where the pair's events
    are if the window missed them."""
    pair = f"{g.actor(a).name} and {g.actor(b).name} act toward each other"
    window = window_note(start, end).lstrip(", ")
    where = f" in this window ({window})" if window else ""
    if found:
        text = (
            f"None of the {len(found)} events in which {pair}{where} has a CAMEO code,\n"
            "so none has a Goldstein score to draw."
        )
    else:
        ever = list(dyad_events(g, a, b, affiliated=affiliated))
        reason = (
            f"their events run from {min(e.date.frame[0] for e in ever)} "
            f"to {max(e.date.frame[1] for e in ever)}"
            if ever
            else "neither acts toward the other in any event of the dataset"
        )
        text = f"No events in which {pair}{where}:\n{reason}."
    # Above the middle, clear of the zero line.
    empty_note(ax, "\n".join(textwrap.fill(line, 90) for line in text.splitlines()), y=0.75)


def _possible_days(ax: Axes, imprecise: Sequence[Event], left: float, right: float) -> None:
    """A bar at each imprecise event's score over the days it could be on, cut at the axis,
    solid over the days an interval surely lasted:
    one per member of a "one of" set with a dotted line over the days between (not
    possible), and an arrow at an edge an open date runs past."""
    bars: list[tuple[float, float, float, Any, str]] = []
    gaps: list[tuple[float, float, float, str]] = []
    opens: dict[str, list[tuple[float, float, str]]] = {"start": [], "end": []}
    cores: list[tuple[float, float, float, Any, str]] = []
    for e in imprecise:
        score, colour = float(e.goldstein or 0.0), QUAD_COLOURS[e.quad_class]
        parts = segments(e)
        bars += [(score, a, b, colour, e.id) for a, b in clip(parts, left, right)]
        between = [(b, c) for (_, b), (c, _) in pairwise(parts) if c > b]
        gaps += [(score, a, b, e.id) for a, b in clip(between, left, right)]
        days = surely(e)
        cores += [(score, a, b, colour, e.id) for a, b in clip([days] if days else [], left, right)]
        if e.date.open_start and parts[0][0] < left:
            opens["start"].append((left, score, e.id))
        if e.date.open_end and parts[-1][1] > right:
            opens["end"].append((right, score, e.id))
    if bars:
        ranges = ax.hlines(
            [b[0] for b in bars],
            [b[1] for b in bars],
            [b[2] for b in bars],
            colors=[b[3] for b in bars],
            linewidth=5,
            alpha=0.45,
            gid="ranges",
        )
        ranges.set_urls([b[4] for b in bars])
    if cores:
        # An interval lasted through these days: solid over its faded bar of possible days.
        solid = ax.hlines(
            [b[0] for b in cores],
            [b[1] for b in cores],
            [b[2] for b in cores],
            colors=[b[3] for b in cores],
            linewidth=5,
            gid="interval-days",
        )
        solid.set_urls([b[4] for b in cores])
    if gaps:
        dotted = ax.hlines(
            [g[0] for g in gaps],
            [g[1] for g in gaps],
            [g[2] for g in gaps],
            colors="#555555",
            linewidth=0.9,
            linestyles=":",
            gid="one-of-gaps",
        )
        dotted.set_urls([g[3] for g in gaps])
    open_arrows(ax, opens)


def _number_spots(tags: Sequence[tuple[float, float, float]]) -> list[float]:
    """Where each number's left end goes, in points from the axis's left edge, given each
    one's stem, level (score) and width, in the stems' order: just right of its stem and past
    the numbers before it on its level; where a row of numbers would then run past the
    right-hand edge, the row moves left, in order, until its last number fits.

    >>> _number_spots([(10.0, 8.0, 11.0), (12.0, 8.0, 11.0), (12.0, -5.0, 11.0)])
    [15.0, 30.0, 17.0]
    """

    def same_level(i: int, j: int) -> bool:
        a, b = tags[i][1], tags[j][1]
        return abs(a - b) < _SAME_LEVEL and (a >= 0) == (b >= 0)

    starts: list[float] = []
    for i, (stem, _, _) in enumerate(tags):
        at = stem + 5.0
        for j in sorted(range(i), key=lambda j: starts[j]):
            if same_level(i, j) and at < starts[j] + tags[j][2] + _GAP_PT:
                at = max(at, starts[j] + tags[j][2] + _GAP_PT)
        starts.append(at)
    edge = _AXIS_WIDTH_IN * 72 - _GAP_PT
    first = list(starts)
    for i in reversed(range(len(tags))):
        stop = min(
            [edge]
            + [
                starts[j] - _GAP_PT
                for j in range(i + 1, len(tags))
                if same_level(i, j) and first[j] >= first[i]
            ]
        )
        starts[i] = min(starts[i], stop - tags[i][2])
    return starts


def _key_entry(head: str, text: str, width: int = 52) -> str:
    """One numbered line of the key: ``head`` then ``text`` wrapped to about ``width``
    characters, the following lines indented under the date."""
    lines = wrap(text, width).split("\n")
    indent = " " * 8
    return "\n".join([head + lines[0].rstrip(), *(indent + line.strip() for line in lines[1:])])
