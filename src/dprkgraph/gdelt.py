"""Import GDELT 1.0 and 2.0 event files as a machine-coded dataset in the bulk format.

GDELT event files are tab-separated with no header (plain, or one file in a ``.zip``), in one
of three layouts (:data:`LAYOUTS`), told apart by their number of columns:

- 57: GDELT 1.0's historical backfiles (1979 to March 2013: ``1979.zip`` … ``2005.zip`` by
  year, then ``200601.zip`` … ``201303.zip`` by month), with no SOURCEURL;
- 58: GDELT 1.0's daily files (``20130401.export.CSV.zip`` on), the same with SOURCEURL;
- 61: GDELT 2.0's files (``20150218230000.export.CSV.zip`` on, every 15 minutes): 1.0's 58
  with an ADM2Code after each of the three ADM1Code columns.

The first row of one of these widths decides a file's layout; a row of another width in that
file is malformed. (DATEADDED, YYYYMMDD in 1.0 and YYYYMMDDHHMMSS in 2.0, is not read.)

Each row becomes an event with ``provenance: machine-coded``: its CAMEO code with the Goldstein
score and QuadClass GDELT coded, Actor1 as initiator and Actor2 as target, the action's place,
the mention counts and tone as metrics, and the source URL as a cited source; a row with no
SOURCEURL (every row of a backfile) cites its file, as a data set of The GDELT Project, at the
row's GlobalEventID. Actors come from the actor codes (``USAGOV`` becomes ``gdelt-usagov``,
affiliated with its country ``gdelt-usa``). Event types are a coarse mapping from the CAMEO
root code; the CAMEO code itself is kept.

A malformed row is skipped and reported with its file, line and reason; it never stops the
import. Each row is checked by the same models the YAML loader uses (no control characters,
three-letter country codes, finite numbers in ASCII digits, fields of at most 65,536
characters) before any of its actors or its source is kept, so what is written always loads.
The output goes to ``events-gdelt.jsonl``, ``actors-gdelt.jsonl`` and ``sources-gdelt.jsonl``
(and ``malformed-gdelt.tsv`` when there were bad rows), so it can sit in the same dataset
directory as curated YAML.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple
from urllib.parse import urlparse

from pydantic import TypeAdapter, ValidationError

from dprkgraph.errors import OutputError
from dprkgraph.model import Actor, Event, EventType, Source
from dprkgraph.output import atomic_write, output_folder

__all__ = ["COLUMNS", "LAYOUTS", "ImportReport", "Layout", "import_gdelt"]

#: The 61 columns of a GDELT 2.0 event export, in order.
COLUMNS = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
]
_AT = {name: i for i, name in enumerate(COLUMNS)}


class Layout(NamedTuple):
    """One layout of GDELT event files: its name, and its columns as its codebook names them."""

    name: str
    columns: tuple[str, ...]


# GDELT 1.0 names the first two columns as its header files do; the rest as 2.0, less ADM2.
_V1_NAMES = {"GlobalEventID": "GLOBALEVENTID", "Day": "SQLDATE"}
_V1_DAILY = tuple(_V1_NAMES.get(c, c) for c in COLUMNS if not c.endswith("_ADM2Code"))

#: The layouts of GDELT event files, by their number of columns.
LAYOUTS = {
    57: Layout("GDELT 1.0 historical backfile", _V1_DAILY[:-1]),
    58: Layout("GDELT 1.0 daily file", _V1_DAILY),
    61: Layout("GDELT 2.0 file", tuple(COLUMNS)),
}

# CAMEO root code → the closest event type; coarse by design, the CAMEO code is kept too.
_ROOT_TYPE = {
    "01": EventType.STATEMENT,
    "02": EventType.STATEMENT,
    "03": EventType.STATEMENT,
    "04": EventType.MEETING,
    "05": EventType.NEGOTIATION,
    "06": EventType.AGREEMENT,
    "07": EventType.AGREEMENT,
    "08": EventType.RELEASE,
    "09": EventType.STATEMENT,
    "10": EventType.STATEMENT,
    "11": EventType.STATEMENT,
    "12": EventType.STATEMENT,
    "13": EventType.STATEMENT,
    "14": EventType.STATEMENT,
    "15": EventType.MILITARY_INCIDENT,
    "16": EventType.SANCTION,
    "17": EventType.DETENTION,
    "18": EventType.MILITARY_INCIDENT,
    "19": EventType.MILITARY_INCIDENT,
    "20": EventType.MILITARY_INCIDENT,
}
# CAMEO actor type codes → actor kind; anything else is a non-governmental organisation.
_TYPE_KIND = {
    "GOV": "government_body",
    "MIL": "government_body",
    "LEG": "government_body",
    "JUD": "government_body",
    "SPY": "government_body",
    "COP": "government_body",
    "IGO": "international_organisation",
    "MED": "media_outlet",
}
_METRICS = ("NumMentions", "NumSources", "NumArticles", "AvgTone")
_FIELD_MAX = 65_536
# The control characters the dataset models refuse (tab, newline and CR cannot occur here).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A CAMEO actor code is a run of three-letter parts (USAGOV, IGOUNO); it starts with letters,
# so an actor's id can never be an event's (``gdelt-`` and the event's number).
_CODE = re.compile(r"[A-Za-z]{3}[A-Za-z0-9]*")
_COUNTRY = re.compile(r"[A-Za-z]{3}")


@dataclass
class ImportReport:
    """What an import read and wrote; ``malformed`` holds (file, line, reason) per bad row."""

    rows: int = 0
    events: int = 0
    actors: int = 0
    sources: int = 0
    malformed: list[tuple[str, int, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        bad = len(self.malformed)
        return (
            f"{self.events} events, {self.actors} actors, {self.sources} sources from "
            f"{self.rows} rows; {bad} malformed row{'s' if bad != 1 else ''} skipped"
        )


class _Bad(ValueError):
    """A row that cannot become an event; the message says why."""


@contextmanager
def _open_text(path: Path) -> Iterator[IO[str]]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            if len(members) != 1:
                raise _Bad(f"{path}: a GDELT .zip holds one file, this one holds {len(members)}")
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n")
    else:
        with open(path, encoding="utf-8", errors="replace", newline="\n") as handle:
            yield handle


def _rows(handle: IO[str]) -> Iterator[tuple[int, list[str]]]:
    """Each line split at tabs, with its line number; GDELT quotes nothing, so neither do we."""
    for number, line in enumerate(handle, start=1):
        yield number, line.removesuffix("\n").removesuffix("\r").split("\t")


class _Shape:
    """The layout of one file: that of its first row of a known width."""

    def __init__(self) -> None:
        self.layout: Layout | None = None
        self.line = 0

    def of(self, row: list[str], line: int) -> Layout:
        """The layout of ``row`` (line ``line``): the file's, fixed by its first row."""
        if self.layout is None:
            known = LAYOUTS.get(len(row))
            if known is None:
                widths = [f"{n} ({layout.name})" for n, layout in LAYOUTS.items()]
                raise _Bad(
                    f"{_columns(len(row))}, expected {', '.join(widths[:-1])} or {widths[-1]}"
                )
            self.layout, self.line = known, line
        elif len(row) != len(self.layout.columns):
            raise _Bad(
                f"{_columns(len(row))}, expected {len(self.layout.columns)} as on line "
                f"{self.line} ({self.layout.name})"
            )
        return self.layout


