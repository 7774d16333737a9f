"""Fuzzing the GDELT importer: whatever the rows hold, in any of GDELT's layouts and under
whatever file name, only documented errors escape and what is written loads."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dprkgraph
from dprkgraph.errors import DprkGraphError
from dprkgraph.gdelt import LAYOUTS, import_gdelt
from tests.conftest import gdelt_row
from tests.test_gdelt import v1_row

# Values that have broken importers: separators, control characters, huge fields, numbers
# that are not numbers, digits of other scripts, codes of the wrong shape.
HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "\x00",
        "\x07",
        "\x1b[31m",
        "\x7f",
        "\u2028",
        "\ufeff",
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "1e400",
        "-1e400",
        "1_0",
        "0x10",
        "+4",
        "-0",
        "١٢٣",
        "２０１０",
        "𝟏𝟐",
        "²",
        "4.5",
        "99999999999999999999999999",
        "9" * 300,
        "ÉÉÉ",
        "usa",
        "K0R",
        "A B",
        "ZZ-Z",
        "<img src=x onerror=alert(1)>",
        "'\"\\",
        "http://[::1",
        "https://x.example/\x01",
        "https://x.example/a b",
        "javascript:alert(1)",
        "x" * 70_000,
        "20100231",
        "00000000",
        "99991231",
        "16",
        "163",
        "0311",
        "99999",
    ]
)
MUTATED_VALUE = st.one_of(
    HOSTILE, st.text(max_size=40), st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
)
# Column positions: those past a layout's width wrap round.
MUTATIONS = st.dictionaries(st.integers(min_value=0, max_value=60), MUTATED_VALUE, max_size=6)
# GDELT's own names, and names no file should have (undecodable bytes, tabs, controls).
NAMES = st.sampled_from(
    [
        "20100830.export.CSV",
        "20150218230000.export.CSV",
        os.fsdecode(b"bad\xff\x01na\tme") + "\u202e.CSV",
        "x" * 240,
    ]
)


def clean_row(width: int, event_id: int) -> str:
    """A valid row of the layout ``width`` columns wide."""
    if width == len(LAYOUTS[61].columns):
        return gdelt_row(GlobalEventID=str(event_id))
    return v1_row(daily=width == len(LAYOUTS[58].columns), GlobalEventID=str(event_id))


@st.composite
def rows(draw: st.DrawFn, width: int) -> str:
    values = draw(MUTATIONS)
    event_id = draw(st.integers(min_value=2, max_value=30))
    cells = clean_row(width, event_id).split("\t")
    for at, value in values.items():
        cells[at % width] = value
    shape = draw(st.sampled_from(["same", "same", "same", "fewer", "more"]))
    if shape == "fewer":
        cells = cells[: draw(st.integers(min_value=0, max_value=len(cells) - 1))]
    elif shape == "more":
        cells += draw(st.lists(MUTATED_VALUE, min_size=1, max_size=3))
    return "\t".join(cells)


@st.composite
def files(draw: st.DrawFn) -> tuple[int, list[str]]:
    """A layout's width, and rows mostly of that layout."""
    width = draw(st.sampled_from(sorted(LAYOUTS)))
    return width, draw(st.lists(rows(width), min_size=1, max_size=5))


# Each example writes a handful of small files; in memory that is ten times quicker.
RAM = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


# About 6 ms an example on the development machine: 2,000 examples (20× the default profile's
# 100) take 12 to 25 s; ``--hypothesis-profile=long`` gives 20,000.
@settings(
    max_examples=20 * settings().max_examples,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(files(), NAMES, st.booleans(), st.binary(max_size=8))
def test_only_documented_errors_escape_and_the_output_loads(
    feed_rows: tuple[int, list[str]], name: str, crlf: bool, junk: bytes
) -> None:
    width, bad_rows = feed_rows
    clean = clean_row(width, 1)
    end = "\r\n" if crlf else "\n"
    text = end.join([clean, *bad_rows]) + end
    with tempfile.TemporaryDirectory(dir=RAM) as folder:
        feed = Path(folder) / name
        feed.write_bytes(text.encode("utf-8", errors="surrogatepass") + junk)
        try:
            report = import_gdelt([feed], Path(folder) / "out")
        except DprkGraphError:
            return
        assert all(1 <= line <= report.rows for _, line, _ in report.malformed)
        ds = dprkgraph.load(Path(folder) / "out", cache=False)
        assert "gdelt-1" in {e.id for e in ds.events}  # bad rows never stop the import
        assert len(ds.events) == report.events
        if report.malformed:  # one line of three cells per bad row, whatever the file's name
            table = (Path(folder) / "out" / "malformed-gdelt.tsv").read_text(encoding="utf-8")
            assert [len(line.split("\t")) for line in table.splitlines()] == [3] * (
                1 + len(report.malformed)
            )
