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
"""

from __future__ import annotations

import errno
import functools
import graphlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from dprkgraph._gc import gc_paused
from dprkgraph.dates import Widening, widening_rule
from dprkgraph.errors import LoadError, Problem, suggest
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.model import Actor, Citation, Dataset, Event, RelationType, Source
from dprkgraph.settings import SETTINGS_FILE, read_settings

__all__ = ["bundled_data_dir", "dataset_files", "load", "load_graph"]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _TextResolver(yaml.resolver.BaseResolver):
    """Tags every plain scalar as text except the spellings of null: values are kept as
    written, so YAML 1.1's many implicit types (octal, sexagesimal, dates) never apply, and
    no regular expression runs per scalar."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _NULL_TAG if implicit[0] and value in _NULLS else "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return, no-untyped-call]


class _PyLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
               yaml.composer.Composer, yaml.constructor.BaseConstructor, _TextResolver):
    """The pure-Python loader, for a PyYAML built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.BaseConstructor.__init__(self)
        _TextResolver.__init__(self)


_Loader: Any = _PyLoader
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(CParser, yaml.constructor.BaseConstructor, _TextResolver):
        """libyaml's parser and composer with the text-keeping resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            _TextResolver.__init__(self)

    _Loader = _CLoader


_KINDS: dict[str, type[BaseModel]] = {"events": Event, "actors": Actor, "sources": Source}
_NULL_TAG = "tag:yaml.org,2002:null"
_FUZZY_SUGGESTIONS = 200
_FILE = re.compile(r"^(events|actors|sources)[^/]*\.(ya?ml|jsonl)$")

Loc = tuple[str | int, ...]
Pos = tuple[int, int]


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


@dataclass
class _Read:
    """A dataset file's bytes, read once: the cache key and the parser both use them."""

    path: Path
    kind: str
    data: bytes
    stamp: tuple[int, int, int, int]  # device, inode, size, modification time (ns)

    def unchanged(self) -> bool:
        """Whether the file on disk still looks as it did when it was read."""
        try:
            info = os.stat(self.path)
        except OSError:
            return False
        return _stamp(info) == self.stamp


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


_NOT_A_FILE = {
    stat.S_IFDIR: ("is a folder, not a file",
                   "a dataset file must be a regular file: rename the folder or move it out"),
    stat.S_IFIFO: ("is a named pipe (FIFO), not a file",
                   "write the data to a regular file; pipes are not read"),
    stat.S_IFSOCK: ("is a socket, not a file", "write the data to a regular file"),
    stat.S_IFCHR: ("is a device, not a file", "write the data to a regular file"),
    stat.S_IFBLK: ("is a device, not a file", "write the data to a regular file"),
}


