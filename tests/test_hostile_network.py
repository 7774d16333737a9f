"""No command makes a network request unless it is given an address: every command that
takes none is run in one process whose audit hook refuses every name lookup and connection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import gdelt_row

ROOT = Path(__file__).resolve().parents[1]

# Runs each command given as JSON on the command line; prints one JSON line per command:
# its exit code and every network call it tried (each refused, so it also fails).
_RUNNER = textwrap.dedent("""
    import contextlib, io, json, os, sys

    tried = []
    NETWORK = {
        "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
        "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
    }

    def refuse(event, args):
        if event in NETWORK:
            tried.append(f"{event} {args!r}"[:200])
            raise OSError(f"the test forbids {event}")

    sys.addaudithook(refuse)
    from dprkgraph.cli import main

    for argv in json.loads(sys.argv[1]):
        tried.clear()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit:
                code = exit.code
        print(json.dumps({"argv": argv, "code": code, "tried": tried,
                          "err": err.getvalue()[-300:]}), flush=True)
""")


def commands(tmp: Path) -> list[list[str]]:
    feed = tmp / "20100830.export.CSV"
    feed.write_text(gdelt_row() + "\n")
    sources = tmp / "texts"
    sources.mkdir()
    sparql_names = ["citations", "contested-events", "events-by-source-graph"]
    return [
        ["validate"],
        ["events", "--actor", "prk"],
        ["actors"],
        ["show", "prk"],
        ["path", "prk", "usa"],
        ["search", "sanctions"],
        ["claims"],
        ["contested"],
        ["profile", "prk"],
        ["audit"],
        ["verify-quotes", "--sources", str(sources)],
        *(
            ["export", "--format", fmt, "-o", str(tmp / f"x.{fmt}")]
            for fmt in ("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads")
        ),
        ["export", "--format", "parquet", str(tmp / "parquet")],
        *(["sparql", name] for name in sparql_names),
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        *(["plot", kind, "-o", str(tmp / f"{kind}.png")] for kind in ("timeline", "network")),
        ["plot", "dyad", "-o", str(tmp / "dyad.svg")],
        ["explore", "-o", str(tmp / "x.html")],
        ["report", "-o", str(tmp / "report")],
        ["import-gdelt", str(feed), "-o", str(tmp / "feed")],
        ["init", str(tmp / "mine")],
        ["diff", str(tmp / "mine"), str(tmp / "mine")],
        ["validate", "--data", str(tmp / "parquet")],
    ]


@pytest.mark.slow
def test_no_command_without_an_address_touches_the_network(tmp_path: Path) -> None:
    argvs = commands(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, json.dumps(argvs)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "DPRKGRAPH_NO_CACHE": "1"},
        timeout=900,
        check=False,
    )
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert [r["argv"] for r in results] == argvs, proc.stderr[-2000:]
    for result in results:
        assert result["tried"] == [], result
        assert result["code"] in (0, 1), result  # 1: verify-quotes without texts, diff
        assert "Traceback" not in result["err"], result


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


@pytest.mark.slow
def test_diff_in_a_partial_clone_fetches_no_missing_object(
    tmp_path: Path, make_dataset: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """git fetches a partial clone's missing objects from its remote on demand; diff must
    not let it (the remote here is a folder, but it could as well be a server)."""
    import shutil

    from dprkgraph.cli import main

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    origin = tmp_path / "origin"
    origin.mkdir()
    _git(origin, "init", "-q")
    shutil.copytree(make_dataset(), origin / "data")
    _git(origin, "add", "data")
    _git(origin, "commit", "-qm", "one")
    _git(origin, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--filter=blob:none", "--no-checkout", origin.as_uri(), "clone")
    before = _git(clone, "count-objects", "-v")
    code = main(["diff", "--repo", str(clone), "HEAD:data", "HEAD:data"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "partial clone and dprkgraph fetches nothing" in err
    assert _git(clone, "count-objects", "-v") == before