_CANONICAL = {v: k for k, v in _V1_NAMES.items()}


@functools.cache
def _positions(layout: Layout) -> tuple[int, ...]:
    """Where each GDELT 2.0 column is in a row of ``layout``; -1 where the layout has none."""
    at = {_CANONICAL.get(c, c): i for i, c in enumerate(layout.columns)}
    return tuple(at.get(c, -1) for c in COLUMNS)


def _widen(row: list[str], layout: Layout) -> list[str]:
    """A row of ``layout`` in GDELT 2.0's places, empty where the layout has no column."""
    if len(row) == len(COLUMNS):
        return row
    return [row[i] if i >= 0 else "" for i in _positions(layout)]


def _label(name: str, layout: Layout) -> str:
    """What ``layout``'s codebook calls the GDELT 2.0 column ``name``."""
    return name if name in layout.columns else _V1_NAMES.get(name, name)


def _actor_id(code: str) -> str:
    return "gdelt-" + code.lower()


def _number(row: list[str], name: str, kind: type = float) -> Any:
    text = row[_AT[name]].strip()
    try:
        if not text.isascii():  # int() and float() would read other scripts' digits
            raise ValueError(text)
        value = kind(text)
    except ValueError as err:
        raise _Bad(f"{name} is not a number: {_show(text)}") from err
    if not math.isfinite(value):
        raise _Bad(f"{name} is not a finite number: {_show(text)}")
    return value


