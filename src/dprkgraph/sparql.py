"""SPARQL over the RDF view of a graph, shipped example queries, and SHACL validation.

Values are bound with ``initBindings``, never spliced into the query text. A string binding of
the form ``event:<id>``, ``actor:<id>`` or ``source:<id>`` becomes that node's IRI; a ``date``
(or a ``YYYY-MM-DD`` string) becomes an ``xsd:date``; other strings, numbers and booleans
become typed literals; rdflib terms are used as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.model import Dataset
from dprkgraph.rdf import DEFAULT_BASE_IRI, PREFIXES, Iris, to_rdf

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ShapeReport", "ShapeResult", "example_queries", "shapes_graph", "sparql",
           "validate_shapes", "vocabulary_graph"]

_NODE = re.compile(r"^(event|actor|source):([a-z0-9]+(?:-[a-z0-9]+)*)$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _vocab_text(name: str) -> str:
    return resources.files("dprkgraph").joinpath("vocab").joinpath(name).read_text(encoding="utf-8")


@cache
def example_queries() -> dict[str, str]:
    """The shipped example queries by name (the file stem), e.g. ``contested-events``."""
    folder = resources.files("dprkgraph").joinpath("vocab").joinpath("queries")
    return {
        entry.name.removesuffix(".rq"): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".rq")
    }


def _term(name: str, value: object, iris: Iris) -> Identifier:
    if isinstance(value, Identifier):
        return value
    if isinstance(value, bool | int | float):
        return Literal(value)
    if isinstance(value, date):
        return Literal(value, datatype=XSD.date)
    if isinstance(value, str):
        m = _NODE.match(value)
        if m:
            return URIRef(getattr(iris, m[1])(m[2]))
        if _DAY.match(value):
            try:
                return Literal(date.fromisoformat(value), datatype=XSD.date)
            except ValueError as err:
                raise QueryError(name, value, "not a real day") from err
        return Literal(value)
    raise QueryError(name, value, "bind a string, number, date or rdflib term")


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, URIRef):
        return str(value)
    if isinstance(value, Literal):
        return value.toPython()
    return str(value)


def sparql(
    data: EventGraph | Dataset | Graph,
    query: str,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    as_frame: bool = True,
    **bindings: object,
) -> pd.DataFrame | list[dict[str, Any]] | bool | Graph:
    """Run a SPARQL query (or the name of a shipped example) with bound values.

    Parameters
    ----------
    data
        An EventGraph or Dataset (converted with :func:`~dprkgraph.rdf.to_rdf`) or any rdflib
        graph.
    query
        SPARQL text, or the name of one of :func:`example_queries`.
    as_frame
        Return a DataFrame for SELECT (the default) or a list of dicts.
    **bindings
        Values for the query's variables (see the module docstring).

    Returns
    -------
    DataFrame, list of dict, bool or Graph
        SELECT rows; the answer of an ASK; the graph of a CONSTRUCT or DESCRIBE.

    Examples
    --------
    >>> rows = sparql(g, "events-by-actor-in-window", as_frame=False,
    ...               actor="actor:bbb", start="2010-03-10", end="2010-03-20")
    >>> [r["title"] for r in rows]
    ['Talks open']
    """
    text = example_queries().get(query, query)
    iris = Iris(base_iri)
    rdf = data if isinstance(data, Graph) else to_rdf(data, base_iri=base_iri)
    init = {name: _term(name, value, iris) for name, value in bindings.items()}
    try:
        result = rdf.query(text, initBindings=init, initNs=PREFIXES)
    except Exception as err:  # rdflib raises pyparsing and several of its own errors
        raise QueryError("query", text.strip().splitlines()[-1][:60], f"SPARQL error: {err}") from err
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return result.graph
    names = [str(v) for v in result.vars or []]
    rows = [{n: _plain(row[i]) for i, n in enumerate(names)} for row in result]  # type: ignore[index]
    if not as_frame:
        return rows
    import pandas as pd

    return pd.DataFrame(rows, columns=names)


@cache
def vocabulary_graph() -> Graph:
    """The dprkgraph vocabulary (classes, properties and concept schemes) as a graph."""
    return Graph().parse(data=_vocab_text("dprk.ttl"), format="turtle")


@cache
def shapes_graph() -> Graph:
    """The shipped SHACL shapes."""
    return Graph().parse(data=_vocab_text("shapes.ttl"), format="turtle")


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL violation: the node, the property path, and the shape's message."""

    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class ShapeReport:
    """The outcome of validating a graph against the shipped shapes."""

    conforms: bool
    results: tuple[ShapeResult, ...]
    text: str

    def __str__(self) -> str:
        return self.text


def validate_shapes(data: EventGraph | Dataset | Graph, *,
                    base_iri: str = DEFAULT_BASE_IRI) -> ShapeReport:
    """Validate RDF against the shipped SHACL shapes (with pyshacl).

    The vocabulary's triples are added to the data before validation, so the concept types
    the shapes check need not be repeated in every export.

    Examples
    --------
    >>> validate_shapes(g).conforms
    True
    """
    import pyshacl
    from rdflib.namespace import SH

    rdf = data if isinstance(data, Graph) else to_rdf(data, base_iri=base_iri)
    plain = Graph()
    for graph in (rdf, vocabulary_graph()):
        for t in graph.triples((None, None, None)):
            plain.add(t)
    conforms, report, text = pyshacl.validate(
        plain, shacl_graph=shapes_graph(), inference="none", allow_warnings=False,
    )
    results = []
    for r in report.subjects(SH.resultSeverity, None):
        results.append(ShapeResult(
            focus=str(report.value(r, SH.focusNode)),
            path=str(report.value(r, SH.resultPath)),
            message=str(report.value(r, SH.resultMessage)),
        ))
    return ShapeReport(bool(conforms), tuple(sorted(results, key=lambda x: (x.focus, x.path))),
                       str(text))
