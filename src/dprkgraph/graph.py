"""The dataset as a typed graph: :class:`EventGraph` wraps a networkx ``MultiDiGraph``.

Nodes are keyed by id (ids are unique across kinds) and carry ``kind`` and ``obj``, the model
object, so every answer comes back typed:

=========  ===========================================  ==================================
kind       node id                                      ``obj``
=========  ===========================================  ==================================
event      the event id                                 :class:`~dprkgraph.model.Event`
actor      the actor id                                 :class:`~dprkgraph.model.Actor`
source     the source id                                :class:`~dprkgraph.model.Source`
claim      ``<event id>#claim-<n>`` (n counts from 1)    :class:`~dprkgraph.model.Claim`
=========  ===========================================  ==================================

Claims are nodes rather than edge data because a claim has its own citations.

The networkx graph is built the first time ``.nx`` is used. Lookups by id, and the indexes the
queries use (events by actor in date order, relations, affiliations), come straight from the
records, so a command that only lists events never pays for building the multigraph.

Edges carry ``kind`` (also used as the multigraph key prefix) and the fields of what they stand
for; ``order`` keeps the position in the YAML list:

=============  ========================  ====================================
kind           direction                 data
=============  ========================  ====================================
participation  actor → event             ``role``
relation       event → event             ``type``, ``note``
citation       event or claim → source   ``quote``, ``locator``
affiliation    actor → actor             (none)
claims         actor → claim             ``stance``
about          claim → event             (none)
=============  ========================  ====================================
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from dprkgraph._gc import gc_paused
from dprkgraph.errors import AmbiguousNameError, UnknownIdError, suggest
from dprkgraph.model import Actor, Citation, Claim, Dataset, Event, Role, Source

if TYPE_CHECKING:
    import networkx as nx

    from dprkgraph.textsearch import TextIndex

__all__ = ["DateIndex", "EventGraph", "Found", "build_graph", "claim_id", "fold"]

Node = Event | Actor | Source | Claim


def fold(text: str) -> str:
    """Text for matching: case folded, accents removed, white space collapsed.

    >>> fold("  Kim  Yŏng-nam ")
    'kim yong-nam'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Found:
    """A record that a name matched: its id and kind, the text that matched, how well
    (``rank`` 0 the whole id, 1 a whole name, alias or title, 2 the start of a word in one,
    3 anywhere in one) and which field (``id``, ``name``, ``alias``, ``title``). Ids match
    only whole: a near miss of an id is a typo, answered with suggestions."""

    id: str
    kind: str
    text: str
    field: str
    rank: int


def claim_id(event_id: str, index: int) -> str:
    """The node id of the ``index``-th (from 0) claim of an event."""
    return f"{event_id}#claim-{index + 1}"


# Date widths (days) that separate the buckets of a DateIndex: up to a month, up to a year,
# longer. A window query scans the events of a bucket that start before the window but may
# reach into it, so keeping the rare wide dates apart keeps that scan over the many narrow ones
# short; few buckets keep the per-query cost low.
_WIDTHS = (40, 400)


# The events of one width class with their first and last day ordinals and their positions
# in the order of the whole index, in date order.
_Part = tuple[list[Event], list[int], list[int], list[int]]


