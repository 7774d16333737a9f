"""Write a dataset as the Parquet tables of :mod:`dprkgraph.columnar.schema`.

The export is built in a temporary folder beside the target and moved into place only when
every table is written, so a reader never sees half an export. A target that already holds
an export (it has the manifest) is replaced, but only when it holds nothing else: the table
folders, the manifest and the files the manifest names are all that is ever deleted, and any
other file there (or any non-empty folder without a manifest) makes the export refuse.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import stat
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
from dprkgraph.output import output_folder, remove_stale_temporaries, temporary_name

__all__ = ["check_target", "write_parquet", "write_tables"]


# Reports an import puts beside its tables, which exports written before the manifest
# listed its files do not name.
_REPORTS = ("malformed-gdelt.tsv",)
_PART = re.compile(r"part-[0-9]+\.parquet")
_YEAR = re.compile(r"year=-?[0-9]+")


def _stray(target: Path, names: frozenset[str]) -> list[str]:
    """What ``target`` holds beyond an export of the tables and files in ``names``: each
    entry that is not a table folder of part files, the manifest or a file the manifest
    names, as a path relative to ``target``. Symbolic links are strays, never followed."""
    found: list[str] = []
    for entry in sorted(target.iterdir()):
        if entry.name not in names:
            found.append(entry.name)
        elif entry.name in TABLES:
            if entry.is_symlink() or not entry.is_dir():
                found.append(entry.name)
                continue
            for inner in sorted(entry.iterdir()):
                partition = entry.name in EVENT_TABLES and _YEAR.fullmatch(inner.name)
                if partition and not inner.is_symlink() and inner.is_dir():
                    found += [
                        f"{entry.name}/{inner.name}/{f.name}"
                        for f in sorted(inner.iterdir())
                        if not _PART.fullmatch(f.name) or f.is_symlink() or not f.is_file()
                    ]
                elif not _PART.fullmatch(inner.name) or inner.is_symlink() or not inner.is_file():
                    found.append(f"{entry.name}/{inner.name}")
        elif entry.is_symlink() or not entry.is_file():
            found.append(entry.name)
    return found


def _own_files(target: Path) -> frozenset[str]:
    """The names an earlier export in ``target`` consists of, as its manifest records them."""
    names = {*TABLES, MANIFEST, *_REPORTS}
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError) as err:
        raise OutputError(
            target,
            f"holds a {MANIFEST} that cannot be read ({err}); give a new or empty folder, "
            "or remove the folder's contents yourself",
        ) from err
    listed = manifest.get("files", []) if isinstance(manifest, dict) else []
    if isinstance(listed, list):
        names |= {f for f in listed if isinstance(f, str) and f and "/" not in f}
    return frozenset(names - {"", ".", ".."})


def check_target(target: Path) -> None:
    """Refuse a target that is not a new or empty folder or an earlier export, or that holds
    anything beside an earlier export (which would be lost when it is replaced).

    Raises
    ------
    OutputError
        Naming the target and, for files that are not part of an export, the first of them.
    """
    output_folder(target, create=False)  # not "-", a file, a FIFO or a device
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(target, "is not a folder; give a new or empty folder for the export")
    if not target.is_dir() or not any(target.iterdir()):
        return
    if not (target / MANIFEST).is_file() or (target / MANIFEST).is_symlink():
        raise OutputError(
            target,
            f"is not empty and holds no {MANIFEST}; give a new or empty "
            "folder (an earlier export there would be replaced)",
        )
    stray = _stray(target, _own_files(target))
    if stray:
        shown = ", ".join(stray[:5]) + (f" and {len(stray) - 5} more" if len(stray) > 5 else "")
        raise OutputError(
            target,
            f"holds an earlier export and also {shown}, which replacing the export would "
            "delete; move them out of the folder, or give a new or empty folder",
        )


def _remove_export(old: Path, names: frozenset[str]) -> None:
    """Delete the earlier export moved to ``old``: only the entries it consists of, never
    following a symbolic link; anything else found there is left in place."""
    for name in names:
        entry = old / name
        if entry.is_symlink() or not entry.exists():
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        old.rmdir()


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
    remove_stale_temporaries(parent)  # staging folders of exports that were killed
    staging = temporary_name(parent, target.name)
    old = parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.old"
    # What the earlier export consists of: all that replacing it may delete.
    own = _own_files(target) if (target / MANIFEST).is_file() else frozenset()
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
            "files": sorted(extra or {}),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        for name, text in (extra or {}).items():
            (staging / name).write_text(text, encoding="utf-8")
        if target.is_dir():
            os.chmod(staging, stat.S_IMODE(target.stat().st_mode))
            target.rename(old)
        staging.rename(target)
    except OSError as err:
        if old.is_dir() and not target.exists():
            with contextlib.suppress(OSError):
                old.rename(target)  # the earlier export back in place, untouched
        raise OutputError(target, f"cannot write the export: {err.strerror or err}") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if old.is_dir():
        _remove_export(old, own)
    return target
