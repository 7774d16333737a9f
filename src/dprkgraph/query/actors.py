"""Actors: profiles, affiliation, co-participation, and dyads under the dyad rule."""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.html import html_card
from dprkgraph.model import Actor, Event, Position, Role
from dprkgraph.results import ClaimRecord, EventSet

if TYPE_CHECKING:
    import networkx as nx

    from dprkgraph.columnar.store import ColumnarStore
from dprkgraph.query._base import (
    Certainty,
    DateLike,
    _chronological,
    is_columnar,
    window_bound,
)
from dprkgraph.query.claims import _claim_records
from dprkgraph.query.events import events


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
        rows += [
            (role.value, ", ".join(e.title for e in evs))
            for role, evs in self.events_by_role.items()
        ]
        rows.append(
            ("co-participants", ", ".join(f"{x.name} ({n})" for x, n in self.co_participants))
        )
        return html_card(a.name, rows)


def actor_profile(g: EventGraph | ColumnarStore, actor: str) -> ActorProfile:
    """Affiliation, positions, events by role, co-participants and claims of one actor.

    Examples
    --------
    >>> p = actor_profile(g, "aaa")
    >>> {role.value: s.ids() for role, s in p.events_by_role.items()}
    {'party': ['talks'], 'initiator': ['walkout']}
    >>> [(a.id, n) for a, n in p.co_participants]
    [('bbb', 1)]
    """
    if is_columnar(g):  # a walk over the whole graph: answered from the export in memory
        g = g.graph()
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
        co_participants=tuple(
            (g.actor(x), n) for x, n in sorted(together.items(), key=lambda t: (-t[1], t[0]))
        ),
        claims=tuple(_claim_records(g, claimant=actor)),
    )


