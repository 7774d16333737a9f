"""RDF export: every format round-trips, independent parsers agree, shapes hold, text is safe."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import Dataset as RdfDataset
from rdflib.compare import isomorphic

import dprkgraph
from dprkgraph import Dataset, QueryError
from dprkgraph.rdf import (
    DEFAULT_BASE_IRI,
    DPRK,
    FORMATS,
    OA,
    SEM,
    from_rdf,
    read_rdf,
    serialize,
    to_graph,
    to_rdf,
    write_rdf,
)
from dprkgraph.sparql import example_queries, sparql, validate_shapes
from tests.conftest import ACTORS, SOURCES, DatasetFactory

ROOT = Path(__file__).resolve().parents[1]
RAPPER = shutil.which("rapper")
RAPPER_INPUT = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml", "trig": "trig"}
OX_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}

TRICKY_EVENTS = """\
events:
  - id: tricky
    title: "Quotes \\"\\"\\" and <tags> & a backslash \\\\ in Pyongyang’s 평양"
    date: 2010-03-26~
    type: statement
    location: "Line one\\nline two"
    summary: |
      A summary with a newline,
      'single' and "double" quotes, and $1 million.
    participants:
      - {actor: aaa, role: speaker}
      - {actor: envoy, role: addressee}
    sources:
      - {source: src, quote: "he said \\"\\"\\"no\\"\\"\\"", locator: "p. 3"}
      - {source: src}
    relations:
      - {type: refers_to, event: plain, note: "see also"}
    claims:
      - claimant: bbb
        stance: denies
        statement: "It did not happen."
        sources: [{source: src, quote: "denied"}]
  - id: plain
    title: Plain
    date: 2009/2010-06
    type: visit
    cameo: "042"
    participants: [{actor: bbb, role: visitor}]
    sources: [{source: src, quote: visited}]
  - id: coded
    title: Machine-coded statement
    date: 2010-05-05
    type: statement
    provenance: machine-coded
    coded_goldstein: 5.2
    coded_quad_class: 1
    cameo: "0311"
    metrics: {NumMentions: 12, AvgTone: -1.5}
    participants: [{actor: aaa, role: initiator}, {actor: bbb, role: target}]
    sources: [{source: src, locator: GDELT event 123}]
