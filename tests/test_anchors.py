"""Quotes anchored in their source texts: positions, context, ambiguity, orphans, fingerprints."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dprkgraph.loader import load
from dprkgraph.quotes import (
    Anchor,
    anchor_quotes,
    fingerprint,
    fingerprint_changes,
    normalise,
)
from tests.conftest import EVENTS, SOURCES, DatasetFactory

SHARED = Path("/work/shared/sources")

TEXT = (
    "Preamble.  Alphaland left\nthe table on Friday. Later, the talks opened again; "
    "the talks opened twice in all."
)


def _anchors(
    make_dataset: DatasetFactory,
    tmp_path: Path,
    text: str | None = TEXT,
    events: str = EVENTS,
    sources: str = SOURCES,
) -> dict[str, Anchor]:
    texts = tmp_path / "texts"
    texts.mkdir(exist_ok=True)
    if text is not None:
        (texts / "src.txt").write_text(text, encoding="utf-8")
    ds = load(make_dataset(events=events, sources=sources), cache=False)
    return {a.event: a for a in anchor_quotes(ds, texts)}


def test_a_quote_found_once_is_anchored_at_its_offsets_in_the_normalised_text(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    a = _anchors(make_dataset, tmp_path)["walkout"]
    norm = normalise(TEXT)
    assert a.status == "anchored" and a.occurrences == 1
    assert norm[a.start : a.end] == "Alphaland left"
    assert a.prefix == "Preamble. " and a.suffix == norm[a.end : a.end + 32]
    assert a.prefix + "Alphaland left" + a.suffix in norm


def test_a_quote_found_twice_is_ambiguous_and_not_anchored(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    a = _anchors(make_dataset, tmp_path)["talks"]
    assert (a.status, a.occurrences, a.start) == ("ambiguous", 2, None)
    assert "2 times" in a.reason and "prefix" in a.reason


@pytest.mark.parametrize(
    ("prefix", "status", "which"),
    [
        ("Later,", "anchored", 0),
        ("opened  again;", "anchored", 1),  # white space in the prefix is folded too
        ("nowhere", "ambiguous", None),
    ],
)
def test_the_citation_prefix_picks_one_occurrence(
    make_dataset: DatasetFactory, tmp_path: Path, prefix: str, status: str, which: int | None
) -> None:
    events = EVENTS.replace(
        "{source: src, quote: the talks opened}",
        f"{{source: src, quote: the talks opened, prefix: {prefix!r}}}",
    )
    a = _anchors(make_dataset, tmp_path, events=events)["talks"]
    assert a.status == status
    if which is not None:
        norm = normalise(TEXT)
        starts = [i for i in range(len(norm)) if norm.startswith("the talks opened", i)]
        assert a.start == starts[which]


def test_a_quote_not_found_is_an_orphan_never_reanchored_to_a_lookalike(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    a = _anchors(make_dataset, tmp_path, text="Alphaland has left the table.")["walkout"]
    assert a.status == "orphan" and a.start is None and a.prefix == ""
    assert "Alphaland has left" in a.reason and "hint" in a.reason


def test_no_text_file_is_reported_as_such(make_dataset: DatasetFactory, tmp_path: Path) -> None:
    a = _anchors(make_dataset, tmp_path, text=None)["walkout"]
    assert a.status == "no-text" and "src.txt" in a.reason


def test_a_changed_fingerprint_is_reported_with_the_quotes_that_no_longer_match(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text(TEXT, encoding="utf-8")
    digest = fingerprint(texts / "src.txt")
    sources = SOURCES + f"    sha256: {digest}\n"
    ds = load(make_dataset(sources=sources), cache=False)
    assert fingerprint_changes(ds, texts) == []
    (texts / "src.txt").write_text(
        TEXT.replace("Alphaland left", "Alphaland quit"), encoding="utf-8"
    )
    [change] = fingerprint_changes(ds, texts)
    assert change.source == "src" and change.recorded == digest != change.current
    assert {(a.event, a.status) for a in change.broken} == {
        ("walkout", "orphan"),
        ("talks", "ambiguous"),
    }


def test_a_malformed_fingerprint_is_a_load_error(make_dataset: DatasetFactory) -> None:
    from dprkgraph.errors import LoadError

    with pytest.raises(LoadError, match="sha256"):
        load(make_dataset(sources=SOURCES + "    sha256: abc\n"), cache=False)


def test_every_bundled_quote_is_anchored_in_the_article() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"the source texts are not on this machine ({SHARED})")
    anchors = anchor_quotes(load(), SHARED)
    article = [a for a in anchors if a.status != "no-text"]
    assert article, "no quote cites the article"
    assert [a for a in article if not a.anchored] == []
    text = normalise(next(SHARED.glob("*.txt")).read_text(encoding="utf-8"))
    assert all(text[a.start : a.end] == normalise(a.quote) for a in article)


FINGERPRINTED = """\
# The sources, with a comment that must survive.
sources:
  - id: src   # the gazette
    title: A report
    publisher: The Gazette
    kind: article

  - id: other
    title: "Another: report"
    publisher: The Herald
    kind: article
    sha256: 0000000000000000000000000000000000000000000000000000000000000000
