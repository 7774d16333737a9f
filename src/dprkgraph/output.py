"""Writing output files safely: atomically, through symlinks, and never over a device.

Where the output goes decides how it is written:

- ``-`` means standard output; ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and
  ``/proc/self/fd/N`` mean that open file descriptor. The bytes are written to it as they come.
- A FIFO, a character or block device (``/dev/null``) or anything else that is not a regular
  file is opened and written to; it is never replaced by a file.
- A regular file, or a name that does not exist yet, is written to a temporary file in the
  same folder that replaces it only when the writing succeeded, so a failed or interrupted
  write leaves the previous file as it was. An existing file keeps its permissions; a
  read-only file is refused rather than silently replaced.
- A symbolic link (or a chain of them) is followed and its final target is written as above;
  the link stays a link. A dangling link creates its target if the target's folder exists.

Temporary files are named ``.NAME.dprkgraph-PID-XXXXXXXX.tmp``. They are removed when the
write fails or the process is stopped with SIGTERM under :func:`terminate_gracefully`; after a
SIGKILL they stay behind and are removed by the next write into the same folder once no process
with that PID is running. Nothing else in the folder is ever touched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import IO, Any

from dprkgraph.errors import OutputError

__all__ = [
    "atomic_path",
    "atomic_write",
    "is_stream",
    "output_folder",
    "remove_stale_temporaries",
    "temporary_name",
    "terminate_gracefully",
]

_TEMP = re.compile(r"^\..*\.dprkgraph-(?P<pid>[0-9]+)-[0-9a-f]{8}\.tmp$", re.DOTALL)
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(?P<fd>[0-9]+)$")
_NAMED_FD = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2}
_NAME_MAX = 255


def _descriptor(path: str | Path) -> int | None:
    """The file descriptor ``path`` names (``-``, ``/dev/stdout`` …), or None."""
    text = os.fspath(path)
    if text in _NAMED_FD:
        return _NAMED_FD[text]
    match = _FD_PATH.match(text)
    return int(match["fd"]) if match else None


def _check_name(path: str | Path) -> None:
    if not os.fspath(path) or "\x00" in os.fspath(path):
        raise OutputError(Path(path), "a file name must be non-empty and hold no NUL character")


def is_stream(path: str | Path) -> bool:
    """True if writing to ``path`` streams to it rather than replacing a file.

    That is ``-`` (standard output), a named file descriptor such as ``/dev/stdout``, and any
    existing FIFO, device or socket, also when reached through a symbolic link.

    >>> is_stream("-"), is_stream("/dev/null"), is_stream("/no/such/file.png")
    (True, True, False)
    """
    if _descriptor(path) is not None:
        return True
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def output_folder(path: str | Path, *, create: bool = True) -> Path:
    """Make sure ``path`` is a folder to write files into, making it (and its parents) if new
    and ``create`` is true.

    A link to a folder is followed. ``-`` and other names of standard output are refused
    rather than taken as a folder called ``-`` (write ``./-`` for that), as is anything that
    exists and is not a folder.

    Raises
    ------
    OutputError
        Naming the path and what to give instead.
    """
    _check_name(path)
    target = Path(path)
    if _descriptor(path) is not None:
        raise OutputError(
            target,
            "standard output cannot take a folder of files; give a folder name "
            "(./- for a folder called '-')",
        )
    if target.exists() and not target.is_dir():
        what = "a file" if target.is_file() else "a FIFO, device or socket"
        raise OutputError(target, f"it is {what}, not a folder — give a folder to write into")
    if not create:
        return target
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(target, err.strerror or str(err)) from err
    return target


def _pid_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def remove_stale_temporaries(folder: str | Path) -> list[Path]:
    """Remove temporary files left in ``folder`` by writers that no longer run.

    Only what is named like ours, owned by the current user, and whose process is gone is
    removed: regular files, and the folders a Parquet export is built in (with what they
    hold). Links are never followed or removed. Returns what was removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match is None or _pid_running(int(match["pid"])):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if info.st_uid != os.geteuid():
                continue
            if stat.S_ISREG(info.st_mode):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            elif stat.S_ISDIR(info.st_mode):
                shutil.rmtree(entry.path)  # does not follow links inside it
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def temporary_name(folder: Path, name: str) -> Path:
    """A name in ``folder`` for a temporary file or folder standing for ``name``, that
    :func:`remove_stale_temporaries` recognises once this process is gone."""
    room = _NAME_MAX - len(".dprkgraph-.tmp") - len(str(os.getpid())) - 10
    stem = name.encode()[:room].decode(errors="ignore")
    return folder / f".{stem}.dprkgraph-{os.getpid()}-{secrets.token_hex(4)}.tmp"


