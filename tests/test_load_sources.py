"""Quotes anchored at load time (``load(…, sources=DIR)``), and chosen by ``occurrence:``."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from dprkgraph.errors import LoadError
from dprkgraph.loader import load, load_graph
from dprkgraph.quotes import anchor_quotes, normalise
from tests.conftest import EVENTS, DatasetFactory

TEXT = (
    "Preamble.  Alphaland left\nthe table on Friday. Later, the talks opened again; "
    "the talks opened twice in all."
)


def _texts(tmp_path: Path, text: str | None = TEXT) -> Path:
    texts = tmp_path / "texts"
    texts.mkdir(exist_ok=True)
    if text is not None:
        (texts / "src.txt").write_text(text, encoding="utf-8")
    return texts


def _occurrence(n: int, prefix: str | None = None) -> str:
    extra = f", prefix: {prefix!r}" if prefix else ""
    return EVENTS.replace(
        "{source: src, quote: the talks opened}",
        f"{{source: src, quote: the talks opened, occurrence: {n}{extra}}}",
    )


def test_a_load_with_sources_carries_every_quotes_anchor(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    ds = load(make_dataset(), cache=False, sources=_texts(tmp_path))
    assert ds.anchors is not None
    walk = ds.anchor("walkout", "sources[0]")
    assert walk is not None and walk.anchored
    assert normalise(TEXT)[walk.start : walk.end] == "Alphaland left"
    # The same anchors as anchoring by hand, and the ambiguous one is the warning.
    assert list(ds.anchors) == anchor_quotes(ds, _texts(tmp_path))
    assert [(a.event, a.status) for a in ds.unanchored()] == [("talks", "ambiguous")]


def test_a_subgraph_keeps_the_anchors_of_the_events_it_keeps(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    g = load_graph(make_dataset(), cache=False, sources=_texts(tmp_path))
    part = g.subgraph(["walkout", "aaa", "src"])
    walk = part.dataset.anchor("walkout", "sources[0]")
    assert walk is not None and walk.anchored
    assert walk == g.dataset.anchor("walkout", "sources[0]")
    # The ambiguous quote belongs to an event left out, so the part has none unanchored.
    assert part.dataset.unanchored() == ()
    assert g.subgraph(["walkout"]).dataset.anchors is not None
    assert load_graph(make_dataset(), cache=False).subgraph(["walkout"]).dataset.anchors is None


def test_a_load_without_sources_has_no_anchors(make_dataset: DatasetFactory) -> None:
    ds = load(make_dataset(), cache=False)
    assert ds.anchors is None and ds.unanchored() == ()
    assert ds.anchor("walkout", "sources[0]") is None


def test_anchors_are_made_afresh_even_when_the_dataset_comes_from_the_cache(
    make_dataset: DatasetFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DPRKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DPRKGRAPH_NO_CACHE", raising=False)
    data, texts = make_dataset(), _texts(tmp_path)
    assert load(data, sources=texts).anchor("walkout", "sources[0]").anchored  # type: ignore[union-attr]
    assert load(data).anchors is None  # served by the cache, no anchors
    (texts / "src.txt").write_text("Alphaland quit.", encoding="utf-8")
    again = load(data, sources=texts)  # the text changed, not the data
    assert again.anchor("walkout", "sources[0]").status == "orphan"  # type: ignore[union-attr]


def test_a_sources_path_that_is_not_a_folder_is_a_located_load_error(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    with pytest.raises(LoadError, match="not a folder of source texts") as err:
        load(make_dataset(), cache=False, sources=tmp_path / "nowhere")
    assert err.value.errors[0].path == tmp_path / "nowhere"


def _break(texts: Path, how: str) -> None:
    """Put something that is not a readable text where ``src.txt`` would be."""
    path = texts / "src.txt"
    if how == "binary":
        path.write_bytes(b"Alphaland left \xff\xfe\x00\x81 the table")
    elif how == "folder":
        path.mkdir()
    elif how == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        os.mkfifo(path)
    elif how == "loop":
        os.symlink(texts / "other.txt", path)
        os.symlink(path, texts / "other.txt")


def test_a_missing_text_leaves_its_quotes_unchecked(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    ds = load(make_dataset(), cache=False, sources=_texts(tmp_path, None))
    assert {a.status for a in ds.unanchored()} == {"no-text"}
    assert all("no text file" in a.reason for a in ds.unanchored())


@pytest.mark.parametrize(
    ("how", "why"),
    [
        ("binary", "is not UTF-8 text (byte 15)"),
        ("folder", "cannot be read: it is a folder"),
        ("fifo", "cannot be read: it is not a regular file"),
        ("loop", "cannot be read: Too many levels of symbolic links"),
    ],
)
def test_a_text_that_cannot_be_read_is_unreadable_not_missing(
    make_dataset: DatasetFactory, tmp_path: Path, how: str, why: str
) -> None:
    texts = _texts(tmp_path, None)
    _break(texts, how)
    ds = load(make_dataset(), cache=False, sources=texts)  # a FIFO would block if read
    assert {a.status for a in ds.unanchored()} == {"unreadable"}
    assert all(why in a.reason and "src.txt" in a.reason for a in ds.unanchored())


@pytest.mark.parametrize("how", ["binary", "folder", "fifo", "loop"])
def test_validate_fails_on_a_text_that_cannot_be_read(
    make_dataset: DatasetFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:
    from dprkgraph.cli import main

    texts = _texts(tmp_path, None)
    _break(texts, how)
    assert main(["validate", str(make_dataset()), "--sources", str(texts)]) == 1
    out = capsys.readouterr()
    assert "no text file" not in out.err and "not checked" not in out.err
    # One line for the source, not one per quote; the records themselves are valid.
    [line] = [x for x in out.err.splitlines() if "src.txt" in x]
    assert line.startswith("source 'src': ") and "2 quotes cannot be checked" in line
    assert out.out.startswith("not ok: the text of 1 source cannot be read")
    assert "the records are valid: 2 events" in out.out


def test_verify_quotes_fails_on_a_text_that_cannot_be_read(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    texts = _texts(tmp_path, None)
    _break(texts, "binary")
    assert main(["verify-quotes", str(make_dataset()), "--sources", str(texts)]) == 1
    out = capsys.readouterr()
    assert "is not UTF-8 text" in out.err
    assert "2 of them not checked: the text of their source cannot be read" in out.out


def test_the_graph_the_rdf_and_show_use_the_loaded_anchors(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    from rdflib import Namespace
    from rdflib.namespace import RDF

    from dprkgraph.describe import describe
    from dprkgraph.rdf import to_graph

    oa = Namespace("http://www.w3.org/ns/oa#")
    g = load_graph(make_dataset(), cache=False, sources=_texts(tmp_path))
    rdf = to_graph(g)
    [position] = rdf.subjects(
        RDF.type, oa.TextPositionSelector
    )  # walkout's only: talks is ambiguous
    assert int(rdf.value(position, oa.start)) == normalise(TEXT).index("Alphaland left")
    shown = describe(g, "walkout")
    assert "src: Preamble. **Alphaland left** the table on Friday." in shown
    assert "ambiguous: found 2 times" in describe(g, "talks")
    plain = load_graph(make_dataset(), cache=False)
    assert "**" not in describe(plain, "walkout")


@pytest.mark.parametrize(
    ("events", "start"),
    [
        (_occurrence(1), "first"),
        (_occurrence(2), "second"),
        (_occurrence(1, prefix="Later,"), "first"),  # the prefix agrees with the place
    ],
)
def test_an_occurrence_picks_the_nth_place_of_an_ambiguous_quote(
    make_dataset: DatasetFactory, tmp_path: Path, events: str, start: str
) -> None:
    from rdflib import Namespace
    from rdflib.namespace import RDF

    from dprkgraph.describe import describe
    from dprkgraph.rdf import to_graph

    norm = normalise(TEXT)
    places = [i for i in range(len(norm)) if norm.startswith("the talks opened", i)]
    want = places[0] if start == "first" else places[1]
    g = load_graph(make_dataset(events=events), cache=False, sources=_texts(tmp_path))
    a = g.dataset.anchor("talks", "sources[0]")
    assert a is not None and a.status == "anchored" and a.occurrences == 2
    assert (a.start, a.end) == (want, want + len("the talks opened"))
    assert a.prefix == norm[max(0, want - 32) : want]
    oa = Namespace("http://www.w3.org/ns/oa#")
    rdf = to_graph(g)
    starts = {int(rdf.value(p, oa.start)) for p in rdf.subjects(RDF.type, oa.TextPositionSelector)}
    assert want in starts
    assert f"{a.prefix}**the talks opened**{a.suffix}" in describe(g, "talks")


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (
            _occurrence(3),
            (
                "occurrence 3 asked for, but the quote is found 2 times in the source; "
                "give an occurrence from 1 to 2"
            ),
        ),
        (
            _occurrence(2, prefix="Later,"),
            (
                "occurrence 2 is not preceded by the citation's prefix "
                "'Later,' (it precedes occurrence 1)"
            ),
        ),
    ],
)
def test_an_occurrence_beyond_the_count_is_an_error_naming_the_count(
    make_dataset: DatasetFactory, tmp_path: Path, events: str, message: str
) -> None:
    ds = load(make_dataset(events=events), cache=False, sources=_texts(tmp_path))
    [bad] = ds.unanchored()
    assert (bad.event, bad.status, bad.start) == ("talks", "bad-occurrence", None)
    assert message in bad.reason


@pytest.mark.parametrize(
    ("citation", "message"),
    [
        ("{source: src, quote: x, occurrence: 0}", "greater than or equal to 1"),
        ("{source: src, quote: x, occurrence: -2}", "greater than or equal to 1"),
        ("{source: src, quote: x, occurrence: two}", "valid integer"),
        ("{source: src, occurrence: 1}", "has no quote"),
    ],
)
def test_a_bad_occurrence_is_a_located_load_error(
    make_dataset: DatasetFactory, citation: str, message: str
) -> None:
    events = EVENTS.replace("{source: src, quote: the talks opened}", citation)
    with pytest.raises(LoadError, match=message) as err:
        load(make_dataset(events=events), cache=False)
    assert err.value.errors[0].line > 0


def test_validate_with_sources_fails_on_an_unanchored_quote(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    texts = _texts(tmp_path)
    assert main(["validate", str(make_dataset()), "--sources", str(texts)]) == 1
    out = capsys.readouterr()
    assert "event 'talks' sources[0]: quote 'the talks opened' from src: ambiguous" in out.err
    assert out.out.startswith("not ok: 1 of 2 quotes not anchored")
    assert (
        main(["validate", str(make_dataset(events=_occurrence(2))), "--sources", str(texts)]) == 0
    )
    assert "2 quotes anchored" in capsys.readouterr().out
    assert main(["validate", str(make_dataset()), "--sources", str(tmp_path / "none")]) == 1
    assert "--sources" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "[2010-08-25, 2010-10]",
            "[2010-08-25, 2010-10] (one of 2010-08-25; 2010-10-01 to 2010-10-31)",
        ),
        (
            "[..2010-08-01, 2010-10..]",
            "[..2010-08-01, 2010-10..] (one of on or before 2010-08-01; on or after 2010-10-01)",
        ),
    ],
)
def test_show_says_a_one_of_date_is_one_of_its_members(
    make_dataset: DatasetFactory, text: str, line: str
) -> None:
    from dprkgraph.describe import describe

    events = EVENTS.replace("date: 2010-04-02", f"date: '{text}'")
    g = load_graph(make_dataset(events=events), cache=False)
    assert f"  date: {line}" in describe(g, "walkout").splitlines()


def test_verify_quotes_reports_a_text_that_is_not_utf8(
    make_dataset: DatasetFactory, tmp_path: Path
) -> None:
    from dprkgraph.quotes import verify_quotes

    texts = _texts(tmp_path, None)
    (texts / "src.txt").write_bytes(b"Alphaland left \xff")
    checks = verify_quotes(load(make_dataset(), cache=False), texts)
    assert [c.found for c in checks] == [False, False]
    assert all("is not UTF-8 text (byte 15)" in c.reason for c in checks)


@pytest.mark.parametrize("anchored", [False, True])
def test_the_occurrence_survives_the_rdf_and_picks_the_same_place_again(
    make_dataset: DatasetFactory, tmp_path: Path, anchored: bool
) -> None:
    from rdflib import Literal, Namespace
    from rdflib.namespace import XSD

    from dprkgraph.rdf import from_rdf, serialize, to_rdf
    from dprkgraph.sparql import validate_shapes

    texts = _texts(tmp_path)
    ds = load(make_dataset(events=_occurrence(2)), cache=False, sources=texts if anchored else None)
    rdf = to_rdf(ds)
    dprk = Namespace("https://w3id.org/dprkgraph/vocab#")
    assert (None, dprk.occurrence, Literal("2", datatype=XSD.positiveInteger)) in rdf
    assert validate_shapes(rdf).conforms
    back = from_rdf(rdf)
    assert back.event("talks").sources[0].occurrence == 2
    # Read back (with the context as its prefix when it was anchored), it anchors where it did.
    [again] = [a for a in anchor_quotes(back, texts) if a.event == "talks"]
    norm = normalise(TEXT)
    assert again.status == "anchored" and again.start == norm.rindex("the talks opened")
    assert "dprk:occurrence" in serialize(ds, "turtle")


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_a_bad_occurrence_in_rdf_is_refused_with_a_clear_error(
    make_dataset: DatasetFactory, value: str
) -> None:
    from rdflib import Literal, Namespace

    from dprkgraph.errors import DprkGraphError
    from dprkgraph.rdf import from_rdf, to_rdf

    dprk = Namespace("https://w3id.org/dprkgraph/vocab#")
    rdf = to_rdf(load(make_dataset(events=_occurrence(2)), cache=False))
    [(s, p, o)] = list(rdf.triples((None, dprk.occurrence, None)))
    for ctx in rdf.graphs():
        ctx.remove((s, p, o))
        ctx.add((s, p, Literal(value)))
    with pytest.raises(DprkGraphError, match=f"dprk:occurrence '{value}' is not a whole number"):
        from_rdf(rdf)


def test_validate_with_sources_notes_but_passes_a_source_without_a_text(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    texts = _texts(tmp_path, None)
    assert main(["validate", str(make_dataset()), "--sources", str(texts)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("ok: 2 events") and out.out.rstrip().endswith("0 quotes anchored")
    assert f"2 quotes not checked: their sources have no text file in {texts}" in out.err


_PLACE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): event '(?P<event>[^']+)' ")


def test_every_unanchored_quote_is_located_at_its_citation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    data = Path(__file__).parent / "data" / "colombia-farc"
    texts = _texts(tmp_path, None)
    (texts / "havana-chronology.txt").write_text("Nothing quoted is here.", encoding="utf-8")
    assert main(["validate", str(data), "--sources", str(texts), "--max-problems", "0"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 25
    for line in lines:
        m = _PLACE.match(line)
        assert m, line
        quote = line.split(": quote ", 1)[1].split(" from havana-chronology")[0]
        written = Path(m["path"]).read_text(encoding="utf-8").splitlines()[int(m["line"]) - 1]
        # The line and column are those of the quote itself, claims' quotes included.
        assert written[int(m["col"]) - 1 :].lstrip("'\"").startswith(ast.literal_eval(quote)[:20])
    assert any(" claims[1].sources[0]: " in line for line in lines)


@pytest.mark.parametrize(
    ("events", "said"),
    [
        (EVENTS, "2 of 2 quotes found verbatim in their sources, 1 of them ambiguous"),
        (
            _occurrence(7),
            "2 of 2 quotes found verbatim in their sources, 1 of them with an occurrence "
            "beyond its places",
        ),
    ],
)
def test_verify_quotes_says_in_its_summary_which_found_quotes_fail(
    make_dataset: DatasetFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    events: str,
    said: str,
) -> None:
    from dprkgraph.cli import main

    data = make_dataset(events=events)
    assert main(["verify-quotes", str(data), "--sources", str(_texts(tmp_path))]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines()[0].startswith(said)
    [problem] = out.err.splitlines()
    line = 1 + next(i for i, x in enumerate(events.splitlines()) if "the talks opened" in x)
    assert problem.startswith(f"{data / 'events.yaml'}:{line}:")  # the talks' citation
