"""Every way of building the package ships the bundled dataset, and the tree has no links.

The bundled dataset lives in one place, ``src/dprkgraph/data``; a link to it elsewhere made
the sdist (and so the wheel built from it) leave it out, and ``cp -r`` copy a dangling link.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ("actors.yaml", "events.yaml", "sources.yaml")


def tracked_files() -> list[str]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: cannot list the tracked files")
    done = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_the_repository_holds_no_symbolic_links() -> None:
    links = [line.split("\t")[1] for line in tracked_files() if line.startswith("120000 ")]
    assert links == []


def test_the_bundled_dataset_is_kept_once() -> None:
    names = [
        line.split("\t")[1]
        for line in tracked_files()
        if not line.split("\t")[1].startswith("tests/data/")
    ]  # test datasets of their own
    for name in DATA:
        assert [n for n in names if n.endswith("/" + name) or n == name] == [
            f"src/dprkgraph/data/{name}"
        ]


@pytest.mark.slow
def test_sdist_then_wheel_then_install_validates(tmp_path: Path) -> None:
    """``python -m build`` (the sdist, then the wheel from the sdist), installed into a fresh
    virtual environment: the console script validates the bundled dataset and copies it."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = dist.glob("dprkgraph-*.tar.gz")
    (wheel,) = dist.glob("dprkgraph-*.whl")
    with tarfile.open(sdist) as tar:
        in_sdist = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {f"src/dprkgraph/data/{n}" for n in DATA} <= in_sdist
    assert {"pyproject.toml", "README.md", "Makefile", "conftest.py"} <= in_sdist
    assert {f"dprkgraph/data/{n}" for n in DATA} <= set(zipfile.ZipFile(wheel).namelist())

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    bin_ = venv / "bin"
    python = bin_ / "python"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run(
        [python, "-c", purelib], capture_output=True, text=True, check=True
    ).stdout.strip()
    # The dependencies come from this interpreter's environment: no network is needed.
    Path(site, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    work = tmp_path / "work"
    work.mkdir()

    def dprkgraph(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [bin_ / "dprkgraph", *argv],
            capture_output=True,
            text=True,
            cwd=work,
            env=env,
            check=False,
        )

    where = subprocess.run(
        [python, "-c", "import dprkgraph; print(dprkgraph.__file__)"],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=True,
    )
    assert where.stdout.startswith(site)  # the installed wheel, not the source tree
    validated = dprkgraph("validate")
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith("ok: ") and " events" in validated.stdout
    assert dprkgraph("init", "mine").returncode == 0
    assert sorted(p.name for p in (work / "mine").iterdir()) == sorted([*DATA, "dataset.yaml"])
    mine = dprkgraph("validate", "mine")
    assert mine.returncode == 0 and mine.stdout == validated.stdout


def test_make_demo_says_how_to_reach_the_command_and_the_notebooks() -> None:
    """After `make demo` the command is in .venv, not on the PATH: the demo says how to get it
    and how to open the notebooks, and `make lab` opens them with JupyterLab from .venv."""
    import shutil
    import tomllib

    if shutil.which("make") is None:
        pytest.skip("make is not installed: cannot list what make demo runs")
    plan = subprocess.run(
        ["make", "-n", "--no-print-directory", "-C", str(ROOT), "demo", "lab"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert 'echo "  . .venv/bin/activate"' in plan
    assert "make lab" in plan
    lab = plan.splitlines()[-1]
    assert lab.startswith(".venv/bin/jupyter lab ") and "--ServerApp.ip=127.0.0.1" in lab
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]["notebooks"]
    assert {"jupyterlab", "ipykernel"} <= {d.split(">")[0].split("=")[0] for d in extra}