def _temporary(folder: Path, name: str) -> Path:
    """Create an empty, private temporary file in ``folder`` named after ``name``."""
    while True:
        tmp = temporary_name(folder, name)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp


def _resolve(path: str | Path) -> Path:
    """The regular file a write to ``path`` should replace: the end of any chain of links."""
    given = Path(path)
    target = Path(os.path.realpath(given))
    if given.is_symlink() and not target.parent.is_dir():
        raise OutputError(
            given,
            f"it is a symbolic link to {target}, whose folder "
            f"{target.parent} does not exist; create the folder or "
            "remove the link",
        )
    try:
        os.stat(given)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise OutputError(given, "the symbolic links loop; remove one of them") from err
    if not target.parent.is_dir():
        raise OutputError(given, f"the folder {target.parent} does not exist; create it first")
    if target.is_dir():
        raise OutputError(given, "it is a folder; give a file name")
    return target


def _new_file_mode(target: Path) -> tuple[int, int, int] | None:
    """Mode, uid and gid to give the file that replaces ``target``; None if it is new."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise OutputError(target, err.strerror or str(err)) from err
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise OutputError(
            target, "the file is read-only; make it writable (chmod u+w) or write to another name"
        )
    return stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid


def _apply_mode(tmp: Path, keep: tuple[int, int, int] | None) -> None:
    if keep is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    mode, uid, gid = keep
    if (uid, gid) != (os.geteuid(), os.getegid()):
        # Only root may give a file away; the mode is still kept.
        with contextlib.suppress(OSError):
            os.chown(tmp, uid, gid)
    os.chmod(tmp, mode)


@contextmanager
def _open_stream(path: str | Path, mode: str, **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a stream target for writing, without creating or truncating any file."""
    fd = _descriptor(path)
    try:
        if fd is not None:
            if fd == 1:
                sys.stdout.flush()
            elif fd == 2:
                sys.stderr.flush()
            handle = os.fdopen(os.dup(fd), mode, **kwargs)
        else:
            handle = open(path, mode, **kwargs)  # noqa: SIM115 - closed by the `with` below
    except OSError as err:
        raise OutputError(Path(path), err.strerror or str(err)) from err
    try:
        with handle:
            yield handle
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(Path(path), err.strerror or str(err)) from err


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; it becomes ``path`` only if the block succeeds.

    For a regular file the temporary file sits beside the target and replaces it; for a
    stream (``-``, ``/dev/stdout``, a FIFO, a device) it sits in the temporary folder and its
    bytes are copied to the stream when the block succeeds.

    Raises
    ------
    OutputError
        If the target's folder does not exist, the target is read-only or a folder, or the
        file cannot be written.
    """
    _check_name(path)
    streaming = is_stream(path)
    if streaming:
        folder, target, keep = Path(tempfile.gettempdir()), Path(path), None
        name = "stream"
    else:
        target = _resolve(path)
        folder, keep, name = target.parent, _new_file_mode(target), target.name
    remove_stale_temporaries(folder)
    try:
        tmp = _temporary(folder, name)
    except OSError as err:
        raise OutputError(target, err.strerror or str(err)) from err
    try:
        _apply_mode(tmp, keep)
        yield tmp
        if streaming:
            with open(tmp, "rb") as source, _open_stream(path, "wb") as sink:
                shutil.copyfileobj(source, sink)
        else:
            os.replace(tmp, target)
    except OutputError:
        raise
    except OSError as err:
        if isinstance(err, BrokenPipeError):
            raise
        raise OutputError(target, err.strerror or str(err)) from err
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)


@contextmanager
def atomic_write(path: str | Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open ``path`` for writing: a temporary file that replaces it only if the block succeeds,
    or, for a stream (``-``, ``/dev/stdout``, a FIFO, a device), the stream itself.

    Takes the arguments of :func:`open`; ``mode`` must be ``"w"`` or ``"wb"``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_write(folder / "a.txt", encoding="utf-8") as handle:
    ...     _ = handle.write("hello")
    >>> (folder / "a.txt").read_text(encoding="utf-8"), len(list(folder.iterdir()))
    ('hello', 1)
    >>> import shutil; shutil.rmtree(folder)
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write writes with mode 'w' or 'wb', not {mode!r}")
    _check_name(path)
    if is_stream(path):
        with _open_stream(path, mode, **kwargs) as handle:
            yield handle
        return
    with atomic_path(path) as tmp, open(tmp, mode, **kwargs) as handle:
        yield handle


def _raise_exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def terminate_gracefully() -> Iterator[None]:
    """Within the block, SIGTERM raises ``SystemExit(143)`` so that ``finally`` blocks run
    and temporary files are removed; the previous handler is restored afterwards.

    Meant for a program's entry point; the library installs no signal handler by itself. Off
    the main thread (where Python cannot set handlers) it does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