"""


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return dprkgraph.load()


@pytest.fixture
def tricky(make_dataset: DatasetFactory) -> Dataset:
    actors = ACTORS.replace(
        "kind: state\n    aliases: [North Alpha]",
        "kind: state\n    aliases: [Zed, North Alpha]\n    wikidata: Q423",
    )
    sources = SOURCES + "    url: https://example.org/a?b=1&c=2\n    published: 2010-10\n"
    return dprkgraph.load(make_dataset(events=TRICKY_EVENTS, actors=actors, sources=sources))


def _same(a: Dataset, b: Dataset) -> None:
    for kind in ("events", "actors", "sources"):
        left = {r.id: r for r in getattr(a, kind)}
        right = {r.id: r for r in getattr(b, kind)}
        assert left == right, kind


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip_every_format(
    fmt: str, bundled: Dataset, tricky: Dataset, tmp_path: Path
) -> None:
    for ds in (bundled, tricky):
        path = tmp_path / f"data{FORMATS[fmt][1]}"
        assert write_rdf(ds, path) == fmt
        _same(read_rdf(path), ds)


def test_round_trip_keeps_order_when_asked(bundled: Dataset) -> None:
    assert from_rdf(to_rdf(bundled), order=bundled) == bundled


def test_custom_base_iri(bundled: Dataset) -> None:
    base = "http://example.org/kb/"
    text = serialize(bundled, "ntriples", base_iri=base)
    assert f"<{base}event/cheonan-sinking>" in text and DEFAULT_BASE_IRI not in text
    _same(from_rdf(Graph().parse(data=text, format="nt"), base_iri=base), bundled)
    with pytest.raises(QueryError, match="ending in"):
        serialize(bundled, "turtle", base_iri="not an iri")


@pytest.mark.parametrize(
    "base",
    [
        "http://example.org/kb/\n",  # "$" matched before the newline
        "http://example.org/kb#",  # record parts are fragments: a second "#" is no IRI
        "http://example.org/a#b/",
        "http://example.org/a b/",
        "http://example.org/<x>/",
        'http://example.org/"q"/',
        "http://example.org/{x}/",
        "http://example.org/a|b/",
        "http://example.org/a^b/",
        "http://example.org/a`b/",
        "http://example.org/a\\b/",
        "http://example.org/\x01/",
        "http://example.org/\x85/",
        "http://example.org/\ufffe/",
        "http://example.org/\ue000/",
        "http://example.org/%zz/",
        "http://example.org",
        "http://example.org:port/",
        "http:///",
        "ftp://example.org/",
        "urn:x",
        "urn::x:",
    ],
)
def test_base_iris_that_some_parser_would_refuse_are_refused(bundled: Dataset, base: str) -> None:
    with pytest.raises(QueryError, match=r"ending in '/'.*percent-encode"):
        serialize(bundled, "ntriples", base_iri=base)


@pytest.mark.parametrize(
    "base",
    [
        "http://example.org/",
        "https://example.org:8080/kb/",
        "http://example.org/a%20b/",
        "http://한국.kr/사건/",
        "http://example.org/?q=1/",
        "urn:example:",
        "urn:x:kb/",
    ],
)
def test_base_iris_that_every_parser_reads_are_accepted(bundled: Dataset, base: str) -> None:
    text = serialize(bundled, "nquads", base_iri=base)
    assert sum(1 for _ in ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)) > 1000
    _same(from_rdf(_parse(text, "nquads"), base_iri=base), bundled)


@pytest.mark.parametrize("lang", ["en US", "en\n", "", "e_n", "en-", "123456789"])
def test_language_tags_are_checked(bundled: Dataset, lang: str) -> None:
    with pytest.raises(QueryError, match="BCP 47"):
        serialize(bundled, "turtle", lang=lang)


def _rdflib_term(term: object) -> object:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language.lower())
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)  # RDF 1.1: a simple literal is an xsd:string
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _lower_langs(g: Graph) -> Graph:
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def _oxigraph_graphs(path: Path, fmt: str) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=str(path), format=OX_FORMAT[fmt]):
        name = (
            "default"
            if isinstance(quad.graph_name, ox.DefaultGraph) or not FORMATS[fmt][2]
            else quad.graph_name.value
        )
        graphs.setdefault(name, Graph()).add(
            (_rdflib_term(quad.subject), _rdflib_term(quad.predicate), _rdflib_term(quad.object))
        )
    return graphs


def _rdflib_graphs(path: Path, fmt: str) -> dict[str, Graph]:
    rdf_format, _, quads = FORMATS[fmt]
    if not quads:
        return {"default": _lower_langs(Graph().parse(path, format=rdf_format))}
    ds = RdfDataset()
    ds.parse(path, format=rdf_format)
    out = {}
    for g in ds.graphs():
        if len(g):
            name = "default" if g.identifier == ds.default_graph.identifier else str(g.identifier)
            out[name] = _lower_langs(g)
    return out


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_rdflib_and_oxigraph_read_the_same_graphs(
    fmt: str, tricky: Dataset, bundled: Dataset, tmp_path: Path
) -> None:
    for ds in (tricky, bundled):
        path = tmp_path / f"data{FORMATS[fmt][1]}"
        write_rdf(ds, path)
        ours, theirs = _rdflib_graphs(path, fmt), _oxigraph_graphs(path, fmt)
        assert sorted(ours) == sorted(theirs)
        for name in ours:
            assert isomorphic(ours[name], theirs[name]), (fmt, name)


@pytest.mark.skipif(
    RAPPER is None,
    reason="rapper (Debian raptor2-utils) is not installed; "
    "`make test` installs it where apt-get is available as root",
)
@pytest.mark.parametrize("fmt", list(RAPPER_INPUT))
def test_rapper_reads_the_same_graph(fmt: str, tricky: Dataset, tmp_path: Path) -> None:
    path = tmp_path / f"data{FORMATS[fmt][1]}"
    write_rdf(tricky, path)
    out_format = "nquads" if FORMATS[fmt][2] else "ntriples"
    run = subprocess.run(
        [str(RAPPER), "-q", "-i", RAPPER_INPUT[fmt], "-o", out_format, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = Graph()
    if FORMATS[fmt][2]:
        ds = RdfDataset(default_union=True)
        ds.parse(data=run.stdout, format="nquads")
        for t in ds.triples((None, None, None)):
            theirs.add(t)
    else:
        theirs.parse(data=run.stdout, format="nt")
    ours = Graph()
    for t in to_rdf(tricky).triples((None, None, None)):
        ours.add(t)
    assert isomorphic(_lower_langs(ours), _lower_langs(theirs))


def test_jsonld_has_a_compact_context(bundled: Dataset) -> None:
    import json

    doc = json.loads(serialize(bundled, "jsonld"))
    assert doc["@context"]["sem"] == str(SEM) and doc["@context"]["event"].endswith("/event/")
    types = set()
    for node in doc["@graph"]:
        found = node.get("@type") or []
        types |= {found} if isinstance(found, str) else set(found)
    assert "sem:Event" in types and "oa:TextQuoteSelector" in types


def test_named_graph_per_source(bundled: Dataset) -> None:
    rows = sparql(bundled, "events-by-source-graph", as_frame=False)
    assert isinstance(rows, list)
    counts = {r["graph"].rsplit("/", 1)[1]: r["events"] for r in rows}
    assert counts["act-2010-10-us-considers-new-north-korea-talks"] == len(bundled.events)
    assert counts["fr-eo-13551"] == 1


def test_plain_graph_is_the_union_of_the_named_graphs(bundled: Dataset, tricky: Dataset) -> None:
    for ds in (bundled, tricky):
        plain = to_graph(ds)
        union = Graph()
        for t in to_rdf(ds).triples((None, None, None)):
            union.add(t)
        assert not isinstance(plain, RdfDataset)
        assert len(plain) == len(union) > 0
        assert isomorphic(plain, union)
        assert dict(plain.namespaces())["sem"] == URIRef(str(SEM))


def test_text_survives_every_format(tricky: Dataset) -> None:
    event = tricky.event("tricky")
    for fmt in FORMATS:
        back = from_rdf(_parse(serialize(tricky, fmt), fmt))
        again = back.event("tricky")
        assert again.title == event.title and '"""' in again.title
        assert again.summary == event.summary and again.location == "Line one\nline two"
        assert again.sources[0].quote == 'he said """no"""'


