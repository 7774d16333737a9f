"""Open an export's Parquet files in an in-process DuckDB and check them set-wise.

The checks are those the YAML loader makes, written as queries over whole tables: the
columns each table needs, ids unique across events, actors and sources, every reference
resolving, every date a supported EDTF string whose ``earliest``, ``latest`` and ``year``
agree with it, ``goldstein`` and ``quad_class`` the coded values or else the CAMEO table's,
allowed values for types, roles and stances, and no cycle of ``led_to`` or ``part_of``
links. Each problem names the Parquet file, the row in it (from 1) and the column (from 1);
the manifest's row count for each table is compared with the rows found. DuckDB never
loads or installs an extension here: Parquet is built into its wheel.
"""

from __future__ import annotations

import graphlib
import json
import re
from pathlib import Path
from typing import Any, cast

import duckdb

from dprkgraph.columnar.schema import EVENT_TABLES, FORMAT_VERSION, MANIFEST, SCHEMAS, TABLES
from dprkgraph.dates import Widening, parse_date
from dprkgraph.errors import DateError, LoadError, Problem
from dprkgraph.model import (
    ActorKind,
    EventType,
    Provenance,
    RelationType,
    Role,
    SourceKind,
    Stance,
)

__all__ = [
    "EXPORT",
    "check",
    "check_counts",
    "connect",
    "first_line",
    "looks_like_export",
    "open_tables",
    "read_manifest",
    "strings",
    "written_rule",
]

#: The command that writes an export, named in the hints of problems.
EXPORT = "dprkgraph export --format parquet DIR"

