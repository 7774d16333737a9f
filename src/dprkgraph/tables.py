"""The event table as records, CSV or JSON: one writer for every place that writes it.

The columns, in order: ``id``, ``title``, ``date`` (as written), ``earliest`` and ``latest``
(ISO days), ``precision``, ``approximate``, ``uncertain``, ``type``, ``cameo``,
``goldstein``, ``quad_class``, ``participants`` and ``provenance``, and ``sources`` (how many
independent publishers back the event) when the events come from :func:`dprkgraph.query.events`.
In JSON the participants are a list of ``{"actor", "role"}`` objects; in CSV they are one
cell, ``actor (role); …``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any, Literal

from dprkgraph.model import Event
from dprkgraph.results import EVENT_COLUMNS, event_row

__all__ = ["EVENT_COLUMNS", "event_records", "write_event_table"]


def event_records(found: Iterable[Event]) -> list[dict[str, Any]]:
    """One JSON-ready dict per event, with the columns above.

    Examples
    --------
    >>> r = event_records(dataset.events)[0]
    >>> r["earliest"], r["participants"][0]
    ('2010-03-01', {'actor': 'aaa', 'role': 'party'})
    """
    from dprkgraph.results import EventSet

    rows = found.to_records() if isinstance(found, EventSet) else [event_row(e) for e in found]
    records = []
    for e, row in zip(found, rows, strict=True):
        # An open end has no bound: null in JSON, empty in CSV.
        row["earliest"] = None if e.date.open_start else e.date.earliest.isoformat()
        row["latest"] = None if e.date.open_end else e.date.latest.isoformat()
        row["participants"] = [{"actor": p.actor, "role": p.role.value} for p in e.participants]
        records.append(row)
    return records


def write_event_table(
    found: Iterable[Event], handle: IO[str], fmt: Literal["csv", "json"] = "csv"
) -> None:
    """Write the events to an open text ``handle`` as CSV (with a header row) or JSON (a list).

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> write_event_table(dataset.events[:1], out)
    >>> print(out.getvalue().splitlines()[1])  # doctest: +NORMALIZE_WHITESPACE
    talks,Talks open,2010-03,2010-03-01,2010-03-31,month,False,False,negotiation,046,7.0,1,aaa
    (party); bbb (party),curated
    """
    records = event_records(found)
    if fmt == "json":
        json.dump(records, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
        return
    if fmt != "csv":
        from dprkgraph.errors import QueryError

        raise QueryError("format", fmt, "'csv' or 'json'")
    extra = ["sources"] if records and "sources" in records[0] else []
    writer = csv.DictWriter(handle, fieldnames=[*EVENT_COLUMNS, *extra])
    writer.writeheader()
    for r in records:
        r["participants"] = "; ".join(f"{p['actor']} ({p['role']})" for p in r["participants"])
        writer.writerow(r)
