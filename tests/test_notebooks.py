"""Every notebook runs top to bottom without an error (outputs stay out of the repository),
its charts carry alt text, and the first one saves charts for a report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_the_three_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01-explore.ipynb",
        "02-linked-data.ipynb",
        "03-curate.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, tmp_path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit notebooks with outputs cleared"
    )
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    assert images_without_alt(nb) == []
    if path.name == "01-explore.ipynb":
        saved = {p.name: p.read_bytes()[:5] for p in (tmp_path / "out").iterdir()}
        assert saved == {
            "timeline.svg": b"<?xml",
            "timeline.pdf": b"%PDF-",
            "dyad.svg": b"<?xml",
            "dyad.pdf": b"%PDF-",
        }


def images_without_alt(nb: Any) -> list[str]:
    """Each chart shown without a text description: a bare PNG output (nbconvert's HTML gives
    it no alt text) or an HTML <img> with an empty or missing alt."""
    missing = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data and "text/html" not in data:
                missing.append(cell.source[:60])
            for img in re.findall(r"<img\b[^>]*>", data.get("text/html", "")):
                if not re.search(r'alt="[^"]{20,}"', img):
                    missing.append(img[:60])
    return missing


def test_curation_notebook_shows_the_located_errors(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOKS[2], as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    printed = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "events-press.yaml:4:11: event 'act-article-2010-10', date: invalid date" in printed
    assert "events-press.yaml:7:17: unknown actor 'crial' — did you mean 'crail'" in printed
    assert "'act-article-2010-10'" in printed


@pytest.mark.slow
def test_the_demo_runs_the_notebooks_quietly(tmp_path: Path) -> None:
    """`make demo` executes the notebooks with the Makefile's own nbconvert command: it says
    nothing (no kernel notice about TCP, no "Alternative text is missing")."""
    import os
    import shlex
    import subprocess
    import sys

    lines = iter((NOTEBOOKS[0].parents[1] / "Makefile").read_text(encoding="utf-8").splitlines())
    command = next(line for line in lines if line.startswith("NBCONVERT := "))
    while command.endswith("\\"):
        command = command[:-1] + next(lines)
    words = shlex.split(command.removeprefix("NBCONVERT := "))
    assert words[0] == "$(BIN)/jupyter"
    jupyter = Path(sys.executable).with_name("jupyter")
    if not jupyter.exists():
        pytest.skip(f"no jupyter beside {sys.executable} to run the demo's command with")
    run = subprocess.run(
        [
            str(jupyter),
            *words[1:],
            "--to",
            "html",
            "--execute",
            str(NOTEBOOKS[0]),
            "--output-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(NOTEBOOKS[0].parents[1] / "src")},
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == "" and run.stdout == ""
    page = (tmp_path / "01-explore.html").read_text(encoding="utf-8")
    assert re.findall(r'<img (?![^>]*alt="[^"]{20,}")[^>]*>', page) == []
