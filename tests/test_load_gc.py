"""A load leaves nothing for the garbage collector to walk: what a big load built is frozen,
so the first queries after it do not stall on a collection; a small or failed load freezes
nothing, and the collector is left as the caller had it."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dprkgraph import LoadError, _gc, load
from dprkgraph.synthetic import write_jsonl


@pytest.fixture
def bulk(tmp_path: Path) -> Path:
    write_jsonl(300, tmp_path / "bulk", seed=2)
    return tmp_path / "bulk"


@pytest.fixture
def collector() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def tracked_ids() -> set[int]:
    return {id(o) for o in gc.get_objects()}


def test_a_big_load_is_frozen_and_leaves_no_collection_pending(
    bulk: Path, collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_gc, "FREEZE_AT", 1_000)  # 300 events leave some 5,000 objects
    ds = load(bulk, cache=False)
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000
    young = tracked_ids()
    event = ds.events[0]
    assert not {id(event), id(event.participants), id(event.participants[0])} & young


def test_a_small_load_freezes_nothing(bulk: Path, collector: None) -> None:
    sentinel: list[object] = []
    ds = load(bulk, cache=False)
    assert {id(sentinel), id(ds.events[0])} <= tracked_ids()


def test_a_failed_load_freezes_nothing(
    bulk: Path, collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_gc, "FREEZE_AT", 1_000)
    events = bulk / "events.jsonl"
    lines = events.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[-1]) | {"type": "not-a-type"}
    events.write_text("\n".join([*lines[:-1], json.dumps(broken)]) + "\n", encoding="utf-8")
    sentinel: list[object] = []
    with pytest.raises(LoadError, match="not-a-type"):
        load(bulk, cache=False)
    assert id(sentinel) in tracked_ids()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(bulk: Path, collector: None) -> None:
    gc.disable()
    load(bulk, cache=False)
    assert not gc.isenabled()


def test_the_id_table_a_first_query_builds_is_frozen(
    tmp_path: Path, collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dprkgraph import build_graph

    # Enough ids that most of their entries are new objects, not reused from free lists.
    write_jsonl(3_000, tmp_path / "more", seed=4)
    g = build_graph(load(tmp_path / "more", cache=False))
    monkeypatch.setattr(_gc, "FREEZE_AT", 1_000)
    assert g.kind(g.dataset.events[0].id) == "event"  # builds the table of every id
    assert gc.get_count()[0] < 1_000
    assert id(g._nodes) not in tracked_ids()
