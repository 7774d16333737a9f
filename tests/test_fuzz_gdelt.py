"""Fuzzing the GDELT importer: whatever the rows hold, only documented errors escape and what
is written loads."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dprkgraph
from dprkgraph.errors import DprkGraphError
from dprkgraph.gdelt import COLUMNS, import_gdelt
from tests.conftest import gdelt_row

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
MUTATIONS = st.dictionaries(st.sampled_from(COLUMNS), MUTATED_VALUE, max_size=6)


@st.composite
def rows(draw: st.DrawFn) -> str:
    values = draw(MUTATIONS)
    event_id = draw(st.integers(min_value=2, max_value=30))
    cells = gdelt_row(**{"GlobalEventID": str(event_id), **values}).split("\t")
    shape = draw(st.sampled_from(["same", "same", "same", "fewer", "more"]))
    if shape == "fewer":
        cells = cells[: draw(st.integers(min_value=0, max_value=len(cells) - 1))]
    elif shape == "more":
        cells += draw(st.lists(MUTATED_VALUE, min_size=1, max_size=3))
    return "\t".join(cells)


FILES = st.lists(rows(), min_size=1, max_size=5)
# Each example writes a handful of small files; in memory that is ten times quicker.
RAM = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


# About 6 ms an example on the development machine: 2,000 examples (20× the default profile's
# 100) take 12 to 25 s; ``--hypothesis-profile=long`` gives 20,000.
@settings(
    max_examples=20 * settings().max_examples,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(FILES, st.booleans(), st.binary(max_size=8))
def test_only_documented_errors_escape_and_the_output_loads(
    bad_rows: list[str], crlf: bool, junk: bytes
) -> None:
    clean = gdelt_row(GlobalEventID="1")
    end = "\r\n" if crlf else "\n"
    text = end.join([clean, *bad_rows]) + end
    with tempfile.TemporaryDirectory(dir=RAM) as folder:
        feed = Path(folder) / "fuzz.export.CSV"
        feed.write_bytes(text.encode("utf-8", errors="surrogatepass") + junk)
        try:
            report = import_gdelt([feed], Path(folder) / "out")
        except DprkGraphError:
            return
        assert all(1 <= line <= report.rows for _, line, _ in report.malformed)
        ds = dprkgraph.load(Path(folder) / "out", cache=False)
        assert "gdelt-1" in {e.id for e in ds.events}  # bad rows never stop the import
        assert len(ds.events) == report.events
