"""Reading YAML strictly: duplicate keys, anchors, aliases and explicit tags are refused, and
every scalar is kept as the text written except the plain spellings of null; every problem is
located to its line and column.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

from dprkgraph._yaml_block import read_block
from dprkgraph.errors import Problem
from dprkgraph.load_files import Loc, Parsed, Pos, decode

__all__ = ["Loader", "PyLoader", "parse_yaml"]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _TextResolver(yaml.resolver.BaseResolver):
    """Tags every plain scalar as text except the spellings of null: values are kept as
    written, so YAML 1.1's many implicit types (octal, sexagesimal, dates) never apply, and
    no regular expression runs per scalar."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _NULL_TAG if implicit[0] and value in _NULLS else "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return, no-untyped-call]


class PyLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.BaseConstructor,
    _TextResolver,
):
    """The pure-Python loader, for a PyYAML built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.BaseConstructor.__init__(self)
        _TextResolver.__init__(self)


Loader: Any = PyLoader
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(CParser, yaml.constructor.BaseConstructor, _TextResolver):
        """libyaml's parser and composer with the text-keeping resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            _TextResolver.__init__(self)

    Loader = _CLoader

_NULL_TAG = "tag:yaml.org,2002:null"


def _mark(node: Any) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _scan(path: Path, text: str, reader: Any) -> list[Problem]:
    """Refuse anchors, aliases and tags before anything is built from the file."""
    problems = []
    event: Any
    for event in yaml.parse(text, Loader=reader):
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    f"alias *{event.anchor} is not allowed",
                    "write the value out in full; aliases are refused so a file reads as it is",
                )
            )
        elif getattr(event, "anchor", None):
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    f"anchor &{event.anchor} is not allowed",
                    "remove the anchor and write each value in full",
                )
            )
        elif getattr(event, "tag", None) not in (None, "!"):
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    f"tag {event.tag} is not allowed",
                    "remove the tag; every value is read as the text written",
                )
            )
    return problems


def _build(node: Any, loc: Loc, parsed: Parsed, problems: list[Problem]) -> Any:
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
            problems.append(
                Problem(
                    parsed.path,
                    line,
                    col,
                    "a key must be plain text",
                    "use a field name such as 'title:'",
                )
            )
            continue
        key = key_node.value
        if key in result:
            line, col = _mark(key_node)
            first = parsed.keys[(*loc, key)]
            problems.append(
                Problem(
                    parsed.path,
                    line,
                    col,
                    f"duplicate key {key!r}",
                    f"it is already set at line {first[0]}; keep one of the two",
                )
            )
            continue
        parsed.keys[(*loc, key)] = _mark(key_node)
        result[key] = _build(value_node, (*loc, key), parsed, problems)
    return result


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


def _indented_under_a_value(lines: list[str], line: int) -> bool:
    """Whether line ``line`` is a key indented further than the line above it, whose key
    already has a value on that line (so the key can only be mis-indented)."""
    if not 0 < line <= len(lines):
        return False
    here = lines[line - 1]
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        body = above.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        indent_here = len(here) - len(here.lstrip(" "))
        indent_above = len(above) - len(body)
        if body.startswith("- "):
            indent_above += len(body) - len(body[1:].lstrip(" "))
            body = body[1:].lstrip(" ")
        key_with_value = re.match(r"[\w-]+:\s+\S", body) is not None
        return indent_here > indent_above and key_with_value
    return False