#: How many offending rows each check reports.
MAX_ROWS = 20

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ALLOWED = {
    ("events", "type"): [t.value for t in EventType],
    ("events", "provenance"): [p.value for p in Provenance],
    ("participations", "role"): [r.value for r in Role],
    ("relations", "type"): [t.value for t in RelationType],
    ("claims", "stance"): [s.value for s in Stance],
    ("actors", "kind"): [k.value for k in ActorKind],
    ("sources", "kind"): [k.value for k in SourceKind],
}
_REQUIRED = {
    "events": ("id", "row", "title", "date", "earliest", "latest", "type", "provenance"),
    "participations": ("event", "position", "actor", "role"),
    "relations": ("event", "position", "type", "target"),
    "claims": ("event", "position", "claimant", "stance", "statement"),
    "citations": ("event", "position", "source"),
    "actors": ("id", "row", "name", "kind"),
    "sources": ("id", "row", "title", "publisher", "kind"),
}
# (table, column, the table and column it names, what is named)
_REFERENCES = (
    ("participations", "event", "events", "id", "event"),
    ("participations", "actor", "actors", "id", "actor"),
    ("relations", "event", "events", "id", "event"),
    ("relations", "target", "events", "id", "event"),
    ("claims", "event", "events", "id", "event"),
    ("claims", "claimant", "actors", "id", "actor"),
    ("citations", "event", "events", "id", "event"),
    ("citations", "source", "sources", "id", "source"),
    ("actors", "affiliation", "actors", "id", "actor"),
)


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that will not fetch or load extensions on its own, nor draw a
    progress bar on the terminal (the library never prints)."""
    con = duckdb.connect(
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    con.execute("SET enable_progress_bar = false")
    return con


def strings(result: duckdb.DuckDBPyConnection) -> list[str]:
    """The first column of a result, a column of text, as a list: through NumPy, which for ten
    thousand rows costs half of building a tuple a row."""
    return cast("list[str]", result.fetchnumpy()[result.description[0][0]].tolist())


def first_line(err: BaseException) -> str:
    """The first line of a DuckDB error, without the query text and caret it goes on with."""
    return next((line for line in str(err).splitlines() if line.strip()), type(err).__name__)


def looks_like_export(root: Path) -> bool:
    """Whether ``root`` holds the table folders of an export (with or without its manifest)."""
    return all((root / name).is_dir() for name in ("events", "actors", "sources"))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _files(root: Path, name: str, problems: list[Problem]) -> list[Path]:
    folder = root / name
    if not folder.is_dir():
        problems.append(
            Problem(
                folder,
                0,
                0,
                f"the {name} table is missing",
                f"export the dataset again with `{EXPORT}`",
            )
        )
        return []
    found = sorted(p for p in folder.rglob("*.parquet") if p.is_file() and not p.is_symlink())
    # A link would read rows from outside the export (a folder link is not even followed, so
    # its rows would only be missed): name it rather than report a count that differs.
    for link in sorted(p for p in folder.rglob("*") if p.is_symlink()):
        problems.append(
            Problem(
                link,
                0,
                0,
                f"is a symbolic link: an export holds its own files (the {name} table)",
                f"copy the file or folder it points to in its place, or export the dataset "
                f"again with `{EXPORT}`",
            )
        )
    if name in EVENT_TABLES:
        # The year of each row is read from its folder's name: one that is not a year would
        # fail every date check with a conversion error far from its cause.
        for part in sorted({p.parent for p in found}):
            key, _, value = part.name.partition("=")
            if part.parent != folder or key != "year" or not re.fullmatch(r"-?[0-9]{1,4}", value):
                problems.append(
                    Problem(
                        part,
                        0,
                        0,
                        f"the {name} table's folder {part.relative_to(folder)} is not named "
                        "year=YYYY (the year of its events' first day)",
                        f"rename it back, or export the dataset again with `{EXPORT}`",
                    )
                )
    if not found and name in ("events", "actors"):
        problems.append(
            Problem(
                folder,
                0,
                0,
                f"the {name} table has no Parquet files",
                f"export the dataset again with `{EXPORT}`",
            )
        )
    return found


def open_tables(con: duckdb.DuckDBPyConnection, root: Path) -> dict[str, list[Path]]:
    """Read each table of the export in ``root`` into DuckDB, with ``_file`` and ``_row``
    (from 1) columns that locate each row; return the files of each table.

    Raises
    ------
    LoadError
        If the folder is not an export, a table is missing, a file is not Parquet or lacks
        a column.
    """
    problems: list[Problem] = []
    if not root.is_dir():
        raise LoadError(
            [
                Problem(
                    root,
                    0,
                    0,
                    "no such folder",
                    f"give a folder written by `{EXPORT}`",
                )
            ]
        )
    if not (root / MANIFEST).is_file():
        if looks_like_export(root):
            message = f"looks like a Parquet export whose manifest ({MANIFEST}) is missing"
            hint = f"export the dataset again with `{EXPORT}`"
        else:
            message = f"not a dprkgraph Parquet export (no {MANIFEST})"
            hint = f"write one with `{EXPORT}`"
        raise LoadError([Problem(root, 0, 0, message, hint)])
    read_manifest(root)
    files = {name: _files(root, name, problems) for name in TABLES}
    for name in TABLES:
        columns = ", ".join(f'"{f.name}"' for f in SCHEMAS[name] if f.name != "year")
        year = ", year" if name in EVENT_TABLES else ""
        if not files[name]:
            types = ", ".join(f'NULL::{_duck_type(f.type)} AS "{f.name}"' for f in SCHEMAS[name])
            con.execute(
                f"CREATE OR REPLACE TABLE {name} AS SELECT {types}, "
                "NULL::VARCHAR AS _file, NULL::BIGINT AS _row LIMIT 0"
            )
            continue
        listed = "[" + ", ".join(_literal(str(p)) for p in files[name]) + "]"
        hive = "true" if name in EVENT_TABLES else "false"
        for path in files[name]:
            try:
                names = {
                    r[0]: r[1]
                    for r in con.execute(
                        f"DESCRIBE SELECT * FROM read_parquet({_literal(str(path))}, "
                        f"hive_partitioning={hive})"
                    ).fetchall()
                }
            except duckdb.Error as err:
                problems.append(
                    Problem(
                        path,
                        0,
                        0,
                        f"cannot be read as Parquet: {first_line(err)}",
                        f"export the dataset again with `{EXPORT}`",
                    )
                )
                continue
            missing = [f.name for f in SCHEMAS[name] if f.name not in names]
            if missing:
                problems.append(
                    Problem(
                        path,
                        0,
                        0,
                        f"lacks the column(s) {', '.join(missing)}",
                        f"see docs/columnar.md for the {name} table's columns",
                    )
                )
            # A column of another type would be cast or compared as text without a word.
            for i, f in enumerate(SCHEMAS[name], start=1):
                found, wanted = names.get(f.name), _duck_type(f.type)
                if (
                    f.name != "year"
                    and found is not None
                    and found.replace('"', "") != wanted.replace('"', "")
                ):
                    problems.append(
                        Problem(
                            path,
                            0,
                            i,
                            f"column {f.name} holds {found}, not {wanted}",
                            f"export the dataset again with `{EXPORT}`",
                        )
                    )
        if problems:
            continue
        # Each row names its file through an enum of the table's files: one or two bytes a
        # row where the path itself took tens, which at a million events is hundreds of MB.
        con.execute(
            f"CREATE TYPE _{name}_file AS ENUM ("
            + ", ".join(_literal(str(p)) for p in files[name])
            + ")"
        )
        con.execute(
            f"CREATE OR REPLACE TABLE {name} AS SELECT {columns}{year}, "
            f"filename::_{name}_file AS _file, (file_row_number + 1)::UINTEGER AS _row "
            f"FROM read_parquet({listed}, hive_partitioning={hive}, "
            "filename=true, file_row_number=true, union_by_name=true)"
        )
    if problems:
        raise LoadError(problems)
    check_counts(con, root)
    return files


def _manifest_problem(path: Path, message: str) -> LoadError:
    return LoadError([Problem(path, 0, 0, message, f"export the dataset again with `{EXPORT}`")])


def read_manifest(root: Path) -> dict[str, Any]:
    """The manifest of the export in ``root``, checked: a JSON object of this format and
    version, with a known widening rule and a row count for every table.

    Raises
    ------
    LoadError
        Naming the manifest and what is wrong with it.
    """
    path = root / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError) as err:
        raise _manifest_problem(path, f"cannot read the manifest: {err}") from err
    if not isinstance(manifest, dict):
        kind = type(manifest).__name__
        raise _manifest_problem(path, f"the manifest is a JSON {kind}, not an object")
    version = manifest.get("version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise _manifest_problem(
            path,
            f"the manifest's format version {version!r} is not {FORMAT_VERSION}, the one "
            "this version of dprkgraph reads",
        )
    rule = manifest.get("widening", "unit")
    if rule not in ("unit", "edtf"):
        raise _manifest_problem(
            path, f"the manifest's widening rule {rule!r} is not 'unit' or 'edtf'"
        )
    counts = manifest.get("tables")
    if not isinstance(counts, dict):
        raise _manifest_problem(path, "the manifest has no row count for each table ('tables')")
    for name in TABLES:
        n = counts.get(name)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise _manifest_problem(
                path, f"the manifest's row count for the {name} table is {n!r}, not a count"
            )
    return manifest


def check_counts(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Compare each table's rows with the count the manifest records, so that a partition
    deleted, added or rewritten is noticed rather than answered from.

    Raises
    ------
    LoadError
        Naming each table whose rows differ from the manifest.
    """
    counts = read_manifest(root)["tables"]
    problems = []
    for name in TABLES:
        row = con.execute(f"SELECT count(*) FROM {name}").fetchone()
        found = int(row[0]) if row else 0
        if found != counts[name]:
            problems.append(
                Problem(
                    root / name,
                    0,
                    0,
                    f"the {name} table has {found:,} rows; the manifest says {counts[name]:,}: "
                    "a partition is missing or was changed",
                    f"export the dataset again with `{EXPORT}`",
                )
            )
    if problems:
        raise LoadError(problems)


