"""Questions analysts ask of an :class:`~dprkgraph.graph.EventGraph`.

Every function takes the graph first and its options as keywords, never changes the graph,
and returns model objects or plain containers. Date windows respect precision: with
``certainty="definite"`` an event counts only if every day it could be on lies in the window;
with ``certainty="possible"`` (the default, so nothing is hidden) if any day does.

The examples use a two-event graph: talks between Alphaland (``aaa``) and Betaland (``bbb``)
in March 2010, and Alphaland's walkout on 2 April in response.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from dprkgraph.audit import publishers
from dprkgraph.dates import ImpreciseDate, parse_date
from dprkgraph.errors import QueryError, suggest
from dprkgraph.graph import EventGraph
from dprkgraph.html import html_card, html_table
from dprkgraph.model import Actor, Event, EventType, Position, RelationType, Role
from dprkgraph.results import ClaimRecord, EventSet
from dprkgraph.temporal import AFTER, BEFORE, SAME_DAY, WITHIN, Span, TimeRelation, relate, span

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "ActorProfile",
    "ExplainedPath",
    "Match",
    "PathStep",
    "actor_profile",
    "busiest_dyad",
    "causes",
    "claims",
    "co_participation",
    "consequences",
    "contested",
    "dyad",
    "dyad_between",
    "events",
    "explain_path",
    "faces",
    "members",
    "neighbourhood",
    "participants",
    "relation",
    "search",
    "timeline",
    "window_bound",
]

Certainty = Literal["definite", "possible"]
_EVENT_TYPES = frozenset(t.value for t in EventType)
DateLike = date | str | ImpreciseDate | None


def window_bound(value: DateLike, option: str, side: Literal["start", "end"]) -> date | None:
    """The day a window bound stands for: an EDTF ``start`` is its earliest day, an ``end``
    its latest (``"2010-03"`` as an end means 31 March 2010); ``option`` names it in errors."""
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    try:
        d = value if isinstance(value, ImpreciseDate) else parse_date(value)
    except ValueError as err:  # DateError: re-raised naming the option
        raise QueryError(option, value, str(err)) from err
    return d.earliest if side == "start" else d.latest


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _chronological(items: Iterable[Event]) -> EventSet:
    return EventSet(sorted(items, key=lambda e: (*e.date.sort_key, e.id)))


def events(
    g: EventGraph,
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
    if min_sources is not None:
        if isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 0:
            raise QueryError("min_sources", min_sources, "give a whole number, 0 or more")
        matched = events(g, actor=actor, actors_all=actors_all, type=type, cameo=cameo,
                       quad_class=quad_class, start=start, end=end, certainty=certainty,
                       provenance=provenance, role=role, during=during, before=before,
                       after=after, same_day_as=same_day_as)
        by = publishers(g.dataset)
        return EventSet((e for e in matched
                         if len({by.get(c.source, c.source) for c in e.sources}) >= min_sources),
                        publishers=by)
    if role is not None or during is not None or before is not None or after is not None \
            or same_day_as is not None:
        return _related_events(g, actor=actor, role=role, certainty=certainty,
                               relations={"during": during, "before": before, "after": after,
                                          "same_day_as": same_day_as},
                               rest={"actors_all": actors_all, "type": type, "cameo": cameo,
                                     "quad_class": quad_class, "start": start, "end": end,
                                     "provenance": provenance})
    if (actor.__class__ is str and start.__class__ is date and end.__class__ is date
            and actors_all is None and type is None and cameo is None and quad_class is None
            and provenance is None and certainty == "possible" and start <= end):
        # The commonest question, one actor in a window, without the general machinery.
        index = g.by_actor.get(actor)
        if index is not None:
            return EventSet(index.window(start.toordinal(), end.toordinal(),
                                         definite=False), publishers=publishers(g.dataset))
    if certainty not in ("definite", "possible"):
        raise QueryError("certainty", certainty, "use 'definite' or 'possible'")
    any_of = {g.actor(a).id for a in _as_list(actor)}
    all_of = {g.actor(a).id for a in _as_list(actors_all)}
    types = set(_as_list(type))
    if types - _EVENT_TYPES:
        raise QueryError("type", sorted(types - _EVENT_TYPES)[0],
                         "one of " + ", ".join(t.value for t in EventType))
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
        found = from_index(next(iter(any_of))) if len(any_of) == 1 else list(_chronological(
            {e.id: e for a in any_of for e in from_index(a)}.values()))
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
    return EventSet(found, publishers=publishers(g.dataset))


Anchor = str | date | ImpreciseDate | tuple[DateLike, DateLike] | None
_GROUPS = {"during": WITHIN, "before": BEFORE, "after": AFTER, "same_day_as": SAME_DAY}
_ROLES = frozenset(r.value for r in Role)


def _related_events(g: EventGraph, *, actor: str | Iterable[str] | None,
                    role: str | Iterable[str] | None, certainty: Certainty,
                    relations: dict[str, Anchor], rest: dict[str, object]) -> EventSet:
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
        found = [e for e in found
                 if any(p.role.value in roles and (not who or p.actor in who)
                        for p in e.participants)]
    for option, anchor in relations.items():
        if anchor is None:
            continue
        target = _anchor(g, anchor, option)
        named = _event_named(g, anchor) if isinstance(anchor, str) else None
        own = named.id if named is not None else None
        group = _GROUPS[option]
        wanted = {"definitely", "possibly"} if certainty == "possible" else {"definitely"}
        found = [e for e in found
                 if e.id != own and relate(e.date, target).answer(group) in wanted]
    return EventSet(list(found), publishers=publishers(g.dataset))


def participants(g: EventGraph, event: str, *, role: str | Iterable[str] | None = None
                 ) -> list[tuple[Actor, Role]]:
    """The actors taking part in an event with their roles, optionally only those roles.

    Examples
    --------
    >>> [(a.id, r.value) for a, r in participants(g, "walkout")]
    [('aaa', 'initiator')]
    """
    roles = set(_as_list(role))
    if roles - _ROLES:
        raise QueryError("role", sorted(roles - _ROLES)[0],
                         "one of " + ", ".join(r.value for r in Role))
    return [(g.actor(p.actor), p.role) for p in g.event(event).participants
            if not roles or p.role.value in roles]


def timeline(g: EventGraph, *, actor: str | Iterable[str] | None = None, **filters: object) -> EventSet:
    """Events in chronological order, optionally for one actor; takes the filters of :func:`events`.

    Events whose dates overlap keep a stable order (earliest day, latest day, id) but their
    true order is unknown: :func:`relation` says so for any two.

    Examples
    --------
    >>> timeline(g, actor="aaa").ids()
    ['talks', 'walkout']
    """
    return events(g, actor=actor, **filters)  # type: ignore[arg-type]


def relation(g: EventGraph, a: str, b: str | date | tuple[DateLike, DateLike]) -> TimeRelation:
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


@dataclass(frozen=True)
class ActorProfile:
    """Who an actor is and what they took part in."""

    actor: Actor
    affiliation: Actor | None
    members: tuple[Actor, ...]
    positions: tuple[Position, ...]
    events_by_role: dict[Role, EventSet]
    co_participants: tuple[tuple[Actor, int], ...]
    claims: tuple[ClaimRecord, ...] = field(default=())

    def events(self) -> EventSet:
        """Every event the actor took part in, in chronological order."""
        return _chronological({e.id: e for s in self.events_by_role.values() for e in s}.values())

    def __repr__(self) -> str:
        a = self.actor
        lines = [f"<ActorProfile {a.id}: {a.name} ({a.kind.value})>"]
        if self.affiliation:
            lines.append(f"  affiliation: {self.affiliation.name}")
        lines += [f"  position: {p.title}" for p in self.positions]
        for role, evs in self.events_by_role.items():
            lines.append(f"  {role.value}: {', '.join(evs.ids())}")
        if self.co_participants:
            top = ", ".join(f"{x.id} ({n})" for x, n in self.co_participants[:8])
            lines.append(f"  with: {top}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        a = self.actor
        rows: list[tuple[str, str]] = [("kind", a.kind.value)]
        if self.affiliation:
            rows.append(("affiliation", self.affiliation.name))
        rows += [("position", p.title) for p in self.positions]
        rows += [(role.value, ", ".join(e.title for e in evs))
                 for role, evs in self.events_by_role.items()]
        rows.append(("co-participants",
                     ", ".join(f"{x.name} ({n})" for x, n in self.co_participants)))
        return html_card(a.name, rows)


def actor_profile(g: EventGraph, actor: str) -> ActorProfile:
    """Affiliation, positions, events by role, co-participants and claims of one actor.

    Examples
    --------
    >>> p = actor_profile(g, "aaa")
    >>> {role.value: s.ids() for role, s in p.events_by_role.items()}
    {'party': ['talks'], 'initiator': ['walkout']}
    >>> [(a.id, n) for a, n in p.co_participants]
    [('bbb', 1)]
    """
    a = g.actor(actor)
    actor = a.id
    by_role: dict[Role, list[Event]] = defaultdict(list)
    together: Counter[str] = Counter()
    index = g.by_actor.get(actor)
    for e in index.events if index else ():
        for p in e.participants:
            if p.actor == actor:
                by_role[p.role].append(e)
    seen: set[str] = set()
    for evs in by_role.values():
        for e in evs:
            if e.id not in seen:
                seen.add(e.id)
                together.update(x for x in e.actors() if x != actor)
    members = tuple(g.actor(m) for m in g.members_of.get(actor, ()))
    return ActorProfile(
        actor=a,
        affiliation=g.actor(a.affiliation) if a.affiliation else None,
        members=members,
        positions=a.positions,
        events_by_role={r: _chronological(evs) for r, evs in by_role.items()},
        co_participants=tuple((g.actor(x), n) for x, n in sorted(together.items(),
                                                                    key=lambda t: (-t[1], t[0]))),
        claims=tuple(_claim_records(g, claimant=actor)),
    )


def co_participation(
    g: EventGraph, *, start: DateLike = None, end: DateLike = None,
    certainty: Certainty = "possible",
) -> nx.Graph:  # type: ignore[type-arg]
    """A weighted actor–actor graph: an edge for every pair that took part in an event together.

    Nodes carry ``name``, ``kind`` and ``events`` (how many events the actor is in); edges
    carry ``weight`` (shared events) and ``events`` (their ids, chronological).

    Examples
    --------
    >>> cg = co_participation(g)
    >>> cg["aaa"]["bbb"]["weight"], cg.nodes["aaa"]["events"]
    (1, 2)
    """
    import networkx as nx

    result: nx.Graph = nx.Graph()  # type: ignore[type-arg]
    for e in events(g, start=start, end=end, certainty=certainty):
        ids = e.actors()
        for a in ids:
            if a not in result:
                act = g.actor(a)
                result.add_node(a, name=act.name, kind=act.kind.value, events=0)
            result.nodes[a]["events"] += 1
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if result.has_edge(a, b):
                    result[a][b]["weight"] += 1
                    result[a][b]["events"].append(e.id)
                else:
                    result.add_edge(a, b, weight=1, events=[e.id])
    return result


def members(g: EventGraph, actor: str) -> set[str]:
    """The actor and every actor affiliated with it, directly or through others.

    Examples
    --------
    >>> sorted(members(g, "aaa"))
    ['aaa', 'envoy']
    """
    actor = g.actor(actor).id
    found = {actor}
    frontier = [actor]
    while frontier:
        current = frontier.pop()
        for m in g.members_of.get(current, ()):
            if m not in found:
                found.add(m)
                frontier.append(m)
    return found


# The dyad rule. Roles that act toward someone, roles that are acted toward, and roles that
# face each other as sides of one negotiation or agreement.
_ACTING = (Role.INITIATOR, Role.SPEAKER, Role.VISITOR, Role.ACCUSED, Role.AUTHOR)
_ACTED_ON = (Role.TARGET, Role.ADDRESSEE, Role.HOST, Role.SUBJECT)
_SIDES = (Role.PARTY, Role.SIGNATORY)
_FACING: frozenset[tuple[Role, Role]] = frozenset(
    pair
    for x, y in [*((a, b) for a in _ACTING for b in _ACTED_ON),
                 *((a, b) for a in _SIDES for b in _SIDES),
                 *((Role.MEDIATOR, b) for b in _SIDES)]
    for pair in ((x, y), (y, x))
)


def faces(event: Event, x: str, y: str) -> bool:
    """Whether the roles of ``x`` and ``y`` in ``event`` make one act toward the other.

    This is the dyad rule: an initiator, speaker, visitor, author or accused actor faces a
    target, addressee, host or subject; parties and signatories of one event face each other;
    a mediator faces the parties. Two actors who only share an event (two hosts of one
    visitor, two speakers, an author and a publisher) do not.

    Examples
    --------
    >>> faces(g.event("talks"), "aaa", "bbb"), faces(g.event("walkout"), "aaa", "aaa")
    (True, False)
    """
    if x == y:
        return False
    roles_x = [p.role for p in event.participants if p.actor == x]
    roles_y = [p.role for p in event.participants if p.actor == y]
    return any((r, s) in _FACING for r in roles_x for s in roles_y)


def dyad_between(event: Event, side_a: set[str], side_b: set[str]) -> bool:
    """Whether someone of ``side_a`` acts toward someone of ``side_b`` in ``event`` (or the
    other way round), by the rule of :func:`faces`."""
    roles_a = {p.role for p in event.participants if p.actor in side_a}
    if not roles_a:
        return False
    roles_b = {p.role for p in event.participants if p.actor in side_b}
    if side_a & side_b:  # the sides share an actor: check person by person
        parts = event.participants
        return any(p.actor in side_a and q.actor in side_b and p.actor != q.actor
                   and (p.role, q.role) in _FACING for p in parts for q in parts)
    return any((r, s) in _FACING for r in roles_a for s in roles_b)


def dyad(g: EventGraph, a: str, b: str, *, start: DateLike = None, end: DateLike = None,
         certainty: Certainty = "possible", affiliated: bool = True) -> EventSet:
    """The events in which one actor acts toward the other, in order; ``.to_frame()`` has
    Goldstein scores.

    An event counts only where the roles make one side act toward the other (see
    :func:`faces`): "Bosworth visits China and Japan" links Bosworth to each host, never
    China to Japan. By default (``affiliated=True``) an actor stands for everyone affiliated
    with it too (the United States for its president, its Treasury and its envoys), as
    event-data projects code actors by country; ``affiliated=False`` counts the two named
    actors only.

    Examples
    --------
    >>> [(e.id, e.goldstein) for e in dyad(g, "aaa", "bbb")]
    [('talks', 7.0)]
    """
    side_a = members(g, a) if affiliated else {g.actor(a).id}
    side_b = members(g, b) if affiliated else {g.actor(b).id}
    # Read the events of the side with fewer; the other side must take part too.
    few, many = sorted((side_a, side_b), key=lambda side: sum(
        len(g.by_actor[x]) for x in side if x in g.by_actor))
    found = events(g, actor=few, start=start, end=end, certainty=certainty)
    return EventSet(e for e in found
                    if any(p.actor in many for p in e.participants)
                    and dyad_between(e, side_a, side_b))


def _top(g: EventGraph, actor: str) -> str:
    """The actor at the head of ``actor``'s chain of affiliations."""
    seen = {actor}
    current = actor
    while (up := g.actor(current).affiliation) is not None and up not in seen:
        seen.add(up)
        current = up
    return current


