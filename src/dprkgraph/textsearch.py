"""Full-text search over everything a dataset says, on an in-memory inverted index.

Indexed: event titles, summaries and locations; every verbatim quote of an event's citations;
every claim's statement and quotes; actor names, aliases and descriptions; source titles.
Each indexed passage remembers where it is (``title``, ``summary``, ``quote`` of a source,
``claim`` by a claimant …), so a hit says where it matched.

Matching
    A word is a run of letters and digits, folded: case ignored, accents removed (``Yŏng``
    is ``yong``, ``Ça`` is ``ca``); everything else separates words. A query (see
    :func:`parse_query`) is a list of words, all of which must occur in one passage, each
    also matching the longer words it begins (``sanction`` finds "sanctions"), and
    ``"quoted phrases"``, whose words must occur consecutively and exactly as written. A
    bare chunk that holds several words (``six-party``) is a phrase whose last word is a
    prefix.

    There are no operators: every word must occur, and nothing in the text is query syntax.
    A ``-`` is punctuation, not exclusion: ``cheonan -torpedo`` asks for passages with both
    words, as ``cheonan torpedo`` does (``-torpedo`` asks for "torpedo"). ``AND``, ``OR``,
    ``NOT`` and ``NEAR`` are plain words that must occur like any other (and, like any
    word, also match the words they begin: ``OR`` finds "order"); ``*`` and other
    punctuation only separate words. To leave out passages, filter the hits afterwards.

Ranking
    Okapi BM25 (k1 = 1.2, b = 0.75) with the non-negative idf
    ``ln(1 + (N - df + 0.5) / (df + 0.5))``, where N is the number of passages, df the number
    of passages holding a word, and a passage's length its number of words. A passage's
    score is the sum of the weights of the query's distinct words in it, the words of a
    phrase included. A prefix word counts as one word whose occurrences are those of all the
    words it begins (as FTS5 counts a prefix query), so "korea" ranks a passage with "Korea"
    and one with "Korean" alike. Weights are held in fixed point (units of 2**-32), so sums
    are exact and equal scores truly equal: ties go to the smaller ``(id, field, where)``,
    then to the order the passages were given in. ``rank`` is minus the score (lower is
    better).

Top k
    Each word's postings are kept in impact order (weight descending), so the best hits are
    found by the threshold algorithm: read the first d postings of every query word, score
    each passage seen there in full, and hand out those that no unseen passage can beat (an
    unseen one scores at most the sum of the weights at depth d, and among equal scores
    comes after the last passage read at that weight). d grows fourfold until enough hits
    are out; when that would read a large part of the postings, every hit is scored at once
    instead. A query with a phrase takes its candidates from an index of adjacent word pairs
    (the passages that hold every pair of the phrase, far fewer than those holding its
    words), scores them all and checks the phrase on them at once. Everything is numpy
    arrays: at 100k synthetic events (312k passages) a few hundred MB.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from dprkgraph.errors import QueryError
from dprkgraph.model import Dataset

__all__ = ["Passage", "Phrase", "TextIndex", "parse_query", "passages"]

K1, B = 1.2, 0.75
SCALE = 2.0**32
SNIPPET_WORDS = 24
_FIRST_DEPTH = 16  # postings read per word in the first round of the threshold algorithm
_DEPTH_PER_HIT = 2  # … or twice the hits wanted, if more
_DIRECT_SHARE = 16  # score a phrase's candidates at once if fewer than 1/16 of the postings
_FULL_SHARE = 4  # score every hit once a round would read more than 1/4 of the postings

_WORD = re.compile(r"[^\W_]+")
_CHUNK = re.compile(r'"([^"]*)"|(\S+)')
_GAP = "A"  # between passages in the one string the words are read from
_ASCII_WORDS = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256))
_LAST = "\U0010ffff"  # a noncharacter: no word holds it, so word + _LAST bounds its completions

Ints = npt.NDArray[np.int64]
_T = TypeVar("_T", str, bytes)
Row = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Passage:
    """A hit: the record (``id``, ``kind``), where in it (``field``: ``title``, ``summary``,
    ``location``, ``name``, ``alias``, ``description``, ``quote`` or ``claim``; ``where`` in
    words, e.g. ``quote of source act-2010``), the matched passage with the matched words
    between ``[`` and ``]``, the whole text, and the BM25 rank (lower is better)."""

    id: str
    kind: str
    field: str
    where: str
    passage: str
    text: str
    rank: float


@dataclass(frozen=True)
class Phrase:
    """Folded words that must occur consecutively; the last one also matches the longer words
    it begins when ``prefix`` is true. A single word is a phrase of one."""

    words: tuple[str, ...]
    prefix: bool


def parse_query(text: str) -> tuple[Phrase, ...]:
    """What a person typed, as phrases that must all occur in one passage.

    There are no operators: ``-``, ``AND``, ``OR`` and ``NOT`` are punctuation or plain
    words (see the module's Matching rules).

    Raises
    ------
    QueryError
        When the text holds no word at all.

    Examples
    --------
    >>> parse_query('Sanction "Six-Party talks"')  # doctest: +NORMALIZE_WHITESPACE
    (Phrase(words=('sanction',), prefix=True),
     Phrase(words=('six', 'party', 'talks'), prefix=False))
    >>> parse_query('say "no')
    (Phrase(words=('say',), prefix=True), Phrase(words=('no',), prefix=True))
    """
    found: dict[Phrase, None] = {}  # ordered, and repeats cost nothing
    for quoted, bare in _CHUNK.findall(text.replace('""', " ")):
        if words := tuple(_WORD.findall(_fold(quoted or bare)[0])):
            found[Phrase(words, prefix=not quoted)] = None
    if not found:
        raise QueryError("text", text, "give some words to search for")
    return tuple(found)


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
    ).casefold()


def _fold(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, unless it is the identity, the index in ``text`` of each of its
    characters (folding may drop or expand characters)."""
    if text.isascii():
        return text.lower(), None
    parts, origin = [], []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        parts.append(folded)
        origin.extend([i] * len(folded))
    return "".join(parts), origin


@dataclass(frozen=True)
class _Word:
    """One distinct word of a query: the term ids it matches, and its postings (passage ids
    and fixed-point weights, best first). A word with several completions gets postings of
    its own, with ``weight_of`` (its weight in every passage) for scoring."""

    lo: int
    hi: int
    ids: Ints
    weights: Ints
    weight_of: Ints | None


@dataclass(frozen=True)
class _Plan:
    words: tuple[_Word, ...]
    phrases: tuple[tuple[int, ...], ...]  # each phrase of several words as indexes into words
    pairs: tuple[Ints, ...]  # for each pair of adjacent words in a phrase, who holds it


class TextIndex:
    """An in-memory inverted index of one dataset's texts (built once, read-only after, so
    it may be shared between threads)."""

    def __init__(self, dataset: Dataset) -> None:
        self._build(passages(dataset))

    @classmethod
    def from_rows(cls, rows: Iterable[Row]) -> TextIndex:
        """An index of ``(text, id, kind, field, where)`` rows, as :func:`passages` yields
        them for a dataset; for stores that hold the records in another form."""
        index = cls.__new__(cls)
        index._build(rows)
        return index

    def _build(self, rows: Iterable[Row]) -> None:
        ordered = sorted(rows, key=itemgetter(1, 3, 4))  # stable: ties keep input order
        self._rows, n = ordered, len(ordered)
        # The word pattern runs once over every text, with "A" between passages: folded text
        # holds no capital letter, so "A" is never a word of a passage.
        folded = f" {_GAP} ".join(
            r[0].lower() if r[0].isascii() else _fold(r[0])[0] for r in ordered
        )
        if folded.isascii():  # the common case, read as bytes: the same words, five times faster
            raw = folded.encode("ascii").translate(_ASCII_WORDS).split()
            self._words = sorted(w.decode("ascii") for w in set(raw) - {b"A"})
            ids = _numbered(raw, {w.encode("ascii"): i for i, w in enumerate(self._words)}, b"A")
        else:
            found = _WORD.findall(folded)
            self._words = sorted(set(found) - {_GAP})
            ids = _numbered(found, {w: i for i, w in enumerate(self._words)}, _GAP)
        lengths = np.diff(np.concatenate(([-1], np.flatnonzero(ids < 0), [len(ids)]))) - 1
        lengths = lengths if n else np.zeros(0, dtype=np.int64)
        tokens = ids[ids >= 0]
        v = max(len(self._words), 1)
        self._seq_off, self._seq, self._v = _offsets(lengths), tokens, v
        self._kinds = sorted({r[2] for r in ordered})
        code = {k: i for i, k in enumerate(self._kinds)}
        self._kind = np.fromiter((code[r[2]] for r in ordered), dtype=np.int64, count=n)
        mean = float(lengths.mean()) if n and lengths.any() else 1.0
        self._norm = K1 * (1 - B + B * lengths / mean)
        # (passage, term) pairs with their counts, passage-major: the forward index.
        passage = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keys = np.sort(passage * v + tokens)
        first = np.flatnonzero(np.diff(keys, prepend=-1))
        keys, tf = keys[first], np.diff(first, append=len(keys))
        owner, term = keys // v, keys % v
        df = np.bincount(term, minlength=len(self._words))
        weight = self._weight(tf, owner, df[term])
        self._fwd_off = _offsets(np.bincount(owner, minlength=n))
        self._fwd_term, self._fwd_weight = term, weight
        # The postings: term-major, each term's best weights first, ties by passage (the
        # forward index is in passage order, and the sort keeps it).
        if v < 2**23 and (weight < 2**40).all():
            order = np.argsort(term << 40 | (2**40 - 1 - weight), kind="stable")
        else:
            order = np.lexsort((owner, -weight, term))
        self._post_off = _offsets(df)
        self._post, self._post_weight, self._post_tf = owner[order], weight[order], tf[order]
        # Which passages hold each pair of adjacent words: a phrase's candidates.
        inside = passage[:-1] == passage[1:]
        pair, holder = (tokens[:-1] * v + tokens[1:])[inside], passage[:-1][inside]
        if v * v * max(n, 1) < 2**62:
            both = _distinct(pair * n + holder)
            pair, holder = both // n, both % n
        else:
            order = np.lexsort((holder, pair))
            pair, holder = pair[order], holder[order]
            new = np.ones(len(pair), dtype=np.bool_)
            new[1:] = (pair[1:] != pair[:-1]) | (holder[1:] != holder[:-1])
            pair, holder = pair[new], holder[new]
        starts = np.flatnonzero(np.diff(pair, prepend=-1))
        self._pair_key, self._pair_post = pair[starts], holder
        self._pair_off = np.append(starts, len(pair))

    def _weight(self, tf: Ints, owner: Ints, df: Ints | int) -> Ints:
        """BM25 of a word ``tf`` times in passages ``owner``, held by ``df`` passages, in
        fixed point (at least 1, so a weight of 0 means "not there")."""
        n = len(self._rows)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        exact = idf * tf * (K1 + 1) / (tf + self._norm[owner])
        return np.maximum(np.rint(exact * SCALE), 1).astype(np.int64)

    def search(
        self,
        text: str,
        *,
        kinds: frozenset[str] | None = None,
        keep: Callable[[str], bool] | None = None,
        limit: int | None = None,
    ) -> Iterator[Passage]:
        """Passages matching ``text``, best first: optionally only records of ``kinds``, only
        those whose id ``keep`` accepts (asked in rank order, before the passage is made),
        and at most ``limit`` of them.

        The hits are found in rounds as they are read, so reading the first few of a large
        answer costs little, and reading on (with ``limit=None``) costs in proportion; the
        text is checked before the first hit is asked for.

        Raises
        ------
        QueryError
            When the text holds no word at all.
        """
        phrases = parse_query(text)
        plan = self._plan(phrases)
        allowed = None
        if kinds is not None:
            allowed = np.asarray([k in kinds for k in self._kinds] or [False], dtype=np.bool_)
        return self._passages(phrases, plan, allowed, keep, limit)

    def count(self, text: str) -> int:
        """How many passages match ``text``."""
        plan = self._plan(parse_query(text))
        return 0 if plan is None else len(self._every_hit(plan, None)[0])

    def _passages(
        self,
        phrases: tuple[Phrase, ...],
        plan: _Plan | None,
        allowed: npt.NDArray[np.bool_] | None,
        keep: Callable[[str], bool] | None,
        limit: int | None,
    ) -> Iterator[Passage]:
        if plan is None:
            return
        shown, marker = 0, _marker(phrases)
        if limit is None:  # every hit is wanted: no rounds
            batches: Iterable[tuple[Ints, Ints]] = [self._every_hit(plan, allowed)]
        else:  # how many the filter will drop is unknown: start as if it kept them all
            batches = self._ranked(plan, allowed, limit)
        for ids, scores in batches:
            lengths = (self._seq_off[ids + 1] - self._seq_off[ids]).tolist()
            for p, score, words in zip(ids.tolist(), scores.tolist(), lengths, strict=True):
                text, node, kind, field, place = self._rows[p]
                if keep is not None and not keep(node):
                    continue
                yield Passage(
                    node, kind, field, place, _snippet(text, words, marker), text, -score / SCALE
                )
                shown += 1
                if limit is not None and shown >= limit:
                    return

    def _plan(self, phrases: tuple[Phrase, ...]) -> _Plan | None:
        """The query's distinct words with their postings, or None when one is nowhere."""
        words: list[_Word] = []
        keys: dict[tuple[str, bool], int] = {}
        shapes: list[tuple[int, ...]] = []
        for phrase in phrases:
            shape: list[int] = []
            for i, word in enumerate(phrase.words):
                key = (word, phrase.prefix and i == len(phrase.words) - 1)
                if key not in keys:
                    lo = bisect.bisect_left(self._words, word)
                    hi = (
                        bisect.bisect_left(self._words, word + _LAST, lo)
                        if key[1]
                        else (lo + (lo < len(self._words) and self._words[lo] == word))
                    )
                    if hi == lo:
                        return None
                    keys[key] = len(words)
                    words.append(self._postings(lo, hi))
                shape.append(keys[key])
            shapes.append(tuple(shape))
        pairs = []
        for whole in shapes:
            for a, b in itertools.pairwise(whole):
                base = words[a].lo * self._v
                lo, hi = np.searchsorted(self._pair_key, (base + words[b].lo, base + words[b].hi))
                pairs.append(self._pair_post[self._pair_off[lo] : self._pair_off[hi]])
        return _Plan(tuple(words), tuple(s for s in shapes if len(s) > 1), tuple(pairs))

    def _postings(self, lo: int, hi: int) -> _Word:
        """The postings of the terms ``[lo, hi)`` as one word: a prefix counts every
        occurrence of every completion, as if they were one word."""
        a, b = self._post_off[lo], self._post_off[hi]
        if hi - lo == 1:
            return _Word(lo, hi, self._post[a:b], self._post_weight[a:b], None)
        tf = np.bincount(self._post[a:b], weights=self._post_tf[a:b], minlength=len(self._rows))
        ids = np.flatnonzero(tf)
        weights = self._weight(tf[ids].astype(np.int64), ids, len(ids))
        weight_of = np.zeros(len(self._rows), dtype=np.int64)
        weight_of[ids] = weights
        ids, weights = _in_order(ids, weights)
        return _Word(lo, hi, ids, weights, weight_of)

    def _ranked(
        self, plan: _Plan, allowed: npt.NDArray[np.bool_] | None, want: int
    ) -> Iterator[tuple[Ints, Ints]]:
        """Batches of hits (passage ids, scores), each batch in rank order and all of them
        together the whole answer in rank order."""
        total = sum(len(w.ids) for w in plan.words)
        seen = np.zeros(len(self._rows), dtype=np.bool_)
        candidates = np.empty(0, np.int64)
        if plan.phrases:
            # Only passages holding every pair of adjacent words can hold the phrases: few of
            # them are scored at once, many are read in rounds like any other query.
            candidates = self._candidates(plan)
            if _DIRECT_SHARE * len(candidates) <= total:
                yield _in_order(*self._score(candidates, plan, allowed))
                return
            seen[:] = True
            seen[candidates] = False  # what is not a candidate counts as read already
        pool_ids, pool_scores = np.empty(0, np.int64), np.empty(0, np.int64)
        depth = max(_FIRST_DEPTH, _DEPTH_PER_HIT * want)
        while _FULL_SHARE * sum(min(depth, len(w.ids)) for w in plan.words) <= total:
            bound, tie, exhausted = 0, -1, False
            for w in plan.words:
                if len(w.ids) <= depth:
                    exhausted = True  # every passage holding this word has been read
                    continue
                top = int(w.weights[depth])
                bound += top
                if w.weights[depth - 1] == top:  # postings of equal weight go by passage
                    tie = max(tie, int(w.ids[depth - 1]))
            fresh = _distinct(np.concatenate([w.ids[:depth] for w in plan.words]))
            fresh = fresh[~seen[fresh]]
            seen[fresh] = True
            ids, scores = self._score(fresh, plan, allowed)
            pool_ids = np.concatenate((pool_ids, ids))
            pool_scores = np.concatenate((pool_scores, scores))
            if exhausted:
                yield _in_order(pool_ids, pool_scores)
                return
            out = (pool_scores > bound) | ((pool_scores == bound) & (pool_ids <= tie))
            if out.any():
                yield _in_order(pool_ids[out], pool_scores[out])
                pool_ids, pool_scores = pool_ids[~out], pool_scores[~out]
            depth *= 4
        # Rounds this deep would read most postings: score every hit at once instead.
        ids, scores = (
            _in_order(*self._score(candidates, plan, allowed))
            if (plan.phrases)
            else self._every_hit(plan, allowed)
        )
        keep = ~seen[ids] | np.isin(ids, pool_ids)  # not handed out in an earlier round
        yield ids[keep], scores[keep]

    def _score(
        self, ids: Ints, plan: _Plan, allowed: npt.NDArray[np.bool_] | None
    ) -> tuple[Ints, Ints]:
        """Of passages ``ids``, the hits and their scores."""
        if allowed is not None:
            ids = ids[allowed[self._kind[ids]]]
        starts = self._fwd_off[ids]
        counts = self._fwd_off[ids + 1] - starts
        at = _ranges(starts, counts)
        owner = np.repeat(np.arange(len(ids)), counts)
        term = self._fwd_term[at]
        scores = np.zeros(len(ids), dtype=np.int64)
        hit = np.ones(len(ids), dtype=np.bool_)
        for w in plan.words:
            if w.weight_of is None:
                inside = term == w.lo
                weight = np.zeros(len(ids), dtype=np.int64)
                weight[owner[inside]] = self._fwd_weight[at[inside]]
            else:
                weight = w.weight_of[ids]
            hit &= weight > 0
            scores += weight
        ids, scores = ids[hit], scores[hit]
        if plan.phrases and len(ids):
            keep = self._phrases_hold(ids, plan)
            ids, scores = ids[keep], scores[keep]
        return ids, scores

    def _phrases_hold(self, ids: Ints, plan: _Plan) -> npt.NDArray[np.bool_]:
        """Which of passages ``ids`` (holding every word) hold every phrase as written."""
        starts = self._seq_off[ids]
        counts = self._seq_off[ids + 1] - starts
        tokens = self._seq[_ranges(starts, counts)]
        owner = np.repeat(np.arange(len(ids)), counts)
        holds = np.ones(len(ids), dtype=np.bool_)
        for shape in plan.phrases:
            n = len(tokens) - len(shape) + 1
            if n <= 0:
                return np.zeros(len(ids), dtype=np.bool_)
            at = owner[:n] == owner[len(shape) - 1 :]
            for offset, i in enumerate(shape):
                window = tokens[offset : offset + n]
                at &= (window >= plan.words[i].lo) & (window < plan.words[i].hi)
            found = np.zeros(len(ids), dtype=np.bool_)
            found[owner[:n][at]] = True
            holds &= found
        return holds

    def _every_hit(self, plan: _Plan, allowed: npt.NDArray[np.bool_] | None) -> tuple[Ints, Ints]:
        """Every hit and its score, in rank order."""
        return _in_order(*self._score(self._candidates(plan), plan, allowed))

    def _candidates(self, plan: _Plan) -> Ints:
        """Passages that may hold the query (every word, and every pair of adjacent words of
        its phrases), in order."""
        lists = sorted([w.ids for w in plan.words] + list(plan.pairs), key=len)
        ids = _distinct(lists[0])
        present = np.zeros(len(self._rows), dtype=np.bool_)
        for held in lists[1:]:
            if len(held) > 16 * len(ids):
                break  # cheaper to check the few left against the forward index
            present[:] = False
            present[held] = True
            ids = ids[present[ids]]
        return ids


def _offsets(counts: npt.NDArray[np.int64]) -> Ints:
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _ranges(starts: Ints, counts: Ints) -> Ints:
    """The indexes ``starts[i] .. starts[i] + counts[i]``, one range after another."""
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, np.int64)
    begin = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return begin + np.arange(total, dtype=np.int64)


