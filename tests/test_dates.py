from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dprkgraph import DateError, ImpreciseDate, compare, parse_date


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2010-08-30", "day", date(2010, 8, 30), date(2010, 8, 30)),
        ("2009-04", "month", date(2009, 4, 1), date(2009, 4, 30)),
        ("2010", "year", date(2010, 1, 1), date(2010, 12, 31)),
        ("2008-02", "month", date(2008, 2, 1), date(2008, 2, 29)),
        ("2010-08-25/2010-08-27", "day", date(2010, 8, 25), date(2010, 8, 27)),
        ("2009-04/2010-03", "month", date(2009, 4, 1), date(2010, 3, 31)),
    ],
)
def test_bounds_and_precision(text: str, precision: str, earliest: date, latest: date) -> None:
    d = parse_date(text)
    assert (d.precision, d.earliest, d.latest) == (precision, earliest, latest)
    assert d.text == text and str(d) == text


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain", "earliest", "latest"),
    [
        ("2010-03-26~", True, False, date(2010, 3, 25), date(2010, 3, 27)),
        ("2010-01?", False, True, date(2009, 12, 1), date(2010, 2, 28)),
        ("2010%", True, True, date(2009, 1, 1), date(2011, 12, 31)),
    ],
)
def test_qualified_dates_are_flagged_and_widened(
    text: str, approximate: bool, uncertain: bool, earliest: date, latest: date
) -> None:
    d = parse_date(text)
    assert (d.approximate, d.uncertain) == (approximate, uncertain)
    assert (d.earliest, d.latest) == (earliest, latest)
    assert not d.exact


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2010-02-30", "February 2010 has no day 30"),
        ("2009-13", "there is no month 13"),
        ("2010-09/2010-08", "ends before it starts"),
        ("../..", "at least one known end"),
        ("/", "at least one known end"),
        ("..", "open end of an interval or set"),
        ("", "empty"),
        ("30 August 2010", "use YYYY"),
        ("2010-08-30T10:00", "use YYYY"),
        ("2010-08-30T25:00:00", "there is no time 25:00:00"),
        ("2010-08-30T10:00:00~", "a date with a time must be a plain day"),
        ("2010-25", "there is no month 25"),
        ("201X-08", "a year with X digits is written alone"),
        ("2010-XX-05", "a known day in an unspecified month"),
        ("2004-06~-11", "level 2"),
        ("-0500", "years 0001 to 9999 only"),
        ("Y170000002", "years 0001 to 9999 only"),
        ("12010", "years 0001 to 9999 only"),
        ("0000", "year 0000"),
        ("[2010, 2011", "must close with ]"),
        ("[2010,,2011]", "empty member"),
        ("[2010, ..2011]", "only the first member"),
        ("[2011..2010]", "ends before it starts"),
        # \d matches any script's digits; RDF's date types take ASCII 0-9 only
        ("２０１０", "write the digits as ASCII 0-9: '2010'"),
        ("2010-0３-2６", "ASCII 0-9: '2010-03-26'"),
        ("٢٠١٠/2011", "ASCII 0-9: '2010/2011'"),
        ("²⁰¹⁰", "ASCII 0-9: '2010'"),
        # "$" also matches before a final newline; an inner one must not slip through
        ("2010\n/2011", "use YYYY"),
        ("2010-03\n~", "use YYYY"),
    ],
)
def test_invalid_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason) as info:
        parse_date(text)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "kind", "open_start", "open_end"),
    [
        ("201X", date(2010, 1, 1), date(2019, 12, 31), "date", False, False),
        ("20XX", date(2000, 1, 1), date(2099, 12, 31), "date", False, False),
        ("2010-XX", date(2010, 1, 1), date(2010, 12, 31), "date", False, False),
        ("2010-02-XX", date(2010, 2, 1), date(2010, 2, 28), "date", False, False),
        ("2010-XX-XX", date(2010, 1, 1), date(2010, 12, 31), "date", False, False),
        ("2010-21", date(2010, 3, 1), date(2010, 5, 31), "date", False, False),
        ("2010-22", date(2010, 6, 1), date(2010, 8, 31), "date", False, False),
        ("2010-23", date(2010, 9, 1), date(2010, 11, 30), "date", False, False),
        # winter runs from December into the next year
        ("2010-24", date(2010, 12, 1), date(2011, 2, 28), "date", False, False),
        ("2010-08-30T10:00:00Z", date(2010, 8, 30), date(2010, 8, 30), "date", False, False),
        ("2010-08-30T23:59:59+09:00", date(2010, 8, 30), date(2010, 8, 30), "date", False, False),
        ("2010-08/..", date(2010, 8, 1), date.max, "interval", False, True),
        ("2010-08/", date(2010, 8, 1), date.max, "interval", False, True),
        ("../2010-08-30", date.min, date(2010, 8, 30), "interval", True, False),
        ("/2010", date.min, date(2010, 12, 31), "interval", True, False),
        ("[..2010-08-30]", date.min, date(2010, 8, 30), "one_of", True, False),
        ("[2010-08..]", date(2010, 8, 1), date.max, "one_of", False, True),
        (
            "[2010-08-25, 2010-09, 2010-10-01..2010-10-03]",
            date(2010, 8, 25),
            date(2010, 10, 3),
            "one_of",
            False,
            False,
        ),
        ("{2010-08-25,2010-09}", date(2010, 8, 25), date(2010, 9, 30), "all_of", False, False),
        ("[2010-08-30~, 2010-09]", date(2010, 8, 29), date(2010, 9, 30), "one_of", False, False),
    ],
)
def test_level_1_and_set_forms_have_honest_bounds(
    text: str, earliest: date, latest: date, kind: str, open_start: bool, open_end: bool
) -> None:
    d = parse_date(text)
    assert (d.earliest, d.latest, d.kind) == (earliest, latest, kind)
    assert (d.open_start, d.open_end) == (open_start, open_end)
    assert d.text == text


