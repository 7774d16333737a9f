"""Every documented example runs: README code blocks, each command's --help example, and the
generated CLI reference and README chart are current."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import dprkgraph
from dprkgraph.cli import _parser, main, reference
from tests.conftest import gdelt_row
from tests.test_gdelt import v1_row

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == language]


def commands(script: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", script)
    lines = [line.split("  #")[0].split(" # ")[0].strip() for line in joined.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder laid out as the examples assume: a dataset, its source texts, and out/."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(dprkgraph.bundled_data_dir(), tmp_path / "path/to/dataset")
    texts = tmp_path / "path/to/texts"
    texts.mkdir(parents=True)
    quotes: dict[str, list[str]] = {}
    for event in dprkgraph.load().events:
        for c in [*event.sources, *(s for cl in event.claims for s in cl.sources)]:
            if c.quote:
                quotes.setdefault(c.source, []).append(c.quote)
    for source, found in quotes.items():
        # Each quote once, and none that a longer one holds, so that each is found once.
        kept = [q for q in dict.fromkeys(found) if not any(q != o and q in o for o in found)]
        (texts / f"{source}.txt").write_text("\n".join(kept), encoding="utf-8")
    (tmp_path / "out").mkdir()
    with zipfile.ZipFile(tmp_path / "201003.zip", "w") as backfile:  # GDELT 1.0, 57 columns
        backfile.writestr("201003.csv", v1_row(daily=False) + "\n")
    with zipfile.ZipFile(tmp_path / "20150218230000.export.CSV.zip", "w") as v2:
        v2.writestr("20150218230000.export.CSV", gdelt_row() + "\n")
    return tmp_path


def run(line: str, store: str | None) -> None:
    if store:
        line = line.replace("http://127.0.0.1:7878", store)
    words = shlex.split(line)
    if words[:3] == ["python", "-m", "dprkgraph"]:
        done = subprocess.run([sys.executable, *words[1:]], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    else:
        assert words[0] == "dprkgraph", line
        try:
            code = main(words[1:])
        except SystemExit as exit_:  # --version and --help exit through argparse
            code = exit_.code  # type: ignore[assignment]
        assert code == 0, line


def test_readme_shell_examples_run(
    workspace: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ran = 0
    for script in blocks("sh"):
        for line in commands(script):
            if line.startswith("make "):
                assert line in ("make demo", "make test")  # the quickstart: CI runs it
                continue
            if line.startswith("oxigraph serve"):
                continue  # the `server` fixture is that store, on a free port
            run(line, server)
            ran += 1
    capsys.readouterr()
    assert ran >= 20
    assert (workspace / "out/dprkgraph.trig").stat().st_size > 0


def test_readme_python_examples_run(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = blocks("python")
    assert examples
    for code in examples:
        exec(compile(code, "README.md", "exec"), {})
    assert "Jimmy Carter —mediator→" in capsys.readouterr().out


def test_readme_yaml_examples_are_a_valid_event_and_settings_file(tmp_path: Path) -> None:
    settings, event = sorted(blocks("yaml"), key=lambda b: "events:" in b)
    data = tmp_path / "data"
    shutil.copytree(dprkgraph.bundled_data_dir(), data)
    (data / "events.yaml").write_text(event, encoding="utf-8")
    assert [e.id for e in dprkgraph.load(data).events] == ["cheonan-sinking"]
    (data / "dataset.yaml").write_text(settings.replace("unit", "edtf", 1), encoding="utf-8")
    assert {e.date.widening for e in dprkgraph.load(data, cache=False).events} == {"edtf"}


def test_every_help_example_runs(
    workspace: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = _parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, command in sub.choices.items():
        epilog = command.epilog or ""
        assert "example:\n  dprkgraph " + name in epilog, name
        run(epilog.split("example:\n  ")[1].strip(), server)
    capsys.readouterr()


def test_cli_reference_is_current() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == reference(), "run: make docs"
    parser = _parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        assert f"## dprkgraph {name}\n" in committed


def test_readme_chart_is_current(tmp_path: Path) -> None:
    from matplotlib.testing.compare import compare_images

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_docs
    finally:
        sys.path.pop(0)
    from dprkgraph.plot import figure, save_figure

    fresh = tmp_path / "timeline.png"
    save_figure(figure("timeline", dprkgraph.load_graph(), **make_docs.README_CHART), fresh, dpi=90)
    committed = ROOT / "docs" / "img" / "timeline.png"
    assert "docs/img/timeline.png" in README
    assert compare_images(str(committed), str(fresh), tol=2) is None, "run: make docs"
