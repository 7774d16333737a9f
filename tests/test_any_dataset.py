"""Every command and every chart on a second, unrelated dataset: nothing may depend on the
bundled Korean data (no default actor, pair or event id).

The dataset (tests/data/colombia-farc) is the Havana peace talks between Colombia and the
FARC, 2011–2017: other actors, another region, other dates, dates of every precision, a
contested event.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from dprkgraph.cli import _parser, main
from dprkgraph.graph import EventGraph
from dprkgraph.loader import load_graph
from dprkgraph.report import REPORT_FILES

HERE = Path(__file__).parent
DATA = HERE / "data" / "colombia-farc"
TEXTS = DATA / "texts"
PNG = b"\x89PNG\r\n\x1a\n"

#: Every command checked below; a new command must be added here and given a case.
CHECKED = {
    "validate",
    "verify-quotes",
    "events",
    "actors",
    "show",
    "path",
    "export",
    "sparql",
    "push",
    "plot",
    "report",
    "import-gdelt",
    "search",
    "claims",
    "causes",
    "consequences",
    "contested",
    "dyad",
    "relation",
    "profile",
    "explore",
    "diff",
    "init",
    "to-parquet",
    "corroborate",
    "audit",
    "fingerprint",
}


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def g() -> EventGraph:
    return load_graph(DATA)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_command_is_checked_here() -> None:
    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == CHECKED


def test_validate_and_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(DATA))
    assert code == 0 and out.startswith("ok: 23 events, 13 actors")
    code, out, _ = run(capsys, "validate", "--data", str(DATA))
    assert code == 0 and "23 events" in out
    code, out, err = run(capsys, "verify-quotes", "--data", str(DATA), "--sources", str(TEXTS))
    assert code == 0, err
    assert out.strip() == "25 of 25 quotes found verbatim in their sources"


def test_events_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "events",
        "--data",
        str(DATA),
        "--actor",
        "farc",
        "--from",
        "2014-11",
        "--to",
        "2014-11",
    )
    assert code == 0
    header, *rows, _ = out.splitlines()
    at = header.split().index("ID")
    listed = [line.split()[at] for line in rows]
    assert listed == ["alzate-seized", "talks-suspended", "alzate-released"]
    code, out, _ = run(capsys, "events", "--data", str(DATA), "--format", "json")
    records = json.loads(out)
    assert [r["id"] for r in records][:2] == ["timochenko-takes-command", "exploratory-talks"]
    assert records[1]["earliest"] == "2012-02-01" and records[1]["latest"] == "2012-08-31"
    code, out, _ = run(capsys, "events", "--data", str(DATA), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 23
    sign = next(r for r in rows if r["id"] == "general-agreement")
    assert sign["participants"] == "col (signatory); farc (signatory); cub (host)"


def test_actors_show_and_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "actors", "--data", str(DATA), "--kind", "person")
    assert code == 0 and "Juan Manuel Santos" in out and "Colombia" not in out.split("\n")[1:][0]
    code, out, _ = run(capsys, "show", "--data", str(DATA), "cauca-attack")
    assert code == 0 and "asserts" in out and "denies" in out
    code, out, _ = run(capsys, "show", "--data", str(DATA), "santos", "--format", "json")
    assert json.loads(out)["affiliation"] == "col"
    code, out, _ = run(capsys, "path", "--data", str(DATA), "alzate", "bombing-resumed")
    assert code == 0 and out.startswith("Ruben Dario Alzate") and "bombing" in out


def test_export_and_sparql(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "farc.ttl"
    code, _, err = run(capsys, "export", "--data", str(DATA), "-o", str(target))
    assert code == 0, err
    assert "cauca-attack" in target.read_text(encoding="utf-8")
    code, out, _ = run(
        capsys, "sparql", "--data", str(DATA), "contested-events", "--format", "json"
    )
    assert code == 0 and "cauca-attack" in out and "cheonan" not in out


def test_push(capsys: pytest.CaptureFixture[str], server: str) -> None:
    code, _, err = run(capsys, "push", "--data", str(DATA), f"{server}/store")
    assert code == 0, err
    import urllib.parse
    import urllib.request

    # What was pushed is in the store: ask the server itself for the contested event.
    ask = "ASK { ?e ?p ?o FILTER(CONTAINS(STR(?e), 'cauca-attack')) }"
    request = urllib.request.Request(
        f"{server}/query?query={urllib.parse.quote(ask)}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert json.load(answer)["boolean"] is True


def test_import_gdelt_then_read_it_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.conftest import gdelt_row

    feed = tmp_path / "20150415.export.CSV"
    feed.write_text(
        gdelt_row(
            Actor1Code="COL",
            Actor1Name="COLOMBIA",
            Actor1CountryCode="COL",
            Actor2Code="COLREB",
            Actor2Name="FARC",
            Actor2CountryCode="COL",
            Day="20150415",
            MonthYear="201504",
            Year="2015",
            FractionDate="2015.2877",
        )
        + "\n",
        encoding="utf-8",
    )
    out_dir = tmp_path / "coded"
    code, _, err = run(capsys, "import-gdelt", str(feed), "-o", str(out_dir))
    assert code == 0, err
    code, out, _ = run(capsys, "events", "--data", str(out_dir), "--format", "json")
    (record,) = json.loads(out)
    assert record["date"] == "2015-04-15" and record["provenance"] == "machine-coded"


def g_ids_of_dyad(a: str, b: str) -> list[str]:
    from dprkgraph.query import dyad

    return dyad(load_graph(DATA), a, b).ids()


def test_the_questions_by_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = ("--data", str(DATA))
    code, out, _ = run(capsys, "search", *data, "ceasefire", "--format", "json")
    assert code == 0 and {"farc-ceasefire-2012", "bilateral-ceasefire"} <= {
        h["id"] for h in json.loads(out)
    }
    code, out, _ = run(capsys, "contested", *data, "--format", "json")
    assert code == 0 and [e["id"] for e in json.loads(out)] == ["cauca-attack"]
    code, out, _ = run(capsys, "claims", *data, "--about", "cauca-attack", "--format", "json")
    assert code == 0 and {r["stance"] for r in json.loads(out)} == {"asserts", "denies"}
    code, out, _ = run(capsys, "consequences", *data, "cauca-attack", "--format", "json")
    assert code == 0 and "bombing-resumed" in [e["id"] for e in json.loads(out)]
    code, out, _ = run(capsys, "causes", *data, "bombing-resumed", "--format", "json")
    assert code == 0 and "cauca-attack" in [e["id"] for e in json.loads(out)]
    code, out, _ = run(capsys, "dyad", *data, "Colombia", "FARC", "--format", "json")
    facing = [e["id"] for e in json.loads(out)]
    assert code == 0 and facing == g_ids_of_dyad("col", "farc")
    assert "cauca-attack" in facing
    code, out, _ = run(
        capsys, "relation", *data, "alzate-seized", "alzate-released", "--format", "json"
    )
    assert code == 0 and json.loads(out)["grouped"]["before"] in ("definitely", "possibly")
    code, out, _ = run(capsys, "profile", *data, "Santos", "--format", "json")
    assert code == 0 and json.loads(out)["id"] == "santos"
    code, _, err = run(capsys, "explore", *data, "-o", str(tmp_path / "page.html"))
    assert code == 0, err
    assert "cauca-attack" in (tmp_path / "page.html").read_text(encoding="utf-8")
    code, _, _ = run(capsys, "diff", str(DATA), str(DATA))
    assert code == 0
    code, _, err = run(capsys, "to-parquet", *data, str(tmp_path / "parquet"))
    assert code == 0, err
    code, out, err = run(
        capsys,
        "corroborate",
        *data,
        "cauca-attack",
        "--feed",
        str(tmp_path / "parquet"),
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(out) == []  # a curated dataset holds no machine-coded events
    code, out, err = run(capsys, "audit", *data, "--sources", str(TEXTS), "--format", "json")
    assert code == 0, err
    findings = json.loads(out)
    assert {f["kind"] for f in findings} >= {"single-source"}
    assert all(f["kind"] != "unanchored" for f in findings)  # every quote is in its text
    import shutil

    copy = tmp_path / "fingerprinted"
    shutil.copytree(DATA, copy)
    code, _, err = run(capsys, "fingerprint", "--sources", str(TEXTS), str(copy))
    assert code == 0, err
    assert "sha256:" in (copy / "sources.yaml").read_text(encoding="utf-8")
    code, _, err = run(capsys, "verify-quotes", "--sources", str(TEXTS), str(copy))
    assert code == 0, err
    code, _, err = run(capsys, "init", str(tmp_path / "copy"))
    assert code == 0, err
    assert (tmp_path / "copy" / "events.yaml").is_file()


@pytest.mark.parametrize("chart", ["timeline", "dyad", "network"])
def test_plot_every_chart_without_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, chart: str
) -> None:
    target = tmp_path / f"{chart}.png"
    code, _, err = run(capsys, "plot", chart, "--data", str(DATA), "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(PNG)
    if chart == "dyad":
        assert "dyad: col and farc, the busiest pair" in err


def test_report_writes_everything(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "report"
    code, out, err = run(capsys, "report", "--data", str(DATA), "-o", str(out_dir))
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(REPORT_FILES)
    assert out.startswith(f"wrote {len(REPORT_FILES)} files")
    rows = list(csv.DictReader(io.StringIO((out_dir / "events.csv").read_text("utf-8"))))
    assert len(rows) == 23
    assert (out_dir / "summary.pdf").read_bytes().startswith(b"%PDF")


def test_charts_from_python(g: EventGraph) -> None:
    from dprkgraph.plot import dyad, network, summary_figure, swimlane
    from dprkgraph.query import busiest_dyad

    assert busiest_dyad(g) == ("col", "farc")
    lanes = [t.get_text() for t in swimlane(g).get_yticklabels()]
    assert "FARC" in lanes and "Colombia" in lanes
    title = dyad(g, "col", "farc").get_title(loc="left").replace("\n", " ")
    assert title.startswith("Colombia – FARC")
    labels = {t.get_gid() for t in network(g).texts}
    assert {"label:col", "label:farc", "label:santos"} <= labels
    fig = summary_figure(g)
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes]
    assert any(t.startswith("Colombia – FARC") for t in titles)


def test_dyad_figure_without_a_pair_draws_the_busiest(g: EventGraph) -> None:
    from dprkgraph.plot import figure

    ax = figure("dyad", g).axes[0]  # a second Axes carries the running sum's own scale
    assert ax.get_title(loc="left").startswith("Colombia – FARC")


def test_a_large_running_sum_gets_its_own_axis(g: EventGraph) -> None:
    from dprkgraph.plot import figure

    fig = figure("dyad", g, a="col", b="farc")
    score_ax, sum_ax = fig.axes
    # the stems keep the score scale, with room for the numbers of the two −10 events
    assert score_ax.get_ylim() == (-11.5, 11.5)
    (line,) = [ln for ln in sum_ax.get_lines() if ln.get_gid() == "running-sum"]
    ys = [y for y in line.get_ydata() if not math.isnan(y)]
    assert max(ys) > 25 and sum_ax.get_ylim()[1] >= max(ys)
    low, high = sum_ax.get_ylim()
    assert low == pytest.approx(-high)  # zero on both axes at the same height
    assert sum_ax.get_ylabel() == "running sum (dashed)"
    keys = [t.get_text() for t in score_ax.get_legend().get_texts()]
    assert keys[0].startswith(" 1  2012-02/2012-08  Secret exploratory talks")


def test_an_event_set_lines_up_its_titles_whatever_the_dates(g: EventGraph) -> None:
    from dprkgraph.query import events

    found = events(g, start="2012", end="2012-10")
    lines = repr(found).splitlines()[1:]
    assert any("2012-02/2012-08" in line for line in lines)
    ids = {line.index(e.id) for line, e in zip(lines, found, strict=True)}
    assert len(ids) == 1  # one column, however long a date is
