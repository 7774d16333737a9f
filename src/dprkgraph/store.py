"""Uploading a dataset to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

``replace`` sends HTTP PUT (the target graph's old content is dropped); ``merge`` sends POST
(triples are added). Data goes as N-Triples. With ``per_source``, each source's named graph is
sent to its own graph IRI, and actors and sources to the target graph.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Literal

from rdflib import Graph

from dprkgraph.errors import EndpointError, QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.model import Dataset
from dprkgraph.rdf import DEFAULT_BASE_IRI, to_rdf

__all__ = ["PushReport", "push"]

Mode = Literal["replace", "merge"]


@dataclass(frozen=True)
class PushReport:
    """What was sent: one ``(graph IRI or "default", triples)`` pair per request."""

    endpoint: str
    mode: Mode
    graphs: tuple[tuple[str, int], ...]

    @property
    def triples(self) -> int:
        """Triples sent in all."""
        return sum(n for _, n in self.graphs)

    def __str__(self) -> str:
        verb = "replaced" if self.mode == "replace" else "merged into"
        return (f"{self.triples} triples {verb} {len(self.graphs)} graph"
                f"{'s' if len(self.graphs) != 1 else ''} at {self.endpoint}")


def _send(endpoint: str, graph: str | None, data: Graph, mode: Mode, timeout: float) -> None:
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
    body = data.serialize(format="nt", encoding="utf-8")
    request = urllib.request.Request(
        url, data=body, method="PUT" if mode == "replace" else "POST",
        headers={"Content-Type": "application/n-triples"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as err:
        detail = err.read(300).decode("utf-8", "replace").strip()
        reason = f"the store answered HTTP {err.code} {err.reason}"
        raise EndpointError(endpoint, f"{reason}: {detail}" if detail else reason, err.code) from err
    except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
        why = getattr(err, "reason", err)
        raise EndpointError(endpoint, f"cannot reach the store ({why}); is it running, and is "
                            "this its Graph Store endpoint (e.g. http://host:7878/store)?") from err


def push(
    data: EventGraph | Dataset,
    endpoint: str,
    *,
    graph: str | None = None,
    mode: Mode = "replace",
    per_source: bool = False,
    base_iri: str = DEFAULT_BASE_IRI,
    timeout: float = 60.0,
) -> PushReport:
    """Upload the dataset's RDF to a Graph Store HTTP Protocol endpoint.

    Parameters
    ----------
    endpoint
        The store's graph-store URL, e.g. ``http://127.0.0.1:7878/store`` for Oxigraph.
    graph
        Target graph IRI; the store's default graph if None.
    mode
        ``"replace"`` (PUT) or ``"merge"`` (POST).
    per_source
        Send each source's named graph to its own IRI (``<base>graph/<source id>``).

    Raises
    ------
    EndpointError
        If the store cannot be reached or answers with an HTTP error.
    """
    if not endpoint.startswith(("http://", "https://")):
        raise QueryError("endpoint", endpoint, "an http:// or https:// URL")
    if mode not in ("replace", "merge"):
        raise QueryError("mode", mode, "'replace' or 'merge'")
    rdf = to_rdf(data, base_iri=base_iri)
    sent: list[tuple[str, int]] = []
    if per_source:
        for context in rdf.graphs():
            if context.identifier == rdf.default_graph.identifier:
                continue
            if len(context):
                _send(endpoint, str(context.identifier), context, mode, timeout)
                sent.append((str(context.identifier), len(context)))
        rest: Graph = rdf.default_graph
    else:
        rest = Graph()
        for t in rdf.triples((None, None, None)):
            rest.add(t)
    _send(endpoint, graph, rest, mode, timeout)
    sent.append((graph or "default", len(rest)))
    return PushReport(endpoint, mode, tuple(sent))