def written_rule(root: Path) -> Widening:
    """The widening rule the export's ``earliest`` and ``latest`` columns were computed by, as
    its manifest records it (``"unit"`` for a manifest that does not say).

    Raises
    ------
    LoadError
        If the manifest is not a JSON object of this format's version or names an unknown
        rule.
    """
    return "edtf" if read_manifest(root).get("widening") == "edtf" else "unit"


def _duck_type(t: Any) -> str:
    import pyarrow as pa

    simple = {
        pa.string(): "VARCHAR",
        pa.int64(): "BIGINT",
        pa.int32(): "INTEGER",
        pa.int8(): "TINYINT",
        pa.float64(): "DOUBLE",
        pa.date32(): "DATE",
    }
    if t in simple:
        return simple[t]
    if pa.types.is_map(t):
        return "MAP(VARCHAR, DOUBLE)"
    if pa.types.is_list(t) and pa.types.is_struct(t.value_type):
        return 'STRUCT("title" VARCHAR, "start" VARCHAR, "end" VARCHAR)[]'
    return "VARCHAR[]"


def _column(table: str, name: str) -> int:
    return [f.name for f in SCHEMAS[table]].index(name) + 1


def _located(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    table: str,
    column: str,
    message: str,
    hint: str,
    problems: list[Problem],
    params: list[Any] | None = None,
) -> None:
    """Add a problem for each row ``sql`` finds (it selects _file, _row, then the value)."""
    rows = con.execute(f"{sql} ORDER BY _file, _row LIMIT {MAX_ROWS}", params or []).fetchall()
    for path, row, value, *rest in rows:
        problems.append(
            Problem(
                Path(path), row, _column(table, column), message.format(*rest, value=value), hint
            )
        )