@dataclass(frozen=True, slots=True)
class DateIndex:
    """Events sorted by (earliest, latest, id), bucketed by how wide their dates are, so a
    window query is a few binary searches and a short scan rather than a pass over every
    event.

    Each bucket holds its events' first days, the running maximum of their last days (it never
    decreases, so a binary search on it skips every event that ends before a window starts),
    their last days, as day ordinals, and their positions in the date order of every event
    indexed (so the hits of several buckets are merged by sorting integers). They are packed,
    bucket after bucket, into one array of machine integers: a query over a large dataset
    mostly waits for memory, and this way it reads one small block instead of following a
    pointer to a separate object at every step. The per-actor indexes of :meth:`by_actor`
    share their parent's events in date order.

    Examples
    --------
    >>> index = DateIndex.of(dataset.events)
    >>> from datetime import date
    >>> [e.id for e in index.window(date(2010, 3, 10).toordinal(), None, definite=False)]
    ['talks', 'walkout']
    >>> [e.id for e in index.window(date(2010, 3, 10).toordinal(), None, definite=True)]
    ['walkout']
    >>> len(index), [e.id for e in index.events]
    (2, ['talks', 'walkout'])
    """

    # [number of buckets, size of each, then per bucket: first days, reach, last days, positions]
    _keys: array[int]
    # the events bucket after bucket
    _bucketed: tuple[Event, ...]
    # every event of the index this one was made from, in date order (what positions refer to)
    _ordered: tuple[Event, ...]
    # whether any of those has a "one of" date, whose days between members are not possible
    _sets: bool

    @classmethod
    def of(cls, events: Iterable[Event]) -> DateIndex:
        """Index ``events`` by (earliest, latest, id)."""
        parts: list[_Part] = [([], [], [], []) for _ in range(len(_WIDTHS) + 1)]
        ordered = sorted(
            (e.date.earliest.toordinal(), e.date.latest.toordinal(), e.id, e) for e in events
        )
        for at, (first, last, _, e) in enumerate(ordered):
            width = last - first
            part = parts[0 if width < _WIDTHS[0] else 1 if width < _WIDTHS[1] else 2]
            part[0].append(e)
            part[1].append(first)
            part[2].append(last)
            part[3].append(at)
        events_ordered = tuple(row[3] for row in ordered)
        return cls._of_parts(parts, events_ordered, any(e.date.members for e in events_ordered))

    @classmethod
    def _of_parts(cls, parts: Iterable[_Part], ordered: tuple[Event, ...], sets: bool) -> DateIndex:
        used = [part for part in parts if part[0]]
        keys = array("i", [len(used), *(len(part[0]) for part in used)])
        for _, firsts, lasts, positions in used:
            keys.extend(firsts)
            keys.extend(accumulate(lasts, max))
            keys.extend(lasts)
            keys.extend(positions)
        return cls(keys, tuple(e for part in used for e in part[0]), ordered, sets)

    def _parts(self) -> Iterator[tuple[tuple[Event, ...], array[int], array[int], array[int]]]:
        keys, at, offset = self._keys, 1 + self._keys[0], 0
        for n in keys[1:at]:
            yield (
                self._bucketed[offset : offset + n],
                keys[at : at + n],
                keys[at + 2 * n : at + 3 * n],
                keys[at + 3 * n : at + 4 * n],
            )
            at += 4 * n
            offset += n

    def __len__(self) -> int:
        return len(self._bucketed)

    @property
    def events(self) -> tuple[Event, ...]:
        """The events in (earliest, latest, id) order."""
        if self._keys[0] <= 1:
            return self._bucketed
        ordered = self._ordered
        if len(ordered) == len(self._bucketed):
            return ordered
        return tuple(
            ordered[at] for at in sorted(at for *_, positions in self._parts() for at in positions)
        )

    def by_actor(self) -> dict[str, DateIndex]:
        """An index of the same kind for each actor taking part in these events."""
        lists: dict[str, list[_Part]] = {}
        slots = self._keys[0]
        for slot, (events, firsts, lasts, positions) in enumerate(self._parts()):
            # Walking each bucket in order fills each actor's lists already sorted.
            for e, first, last, at in zip(events, firsts, lasts, positions, strict=True):
                for a in {p.actor for p in e.participants}:
                    found = lists.get(a)
                    if found is None:
                        found = lists[a] = [([], [], [], []) for _ in range(slots)]
                    part = found[slot]
                    part[0].append(e)
                    part[1].append(first)
                    part[2].append(last)
                    part[3].append(at)
        ordered = self._ordered
        return {a: DateIndex._of_parts(parts, ordered, self._sets) for a, parts in lists.items()}

    def window(self, start: int | None, end: int | None, *, definite: bool) -> list[Event]:
        """Events inside ``start … end`` (day ordinals, inclusive; None is open), in order:
        with ``definite`` those whose whole date lies inside, otherwise those that may."""
        keys, events = self._keys, self._bucketed
        # (where the bucket's events begin, where its positions begin, the hits in it)
        hits: list[tuple[int, int, range | list[int]]] = []
        at = 1 + keys[0]  # where the first bucket's first days begin
        offset = 0  # where its events begin
        for n in keys[1:at]:
            firsts, reach, lasts, positions = at, at + n, at + 2 * n, at + 3 * n
            at += 4 * n
            hi = n if end is None else bisect_right(keys, end, firsts, reach) - firsts
            if hi:
                chosen: range | list[int]
                if definite:
                    lo = (
                        0
                        if start is None
                        else bisect_left(keys, start, firsts, firsts + hi) - firsts
                    )
                    chosen = (
                        range(lo, hi)
                        if end is None
                        else [i for i in range(lo, hi) if keys[lasts + i] <= end]
                    )
                elif start is None:
                    chosen = range(hi)
                else:
                    lo = bisect_left(keys, start, reach, reach + hi) - reach
                    chosen = [i for i in range(lo, hi) if keys[lasts + i] >= start]
                if chosen:
                    hits.append((offset, positions, chosen))
            offset += n
        if not hits:
            return []
        found: list[Event]
        if len(hits) == 1:
            offset, _, chosen = hits[0]
            if isinstance(chosen, range):
                found = list(events[offset + chosen.start : offset + chosen.stop])
            else:
                found = [events[offset + i] for i in chosen]
        else:
            # Hits from several buckets: merge by position in date order, integers sorted in C.
            merged = sorted(keys[positions + i] for _, positions, chosen in hits for i in chosen)
            ordered = self._ordered
            found = [ordered[i] for i in merged]
        if (
            self._sets and not definite
        ):  # a "one of" set's days between its members are not possible
            first = None if start is None else date.fromordinal(start)
            last = None if end is None else date.fromordinal(end)
            found = [e for e in found if not e.date.members or e.date.possibly_within(first, last)]
        return found