def _read(path: Path, kind: str, problems: list[Problem]) -> _Read | None:
    """A dataset file's bytes, or a problem saying why it cannot be read.

    The file is opened without blocking and checked before reading, so a FIFO or a device
    named like a dataset file is reported instead of hanging the load.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        problems.append(_open_problem(path, err))
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        message, hint = _NOT_A_FILE.get(stat.S_IFMT(info.st_mode),
                                        ("is not a regular file", "use a regular file"))
        problems.append(Problem(path, 0, 0, message, hint))
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read()
        except OSError as err:
            problems.append(Problem(path, 0, 0, f"cannot read the file: {err.strerror}",
                                    "check the disk or copy the file again"))
            return None
    return _Read(path, kind, data, _stamp(info))


def _open_problem(path: Path, err: OSError) -> Problem:
    if err.errno == errno.ELOOP:
        return Problem(path, 0, 0, "is a symbolic link that leads back to itself",
                       "point the link at a real file, or remove it")
    if isinstance(err, FileNotFoundError):
        try:
            target = os.readlink(path)
        except OSError:
            target = ""
        if target:
            return Problem(path, 0, 0, f"is a symbolic link to {target}, which does not exist",
                           "point the link at a real file, or remove it")
        return Problem(path, 0, 0, "disappeared while the dataset was being read",
                       "load again once the files are in place")
    if isinstance(err, PermissionError):
        return Problem(path, 0, 0, "cannot read the file: permission denied",
                       f"give yourself read access (chmod u+r '{path}') or move it out")
    return Problem(path, 0, 0, f"cannot read the file: {err.strerror or err}",
                   "check that the file is a readable regular file")


@dataclass
class _Parsed:
    """One file's records as plain data, with where each value and key was written."""

    path: Path
    kind: str
    records: list[Any]
    values: dict[Loc, Pos]
    keys: dict[Loc, Pos]
    invalid_ids: set[str] = field(default_factory=set)
    invalid: list[int] = field(default_factory=list)
    line_numbers: list[int] | None = None  # JSON Lines: the line of each record
    lines: list[str] = field(default_factory=list)  # JSON Lines: the text of each record

    def where(self, loc: Loc, *, key: bool = False) -> Pos:
        """The position of ``loc``, or of the nearest enclosing value that has one."""
        if self.line_numbers is not None:
            return self._jsonl_where(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def _jsonl_where(self, loc: Loc) -> Pos:
        if len(loc) < 2 or not isinstance(loc[1], int) or self.line_numbers is None:
            return (1, 1)
        line = self.line_numbers[loc[1]]
        names = [p for p in loc[2:] if isinstance(p, str)]
        if not names:
            return (line, 1)
        column = self.lines[loc[1]].find(json.dumps(names[-1], ensure_ascii=False))
        return (line, column + 1 if column >= 0 else 1)


@dataclass(slots=True)
class _Located:
    """A validated record with the file it came from and its index there."""

    record: Any
    parsed: _Parsed
    index: int

    def where(self, *loc: str | int, key: bool = False) -> Pos:
        return self.parsed.where((self.parsed.kind, self.index, *loc), key=key)

    def problem(self, message: str, hint: str, *loc: str | int, key: bool = False) -> Problem:
        line, col = self.where(*loc, key=key)
        return Problem(self.parsed.path, line, col, message, hint)


def _mark(node: Any) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _scan(path: Path, text: str) -> list[Problem]:
    """Refuse anchors, aliases and tags before anything is built from the file."""
    problems = []
    event: Any
    for event in yaml.parse(text, Loader=_Loader):
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                Problem(path, line, col, f"alias *{event.anchor} is not allowed",
                        "write the value out in full; aliases are refused so a file reads as it is")
            )
        elif getattr(event, "anchor", None):
            problems.append(
                Problem(path, line, col, f"anchor &{event.anchor} is not allowed",
                        "remove the anchor and write each value in full")
            )
        elif getattr(event, "tag", None) not in (None, "!"):
            problems.append(
                Problem(path, line, col, f"tag {event.tag} is not allowed",
                        "remove the tag; every value is read as the text written")
            )
    return problems


def _build(node: Any, loc: Loc, parsed: _Parsed, problems: list[Problem]) -> Any:
    parsed.values[loc] = _mark(node)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _NULL_TAG:  # only plain scalars are resolved to null (libyaml: style '')
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), parsed, problems) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            line, col = _mark(key_node)
            problems.append(Problem(parsed.path, line, col, "a key must be plain text",
                                    "use a field name such as 'title:'"))
            continue
        key = key_node.value
        if key in result:
            line, col = _mark(key_node)
            first = parsed.keys[(*loc, key)]
            problems.append(
                Problem(parsed.path, line, col, f"duplicate key {key!r}",
                        f"it is already set at line {first[0]}; keep one of the two")
            )
            continue
        parsed.keys[(*loc, key)] = _mark(key_node)
        result[key] = _build(value_node, (*loc, key), parsed, problems)
    return result


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        problems.append(Problem(path, line, column,
                                f"not UTF-8 text (byte {err.start}: {data[err.start]:#04x})",
                                "save the file as UTF-8"))
        return None