def busiest_dyad(g: EventGraph, *, start: DateLike = None, end: DateLike = None,
                 certainty: Certainty = "possible") -> tuple[str, str] | None:
    """The two actors linked by most events under the dyad rule, or ``None`` if no event links
    any two.

    The rule, so the choice can be checked: each actor is counted as the head of its chain of
    affiliations (an envoy as the state it works for), as :func:`dyad` counts by default;
    pairs are ranked by events with a Goldstein score (those a dyad chart can draw), then by
    all linking events, then alphabetically by id.

    Examples
    --------
    >>> busiest_dyad(g)
    ('aaa', 'bbb')
    """
    head = {x.id: _top(g, x.id) for x in g.actors()}
    acting, acted_on, sides = set(_ACTING), set(_ACTED_ON), set(_SIDES)
    scored: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    # Counting needs no order: without a window, skip the sorted merge of the date index.
    found = (g.dataset.events if start is None and end is None
             else events(g, start=start, end=end, certainty=certainty))
    for e in found:
        doers: set[str] = set()
        receivers: set[str] = set()
        equals: set[str] = set()
        brokers: set[str] = set()
        for p in e.participants:
            if p.role in acting:
                doers.add(head[p.actor])
            elif p.role in acted_on:
                receivers.add(head[p.actor])
            elif p.role in sides:
                equals.add(head[p.actor])
            elif p.role is Role.MEDIATOR:
                brokers.add(head[p.actor])
        pairs = {(x, y) if x < y else (y, x)
                 for group, other in ((doers, receivers), (equals, equals), (brokers, equals))
                 for x in group for y in other if x != y}
        if pairs:
            total.update(pairs)
            if e.goldstein is not None:
                scored.update(pairs)
    if not total:
        return None
    return min(total, key=lambda pair: (-scored[pair], -total[pair], pair))