def _numbered(found: list[_T], number: dict[_T, int], gap: _T) -> Ints:
    """The number of each word in ``found``, -1 for the ``gap`` between passages."""
    number[gap] = -1
    return np.fromiter(map(number.__getitem__, found), dtype=np.int64, count=len(found))


def _distinct(values: Ints) -> Ints:
    """The distinct values, sorted (by sorting: numpy's hashing unique is slower here)."""
    ordered = np.sort(values)
    return ordered[np.diff(ordered, prepend=-1) != 0] if len(ordered) else ordered


def _in_order(ids: Ints, scores: Ints) -> tuple[Ints, Ints]:
    order = np.lexsort((ids, -scores))
    return ids[order], scores[order]


def _marker(phrases: tuple[Phrase, ...]) -> re.Pattern[str]:
    """A pattern that finds, in folded text, each phrase as the index reads it."""
    bodies = [
        r"[\W_]+".join(map(re.escape, p.words)) + (r"[^\W_]*" if p.prefix else "")
        for p in sorted(phrases, key=lambda p: -len(p.words))
    ]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(bodies) + r")(?![^\W_])")


def _snippet(text: str, words: int, marker: re.Pattern[str]) -> str:
    """Up to 24 words of ``text`` (which has ``words`` words) around the most query
    phrases, each occurrence of a phrase between ``[`` and ``]``, with ``…`` where words were
    left out."""
    folded, origin = _fold(text)
    found = [m.span() for m in marker.finditer(folded)]
    begin, end, cut_before, cut_after = 0, len(folded), False, False
    if words > SNIPPET_WORDS:
        spans = [m.span() for m in _WORD.finditer(folded)]
        starts = [a for a, _ in spans]
        at = [
            (bisect.bisect_right(starts, a) - 1, bisect.bisect_left(starts, b) - 1)
            for a, b in found
        ]

        def covered(first: int) -> tuple[int, int, int]:
            inside = [
                folded[found[i][0] : found[i][1]]
                for i, (a, b) in enumerate(at)
                if a >= first and b < first + SNIPPET_WORDS
            ]
            return len(set(inside)), len(inside), -first

        first = max({min(max(a - 2, 0), words - SNIPPET_WORDS) for a, _ in at} or {0}, key=covered)
        last = first + SNIPPET_WORDS - 1
        cut_before, cut_after = first > 0, last < words - 1
        begin = spans[first][0] if cut_before else 0
        end = spans[last][1] if cut_after else len(folded)
        found = [(a, b) for a, b in found if a >= begin and b <= end]
    if origin is not None:  # back to places in the text as written
        begin = origin[begin] if cut_before else 0
        end = origin[end - 1] + 1 if cut_after else len(text)
        found = [(origin[a], origin[b - 1] + 1) for a, b in found]
    out, at_ = ["…" if cut_before else ""], begin
    for a, b in found:
        out += [text[at_:a], "[", text[a:b], "]"]
        at_ = b
    out += [text[at_:end], "…" if cut_after else ""]
    return "".join(out)


def passages(dataset: Dataset) -> Iterator[Row]:
    """Every searchable text of ``dataset`` as ``(text, id, kind, field, where)`` rows."""
    for e in dataset.events:
        yield e.title, e.id, "event", "title", "title"
        if e.summary:
            yield e.summary, e.id, "event", "summary", "summary"
        if e.location:
            yield e.location, e.id, "event", "location", "location"
        for c in e.sources:
            if c.quote:
                yield c.quote, e.id, "event", "quote", f"quote of source {c.source}"
        for claim in e.claims:
            verb = "asserts" if claim.stance.value == "asserts" else "denies"
            yield claim.statement, e.id, "event", "claim", f"claim by {claim.claimant} ({verb})"
            for c in claim.sources:
                if c.quote:
                    yield (
                        c.quote,
                        e.id,
                        "event",
                        "quote",
                        f"quote of source {c.source} for the claim by {claim.claimant}",
                    )
    for a in dataset.actors:
        yield a.name, a.id, "actor", "name", "name"
        for alias in a.aliases:
            yield alias, a.id, "actor", "alias", "alias"
        if a.description:
            yield a.description, a.id, "actor", "description", "description"
    for s in dataset.sources:
        yield s.title, s.id, "source", "title", "title"
