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

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from dprkgraph.model import Dataset, Event

__all__ = ["EVENT_TABLES", "FORMAT_VERSION", "MANIFEST", "SCHEMAS", "TABLES", "to_tables"]

#: The name of the small JSON file that marks a folder as a dprkgraph Parquet export.
MANIFEST = "dprkgraph-parquet.json"
#: Bumped when a column is renamed, removed or changes meaning.
FORMAT_VERSION = 1

def _schema(columns: list[tuple[str, Any]]) -> pa.Schema:
    return pa.schema([pa.field(name, kind) for name, kind in columns])


_POSITION = pa.struct([("title", pa.string()), ("start", pa.string()), ("end", pa.string())])

#: Every table's columns, in file order (the partition column ``year`` is in the folder name).
SCHEMAS: dict[str, pa.Schema] = {
    "events": _schema([
        ("id", pa.string()), ("row", pa.int64()), ("title", pa.string()),
        ("date", pa.string()), ("earliest", pa.date32()), ("latest", pa.date32()),
        ("type", pa.string()), ("cameo", pa.string()),
        ("coded_goldstein", pa.float64()), ("coded_quad_class", pa.int8()),
        ("goldstein", pa.float64()), ("quad_class", pa.int8()),
        ("location", pa.string()), ("summary", pa.string()), ("provenance", pa.string()),
        ("metrics", pa.map_(pa.string(), pa.float64())), ("year", pa.int32()),
    ]),
    "participations": _schema([
        ("event", pa.string()), ("position", pa.int32()), ("actor", pa.string()),
        ("role", pa.string()), ("year", pa.int32()),
    ]),
    "relations": _schema([
        ("event", pa.string()), ("position", pa.int32()), ("type", pa.string()),
        ("target", pa.string()), ("note", pa.string()), ("year", pa.int32()),
    ]),
    "claims": _schema([
        ("event", pa.string()), ("position", pa.int32()), ("claimant", pa.string()),
        ("stance", pa.string()), ("statement", pa.string()), ("year", pa.int32()),
    ]),
    "citations": _schema([
        ("event", pa.string()), ("claim", pa.int32()), ("position", pa.int32()),
        ("source", pa.string()), ("quote", pa.string()), ("locator", pa.string()),
        ("year", pa.int32()),
    ]),
    "actors": _schema([
        ("id", pa.string()), ("row", pa.int64()), ("name", pa.string()), ("kind", pa.string()),
        ("aliases", pa.list_(pa.string())), ("affiliation", pa.string()),
        ("positions", pa.list_(_POSITION)), ("wikidata", pa.string()),
        ("description", pa.string()),
    ]),
    "sources": _schema([
        ("id", pa.string()), ("row", pa.int64()), ("title", pa.string()),
        ("publisher", pa.string()), ("author", pa.string()), ("published", pa.string()),
        ("url", pa.string()), ("kind", pa.string()), ("identifier", pa.string()),
    ]),
}
#: The tables, in the order they are written and documented.
TABLES = tuple(SCHEMAS)
#: The tables partitioned by year.
EVENT_TABLES = ("events", "participations", "relations", "claims", "citations")


def _columns(name: str) -> dict[str, list[Any]]:
    return {f.name: [] for f in SCHEMAS[name]}


def _event_rows(events: tuple[Event, ...]) -> Iterator[tuple[str, dict[str, Any]]]:
    for row, e in enumerate(events):
        year = e.date.earliest.year
        yield "events", {
            "id": e.id, "row": row, "title": e.title, "date": e.date.text,
            "earliest": e.date.earliest, "latest": e.date.latest, "type": e.type.value,
            "cameo": e.cameo, "coded_goldstein": e.coded_goldstein,
            "coded_quad_class": e.coded_quad_class, "goldstein": e.goldstein,
            "quad_class": e.quad_class, "location": e.location, "summary": e.summary,
            "provenance": e.provenance.value, "metrics": list(e.metrics.items()), "year": year,
        }
        for i, p in enumerate(e.participants):
            yield "participations", {"event": e.id, "position": i, "actor": p.actor,
                                     "role": p.role.value, "year": year}
        for i, r in enumerate(e.relations):
            yield "relations", {"event": e.id, "position": i, "type": r.type.value,
                                "target": r.event, "note": r.note, "year": year}
        for i, c in enumerate(e.sources):
            yield "citations", {"event": e.id, "claim": None, "position": i, "source": c.source,
                                "quote": c.quote, "locator": c.locator, "year": year}
        for k, claim in enumerate(e.claims):
            yield "claims", {"event": e.id, "position": k, "claimant": claim.claimant,
                             "stance": claim.stance.value, "statement": claim.statement,
                             "year": year}
            for i, c in enumerate(claim.sources):
                yield "citations", {"event": e.id, "claim": k, "position": i,
                                    "source": c.source, "quote": c.quote, "locator": c.locator,
                                    "year": year}


def to_tables(dataset: Dataset) -> dict[str, pa.Table]:
    """The dataset as the seven Arrow tables of :data:`SCHEMAS`.

    Examples
    --------
    >>> tables = to_tables(dataset)
    >>> tables["events"].column("id").to_pylist(), tables["participations"].num_rows
    (['talks', 'walkout'], 3)
    """
    columns = {name: _columns(name) for name in TABLES}
    for name, record in _event_rows(dataset.events):
        target = columns[name]
        for key, value in record.items():
            target[key].append(value)
    actors = columns["actors"]
    for row, a in enumerate(dataset.actors):
        for key, value in (("id", a.id), ("row", row), ("name", a.name), ("kind", a.kind.value),
                           ("aliases", list(a.aliases)), ("affiliation", a.affiliation),
                           ("positions", [{"title": p.title,
                                           "start": p.start.text if p.start else None,
                                           "end": p.end.text if p.end else None}
                                          for p in a.positions]),
                           ("wikidata", a.wikidata), ("description", a.description)):
            actors[key].append(value)
    sources = columns["sources"]
    for row, s in enumerate(dataset.sources):
        for key, value in (("id", s.id), ("row", row), ("title", s.title),
                           ("publisher", s.publisher), ("author", s.author),
                           ("published", s.published.text if s.published else None),
                           ("url", s.url), ("kind", s.kind.value),
                           ("identifier", s.identifier)):
            sources[key].append(value)
    return {name: pa.Table.from_pydict(columns[name], schema=SCHEMAS[name]) for name in TABLES}
