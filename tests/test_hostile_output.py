"""Every command that takes -o, aimed at what a shared drive may hold at that name: a link, a
FIFO, a device, a private or read-only file, standard output, or a file where a folder goes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from dprkgraph.cli import main

#: Every command that writes one file with -o, as the CLI is called (the target comes last).
FILE_COMMANDS = {
    **{
        f"export-{fmt}": ["export", "--format", fmt]
        for fmt in ("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads")
    },
    "plot-timeline": ["plot", "timeline"],
    "plot-dyad": ["plot", "dyad"],
    "plot-network": ["plot", "network"],
    "explore": ["explore"],
}
#: Every command that writes a folder of files.
FOLDER_COMMANDS = {
    "report": ["report"],
    "export-parquet": ["export", "--format", "parquet"],
    "to-parquet": ["to-parquet"],
    "import-gdelt": ["import-gdelt", "FEED"],
}


def run(
    capsys: pytest.CaptureFixture[str], command: list[str], target: str, feed: Path | None = None
) -> tuple[int, str]:
    argv = [str(feed) if a == "FEED" else a for a in command]
    positional = command[0] in ("to-parquet",) or command[-1] == "parquet"
    code = main([*argv, target] if positional else [*argv, "-o", target])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def suffix(name: str) -> str:
    return ".png" if name.startswith("plot") else ".html" if name == "explore" else ".out"


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FILE_COMMANDS))
def test_a_link_is_written_through_and_the_mode_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    real, link = tmp_path / f"real{suffix(name)}", tmp_path / f"link{suffix(name)}"
    real.write_text("old")
    real.chmod(0o600)
    link.symlink_to(real.name)
    code, err = run(capsys, FILE_COMMANDS[name], str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_bytes() != b"old" and real.stat().st_size > 100
    assert real.stat().st_mode & 0o777 == 0o600
    assert temporaries(tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FILE_COMMANDS))
def test_a_read_only_target_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    target = tmp_path / f"locked{suffix(name)}"
    target.write_text("keep")
    target.chmod(0o444)
    code, err = run(capsys, FILE_COMMANDS[name], str(target))
    assert code == 1 and "read-only" in err and "chmod u+w" in err
    assert target.read_text() == "keep" and temporaries(tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FILE_COMMANDS))
def test_a_fifo_and_a_device_are_streamed_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    fifo = tmp_path / f"pipe{suffix(name)}"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, err = run(capsys, FILE_COMMANDS[name], str(fifo))
    reader.join(timeout=60)
    assert code == 0, err
    assert fifo.is_fifo() and len(received[0]) > 100
    code, err = run(capsys, FILE_COMMANDS[name], "/dev/null")
    assert code == 0, err
    assert Path("/dev/null").is_char_device()
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("name", sorted(FOLDER_COMMANDS))
@pytest.mark.parametrize("target", ["-", "file", "fifo"])
def test_a_folder_command_refuses_what_is_not_a_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    target: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file").write_text("keep")
    os.mkfifo(tmp_path / "fifo")
    feed = tmp_path / "feed.export.CSV"
    feed.write_text("")
    code, err = run(capsys, FOLDER_COMMANDS[name], target, feed)
    assert code == 1 and err.startswith(f"dprkgraph: error: cannot write {target}: ")
    assert "folder" in err
    assert not (tmp_path / "-").exists() and (tmp_path / "file").read_text() == "keep"
    assert (tmp_path / "fifo").is_fifo()


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **_QUIET)
    return int(proc.stdout)


_QUIET: dict[str, object] = {"capture_output": True, "text": True, "check": True}


def test_a_killed_parquet_export_is_cleaned_up_by_the_next_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.columnar import write

    staged: list[Path] = []
    real = write._write_table

    def spy(table: object, folder: Path, *, partitioned: bool) -> None:
        staged.append(folder.parent)
        real(table, folder, partitioned=partitioned)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "_write_table", spy)
    dead = _dead_pid()
    left = tmp_path / f".pq.dprkgraph-{dead}-0123abcd.tmp"  # what a SIGKILL leaves
    (left / "events" / "year=2010").mkdir(parents=True)
    (left / "events" / "year=2010" / "part-0.parquet").write_bytes(b"PAR1" * 1000)
    running = tmp_path / f".pq.dprkgraph-{os.getpid()}-0123abcd.tmp"
    running.mkdir()
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("keep")

    code, err = run(capsys, FOLDER_COMMANDS["export-parquet"], str(tmp_path / "pq"))
    assert code == 0, err
    assert {p.name for p in staged} == {staged[0].name}
    assert re.fullmatch(rf"\.pq\.dprkgraph-{os.getpid()}-[0-9a-f]{{8}}\.tmp", staged[0].name)
    assert not left.exists() and running.is_dir() and (mine / "keep.txt").read_text() == "keep"


ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"


def test_a_hostile_file_name_reaches_the_terminal_without_control_codes(
    make_dataset: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dataset or feed file someone sent, named to retitle or clear the terminal."""
    data = make_dataset(extra={f"events-{ESCAPES}.jsonl": '{"id": 1}\n'})
    feed = tmp_path / f"g{ESCAPES}.export.CSV"
    feed.write_text("not a row\n")
    for argv in (
        ["validate", "--data", str(data)],
        ["import-gdelt", str(feed), "-o", str(tmp_path / "out")],
        ["export", "--data", str(data), "-o", str(tmp_path / f"x{ESCAPES}" / "x.ttl")],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert not {"\x1b", "\x07", "\x9b", "\u202e"} & set(err), (argv, err)
        assert "\\x1b]0;pwned\\x07" in err  # shown, visibly, as what it is
