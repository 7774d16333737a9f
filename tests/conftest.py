"""Shared fixtures: small hand-written datasets in temporary directories."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ACTORS = """\
actors:
  - id: aaa
    name: Alphaland
    kind: state
    aliases: [North Alpha]
  - id: bbb
    name: Betaland
    kind: state
  - id: envoy
    name: Ann Envoy
    kind: person
    affiliation: aaa
"""

SOURCES = """\
sources:
  - id: src
    title: A report
    publisher: The Gazette
    kind: article
"""

EVENTS = """\
events:
  - id: talks
    title: Talks open
    date: 2010-03
    type: negotiation
    cameo: "046"
    participants:
      - {actor: aaa, role: party}
      - {actor: bbb, role: party}
    sources:
      - {source: src, quote: the talks opened}
  - id: walkout
    title: Alphaland walks out
    date: 2010-04-02
    type: withdrawal
    participants:
      - {actor: aaa, role: initiator}
    sources:
      - {source: src, quote: Alphaland left}
    relations:
      - {type: response_to, event: talks}
"""

DatasetFactory = Callable[..., Path]


@pytest.fixture
def make_dataset(tmp_path: Path) -> DatasetFactory:
    """Write a dataset directory; each keyword replaces one file's text (None omits it)."""

    def make(
        events: str | None = EVENTS,
        actors: str | None = ACTORS,
        sources: str | None = SOURCES,
        extra: dict[str, str] | None = None,
    ) -> Path:
        directory = tmp_path / "dataset"
        directory.mkdir(exist_ok=True)
        files = {"events.yaml": events, "actors.yaml": actors, "sources.yaml": sources}
        files.update(extra or {})
        for name, text in files.items():
            if text is not None:
                (directory / name).write_text(text, encoding="utf-8")
        return directory

    return make


OXIGRAPH = shutil.which("oxigraph") or shutil.which(
    "oxigraph", path=str(Path(sys.executable).parent)
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(
                        f"oxigraph exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                    )
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph did not start within 15 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def gdelt_row(**values: str) -> str:
    """One GDELT 2.0 event row (61 tab-separated columns) with plausible defaults."""
    from dprkgraph.gdelt import COLUMNS

    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "GlobalEventID": "410000001",
            "Day": "20100830",
            "MonthYear": "201008",
            "Year": "2010",
            "FractionDate": "2010.6521",
            "Actor1Code": "USAGOV",
            "Actor1Name": "UNITED STATES",
            "Actor1CountryCode": "USA",
            "Actor1Type1Code": "GOV",
            "Actor2Code": "PRK",
            "Actor2Name": "NORTH KOREA",
            "Actor2CountryCode": "PRK",
            "IsRootEvent": "1",
            "EventCode": "163",
            "EventBaseCode": "163",
            "EventRootCode": "16",
            "QuadClass": "4",
            "GoldsteinScale": "-8.0",
            "NumMentions": "12",
            "NumSources": "3",
            "NumArticles": "12",
            "AvgTone": "-4.25",
            "ActionGeo_FullName": "Washington, District of Columbia, United States",
            "DATEADDED": "20100831000000",
            "SOURCEURL": "https://news.example/a1",
        }
    )
    row.update(values)
    return "\t".join(row[c] for c in COLUMNS)