@pytest.mark.parametrize(
    ("text", "unit", "edtf_rule"),
    [
        (
            "2010-01?",
            (date(2009, 12, 1), date(2010, 2, 28)),
            (date(2008, 12, 1), date(2011, 2, 28)),
        ),
        (
            "2010-01-05~",
            (date(2010, 1, 4), date(2010, 1, 6)),
            (date(2008, 12, 4), date(2011, 2, 6)),
        ),
        ("2010%", (date(2009, 1, 1), date(2011, 12, 31)), (date(2008, 1, 1), date(2012, 12, 31))),
        ("201X~", (date(2000, 1, 1), date(2029, 12, 31)), (date(2000, 1, 1), date(2029, 12, 31))),
        ("2010-08/", (date(2010, 8, 1), date.max), (date(2010, 8, 1), date(2020, 8, 1))),
    ],
)
def test_widening_rule_is_chosen_per_call_or_per_block(
    text: str, unit: tuple[date, date], edtf_rule: tuple[date, date]
) -> None:
    from dprkgraph.dates import widening_rule

    assert (parse_date(text).earliest, parse_date(text).latest) == unit
    d = parse_date(text, widening="edtf")
    assert (d.earliest, d.latest, d.widening) == (*edtf_rule, "edtf")
    with widening_rule("edtf"):
        assert parse_date(text) == d
    assert parse_date(text).widening == "unit"


def test_unknown_widening_rule_is_refused() -> None:
    with pytest.raises(DateError, match="unknown widening rule; use 'unit' or 'edtf'"):
        parse_date("2010", widening="wide")  # type: ignore[arg-type]


def test_open_ends_in_window_questions() -> None:
    before = parse_date("[..2010-08-30]")
    assert before.possibly_within(date(1990, 1, 1), date(1990, 12, 31))
    assert not before.definitely_within(date(1990, 1, 1), date(2010, 8, 30))
    assert before.definitely_within(None, date(2010, 8, 30))
    assert not before.possibly_within(date(2010, 8, 31), None)


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [
        ("2010-03", "2010-03-15", "overlaps"),
        ("2010-03-15", "2010-03", "overlaps"),
        ("2009-04", "2010-03-26", "before"),
        ("2010-09-16", "2010-09-15", "after"),
        ("2010-08-30", "2010-08-30", "same"),
        ("2010-08-30~", "2010-08-30", "overlaps"),
        ("2010-08-31", "2010-08-30~", "overlaps"),
        ("2010-08", "2010-09-01", "before"),
    ],
)
def test_compare_is_honest_about_imprecision(a: str, b: str, order: str) -> None:
    assert compare(parse_date(a), parse_date(b)) == order


def test_sorting_is_stable_by_earliest_then_latest() -> None:
    texts = ["2010-03-15", "2010", "2010-03", "2009-04", "2010-03-01"]
    ordered = sorted((parse_date(t) for t in texts), key=lambda d: d.sort_key)
    assert [d.text for d in ordered] == ["2009-04", "2010", "2010-03-01", "2010-03", "2010-03-15"]


def test_window_membership_definite_and_possible() -> None:
    march = parse_date("2010-03")
    window = (date(2010, 3, 10), date(2010, 3, 20))
    assert march.possibly_within(*window)
    assert not march.definitely_within(*window)
    assert march.definitely_within(date(2010, 3, 1), date(2010, 3, 31))
    assert not parse_date("2010-04-01").possibly_within(*window)


