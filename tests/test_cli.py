from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dprkgraph import __version__
from dprkgraph.cli import main
from tests.conftest import DatasetFactory


def test_validate_bundled_data_prints_one_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith("ok: ") and "events" in out[0] and "claims" in out[0]


def test_validate_directory_argument_and_data_option(
    make_dataset: DatasetFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = str(make_dataset())
    assert main(["validate", directory]) == 0
    assert main(["validate", "--data", directory]) == 0
    assert capsys.readouterr().out.count("ok: 2 events, 3 actors, 1 sources, 1 relations") == 2


def test_validate_reports_every_problem_on_stderr(
    make_dataset: DatasetFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    events = (make_dataset().joinpath("events.yaml").read_text()
              .replace("actor: bbb", "actor: bb").replace("2010-04-02", "2010-04-31"))
    directory = make_dataset(events=events)
    assert main(["validate", str(directory)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0].startswith(f"{directory / 'events.yaml'}:9:17: unknown actor 'bb'")
    assert lines[1].startswith(f"{directory / 'events.yaml'}:14:11: event 'walkout', date:")
    assert lines[-1] == "dprkgraph: 2 problems; nothing was loaded"
    assert "Traceback" not in captured.err


def test_module_entry_point_and_version() -> None:
    run = subprocess.run([sys.executable, "-m", "dprkgraph", "--version"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0 and run.stdout.strip() == f"dprkgraph {__version__}"


def test_bad_directory_is_a_clean_error(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "dprkgraph", "validate", str(tmp_path / "no")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "no such directory" in run.stderr and "Traceback" not in run.stderr


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", "--bogus"])
    assert info.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


COMMANDS = ["validate", "verify-quotes", "events", "actors", "show", "path", "export", "sparql",
            "push", "plot"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "-h"])
    assert info.value.code == 0
    assert "example:\n  dprkgraph " + command in capsys.readouterr().out


def test_verify_quotes_lists_missing_quotes(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "src.txt").write_text("the talks opened")
    assert main(["verify-quotes", "--sources", str(tmp_path), str(make_dataset())]) == 1
    captured = capsys.readouterr()
    assert "event 'walkout' sources[0]: quote 'Alphaland left' from src" in captured.err
    assert "1 of 2 quotes found verbatim" in captured.out
    (tmp_path / "src.txt").write_text("the talks opened and Alphaland left")
    assert main(["verify-quotes", "--sources", str(tmp_path), str(make_dataset())]) == 0


def test_verify_quotes_needs_an_existing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify-quotes", "--sources", str(tmp_path / "none")]) == 1
    assert "no such directory" in capsys.readouterr().err


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_events_table_fits_80_columns(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "events")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "cheonan-sinking" in out and out.splitlines()[-1].endswith("events")


def test_events_filters_and_json(make_dataset: DatasetFactory,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    import json

    data = str(make_dataset())
    code, out, _ = run(capsys, "events", "--data", data, "--actor", "bbb", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [r["id"] for r in records] == ["talks"]
    assert records[0] == {
        "id": "talks", "title": "Talks open", "date": "2010-03", "earliest": "2010-03-01",
        "latest": "2010-03-31", "precision": "month", "approximate": False, "uncertain": False,
        "type": "negotiation", "cameo": "046", "goldstein": 7.0, "quad_class": 1,
        "participants": [{"actor": "aaa", "role": "party"}, {"actor": "bbb", "role": "party"}],
        "provenance": "curated",
    }
    code, out, _ = run(capsys, "events", "--data", data, "--from", "2010-03-10", "--to",
                       "2010-03-20", "--certainty", "definite", "--format", "csv")
    assert code == 0 and out.splitlines()[1:] == []
    code, out, _ = run(capsys, "events", "--data", data, "--from", "2010-03-10",
                       "--format", "csv")
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["talks", "walkout"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["events", "--actor", "bb"], "unknown actor 'bb' — did you mean 'bbb'?"),
        (["events", "--type", "talks"], "is not valid: one of agreement"),
        (["events", "--from", "2010-13"], "there is no month 13"),
        (["show", "walkot"], "unknown id 'walkot' — did you mean 'walkout'?"),
        (["path", "aaa", "nowhere"], "unknown id 'nowhere'"),
        (["actors", "--kind", "country"], "one of state, person"),
    ],
)
def test_user_errors_exit_1_with_a_hint(make_dataset: DatasetFactory,
                                        capsys: pytest.CaptureFixture[str],
                                        argv: list[str], words: str) -> None:
    code, out, err = run(capsys, *argv, "--data", str(make_dataset()))
    assert code == 1 and out == ""
    assert words in err and "Traceback" not in err


def test_show_event_actor_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "cheonan-sinking")
    assert code == 0
    assert "2010-03 (between 2010-03-01 and 2010-03-31)" in out
    assert "North Korea denies: A North Korean torpedo attack sank the Cheonan." in out
    assert "“North Korea has denied any involvement in the sinking of the Cheonan”" in out
    assert "← response_to of" in out
    code, out, _ = run(capsys, "show", "bosworth")
    assert "position: U.S. Special Representative for North Korea Policy" in out
    assert "bosworth-briefing-2010-09-16" in out
    code, out, _ = run(capsys, "show", "fr-eo-13551")
    assert "75 FR 53837" in out and "cited by: us-executive-order-2010-08-30" in out


def test_show_json_is_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _ = run(capsys, "show", "gomes-release", "--format", "json")
    record = json.loads(out)
    assert code == 0 and record["date"] == "2010-08" and record["cameo"] == "0841"
    assert {"type": "part_of", "event": "carter-pyongyang-visit", "note": None} in record["relations"]


def test_path_and_actors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "path", "carter", "gomes-release")
    assert code == 0
    assert out.strip() == "Jimmy Carter —mediator→ Aijalon Gomes released to Jimmy Carter"
    code, out, _ = run(capsys, "actors", "--kind", "person", "--format", "csv")
    ids = [line.split(",")[0] for line in out.splitlines()[1:]]
    assert code == 0 and "carter" in ids and "prk" not in ids


def test_export_writes_by_extension_and_atomically(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from rdflib import Graph

    target = tmp_path / "kb.nt"
    code, _, err = run(capsys, "export", "-o", str(target))
    assert code == 0 and "(ntriples)" in err
    assert len(Graph().parse(target, format="nt")) > 1000
    target.write_text("previous")
    code, _, err = run(capsys, "export", "-o", str(target), "--base-iri", "nope")
    assert code == 1 and "base_iri" in err and target.read_text() == "previous"
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "kb.txt"))
    assert code == 1 and "use an extension of" in err
    code, out, _ = run(capsys, "export", "--format", "turtle")
    assert code == 0 and out.startswith("@prefix")


def test_sparql_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sparql", "--list")
    assert code == 0 and "contested-events:" in out
    code, out, _ = run(capsys, "sparql", "led-to-chain", "--bind",
                       "start=event:prk-rocket-launch-2009")
    assert code == 0 and "event:unsc-rebuke-2009" in out and out.strip().endswith("2 rows")
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?n WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?n ; "
                     "<https://w3id.org/dprkgraph/vocab#actorKind> ?k } ORDER BY ?n LIMIT 2")
    code, out, _ = run(capsys, "sparql", str(query), "--format", "csv")
    assert code == 0 and out.splitlines() == ["n", "Aijalon Gomes", "Barack Obama"]
    code, _, err = run(capsys, "sparql", "ASK {", "--format", "json")
    assert code == 1 and "SPARQL error" in err
    code, _, err = run(capsys, "sparql", "contested-events", "--bind", "oops")
    assert code == 1 and "NAME=VALUE" in err


@pytest.mark.parametrize(("chart", "suffix"), [("timeline", ".png"), ("dyad", ".svg"),
                                               ("network", ".pdf")])
def test_plot_writes_each_chart(chart: str, suffix: str, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"chart{suffix}"
    code, _, err = run(capsys, "plot", chart, "--from", "2009", "-o", str(target))
    assert code == 0 and f"wrote {target}" in err
    head = target.read_bytes()[:8]
    assert head.startswith({".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix])


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["plot", "timeline", "-o", "x.jpg"], "use a .png, .svg or .pdf"),
        (["plot", "dyad", "--pair", "usa", "nk", "-o", "x.png"], "unknown actor 'nk'"),
        (["plot", "timeline", "--actor", "bosworht", "-o", "x.png"], "did you mean 'bosworth'"),
        (["plot", "network", "-o", "/nonexistent/dir/x.png"], "does not exist"),
    ],
)
def test_plot_errors(argv: list[str], words: str, tmp_path: Path,
                     capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 1 and words in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
