"""The graph as RDF on standard vocabularies, and back again without loss.

Events are ``sem:Event`` and ``schema:Event``; participants are ``sem:Role`` nodes (``rdf:value``
the actor, ``sem:roleType`` the role); dates are an EDTF string (``dprk:edtf``), a typed
``schema:startDate`` at their precision (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``), and
``sem:hasEarliestBeginTimeStamp`` / ``sem:hasLatestEndTimeStamp`` bounds as ``xsd:date`` for
range filters; OWL-Time instants carry a ``time:DateTimeDescription`` whose ``time:unitType``
states the precision. Citations are Web Annotations (``oa:TextQuoteSelector`` with
``oa:exact`` the quote) and ``prov:wasDerivedFrom`` links; claims are ``sem:View`` nodes
``sem:accordingTo`` the claimant; actors link to Wikidata with ``owl:sameAs``. The project's own
terms are in ``dprkgraph/vocab/dprk.ttl``.

Node IRIs are ``<base>event/<id>``, ``<base>actor/<id>``, ``<base>source/<id>``; nodes that
belong to one record (roles, citations, claims, positions, times) are fragments of its IRI.
In TriG and N-Quads, each event and claim is also stated in a named graph per source that
supports it (``<base>graph/<source id>``), so ``GRAPH ?g`` tells where a statement comes from;
actors and sources are in the default graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException

from rdflib import Dataset as RdfDataset
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from dprkgraph.errors import DprkGraphError, LoadError, Problem, QueryError
from dprkgraph.formats import DEFAULT_BASE_IRI, FORMATS
from dprkgraph.graph import EventGraph
from dprkgraph.load_files import read_file
from dprkgraph.model import (
    Actor,
    ActorKind,
    Citation,
    Claim,
    Dataset,
    Event,
    EventType,
    Position,
    Provenance,
    Relation,
    Role,
    Source,
    SourceKind,
    Stance,
)
from dprkgraph.output import atomic_write, is_stream
from dprkgraph.quotes import Anchor
from dprkgraph.rdfmap import PREFIXES as PLAIN_PREFIXES
from dprkgraph.rdfmap import (
    RELATION_PROPERTIES,
    SCHEMES,
    VOCAB,
    WIKIDATA,
    Iris,
    Lit,
    blocks,
    node_prefixes,
)

__all__ = [
    "DEFAULT_BASE_IRI",
    "DPRK",
    "FORMATS",
    "OA",
    "SCHEMA",
    "SEM",
    "Iris",
    "from_rdf",
    "node_prefixes",
    "read_rdf",
    "serialize",
    "to_graph",
    "to_rdf",
    "write_rdf",
]

DPRK = Namespace(VOCAB + "#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {prefix: Namespace(iri) for prefix, iri in PLAIN_PREFIXES.items()}


def _from_concept(enum: type[Any], iri: object) -> Any:
    prefix = SCHEMES[enum]
    text = str(iri)
    if not text.startswith(prefix):
        raise DprkGraphError(f"{text} is not a {enum.__name__} concept")
    return enum(text[len(prefix) :])


def _dataset_of(data: EventGraph | Dataset) -> Dataset:
    return data.to_dataset() if isinstance(data, EventGraph) else data


def to_rdf(
    data: EventGraph | Dataset,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    lang: str | None = "en",
    anchors: Iterable[Anchor] | None = None,
) -> RdfDataset:
    """The dataset as an rdflib ``Dataset``: actors and sources in the default graph, each
    event and claim in the named graph of every source that supports it.

    Iterating the result (or querying it) sees the union of all graphs. ``anchors`` (from
    :func:`dprkgraph.quotes.anchor_quotes`) adds each anchored quote's position and context
    selectors (see :func:`dprkgraph.rdfmap.blocks`).

    Examples
    --------
    >>> rdf = to_rdf(g)
    >>> from rdflib import URIRef
    >>> (URIRef(DEFAULT_BASE_IRI + "event/talks"), SEM.eventType, None) in rdf
    True
    """
    out = RdfDataset(default_union=True)
    _bind(out, base_iri)
    default = out.default_graph
    for block, triples in _blocks(data, base_iri, lang, anchors):
        for graph in [out.graph(URIRef(g)) for g in block.graphs] or [default]:
            for t in triples:
                graph.add(t)
    return out


def to_graph(
    data: EventGraph | Dataset,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    lang: str | None = "en",
    anchors: Iterable[Anchor] | None = None,
) -> Graph:
    """The dataset as one plain rdflib ``Graph``: every triple of :func:`to_rdf` without the
    named graphs, which is what Turtle, N-Triples, JSON-LD and RDF/XML hold. It takes about
    half the memory of :func:`to_rdf`.

    Examples
    --------
    >>> len(to_graph(g)) == len(to_rdf(g))
    True
    """
    out = Graph()
    _bind(out, base_iri)
    for _, triples in _blocks(data, base_iri, lang, anchors):
        for t in triples:
            out.add(t)
    return out


def _bind(graph: Graph, base_iri: str) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for prefix, iri in node_prefixes(base_iri).items():
        graph.bind(prefix, Namespace(iri))


def _blocks(
    data: EventGraph | Dataset,
    base_iri: str,
    lang: str | None,
    anchors: Iterable[Anchor] | None = None,
) -> Iterator[tuple[Any, list[tuple[Any, Any, Any]]]]:
    """The mapping's blocks with their triples as rdflib terms (IRIs made once each)."""
    iris: dict[str, URIRef] = {}

    def term(value: str | Lit) -> URIRef | Literal:
        if isinstance(value, Lit):
            dtype = value.datatype
            return Literal(
                value.value, lang=value.lang, datatype=URIRef(dtype) if dtype is not None else None
            )
        found = iris.get(value)
        if found is None:
            found = iris[value] = URIRef(value)
        return found

    for block in blocks(_dataset_of(data), base_iri=base_iri, lang=lang, anchors=anchors):
        yield block, [(term(s_), term(p_), term(o_)) for s_, p_, o_ in block.triples]


