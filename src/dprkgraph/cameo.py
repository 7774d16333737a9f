"""CAMEO event codes: Goldstein scores and QuadClass, looked up in shipped tables.

The tables live in ``dprkgraph/vocab/cameo.tsv`` and ``quadclass.tsv``. QuadClass is looked
up by a code's root (its first two digits) in the second table rather than computed from
digit ranges, so a change of convention is a change of data, not of code.

Examples
--------
>>> goldstein("0841"), quad_class("0841"), QUAD_CLASS_NAMES[quad_class("0841")]
(7.0, 2, 'material cooperation')
>>> goldstein("163")
-8.0
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["QUAD_CLASS_NAMES", "CameoCode", "codes", "goldstein", "lookup", "quad_class"]

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
    """The table row for ``code``; ``KeyError`` if the table does not have it."""
    return codes()[code]


def goldstein(code: str) -> float:
    """Goldstein score of a CAMEO code, from −10 (most conflictual) to +10."""
    return lookup(code).goldstein


def quad_class(code: str) -> int:
    """QuadClass (1–4) of a CAMEO code; see :data:`QUAD_CLASS_NAMES`."""
    return lookup(code).quad_class
