"""A cache of validated datasets, keyed by the exact bytes of their files.

The key is a SHA-256 over the package version and every dataset file's name and content, so
any edit, added or removed file, or new dprkgraph version misses the cache: it cannot go
stale. Entries are pickles written atomically to ``$DPRKGRAPH_CACHE_DIR`` (default
``$XDG_CACHE_HOME/dprkgraph`` or ``~/.cache/dprkgraph``); the newest few are kept. Set
``DPRKGRAPH_NO_CACHE=1`` to switch it off. Only this package writes there, and it reads back
only files it wrote, named by their key.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from dprkgraph.model import Dataset
from dprkgraph.output import atomic_path

__all__ = ["cache_dir", "cache_key", "enabled", "get", "put"]

KEEP = 8


def enabled() -> bool:
    """False when ``DPRKGRAPH_NO_CACHE`` is set to anything but ``0`` or empty."""
    return os.environ.get("DPRKGRAPH_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """Where entries live."""
    explicit = os.environ.get("DPRKGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dprkgraph"


def _shape() -> str:
    import dataclasses

    from dprkgraph import model

    names = []
    for cls in (model.Citation, model.Participation, model.Relation):
        names.append(cls.__name__ + ":" + ",".join(f.name for f in dataclasses.fields(cls)))
    for rec in (model.Claim, model.Position, model.Actor, model.Source, model.Event):
        names.append(rec.__name__ + ":" + ",".join(rec.model_fields))
    return hashlib.sha256(";".join(names).encode()).hexdigest()[:16]


_SHAPE = _shape()


def cache_key(files: Iterable[Path]) -> str:
    """A key for these files' names and bytes, this version of dprkgraph and the models'
    fields (a pickle of records with other fields would load as broken objects)."""
    from dprkgraph import __version__

    digest = hashlib.sha256(f"dprkgraph {__version__} pickle 5 {_SHAPE}\n".encode())
    for path in sorted(files):
        digest.update(f"{path.name}\n".encode())
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\n--\n")
    return digest.hexdigest()


def get(key: str) -> Dataset | None:
    """The cached dataset for ``key``, or None."""
    path = cache_dir() / f"{key}.pickle"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    gc.disable()  # unpickling builds many objects and no cycles; the collector only slows it
    try:
        found = pickle.loads(data)  # noqa: S301 - a file this module wrote, named by its hash
    except Exception:  # a truncated or foreign file is a miss, not an error
        return None
    finally:
        gc.enable()
    if not isinstance(found, Dataset):
        return None
    os.utime(path)
    return found


def put(key: str, dataset: Dataset) -> None:
    """Store ``dataset`` under ``key``; a cache that cannot be written is silently skipped,
    since it only ever saves time."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(folder / f"{key}.pickle") as tmp:
            tmp.write_bytes(pickle.dumps(dataset, protocol=5))
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