def _union(rdf: Graph) -> Graph:
    """A plain graph of every triple in ``rdf`` (all named graphs merged)."""
    out = Graph()
    for prefix, ns in rdf.namespaces():
        out.bind(prefix, ns)
    for t in rdf.triples((None, None, None)):
        out.add(t)
    return out


def _context(base_iri: str) -> dict[str, str]:
    return {**PLAIN_PREFIXES, **node_prefixes(base_iri)}


def serialize(
    data: EventGraph | Dataset,
    format: str = "turtle",
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    lang: str | None = "en",
    anchors: Iterable[Anchor] | None = None,
) -> str:
    """The dataset in one of :data:`FORMATS` (``turtle``, ``ntriples``, ``jsonld``,
    ``rdfxml``, ``trig``, ``nquads``) as text.

    Examples
    --------
    >>> "sem:Event" in serialize(g, "turtle")
    True
    """
    if format not in FORMATS:
        raise QueryError("format", format, "one of " + ", ".join(FORMATS))
    rdf_format, _, quads = FORMATS[format]
    if quads:
        return to_rdf(data, base_iri=base_iri, lang=lang, anchors=anchors).serialize(
            format=rdf_format
        )
    union = to_graph(data, base_iri=base_iri, lang=lang, anchors=anchors)
    if format == "jsonld":
        return union.serialize(format="json-ld", context=_context(base_iri), auto_compact=True)
    return union.serialize(format=rdf_format)


def write_rdf(
    data: EventGraph | Dataset,
    path: str | Path,
    format: str | None = None,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    anchors: Iterable[Anchor] | None = None,
) -> str:
    """Write the dataset to ``path`` atomically; the format defaults to the file's extension.

    Turtle and N-Triples go through the streaming writers of :mod:`dprkgraph.stream` (the
    same graph, many times faster); the other formats, and any format with ``anchors`` (see
    :func:`to_rdf`), through rdflib. Returns the format.
    """
    from dprkgraph.stream import STREAM_FORMATS, write_stream

    target = Path(path)
    if format is None:
        by_ext = {ext: name for name, (_, ext, _) in FORMATS.items()}
        by_ext[".json"] = "jsonld"
        format = by_ext.get(target.suffix.lower())
        if format is None and is_stream(path):  # "-", a pipe or a device: the CLI's default
            format = "turtle"
        if format is None:
            raise QueryError("path", str(path), "use an extension of " + ", ".join(sorted(by_ext)))
    if format in STREAM_FORMATS and anchors is None:
        Iris(base_iri)  # a bad base IRI is reported before anything is written
        write_stream(_dataset_of(data), target, format, base_iri=base_iri)
        return format
    text = serialize(data, format, base_iri=base_iri, anchors=anchors)
    with atomic_write(target, "w", encoding="utf-8") as handle:
        handle.write(text)
    return format