class EventGraph:
    """A dataset as a typed multigraph, with lookups and indexes that return model objects.

    Use :func:`build_graph` (or :func:`dprkgraph.load_graph`) to make one. ``.nx`` is the
    underlying ``networkx.MultiDiGraph`` for networkx algorithms; treat it as read-only.

    Examples
    --------
    >>> g = build_graph(dataset)
    >>> g.event("walkout").title
    'Alphaland walks out'
    >>> g.kind("aaa"), len(g.events())
    ('actor', 2)
    """

    def __init__(self, dataset: Dataset, graph: nx.MultiDiGraph | None = None) -> None:  # type: ignore[type-arg]
        self.dataset = dataset
        if graph is not None:
            self.__dict__["nx"] = graph

    def __repr__(self) -> str:
        ds = self.dataset
        claims = sum(len(e.claims) for e in ds.events)
        return (
            f"<EventGraph: {len(ds.events)} events, {len(ds.actors)} actors, "
            f"{len(ds.sources)} sources, {claims} claims>"
        )

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    @cached_property
    def _nodes(self) -> dict[str, tuple[str, Node]]:
        ds = self.dataset
        with gc_paused():  # one entry a record: built on a first query, which must not stall
            nodes: dict[str, tuple[str, Node]] = {a.id: ("actor", a) for a in ds.actors}
            nodes.update({s.id: ("source", s) for s in ds.sources})
            nodes.update({e.id: ("event", e) for e in ds.events})
            for e in ds.events:
                nodes.update({claim_id(e.id, i): ("claim", c) for i, c in enumerate(e.claims)})
        return nodes

    def kind(self, node: str) -> str:
        """``"event"``, ``"actor"``, ``"source"`` or ``"claim"``."""
        return self._lookup(node)[0]

    def obj(self, node: str) -> Node:
        """The model object behind any node."""
        return self._lookup(node)[1]

    def _lookup(self, node: str, kind: str | None = None) -> tuple[str, Node]:
        found = self._nodes.get(node)
        if found is None or (kind is not None and found[0] != kind):
            return self._nodes[self.resolve(node, kind)]
        return found

    @cached_property
    def _names(self) -> list[tuple[str, str, str, str, str]]:
        """(folded text, id, kind, field, text) for every id, name, alias and title."""
        rows: list[tuple[str, str, str, str, str]] = []
        for node, (kind, obj) in self._nodes.items():
            if kind == "claim":
                continue
            rows.append((fold(node), node, kind, "id", node))
            if isinstance(obj, Actor):
                rows.append((fold(obj.name), node, kind, "name", obj.name))
                rows.extend((fold(a), node, kind, "alias", a) for a in obj.aliases)
            elif isinstance(obj, (Event, Source)):
                rows.append((fold(obj.title), node, kind, "title", obj.title))
        return rows

    def find(self, text: str, kind: str | None = None) -> list[Found]:
        """Records whose id, name, alias or title matches ``text``, best first.

        Matching ignores case and accents. A whole id ranks first, then a whole name, alias
        or title, then a match at the start of a word, then one anywhere; each record appears
        once, with its best match.

        Examples
        --------
        >>> [(f.id, f.kind, f.field, f.rank) for f in g.find("alpha")]
        [('aaa', 'actor', 'name', 2), ('walkout', 'event', 'title', 2)]
        >>> [f.id for f in g.find("walks out", kind="event")]
        ['walkout']
        """
        key = fold(text)
        if not key:
            return []
        word_start = re.compile(r"(?:^|[\W_])" + re.escape(key))
        best: dict[str, Found] = {}
        for folded, node, node_kind, field, shown in self._names:
            if kind is not None and node_kind != kind:
                continue
            if folded == key:
                rank = 0 if field == "id" else 1
            elif field == "id":
                continue  # an id is matched whole: a near miss is a typo, not a choice
            elif word_start.search(folded):
                rank = 2
            elif key in folded:
                rank = 3
            else:
                continue
            if node not in best or rank < best[node].rank:
                best[node] = Found(node, node_kind, shown, field, rank)
        order = {"actor": 0, "event": 1, "source": 2}
        return sorted(best.values(), key=lambda f: (f.rank, order.get(f.kind, 3), f.id))

    def resolve(self, text: str, kind: str | None = None) -> str:
        """The id that ``text`` names: an id as it is, or an unambiguous name, alias, title or
        fragment of one that starts a word (a fragment inside a word is only suggested).

        Raises
        ------
        AmbiguousNameError
            If the best matches are several records (the message lists them).
        UnknownIdError
            If nothing matches (with close spellings as suggestions).

        Examples
        --------
        >>> g.resolve("Alphaland walks"), g.resolve("BETA", kind="actor")
        ('walkout', 'bbb')
        """
        found = self._nodes.get(text)
        if found is not None and (kind is None or found[0] == kind):
            return text
        found_anywhere = self.find(text, kind)
        # A fragment inside a word ("nk" in "Sinking") is offered, never taken: a question
        # must not be answered about a record nobody named.
        matches = [m for m in found_anywhere if m.rank <= 2]
        if not found_anywhere:
            raise UnknownIdError(text, kind or "id", self.suggest(text, kind))
        if not matches and len(found_anywhere) == 1:
            raise UnknownIdError(text, kind or "id", (found_anywhere[0].id,))
        matches = matches or found_anywhere
        top = [m for m in matches if m.rank == matches[0].rank]
        if len(top) > 1:
            raise AmbiguousNameError(
                text, kind or "name", tuple((m.id, self._display(m.id)) for m in top)
            )
        return top[0].id

    def _display(self, node: str) -> str:
        obj = self._nodes[node][1]
        return obj.name if isinstance(obj, Actor) else getattr(obj, "title", node)

    def suggest(self, text: str, kind: str | None = None) -> tuple[str, ...]:
        """Ids close to ``text`` by spelling or by an actor's name or alias."""
        names: dict[str, str] = {}
        for node, (node_kind, obj) in self._nodes.items():
            if kind is not None and node_kind != kind:
                continue
            names[node.lower()] = node
            if isinstance(obj, Actor):
                names.update({n.lower(): node for n in (obj.name, *obj.aliases)})
        return suggest(text, names)

    def event(self, id: str) -> Event:
        """The event with this id; :class:`UnknownIdError` (with suggestions) if none."""
        found = self._lookup(id, "event")[1]
        assert isinstance(found, Event)
        return found

    @cached_property
    def _actors(self) -> dict[str, Actor]:
        # Actors are few even in a big feed: a query naming one need not build the table of
        # every id (a second at a million events).
        return {a.id: a for a in self.dataset.actors}

    def actor(self, id: str) -> Actor:
        """The actor with this id; :class:`UnknownIdError` (with suggestions) if none."""
        known = self._actors.get(id)
        if known is not None:
            return known
        found = self._lookup(id, "actor")[1]
        assert isinstance(found, Actor)
        return found

    def source(self, id: str) -> Source:
        """The source with this id; :class:`UnknownIdError` (with suggestions) if none."""
        found = self._lookup(id, "source")[1]
        assert isinstance(found, Source)
        return found

    def events(self) -> list[Event]:
        """Every event, in the order the dataset lists them."""
        return list(self.dataset.events)

    def actors(self) -> list[Actor]:
        """Every actor, in the order the dataset lists them."""
        return list(self.dataset.actors)

    def sources(self) -> list[Source]:
        """Every source, in the order the dataset lists them."""
        return list(self.dataset.sources)

    def to_dataset(self) -> Dataset:
        """The records behind the graph, as a :class:`Dataset`."""
        return self.dataset

    @cached_property
    def by_date(self) -> DateIndex:
        """Every event, indexed by date."""
        with gc_paused():
            return DateIndex.of(self.dataset.events)

    @cached_property
    def by_actor(self) -> dict[str, DateIndex]:
        """For each actor with events, its events indexed by date."""
        every = self.by_date
        with gc_paused():
            return every.by_actor()

    @cached_property
    def chronological(self) -> tuple[Event, ...]:
        """Every event in (earliest, latest, id) order, the order answers are given in; the
        positions in it are what :attr:`by_actor_role` holds."""
        return self.by_date.events

    @cached_property
    def by_actor_role(self) -> dict[str, dict[Role, array[int]]]:
        """For each actor with events, for each role it takes: the positions in
        :attr:`chronological` of the events where it has that role, ascending and unique.

        The positions are packed machine integers (four bytes each), so a question about two
        busy actors is answered by set operations over integers, in C, rather than by a
        Python loop over every event either of them took part in.

        Examples
        --------
        >>> g = build_graph(dataset)
        >>> {role.value: list(at) for role, at in g.by_actor_role["aaa"].items()}
        {'party': [0], 'initiator': [1]}
        """
        found: dict[str, dict[Role, array[int]]] = {}
        with gc_paused():
            for at, e in enumerate(self.chronological):
                for p in e.participants:
                    roles = found.get(p.actor)
                    if roles is None:
                        roles = found[p.actor] = {}
                    positions = roles.get(p.role)
                    if positions is None:
                        roles[p.role] = array("i", (at,))
                    elif positions[-1] != at:  # the same actor twice in one role
                        positions.append(at)
        return found

    @cached_property
    def publishers(self) -> dict[str, str]:
        """Each source id mapped to its publisher, what the queries count independent sources
        by (as :func:`dprkgraph.audit.publishers`); made once, not on every query."""
        return {s.id: s.publisher for s in self.dataset.sources}

    @cached_property
    def members_of(self) -> dict[str, tuple[str, ...]]:
        """For each actor, the actors directly affiliated with it."""
        found: dict[str, list[str]] = {}
        for a in self.dataset.actors:
            if a.affiliation:
                found.setdefault(a.affiliation, []).append(a.id)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def incoming(self) -> dict[str, tuple[tuple[Event, str], ...]]:
        """For each event, the events that point at it, with the relation type."""
        found: dict[str, list[tuple[Event, str]]] = {}
        for e in self.dataset.events:
            for r in e.relations:  # the type as the enum member: a str, and cheaper than .value
                found.setdefault(r.event, []).append((e, r.type))
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def text_index(self) -> TextIndex:
        """A full-text index of every title, summary, quote, claim and name, built on first
        use (see :mod:`dprkgraph.textsearch`)."""
        from dprkgraph.textsearch import TextIndex

        return TextIndex(self.dataset)

    @cached_property
    def nx(self) -> nx.MultiDiGraph:  # type: ignore[type-arg]
        """The networkx multigraph (see the module docstring), built on first use."""
        with gc_paused():
            return _multigraph(self.dataset)

    def subgraph(self, nodes: Iterable[str]) -> EventGraph:
        """A new graph of these nodes and the edges among them."""
        keep = set(nodes)
        ds = self.dataset
        part = Dataset(
            events=tuple(e for e in ds.events if e.id in keep),
            actors=tuple(a for a in ds.actors if a.id in keep),
            sources=tuple(s for s in ds.sources if s.id in keep),
            anchors=(
                None if ds.anchors is None else tuple(a for a in ds.anchors if a.event in keep)
            ),
        )
        return EventGraph(part, self.nx.subgraph(keep).copy())


