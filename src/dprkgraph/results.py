"""Result sets that read well in a terminal, render as tables in Jupyter and become DataFrames.

pandas is imported only when a DataFrame is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from dprkgraph.cameo import QUAD_CLASS_NAMES
from dprkgraph.html import html_table
from dprkgraph.model import Actor, Claim, Event

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ClaimRecord", "EventSet", "event_row"]

EVENT_COLUMNS = (
    "id",
    "title",
    "date",
    "earliest",
    "latest",
    "precision",
    "approximate",
    "uncertain",
    "type",
    "cameo",
    "goldstein",
    "quad_class",
    "participants",
    "provenance",
)


def event_row(event: Event, publishers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One event as a flat row: the columns of :meth:`EventSet.to_frame`; with ``publishers``
    (source id to publisher), also ``sources``, the number of independent sources."""
    d = event.date
    row = {
        "id": event.id,
        "title": event.title,
        "date": d.text,
        "earliest": None if d.open_start else d.earliest,  # an open end has no bound
        "latest": None if d.open_end else d.latest,
        "precision": d.precision,
        "approximate": d.approximate,
        "uncertain": d.uncertain,
        "type": event.type.value,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        # As the CSV writes them (tables.write_event_table): "; " between participants.
        "participants": "; ".join(f"{p.actor} ({p.role.value})" for p in event.participants),
        "provenance": event.provenance.value,
    }
    if publishers is not None:
        row["sources"] = len({publishers.get(c.source, c.source) for c in event.sources})
    return row


def _evidence(event: Event) -> str:
    return " · ".join(c.describe() for c in event.sources)


class EventSet(Sequence[Event]):
    """An ordered, immutable list of events, as returned by the queries.

    Examples
    --------
    >>> s = EventSet(dataset.events)
    >>> s
    <EventSet: 2 events>
      2010-03     talks: Talks open
      2010-04-02  walkout: Alphaland walks out
    >>> s.ids()
    ['talks', 'walkout']
    """

    __slots__ = ("_events", "_publishers")

    def __init__(
        self, events: Iterable[Event], *, publishers: Mapping[str, str] | None = None
    ) -> None:
        self._events = tuple(events)
        self._publishers = publishers  # source id → publisher, to count independent sources

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> EventSet: ...
    def __getitem__(self, index: int | slice) -> Event | EventSet:
        if isinstance(index, slice):
            return EventSet(self._events[index], publishers=self._publishers)
        return self._events[index]

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EventSet) and self._events == other._events

    __hash__ = None  # type: ignore[assignment]  # equal by content, so not hashable

    def ids(self) -> list[str]:
        """The event ids, in order."""
        return [e.id for e in self._events]

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per event (see :func:`event_row`)."""
        return [event_row(e, self._publishers) for e in self._events]

    def to_frame(self) -> pd.DataFrame:
        """A DataFrame with one row per event and the columns of :func:`event_row`; a set
        from :func:`dprkgraph.query.events` also has ``sources``, the number of independent
        sources (distinct publishers) behind each event."""
        import pandas as pd

        columns = list(EVENT_COLUMNS) + ([] if self._publishers is None else ["sources"])
        frame = pd.DataFrame(self.to_records(), columns=columns)
        frame["earliest"] = pd.to_datetime(frame["earliest"])
        frame["latest"] = pd.to_datetime(frame["latest"])
        return frame

    def __repr__(self) -> str:
        n = len(self._events)
        lines = [f"<EventSet: {n} event{'s' if n != 1 else ''}>"]
        shown = self._events[:20]
        wide = max([10, *(len(e.date.text) for e in shown)])
        lines += [f"  {e.date.text:<{wide}}  {e.id}: {e.title}" for e in shown]
        if n > len(shown):
            lines.append(f"  … {n - len(shown)} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [
            (
                e.date.text,
                e.title,
                e.type.value,
                e.goldstein,
                QUAD_CLASS_NAMES.get(e.quad_class or 0, ""),
                ", ".join(f"{p.actor} ({p.role.value})" for p in e.participants),
                _evidence(e),
            )
            for e in self._events
        ]
        header = ("date", "title", "type", "Goldstein", "QuadClass", "participants", "sources")
        return html_table(header, rows)


@dataclass(frozen=True)
class ClaimRecord:
    """A claim with the event it is about and the actor making it."""

    event: Event
    claimant: Actor
    claim: Claim

    def row(self) -> dict[str, Any]:
        """The claim as a flat row."""
        c = self.claim
        return {
            "event": self.event.id,
            "claimant": self.claimant.id,
            "stance": c.stance.value,
            "statement": c.statement,
            "sources": "; ".join(s.source for s in c.sources),
            "quotes": " | ".join(s.quote for s in c.sources if s.quote),
        }
