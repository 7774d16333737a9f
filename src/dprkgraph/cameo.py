"""CAMEO event codes: Goldstein scores, QuadClass and PLOVER categories, from shipped tables.

The tables live in ``dprkgraph/vocab/``: ``cameo.tsv`` (every code GDELT scores, with its
Goldstein weight and label), ``quadclass.tsv`` (QuadClass by root) and ``plover.tsv`` (the
PLOVER project's CAMEO crosswalk). Each file's header names its origin. QuadClass is looked up
by a code's root (its first two digits) in the second table rather than computed from digit
ranges, so a change of convention is a change of data, not of code.

Examples
--------
>>> goldstein("0841"), quad_class("0841"), QUAD_CLASS_NAMES[quad_class("0841")]
(7.0, 2, 'material cooperation')
>>> goldstein("163")
-8.0
>>> lookup("2042").label
'Detonate nuclear weapons'
>>> plover("163")
PloverEvent(code='163', event='COERCE', mode='restrict', context=('diplomatic',))
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from dprkgraph.errors import UnknownIdError, suggest

__all__ = [
    "QUAD_CLASS_NAMES",
    "CameoCode",
    "PloverEvent",
    "codes",
    "crosswalk",
    "goldstein",
    "lookup",
    "plover",
    "quad_class",
]

QUAD_CLASS_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True)
class CameoCode:
    """One row of the CAMEO table."""

    code: str
    goldstein: float
    quad_class: int
    label: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("dprkgraph").joinpath("vocab").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def codes() -> dict[str, CameoCode]:
    """Every code in the shipped table, keyed by its text."""
    quads = {row["root"]: int(row["quad_class"]) for row in _rows("quadclass.tsv")}
    return {
        row["code"]: CameoCode(
            row["code"], float(row["goldstein"]), quads[row["code"][:2]], row["label"]
        )
        for row in _rows("cameo.tsv")
    }


def lookup(code: str) -> CameoCode:
    """The table row for ``code``.

    Raises
    ------
    UnknownIdError
        If the table does not have the code (a ``KeyError``); close codes are suggested.

    Examples
    --------
    >>> lookup("042")
    CameoCode(code='042', goldstein=1.9, quad_class=1, label='Make a visit')
    >>> lookup("42")
    Traceback (most recent call last):
    ...
    dprkgraph.errors.UnknownIdError: unknown CAMEO code '42' — did you mean '142' or '042'?
    """
    table = codes()
    if code in table:
        return table[code]
    raise UnknownIdError(code, "CAMEO code", suggest(code, {c: c for c in table}))


def goldstein(code: str) -> float:
    """Goldstein score of a CAMEO code, from −10 (most conflictual) to +10.

    >>> goldstein("057")
    8.0
    """
    return lookup(code).goldstein


def quad_class(code: str) -> int:
    """QuadClass (1–4) of a CAMEO code; see :data:`QUAD_CLASS_NAMES`.

    >>> quad_class("190")
    4
    """
    return lookup(code).quad_class


@dataclass(frozen=True)
class PloverEvent:
    """Where PLOVER puts a CAMEO code: its event type, and the mode and context if any.

    ``event`` is a PLOVER event type in capitals (``"AGREE"``, ``"COERCE"`` …); ``mode`` is
    ``None`` where the crosswalk gives none; ``context`` may be empty.
    """

    code: str
    event: str
    mode: str | None
    context: tuple[str, ...]


@cache
def crosswalk() -> dict[str, PloverEvent]:
    """The PLOVER crosswalk, keyed by CAMEO code (codes PLOVER has no category for are absent).

    >>> len({p.event for p in crosswalk().values()})
    16
    """
    return {
        row["code"]: PloverEvent(
            row["code"],
            row["event"],
            row["mode"] or None,
            tuple(c for c in (row["context"] or "").split(";") if c),
        )
        for row in _rows("plover.tsv")
    }


def plover(code: str) -> PloverEvent | None:
    """The PLOVER event type, mode and context of a CAMEO code.

    Returns ``None`` for a CAMEO code PLOVER gives no category: public statements and
    appeals (roots 01 and 02, which PLOVER dropped) and the bare root 08, which PLOVER splits
    between CONCEDE and RETREAT.

    Raises
    ------
    UnknownIdError
        If ``code`` is neither in the CAMEO table nor in the crosswalk (a ``KeyError``).

    Examples
    --------
    >>> plover("042")
    PloverEvent(code='042', event='CONSULT', mode='visit', context=())
    >>> plover("0841").event, plover("085").event
    ('RETREAT', 'RETREAT')
    >>> plover("094").context
    ('military', 'legal')
    >>> plover("010") is None, plover("08") is None
    (True, True)
    """
    table = crosswalk()
    if code in table:
        return table[code]
    lookup(code)  # an unknown code is an error, a known one without a category is None
    return None
