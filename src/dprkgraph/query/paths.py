"""Causal chains, explained paths between any two nodes, and neighbourhoods."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.model import Actor, Event, RelationType
from dprkgraph.query._base import (
    _chronological,
    is_columnar,
)

if TYPE_CHECKING:
    from dprkgraph.columnar.store import ColumnarStore
import itertools

from dprkgraph.results import EventSet


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


def causes(g: EventGraph | ColumnarStore, event: str) -> EventSet:
    """Every event that led, directly or through others, to this one.

    Follows ``led_to`` links forward and ``response_to`` links backward.

    Examples
    --------
    >>> causes(g, "walkout").ids()
    ['talks']
    """
    if is_columnar(g):
        return g.causes(event)
    return _reachable(g, event, forward=False)


def consequences(g: EventGraph | ColumnarStore, event: str) -> EventSet:
    """Every event this one led to, directly or through others.

    Examples
    --------
    >>> consequences(g, "talks").ids()
    ['walkout']
    """
    if is_columnar(g):
        return g.consequences(event)
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


def explain_path(
    g: EventGraph | ColumnarStore, x: str, y: str, *, via_sources: bool = False
) -> ExplainedPath:
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
    if is_columnar(g):  # a walk over the whole graph: answered from the export in memory
        g = g.graph()
    import networkx as nx

    x, y = g.resolve(x), g.resolve(y)
    view = (
        g.nx
        if via_sources
        else nx.subgraph_view(
            g.nx, filter_node=lambda n: g.nx.nodes[n]["kind"] != "source" or n in (x, y)
        )
    )
    try:
        nodes = nx.shortest_path(view.to_undirected(as_view=True), x, y)
    except nx.NetworkXNoPath as err:
        raise QueryError("path", f"{x} … {y}", "the two are not connected") from err
    steps = []
    text = _name(g, nodes[0])
    for u, v in itertools.pairwise(nodes):
        forward = g.nx.has_edge(u, v)
        data = min(
            (g.nx.get_edge_data(u, v) if forward else g.nx.get_edge_data(v, u)).values(),
            key=lambda d: str(d["kind"]),
        )
        step = PathStep(u, v, _edge_label(data), forward)
        steps.append(step)
        text += f" {step} {_name(g, v)}"
    return ExplainedPath(tuple(nodes), tuple(steps), text)


def neighbourhood(g: EventGraph | ColumnarStore, node: str, hops: int = 1) -> EventGraph:
    """The nodes within ``hops`` edges of ``node`` (either direction), as a new graph.

    Examples
    --------
    >>> sorted(neighbourhood(g, "walkout").nx)
    ['aaa', 'src', 'talks', 'walkout']
    """
    if is_columnar(g):  # a walk over the whole graph: answered from the export in memory
        g = g.graph()
    import networkx as nx

    node = g.resolve(node)
    if hops < 0:
        raise QueryError("hops", hops, "use 0 or more")
    ego = nx.ego_graph(g.nx, node, radius=hops, undirected=True)
    return g.subgraph(ego.nodes)
