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

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset as RdfDataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from dprkgraph.dates import ImpreciseDate
from dprkgraph.errors import DprkGraphError, QueryError
from dprkgraph.formats import DEFAULT_BASE_IRI, FORMATS
from dprkgraph.graph import EventGraph
from dprkgraph.model import (
    Actor, ActorKind, Citation, Claim, Dataset, Event, EventType, Position, Relation,
    RelationType, Role, Source, SourceKind, Stance,
)
from dprkgraph.output import atomic_write

__all__ = [
    "DEFAULT_BASE_IRI", "DPRK", "FORMATS", "OA", "SCHEMA", "SEM", "Iris", "from_rdf",
    "node_prefixes", "read_rdf", "serialize", "to_rdf", "write_rdf",
]

VOCAB = "https://w3id.org/dprkgraph/vocab"
DPRK = Namespace(VOCAB + "#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
WIKIDATA = "http://www.wikidata.org/entity/"

#: Concept schemes of the closed vocabularies: IRI namespace per enum.
SCHEMES: dict[type, Namespace] = {
    EventType: Namespace(VOCAB + "/event-type/"),
    Role: Namespace(VOCAB + "/role/"),
    ActorKind: Namespace(VOCAB + "/actor-kind/"),
    SourceKind: Namespace(VOCAB + "/source-kind/"),
    Stance: Namespace(VOCAB + "/stance/"),
}

RELATION_PROPERTIES: dict[RelationType, URIRef] = {
    RelationType.LED_TO: DPRK.ledTo,
    RelationType.RESPONSE_TO: DPRK.responseTo,
    RelationType.PART_OF: DPRK.partOf,
    RelationType.FOLLOWS_UP: DPRK.followsUp,
    RelationType.REFERS_TO: DPRK.refersTo,
}

_ACTOR_CLASSES: dict[ActorKind, URIRef] = {
    ActorKind.STATE: SCHEMA.Country,
    ActorKind.PERSON: SCHEMA.Person,
    ActorKind.GOVERNMENT_BODY: SCHEMA.GovernmentOrganization,
    ActorKind.INTERNATIONAL_ORGANISATION: SCHEMA.Organization,
    ActorKind.NON_GOVERNMENTAL_ORGANISATION: SCHEMA.Organization,
    ActorKind.MEDIA_OUTLET: SCHEMA.NewsMediaOrganization,
    ActorKind.OBJECT: SCHEMA.Thing,
}

_PRECISION_DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_UNIT = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear}

PREFIXES = {
    "dprk": DPRK, "sem": SEM, "schema": SCHEMA, "oa": OA, "prov": PROV, "time": TIME,
    "owl": OWL, "skos": SKOS, "xsd": XSD, "rdfs": RDFS, "rdf": RDF,
}


def node_prefixes(base_iri: str) -> dict[str, str]:
    """Prefixes for the dataset's own nodes: ``event:``, ``actor:``, ``source:``, ``graph:``."""
    return {kind: f"{base_iri}{kind}/" for kind in ("event", "actor", "source", "graph")}


