"""Imprecise dates, written as EDTF (ISO 8601-2) strings and compared honestly.

Supported forms: ``2010-08-30`` (a day), ``2009-04`` (a month), ``2010`` (a year), each
optionally qualified as approximate (``~``), uncertain (``?``) or both (``%``), and closed
intervals of those (``2010-08-25/2010-08-27``). Parsing and calendar arithmetic are done by
the ``edtf`` package; this module wraps its results in one small immutable type.

``earliest`` and ``latest`` are the first and last day the date could be. A qualified end
(approximate or uncertain) is widened by one unit of its precision on its side: a
``2010-03-26~`` event could be on the 25th or 27th, and claiming otherwise would overstate
what the source says.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import edtf
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
_ENDPOINT = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%])?$")


@dataclass(frozen=True)
class ImpreciseDate:
    """A date known to a day, a month or a year, possibly qualified, possibly an interval.

    Examples
    --------
    >>> d = parse_date("2009-04")
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
        return value
    if isinstance(value, date):
        return parse_date(value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_date(str(value))
    if isinstance(value, str):
        return parse_date(value)
    msg = f"expected an EDTF date string, got {type(value).__name__}; {_FORMS}"
    raise ValueError(msg)


def _check_endpoint(text: str, whole: str) -> None:
    """Explain calendar mistakes more precisely than the EDTF grammar can."""
    m = _ENDPOINT.match(text)
    if m is None:
        if text in {"", ".."}:
            raise DateError(whole, "open or unknown interval ends are not supported; give a date")
        raise DateError(whole, _FORMS)
    year, month, day = int(m["y"]), m["m"], m["d"]
    if month is not None and not 1 <= int(month) <= 12:
        raise DateError(whole, f"there is no month {month}")
    if month is not None and day is not None:
        last = calendar.monthrange(year, int(month))[1]
        if not 1 <= int(day) <= last:
            name = calendar.month_name[int(month)]
            raise DateError(whole, f"{name} {year} has no day {day} (it has {last} days)")


def _to_date(t: time.struct_time) -> date:
    return date(t.tm_year, t.tm_mon, t.tm_mday)


def _widen(d: date, precision: Precision, sign: int) -> date:
    if precision == "day":
        return d + timedelta(days=sign)
    if precision == "month":
        year, month = divmod(d.month - 1 + sign, 12)
        month += 1
        year += d.year
        day = d.day if sign < 0 else calendar.monthrange(year, month)[1]
        return date(year, month, 1 if sign < 0 else day)
    return date(d.year + sign, 1, 1) if sign < 0 else date(d.year + sign, 12, 31)


def _endpoint(obj: Any) -> tuple[Precision, bool, bool]:
    """Precision and (approximate, uncertain) flags of one parsed EDTF endpoint."""
    if isinstance(obj, edtf.UncertainOrApproximate):
        ua = obj.ua
        both = bool(ua and ua.is_uncertain_and_approximate)
        approximate = bool(ua and ua.is_approximate) or both
        uncertain = bool(ua and ua.is_uncertain) or both
        return _precision(obj.date), approximate, uncertain
    return _precision(obj), False, False


def _precision(obj: Any) -> Precision:
    if type(obj) is not edtf.Date:
        raise DateError(str(obj), f"unsupported EDTF form ({type(obj).__name__}); {_FORMS}")
    p = str(obj.precision)
    if p == "day":
        return "day"
    if p == "month":
        return "month"
    if p == "year":
        return "year"
    raise DateError(str(obj), f"unsupported precision {p!r}; {_FORMS}")


def parse_date(text: str) -> ImpreciseDate:
    """Parse an EDTF string into an :class:`ImpreciseDate`.

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
    parts = text.split("/")
    if len(parts) > 2:
        raise DateError(text, _FORMS)
    if not text:
        raise DateError(text, f"the date is empty; {_FORMS}")
    for part in parts:
        _check_endpoint(part, text)
    try:
        parsed = edtf.parse_edtf(text)
    except Exception as err:  # the edtf grammar raises several unrelated types
        raise DateError(text, _FORMS) from err
    if len(parts) == 2:
        lo, hi = parsed.lower, parsed.upper
        (p_lo, a_lo, u_lo), (p_hi, a_hi, u_hi) = _endpoint(lo), _endpoint(hi)
        earliest = _to_date(lo.lower_strict())
        latest = _to_date(hi.upper_strict())
        if a_lo or u_lo:
            earliest = _widen(earliest, p_lo, -1)
        if a_hi or u_hi:
            latest = _widen(latest, p_hi, +1)
        if _to_date(hi.upper_strict()) < _to_date(lo.lower_strict()):
            raise DateError(text, "the interval ends before it starts")
        precision = max(p_lo, p_hi, key=_RANK.__getitem__)
        return ImpreciseDate(
            text, precision, earliest, latest, a_lo or a_hi, u_lo or u_hi, interval=True
        )
    precision, approximate, uncertain = _endpoint(parsed)
    earliest = _to_date(parsed.lower_strict())
    latest = _to_date(parsed.upper_strict())
    if approximate or uncertain:
        earliest, latest = _widen(earliest, precision, -1), _widen(latest, precision, +1)
    return ImpreciseDate(text, precision, earliest, latest, approximate, uncertain)


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
