"""SPARQL over the RDF view of a graph, shipped example queries, and SHACL validation.

Values are bound with ``initBindings``, never spliced into the query text.

A query declares its parameters in comment lines, one each::

    # @param actor actor  The actor, e.g. actor:prk or prk.
    # @param start start  Window start, an EDTF date (2010-03 means 1 March 2010).

The kinds are ``actor``, ``event`` and ``source`` (an id, with or without its ``actor:``
prefix, or the full IRI; when the data is an EventGraph or Dataset the id must exist in it,
and a near miss is suggested), ``start`` and ``end`` (an EDTF date: a month or year as a
start means its first day, as an end its last day) and ``text``.
A query that declares parameters must be given every one of them and no others.

A query without declarations takes bindings for any of its variables: ``event:<id>``,
``actor:<id>`` or ``source:<id>`` becomes that node's IRI, a ``date`` or ``YYYY-MM-DD`` an
``xsd:date``, other strings, numbers and booleans typed literals; rdflib terms are used as
they are.

The query is evaluated in a forked child process that is killed at the time limit; the child
returns its answer as SPARQL JSON results (or N-Triples for a graph), never as a pickle. The
child cannot open network connections: ``SERVICE`` is refused unless ``allow_service`` is set,
and ``FROM``/``FROM NAMED`` may only name graphs of the dataset (rdflib would otherwise
download them). Where ``os.fork`` is missing (Windows) the query runs in this process, with
the same refusals but without a time limit.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from io import BytesIO
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Variable

from dprkgraph.errors import (
    DprkGraphError,
    EndpointError,
    MissingBindingError,
    QueryError,
    QueryTimeoutError,
    UnknownIdError,
)
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.model import Dataset
from dprkgraph.query import window_bound
from dprkgraph.rdf import DEFAULT_BASE_IRI, PREFIXES, Iris, to_rdf

if TYPE_CHECKING:
    import pandas as pd
    from rdflib.plugins.sparql.sparql import Query

__all__ = [
    "DEFAULT_TIMEOUT",
    "Parameter",
    "ShapeReport",
    "ShapeResult",
    "example_queries",
    "query_parameters",
    "shapes_graph",
    "sparql",
    "validate_shapes",
    "vocabulary_graph",
]

DEFAULT_TIMEOUT = 60.0
"""Seconds a query may run before it is stopped, unless the caller says otherwise."""

_NODE = re.compile(r"^(event|actor|source):([a-z0-9]+(?:-[a-z0-9]+)*)$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARAM = re.compile(r"^#\s*@param\b(.*)$")
_PARAM_PARTS = re.compile(r"^\s+\??([A-Za-z_]\w*)\s+(actor|event|source|start|end|text)\b\s*(.*)$")
_KINDS = {
    "actor": "ACTOR",
    "event": "EVENT",
    "source": "SOURCE",
    "start": "DATE",
    "end": "DATE",
    "text": "TEXT",
}
_NETWORK_EVENTS = (
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.sendto",
    "urllib.Request",
)


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


@dataclass(frozen=True)
class Parameter:
    """A value a query needs: its variable ``name``, its ``kind`` and a line of help."""

    name: str
    kind: str
    help: str = ""

    @property
    def usage(self) -> str:
        """How a value is given: ``actor=ACTOR``, ``start=DATE`` …"""
        return f"{self.name}={_KINDS[self.kind]}"

    def __str__(self) -> str:
        return f"{self.usage}  {self.help}" if self.help else self.usage


def query_parameters(query: str) -> tuple[Parameter, ...]:
    """The parameters a query (SPARQL text or a shipped example's name) declares.

    Raises
    ------
    QueryError
        If an ``@param`` line cannot be read; the message quotes it.

    Examples
    --------
    >>> [str(p) for p in query_parameters("led-to-chain")]
    ['start=EVENT  The event the chain starts from, e.g. event:prk-rocket-launch-2009.']
    """
    text = example_queries().get(query, query)
    found: dict[str, Parameter] = {}
    for line in text.splitlines():
        m = _PARAM.match(line.strip())
        if not m:
            continue
        parts = _PARAM_PARTS.match(m[1])
        if not parts:
            raise QueryError(
                "@param",
                line.strip(),
                "write '# @param NAME KIND help', KIND one of " + ", ".join(_KINDS),
            )
        if parts[1] in found:
            raise QueryError("@param", line.strip(), f"{parts[1]} is declared twice")
        found[parts[1]] = Parameter(parts[1], parts[2], parts[3].strip())
    return tuple(found.values())


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


def _node_term(p: Parameter, value: object, iris: Iris, g: EventGraph | None) -> URIRef:
    text = str(value) if isinstance(value, str | URIRef) else None
    if text is None:
        raise QueryError(p.name, value, f"give {p.kind}:ID or ID")
    prefix = getattr(iris, p.kind)("")
    if text.startswith(prefix):
        text = text[len(prefix) :]
    kind, sep, rest = text.partition(":")
    if sep:
        if kind != p.kind:
            raise QueryError(p.name, value, f"the query wants {p.kind}:ID or ID here, not {kind}:…")
        text = rest
    if g is not None:
        try:
            getattr(g, p.kind)(text)
        except UnknownIdError as err:
            raise QueryError(p.name, value, str(err)) from err
    elif not _NODE.match(f"{p.kind}:{text}"):
        raise QueryError(p.name, value, f"not a valid {p.kind} id")
    return URIRef(getattr(iris, p.kind)(text))


def _declared_terms(
    params: tuple[Parameter, ...], bindings: dict[str, object], iris: Iris, g: EventGraph | None
) -> dict[str, Identifier]:
    declared = {p.name: p for p in params}
    for name, value in bindings.items():
        if name not in declared:
            raise QueryError(
                name,
                value,
                "the query has no such parameter; it takes " + ", ".join(p.usage for p in params),
            )
    out: dict[str, Identifier] = {}
    days: dict[str, date] = {}
    for p in params:
        if p.name not in bindings:
            raise MissingBindingError(
                p.name, f"bind it with {p.usage}" + (f" ({p.help.rstrip('.')})" if p.help else "")
            )
        value = bindings[p.name]
        if p.kind in ("actor", "event", "source"):
            out[p.name] = _node_term(p, value, iris, g)
        elif p.kind in ("start", "end"):
            if isinstance(value, Literal):
                value = value.toPython()
            if not isinstance(value, str | date):
                raise QueryError(p.name, value, "give a date, e.g. 2010-03 or 2010-03-15")
            day = window_bound(value, p.name, "start" if p.kind == "start" else "end")
            assert day is not None
            days[p.kind] = day
            out[p.name] = Literal(day, datatype=XSD.date)
        else:
            out[p.name] = Literal(str(value))
    kinds = [p.kind for p in params]
    if kinds.count("start") == kinds.count("end") == 1 and days["end"] < days["start"]:
        end = next(p.name for p in params if p.kind == "end")
        raise QueryError(end, bindings[end], f"the window ends before it starts ({days['start']})")
    return out


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, URIRef):
        return str(value)
    if isinstance(value, Literal):
        return value.toPython()
    return str(value)


def _walk(node: object, seen: set[int] | None = None) -> Iterator[object]:
    """Every object in a parsed query (CompValues are dicts, with lists and terms inside)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "_vars":
                yield from _walk(value, seen)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _walk(value, seen)


def _services(prepared: Query) -> list[str]:
    return [
        str(n.get("term"))
        for n in _walk(prepared.algebra)
        if getattr(n, "name", None) == "ServiceGraphPattern" and isinstance(n, dict)
    ]


def _check_reach(prepared: Query, rdf: Graph, allow_service: bool) -> list[str]:
    services = _services(prepared)
    if services and not allow_service:
        raise QueryError(
            "SERVICE",
            services[0],
            "queries run over the dataset only; SERVICE "
            "would send the query to that endpoint. Allow it with --allow-service "
            "(allow_service=True) if you mean to",
        )
    clauses = prepared.algebra.get("datasetClause") or []
    listing = getattr(rdf, "graphs", None) or getattr(rdf, "contexts", None)
    graphs = {str(c.identifier) for c in (listing() if listing and clauses else []) if len(c)}
    for clause in clauses:
        iri = clause.get("default") or clause.get("named")
        if str(iri) not in graphs:
            raise QueryError(
                "FROM",
                str(iri),
                "FROM and FROM NAMED may only name graphs of the "
                "dataset (rdflib would download any other); use GRAPH for a named "
                "graph, or leave FROM out",
            )
    return services


def _deny_network(event: str, args: tuple[Any, ...]) -> None:
    if event in _NETWORK_EVENTS:
        msg = f"network access refused in a query ({event})"
        raise PermissionError(msg)


def _answer(rdf: Graph, prepared: Query, init: dict[str, Identifier]) -> bytes:
    result = rdf.query(prepared, initBindings=init)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return b"G" + result.graph.serialize(format="nt", encoding="utf-8")
    encoded = result.serialize(format="json")
    assert encoded is not None
    return b"J" + encoded


def _child(
    write: int, rdf: Graph, prepared: Query, init: dict[str, Identifier], allow_service: bool
) -> None:
    """Evaluate in the forked child and write the tagged answer; never returns."""
    code = 0
    try:
        import rdflib.plugins.sparql

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        if not allow_service:
            sys.addaudithook(_deny_network)
        payload = _answer(rdf, prepared, init)
    except BaseException as err:  # the child reports every failure to the parent
        kind = (
            "network"
            if isinstance(err, PermissionError) and "network" in str(err)
            else ("reach" if isinstance(err, OSError) else "error")
        )
        payload = b"E" + json.dumps({"kind": kind, "message": f"{err}"[:2000]}).encode()
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(write, view) :]
    except BaseException:  # the parent went away; nothing is left to tell
        code = 1
    finally:
        os._exit(code)


