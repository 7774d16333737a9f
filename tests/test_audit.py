"""Corroboration (distinct publishers), events(min_sources=), the audit and its command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dprkgraph.audit import audit, corroboration
from dprkgraph.cli import main
from dprkgraph.describe import describe
from dprkgraph.graph import build_graph
from dprkgraph.loader import load
from dprkgraph.query import events
from tests.conftest import EVENTS, SOURCES, DatasetFactory

# Three sources, two of them by one publisher; an official document dated to the day.
THREE = (
    SOURCES
    + """\
  - id: gazette-2
    title: A second report
    publisher: The Gazette
    kind: article
  - id: order
    title: An order
    publisher: The Ministry
    kind: official_document
    published: 2010-03-15
    identifier: Order 7
"""
)

# talks: src + gazette-2 (one publisher) + order (another): 2; walkout: src twice: 1.
CITED = EVENTS.replace(
    "      - {source: src, quote: the talks opened}\n",
    "      - {source: src, quote: the talks opened}\n"
    "      - {source: gazette-2, quote: talks began}\n"
    "      - {source: order}\n",
).replace(
    "      - {source: src, quote: Alphaland left}\n",
    "      - {source: src, quote: Alphaland left}\n      - {source: src, locator: p. 2}\n",
)


@pytest.fixture
def g(make_dataset: DatasetFactory):  # type: ignore[no-untyped-def]
    return build_graph(load(make_dataset(events=CITED, sources=THREE), cache=False))


@pytest.mark.parametrize(("event", "count"), [("talks", 2), ("walkout", 1)])
def test_corroboration_counts_publishers_not_citations(g, event: str, count: int) -> None:  # type: ignore[no-untyped-def]
    assert corroboration(g, event) == count
    assert corroboration(g, g.event(event)) == count


def test_corroboration_of_an_actor_is_a_query_error(g) -> None:  # type: ignore[no-untyped-def]
    from dprkgraph.errors import QueryError

    with pytest.raises(QueryError, match="event or a claim"):
        corroboration(g, "aaa")


@pytest.mark.parametrize(
    ("n", "ids"), [(None, ["talks", "walkout"]), (0, ["talks", "walkout"]), (2, ["talks"]), (3, [])]
)
def test_events_min_sources(g, n: int | None, ids: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert events(g, min_sources=n).ids() == ids
    assert events(g, min_sources=n, start="2010-01").ids() == ids  # any path through events


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2"])
def test_events_min_sources_rejects_what_is_not_a_count(g, bad: object) -> None:  # type: ignore[no-untyped-def]
    from dprkgraph.errors import QueryError

    with pytest.raises(QueryError, match="min_sources"):
        events(g, min_sources=bad)  # type: ignore[arg-type]


def test_the_frame_carries_the_count(g) -> None:  # type: ignore[no-untyped-def]
    frame = events(g).to_frame()
    assert dict(zip(frame["id"], frame["sources"], strict=True)) == {"talks": 2, "walkout": 1}


def test_show_names_the_independent_sources(g) -> None:  # type: ignore[no-untyped-def]
    text = describe(g, "talks")
    assert "sources (2 independent: The Gazette; The Ministry):" in text


def test_audit_lists_each_kind_once_per_subject(g) -> None:  # type: ignore[no-untyped-def]
    found = {(f.kind, f.subject) for f in audit(g)}
    assert ("single-source", "walkout") in found and ("single-source", "talks") not in found
    assert {s for k, s in found if k == "no-wikidata"} == {"aaa", "bbb", "envoy"}
    # talks is dated 2010-03 and cites an official document of 2010-03-15: a day to check.
    assert ("coarse-date", "talks") in found and ("coarse-date", "walkout") not in found
    assert not any(k == "no-quote" for k, _ in found)


def test_audit_with_texts_lists_missing_and_unanchored_quotes(g, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "src.txt").write_text("the talks opened, and the talks opened", encoding="utf-8")
    found = {(f.kind, f.subject, f.detail.split(":")[0]) for f in audit(g, sources_dir=tmp_path)}
    assert ("unanchored", "talks", "sources[0]") in found  # found twice
    assert ("unanchored", "walkout", "sources[0]") in found  # not found
    assert ("no-text", "talks", "sources[1]") in found  # gazette-2.txt is missing


def test_unquoted_claims_and_machine_coded_events_are_listed(make_dataset: DatasetFactory) -> None:
    events_text = (
        EVENTS
        + """\
    claims:
      - claimant: bbb
        stance: asserts
        statement: Alphaland left.
        sources: [{source: src}]
  - id: coded
    title: A coded event
    date: 2010-05-01
    type: meeting
    provenance: machine-coded
    participants: [{actor: aaa, role: party}]
    sources: [{source: src}]
