"""The shipped SHACL shapes validate an export as published, under two independent engines.

The data graph is the exported Turtle file and nothing else: no ontology, no inference. A
second engine (rdf-validate-shacl, on Node.js) must reach the same verdict as pyshacl.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from enum import Enum
from importlib import resources
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS, XSD

import dprkgraph
from dprkgraph import Dataset, model
from dprkgraph.rdf import DEFAULT_BASE_IRI, DPRK, SEM, write_rdf
from dprkgraph.rdfmap import concept_iri
from dprkgraph.sparql import shapes_graph, validate_shapes, vocabulary_graph
from tests.conftest import DatasetFactory

SHAPES = Path(str(resources.files("dprkgraph").joinpath("vocab").joinpath("shapes.ttl")))
JS_DIR = Path(__file__).resolve().parent / "shacl-js"
NODE = shutil.which("node")
SCHEMA = Namespace("https://schema.org/")
EVENT = URIRef(DEFAULT_BASE_IRI + "event/talks")
ROLE = URIRef(DEFAULT_BASE_IRI + "event/talks#participant-0")
ACTOR = URIRef(DEFAULT_BASE_IRI + "actor/aaa")
SOURCE = URIRef(DEFAULT_BASE_IRI + "source/src")
VOCAB = "https://w3id.org/dprkgraph/vocab/"

Break = Callable[[Graph], None]


@pytest.fixture(scope="module")
def bundled_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "bundled.ttl"
    write_rdf(dprkgraph.load(), path, "turtle")
    return path


@pytest.fixture
def small(make_dataset: DatasetFactory) -> Dataset:
    return dprkgraph.load(make_dataset())


def _published(path: Path) -> Graph:
    """The export read back from its file, exactly as another tool would see it."""
    return Graph().parse(path, format="turtle")


def _pyshacl(data: Graph) -> tuple[bool, set[tuple[str, str]]]:
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=Graph().parse(SHAPES), inference="none"
    )
    found = {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
        for r in report.objects(None, SH.result)
    }  # top-level results, not sh:detail
    return bool(conforms), found


def _node_engine(data: Path) -> tuple[bool, set[tuple[str, str]]]:
    if NODE is None:
        pytest.skip(
            "Node.js is not installed: the second SHACL engine (rdf-validate-shacl) "
            "cannot run; install Node.js 18+ and run `npm ci` in tests/shacl-js"
        )
    if not (JS_DIR / "node_modules" / "rdf-validate-shacl").is_dir():
        pytest.skip("tests/shacl-js has no node_modules: run `npm ci` there (make test does)")
    done = subprocess.run(
        [NODE, str(JS_DIR / "validate.mjs"), str(data), str(SHAPES)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    return bool(verdict["conforms"]), {(r["focus"], r["path"]) for r in verdict["results"]}


# --- the export as published ---------------------------------------------------------------


def test_bundled_export_conforms_without_the_ontology(bundled_ttl: Path) -> None:
    data = _published(bundled_ttl)
    assert not any(data.triples((None, RDF.type, SKOS.Concept))), "the export carries no vocabulary"
    assert _pyshacl(data) == (True, set())


def test_bundled_export_conforms_under_the_second_engine(bundled_ttl: Path) -> None:
    assert _node_engine(bundled_ttl) == (True, set())


def test_validate_shapes_does_not_add_the_vocabulary_unless_asked(small: Dataset) -> None:
    # The vocabulary states that an event type is a sem:EventType; a shape that relied on
    # that would pass with the vocabulary and fail without it. The verdicts agree, and a
    # bad concept is refused either way.
    assert validate_shapes(small).conforms
    assert validate_shapes(small, with_vocabulary=True).conforms
    g = _graph(small)
    _set(g, EVENT, SEM.eventType, URIRef(VOCAB + "event-type/picnic"))
    assert not validate_shapes(g).conforms
    assert not validate_shapes(g, with_vocabulary=True).conforms


# --- broken exports are still seen, by both engines -----------------------------------------


def _graph(ds: Dataset) -> Graph:
    from dprkgraph.rdf import to_rdf

    g = Graph()
    for t in to_rdf(ds).triples((None, None, None)):
        g.add(t)
    return g


def _set(g: Graph, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
    g.remove((s, p, None))
    if o is not None:
        g.add((s, p, o))


BROKEN: dict[str, tuple[Break, tuple[URIRef, URIRef]]] = {
    "event without its EDTF date": (lambda g: _set(g, EVENT, DPRK.edtf, None), (EVENT, DPRK.edtf)),
    "event without its earliest day": (
        lambda g: _set(g, EVENT, SEM.hasEarliestBeginTimeStamp, None),
        (EVENT, SEM.hasEarliestBeginTimeStamp),
    ),
    "start date typed as a plain string": (
        lambda g: _set(g, EVENT, SCHEMA.startDate, Literal("2010-03", datatype=XSD.string)),
        (EVENT, SCHEMA.startDate),
    ),
    "goldstein typed as a string": (
        lambda g: _set(g, EVENT, DPRK.goldstein, Literal("7.0", datatype=XSD.string)),
        (EVENT, DPRK.goldstein),
    ),
    "goldstein out of range": (
        lambda g: _set(g, EVENT, DPRK.goldstein, Literal("12.5", datatype=XSD.decimal)),
        (EVENT, DPRK.goldstein),
    ),
    "participant without an actor": (
        lambda g: _set(g, ROLE, RDF.value, None),
        (EVENT, SEM.hasActor),
    ),
    "unknown event type": (
        lambda g: _set(g, EVENT, SEM.eventType, URIRef(VOCAB + "event-type/picnic")),
        (EVENT, SEM.eventType),
    ),
    "event type given as text": (
        lambda g: _set(g, EVENT, SEM.eventType, Literal(VOCAB + "event-type/negotiation")),
        (EVENT, SEM.eventType),
    ),
    "unknown actor kind": (
        lambda g: _set(g, ACTOR, DPRK.actorKind, URIRef(VOCAB + "actor-kind/planet")),
        (ACTOR, DPRK.actorKind),
    ),
    "source without a kind": (
        lambda g: _set(g, SOURCE, DPRK.sourceKind, None),
        (SOURCE, DPRK.sourceKind),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_export_is_reported_at_the_right_node(small: Dataset, case: str) -> None:
    breaker, expected = BROKEN[case]
    g = _graph(small)
    breaker(g)
    conforms, found = _pyshacl(g)
    assert not conforms
    assert (str(expected[0]), str(expected[1])) in found, found
    report = validate_shapes(g)
    assert not report.conforms
    assert (str(expected[0]), str(expected[1])) in {(r.focus, r.path) for r in report.results}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_second_engine_agrees_on_a_broken_export(small: Dataset, case: str, tmp_path: Path) -> None:
    breaker, _ = BROKEN[case]
    g = _graph(small)
    breaker(g)
    path = tmp_path / "broken.ttl"
    g.serialize(path, format="turtle")
    expected = _pyshacl(_published(path))
    assert not expected[0]
    assert _node_engine(path) == expected


def test_several_faults_are_all_counted_alike(small: Dataset, tmp_path: Path) -> None:
    g = _graph(small)
    for breaker, _ in BROKEN.values():
        breaker(g)
    path = tmp_path / "broken.ttl"
    g.serialize(path, format="turtle")
    conforms, found = _pyshacl(_published(path))
    assert not conforms
    assert {(str(node), str(path)) for _, (node, path) in BROKEN.values()} <= found
    assert _node_engine(path) == (conforms, found)


# --- the closed lists in the shapes follow the model ----------------------------------------


def _allowed(path: URIRef) -> set[str]:
    shapes = shapes_graph()
    lists = [
        Collection(shapes, o)
        for p in shapes.subjects(SH.path, path)
        for o in shapes.objects(p, SH["in"])
    ]
    assert len(lists) == 1, f"one sh:in list for {path}"
    return {str(x) for x in lists[0]}


SCHEMES: dict[str, tuple[URIRef, type[Enum]]] = {
    "event type": (SEM.eventType, model.EventType),
    "role": (SEM.roleType, model.Role),
    "actor kind": (DPRK.actorKind, model.ActorKind),
    "source kind": (DPRK.sourceKind, model.SourceKind),
}


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_shapes_list_every_concept_of_the_model_and_the_vocabulary(scheme: str) -> None:
    path, enum = SCHEMES[scheme]
    allowed = _allowed(path)
    assert allowed == {concept_iri(v) for v in enum}
    prefix = concept_iri(next(iter(enum))).rsplit("/", 1)[0]
    stated = {
        str(c)
        for c in vocabulary_graph().subjects(RDF.type, SKOS.Concept)
        if str(c).startswith(prefix + "/")
    }
    assert allowed == stated
