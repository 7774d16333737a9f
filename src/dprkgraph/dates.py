"""Imprecise dates, written as EDTF (ISO 8601-2) strings and compared honestly.

Supported forms: ``2010-08-30`` (a day), ``2009-04`` (a month), ``2010`` (a year), each
optionally qualified as approximate (``~``), uncertain (``?``) or both (``%``), and closed
intervals of those (``2010-08-25/2010-08-27``), wrapped in one small immutable type.

This subset is parsed here with one regular expression and the calendar module rather than
with the ``edtf`` package's grammar, which takes about 4 ms a date and dominated the loading of
large datasets; the test suite checks every result against ``edtf`` as the reference.

``earliest`` and ``latest`` are the first and last day the date could be. A qualified end
(approximate or uncertain) is widened by one unit of its precision on its side: a
``2010-03-26~`` event could be on the 25th or 27th, and claiming otherwise would overstate
what the source says.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from dprkgraph.errors import DateError

__all__ = ["Order", "Precision", "ImpreciseDate", "compare", "parse_date"]

Precision = Literal["day", "month", "year"]
Order = Literal["before", "after", "same", "overlaps"]

_RANK: dict[str, int] = {"day": 0, "month": 1, "year": 2}
_FORMS = (
    "use YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ (approximate), ? (uncertain) "
    "or % (both), or an interval START/END of those"
)
# ASCII digits only: ``\d`` would also take "２０１０" or "٢٠١٠", which no RDF date type allows.
_ENDPOINT = re.compile(r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?(?P<q>[~?%])?")


@dataclass(frozen=True)
class ImpreciseDate:
    """A date known to a day, a month or a year, possibly qualified, possibly an interval.

    Examples
    --------
    >>> d = parse_date("2009-04")
    >>> d
    ImpreciseDate('2009-04')
    >>> print(d)
    2009-04
    >>> d.precision, d.earliest.isoformat(), d.latest.isoformat()
    ('month', '2009-04-01', '2009-04-30')
    >>> d.possibly_within(date(2009, 4, 10), date(2009, 4, 20))
    True
    >>> d.definitely_within(date(2009, 4, 10), date(2009, 4, 20))
    False
    """

    text: str
    precision: Precision
    earliest: date
    latest: date
    approximate: bool = False
    uncertain: bool = False
    interval: bool = field(default=False)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"ImpreciseDate({self.text!r})"

    @property
    def sort_key(self) -> tuple[date, date]:
        """Key for a stable chronological sort: earliest day, then latest day."""
        return (self.earliest, self.latest)

    @property
    def exact(self) -> bool:
        """True when the date is one known day with no qualifier."""
        return self.earliest == self.latest and not (self.approximate or self.uncertain)

    def definitely_within(self, start: date | None, end: date | None) -> bool:
        """True when every day the date could be lies in ``start … end`` (inclusive)."""
        return (start is None or self.earliest >= start) and (end is None or self.latest <= end)

    def possibly_within(self, start: date | None, end: date | None) -> bool:
        """True when at least one day the date could be lies in ``start … end`` (inclusive)."""
        return (start is None or self.latest >= start) and (end is None or self.earliest <= end)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _coerce,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
            json_schema_input_schema=core_schema.str_schema(),
        )


def _coerce(value: object) -> ImpreciseDate:
    if isinstance(value, ImpreciseDate):
        # Re-read the text, so a hand-built instance is held to the same rules as a string.
        return parse_date(value.text)
    if isinstance(value, date):
        return parse_date(value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_date(str(value))
    if isinstance(value, str):
        return parse_date(value)
    msg = f"expected an EDTF date string, got {type(value).__name__}; {_FORMS}"
    raise ValueError(msg)


def _endpoint(text: str, whole: str) -> tuple[Precision, date, date, bool, bool]:
    """Precision, first and last day, and (approximate, uncertain) of one EDTF endpoint."""
    m = _ENDPOINT.fullmatch(text)
    if m is None:
        if text in {"", ".."}:
            raise DateError(whole, "open or unknown interval ends are not supported; give a date")
        if any(c.isdigit() and not c.isascii() for c in text):
            plain = "".join(str(unicodedata.digit(c, c)) if c.isdigit() else c for c in whole)
            raise DateError(whole, f"write the digits as ASCII 0-9: {plain!r}")
        raise DateError(whole, _FORMS)
    year = int(m["y"])
    if year == 0:
        raise DateError(whole, "year 0000 is not supported")
    qualifier = m["q"] or ""
    approximate, uncertain = qualifier in "~%" and bool(qualifier), qualifier in "?%" and bool(qualifier)
    if m["m"] is None:
        return "year", date(year, 1, 1), date(year, 12, 31), approximate, uncertain
    month = int(m["m"])
    if not 1 <= month <= 12:
        raise DateError(whole, f"there is no month {m['m']}")
    last = calendar.monthrange(year, month)[1]
    if m["d"] is None:
        return "month", date(year, month, 1), date(year, month, last), approximate, uncertain
    day = int(m["d"])
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise DateError(whole, f"{name} {year} has no day {m['d']} (it has {last} days)")
    return "day", date(year, month, day), date(year, month, day), approximate, uncertain


def _widen(d: date, precision: Precision, sign: int) -> date:
    try:
        if precision == "day":
            return d + timedelta(days=sign)
        if precision == "month":
            year, month = divmod(d.month - 1 + sign, 12)
            year, month = year + d.year, month + 1
            return date(year, month, 1 if sign < 0 else calendar.monthrange(year, month)[1])
        return date(d.year + sign, 1, 1) if sign < 0 else date(d.year + sign, 12, 31)
    except (OverflowError, ValueError):
        return d  # at the edge of the calendar there is nothing further to widen into


@lru_cache(maxsize=65536)
def parse_date(text: str) -> ImpreciseDate:
    """Parse an EDTF string into an :class:`ImpreciseDate`.

    Only the EDTF forms listed in the module docstring are accepted; anything else is an
    error rather than a guess. Results are cached: a dataset repeats the same few thousand
    dates many times, and the type is immutable.

    Raises
    ------
    DateError
        If the text is not a supported EDTF form, names a day that does not exist, or is an
        interval that ends before it starts.

    Examples
    --------
    >>> parse_date("2010-03-26~").approximate
    True
    >>> parse_date("2010-08-25/2010-08-27").latest
    datetime.date(2010, 8, 27)
    >>> parse_date("2010-02-30")
    Traceback (most recent call last):
    ...
    dprkgraph.errors.DateError: invalid date '2010-02-30': February 2010 has no day 30 (it has 28 days)
    """
    if not isinstance(text, str):
        raise DateError(repr(text), f"expected text; {_FORMS}")
    text = text.strip()
    if not text:
        raise DateError(text, f"the date is empty; {_FORMS}")
    parts = text.split("/")
    if len(parts) > 2:
        raise DateError(text, _FORMS)
    ends = [_endpoint(part, text) for part in parts]
    (p_lo, lo_first, _, a_lo, u_lo), (p_hi, _, hi_last, a_hi, u_hi) = ends[0], ends[-1]
    if hi_last < lo_first:
        raise DateError(text, "the interval ends before it starts")
    earliest = _widen(lo_first, p_lo, -1) if a_lo or u_lo else lo_first
    latest = _widen(hi_last, p_hi, +1) if a_hi or u_hi else hi_last
    precision = max(p_lo, p_hi, key=_RANK.__getitem__)
    return ImpreciseDate(text, precision, earliest, latest, a_lo or a_hi, u_lo or u_hi,
                         interval=len(parts) == 2)


def compare(a: ImpreciseDate, b: ImpreciseDate) -> Order:
    """Say whether ``a`` is before, after, the same day as, or overlapping ``b``.

    ``"overlaps"`` means the order cannot be known from the dates: their possible ranges
    share at least one day.

    Examples
    --------
    >>> compare(parse_date("2010-03"), parse_date("2010-03-15"))
    'overlaps'
    >>> compare(parse_date("2009-04"), parse_date("2010-03-26"))
    'before'
    >>> compare(parse_date("2010-08-30"), parse_date("2010-08-30"))
    'same'
    """
    if a.latest < b.earliest:
        return "before"
    if a.earliest > b.latest:
        return "after"
    if a.exact and b.exact:
        return "same"
    return "overlaps"
