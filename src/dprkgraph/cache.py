"""A cache of validated datasets, keyed by the exact bytes that were parsed.

The key is a SHA-256 over the package version and every dataset file's name and the bytes
the loader read and parsed, so any edit, added or removed file, or new dprkgraph version
misses the cache: it cannot go stale.

Where and how entries are kept:

- The folder is ``$DPRKGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/dprkgraph``, else
  ``~/.cache/dprkgraph``. It is created private (0700); a folder owned by another user, or
  writable by group or others, is never used (the load simply runs without a cache).
- An entry, ``<key>.dprkgraph-cache`` (0600), is one header line then the dataset as JSON.
  Reading it back runs no code from the file: the JSON is validated again through the same
  record models as a fresh load.
- The header carries an HMAC-SHA256 of the key and the JSON under a random 32-byte secret
  kept in the folder (``secret.key``, 0600, made on first use). An entry whose MAC does not
  match, that is damaged, foreign, a link, or not owned by the user, is a miss.
- The newest few entries are kept; eviction deletes only files named like this module's
  entries and owned by the user.

Set ``DPRKGRAPH_NO_CACHE=1`` to switch the cache off.

What this protects against, and what it cannot: an entry can never run code, and whoever
cannot read the secret cannot make an entry that is served (copied-in or planted files,
another program's files, entries from another machine or user). A process running as the
same user, or root, can read the secret and so forge an entry; the records it serves must
still pass the record models' validation, but the checks across records (unique ids, known
references) are not run again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from dprkgraph._gc import gc_paused
from dprkgraph.model import Dataset

__all__ = ["cache_dir", "cache_key", "enabled", "get", "put"]

KEEP = 8
_FORMAT = b"dprkgraph-cache 1"
_SUFFIX = ".dprkgraph-cache"
_SECRET = "secret.key"
_KEY = re.compile(r"[0-9a-f]{64}")
_ENTRY = re.compile(r"[0-9a-f]{64}\.dprkgraph-cache")
_PARTIAL = re.compile(r"\.[0-9a-f]{64}\.dprkgraph-cache\.[0-9a-f]{16}\.tmp")
_STALE_SECONDS = 3600


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


@functools.cache
def _shape() -> str:
    """A digest of the models' field names: records cached by a version of the code with
    other fields are not read back as if they fitted."""
    import dataclasses

    from dprkgraph import model

    names = []
    for cls in (model.Citation, model.Participation, model.Relation):
        names.append(cls.__name__ + ":" + ",".join(f.name for f in dataclasses.fields(cls)))
    for rec in (model.Claim, model.Position, model.Actor, model.Source, model.Event):
        names.append(rec.__name__ + ":" + ",".join(rec.model_fields))
    return hashlib.sha256(";".join(names).encode()).hexdigest()[:16]


def cache_key(contents: Iterable[tuple[str, bytes]]) -> str:
    """A key for these files' names and bytes, and this version of dprkgraph.

    ``contents`` holds (file name, bytes) pairs: the bytes the loader parses, not a second
    reading of the file, so an entry always describes content that was parsed.

    >>> cache_key([("events.yaml", b"events: []")]) == cache_key([("events.yaml", b"events: []")])
    True
    >>> cache_key([("events.yaml", b"a")]) == cache_key([("events.yml", b"a")])
    False
    """
    from dprkgraph import __version__

    digest = hashlib.sha256(f"dprkgraph {__version__} {_FORMAT.decode()} {_shape()}\n".encode())
    for name, data in sorted(contents):
        digest.update(f"{name}\n{len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Dataset)


def _private(info: os.stat_result) -> bool:
    """A regular file of this user that nobody else can read or write."""
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def _open_folder(*, create: bool) -> int | None:
    """A descriptor of the cache folder, or None when it must not be used."""
    if not (hasattr(os, "getuid") and hasattr(os, "O_NOFOLLOW")):
        return None  # without owners and O_NOFOLLOW the checks below cannot be made
    fd = -1
    try:
        folder = cache_dir()  # Path.home() fails where there is no home
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        info = os.fstat(fd)
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            os.close(fd)
            return None  # someone else could plant or swap entries here
        if info.st_mode & 0o077:
            os.fchmod(fd, 0o700)  # a folder made by an older version was 0755
    except (OSError, RuntimeError, KeyError):
        if fd >= 0:
            os.close(fd)
        return None
    return fd


@contextmanager
def _folder(*, create: bool) -> Iterator[int | None]:
    """The cache folder's descriptor for the block, or None when it must not be used.

    Every step works relative to this descriptor, so the folder checked is the folder used
    even if its path is swapped meanwhile.
    """
    fd = _open_folder(create=create)
    try:
        yield fd
    finally:
        if fd is not None:
            os.close(fd)


def _read_private(name: str, folder: int, limit: int = -1) -> bytes | None:
    """The bytes of a private regular file in the folder; None for anything else."""
    try:
        fd = os.open(
            name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder
        )
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not _private(os.fstat(fd)):
            return None
        return handle.read(limit)


def _write_private(name: str, folder: int, data: bytes) -> str:
    """Write ``data`` to a new 0600 file beside ``name``; return the temporary name."""
    tmp = f".{name}.{secrets.token_hex(8)}.tmp"
    fd = os.open(
        tmp,
        os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
        0o600,
        dir_fd=folder,
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError:
        os.unlink(tmp, dir_fd=folder)
        raise
    return tmp


def _secret(folder: int, *, create: bool) -> bytes | None:
    found = _read_private(_SECRET, folder, 64)
    if found is not None:
        return found if len(found) == 32 else None
    if not create:
        return None
    try:
        os.lstat(_SECRET, dir_fd=folder)
        return None  # there, but a link or not private: leave it and use no cache
    except FileNotFoundError:
        pass
    tmp = _write_private(_SECRET, folder, secrets.token_bytes(32))
    try:
        os.link(tmp, _SECRET, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        os.unlink(tmp, dir_fd=folder)
    return _secret(folder, create=False)


def _header(secret: bytes, key: str, body: bytes) -> bytes:
    mac = hmac.new(secret, _FORMAT + b" " + key.encode() + b"\n", hashlib.sha256)
    mac.update(body)
    return _FORMAT + b" " + key.encode() + b" " + mac.hexdigest().encode()


def get(key: str) -> Dataset | None:
    """The cached dataset for ``key``, or None.

    A missing, damaged, foreign or forged entry is a miss: this never raises.
    """
    if not _KEY.fullmatch(key):
        return None
    with _folder(create=False) as folder:
        if folder is None:
            return None
        try:
            secret = _secret(folder, create=False)
            data = _read_private(key + _SUFFIX, folder) if secret else None
        except OSError:
            return None
        if secret is None or data is None:
            return None
        header, newline, body = data.partition(b"\n")
        if not newline or not hmac.compare_digest(header, _header(secret, key, body)):
            return None
        try:
            with gc_paused():  # many objects and no cycles: the collector only slows it
                found = _adapter().validate_json(body)
        except ValueError:  # pydantic's ValidationError is a ValueError
            return None
        with contextlib.suppress(OSError):
            os.utime(key + _SUFFIX, dir_fd=folder, follow_symlinks=False)  # kept longest
        return found if isinstance(found, Dataset) else None


def put(key: str, dataset: Dataset) -> None:
    """Store ``dataset`` under ``key``; a cache that cannot be written is silently skipped,
    since it only ever saves time."""
    if not _KEY.fullmatch(key):
        return
    with _folder(create=True) as folder:
        if folder is None:
            return
        try:
            secret = _secret(folder, create=True)
            if secret is None:
                return
            body = _adapter().dump_json(dataset)
            name = key + _SUFFIX
            tmp = _write_private(name, folder, _header(secret, key, body) + b"\n" + body)
            os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
            _evict(folder)
        except (OSError, ValueError):  # ValueError: a value JSON cannot hold (pydantic's error)
            return


def _evict(folder: int) -> None:
    """Keep the newest ``KEEP`` entries; delete only files this module names and owns."""
    entries: list[tuple[float, str]] = []
    now = time.time()
    with os.scandir(folder) as listing:
        for item in listing:
            info = item.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                continue
            if _ENTRY.fullmatch(item.name):
                entries.append((info.st_mtime, item.name))
            elif _PARTIAL.fullmatch(item.name) and now - info.st_mtime > _STALE_SECONDS:
                os.unlink(item.name, dir_fd=folder)  # left by a write that was killed
    entries.sort(reverse=True)
    for _, name in entries[KEEP:]:
        with suppress(FileNotFoundError):
            os.unlink(name, dir_fd=folder)
