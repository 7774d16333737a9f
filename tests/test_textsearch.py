"""The search index against a brute-force scan: same hits, same BM25 order, same snippets."""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprkgraph import QueryError, textsearch
from dprkgraph.textsearch import Phrase, TextIndex, parse_query

Row = tuple[str, str, str, str, str]
VOCAB = [
    "talk",
    "talks",
    "talking",
    "envoy",
    "sanction",
    "sanctions",
    "ça",
    "Ça",
    "CA",
    "naïve",
    "naive",
    "Yŏng",
    "yong",
    "nuclear",
    "test",
    "tests",
    "a",
    "an",
]


def fold(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    ).casefold()


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", "".join(fold(c) for c in text))


def holds(words: list[str], phrase: Phrase) -> bool:
    size = len(phrase.words)
    for i in range(len(words) - size + 1):
        head, last = words[i : i + size - 1], words[i + size - 1]
        if head == list(phrase.words[:-1]) and (
            last.startswith(phrase.words[-1]) if phrase.prefix else last == phrase.words[-1]
        ):
            return True
    return False


def brute_force(
    rows: list[Row], query: str, kinds: frozenset[str] | None = None
) -> list[tuple[Row, float]]:
    """Every hit, in order, by scanning each passage with the documented rules."""
    phrases = parse_query(query)
    texts = [words_of(r[0]) for r in rows]
    n = len(rows)
    mean = sum(map(len, texts)) / n if any(texts) else 1.0
    specs = list(
        dict.fromkeys(
            (w, p.prefix and i == len(p.words) - 1) for p in phrases for i, w in enumerate(p.words)
        )
    )

    def tf(words: list[str], spec: tuple[str, bool]) -> int:
        return sum(w.startswith(spec[0]) if spec[1] else w == spec[0] for w in words)

    df = {s: sum(tf(t, s) > 0 for t in texts) for s in specs}
    found = []
    for index, (row, words) in enumerate(zip(rows, texts, strict=True)):
        if kinds is not None and row[2] not in kinds:
            continue
        if not all(holds(words, p) for p in phrases):
            continue
        score = 0
        for s in specs:
            idf = float(np.log1p((n - df[s] + 0.5) / (df[s] + 0.5)))
            norm = 1.2 * (1 - 0.75 + 0.75 * len(words) / mean)
            count = tf(words, s)
            exact = idf * count * 2.2 / (count + norm)
            score += max(int(np.rint(exact * 2.0**32)), 1)
        found.append((score, (row[1], row[3], row[4]), index, row))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    return [(row, -score / 2.0**32) for score, _, _, row in found]


@contextmanager
def shallow(full_share: int = 0) -> Iterator[None]:
    """Start the threshold algorithm at depth 1 and give up on it only when a round would
    read more than 1/``full_share`` of the postings (never for 0), so that small corpora go
    through its rounds."""
    with (
        mock.patch.object(textsearch, "_FIRST_DEPTH", 1),
        mock.patch.object(textsearch, "_DEPTH_PER_HIT", 0),
        mock.patch.object(textsearch, "_FULL_SHARE", full_share),
        mock.patch.object(textsearch, "_DIRECT_SHARE", 10**9),
    ):
        yield


def ours(
    index: TextIndex, query: str, *, kinds: frozenset[str] | None = None, limit: int | None = None
) -> list[tuple[Row, float]]:
    return [
        ((p.text, p.id, p.kind, p.field, p.where), p.rank)
        for p in index.search(query, kinds=kinds, limit=limit)
    ]


texts = st.lists(st.sampled_from([*VOCAB, "-", ",", "’s", "_"]), max_size=12).map(" ".join)
row_lists = st.lists(
    st.tuples(
        texts,
        st.sampled_from(["e1", "e2", "e3", "a1"]),
        st.sampled_from(["event", "actor"]),
        st.sampled_from(["title", "quote"]),
        st.sampled_from(["title", "quote of source s"]),
    ),
    min_size=1,
    max_size=40,
)
queries = st.one_of(
    st.lists(st.sampled_from([*VOCAB, "t", "sanc", "na"]), min_size=1, max_size=3).map(" ".join),
    st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3).map(lambda w: f'"{" ".join(w)}"'),
    st.tuples(st.sampled_from(VOCAB), st.sampled_from(VOCAB)).map(lambda p: f'{p[0]} "{p[1]}"'),
    st.tuples(st.sampled_from(VOCAB), st.sampled_from(VOCAB)).map("-".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    row_lists,
    queries,
    st.sampled_from([None, 1, 3, 10]),
    st.sampled_from([None, frozenset({"event"}), frozenset({"actor"})]),
    st.sampled_from([None, 0, 2, 3]),
)
def test_the_index_answers_as_a_scan_does(
    rows: list[Row], query: str, limit: int | None, kinds: frozenset[str] | None, rounds: int | None
) -> None:
    index = TextIndex.from_rows(rows)
    expected = brute_force(rows, query, kinds)
    if rounds is not None:
        with shallow(rounds):
            got = ours(index, query, kinds=kinds, limit=limit)
    else:
        got = ours(index, query, kinds=kinds, limit=limit)
    assert got == expected[:limit]
    assert index.count(query) == len(brute_force(rows, query))