"""
    )
    g = build_graph(load(make_dataset(events=events_text), cache=False))
    found = [(f.subject, f.detail) for f in audit(g) if f.kind == "no-quote"]
    assert [s for s, _ in found] == ["walkout#claim-1", "coded"]
    assert "machine-coded" in found[1][1]


def test_the_audit_command(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(make_dataset(events=CITED, sources=THREE))
    assert main(["audit", data, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {"kind": "single-source", "subject": "walkout"}.items() <= records[0].items()
    assert main(["audit", data]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 single-source, 3 no-wikidata, 1 coarse-date"
    )
    assert main(["audit", data, "--sources", str(tmp_path / "none")]) == 1
    assert "--sources" in capsys.readouterr().err


def test_events_min_sources_on_the_command_line(
    make_dataset: DatasetFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(make_dataset(events=CITED, sources=THREE))
    assert main(["events", "--data", data, "--min-sources", "2", "--format", "json"]) == 0
    assert [(r["id"], r["sources"]) for r in json.loads(capsys.readouterr().out)] == [("talks", 2)]
    assert main(["events", "--data", data, "--min-sources", "-1"]) == 1
    assert "--min-sources -1 is not valid" in capsys.readouterr().err


def test_verify_quotes_reports_a_changed_text_and_an_ambiguous_quote(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text("the talks opened and Alphaland left", encoding="utf-8")
    data = make_dataset()
    assert main(["fingerprint", "--sources", str(texts), str(data)]) == 0
    assert "1 fingerprint written" in capsys.readouterr().out
    assert main(["verify-quotes", "--sources", str(texts), str(data)]) == 0
    capsys.readouterr()
    (texts / "src.txt").write_text(
        "the talks opened; the talks opened; Alphaland left", encoding="utf-8"
    )
    assert main(["verify-quotes", "--sources", str(texts), str(data)]) == 1
    out, err = capsys.readouterr()
    assert "source src: its text changed since it was fingerprinted" in err
    assert "quotes that no longer match: talks sources[0] (ambiguous)" in err
    assert "found 2 times in the source" in err
    assert out.splitlines() == [
        "2 of 2 quotes found verbatim in their sources, 1 of them ambiguous",
        "give each ambiguous quote a `prefix:` or an `occurrence:` to anchor it",
    ]


def test_the_explorer_rows_carry_the_count_its_tooltips_show(g) -> None:  # type: ignore[no-untyped-def]
    from dprkgraph.explore import page_data

    rows = {r[0]: r for r in page_data(g)["events"]}
    assert (rows["talks"][16], rows["walkout"][16]) == (2, 1)


def test_a_changed_text_whose_quotes_all_anchor_is_reported_but_passes(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text("the talks opened and Alphaland left", encoding="utf-8")
    data = make_dataset()
    assert main(["fingerprint", "--sources", str(texts), str(data)]) == 0
    (texts / "src.txt").write_text("Then the talks opened, and Alphaland left.", encoding="utf-8")
    capsys.readouterr()
    assert main(["verify-quotes", "--sources", str(texts), str(data)]) == 0
    err = capsys.readouterr().err
    assert "its text changed since it was fingerprinted" in err
    assert "every quote still matches: record the new fingerprint" in err


def test_audit_tells_an_unreadable_text_from_an_unanchored_quote(g, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "src.txt").write_bytes(b"the talks \xff\xfe opened")  # not UTF-8
    found = {(f.kind, f.subject, f.detail.split(":")[0]) for f in audit(g, sources_dir=tmp_path)}
    assert ("unreadable", "talks", "sources[0]") in found
    assert ("unreadable", "walkout", "sources[0]") in found
    assert not any(kind == "unanchored" for kind, _, _ in found)
