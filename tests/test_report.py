"""The report folder: it writes what it can, says what it skipped, and never aborts a whole
run for one chart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from dprkgraph.cli import main
from dprkgraph.errors import OutputError, UnknownIdError
from dprkgraph.loader import load_graph
from dprkgraph.report import REPORT_FILES, write_report
from tests.conftest import DatasetFactory

# Two actors who each act alone: no one acts toward anyone, so there is no dyad to draw.
SOLO_EVENTS = """\
events:
  - id: speech
    title: Alphaland speaks
    date: 2010-03
    type: statement
    cameo: "010"
    participants:
      - {actor: aaa, role: speaker}
    sources:
      - {source: src, quote: Alphaland spoke}
  - id: walkout
    title: Betaland walks out
    date: 2010-04-02
    type: withdrawal
    participants:
      - {actor: bbb, role: initiator}
    sources:
      - {source: src, quote: Betaland left}
"""


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_report_without_a_dyad_writes_the_rest(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_dataset(events=SOLO_EVENTS)
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "report", "--data", str(data), "-o", str(out))
    assert code == 0, err
    expected = [name for name in REPORT_FILES if name != "dyad.png"]
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    assert stdout.startswith(f"wrote {len(expected)} files")
    assert "skipped dyad.png: no two actors act toward each other in this selection" in err
    result = write_report(load_graph(data), tmp_path / "again")
    assert result.skipped == [("dyad.png", "no two actors act toward each other in this selection")]
    assert result.failed == []


# A chart can fail in ways no check foresees (matplotlib raises RuntimeError when its
# renderer gives up, for one); the other products are written all the same.
@pytest.mark.parametrize("error", [ValueError, RuntimeError, OverflowError, MemoryError])
def test_a_failing_chart_does_not_stop_the_others(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: type[Exception],
) -> None:
    import dprkgraph.plot

    real = dprkgraph.plot.figure

    def broken(kind: str, g: object, **options: object) -> object:
        if kind == "network":
            raise error("renderer broke")
        return real(kind, g, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(dprkgraph.plot, "figure", broken)
    out = tmp_path / "out"
    code, _, err = run(capsys, "report", "--from", "2009", "-o", str(out))
    assert code == 1
    assert f"network.png not written: {error.__name__}: renderer broke" in err
    assert "Traceback" not in err
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(n for n in REPORT_FILES if n != "network.png")


def test_report_into_a_regular_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "afile"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "report", "-o", str(target))
    assert code == 1
    assert "Traceback" not in err
    assert f"cannot write {target}: it is a file, not a folder" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    with pytest.raises(OutputError):
        write_report(load_graph(), target)


def test_unknown_pair_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, _, err = run(capsys, "report", "--pair", "usa", "nk", "-o", str(out))
    assert code == 1 and "unknown actor 'nk'" in err
    assert not out.exists()
    with pytest.raises(UnknownIdError):
        write_report(load_graph(), out, dyad_pair=("nk", "usa"))


def test_report_event_table_is_the_events_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(capsys, "report", "-o", str(out))[0] == 0
    code, listed, _ = run(capsys, "events", "--format", "csv")
    assert code == 0
    table = (out / "events.csv").read_text(encoding="utf-8")
    assert table.replace("\r\n", "\n") == listed.replace("\r\n", "\n")
    assert "usa (party); prk (party)" in table


OPEN_EVENTS = """\
events:
  - id: onward
    title: Alphaland sanctions Betaland from August on
    date: "2010-08/.."
    type: sanction
    cameo: "163"
    participants:
      - {actor: aaa, role: initiator}
      - {actor: bbb, role: target}
    sources:
      - {source: src, quote: sanctions}
  - id: either
    title: Betaland visits Alphaland
    date: "[2010-08-25, 2010-10]"
    type: visit
    cameo: "042"
    participants:
      - {actor: bbb, role: visitor}
      - {actor: aaa, role: host}
    sources:
      - {source: src, quote: a visit}
  - id: before
    title: Alphaland warned Betaland at some time before
    date: "../2010-08-30"
    type: statement
    cameo: "012"
    participants:
      - {actor: aaa, role: speaker}
      - {actor: bbb, role: addressee}
    sources:
      - {source: src, quote: a warning}
"""


@pytest.mark.parametrize("window", [[], ["--from", "2010-07"], ["--from", "2010-08-20"]])
def test_report_on_open_and_one_of_dates_writes_every_file(
    make_dataset: DatasetFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    window: list[str],
) -> None:
    data = make_dataset(events=OPEN_EVENTS)
    out = tmp_path / "out"
    code, _, err = run(capsys, "report", "--data", str(data), *window, "-o", str(out))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == sorted(REPORT_FILES)


def test_a_pair_of_one_actor_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, _, err = run(capsys, "report", "--pair", "usa", "usa", "-o", str(out))
    assert code == 1 and "--pair='usa usa' is not valid: name two actors" in err
    assert not out.exists()
