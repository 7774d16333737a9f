"""The Parquet tables a dataset is written as, and the conversion of a :class:`Dataset` into
them.

Seven tables, each a folder of Parquet files. The five event tables are partitioned by the
year of the event's earliest possible day (Hive style, ``year=2010/``), so a query over a
window reads only the years it touches; ``actors`` and ``sources`` are one file each. Child
tables (participations, relations, citations, claims) name their event by id and keep the
order the records were listed in (``position``), so a round trip is exact. docs/columnar.md
describes every column.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from dprkgraph.model import Actor, Citation, Dataset, Event, Source

__all__ = [
    "EVENT_TABLES",
    "FORMAT_VERSION",
    "MANIFEST",
    "SCHEMAS",
    "TABLES",
    "TableBuilder",
    "to_tables",
]

#: The name of the small JSON file that marks a folder as a dprkgraph Parquet export.
MANIFEST = "dprkgraph-parquet.json"
#: Bumped when a column is renamed, removed or changes meaning.
FORMAT_VERSION = 1


def _schema(columns: list[tuple[str, Any]]) -> pa.Schema:
    return pa.schema([pa.field(name, kind) for name, kind in columns])


_POSITION = pa.struct([("title", pa.string()), ("start", pa.string()), ("end", pa.string())])

#: Every table's columns, in file order (the partition column ``year`` is in the folder name).
SCHEMAS: dict[str, pa.Schema] = {
    "events": _schema(
        [
            ("id", pa.string()),
            ("row", pa.int64()),
            ("title", pa.string()),
            ("date", pa.string()),
            ("earliest", pa.date32()),
            ("latest", pa.date32()),
            ("type", pa.string()),
            ("cameo", pa.string()),
            ("coded_goldstein", pa.float64()),
            ("coded_quad_class", pa.int8()),
            ("goldstein", pa.float64()),
            ("quad_class", pa.int8()),
            ("location", pa.string()),
            ("summary", pa.string()),
            ("provenance", pa.string()),
            ("metrics", pa.map_(pa.string(), pa.float64())),
            ("year", pa.int32()),
        ]
    ),
    "participations": _schema(
        [
            ("event", pa.string()),
            ("position", pa.int32()),
            ("actor", pa.string()),
            ("role", pa.string()),
            ("year", pa.int32()),
        ]
    ),
    "relations": _schema(
        [
            ("event", pa.string()),
            ("position", pa.int32()),
            ("type", pa.string()),
            ("target", pa.string()),
            ("note", pa.string()),
            ("year", pa.int32()),
        ]
    ),
    "claims": _schema(
        [
            ("event", pa.string()),
            ("position", pa.int32()),
            ("claimant", pa.string()),
            ("stance", pa.string()),
            ("statement", pa.string()),
            ("year", pa.int32()),
        ]
    ),
    "citations": _schema(
        [
            ("event", pa.string()),
            ("claim", pa.int32()),
            ("position", pa.int32()),
            ("source", pa.string()),
            ("quote", pa.string()),
            ("locator", pa.string()),
            ("prefix", pa.string()),
            ("occurrence", pa.int32()),
            ("year", pa.int32()),
        ]
    ),
    "actors": _schema(
        [
            ("id", pa.string()),
            ("row", pa.int64()),
            ("name", pa.string()),
            ("kind", pa.string()),
            ("aliases", pa.list_(pa.string())),
            ("affiliation", pa.string()),
            ("positions", pa.list_(_POSITION)),
            ("wikidata", pa.string()),
            ("description", pa.string()),
        ]
    ),
    "sources": _schema(
        [
            ("id", pa.string()),
            ("row", pa.int64()),
            ("title", pa.string()),
            ("publisher", pa.string()),
            ("author", pa.string()),
            ("published", pa.string()),
            ("url", pa.string()),
            ("kind", pa.string()),
            ("identifier", pa.string()),
            ("sha256", pa.string()),
        ]
    ),
}
#: The tables, in the order they are written and documented.
TABLES = tuple(SCHEMAS)
#: The tables partitioned by year.
EVENT_TABLES = ("events", "participations", "relations", "claims", "citations")


def _columns(name: str) -> dict[str, list[Any]]:
    return {f.name: [] for f in SCHEMAS[name]}


def _event_columns(
    events: Iterable[Event], columns: dict[str, dict[str, list[Any]]], first: int = 0
) -> int:
    """Append every event and its child records to ``columns``, column by column (a dict per
    row would cost more than the rest of the export), numbering them from ``first``; return
    the next number."""
    ev, pa_, re_, cl, ci = (columns[n] for n in EVENT_TABLES)
    row = first - 1
    for row, e in enumerate(events, start=first):
        d = e.date
        year = d.earliest.year
        for key, value in (
            ("id", e.id),
            ("row", row),
            ("title", e.title),
            ("date", d.text),
            ("earliest", d.earliest),
            ("latest", d.latest),
            ("type", e.type.value),
            ("cameo", e.cameo),
            ("coded_goldstein", e.coded_goldstein),
            ("coded_quad_class", e.coded_quad_class),
            ("goldstein", e.goldstein),
            ("quad_class", e.quad_class),
            ("location", e.location),
            ("summary", e.summary),
            ("provenance", e.provenance.value),
            ("metrics", list(e.metrics.items())),
            ("year", year),
        ):
            ev[key].append(value)
        n = len(e.participants)
        pa_["event"] += [e.id] * n
        pa_["position"] += range(n)
        pa_["actor"] += [p.actor for p in e.participants]
        pa_["role"] += [p.role.value for p in e.participants]
        pa_["year"] += [year] * n
        n = len(e.relations)
        if n:
            re_["event"] += [e.id] * n
            re_["position"] += range(n)
            re_["type"] += [r.type.value for r in e.relations]
            re_["target"] += [r.event for r in e.relations]
            re_["note"] += [r.note for r in e.relations]
            re_["year"] += [year] * n
        cited: list[tuple[int | None, int, Citation]] = [
            (None, i, c) for i, c in enumerate(e.sources)
        ]
        for k, claim in enumerate(e.claims):
            for key, value in (
                ("event", e.id),
                ("position", k),
                ("claimant", claim.claimant),
                ("stance", claim.stance.value),
                ("statement", claim.statement),
                ("year", year),
            ):
                cl[key].append(value)
            cited += [(k, i, c) for i, c in enumerate(claim.sources)]
        n = len(cited)
        ci["event"] += [e.id] * n
        ci["claim"] += [k for k, _, _ in cited]
        ci["position"] += [i for _, i, _ in cited]
        ci["source"] += [c.source for _, _, c in cited]
        ci["quote"] += [c.quote for _, _, c in cited]
        ci["locator"] += [c.locator for _, _, c in cited]
        ci["prefix"] += [c.prefix for _, _, c in cited]
        ci["occurrence"] += [c.occurrence for _, _, c in cited]
        ci["year"] += [year] * n
    return row + 1


class TableBuilder:
    """The seven tables, filled a batch of records at a time: an import can turn each batch of
    events into columns and let the models go, rather than keep a model per row.

    Examples
    --------
    >>> builder = TableBuilder()
    >>> builder.add_events(dataset.events[:1]); builder.add_events(dataset.events[1:])
    >>> builder.tables()["events"].column("row").to_pylist()
    [0, 1]
    """

    def __init__(self) -> None:
        self._columns = {name: _columns(name) for name in TABLES}
        self._events = 0
        self.widening: set[str] = set()

    def add_events(self, events: Iterable[Event]) -> None:
        """Append events, numbered after those already added."""
        batch = tuple(events)
        self.widening.update(e.date.widening for e in batch)
        self._events = _event_columns(batch, self._columns, self._events)

    def add_actors(self, actors: Iterable[Actor]) -> None:
        """Append actors, in order."""
        columns = self._columns["actors"]
        for a in actors:
            for key, value in (
                ("id", a.id),
                ("row", len(columns["id"])),
                ("name", a.name),
                ("kind", a.kind.value),
                ("aliases", list(a.aliases)),
                ("affiliation", a.affiliation),
                (
                    "positions",
                    [
                        {
                            "title": p.title,
                            "start": p.start.text if p.start else None,
                            "end": p.end.text if p.end else None,
                        }
                        for p in a.positions
                    ],
                ),
                ("wikidata", a.wikidata),
                ("description", a.description),
            ):
                columns[key].append(value)

    def add_sources(self, sources: Iterable[Source]) -> None:
        """Append sources, in order."""
        columns = self._columns["sources"]
        for s in sources:
            for key, value in (
                ("id", s.id),
                ("row", len(columns["id"])),
                ("title", s.title),
                ("publisher", s.publisher),
                ("author", s.author),
                ("published", s.published.text if s.published else None),
                ("url", s.url),
                ("kind", s.kind.value),
                ("identifier", s.identifier),
                ("sha256", s.sha256),
            ):
                columns[key].append(value)

    def tables(self) -> dict[str, pa.Table]:
        """The tables of :data:`SCHEMAS` holding everything added."""
        return {
            name: pa.Table.from_pydict(self._columns[name], schema=SCHEMAS[name]) for name in TABLES
        }


def to_tables(dataset: Dataset) -> dict[str, pa.Table]:
    """The dataset as the seven Arrow tables of :data:`SCHEMAS`.

    Examples
    --------
    >>> tables = to_tables(dataset)
    >>> tables["events"].column("id").to_pylist(), tables["participations"].num_rows
    (['talks', 'walkout'], 3)
    """
    builder = TableBuilder()
    builder.add_events(dataset.events)
    builder.add_actors(dataset.actors)
    builder.add_sources(dataset.sources)
    return builder.tables()