def _parse(text: str, fmt: str) -> Graph:
    rdf_format, _, quads = FORMATS[fmt]
    g: Graph = RdfDataset(default_union=True) if quads else Graph()
    g.parse(data=text, format=rdf_format)
    return g


def test_date_literals_carry_precision(tricky: Dataset) -> None:
    rdf = to_rdf(tricky)
    from rdflib.namespace import XSD

    base = DEFAULT_BASE_IRI
    start = rdf.value(URIRef(base + "event/plain"), URIRef("https://schema.org/startDate"))
    end = rdf.value(URIRef(base + "event/plain"), URIRef("https://schema.org/endDate"))
    assert (str(start), start.datatype) == ("2009", XSD.gYear)
    assert (str(end), end.datatype) == ("2010-06", XSD.gYearMonth)
    earliest = rdf.value(URIRef(base + "event/tricky"), SEM.hasEarliestBeginTimeStamp)
    assert str(earliest) == "2010-03-25" and earliest.datatype == XSD.date


def test_exported_graphs_conform_to_the_shapes(bundled: Dataset, tricky: Dataset) -> None:
    assert validate_shapes(bundled).conforms
    assert validate_shapes(tricky).conforms


def _broken(
    ds: Dataset,
    remove: tuple[object, object, object] = (None, None, None),
    add: tuple[object, object, object] | None = None,
) -> Graph:
    g = Graph()
    for t in to_rdf(ds).triples((None, None, None)):
        g.add(t)
    if remove != (None, None, None):
        g.remove(remove)  # type: ignore[arg-type]
    if add:
        g.add(add)  # type: ignore[arg-type]
    return g


@pytest.mark.parametrize(
    ("remove", "add", "focus"),
    [
        (
            (
                URIRef(DEFAULT_BASE_IRI + "event/plain"),
                URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                None,
            ),
            None,
            "event/plain",
        ),
        (
            (URIRef(DEFAULT_BASE_IRI + "event/plain"), SEM.hasEarliestBeginTimeStamp, None),
            None,
            "event/plain",
        ),
        (
            (None, None, None),
            (URIRef(DEFAULT_BASE_IRI + "event/plain"), DPRK.cameoCode, Literal("42a")),
            "event/plain",
        ),
        (
            (URIRef(DEFAULT_BASE_IRI + "event/tricky#claim-1"), SEM.accordingTo, None),
            None,
            "event/tricky#claim-1",
        ),
        (
            (None, None, None),
            (
                URIRef(DEFAULT_BASE_IRI + "actor/aaa"),
                URIRef("http://www.w3.org/2002/07/owl#sameAs"),
                URIRef("http://dbpedia.org/resource/North_Korea"),
            ),
            "actor/aaa",
        ),
        (
            (None, None, None),
            (URIRef(DEFAULT_BASE_IRI + "event/plain#citation-0-quote"), OA.exact, Literal("")),
            "event/plain#citation-0",
        ),
    ],
)
def test_broken_graphs_are_reported_at_the_right_node(
    tricky: Dataset,
    remove: tuple[object, object, object],
    add: tuple[object, object, object] | None,
    focus: str,
) -> None:
    report = validate_shapes(_broken(tricky, remove, add))
    assert not report.conforms
    if focus is not None:
        assert DEFAULT_BASE_IRI + focus in {r.focus for r in report.results}, report.results