def _values(g: Graph, s: object, p: URIRef) -> list[Any]:
    return list(g.objects(s, p))  # type: ignore[arg-type]


def _one(g: Graph, s: object, p: URIRef, *, required: bool = True) -> Any:
    values = _values(g, s, p)
    if len(values) > 1:
        raise DprkGraphError(f"{s} has {len(values)} values for {p}; expected one")
    if not values:
        if required:
            raise DprkGraphError(f"{s} has no {p}")
        return None
    return values[0]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _ordered(g: Graph, nodes: Iterable[Any]) -> list[Any]:
    return sorted(nodes, key=lambda n: int(_one(g, n, DPRK.order)))


def _read_citations(g: Graph, subject: URIRef, iris: Iris) -> tuple[Citation, ...]:
    found = []
    for ann in _ordered(g, g.subjects(OA.hasBody, subject)):
        target = _one(g, ann, OA.hasTarget)
        selector = next(
            (
                s
                for s in g.objects(target, OA.hasSelector)
                if (s, RDF.type, OA.TextQuoteSelector) in g
            ),
            None,
        )
        found.append(
            Citation(
                source=iris.id_of(_one(g, target, OA.hasSource), "source"),
                quote=_text(_one(g, selector, OA.exact)) if selector is not None else None,
                locator=_text(_one(g, target, DPRK.locator, required=False)),
                prefix=(
                    _text(_one(g, selector, OA.prefix, required=False))
                    if selector is not None
                    else None
                ),
                occurrence=(
                    _occurrence(_one(g, selector, DPRK.occurrence, required=False))
                    if selector is not None
                    else None
                ),
            )
        )
    return tuple(found)


def _occurrence(value: Any) -> int | None:
    if value is None:
        return None
    text = str(value)
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise DprkGraphError(f"dprk:occurrence {text!r} is not a whole number from 1")
    return int(text)


def _subjects(g: Graph, cls: URIRef) -> Iterator[URIRef]:
    seen = set()
    for s in g.subjects(RDF.type, cls):
        if s not in seen and isinstance(s, URIRef):
            seen.add(s)
            yield s


def _read_event(g: Graph, node: URIRef, iris: Iris) -> Event:
    relations = []
    for rel in _ordered(g, _values(g, node, DPRK.relation)):
        prop = _one(g, rel, DPRK.relationType)
        rtype = next(t for t, p in RELATION_PROPERTIES.items() if p == str(prop))
        relations.append(
            Relation(
                type=rtype,
                event=iris.id_of(_one(g, rel, DPRK.target), "event"),
                note=_text(_one(g, rel, RDFS.comment, required=False)),
            )
        )
    claims = []
    for view in _ordered(g, g.subjects(DPRK.about, node)):
        claims.append(
            Claim(
                claimant=iris.id_of(_one(g, view, SEM.accordingTo), "actor"),
                stance=_from_concept(Stance, _one(g, view, DPRK.stance)),
                statement=str(_one(g, view, DPRK.statement)),
                sources=_read_citations(g, view, iris),
            )
        )
    participants = [
        {
            "actor": iris.id_of(_one(g, r, RDF.value), "actor"),
            "role": _from_concept(Role, _one(g, r, SEM.roleType)),
        }
        for r in _ordered(g, _values(g, node, SEM.hasActor))
    ]
    place = _one(g, node, SEM.hasPlace, required=False)
    cameo = _one(g, node, DPRK.cameoCode, required=False)
    provenance = _one(g, node, DPRK.provenance, required=False)
    coded_goldstein = _one(g, node, DPRK.codedGoldstein, required=False)
    coded_quad = _one(g, node, DPRK.codedQuadClass, required=False)
    metrics = {
        str(_one(g, m, RDFS.label)): float(_one(g, m, RDF.value))
        for m in _values(g, node, DPRK.metric)
    }
    return Event.model_validate(
        {
            "id": iris.id_of(node, "event"),
            "title": str(_one(g, node, RDFS.label)),
            "date": str(_one(g, node, DPRK.edtf)),
            "type": _from_concept(EventType, _one(g, node, SEM.eventType)),
            "cameo": _text(cameo),
            "participants": participants,
            "location": _text(_one(g, place, RDFS.label)) if place is not None else None,
            "summary": _text(_one(g, node, SCHEMA.description, required=False)),
            "sources": _read_citations(g, node, iris),
            "relations": relations,
            "claims": claims,
            "provenance": _from_concept(Provenance, provenance)
            if provenance is not None
            else Provenance.CURATED,
            "coded_goldstein": float(coded_goldstein) if coded_goldstein is not None else None,
            "coded_quad_class": int(coded_quad) if coded_quad is not None else None,
            "metrics": metrics,
        }
    )


