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


@pytest.mark.parametrize("command", ["validate", "verify-quotes"])
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
