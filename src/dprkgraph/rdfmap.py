"""The dataset → RDF mapping, as plain triples: no rdflib, so the same mapping feeds both the
rdflib graph (:mod:`dprkgraph.rdf`) and the fast streaming writers (:mod:`dprkgraph.stream`).

An IRI is a ``str``; a literal is a :class:`Lit`. :func:`blocks` yields one block per record:
the graphs (source IRIs) its triples belong to in TriG and N-Quads, and the triples. The
mapping itself is described in :mod:`dprkgraph.rdf`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import NamedTuple

from dprkgraph.dates import ImpreciseDate
from dprkgraph.errors import QueryError
from dprkgraph.formats import DEFAULT_BASE_IRI
from dprkgraph.model import (
    Actor,
    ActorKind,
    Citation,
    Claim,
    Dataset,
    Event,
    EventType,
    Provenance,
    RelationType,
    Role,
    Source,
    SourceKind,
    Stance,
)
from dprkgraph.quotes import Anchor

__all__ = [
    "NS",
    "PREFIXES",
    "SCHEMES",
    "Block",
    "Iris",
    "Lit",
    "Triple",
    "blocks",
    "concept_iri",
    "node_prefixes",
]

VOCAB = "https://w3id.org/dprkgraph/vocab"


class _Ns:
    """A namespace: ``NS.sem.Event`` (or ``NS.sem("Event")``) is the full IRI."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __call__(self, local: str) -> str:
        return self.base + local

    def __getattr__(self, local: str) -> str:
        if local.startswith("__"):
            raise AttributeError(local)
        iri = self.base + local
        setattr(self, local, iri)  # later uses are a plain attribute read: the mapping is hot
        return iri


class NS:
    """The namespaces of the mapping."""

    dprk = _Ns(VOCAB + "#")
    sem = _Ns("http://semanticweb.cs.vu.nl/2009/11/sem/")
    schema = _Ns("https://schema.org/")
    oa = _Ns("http://www.w3.org/ns/oa#")
    prov = _Ns("http://www.w3.org/ns/prov#")
    time = _Ns("http://www.w3.org/2006/time#")
    owl = _Ns("http://www.w3.org/2002/07/owl#")
    skos = _Ns("http://www.w3.org/2004/02/skos/core#")
    xsd = _Ns("http://www.w3.org/2001/XMLSchema#")
    rdfs = _Ns("http://www.w3.org/2000/01/rdf-schema#")
    rdf = _Ns("http://www.w3.org/1999/02/22-rdf-syntax-ns#")


WIKIDATA = "http://www.wikidata.org/entity/"

#: The vocabularies' prefixes, as written in Turtle, JSON-LD contexts and SPARQL.
PREFIXES: dict[str, str] = {
    name: getattr(NS, name).base
    for name in ("dprk", "sem", "schema", "oa", "prov", "time", "owl", "skos", "xsd", "rdfs", "rdf")
}


def node_prefixes(base_iri: str) -> dict[str, str]:
    """Prefixes for the dataset's own nodes: ``event:``, ``actor:``, ``source:``, ``graph:``."""
    return {kind: f"{base_iri}{kind}/" for kind in ("event", "actor", "source", "graph")}


#: Concept schemes of the closed vocabularies: IRI namespace per enum.
SCHEMES: dict[type[Enum], str] = {
    EventType: VOCAB + "/event-type/",
    Role: VOCAB + "/role/",
    ActorKind: VOCAB + "/actor-kind/",
    SourceKind: VOCAB + "/source-kind/",
    Stance: VOCAB + "/stance/",
    Provenance: VOCAB + "/provenance/",
}

RELATION_PROPERTIES: dict[RelationType, str] = {
    RelationType.LED_TO: NS.dprk.ledTo,
    RelationType.RESPONSE_TO: NS.dprk.responseTo,
    RelationType.PART_OF: NS.dprk.partOf,
    RelationType.FOLLOWS_UP: NS.dprk.followsUp,
    RelationType.REFERS_TO: NS.dprk.refersTo,
}

ACTOR_CLASSES: dict[ActorKind, str] = {
    ActorKind.STATE: NS.schema.Country,
    ActorKind.PERSON: NS.schema.Person,
    ActorKind.GOVERNMENT_BODY: NS.schema.GovernmentOrganization,
    ActorKind.INTERNATIONAL_ORGANISATION: NS.schema.Organization,
    ActorKind.NON_GOVERNMENTAL_ORGANISATION: NS.schema.Organization,
    ActorKind.MEDIA_OUTLET: NS.schema.NewsMediaOrganization,
    ActorKind.OBJECT: NS.schema.Thing,
}