def test_date_objects_and_years_are_read_as_written() -> None:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(ImpreciseDate)
    assert adapter.validate_python(date(2010, 3, 26)).text == "2010-03-26"
    assert adapter.validate_python("2010-03").precision == "month"
    assert adapter.dump_python(parse_date("2010-03~")) == "2010-03~"


def _samples() -> list[str]:
    out = []
    for year in ("1999", "2000", "2010"):
        out.append(year)
        for month in ("01", "02", "04", "12", "13"):
            out.append(f"{year}-{month}")
            for day in ("01", "28", "29", "30", "31", "32"):
                out.append(f"{year}-{month}-{day}")
    qualified = [f"{s}{q}" for s in out[::3] for q in "~?%"]
    intervals = ["2010-08-25/2010-08-27", "2009-04/2010-03", "2009/2010-06", "2010-08-25~/2010-09"]
    return out + qualified + intervals


@pytest.mark.parametrize("text", _samples())
def test_parser_agrees_with_the_edtf_package(text: str) -> None:
    import time

    import edtf

    def day(t: time.struct_time) -> date:
        return date(t.tm_year, t.tm_mon, t.tm_mday)

    try:
        reference = edtf.parse_edtf(text)
        day(reference.lower_strict())  # edtf accepts 29 February in any year; we do not
    except Exception:  # the edtf grammar raises several unrelated types
        with pytest.raises(DateError):
            parse_date(text)
        return
    ours = parse_date(text)

    if ours.approximate or ours.uncertain:
        # ours widens by one unit of precision; the unwidened bounds must match edtf's
        assert ours.earliest <= day(reference.lower_strict())
        assert ours.latest >= day(reference.upper_strict())
    else:
        assert (ours.earliest, ours.latest) == (
            day(reference.lower_strict()),
            day(reference.upper_strict()),
        )
    if "/" not in text:
        assert ours.approximate == bool(
            reference.is_approximate or reference.is_uncertain_and_approximate
        )
        assert ours.uncertain == bool(
            reference.is_uncertain or reference.is_uncertain_and_approximate
        )


@pytest.mark.parametrize(
    "when",
    [
        "[..2010-08-30]",
        "2010-06/..",
        "/2010-06",
        "{2010-04, 2010-09}",
        "201X",
        "2010-24",
        "2010-07-01T10:00:00Z",
    ],
)
def test_charts_frame_the_named_days_of_every_form(when: str) -> None:
    """An open end runs to the edge of the axis; the axis spans the days the dates name."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from dprkgraph import Actor, Dataset, Event, Source
    from dprkgraph.graph import build_graph
    from dprkgraph.plot import swimlane

    def event(id: str, day: str) -> Event:
        return Event.model_validate(
            {
                "id": id,
                "title": id,
                "date": day,
                "type": "statement",
                "participants": [{"actor": "red", "role": "initiator"}],
                "sources": [{"source": "doc", "quote": "as reported"}],
            }
        )

    g = build_graph(
        Dataset(
            (event("fixed", "2010-03-05"), event("new", when)),
            (Actor.model_validate({"id": "red", "name": "Redland", "kind": "state"}),),
            (
                Source.model_validate(
                    {"id": "doc", "title": "Doc", "publisher": "P", "kind": "article"}
                ),
            ),
        )
    )
    ax = swimlane(g)
    lo, hi = (mdates.num2date(x).date() for x in ax.get_xlim())
    plt.close(ax.figure)
    frame = parse_date(when).frame
    assert lo <= min(frame[0], date(2010, 3, 5)) and hi >= frame[1]
    assert date(1990, 1, 1) < lo and hi < date(2040, 1, 1)


def test_a_dataset_is_loaded_by_the_widening_rule_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_dataset: Any
) -> None:
    import dprkgraph
    from dprkgraph.errors import LoadError
    from tests.conftest import EVENTS

    monkeypatch.setenv("DPRKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DPRKGRAPH_NO_CACHE", raising=False)
    path = make_dataset(events=EVENTS.replace("date: 2010-03\n", "date: 2010-03~\n"))
    for _ in range(2):  # the second time from the cache, which keeps the rules apart
        unit = {e.id: e.date for e in dprkgraph.load(path).events}
        edtf = {e.id: e.date for e in dprkgraph.load(path, widening="edtf").events}
        qualified = [i for i, d in unit.items() if d.approximate or d.uncertain]
        assert qualified
        for i in qualified:
            assert (unit[i].widening, edtf[i].widening) == ("unit", "edtf")
            assert edtf[i] == parse_date(unit[i].text, widening="edtf")
            assert edtf[i].earliest < unit[i].earliest
    with pytest.raises(LoadError, match="unknown widening rule 'wide'"):
        dprkgraph.load(path, widening="wide")  # type: ignore[arg-type]