def zipf_rows(n: int, seed: int) -> list[Row]:
    rng = random.Random(seed)
    words = [
        "talks",
        "sanctions",
        "envoy",
        "nuclear",
        "missile",
        "launch",
        "summit",
        "treasury",
        "embargo",
    ]
    weights = [1 / (r + 1) for r in range(len(words))]
    return [
        (
            " ".join(rng.choices(words, weights, k=rng.randint(2, 12))),
            f"e{i // 2:05d}",
            "event" if i % 7 else "actor",
            ("title", "summary")[i % 2],
            "here",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(
    "query",
    [
        "talks",
        "talks sanctions",
        "sanctions envoy nuclear",
        '"talks sanctions"',
        '"talks talks"',
        "embargo treasury",
        "s",
        '"sanctions envoy" talks',
    ],
)
@pytest.mark.parametrize("limit", [1, 10, 50, None])
def test_top_k_on_a_skewed_corpus_is_the_head_of_the_whole_order(
    query: str, limit: int | None
) -> None:
    rows = zipf_rows(3000, seed=3)
    index = TextIndex.from_rows(rows)
    expected = brute_force(rows, query, frozenset({"event"}))
    assert len(expected) > 50, "the workload must have large answers"
    assert ours(index, query, kinds=frozenset({"event"}), limit=limit) == expected[:limit]
    for share in (0, 2, 3):  # rounds to the end, or given up on after a few
        with shallow(share):
            assert ours(index, query, kinds=frozenset({"event"}), limit=limit) == expected[:limit]


@pytest.mark.parametrize("limit", [1, 5, 40, None])
def test_a_filter_reads_on_down_the_ranking_until_it_has_enough(limit: int | None) -> None:
    rows = zipf_rows(2000, seed=5)
    index = TextIndex.from_rows(rows)
    asked: list[str] = []

    def keep(node: str) -> bool:
        asked.append(node)
        return int(node[1:]) % 7 == 0

    expected = [
        (r[1], r[3], rank) for r, rank in brute_force(rows, "talks envoy") if int(r[1][1:]) % 7 == 0
    ]
    with shallow():
        got = [(p.id, p.field, p.rank) for p in index.search("talks envoy", keep=keep, limit=limit)]
    assert got == expected[:limit]
    assert len(expected) > 40
    if limit is not None:  # asked in rank order, and no further than needed
        assert asked[-1] == got[-1][0]


def test_ties_go_to_the_smaller_id_then_field() -> None:
    rows = [
        ("Talks", "b", "event", "title", "title"),
        ("talks", "a", "event", "title", "title"),
        ("TALKS", "a", "event", "alias", "alias"),
    ]
    hits = list(TextIndex.from_rows(rows).search("talks"))
    assert [(p.id, p.field) for p in hits] == [("a", "alias"), ("a", "title"), ("b", "title")]
    assert len({p.rank for p in hits}) == 1


def test_ties_with_several_wheres_keep_the_order_they_were_given_in() -> None:
    rows = [
        ("talks", "a", "event", "quote", "quote of source z"),
        ("talks", "a", "event", "quote", "quote of source b"),
        ("talks", "a", "event", "quote", "quote of source z"),
    ]
    hits = list(TextIndex.from_rows(rows).search("talks"))
    assert [p.where for p in hits] == [
        "quote of source b",
        "quote of source z",
        "quote of source z",
    ]


def test_an_unread_passage_that_ties_with_a_read_one_can_still_come_first() -> None:
    # "c" is read first (best in alpha's list) and scores exactly the threshold after one
    # round; "a" ties with it but is not read yet, and must come first by its id.
    rows = [
        ("alpha beta beta x", "a", "event", "title", "title"),
        ("alpha alpha beta x", "c", "event", "title", "title"),
        ("beta beta beta x", "f1", "event", "title", "title"),
        ("alpha x x x x x x x", "f2", "event", "title", "title"),
    ]
    index = TextIndex.from_rows(rows)
    with shallow():
        hits = list(index.search("alpha beta"))
    assert [p.id for p in hits] == ["a", "c"]
    assert hits[0].rank == hits[1].rank
    assert [(r[1], rank) for r, rank in brute_force(rows, "alpha beta")] == [
        (p.id, p.rank) for p in hits
    ]


def test_a_prefix_counts_as_one_word_so_the_exact_word_is_not_outranked() -> None:
    rows = [
        ("North Korean envoy", "x", "event", "title", "title"),
        ("North Korea", "prk", "actor", "name", "name"),
        ("Korean Korean food", "y", "event", "title", "title"),
    ] + [(f"Korea report {i}", f"r{i}", "event", "title", "title") for i in range(20)]
    hits = list(TextIndex.from_rows(rows).search("north korea"))
    assert hits[0].id == "prk"
    assert {p.id for p in hits} == {"prk", "x"}


@pytest.mark.parametrize(
    ("text", "query", "shown"),
    [
        ("the talks opened", '"talks opened"', "the [talks opened]"),
        ("Kim Yŏng-nam spoke", "yong", "Kim [Yŏng]-nam spoke"),
        ("Kim Yo\u0306ng-nam spoke", "yong nam", "Kim [Yo\u0306ng]-[nam] spoke"),
        ("Sanctions, sanctioned; SANCTION", "sanction", "[Sanctions], [sanctioned]; [SANCTION]"),
        ("six-party talks", "six-party", "[six-party] talks"),
        ("a_b", "b", "a_[b]"),
    ],
)
def test_snippets_mark_what_matched_in_the_text_as_written(
    text: str, query: str, shown: str
) -> None:
    (hit,) = TextIndex.from_rows([(text, "e", "event", "title", "title")]).search(query)
    assert hit.passage == shown


def test_a_long_passage_is_cut_around_the_hits() -> None:
    text = (
        " ".join(f"w{i}" for i in range(60)) + " Bosworth " + " ".join(f"v{i}" for i in range(60))
    )
    (hit,) = TextIndex.from_rows([(text, "e", "event", "summary", "summary")]).search("bosworth")
    assert hit.passage.startswith("…w58 w59 [Bosworth] v0")
    assert hit.passage.endswith("v20…")
    assert len(hit.passage.strip("…").split()) == textsearch.SNIPPET_WORDS


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("Talks", (Phrase(("talks",), True),)),
        ('"Arms  Embargo"', (Phrase(("arms", "embargo"), False),)),
        ("talks talks TALKS", (Phrase(("talks",), True),)),
        ('AND "NEAR(a b)"', (Phrase(("and",), True), Phrase(("near", "a", "b"), False))),
        ('say "no', (Phrase(("say",), True), Phrase(("no",), True))),
        ("Ça", (Phrase(("ca",), True),)),
    ],
)
def test_the_parser_folds_and_splits_as_the_index_does(
    text: str, parsed: tuple[Phrase, ...]
) -> None:
    assert parse_query(text) == parsed


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_the_parser_gives_folded_words_or_says_there_are_none(text: str) -> None:
    try:
        phrases = parse_query(text)
    except QueryError as err:
        assert "give some words" in str(err)
        assert not words_of(text.replace('"', " "))
        return
    assert phrases and len(set(phrases)) == len(phrases)
    for phrase in phrases:
        assert phrase.words
        assert all(words_of(w) == [w] for w in phrase.words)
    assert {w for p in phrases for w in p.words} == set(words_of(text.replace('"', " ")))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_any_text_and_query_give_hits_or_a_documented_error(text: str, query: str) -> None:
    index = TextIndex.from_rows([(text, "e", "event", "title", "title")])
    try:
        hits = list(index.search(query))
    except QueryError:
        return

    def bare(s: str) -> str:
        return s.replace("[", "").replace("]", "")

    for hit in hits:
        assert hit.text == text
        assert bare(hit.passage).strip("…") in bare(text)
        assert math.isfinite(hit.rank) and hit.rank < 0


def test_an_empty_index_answers_nothing() -> None:
    index = TextIndex.from_rows([])
    assert list(index.search("talks")) == []
    assert index.count("talks") == 0
