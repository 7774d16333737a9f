"""The analyst's question commands, on the bundled data: table, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dprkgraph.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_shows_where_each_hit_is(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "torpedo", "--format", "json")
    hits = json.loads(out)
    assert code == 0
    assert {h["id"] for h in hits} == {"cheonan-sinking"}
    assert any(h["where"] == "claim by prk (denies)" for h in hits)
    assert all("[torpedo]" in h["passage"].casefold() for h in hits)


def test_search_table_says_how_many_were_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "north korea", "--limit", "2")
    assert code == 0
    first, passage = out.splitlines()[:2]
    assert first.split()[1] in ("(event)", "(actor)", "(source)")
    assert passage.startswith("    ") and "[" in passage
    assert "(the first 2 shown; --limit 0 shows all)" in out.splitlines()[-1]


@pytest.mark.parametrize("kind", ["event", "actor", "source"])
def test_search_kind_takes_the_kinds_of_hit_not_actor_kinds(
    capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    code, out, err = run(capsys, "search", "korea", "--kind", kind, "--format", "json")
    hits = json.loads(out)
    assert code == 0 and err == ""
    assert hits and {h["kind"] for h in hits} == {kind}


def test_actors_kind_is_still_checked_against_actor_kinds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "actors", "--kind", "event")
    assert code == 1 and out == ""
    assert "--kind 'event' is not an actor kind" in err


def test_claims_as_csv_are_flat_with_their_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "claims", "--about", "cheonan-sinking", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert list(rows[0]) == [
        "claimant",
        "stance",
        "statement",
        "event",
        "source",
        "quote",
        "locator",
    ]
    assert {(r["claimant"], r["stance"]) for r in rows} == {
        ("usa", "asserts"),
        ("kor", "asserts"),
        ("prk", "denies"),
    }
    denial = next(r for r in rows if r["claimant"] == "prk")
    assert "denied any involvement" in denial["quote"]


def test_claims_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "claims", "--claimant", "North Korea", "--stance", "denies", "--format", "json"
    )
    assert code == 0
    assert [r["event"] for r in json.loads(out)] == ["cheonan-sinking"]


def test_causes_and_consequences(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "causes", "prk-withdraws-six-party-talks", "--format", "json")
    assert [e["id"] for e in json.loads(out)] == ["prk-rocket-launch-2009", "unsc-rebuke-2009"]
    _, out, _ = run(capsys, "consequences", "prk-rocket-launch-2009", "--format", "json")
    assert "prk-withdraws-six-party-talks" in [e["id"] for e in json.loads(out)]


def test_contested(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "contested", "--format", "json")
    assert [e["id"] for e in json.loads(out)] == ["cheonan-sinking"]


def test_relation_prints_every_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "relation", "carter-pyongyang-visit", "2010-08", "--format", "json")
    answer = json.loads(out)
    assert code == 0
    # A visit on one day of August lies within August whatever its day: it starts the month,
    # finishes it or lies strictly inside it, and cannot equal a whole month.
    assert answer["grouped"] == {
        "within": "definitely",
        "before": "no",
        "after": "no",
        "same_day": "definitely",
    }
    assert [r for r, v in answer["relations"].items() if v != "no"] == [
        "starts",
        "during",
        "finishes",
    ]
    code, out, _ = run(
        capsys, "relation", "carter-pyongyang-visit", "us-executive-order-2010-08-30"
    )
    assert code == 0 and "possibly" in out.splitlines()[0]
    assert out.splitlines()[1] == (
        "A is carter-pyongyang-visit (2010-08); B is us-executive-order-2010-08-30 (2010-08-30)"
    )


def test_relation_to_an_event_names_the_event_not_its_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, b = "carter-pyongyang-visit", "us-executive-order-2010-08-30"
    code, out, _ = run(capsys, "relation", a, b, "--format", "json")
    answer = json.loads(out)
    assert code == 0
    assert (answer["a"], answer["b"]) == (a, b)
    assert answer["b_date"] == "2010-08-30" and answer["a_date"].startswith("2010-08")
    code, out, _ = run(capsys, "relation", a, b, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {(r["a"], r["b"]) for r in rows} == {(a, b)}
    # By title, B is still reported by its id.
    code, out, _ = run(
        capsys, "relation", a, "executive order expanding sanctions", "--format", "csv"
    )
    assert code == 0 and {r["b"] for r in csv.DictReader(io.StringIO(out))} == {b}


@pytest.mark.parametrize("b", ["2010-08-30", "2010-08", "2010-08-01/2010-08-31"])
def test_relation_to_a_date_names_the_date_or_window_as_given(
    capsys: pytest.CaptureFixture[str], b: str
) -> None:
    code, out, _ = run(capsys, "relation", "carter-pyongyang-visit", b, "--format", "json")
    assert code == 0 and json.loads(out)["b"] == b


def test_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "profile", "Stephen Bosworth", "--format", "json")
    p = json.loads(out)
    assert code == 0 and p["id"] == "bosworth" and p["affiliation"] == "usa"
    assert "bosworth-remarks-2010-09-15" in p["events_by_role"]["speaker"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("causes", "carter"), "is ambiguous: it could be carter-meets-kim-yong-nam"),
        (("profile", "nobdy"), "unknown actor 'nobdy'"),
        (("relation", "cheonan-sinking", "2010-13"), "there is no month 13"),
        (("search", '""'), "give some words"),
    ],
)
def test_errors_are_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], words: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert words in err and "Traceback" not in err


def test_profile_as_a_table_reads_as_text_not_a_python_repr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "profile", "Stephen Bosworth")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "bosworth: Stephen Bosworth (person)"
    assert "<" not in out and "  affiliation: United States" in lines
