"""Events by actor, type, code, window, role and time relation; an event's participants; how
two events stand in time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from dprkgraph.dates import ImpreciseDate, parse_date
from dprkgraph.errors import QueryError, suggest
from dprkgraph.graph import EventGraph
from dprkgraph.model import Actor, Event, EventType, Role
from dprkgraph.query._base import (
    _EVENT_TYPES,
    Certainty,
    DateLike,
    _as_list,
    _chronological,
    is_columnar,
    window_bound,
)
from dprkgraph.results import EventSet
from dprkgraph.temporal import (
    AFTER,
    BEFORE,
    SAME_DAY,
    WITHIN,
    Span,
    TimeRelation,
    relate,
    span,
)

if TYPE_CHECKING:
    from dprkgraph.columnar.store import ColumnarStore


def events(
    g: EventGraph | ColumnarStore,
    *,
    actor: str | Iterable[str] | None = None,
    actors_all: Iterable[str] | None = None,
    type: str | Iterable[str] | None = None,
    cameo: str | Iterable[str] | None = None,
    quad_class: int | Iterable[int] | None = None,
    start: DateLike = None,
    end: DateLike = None,
    certainty: Certainty = "possible",
    provenance: str | None = None,
    role: str | Iterable[str] | None = None,
    during: Anchor = None,
    before: Anchor = None,
    after: Anchor = None,
    same_day_as: Anchor = None,
    min_sources: int | None = None,
) -> EventSet:
    """Events matching every filter given, in chronological order.

    Parameters
    ----------
    g
        The graph.
    actor
        An actor id, or several: the event must involve at least one of them.
    actors_all
        Actor ids that must all take part.
    type
        An event type (``"sanction"``), or several.
    cameo
        A CAMEO code or several; a root code (``"16"``) matches all codes under it.
    quad_class
        QuadClass 1–4, or several.
    start, end
        Window bounds, inclusive: a ``date`` or an EDTF string (``"2010-03"`` as a start
        means from 1 March, as an end up to 31 March).
    certainty
        ``"possible"`` keeps events that may fall in the window; ``"definite"`` only those that
        certainly do.
    provenance
        ``"curated"`` or ``"machine-coded"`` to keep only events of that origin.
    role
        A role (``"speaker"``) or several: some participant has it — with ``actor``, one of
        those actors has it.
    during, before, after, same_day_as
        An event id, an EDTF date or a ``(start, end)`` window: keep events that lie within it
        (they may share its first or last day), end before it starts, start after it ends, or
        share a day with it (see :mod:`dprkgraph.temporal`). ``certainty`` applies here too:
        ``"possible"`` keeps events for which it may be so, ``"definite"`` those for which it
        is so whatever their exact days. The event named is never in its own answer.
    min_sources
        Keep events supported by at least this many independent sources (distinct publishers,
        see :func:`dprkgraph.audit.corroboration`).

    Returns
    -------
    EventSet
        Sorted by earliest then latest possible day, then id.

    Raises
    ------
    UnknownIdError
        If an actor id is not in the graph.
    QueryError
        If a type, certainty or date is not valid.

    Examples
    --------
    >>> events(g, actor="bbb").ids()
    ['talks']
    >>> events(g, start="2010-03-10", end="2010-03-20").ids()
    ['talks']
    >>> events(g, start="2010-03-10", end="2010-03-20", certainty="definite").ids()
    []
    >>> events(g, after="talks").ids(), events(g, role="initiator").ids()
    (['walkout'], ['walkout'])
    >>> events(g, min_sources=2).ids()
    []
    """
    if is_columnar(g):
        return g.events(
            actor=actor,
            actors_all=actors_all,
            type=type,
            cameo=cameo,
            quad_class=quad_class,
            start=start,
            end=end,
            certainty=certainty,
            provenance=provenance,
            role=role,
            during=during,
            before=before,
            after=after,
            same_day_as=same_day_as,
            min_sources=min_sources,
        )
    if min_sources is not None:
        if isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 0:
            raise QueryError("min_sources", min_sources, "give a whole number, 0 or more")
        matched = events(
            g,
            actor=actor,
            actors_all=actors_all,
            type=type,
            cameo=cameo,
            quad_class=quad_class,
            start=start,
            end=end,
            certainty=certainty,
            provenance=provenance,
            role=role,
            during=during,
            before=before,
            after=after,
            same_day_as=same_day_as,
        )
        by = g.publishers
        return EventSet(
            (
                e
                for e in matched
                if len({by.get(c.source, c.source) for c in e.sources}) >= min_sources
            ),
            publishers=by,
        )
    if (
        role is not None
        or during is not None
        or before is not None
        or after is not None
        or same_day_as is not None
    ):
        return _related_events(
            g,
            actor=actor,
            role=role,
            certainty=certainty,
            relations={
                "during": during,
                "before": before,
                "after": after,
                "same_day_as": same_day_as,
            },
            rest={
                "actors_all": actors_all,
                "type": type,
                "cameo": cameo,
                "quad_class": quad_class,
                "start": start,
                "end": end,
                "provenance": provenance,
            },
        )
    if (
        actor.__class__ is str
        and start.__class__ is date
        and end.__class__ is date
        and actors_all is None
        and type is None
        and cameo is None
        and quad_class is None
        and provenance is None
        and certainty == "possible"
        and start <= end
    ):
        # The commonest question, one actor in a window, without the general machinery.
        index = g.by_actor.get(actor)
        if index is not None:
            return EventSet(
                index.window(start.toordinal(), end.toordinal(), definite=False),
                publishers=g.publishers,
            )
    if certainty not in ("definite", "possible"):
        raise QueryError("certainty", certainty, "use 'definite' or 'possible'")
    any_of = {g.actor(a).id for a in _as_list(actor)}
    all_of = {g.actor(a).id for a in _as_list(actors_all)}
    types = set(_as_list(type))
    if types - _EVENT_TYPES:
        raise QueryError(
            "type",
            sorted(types - _EVENT_TYPES)[0],
            "one of " + ", ".join(t.value for t in EventType),
        )
    codes = tuple(_as_list(cameo))
    quads = {quad_class} if isinstance(quad_class, int) else set(quad_class or ())
    if quads - {1, 2, 3, 4}:
        raise QueryError("quad_class", sorted(quads - {1, 2, 3, 4})[0], "use 1, 2, 3 or 4")
    if provenance not in (None, "curated", "machine-coded"):
        raise QueryError("provenance", provenance, "'curated' or 'machine-coded'")
    lo, hi = window_bound(start, "start", "start"), window_bound(end, "end", "end")
    if lo and hi and hi < lo:
        raise QueryError("end", end, f"the window ends before it starts ({start})")
    first = lo.toordinal() if lo else None
    last = hi.toordinal() if hi else None
    definite = certainty == "definite"

    def from_index(actor_id: str) -> list[Event]:
        index = g.by_actor.get(actor_id)
        return index.window(first, last, definite=definite) if index else []

    if any_of:
        found = (
            from_index(next(iter(any_of)))
            if len(any_of) == 1
            else list(_chronological({e.id: e for a in any_of for e in from_index(a)}.values()))
        )
    elif all_of:
        found = from_index(min(all_of, key=lambda a: len(g.by_actor.get(a, g.by_date))))
    else:
        found = g.by_date.window(first, last, definite=definite)
    if all_of:
        found = [e for e in found if all_of <= set(e.actors())]
    if types:
        found = [e for e in found if e.type.value in types]
    if codes:
        found = [e for e in found if e.cameo is not None and e.cameo.startswith(codes)]
    if quads:
        found = [e for e in found if e.quad_class in quads]
    if provenance is not None:
        found = [e for e in found if e.provenance.value == provenance]
    return EventSet(found, publishers=g.publishers)


Anchor = str | date | ImpreciseDate | tuple[DateLike, DateLike] | None
_GROUPS = {"during": WITHIN, "before": BEFORE, "after": AFTER, "same_day_as": SAME_DAY}
_ROLES = frozenset(r.value for r in Role)


def _related_events(
    g: EventGraph,
    *,
    actor: str | Iterable[str] | None,
    role: str | Iterable[str] | None,
    certainty: Certainty,
    relations: dict[str, Anchor],
    rest: dict[str, object],
) -> EventSet:
    """:func:`events` with the role and time-relation filters applied after the others."""
    found: Iterable[Event] = events(g, actor=actor, certainty=certainty, **rest)  # type: ignore[arg-type]
    roles = set(_as_list(role))
    if roles - _ROLES:
        bad = sorted(roles - _ROLES)[0]
        close = suggest(bad, {r: r for r in _ROLES})
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise QueryError("role", bad, hint + "one of " + ", ".join(r.value for r in Role))
    if roles:
        who = {g.actor(a).id for a in _as_list(actor)}
        found = [
            e
            for e in found
            if any(p.role.value in roles and (not who or p.actor in who) for p in e.participants)
        ]
    for option, anchor in relations.items():
        if anchor is None:
            continue
        target = _anchor(g, anchor, option)
        named = _event_named(g, anchor) if isinstance(anchor, str) else None
        own = named.id if named is not None else None
        group = _GROUPS[option]
        wanted = {"definitely", "possibly"} if certainty == "possible" else {"definitely"}
        found = [e for e in found if e.id != own and relate(e.date, target).answer(group) in wanted]
    return EventSet(list(found), publishers=g.publishers)


def participants(
    g: EventGraph | ColumnarStore, event: str, *, role: str | Iterable[str] | None = None
) -> list[tuple[Actor, Role]]:
    """The actors taking part in an event with their roles, optionally only those roles.

    Examples
    --------
    >>> [(a.id, r.value) for a, r in participants(g, "walkout")]
    [('aaa', 'initiator')]
    """
    if is_columnar(g):
        return g.participants(event, role=role)
    roles = set(_as_list(role))
    if roles - _ROLES:
        raise QueryError(
            "role", sorted(roles - _ROLES)[0], "one of " + ", ".join(r.value for r in Role)
        )
    return [
        (g.actor(p.actor), p.role)
        for p in g.event(event).participants
        if not roles or p.role.value in roles
    ]


def timeline(
    g: EventGraph | ColumnarStore, *, actor: str | Iterable[str] | None = None, **filters: object
) -> EventSet:
    """Events in chronological order, optionally for one actor; takes the filters of :func:`events`.

    Events whose dates overlap keep a stable order (earliest day, latest day, id) but their
    true order is unknown: :func:`relation` says so for any two.

    Examples
    --------
    >>> timeline(g, actor="aaa").ids()
    ['talks', 'walkout']
    """
    return events(g, actor=actor, **filters)  # type: ignore[arg-type]


def relation(
    g: EventGraph | ColumnarStore, a: str, b: str | date | tuple[DateLike, DateLike]
) -> TimeRelation:
    """How event ``a`` stands in time to event ``b`` (or to a date or a ``(start, end)``
    window): each of Allen's thirteen relations answered ``"definitely"``, ``"possibly"`` or
    ``"no"`` from the dates alone (see :mod:`dprkgraph.temporal`).

    Examples
    --------
    >>> r = relation(g, "talks", "walkout")
    >>> r.definite, r["before"]
    ('before', 'definitely')
    >>> relation(g, "talks", ("2010-03-10", "2010-03-20"))["during"]
    'possibly'
    """
    if is_columnar(g):
        return g.relation(a, b)
    return relate(g.event(a).date, _anchor(g, b, "b"))


def _event_named(g: EventGraph, text: str) -> Event | None:
    """The event an anchor names — by id, or by title when the text is not a date — or None
    when the text is a date."""
    if text in g and g.kind(text) == "event":
        return g.event(text)
    try:
        parse_date(text)
    except ValueError:
        if text.strip()[:1].isdigit():
            return None  # a mistyped date: window_bound says what is wrong with it
        return g.event(text)
    return None


def _anchor(g: EventGraph, value: object, option: str) -> Span:
    """What a time question is asked against: an event id stands for the event's own
    (possibly imprecise) days; a date, an EDTF string or a ``(start, end)`` window stands for
    the whole period it names (``"2010-04"`` is every day of April 2010)."""
    if isinstance(value, str):
        event = _event_named(g, value)
        if event is not None:
            return span(event.date)
    if isinstance(value, tuple) and len(value) == 2:
        lo, hi = window_bound(value[0], option, "start"), window_bound(value[1], option, "end")
    elif isinstance(value, (str, date, ImpreciseDate)):
        lo, hi = window_bound(value, option, "start"), window_bound(value, option, "end")
    else:
        raise QueryError(option, value, "give an event id, an EDTF date or a (start, end) window")
    if lo is None or hi is None:
        raise QueryError(option, value, "give a window as (start, end), both dates")
    if hi < lo:
        raise QueryError(option, value, "the window ends before it starts")
    written = "/".join(map(str, value)) if isinstance(value, tuple) else str(value)
    return replace(span((lo, hi)), text=written)