def _evaluate(
    rdf: Graph,
    prepared: Query,
    init: dict[str, Identifier],
    *,
    timeout: float | None,
    allow_service: bool,
) -> bytes:
    if not hasattr(os, "fork"):  # no fork: evaluated here, without a time limit
        return _answer(rdf, prepared, init)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(write, rdf, prepared, init, allow_service)
    os.close(write)
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks: list[bytes] = []
    done = False
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise QueryTimeoutError(
                    timeout or 0, "narrow the query, add LIMIT, or give a longer --timeout"
                )
            ready, _, _ = select.select([read], [], [], left)
            if ready:
                chunk = os.read(read, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        done = True
    finally:
        os.close(read)
        if not done:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    answer = b"".join(chunks)
    if not answer:
        raise QueryError(
            "query",
            "",
            f"the evaluating process ended without an answer "
            f"(status {status}); it may have run out of memory",
        )
    return answer


def _result(
    answer: bytes, text: str, services: list[str], as_frame: bool
) -> pd.DataFrame | list[dict[str, Any]] | bool | Graph:
    from rdflib.query import Result

    tag, body = answer[:1], answer[1:]
    if tag == b"E":
        error = json.loads(body)
        error["message"] = "".join(c if c.isprintable() else "?" for c in error["message"])
        if error["kind"] == "network":
            raise QueryError(
                "query",
                _last_line(text),
                f"{error['message']}; the query may not "
                "reach the network (SERVICE needs --allow-service)",
            )
        if error["kind"] == "reach" and services:
            raise EndpointError(
                ", ".join(services),
                f"the SERVICE endpoint could not be queried: {error['message']}",
            )
        raise QueryError("query", _last_line(text), f"SPARQL error: {error['message']}")
    if tag == b"G":
        return Graph().parse(data=body.decode("utf-8"), format="nt")
    result = Result.parse(BytesIO(body), format="json")
    if result.type == "ASK":
        return bool(result.askAnswer)
    names = [str(v) for v in result.vars or []]
    rows = [{n: _plain(row[i]) for i, n in enumerate(names)} for row in result]  # type: ignore[index]
    if not as_frame:
        return rows
    import pandas as pd

    return pd.DataFrame(rows, columns=names)


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1][:60] if lines else ""


