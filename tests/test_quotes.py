import ast
import json
from pathlib import Path

import pytest

from dprkgraph import load
from dprkgraph.quotes import verify_quotes
from tests.conftest import DatasetFactory


def test_quotes_found_missing_and_unsourced(make_dataset: DatasetFactory, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text("Yesterday   the talks\nopened. Later, Alphaland went.")
    checks = verify_quotes(load(make_dataset()), texts)
    assert [(c.event, c.found) for c in checks] == [("talks", True), ("walkout", False)]
    assert "closest passage" in checks[1].reason
    checks = verify_quotes(load(make_dataset()), tmp_path / "empty")
    assert all(not c.found and "no text file" in c.reason for c in checks)


def test_quotes_do_not_fold_curly_apostrophes(make_dataset: DatasetFactory, tmp_path: Path) -> None:
    (tmp_path / "src.txt").write_text("the talks opened; Alphaland’s envoy left")
    events = (
        make_dataset()
        .joinpath("events.yaml")
        .read_text()
        .replace("quote: Alphaland left", "quote: Alphaland's envoy left")
    )
    checks = verify_quotes(load(make_dataset(events=events)), tmp_path)
    assert [c.found for c in checks] == [True, False]


PASSAGE = (
    "The envoy said that Alphaland’s delegation would return to the table in March, "
    "provided the sanctions were eased"
)
# Passages that share words with the quote but are not it.
DECOYS = [
    "The envoy said nothing about the delegation.",
    "Alphaland’s delegation would not return in April.",
    "provided the weather holds, the table would be set in March",
]


def _long_text(passage: str, words: int = 60_000) -> str:
    import random

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(500)] + ["the", "said", "would", "in", "to", "of"]
    chunks = [" ".join(rng.choice(vocab) for _ in range(words // 8)) for _ in range(8)]
    for i, decoy in enumerate(DECOYS * 3):
        chunks[i % 8] += " " + decoy
    chunks[5] += " " + passage + "."
    return " ".join(chunks)


@pytest.mark.parametrize(
    "quote",
    [
        # one word changed, a straight apostrophe for a curly one
        "The envoy said that Alphaland's delegation would come back to the table in March, "
        "provided the sanctions were eased",
        # a word dropped and a word added
        "The envoy said Alphaland’s delegation would return to the negotiating table in March, "
        "provided the sanctions were eased",
        # only the middle of the passage, with a changed word
        "delegation would return to the table in May, provided the sanctions",
    ],
)
def test_the_closest_passage_is_the_right_one(
    make_dataset: DatasetFactory, tmp_path: Path, quote: str
) -> None:
    (tmp_path / "src.txt").write_text(_long_text(PASSAGE), encoding="utf-8")
    events = (
        make_dataset()
        .joinpath("events.yaml")
        .read_text()
        .replace("quote: Alphaland left", f"quote: {json.dumps(quote)}")
    )
    (check,) = [
        c
        for c in verify_quotes(load(make_dataset(events=events)), tmp_path)
        if c.event == "walkout"
    ]
    assert not check.found
    near = check.reason.removeprefix("not in the source; closest passage: ")
    shown = ast.literal_eval(near)
    assert shown in PASSAGE and len(shown.split()) >= len(quote.split()) - 2


def test_a_quote_like_nothing_in_the_text(make_dataset: DatasetFactory, tmp_path: Path) -> None:
    (tmp_path / "src.txt").write_text("the talks opened " + _long_text(PASSAGE, 4000))
    events = (
        make_dataset()
        .joinpath("events.yaml")
        .read_text()
        .replace("quote: Alphaland left", "quote: zebra quagga okapi")
    )
    checks = verify_quotes(load(make_dataset(events=events)), tmp_path)
    assert [(c.found, c.reason) for c in checks] == [
        (True, ""),
        (False, "not in the source, and no passage of it is like the quote"),
    ]
