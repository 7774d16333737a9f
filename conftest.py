"""Fixtures for every test: a private dataset cache, and for doctests a small two-event graph.

Hypothesis profiles: ``default`` (no deadline: on a shared machine timings say nothing) and
``long`` (ten times the examples), chosen with ``pytest --hypothesis-profile=long``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from tests.conftest import ACTORS, EVENTS, SOURCES

settings.register_profile("default", deadline=None, max_examples=100)
settings.register_profile("long", deadline=None, max_examples=1_000)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test's dataset cache lives in a temporary folder, not the user's home."""
    monkeypatch.setenv("DPRKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _doctest_graph(
    doctest_namespace: dict[str, object], tmp_path_factory: pytest.TempPathFactory
) -> None:
    import dprkgraph
    from dprkgraph.graph import build_graph

    directory: Path = tmp_path_factory.mktemp("doctest-data")
    for name, text in (("events.yaml", EVENTS), ("actors.yaml", ACTORS), ("sources.yaml", SOURCES)):
        (directory / name).write_text(text, encoding="utf-8")
    dataset = dprkgraph.load(directory)
    doctest_namespace["dataset"] = dataset
    doctest_namespace["g"] = build_graph(dataset)