@dataclass(frozen=True)
class Iris:
    """The IRIs of a dataset's nodes under one base IRI."""

    base: str = DEFAULT_BASE_IRI

    def __post_init__(self) -> None:
        if not re.match(r"^(https?://[^\s<>\"{}|\\^`]+|urn:[^\s<>\"{}|\\^`]+)[/#:]$", self.base):
            raise QueryError("base_iri", self.base,
                             "an absolute http(s) or urn IRI ending in '/', '#' or ':'")

    def event(self, id: str) -> URIRef:
        return URIRef(f"{self.base}event/{id}")

    def actor(self, id: str) -> URIRef:
        return URIRef(f"{self.base}actor/{id}")

    def source(self, id: str) -> URIRef:
        return URIRef(f"{self.base}source/{id}")

    def graph(self, source_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/{source_id}")

    def id_of(self, iri: object, kind: str) -> str:
        prefix = f"{self.base}{kind}/"
        text = str(iri)
        if not text.startswith(prefix):
            raise DprkGraphError(f"{text} is not a {kind} IRI under {self.base}")
        return text[len(prefix):]


def _concept(value: Any) -> URIRef:
    return SCHEMES[type(value)][value.value]


def _from_concept(enum: type[Any], iri: object) -> Any:
    prefix = str(SCHEMES[enum])
    text = str(iri)
    if not text.startswith(prefix):
        raise DprkGraphError(f"{text} is not a {enum.__name__} concept")
    return enum(text[len(prefix):])


class _Writer:
    def __init__(self, iris: Iris, lang: str | None) -> None:
        self.iris = iris
        self.lang = lang
        self.out = RdfDataset(default_union=True)
        for prefix, ns in PREFIXES.items():
            self.out.bind(prefix, ns)
        for prefix, ns in node_prefixes(iris.base).items():
            self.out.bind(prefix, Namespace(ns))

    def text(self, value: str) -> Literal:
        return Literal(value, lang=self.lang)

    def date(self, g: Graph, node: URIRef, d: ImpreciseDate, typed: URIRef,
             end: URIRef | None = None) -> None:
        g.add((node, DPRK.edtf, Literal(d.text)))
        ends = d.text.split("/")
        g.add((node, typed, _typed_date(ends[0], d)))
        if end is not None and len(ends) == 2:
            g.add((node, end, _typed_date(ends[1], d)))

    def time(self, g: Graph, event: URIRef, d: ImpreciseDate) -> None:
        node = URIRef(f"{event}#time")
        g.add((event, TIME.hasTime, node))
        ends = d.text.split("/")
        if len(ends) == 1:
            g.add((node, RDF.type, TIME.Instant))
            self._description(g, node, ends[0], "time")
        else:
            g.add((node, RDF.type, TIME.ProperInterval))
            for prop, text, name in ((TIME.hasBeginning, ends[0], "start"), (TIME.hasEnd, ends[1], "end")):
                instant = URIRef(f"{event}#{name}")
                g.add((node, prop, instant))
                g.add((instant, RDF.type, TIME.Instant))
                self._description(g, instant, text, name)

    def _description(self, g: Graph, instant: URIRef, text: str, name: str) -> None:
        desc = URIRef(f"{instant.split('#')[0]}#{name}-description")
        bare = text.rstrip("~?%")
        parts = bare.split("-")
        precision = ("year", "month", "day")[len(parts) - 1]
        g.add((instant, TIME.inDateTime, desc))
        g.add((desc, RDF.type, TIME.DateTimeDescription))
        g.add((desc, TIME.unitType, _UNIT[precision]))
        g.add((desc, TIME.year, Literal(parts[0], datatype=XSD.gYear)))
        if len(parts) > 1:
            g.add((desc, TIME.month, Literal(f"--{parts[1]}", datatype=XSD.gMonth)))
        if len(parts) > 2:
            g.add((desc, TIME.day, Literal(f"---{parts[2]}", datatype=XSD.gDay)))

    def citations(self, g: Graph, subject: URIRef, citations: Iterable[Citation]) -> None:
        for i, c in enumerate(citations):
            ann = URIRef(f"{subject}-citation-{i}" if "#" in subject else f"{subject}#citation-{i}")
            target = URIRef(f"{ann}-target")
            source = self.iris.source(c.source)
            g.add((subject, PROV.wasDerivedFrom, source))
            g.add((ann, RDF.type, OA.Annotation))
            g.add((ann, OA.motivatedBy, OA.describing))
            g.add((ann, OA.hasBody, subject))
            g.add((ann, OA.hasTarget, target))
            g.add((ann, DPRK.order, Literal(i)))
            g.add((target, RDF.type, OA.SpecificResource))
            g.add((target, OA.hasSource, source))
            if c.locator is not None:
                g.add((target, DPRK.locator, Literal(c.locator)))
            if c.quote is not None:
                selector = URIRef(f"{ann}-quote")
                g.add((target, OA.hasSelector, selector))
                g.add((selector, RDF.type, OA.TextQuoteSelector))
                g.add((selector, OA.exact, self.text(c.quote)))

    def actor(self, a: Actor) -> None:
        g = self.out.default_graph
        node = self.iris.actor(a.id)
        for cls in (SEM.Actor, PROV.Agent, _ACTOR_CLASSES[a.kind]):
            g.add((node, RDF.type, cls))
        g.add((node, DPRK.actorKind, _concept(a.kind)))
        g.add((node, RDFS.label, self.text(a.name)))
        for alias in a.aliases:
            g.add((node, SKOS.altLabel, self.text(alias)))
        if a.affiliation:
            g.add((node, DPRK.affiliation, self.iris.actor(a.affiliation)))
        for i, p in enumerate(a.positions):
            pos = URIRef(f"{node}#position-{i}")
            g.add((node, DPRK.position, pos))
            g.add((pos, RDF.type, DPRK.Position))
            g.add((pos, RDFS.label, self.text(p.title)))
            g.add((pos, DPRK.order, Literal(i)))
            if p.start:
                g.add((pos, DPRK.start, Literal(p.start.text)))
                g.add((pos, SCHEMA.startDate, _typed_date(p.start.text.split("/")[0], p.start)))
            if p.end:
                g.add((pos, DPRK.end, Literal(p.end.text)))
                g.add((pos, SCHEMA.endDate, _typed_date(p.end.text.split("/")[-1], p.end)))
        if a.wikidata:
            g.add((node, OWL.sameAs, URIRef(WIKIDATA + a.wikidata)))
        if a.description:
            g.add((node, SCHEMA.description, self.text(a.description)))

    def source(self, s: Source) -> None:
        g = self.out.default_graph
        node = self.iris.source(s.id)
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, RDF.type, SCHEMA.CreativeWork))
        g.add((node, DPRK.sourceKind, _concept(s.kind)))
        g.add((node, RDFS.label, self.text(s.title)))
        g.add((node, SCHEMA.publisher, Literal(s.publisher)))
        if s.author:
            g.add((node, SCHEMA.author, Literal(s.author)))
        if s.published:
            self.date(g, node, s.published, SCHEMA.datePublished)
        if s.url:
            g.add((node, SCHEMA.url, Literal(s.url, datatype=XSD.anyURI)))
        if s.identifier:
            g.add((node, SCHEMA.identifier, Literal(s.identifier)))

    def event(self, e: Event) -> None:
        node = self.iris.event(e.id)
        graphs = [self.out.graph(self.iris.graph(s)) for s in dict.fromkeys(c.source for c in e.sources)]
        for g in graphs:
            self._event_into(g, node, e)
        for i, claim in enumerate(e.claims):
            cited = dict.fromkeys(c.source for c in claim.sources)
            for s in cited:
                self._claim_into(self.out.graph(self.iris.graph(s)), node, i, claim)

    def _event_into(self, g: Graph, node: URIRef, e: Event) -> None:
        g.add((node, RDF.type, SEM.Event))
        g.add((node, RDF.type, SCHEMA.Event))
        g.add((node, RDFS.label, self.text(e.title)))
        g.add((node, SEM.eventType, _concept(e.type)))
        self.date(g, node, e.date, SCHEMA.startDate, SCHEMA.endDate)
        g.add((node, SEM.hasEarliestBeginTimeStamp, Literal(e.date.earliest, datatype=XSD.date)))
        g.add((node, SEM.hasLatestEndTimeStamp, Literal(e.date.latest, datatype=XSD.date)))
        if e.date.approximate:
            g.add((node, DPRK.approximate, Literal(True)))
        if e.date.uncertain:
            g.add((node, DPRK.uncertain, Literal(True)))
        self.time(g, node, e.date)
        if e.cameo:
            g.add((node, DPRK.cameoCode, Literal(e.cameo)))
            g.add((node, DPRK.goldstein, Literal(str(e.goldstein), datatype=XSD.decimal)))
            g.add((node, DPRK.quadClass, Literal(e.quad_class)))
        for i, p in enumerate(e.participants):
            role = URIRef(f"{node}#participant-{i}")
            g.add((node, SEM.hasActor, role))
            g.add((role, RDF.type, SEM.Role))
            g.add((role, RDF.value, self.iris.actor(p.actor)))
            g.add((role, SEM.roleType, _concept(p.role)))
            g.add((role, DPRK.order, Literal(i)))
        if e.location:
            place = URIRef(f"{node}#place")
            g.add((node, SEM.hasPlace, place))
            g.add((place, RDF.type, SEM.Place))
            g.add((place, RDFS.label, self.text(e.location)))
        if e.summary:
            g.add((node, SCHEMA.description, self.text(e.summary)))
        for i, r in enumerate(e.relations):
            target = self.iris.event(r.event)
            g.add((node, RELATION_PROPERTIES[r.type], target))
            rel = URIRef(f"{node}#relation-{i}")
            g.add((node, DPRK.relation, rel))
            g.add((rel, RDF.type, DPRK.EventRelation))
            g.add((rel, DPRK.relationType, RELATION_PROPERTIES[r.type]))
            g.add((rel, DPRK.target, target))
            g.add((rel, DPRK.order, Literal(i)))
            if r.note is not None:
                g.add((rel, RDFS.comment, self.text(r.note)))
        self.citations(g, node, e.sources)

    def _claim_into(self, g: Graph, event: URIRef, i: int, c: Claim) -> None:
        node = URIRef(f"{event}#claim-{i + 1}")
        g.add((node, RDF.type, SEM.View))
        g.add((node, DPRK.about, event))
        g.add((node, SEM.accordingTo, self.iris.actor(c.claimant)))
        g.add((node, DPRK.stance, _concept(c.stance)))
        g.add((node, DPRK.statement, self.text(c.statement)))
        g.add((node, DPRK.order, Literal(i)))
        self.citations(g, node, c.sources)