def _cite(graph: Any, node: str, citations: Iterable[Citation]) -> None:
    for i, c in enumerate(citations):
        graph.add_edge(
            node,
            c.source,
            key=f"citation-{i}",
            kind="citation",
            order=i,
            quote=c.quote,
            locator=c.locator,
        )


def _multigraph(dataset: Dataset) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    import networkx as nx

    graph: nx.MultiDiGraph = nx.MultiDiGraph()  # type: ignore[type-arg]
    for a in dataset.actors:
        graph.add_node(a.id, kind="actor", obj=a)
    for s in dataset.sources:
        graph.add_node(s.id, kind="source", obj=s)
    for e in dataset.events:
        graph.add_node(e.id, kind="event", obj=e)
    for a in dataset.actors:
        if a.affiliation:
            graph.add_edge(a.id, a.affiliation, key="affiliation", kind="affiliation", order=0)
    for e in dataset.events:
        for i, p in enumerate(e.participants):
            graph.add_edge(
                p.actor,
                e.id,
                key=f"participation-{i}",
                kind="participation",
                order=i,
                role=p.role.value,
            )
        for i, r in enumerate(e.relations):
            graph.add_edge(
                e.id,
                r.event,
                key=f"relation-{i}",
                kind="relation",
                order=i,
                type=r.type.value,
                note=r.note,
            )
        _cite(graph, e.id, e.sources)
        for i, c in enumerate(e.claims):
            cid = claim_id(e.id, i)
            graph.add_node(cid, kind="claim", obj=c, event=e.id)
            graph.add_edge(
                c.claimant, cid, key="claims", kind="claims", order=i, stance=c.stance.value
            )
            graph.add_edge(cid, e.id, key="about", kind="about", order=0)
            _cite(graph, cid, c.sources)
    return graph


def build_graph(dataset: Dataset) -> EventGraph:
    """The typed graph of a dataset (see the module docstring for its shape).

    Examples
    --------
    >>> g = build_graph(dataset)
    >>> sorted(k for _, _, k in g.nx.in_edges("talks", keys=True))
    ['participation-0', 'participation-1', 'relation-0']
    """
    return EventGraph(dataset)