_PRECISION_DATATYPE = {"day": NS.xsd.date, "month": NS.xsd.gYearMonth, "year": NS.xsd.gYear}
_UNIT = {"day": NS.time.unitDay, "month": NS.time.unitMonth, "year": NS.time.unitYear}
TYPE = NS.rdf.type
# Characters an IRI may hold unescaped (RFC 3987): ASCII unreserved and sub-delimiters,
# and the non-ASCII "ucschar" ranges, which leave out controls, private use, surrogates and
# noncharacters. "#" is left out too: the parts of a record are fragments of its IRI, and an
# IRI holds at most one "#".
_UCSCHAR = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(plane << 16)}-{chr(plane << 16 | 0xFFFD)}" for plane in range(1, 14))
    + "\U000e1000-\U000efffd"
)
_HOST_CHAR = f"(?:[-A-Za-z0-9._~!$&'()*+,;={_UCSCHAR}]|%[0-9A-Fa-f]{{2}})"
_IRI_CHAR = f"(?:[-A-Za-z0-9._~!$&'()*+,;=:@/?{_UCSCHAR}]|%[0-9A-Fa-f]{{2}})"
_BASE = re.compile(
    f"https?://{_HOST_CHAR}+(?::[0-9]+)?(?:/{_IRI_CHAR}*)?/"
    f"|urn:[A-Za-z0-9][A-Za-z0-9-]{{0,31}}:(?:{_IRI_CHAR}*[/:])?"
)
_BASE_RULE = (
    "an absolute http(s) IRI ending in '/', or a urn ending in ':' or '/', without '#', "
    'spaces, control characters or any of < > " { } | \\ ^ ` (percent-encode them)'
)
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*", re.ASCII)


class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (None for a plain string) and language tag."""

    value: str
    datatype: str | None = None
    lang: str | None = None


Triple = tuple[str, str, "str | Lit"]


class Block(NamedTuple):
    """The triples of one record and the named graphs (IRIs) they belong to; no graph means
    the default graph."""

    graphs: tuple[str, ...]
    triples: list[Triple]


@dataclass(frozen=True)
class Iris:
    """The IRIs of a dataset's nodes under one base IRI."""

    base: str = DEFAULT_BASE_IRI

    def __post_init__(self) -> None:
        if not isinstance(self.base, str) or not _BASE.fullmatch(self.base):
            raise QueryError("base_iri", self.base, _BASE_RULE)

    def event(self, id: str) -> str:
        return f"{self.base}event/{id}"

    def actor(self, id: str) -> str:
        return f"{self.base}actor/{id}"

    def source(self, id: str) -> str:
        return f"{self.base}source/{id}"

    def graph(self, source_id: str) -> str:
        return f"{self.base}graph/{source_id}"

    def id_of(self, iri: object, kind: str) -> str:
        prefix = f"{self.base}{kind}/"
        text = str(iri)
        if not text.startswith(prefix):
            msg = f"{text} is not a {kind} IRI under {self.base}"
            raise ValueError(msg)
        return text[len(prefix) :]


@cache
def concept_iri(value: Enum) -> str:
    """The IRI of a member of one of the closed vocabularies."""
    return SCHEMES[type(value)] + str(value.value)


@cache
def _integer(n: int) -> Lit:
    return Lit(str(n), NS.xsd.integer)


def _decimal(value: float) -> Lit:
    """An xsd:decimal in plain notation ("-8.0", never "1e-07"), which every parser and JSON-LD
    keep as written; xsd:double would be rewritten to canonical form by some of them."""
    text = format(Decimal(repr(float(value))), "f")
    return Lit(text if "." in text else text + ".0", NS.xsd.decimal)


_PLAIN_DATE = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-[0-9]{2})?)?")


def _plain_date(text: str) -> str | None:
    """The year, month or day an EDTF end names (its time dropped), or None where XSD has no
    type for it (X digits, seasons, sets, open ends): the dprk:edtf text and the earliest and
    latest bounds carry those."""
    bare = text.rstrip("~?%").partition("T")[0]
    return bare if _PLAIN_DATE.fullmatch(bare) else None


def _typed_date(text: str) -> Lit | None:
    bare = _plain_date(text)
    if bare is None:
        return None
    precision = ("year", "month", "day")[bare.count("-")]
    return Lit(bare, _PRECISION_DATATYPE[precision])