"""


def test_recording_fingerprints_edits_only_the_sha256_lines(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    from dprkgraph.quotes import record_fingerprints

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text(TEXT, encoding="utf-8")
    (texts / "other.txt").write_text("The Herald's text.", encoding="utf-8")
    data = make_dataset(sources=FINGERPRINTED)
    done = record_fingerprints(data, texts)
    a, b = fingerprint(texts / "src.txt"), fingerprint(texts / "other.txt")
    assert [(f.source, f.old, f.new) for f in done] == [("src", None, a), ("other", "0" * 64, b)]
    expected = FINGERPRINTED.replace(
        "  - id: src   # the gazette\n", f"  - id: src   # the gazette\n    sha256: {a}\n"
    ).replace("0" * 64, b)
    assert (data / "sources.yaml").read_text(encoding="utf-8") == expected
    ds = load(data, cache=False)
    assert {s.id: s.sha256 for s in ds.sources} == {"src": a, "other": b}
    assert record_fingerprints(data, texts) == []  # nothing changed: nothing written
    assert fingerprint_changes(ds, texts) == []


def test_a_flow_style_source_is_not_rewritten_but_reported(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    from dprkgraph.errors import LoadError
    from dprkgraph.quotes import record_fingerprints

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text(TEXT, encoding="utf-8")
    flow = "sources:\n  - {id: src, title: A report, publisher: The Gazette, kind: article}\n"
    data = make_dataset(sources=flow)
    with pytest.raises(LoadError, match=r"no `- id: src` line.*add `sha256: "):
        record_fingerprints(data, texts)
    assert (data / "sources.yaml").read_text(encoding="utf-8") == flow


def _rdf_case(make_dataset: DatasetFactory, tmp_path: Path):  # type: ignore[no-untyped-def]
    texts = tmp_path / "texts"
    texts.mkdir(exist_ok=True)
    (texts / "src.txt").write_text(TEXT, encoding="utf-8")
    events = EVENTS.replace(
        "{source: src, quote: the talks opened}",
        "{source: src, quote: the talks opened, prefix: 'Later,'}",
    )
    ds = load(
        make_dataset(
            events=events, sources=SOURCES + f"    sha256: {fingerprint(texts / 'src.txt')}\n"
        ),
        cache=False,
    )
    return ds, anchor_quotes(ds, texts)


def test_the_rdf_carries_both_selectors_only_when_anchored(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    from rdflib import Literal, Namespace
    from rdflib.namespace import RDF

    from dprkgraph.rdf import to_graph

    oa = Namespace("http://www.w3.org/ns/oa#")
    ds, anchors = _rdf_case(make_dataset, tmp_path)
    plain, anchored = to_graph(ds), to_graph(ds, anchors=anchors)
    assert not list(plain.subjects(RDF.type, oa.TextPositionSelector))
    assert {str(o) for o in plain.objects(None, oa.prefix)} == {"Later,"}  # the citation's own
    positions = list(anchored.subjects(RDF.type, oa.TextPositionSelector))
    assert len(positions) == 2
    norm = normalise(TEXT)
    spans = {
        norm[int(anchored.value(p, oa.start)) : int(anchored.value(p, oa.end))] for p in positions
    }
    assert spans == {"Alphaland left", "the talks opened"}
    walk = next(a for a in anchors if a.event == "walkout")
    assert (None, oa.suffix, Literal(walk.suffix, lang="en")) in anchored
    assert len(plain) < len(anchored)
    assert set(plain) - set(anchored) <= {t for t in plain if t[1] == oa.prefix}


def test_anchored_rdf_round_trips_and_conforms_to_the_shapes(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    from dprkgraph.rdf import from_rdf, to_rdf
    from dprkgraph.sparql import validate_shapes

    ds, anchors = _rdf_case(make_dataset, tmp_path)
    assert from_rdf(to_rdf(ds)) == ds  # sha256 and prefix come back
    rdf = to_rdf(ds, anchors=anchors)
    back = from_rdf(rdf)
    assert back.sources == ds.sources
    # The context read back as each citation's prefix picks the same place in the text.
    assert [c.prefix for e in back.events for c in e.sources] == [a.prefix for a in anchors]
    assert anchors[0].prefix.endswith("Later, ") and anchors[1].prefix == "Preamble. "
    texts = tmp_path / "texts"
    assert [(a.start, a.end) for a in anchor_quotes(back, texts)] == [
        (a.start, a.end) for a in anchors
    ]
    report = validate_shapes(rdf)
    assert report.conforms, report


def test_each_event_and_claim_carries_its_independent_sources() -> None:
    from rdflib import Literal, Namespace, URIRef

    from dprkgraph.formats import DEFAULT_BASE_IRI
    from dprkgraph.rdf import to_graph

    dprk = Namespace("https://w3id.org/dprkgraph/vocab#")
    g = to_graph(load())
    node = URIRef(DEFAULT_BASE_IRI + "event/unsc-resolution-1874")
    assert g.value(node, dprk.independentSources) == Literal(2)
    assert len(list(g.subject_objects(dprk.independentSources))) == (
        len(load().events) + sum(len(e.claims) for e in load().events)
    )


def test_export_with_sources_writes_the_selectors(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text(TEXT, encoding="utf-8")
    data = str(make_dataset())
    assert main(["export", "--data", data, "--format", "ntriples"]) == 0
    assert "TextPositionSelector" not in capsys.readouterr().out
    out = tmp_path / "out.ttl"
    assert main(["export", "--data", data, "--sources", str(texts), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("a oa:TextPositionSelector") == 1  # walkout only
    assert main(["export", "--data", data, "--sources", str(tmp_path / "none")]) == 1


_WORDS = st.sampled_from(["the", "talks", "opened", "Alpha", "left", "\n", "  ", "’", ","])


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(_WORDS, max_size=30).map(" ".join),
    quote=st.lists(_WORDS, min_size=1, max_size=4).map(" ".join),
    prefix=st.none() | st.lists(_WORDS, min_size=1, max_size=3).map(" ".join),
    occurrence=st.none() | st.integers(1, 4),
)
def test_anchoring_any_text_is_exact_or_reported(
    tmp_path_factory: pytest.TempPathFactory,
    text: str,
    quote: str,
    prefix: str | None,
    occurrence: int | None,
) -> None:
    from dprkgraph.model import Citation, Dataset, Event, Participation, Source

    if not normalise(quote):
        return  # the model refuses a blank quote
    texts = tmp_path_factory.mktemp("t")
    (texts / "s.txt").write_text(text, encoding="utf-8")
    event = Event(
        id="e",
        title="E",
        date="2010",
        type="meeting",
        participants=(Participation(actor="a", role="party"),),
        sources=(Citation(source="s", quote=quote, prefix=prefix, occurrence=occurrence),),
    )
    ds = Dataset(
        events=(event,), sources=(Source(id="s", title="S", publisher="P", kind="article"),)
    )
    [a] = anchor_quotes(ds, texts)
    norm, q = normalise(text), normalise(quote)
    places = [i for i in range(len(norm)) if norm.startswith(q, i)]
    count = len(places)
    # The places the prefix leaves (it chooses only among several), in text order.
    left = (
        [i for i in places if normalise(norm[:i]).endswith(normalise(prefix))]
        if prefix is not None and count > 1
        else places
    )
    assert a.occurrences == count
    if a.anchored:
        assert a.start is not None and norm[a.start : a.end] == q
        assert norm[: a.start].endswith(a.prefix) and norm[a.end :].startswith(a.suffix)
        assert a.start == (places[occurrence - 1] if occurrence is not None else left[0])
        assert a.start in left and (occurrence is not None or len(left) == 1)
    elif count == 0:
        assert a.status == "orphan" and a.start is None
    elif occurrence is not None:
        assert a.status == "bad-occurrence"
        assert occurrence > count or places[occurrence - 1] not in left
    else:
        assert a.status == "ambiguous" and len(left) != 1
