"""Read an export back into a validated :class:`Dataset`: the set-wise checks of
:mod:`dprkgraph.columnar.engine`, then every record through the same models the YAML loader
uses, with any problem located to its Parquet file and row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
from pydantic import BaseModel, ValidationError

from dprkgraph._gc import gc_paused
from dprkgraph.columnar.engine import (
    EXPORT,
    check,
    connect,
    first_line,
    open_tables,
    written_rule,
)
from dprkgraph.columnar.schema import SCHEMAS
from dprkgraph.dates import Widening, widening_rule
from dprkgraph.errors import LoadError, Problem
from dprkgraph.model import Actor, Dataset, Event, Source

__all__ = ["event_records", "plain_records", "read_parquet", "validated"]

_MAX_PROBLEMS = 50


def _dicts(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _clean(record: dict[str, Any], drop: Iterable[str]) -> dict[str, Any]:
    """The record as the models take it: without bookkeeping columns, absent for null."""
    return {k: v for k, v in record.items() if v is not None and k not in drop}


def _citation(row: dict[str, Any]) -> dict[str, Any]:
    return _clean(row, ("event", "claim", "position", "year", "_file", "_row"))


def event_records(
    con: duckdb.DuckDBPyConnection, where: str = "TRUE", params: list[Any] | None = None
) -> list[tuple[dict[str, Any], str, int]]:
    """The events the condition ``where`` (over the ``events`` view) selects, as the plain
    records the models take, in file order, each with the file and row it came from."""
    params = params or []
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _chosen AS SELECT id FROM events WHERE {where}", params
    )
    children: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name in ("participations", "relations", "claims", "citations"):
        order = "event, claim NULLS FIRST, position" if name == "citations" else "event, position"
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in _dicts(
            con,
            f"SELECT * EXCLUDE (_file, _row, year) FROM {name} "
            f"WHERE event IN (SELECT id FROM _chosen) ORDER BY {order}",
        ):
            grouped[row["event"]].append(row)
        children[name] = grouped
    out = []
    for row in _dicts(
        con,
        "SELECT * EXCLUDE (earliest, latest, goldstein, quad_class, year) "
        "FROM events WHERE id IN (SELECT id FROM _chosen) ORDER BY row",
    ):
        eid = row["id"]
        record = _clean(row, ("row", "_file", "_row", "metrics"))
        record["metrics"] = dict(row["metrics"] or {})
        record["participants"] = [
            {"actor": p["actor"], "role": p["role"]}
            for p in children["participations"].get(eid, ())
        ]
        record["relations"] = [
            _clean({"type": r["type"], "event": r["target"], "note": r["note"]}, ())
            for r in children["relations"].get(eid, ())
        ]
        cites = children["citations"].get(eid, [])
        record["sources"] = [_citation(c) for c in cites if c["claim"] is None]
        record["claims"] = [
            {
                "claimant": c["claimant"],
                "stance": c["stance"],
                "statement": c["statement"],
                "sources": [_citation(s) for s in cites if s["claim"] == c["position"]],
            }
            for c in children["claims"].get(eid, ())
        ]
        out.append((record, row["_file"], row["_row"]))
    return out


def _problem(path: str, row: int, kind: str, err: ValidationError) -> Problem:
    first = err.errors()[0]
    where = ".".join(str(x) for x in first["loc"]) or kind
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    # Columns are counted from 1 as in the set-wise checks: the field's own column, or for a
    # field read from another table (a participant, a citation) the row's id column.
    columns = [f.name for f in SCHEMAS[f"{kind}s"]]
    field = str(first["loc"][0]) if first["loc"] else "id"
    column = columns.index(field if field in columns else "id") + 1
    return Problem(
        Path(path),
        row,
        column,
        f"{kind} {where}: {first['msg']}{more}",
        "correct the value, or export the dataset again",
    )


def validated(
    model: type[BaseModel],
    records: Iterable[tuple[dict[str, Any], str, int]],
    problems: list[Problem],
) -> list[Any]:
    """Each record through ``model``; a failure becomes a located problem."""
    kind = model.__name__.lower()
    out = []
    for record, path, row in records:
        try:
            out.append(model.model_validate(record))
        except ValidationError as err:
            if len(problems) < _MAX_PROBLEMS:
                problems.append(_problem(path, row, kind, err))
    return out


def plain_records(
    con: duckdb.DuckDBPyConnection, table: str
) -> list[tuple[dict[str, Any], str, int]]:
    """The rows of ``actors`` or ``sources`` as the models take them, with file and row."""
    rows = _dicts(con, f"SELECT * FROM {table} ORDER BY row")
    out = []
    for r in rows:
        record = _clean(r, ("row", "_file", "_row"))
        if table == "actors":
            record["positions"] = [_clean(p, ()) for p in record.get("positions", ())]
        out.append((record, r["_file"], r["_row"]))
    return out


def read_parquet(directory: str | Path, *, widening: Widening = "unit") -> Dataset:
    """Read and validate an export written by :func:`~dprkgraph.columnar.write_parquet`.

    :func:`dprkgraph.load` calls this for a folder holding an export's manifest, so
    ``load(export)`` and ``load_graph(export)`` work as on a YAML dataset.

    Parameters
    ----------
    directory
        The export's folder.
    widening
        The rule the dates of the records are read by, as in :func:`dprkgraph.load`. The
        export's own ``earliest``/``latest`` columns are checked by the rule they were written
        with (the manifest says which), so an export can be read by either rule.

    Returns
    -------
    Dataset
        The records, in the order they were written; equal to the dataset exported.

    Raises
    ------
    LoadError
        With every problem found, each located to a Parquet file and row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from dprkgraph.columnar import write_parquet
    >>> out = write_parquet(dataset, pathlib.Path(tempfile.mkdtemp()) / "export")
    >>> read_parquet(out) == dataset
    True
    """
    root = Path(directory)
    if widening not in ("unit", "edtf"):
        raise LoadError(
            [
                Problem(
                    root,
                    0,
                    0,
                    f"unknown widening rule {widening!r}",
                    "use 'unit' (the default) or 'edtf'",
                )
            ]
        )
    con = connect()
    try:
        open_tables(con, root)
        with widening_rule(written_rule(root)):
            check(con)
        problems: list[Problem] = []
        with gc_paused(), widening_rule(widening):
            events = validated(Event, event_records(con), problems)
            actors = validated(Actor, plain_records(con, "actors"), problems)
            sources = validated(Source, plain_records(con, "sources"), problems)
        if problems:
            raise LoadError(problems)
    except duckdb.Error as err:
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
    finally:
        con.close()
    return Dataset(events=tuple(events), actors=tuple(actors), sources=tuple(sources))
