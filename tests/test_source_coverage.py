"""The bundled dataset says everything its source article attributes to someone.

Runs only where the article's text is on file (``../shared/sources``); a checkout without it
skips these tests and says why.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dprkgraph
from dprkgraph import Dataset

ARTICLE = "act-2010-10-us-considers-new-north-korea-talks"
TEXT = Path(__file__).resolve().parents[2] / "shared" / "sources" / f"{ARTICLE}.txt"
# The captured page begins with site furniture (a login link, a quotation about the
# publisher); the article itself starts at its byline.
BYLINE = "Peter Crail"
# A sentence reports someone's words when one of these verbs attributes them.
ATTRIBUTION = re.compile(r"\b(said|says|told|cautioned|denied|referred|adding)\b")


def article() -> str:
    if not TEXT.is_file():
        pytest.skip(f"the source article is not on file here ({TEXT})")
    text = TEXT.read_text(encoding="utf-8")
    return " ".join(text[text.index(BYLINE) + len(BYLINE) :].split())


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def quotes() -> list[str]:
    ds: Dataset = dprkgraph.load()
    found = [c.quote for e in ds.events for c in e.sources if c.quote]
    found += [c.quote for e in ds.events for claim in e.claims for c in claim.sources if c.quote]
    return [folded(q) for q in found]


def quoted_phrases(text: str) -> list[str]:
    """Every passage the article puts in quotation marks (double or single curly quotes),
    without the punctuation the article places inside the closing mark."""
    phrases = re.findall(r"“([^”]+)”", text) + re.findall(r"‘([^’]+)’", text)
    return [p.strip().rstrip(".,;:") for p in phrases]


ABBREVIATIONS = ("U.S.", "Sept.", "Aug.")


def attributed_sentences(text: str) -> list[str]:
    """Sentences with an attribution verb. A sentence ends at a full stop (or a full stop
    inside a closing quotation mark) before a capital, except after an abbreviation."""
    text = re.sub(r"\(See ACT, [^)]*\)\s*", "", text)  # cross-references to other issues
    sentences, start = [], 0
    for end in re.finditer(r"(?<=[.!?])”?\s+(?=[A-Z“(])", text):
        if text[: end.start()].endswith(ABBREVIATIONS):
            continue
        sentences.append(text[start : end.start() + len(end.group().rstrip())].strip())
        start = end.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if ATTRIBUTION.search(s)]


def test_the_extraction_finds_the_articles_quotations() -> None:
    phrases = quoted_phrases(article())
    assert "it is going to take some time" in phrases
    assert "sentenced to death but not yet executed" in phrases
    assert len(phrases) >= 10


def test_every_quoted_phrase_is_cited(quotes: list[str]) -> None:
    missing = [p for p in quoted_phrases(article()) if not any(p in q for q in quotes)]
    assert not missing, f"quoted in the article but in no quote of the dataset: {missing}"


def test_every_attributed_sentence_is_cited(quotes: list[str]) -> None:
    sentences = attributed_sentences(article())
    assert len(sentences) >= 12
    uncited = [s for s in sentences if not any(q in s for q in quotes)]
    assert not uncited, f"statements attributed in the article with no quote from them: {uncited}"


def test_reported_speech_keeps_both_parties() -> None:
    ds = dprkgraph.load()
    op_ed = ds.event("carter-op-ed-2010-09-15")
    reported = [c for c in op_ed.claims if "sentenced to death" in c.statement]
    assert [c.claimant for c in reported] == ["carter"]
    assert "North Korean officials" in reported[0].statement
