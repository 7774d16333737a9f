"""Allen's relations with certainty, checked against a day-by-day enumeration of every way the
imprecise dates could be realised."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    """Every (first day, last day) the span allows; a set's, every member's."""
    if s.members:
        return sorted({r for m in s.members for r in realisations(m)})
    if s.point:
        return [(d, d) for d in range(s.start_lo, s.start_hi + 1)]
    return [
        (a, b)
        for a in range(s.start_lo, s.start_hi + 1)
        for b in range(s.end_lo, s.end_hi + 1)
        if a <= b
    ]


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


@st.composite
def one_of_sets(draw: st.DrawFn) -> Span:
    """A "one of" set of two to four days or day ranges, with gaps or not, as a span."""
    members = []
    for _ in range(draw(st.integers(2, 4))):
        lo = BASE + draw(st.integers(0, 20))
        hi = lo + draw(st.integers(0, 4))
        members.append(Span(lo, hi, lo, hi, point=True, text="m"))
    lo, hi = min(m.start_lo for m in members), max(m.end_hi for m in members)
    return Span(lo, hi, lo, hi, point=True, text="s", members=tuple(members))


ANY_SPAN = spans() | one_of_sets()


@settings(max_examples=1500, deadline=None)
@given(ANY_SPAN, ANY_SPAN)
def test_relations_match_day_by_day_enumeration(a: Span, b: Span) -> None:
    expected = oracle(a, b)
    found = relate(a, b)
    assert found.possible == expected
    for r in BASE_RELATIONS:
        want = "no" if r not in expected else "definitely" if expected == {r} else "possibly"
        assert found[r] == want


@settings(max_examples=300, deadline=None)
@given(ANY_SPAN, ANY_SPAN, st.sampled_from([WITHIN, BEFORE, AFTER, SAME_DAY]))
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
    st.tuples(st.sampled_from(DAYS), st.sampled_from(DAYS))
    .map(sorted)
    .map(lambda p: f"{p[0]}~/{p[1]}"),
    # "one of" sets: days, months and ranges, with gaps between members or without
    st.lists(
        st.sampled_from([*DAYS, "2010-07", "2010-10", "2010-08-20~"]),
        min_size=2,
        max_size=3,
        unique=True,
    ).map(lambda ms: "[" + ", ".join(ms) + "]"),
    st.tuples(st.sampled_from(DAYS), st.sampled_from(DAYS))
    .map(sorted)
    .map(lambda p: f"[2010-08-20, {p[0]}..{p[1]}]"),
)


def day_oracle(text: str) -> list[tuple[int, int]]:
    """Realisations of an EDTF string, by the README's rules: a single date is one day among
    its possible days; an interval runs from a possible day of its start to a possible day of
    its end. A qualifier widens its end by one unit of its precision on both sides."""
    from dprkgraph.dates import parse_date

    if text.startswith("["):  # one day of one member; a range member a..b is its days
        days: set[tuple[int, int]] = set()
        for member in text[1:-1].split(", "):
            first, _, last = member.partition("..")
            lo, hi = parse_date(first).earliest, parse_date(last or first).latest
            days |= {(o, o) for o in range(lo.toordinal(), hi.toordinal() + 1)}
        return sorted(days)
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


@pytest.mark.parametrize(
    ("a", "b", "relation", "answer"),
    [
        ("2010-08", "2010-08-30", "before", "possibly"),
        ("2010-08", ("2010-08", "2010-08"), "during", "possibly"),
        ("2010-08-29", "2010-08-30", "meets", "definitely"),
        ("2010-08-30", "2010-08-30", "equals", "definitely"),
        ("2009-04-05", "2010-03", "before", "definitely"),
        ("2010-08-25/2010-08-27", "2010-08-26", "contains", "definitely"),
        ("2010-08-25/2010-08-27", "2010-08-25", "started_by", "definitely"),
        ("2010-03-26~", "2010-03-27", "meets", "possibly"),
        ("2010-03-26~", "2010-03-29", "before", "definitely"),
    ],
)
def test_worked_examples(a: str, b: object, relation: str, answer: str) -> None:
    assert relate(a, b)[relation] == answer  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "group", "answer"),
    [
        # the finding: one of 25 August or October is no day of September
        ("[2010-08-25, 2010-10]", ("2010-09", "2010-09"), WITHIN, "no"),
        ("[2010-08-25, 2010-10]", ("2010-09", "2010-09"), SAME_DAY, "no"),
        ("[2010-08-25, 2010-10]", ("2010-08", "2010-10"), WITHIN, "definitely"),
        ("[2010-08-25, 2010-10]", "2010-09-15", BEFORE, "possibly"),
        ("[2010-08-25, 2010-10]", "2010-09-15", AFTER, "possibly"),
        (
            "[2010-08-25, 2010-08-26..2010-08-28]",
            ("2010-08-25", "2010-08-28"),
            WITHIN,
            "definitely",
        ),
        ("[..2010-08-01, 2010-08-30]", ("2010-08-10", "2010-08-20"), SAME_DAY, "no"),
    ],
)
def test_a_one_of_set_is_its_members_not_the_span_between_them(
    a: str, b: object, group: frozenset[str], answer: str
) -> None:
    assert relate(a, b).answer(group) == answer  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(EDTF, st.sampled_from(DAYS), st.sampled_from(DAYS))
def test_possibly_and_definitely_within_match_enumeration(text: str, x: str, y: str) -> None:
    from dprkgraph.dates import parse_date

    lo, hi = sorted((date.fromisoformat(x), date.fromisoformat(y)))
    d = parse_date(text)
    days = {day for r in day_oracle(text) for day in range(r[0], r[1] + 1)}
    inside = {day for day in days if lo.toordinal() <= day <= hi.toordinal()}
    assert d.possibly_within(lo, hi) == bool(inside)
    if "/" not in text:  # a single day among several: every possible day inside
        assert d.definitely_within(lo, hi) == (inside == days)


def test_a_month_event_is_definitely_within_its_month_but_not_strictly_during() -> None:
    r = relate("2010-08", ("2010-08", "2010-08"))
    assert r.answer(WITHIN) == "definitely"
    assert r["during"] == "possibly" and r["starts"] == "possibly"


def test_inverse_is_symmetric() -> None:
    inverse = dict(
        zip(
            BASE_RELATIONS[:7],
            ("after", "met_by", "overlapped_by", "started_by", "contains", "finished_by", "equals"),
            strict=True,
        )
    )
    inverse.update({v: k for k, v in inverse.items()})
    for a, b in product([*DAYS[:4], "2010-08", "2010-08-25/2010-08-28"], repeat=2):
        there, back = relate(a, b), relate(b, a)
        assert back.possible == {inverse[r] for r in there.possible}


def test_errors_name_the_problem() -> None:
    with pytest.raises(QueryError, match="2010-13"):
        span("2010-13")
    with pytest.raises(QueryError, match="ends before it starts"):
        span(("2010-09", "2010-08"))
    with pytest.raises(QueryError, match="one of before"):
        relate("2010", "2011")["later"]


@pytest.mark.parametrize(
    ("start", "end", "certainty", "kept"),
    [
        ("2010-09-01", "2010-09-30", "possible", False),  # the gap between the members
        ("2010-09-01", "2010-10-01", "possible", True),
        ("2010-08-25", "2010-08-25", "possible", True),
        ("2010-08-01", "2010-10-31", "definite", True),
        ("2010-08-26", "2010-10-31", "definite", False),
    ],
)
def test_the_event_window_query_treats_a_one_of_set_as_its_members(
    make_dataset, start: str, end: str, certainty: str, kept: bool
) -> None:  # type: ignore[no-untyped-def]
    from dprkgraph.loader import load_graph
    from dprkgraph.query import events
    from tests.conftest import EVENTS

    data = make_dataset(events=EVENTS.replace("date: 2010-04-02", "date: '[2010-08-25, 2010-10]'"))
    g = load_graph(data, cache=False)
    found = events(g, start=start, end=end, certainty=certainty).ids()
    assert ("walkout" in found) == kept
    assert (
        "walkout"
        in events(
            g,
            actor="aaa",
            start=date.fromisoformat(start),
            end=date.fromisoformat(end),
            certainty=certainty,
        ).ids()
    ) == kept
