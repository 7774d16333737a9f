"""The swimlane timeline: one lane per actor, each event on the lanes of its participants."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from dprkgraph.cameo import QUAD_CLASS_NAMES
from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.model import Event, RelationType, Role
from dprkgraph.plot._common import (
    KIND_ORDER,
    QUAD_COLOURS,
    ColourBy,
    anchor,
    clip,
    colour_of,
    data_extent,
    empty_note,
    frame_window,
    goldstein_colourbar,
    lane_ticks,
    new_axes,
    open_arrows,
    segments,
    stack_lanes,
    surely,
    window_note,
    wrap,
)
from dprkgraph.plot._counts import draw_counts
from dprkgraph.query import DateLike, contested, events

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["swimlane", "swimlane_size"]

#: The lane of events none of whose participants has a lane, own or affiliated. Not a valid
#: actor id, so no actor can take it.
OTHER = " other"
OTHER_NAME = "Other actors"

#: Marker shape of each role, grouped by what the role says about the actor.
ROLE_GROUPS: dict[str, tuple[str, str, tuple[Role, ...]]] = {
    "acts": (
        "^",
        "acts: initiator, speaker, signatory,\nvisitor, author, publisher",
        (Role.INITIATOR, Role.SPEAKER, Role.SIGNATORY, Role.VISITOR, Role.AUTHOR, Role.PUBLISHER),
    ),
    "acted-on": (
        "v",
        "acted on: target, addressee,\nsubject, host",
        (Role.TARGET, Role.ADDRESSEE, Role.SUBJECT, Role.HOST),
    ),
    "party": ("o", "party", (Role.PARTY,)),
    "mediator": ("D", "mediator", (Role.MEDIATOR,)),
    "accused": ("X", "accused by some claims", (Role.ACCUSED,)),
}
_GROUP_OF = {role: group for group, (_, _, roles) in ROLE_GROUPS.items() for role in roles}
_KEY_WIDTH = 58  # characters of a key line before it wraps
_NOT_ON_A_LANE_LISTED = 12
#: About how wide the chart's axes are on a figure of :func:`swimlane_size` or on the summary
#: page, in inches (a little less, to be safe), and in points: half a day marker, the room
#: between a mark and its number and after the number, and a bold digit of a number.
_AXIS_WIDTH_IN = 7.5
_DOT_PT = 3.6
_GAP_PT = 2.5
_DIGIT_PT = 4.6
_TAG_SIZE = 6.5


class _Place(NamedTuple):
    """One event drawn on one lane: the role shown, and the actor it stands for when that
    actor has no lane of its own and is drawn on the lane of the actor it belongs to."""

    event: Event
    lane: str
    role: Role
    via: str | None = None


def _choose_lanes(
    g: EventGraph,
    counts: Counter[str],
    actors: Iterable[str] | None,
    max_actors: int,
    group_by: Literal["kind", "affiliation"],
) -> list[str]:
    if actors is not None:
        chosen = list(dict.fromkeys(actors))
        for a in chosen:
            g.actor(a)
        return chosen
    top = sorted(counts, key=lambda a: (-counts[a], a))[:max_actors]
    if group_by == "kind":
        return sorted(top, key=lambda a: (KIND_ORDER.index(g.actor(a).kind.value), -counts[a], a))

    def home(a: str) -> str:
        return g.actor(a).affiliation or a

    return sorted(top, key=lambda a: (home(a), g.actor(a).affiliation is not None, -counts[a], a))


def _home_lane(
    g: EventGraph, actor: str, on_lane: set[str], cache: dict[str, str | None]
) -> str | None:
    """The nearest lane up the actor's chain of affiliations, or None."""
    if actor not in cache:
        seen = {actor}
        up = g.actor(actor).affiliation
        while up is not None and up not in on_lane and up not in seen:
            seen.add(up)
            up = g.actor(up).affiliation
        cache[actor] = up if up in on_lane else None
    return cache[actor]