def _check_values(con: duckdb.DuckDBPyConnection, problems: list[Problem]) -> None:
    for table, columns in _REQUIRED.items():
        for column in columns:
            _located(
                con,
                f'SELECT _file, _row, NULL FROM {table} WHERE "{column}" IS NULL',
                table,
                column,
                f"{table} row without a {column}",
                "every row needs one",
                problems,
            )
    for (table, column), allowed in _ALLOWED.items():
        _located(
            con,
            f'SELECT _file, _row, "{column}" FROM {table} '
            f'WHERE "{column}" IS NOT NULL AND NOT list_contains(?, "{column}")',
            table,
            column,
            f"{column} {{value!r}} is not one of " + ", ".join(allowed),
            "use one of the listed values",
            problems,
            [allowed],
        )
    for table in ("events", "actors", "sources"):
        _located(
            con,
            f"SELECT _file, _row, id FROM {table} "
            f"WHERE id IS NOT NULL AND NOT regexp_full_match(id, ?)",
            table,
            "id",
            "id {value!r} is not a lower-case slug",
            "use lower-case letters, digits and single hyphens",
            problems,
            [_SLUG],
        )


def _check_ids(con: duckdb.DuckDBPyConnection, problems: list[Problem]) -> None:
    con.execute("""
        CREATE OR REPLACE TEMP VIEW _ids AS
        SELECT 'event' AS kind, 'events' AS tbl, id, _file, _row FROM events UNION ALL
        SELECT 'actor', 'actors', id, _file, _row FROM actors UNION ALL
        SELECT 'source', 'sources', id, _file, _row FROM sources""")
    rows = con.execute(f"""
        SELECT _file, _row, id, tbl, first_file, first_row, first_kind FROM (
            SELECT *, row_number() OVER w AS n,
                   first(_file) OVER w AS first_file, first(_row) OVER w AS first_row,
                   first(kind) OVER w AS first_kind
            FROM _ids WHERE id IS NOT NULL
            WINDOW w AS (PARTITION BY id ORDER BY tbl = 'actors' DESC, tbl = 'sources' DESC,
                         _file, _row))
        WHERE n > 1 ORDER BY _file, _row LIMIT {MAX_ROWS}""").fetchall()
    for path, row, rid, table, first_file, first_row, first_kind in rows:
        problems.append(
            Problem(
                Path(path),
                row,
                _column(table, "id"),
                f"duplicate id {rid!r}",
                f"already used by the {first_kind} at {first_file} row "
                f"{first_row}; ids are unique across events, actors and sources",
            )
        )


