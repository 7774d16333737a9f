"""Check that every quote in a dataset appears verbatim in the text of its source.

Source texts are plain UTF-8 files named ``<source-id>.txt`` in one directory. Runs of white
space are treated as one space on both sides; nothing else is normalised, so a straight
apostrophe does not match a curly one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from dprkgraph.model import Dataset, Event

__all__ = ["QuoteCheck", "verify_quotes"]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome for one quoted citation."""

    event: str
    where: str
    source: str
    quote: str
    found: bool
    reason: str = ""


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _closest(quote: str, text: str) -> str:
    match = SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(
        0, len(text), 0, len(quote)
    )
    start = max(0, match.a - match.b)
    return text[start : start + len(quote)]


def _quoted(event: Event) -> list[tuple[str, str, str]]:
    out = [(f"sources[{i}]", c.source, c.quote) for i, c in enumerate(event.sources) if c.quote]
    for j, claim in enumerate(event.claims):
        out += [
            (f"claims[{j}].sources[{i}]", c.source, c.quote)
            for i, c in enumerate(claim.sources)
            if c.quote
        ]
    return out


def verify_quotes(dataset: Dataset, sources_dir: str | Path) -> list[QuoteCheck]:
    """Check every quote of every event and claim against ``sources_dir/<source-id>.txt``.

    Returns one :class:`QuoteCheck` per quote, in dataset order; ``found`` is False where the
    quote is not in the text or the text file does not exist.
    """
    directory = Path(sources_dir)
    texts: dict[str, str | None] = {}
    results = []
    for event in dataset.events:
        for where, source, quote in _quoted(event):
            if source not in texts:
                path = directory / f"{source}.txt"
                texts[source] = (
                    _normalise(path.read_text(encoding="utf-8")) if path.is_file() else None
                )
            text = texts[source]
            if text is None:
                results.append(QuoteCheck(event.id, where, source, quote, False,
                                          f"no text file {directory / (source + '.txt')}"))
            elif _normalise(quote) in text:
                results.append(QuoteCheck(event.id, where, source, quote, True))
            else:
                near = _closest(_normalise(quote), text)
                results.append(QuoteCheck(event.id, where, source, quote, False,
                                          f"not in the source; closest passage: {near!r}"))
    return results