def _linked(g: EventGraph, event: Event, *, forward: bool) -> Iterator[str]:
    """The events one cause → effect step away (``led_to`` as written, ``response_to``
    reversed), from the event's own relations and the graph's index of incoming ones."""
    if forward:
        ahead, behind = RelationType.LED_TO, RelationType.RESPONSE_TO
    else:
        ahead, behind = RelationType.RESPONSE_TO, RelationType.LED_TO
    for r in event.relations:
        if r.type is ahead:
            yield r.event
    for source, kind in g.incoming.get(event.id, ()):
        if kind is behind:
            yield source.id


def _reachable(g: EventGraph, event: str, *, forward: bool) -> EventSet:
    """Events reachable along cause → effect links, forward to consequences or backward to
    causes; the work is proportional to the links followed, not to the dataset."""
    start = g.event(event)
    seen: set[str] = set()
    frontier = [start]
    while frontier:
        for nxt in _linked(g, frontier.pop(), forward=forward):
            if nxt not in seen and nxt != start.id:
                seen.add(nxt)
                frontier.append(g.event(nxt))
    return _chronological(g.event(x) for x in seen)


def causes(g: EventGraph, event: str) -> EventSet:
    """Every event that led, directly or through others, to this one.

    Follows ``led_to`` links forward and ``response_to`` links backward.

    Examples
    --------
    >>> causes(g, "walkout").ids()
    ['talks']
    """
    return _reachable(g, event, forward=False)


