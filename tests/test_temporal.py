"""Allen's relations with certainty, checked against a day-by-day enumeration of every way the
imprecise dates could be realised."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest
from hypothesis import given, settings, strategies as st

from dprkgraph.errors import QueryError
from dprkgraph.temporal import (
    AFTER,
    BASE_RELATIONS,
    BEFORE,
    SAME_DAY,
    WITHIN,
    Span,
    holds,
    relate,
    span,
)


def classify(sa: int, ea: int, sb: int, eb: int) -> str:
    """The one Allen relation between closed day ranges [sa, ea] and [sb, eb] (inclusive
    last days), written from the textbook table rather than from the module's constraints."""
    if ea + 1 < sb:
        return "before"
    if ea + 1 == sb:
        return "meets"
    if eb + 1 < sa:
        return "after"
    if eb + 1 == sa:
        return "met_by"
    if sa == sb and ea == eb:
        return "equals"
    if sa == sb:
        return "starts" if ea < eb else "started_by"
    if ea == eb:
        return "finishes" if sa > sb else "finished_by"
    if sa > sb and ea < eb:
        return "during"
    if sa < sb and ea > eb:
        return "contains"
    return "overlaps" if sa < sb else "overlapped_by"


def realisations(s: Span) -> list[tuple[int, int]]:
    """Every (first day, last day) the span allows."""
    if s.point:
        return [(d, d) for d in range(s.start_lo, s.start_hi + 1)]
    return [(a, b) for a in range(s.start_lo, s.start_hi + 1)
            for b in range(s.end_lo, s.end_hi + 1) if a <= b]


def oracle(a: Span, b: Span) -> frozenset[str]:
    return frozenset(classify(*ra, *rb) for ra, rb in product(realisations(a), realisations(b)))


BASE = date(2010, 8, 1).toordinal()


@st.composite
def spans(draw: st.DrawFn) -> Span:
    point = draw(st.booleans())
    start_lo = BASE + draw(st.integers(0, 12))
    start_hi = start_lo + draw(st.integers(0, 5))
    if point:
        return Span(start_lo, start_hi, start_lo, start_hi, point=True, text="p")
    end_lo = start_lo + draw(st.integers(0, 8))
    end_hi = max(end_lo, start_hi) + draw(st.integers(0, 5))
    return Span(start_lo, start_hi, end_lo, end_hi, point=False, text="i")


@settings(max_examples=1500, deadline=None)
@given(spans(), spans())
def test_relations_match_day_by_day_enumeration(a: Span, b: Span) -> None:
    expected = oracle(a, b)
    found = relate(a, b)
    assert found.possible == expected
    for r in BASE_RELATIONS:
        want = "no" if r not in expected else "definitely" if expected == {r} else "possibly"
        assert found[r] == want


@settings(max_examples=300, deadline=None)
@given(spans(), spans(), st.sampled_from([WITHIN, BEFORE, AFTER, SAME_DAY]))
def test_grouped_questions_match_enumeration(a: Span, b: Span, group: frozenset[str]) -> None:
    expected = oracle(a, b)
    assert holds(a, b, group) == bool(expected & group)
    assert holds(a, b, group, certainty="definite") == (expected <= group)


DAYS = [f"2010-08-{d:02d}" for d in range(25, 32)] + ["2010-09-01", "2010-09-02"]
EDTF = st.one_of(
    st.sampled_from(DAYS),
    st.sampled_from(DAYS).map(lambda d: d + "~"),
    st.sampled_from(DAYS).map(lambda d: d + "?"),
    st.just("2010-08"),
    st.just("2010-09%"),
    st.tuples(st.sampled_from(DAYS), st.sampled_from(DAYS)).map(sorted).map("/".join),
    st.tuples(st.sampled_from(DAYS), st.sampled_from(DAYS)).map(sorted)
      .map(lambda p: f"{p[0]}~/{p[1]}"),
)


def day_oracle(text: str) -> list[tuple[int, int]]:
    """Realisations of an EDTF string, by the README's rules: a single date is one day among
    its possible days; an interval runs from a possible day of its start to a possible day of
    its end. A qualifier widens its end by one unit of its precision on both sides."""
    from dprkgraph.dates import parse_date

    if "/" not in text:
        d = parse_date(text)
        return [(o, o) for o in range(d.earliest.toordinal(), d.latest.toordinal() + 1)]
    head, tail = (parse_date(t) for t in text.split("/"))
    starts = range(head.earliest.toordinal(), head.latest.toordinal() + 1)
    ends = range(tail.earliest.toordinal(), tail.latest.toordinal() + 1)
    return [(s, e) for s in starts for e in ends if s <= e]


@settings(max_examples=400, deadline=None)
@given(EDTF, EDTF)
def test_edtf_dates_match_enumeration(a: str, b: str) -> None:
    expected = frozenset(classify(*ra, *rb) for ra, rb in product(day_oracle(a), day_oracle(b)))
    assert relate(a, b).possible == expected


@pytest.mark.parametrize(("a", "b", "relation", "answer"), [
    ("2010-08", "2010-08-30", "before", "possibly"),
    ("2010-08", ("2010-08", "2010-08"), "during", "possibly"),
    ("2010-08-29", "2010-08-30", "meets", "definitely"),
    ("2010-08-30", "2010-08-30", "equals", "definitely"),
    ("2009-04-05", "2010-03", "before", "definitely"),
    ("2010-08-25/2010-08-27", "2010-08-26", "contains", "definitely"),
    ("2010-08-25/2010-08-27", "2010-08-25", "started_by", "definitely"),
    ("2010-03-26~", "2010-03-27", "meets", "possibly"),
    ("2010-03-26~", "2010-03-29", "before", "definitely"),
])
def test_worked_examples(a: str, b: object, relation: str, answer: str) -> None:
    assert relate(a, b)[relation] == answer  # type: ignore[arg-type]


def test_a_month_event_is_definitely_within_its_month_but_not_strictly_during() -> None:
    r = relate("2010-08", ("2010-08", "2010-08"))
    assert r.answer(WITHIN) == "definitely"
    assert r["during"] == "possibly" and r["starts"] == "possibly"


def test_inverse_is_symmetric() -> None:
    inverse = dict(zip(BASE_RELATIONS[:7], ("after", "met_by", "overlapped_by", "started_by",
                                            "contains", "finished_by", "equals"), strict=True))
    inverse.update({v: k for k, v in inverse.items()})
    for a, b in product(DAYS[:4] + ["2010-08", "2010-08-25/2010-08-28"], repeat=2):
        there, back = relate(a, b), relate(b, a)
        assert back.possible == {inverse[r] for r in there.possible}


def test_errors_name_the_problem() -> None:
    with pytest.raises(QueryError, match="2010-13"):
        span("2010-13")
    with pytest.raises(QueryError, match="ends before it starts"):
        span(("2010-09", "2010-08"))
    with pytest.raises(QueryError, match="one of before"):
        relate("2010", "2011")["later"]
