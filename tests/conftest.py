"""Shared fixtures: small hand-written datasets in temporary directories."""

from __future__ import annotations

from collections.abc import Callable
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