def consequences(g: EventGraph, event: str) -> EventSet:
    """Every event this one led to, directly or through others.

    Examples
    --------
    >>> consequences(g, "talks").ids()
    ['walkout']
    """
    return _reachable(g, event, forward=True)


@dataclass(frozen=True)
class PathStep:
    """One hop of a path: from a node, along an edge, to the next node."""

    source: str
    target: str
    label: str
    forward: bool

    def __str__(self) -> str:
        return f"—{self.label}→" if self.forward else f"—{self.label}←"


def _name(g: EventGraph, node: str) -> str:
    obj = g.obj(node)
    if isinstance(obj, Event):
        return obj.title
    if isinstance(obj, Actor):
        return obj.name
    if g.kind(node) == "claim":
        return f"claim {node}"
    return getattr(obj, "title", node)


def _edge_label(data: dict[str, object]) -> str:
    kind = str(data["kind"])
    if kind == "participation":
        return str(data["role"])
    if kind == "relation":
        return str(data["type"])
    if kind == "claims":
        return str(data["stance"])
    return kind


@dataclass(frozen=True)
class ExplainedPath:
    """The shortest connection between two nodes, as readable steps."""

    nodes: tuple[str, ...]
    steps: tuple[PathStep, ...]
    text: str

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def explain_path(g: EventGraph, x: str, y: str, *, via_sources: bool = False) -> ExplainedPath:
    """The shortest connection between any two nodes, each hop labelled with its edge.

    Sources are left out of the search unless ``via_sources`` is true: almost everything is
    connected through a shared article, which explains nothing.

    Raises
    ------
    UnknownIdError
        If either id is not in the graph.
    QueryError
        If the two are not connected.

    Examples
    --------
    >>> print(explain_path(g, "bbb", "walkout"))
    Betaland —party→ Talks open —response_to← Alphaland walks out
    """
    import networkx as nx

    x, y = g.resolve(x), g.resolve(y)
    view = g.nx if via_sources else nx.subgraph_view(
        g.nx, filter_node=lambda n: g.nx.nodes[n]["kind"] != "source" or n in (x, y))
    try:
        nodes = nx.shortest_path(view.to_undirected(as_view=True), x, y)
    except nx.NetworkXNoPath as err:
        raise QueryError("path", f"{x} … {y}", "the two are not connected") from err
    steps = []
    text = _name(g, nodes[0])
    for u, v in zip(nodes, nodes[1:], strict=False):
        forward = g.nx.has_edge(u, v)
        data = min((g.nx.get_edge_data(u, v) if forward else g.nx.get_edge_data(v, u)).values(),
                   key=lambda d: str(d["kind"]))
        step = PathStep(u, v, _edge_label(data), forward)
        steps.append(step)
        text += f" {step} {_name(g, v)}"
    return ExplainedPath(tuple(nodes), tuple(steps), text)