def _place(
    g: EventGraph, shown: Sequence[Event], lanes: Sequence[str]
) -> tuple[list[_Place], dict[str, set[str]]]:
    """Where each event is drawn: on the lane of each participant that has one; a participant
    without a lane on the lane of the actor it belongs to (marked ``via``); an event that
    reaches no lane at all on the :data:`OTHER` lane. Also, for each participant without a
    lane, where it is drawn (a lane, :data:`OTHER`, or "" for nowhere of its own)."""
    on_lane = set(lanes)
    homes: dict[str, str | None] = {}
    where: dict[str, set[str]] = {}
    placed: list[_Place] = []
    for e in shown:
        here: dict[str, _Place] = {}
        loose = []
        for p in e.participants:
            if p.actor not in on_lane:
                loose.append(p)
            elif p.actor not in here:
                here[p.actor] = _Place(e, p.actor, p.role)
        for p in loose:
            home = homes[p.actor] if p.actor in homes else _home_lane(g, p.actor, on_lane, homes)
            if home is not None and home not in here:
                here[home] = _Place(e, home, p.role, p.actor)
            spots = where.get(p.actor)
            if spots is None:
                where[p.actor] = {home or ""}
            else:
                spots.add(home or "")
        if not here:
            here[OTHER] = _Place(e, OTHER, e.participants[0].role)
            for p in loose:
                where[p.actor].discard("")
                where[p.actor].add(OTHER)
        placed.extend(here.values())
    return placed, where


@dataclass(frozen=True)
class _Item:
    """One place on a lane and the stretch of the axis it takes, its number included."""

    place: _Place
    x0: float
    x1: float
    numbered: bool