def _text_place(text: str, index: int) -> Pos:
    """Line and column (from 1) of a character index, counting only newlines as YAML does
    after its reader has normalised them."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _line_up(lines: list[str], line: int) -> str:
    """How to fix a mis-indented line: the column the line above starts its key or item."""
    here = lines[line - 1].lstrip(" ") if 0 < line <= len(lines) else ""
    what = "item" if here.startswith("-") else "key"
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        body = above.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        column = len(above) - len(body) + 1
        if what == "key" and body.startswith("- "):
            column += len(body) - len(body[1:].lstrip(" "))
        return f"line this {what} up with the one above (column {column}, as on line {number})"
    return f"line this {what} up with the one above"


def _yaml_problem(path: Path, text: str, err: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error, with the fix for the usual causes."""
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = str(err.problem or err.context or "invalid YAML")
    lines = text.split("\n")
    at = lines[line - 1][col - 1:col] if 0 < line <= len(lines) else ""
    hint = "check indentation, colons and quotes near here"
    if at == "\t" or re.search(r"\btab\b|\\t", problem):
        problem = "a tab character, which YAML does not allow for indentation"
        hint = "use spaces, not tabs"
    elif ("did not find expected key" in problem or "expected '-' indicator" in problem
          or "expected <block end>" in problem):
        problem = "this line is indented differently from the one above it"
        hint = _line_up(lines, line)
    elif "mapping values are not allowed" in problem:
        hint = "put quotes around a value that contains ': ', or start a nested mapping on its own line"
    elif "could not find expected ':'" in problem:
        hint = "a key needs ':' after it; a long text continues on lines indented further"
    return Problem(path, line, col, f"YAML syntax: {problem}", hint)


def _parse_file(path: Path, kind: str, problems: list[Problem], data: bytes) -> _Parsed | None:
    """Parse one YAML file's bytes into plain records, keeping where everything was."""
    text = _decode(path, data, problems)
    if text is None:
        return None
    parsed = _Parsed(path, kind, [], {}, {})
    try:
        # Anchors, aliases and tags need "&", "*" or "!"; a file without them needs no scan.
        found = _scan(path, text) if any(c in text for c in "&*!") else []
        if found:
            problems.extend(found)
            return None
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            return parsed
        tree = _build(node, (), parsed, problems)
    except yaml.MarkedYAMLError as err:
        problems.append(_yaml_problem(path, text, err))
        return None
    except yaml.reader.ReaderError as err:
        line, col = _text_place(text, err.position)
        code = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        problems.append(Problem(path, line, col, f"control character {code} is not allowed",
                                "delete it: it does not show in most editors"))
        return None
    except yaml.YAMLError as err:
        problems.append(Problem(path, 0, 0, f"YAML error: {err}", "check the file's syntax"))
        return None
    except RecursionError:
        problems.append(Problem(path, 1, 1, "values are nested too deeply to read",
                                "a record's values are text, lists and mappings a few levels deep"))
        return None
    line, col = parsed.values[()]
    if not isinstance(tree, dict) or set(tree) - {kind}:
        extra = sorted(set(tree) - {kind}) if isinstance(tree, dict) else []
        what = f"unexpected top-level key(s) {', '.join(map(repr, extra))}" if extra else (
            "the file must be a mapping")
        problems.append(Problem(path, line, col, what,
                                f"a {path.name} file holds one key, '{kind}:', with a list of records"))
        return None
    records = tree.get(kind)
    if records is None:
        return parsed
    if not isinstance(records, list):
        line, col = parsed.values[(kind,)]
        problems.append(Problem(path, line, col, f"'{kind}' must be a list",
                                f"write each record as an item starting with '- ' under '{kind}:'"))
        return None
    parsed.records = records
    return parsed


