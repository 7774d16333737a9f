"""The EDTF parser against an outside table: the edtf package's own parser examples and the
Library of Congress specification's examples (``tests/data/edtf-conformance.tsv``, whose header
says where each row comes from)."""

import csv
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dprkgraph import DateError, parse_date
from dprkgraph.temporal import WITHIN, relate

TABLE = Path(__file__).parent / "data" / "edtf-conformance.tsv"


def _rows() -> list[dict[str, str]]:
    lines = [
        line for line in TABLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


def _day(text: str, *, low: bool) -> date:
    if text in {"-inf", "inf"}:
        return date.min if low else date.max
    return date.fromisoformat(text)


def _bounds(expression: str, widening: str) -> tuple[str, str]:
    d = parse_date(expression, widening=widening)  # type: ignore[arg-type]
    return (
        "-inf" if d.open_start else d.earliest.isoformat(),
        "inf" if d.open_end else d.latest.isoformat(),
    )


def test_the_table_covers_every_level_and_outcome() -> None:
    assert {r["level"] for r in ROWS if r["expect"] == "valid"} == {"0", "1", "2"}
    assert {r["expect"] for r in ROWS} == {"valid", "deviates", "refused", "invalid"}
    assert {r["source"] for r in ROWS} == {"edtf-tests", "loc-2019"}


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["expect"] == "valid"], ids=lambda r: r["expression"]
)
def test_valid_examples_have_the_edtf_rule_bounds(row: dict[str, str]) -> None:
    assert _bounds(row["expression"], "edtf") == (row["fuzzy_earliest"], row["fuzzy_latest"])


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["expect"] == "valid"], ids=lambda r: r["expression"]
)
def test_valid_examples_under_the_unit_rule(row: dict[str, str]) -> None:
    """The default rule never narrows the strict bounds and never widens past the edtf rule;
    an unknown interval end (empty) has no bound instead of edtf's ten years."""
    expr = row["expression"]
    d = parse_date(expr)
    strict = (_day(row["strict_earliest"], low=True), _day(row["strict_latest"], low=False))
    fuzzy = (_day(row["fuzzy_earliest"], low=True), _day(row["fuzzy_latest"], low=False))
    if expr.startswith("/"):
        assert d.open_start and d.earliest == date.min
    else:
        assert fuzzy[0] <= d.earliest <= strict[0]
    if expr.endswith("/"):
        assert d.open_end and d.latest == date.max
    else:
        assert strict[1] <= d.latest <= fuzzy[1]
    if not any(q in expr for q in "~?%"):
        assert (d.earliest, d.latest) == (
            strict[0] if not expr.startswith("/") else date.min,
            strict[1] if not expr.endswith("/") else date.max,
        )


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["expect"] == "deviates"], ids=lambda r: r["expression"]
)
def test_documented_deviations(row: dict[str, str]) -> None:
    earliest, latest, *_why = row["note"].split()
    assert _bounds(row["expression"], "edtf") == (earliest, latest)


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["expect"] in {"refused", "invalid"}], ids=lambda r: r["expression"]
)
def test_unsupported_and_invalid_examples_are_refused_with_a_reason(row: dict[str, str]) -> None:
    with pytest.raises(DateError) as info:
        parse_date(row["expression"])
    assert row["note"] in str(info.value)
    assert row["expression"] in str(info.value)


# Random EDTF-like strings: valid pieces, glued and mutated.
_year = st.one_of(
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
    st.sampled_from(["201X", "20XX", "1XXX", "0000", "-0100", "Y12345", "99999"]),
)
_month = st.sampled_from(["01", "02", "12", "13", "00", "XX", "21", "24", "25", "40"])
_day_t = st.sampled_from(["01", "28", "29", "30", "31", "32", "XX", "00"])
_qual = st.sampled_from(["", "", "~", "?", "%", "~?"])
_time = st.sampled_from(["", "", "T10:00:00Z", "T23:59:59+09:00", "T24:00:00", "T10:00"])