def _check_references(con: duckdb.DuckDBPyConnection, problems: list[Problem]) -> None:
    for table, column, other, key, kind in _REFERENCES:
        _located(
            con,
            f'SELECT _file, _row, t."{column}" FROM {table} t '
            f'WHERE t."{column}" IS NOT NULL AND NOT EXISTS '
            f'(SELECT 1 FROM {other} o WHERE o."{key}" = t."{column}")',
            table,
            column,
            f"unknown {kind} {{value!r}}",
            f"add it to the {other} table or correct the id",
            problems,
        )


def _check_dates(con: duckdb.DuckDBPyConnection, problems: list[Problem]) -> None:
    texts = [
        r[0]
        for r in con.execute("SELECT DISTINCT date FROM events WHERE date IS NOT NULL").fetchall()
    ]
    bounds: list[tuple[str, Any, Any]] = []
    bad: dict[str, str] = {}
    for text in texts:
        try:
            d = parse_date(text)
        except DateError as err:
            bad[text] = err.reason
            continue
        bounds.append((text, d.earliest, d.latest))
    if bad:
        rows = con.execute(
            f"SELECT _file, _row, date FROM events WHERE list_contains(?, date) "
            f"ORDER BY _file, _row LIMIT {MAX_ROWS}",
            [list(bad)],
        ).fetchall()
        for path, row, text in rows:
            problems.append(
                Problem(
                    Path(path),
                    row,
                    _column("events", "date"),
                    f"invalid date {text!r}: {bad[text]}",
                    "write an EDTF date such as 2010-03, 2010-03-26 or 2010~",
                )
            )
    import pyarrow as pa

    arrays: list[tuple[Any, ...]] = list(zip(*bounds, strict=True)) if bounds else [(), (), ()]
    found = pa.table(
        {
            "date": pa.array(arrays[0], pa.string()),
            "e": pa.array(arrays[1], pa.date32()),
            "l": pa.array(arrays[2], pa.date32()),
        }
    )
    con.register("_bounds", found)
    _located(
        con,
        """SELECT _file, _row, ev.date, b.e, b.l FROM events ev JOIN _bounds b
                     ON b.date = ev.date
                     WHERE ev.earliest IS DISTINCT FROM b.e OR ev.latest IS DISTINCT FROM b.l
                        OR ev.year IS DISTINCT FROM year(b.e)""",
        "events",
        "earliest",
        "earliest, latest or year disagree with the date {value!r} "
        "(it runs from {0} to {1}, in the year folder of its first day)",
        "export the dataset again rather than editing dates by hand",
        problems,
    )