def _check_fields(row: list[str], layout: Layout) -> None:
    """Refuse a row whose fields the dataset could not hold: too long, or with control
    characters, as the YAML loader refuses them."""
    for name, text in zip(COLUMNS, row, strict=True):
        if len(text) > _FIELD_MAX:
            raise _Bad(
                f"{_label(name, layout)} is {len(text):,} characters long; a GDELT field is "
                f"at most {_FIELD_MAX:,}"
            )
        bad = _CONTROL.search(text)
        if bad is not None:
            raise _Bad(
                f"{_label(name, layout)} contains the control character U+{ord(bad.group()):04X}"
            )
    for side in ("Actor1", "Actor2"):
        code = row[_AT[f"{side}Code"]].strip()
        if code and not _CODE.fullmatch(code):
            raise _Bad(
                f"{side}Code is not a CAMEO code (three letters, then letters and "
                f"digits): {_show(code)}"
            )
        country = row[_AT[f"{side}CountryCode"]].strip()
        if country and not _COUNTRY.fullmatch(country):
            raise _Bad(f"{side}CountryCode is not a three-letter code: {_show(country)}")


def _columns(n: int) -> str:
    return f"{n} column{'s' if n != 1 else ''}"


def _show(text: str) -> str:
    """A field as it appears in a message: quoted, escaped, and cut short if long."""
    return repr(text if len(text) <= 60 else text[:60] + "…")


def _json_line(record: dict[str, Any]) -> str:
    # NaN and Infinity are refused while reading; allow_nan=False keeps them out for good.
    return json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    return f"{'.'.join(map(str, first['loc']))}: {first['msg']}"


@functools.cache
def _validators() -> tuple[Callable[[Any], Any], ...]:
    """Validators of an event, an actor and a source; building them takes milliseconds."""
    return tuple(TypeAdapter(kind).validate_python for kind in (Event, Actor, Source))


