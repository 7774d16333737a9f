"""Allen's interval relations between imprecise dates, each answered with its certainty.

An event takes place on whole days. Its date says which days are possible: ``2010-08`` is one
day, somewhere in August 2010; ``2010-08-25/2010-08-27`` is three known days; an interval with
imprecise ends (``2010-08/2010-09``) starts on some day of August and ends on some day of
September; an open or unknown end (``2010-08/..``) has no bound on its side; a "one of" set
(``[2010-08-25, 2010-10]``) is one day of one of its members, never a day between them (25
August or a day of October: *no* for "possibly during September"), and an "all of" set
(``{2010-08, 2010-10}``) lasts from its first member to its last. Every way of choosing those
days that the date allows is a *realisation*.

Between two events (or an event and a window) Allen's thirteen relations — ``before``,
``meets``, ``overlaps``, ``starts``, ``during``, ``finishes``, ``equals`` and the inverses
``after``, ``met_by``, ``overlapped_by``, ``started_by``, ``contains``, ``finished_by`` — are
judged on the days, an event on one day being the interval from the start of that day to the
start of the next. Exactly one relation holds in each realisation, so for each relation the
answer is:

* ``"definitely"`` — it holds in every realisation;
* ``"possibly"`` — it holds in some realisations but not all;
* ``"no"`` — it holds in none.

Examples: an event dated ``2010-08`` is *possibly* ``before`` 30 August 2010 (it could be on
the 1st), possibly ``equals`` it, and possibly ``met_by`` it (on the 31st, the day right
after; ``after`` needs a day between, so it is ``"no"``); the grouped question :data:`AFTER`
(``after`` or ``met_by``) is answered ``"possibly"``. The same event is *definitely* within
August 2010: its day ``starts``, ``finishes`` or lies strictly ``during`` the month, so the
grouped question :data:`WITHIN` is answered ``"definitely"``. Two events known to the day are
related definitely. ``meets`` means the first ends the day before the second starts (29 and 30
August), with no day between.

The answers are exact, not estimated: each is a small system of difference constraints over
the start and end days, solved by looking for a negative cycle (the tests compare every answer
with a day-by-day enumeration of the realisations).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dprkgraph.dates import ImpreciseDate, parse_date
from dprkgraph.errors import QueryError

__all__ = [
    "AFTER",
    "BASE_RELATIONS",
    "BEFORE",
    "SAME_DAY",
    "WITHIN",
    "Certainty3",
    "Span",
    "TimeRelation",
    "holds",
    "relate",
    "span",
]

Certainty3 = Literal["definitely", "possibly", "no"]

#: Allen's thirteen relations, in the order of the module docstring.
BASE_RELATIONS: tuple[str, ...] = (
    "before",
    "meets",
    "overlaps",
    "starts",
    "during",
    "finishes",
    "equals",
    "after",
    "met_by",
    "overlapped_by",
    "started_by",
    "contains",
    "finished_by",
)

#: The first lies inside the second (it may share its first or last day): ``during=``.
WITHIN = frozenset({"starts", "during", "finishes", "equals"})
#: The first is over before the second begins: ``before=``.
BEFORE = frozenset({"before", "meets"})
#: The first begins after the second is over: ``after=``.
AFTER = frozenset({"after", "met_by"})
#: The two share at least one day: ``same_day_as=``.
SAME_DAY = frozenset(BASE_RELATIONS) - BEFORE - AFTER

# Endpoints are numbered: 0 a fixed origin, 1 a's start, 2 a's end, 3 b's start, 4 b's end.
# A start is the ordinal of the first day, an end the ordinal of the day after the last, so an
# event on one day runs from s to s + 1. Each atom (x, y, k) states x - y <= k.
_SA, _EA, _SB, _EB = 1, 2, 3, 4
Atom = tuple[int, int, int]


def _lt(x: int, y: int) -> list[Atom]:
    return [(x, y, -1)]


def _eq(x: int, y: int) -> list[Atom]:
    return [(x, y, 0), (y, x, 0)]


_DEFINITIONS: dict[str, list[Atom]] = {
    "before": _lt(_EA, _SB),
    "meets": _eq(_EA, _SB),
    "overlaps": _lt(_SA, _SB) + _lt(_SB, _EA) + _lt(_EA, _EB),
    "starts": _eq(_SA, _SB) + _lt(_EA, _EB),
    "during": _lt(_SB, _SA) + _lt(_EA, _EB),
    "finishes": _lt(_SB, _SA) + _eq(_EA, _EB),
    "equals": _eq(_SA, _SB) + _eq(_EA, _EB),
    "after": _lt(_EB, _SA),
    "met_by": _eq(_EB, _SA),
    "overlapped_by": _lt(_SB, _SA) + _lt(_SA, _EB) + _lt(_EB, _EA),
    "started_by": _eq(_SA, _SB) + _lt(_EB, _EA),
    "contains": _lt(_SA, _SB) + _lt(_EB, _EA),
    "finished_by": _lt(_SA, _SB) + _eq(_EA, _EB),
}


@dataclass(frozen=True)
class Span:
    """The possible start and end days of something that happened, as day ordinals.

    ``start_lo … start_hi`` are the possible first days and ``end_lo … end_hi`` the possible
    last days; ``point`` says it lasted one day (first and last day are the same unknown day).
    ``members`` holds, for a "one of" set, one span per member (the bounds above are then
    their hull); a relation holds in some realisation of the set when it holds in some
    realisation of one member.
    """

    start_lo: int
    start_hi: int
    end_lo: int
    end_hi: int
    point: bool
    text: str
    members: tuple[Span, ...] = ()

    def constraints(self, s: int, e: int) -> list[Atom]:
        """The span's bounds on endpoints ``s`` and ``e`` (half-open: ``e`` is the day after)."""
        atoms = [
            (s, 0, self.start_hi),
            (0, s, -self.start_lo),
            (e, 0, self.end_hi + 1),
            (0, e, -(self.end_lo + 1)),
        ]
        # One day: the end is the day after the start. Longer: it ends after it starts.
        return atoms + ([(e, s, 1), (s, e, -1)] if self.point else _lt(s, e))