class _Mapper:
    def __init__(
        self,
        iris: Iris,
        lang: str | None,
        anchors: Mapping[tuple[str, str], Anchor] | None = None,
        publishers: Mapping[str, str] | None = None,
    ) -> None:
        self.iris = iris
        self.lang = lang
        self.anchors = anchors or {}
        self.publishers = publishers or {}

    def text(self, value: str) -> Lit:
        return Lit(value, None, self.lang)

    def date(
        self, out: list[Triple], node: str, d: ImpreciseDate, start: str, end: str | None = None
    ) -> None:
        out.append((node, NS.dprk.edtf, Lit(d.text)))
        ends = d.text.split("/")
        if (first := _typed_date(ends[0])) is not None:
            out.append((node, start, first))
        if end is not None and len(ends) == 2 and (last := _typed_date(ends[1])) is not None:
            out.append((node, end, last))

    def time(self, out: list[Triple], event: str, d: ImpreciseDate) -> None:
        node = f"{event}#time"
        out.append((event, NS.time.hasTime, node))
        ends = d.text.split("/")
        if len(ends) == 1:
            out.append((node, TYPE, NS.time.Instant))
            self._description(out, event, node, ends[0], "time")
            return
        out.append((node, TYPE, NS.time.ProperInterval))
        for prop, text, name in (
            (NS.time.hasBeginning, ends[0], "start"),
            (NS.time.hasEnd, ends[1], "end"),
        ):
            instant = f"{event}#{name}"
            out.append((node, prop, instant))
            out.append((instant, TYPE, NS.time.Instant))
            self._description(out, event, instant, text, name)

    def _description(
        self, out: list[Triple], event: str, instant: str, text: str, name: str
    ) -> None:
        bare = _plain_date(text)
        if bare is None:
            return
        desc = f"{event}#{name}-description"
        parts = bare.split("-")
        precision = ("year", "month", "day")[len(parts) - 1]
        out.append((instant, NS.time.inDateTime, desc))
        out.append((desc, TYPE, NS.time.DateTimeDescription))
        out.append((desc, NS.time.unitType, _UNIT[precision]))
        out.append((desc, NS.time.year, Lit(parts[0], NS.xsd.gYear)))
        if len(parts) > 1:
            out.append((desc, NS.time.month, Lit(f"--{parts[1]}", NS.xsd.gMonth)))
        if len(parts) > 2:
            out.append((desc, NS.time.day, Lit(f"---{parts[2]}", NS.xsd.gDay)))

    def citations(
        self,
        out: list[Triple],
        subject: str,
        citations: Iterable[Citation],
        event: str = "",
        where: str = "sources",
    ) -> None:
        for i, c in enumerate(citations):
            ann = f"{subject}-citation-{i}" if "#" in subject else f"{subject}#citation-{i}"
            target = f"{ann}-target"
            source = self.iris.source(c.source)
            out.append((subject, NS.prov.wasDerivedFrom, source))
            out.append((ann, TYPE, NS.oa.Annotation))
            out.append((ann, NS.oa.motivatedBy, NS.oa.describing))
            out.append((ann, NS.oa.hasBody, subject))
            out.append((ann, NS.oa.hasTarget, target))
            out.append((ann, NS.dprk.order, _integer(i)))
            out.append((target, TYPE, NS.oa.SpecificResource))
            out.append((target, NS.oa.hasSource, source))
            if c.locator is not None:
                out.append((target, NS.dprk.locator, Lit(c.locator)))
            if c.quote is not None:
                selector = f"{ann}-quote"
                out.append((target, NS.oa.hasSelector, selector))
                out.append((selector, TYPE, NS.oa.TextQuoteSelector))
                out.append((selector, NS.oa.exact, self.text(c.quote)))
                if c.occurrence is not None:
                    out.append(
                        (
                            selector,
                            NS.dprk.occurrence,
                            Lit(str(c.occurrence), NS.xsd.positiveInteger),
                        )
                    )
                self.anchor(out, target, selector, c, self.anchors.get((event, f"{where}[{i}]")))

    def anchor(
        self, out: list[Triple], target: str, selector: str, c: Citation, a: Anchor | None
    ) -> None:
        """The quote's context (``oa:prefix``/``oa:suffix``) and, when it was anchored in its
        source text, an ``oa:TextPositionSelector`` into the normalised text."""
        prefix = c.prefix
        if a is not None and a.anchored and a.start is not None and a.end is not None:
            if prefix is None or len(a.prefix) >= len(prefix):
                prefix = a.prefix  # ends where the citation's own prefix ends: the longer wins
            if a.suffix:
                out.append((selector, NS.oa.suffix, self.text(a.suffix)))
            position = f"{selector[: -len('-quote')]}-position"
            out.append((target, NS.oa.hasSelector, position))
            out.append((position, TYPE, NS.oa.TextPositionSelector))
            out.append((position, NS.oa.start, Lit(str(a.start), NS.xsd.nonNegativeInteger)))
            out.append((position, NS.oa.end, Lit(str(a.end), NS.xsd.nonNegativeInteger)))
        if prefix:
            out.append((selector, NS.oa.prefix, self.text(prefix)))

    def actor(self, a: Actor) -> list[Triple]:
        node = self.iris.actor(a.id)
        out: list[Triple] = [
            (node, TYPE, cls) for cls in (NS.sem.Actor, NS.prov.Agent, ACTOR_CLASSES[a.kind])
        ]
        out.append((node, NS.dprk.actorKind, concept_iri(a.kind)))
        out.append((node, NS.rdfs.label, self.text(a.name)))
        out += [(node, NS.skos.altLabel, self.text(alias)) for alias in a.aliases]
        if a.affiliation:
            out.append((node, NS.dprk.affiliation, self.iris.actor(a.affiliation)))
        for i, p in enumerate(a.positions):
            pos = f"{node}#position-{i}"
            out.append((node, NS.dprk.position, pos))
            out.append((pos, TYPE, NS.dprk.Position))
            out.append((pos, NS.rdfs.label, self.text(p.title)))
            out.append((pos, NS.dprk.order, _integer(i)))
            if p.start:
                out.append((pos, NS.dprk.start, Lit(p.start.text)))
                if (typed := _typed_date(p.start.text.split("/")[0])) is not None:
                    out.append((pos, NS.schema.startDate, typed))
            if p.end:
                out.append((pos, NS.dprk.end, Lit(p.end.text)))
                if (typed := _typed_date(p.end.text.split("/")[-1])) is not None:
                    out.append((pos, NS.schema.endDate, typed))
        if a.wikidata:
            out.append((node, NS.owl.sameAs, WIKIDATA + a.wikidata))
        if a.description:
            out.append((node, NS.schema.description, self.text(a.description)))
        return out

    def source(self, s: Source) -> list[Triple]:
        node = self.iris.source(s.id)
        out: list[Triple] = [
            (node, TYPE, NS.prov.Entity),
            (node, TYPE, NS.schema.CreativeWork),
            (node, NS.dprk.sourceKind, concept_iri(s.kind)),
            (node, NS.rdfs.label, self.text(s.title)),
            (node, NS.schema.publisher, Lit(s.publisher)),
        ]
        if s.author:
            out.append((node, NS.schema.author, Lit(s.author)))
        if s.published:
            self.date(out, node, s.published, NS.schema.datePublished)
        if s.url:
            out.append((node, NS.schema.url, Lit(s.url, NS.xsd.anyURI)))
        if s.identifier:
            out.append((node, NS.schema.identifier, Lit(s.identifier)))
        if s.sha256:
            out.append((node, NS.dprk.sha256, Lit(s.sha256)))
        return out

    def event(self, e: Event) -> list[Triple]:
        node = self.iris.event(e.id)
        out: list[Triple] = [
            (node, TYPE, NS.sem.Event),
            (node, TYPE, NS.schema.Event),
            (node, NS.rdfs.label, self.text(e.title)),
            (node, NS.sem.eventType, concept_iri(e.type)),
        ]
        self.date(out, node, e.date, NS.schema.startDate, NS.schema.endDate)
        if not e.date.open_start:  # an open or unknown start has no earliest day
            out.append(
                (
                    node,
                    NS.sem.hasEarliestBeginTimeStamp,
                    Lit(e.date.earliest.isoformat(), NS.xsd.date),
                )
            )
        if not e.date.open_end:
            out.append(
                (node, NS.sem.hasLatestEndTimeStamp, Lit(e.date.latest.isoformat(), NS.xsd.date))
            )
        if e.date.approximate:
            out.append((node, NS.dprk.approximate, Lit("true", NS.xsd.boolean)))
        if e.date.uncertain:
            out.append((node, NS.dprk.uncertain, Lit("true", NS.xsd.boolean)))
        self.time(out, node, e.date)
        if e.provenance is not Provenance.CURATED:
            out.append((node, NS.dprk.provenance, concept_iri(e.provenance)))
        if e.cameo:
            out.append((node, NS.dprk.cameoCode, Lit(e.cameo)))
        if e.goldstein is not None:
            out.append((node, NS.dprk.goldstein, _decimal(e.goldstein)))
        if e.quad_class is not None:
            out.append((node, NS.dprk.quadClass, _integer(e.quad_class)))
        if e.coded_goldstein is not None:
            out.append((node, NS.dprk.codedGoldstein, _decimal(e.coded_goldstein)))
        if e.coded_quad_class is not None:
            out.append((node, NS.dprk.codedQuadClass, _integer(e.coded_quad_class)))
        for name, value in sorted(e.metrics.items()):
            metric = f"{node}#metric-{name}"
            out.append((node, NS.dprk.metric, metric))
            out.append((metric, NS.rdfs.label, Lit(name)))
            out.append((metric, NS.rdf.value, _decimal(value)))
        for i, p in enumerate(e.participants):
            role = f"{node}#participant-{i}"
            out.append((node, NS.sem.hasActor, role))
            out.append((role, TYPE, NS.sem.Role))
            out.append((role, NS.rdf.value, self.iris.actor(p.actor)))
            out.append((role, NS.sem.roleType, concept_iri(p.role)))
            out.append((role, NS.dprk.order, _integer(i)))
        if e.location:
            place = f"{node}#place"
            out.append((node, NS.sem.hasPlace, place))
            out.append((place, TYPE, NS.sem.Place))
            out.append((place, NS.rdfs.label, self.text(e.location)))
        if e.summary:
            out.append((node, NS.schema.description, self.text(e.summary)))
        for i, r in enumerate(e.relations):
            target = self.iris.event(r.event)
            rel = f"{node}#relation-{i}"
            out.append((node, RELATION_PROPERTIES[r.type], target))
            out.append((node, NS.dprk.relation, rel))
            out.append((rel, TYPE, NS.dprk.EventRelation))
            out.append((rel, NS.dprk.relationType, RELATION_PROPERTIES[r.type]))
            out.append((rel, NS.dprk.target, target))
            out.append((rel, NS.dprk.order, _integer(i)))
            if r.note is not None:
                out.append((rel, NS.rdfs.comment, self.text(r.note)))
        self.citations(out, node, e.sources, e.id)
        out.append((node, NS.dprk.independentSources, self.support(e.sources)))
        return out

    def support(self, citations: Iterable[Citation]) -> Lit:
        """How many distinct publishers the citations' sources have."""
        return _integer(len({self.publishers.get(c.source, c.source) for c in citations}))

    def claim(self, event: str, i: int, c: Claim, event_id: str = "") -> list[Triple]:
        node = f"{event}#claim-{i + 1}"
        out: list[Triple] = [
            (node, TYPE, NS.sem.View),
            (node, NS.dprk.about, event),
            (node, NS.sem.accordingTo, self.iris.actor(c.claimant)),
            (node, NS.dprk.stance, concept_iri(c.stance)),
            (node, NS.dprk.statement, self.text(c.statement)),
            (node, NS.dprk.order, _integer(i)),
        ]
        self.citations(out, node, c.sources, event_id, f"claims[{i}].sources")
        out.append((node, NS.dprk.independentSources, self.support(c.sources)))
        return out


