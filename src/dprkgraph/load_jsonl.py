"""Reading JSON Lines, the bulk format, held to the rules the YAML reader keeps."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from dprkgraph.errors import Problem
from dprkgraph.load_files import Parsed, decode

__all__ = ["parse_jsonl"]


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


# One decoder for every line: json.loads with options builds a new one per call, which cost
# a quarter of the parse.
_DECODE = json.JSONDecoder(object_pairs_hook=_unique, parse_constant=_no_constant).decode


def _key_columns(line: str, key: str) -> list[int]:
    pattern = re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:"
    return [m.start() + 1 for m in re.finditer(pattern, line)]


def parse_jsonl(path: Path, kind: str, problems: list[Problem], data: bytes) -> Parsed | None:
    """Parse a JSON Lines file's bytes into plain records, one object a line.

    Only ``\\n`` ends a line (as in JSON text, where U+2028 is an ordinary character), and
    the file is refused where the YAML reader would refuse it: a key given twice, text
    that is not UTF-8, values nested too deeply to read.
    """
    text = decode(path, data, problems)
    if text is None:
        return None
    parsed = Parsed(path, kind, [], {}, {}, line_numbers=[])
    assert parsed.line_numbers is not None
    all_lines = text.removeprefix("\ufeff").split("\n")
    del text
    for number, line in enumerate(all_lines, start=1):
        if not line.strip(" \t\r"):
            continue
        try:
            if line[0] == "\ufeff":  # json.loads names a byte-order mark; decode() does not
                value = json.loads(line, object_pairs_hook=_unique, parse_constant=_no_constant)
            else:
                value = _DECODE(line)
        except _DuplicateKey as dup:
            columns = _key_columns(line, dup.key)
            problems.append(
                Problem(
                    path,
                    number,
                    columns[1] if len(columns) > 1 else 1,
                    f"duplicate key {dup.key!r}",
                    "a record names each field once; keep one of the two",
                )
            )
            continue
        except json.JSONDecodeError as err:
            ends = err.pos >= len(line.rstrip())
            message = "the line ends before the object does" if ends else err.msg
            problems.append(
                Problem(
                    path,
                    number,
                    err.colno,
                    f"not a JSON object: {message}",
                    "each line holds one complete JSON object; a record cannot span lines",
                )
            )
            continue
        except RecursionError:
            problems.append(
                Problem(
                    path,
                    number,
                    1,
                    "values are nested too deeply to read",
                    "a record's values are text, lists and objects a few levels deep",
                )
            )
            continue
        except ValueError as err:
            problems.append(
                Problem(
                    path,
                    number,
                    1,
                    f"not a JSON object: {err}",
                    "write numbers as digits; NaN and Infinity are not JSON",
                )
            )
            continue
        if not isinstance(value, dict):
            problems.append(
                Problem(
                    path,
                    number,
                    1,
                    "not a JSON object",
                    'each line holds one JSON object such as {"id": …}',
                )
            )
            continue
        parsed.records.append(value)
        parsed.line_numbers.append(number)
    # The text of each record's line is needed only to point at a field in a problem.
    parsed.locate = functools.partial(_locate, data)
    return parsed


def _locate(data: bytes, parsed: Parsed) -> None:
    lines = data.decode("utf-8").removeprefix("\ufeff").split("\n")
    parsed.lines = [lines[number - 1] for number in parsed.line_numbers or ()]
