"""Reading a dataset file's bytes safely, and the parsed records with where they were written.

A name that is not a readable regular file (a folder, FIFO, device, broken or looping link)
is reported, never opened for a blocking read. Each file is read once; the same bytes are
hashed for the cache key and parsed.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dprkgraph.errors import Problem
from dprkgraph.model import Actor, Event, Source

__all__ = ["KINDS", "Loc", "Located", "Parsed", "Pos", "Read", "decode", "read_file"]

KINDS: dict[str, type[BaseModel]] = {"events": Event, "actors": Actor, "sources": Source}

Loc = tuple[str | int, ...]
Pos = tuple[int, int]


@dataclass
class Read:
    """A dataset file's bytes, read once: the cache key and the parser both use them."""

    path: Path
    kind: str
    data: bytes
    stamp: tuple[int, int, int, int]  # device, inode, size, modification time (ns)

    def unchanged(self) -> bool:
        """Whether the file on disk still looks as it did when it was read."""
        try:
            info = os.stat(self.path)
        except OSError:
            return False
        return _stamp(info) == self.stamp


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


_NOT_A_FILE = {
    stat.S_IFDIR: (
        "is a folder, not a file",
        "a dataset file must be a regular file: rename the folder or move it out",
    ),
    stat.S_IFIFO: (
        "is a named pipe (FIFO), not a file",
        "write the data to a regular file; pipes are not read",
    ),
    stat.S_IFSOCK: ("is a socket, not a file", "write the data to a regular file"),
    stat.S_IFCHR: ("is a device, not a file", "write the data to a regular file"),
    stat.S_IFBLK: ("is a device, not a file", "write the data to a regular file"),
}


def read_file(path: Path, kind: str, problems: list[Problem]) -> Read | None:
    """A dataset file's bytes, or a problem saying why it cannot be read.

    The file is opened without blocking and checked before reading, so a FIFO or a device
    named like a dataset file is reported instead of hanging the load.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        problems.append(_open_problem(path, err))
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        message, hint = _NOT_A_FILE.get(
            stat.S_IFMT(info.st_mode), ("is not a regular file", "use a regular file")
        )
        problems.append(Problem(path, 0, 0, message, hint))
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read()
        except OSError as err:
            problems.append(
                Problem(
                    path,
                    0,
                    0,
                    f"cannot read the file: {err.strerror}",
                    "check the disk or copy the file again",
                )
            )
            return None
    return Read(path, kind, data, _stamp(info))


def _open_problem(path: Path, err: OSError) -> Problem:
    if err.errno == errno.ELOOP:
        return Problem(
            path,
            0,
            0,
            "is a symbolic link that leads back to itself",
            "point the link at a real file, or remove it",
        )
    if isinstance(err, FileNotFoundError):
        try:
            target = os.readlink(path)
        except OSError:
            target = ""
        if target:
            return Problem(
                path,
                0,
                0,
                f"is a symbolic link to {target}, which does not exist",
                "point the link at a real file, or remove it",
            )
        return Problem(
            path,
            0,
            0,
            "disappeared while the dataset was being read",
            "load again once the files are in place",
        )
    if isinstance(err, PermissionError):
        return Problem(
            path,
            0,
            0,
            "cannot read the file: permission denied",
            f"give yourself read access (chmod u+r '{path}') or move it out",
        )
    return Problem(
        path,
        0,
        0,
        f"cannot read the file: {err.strerror or err}",
        "check that the file is a readable regular file",
    )


@dataclass
class Parsed:
    """One file's records as plain data, with where each value and key was written.

    Positions cost more to record than the records do to read, so a reader may leave
    ``values`` and ``keys`` empty and give ``locate``, which fills them in: it runs the
    first time a position is asked for, which is when there is a problem to report.
    """

    path: Path
    kind: str
    records: list[Any]
    values: dict[Loc, Pos]
    keys: dict[Loc, Pos]
    invalid_ids: set[str] = field(default_factory=set)
    invalid: list[int] = field(default_factory=list)
    line_numbers: list[int] | None = None  # JSON Lines: the line of each record
    lines: list[str] = field(default_factory=list)  # JSON Lines: each record's line
    locate: Callable[[Parsed], None] | None = None

    def where(self, loc: Loc, *, key: bool = False) -> Pos:
        """The position of ``loc``, or of the nearest enclosing value that has one."""
        if self.locate is not None:
            locate, self.locate = self.locate, None
            locate(self)
        if self.line_numbers is not None:
            return self._jsonl_where(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def _jsonl_where(self, loc: Loc) -> Pos:
        if len(loc) < 2 or not isinstance(loc[1], int) or self.line_numbers is None:
            return (1, 1)
        line = self.line_numbers[loc[1]]
        names = [p for p in loc[2:] if isinstance(p, str)]
        if not names:
            return (line, 1)
        column = self.lines[loc[1]].find(json.dumps(names[-1], ensure_ascii=False))
        return (line, column + 1 if column >= 0 else 1)


@dataclass(slots=True)
class Located:
    """A validated record with the file it came from and its index there."""

    record: Any
    parsed: Parsed
    index: int

    def where(self, *loc: str | int, key: bool = False) -> Pos:
        return self.parsed.where((self.parsed.kind, self.index, *loc), key=key)

    def problem(self, message: str, hint: str, *loc: str | int, key: bool = False) -> Problem:
        line, col = self.where(*loc, key=key)
        return Problem(self.parsed.path, line, col, message, hint)


def decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        problems.append(
            Problem(
                path,
                line,
                column,
                f"not UTF-8 text (byte {err.start}: {data[err.start]:#04x})",
                "save the file as UTF-8",
            )
        )
        return None
