"""Full-text search over what the dataset says."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.query._base import (
    Certainty,
    DateLike,
    _as_list,
    is_columnar,
    window_bound,
)

if TYPE_CHECKING:
    from dprkgraph.columnar.store import ColumnarStore


@dataclass(frozen=True)
class Match:
    """A search hit: the record (``id``, ``kind``), the field that matched (``title``,
    ``summary``, ``quote``, ``claim``, ``name``, ``alias`` …), where in words (``quote of
    source S``, ``claim by C (denies)``), the matched passage with the matched words in
    ``[…]``, the field's whole text, and the relevance rank (lower is better)."""

    id: str
    kind: str
    field: str
    text: str
    where: str = ""
    passage: str = ""
    rank: float = 0.0


def search(
    g: EventGraph | ColumnarStore,
    text: str,
    *,
    kind: str | None = None,
    actor: str | Iterable[str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
    certainty: Certainty = "possible",
    limit: int | None = None,
) -> list[Match]:
    """Search what the dataset says: titles, summaries, names, aliases, every verbatim quote
    and every claim, ranked by relevance (see :mod:`dprkgraph.textsearch` for the rules).

    Parameters
    ----------
    text
        Words that must all occur in one passage (each also matches longer words it begins),
        and ``"quoted phrases"`` that must occur word for word. Case and accents are ignored.
    kind
        ``"event"``, ``"actor"`` or ``"source"``: only hits in records of that kind.
    actor
        Only hits in events this actor (id or name) takes part in or makes a claim about.
    start, end, certainty
        Only hits in events in this window, as in :func:`events`.
    limit
        At most this many hits.

    Examples
    --------
    >>> sorted((m.id, m.where) for m in search(g, "alpha"))
    [('aaa', 'alias'), ('aaa', 'name'), ('walkout', 'quote of source src'), ('walkout', 'title')]
    >>> [m.passage for m in search(g, '"talks opened"')]
    ['the [talks opened]']
    """
    if is_columnar(g):
        return g.search(
            text, kind=kind, actor=actor, start=start, end=end, certainty=certainty, limit=limit
        )
    check_search_options(kind, limit)
    who = {g.actor(a).id for a in _as_list(actor)}
    lo, hi = window_bound(start, "start", "start"), window_bound(end, "end", "end")
    filtered = bool(who) or lo is not None or hi is not None
    wanted = searched_kinds(kind, filtered=filtered)
    if not wanted:
        return []

    @cache  # an event is asked once for each of its passages that match
    def inside(eid: str) -> bool:
        e = g.event(eid)
        if who and not who & ({*e.actors()} | {c.claimant for c in e.claims}):
            return False
        within = e.date.definitely_within if certainty == "definite" else e.date.possibly_within
        return within(lo, hi)

    found = g.text_index.search(text, kinds=wanted, keep=inside if filtered else None, limit=limit)
    return [Match(p.id, p.kind, p.field, p.text, p.where, p.passage, p.rank) for p in found]


_KINDS = frozenset({"event", "actor", "source"})


def check_search_options(kind: str | None, limit: int | None) -> None:
    """Refuse a ``kind`` or ``limit`` :func:`search` does not take (shared with the store)."""
    if kind is not None and kind not in _KINDS:
        raise QueryError("kind", kind, "'event', 'actor' or 'source'")
    if limit is not None and limit < 1:
        raise QueryError("limit", limit, "use 1 or more")


def searched_kinds(kind: str | None, *, filtered: bool) -> frozenset[str]:
    """The kinds of record to search: only events when an actor or window filters (those
    filters are about events), none if that contradicts ``kind``."""
    if filtered:
        return frozenset({"event"}) if kind in (None, "event") else frozenset()
    return frozenset({kind}) if kind else _KINDS