def _fields(cls: Any) -> dict[str, Any]:
    """The pydantic fields of a model or pydantic dataclass (empty for anything else)."""
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return dict(cls.model_fields)
    return dict(getattr(cls, "__pydantic_fields__", {}))


def _field_model(model: type[BaseModel], loc: Iterable[str | int]) -> Any:
    """The record class a location inside ``model`` points into, if any."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = _fields(current).get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if _fields(current) else None


@functools.lru_cache(maxsize=1024)
def _field_hint(owner: Any, name: str) -> tuple[list[str], tuple[str, ...]]:
    """The fields ``owner`` allows, and the one closest to ``name``: the same few wrong names
    recur in every record of a broken file."""
    allowed = sorted(_fields(owner)) if owner else []
    return allowed, suggest(name, {a: a for a in allowed}, limit=1)


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is not None or get_args(annotation):
        args = [a for a in get_args(annotation) if a is not type(None) and a is not Ellipsis]
        if not args:
            break
        annotation = args[0]
    return annotation


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(kind: str, record: Any, index: int) -> str:
    singular = kind[:-1]
    rid = record.get("id") if isinstance(record, dict) else None
    return f"{singular} {rid!r}" if isinstance(rid, str) and rid else f"{singular} #{index + 1}"


def _pydantic_problem(parsed: _Parsed, model: type[BaseModel], index: int, err: Any) -> Problem:
    loc: Loc = tuple(err["loc"])
    kind, etype = parsed.kind, err["type"]
    line, col = parsed.where((kind, index, *loc), key=etype == "extra_forbidden")
    who = _describe(kind, parsed.records[index], index)
    field = _dotted(loc)
    message = err["msg"].removeprefix("Value error, ")
    hint = ""
    if etype == "missing":
        message = f"{who}: missing required field {field!r}"
        hint = f"add '{loc[-1]}:' to this record"
    elif etype == "extra_forbidden":
        allowed, close = _field_hint(_field_model(model, loc[:-1]), str(loc[-1]))
        message = f"{who}: unknown field {field!r}"
        hint = f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(allowed)}"
    else:
        shown = err.get("input")
        value = (
            f" (got {shown!r})"
            if isinstance(shown, str | int | float) and etype != "value_error"
            else ""
        )
        message = f"{who}, {field or 'record'}: {message}{value}"
        if etype == "enum":
            options = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
            close = suggest(str(shown), {o: o for o in options}, limit=1)
            hint = f"did you mean {close[0]!r}?" if close else ""
        elif etype == "string_pattern_mismatch" and str(loc[-1]) in {
            "id", "actor", "event", "source", "claimant", "affiliation"
        }:
            hint = "ids are lower-case letters, digits and single hyphens, e.g. 'kim-yong-nam'"
        elif etype in {"string_type", "list_type", "tuple_type", "model_type", "dict_type"}:
            hint = "check the indentation and whether the value should be a list ('- ') or text"
    return Problem(parsed.path, line, col, message, hint)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's members, refusing a key given twice (as the YAML reader does)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def _key_columns(line: str, key: str) -> list[int]:
    pattern = re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:"
    return [m.start() + 1 for m in re.finditer(pattern, line)]


def _parse_jsonl(path: Path, kind: str, problems: list[Problem], data: bytes) -> _Parsed | None:
    """Parse a JSON Lines file's bytes into plain records, one object a line.

    Only ``\\n`` ends a line (as in JSON text, where U+2028 is an ordinary character), and
    the file is refused where the YAML reader would refuse it: a key given twice, text
    that is not UTF-8, values nested too deeply to read.
    """
    text = _decode(path, data, problems)
    if text is None:
        return None
    parsed = _Parsed(path, kind, [], {}, {}, line_numbers=[])
    assert parsed.line_numbers is not None
    all_lines = text.removeprefix("\ufeff").split("\n")
    del text
    for number, line in enumerate(all_lines, start=1):
        if not line.strip(" \t\r"):
            continue
        try:
            value = json.loads(line, object_pairs_hook=_unique, parse_constant=_no_constant)
        except _DuplicateKey as dup:
            columns = _key_columns(line, dup.key)
            problems.append(Problem(path, number, columns[1] if len(columns) > 1 else 1,
                                    f"duplicate key {dup.key!r}",
                                    "a record names each field once; keep one of the two"))
            continue
        except json.JSONDecodeError as err:
            ends = err.pos >= len(line.rstrip())
            message = "the line ends before the object does" if ends else err.msg
            problems.append(Problem(path, number, err.colno, f"not a JSON object: {message}",
                                    "each line holds one complete JSON object; a record "
                                    "cannot span lines"))
            continue
        except RecursionError:
            problems.append(Problem(path, number, 1, "values are nested too deeply to read",
                                    "a record's values are text, lists and objects a few levels deep"))
            continue
        except ValueError as err:
            problems.append(Problem(path, number, 1, f"not a JSON object: {err}",
                                    "write numbers as digits; NaN and Infinity are not JSON"))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(path, number, 1, "not a JSON object",
                                    "each line holds one JSON object such as {\"id\": …}"))
            continue
        parsed.records.append(value)
        parsed.line_numbers.append(number)
        parsed.lines.append(line)
    return parsed


def _validate(parsed: _Parsed, problems: list[Problem]) -> list[_Located]:
    model = _KINDS[parsed.kind]
    try:
        adapter: TypeAdapter[Any] = TypeAdapter(list[model])  # type: ignore[valid-type]
        records = adapter.validate_python(parsed.records)
        return [_Located(r, parsed, i) for i, r in enumerate(records)]
    except ValidationError:
        pass
    located = []
    for i, raw in enumerate(parsed.records):
        try:
            located.append(_Located(model.model_validate(raw), parsed, i))
        except ValidationError as err:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                parsed.invalid_ids.add(raw["id"])
            parsed.invalid.append(i)
            errors = err.errors()
            inner = {tuple(e["loc"][:k]) for e in errors for k in range(len(e["loc"]))}
            problems.extend(
                _pydantic_problem(parsed, model, i, e)
                for e in errors
                # a list whose only items are invalid is also "too short": say it once
                if not (e["type"] == "too_short" and tuple(e["loc"]) in inner)
            )
    return located


def _check_ids(items: list[_Located], problems: list[Problem]) -> dict[str, _Located]:
    seen: dict[str, _Located] = {}
    for item in items:
        rid = item.record.id
        if rid in seen:
            first = seen[rid]
            line, col = first.where("id")
            what = type(first.record).__name__.lower()
            problems.append(item.problem(
                f"duplicate id {rid!r}",
                f"already used by the {what} at {first.parsed.path}:{line}:{col}; ids are unique "
                "across events, actors and sources",
                "id",
            ))
        else:
            seen[rid] = item
    return seen


def _citations(event: Event) -> Iterator[tuple[Loc, Citation]]:
    for i, c in enumerate(event.sources):
        yield ("sources", i), c
    for j, claim in enumerate(event.claims):
        for i, c in enumerate(claim.sources):
            yield ("claims", j, "sources", i), c


def _raw_references(kind: str, raw: object) -> Iterator[tuple[str, object, Loc]]:
    """(kind of id, value, location) of every reference in a record that failed validation,
    so its dangling ids are reported in the same run as its other problems."""
    if not isinstance(raw, dict):
        return

    def items(key: str) -> list[tuple[int, dict[str, Any]]]:
        value = raw.get(key)
        return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)] if isinstance(
            value, list) else []

    if kind == "actors" and "affiliation" in raw:
        yield "actor", raw["affiliation"], ("affiliation",)
    if kind != "events":
        return
    for i, p in items("participants"):
        yield "actor", p.get("actor"), ("participants", i, "actor")
    for i, r in items("relations"):
        yield "event", r.get("event"), ("relations", i, "event")
    for i, c in items("sources"):
        yield "source", c.get("source"), ("sources", i, "source")
    for j, claim in items("claims"):
        yield "actor", claim.get("claimant"), ("claims", j, "claimant")
        sources = claim.get("sources")
        for i, c in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(c, dict):
                yield "source", c.get("source"), ("claims", j, "sources", i, "source")


def _check_references(
    events: list[_Located],
    actors: list[_Located],
    sources: list[_Located],
    invalid_ids: set[str],
    problems: list[Problem],
    unvalidated: Iterable[_Located] = (),
) -> None:
    actor_names: dict[str, str] = {}
    for item in actors:
        a: Actor = item.record
        actor_names.update({n.lower(): a.id for n in (a.name, *a.aliases)})
        actor_names[a.id] = a.id
    tables = {
        "actor": actor_names,
        "event": {e.record.id: e.record.id for e in events},
        "source": {s.record.id: s.record.id for s in sources},
    }
    ids = {k: {v for v in t.values()} for k, t in tables.items()}

    # Fuzzy suggestions cost a pass over every id; past the first few hundred unknown values
    # (a file of broken references, not a typo) only exact name and alias matches are offered,
    # so the checks stay linear in the size of the dataset.
    suggested: dict[tuple[str, str], tuple[str, ...]] = {}

    def check(item: _Located, kind: str, value: str, loc: Loc) -> None:
        if value in ids[kind] or value in invalid_ids:
            return  # a record that failed validation was already reported
        close = suggested.get((kind, value))
        if close is None:
            if len(suggested) < _FUZZY_SUGGESTIONS:
                close = suggest(value, tables[kind])
            else:
                exact = tables[kind].get(value.lower())
                close = (exact,) if exact else ()
            suggested[(kind, value)] = close
        hint = f"did you mean {' or '.join(map(repr, close))}?" if close else f"define the {kind} first"
        problems.append(item.problem(f"unknown {kind} {value!r}", hint, *loc))

    for item in actors:
        a = item.record
        if a.affiliation is not None:
            if a.affiliation == a.id:
                problems.append(item.problem("an actor cannot be affiliated with itself",
                                             "name the state or body it belongs to", "affiliation"))
            else:
                check(item, "actor", a.affiliation, ("affiliation",))
    for item in events:
        e: Event = item.record
        for i, p in enumerate(e.participants):
            check(item, "actor", p.actor, ("participants", i, "actor"))
        for i, r in enumerate(e.relations):
            if r.event == e.id:
                problems.append(item.problem("an event cannot relate to itself",
                                             "name another event", "relations", i, "event"))
            else:
                check(item, "event", r.event, ("relations", i, "event"))
        for j, claim in enumerate(e.claims):
            check(item, "actor", claim.claimant, ("claims", j, "claimant"))
        for loc, c in _citations(e):
            check(item, "source", c.source, (*loc, "source"))
    for item in unvalidated:
        for kind, value, loc in _raw_references(item.parsed.kind, item.record):
            if isinstance(value, str) and value:
                check(item, kind, value, loc)


def _check_cycles(events: list[_Located], problems: list[Problem]) -> None:
    by_id = {item.record.id: item for item in events}
    for rtype in (RelationType.LED_TO, RelationType.PART_OF):
        sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
        for item in events:
            for r in item.record.relations:
                if r.type is rtype and r.event in by_id:
                    sorter.add(r.event, item.record.id)
        try:
            sorter.prepare()
        except graphlib.CycleError as err:
            cycle: list[str] = err.args[1]
            start = by_id[cycle[0]]
            index = next(
                (i for i, r in enumerate(start.record.relations) if r.type is rtype), 0
            )
            chain = " → ".join(reversed(cycle))
            problems.append(start.problem(
                f"{rtype.value} relations form a cycle: {chain}",
                f"an event cannot be its own {'cause' if rtype is RelationType.LED_TO else 'part'};"
                " remove one link",
                "relations", index, "type",
            ))


def load(path: str | Path | None = None, *, cache: bool = True,
         widening: Widening | None = None, sources: str | Path | None = None) -> Dataset:
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
        raise LoadError([Problem(Path(sources), 0, 0, "not a folder of source texts",
                                 "give the folder that holds <source-id>.txt files")])
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
        raise LoadError([Problem(directory, 0, 0, f"cannot list the directory: {err.strerror}",
                                 "give yourself read access to it (chmod u+rx)")]) from err
    listed = {p for ps in files.values() for p in ps}
    strays = {*directory.glob("*.y*ml"), *directory.glob("*.jsonl")} - listed
    strays.discard(directory / SETTINGS_FILE)
    for stray in sorted(strays):
        problems.append(Problem(stray, 0, 0, "not read: the name does not start with events, "
                                "actors or sources", "rename it, or move it out of the dataset"))
    if not files["events"] and not files["actors"]:
        raise LoadError([*problems, Problem(directory, 0, 0, "no dataset files found",
                                            "add events.yaml, actors.yaml and sources.yaml")])
    from dprkgraph import cache as store

    if widening is None:
        widening = read_settings(directory).widening
    if widening not in ("unit", "edtf"):
        raise LoadError([Problem(directory, 0, 0, f"unknown widening rule {widening!r}",
                                 "use 'unit' (the default) or 'edtf'")])
    # The rule shapes every qualified date, so each rule has its own cache entry.
    suffix = "" if widening == "unit" else f"-{widening}"
    with gc_paused():
        reads = [r for kind, paths in files.items() for p in paths
                 if (r := _read(p, kind, problems)) is not None]
        use_cache = cache and store.enabled() and not problems
        key = store.cache_key((r.path.name, r.data) for r in reads) + suffix if use_cache else ""
        with widening_rule(widening):  # a cached entry's dates are read again by this rule
            found = store.get(key) if use_cache else None
            if found is not None:
                return _anchored(found, sources)
            dataset = _load_files(reads, problems)
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


def _load_files(reads: list[_Read], problems: list[Problem]) -> Dataset:
    items: dict[str, list[_Located]] = {kind: [] for kind in _KINDS}
    invalid_ids: set[str] = set()
    unvalidated: list[_Located] = []
    for read in reads:
        parse = _parse_jsonl if read.path.suffix == ".jsonl" else _parse_file
        parsed = parse(read.path, read.kind, problems, read.data)
        read.data = b""  # parsed: the bytes are no longer needed
        if parsed is None or not parsed.records:
            continue
        items[read.kind].extend(_validate(parsed, problems))
        invalid_ids |= parsed.invalid_ids
        unvalidated += [_Located(parsed.records[i], parsed, i) for i in parsed.invalid]
    _check_ids([*items["actors"], *items["sources"], *items["events"]], problems)
    _check_references(items["events"], items["actors"], items["sources"], invalid_ids, problems,
                      unvalidated)
    _check_cycles(items["events"], problems)
    if problems:
        raise LoadError(problems)
    return Dataset(
        events=tuple(i.record for i in items["events"]),
        actors=tuple(i.record for i in items["actors"]),
        sources=tuple(i.record for i in items["sources"]),
    )


def load_graph(path: str | Path | None = None, *, cache: bool = True,
               widening: Widening | None = None,
               sources: str | Path | None = None) -> EventGraph:
    """Load a dataset directory (default: the bundled one) and build its graph; the options
    are :func:`load`'s (with ``sources``, ``g.dataset.anchors`` holds the quotes' anchors).

    Examples
    --------
    >>> load_graph().event("cheonan-sinking").type.value
    'military_incident'
    """
    return build_graph(load(path, cache=cache, widening=widening, sources=sources))
