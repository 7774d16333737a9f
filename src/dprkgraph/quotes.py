"""Check that every quote in a dataset appears verbatim in the text of its source.

Source texts are plain UTF-8 files named ``<source-id>.txt`` in one directory. Runs of white
space are treated as one space on both sides; nothing else is normalised, so a straight
apostrophe does not match a curly one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from dprkgraph.model import Dataset, Event

__all__ = ["QuoteCheck", "verify_quotes"]

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_COMMON = 200  # a three-word run found more often than this is boilerplate, not evidence
_SLACK = 3  # words a matching passage may have gained or lost before the quote's runs


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


class _Index:
    """Where each run of three words occurs in a source text, to find the passage closest to
    a quote in time proportional to the text once, then to the quote.

    Words are compared lower-cased and without punctuation, so a passage differing from the
    quote in a word, an apostrophe or a comma is still found. Each three-word run the quote
    shares with the text votes for where the quote would start in the text; the place with
    the most votes, give or take a few words, is the suggestion. Runs found more than
    ``_COMMON`` times (boilerplate) do not vote, which bounds the work for any quote.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        self.starts = [a for a, _, _ in spans]
        self.ends = [b for _, b, _ in spans]
        words = [w for _, _, w in spans]
        self.words = words
        self._runs: dict[int, dict[str, list[int]]] = {}

    def _places(self, size: int) -> dict[str, list[int]]:
        """Where each run of ``size`` words starts; built on first use."""
        if size not in self._runs:
            runs: dict[str, list[int]] = {}
            words = self.words
            for i in range(len(words) - size + 1):
                runs.setdefault(" ".join(words[i : i + size]), []).append(i)
            self._runs[size] = runs
        return self._runs[size]

    def closest(self, quote: str) -> str:
        """The passage of the text most like ``quote``, or "" if they share no word."""
        words = [m.group().lower() for m in _WORD.finditer(quote)]
        if not words:
            return ""
        votes: Counter[int] = Counter()
        for size in (3, 1):  # single words only when no three-word run is shared
            runs = self._places(size)
            for j in range(len(words) - size + 1):
                places = runs.get(" ".join(words[j : j + size]), ())
                if len(places) <= _COMMON:
                    votes.update(i - j for i in places)
            if votes:
                break
        if not votes:
            return ""
        # Words inserted or dropped shift the start a little: count votes a few words apart
        # together, then check the best few places against the quote itself.
        near: Counter[int] = Counter()
        for start, n in votes.items():
            for shift in range(-_SLACK, _SLACK + 1):
                near[start + shift] += n
        best = max((p for p, _ in near.most_common(5)),
                   key=lambda p: (self._match(words, p, p + len(words)).ratio(), -abs(p)))
        # Widen the place by the slack, then keep what lies between the first and the last
        # word that match the quote.
        lo, hi = best - _SLACK, best + len(words) + _SLACK
        blocks = [b for b in self._match(words, lo, hi).get_matching_blocks() if b.size]
        if not blocks:
            return ""
        lo = max(0, lo)
        first, last = lo + blocks[0].b, lo + blocks[-1].b + blocks[-1].size - 1
        return self.text[self.starts[first] : self.ends[last]]

    def _match(self, words: list[str], lo: int, hi: int) -> SequenceMatcher[str]:
        window = self.words[max(0, lo) : max(0, hi)]
        return SequenceMatcher(None, words, window, autojunk=False)


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
    indexes: dict[str, _Index] = {}
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
                if source not in indexes:
                    indexes[source] = _Index(text)
                near = indexes[source].closest(_normalise(quote))
                why = (f"not in the source; closest passage: {near!r}" if near
                       else "not in the source, and no passage of it is like the quote")
                results.append(QuoteCheck(event.id, where, source, quote, False, why))
    return results