@st.composite
def _endpoint(draw: st.DrawFn) -> str:
    text = draw(_year)
    if draw(st.booleans()):
        text += "-" + draw(_month)
        if draw(st.booleans()):
            text += "-" + draw(_day_t) + draw(_time)
    return text + draw(_qual)


@st.composite
def _edtf(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["date", "interval", "one_of", "all_of"]))
    if kind == "date":
        text = draw(_endpoint())
    elif kind == "interval":
        ends = [draw(st.one_of(_endpoint(), st.sampled_from(["", ".."]))) for _ in range(2)]
        text = "/".join(ends)
    else:
        members = draw(
            st.lists(
                st.one_of(
                    _endpoint(),
                    st.tuples(_endpoint(), _endpoint()).map(lambda p: f"{p[0]}..{p[1]}"),
                    _endpoint().map(lambda e: f"..{e}"),
                    _endpoint().map(lambda e: f"{e}.."),
                ),
                min_size=1,
                max_size=4,
            )
        )
        text = ("[{}]" if kind == "one_of" else "{{{}}}").format(", ".join(members))
    if draw(st.integers(0, 4)) == 0:  # mutate: drop, duplicate or replace one character
        i = draw(st.integers(0, max(len(text) - 1, 0)))
        c = draw(st.sampled_from(["", "/", "X", "-", "..", "[", "}", "9", " ", "\n", "２"]))
        text = text[:i] + c + text[i + 1 :]
    return text


@settings(max_examples=400, deadline=None)
@given(_edtf(), st.sampled_from(["unit", "edtf"]))
@example("{0001..0001-01}", "unit")  # a range whose start is coarser than its end
@example("{0002..0002~}", "unit")  # a range whose approximate end widens before its start
@example("[0001..0001-01]", "edtf")
def test_random_edtf_strings_parse_or_raise_date_error(text: str, widening: str) -> None:
    try:
        d = parse_date(text, widening=widening)  # type: ignore[arg-type]
    except DateError:
        return
    assert d.earliest <= d.latest
    if d.start_latest is not None and d.end_earliest is not None:
        assert d.earliest <= d.start_latest <= d.latest
        assert d.earliest <= d.end_earliest <= d.latest
    window = (date(2000, 1, 1), date(2010, 12, 31))
    if d.definitely_within(*window):
        assert d.possibly_within(*window)
        assert relate(d, window).answer(WITHIN) == "definitely"
    if not d.possibly_within(*window):
        assert relate(d, window).answer(WITHIN) == "no"


# End to end: every new form through the queries, the RDF export and back.
NEW_FORMS = {
    "decade": "201X",
    "some-month": "2010-XX",
    "winter": "2010-24",
    "clock": "2010-08-30T10:00:00+09:00",
    "open-end": "2010-08/..",
    "unknown-start": "/2010-08",
    "on-or-before": "[..2010-08-30]",
    "one-of": "[2010-08-25, 2010-09..2010-10]",
    "all-of": "{2010-08-25, 2010-09}",
    "plain": "2010-08-30",
}


def _dataset():  # type: ignore[no-untyped-def]
    from dprkgraph import Actor, Dataset, Event, Source

    events = tuple(
        Event.model_validate(
            {
                "id": id,
                "title": id,
                "date": when,
                "type": "statement",
                "participants": [{"actor": "red", "role": "initiator"}],
                "sources": [{"source": "doc", "quote": "as reported"}],
            }
        )
        for id, when in NEW_FORMS.items()
    )
    return Dataset(
        events,
        (Actor.model_validate({"id": "red", "name": "Redland", "kind": "state"}),),
        (
            Source.model_validate(
                {"id": "doc", "title": "Doc", "publisher": "P", "kind": "article"}
            ),
        ),
    )


def test_new_forms_in_window_queries() -> None:
    from dprkgraph.graph import build_graph
    from dprkgraph.query import events

    g = build_graph(_dataset())
    definite = set(events(g, start="2010-08", end="2010-08", certainty="definite").ids())
    possible = set(events(g, start="2010-08", end="2010-08", certainty="possible").ids())
    assert definite == {"clock", "plain"}
    assert possible == set(NEW_FORMS) - {"winter"}
    early = set(events(g, start="1900", end="1900", certainty="possible").ids())
    assert early == {"on-or-before", "unknown-start"}


