"""Query an export in place: the questions of :mod:`dprkgraph.query`, answered by DuckDB.

A :class:`ColumnarStore` reads the export's tables into an in-process DuckDB once, checks
them set-wise, and answers the questions of :mod:`dprkgraph.query` — events (with every
filter), timeline, dyad, co_participation, causes, consequences, participants, relation,
search, claims and contested — with the same results the functions give on the in-memory
graph of the same data (``tests/test_columnar_parity.py`` compares them query by query).
The questions that walk the whole graph (actor profiles, the busiest dyad, explained paths,
neighbourhoods) are answered from the export loaded in memory once (:meth:`graph`).

The functions of :mod:`dprkgraph.query` take a store wherever they take a graph and hand the
question to the method of the same name, so code written against the graph runs unchanged on
an export::

    with ColumnarStore.open("out/feed-parquet") as feed:
        query.events(feed, actor="prk", start="2010-03", end="2010-05")

Events are built as model objects only for the answers, and kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import duckdb

from dprkgraph.columnar.engine import (
    EXPORT,
    check,
    connect,
    first_line,
    open_tables,
    strings,
    written_rule,
)
from dprkgraph.columnar.names import Names
from dprkgraph.columnar.read import event_records, validated
from dprkgraph.columnar.text import passage_rows
from dprkgraph.dates import ImpreciseDate, Widening, parse_date, widening_rule
from dprkgraph.errors import LoadError, Problem, QueryError, StoreClosedError, suggest
from dprkgraph.model import Actor, Event, EventType, Role
from dprkgraph.query import Certainty, DateLike, Match, window_bound
from dprkgraph.query.claims import claims_frame
from dprkgraph.query.search import check_search_options, searched_kinds
from dprkgraph.results import ClaimRecord, EventSet
from dprkgraph.temporal import (
    AFTER,
    BEFORE,
    SAME_DAY,
    WITHIN,
    Span,
    TimeRelation,
    relate,
    span,
)

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from dprkgraph.graph import EventGraph
    from dprkgraph.textsearch import TextIndex

__all__ = ["ColumnarStore"]

#: What may still be used on a closed store.
_AFTER_CLOSE = frozenset({"close", "closed", "root", "open"})
_EVENT_TYPES = frozenset(t.value for t in EventType)
_ROLES = frozenset(r.value for r in Role)
_GROUPS = {"during": WITHIN, "before": BEFORE, "after": AFTER, "same_day_as": SAME_DAY}
#: What a time-relation option may name: an event, a date, or a ``(start, end)`` window.
Anchor = str | date | ImpreciseDate | tuple[DateLike, DateLike] | None

# Events in (earliest, latest, id) order get a dense key ``k``, the order every answer is
# given in; participations, with their event's dates and id, are kept sorted by actor, then
# ``k``, so one actor's events in a window are read from its own rows without a join. (An
# actor named twice in one event is one row: made distinct before the join, which is cheaper.)
_PREPARE = """
CREATE TABLE ev AS
SELECT row_number() OVER (ORDER BY earliest, latest, id) AS k, id, earliest, latest, type,
       cameo, quad_class, provenance
