"""Claims, flat, and the events whose claimants disagree."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.results import ClaimRecord, EventSet

if TYPE_CHECKING:
    import pandas as pd

    from dprkgraph.columnar.store import ColumnarStore
from dprkgraph.query._base import (
    _chronological,
    is_columnar,
)


def claims(
    g: EventGraph | ColumnarStore,
    *,
    event: str | None = None,
    claimant: str | None = None,
    stance: str | None = None,
    about: str | None = None,
    as_frame: bool = False,
) -> list[ClaimRecord] | pd.DataFrame:
    """Claims, optionally about one event (``about=`` or ``event=``, an id or a title that
    names it), by one claimant (an id or a name), or of one stance.

    With ``as_frame=True`` the answer is a flat DataFrame with one row per claim and source
    that supports it: ``claimant``, ``stance``, ``statement``, ``event``, ``source``,
    ``quote`` and ``locator`` (the same rows as ``dprkgraph claims --format csv``).

    Examples
    --------
    >>> claims(g)
    []
    """
    if is_columnar(g):
        return g.claims(
            event=event, claimant=claimant, stance=stance, about=about, as_frame=as_frame
        )
    if about is not None:
        if event is not None and g.event(event).id != g.event(about).id:
            raise QueryError("about", about, f"give one event, not also event={event!r}")
        event = about
    if event is not None:
        event = g.event(event).id
    if claimant is not None:
        claimant = g.actor(claimant).id
    if stance not in (None, "asserts", "denies"):
        raise QueryError("stance", stance, "use 'asserts' or 'denies'")
    found = []
    for e in g.events():
        if event is not None and e.id != event:
            continue
        for c in e.claims:
            if (claimant is None or c.claimant == claimant) and (
                stance is None or c.stance == stance
            ):
                found.append(ClaimRecord(e, g.actor(c.claimant), c))
    return claims_frame(found) if as_frame else found


def claims_frame(found: list[ClaimRecord]) -> pd.DataFrame:
    """Claim records as a flat table, a row per citation (a claim without one gets one row)."""
    import pandas as pd

    columns = ["claimant", "stance", "statement", "event", "source", "quote", "locator"]
    rows = [
        (
            r.claimant.id,
            r.claim.stance.value,
            r.claim.statement,
            r.event.id,
            c.source if c else None,
            c.quote if c else None,
            c.locator if c else None,
        )
        for r in found
        for c in (r.claim.sources or (None,))
    ]
    return pd.DataFrame(rows, columns=columns)


def _claim_records(g: EventGraph, **filters: str) -> list[ClaimRecord]:
    found = claims(g, **filters)  # type: ignore[arg-type]
    assert isinstance(found, list)
    return found


def contested(g: EventGraph | ColumnarStore) -> EventSet:
    """Events carrying a statement that one claimant asserts and another denies."""
    if is_columnar(g):
        return g.contested()
    found = []
    for e in g.events():
        stances: dict[str, set[str]] = defaultdict(set)
        for c in e.claims:
            stances[c.statement.casefold()].add(c.stance.value)
        if any(s == {"asserts", "denies"} for s in stances.values()):
            found.append(e)
    return _chronological(found)