SpanLike = ImpreciseDate | str | date | tuple[date | str, date | str] | Span


def span(value: SpanLike) -> Span:
    """The :class:`Span` of a date, an EDTF string, a day, or a ``(start, end)`` window.

    A window ``(start, end)`` covers every day from the first day of ``start`` to the last day
    of ``end`` (``("2010-08", "2010-09")`` is 1 August to 30 September), known exactly.

    Examples
    --------
    >>> s = span("2010-08")
    >>> s.point, date.fromordinal(s.start_lo), date.fromordinal(s.start_hi)
    (True, datetime.date(2010, 8, 1), datetime.date(2010, 8, 31))
    >>> span(("2010-08-25", "2010-08-27")).point
    False
    """
    if isinstance(value, Span):
        return value
    if isinstance(value, tuple):
        first, last = (_as_date(value[0]).earliest, _as_date(value[1]).latest)
        if last < first:
            raise QueryError("window", f"{value[0]}/{value[1]}", "the window ends before it starts")
        return Span(
            first.toordinal(),
            first.toordinal(),
            last.toordinal(),
            last.toordinal(),
            point=False,
            text=f"{value[0]}/{value[1]}",
        )
    d = _as_date(value)
    lo, hi = d.earliest.toordinal(), d.latest.toordinal()
    if not d.interval:
        # A day, or one day of one member of a set: each member is a day of its own range.
        members = tuple(
            Span(
                a.toordinal(), b.toordinal(), a.toordinal(), b.toordinal(), point=True, text=d.text
            )
            for a, b in d.members
        )
        return Span(
            lo, hi, lo, hi, point=True, text=d.text, members=members if len(members) > 1 else ()
        )
    # An interval or an "all of" set: it starts by the last possible day of its first end and
    # ends no sooner than the first possible day of its last; an open end has no bound.
    start_hi = d.start_latest.toordinal() if d.start_latest is not None else hi
    end_lo = d.end_earliest.toordinal() if d.end_earliest is not None else lo
    return Span(lo, min(start_hi, hi), max(end_lo, lo), hi, point=False, text=d.text)


def _as_date(value: ImpreciseDate | str | date) -> ImpreciseDate:
    if isinstance(value, ImpreciseDate):
        return value
    if isinstance(value, date):
        return parse_date(value.isoformat()[:10])
    try:
        return parse_date(value)
    except ValueError as err:
        raise QueryError("date", value, str(err)) from err


