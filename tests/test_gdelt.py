"""Importing GDELT 1.0 and 2.0 event files as machine-coded events beside curated ones."""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import dprkgraph
from dprkgraph.cli import main
from dprkgraph.errors import OutputError
from dprkgraph.gdelt import COLUMNS, LAYOUTS, import_gdelt
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
    assert len(err) == 21
    assert err[0].endswith("g.export.CSV:2: 1 column, expected 61 as on line 1 (GDELT 2.0 file)")
    assert err[-1] == f"… and 1,000 more malformed rows in {tmp_path / 'out'}/malformed-gdelt.tsv"


# GDELT 1.0's column lists as its header files give them (CSV.header.dailyupdates.txt; the
# historical backfiles' CSV.header.historical.txt is the same without SOURCEURL).
V1_DAILY_HEADER = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name",
    "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
    "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code", "Actor2Code",
    "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone", "Actor1Geo_Type",
    "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_Lat",
    "Actor1Geo_Long", "Actor1Geo_FeatureID", "Actor2Geo_Type", "Actor2Geo_FullName",
    "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_Lat", "Actor2Geo_Long",
    "Actor2Geo_FeatureID", "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED",
    "SOURCEURL"
]  # fmt: skip


def v1_row(*, daily: bool, **values: str) -> str:
    """The facts of ``gdelt_row(**values)`` laid out as GDELT 1.0 writes them: no *_ADM2Code
    columns, DATEADDED as YYYYMMDD, and in a historical backfile no SOURCEURL."""
    cells = dict(zip(COLUMNS, gdelt_row(**values).split("\t"), strict=True))
    cells["DATEADDED"] = cells["DATEADDED"][:8]
    names = [c for c in COLUMNS if not c.endswith("_ADM2Code")]
    return "\t".join(cells[n] for n in (names if daily else names[:-1]))


def test_the_layouts_are_the_codebooks_columns() -> None:
    assert len(V1_DAILY_HEADER) == 58
    assert LAYOUTS[58].columns == tuple(V1_DAILY_HEADER)
    assert LAYOUTS[57].columns == tuple(V1_DAILY_HEADER[:-1])
    # GDELT 2.0: 1.0's daily columns with an ADM2Code after each ADM1Code, the first two
    # named GlobalEventID and Day by its codebook.
    widened = [
        c
        for name in V1_DAILY_HEADER
        for c in ([name, name.replace("ADM1", "ADM2")] if name.endswith("_ADM1Code") else [name])
    ]
    assert LAYOUTS[61].columns == tuple(COLUMNS) == ("GlobalEventID", "Day", *widened[2:])
    assert [layout.name for layout in LAYOUTS.values()] == [
        "GDELT 1.0 historical backfile",
        "GDELT 1.0 daily file",
        "GDELT 2.0 file",
    ]


