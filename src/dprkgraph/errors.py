"""The exceptions dprkgraph raises, all under one root.

::

    DprkGraphError
     ├── LoadError (ValueError)           a dataset that cannot be loaded; .errors: every Problem
     ├── DateError (ValueError)           a string that is not a supported EDTF date
     ├── QueryError (ValueError)          a query option that makes no sense; .option and .value
     │    └── MissingBindingError         a query parameter given no value; .option
     ├── OutputError (OSError)            an output file that cannot be written; .path
     ├── EndpointError (ConnectionError)  a triple store that cannot be reached or says no; .url
     │    └── PushError                   a push that failed part-way; .written, .failed, .unsent
     ├── QueryTimeoutError (TimeoutError) a query stopped at its time limit; .seconds
     ├── StoreClosedError (ValueError)    a question put to a closed columnar store; .path
     └── UnknownIdError (KeyError)        an id not in the dataset; .id and .suggestions
          └── AmbiguousNameError          a name that fits several records; .candidates

Each class also inherits the builtin whose meaning it shares, so ``except ValueError`` in
calling code keeps working.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AmbiguousNameError",
    "DateError",
    "DprkGraphError",
    "EndpointError",
    "LoadError",
    "MissingBindingError",
    "OutputError",
    "Problem",
    "PushError",
    "QueryError",
    "QueryTimeoutError",
    "StoreClosedError",
    "UnknownIdError",
    "suggest",
]


class DprkGraphError(Exception):
    """Root of every error dprkgraph raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, located to a place in a file.

    ``line`` and ``column`` count from 1; they are 0 when the problem has no single place
    (a file that cannot be read at all).
    """

    path: Path
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else f"{self.path}"
        text = f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class LoadError(DprkGraphError, ValueError):
    """A dataset could not be loaded; ``errors`` holds every problem found, in file order."""

    def __init__(self, errors: list[Problem]) -> None:
        self.errors = sorted(errors, key=lambda p: (str(p.path), p.line, p.column))
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in the dataset"
        super().__init__("\n".join([head, *(str(p) for p in self.errors)]))


class DateError(DprkGraphError, ValueError):
    """A string is not an EDTF date of a form dprkgraph supports, or names no real day."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"invalid date {text!r}: {reason}")


class QueryError(DprkGraphError, ValueError):
    """A query option has a value that cannot be used; the message says which values can."""

    def __init__(self, option: str, value: object, expected: str) -> None:
        self.option = option
        self.value = value
        super().__init__(f"{option}={value!r} is not valid: {expected}")


class OutputError(DprkGraphError, OSError):
    """An output file could not be written; any previous file at ``path`` is left intact."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"cannot write {path}: {reason}")

    def __str__(self) -> str:
        return str(self.args[0])


class EndpointError(DprkGraphError, ConnectionError):
    """A SPARQL endpoint or graph store could not be reached, or refused a request."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(f"{url}: {reason}")

    def __str__(self) -> str:
        return str(self.args[0])


class StoreClosedError(DprkGraphError, ValueError):
    """A question was put to a columnar store after it was closed; open it again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"the store of {path} is closed; open it again with ColumnarStore.open({str(path)!r})"
        )


class UnknownIdError(DprkGraphError, KeyError):
    """An id names nothing in the dataset; ``suggestions`` holds close existing ids."""

    def __init__(self, id: str, kind: str = "id", suggestions: tuple[str, ...] = ()) -> None:
        self.id = id
        self.kind = kind
        self.suggestions = suggestions
        hint = (
            f" — did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        )
        super().__init__(f"unknown {kind} {id!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


def suggest(word: str, candidates: dict[str, str], *, limit: int = 2) -> tuple[str, ...]:
    """Ids close to ``word``: by spelling, or because ``word`` is one of their other names.

    ``candidates`` maps each lookup text (an id, a name or an alias, lower-cased) to the id it
    stands for.

    >>> suggest("nk", {"prk": "prk", "north korea": "prk", "nk": "prk", "kor": "kor"})
    ('prk',)
    >>> suggest("bosworht", {"bosworth": "bosworth", "carter": "carter"})
    ('bosworth',)
    """
    key = word.lower()
    found: list[str] = []
    if key in candidates:
        found.append(candidates[key])
    for match in difflib.get_close_matches(key, list(candidates), n=limit + 2, cutoff=0.6):
        if candidates[match] not in found:
            found.append(candidates[match])
    return tuple(found[:limit])


class MissingBindingError(QueryError):
    """A query declares a parameter that was given no value; ``option`` names it."""

    def __init__(self, option: str, expected: str) -> None:
        self.option = option
        self.value = None
        ValueError.__init__(self, f"the query needs a value for {option}: {expected}")


class PushError(EndpointError):
    """A push failed part-way: ``written`` lists the ``(graph, triples)`` already stored,
    ``failed`` the graph being sent when it failed, ``unsent`` the graphs not tried."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        written: tuple[tuple[str, int], ...] = (),
        failed: str = "",
        unsent: tuple[str, ...] = (),
    ) -> None:
        self.written = written
        self.failed = failed
        self.unsent = unsent
        super().__init__(url, reason, status)


class QueryTimeoutError(DprkGraphError, TimeoutError):
    """A query was stopped because it ran past its time limit of ``seconds``."""

    def __init__(self, seconds: float, hint: str) -> None:
        self.seconds = seconds
        super().__init__(f"the query was stopped after {seconds:g} s: {hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousNameError(UnknownIdError):
    """A name or fragment fits several records; ``candidates`` holds their ids and names."""

    def __init__(self, text: str, kind: str, candidates: tuple[tuple[str, str], ...]) -> None:
        listed = "; ".join(f"{id} ({name})" for id, name in candidates[:8])
        more = f"; and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        super().__init__(text, kind, tuple(id for id, _ in candidates))
        self.candidates = candidates
        self.args = (f"{kind} {text!r} is ambiguous: it could be {listed}{more} — give an id",)
