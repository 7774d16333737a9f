"""A fast reader for the plain block subset of YAML that dataset files are written in.

Reading a 10,000-event file through PyYAML's composer builds a node, and calls the resolver,
for every key and value; most of a cold load went there. Most dataset files, written by hand
or by ``yaml.dump``, use only a small subset of YAML: block mappings and sequences, keys that
are plain names, values on one line (plain, single- or double-quoted without escapes),
``[]``/``{}``, comments and blank lines. This module reads exactly that subset, line by line,
and *declines* (returns None) at the first thing outside it, so that the strict reader in
:mod:`dprkgraph.load_yaml` reads the file instead and reports any problem with its place.

What it accepts, it reads as the strict reader does (a test compares the two on generated
files): every value is the text written, except the plain spellings of null, which are None.
Every rule of the strict reader is kept by declining: a key given twice, an anchor (``&``),
an alias (``*``) or a tag (``!``) at the start of a value, a tab, a byte-order mark, a
control character or a line break other than ``\\n``, nesting deeper than
:data:`MAX_DEPTH`, a value continued on the next line, a flow collection, a block scalar.
It keeps no positions: a problem found later is located by reading the file again strictly.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_DEPTH", "read_block"]

#: Records are a few levels deep; a file nested deeper is left to the strict reader.
MAX_DEPTH = 64

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# Only spaces, "\n" and printable characters; the rest (tabs, CR, NEL, U+2028/9, BOM,
# control characters) have rules of their own that the strict reader applies.
_UNSAFE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# indent, "-" (a sequence item), "name:" (a key), and the rest of the line
_LINES = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)", re.MULTILINE)
# A plain value may not start with an indicator: those begin other kinds of node.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*| *)')
_EMPTY = re.compile(r"(\[\]|\{\})(?: +#.*| *)")


class _Decline(Exception):
    """The text is outside the subset read here."""


def _value(text: str) -> Any:
    """A one-line value: text, None for a plain null, or an empty list or mapping."""
    first = text[0]
    if first == "'":
        m = _SINGLE.fullmatch(text)
        if m is None:
            raise _Decline
        return m[1].replace("''", "'")
    if first == '"':
        m = _DOUBLE.fullmatch(text)
        if m is None:
            raise _Decline
        return m[1]
    if first in "[{":
        m = _EMPTY.fullmatch(text)
        if m is None:
            raise _Decline
        return [] if m[1] == "[]" else {}
    if first in _INDICATORS:
        raise _Decline
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut]
    text = text.rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _Decline
    return None if text in _NULLS else text


def read_block(text: str) -> dict[str, Any] | None:
    """The mapping a YAML document in the block subset holds, or None if it is outside it.

    Examples
    --------
    >>> read_block("events:\\n- id: a\\n  cameo: '042'\\n  note: ~\\n")
    {'events': [{'id': 'a', 'cameo': '042', 'note': None}]}
    >>> read_block("events: [a, b]\\n") is None  # a flow sequence: for the strict reader
    True
    """
    if _UNSAFE.search(text):
        return None
    try:
        return _read(text)
    except _Decline:
        return None


def _read(text: str) -> dict[str, Any] | None:
    root: dict[str, Any] | None = None
    # The open collections, outermost first, with the column their entries start at; the
    # innermost is also kept as (at, top).
    stack: list[tuple[int, Any]] = []
    at, top = -1, None
    # A key or item written with no value yet: the next line decides what it holds.
    pending: tuple[Any, Any, int, bool] | None = None
    new: Any
    for indent, dash, key, rest in _LINES.findall(text):
        if not rest or rest[0] == "#":
            if not dash and not key:
                continue  # blank or comment
            rest = ""
        elif not dash and not key:
            raise _Decline  # a bare value: a continued line or a scalar document
        n = len(indent)
        if pending is not None:
            holder, slot, since, after_key = pending
            pending = None
            # A key's sequence may start at the key's own column ("indentless").
            if dash and (n > since or (n == since and after_key)):
                holder[slot] = new = []
                stack.append((n, new))
            elif n > since:
                if dash or not key:
                    raise _Decline
                holder[slot] = new = {}
                stack.append((n, new))
            if len(stack) > MAX_DEPTH:
                raise _Decline
            at, top = stack[-1]
        if at != n or (not dash and type(top) is list):
            while stack and (
                stack[-1][0] > n or (stack[-1][0] == n and not dash and type(stack[-1][1]) is list)
            ):
                stack.pop()
            if not stack:
                if root is not None or n or dash:
                    raise _Decline
                root = {}
                stack.append((0, root))
            at, top = stack[-1]
            if at != n:
                raise _Decline
        if dash:
            if type(top) is not list:
                raise _Decline
            if not key:
                if rest:
                    top.append(_value(rest))
                else:
                    top.append(None)
                    pending = (top, len(top) - 1, n, False)
                continue
            item: dict[str, Any] = {}
            top.append(item)
            stack.append((n + len(dash), item))
            if len(stack) > MAX_DEPTH:
                raise _Decline
            at, top = stack[-1]
        if type(top) is not dict or key in top:
            raise _Decline
        if not rest:
            top[key] = None
            pending = (top, key, at, True)
        elif (
            rest[0] not in _INDICATORS
            and rest[-1] not in " :"
            and ":" not in rest
            and "#" not in rest
        ):
            # the usual case, read here rather than in _value(): a plain value with no
            # colon, no "#" and no trailing space
            top[key] = None if rest in _NULLS else rest
        else:
            top[key] = _value(rest)
    return root