def _typed_date(text: str, d: ImpreciseDate) -> Literal:
    bare = text.rstrip("~?%")
    precision = ("year", "month", "day")[bare.count("-")]
    return Literal(bare, datatype=_PRECISION_DATATYPE[precision])


def _dataset_of(data: EventGraph | Dataset) -> Dataset:
    return data.to_dataset() if isinstance(data, EventGraph) else data


def to_rdf(data: EventGraph | Dataset, *, base_iri: str = DEFAULT_BASE_IRI,
           lang: str | None = "en") -> RdfDataset:
    """The dataset as an rdflib ``Dataset``: actors and sources in the default graph, each
    event and claim in the named graph of every source that supports it.

    Iterating the result (or querying it) sees the union of all graphs.

    Examples
    --------
    >>> rdf = to_rdf(g)
    >>> from rdflib import URIRef
    >>> (URIRef(DEFAULT_BASE_IRI + "event/talks"), SEM.eventType, None) in rdf
    True
    """
    ds = _dataset_of(data)
    writer = _Writer(Iris(base_iri), lang)
    for a in ds.actors:
        writer.actor(a)
    for s in ds.sources:
        writer.source(s)
    for e in ds.events:
        writer.event(e)
    return writer.out


def _union(rdf: Graph) -> Graph:
    """A plain graph of every triple in ``rdf`` (all named graphs merged)."""
    out = Graph()
    for prefix, ns in rdf.namespaces():
        out.bind(prefix, ns)
    for t in rdf.triples((None, None, None)):
        out.add(t)
    return out


