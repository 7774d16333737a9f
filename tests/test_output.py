"""Output files: atomic, through symlinks, never over a device or stream, modes kept."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dprkgraph.cli import main
from dprkgraph.errors import OutputError
from dprkgraph.output import atomic_path, atomic_write, remove_stale_temporaries
from tests.conftest import DatasetFactory

ROOT = Path(__file__).resolve().parents[1]


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(proc.stdout)


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write("half")
        raise RuntimeError("stop")
    assert target.read_text() == "old" and _temporaries(tmp_path) == []


@pytest.mark.parametrize("hops", [1, 3])
def test_symlinks_are_written_through(tmp_path: Path, hops: int) -> None:
    real = tmp_path / "data" / "real.ttl"
    real.parent.mkdir()
    real.write_text("old")
    link = real
    for i in range(hops):
        nxt = tmp_path / f"link{i}.ttl"
        nxt.symlink_to(link)
        link = nxt
    with atomic_write(link) as handle:
        handle.write("new")
    assert link.is_symlink() and os.readlink(tmp_path / "link0.ttl") == str(real)
    assert real.read_text() == "new"
    assert _temporaries(tmp_path) == [] and _temporaries(real.parent) == []


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out.ttl"
    link.symlink_to(tmp_path / "made.ttl")
    with atomic_write(link) as handle:
        handle.write("x")
    assert link.is_symlink() and (tmp_path / "made.ttl").read_text() == "x"


def test_a_dangling_symlink_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.ttl"
    link.symlink_to(tmp_path / "gone" / "made.ttl")
    with (
        pytest.raises(OutputError, match=r"symbolic link to .*gone.*does not exist"),
        atomic_write(link) as handle,
    ):
        handle.write("x")
    assert link.is_symlink() and not (tmp_path / "gone").exists()


def test_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OutputError, match="loop"), atomic_write(tmp_path / "a") as handle:
        handle.write("x")


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_permissions_are_kept(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(mode)
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert stat.S_IMODE(target.stat().st_mode) == mode and target.read_text() == "new"


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        with atomic_write(tmp_path / "new.txt") as handle:
            handle.write("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("keep")
    target.chmod(0o444)
    with pytest.raises(OutputError, match=r"read-only.*chmod u\+w"), atomic_write(target) as handle:
        handle.write("new")
    assert target.read_text() == "keep" and _temporaries(tmp_path) == []


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"), atomic_write(tmp_path) as handle:
        handle.write("x")


@pytest.mark.parametrize("name", ["", "a\x00b.txt"])
def test_impossible_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="NUL"), atomic_path(name) as tmp:
        tmp.write_text("x")


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with (
        pytest.raises(OutputError, match="does not exist"),
        atomic_write(tmp_path / "no" / "a.txt") as handle,
    ):
        handle.write("x")


@pytest.mark.parametrize("binary", [False, True])
def test_a_fifo_is_streamed_to_not_replaced(tmp_path: Path, binary: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    if binary:
        with atomic_path(fifo) as tmp:
            tmp.write_bytes(b"\x89PNG bytes")
    else:
        with atomic_write(fifo, encoding="utf-8") as handle:
            handle.write("through the pipe")
    out, _ = reader.communicate(timeout=30)
    assert out == (b"\x89PNG bytes" if binary else b"through the pipe")
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and _temporaries(tmp_path) == []


@pytest.mark.parametrize("writer", ["atomic_write", "atomic_path"])
def test_dev_null_stays_a_device(writer: str) -> None:
    before = os.stat("/dev/null")
    if writer == "atomic_write":
        with atomic_write("/dev/null") as handle:
            handle.write("gone")
    else:
        with atomic_path("/dev/null") as tmp:
            tmp.write_text("gone")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_standard_output(capfd: pytest.CaptureFixture[str], name: str) -> None:
    print("before", flush=True)
    with atomic_write(name, encoding="utf-8") as handle:
        handle.write("text ")
    with atomic_path(name) as tmp:
        tmp.write_bytes(b"bytes")
    assert capfd.readouterr().out == "before\ntext bytes"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "start"),
    [
        (["export", "-o", "-"], b"@prefix"),
        (["export", "--format", "ntriples", "-o", "/dev/stdout"], b"<https://"),
        (["plot", "timeline", "-o", "/dev/stdout"], b"\x89PNG"),
        (["plot", "timeline", "-o", "-"], b"\x89PNG"),
    ],
)
def test_commands_write_to_standard_output(
    make_dataset: DatasetFactory, tmp_path: Path, command: list[str], start: bytes
) -> None:
    out = tmp_path / "x.out"
    with out.open("wb") as sink:  # as the shell's `> x.out` does
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "dprkgraph",
                *command[:-2],
                "--data",
                str(make_dataset()),
                *command[-2:],
            ],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            check=False,
        )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(start) and _temporaries(tmp_path) == []


def test_stale_temporaries_of_dead_writers_are_removed(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getpid()
    names = {
        f".a.txt.dprkgraph-{dead}-0123abcd.tmp": False,  # ours, writer gone: removed
        f".a.txt.dprkgraph-{alive}-0123abcd.tmp": True,  # ours, writer running: kept
        ".a.txt.tmp": True,  # not ours
        f"a.txt.dprkgraph-{dead}-0123abcd.tmp": True,  # not our pattern (no dot)
        f".b.dprkgraph-{dead}-zzzz.tmp": True,  # not our pattern
        "notes.txt": True,
    }
    for name in names:
        (tmp_path / name).write_text("x")
    (tmp_path / f".l.dprkgraph-{dead}-0123abcd.tmp").symlink_to(tmp_path / "notes.txt")
    with atomic_write(tmp_path / "a.txt") as handle:
        handle.write("y")
    for name, kept in names.items():
        assert (tmp_path / name).exists() == kept, name
    assert (tmp_path / f".l.dprkgraph-{dead}-0123abcd.tmp").is_symlink()  # links never
    assert remove_stale_temporaries(tmp_path) == []


# A writer that stops half-way through a file and waits; the test then kills it.
_SLOW_WRITER = textwrap.dedent("""
    import pathlib, sys, time
    import dprkgraph.stream
    from dprkgraph.cli import main

    target = pathlib.Path(sys.argv[2])
    FIRST = "@prefix x: <https://x.example/> .\\n" * 40_000  # over a megabyte: handed on

    def slow(dataset, base_iri):
        yield FIRST
        # wait until the first block is on disk, say so, then wait for the signal
        while not any(p.stat().st_size >= len(FIRST)
                      for p in target.parent.glob(".export.ttl.dprkgraph-*.tmp")):
            time.sleep(0.01)
        print("half-way", flush=True)
        sys.stdin.readline()
        yield "the rest"

    dprkgraph.stream.stream_turtle = slow
    sys.exit(main(["export", "--data", sys.argv[1], "--format", "turtle", "-o", sys.argv[2]]))
