"""The dataset cache treats its folder as hostile: it never runs what it reads, serves only
entries it can verify, keeps its files private and deletes only what it wrote."""

from __future__ import annotations

import builtins
import io
import os
import pickle
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dprkgraph import LoadError, load, loader
from dprkgraph.model import Dataset
from tests.conftest import DatasetFactory

TITLE = "Talks open"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache folder, not yet created."""
    path = tmp_path / "cache"
    monkeypatch.setenv("DPRKGRAPH_CACHE_DIR", str(path))
    monkeypatch.delenv("DPRKGRAPH_NO_CACHE", raising=False)
    return path


def entries(folder: Path) -> list[Path]:
    """The files the cache wrote for datasets (whatever their naming), not its secret."""
    return sorted(
        p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "secret"))
    )


class _Payload:
    """Unpickling this writes a marker file: proof that reading the cache ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return (Path.write_text, (self.marker, "code ran"))


def test_a_planted_pickle_is_never_run(
    make_dataset: DatasetFactory, folder: Path, tmp_path: Path
) -> None:
    directory = make_dataset()
    load(directory)
    marker = tmp_path / "marker"
    payload = pickle.dumps(_Payload(marker))
    for entry in entries(folder):
        entry.write_bytes(payload)
        entry.with_suffix(".pickle").write_bytes(payload)
    assert load(directory).event("talks").title == TITLE
    assert not marker.exists(), "the cache executed code from a planted file"


def _forge(dataset: Dataset) -> Dataset:
    talks = dataset.event("talks").model_copy(update={"title": "Forged title"})
    return Dataset(
        events=(talks, *dataset.events[1:]), actors=dataset.actors, sources=dataset.sources
    )


def test_a_forged_well_formed_entry_is_not_served(
    make_dataset: DatasetFactory, folder: Path
) -> None:
    from pydantic import TypeAdapter

    directory = make_dataset()
    forged = _forge(load(directory))
    for entry in entries(folder):
        data = entry.read_bytes()
        if data.startswith(b"dprkgraph-cache"):
            # An attacker without the secret can keep the header and swap the records.
            header = data.partition(b"\n")[0]
            entry.write_bytes(header + b"\n" + TypeAdapter(Dataset).dump_json(forged))
        else:
            entry.write_bytes(pickle.dumps(forged))
    assert load(directory).event("talks").title == TITLE


def test_an_entry_made_with_another_secret_is_not_served(
    make_dataset: DatasetFactory, folder: Path
) -> None:
    directory = make_dataset()
    load(directory)
    (entry,) = entries(folder)
    stolen = entry.read_bytes()
    forged_title = stolen.replace(TITLE.encode(), b"Forged title")
    (folder / "secret.key").write_bytes(os.urandom(32))  # a new secret: old MACs are void
    entry.write_bytes(forged_title)
    assert load(directory).event("talks").title == TITLE


def test_folder_and_files_are_private(make_dataset: DatasetFactory, folder: Path) -> None:
    load(make_dataset())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_folder_made_by_an_older_version_is_made_private(
    make_dataset: DatasetFactory, folder: Path
) -> None:
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    load(make_dataset())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert entries(folder)


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_folder_others_can_write_is_not_used(
    make_dataset: DatasetFactory, folder: Path, mode: int
) -> None:
    folder.mkdir()
    folder.chmod(mode)
    directory = make_dataset()
    assert load(directory).event("talks").title == TITLE
    assert load(directory).event("talks").title == TITLE
    assert list(folder.iterdir()) == []
    assert stat.S_IMODE(folder.stat().st_mode) == mode  # left as it was


def test_a_folder_owned_by_another_user_is_not_used(
    make_dataset: DatasetFactory, folder: Path
) -> None:
    if os.getuid() != 0:
        pytest.skip("needs root to give the folder to another user")
    folder.mkdir(mode=0o700)
    os.chown(folder, 4242, 4242)
    directory = make_dataset()
    assert load(directory).event("talks").title == TITLE
    assert list(folder.iterdir()) == []


def test_a_secret_that_others_can_read_disables_the_cache(
    make_dataset: DatasetFactory, folder: Path
) -> None:
    directory = make_dataset()
    load(directory)
    (folder / "secret.key").chmod(0o644)
    (entry,) = entries(folder)
    entry.write_bytes(entry.read_bytes().replace(TITLE.encode(), b"Forged title"))
    assert load(directory).event("talks").title == TITLE


def test_a_linked_entry_is_not_followed(
    make_dataset: DatasetFactory, folder: Path, tmp_path: Path
) -> None:
    directory = make_dataset()
    load(directory)
    (entry,) = entries(folder)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(entry.read_bytes().replace(TITLE.encode(), b"Forged title"))
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert load(directory).event("talks").title == TITLE


def test_eviction_keeps_foreign_files(make_dataset: DatasetFactory, folder: Path) -> None:
    folder.mkdir(mode=0o700)
    foreign = [folder / f"{n:064x}.pickle" for n in range(12)] + [folder / "notes.txt"]
    for path in foreign:
        path.write_bytes(b"someone else's file")
        os.utime(path, (1, 1))  # older than anything the cache writes
    for n in range(12):
        directory = make_dataset(events=None, extra={"events.yaml": ""})
        (directory / "events.yaml").write_text(f"events: []\n# version {n}\n")
        load(directory)
    assert all(path.exists() for path in foreign)
    ours = [p for p in entries(folder) if p not in foreign]
    assert 1 <= len(ours) <= 8


def test_a_file_edited_during_a_load_leaves_no_entry_for_content_no_file_has(
    make_dataset: DatasetFactory, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = make_dataset()
    events = directory / "events.yaml"
    original = events.read_text()
    edited = original.replace(TITLE, "Talks edited mid-load")
    real = loader._load_files

    def edit_then_load(*args: Any) -> Dataset:
        events.write_text(edited)  # the file changes after it was read, before it is parsed
        return real(*args)

    with monkeypatch.context() as m:
        m.setattr(loader, "_load_files", edit_then_load)
        during = load(directory).event("talks").title
    assert during in (TITLE, "Talks edited mid-load")
    events.write_text(original)
    assert load(directory).event("talks").title == TITLE
    events.write_text(edited)
    assert load(directory).event("talks").title == "Talks edited mid-load"


def test_an_unreadable_file_is_a_problem_with_the_cache_on(
    make_dataset: DatasetFactory, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = make_dataset()
    target = str(directory / "actors.yaml")
    real_open, real_io_open = os.open, io.open

    def refuse(path: Any) -> None:
        if isinstance(path, str | os.PathLike) and os.fspath(path) == target:
            raise PermissionError(13, "Permission denied", target)

    def os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        refuse(path)
        return real_open(path, *args, **kwargs)

    def io_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        refuse(path)
        return real_io_open(path, *args, **kwargs)

    # root reads any file whatever its mode, so the refusal is made here
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(builtins, "open", io_open)
    with pytest.raises(LoadError) as info:
        load(directory)
    (problem,) = [p for p in info.value.errors if p.path.name == "actors.yaml"]
    assert "permission denied" in problem.message and "chmod" in problem.hint


def test_the_bundled_dataset_round_trips_through_the_cache(folder: Path) -> None:
    fresh = load(cache=False)
    load()
    assert entries(folder)
    assert load() == fresh
    assert load().event("cheonan-sinking").title == fresh.event("cheonan-sinking").title
