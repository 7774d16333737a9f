"""Questions analysts ask: search, claims, causes, consequences, contested, dyad, relation,
profile.

Every id argument also takes an unambiguous name, alias or title fragment; outputs use ids.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dprkgraph.cli._common import (
    Command,
    Parents,
    around,
    certainty_footer,
    event_table,
    fit,
    graph,
    queryable,
    table,
    width,
    write_records,
)

#: What ``search --kind`` takes: the kinds of record a hit can be.
_HIT_KINDS = ("event", "actor", "source")


def _events_out(found: Any, fmt: str, definite: set[str] | None = None) -> None:
    if fmt == "table":
        print(event_table(found, definite))
        print(certainty_footer(found, definite))
        return
    from dprkgraph.tables import write_event_table

    write_event_table(found, sys.stdout, "csv" if fmt == "csv" else "json")


def _cmd_search(args: argparse.Namespace) -> int:
    from dprkgraph.query import search

    g = queryable(args)
    hits = search(
        g,
        args.text,
        kind=args.kind,
        actor=args.actor or None,
        start=args.date_from,
        end=args.date_to,
        certainty=args.certainty,
    )
    shown = hits[: args.limit] if args.limit else hits
    if args.format == "table":
        # Two lines a hit: what and where, then the passage with the whole width to itself,
        # so that neither the id nor the match is cut in a terminal.
        room = width()
        for m in shown:
            head = f"{m.id} ({m.kind}) — "
            print(head + (m.where if room is None else fit(m.where, max(room - len(head), 12))))
            print("    " + (m.passage if room is None else around(m.passage, max(room - 4, 20))))
        more = (
            f" (the first {len(shown)} shown; --limit 0 shows all)"
            if len(shown) < len(hits)
            else ""
        )
        print(f"{len(hits)} hit{'s' if len(hits) != 1 else ''}{more}")
        return 0
    write_records(
        [
            {
                "id": m.id,
                "kind": m.kind,
                "field": m.field,
                "where": m.where,
                "passage": m.passage,
                "text": m.text,
                "rank": round(m.rank, 4),
            }
            for m in shown
        ],
        args.format,
    )
    return 0


def _cmd_claims(args: argparse.Namespace) -> int:
    from dprkgraph.query import claims

    found = claims(queryable(args), event=args.about, claimant=args.claimant, stance=args.stance)
    assert isinstance(found, list)
    records = [
        {
            "claimant": r.claimant.id,
            "stance": r.claim.stance.value,
            "statement": r.claim.statement,
            "event": r.event.id,
            "source": c.source if c else "",
            "quote": (c.quote or "") if c else "",
            "locator": (c.locator or "") if c else "",
        }
        for r in found
        for c in (r.claim.sources or (None,))
    ]
    if args.format == "table":
        rows = [(r.event.id, r.claimant.id, r.claim.stance.value, r.claim.statement) for r in found]
        print(table(("EVENT", "CLAIMANT", "STANCE", "STATEMENT"), rows, flexible=3))
        print(f"{len(found)} claim{'s' if len(found) != 1 else ''}")
        return 0
    write_records(records, args.format)
    return 0


def _cmd_causes(args: argparse.Namespace) -> int:
    from dprkgraph.query import causes

    _events_out(causes(queryable(args), args.event), args.format)
    return 0


def _cmd_consequences(args: argparse.Namespace) -> int:
    from dprkgraph.query import consequences

    _events_out(consequences(queryable(args), args.event), args.format)
    return 0


def _cmd_contested(args: argparse.Namespace) -> int:
    from dprkgraph.query import contested

    _events_out(contested(queryable(args)), args.format)
    return 0


def _cmd_dyad(args: argparse.Namespace) -> int:
    from dprkgraph.query import dyad

    g = queryable(args)
    options: dict[str, Any] = {
        "start": args.date_from,
        "end": args.date_to,
        "affiliated": not args.only_named,
    }
    found = dyad(g, args.a, args.b, certainty=args.certainty, **options)
    definite = None
    timed = args.date_from is not None or args.date_to is not None
    if timed and args.certainty == "possible" and args.format == "table":
        definite = set(dyad(g, args.a, args.b, certainty="definite", **options).ids())
    _events_out(found, args.format, definite)
    return 0


def _cmd_relation(args: argparse.Namespace) -> int:
    from dprkgraph.query import relation
    from dprkgraph.temporal import AFTER, BASE_RELATIONS, BEFORE, SAME_DAY, WITHIN

    g = queryable(args)
    a = g.event(args.a).id
    found = relation(g, a, args.b)
    b = _anchor_name(g, args.b, found.b)
    answers = found.as_dict()
    grouped = {
        name: found.answer(group)
        for name, group in (
            ("within", WITHIN),
            ("before", BEFORE),
            ("after", AFTER),
            ("same_day", SAME_DAY),
        )
    }
    if args.format == "table":
        print(str(found))
        if b != found.b:  # B named an event: say which, as A is
            print(f"A is {a} ({found.a}); B is {b} ({found.b})")
        print(
            table(
                ("RELATION", "ANSWER"),
                [(r, answers[r]) for r in BASE_RELATIONS if answers[r] != "no"],
                flexible=1,
            )
        )
        print("grouped: " + "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in grouped.items()))
        return 0
    if args.format == "json":
        json.dump(
            {
                "a": a,
                "b": b,
                "a_date": found.a,
                "b_date": found.b,
                "definite": found.definite,
                "relations": answers,
                "grouped": grouped,
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    write_records(
        [{"a": a, "b": b, "relation": r, "answer": answers[r]} for r in BASE_RELATIONS],
        args.format,
    )
    return 0


def _anchor_name(g: Any, text: str, dated: str) -> str:
    """How to name B in the output: the id of the event it names, else the date or window
    as given (``dated``, the text the relation was computed against)."""
    from dprkgraph.dates import parse_date
    from dprkgraph.errors import DprkGraphError

    try:
        event = g.event(text)
    except DprkGraphError:  # not an event: a date or a window
        return dated
    try:
        parse_date(text)
    except ValueError:
        return str(event.id)
    # A date that is also found as an event: only an exact id makes it the event.
    return str(event.id) if event.id == text else dated


def _cmd_profile(args: argparse.Namespace) -> int:
    from dprkgraph.query import actor_profile

    p = actor_profile(graph(args), args.actor)
    by_role = {role.value: s.ids() for role, s in p.events_by_role.items()}
    record: dict[str, Any] = {
        "id": p.actor.id,
        "name": p.actor.name,
        "kind": p.actor.kind.value,
        "affiliation": p.affiliation.id if p.affiliation else None,
        "members": [m.id for m in p.members],
        "positions": [pos.title for pos in p.positions],
        "events_by_role": by_role,
        "co_participants": [{"actor": a.id, "events": n} for a, n in p.co_participants],
        "claims": [
            {"event": c.event.id, "stance": c.claim.stance.value, "statement": c.claim.statement}
            for c in p.claims
        ],
    }
    if args.format == "json":
        json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        write_records(
            [
                {"id": p.actor.id, "role": role, "event": e}
                for role, ids in by_role.items()
                for e in ids
            ],
            "csv",
        )
    else:
        a = p.actor
        print(f"{a.id}: {a.name} ({a.kind.value})")
        print("\n".join(repr(p).splitlines()[1:]))
        for c in p.claims:
            print(f"  {c.claim.stance.value} ({c.event.id}): {c.claim.statement}")
    return 0


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    p = command(
        "search",
        _cmd_search,
        "Search titles, summaries, names, every quote and every claim; best first.",
        "dprkgraph search '\"arms embargo\"' --from 2009",
        parents.formats,
        parents.window,
    )
    p.add_argument(
        "text",
        metavar="TEXT",
        help="words that must all occur (each also matches longer words it begins) "
        'and "quoted phrases" that must occur word for word; there are no operators: '
        '"-", AND, OR and NOT are punctuation or plain words, so "cheonan -torpedo" '
        "finds passages with both words",
    )
    p.add_argument("--kind", choices=_HIT_KINDS, help="only hits of this kind")
    p.set_defaults(kinds=(_HIT_KINDS, "a kind of search hit"))
    p.add_argument(
        "--actor",
        action="append",
        metavar="ACTOR",
        help="only events this actor takes part in or makes a claim about (repeat)",
    )
    p.add_argument(
        "--limit",
        type=int,
        default=20,
        metavar="N",
        help="show the best N hits in a table (default 20; 0 for all)",
    )

    p = command(
        "claims",
        _cmd_claims,
        "List claims: who asserts or denies what, about which event, on which source.",
        "dprkgraph claims --about cheonan-sinking --format csv",
        parents.formats,
    )
    p.add_argument("--about", metavar="EVENT", help="only claims about this event")
    p.add_argument("--claimant", metavar="ACTOR", help="only claims by this actor")
    p.add_argument("--stance", choices=("asserts", "denies"), help="only this stance")

    p = command(
        "causes",
        _cmd_causes,
        "Events that led, directly or through others, to EVENT.",
        "dprkgraph causes prk-withdraws-six-party-talks",
        parents.formats,
    )
    p.add_argument("event", metavar="EVENT", help="an event id, or a title that names one")

    p = command(
        "consequences",
        _cmd_consequences,
        "Events that EVENT led to, directly or through others.",
        "dprkgraph consequences prk-rocket-launch-2009",
        parents.formats,
    )
    p.add_argument("event", metavar="EVENT", help="an event id, or a title that names one")

    command(
        "contested",
        _cmd_contested,
        "Events about which one claimant asserts what another denies.",
        "dprkgraph contested --format json",
        parents.formats,
    )

    p = command(
        "dyad",
        _cmd_dyad,
        "Events in which one of A and B acts toward the other (initiator and target, "
        "visitor and host, parties to one agreement, …), in date order; each stands for "
        "its affiliates too unless --only-named.",
        "dprkgraph dyad usa prk --from 2009",
        parents.formats,
        parents.window,
    )
    p.add_argument("a", metavar="A", help="an actor id, or a name or alias that names one")
    p.add_argument("b", metavar="B", help="the other actor")
    p.add_argument(
        "--only-named",
        action="store_true",
        help="count the two named actors only, not those affiliated with them (a country's "
        "president, ministries and envoys)",
    )

    p = command(
        "relation",
        _cmd_relation,
        "How event A stands in time to event B (or a date): each of Allen's relations "
        "answered definitely, possibly or no.",
        "dprkgraph relation carter-pyongyang-visit 2010-08-30",
        parents.formats,
    )
    p.add_argument("a", metavar="A", help="an event id, or a title that names one")
    p.add_argument(
        "b",
        metavar="B",
        help="an event id or title, or an EDTF date standing for the whole period "
        "it names (2010-08 is every day of August 2010)",
    )

    p = command(
        "profile",
        _cmd_profile,
        "An actor: affiliation, positions, events by role, co-participants, claims.",
        'dprkgraph profile "Stephen Bosworth"',
        parents.formats,
    )
    p.add_argument("actor", metavar="ACTOR", help="an actor id, name or alias")