def co_participation(
    g: EventGraph | ColumnarStore,
    *,
    start: DateLike = None,
    end: DateLike = None,
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
    if is_columnar(g):
        return g.co_participation(start=start, end=end, certainty=certainty)
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
            for b in ids[i + 1 :]:
                if result.has_edge(a, b):
                    result[a][b]["weight"] += 1
                    result[a][b]["events"].append(e.id)
                else:
                    result.add_edge(a, b, weight=1, events=[e.id])
    return result


def members(g: EventGraph | ColumnarStore, actor: str) -> set[str]:
    """The actor and every actor affiliated with it, directly or through others.

    Examples
    --------
    >>> sorted(members(g, "aaa"))
    ['aaa', 'envoy']
    """
    if is_columnar(g):
        return g.members(actor)
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
    for x, y in [
        *((a, b) for a in _ACTING for b in _ACTED_ON),
        *((a, b) for a in _SIDES for b in _SIDES),
        *((Role.MEDIATOR, b) for b in _SIDES),
    ]
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
        return any(
            p.actor in side_a
            and q.actor in side_b
            and p.actor != q.actor
            and (p.role, q.role) in _FACING
            for p in parts
            for q in parts
        )
    return any((r, s) in _FACING for r in roles_a for s in roles_b)


def dyad(
    g: EventGraph | ColumnarStore,
    a: str,
    b: str,
    *,
    start: DateLike = None,
    end: DateLike = None,
    certainty: Certainty = "possible",
    affiliated: bool = True,
) -> EventSet:
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
    if is_columnar(g):
        return g.dyad(a, b, start=start, end=end, certainty=certainty, affiliated=affiliated)
    side_a = members(g, a) if affiliated else {g.actor(a).id}
    side_b = members(g, b) if affiliated else {g.actor(b).id}
    inside = _window_test(start, end, certainty)
    if side_a & side_b:
        # A shared actor must face someone else: check the candidates person by person.
        both = _common(_positions(g, side_a, _ANY_ROLE), _positions(g, side_b, _ANY_ROLE))
        keep: Iterable[Event] = (e for e in _at(g, both) if dyad_between(e, side_a, side_b))
    else:
        # Disjoint sides: an event links them exactly when one side has a role that faces a
        # role of the other, so the answer is a union of intersections of position sets.
        found: set[int] = set()
        for mine, theirs in _FACING_GROUPS:
            found |= _common(_positions(g, side_a, mine), _positions(g, side_b, theirs))
        keep = _at(g, found)
    return EventSet(keep if inside is None else (e for e in keep if inside(e)))


# The dyad rule by groups of roles: each pair of groups whose roles face each other.
_ANY_ROLE = frozenset(Role)
_FACING_GROUPS: tuple[tuple[frozenset[Role], frozenset[Role]], ...] = tuple(
    (frozenset(x), frozenset(y))
    for x, y in (
        (_ACTING, _ACTED_ON),
        (_ACTED_ON, _ACTING),
        (_SIDES, _SIDES),
        ((Role.MEDIATOR,), _SIDES),
        (_SIDES, (Role.MEDIATOR,)),
    )
)


def _positions(g: EventGraph, side: set[str], roles: frozenset[Role]) -> list[array[int]]:
    """Positions (in ``g.chronological``) of the events where someone of ``side`` has one of
    ``roles``: the index's own arrays, not copied."""
    return [
        at for actor in side for role, at in g.by_actor_role.get(actor, {}).items() if role in roles
    ]


def _common(xs: list[array[int]], ys: list[array[int]]) -> set[int]:
    """The positions in both: a set is made of the smaller side only, and the larger side's
    arrays are run through it (a busy actor can have half a million positions)."""
    if not xs or not ys:
        return set()
    if sum(map(len, xs)) > sum(map(len, ys)):
        xs, ys = ys, xs
    small = set(xs[0]).union(*xs[1:])
    return small.intersection(ys[0] if len(ys) == 1 else chain.from_iterable(ys))


def _at(g: EventGraph, positions: set[int]) -> list[Event]:
    order = g.chronological
    return [order[i] for i in sorted(positions)]


def _window_test(
    start: DateLike, end: DateLike, certainty: Certainty
) -> Callable[[Event], bool] | None:
    """Whether an event falls in the window, as :func:`events` decides it (with its checks
    and messages); ``None`` when there is no window."""
    if certainty not in ("definite", "possible"):
        raise QueryError("certainty", certainty, "use 'definite' or 'possible'")
    lo, hi = window_bound(start, "start", "start"), window_bound(end, "end", "end")
    if lo and hi and hi < lo:
        raise QueryError("end", end, f"the window ends before it starts ({start})")
    if lo is None and hi is None:
        return None
    if certainty == "definite":
        return lambda e: e.date.definitely_within(lo, hi)
    return lambda e: e.date.possibly_within(lo, hi)  # a "one of" set's gaps are not possible


def _top(g: EventGraph, actor: str) -> str:
    """The actor at the head of ``actor``'s chain of affiliations."""
    seen = {actor}
    current = actor
    while (up := g.actor(current).affiliation) is not None and up not in seen:
        seen.add(up)
        current = up
    return current


def busiest_dyad(
    g: EventGraph | ColumnarStore,
    *,
    start: DateLike = None,
    end: DateLike = None,
    certainty: Certainty = "possible",
) -> tuple[str, str] | None:
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
    if is_columnar(g):  # a walk over the whole graph: answered from the export in memory
        g = g.graph()
    head = {x.id: _top(g, x.id) for x in g.actors()}
    acting, acted_on, sides = set(_ACTING), set(_ACTED_ON), set(_SIDES)
    scored: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    # Counting needs no order: without a window, skip the sorted merge of the date index.
    found = (
        g.dataset.events
        if start is None and end is None
        else events(g, start=start, end=end, certainty=certainty)
    )
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
        pairs = {
            (x, y) if x < y else (y, x)
            for group, other in ((doers, receivers), (equals, equals), (brokers, equals))
            for x in group
            for y in other
            if x != y
        }
        if pairs:
            total.update(pairs)
            if e.goldstein is not None:
                scored.update(pairs)
    if not total:
        return None
    return min(total, key=lambda pair: (-scored[pair], -total[pair], pair))