def test_new_forms_in_rdf_keep_the_text_and_only_real_bounds() -> None:
    from rdflib import Literal, URIRef

    from dprkgraph.rdf import DPRK, SEM, from_rdf, to_graph

    ds = _dataset()
    graph = to_graph(ds)
    assert not [o for o in graph.objects() if isinstance(o, Literal) and o.ill_typed]
    for e in ds.events:
        node = next(graph.subjects(DPRK.edtf, Literal(e.date.text)))
        assert isinstance(node, URIRef)
        earliest = list(graph.objects(node, SEM.hasEarliestBeginTimeStamp))
        latest = list(graph.objects(node, SEM.hasLatestEndTimeStamp))
        assert [str(x) for x in earliest] == (
            [] if e.date.open_start else [e.date.earliest.isoformat()]
        )
        assert [str(x) for x in latest] == ([] if e.date.open_end else [e.date.latest.isoformat()])
    back = {e.id: e.date for e in from_rdf(graph).events}
    assert back == {e.id: e.date for e in ds.events}


@pytest.mark.parametrize(
    ("a", "b", "group", "answer"),
    [
        # one day on or before 30 August: over before the 31st begins
        ("[..2010-08-30]", "2010-08-31", "BEFORE", "definitely"),
        ("[..2010-08-30]", "2010-08-30", "SAME_DAY", "possibly"),
        ("[..2010-08-30]", "1950", "AFTER", "possibly"),
        # from some day of August with no end: after July, and possibly still going in 2030
        ("2010-08/..", "2010-07", "AFTER", "definitely"),
        ("2010-08/..", "2030-01-01", "SAME_DAY", "possibly"),
        ("2010-08/..", "2030-01-01", "BEFORE", "possibly"),
        # an unknown start: anything up to some day of August
        ("/2010-08", "2010-09-01", "BEFORE", "definitely"),
        ("/2010-08", "1900", "SAME_DAY", "possibly"),
        # all of 25 August and (a day of) September: it runs through 30 August
        ("{2010-08-25, 2010-09}", "2010-08-30", "CONTAINS", "definitely"),
        # one of: any one day of the members
        ("[2010-08-25, 2010-09]", "2010-08-24", "AFTER", "definitely"),
        ("[2010-08-25, 2010-09]", "2010-09-15", "SAME_DAY", "possibly"),
        ("201X", ("2010-01-01", "2019-12-31"), "WITHIN", "definitely"),
        ("2010-24", "2011-01-15", "SAME_DAY", "possibly"),
        ("2010-08-30T23:00:00-05:00", "2010-08-30", "SAME_DAY", "definitely"),
    ],
)
def test_time_relations_of_the_new_forms(a: str, b: object, group: str, answer: str) -> None:
    from dprkgraph import temporal

    relations = {"CONTAINS": {"contains"}}.get(group) or getattr(temporal, group)
    assert relate(a, b).answer(relations) == answer  # type: ignore[arg-type]


def test_open_ends_are_no_value_in_tables_and_words_in_descriptions() -> None:
    import pandas as pd

    from dprkgraph.graph import build_graph
    from dprkgraph.query import events

    g = build_graph(_dataset())
    frame = events(g).to_frame().set_index("id")
    assert pd.isna(frame.loc["on-or-before", "earliest"])
    assert frame.loc["on-or-before", "latest"] == pd.Timestamp("2010-08-30")
    assert pd.isna(frame.loc["open-end", "latest"])
    assert frame.loc["winter", "latest"] == pd.Timestamp("2011-02-28")
    from dprkgraph.describe import describe

    assert "date: [..2010-08-30] (on or before 2010-08-30)" in describe(g, "on-or-before")
    assert "date: 2010-08/.. (on or after 2010-08-01)" in describe(g, "open-end")