def sparql(
    data: EventGraph | Dataset | Graph,
    query: str,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    as_frame: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
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
    timeout
        Seconds the evaluation may take before it is stopped; None for no limit.
    allow_service
        Let ``SERVICE <url>`` send (part of) the query to that endpoint; refused by default.
    **bindings
        Values for the query's parameters or variables (see the module docstring).

    Returns
    -------
    DataFrame, list of dict, bool or Graph
        SELECT rows; the answer of an ASK; the graph of a CONSTRUCT or DESCRIBE.

    Raises
    ------
    QueryError
        Bad SPARQL, an unknown, missing or ill-typed binding, or a query that would reach the
        network without leave (:class:`MissingBindingError` for a missing one).
    QueryTimeoutError
        If the evaluation ran past ``timeout``.
    EndpointError
        If an allowed SERVICE endpoint could not be queried.

    Examples
    --------
    >>> rows = sparql(g, "events-by-actor-in-window", as_frame=False,
    ...               actor="bbb", start="2010-03", end="2010-03-20")
    >>> [r["title"] for r in rows]
    ['Talks open']
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if timeout is not None and not timeout > 0:
        raise QueryError("timeout", timeout, "a positive number of seconds, or None")
    text = example_queries().get(query, query)
    iris = Iris(base_iri)
    try:
        prepared = translateQuery(parseQuery(text), initNs=PREFIXES)
    except Exception as err:  # rdflib raises pyparsing and several of its own errors
        raise QueryError("query", _last_line(text), f"SPARQL error: {err}") from err
    params = query_parameters(text)
    if params:
        g = (
            data
            if isinstance(data, EventGraph)
            else (build_graph(data) if isinstance(data, Dataset) else None)
        )
        init = _declared_terms(params, bindings, iris, g)
    else:
        variables = {str(n) for n in _walk(prepared.algebra) if isinstance(n, Variable)}
        for name, value in bindings.items():
            if name not in variables:
                raise QueryError(name, value, "the query has no variable ?" + name)
        init = {name: _term(name, value, iris) for name, value in bindings.items()}
    rdf = data if isinstance(data, Graph) else to_rdf(data, base_iri=base_iri)
    services = _check_reach(prepared, rdf, allow_service)
    try:
        answer = _evaluate(rdf, prepared, init, timeout=timeout, allow_service=allow_service)
    except DprkGraphError:
        raise
    except Exception as err:  # in-process evaluation where fork is missing
        raise QueryError("query", _last_line(text), f"SPARQL error: {err}") from err
    return _result(answer, text, services, as_frame)


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


def validate_shapes(
    data: EventGraph | Dataset | Graph,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    with_vocabulary: bool = False,
) -> ShapeReport:
    """Validate RDF against the shipped SHACL shapes (with pyshacl, no inference).

    The data is validated as given: the shapes need nothing beyond what an export states, so
    the verdict is the one any SHACL engine gives for the published file.

    Parameters
    ----------
    data
        An event graph (exported first) or RDF already in hand.
    base_iri
        Base of the instance IRIs when ``data`` is an event graph.
    with_vocabulary
        Add the dprkgraph vocabulary (``dprk.ttl``: classes, properties, concept schemes) to
        the data graph before validating. Off by default; useful to check a graph that
        mixes dprkgraph data with statements about the vocabulary itself.

    Examples
    --------
    >>> validate_shapes(g).conforms
    True
    >>> validate_shapes(g, with_vocabulary=True).conforms
    True
    """
    import pyshacl
    from rdflib.namespace import SH

    rdf = data if isinstance(data, Graph) else to_rdf(data, base_iri=base_iri)
    plain = Graph()
    for graph in (rdf, vocabulary_graph()) if with_vocabulary else (rdf,):
        for t in graph.triples((None, None, None)):
            plain.add(t)
    conforms, report, text = pyshacl.validate(
        plain,
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=False,
    )
    results = []
    for r in report.subjects(SH.resultSeverity, None):
        results.append(
            ShapeResult(
                focus=str(report.value(r, SH.focusNode)),
                path=str(report.value(r, SH.resultPath)),
                message=str(report.value(r, SH.resultMessage)),
            )
        )
    return ShapeReport(
        bool(conforms), tuple(sorted(results, key=lambda x: (x.focus, x.path))), str(text)
    )