def _context(base_iri: str) -> dict[str, str]:
    return {**{prefix: str(ns) for prefix, ns in PREFIXES.items()}, **node_prefixes(base_iri)}


def serialize(data: EventGraph | Dataset, format: str = "turtle", *,
              base_iri: str = DEFAULT_BASE_IRI, lang: str | None = "en") -> str:
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
    rdf = to_rdf(data, base_iri=base_iri, lang=lang)
    if quads:
        return rdf.serialize(format=rdf_format)
    union = _union(rdf)
    if format == "jsonld":
        return union.serialize(format="json-ld", context=_context(base_iri), auto_compact=True)
    return union.serialize(format=rdf_format)


def write_rdf(data: EventGraph | Dataset, path: str | Path, format: str | None = None, *,
              base_iri: str = DEFAULT_BASE_IRI) -> str:
    """Write the dataset to ``path`` atomically; the format defaults to the file's extension.

    Returns the format used.
    """
    target = Path(path)
    if format is None:
        by_ext = {ext: name for name, (_, ext, _) in FORMATS.items()}
        by_ext[".json"] = "jsonld"
        format = by_ext.get(target.suffix.lower())
        if format is None:
            raise QueryError("path", str(path), "use an extension of " + ", ".join(sorted(by_ext)))
    text = serialize(data, format, base_iri=base_iri)
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
        selector = _one(g, target, OA.hasSelector, required=False)
        found.append(Citation(
            source=iris.id_of(_one(g, target, OA.hasSource), "source"),
            quote=_text(_one(g, selector, OA.exact)) if selector is not None else None,
            locator=_text(_one(g, target, DPRK.locator, required=False)),
        ))
    return tuple(found)


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
        rtype = next(t for t, p in RELATION_PROPERTIES.items() if p == prop)
        relations.append(Relation(type=rtype, event=iris.id_of(_one(g, rel, DPRK.target), "event"),
                                  note=_text(_one(g, rel, RDFS.comment, required=False))))
    claims = []
    for view in _ordered(g, g.subjects(DPRK.about, node)):
        claims.append(Claim(
            claimant=iris.id_of(_one(g, view, SEM.accordingTo), "actor"),
            stance=_from_concept(Stance, _one(g, view, DPRK.stance)),
            statement=str(_one(g, view, DPRK.statement)),
            sources=_read_citations(g, view, iris),
        ))
    participants = [
        {"actor": iris.id_of(_one(g, r, RDF.value), "actor"),
         "role": _from_concept(Role, _one(g, r, SEM.roleType))}
        for r in _ordered(g, _values(g, node, SEM.hasActor))
    ]
    place = _one(g, node, SEM.hasPlace, required=False)
    cameo = _one(g, node, DPRK.cameoCode, required=False)
    return Event.model_validate({
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
    })