def _read_actor(g: Graph, node: URIRef, iris: Iris) -> Actor:
    positions = [
        Position.model_validate(
            {
                "title": str(_one(g, p, RDFS.label)),
                "start": _text(_one(g, p, DPRK.start, required=False)),
                "end": _text(_one(g, p, DPRK.end, required=False)),
            }
        )
        for p in _ordered(g, _values(g, node, DPRK.position))
    ]
    same = [str(x) for x in _values(g, node, OWL.sameAs) if str(x).startswith(WIKIDATA)]
    affiliation = _one(g, node, DPRK.affiliation, required=False)
    return Actor.model_validate(
        {
            "id": iris.id_of(node, "actor"),
            "name": str(_one(g, node, RDFS.label)),
            "kind": _from_concept(ActorKind, _one(g, node, DPRK.actorKind)),
            "aliases": [str(x) for x in _values(g, node, SKOS.altLabel)],
            "affiliation": iris.id_of(affiliation, "actor") if affiliation is not None else None,
            "positions": positions,
            "wikidata": same[0][len(WIKIDATA) :] if same else None,
            "description": _text(_one(g, node, SCHEMA.description, required=False)),
        }
    )


def _read_source(g: Graph, node: URIRef, iris: Iris) -> Source:
    return Source.model_validate(
        {
            "id": iris.id_of(node, "source"),
            "title": str(_one(g, node, RDFS.label)),
            "publisher": str(_one(g, node, SCHEMA.publisher)),
            "author": _text(_one(g, node, SCHEMA.author, required=False)),
            "published": _text(_one(g, node, DPRK.edtf, required=False)),
            "url": _text(_one(g, node, SCHEMA.url, required=False)),
            "kind": _from_concept(SourceKind, _one(g, node, DPRK.sourceKind)),
            "identifier": _text(_one(g, node, SCHEMA.identifier, required=False)),
            "sha256": _text(_one(g, node, DPRK.sha256, required=False)),
        }
    )


def from_rdf(
    rdf: Graph, *, base_iri: str = DEFAULT_BASE_IRI, order: Dataset | None = None
) -> Dataset:
    """Read a dataset back from RDF written by :func:`to_rdf` (any named graphs are merged).

    RDF has no order of subjects, so records come back sorted by id unless ``order`` gives a
    dataset whose order to follow.

    Examples
    --------
    >>> from_rdf(to_rdf(dataset), order=dataset) == dataset
    True
    """
    iris = Iris(base_iri)
    g = _union(rdf) if isinstance(rdf, RdfDataset) else rdf
    try:
        actors = [_read_actor(g, n, iris) for n in _subjects(g, SEM.Actor)]
        sources = [
            _read_source(g, n, iris)
            for n in _subjects(g, PROV.Entity)
            if (n, DPRK.sourceKind, None) in g
        ]
        events = [_read_event(g, n, iris) for n in _subjects(g, SEM.Event)]
    except (ValueError, StopIteration) as err:
        raise DprkGraphError(f"the RDF does not describe a valid dataset: {err}") from err

    def arrange(records: list[Any], reference: tuple[Any, ...]) -> tuple[Any, ...]:
        by_id = {r.id: r for r in records}
        ids = [r.id for r in reference if r.id in by_id] + sorted(
            set(by_id) - {r.id for r in reference}
        )
        return tuple(by_id[i] for i in ids)

    ref = order or Dataset()
    return Dataset(
        arrange(events, ref.events), arrange(actors, ref.actors), arrange(sources, ref.sources)
    )