def test_a_backfile_row_with_the_example_name_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The finding: a 57-column row in ``20100830.export.CSV`` was skipped as malformed."""
    feed = write(tmp_path / "20100830.export.CSV", v1_row(daily=False))
    assert main(["import-gdelt", str(feed), "-o", str(tmp_path / "feed")]) == 0
    captured = capsys.readouterr()
    assert "1 events, 3 actors, 1 sources from 1 rows; 0 malformed rows skipped" in captured.out
    assert captured.err == ""
    assert main(["validate", str(tmp_path / "feed")]) == 0


def _layout_files(folder: Path) -> dict[int, Path]:
    """One file of each layout, named as GDELT names them, holding the same two events."""
    facts = [
        {},
        {"GlobalEventID": "410000002", "Actor2Code": "KORGOV", "Actor2Name": "SEOUL",
         "Actor2CountryCode": "KOR", "Actor2Type1Code": "GOV", "SOURCEURL": ""},
    ]  # fmt: skip
    folder.mkdir()
    backfile = folder / "201008.zip"
    with zipfile.ZipFile(backfile, "w") as archive:
        archive.writestr("201008.csv", "".join(v1_row(daily=False, **f) + "\n" for f in facts))
    daily = write(folder / "20130401.export.CSV", *(v1_row(daily=True, **f) for f in facts))
    v2 = folder / "20150218230000.export.CSV.zip"
    with zipfile.ZipFile(v2, "w") as archive:
        archive.writestr("20150218230000.export.CSV", "".join(gdelt_row(**f) + "\n" for f in facts))
    return {57: backfile, 58: daily, 61: v2}


def test_each_layout_imports_to_the_same_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _layout_files(tmp_path / "in")
    datasets = {}
    for width, feed in files.items():
        report = import_gdelt([feed], tmp_path / str(width))
        assert (report.rows, report.events, report.malformed) == (2, 2, [])
        assert main(["validate", str(tmp_path / str(width))]) == 0
        datasets[width] = dprkgraph.load(tmp_path / str(width), cache=False)
        import_gdelt([feed], tmp_path / f"{width}.parquet", format="parquet")
        assert dprkgraph.load(tmp_path / f"{width}.parquet", cache=False) == datasets[width]
    capsys.readouterr()

    def uncited(ds: dprkgraph.Dataset) -> list[dict[str, object]]:
        return [e.model_dump(exclude={"sources"}) for e in ds.events]

    assert uncited(datasets[57]) == uncited(datasets[58]) == uncited(datasets[61])
    assert datasets[57].actors == datasets[58].actors == datasets[61].actors
    first = datasets[57].event("gdelt-410000001")
    assert (first.date.text, first.cameo, first.goldstein) == ("2010-08-30", "163", -8.0)
    assert first.location == "Washington, District of Columbia, United States"
    # With a SOURCEURL the row cites its article; without one (every backfile row), the file.
    for width, feed in files.items():
        ds = datasets[width]
        cited = {e.id: (ds.source(e.sources[0].source), e.sources[0].locator) for e in ds.events}
        article, locator = cited["gdelt-410000001"]
        if width == 57:
            assert (article.kind.value, article.url) == ("dataset", None)
            assert article.title == f"GDELT 1.0 historical backfile {feed.name}"
            assert (article.publisher, article.identifier) == ("The GDELT Project", feed.name)
        else:
            assert (article.kind.value, article.url) == ("article", "https://news.example/a1")
        assert locator == "GDELT event 410000001"
        whole_file, locator = cited["gdelt-410000002"]
        assert whole_file.kind.value == "dataset" and feed.name in whole_file.title
        assert locator == "GDELT event 410000002"
    assert len(datasets[57].sources) == 1  # one citation for a whole backfile, not one a row


@pytest.mark.parametrize(
    ("rows", "malformed"),
    [
        (  # the first row of a known width decides the file's layout
            [v1_row(daily=False), gdelt_row(GlobalEventID="2"), v1_row(daily=True)],
            [
                (2, "61 columns, expected 57 as on line 1 (GDELT 1.0 historical backfile)"),
                (3, "58 columns, expected 57 as on line 1 (GDELT 1.0 historical backfile)"),
            ],
        ),
        (
            ["a\tb", "", gdelt_row(), v1_row(daily=False, GlobalEventID="2")],
            [
                (1, "2 columns, expected 57 (GDELT 1.0 historical backfile), 58 (GDELT 1.0 "
                    "daily file) or 61 (GDELT 2.0 file)"),
                (4, "57 columns, expected 61 as on line 3 (GDELT 2.0 file)"),
            ],
        ),
        (  # GDELT 1.0 calls the first two columns GLOBALEVENTID and SQLDATE
            [v1_row(daily=True), v1_row(daily=True, GlobalEventID="7x"),
             v1_row(daily=True, GlobalEventID="3", Day="2010083")],
            [
                (2, "GLOBALEVENTID is not a number: '7x'"),
                (3, "SQLDATE is not a YYYYMMDD date: '2010083'"),
            ],
        ),
        (
            [v1_row(daily=False, Day="20100\x0730")],
            [(1, "SQLDATE contains the control character U+0007")],
        ),
    ],
)  # fmt: skip
def test_a_file_keeps_one_layout_and_its_names(
    tmp_path: Path, rows: list[str], malformed: list[tuple[int, str]]
) -> None:
    feed = write(tmp_path / "h.export.CSV", *rows)
    report = import_gdelt([feed], tmp_path / "out")
    assert [(line, why) for _, line, why in report.malformed] == malformed


def test_a_backfile_row_corroborates_a_curated_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Cheonan (2010-03, CAMEO 190, kor and prk) seen in March 2010's backfile."""
    row = v1_row(
        daily=False,
        GlobalEventID="98765432",
        Day="20100326",
        MonthYear="201003",
        FractionDate="2010.2301",
        Actor1Code="PRK",
        Actor1Name="NORTH KOREA",
        Actor1CountryCode="PRK",
        Actor1Type1Code="",
        Actor2Code="KORMIL",
        Actor2Name="SOUTH KOREA",
        Actor2CountryCode="KOR",
        Actor2Type1Code="MIL",
        EventCode="190",
        EventBaseCode="190",
        EventRootCode="19",
        GoldsteinScale="-10.0",
        ActionGeo_FullName="Baengnyeong Island, Inch'on-jikhalsi, South Korea",
    )
    backfile = tmp_path / "201003.zip"
    with zipfile.ZipFile(backfile, "w") as archive:
        archive.writestr("201003.csv", row + "\n")
    feed = tmp_path / "feed"
    args = ["import-gdelt", str(backfile), "--format", "parquet", "-o", str(feed)]
    assert main(args) == 0
    capsys.readouterr()
    assert main(["corroborate", "cheonan-sinking", "--feed", str(feed), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in found] == ["gdelt-98765432"]
    assert found[0]["date"] == "2010-03-26" and found[0]["cameo"] == "190"


# GDELT's file names, and the first and last stamp each naming was used for.
GDELT_NAMING = [
    (r"(\d{4})\.zip", "1979", "2005"),  # 1.0 backfiles by year
    (r"(\d{6})\.zip", "200601", "201303"),  # 1.0 backfiles by month
    (r"(\d{8})\.export\.CSV(\.zip)?", "20130401", "99999999"),  # 1.0 daily files
    (r"(\d{14})\.export\.CSV(\.zip)?", "20150218230000", "99999999999999"),  # 2.0
]


def test_help_names_files_as_gdelt_does(capsys: pytest.CaptureFixture[str]) -> None:
    """The help's example once named ``20100830.export.CSV``: a daily file of 2010, which
    GDELT never published (its 2010 events are in the monthly backfiles)."""
    with pytest.raises(SystemExit):
        main(["import-gdelt", "-h"])
    text = capsys.readouterr().out
    named = re.findall(r"[\w.]+\.(?:zip|CSV)\b", text)
    assert "201003.zip" in named and "20150218230000.export.CSV.zip" in named
    for name in named:
        stamp = next(
            (m.group(1), first, last)
            for pattern, first, last in GDELT_NAMING
            if (m := re.fullmatch(pattern, name))
        )
        assert stamp[1] <= stamp[0] <= stamp[2], name


def test_an_import_citing_its_files_exports_and_reads_back(tmp_path: Path) -> None:
    """A file's citation carries a name GDELT never gave, but a user's disk may: it is kept
    printable in the dataset and in every export."""
    from dprkgraph.rdf import from_rdf
    from tests.test_export_validity import _exports, _rdflib_read, _same

    odd = tmp_path / (os.fsdecode(b"2010\xff\x01") + "\u202e\t03.zip")
    with zipfile.ZipFile(odd, "w") as archive:
        archive.writestr("201003.csv", v1_row(daily=False, GlobalEventID="5") + "\n")
    plain = _layout_files(tmp_path / "in")[61]  # one row with SOURCEURL, one without
    report = import_gdelt([odd, plain], tmp_path / "out")
    assert (report.events, report.malformed) == (3, [])
    ds = dprkgraph.load(tmp_path / "out", cache=False)
    files = sorted(s.identifier or "" for s in ds.sources if s.kind.value == "dataset")
    assert files == ["2010\ufffd\ufffd\ufffd\ufffd03.zip", "20150218230000.export.CSV.zip"]
    for name, text in _exports(ds, "http://example.org/kb/", "en").items():
        _same(from_rdf(_rdflib_read(text, name), base_iri="http://example.org/kb/"), ds, name)