class _Importer:
    """Turns rows into records; a row's new actors and source are kept aside until the whole
    row has validated, so a bad row leaves nothing behind."""

    def __init__(self) -> None:
        self.actors: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        self.validate_event, self.validate_actor, self.validate_source = _validators()
        self.validated: Event | None = None  # the model of the last row that validated

    def actor(self, row: list[str], side: str, new: dict[str, dict[str, Any]]) -> str | None:
        code = row[_AT[f"{side}Code"]].strip()
        if not code:
            return None
        name = (row[_AT[f"{side}Name"]].strip() or code).title()
        country = row[_AT[f"{side}CountryCode"]].strip()
        kind_code = row[_AT[f"{side}Type1Code"]].strip()
        actor_id = _actor_id(code)
        known = new.get(actor_id) or self.actors.get(actor_id)
        if known is None:
            is_country = bool(country) and _actor_id(country) == actor_id
            kind = (
                "state"
                if is_country
                else _TYPE_KIND.get(
                    kind_code,
                    (
                        "state"
                        if len(code) == 3 and not kind_code
                        else "non_governmental_organisation"
                    ),
                )
            )
            known = {
                "id": actor_id,
                "name": name,
                "kind": kind,
                "aliases": [],
                "description": f"GDELT actor code {code}",
            }
            if country and not is_country:
                known["affiliation"] = self.country(country, new)
            new[actor_id] = known
        elif name != known["name"] and name not in known["aliases"] and len(known["aliases"]) < 5:
            new[actor_id] = {**known, "aliases": [*known["aliases"], name]}
        return actor_id

    def country(self, code: str, new: dict[str, dict[str, Any]]) -> str:
        actor_id = _actor_id(code)
        if actor_id not in self.actors and actor_id not in new:
            new[actor_id] = {
                "id": actor_id,
                "name": code,
                "kind": "state",
                "aliases": [],
                "description": f"GDELT country code {code}",
            }
        return actor_id

    def source(self, url: str, new: dict[str, dict[str, Any]]) -> str:
        digest = hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()
        source_id = "gdelt-src-" + digest[:16]
        if source_id not in self.sources:
            try:
                host = urlparse(url).netloc or "unknown"
            except ValueError:  # e.g. an unclosed [ in an IPv6 host
                host = "unknown"
            record: dict[str, Any] = {
                "id": source_id,
                "title": url[:300],
                "publisher": host,
                "kind": "article",
            }
            with suppress(ValidationError):  # a link the dataset would refuse stays as title only
                record["url"] = Source.model_validate({**record, "url": url}).url
            new[source_id] = record
        return source_id

    def file_source(self, file: str, layout: Layout, new: dict[str, dict[str, Any]]) -> str:
        """The source citing a whole GDELT file, for its rows with no SOURCEURL."""
        digest = hashlib.sha1(f"{layout.name}\n{file}".encode(), usedforsecurity=False)
        source_id = "gdelt-file-" + digest.hexdigest()[:16]
        if source_id not in self.sources:
            new[source_id] = {
                "id": source_id,
                "title": f"{layout.name} {file}",
                "publisher": "The GDELT Project",
                "kind": "dataset",
                "identifier": file,
            }
        return source_id

    def event(self, row: list[str], layout: Layout, file: str) -> dict[str, Any]:
        """The event of one row of ``layout`` from the file named ``file``; registers its new
        actors and source only if all validate."""
        row = _widen(row, layout)
        _check_fields(row, layout)
        event_id = row[_AT["GlobalEventID"]].strip()
        if not (event_id.isascii() and event_id.isdigit()):
            raise _Bad(f"{_label('GlobalEventID', layout)} is not a number: {_show(event_id)}")
        day = row[_AT["Day"]].strip()
        try:
            ok = len(day) == 8 and day.isascii() and day.isdigit()
            when = date(int(day[:4]), int(day[4:6]), int(day[6:8])) if ok else None
        except ValueError:
            when = None
        if when is None:
            raise _Bad(f"{_label('Day', layout)} is not a YYYYMMDD date: {_show(day)}")
        code = row[_AT["EventCode"]].strip()
        if not (code.isascii() and code.isdigit() and 2 <= len(code) <= 4):
            raise _Bad(f"EventCode is not a CAMEO code: {_show(code)}")
        quad = _number(row, "QuadClass", int)
        if quad not in (1, 2, 3, 4):
            raise _Bad(f"QuadClass is not 1 to 4: {quad}")
        goldstein = _number(row, "GoldsteinScale")
        if not -10 <= goldstein <= 10:
            raise _Bad(f"GoldsteinScale is outside -10 … 10: {goldstein}")
        metrics = {name: _number(row, name) for name in _METRICS}
        new_actors: dict[str, dict[str, Any]] = {}
        new_sources: dict[str, dict[str, Any]] = {}
        initiator = self.actor(row, "Actor1", new_actors)
        target = self.actor(row, "Actor2", new_actors)
        if initiator is None and target is None:
            raise _Bad("neither Actor1Code nor Actor2Code is given")
        participants = [
            {"actor": a, "role": r}
            for a, r in ((initiator, "initiator"), (target, "target"))
            if a is not None
        ]
        names = [
            row[_AT[f"{s}Name"]].strip() or row[_AT[f"{s}Code"]].strip()
            for s in ("Actor1", "Actor2")
        ]
        url = row[_AT["SOURCEURL"]].strip()
        cited = (
            self.source(url, new_sources) if url else self.file_source(file, layout, new_sources)
        )
        record: dict[str, Any] = {
            "id": f"gdelt-{event_id}",
            "title": " → ".join(n.title() for n in names if n) + f" (CAMEO {code})",
            "date": when.isoformat(),
            "type": _ROOT_TYPE.get(code[:2], EventType.STATEMENT).value,
            "provenance": "machine-coded",
            "coded_goldstein": goldstein,
            "coded_quad_class": quad,
            "cameo": code,
            "participants": participants,
            "sources": [{"source": cited, "locator": f"GDELT event {event_id}"}],
            "metrics": metrics,
        }
        place = row[_AT["ActionGeo_FullName"]].strip()
        if place:
            record["location"] = place
        try:
            for actor in new_actors.values():
                self.validate_actor(actor)
            for source in new_sources.values():
                self.validate_source(source)
            self.validated = self.validate_event(record)
        except ValidationError as err:
            raise _Bad(_first_error(err)) from err
        self.actors.update(new_actors)
        self.sources.update(new_sources)
        return record


