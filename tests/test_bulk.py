"""The bulk format (JSON Lines) and the dataset cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dprkgraph import LoadError, load
from dprkgraph.synthetic import generate, write_jsonl
from tests.conftest import DatasetFactory


def jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


EVENT = {
    "id": "bulk-1",
    "title": "Coded statement",
    "date": "2010-05-05",
    "type": "statement",
    "provenance": "machine-coded",
    "cameo": "010",
    "participants": [{"actor": "aaa", "role": "speaker"}],
    "sources": [{"source": "src", "locator": "row 1"}],
    "metrics": {"NumMentions": 3},
}


def test_jsonl_files_merge_with_yaml(make_dataset: DatasetFactory) -> None:
    directory = make_dataset(extra={"events-feed.jsonl": jsonl([EVENT])})
    ds = load(directory)
    # files of one kind are read in name order: events-feed.jsonl before events.yaml
    assert [e.id for e in ds.events] == ["bulk-1", "talks", "walkout"]
    assert ds.event("bulk-1").metrics == {"NumMentions": 3.0}


def test_synthetic_jsonl_round_trip(tmp_path: Path) -> None:
    write_jsonl(200, tmp_path / "syn", seed=3)
    assert load(tmp_path / "syn") == generate(200, seed=3)


@pytest.mark.parametrize(
    ("line", "place", "words"),
    [
        ('{"id": "x", "title": ', (2, 22), "not a JSON object"),
        ("[1, 2]", (2, 1), "not a JSON object"),
        (
            json.dumps({**EVENT, "id": "bulk-2", "colour": "red"}),
            (2, None),
            "unknown field 'colour'",
        ),
        (json.dumps({**EVENT, "id": "bulk-2", "date": "2010-13"}), (2, None), "no month 13"),
        (
            json.dumps(
                {**EVENT, "id": "bulk-2", "participants": [{"actor": "zzz", "role": "speaker"}]}
            ),
            (2, None),
            "unknown actor 'zzz'",
        ),
        (json.dumps(EVENT), (2, None), "duplicate id 'bulk-1'"),
    ],
)
def test_jsonl_problems_are_located(
    make_dataset: DatasetFactory, line: str, place: tuple[int, int | None], words: str
) -> None:
    directory = make_dataset(extra={"events-feed.jsonl": jsonl([EVENT]) + line + "\n"})
    with pytest.raises(LoadError) as info:
        load(directory)
    (problem,) = [p for p in info.value.errors if words in p.message]
    assert problem.path.name == "events-feed.jsonl" and problem.line == place[0]
    if place[1] is not None:
        assert problem.column == place[1]
    else:  # the column of the offending key in that line
        key = {
            "unknown field 'colour'": "colour",
            "no month 13": "date",
            "unknown actor 'zzz'": "actor",
            "duplicate id 'bulk-1'": "id",
        }[words]
        assert line[problem.column - 1 :].startswith(f'"{key}"')


def test_cache_hits_the_same_files_and_misses_any_change(
    make_dataset: DatasetFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from dprkgraph import cache, loader

    monkeypatch.setenv("DPRKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    directory = make_dataset()
    first = load(directory)
    assert len(list((tmp_path / "cache").glob("*.dprkgraph-cache"))) == 1

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed again although nothing changed")

    with monkeypatch.context() as m:
        m.setattr(loader, "_load_files", no_parsing)
        assert load(directory) == first
    events = directory / "events.yaml"
    events.write_text(events.read_text().replace("Talks open", "Talks opened"))
    assert load(directory).event("talks").title == "Talks opened"
    assert len(list((tmp_path / "cache").glob("*.dprkgraph-cache"))) == 2
    for entry in (tmp_path / "cache").glob("*.dprkgraph-cache"):
        entry.write_bytes(b"not an entry")
    assert load(directory).event("talks").title == "Talks opened"  # a bad entry is a miss
    assert cache.cache_key([("events.yaml", b"x")]) != cache.cache_key(
        [("events.yaml", b"x"), ("actors.yaml", b"")]
    )


def test_cache_can_be_switched_off(
    make_dataset: DatasetFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DPRKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DPRKGRAPH_NO_CACHE", "1")
    load(make_dataset())
    load(make_dataset(), cache=False)
    assert not (tmp_path / "cache").exists()


def test_invalid_datasets_are_never_cached(
    make_dataset: DatasetFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DPRKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    bad = make_dataset(events="events: [1]\n")
    with pytest.raises(LoadError):
        load(bad)
    assert not list((tmp_path / "cache").glob("*.dprkgraph-cache"))
