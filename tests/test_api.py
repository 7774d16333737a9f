"""The public API is exactly what ``__all__`` lists, and the package ships its data."""

from __future__ import annotations

import subprocess
import sys
import types
import zipfile
from pathlib import Path

import pytest

import dprkgraph

ROOT = Path(__file__).resolve().parents[1]


def test_all_matches_the_public_names() -> None:
    public = {
        name
        for name, value in vars(dprkgraph).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"
    }
    assert sorted(dprkgraph.__all__) == dprkgraph.__all__
    assert public | {"__version__"} == set(dprkgraph.__all__)
    assert callable(dprkgraph.load)


def test_importing_the_package_is_light() -> None:
    code = (
        "import sys, dprkgraph, dprkgraph.cli; "
        "print(sorted(m for m in ('networkx', 'pandas', 'matplotlib', 'rdflib', 'pyshacl') "
        "if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_errors_share_builtin_meanings() -> None:
    assert issubclass(dprkgraph.LoadError, ValueError)
    assert issubclass(dprkgraph.UnknownIdError, KeyError)
    assert issubclass(dprkgraph.DateError, ValueError)
    with pytest.raises(dprkgraph.UnknownIdError, match="did you mean 'prk'"):
        dprkgraph.load().actor("north korea")


@pytest.mark.slow
def test_wheel_installed_package_loads_its_bundled_data(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("dprkgraph-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "dprkgraph/data/events.yaml" in names and "dprkgraph/vocab/cameo.tsv" in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    script = (
        "import dprkgraph, sys; ds = dprkgraph.load(); "
        "print(dprkgraph.__file__); print(len(ds.events), ds.event('cheonan-sinking').date)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
    )
    where, summary = run.stdout.splitlines()
    assert where.startswith(str(target))
    assert summary.split()[1] == "2010-03" and int(summary.split()[0]) > 20
