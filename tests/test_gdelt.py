"""Importing GDELT 2.0 event files as machine-coded events beside curated ones."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

import dprkgraph
from dprkgraph.cli import main
from dprkgraph.errors import OutputError
from dprkgraph.gdelt import import_gdelt
from dprkgraph.query import events
from tests.conftest import gdelt_row


def write(path: Path, *rows: str) -> Path:
    path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_rows_become_machine_coded_events(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "a.export.CSV",
        gdelt_row(),
        gdelt_row(
            GlobalEventID="410000002",
            EventCode="0311",
            EventBaseCode="031",
            EventRootCode="03",
            QuadClass="1",
            GoldsteinScale="5.2",
            Actor1Code="PRK",
            Actor1Name="NORTH KOREA",
            Actor1CountryCode="PRK",
            Actor1Type1Code="",
            Actor2Code="",
            Actor2Name="",
            SOURCEURL="https://news.example/a2",
        ),
    )
    report = import_gdelt([feed], tmp_path / "out")
    assert (report.rows, report.events, report.malformed) == (2, 2, [])
    ds = dprkgraph.load(tmp_path / "out")
    first = ds.event("gdelt-410000001")
    assert first.provenance.value == "machine-coded"
    assert (first.cameo, first.goldstein, first.quad_class) == ("163", -8.0, 4)
    assert [(p.actor, p.role.value) for p in first.participants] == [
        ("gdelt-usagov", "initiator"),
        ("gdelt-prk", "target"),
    ]
    assert first.metrics == {
        "NumMentions": 12.0,
        "NumSources": 3.0,
        "NumArticles": 12.0,
        "AvgTone": -4.25,
    }
    assert first.date.text == "2010-08-30" and first.type.value == "sanction"
    assert ds.actor("gdelt-usagov").affiliation == "gdelt-usa"
    assert ds.actor("gdelt-usagov").kind.value == "government_body"
    assert ds.actor("gdelt-prk").kind.value == "state"
    assert ds.source(first.sources[0].source).url == "https://news.example/a1"
    coded = ds.event("gdelt-410000002")
    assert (coded.cameo, coded.goldstein, coded.quad_class) == ("0311", 5.2, 1)  # not in our table


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("too\tfew\tcolumns", "3 columns, expected 61"),
        (gdelt_row(Day="20100231"), "Day is not a YYYYMMDD date: '20100231'"),
        (gdelt_row(GoldsteinScale="high"), "GoldsteinScale is not a number"),
        (gdelt_row(QuadClass="7"), "QuadClass is not 1 to 4"),
        (gdelt_row(EventCode="ABC"), "EventCode is not a CAMEO code"),
        (gdelt_row(Actor1Code="", Actor2Code=""), "neither Actor1Code nor Actor2Code"),
        (gdelt_row(GlobalEventID="x1"), "GlobalEventID is not a number"),
    ],
)
def test_malformed_rows_are_counted_with_line_numbers(
    tmp_path: Path, row: str, reason: str
) -> None:
    feed = write(tmp_path / "b.export.CSV", gdelt_row(), row, gdelt_row(GlobalEventID="410000003"))
    report = import_gdelt([feed], tmp_path / "out")
    assert report.events == 2 and report.rows == 3
    assert len(report.malformed) == 1
    file, line, why = report.malformed[0]
    assert (Path(file).name, line) == ("b.export.CSV", 2) and reason in why
    assert "b.export.CSV\t2\t" in (tmp_path / "out" / "malformed-gdelt.tsv").read_text()


def test_zip_files_duplicates_and_curated_data_together(tmp_path: Path) -> None:
    plain = write(tmp_path / "c.export.CSV", gdelt_row())
    with zipfile.ZipFile(tmp_path / "d.export.CSV.zip", "w") as archive:
        archive.writestr(
            "d.export.CSV", gdelt_row() + "\n" + gdelt_row(GlobalEventID="410000009") + "\n"
        )
    data = tmp_path / "mixed"
    shutil.copytree(dprkgraph.bundled_data_dir(), data)
    report = import_gdelt([plain, tmp_path / "d.export.CSV.zip"], data)
    assert (report.rows, report.events) == (3, 2)  # the repeated event keeps its first row
    g = dprkgraph.load_graph(data)
    coded = events(g, provenance="machine-coded")
    curated = events(g, provenance="curated")
    assert coded.ids() == ["gdelt-410000001", "gdelt-410000009"]
    assert "cheonan-sinking" in curated.ids() and len(curated) + len(coded) == len(g.events())


def test_cli_import_and_styles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = write(tmp_path / "e.export.CSV", gdelt_row(), gdelt_row(QuadClass="9"))
    assert main(["import-gdelt", str(feed), "-o", str(tmp_path / "feed")]) == 0
    captured = capsys.readouterr()
    assert "1 events, 3 actors, 1 sources from 2 rows; 1 malformed row skipped" in captured.out
    assert "e.export.CSV:2: QuadClass is not 1 to 4" in captured.err
    assert main(["validate", str(tmp_path / "feed")]) == 0
    assert "(1 of the events machine-coded)" in capsys.readouterr().out
    from dprkgraph.plot import swimlane

    ax = swimlane(dprkgraph.load_graph(tmp_path / "feed"))
    assert "0 curated, 1 machine-coded" in ax.get_title(loc="left")
    assert any("machine-coded" in t.get_text() for t in ax.get_legend().get_texts())
    import matplotlib.pyplot as plt

    plt.close("all")
    empty = write(tmp_path / "f.export.CSV", "bad row")
    assert main(["import-gdelt", str(empty), "-o", str(tmp_path / "none")]) == 1


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            gdelt_row(Actor2Code="ZZZ", Actor2Name="BAD\x00NAME"),
            "Actor2Name contains the control character U+0000",
        ),
        (gdelt_row(Actor2Code="ZZZ", Actor2Name="BELL\x07"), "control character U+0007"),
        (gdelt_row(Actor2Code="ZZZ", Actor2CountryCode="K0R"), "Actor2CountryCode is not a three"),
        (gdelt_row(Actor2Code="ZZZ", Actor2CountryCode="ÉÉÉ"), "Actor2CountryCode is not a"),
        (gdelt_row(Actor2Code="ZZ-Z"), "Actor2Code is not a CAMEO code"),
        (gdelt_row(Actor2Code="ZZZ", SOURCEURL="https://x.example/\x01a"), "SOURCEURL contains"),
        (gdelt_row(Actor2Code="ZZZ", AvgTone="NaN"), "AvgTone is not a finite number"),
        (gdelt_row(Actor2Code="ZZZ", NumMentions="Infinity"), "NumMentions is not a finite"),
        (gdelt_row(Actor2Code="ZZZ", NumMentions="١٢"), "NumMentions is not a number"),
        (gdelt_row(Actor2Code="ZZZ", GlobalEventID="٤١٠"), "GlobalEventID is not a number"),
        (gdelt_row(Actor2Code="ZZZ", Day="２０１００８３０"), "Day is not a YYYYMMDD date"),
        (
            gdelt_row(Actor2Code="ZZZ", ActionGeo_FullName="x" * 200_000),
            "ActionGeo_FullName is 200,000 characters",
        ),
        # Valid fields, but the event id is too long for the dataset: found only by the
        # models, after the row's actors were read; none of them may be kept.
        (gdelt_row(Actor2Code="ZZZ", GlobalEventID="9" * 300), "id:"),
    ],
)
def test_bad_rows_never_reach_the_dataset(tmp_path: Path, row: str, reason: str) -> None:
    feed = write(tmp_path / "g.export.CSV", gdelt_row(), row, gdelt_row(GlobalEventID="410000003"))
    report = import_gdelt([feed], tmp_path / "out")
    assert [(Path(f).name, line) for f, line, _ in report.malformed] == [("g.export.CSV", 2)]
    assert reason in report.malformed[0][2]
    assert report.events == 2
    ds = dprkgraph.load(tmp_path / "out", cache=False)
    assert "gdelt-zzz" not in {a.id for a in ds.actors}
    assert all(
        "NaN" not in line and "Infinity" not in line
        for line in (tmp_path / "out" / "events-gdelt.jsonl").read_text().splitlines()
    )


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
@pytest.mark.parametrize("name", ["-", "file"])
def test_the_output_must_be_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    feed = write(tmp_path / "g.export.CSV", gdelt_row())
    (tmp_path / "file").write_text("keep")
    with pytest.raises(OutputError, match=r"standard output|not a folder"):
        import_gdelt([feed], name, format=fmt)  # type: ignore[arg-type]
    assert not (tmp_path / "-").exists() and (tmp_path / "file").read_text() == "keep"


def test_a_long_list_of_malformed_rows_is_capped_with_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = write(tmp_path / "g.export.CSV", gdelt_row(), *["bad row"] * 1_020)
    assert main(["import-gdelt", str(feed), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 21 and err[0].endswith("g.export.CSV:2: 1 column, expected 61")
    assert err[-1] == f"… and 1,000 more malformed rows in {tmp_path / 'out'}/malformed-gdelt.tsv"
