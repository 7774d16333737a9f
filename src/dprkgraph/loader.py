"""Read a dataset directory into validated models, locating every problem.

A dataset directory holds ``events*``, ``actors*`` and ``sources*`` files, each either YAML
(``.yaml``/``.yml``: the curated format) or JSON Lines (``.jsonl``: the bulk format, one record
an object a line, with the same fields); files of one kind are merged in name order. A YAML
file is a mapping with one key, the kind, holding a list of records::

    events:
      - id: cheonan-sinking
        ...

Each file is read once; the same bytes are hashed for the cache key and parsed, so a
validated dataset is cached by exactly the content it came from (see :mod:`dprkgraph.cache`).
A name that is not a readable regular file (a folder, FIFO, device, broken or looping link)
is reported, never opened for a blocking read.

YAML is read strictly: duplicate keys, anchors, aliases and explicit tags are refused, and
every scalar is kept as the text written (so ``cameo: 042`` stays ``"042"`` and an unquoted
``2010-03-26`` stays a string), except the plain spellings of null (``null``, ``Null``,
``NULL``, ``~`` or nothing), which are None. JSON Lines is held to the same rules: a key
given twice, ``NaN``/``Infinity`` and values nested too deeply to read are refused, and only
``\\n`` ends a line.

Positions are recorded only when a problem needs one: a YAML file in the plain block style
(what ``yaml.dump`` writes and most people type) is read without them by
:mod:`dprkgraph._yaml_block`, and read again strictly, with positions, the first time a
problem in it is reported. The modules behind this one, in the order the data flows:
:mod:`~dprkgraph.load_files` (reading the bytes), :mod:`~dprkgraph.load_yaml` and
:mod:`~dprkgraph.load_jsonl` (parsing), :mod:`~dprkgraph.load_checks` (validation and the
checks across records).
"""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources
from pathlib import Path

from dprkgraph._gc import gc_paused
from dprkgraph.dates import Widening, widening_rule
from dprkgraph.errors import LoadError, Problem
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.load_checks import check_cycles, check_ids, check_references, validate
from dprkgraph.load_files import KINDS as _KINDS
from dprkgraph.load_files import Located, Read
from dprkgraph.load_files import read_file as _read
from dprkgraph.load_jsonl import parse_jsonl
from dprkgraph.load_yaml import Loader as _Loader
from dprkgraph.load_yaml import PyLoader as _PyLoader  # noqa: F401  (readers can be switched here)
from dprkgraph.load_yaml import parse_yaml
from dprkgraph.model import Dataset
from dprkgraph.settings import SETTINGS_FILE, read_settings

__all__ = ["bundled_data_dir", "dataset_files", "load", "load_graph"]

_FILE = re.compile(r"^(events|actors|sources)[^/]*\.(ya?ml|jsonl)$")


def bundled_data_dir() -> Path:
    """The directory of the dataset that ships with the package."""
    return Path(str(resources.files("dprkgraph").joinpath("data")))


def dataset_files(directory: Path) -> dict[str, list[Path]]:
    """The dataset files in ``directory``, by kind, in name order.

    Every entry named like a dataset file is listed, whatever it is: one that is not a
    readable regular file (a folder, a FIFO, a broken link) is reported when loading.
    """
    found: dict[str, list[Path]] = {kind: [] for kind in _KINDS}
    for path in sorted(directory.iterdir()):
        m = _FILE.match(path.name)
        if m:
            found[m[1]].append(path)
    return found


