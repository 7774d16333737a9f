"""Imprecise dates, written as EDTF (ISO 8601-2) strings and compared honestly.

Supported forms (Levels 0 and 1 of the Extended Date/Time Format, and the sets of Level 2):

* ``2010-08-30`` (a day), ``2009-04`` (a month), ``2010`` (a year), and a day with a time,
  ``2010-08-30T10:00:00Z`` (the day counts for the bounds; the text keeps the time);
* each optionally qualified as approximate (``~``), uncertain (``?``) or both (``%``);
* unspecified digits: ``201X`` (some year 2010–2019), ``20XX``, ``2010-XX`` (some month of
  2010), ``2010-08-XX``, ``2010-XX-XX``;
* seasons ``2010-21`` … ``2010-24`` (spring, summer, autumn, winter: March–May, June–August,
  September–November, December–February of the next year);
* intervals ``START/END`` of those, where an end may be open (``..``: no bound on that side)
  or unknown (empty: ``/2010``, ``2010-08/``);
* sets: ``[a, b, c]`` (one of them), ``[..2010-08-30]`` (30 August 2010 or some earlier day),
  ``[2010-08..]``, ranges ``2010-08-25..2010-08-27`` as members, and ``{a, b}`` (all of them).

Years run from 0001 to 9999: a date is held as days of the proleptic Gregorian calendar
(Python's :class:`datetime.date`, which stops there), so negative years, year 0000 and the
``Y``-prefixed long years of Level 1 are refused with a message rather than stored wrongly.

This grammar is parsed here with regular expressions and the calendar module rather than with
the ``edtf`` package, which takes about 4 ms a date and dominated the loading of large
datasets; ``tests/test_edtf_conformance.py`` checks every result against the ``edtf``
package's own example table.

``earliest`` and ``latest`` are the first and last day the date could be; an open or unknown
end has no bound (``date.min`` or ``date.max``, with ``open_start``/``open_end`` set; a
widened date that would run past year 1 or 9999 stops there, with the flags unset). A
qualified end (approximate or uncertain) is widened on its side, by the *widening rule*:

``"unit"`` (the default)
    one unit of the end's precision: a ``2010-03-26~`` event could be on the 25th or 27th,
    ``2010-01?`` in December 2009 to February 2010, ``201X~`` in 2000–2029, a season by three
    months; ``%`` widens as much as ``~`` or ``?``. Unknown interval ends have no bound.
``"edtf"``
    the rule of the ``edtf`` package (5.x): one year, plus one month if the month is given,
    plus one day if the day is given, twice that for ``%`` (``2010-01?`` is December 2008 to
    February 2011); ``X`` years widen by their magnitude (``16XX~`` by a century); an unknown
    interval end lies ten years from the other end.

The rule is chosen per call (``parse_date(text, widening="edtf")``) or for everything parsed
inside ``with widening_rule("edtf"):`` — for example around the loading of one dataset. A
dataset states its own rule in the ``dataset.yaml`` beside its data files (``widening: edtf``;
see :mod:`dprkgraph.settings`, and ``dprkgraph init`` writes one with the default), which
:func:`dprkgraph.load` reads; ``load(…, widening=)`` or the ``--widening`` option overrides
it. Each date records the rule it was read by (``ImpreciseDate.widening``).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal, get_args

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from dprkgraph.errors import DateError

__all__ = [
    "SEASONS",
    "ImpreciseDate",
    "Order",
    "Precision",
    "Widening",
    "compare",
    "parse_date",
    "widening_rule",
]

Precision = Literal["day", "month", "year"]
Order = Literal["before", "after", "same", "overlaps"]
Widening = Literal["unit", "edtf"]
Kind = Literal["date", "interval", "one_of", "all_of"]

#: Seasons 21–24 as (first month, last month); winter runs into the next year.
SEASONS: dict[int, tuple[int, int]] = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}

_RANK: dict[str, int] = {"day": 0, "month": 1, "year": 2}
_FORMS = (
    "use YYYY, YYYY-MM or YYYY-MM-DD (X for unknown digits: 201X, 2010-XX; 21-24 for seasons; "
    "a time after T), optionally followed by ~ (approximate), ? (uncertain) or % (both), an "
    "interval START/END of those (.. for an open end, nothing for an unknown one), or a set "
    "[a, b] (one of) / {a, b} (all of)"
)
_YEARS = (
    "years 0001 to 9999 only: dates are held as days of the Gregorian calendar, which this "
    "tool does not extend before year 1 or past 9999"
)
# ASCII digits only: ``\d`` would also take full-width or Arabic-Indic digits, which no RDF
# date type allows.
_ENDPOINT = re.compile(
    r"(?P<y>[0-9]{4}|[0-9]{3}X|[0-9]{2}XX|[0-9]XXX)"
    r"(?:-(?P<m>[0-9]{2}|XX)(?:-(?P<d>[0-9]{2}|XX)"
    r"(?P<t>T(?P<hh>[0-9]{2}):(?P<mm>[0-9]{2}):(?P<ss>[0-9]{2})"
    r"(?:Z|[+-](?P<zh>[0-9]{2})(?::?(?P<zm>[0-9]{2}))?)?)?)?)?"
    r"(?P<q>[~?%])?"
)
_RULE: ContextVar[Widening] = ContextVar("dprkgraph_widening", default="unit")


@dataclass(frozen=True)
class ImpreciseDate:
    """A date known to a day, a month or a year, possibly qualified, an interval or a set.

    ``earliest``/``latest`` are the first and last day it could be (``date.min``/``date.max``
    for an open or unknown end, with ``open_start``/``open_end`` set); ``kind`` is ``"date"``,
    ``"interval"``, ``"one_of"`` (``[a, b]``: one day among the members) or ``"all_of"``
    (``{a, b}``: every member; ``interval`` is then True too); ``start_latest`` and
    ``end_earliest`` are, for an interval or an "all of" set, the last day it can start on and
    the first day it can end on; ``members`` are a "one of" set's members, each as its first
    and last possible day (``earliest``/``latest`` are then the outer bounds, and the days
    between members are not possible); ``widening`` names the rule that widened its
    qualified ends.
    Seasons count as month precision and ``X`` years (``201X``) as year precision.

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
    >>> parse_date("[..2010-08-30]").open_start
    True
    """

    text: str
    precision: Precision
    earliest: date
    latest: date
    approximate: bool = False
    uncertain: bool = False
    interval: bool = field(default=False)
    kind: Kind = "date"
    open_start: bool = False
    open_end: bool = False
    start_latest: date | None = None
    end_earliest: date | None = None
    widening: Widening = "unit"
    known: tuple[date, date] | None = None
    members: tuple[tuple[date, date], ...] = ()
    """For a "one of" set, each member's first and last possible day, in the order written
    (a range member ``a..b`` is one member); empty for every other kind."""

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

    @property
    def frame(self) -> tuple[date, date]:
        """The first and last day a chart should make room for: the bounds, or for an open or
        unknown end the nearest day the date does name (``[..2010-08-30]``: 30 August 2010).

        >>> [d.isoformat() for d in parse_date("2010-08/..").frame]
        ['2010-08-01', '2010-08-31']
        """
        return self.known if self.known is not None else (self.earliest, self.latest)

    @property
    def bounded(self) -> bool:
        """True when both ends have a bound (no open or unknown end)."""
        return not (self.open_start or self.open_end)

    def definitely_within(self, start: date | None, end: date | None) -> bool:
        """True when every day the date could be lies in ``start … end`` (inclusive); for a
        "one of" set, when every member does."""
        return (start is None or self.earliest >= start) and (end is None or self.latest <= end)

    def possibly_within(self, start: date | None, end: date | None) -> bool:
        """True when at least one day the date could be lies in ``start … end`` (inclusive).

        A "one of" set could be a day of any member, never a day between them:

        >>> d = parse_date("[2010-08-25, 2010-10]")
        >>> d.possibly_within(date(2010, 9, 1), date(2010, 9, 30))
        False
        >>> d.possibly_within(date(2010, 9, 1), date(2010, 10, 1))
        True
        """
        if self.members:
            return any(
                (start is None or hi >= start) and (end is None or lo <= end)
                for lo, hi in self.members
            )
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


@contextmanager
def widening_rule(rule: Widening) -> Iterator[None]:
    """Parse every date inside the ``with`` block by the widening ``rule``.

    Examples
    --------
    >>> with widening_rule("edtf"):
    ...     parse_date("2010-01?").earliest
    datetime.date(2008, 12, 1)
    >>> parse_date("2010-01?").earliest
    datetime.date(2009, 12, 1)
    """
    token = _RULE.set(_check_rule(rule))
    try:
        yield
    finally:
        _RULE.reset(token)


def _check_rule(rule: object) -> Widening:
    if rule not in get_args(Widening):
        raise DateError(str(rule), "unknown widening rule; use 'unit' or 'edtf'")
    return rule  # type: ignore[return-value]


def _coerce(value: object) -> ImpreciseDate:
    if isinstance(value, ImpreciseDate):
        # Re-read the text, so a hand-built instance is held to the same rules as a string.
        return parse_date(value.text, widening=value.widening)
    if isinstance(value, date):
        return parse_date(value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_date(str(value))
    if isinstance(value, str):
        return parse_date(value)
    msg = f"expected an EDTF date string, got {type(value).__name__}; {_FORMS}"
    raise ValueError(msg)


@dataclass(frozen=True)
class _End:
    """One parsed endpoint: its days before widening, precision and qualifiers."""

    precision: Precision
    first: date
    last: date
    approximate: bool
    uncertain: bool
    unit: tuple[int, int, int]  # (years, months, days) of one unit of its precision
    fields: tuple[bool, bool]  # month given, day given (for the edtf rule)


def _refuse_unsupported(text: str, whole: str) -> None:
    if any(c.isdigit() and not c.isascii() for c in text):
        plain = "".join(str(unicodedata.digit(c, c)) if c.isdigit() else c for c in whole)
        raise DateError(whole, f"write the digits as ASCII 0-9: {plain!r}")
    if re.fullmatch(r"-[0-9X]{4}.*|Y-?[0-9E]+.*|[0-9]{5,}.*", text):
        raise DateError(whole, _YEARS)
    if re.fullmatch(r"[0-9X]{4}S[0-9]+.*", text):
        raise DateError(
            whole,
            "significant digits (S, EDTF level 2) are not supported; "
            "write the range, e.g. 1950/1959 or 195X",
        )
    if re.fullmatch(r"[~?%]?[0-9X]{4}[~?%]?-[~?%]?[0-9X]{2}[~?%]?(-[~?%]?[0-9X]{2}[~?%]?)?", text):
        raise DateError(
            whole,
            "qualifying or leaving unspecified a single part of a date "
            "(EDTF level 2) is not supported; qualify the whole date, e.g. "
            "2004-06-11~, or use X only from the right, e.g. 2004-XX-XX",
        )
    raise DateError(whole, _FORMS)


def _endpoint(text: str, whole: str) -> _End:
    """Precision, first and last day, and qualifiers of one EDTF endpoint."""
    m = _ENDPOINT.fullmatch(text)
    if m is None:
        _refuse_unsupported(text, whole)
        raise AssertionError  # pragma: no cover - _refuse_unsupported always raises
    ytext, mtext, dtext = m["y"], m["m"], m["d"]
    qualifier = m["q"] or ""
    approximate, uncertain = qualifier in {"~", "%"}, qualifier in {"?", "%"}
    if m["t"] is not None:
        if qualifier or "X" in text:
            raise DateError(
                whole, "a date with a time must be a plain day, e.g. 2010-08-30T10:00:00Z"
            )
        h, mi, s = int(m["hh"]), int(m["mm"]), int(m["ss"])
        if h > 23 or mi > 59 or s > 59 or int(m["zh"] or 0) > 14 or int(m["zm"] or 0) > 59:
            raise DateError(whole, f"there is no time {m['t'][1:]}")
    if "X" in ytext:
        if mtext is not None:
            raise DateError(
                whole,
                "a year with X digits is written alone (201X, 20XX); "
                "unspecified digits followed by a month are EDTF level 2",
            )
        digits = ytext.rstrip("X")
        span = 10 ** (4 - len(digits))
        lo = max(int(digits) * span, 1)
        return _End(
            "year",
            date(lo, 1, 1),
            date(int(digits) * span + span - 1, 12, 31),
            approximate,
            uncertain,
            (span, 0, 0),
            (False, False),
        )
    year = int(ytext)
    if year == 0:
        raise DateError(whole, "year 0000 (1 BCE) is outside the supported range: " + _YEARS)
    if mtext is None:
        return _End(
            "year",
            date(year, 1, 1),
            date(year, 12, 31),
            approximate,
            uncertain,
            (1, 0, 0),
            (False, False),
        )
    if mtext == "XX":
        if dtext not in (None, "XX"):
            raise DateError(
                whole,
                "a known day in an unspecified month is EDTF level 2; "
                "write 2010-XX-XX or give the month",
            )
        return _End(
            "year" if dtext is None else "day",
            date(year, 1, 1),
            date(year, 12, 31),
            approximate,
            uncertain,
            (1, 0, 0),
            (True, dtext is not None),
        )
    month = int(mtext)
    if month in SEASONS and dtext is None:
        first_month, last_month = SEASONS[month]
        ly, lm = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
        if ly > 9999:
            raise DateError(whole, "winter 9999 runs past " + _YEARS)
        return _End(
            "month",
            date(year, first_month, 1),
            date(ly, lm, calendar.monthrange(ly, lm)[1]),
            approximate,
            uncertain,
            (0, 3, 0),
            (True, False),
        )
    if not 1 <= month <= 12:
        extra = (
            " (seasons 25-41, by hemisphere, quarter or half, are EDTF level 2 and not supported)"
            if 25 <= month <= 41 and dtext is None
            else ""
        )
        raise DateError(whole, f"there is no month {mtext} (01-12, or 21-24 for a season)" + extra)
    last = calendar.monthrange(year, month)[1]
    if dtext is None:
        return _End(
            "month",
            date(year, month, 1),
            date(year, month, last),
            approximate,
            uncertain,
            (0, 1, 0),
            (True, False),
        )
    if dtext == "XX":
        return _End(
            "day",
            date(year, month, 1),
            date(year, month, last),
            approximate,
            uncertain,
            (0, 1, 0),
            (True, True),
        )
    day = int(dtext)
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise DateError(whole, f"{name} {year} has no day {dtext} (it has {last} days)")
    return _End(
        "day",
        date(year, month, day),
        date(year, month, day),
        approximate,
        uncertain,
        (0, 0, 1),
        (True, True),
    )


def _shift(d: date, years: int, months: int, days: int, *, end_of_month: bool) -> date:
    """``d`` moved by years, then months (keeping the day where the month has it, or taking
    the month's last day when ``end_of_month``), then days; clamped to the calendar's edge."""
    try:
        y, m = divmod(d.month - 1 + months, 12)
        y, m = d.year + years + y, m + 1
        if not 1 <= y <= 9999:
            return date.min if years + months + days < 0 else date.max
        length = calendar.monthrange(y, m)[1]
        moved = date(y, m, length if end_of_month else min(d.day, length))
        return moved + timedelta(days=days)
    except OverflowError:
        return date.min if years + months + days < 0 else date.max


def _widened(end: _End, rule: Widening, sign: int) -> date:
    """The end's first (``sign`` -1) or last (+1) day, widened when it is qualified."""
    d = end.first if sign < 0 else end.last
    if not (end.approximate or end.uncertain):
        return d
    if rule == "unit":
        years, months, days = end.unit
        return _shift(
            d, sign * years, sign * months, sign * days, end_of_month=sign > 0 and days == 0
        )
    factor = 2 if end.approximate and end.uncertain else 1
    month_given, day_given = end.fields
    years = max(1, end.unit[0])  # X years widen by their magnitude
    # relativedelta arithmetic, as edtf does it: years and months first, then days
    return _shift(
        d,
        sign * factor * years,
        sign * factor * int(month_given),
        sign * factor * int(day_given),
        end_of_month=False,
    )


def parse_date(text: str, *, widening: Widening | None = None) -> ImpreciseDate:
    """Parse an EDTF string into an :class:`ImpreciseDate`.

    Only the EDTF forms listed in the module docstring are accepted; anything else is an
    error rather than a guess. ``widening`` names the rule for approximate and uncertain
    ends (``"unit"`` or ``"edtf"``; default: the one set by :func:`widening_rule`, else
    ``"unit"``). Results are cached: a dataset repeats the same few thousand dates many
    times, and the type is immutable.

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
    >>> parse_date("201X").latest
    datetime.date(2019, 12, 31)
    >>> parse_date("2010-02-30")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    dprkgraph.errors.DateError: invalid date '2010-02-30': February 2010 has no day 30
    (it has 28 days)
    """
    rule = _RULE.get() if widening is None else _check_rule(widening)
    if not isinstance(text, str):
        raise DateError(repr(text), f"expected text; {_FORMS}")
    return _parse(text, rule)


@lru_cache(maxsize=65536)
def _parse(text: str, rule: Widening) -> ImpreciseDate:
    text = text.strip()
    if not text:
        raise DateError(text, f"the date is empty; {_FORMS}")
    if text[0] in "[{":
        return _parse_set(text, rule)
    parts = text.split("/")
    if len(parts) > 2:
        raise DateError(text, _FORMS)
    if len(parts) == 1:
        if text == "..":
            raise DateError(
                text, "'..' stands for an open end of an interval or set, not a date; " + _FORMS
            )
        e = _endpoint(text, text)
        return ImpreciseDate(
            text,
            e.precision,
            _widened(e, rule, -1),
            _widened(e, rule, +1),
            e.approximate,
            e.uncertain,
            widening=rule,
        )
    head_text, tail_text = parts
    if head_text in {"", ".."} and tail_text in {"", ".."}:
        raise DateError(text, "an interval needs at least one known end")
    head = None if head_text in {"", ".."} else _endpoint(head_text, text)
    tail = None if tail_text in {"", ".."} else _endpoint(tail_text, text)
    if head is not None and tail is not None and tail.last < head.first:
        raise DateError(text, "the interval ends before it starts")
    if head is not None:
        earliest, start_latest = _widened(head, rule, -1), _widened(head, rule, +1)
    elif head_text == "" and rule == "edtf" and tail is not None:
        earliest = start_latest = _shift(tail.last, -10, 0, 0, end_of_month=False)
    else:
        earliest, start_latest = date.min, date.max
    if tail is not None:
        latest, end_earliest = _widened(tail, rule, +1), _widened(tail, rule, -1)
    elif tail_text == "" and rule == "edtf" and head is not None:
        latest = end_earliest = _shift(head.first, 10, 0, 0, end_of_month=False)
    else:
        latest, end_earliest = date.max, date.min
    ends = [e for e in (head, tail) if e is not None]
    precision = max((e.precision for e in ends), key=_RANK.__getitem__)
    return ImpreciseDate(
        text,
        precision,
        earliest,
        latest,
        any(e.approximate for e in ends),
        any(e.uncertain for e in ends),
        interval=True,
        kind="interval",
        open_start=head is None and not (head_text == "" and rule == "edtf"),
        open_end=tail is None and not (tail_text == "" and rule == "edtf"),
        start_latest=min(start_latest, latest),
        end_earliest=max(end_earliest, earliest),
        widening=rule,
        known=_known([earliest, latest, start_latest, end_earliest]),
    )


def _parse_set(text: str, rule: Widening) -> ImpreciseDate:
    """``[a, b..c]`` (one of) or ``{a, b..c}`` (all of), EDTF level 2."""
    closing = {"[": "]", "{": "}"}[text[0]]
    if text[-1] != closing or len(text) < 3:
        raise DateError(text, f"a set opened with {text[0]} must close with {closing}")
    members = [m.strip() for m in text[1:-1].split(",")]
    # (earliest, latest, latest day of its first value, earliest day of its last value)
    bounds: list[tuple[date, date, date, date]] = []
    ends: list[_End] = []
    for i, member in enumerate(members):
        if not member:
            raise DateError(text, "a set has an empty member; separate dates with one comma")
        lo_text, dots, hi_text = member.partition("..")
        if not dots:
            e = _endpoint(member, text)
            ends.append(e)
            lo, hi = _widened(e, rule, -1), _widened(e, rule, +1)
            bounds.append((lo, hi, hi, lo))
            continue
        if (not lo_text and i != 0) or (not hi_text and i != len(members) - 1):
            raise DateError(
                text,
                "only the first member of a set may start with '..' and "
                "only the last may end with it",
            )
        if not lo_text and not hi_text:
            raise DateError(text, "'..' needs a date on at least one side")
        a = _endpoint(lo_text, text) if lo_text else None
        b = _endpoint(hi_text, text) if hi_text else None
        if a is not None and b is not None and b.last < a.first:
            raise DateError(text, f"the range {member} ends before it starts")
        ends += [e for e in (a, b) if e is not None]
        lo = _widened(a, rule, -1) if a else date.min
        hi = _widened(b, rule, +1) if b else date.max
        # A range cannot start after its last day nor end before its first, however its
        # ends are widened ("0001..0001-01", "0002..0002~").
        bounds.append(
            (
                lo,
                hi,
                min(_widened(a, rule, +1), hi) if a else date.min,
                max(_widened(b, rule, -1), lo) if b else date.max,
            )
        )
    earliest, latest = min(b[0] for b in bounds), max(b[1] for b in bounds)
    open_start, open_end = members[0].startswith(".."), members[-1].endswith("..")
    precision = max((e.precision for e in ends), key=_RANK.__getitem__)
    every = closing == "}"
    return ImpreciseDate(
        text,
        precision,
        earliest,
        latest,
        any(e.approximate for e in ends),
        any(e.uncertain for e in ends),
        interval=every,
        kind="all_of" if every else "one_of",
        open_start=open_start,
        open_end=open_end,
        start_latest=min(b[2] for b in bounds) if every else None,
        end_earliest=max(b[3] for b in bounds) if every else None,
        widening=rule,
        known=_known([day for b in bounds for day in b]),
        members=() if every else tuple((b[0], b[1]) for b in bounds),
    )


def _known(days: list[date]) -> tuple[date, date] | None:
    """The first and last of ``days`` that are not the open-end sentinels."""
    named = [d for d in days if date.min < d < date.max]
    return (min(named), max(named)) if named else None


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