def _feasible(atoms: Iterable[Atom]) -> bool:
    """Whether integers satisfy every ``x - y <= k``: no negative cycle in the constraint
    graph (Floyd–Warshall over the five endpoints)."""
    inf = float("inf")
    dist = [[0.0 if i == j else inf for j in range(5)] for i in range(5)]
    for x, y, k in atoms:  # x - y <= k is an edge y -> x of weight k
        if k < dist[y][x]:
            dist[y][x] = k
    for m in range(5):
        row_m = dist[m]
        for i in range(5):
            d_im = dist[i][m]
            if d_im == inf:
                continue
            row_i = dist[i]
            for j in range(5):
                through = d_im + row_m[j]
                if through < row_i[j]:
                    row_i[j] = through
    return all(dist[i][i] >= 0 for i in range(5))


@dataclass(frozen=True)
class TimeRelation:
    """How ``a`` stands to ``b`` in time: for each of Allen's relations, ``"definitely"``,
    ``"possibly"`` or ``"no"``.

    Examples
    --------
    >>> r = relate("2010-08", "2010-08-30")
    >>> r["before"], r["meets"], r["equals"], r["met_by"], r["after"]
    ('possibly', 'possibly', 'possibly', 'possibly', 'no')
    >>> r.answer(AFTER), r.definite
    ('possibly', None)
    >>> relate("2010-08", ("2010-08-01", "2010-08-31")).answer(WITHIN)
    'definitely'
    >>> str(relate("2010-08-29", "2010-08-30"))
    '2010-08-29 meets 2010-08-30 (definitely)'
    """

    a: str
    b: str
    possible: frozenset[str]

    def __getitem__(self, relation: str) -> Certainty3:
        if relation not in _DEFINITIONS:
            raise QueryError("relation", relation, "one of " + ", ".join(BASE_RELATIONS))
        return self.answer({relation})

    def answer(self, relations: Iterable[str]) -> Certainty3:
        """The certainty that one of ``relations`` holds (for grouped questions such as
        :data:`WITHIN`)."""
        wanted = set(relations)
        if not self.possible & wanted:
            return "no"
        return "definitely" if self.possible <= wanted else "possibly"

    @property
    def definite(self) -> str | None:
        """The one relation that holds whatever the exact days, or None."""
        return next(iter(self.possible)) if len(self.possible) == 1 else None

    def as_dict(self) -> dict[str, Certainty3]:
        """Every relation with its answer, in Allen's order."""
        return {r: self[r] for r in BASE_RELATIONS}

    def __str__(self) -> str:
        if self.definite is not None:
            return f"{self.a} {self.definite} {self.b} (definitely)"
        ordered = [r for r in BASE_RELATIONS if r in self.possible]
        return f"{self.a} … {self.b}: possibly {', '.join(ordered)}"


def relate(a: SpanLike, b: SpanLike) -> TimeRelation:
    """Allen's relations between ``a`` and ``b``, each with its certainty.

    ``a`` and ``b`` are EDTF strings, :class:`~dprkgraph.dates.ImpreciseDate` values, days,
    ``(start, end)`` windows or spans.
    """
    sa, sb = span(a), span(b)
    # A "one of" set is the union of its members' realisations: so are its relations.
    possible = frozenset().union(
        *(_possible(x, y) for x in sa.members or (sa,) for y in sb.members or (sb,))
    )
    return TimeRelation(sa.text, sb.text, possible)


def _possible(sa: Span, sb: Span) -> frozenset[str]:
    """The relations that hold in some realisation of two spans without members."""
    # Far apart, only one relation can hold; skip the solver.
    if sa.end_hi + 1 < sb.start_lo:
        return frozenset({"before"})
    if sb.end_hi + 1 < sa.start_lo:
        return frozenset({"after"})
    base = sa.constraints(_SA, _EA) + sb.constraints(_SB, _EB)
    return frozenset(r for r, atoms in _DEFINITIONS.items() if _feasible(base + atoms))


def holds(
    a: SpanLike,
    b: SpanLike,
    relations: Iterable[str],
    certainty: Literal["definite", "possible"] = "possible",
) -> bool:
    """Whether one of ``relations`` holds between ``a`` and ``b`` — in some realisation
    (``"possible"``) or in every one (``"definite"``).

    Examples
    --------
    >>> holds("2010-08", "2010-08-30", BEFORE)
    True
    >>> holds("2010-08", "2010-08-30", BEFORE, certainty="definite")
    False
    """
    answer = relate(a, b).answer(relations)
    return answer != "no" if certainty == "possible" else answer == "definitely"
