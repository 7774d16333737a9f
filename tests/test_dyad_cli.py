"""``dprkgraph dyad``: the events where two actors face each other, from a dataset or an
export, the same as :func:`dprkgraph.query.dyad`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dprkgraph
from dprkgraph import query
from dprkgraph.cli import main
from dprkgraph.columnar import write_parquet


def _ids(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    code = main(["dyad", *argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return [e["id"] for e in json.loads(out)]


@pytest.mark.parametrize(
    ("argv", "options"),
    [
        ((), {}),
        (("--from", "2009"), {"start": "2009"}),
        (("--from", "2010-08", "--certainty", "definite"), {"start": "2010-08"}),
        (("--only-named",), {"affiliated": False}),
    ],
)
def test_dyad_lists_what_the_query_answers(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], options: dict[str, object]
) -> None:
    g = dprkgraph.load_graph()
    if "--certainty" in argv:
        options = {**options, "certainty": "definite"}
    expected = query.dyad(g, "usa", "prk", **options).ids()  # type: ignore[arg-type]
    assert expected, "the case must have an answer to compare"
    assert _ids(capsys, "usa", "prk", *argv) == expected


def test_dyad_takes_names_and_the_pair_in_either_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _ids(capsys, "North Korea", "usa") == _ids(capsys, "usa", "prk")


def test_named_only_leaves_out_what_only_an_affiliate_did(
    capsys: pytest.CaptureFixture[str],
) -> None:
    every, named = _ids(capsys, "usa", "prk"), _ids(capsys, "usa", "prk", "--only-named")
    assert set(named) < set(every)
    # The Treasury's designations count for the United States only with its affiliates.
    assert "treasury-designations-2010-08-30" in set(every) - set(named)


def test_dyad_on_an_export_answers_from_the_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = write_parquet(dprkgraph.load(), tmp_path / "export")
    on_export = _ids(capsys, "usa", "prk", "--from", "2009", "--data", str(export))
    assert on_export == _ids(capsys, "usa", "prk", "--from", "2009")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("usa", "nobody"), "unknown actor 'nobody'"),
        (("usa", "prk", "--from", "2010-13"), "--from '2010-13' is not a date"),
    ],
)
def test_dyad_errors_name_the_place_and_exit_1(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code = main(["dyad", *argv])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err