def test_vocabulary_file_is_in_sync_with_the_model() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_vocab
    finally:
        sys.path.pop(0)
    committed = (ROOT / "src" / "dprkgraph" / "vocab" / "dprk.ttl").read_text(encoding="utf-8")
    assert committed == make_vocab.render(), "run: python tools/make_vocab.py"


def test_example_queries_answer_the_analysts_questions(bundled: Dataset) -> None:
    assert set(example_queries()) >= {
        "events-by-actor-in-window",
        "contested-events",
        "led-to-chain",
        "citations",
    }
    frame = sparql(
        bundled,
        "events-by-actor-in-window",
        actor="actor:carter",
        start="2010-08-01",
        end="2010-08-31",
    )
    assert sorted(frame["event"].str.rsplit("/", n=1).str[1]) == [
        "carter-meets-kim-yong-nam",
        "carter-pyongyang-visit",
        "gomes-release",
    ]
    contested = sparql(bundled, "contested-events", as_frame=False)
    assert {
        (r["asserter"].rsplit("/", 1)[1], r["denier"].rsplit("/", 1)[1]) for r in contested
    } == {("usa", "prk"), ("kor", "prk")}
    chain = sparql(bundled, "led-to-chain", as_frame=False, start="event:prk-rocket-launch-2009")
    assert {r["event"].rsplit("/", 1)[1] for r in chain} == {
        "unsc-rebuke-2009",
        "prk-withdraws-six-party-talks",
    }
    cites = sparql(bundled, "citations")
    assert "75 FR 53837" in set(cites["locator"].dropna())


def test_bindings_are_values_not_query_text(bundled: Dataset) -> None:
    hostile = 'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    rows = sparql(
        bundled,
        "SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?t }",
        as_frame=False,
        t=hostile,
    )
    assert rows == []
    assert sparql(bundled, "ASK { ?e ?p ?o }") is True
    with pytest.raises(QueryError, match="SPARQL error"):
        sparql(bundled, "SELEC nonsense")
    with pytest.raises(QueryError, match="has no day 30"):
        sparql(
            bundled,
            "events-by-actor-in-window",
            actor="actor:prk",
            start="2010-02-30",
            end="2010-03-01",
        )


@pytest.mark.parametrize("fmt", ["ntriples", "turtle"])
def test_streaming_writers_match_the_rdflib_path(
    fmt: str, bundled: Dataset, tricky: Dataset
) -> None:
    from dprkgraph.stream import stream_ntriples, stream_turtle
    from dprkgraph.synthetic import generate

    writer = stream_ntriples if fmt == "ntriples" else stream_turtle
    rdf_format = FORMATS[fmt][0]
    for ds in (bundled, tricky, generate(1000, seed=2)):
        ours = Graph().parse(data="".join(writer(ds)), format=rdf_format)
        theirs = Graph().parse(data=serialize(ds, fmt), format=rdf_format)
        assert len(ours) == len(theirs)
        assert isomorphic(ours, theirs)


def test_write_behind_keeps_order_and_reports_errors(tmp_path: Path) -> None:
    import io

    from dprkgraph.stream import _write_behind

    chunks = [f"{i} Ümlaut «{i}»\n" for i in range(5000)]
    sink = io.BytesIO()
    _write_behind(sink, chunks, block=100, ahead=2)
    assert sink.getvalue().decode("utf-8") == "".join(chunks)

    class Full(io.BytesIO):
        def write(self, data: object) -> int:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        _write_behind(Full(), chunks, block=100, ahead=2)


def test_failed_stream_leaves_the_previous_file(
    tmp_path: Path, bundled: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dprkgraph.stream as stream

    def broken(ds: Dataset, **kwargs: object) -> object:
        yield "<a> <b> <c> .\n" * 100_000  # more than one block reaches the file
        raise RuntimeError("mapping failed")

    target = tmp_path / "kb.nt"
    target.write_text("previous")
    monkeypatch.setattr(stream, "stream_ntriples", broken)
    with pytest.raises(RuntimeError, match="mapping failed"):
        stream.write_stream(bundled, target, "ntriples")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["kb.nt"]