""")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killed_writers_leave_no_temporary_behind(
    make_dataset: DatasetFactory, tmp_path: Path, sig: signal.Signals
) -> None:
    data = make_dataset()
    out = tmp_path / "out"
    out.mkdir()
    target = out / "export.ttl"
    target.write_text("previous")
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(data), str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line == "half-way\n", proc.stderr.read() if proc.stderr else ""
    (left,) = _temporaries(out)
    assert left.startswith(".export.ttl.dprkgraph-") and (out / left).stat().st_size > 1 << 20
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert target.read_text() == "previous"
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM
        assert _temporaries(out) == []
    else:
        assert proc.returncode == -signal.SIGKILL and _temporaries(out) == [left]
        with atomic_write(out / "other.txt") as handle:  # the next write into the folder
            handle.write("x")
        assert _temporaries(out) == [] and target.read_text() == "previous"


def test_terminate_gracefully_restores_the_handler() -> None:
    from dprkgraph.output import terminate_gracefully

    before = signal.getsignal(signal.SIGTERM)
    with terminate_gracefully():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.slow
def test_importing_the_package_installs_no_signal_handler() -> None:
    code = (
        "import signal, dprkgraph, dprkgraph.cli, dprkgraph.output; "
        "print(signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=True,
    )
    assert proc.stdout.strip() == "True"


def test_cli_reports_a_read_only_target(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "locked.ttl"
    target.write_text("keep")
    target.chmod(0o444)
    assert main(["export", "--data", str(make_dataset()), "-o", str(target)]) == 1
    assert "read-only" in capsys.readouterr().err and target.read_text() == "keep"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("-", "standard output cannot take a folder of files"),
        ("/dev/stdout", "standard output cannot take a folder of files"),
        ("/dev/null", "it is a FIFO, device or socket, not a folder"),
        ("file", "it is a file, not a folder"),
        ("fifo", "it is a FIFO, device or socket, not a folder"),
        ("", "non-empty"),
    ],
)
def test_a_folder_output_must_be_a_folder(tmp_path: Path, name: str, message: str) -> None:
    from dprkgraph.output import output_folder

    (tmp_path / "file").write_text("keep")
    os.mkfifo(tmp_path / "fifo")
    target = name if name in ("-", "", "/dev/stdout", "/dev/null") else str(tmp_path / name)
    with pytest.raises(OutputError, match=message):
        output_folder(target)
    assert (tmp_path / "file").read_text() == "keep" and not Path("-").exists()


def test_a_folder_output_is_made_or_followed(tmp_path: Path) -> None:
    from dprkgraph.output import output_folder

    assert output_folder(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert (tmp_path / "a" / "b").is_dir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert output_folder(tmp_path / "link") == tmp_path / "link"