def _pack(items: Sequence[_Item], max_tracks: int) -> dict[int, int]:
    """Give each item of one lane a track so that no two items overlap. Past ``max_tracks``
    an unnumbered item shares the track that frees first; a numbered one always gets a track
    clear of every other item, so no number prints over another. Keyed by ``id`` of the
    item's place."""
    ends: list[float] = []
    track: dict[int, int] = {}
    for it in sorted(items, key=lambda i: (i.x0, -(i.x1 - i.x0), i.place.event.id)):
        free = next((t for t, e in enumerate(ends) if e <= it.x0), None)
        if free is None and (it.numbered or len(ends) < max_tracks):
            free = len(ends)
            ends.append(it.x1)
        elif free is None:
            free = min(range(len(ends)), key=lambda t: (ends[t], t))
        ends[free] = max(ends[free], it.x1)
        track[id(it.place)] = free
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
    max_tracks: int = 8,
    max_events: int = 1000,
    key: Literal["right", "below"] = "right",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A swimlane timeline: one lane per actor, each event on the lanes of its participants.

    Every event in the window is drawn. A participant without a lane of its own is drawn on
    the lane of the actor it belongs to (its affiliation, or theirs), hollow; an event none of
    whose participants reaches a lane that way goes on an "Other actors" lane at the bottom.
    The key lists the actors without a lane and where they are drawn. The marker's shape is
    the actor's role: it acts (initiator, speaker…), is acted on (target, addressee…), is a
    party, a mediator, or is accused.

    Events that overlap in time on one lane are stacked on separate tracks within the lane, so
    nothing hides anything else. Each labelled event carries a number, and the key beside the
    chart gives its date and full title, wrapped. Past ``max_events`` events, one mark per
    event is no longer legible: each lane then shows how many events fall in each week,
    month, quarter or year, and the title and key say so.

    A window without events gives an empty chart that says so, framed on the window asked
    for; it is not an error.

    Parameters
    ----------
    actors
        Lanes to draw, top to bottom; default the ``max_actors`` actors with most events in
        the window, grouped by ``group_by``.
    max_actors
        How many lanes to draw when ``actors`` is not given (at least 1).
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
    max_events
        Most events drawn one by one; past it, each lane shows counts over time.
    key
        ``"right"`` of the chart (the default), or ``"below"`` it in three columns, for a
        portrait page.

    Returns
    -------
    Axes
        With one lane (y tick) per actor, and one for other actors when needed.

    Raises
    ------
    QueryError
        If ``colour_by``, ``group_by``, ``max_actors`` or ``max_events`` has no usable value,
        or a filter is not valid.
    UnknownIdError
        If an actor of ``actors`` is not in the graph.

    Examples
    --------
    >>> ax = swimlane(g)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Alphaland', 'Betaland']
    >>> ax.get_title(loc="left")
    'Events by actor (2 events)'
    """
    if colour_by not in ("quad_class", "goldstein"):
        raise QueryError("colour_by", colour_by, "'quad_class' or 'goldstein'")
    if group_by not in ("kind", "affiliation"):
        raise QueryError("group_by", group_by, "'kind' or 'affiliation'")
    if isinstance(max_actors, bool) or not isinstance(max_actors, int) or max_actors < 1:
        raise QueryError("max_actors", max_actors, "a whole number of lanes, 1 or more")
    if isinstance(max_events, bool) or not isinstance(max_events, int) or max_events < 0:
        raise QueryError("max_events", max_events, "a whole number of events, 0 or more")

    shown = list(events(g, start=start, end=end, certainty=certainty, type=type))
    counts: Counter[str] = Counter(a for e in shown for a in e.actors())
    lanes = _choose_lanes(g, counts, actors, max_actors, group_by)
    places, where = _place(g, shown, lanes)
    if any(p.lane == OTHER for p in places):
        lanes = [*lanes, OTHER]
    names = {a: OTHER_NAME if a == OTHER else g.actor(a).name for a in lanes}
    if len(shown) > max_events:
        ax, key_lines, note = draw_counts(
            ax,
            shown,
            places,
            lanes,
            names,
            colour_by=colour_by,
            max_events=max_events,
            start=start,
            end=end,
            italic=OTHER,
        )
    else:
        ax, key_lines, note = _draw_marks(
            g,
            ax,
            shown,
            places,
            lanes,
            names,
            colour_by=colour_by,
            relations=relations,
            labels=labels,
            max_labels=max_labels,
            max_tracks=max_tracks,
            start=start,
            end=end,
            extent=None if shown else data_extent(g),
        )
    if shown:
        _legend(ax, key_lines + _not_on_a_lane(g, where, counts, names), below=key == "below")
    if colour_by == "goldstein":
        goldstein_colourbar(ax)
    if not shown:
        _say_empty(ax, data_extent(g), start, end, typed=type is not None)
    if title is None:
        coded = sum(1 for e in shown if e.provenance.value == "machine-coded")
        mix = f": {len(shown) - coded:,} curated, {coded:,} machine-coded" if coded else ""
        title = f"Events by actor ({len(shown):,} events{mix}{note}{window_note(start, end)})"
    ax.set_title(title, loc="left", fontsize=11, parse_math=False)
    return ax


def swimlane_size(ax: Axes) -> tuple[float, float]:
    """Width and height in inches a figure needs to show this swimlane and its whole key.

    The height follows the lanes or the key beside them, whichever is taller, so the key is
    never cut.
    """
    lanes = ax.get_ylim()[1]
    legend = ax.get_legend()
    lines = 0.0
    if legend is not None:
        for text in legend.get_texts():
            lines += text.get_text().count("\n") + 1.4
    key = 0.6 + lines * 7 * 1.22 / 72
    return 14.0, max(4.5, 1.4 + 0.36 * lanes, key + 1.0)


def _say_empty(
    ax: Axes, extent: tuple[date, date] | None, start: DateLike, end: DateLike, *, typed: bool
) -> None:
    where = (
        f"the dataset's events run from {extent[0]} to {extent[1]}"
        if extent
        else "the dataset has no events"
    )
    window = window_note(start, end).lstrip(", ")
    what = "No events" + (" of the types asked for" if typed else "")
    what += f" in this window ({window})" if window else ""
    empty_note(ax, f"{what}:\n{where}.")
    ax.set_yticks([])


def _draw_marks(
    g: EventGraph,
    ax: Axes | None,
    shown: Sequence[Event],
    places: Sequence[_Place],
    lanes: Sequence[str],
    names: dict[str, str],
    *,
    colour_by: ColourBy,
    relations: bool,
    labels: bool,
    max_labels: int,
    max_tracks: int,
    start: DateLike,
    end: DateLike,
    extent: tuple[date, date] | None,
) -> tuple[Axes, list[str], str]:
    """One mark (a day) or bar (the possible days) per place; returns the Axes, the key's
    lines and a note for the title."""
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import to_rgba
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    disputed = set(contested(g).ids())
    labelled = _pick_labels(shown, disputed, max_labels) if labels else []
    number = {e.id: i + 1 for i, e in enumerate(labelled)}

    created = ax is None
    ax = new_axes(ax, (13, 6))
    # The axis first: a bar of an open or window-cut date is drawn only as far as its edge,
    # and a number goes where the drawn mark ends.
    frame_window(ax, shown, start, end, extent=extent)
    left, right = ax.get_xlim()
    pt = (right - left) / (_AXIS_WIDTH_IN * 72)  # days per point
    dot = _DOT_PT * pt
    at_x = {e.id: anchor(e, left, right) for e in shown}
    drawn = {e.id: clip(segments(e), left, right) for e in shown if not e.date.exact}
    tags = {
        e.id: _tag(str(number[e.id]), at_x[e.id], drawn.get(e.id), right, pt)
        for e in shown
        if e.id in number
    }
    items: dict[str, list[_Item]] = {a: [] for a in lanes}
    for p in places:
        e = p.event
        x0, x1 = at_x[e.id] - dot, at_x[e.id] + dot
        if drawn.get(e.id):
            x0, x1 = min(x0, drawn[e.id][0][0]), max(x1, drawn[e.id][-1][1])
        if e.id in tags:
            x0, x1 = min(x0, tags[e.id][2]), max(x1, tags[e.id][3])
        items[p.lane].append(_Item(p, x0, x1 + _GAP_PT * pt, e.id in tags))
    tracks: dict[int, int] = {}
    depth: dict[str, float] = {}
    for a in lanes:
        packed = _pack(items[a], max_tracks)
        tracks.update(packed)
        depth[a] = max(packed.values(), default=0) + 1
    top, total = stack_lanes(lanes, depth)
    if created and isinstance(ax.figure, Figure):
        ax.figure.set_size_inches(13, 1.5 + 0.42 * total)

    def ypos(p: _Place) -> float:
        return total - (top[p.lane] + tracks[id(p)] + 0.5)

    lane_ticks(ax, lanes, names, top, depth, total, italic=OTHER)
    half = 0.34
    # Marks, bars and connectors are drawn as a few collections (one per style), not one
    # artist per event. Each element's event id is kept in the collection's urls.
    marks: dict[tuple[str, bool], list[tuple[float, float, Any, Any, float, str]]] = {}
    glyphs: dict[str, list[tuple[float, float, str]]] = {}
    bars: dict[tuple[bool, bool, bool], list[tuple[float, float, float, Any, Any, str]]] = {}
    opens: dict[str, list[tuple[float, float, str]]] = {"start": [], "end": []}
    ys_of: dict[str, list[float]] = {}
    for p in places:
        ys_of.setdefault(p.event.id, []).append(ypos(p))
    connectors = [
        (at_x[e.id], min(ys_of[e.id]), max(ys_of[e.id]), e.id)
        for e in shown
        if len(ys_of[e.id]) > 1
    ]
    colours = {e.id: colour_of(e, colour_by) for e in shown}
    gaps: list[tuple[float, float, float, str]] = []
    cores: list[tuple[float, float, float, Any, Any, str]] = []
    for p in places:
        e = p.event
        colour = colours[e.id]
        heavy = e.id in disputed
        edge = "black" if heavy else colour if p.via else "#333333"
        face = "white" if p.via else colour
        group = _GROUP_OF[p.role]
        coded = e.provenance.value == "machine-coded"
        yy = ypos(p)
        if e.date.exact:
            marks.setdefault((group, coded), []).append(
                (at_x[e.id], yy, face, edge, 2.2 if heavy else 1.4 if p.via else 0.6, e.id)
            )
        else:
            # A bar per stretch of possible days (one per member of a "one of" set, with a
            # dotted line over the days between), cut at the axis; an open side is marked
            # at the edge it runs past.
            qualified = e.date.approximate or e.date.uncertain
            parts = segments(e)
            bars.setdefault((qualified, coded, heavy), []).extend(
                (a, yy, b - a, face, edge, e.id) for a, b in drawn[e.id]
            )
            days = surely(e)
            cores += [
                (a, yy, b - a, face, edge, e.id)
                for a, b in clip([days] if days else [], left, right)
            ]
            gaps += [
                (b, c, yy, e.id)
                for (b, c) in clip(
                    [(b, c) for (_, b), (c, _) in pairwise(parts) if c > b],
                    left,
                    right,
                )
            ]
            glyphs.setdefault(group, []).append((at_x[e.id], yy, e.id))
            if e.date.open_start and parts[0][0] < left:
                opens["start"].append((left, yy, e.id))
            if e.date.open_end and parts[-1][1] > right:
                opens["end"].append((right, yy, e.id))
        if e.id in tags:
            x, ha = tags[e.id][:2]
            ax.text(
                x,
                yy,
                str(number[e.id]),
                fontsize=_TAG_SIZE,
                ha=ha,
                va="center",
                fontweight="bold",
                color="#222222",
                zorder=5,
                parse_math=False,
                gid=f"label:{e.id}",
            )
    open_arrows(ax, opens)
    if connectors:
        lines = ax.vlines(
            [c[0] for c in connectors],
            [c[1] for c in connectors],
            [c[2] for c in connectors],
            colors="#9a9a9a",
            linewidth=0.7,
            zorder=1,
            gid="connectors",
        )
        lines.set_urls([c[3] for c in connectors])
    if gaps:
        between = ax.hlines(
            [x[2] for x in gaps],
            [x[0] for x in gaps],
            [x[1] for x in gaps],
            colors="#555555",
            linewidth=0.9,
            linestyles=":",
            zorder=2,
            gid="one-of-gaps",
        )
        between.set_urls([x[3] for x in gaps])
    for (group, coded), points in sorted(marks.items()):
        dots = ax.scatter(
            [m[0] for m in points],
            [m[1] for m in points],
            s=46,
            marker=ROLE_GROUPS[group][0],
            c=[to_rgba(m[2], 0.6 if coded else None) for m in points],
            edgecolors=[m[3] for m in points],
            linewidths=[m[4] for m in points],
            zorder=3,
            gid=f"marks:{group}{'-coded' if coded else ''}",
        )
        dots.set_urls([m[5] for m in points])
    for (qualified, coded, heavy), boxes in sorted(bars.items()):
        patches = PatchCollection(
            [Rectangle((b[0], b[1] - half), b[2], 2 * half) for b in boxes],
            # Only the fill fades: the outline stays whole, so a pale colour still shows.
            facecolors=[to_rgba(b[3], 0.35 if qualified or coded else 0.6) for b in boxes],
            edgecolors=[b[4] for b in boxes],
            hatch="////" if qualified else None,
            linewidths=2.2 if heavy else 0.9,
            linestyles=":" if coded else "--" if qualified else "-",
            zorder=2,
            gid=f"bars:{'qualified' if qualified else 'plain'}"
            f"{'-coded' if coded else ''}{'-contested' if heavy else ''}",
        )
        patches.set_urls([b[5] for b in boxes])
        ax.add_collection(patches)
    if cores:
        # An interval lasted through these days: solid over its faded bar of possible days.
        solid = PatchCollection(
            [Rectangle((b[0], b[1] - half), b[2], 2 * half) for b in cores],
            facecolors=[b[3] for b in cores],
            edgecolors=[b[4] for b in cores],
            linewidths=0.9,
            zorder=2.5,
            gid="interval-days",
        )
        solid.set_urls([b[5] for b in cores])
        ax.add_collection(solid)
    for group, spots in sorted(glyphs.items()):
        shapes = ax.scatter(
            [m[0] for m in spots],
            [m[1] for m in spots],
            s=16,
            marker=ROLE_GROUPS[group][0],
            c="white",
            edgecolors="#333333",
            linewidths=0.6,
            zorder=3,
            gid=f"roles:{group}",
        )
        shapes.set_urls([m[2] for m in spots])

    if relations:
        # Arrows join numbered events only: past a few dozen, arrows are a tangle, not news.
        at = {e.id: (at_x[e.id], max(ys_of[e.id])) for e in shown if e.id in number or not labels}
        for e in shown:
            for r in e.relations:
                if r.type is RelationType.LED_TO and r.event in at and e.id in at:
                    ax.annotate(
                        "",
                        xy=at[r.event],
                        xytext=at[e.id],
                        arrowprops={
                            "arrowstyle": "-|>",
                            "color": "#404040",
                            "lw": 1.1,
                            "connectionstyle": "arc3,rad=-0.35",
                            "shrinkA": 4,
                            "shrinkB": 4,
                        },
                        zorder=4,
                        gid=f"arrow:{e.id}->{r.event}",
                    )

    key = _mark_key(
        shown, places, colour_by, relations, thinned=labels and len(labelled) < len(shown)
    )
    if labelled:
        key += ["", "#Events"]
        key += [wrap(f"{number[e.id]:>2}  {e.date.text}  {e.title}", _KEY_WIDTH) for e in labelled]
        if len(labelled) < len(shown):
            key.append(f"numbers shown for {len(labelled)} of {len(shown)} events")
    return ax, key, ""


def _mark_key(
    shown: Sequence[Event],
    places: Sequence[_Place],
    colour_by: ColourBy,
    relations: bool,
    *,
    thinned: bool,
) -> list[str]:
    """The key's lines; a line's leading sign names its handle (see :func:`_legend`)."""
    key = [
        "#How to read",
        "o|known to the day",
        "box|known to the month or year:\nthe bar spans the possible days",
        "hatch|approximate or uncertain date",
        *(
            ["interval|interval (start/end): solid over the days\nit surely lasted"]
            if any(surely(e) for e in shown)
            else []
        ),
        "heavy|contested: claimants disagree",
        "line|same event, several actors",
    ]
    if any(len(e.date.members) > 1 for e in shown):
        key.append(
            "gap|one of several dates: a bar for each,\ndotted over the days between (not possible)"
        )
    if any(e.date.open_end for e in shown):
        key.append("open-end|open end (..): goes on past the chart's right edge")
    if any(e.date.open_start for e in shown):
        key.append(
            "open-start|open start (..): began at some time before\nthe chart's left edge"
            " (a bar without it is cut by the window)"
        )
    if any(e.provenance.value == "machine-coded" for e in shown):
        key.append("coded|machine-coded: paler, dotted bar if imprecise")
    if relations:
        key.append("arrow|led to (between numbered events)" if thinned else "arrow|led to")
    groups = {_GROUP_OF[p.role] for p in places}
    key += ["", "#Marker shape: the actor's role"]
    key += [f"role:{g}|{label}" for g, (_, label, _) in ROLE_GROUPS.items() if g in groups]
    if any(p.via for p in places):
        key.append(
            "hollow|hollow: an actor without a lane of its own,\n"
            "drawn on the lane of the actor it belongs to"
        )
    key += ["", "#Colour"]
    if colour_by == "quad_class":
        key += [f"quad:{q}|{QUAD_CLASS_NAMES[q]}" for q in (1, 2, 3, 4)]
    else:
        key.append("Goldstein score, on the scale below")
    key.append("quad:none|no CAMEO code")
    return key


def _not_on_a_lane(
    g: EventGraph, where: dict[str, set[str]], counts: Counter[str], names: dict[str, str]
) -> list[str]:
    """Key lines naming the actors without a lane and where their events are drawn."""
    if not where:
        return []
    ranked = sorted(where, key=lambda a: (-counts[a], a))
    lines = ["", f"#{len(ranked):,} actor{'s' if len(ranked) != 1 else ''} without a lane"]
    for a in ranked[:_NOT_ON_A_LANE_LISTED]:
        spots = [names[s] for s in sorted(where[a] - {""}, key=lambda s: (s == OTHER, names[s]))]
        shown = ("on " + " and ".join(spots)) if spots else "no mark of its own"
        lines.append(wrap(f"  {g.actor(a).name} ({counts[a]:,}): {shown}", _KEY_WIDTH))
    if len(ranked) > _NOT_ON_A_LANE_LISTED:
        lines.append(f"  … and {len(ranked) - _NOT_ON_A_LANE_LISTED:,} more")
    return lines


def _legend(ax: Axes, key: Sequence[str], *, below: bool = False) -> None:
    """Draw the key: each line "handle|text", "#heading", or plain text (no handle); beside
    the chart, or ``below`` it in three columns (for a portrait page).

    Every text is kept literal, and none is dropped (matplotlib skips labels that start with
    an underscore, so no line may: the texts built here never do).
    """
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    grey = "#777777"
    blank: dict[str, Any] = {"facecolor": "none", "edgecolor": "none"}
    handles: dict[str, Any] = {
        "o": Line2D([], [], marker="o", linestyle="", color=grey),
        "box": Patch(facecolor=to_rgba(grey, 0.6), edgecolor="#333333"),
        "hatch": Patch(
            facecolor=to_rgba(grey, 0.35), hatch="////", edgecolor="#333333", linestyle="--"
        ),
        "heavy": Patch(facecolor="white", edgecolor="black", linewidth=2.2),
        "interval": Patch(facecolor=grey, edgecolor="#333333"),
        "line": Line2D([], [], color="#9a9a9a"),
        "gap": Line2D([], [], color="#555555", linestyle=":"),
        "hollow": Line2D(
            [],
            [],
            marker="^",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor="#b2182b",
            markeredgewidth=1.4,
        ),
        "open-end": Line2D([], [], marker=">", linestyle="", color="#222222"),
        "open-start": Line2D([], [], marker="<", linestyle="", color="#222222"),
        "coded": Line2D(
            [], [], marker="o", linestyle="", markerfacecolor=to_rgba(grey, 0.6), color="#333333"
        ),
        "arrow": Line2D([], [], color="#404040", marker=">"),
        "spread": Patch(facecolor=grey, alpha=0.35, hatch="////", edgecolor="none"),
        "quad:none": Patch(facecolor=QUAD_COLOURS[None]),
    }
    for q in (1, 2, 3, 4):
        handles[f"quad:{q}"] = Patch(facecolor=QUAD_COLOURS[q])
    for group, (marker, _, _) in ROLE_GROUPS.items():
        handles[f"role:{group}"] = Line2D([], [], marker=marker, linestyle="", color="#555555")
    drawn: list[Any] = []
    bold: list[int] = []
    columns = _columns(key, 3) if below else [list(key)]
    rows = max(len(c) for c in columns)
    # A legend fills its columns top to bottom, the same number of entries in each: padding
    # each column to the longest makes every column break where _columns chose.
    for line in (line for c in columns for line in [*c, *[""] * (rows - len(c))]):
        if line.startswith("#"):
            bold.append(len(drawn))
            drawn.append(Patch(**blank, label=line[1:]))
        elif "|" in line.split("\n")[0] and line.split("|", 1)[0] in handles:
            name, text = line.split("|", 1)
            handle = handles[name]
            drawn.append(_relabelled(handle, text))
        elif line.startswith("band:"):
            colour, text = line[5:].split("|", 1)
            drawn.append(Patch(facecolor=colour, label=text))
        else:
            drawn.append(Patch(**blank, label=line or " "))
    place: dict[str, Any] = (
        {"loc": "upper left", "bbox_to_anchor": (0.0, -0.06), "ncol": len(columns)}
        if below
        else {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0)}
    )
    legend = ax.legend(
        handles=drawn, fontsize=7, frameon=False, handlelength=1.6, labelspacing=0.35, **place
    )
    legend._legend_box.align = "left"  # type: ignore[attr-defined]
    for i, label in enumerate(legend.get_texts()):
        label.set_parse_math(False)
        if i in bold:
            label.set_fontweight("bold")


def _columns(key: Sequence[str], n: int) -> list[list[str]]:
    """The key's lines in at most ``n`` columns about as tall as each other, each part (a
    heading and its lines) kept whole in one column; a long list (the numbered events, the
    actors without a lane) may go on in the next column under its heading marked
    "(continued)".

    >>> _columns(["#A", "a1", "", "#B", "b1", "b2"], 2)
    [['#A', 'a1'], ['#B', 'b1', 'b2']]
    """
    parts: list[list[str]] = [[]]
    for line in key:
        if line:
            parts[-1].append(line)
        elif parts[-1]:
            parts.append([])
    parts = [p for p in parts if p]

    def tall(lines: Sequence[str]) -> float:
        return sum(line.count("\n") + 1.35 for line in lines)

    def fit(room: float) -> list[list[str]] | None:
        columns: list[list[str]] = [[]]
        for part in parts:
            gap = [""] if columns[-1] else []
            if tall(columns[-1] + gap + part) <= room:
                columns[-1] += gap + part
                continue
            long = len(part) > 8 and part[0].startswith("#")
            if not long:
                if tall(part) > room:
                    return None
                columns.append(list(part))
                continue
            head, rest = part[0], part[1:]
            if tall([*columns[-1], *gap, head, *rest[:3]]) > room:
                columns.append([])
                gap = []
            columns[-1] += [*gap, head]
            for line in rest:
                if tall([*columns[-1], line]) > room:
                    columns.append([f"{head} (continued)"])
                columns[-1].append(line)
        return columns if len(columns) <= n else None

    low, high = max(tall(p[:4]) for p in parts), tall(key) + 1.0
    best = fit(high)
    while high - low > 0.5:
        middle = (low + high) / 2
        found = fit(middle)
        if found is None:
            low = middle
        else:
            high, best = middle, found
    return best or [list(key)]


def _relabelled(handle: Any, text: str) -> Any:
    from copy import copy

    fresh = copy(handle)
    fresh.set_label(text)
    return fresh


def _tag(
    text: str, x: float, parts: Sequence[tuple[float, float]] | None, right: float, pt: float
) -> tuple[float, Literal["left", "right"], float, float]:
    """Where an event's number goes: just after its mark (at ``x``) or after the last drawn
    stretch of its bar, or, for a bar that runs to the right-hand edge, just inside it. Returns
    the text's x and alignment, and the stretch of the axis it takes (``pt``: days per point).
    """
    wide = len(text) * _DIGIT_PT * pt
    after = parts[-1][1] if parts else x + _DOT_PT * pt
    if after + (_GAP_PT + _DOT_PT) * pt + wide > right:
        at = right - _GAP_PT * pt
        return at, "right", at - wide, at
    at = after + _GAP_PT * pt
    return at, "left", at, at + wide


def _pick_labels(shown: Sequence[Event], disputed: set[str], limit: int) -> list[Event]:
    if len(shown) <= limit:
        return list(shown)
    ranked = sorted(
        shown,
        key=lambda e: (e.id not in disputed, -len(e.participants), -abs(e.goldstein or 0), e.id),
    )
    keep = {e.id for e in ranked[:limit]}
    return [e for e in shown if e.id in keep]
