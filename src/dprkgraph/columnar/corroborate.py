"""Curated and machine-coded events side by side: which feed events may be the same event.

A machine-coded event corroborates a curated one when it could fall on one of the curated
event's possible days, involves both sides of it, and carries the same CAMEO root code (the
first two digits). A side is the state an actor belongs to: the end of its chain of
affiliations, with a feed's ``gdelt-`` prefix dropped, so the curated ``bosworth`` (an envoy
of ``usa``) and GDELT's ``gdelt-usagov`` (affiliated with ``gdelt-usa``) are both on the
``usa`` side. A match says only that the feed saw something alike at the time; feeds code
every news report of an event, often wrongly (docs/columnar.md says how noisy GDELT is).
"""

from __future__ import annotations

from collections.abc import Iterable

from dprkgraph.columnar.store import ColumnarStore
from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.results import EventSet

__all__ = ["corroborate", "side"]

_FEED_PREFIXES = ("gdelt-",)


def side(actor: str, affiliation: dict[str, str]) -> str:
    """The side ``actor`` is on: the end of its affiliations, without a feed prefix.

    Examples
    --------
    >>> side("gdelt-usagov", {"gdelt-usagov": "gdelt-usa"})
    'usa'
    >>> side("a", {"a": "b", "b": "a"})  # a loop ends where it closes
    'b'
    """
    seen = {actor}
    while actor in affiliation and affiliation[actor] not in seen:
        actor = affiliation[actor]
        seen.add(actor)
    for prefix in _FEED_PREFIXES:
        if actor.startswith(prefix):
            return actor[len(prefix) :]
    return actor


def _sides(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    affiliation = {a: b for a, b in pairs if b}
    return {a: side(a, affiliation) for a in affiliation}


def corroborate(g: EventGraph, feed: ColumnarStore, event: str) -> EventSet:
    """The feed's machine-coded events that may be the curated ``event``.

    Parameters
    ----------
    g
        The curated graph holding ``event``.
    feed
        A machine-coded dataset opened with :meth:`ColumnarStore.open`.
    event
        The curated event's id.

    Returns
    -------
    EventSet
        Feed events that could fall on one of the event's possible days, involve actors on
        at least two of its sides, and share its CAMEO root code; chronological.

    Raises
    ------
    UnknownIdError
        If ``event`` is not in ``g``.
    QueryError
        If the event has no CAMEO code or involves only one side.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from dprkgraph.columnar import write_parquet
    >>> store = ColumnarStore.open(write_parquet(dataset, pathlib.Path(tempfile.mkdtemp()) / "x"))
    >>> corroborate(g, store, "talks").ids()  # the dataset is curated: nothing machine-coded
    []
    >>> store.close()
    """
    curated = g.event(event)
    if curated.cameo is None:
        raise QueryError("event", event, "has no CAMEO code to compare with; give it one")
    curated_affiliation = {a.id: a.affiliation for a in g.actors() if a.affiliation}
    wanted = sorted({side(a, curated_affiliation) for a in curated.actors()})
    if len(wanted) < 2:
        raise QueryError("event", event, f"involves only one side ({wanted[0]}); a dyad needs two")
    roots = {a: side(a, {}) for (a,) in feed.sql("SELECT id FROM actors")}
    roots.update(
        _sides(feed.sql("SELECT id, affiliation FROM actors WHERE affiliation IS NOT NULL"))
    )
    actors = [a for a, s in roots.items() if s in wanted]
    ids = [
        r[0]
        for r in feed.sql(
            """
        WITH s AS (SELECT unnest(?::VARCHAR[]) AS actor, unnest(?::VARCHAR[]) AS side)
        SELECT ev.id FROM ev
        WHERE ev.provenance = 'machine-coded' AND ev.latest >= ? AND ev.earliest <= ?
          AND starts_with(ev.cameo, ?)
          AND (SELECT count(DISTINCT s.side) FROM part JOIN s ON s.actor = part.actor
               WHERE part.k = ev.k) >= 2
        ORDER BY ev.k""",
            [
                actors,
                [roots[a] for a in actors],
                curated.date.earliest,
                curated.date.latest,
                curated.cameo[:2],
            ],
        )
    ]
    return EventSet(feed.events_by_id(ids))