FROM events ORDER BY k;
CREATE TABLE part AS
SELECT p.actor, ev.k, ev.earliest, ev.latest, ev.id
FROM (SELECT DISTINCT event, actor FROM participations) p JOIN ev ON ev.id = p.event
ORDER BY p.actor, ev.k;
CREATE TABLE causal AS
SELECT event AS cause, target AS effect FROM relations WHERE type = 'led_to'
UNION SELECT target, event FROM relations WHERE type = 'response_to';
"""


class _Publishers(Mapping[str, str]):
    """Source id → publisher, read from the sources table on the first look-up (a feed may
    have a source per event, and only a table of events with source counts needs them)."""

    def __init__(self, store: ColumnarStore) -> None:
        self._store = store

    @cached_property
    def _all(self) -> dict[str, str]:
        # Through the store's own method, so that a closed store says so.
        return dict(self._store.sql("SELECT id, publisher FROM sources"))

    def __getitem__(self, key: str) -> str:
        return self._all[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class ColumnarStore:
    """An export opened for queries, in an in-process DuckDB.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from dprkgraph.columnar import write_parquet
    >>> out = write_parquet(dataset, pathlib.Path(tempfile.mkdtemp()) / "export")
    >>> with ColumnarStore.open(out) as store:
    ...     store.events(actor="bbb").ids(), store.causes("walkout").ids()
    (['talks'], ['talks'])

    The query functions take the store in place of a graph:

    >>> from dprkgraph import query
    >>> with ColumnarStore.open(out) as store:
    ...     query.events(store, after="talks").ids(), query.participants(store, "Alphaland walks")
    (['walkout'], [(Actor(id='aaa', ...), <Role.INITIATOR: 'initiator'>)])
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, root: Path) -> None:
        self._closed = False
        self._con = con
        self.root = root
        self._events: dict[str, Event] = {}
        self._names = Names(con)
        self._rule = written_rule(root)
        self.publishers = _Publishers(self)
        self._graph: EventGraph | None = None
        # Most feeds have no "one of" dates: their window queries skip the members test.
        self._has_members = con.execute("SELECT 1 FROM members LIMIT 1").fetchone() is not None

    @classmethod
    def open(cls, directory: str | Path, *, validate: bool = True) -> ColumnarStore:
        """Read the export in ``directory`` and, unless ``validate`` is false, check it.

        Raises
        ------
        LoadError
            If the export is damaged or fails a check; every problem names file and row.
        """
        root = Path(directory)
        con = connect()
        try:
            open_tables(con, root)
            if validate:
                with widening_rule(written_rule(root)):
                    check(con)
            con.execute(_PREPARE)
            _prepare_members(con, written_rule(root))
        except duckdb.Error as err:
            con.close()
            raise LoadError(
                [
                    Problem(
                        root,
                        0,
                        0,
                        f"cannot read the export: {first_line(err)}",
                        f"export the dataset again with `{EXPORT}`",
                    )
                ]
            ) from err
        except BaseException:
            con.close()
            raise
        return cls(con, root)

    def close(self) -> None:
        """Release the DuckDB connection and its memory; a question asked afterwards raises
        :class:`~dprkgraph.errors.StoreClosedError`. Closing twice does nothing."""
        self._closed = True
        self._con.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    def __getattribute__(self, name: str) -> Any:
        # Every question goes through a public method or attribute; once the connection is
        # closed each says so, rather than leaking DuckDB's ConnectionException.
        if name[0] != "_" and name not in _AFTER_CLOSE and object.__getattribute__(self, "_closed"):
            raise StoreClosedError(object.__getattribute__(self, "root"))
        return object.__getattribute__(self, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __len__(self) -> int:
        if self._closed:
            raise StoreClosedError(self.root)
        row = self._con.execute("SELECT count(*) FROM ev").fetchone()
        return int(row[0]) if row else 0

    def __repr__(self) -> str:
        if self._closed:
            return f"<ColumnarStore {self.root}: closed>"
        return f"<ColumnarStore {self.root}: {len(self)} events>"

    # -- records ---------------------------------------------------------------------------

    def _actor(self, text: str) -> str:
        return self._names.actor_id(text)

    def _materialise(self, ids: list[str]) -> list[Event]:
        missing = [i for i in dict.fromkeys(ids) if i not in self._events]
        if missing:
            problems: list[Problem] = []
            with widening_rule(self._rule):
                built = validated(
                    Event,
                    event_records(self._con, "id IN (SELECT unnest(?::VARCHAR[]))", [missing]),
                    problems,
                )
            if problems:
                raise LoadError(problems)
            self._events.update((e.id, e) for e in built)
        return [self._events[i] for i in ids]

    def events_by_id(self, ids: list[str]) -> list[Event]:
        """The events with these ids, in the order given (ids taken from :meth:`sql`)."""
        return self._materialise(ids)

    def event(self, id: str) -> Event:
        """The event with this id, or that this title or fragment of one names;
        :class:`UnknownIdError` (with suggestions) if there is none."""
        return self._materialise([self._names.event_id(id)])[0]

    def actor(self, id: str) -> Actor:
        """The actor with this id, or that this name, alias or fragment names;
        :class:`UnknownIdError` (with suggestions) if there is none."""
        return self._names.actor(id)

    def _set(self, ids: list[str]) -> EventSet:
        return EventSet(self._materialise(ids), publishers=self.publishers)

    # -- questions ---------------------------------------------------------------------------

    def _where(
        self,
        *,
        actor: str | Iterable[str] | None,
        actors_all: Iterable[str] | None,
        type: str | Iterable[str] | None,
        cameo: str | Iterable[str] | None,
        quad_class: int | Iterable[int] | None,
        start: DateLike,
        end: DateLike,
        certainty: Certainty,
        provenance: str | None,
    ) -> tuple[str, list[Any]]:
        if certainty not in ("definite", "possible"):
            raise QueryError("certainty", certainty, "use 'definite' or 'possible'")
        any_of = sorted({self._actor(a) for a in _as_list(actor)})
        all_of = sorted({self._actor(a) for a in _as_list(actors_all)})
        types = set(_as_list(type))
        if types - _EVENT_TYPES:
            raise QueryError(
                "type", min(types - _EVENT_TYPES), "one of " + ", ".join(t.value for t in EventType)
            )
        codes = _as_list(cameo)
        quads = {quad_class} if isinstance(quad_class, int) else set(quad_class or ())
        if quads - {1, 2, 3, 4}:
            raise QueryError("quad_class", min(quads - {1, 2, 3, 4}), "use 1, 2, 3 or 4")
        if provenance not in (None, "curated", "machine-coded"):
            raise QueryError("provenance", provenance, "'curated' or 'machine-coded'")
        lo, hi = window_bound(start, "start", "start"), window_bound(end, "end", "end")
        if lo and hi and hi < lo:
            raise QueryError("end", end, f"the window ends before it starts ({start})")
        definite = certainty == "definite"
        window: list[str] = []
        bounds: list[Any] = []
        if lo is not None:
            window.append("earliest >= ?" if definite else "latest >= ?")
            bounds.append(lo)
        if hi is not None:
            window.append("latest <= ?" if definite else "earliest <= ?")
            bounds.append(hi)
        if not definite and (lo is not None or hi is not None) and self._has_members:
            # A "one of" set's days between its members are not possible days.
            window.append(
                "(k NOT IN (SELECT k FROM members) OR k IN (SELECT k FROM members "
                "WHERE hi >= ? AND lo <= ?))"
            )
            bounds += [lo or date.min, hi or date.max]
        # Participations carry their event's dates, so the window is applied while reading
        # one actor's rows (sorted together) rather than after joining all of them.
        within = "".join(f" AND {w}" for w in window)
        conds: list[str] = []
        params: list[Any] = []
        if len(any_of) == 1:
            conds.append(f"k IN (SELECT k FROM part WHERE actor = ?{within})")
            params += [any_of[0], *bounds]
        elif any_of:
            conds.append(f"k IN (SELECT k FROM part WHERE list_contains(?, actor){within})")
            params += [any_of, *bounds]
        for a in all_of:
            conds.append(f"k IN (SELECT k FROM part WHERE actor = ?{within})")
            params += [a, *bounds]
        conds += window
        params += bounds
        if types:
            conds.append("list_contains(?, type)")
            params.append(sorted(types))
        if codes:
            conds.append("(" + " OR ".join("starts_with(cameo, ?)" for _ in codes) + ")")
            params += codes
        if quads:
            conds.append("list_contains(?, quad_class)")
            params.append(sorted(quads))
        if provenance is not None:
            conds.append("provenance = ?")
            params.append(provenance)
        return " AND ".join(conds) or "TRUE", params

    def event_ids(
        self,
        *,
        actor: str | Iterable[str] | None = None,
        actors_all: Iterable[str] | None = None,
        type: str | Iterable[str] | None = None,
        cameo: str | Iterable[str] | None = None,
        quad_class: int | Iterable[int] | None = None,
        start: DateLike = None,
        end: DateLike = None,
        certainty: Certainty = "possible",
        provenance: str | None = None,
        role: str | Iterable[str] | None = None,
        min_sources: int | None = None,
    ) -> list[str]:
        """The ids :meth:`events` would return without its time-relation options, without
        building the events."""
        if (
            isinstance(actor, str)
            and actors_all is None
            and type is None
            and cameo is None
            and quad_class is None
            and provenance is None
            and role is None
            and min_sources is None
        ):
            return self._actor_window_ids(actor, start, end, certainty)
        return self._ids(
            *self._conditions(
                actor=actor,
                actors_all=actors_all,
                type=type,
                cameo=cameo,
                quad_class=quad_class,
                start=start,
                end=end,
                certainty=certainty,
                provenance=provenance,
                role=role,
                min_sources=min_sources,
            )
        )

    def _ids(self, where: str, params: list[Any]) -> list[str]:
        return strings(self._con.execute(f"SELECT id FROM ev WHERE {where} ORDER BY k", params))

    def _conditions(
        self,
        *,
        actor: str | Iterable[str] | None,
        actors_all: Iterable[str] | None,
        type: str | Iterable[str] | None,
        cameo: str | Iterable[str] | None,
        quad_class: int | Iterable[int] | None,
        start: DateLike,
        end: DateLike,
        certainty: Certainty,
        provenance: str | None,
        role: str | Iterable[str] | None,
        min_sources: int | None,
    ) -> tuple[str, list[Any]]:
        """The condition over ``ev`` of every filter but the time relations."""
        if min_sources is not None and (
            isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 0
        ):
            raise QueryError("min_sources", min_sources, "give a whole number, 0 or more")
        where, params = self._where(
            actor=actor,
            actors_all=actors_all,
            type=type,
            cameo=cameo,
            quad_class=quad_class,
            start=start,
            end=end,
            certainty=certainty,
            provenance=provenance,
        )
        roles = set(_as_list(role))
        if roles - _ROLES:
            bad = min(roles - _ROLES)
            close = suggest(bad, {r: r for r in _ROLES})
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise QueryError("role", bad, hint + "one of " + ", ".join(r.value for r in Role))
        if roles:
            who = sorted({self._actor(a) for a in _as_list(actor)})
            where += " AND id IN (SELECT event FROM participations WHERE list_contains(?, role)" + (
                " AND list_contains(?, actor))" if who else ")"
            )
            params += [sorted(roles), *([who] if who else [])]
        if min_sources:
            # Independent sources are distinct publishers of the event's own citations.
            where += (
                " AND id IN (SELECT c.event FROM citations c LEFT JOIN sources s "
                "ON s.id = c.source WHERE c.claim IS NULL GROUP BY c.event "
                "HAVING count(DISTINCT coalesce(s.publisher, c.source)) >= ?)"
            )
            params.append(min_sources)
        return where, params

    def events(
        self,
        *,
        actor: str | Iterable[str] | None = None,
        actors_all: Iterable[str] | None = None,
        type: str | Iterable[str] | None = None,
        cameo: str | Iterable[str] | None = None,
        quad_class: int | Iterable[int] | None = None,
        start: DateLike = None,
        end: DateLike = None,
        certainty: Certainty = "possible",
        provenance: str | None = None,
        role: str | Iterable[str] | None = None,
        during: Anchor = None,
        before: Anchor = None,
        after: Anchor = None,
        same_day_as: Anchor = None,
        min_sources: int | None = None,
    ) -> EventSet:
        """Events matching every filter given, in chronological order: the options and the
        answer of :func:`dprkgraph.query.events`.

        Every filter but the time relations is a query in DuckDB; a time relation narrows
        the rows there by the anchor's outer days, then keeps the events for which
        :func:`dprkgraph.temporal.relate` answers as the in-memory query does.
        """
        where, params = self._conditions(
            actor=actor,
            actors_all=actors_all,
            type=type,
            cameo=cameo,
            quad_class=quad_class,
            start=start,
            end=end,
            certainty=certainty,
            provenance=provenance,
            role=role,
            min_sources=min_sources,
        )
        relations = {"during": during, "before": before, "after": after, "same_day_as": same_day_as}
        tests = [
            (
                option,
                self._anchor(anchor, option),
                self._event_named(anchor) if isinstance(anchor, str) else None,
            )
            for option, anchor in relations.items()
            if anchor is not None
        ]
        for option, target, _ in tests:
            # Only events whose outer days reach the anchor's can stand so to it; which do is
            # then decided exactly.
            first, last = date.fromordinal(target.start_lo), date.fromordinal(target.end_hi)
            if option in ("during", "same_day_as"):
                where += " AND latest >= ? AND earliest <= ?"
                params += [first, last]
            elif option == "before":
                where += " AND earliest <= ?"
                params.append(last)
            else:
                where += " AND latest >= ?"
                params.append(first)
        ids = self._ids(where, params)
        if not tests:
            return self._set(ids)
        wanted = {"definitely", "possibly"} if certainty == "possible" else {"definitely"}
        found = self._materialise(ids)
        for option, target, own in tests:
            group = _GROUPS[option]
            found = [
                e for e in found if e.id != own and relate(e.date, target).answer(group) in wanted
            ]
        return EventSet(found, publishers=self.publishers)

    def timeline(self, *, actor: str | Iterable[str] | None = None, **filters: Any) -> EventSet:
        """Events in chronological order, optionally for one actor; as :meth:`events`."""
        return self.events(actor=actor, **filters)

    def _event_named(self, text: str) -> str | None:
        """The id of the event a time anchor names — by id, or by title when the text is not
        a date — or None when the text is a date (the rule of :func:`dprkgraph.query.events`)."""
        if self._names.is_event(text):
            return text
        try:
            parse_date(text)
        except ValueError:
            if text.strip()[:1].isdigit():
                return None  # a mistyped date: window_bound says what is wrong with it
            return self._names.event_id(text)
        return None

    def _anchor(self, value: object, option: str) -> Span:
        """What a time question is asked against: an event's own days, or the whole period
        a date, an EDTF string or a ``(start, end)`` window names."""
        if isinstance(value, str):
            named = self._event_named(value)
            if named is not None:
                return span(self.event(named).date)
        if isinstance(value, tuple) and len(value) == 2:
            lo, hi = window_bound(value[0], option, "start"), window_bound(value[1], option, "end")
        elif isinstance(value, (str, date, ImpreciseDate)):
            lo, hi = window_bound(value, option, "start"), window_bound(value, option, "end")
        else:
            raise QueryError(
                option, value, "give an event id, an EDTF date or a (start, end) window"
            )
        if lo is None or hi is None:
            raise QueryError(option, value, "give a window as (start, end), both dates")
        if hi < lo:
            raise QueryError(option, value, "the window ends before it starts")
        written = "/".join(map(str, value)) if isinstance(value, tuple) else str(value)
        return replace(span((lo, hi)), text=written)

    def relation(self, a: str, b: str | date | tuple[DateLike, DateLike]) -> TimeRelation:
        """How event ``a`` stands in time to event ``b``, a date or a window; as
        :func:`dprkgraph.query.relation`."""
        return relate(self.event(a).date, self._anchor(b, "b"))

    def participants(
        self, event: str, *, role: str | Iterable[str] | None = None
    ) -> list[tuple[Actor, Role]]:
        """The actors taking part in an event with their roles; as
        :func:`dprkgraph.query.participants`."""
        roles = set(_as_list(role))
        if roles - _ROLES:
            raise QueryError(
                "role", min(roles - _ROLES), "one of " + ", ".join(r.value for r in Role)
            )
        return [
            (self.actor(p.actor), p.role)
            for p in self.event(event).participants
            if not roles or p.role.value in roles
        ]

    def members(self, actor: str) -> set[str]:
        """The actor and every actor affiliated with it, directly or through others."""
        found = {self._actor(actor)}
        frontier = list(found)
        while frontier:
            rows = self._con.execute(
                "SELECT id FROM actors WHERE list_contains(?, affiliation)", [frontier]
            ).fetchall()
            frontier = [r[0] for r in rows if r[0] not in found]
            found.update(frontier)
        return found

    def dyad(
        self,
        a: str,
        b: str,
        *,
        start: DateLike = None,
        end: DateLike = None,
        certainty: Certainty = "possible",
        affiliated: bool = True,
    ) -> EventSet:
        """The events in which one actor acts toward the other, as :func:`dprkgraph.query.dyad`
        (the same dyad rule and the same default): DuckDB finds the events both sides take
        part in, and the rule is then applied to their participants' roles."""
        from dprkgraph.query import dyad_between

        side_a = self.members(a) if affiliated else {self._actor(a)}
        side_b = self.members(b) if affiliated else {self._actor(b)}
        where, params = self._where(
            actor=None,
            actors_all=None,
            type=None,
            cameo=None,
            quad_class=None,
            start=start,
            end=end,
            certainty=certainty,
            provenance=None,
        )
        ids = [
            r[0]
            for r in self._con.execute(
                f"SELECT id FROM ev WHERE {where} "
                "AND k IN (SELECT k FROM part WHERE list_contains(?, actor)) "
                "AND k IN (SELECT k FROM part WHERE list_contains(?, actor)) ORDER BY k",
                [*params, sorted(side_a), sorted(side_b)],
            ).fetchall()
        ]
        return EventSet(e for e in self._materialise(ids) if dyad_between(e, side_a, side_b))

    def co_participation(
        self, *, start: DateLike = None, end: DateLike = None, certainty: Certainty = "possible"
    ) -> nx.Graph:  # type: ignore[type-arg]
        """The weighted actor–actor graph of :func:`dprkgraph.query.co_participation`."""
        import networkx as nx

        where, params = self._where(
            actor=None,
            actors_all=None,
            type=None,
            cameo=None,
            quad_class=None,
            start=start,
            end=end,
            certainty=certainty,
            provenance=None,
        )
        self._con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _window AS
            SELECT part.actor, part.k FROM part JOIN ev USING (k, earliest, latest)
            WHERE {where}""",
            params,
        )
        result: nx.Graph = nx.Graph()  # type: ignore[type-arg]
        for actor, name, kind, count in self._con.execute("""
                SELECT w.actor, a.name, a.kind, count(*) FROM _window w
                JOIN actors a ON a.id = w.actor GROUP BY ALL ORDER BY w.actor""").fetchall():
            result.add_node(actor, name=name, kind=kind, events=count)
        for a, b, weight, ids in self._con.execute("""
                SELECT x.actor, y.actor, count(*), list(ev.id ORDER BY x.k)
                FROM _window x JOIN _window y ON x.k = y.k AND x.actor < y.actor
                JOIN ev ON ev.k = x.k GROUP BY ALL""").fetchall():
            result.add_edge(a, b, weight=weight, events=list(ids))
        return result

    def _reachable(self, event: str, *, forward: bool) -> EventSet:
        start = self.event(event).id
        here, there = ("cause", "effect") if forward else ("effect", "cause")
        ids = [
            r[0]
            for r in self._con.execute(
                f"""
            WITH RECURSIVE r(id) AS (
                SELECT {there} FROM causal WHERE {here} = ?
                UNION SELECT c.{there} FROM causal c JOIN r ON c.{here} = r.id)
            SELECT ev.id FROM r JOIN ev ON ev.id = r.id WHERE r.id <> ? ORDER BY ev.k""",
                [start, start],
            ).fetchall()
        ]
        return EventSet(self._materialise(ids))

    def causes(self, event: str) -> EventSet:
        """Every event that led, directly or through others, to this one."""
        return self._reachable(event, forward=False)

    def consequences(self, event: str) -> EventSet:
        """Every event this one led to, directly or through others."""
        return self._reachable(event, forward=True)

    @cached_property
    def text_index(self) -> TextIndex:
        """A full-text index of the export's texts, built on first use from its tables (the
        passages :func:`dprkgraph.textsearch.passages` gives for the same dataset)."""
        from dprkgraph.textsearch import TextIndex

        return TextIndex.from_rows(passage_rows(self._con))

    def search(
        self,
        text: str,
        *,
        kind: str | None = None,
        actor: str | Iterable[str] | None = None,
        start: DateLike = None,
        end: DateLike = None,
        certainty: Certainty = "possible",
        limit: int | None = None,
    ) -> list[Match]:
        """Search what the export says; the options and the answer of
        :func:`dprkgraph.query.search`."""
        check_search_options(kind, limit)
        who = {self._actor(a) for a in _as_list(actor)}
        lo, hi = window_bound(start, "start", "start"), window_bound(end, "end", "end")
        filtered = bool(who) or lo is not None or hi is not None
        wanted = searched_kinds(kind, filtered=filtered)
        if not wanted:
            return []
        found = self.text_index.search(text, kinds=wanted, limit=None if filtered else limit)
        if not filtered:
            return [Match(p.id, p.kind, p.field, p.text, p.where, p.passage, p.rank) for p in found]
        hits: list[Match] = []
        batch: list[Any] = []
        for p in [*found, None]:  # the hits' events are read a batch at a time
            if p is not None:
                batch.append(p)
                if len(batch) < 500:
                    continue
            events = {e.id: e for e in self._materialise(list({q.id: 0 for q in batch}))}
            for q in batch:
                e = events[q.id]
                if who and not who & ({*e.actors()} | {c.claimant for c in e.claims}):
                    continue
                inside = (
                    e.date.definitely_within if certainty == "definite" else e.date.possibly_within
                )
                if not inside(lo, hi):
                    continue
                hits.append(Match(q.id, q.kind, q.field, q.text, q.where, q.passage, q.rank))
                if limit is not None and len(hits) >= limit:
                    return hits
            batch = []
        return hits

    def claims(
        self,
        *,
        event: str | None = None,
        claimant: str | None = None,
        stance: str | None = None,
        about: str | None = None,
        as_frame: bool = False,
    ) -> list[ClaimRecord] | pd.DataFrame:
        """Claims, optionally about one event, by one claimant or of one stance, in the order
        the events were listed; the options and the answer of :func:`dprkgraph.query.claims`."""
        if about is not None:
            if event is not None and self._names.event_id(event) != self._names.event_id(about):
                raise QueryError("about", about, f"give one event, not also event={event!r}")
            event = about
        if event is not None:
            event = self._names.event_id(event)
        if claimant is not None:
            claimant = self._actor(claimant)
        if stance not in (None, "asserts", "denies"):
            raise QueryError("stance", stance, "use 'asserts' or 'denies'")
        ids = [
            r[0]
            for r in self._con.execute(
                "SELECT id FROM events WHERE id IN (SELECT event FROM claims WHERE "
                "(? IS NULL OR event = ?) AND (? IS NULL OR claimant = ?) "
                "AND (? IS NULL OR stance = ?)) ORDER BY row",
                [event, event, claimant, claimant, stance, stance],
            ).fetchall()
        ]
        found = [
            ClaimRecord(e, self.actor(c.claimant), c)
            for e in self._materialise(ids)
            for c in e.claims
            if (claimant is None or c.claimant == claimant)
            and (stance is None or c.stance == stance)
        ]
        return claims_frame(found) if as_frame else found

    def contested(self) -> EventSet:
        """Events carrying a statement one claimant asserts and another denies; as
        :func:`dprkgraph.query.contested`."""
        ids = [
            r[0]
            for r in self._con.execute(
                "SELECT id FROM ev WHERE id IN (SELECT event FROM claims GROUP BY event "
                "HAVING count(DISTINCT stance) = 2) ORDER BY k"
            ).fetchall()
        ]
        found = []
        for e in self._materialise(ids):
            stances: dict[str, set[str]] = {}
            for c in e.claims:
                stances.setdefault(c.statement.casefold(), set()).add(c.stance.value)
            if any(s == {"asserts", "denies"} for s in stances.values()):
                found.append(e)
        return EventSet(found)

    def graph(self) -> EventGraph:
        """The whole export as an in-memory graph, read on first use and kept: the questions
        that walk the whole graph (``actor_profile``, ``busiest_dyad``, ``explain_path``,
        ``neighbourhood``) are answered from it, at the cost of loading the dataset."""
        if self._graph is None:
            from dprkgraph.columnar.read import read_parquet
            from dprkgraph.graph import build_graph

            self._graph = build_graph(read_parquet(self.root, widening=self._rule))
        return self._graph

    def _actor_window_ids(
        self, actor: str, start: DateLike, end: DateLike, certainty: Certainty
    ) -> list[str]:
        """The commonest question, one actor in a window, read from that actor's own sorted
        rows of ``part`` alone (a third less work per query than joining ``ev``)."""
        where, params = self._where(
            actor=None,
            actors_all=None,
            type=None,
            cameo=None,
            quad_class=None,
            start=start,
            end=end,
            certainty=certainty,
            provenance=None,
        )
        return strings(
            self._con.execute(
                f"SELECT id FROM part WHERE actor = ? AND {where} ORDER BY k",
                [self._actor(actor), *params],
            )
        )

    def sql(self, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a read query of your own over the tables (``events``, ``participations``, …,
        and ``ev``/``part``, the sorted forms); returns the rows."""
        return self._con.execute(query, params or []).fetchall()


def _prepare_members(con: duckdb.DuckDBPyConnection, rule: Widening) -> None:
    """The ``members`` table: each "one of" date's members as (k, lo, hi) rows, so a window
    query can tell the days between them from possible days (few events have such dates)."""
    rows = [
        (k, lo, hi)
        for k, text in con.execute(
            "SELECT ev.k, events.date FROM events JOIN ev USING (id) "
            "WHERE starts_with(events.date, '[')"
        ).fetchall()
        for lo, hi in parse_date(text, widening=rule).members
    ]
    con.execute("CREATE TABLE members (k BIGINT, lo DATE, hi DATE)")
    if rows:
        con.executemany("INSERT INTO members VALUES (?, ?, ?)", rows)
