"""Full-text search over everything a dataset says, on SQLite's FTS5 index.

Indexed: event titles, summaries and locations; every verbatim quote of an event's citations;
every claim's statement and quotes; actor names, aliases and descriptions; source titles.
Each indexed passage remembers where it is (``title``, ``summary``, ``quote`` of a source,
``claim`` by a claimant …), so a hit says where it matched.

Matching folds case and accents (FTS5's ``unicode61`` tokenizer with diacritics removed).
A query is a list of words, all of which must occur in one passage (a word also matches the
words it begins: ``sanction`` finds "sanctions"), and ``"quoted phrases"``, which must occur
as written, word for word. The text is never handed to FTS5 as query
syntax: every word is quoted, so ``AND``, ``NEAR``, ``*`` or a stray quote are just text.
Hits are ranked by BM25, FTS5's relevance score.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dprkgraph.errors import QueryError
from dprkgraph.model import Dataset

__all__ = ["Passage", "TextIndex", "fts_query", "passages"]

_PHRASE = re.compile(r'"([^"]*)"|(\S+)')
_MARK = "\x02", "\x03"  # snippet markers: control characters cannot occur in indexed text


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


def fts_query(text: str) -> str:
    """The FTS5 query for what a person typed: every word required (as the start of a word),
    quoted phrases kept whole.

    Examples
    --------
    >>> fts_query('Bosworth "six-party talks"')
    '"Bosworth" * AND "six-party talks"'
    >>> fts_query('say "no')
    '"say" * AND "no" *'
    """
    parts = []
    for phrase, word in _PHRASE.findall(text.replace('""', " ")):
        chunk = " ".join((phrase or word).replace('"', " ").split())
        if chunk:
            parts.append(f'"{chunk}"' if phrase else f'"{chunk}" *')
    if not parts:
        raise QueryError("text", text, "give some words to search for")
    return " AND ".join(parts)


class TextIndex:
    """An in-memory FTS5 index of one dataset's texts (built once, read-only after)."""

    def __init__(self, dataset: Dataset) -> None:
        self._build(passages(dataset))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, str, str]]) -> TextIndex:
        """An index of ``(text, id, kind, field, where)`` rows, as :func:`passages` yields
        them for a dataset; for stores that hold the records in another form."""
        index = cls.__new__(cls)
        index._build(rows)
        return index

    def _build(self, rows: Iterable[tuple[str, str, str, str, str]]) -> None:
        # SQLite serialises the use of one connection from several threads itself.
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE passage USING fts5("
            "body, node UNINDEXED, kind UNINDEXED, field UNINDEXED, place UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 2')")
        with self._db:
            self._db.executemany("INSERT INTO passage VALUES (?, ?, ?, ?, ?)", rows)

    def search(self, text: str, *, kinds: frozenset[str] | None = None,
               limit: int | None = None) -> Iterator[Passage]:
        """Passages matching ``text``, best first (optionally only records of ``kinds``, and
        at most ``limit`` of them).

        FTS5 ranks the matches itself and makes each snippet only when its row is read, so
        taking the first few hits of a large answer stays cheap.
        """
        query = fts_query(text)
        where = "passage MATCH ?"
        params: list[str] = [*_MARK, query]
        if kinds is not None:
            where += f" AND kind IN ({', '.join('?' * len(kinds))})"
            params += sorted(kinds)
        sql = ("SELECT node, kind, field, place, body, "  # noqa: S608 - only placeholders vary
               f"snippet(passage, 0, ?, ?, '…', 24), rank FROM passage WHERE {where} "
               "ORDER BY rank" + (f" LIMIT {int(limit)}" if limit is not None else ""))
        try:
            rows = self._db.cursor().execute(sql, params)
        except sqlite3.OperationalError as err:  # cannot happen for quoted words; say so
            raise QueryError("text", text, f"the search index refused it ({err})") from err
        for node, kind, field, place, body, snippet, rank in rows:
            shown = snippet.replace(_MARK[0], "[").replace(_MARK[1], "]")
            yield Passage(node, kind, field, place, shown, body, rank)

    def count(self, text: str) -> int:
        """How many passages match ``text``."""
        row = self._db.execute("SELECT count(*) FROM passage WHERE passage MATCH ?",
                               (fts_query(text),)).fetchone()
        return int(row[0])


def passages(dataset: Dataset) -> Iterator[tuple[str, str, str, str, str]]:
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
                    yield (c.quote, e.id, "event", "quote",
                           f"quote of source {c.source} for the claim by {claim.claimant}")
    for a in dataset.actors:
        yield a.name, a.id, "actor", "name", "name"
        for alias in a.aliases:
            yield alias, a.id, "actor", "alias", "alias"
        if a.description:
            yield a.description, a.id, "actor", "description", "description"
    for s in dataset.sources:
        yield s.title, s.id, "source", "title", "title"
