"""Tables at a terminal: ids never cut, search hits never wider than it with the match kept in
view; in a pipe nothing cut."""

from __future__ import annotations

import json

import pytest

import dprkgraph
from dprkgraph.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.parametrize("columns", [80, 100, 160])
@pytest.mark.parametrize(
    "argv",
    [
        ("events",),
        ("events", "--from", "2010-08"),
        ("search", "torpedo"),
        ("search", "nuclear", "--limit", "0"),
        ("contested",),
        ("claims",),
    ],
)
def test_no_line_is_wider_than_the_terminal_and_no_id_is_cut(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
    argv: tuple[str, ...],
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = _run(capsys, *argv)
    if argv[0] == "search":  # a table of events keeps one line an event, however narrow
        assert max(len(line) for line in out.splitlines()) <= columns, out
    # Every event of the answer (as the JSON gives it) is named whole in the table.
    monkeypatch.delenv("COLUMNS")
    records = json.loads(_run(capsys, *argv, "--format", "json"))
    key = "event" if argv[0] == "claims" else "id"
    words = set(out.split())
    assert records and {r[key] for r in records} <= words


@pytest.mark.parametrize("columns", [50, 70, 100])
def test_a_search_match_stays_in_view_however_narrow(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = _run(capsys, "search", "torpedo").splitlines()
    passages = [line for line in lines if line.startswith("    ")]
    assert len(passages) == 5 and all("[torpedo]" in p for p in passages), lines
    heads = [line for line in lines if line.startswith("cheonan-sinking (event) — ")]
    assert len(heads) == 5


def test_nothing_is_cut_in_a_pipe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    out = _run(capsys, "events")
    g = dprkgraph.load_graph()
    assert "…" not in out
    assert all(e.title in out for e in g.events())


@pytest.mark.parametrize(
    "argv",
    [
        ("events", "--during", "carter-pyongyang-visit"),
        ("events", "--from", "2010-08-15", "--to", "2010-08-31"),
        ("events", "--after", "2010-09-15"),
        ("dyad", "usa", "prk", "--from", "2010-08-15", "--to", "2010-08-31"),
    ],
)
def test_a_time_question_marks_what_only_possibly_meets_it(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    table = _run(capsys, *argv).splitlines()
    sure = {
        e["id"]
        for e in json.loads(_run(capsys, *argv, "--certainty", "definite", "--format", "json"))
    }
    every = json.loads(_run(capsys, *argv, "--format", "json"))
    assert table[0].split()[:2] == ["DATE", "MATCH"]
    marks = {}
    for line in table[1:-1]:
        cells = line.split()
        marks[cells[3]] = cells[1]
    assert marks == {e["id"]: ("definitely" if e["id"] in sure else "possibly") for e in every}
    maybe = len(every) - len(sure)
    assert f"{len(sure)} definitely and {maybe} only possibly" in table[-1] or maybe == 0


def test_a_question_without_time_or_a_definite_one_has_no_match_column(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (
        ("events", "--actor", "usa"),
        ("events", "--from", "2010", "--certainty", "definite"),
    ):
        assert _run(capsys, *argv).splitlines()[0].split()[:2] == ["DATE", "TYPE"]


def test_every_help_wraps_its_prose_to_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from dprkgraph.cli import _parser

    parser = _parser(width=80)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        text = command.format_help()
        # Examples are shown as written (indented, a command line); the prose is wrapped.
        prose = [line for line in text.splitlines() if line and not line[0].isspace()]
        assert all(len(line) <= 80 for line in prose), (name, [p for p in prose if len(p) > 80])