def _check_scores(con: duckdb.DuckDBPyConnection, problems: list[Problem]) -> None:
    """The coded scores in range, and the stored ``goldstein`` and ``quad_class`` those a
    reader of the files alone (Spark, BigQuery) would take: the coded value, else the CAMEO
    table's for the code."""
    import pyarrow as pa

    from dprkgraph import cameo

    table = cameo.codes()
    con.register(
        "_cameo",
        pa.table(
            {
                "code": pa.array(list(table), pa.string()),
                "g": pa.array([c.goldstein for c in table.values()], pa.float64()),
                "q": pa.array([c.quad_class for c in table.values()], pa.int8()),
            }
        ),
    )
    _located(
        con,
        "SELECT _file, _row, coded_goldstein FROM events WHERE coded_goldstein IS NOT NULL "
        "AND (isnan(coded_goldstein) OR coded_goldstein NOT BETWEEN -10 AND 10)",
        "events",
        "coded_goldstein",
        "coded_goldstein {value} is not a Goldstein score from -10 to 10",
        "correct the value, or export the dataset again",
        problems,
    )
    _located(
        con,
        "SELECT _file, _row, coded_quad_class FROM events "
        "WHERE coded_quad_class IS NOT NULL AND coded_quad_class NOT BETWEEN 1 AND 4",
        "events",
        "coded_quad_class",
        "coded_quad_class {value} is not a QuadClass 1, 2, 3 or 4",
        "correct the value, or export the dataset again",
        problems,
    )
    for column, coded, looked_up in (
        ("goldstein", "coded_goldstein", "g"),
        ("quad_class", "coded_quad_class", "q"),
    ):
        _located(
            con,
            f"SELECT _file, _row, ev.{column}, coalesce(ev.{coded}, c.{looked_up}), ev.cameo "
            f"FROM events ev LEFT JOIN _cameo c ON c.code = ev.cameo "
            f"WHERE ev.{column} IS DISTINCT FROM coalesce(ev.{coded}, c.{looked_up}) "
            f"OR isnan(ev.{column}::DOUBLE)",
            "events",
            column,
            f"{column} {{value}} is not {{0}}, the {coded} or else the CAMEO table's "
            "value for the code {1}",
            f"export the dataset again with `{EXPORT}` rather than editing {column} by hand",
            problems,
        )


# Set-wise peeling rounds before the links left are handed to a topological sort.
PEEL_ROUNDS = 32


def _cycle_candidates(con: duckdb.DuckDBPyConnection, rtype: RelationType) -> list[Any]:
    """The links of type ``rtype`` that may lie on a cycle: a link whose source nothing
    points to, or whose target points nowhere, cannot, and is peeled off in the engine, round
    after round, until nothing changes or :data:`PEEL_ROUNDS` have run. An acyclic feed is
    usually empty after a few rounds; what is left is small enough to sort in Python."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _links AS "
        "SELECT DISTINCT event AS a, target AS b FROM relations WHERE type = ?",
        [rtype.value],
    )
    count = con.execute("SELECT count(*) FROM _links").fetchone()
    left = int(count[0]) if count else 0
    for _ in range(PEEL_ROUNDS):
        if not left:
            break
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _links AS SELECT a, b FROM _links "
            "WHERE a IN (SELECT b FROM _links) AND b IN (SELECT a FROM _links)"
        )
        count = con.execute("SELECT count(*) FROM _links").fetchone()
        before, left = left, int(count[0]) if count else 0
        if left == before:
            break
    rows = con.execute("SELECT a, b FROM _links").fetchall()
    con.execute("DROP TABLE _links")
    return rows


def _check_cycles(con: duckdb.DuckDBPyConnection, problems: list[Problem]) -> None:
    for rtype in (RelationType.LED_TO, RelationType.PART_OF):
        sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
        for event, target in _cycle_candidates(con, rtype):
            sorter.add(target, event)
        try:
            sorter.prepare()
        except graphlib.CycleError as err:
            cycle: list[str] = err.args[1]
            chain = " → ".join(reversed(cycle))
            _located(
                con,
                "SELECT _file, _row, event FROM relations WHERE type = ? "
                "AND event = ? AND list_contains(?, target)",
                "relations",
                "target",
                f"{rtype.value} relations form a cycle: {chain}",
                "an event cannot be its own "
                f"{'cause' if rtype is RelationType.LED_TO else 'part'}; remove one link",
                problems,
                [rtype.value, cycle[0], cycle],
            )


def check(con: duckdb.DuckDBPyConnection) -> None:
    """Run every set-wise check over the tables read by :func:`open_tables`.

    Raises
    ------
    LoadError
        With every problem found, each at most :data:`MAX_ROWS` rows a check.
    """
    problems: list[Problem] = []
    _check_values(con, problems)
    _check_ids(con, problems)
    _check_references(con, problems)
    _check_dates(con, problems)
    _check_scores(con, problems)
    _check_cycles(con, problems)
    if problems:
        raise LoadError(problems)
