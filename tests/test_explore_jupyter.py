"""The explorer inline in a real JupyterLab and Jupyter Notebook: a cell's result shows the
page, which runs.

Starts the server (from this interpreter's environment) on 127.0.0.1 with a random token and
its own config and runtime folders, opens it in headless Debian Chromium through playwright,
runs one cell and reads the explorer inside the cell's output. Skips, saying why, where
JupyterLab or Notebook, playwright or Chromium is missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dprkgraph
from dprkgraph import query
from tests.conftest import free_port
from tests.test_explore_browser import ARGS, CHROMIUM, SHOTS

CELL = 'import dprkgraph\ndprkgraph.explore(dprkgraph.load_graph(), start="2009", end="2009")'


# The server module and the address of a notebook in it, for each front end.
APPS = {"jupyterlab": "lab/tree", "notebook": "notebooks"}


@pytest.fixture(params=sorted(APPS))
def jupyter(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A Jupyter server on 127.0.0.1 serving ``tmp_path/root``; yields the notebook's URL."""
    app = request.param
    if importlib.util.find_spec(app) is None:
        pytest.skip(f"{app} is not installed (pip install dprkgraph[notebooks])")
    root = tmp_path / "root"
    root.mkdir()
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "source": CELL,
                "outputs": [],
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / "explorer.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    port, token = free_port(), secrets.token_hex(16)
    # JupyterLab's news and update check would reach the internet: off.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "jupyter_server_config.json").write_text(
        json.dumps(
            {
                "LabApp": {
                    "news_url": None,
                    "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                }
            }
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "PYTHONPATH": os.pathsep.join([str(Path(dprkgraph.__file__).parents[1]), *sys.path]),
    }
    args = [
        sys.executable,
        "-m",
        app,
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
    ]
    if hasattr(os, "getuid") and os.getuid() == 0:
        args.append("--allow-root")
    log = (tmp_path / "server.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"{app} exited: {(tmp_path / 'server.log').read_text()}")
                time.sleep(0.1)
        else:
            pytest.fail(f"{app} did not start within 60 s")
        yield f"{url}/{APPS[app]}/explorer.ipynb?token={token}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.mark.slow
def test_the_explorer_shows_inline_in_jupyter(jupyter: str) -> None:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="the playwright package is not installed (pip install playwright)",
    )
    if not Path(CHROMIUM).is_file():
        pytest.skip("no Chromium at /usr/bin/chromium (make test installs it where it can)")
    g = dprkgraph.load_graph()
    want = sorted(query.events(g, start="2009", end="2009").ids())
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.set_default_timeout(120_000)
            from_frame: list[str] = []
            errors: list[str] = []

            def request(r: Any) -> None:
                if r.frame != page.main_frame:
                    from_frame.append(r.url)

            page.on("request", request)
            # Errors of the explorer's frame (about:srcdoc), not of Jupyter's own scripts.
            page.on(
                "pageerror",
                lambda e: errors.append(str(e)) if "about:srcdoc" in (e.stack or "") else None,
            )
            page.on(
                "console",
                lambda m: (
                    errors.append(m.text)
                    if m.type == "error" and m.location.get("url") == "about:srcdoc"
                    else None
                ),
            )
            page.goto(jupyter)
            page.wait_for_selector(".jp-Notebook .jp-Cell .cm-content")
            # A run asked for before the kernel is connected can be lost: ask until it starts.
            prompt = page.locator(".jp-Notebook .jp-Cell .jp-InputPrompt").first
            for _ in range(12):
                page.locator(".jp-Notebook .jp-Cell").first.click()
                page.locator("[data-command='notebook:run-cell-and-select-next']").first.click()
                try:
                    page.wait_for_function(
                        "p => /\\[(\\*|\\d+)\\]/.test(p.textContent)",
                        arg=prompt.element_handle(),
                        timeout=10_000,
                    )
                    break
                except sync_api.TimeoutError:
                    continue
            else:
                pytest.fail(f"JupyterLab did not run the cell: {prompt.text_content()!r}")
            frame = page.frame_locator(".jp-OutputArea-output iframe")
            frame.locator("body[data-ready]").wait_for()
            drawn = frame.locator(".vis-item .lbl[data-event]").evaluate_all(
                "els => [...new Set(els.map(e => e.dataset.event))].sort()"
            )
            assert drawn == want
            frame.locator(".lbl[data-event='unsc-resolution-1874']").first.click()
            title = g.event("unsc-resolution-1874").title
            assert frame.locator("#panel h2").text_content() == title
            box = page.locator(".jp-OutputArea-output iframe").bounding_box()
            assert box is not None and box["height"] >= 600 and box["width"] > 1000
            foreign = [u for u in from_frame if not u.startswith(("about:", "data:"))]
            assert foreign == [], f"the explorer in Jupyter made requests: {foreign}"
            assert errors == []
            if SHOTS.parent.is_dir():  # kept for a person to look at
                SHOTS.mkdir(exist_ok=True)
                page.screenshot(path=str(SHOTS / f"{jupyter.split('/')[3]}.png"))
        finally:
            browser.close()
