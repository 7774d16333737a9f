"""Write a dataset as the Parquet tables of :mod:`dprkgraph.columnar.schema`.

The export is built in a temporary folder beside the target and moved into place only when
every table is written, so a reader never sees half an export. A target that already holds
an export (it has the manifest) is replaced; any other non-empty folder is refused rather
than mixed with.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pds

from dprkgraph.columnar.schema import (
    EVENT_TABLES,
    FORMAT_VERSION,
    MANIFEST,
    TABLES,
    TableBuilder,
)
from dprkgraph.errors import OutputError
from dprkgraph.model import Dataset

__all__ = ["check_target", "write_parquet", "write_tables"]


def check_target(target: Path) -> None:
    """Refuse a target that is not a new or empty folder or an earlier export."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(target, "is not a folder; give a new or empty folder for the export")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise OutputError(
            target,
            f"is not empty and holds no {MANIFEST}; give a new or empty "
            "folder (an earlier export there would be replaced)",
        )


def _write_table(table: pa.Table, folder: Path, *, partitioned: bool) -> None:
    folder.mkdir()
    if partitioned:
        # One file per year folder; with the year in the folder name, not in the file.
        pds.write_dataset(
            table,
            folder,
            format="parquet",
            partitioning=["year"],
            partitioning_flavor="hive",
            basename_template="part-{i}.parquet",
            existing_data_behavior="error",
            max_rows_per_group=1 << 17,
        )
    else:
        import pyarrow.parquet as pq

        pq.write_table(table, folder / "part-0.parquet")


def write_parquet(dataset: Dataset, directory: str | Path) -> Path:
    """Write ``dataset`` into ``directory`` as seven Parquet tables, events partitioned by year.

    Parameters
    ----------
    dataset
        The records to write.
    directory
        A new or empty folder, or one holding an earlier export (which is replaced).

    Returns
    -------
    Path
        The folder written.

    Raises
    ------
    OutputError
        If the folder is not empty and not an earlier export, or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = write_parquet(dataset, pathlib.Path(tempfile.mkdtemp()) / "export")
    >>> sorted(p.name for p in out.iterdir())[:4]
    ['actors', 'citations', 'claims', 'dprkgraph-parquet.json']
    >>> sorted(p.name for p in (out / "events").iterdir())
    ['year=2010']
    """
    target = Path(directory)
    check_target(target)
    builder = TableBuilder()
    builder.add_events(dataset.events)
    builder.add_actors(dataset.actors)
    builder.add_sources(dataset.sources)
    return write_tables(builder, target)


def write_tables(
    builder: TableBuilder, directory: str | Path, *, extra: dict[str, str] | None = None
) -> Path:
    """Write the records ``builder`` holds into ``directory`` as an export, by the rules of
    :func:`write_parquet`; ``extra`` maps the names of further text files to put beside the
    tables (a report of the import) to their text.

    Raises
    ------
    OutputError
        As :func:`write_parquet`, and if the events' dates were read by different rules.
    """
    target = Path(directory)
    check_target(target)
    parent = target.absolute().parent
    if not parent.is_dir():
        raise OutputError(target, f"the folder {parent} does not exist; create it first")
    if len(builder.widening) > 1:
        raise OutputError(
            target,
            "the events' dates were read by different widening rules; "
            "load the dataset again with one rule",
        )
    try:
        tables = builder.tables()
    except (pa.ArrowException, UnicodeError) as err:
        raise OutputError(target, f"a value cannot be stored in Parquet: {err}") from err
    staging = parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    old = parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.old"
    try:
        staging.mkdir()
        for name in TABLES:
            _write_table(tables[name], staging / name, partitioned=name in EVENT_TABLES)
        counts = {name: tables[name].num_rows for name in TABLES}
        manifest = {
            "format": "dprkgraph-parquet",
            "version": FORMAT_VERSION,
            "partitioned_by": "year",
            "widening": min(builder.widening, default="unit"),
            "tables": counts,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        for name, text in (extra or {}).items():
            (staging / name).write_text(text, encoding="utf-8")
        if target.exists():
            target.rename(old)
        staging.rename(target)
    except OSError as err:
        raise OutputError(target, f"cannot write the export: {err.strerror or err}") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return target
