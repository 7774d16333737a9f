"""What the query modules share: option types, window bounds, ordering, and the dispatch to
columnar storage."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from dprkgraph.dates import ImpreciseDate, parse_date
from dprkgraph.errors import QueryError
from dprkgraph.model import Event, EventType
from dprkgraph.results import EventSet

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from dprkgraph.columnar.store import ColumnarStore

Certainty = Literal["definite", "possible"]
_EVENT_TYPES = frozenset(t.value for t in EventType)
DateLike = date | str | ImpreciseDate | None


def window_bound(value: DateLike, option: str, side: Literal["start", "end"]) -> date | None:
    """The day a window bound stands for: an EDTF ``start`` is its earliest day, an ``end``
    its latest (``"2010-03"`` as an end means 31 March 2010); ``option`` names it in errors."""
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    try:
        d = value if isinstance(value, ImpreciseDate) else parse_date(value)
    except ValueError as err:  # DateError: re-raised naming the option
        raise QueryError(option, value, str(err)) from err
    return d.earliest if side == "start" else d.latest


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _chronological(items: Iterable[Event]) -> EventSet:
    return EventSet(sorted(items, key=lambda e: (*e.date.sort_key, e.id)))


def is_columnar(g: object) -> TypeIs[ColumnarStore]:
    """Whether ``g`` is a :class:`~dprkgraph.columnar.ColumnarStore`, whose method of the same
    name answers a query function's question (each function's first two lines hand it over).

    No store can exist before its module is imported, so the test imports nothing: importing
    :mod:`dprkgraph.query`, or asking a graph, never loads DuckDB.
    """
    module = sys.modules.get("dprkgraph.columnar.store")
    return module is not None and isinstance(g, module.ColumnarStore)