def load(
    path: str | Path | None = None,
    *,
    cache: bool = True,
    widening: Widening | None = None,
    sources: str | Path | None = None,
) -> Dataset:
    """Load and validate a dataset directory; with no argument, the bundled dataset.

    Parameters
    ----------
    path
        A directory holding ``events*``, ``actors*`` and ``sources*`` files (YAML or JSON
        Lines), or a Parquet export (see :func:`dprkgraph.columnar.read_parquet`).
    cache
        Reuse the validated dataset from an earlier load of exactly the same files (see
        :mod:`dprkgraph.cache`), and store it after a fresh load.
    widening
        How far an approximate or uncertain date reaches: ``"unit"`` (one unit of its
        precision) or ``"edtf"`` (the edtf package's rule); see :mod:`dprkgraph.dates`.
        Default: the dataset's ``dataset.yaml`` (:mod:`dprkgraph.settings`), else ``"unit"``.
    sources
        A folder of source texts, ``<source-id>.txt``: anchor every quote in its text (see
        :func:`dprkgraph.quotes.anchor_quotes`) into ``Dataset.anchors``. A quote that is not
        anchored (orphan, ambiguous, no text) does not stop the load: it is listed by
        ``Dataset.unanchored()``, and ``dprkgraph validate --sources`` fails on any but a
        missing text.

    Returns
    -------
    Dataset
        Every record, in file order.

    Raises
    ------
    LoadError
        With every problem in every file, each located to ``file:line:column``.

    Examples
    --------
    >>> ds = load()
    >>> ds.event("cheonan-sinking").date.text
    '2010-03'
    """
    if sources is not None and not Path(sources).is_dir():
        raise LoadError(
            [
                Problem(
                    Path(sources),
                    0,
                    0,
                    "not a folder of source texts",
                    "give the folder that holds <source-id>.txt files",
                )
            ]
        )
    if path is not None and (Path(path) / "dprkgraph-parquet.json").is_file():
        # A Parquet export (duckdb is imported only for one); by default its dates are read
        # by the rule its manifest records.
        from dprkgraph.columnar import read_parquet
        from dprkgraph.columnar.engine import written_rule

        rule = widening if widening is not None else written_rule(Path(path))
        return _anchored(read_parquet(path, widening=rule), sources)
    directory = Path(path) if path is not None else bundled_data_dir()
    hint = "give a dataset directory (one holding events*.yaml, actors*.yaml, sources*.yaml)"
    if not directory.is_dir():
        what = "not a directory" if directory.exists() else "no such directory"
        raise LoadError([Problem(directory, 0, 0, what, hint)])
    problems: list[Problem] = []
    try:
        files = dataset_files(directory)
    except OSError as err:
        raise LoadError(
            [
                Problem(
                    directory,
                    0,
                    0,
                    f"cannot list the directory: {err.strerror}",
                    "give yourself read access to it (chmod u+rx)",
                )
            ]
        ) from err
    listed = {p for ps in files.values() for p in ps}
    strays = {*directory.glob("*.y*ml"), *directory.glob("*.jsonl")} - listed
    strays.discard(directory / SETTINGS_FILE)
    for stray in sorted(strays):
        problems.append(
            Problem(
                stray,
                0,
                0,
                "not read: the name does not start with events, actors or sources",
                "rename it, or move it out of the dataset",
            )
        )
    if not files["events"] and not files["actors"]:
        if all((directory / name).is_dir() for name in ("events", "actors", "sources")):
            from dprkgraph.columnar import read_parquet

            read_parquet(directory)  # raises: a Parquet export whose manifest is missing
        raise LoadError(
            [
                *problems,
                Problem(
                    directory,
                    0,
                    0,
                    "no dataset files found",
                    "add events.yaml, actors.yaml and sources.yaml",
                ),
            ]
        )
    from dprkgraph import cache as store

    if widening is None:
        widening = read_settings(directory).widening
    if widening not in ("unit", "edtf"):
        raise LoadError(
            [
                Problem(
                    directory,
                    0,
                    0,
                    f"unknown widening rule {widening!r}",
                    "use 'unit' (the default) or 'edtf'",
                )
            ]
        )
    # The rule shapes every qualified date, so each rule has its own cache entry.
    suffix = "" if widening == "unit" else f"-{widening}"
    with gc_paused():
        reads = [
            r
            for kind, paths in files.items()
            for p in paths
            if (r := _read(p, kind, problems)) is not None
        ]
        use_cache = cache and store.enabled() and not problems
        key = store.cache_key((r.path.name, r.data) for r in reads) + suffix if use_cache else ""
        with widening_rule(widening):  # a cached entry's dates are read again by this rule
            found = store.get(key) if use_cache else None
            if found is not None:
                return _anchored(found, sources)
            read_paths = {r.path for r in reads}
            lost = {kind.removesuffix("s") for kind, ps in files.items() if set(ps) - read_paths}
            dataset = _load_files(reads, problems, lost)
    # A file changed while it was read or parsed may not match what was parsed: do not keep it.
    if use_cache and all(r.unchanged() for r in reads):
        store.put(key, dataset)
    return _anchored(dataset, sources)


def _anchored(dataset: Dataset, sources: str | Path | None) -> Dataset:
    """``dataset`` with its quotes anchored in the texts in ``sources``, if given. Anchors
    are never cached: the texts can change without the dataset changing."""
    if sources is None:  # never anchors read back from a cache entry
        return dataset if dataset.anchors is None else replace(dataset, anchors=None)
    from dprkgraph.quotes import anchor_quotes

    return replace(dataset, anchors=tuple(anchor_quotes(dataset, sources)))


def _load_files(reads: list[Read], problems: list[Problem], lost: set[str]) -> Dataset:
    """Parse, validate and cross-check the files read; ``lost`` names the kinds of record
    (``"actor"``, …) of which a file could not be read, whose references go unchecked."""
    items: dict[str, list[Located]] = {kind: [] for kind in _KINDS}
    invalid_ids: set[str] = set()
    unvalidated: list[Located] = []
    unreadable = set(lost)
    for read in reads:
        if read.path.suffix == ".jsonl":
            parsed = parse_jsonl(read.path, read.kind, problems, read.data)
        else:
            parsed = parse_yaml(read.path, read.kind, problems, read.data, reader=_Loader)
        read.data = b""  # parsed: the bytes are no longer needed
        if parsed is None:
            # A file that could not be read at all: references to its kind of record are not
            # checked, or one syntax error in actors.yaml buries itself under an "unknown
            # actor" for every participant of every event.
            unreadable.add(read.kind.removesuffix("s"))
            continue
        if not parsed.records:
            continue
        items[read.kind].extend(validate(parsed, problems))
        invalid_ids |= parsed.invalid_ids
        unvalidated += [Located(parsed.records[i], parsed, i) for i in parsed.invalid]
    check_ids([*items["actors"], *items["sources"], *items["events"]], problems)
    check_references(
        items["events"],
        items["actors"],
        items["sources"],
        invalid_ids,
        problems,
        unvalidated,
        unchecked=unreadable,
    )
    check_cycles(items["events"], problems)
    if problems:
        raise LoadError(problems)
    return Dataset(
        events=tuple(i.record for i in items["events"]),
        actors=tuple(i.record for i in items["actors"]),
        sources=tuple(i.record for i in items["sources"]),
    )


def load_graph(
    path: str | Path | None = None,
    *,
    cache: bool = True,
    widening: Widening | None = None,
    sources: str | Path | None = None,
) -> EventGraph:
    """Load a dataset directory (default: the bundled one) and build its graph; the options
    are :func:`load`'s (with ``sources``, ``g.dataset.anchors`` holds the quotes' anchors).

    Examples
    --------
    >>> load_graph().event("cheonan-sinking").type.value
    'military_incident'
    """
    return build_graph(load(path, cache=cache, widening=widening, sources=sources))
