"""Writing the graph for other tools: GraphML and GEXF (Gephi), with scalar attributes only.

Both formats hold strings and numbers, not model objects, so each node and edge is flattened:
nodes get ``kind`` and ``label`` plus the scalar fields of their record (dates as written and
as ``earliest``/``latest`` ISO days; an open or unknown end, ``2010-08/..``, has no bound and is
marked ``open_start``/``open_end`` instead of written as a made-up first or last day); edges
get ``kind`` and their role, type, stance or quote.
Missing values are left out rather than written as empty strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from dprkgraph.graph import EventGraph
from dprkgraph.model import Actor, Claim, Event, Source
from dprkgraph.output import atomic_path

__all__ = ["scalar_graph", "write_gexf", "write_graphml"]


def _node_attrs(obj: Any, kind: str) -> dict[str, str | float | int | bool]:
    attrs: dict[str, Any] = {"kind": kind}
    if isinstance(obj, Event):
        d = obj.date
        # An open or unknown end has no bound: no earliest/latest, and open_start/open_end.
        attrs.update(
            label=obj.title,
            date=d.text,
            earliest=None if d.open_start else d.earliest.isoformat(),
            latest=None if d.open_end else d.latest.isoformat(),
            open_start=True if d.open_start else None,
            open_end=True if d.open_end else None,
            precision=d.precision,
            approximate=obj.date.approximate,
            uncertain=obj.date.uncertain,
            type=obj.type.value,
            cameo=obj.cameo,
            goldstein=obj.goldstein,
            quad_class=obj.quad_class,
            location=obj.location,
            summary=obj.summary,
        )
    elif isinstance(obj, Actor):
        attrs.update(
            label=obj.name,
            actor_kind=obj.kind.value,
            aliases="; ".join(obj.aliases),
            wikidata=obj.wikidata,
            description=obj.description,
            positions="; ".join(p.title for p in obj.positions),
        )
    elif isinstance(obj, Source):
        attrs.update(
            label=obj.title,
            publisher=obj.publisher,
            author=obj.author,
            published=str(obj.published) if obj.published else None,
            url=obj.url,
            source_kind=obj.kind.value,
            identifier=obj.identifier,
        )
    elif isinstance(obj, Claim):
        attrs.update(label=obj.statement, stance=obj.stance.value, claimant=obj.claimant)
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def scalar_graph(g: EventGraph) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    """A copy of ``g.nx`` whose node and edge attributes are all strings, numbers or booleans."""
    out: nx.MultiDiGraph = nx.MultiDiGraph()  # type: ignore[type-arg]
    for node, data in g.nx.nodes(data=True):
        out.add_node(node, **_node_attrs(data["obj"], data["kind"]))
    for u, v, key, data in g.nx.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **{k: val for k, val in data.items() if val is not None})
    return out


def write_graphml(g: EventGraph, path: str | Path) -> None:
    """Write the graph as GraphML (atomically)."""
    with atomic_path(path) as tmp:
        nx.write_graphml(scalar_graph(g), tmp)


def write_gexf(g: EventGraph, path: str | Path) -> None:
    """Write the graph as GEXF for Gephi (atomically)."""
    with atomic_path(path) as tmp:
        nx.write_gexf(scalar_graph(g), tmp)