def read_rdf(
    path: str | Path, format: str | None = None, *, base_iri: str = DEFAULT_BASE_IRI
) -> Dataset:
    """Parse an RDF file written by :func:`write_rdf` back into a :class:`Dataset`.

    The file is read as data, never as instructions to fetch more: a JSON-LD ``@context``
    that names a URL is refused rather than downloaded (:func:`write_rdf` writes its context
    inline), and XML entities that point elsewhere are not resolved. Anything that is not a
    regular file (a folder, FIFO, device, looping link) is reported without being read.

    Raises
    ------
    QueryError
        If the format is not one of :data:`FORMATS` (or cannot be told from the extension).
    LoadError
        If the file cannot be read, is not valid RDF in that format, or asks for a remote
        JSON-LD context; the problem names the file (and the line and column where known).
    DprkGraphError
        If it is RDF but does not describe a valid dataset.
    """
    target = Path(path)
    by_ext = {ext: name for name, (_, ext, _) in FORMATS.items()}
    name = format or by_ext.get(target.suffix.lower())
    if name not in FORMATS:
        raise QueryError("format", name, "one of " + ", ".join(FORMATS))
    rdf_format, _, quads = FORMATS[name]
    problems: list[Problem] = []
    read = read_file(target, "rdf", problems)
    if read is None:
        raise LoadError(problems)
    if name == "jsonld":
        _check_jsonld(target, read.data)
    rdf: Graph = RdfDataset(default_union=True) if quads else Graph()
    try:
        rdf.parse(data=read.data, format=rdf_format, publicID=target.absolute().as_uri())
    # rdflib's parsers raise whatever their reader meets (BadSyntax, SAXParseException,
    # ValueError, KeyError, RecursionError …): each means the same to the caller.
    except Exception as err:
        line, column = _place(err)
        problem = Problem(
            target,
            line,
            column,
            f"is not valid {name}: {_first_line(err)}",
            f"give a file written as {name}, or name its format",
        )
        raise LoadError([problem]) from err
    return from_rdf(rdf, base_iri=base_iri)


def _first_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return (text[:200] + "…" if len(text) > 200 else text) or type(err).__name__


def _place(err: BaseException) -> tuple[int, int]:
    """The line and column a parser's error names, or (0, 0)."""
    line = getattr(err, "lineno", None) or getattr(err, "lines", None)
    column = getattr(err, "colno", None)
    if isinstance(err, SAXParseException):
        line, column = err.getLineNumber(), (err.getColumnNumber() or 0) + 1
    if isinstance(line, int) and line > 0:
        return line, column if isinstance(column, int) and column > 0 else 1
    return 0, 0


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise ValueError(f"duplicate key {key!r}")
    return dict(pairs)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _check_jsonld(path: Path, data: bytes) -> None:
    """Refuse JSON-LD that is not strict JSON or that would make its reader fetch a context."""
    try:
        tree = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_refuse_duplicates,
            parse_constant=_refuse_constant,
        )
    except (ValueError, RecursionError) as err:
        line, column = _place(err)
        problem = Problem(path, line, column, f"is not valid JSON: {_first_line(err)}")
        raise LoadError([problem]) from err
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        stack.extend(node.values())
        contexts = node.get("@context")
        named = [node.get("@import")] + (contexts if isinstance(contexts, list) else [contexts])
        remote = [c for c in named if isinstance(c, str)]
        if remote:
            text = data.decode("utf-8")
            at = max(text.find(json.dumps(remote[0])[1:-1]), 0)
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            problem = Problem(
                path,
                line,
                column,
                f"a remote @context {remote[0]!r} would be fetched from the network",
                "dprkgraph fetches nothing: write the context inline, as "
                "`dprkgraph export --format jsonld` does",
            )
            raise LoadError([problem])