def import_gdelt(
    files: Iterable[str | Path],
    directory: str | Path,
    *,
    progress: Callable[[int], None] | None = None,
    format: Literal["jsonl", "parquet"] = "jsonl",
) -> ImportReport:
    """Convert GDELT 1.0 and 2.0 event files into a machine-coded dataset in ``directory``.

    Each file may be a GDELT 1.0 historical backfile (57 columns), a 1.0 daily file (58) or
    a 2.0 file (61); see :data:`LAYOUTS`. Rows with no SOURCEURL cite their file.

    ``progress`` is called with the number of rows read so far, every 10,000 rows. Duplicate
    GlobalEventIDs (GDELT repeats an event across update files) keep their first row.

    With ``format="parquet"`` the folder becomes a Parquet export (see
    :mod:`dprkgraph.columnar`), written whole or not at all, with ``malformed-gdelt.tsv``
    inside it when rows were skipped: every row is validated as for JSON Lines, and the
    events go into the tables' columns a batch at a time, so no model is kept per row.

    Raises
    ------
    OutputError
        If the output files cannot be written (for Parquet: if the folder holds something
        other than an earlier export).
    """
    if format not in ("jsonl", "parquet"):
        raise OutputError(Path(directory), f"unknown format {format!r}; use jsonl or parquet")
    if format == "parquet":
        return _import_parquet(files, output_folder(directory, create=False), progress)
    out = output_folder(directory)
    report = ImportReport()
    importer = _Importer()
    with atomic_write(out / "events-gdelt.jsonl", "w", encoding="utf-8") as events:
        for record in _records(files, importer, report, progress):
            events.write(_json_line(record))
    for kind, records in (("actors", importer.actors), ("sources", importer.sources)):
        with atomic_write(out / f"{kind}-gdelt.jsonl", "w", encoding="utf-8") as handle:
            for record in records.values():
                handle.write(_json_line(record))
    report.actors, report.sources = len(importer.actors), len(importer.sources)
    report.files = [out / f"{k}-gdelt.jsonl" for k in ("events", "actors", "sources")]
    if report.malformed:
        with atomic_write(out / "malformed-gdelt.tsv", "w", encoding="utf-8") as handle:
            handle.write(_malformed(report))
        report.files.append(out / "malformed-gdelt.tsv")
    return report


def _records(
    files: Iterable[str | Path],
    importer: _Importer,
    report: ImportReport,
    progress: Callable[[int], None] | None,
) -> Iterator[dict[str, Any]]:
    """Each new event's record, in file order; bad rows and unreadable files go to
    ``report.malformed``."""
    seen: set[str] = set()
    for name in files:
        path = Path(name)
        shape = _Shape()
        file = _file_name(path)
        try:
            with _open_text(path) as handle:
                for line, row in _rows(handle):
                    report.rows += 1
                    if progress is not None and report.rows % 10_000 == 0:
                        progress(report.rows)
                    if not any(cell.strip() for cell in row):
                        continue
                    try:
                        record = importer.event(row, shape.of(row, line), file)
                    except _Bad as bad:
                        report.malformed.append((str(path), line, str(bad)))
                        continue
                    if record["id"] in seen:
                        continue
                    seen.add(record["id"])
                    report.events += 1
                    yield record
        except (
            OSError,
            EOFError,
            RuntimeError,
            NotImplementedError,
            zlib.error,
            zipfile.BadZipFile,
            _Bad,
        ) as err:  # zipfile's ways of saying it cannot
            report.malformed.append((str(path), 0, f"cannot read the file: {err}"))


def _file_name(path: Path) -> str:
    """A file's name as a citation can hold it: printable, valid UTF-8, at most 200 characters
    (undecodable bytes, kept by Python as surrogates, and control characters become U+FFFD)."""
    name = "".join(c if unicodedata.category(c)[0] != "C" else "\ufffd" for c in path.name)
    return name[:200] or "(unnamed)"


def _malformed(report: ImportReport) -> str:
    return "file\tline\treason\n" + "".join(
        f"{_cell(file)}\t{line}\t{_cell(reason)}\n" for file, line, reason in report.malformed
    )


def _cell(text: str) -> str:
    """``text`` as one TSV cell of valid UTF-8: a file name may hold tabs and undecodable bytes."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.translate({9: "\\t", 10: "\\n", 13: "\\r"})


def _import_parquet(
    files: Iterable[str | Path], out: Path, progress: Callable[[int], None] | None
) -> ImportReport:
    from dprkgraph.columnar.schema import TableBuilder
    from dprkgraph.columnar.write import check_target, write_tables

    check_target(out)  # before the import, not after it
    report = ImportReport()
    importer = _Importer()
    builder = TableBuilder()
    batch: list[Event] = []
    for _ in _records(files, importer, report, progress):
        assert importer.validated is not None
        batch.append(importer.validated)
        if len(batch) >= 10_000:
            builder.add_events(batch)
            batch.clear()
    builder.add_events(batch)
    actors, sources = _validators()[1:]
    builder.add_actors(actors(a) for a in importer.actors.values())
    builder.add_sources(sources(s) for s in importer.sources.values())
    report.actors, report.sources = len(importer.actors), len(importer.sources)
    extra = {"malformed-gdelt.tsv": _malformed(report)} if report.malformed else None
    report.files = [write_tables(builder, out, extra=extra)]
    return report