def claims(g: EventGraph, *, event: str | None = None, claimant: str | None = None,
           stance: str | None = None, about: str | None = None,
           as_frame: bool = False) -> list[ClaimRecord] | pd.DataFrame:
    """Claims, optionally about one event (``about=`` or ``event=``, an id or a title that
    names it), by one claimant (an id or a name), or of one stance.

    With ``as_frame=True`` the answer is a flat DataFrame with one row per claim and source
    that supports it: ``claimant``, ``stance``, ``statement``, ``event``, ``source``,
    ``quote`` and ``locator`` (the same rows as ``dprkgraph claims --format csv``).

    Examples
    --------
    >>> claims(g)
    []
    """
    if about is not None:
        if event is not None and g.event(event).id != g.event(about).id:
            raise QueryError("about", about, f"give one event, not also event={event!r}")
        event = about
    if event is not None:
        event = g.event(event).id
    if claimant is not None:
        claimant = g.actor(claimant).id
    if stance not in (None, "asserts", "denies"):
        raise QueryError("stance", stance, "use 'asserts' or 'denies'")
    found = []
    for e in g.events():
        if event is not None and e.id != event:
            continue
        for c in e.claims:
            if (claimant is None or c.claimant == claimant) and (stance is None or c.stance == stance):
                found.append(ClaimRecord(e, g.actor(c.claimant), c))
    if not as_frame:
        return found
    import pandas as pd

    columns = ["claimant", "stance", "statement", "event", "source", "quote", "locator"]
    rows = [(r.claimant.id, r.claim.stance.value, r.claim.statement, r.event.id,
             c.source if c else None, c.quote if c else None, c.locator if c else None)
            for r in found for c in (r.claim.sources or (None,))]
    return pd.DataFrame(rows, columns=columns)


