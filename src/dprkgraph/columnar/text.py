"""The searchable texts of an export, read from its tables in the order and shape
:func:`dprkgraph.textsearch.passages` gives them for a :class:`~dprkgraph.model.Dataset`, so
that a :class:`~dprkgraph.textsearch.TextIndex` built from either ranks every hit alike (BM25
depends on every passage indexed, ties on the order they were added).
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb

__all__ = ["passage_rows"]

# Each text with the key that orders it: (group, record row, field, position, sub-position).
# Within an event: title, summary, location, the quotes of its citations, then each claim's
# statement followed by the quotes that support it; then actors (name, aliases, description),
# then source titles. Empty texts are not indexed, as in ``passages``.
_PASSAGES = """
SELECT text, id, kind, field, place FROM (
    SELECT 0 AS g, row AS r, 0 AS o, 0 AS a, 0 AS b,
           title AS text, id, 'event' AS kind, 'title' AS field, 'title' AS place FROM events
    UNION ALL
    SELECT 0, row, 1, 0, 0, summary, id, 'event', 'summary', 'summary'
    FROM events WHERE summary <> ''
    UNION ALL
    SELECT 0, row, 2, 0, 0, location, id, 'event', 'location', 'location'
    FROM events WHERE location <> ''
    UNION ALL
    SELECT 0, e.row, 3, c.position, 0, c.quote, e.id, 'event', 'quote',
           'quote of source ' || c.source
    FROM citations c JOIN events e ON e.id = c.event WHERE c.claim IS NULL AND c.quote <> ''
    UNION ALL
    SELECT 0, e.row, 4, k.position, -1, k.statement, e.id, 'event', 'claim',
           'claim by ' || k.claimant || CASE WHEN k.stance = 'asserts' THEN ' (asserts)'
                                             ELSE ' (denies)' END
    FROM claims k JOIN events e ON e.id = k.event
    UNION ALL
    SELECT 0, e.row, 4, c.claim, c.position, c.quote, e.id, 'event', 'quote',
           'quote of source ' || c.source || ' for the claim by ' || k.claimant
    FROM citations c JOIN events e ON e.id = c.event
    JOIN claims k ON k.event = c.event AND k.position = c.claim
    WHERE c.quote <> ''
    UNION ALL
    SELECT 1, row, 0, 0, 0, name, id, 'actor', 'name', 'name' FROM actors
    UNION ALL
    SELECT 1, row, 1, i, 0, alias, id, 'actor', 'alias', 'alias' FROM (
        SELECT row, id, unnest(aliases) AS alias, generate_subscripts(aliases, 1) AS i
        FROM actors)
    UNION ALL
    SELECT 1, row, 2, 0, 0, description, id, 'actor', 'description', 'description'
    FROM actors WHERE description <> ''
    UNION ALL
    SELECT 2, row, 0, 0, 0, title, id, 'source', 'title', 'title' FROM sources
) ORDER BY g, r, o, a, b
"""


def passage_rows(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str, str, str, str]]:
    """Every searchable text of the export open in ``con`` as ``(text, id, kind, field,
    where)`` rows, streamed in batches."""
    result = con.cursor().execute(_PASSAGES)  # its own cursor: other queries may run between
    while batch := result.fetchmany(10_000):
        yield from batch