def blocks(
    dataset: Dataset,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    lang: str | None = "en",
    anchors: Iterable[Anchor] | None = None,
) -> Iterator[Block]:
    """The dataset's triples, one block per record: actors and sources in the default graph,
    each event and each claim in the named graph of every source that supports it.

    Each event and claim carries ``dprk:independentSources``, the number of distinct
    publishers of the sources it cites. With ``anchors`` (from
    :func:`dprkgraph.quotes.anchor_quotes`; by default the dataset's own, when it was loaded
    with ``sources=``), each anchored quote's ``oa:TextQuoteSelector``
    also has ``oa:prefix``/``oa:suffix`` context, and its target an
    ``oa:TextPositionSelector`` (``oa:start``/``oa:end``: code points into the normalised
    source text); without them the quotes are exported as written."""
    if lang is not None and not _LANG.fullmatch(lang):
        raise QueryError("lang", lang, "a BCP 47 language tag such as 'en' or 'ko-KR', or None")
    chosen = anchors if anchors is not None else dataset.anchors
    by_place = {(a.event, a.where): a for a in chosen or ()}
    mapper = _Mapper(Iris(base_iri), lang, by_place, {s.id: s.publisher for s in dataset.sources})
    iris = mapper.iris
    for a in dataset.actors:
        yield Block((), mapper.actor(a))
    for s in dataset.sources:
        yield Block((), mapper.source(s))
    for e in dataset.events:
        graphs = tuple(iris.graph(s) for s in dict.fromkeys(c.source for c in e.sources))
        yield Block(graphs, mapper.event(e))
        node = iris.event(e.id)
        for i, claim in enumerate(e.claims):
            cited = tuple(iris.graph(s) for s in dict.fromkeys(c.source for c in claim.sources))
            yield Block(cited, mapper.claim(node, i, claim, e.id))