def _claim_records(g: EventGraph, **filters: str) -> list[ClaimRecord]:
    found = claims(g, **filters)  # type: ignore[arg-type]
    assert isinstance(found, list)
    return found


def contested(g: EventGraph) -> EventSet:
    """Events carrying a statement that one claimant asserts and another denies."""
    found = []
    for e in g.events():
        stances: dict[str, set[str]] = defaultdict(set)
        for c in e.claims:
            stances[c.statement.casefold()].add(c.stance.value)
        if any(s == {"asserts", "denies"} for s in stances.values()):
            found.append(e)
    return _chronological(found)


def neighbourhood(g: EventGraph, node: str, hops: int = 1) -> EventGraph:
    """The nodes within ``hops`` edges of ``node`` (either direction), as a new graph.

    Examples
    --------
    >>> sorted(neighbourhood(g, "walkout").nx)
    ['aaa', 'src', 'talks', 'walkout']
    """
    import networkx as nx

    node = g.resolve(node)
    if hops < 0:
        raise QueryError("hops", hops, "use 0 or more")
    ego = nx.ego_graph(g.nx, node, radius=hops, undirected=True)
    return g.subgraph(ego.nodes)


@dataclass(frozen=True)
class Match:
    """A search hit: the record (``id``, ``kind``), the field that matched (``title``,
    ``summary``, ``quote``, ``claim``, ``name``, ``alias`` …), where in words (``quote of
    source S``, ``claim by C (denies)``), the matched passage with the matched words in
    ``[…]``, the field's whole text, and the relevance rank (lower is better)."""

    id: str
    kind: str
    field: str
    text: str
    where: str = ""
    passage: str = ""
    rank: float = 0.0


