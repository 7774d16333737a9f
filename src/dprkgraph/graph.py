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

from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from dprkgraph.errors import UnknownIdError, suggest
from dprkgraph.model import Actor, Citation, Claim, Dataset, Event, Source

__all__ = ["EventGraph", "build_graph", "claim_id"]

Node = Event | Actor | Source | Claim


def claim_id(event_id: str, index: int) -> str:
    """The node id of the ``index``-th (from 0) claim of an event."""
    return f"{event_id}#claim-{index + 1}"


class EventGraph:
    """A dataset as a typed multigraph, with lookups that return model objects.

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

    def __init__(self, graph: nx.MultiDiGraph) -> None:  # type: ignore[type-arg]
        self.nx = graph

    def __repr__(self) -> str:
        counts = {k: 0 for k in ("event", "actor", "source", "claim")}
        for _, data in self.nx.nodes(data=True):
            counts[data["kind"]] += 1
        inner = ", ".join(f"{n} {k}s" for k, n in counts.items())
        return f"<EventGraph: {inner}, {self.nx.number_of_edges()} edges>"

    def __contains__(self, node: object) -> bool:
        return node in self.nx

    def kind(self, node: str) -> str:
        """``"event"``, ``"actor"``, ``"source"`` or ``"claim"``."""
        return str(self._data(node)["kind"])

    def obj(self, node: str) -> Node:
        """The model object behind any node."""
        found: Node = self._data(node)["obj"]
        return found

    def _data(self, node: str, kind: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] | None = self.nx.nodes.get(node)
        if data is None or (kind is not None and data["kind"] != kind):
            raise UnknownIdError(node, kind or "id", self.suggest(node, kind))
        return data

    def suggest(self, text: str, kind: str | None = None) -> tuple[str, ...]:
        """Ids close to ``text`` by spelling or by an actor's name or alias."""
        names: dict[str, str] = {}
        for node, data in self.nx.nodes(data=True):
            if kind is not None and data["kind"] != kind:
                continue
            names[node.lower()] = node
            obj = data["obj"]
            if isinstance(obj, Actor):
                names.update({n.lower(): node for n in (obj.name, *obj.aliases)})
        return suggest(text, names)

    def event(self, id: str) -> Event:
        """The event with this id; :class:`UnknownIdError` (with suggestions) if none."""
        found: Event = self._data(id, "event")["obj"]
        return found

    def actor(self, id: str) -> Actor:
        """The actor with this id; :class:`UnknownIdError` (with suggestions) if none."""
        found: Actor = self._data(id, "actor")["obj"]
        return found

    def source(self, id: str) -> Source:
        """The source with this id; :class:`UnknownIdError` (with suggestions) if none."""
        found: Source = self._data(id, "source")["obj"]
        return found

    def _objects(self, kind: str) -> Iterator[Any]:
        return (d["obj"] for _, d in self.nx.nodes(data=True) if d["kind"] == kind)

    def events(self) -> list[Event]:
        """Every event, in the order the dataset lists them."""
        return list(self._objects("event"))

    def actors(self) -> list[Actor]:
        """Every actor, in the order the dataset lists them."""
        return list(self._objects("actor"))

    def sources(self) -> list[Source]:
        """Every source, in the order the dataset lists them."""
        return list(self._objects("source"))

    def to_dataset(self) -> Dataset:
        """The records behind the graph, as a :class:`Dataset`."""
        return Dataset(tuple(self.events()), tuple(self.actors()), tuple(self.sources()))

    def subgraph(self, nodes: Iterable[str]) -> EventGraph:
        """A new graph of these nodes and the edges among them."""
        return EventGraph(self.nx.subgraph(nodes).copy())


def _cite(graph: nx.MultiDiGraph, node: str, citations: Iterable[Citation]) -> None:  # type: ignore[type-arg]
    for i, c in enumerate(citations):
        graph.add_edge(node, c.source, key=f"citation-{i}", kind="citation", order=i,
                       quote=c.quote, locator=c.locator)


def build_graph(dataset: Dataset) -> EventGraph:
    """Build the typed graph of a dataset (see the module docstring for its shape).

    Examples
    --------
    >>> g = build_graph(dataset)
    >>> sorted(k for _, _, k in g.nx.in_edges("talks", keys=True))
    ['participation-0', 'participation-1', 'relation-0']
    """
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
            graph.add_edge(p.actor, e.id, key=f"participation-{i}", kind="participation",
                           order=i, role=p.role.value)
        for i, r in enumerate(e.relations):
            graph.add_edge(e.id, r.event, key=f"relation-{i}", kind="relation", order=i,
                           type=r.type.value, note=r.note)
        _cite(graph, e.id, e.sources)
        for i, c in enumerate(e.claims):
            cid = claim_id(e.id, i)
            graph.add_node(cid, kind="claim", obj=c, event=e.id)
            graph.add_edge(c.claimant, cid, key="claims", kind="claims", order=i,
                           stance=c.stance.value)
            graph.add_edge(cid, e.id, key="about", kind="about", order=0)
            _cite(graph, cid, c.sources)
    return EventGraph(graph)
