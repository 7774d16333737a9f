"""`report --sources`: the report's RDF and explorer carry each quote's place in its text."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest

from dprkgraph.cli import main
from dprkgraph.loader import load

COLOMBIA = Path(__file__).parent / "data" / "colombia-farc"


def test_report_with_sources_anchors_the_quotes_in_rdf_and_explorer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    code = main(
        ["report", "--data", str(COLOMBIA), "--sources", str(COLOMBIA / "texts"), "-o", str(out)]
    )
    capsys.readouterr()
    assert code == 0
    anchored = [
        a
        for a in load(COLOMBIA, sources=COLOMBIA / "texts").anchors or ()
        if a.status == "anchored"
    ]
    assert anchored
    turtle = (out / "dprkgraph.ttl").read_text(encoding="utf-8")
    assert "TextPositionSelector" in turtle
    assert f'oa:start "{anchored[0].start}"^^xsd:nonNegativeInteger' in turtle
    page = (out / "explorer.html").read_text(encoding="utf-8")
    assert anchored[0].suffix.split()[0] in page


def test_report_refuses_a_sources_path_that_is_not_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", "--sources", str(tmp_path / "missing"), "-o", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code != 0 and "--sources" in err and "is not a folder" in err
    assert not (tmp_path / "r").exists()