def _read_actor(g: Graph, node: URIRef, iris: Iris) -> Actor:
    positions = [
        Position.model_validate({
            "title": str(_one(g, p, RDFS.label)),
            "start": _text(_one(g, p, DPRK.start, required=False)),
            "end": _text(_one(g, p, DPRK.end, required=False)),
        })
        for p in _ordered(g, _values(g, node, DPRK.position))
    ]
    same = [str(x) for x in _values(g, node, OWL.sameAs) if str(x).startswith(WIKIDATA)]
    affiliation = _one(g, node, DPRK.affiliation, required=False)
    return Actor.model_validate({
        "id": iris.id_of(node, "actor"),
        "name": str(_one(g, node, RDFS.label)),
        "kind": _from_concept(ActorKind, _one(g, node, DPRK.actorKind)),
        "aliases": [str(x) for x in _values(g, node, SKOS.altLabel)],
        "affiliation": iris.id_of(affiliation, "actor") if affiliation is not None else None,
        "positions": positions,
        "wikidata": same[0][len(WIKIDATA):] if same else None,
        "description": _text(_one(g, node, SCHEMA.description, required=False)),
    })


def _read_source(g: Graph, node: URIRef, iris: Iris) -> Source:
    return Source.model_validate({
        "id": iris.id_of(node, "source"),
        "title": str(_one(g, node, RDFS.label)),
        "publisher": str(_one(g, node, SCHEMA.publisher)),
        "author": _text(_one(g, node, SCHEMA.author, required=False)),
        "published": _text(_one(g, node, DPRK.edtf, required=False)),
        "url": _text(_one(g, node, SCHEMA.url, required=False)),
        "kind": _from_concept(SourceKind, _one(g, node, DPRK.sourceKind)),
        "identifier": _text(_one(g, node, SCHEMA.identifier, required=False)),
    })


def _key(iri: URIRef) -> str:
    return str(iri)


def from_rdf(rdf: Graph, *, base_iri: str = DEFAULT_BASE_IRI,
             order: Dataset | None = None) -> Dataset:
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
        actors = {_key(n): _read_actor(g, n, iris) for n in _subjects(g, SEM.Actor)}
        sources = {_key(n): _read_source(g, n, iris) for n in _subjects(g, PROV.Entity)
                   if (n, DPRK.sourceKind, None) in g}
        events = {_key(n): _read_event(g, n, iris) for n in _subjects(g, SEM.Event)}
    except (ValueError, StopIteration) as err:
        raise DprkGraphError(f"the RDF does not describe a valid dataset: {err}") from err

    def arrange(records: dict[str, Any], kind: str, reference: tuple[Any, ...]) -> tuple[Any, ...]:
        by_id = {r.id: r for r in records.values()}
        ids = [r.id for r in reference if r.id in by_id] + sorted(
            set(by_id) - {r.id for r in reference})
        return tuple(by_id[i] for i in ids)

    ref = order or Dataset()
    return Dataset(arrange(events, "event", ref.events), arrange(actors, "actor", ref.actors),
                   arrange(sources, "source", ref.sources))


def read_rdf(path: str | Path, format: str | None = None, *,
             base_iri: str = DEFAULT_BASE_IRI) -> Dataset:
    """Parse an RDF file written by :func:`write_rdf` back into a :class:`Dataset`."""
    target = Path(path)
    by_ext = {ext: name for name, (_, ext, _) in FORMATS.items()}
    name = format or by_ext.get(target.suffix.lower())
    if name not in FORMATS:
        raise QueryError("format", name, "one of " + ", ".join(FORMATS))
    rdf_format, _, quads = FORMATS[name]
    rdf: Graph = RdfDataset(default_union=True) if quads else Graph()
    rdf.parse(target, format=rdf_format)
    return from_rdf(rdf, base_iri=base_iri)