def _yaml_problem(path: Path, text: str, err: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error, with the fix for the usual causes."""
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = str(err.problem or err.context or "invalid YAML")
    lines = text.split("\n")
    at = lines[line - 1][col - 1 : col] if 0 < line <= len(lines) else ""
    hint = "check indentation, colons and quotes near here"
    if at == "\t" or re.search(r"\btab\b|\\t", problem):
        problem = "a tab character, which YAML does not allow for indentation"
        hint = "use spaces, not tabs"
    elif (
        "did not find expected key" in problem
        or "expected '-' indicator" in problem
        or "expected <block end>" in problem
    ):
        problem = "this line is indented differently from the one above it"
        hint = _line_up(lines, line)
    elif "mapping values are not allowed" in problem and _indented_under_a_value(lines, line):
        problem = "this key is indented further than the key above it, which has its value"
        hint = _line_up(lines, line)
    elif "mapping values are not allowed" in problem:
        hint = (
            "put quotes around a value that contains ': ', or start a nested mapping on its "
            "own line"
        )
    elif "could not find expected ':'" in problem:
        hint = "a key needs ':' after it; a long text continues on lines indented further"
    return Problem(path, line, col, f"YAML syntax: {problem}", hint)


def _locate(text: str, reader: Any, parsed: Parsed) -> None:
    """Record where each value and key of a file read by the fast reader was written."""
    try:
        node = yaml.compose(text, Loader=reader)
        if node is not None:
            _build(node, (), parsed, [])
    except (yaml.YAMLError, RecursionError):
        pass  # the fast reader declines what the strict one refuses; positions default to 1:1


def parse_yaml(
    path: Path, kind: str, problems: list[Problem], data: bytes, *, reader: Any = Loader
) -> Parsed | None:
    """Parse one YAML file's bytes into plain records, keeping where everything was;
    ``reader`` is the PyYAML loader class to read with.

    A file in the block subset of YAML is read fast, without positions (see
    :mod:`dprkgraph._yaml_block`); they are recorded by reading it again with ``reader`` only
    when a problem needs one. Any other file is read with ``reader`` at once.
    """
    text = decode(path, data, problems)
    if text is None:
        return None
    parsed = Parsed(path, kind, [], {}, {})
    tree = read_block(text)
    if tree is not None and set(tree) <= {kind}:
        records = tree.get(kind)
        if records is None or isinstance(records, list):
            parsed.records = records or []
            parsed.locate = functools.partial(_locate, text, reader)
            return parsed
    try:
        # Anchors, aliases and tags need "&", "*" or "!"; a file without them needs no scan.
        found = _scan(path, text, reader) if any(c in text for c in "&*!") else []
        if found:
            problems.extend(found)
            return None
        node = yaml.compose(text, Loader=reader)
        if node is None:
            return parsed
        tree = _build(node, (), parsed, problems)
    except yaml.MarkedYAMLError as err:
        problems.append(_yaml_problem(path, text, err))
        return None
    except yaml.reader.ReaderError as err:
        line, col = _text_place(text, err.position)
        code = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        problems.append(
            Problem(
                path,
                line,
                col,
                f"control character {code} is not allowed",
                "delete it: it does not show in most editors",
            )
        )
        return None
    except yaml.YAMLError as err:
        problems.append(Problem(path, 0, 0, f"YAML error: {err}", "check the file's syntax"))
        return None
    except RecursionError:
        problems.append(
            Problem(
                path,
                1,
                1,
                "values are nested too deeply to read",
                "a record's values are text, lists and mappings a few levels deep",
            )
        )
        return None
    line, col = parsed.values[()]
    if not isinstance(tree, dict) or set(tree) - {kind}:
        extra = sorted(set(tree) - {kind}) if isinstance(tree, dict) else []
        what = (
            f"unexpected top-level key(s) {', '.join(map(repr, extra))}"
            if extra
            else ("the file must be a mapping")
        )
        problems.append(
            Problem(
                path,
                line,
                col,
                what,
                f"a {path.name} file holds one key, '{kind}:', with a list of records",
            )
        )
        return None
    records = tree.get(kind)
    if records is None:
        return parsed
    if not isinstance(records, list):
        line, col = parsed.values[(kind,)]
        problems.append(
            Problem(
                path,
                line,
                col,
                f"'{kind}' must be a list",
                f"write each record as an item starting with '- ' under '{kind}:'",
            )
        )
        return None
    parsed.records = records
    return parsed