def search(g: EventGraph, text: str, *, kind: str | None = None,
           actor: str | Iterable[str] | None = None, start: DateLike = None,
           end: DateLike = None, certainty: Certainty = "possible",
           limit: int | None = None) -> list[Match]:
    """Search what the dataset says: titles, summaries, names, aliases, every verbatim quote
    and every claim, ranked by relevance (see :mod:`dprkgraph.textsearch` for the rules).

    Parameters
    ----------
    text
        Words that must all occur in one passage (each also matches longer words it begins),
        and ``"quoted phrases"`` that must occur word for word. Case and accents are ignored.
    kind
        ``"event"``, ``"actor"`` or ``"source"``: only hits in records of that kind.
    actor
        Only hits in events this actor (id or name) takes part in or makes a claim about.
    start, end, certainty
        Only hits in events in this window, as in :func:`events`.
    limit
        At most this many hits.

    Examples
    --------
    >>> sorted((m.id, m.where) for m in search(g, "alpha"))
    [('aaa', 'alias'), ('aaa', 'name'), ('walkout', 'quote of source src'), ('walkout', 'title')]
    >>> [m.passage for m in search(g, '"talks opened"')]
    ['the [talks opened]']
    """
    kinds = {"event", "actor", "source"}
    if kind is not None and kind not in kinds:
        raise QueryError("kind", kind, "'event', 'actor' or 'source'")
    if limit is not None and limit < 1:
        raise QueryError("limit", limit, "use 1 or more")
    who = {g.actor(a).id for a in _as_list(actor)}
    lo, hi = window_bound(start, "start", "start"), window_bound(end, "end", "end")
    filtered = bool(who) or lo is not None or hi is not None
    wanted = frozenset({"event"} if filtered else {kind} if kind else kinds)
    if kind is not None and kind not in wanted:
        return []
    hits: list[Match] = []
    for p in g.text_index.search(text, kinds=wanted, limit=None if filtered else limit):
        if filtered:
            e = g.event(p.id)
            if who and not who & ({*e.actors()} | {c.claimant for c in e.claims}):
                continue
            inside = (e.date.definitely_within if certainty == "definite"
                      else e.date.possibly_within)
            if not inside(lo, hi):
                continue
        hits.append(Match(p.id, p.kind, p.field, p.text, p.where, p.passage, p.rank))
        if limit is not None and len(hits) >= limit:
            break
    return hits
