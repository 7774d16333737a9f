"""What a name stands for in an export: actors and events named by id, name, alias, title or a
fragment of one, resolved by the rules of :meth:`dprkgraph.graph.EventGraph.resolve`.

Actors are few beside events, so they are read as models once, on the first name that is not
an id, and resolved by an :class:`~dprkgraph.graph.EventGraph` of the actors alone: the same
code, hence the same answers, suggestions and ambiguity errors as on the in-memory graph.
Events are resolved by title over their ``(id, title)`` rows, read on the first name that is
not an id; an id is looked up in DuckDB.
"""

from __future__ import annotations

import re
from functools import cached_property

import duckdb

from dprkgraph.columnar.engine import strings
from dprkgraph.columnar.read import plain_records, validated
from dprkgraph.errors import (
    AmbiguousNameError,
    LoadError,
    Problem,
    UnknownIdError,
    suggest,
)
from dprkgraph.graph import EventGraph, build_graph, fold
from dprkgraph.model import Actor, Dataset

__all__ = ["Names"]


class Names:
    """Resolves actor and event names of the export open in ``con``."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self.actor_ids = frozenset(strings(con.execute("SELECT id FROM actors")))

    def is_event(self, text: str) -> bool:
        """Whether ``text`` is an event's id (asked of DuckDB: a feed may have millions)."""
        return self._con.execute("SELECT 1 FROM events WHERE id = ?", [text]).fetchone() is not None

    @cached_property
    def directory(self) -> EventGraph:
        """Every actor, as models, in a graph of its own."""
        problems: list[Problem] = []
        actors = validated(Actor, plain_records(self._con, "actors"), problems)
        if problems:
            raise LoadError(problems)
        return build_graph(Dataset(events=(), actors=tuple(actors), sources=()))

    def actor_id(self, text: str) -> str:
        """The id of the actor ``text`` names."""
        return text if text in self.actor_ids else self.directory.actor(text).id

    def actor(self, text: str) -> Actor:
        """The actor ``text`` names, as a model."""
        return self.directory.actor(text)

    @cached_property
    def _titles(self) -> list[tuple[str, str, str, str]]:
        rows = self._con.execute("SELECT id, title FROM events ORDER BY id").fetchall()
        return [(id, fold(id), title, fold(title)) for id, title in rows]

    def event_id(self, text: str) -> str:
        """The id of the event ``text`` names: an id, or an unambiguous title or fragment.

        Raises
        ------
        AmbiguousNameError
            If the best matches are several events.
        UnknownIdError
            If nothing matches (with close ids as suggestions).
        """
        if self.is_event(text):
            return text
        key = fold(text)
        best: dict[str, tuple[int, str]] = {}
        if key:
            word_start = re.compile(r"(?:^|[\W_])" + re.escape(key))
            for id, folded_id, title, folded in self._titles:
                if folded_id == key:
                    rank = 0
                elif folded == key:
                    rank = 1
                elif word_start.search(folded):
                    rank = 2
                elif key in folded:
                    rank = 3
                else:
                    continue
                best[id] = (rank, title)
        if not best:
            raise UnknownIdError(
                text, "event", suggest(text, {id.lower(): id for id, _, _, _ in self._titles})
            )
        top = min(rank for rank, _ in best.values())
        found = sorted((id, title) for id, (rank, title) in best.items() if rank == top)
        if len(found) > 1:
            raise AmbiguousNameError(text, "event", tuple(found))
        return found[0][0]
