"""Each query on small hand-made graphs, including the imprecise-date edge cases."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dprkgraph import (
    Actor,
    Citation,
    Claim,
    Dataset,
    DprkGraphError,
    Event,
    Participation,
    QueryError,
    Relation,
    Source,
    UnknownIdError,
)
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.query import (
    actor_profile,
    causes,
    claims,
    co_participation,
    consequences,
    contested,
    dyad,
    events,
    explain_path,
    neighbourhood,
    participants,
    relation,
    search,
    timeline,
)

CITE = (Citation(source="doc", quote="as reported"),)


def ev(
    id: str,
    when: str,
    *people: tuple[str, str],
    cameo: str | None = None,
    type: str = "statement",
    rel: tuple[tuple[str, str], ...] = (),
    claims: tuple[Claim, ...] = (),
    title: str | None = None,
) -> Event:
    return Event.model_validate(
        {
            "id": id,
            "title": title or id.replace("-", " ").title(),
            "date": when,
            "type": type,
            "cameo": cameo,
            "sources": CITE,
            "participants": [Participation(actor=a, role=r) for a, r in people],  # type: ignore[arg-type]
            "relations": [Relation(type=t, event=e) for t, e in rel],  # type: ignore[arg-type]
            "claims": claims,
        }
    )


def claim(who: str, stance: str, statement: str = "A sank B.") -> Claim:
    return Claim.model_validate(
        {"claimant": who, "stance": stance, "statement": statement, "sources": CITE}
    )


@pytest.fixture
def g() -> EventGraph:
    actors = (
        Actor.model_validate(
            {"id": "red", "name": "Redland", "kind": "state", "aliases": ["Reds"]}
        ),
        Actor.model_validate({"id": "blue", "name": "Blueland", "kind": "state"}),
        Actor.model_validate({"id": "green", "name": "Greenland", "kind": "state"}),
        Actor.model_validate(
            {
                "id": "envoy",
                "name": "Eve Envoy",
                "kind": "person",
                "affiliation": "blue",
                "positions": [{"title": "Special Envoy"}],
            }
        ),
    )
    events = (
        ev(
            "month",
            "2010-03",
            ("red", "initiator"),
            ("blue", "target"),
            cameo="111",
            rel=(("led_to", "reply"),),
        ),
        ev("day", "2010-03-15", ("blue", "speaker"), cameo="013", title="Blue speaks of peace"),
        ev(
            "reply",
            "2010-04-02",
            ("blue", "initiator"),
            ("red", "target"),
            cameo="163",
            type="sanction",
            rel=(("led_to", "talks"),),
        ),
        ev(
            "talks",
            "2010-05-20/2010-05-22",
            ("red", "party"),
            ("blue", "party"),
            ("envoy", "mediator"),
            cameo="046",
            type="negotiation",
        ),
        ev("approx", "2010-03-31~", ("green", "speaker")),
        ev("year", "2009", ("green", "speaker"), ("red", "target")),
        ev(
            "sinking",
            "2010-06",
            ("blue", "target"),
            ("red", "accused"),
            type="military_incident",
            rel=(("response_to", "talks"),),
            claims=(
                claim("blue", "asserts"),
                claim("red", "denies"),
                claim("green", "asserts", "It was an accident."),
            ),
        ),
        ev("release", "2010-05-21", ("envoy", "visitor"), rel=(("part_of", "talks"),)),
    )
    sources = (Source(id="doc", title="Doc", publisher="Pub", kind="article"),)  # type: ignore[arg-type]
    return build_graph(Dataset(events, actors, sources))


@pytest.mark.parametrize(
    ("window", "certainty", "expected"),
    [
        (("2010-03-10", "2010-03-20"), "possible", ["month", "day"]),
        (("2010-03-10", "2010-03-20"), "definite", ["day"]),
        (("2010-03", "2010-03"), "definite", ["month", "day"]),
        (("2010-03", "2010-03"), "possible", ["month", "day", "approx"]),
        ((date(2010, 4, 1), date(2010, 4, 30)), "possible", ["approx", "reply"]),
        (("2010-05-21", "2010-05-21"), "possible", ["talks", "release"]),
        (("2010-05-21", "2010-05-21"), "definite", ["release"]),
        ((None, "2009-12-31"), "definite", ["year"]),
        (
            ("2010", None),
            "possible",
            ["month", "day", "approx", "reply", "talks", "release", "sinking"],
        ),
    ],
)
def test_windows_respect_precision(
    g: EventGraph, window: tuple[object, object], certainty: str, expected: list[str]
) -> None:
    start, end = window
    found = events(g, start=start, end=end, certainty=certainty)  # type: ignore[arg-type]
    assert found.ids() == expected


def test_indexed_windows_agree_with_checking_every_event() -> None:
    import random
    from datetime import timedelta

    from dprkgraph.synthetic import generate

    ds = generate(1500, seed=3)
    big = build_graph(ds)
    widths = {len(e.date.text) for e in ds.events}
    assert len(widths) >= 3 and any(e.date.approximate for e in ds.events)  # mixed precision
    rng = random.Random(5)
    actors = sorted({a for e in ds.events for a in e.actors()})
    nonempty = 0
    for _ in range(400):
        first = date(1999, 6, 1) + timedelta(days=rng.randrange(22 * 365))
        last = first + timedelta(days=rng.choice([0, 1, 30, 90, 400, 2000]))
        lo, hi = rng.choice([(first, last), (None, last), (first, None)])
        who = rng.choice([None, *actors[:40], rng.choice(actors)])
        for certainty in ("possible", "definite"):
            check = "possibly_within" if certainty == "possible" else "definitely_within"
            expected = sorted(
                (
                    e
                    for e in ds.events
                    if getattr(e.date, check)(lo, hi) and (who is None or who in e.actors())
                ),
                key=lambda e: (e.date.earliest, e.date.latest, e.id),
            )
            found = events(big, actor=who, start=lo, end=hi, certainty=certainty)  # type: ignore[arg-type]
            assert found.ids() == [e.id for e in expected], (who, lo, hi, certainty)
            nonempty += bool(expected)
    assert nonempty > 300


def test_filters_combine(g: EventGraph) -> None:
    assert events(g, actor="green").ids() == ["year", "approx"]  # claims are not participation
    assert events(g, actor=["green", "envoy"]).ids() == ["year", "approx", "talks", "release"]
    assert events(g, actors_all=["red", "blue"]).ids() == ["month", "reply", "talks", "sinking"]
    assert events(g, type="sanction").ids() == ["reply"]
    assert events(g, cameo="16").ids() == ["reply"]
    assert events(g, quad_class=[1, 2]).ids() == ["day", "talks"]
    assert events(g, quad_class=3, actor="red").ids() == ["month"]


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"actor": "redd"}, UnknownIdError, "did you mean 'red'"),
        ({"type": "sanctions"}, QueryError, "one of agreement"),
        ({"certainty": "probable"}, QueryError, "'definite' or 'possible'"),
        ({"start": "2010-02-30"}, QueryError, "February 2010 has no day 30"),
        ({"start": "2010-05", "end": "2010-04"}, QueryError, "ends before it starts"),
        ({"quad_class": 5}, QueryError, "1, 2, 3 or 4"),
    ],
)
def test_bad_options_raise_clear_errors(
    g: EventGraph, kwargs: dict[str, object], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        events(g, **kwargs)  # type: ignore[arg-type]


def test_timeline_is_stable_and_relation_is_honest(g: EventGraph) -> None:
    assert timeline(g, actor="red").ids() == ["year", "month", "reply", "talks", "sinking"]
    assert timeline(g).ids()[:4] == ["year", "month", "day", "approx"]
    month_day = relation(g, "month", "day")
    assert month_day.definite is None
    assert month_day.possible == {"before", "meets", "equals", "met_by", "after"}
    assert relation(g, "day", "month")["equals"] == "possibly"
    assert relation(g, "year", "month").definite == "before"
    assert relation(g, "reply", "month").definite == "after"
    # ~31 March is at latest 1 April, the day before the reply.
    assert relation(g, "approx", "reply").possible == {"before", "meets"}
    assert relation(g, "release", "talks").definite == "during"
    assert relation(g, "month", ("2010-03", "2010-03"))["during"] == "possibly"


@pytest.mark.parametrize(
    ("option", "anchor", "certainty", "expected"),
    [
        ("during", "talks", "possible", ["release"]),
        ("during", ("2010-03", "2010-03"), "definite", ["month", "day"]),
        ("during", "2010-03", "possible", ["month", "day", "approx"]),
        ("during", ("2010-03-10", "2010-03-20"), "possible", ["month", "day"]),
        ("during", ("2010-03-10", "2010-03-20"), "definite", ["day"]),
        ("before", "2010-03-15", "definite", ["year"]),
        ("before", "2010-03-15", "possible", ["year", "month"]),
        ("after", "reply", "definite", ["talks", "release", "sinking"]),
        ("same_day_as", "day", "possible", ["month"]),
        ("same_day_as", "talks", "definite", ["release"]),
    ],
)
def test_time_relation_filters(
    g: EventGraph, option: str, anchor: object, certainty: str, expected: list[str]
) -> None:
    found = events(g, certainty=certainty, **{option: anchor})  # type: ignore[arg-type]
    assert found.ids() == expected


def test_time_relation_filters_combine_with_others(g: EventGraph) -> None:
    assert events(g, actor="red", after="2010-04").ids() == ["talks", "sinking"]
    assert events(g, actor="blue", role="target", during="2010").ids() == ["month", "sinking"]
    assert events(g, role="speaker").ids() == ["year", "day", "approx"]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"role": "speakr"}, "did you mean 'speaker'"),
        ({"during": "no-such-event"}, "no-such-event"),
        ({"before": ("2010-05", "2010-04")}, "ends before it starts"),
    ],
)
def test_time_and_role_filter_errors(g: EventGraph, kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(DprkGraphError, match=words):
        events(g, **kwargs)  # type: ignore[arg-type]


def test_names_and_fragments_stand_for_ids(g: EventGraph) -> None:
    assert events(g, actor="Reds").ids() == events(g, actor="red").ids()
    assert events(g, actor="blueLAND", role="speaker").ids() == ["day"]
    assert events(g, during="Talks").ids() == ["release"]
    assert causes(g, "blue speaks").ids() == []
    assert [r.event.id for r in claims(g, claimant="Greenland")] == ["sinking"]  # type: ignore[union-attr]
    with pytest.raises(UnknownIdError, match=r"ambiguous: it could be blue .*; green .*; red "):
        events(g, actor="land")


def test_a_fragment_inside_a_word_is_suggested_not_taken(g: EventGraph) -> None:
    # "reenla" is inside "Greenland" only: answering about Greenland would answer a question
    # nobody asked (as "nk" once named the Cheonan sinking through "Sinking").
    with pytest.raises(UnknownIdError, match=r"unknown .*'reenla' — did you mean 'green'"):
        events(g, actor="reenla")
    assert events(g, actor="greenla").ids() == events(g, actor="green").ids()


def test_participants_by_role(g: EventGraph) -> None:
    assert [(a.id, r.value) for a, r in participants(g, "month")] == [
        ("red", "initiator"),
        ("blue", "target"),
    ]
    assert [a.id for a, _ in participants(g, "month", role="target")] == ["blue"]


def test_actor_profile(g: EventGraph) -> None:
    p = actor_profile(g, "blue")
    assert {r.value: s.ids() for r, s in p.events_by_role.items()} == {
        "target": ["month", "sinking"],
        "speaker": ["day"],
        "initiator": ["reply"],
        "party": ["talks"],
    }
    assert [(a.id, n) for a, n in p.co_participants] == [("red", 4), ("envoy", 1)]
    assert [m.id for m in p.members] == ["envoy"]
    assert [c.claim.stance.value for c in p.claims] == ["asserts"]
    assert actor_profile(g, "envoy").affiliation.id == "blue"  # type: ignore[union-attr]
    assert "Special Envoy" in repr(actor_profile(g, "envoy"))
    assert "<table>" in p._repr_html_()


def test_co_participation_and_dyad(g: EventGraph) -> None:
    cg = co_participation(g)
    assert cg["red"]["blue"]["weight"] == 4
    assert cg["red"]["blue"]["events"] == ["month", "reply", "talks", "sinking"]
    assert cg.nodes["green"]["events"] == 2
    assert not cg.has_edge("green", "blue")
    windowed = co_participation(g, start="2010-05", end="2010-05", certainty="definite")
    assert windowed["red"]["blue"]["weight"] == 1
    d = dyad(g, "red", "blue")
    assert [(e.id, e.goldstein) for e in d] == [
        ("month", -2.0),
        ("reply", -8.0),
        ("talks", 7.0),
        ("sinking", None),
    ]
    frame = d.to_frame()
    assert list(frame["goldstein"].fillna(0)) == [-2.0, -8.0, 7.0, 0]


def test_causes_and_consequences_follow_led_to_and_response_to(g: EventGraph) -> None:
    assert consequences(g, "month").ids() == ["reply", "talks", "sinking"]
    assert causes(g, "sinking").ids() == ["month", "reply", "talks"]
    assert causes(g, "month").ids() == []
    assert consequences(g, "release").ids() == []  # part_of is not causal


def test_explain_path_reads_as_steps(g: EventGraph) -> None:
    path = explain_path(g, "envoy", "release")
    assert str(path) == "Eve Envoy —visitor→ Release"
    path = explain_path(g, "green", "envoy")
    assert path.nodes[0] == "green" and path.nodes[-1] == "envoy"
    assert "—" in str(path)
    assert (
        str(explain_path(g, "release", "sinking"))
        == "Release —part_of→ Talks —response_to← Sinking"
    )
    with pytest.raises(UnknownIdError):
        explain_path(g, "release", "nowhere")


def test_claims_and_contested(g: EventGraph) -> None:
    assert [(c.claimant.id, c.claim.stance.value) for c in claims(g, event="sinking")] == [
        ("blue", "asserts"),
        ("red", "denies"),
        ("green", "asserts"),
    ]
    assert [c.event.id for c in claims(g, claimant="red")] == ["sinking"]
    assert len(claims(g, stance="denies")) == 1
    assert contested(g).ids() == ["sinking"]
    with pytest.raises(QueryError):
        claims(g, stance="maybe")


def test_neighbourhood_is_an_event_graph(g: EventGraph) -> None:
    ego = neighbourhood(g, "envoy")
    assert isinstance(ego, EventGraph)
    assert sorted(ego.nx) == ["blue", "envoy", "release", "talks"]
    assert "doc" in neighbourhood(g, "envoy", hops=2)
    assert len(g.nx) > len(ego.nx)  # the input is not changed


def test_search_over_titles_names_aliases(g: EventGraph) -> None:
    assert [(m.id, m.field) for m in search(g, "REDS")] == [("red", "alias")]
    assert [m.id for m in search(g, "peace")] == ["day"]
    with pytest.raises(QueryError):
        search(g, "  ")


def test_results_become_dataframes_and_html(g: EventGraph) -> None:
    frame = events(g, actor="red").to_frame()
    assert list(frame.columns) == [
        "id",
        "title",
        "date",
        "earliest",
        "latest",
        "precision",
        "approximate",
        "uncertain",
        "type",
        "cameo",
        "goldstein",
        "quad_class",
        "participants",
        "provenance",
        "sources",
    ]
    assert frame.loc[frame["id"] == "month", "precision"].item() == "month"
    assert frame.loc[frame["id"] == "month", "latest"].item() == pd.Timestamp("2010-03-31")
    # The same cell as in `events --format csv` and report's events.csv: one spelling.
    assert frame.loc[frame["id"] == "talks", "participants"].item() == (
        "red (party); blue (party); envoy (mediator)"
    )
    html = events(g, actor="red")._repr_html_()
    assert "as reported" in html and "<table>" in html
    assert "<EventSet: 5 events>" in repr(events(g, actor="red"))


def test_html_escapes_text_from_data() -> None:
    e = ev("x", "2010", ("a", "speaker"), title="<script>alert(1)</script>")
    from dprkgraph.results import EventSet

    html = EventSet([e])._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_queries_on_bundled_data() -> None:
    from dprkgraph import load_graph

    g = load_graph()
    chain = causes(g, "prk-withdraws-six-party-talks").ids()
    assert chain == ["prk-rocket-launch-2009", "unsc-rebuke-2009"]
    assert contested(g).ids() == ["cheonan-sinking"]
    assert str(explain_path(g, "carter", "gomes-release")) == (
        "Jimmy Carter —mediator→ Aijalon Gomes released to Jimmy Carter"
    )
    definite = events(g, start="2010-08-01", end="2010-08-31", certainty="definite").ids()
    assert "carter-pyongyang-visit" in definite and "reengagement-delayed" not in definite
    assert "reengagement-delayed" in events(g, start="2010-08-01", end="2010-08-31").ids()


def test_datetimes_bound_windows_like_their_days(g: EventGraph) -> None:
    from datetime import datetime

    by_day = events(g, start=date(2010, 3, 10), end=date(2010, 3, 20)).ids()
    assert by_day == ["month", "day"]
    assert events(g, start=datetime(2010, 3, 10, 9), end=date(2010, 3, 20)).ids() == by_day
    assert events(g, actor="red", start=datetime(2010, 3, 10), end=datetime(2010, 3, 20)).ids() == [
        "month"
    ]


def _dyad_graph(seed: int) -> EventGraph:
    """Synthetic events with every role and chains of affiliation, so sides have several
    members and sometimes share one."""
    import random

    from dprkgraph.model import Role
    from dprkgraph.synthetic import records

    rng = random.Random(seed)
    evs, acts, srcs = records(600, seed=seed)
    roles = [r.value for r in Role]
    for e in evs:
        for p in e["participants"]:
            p["role"] = rng.choice(roles)
        first = e["participants"][0]
        if rng.random() < 0.1:  # the same actor twice in one event, in two roles
            e["participants"].append(
                {
                    "actor": first["actor"],
                    "role": rng.choice([r for r in roles if r != first["role"]]),
                }
            )
    for i, a in enumerate(acts[1:], start=1):
        if rng.random() < 0.4:
            a["affiliation"] = f"actor-{rng.randrange(i)}"
    return build_graph(
        Dataset(
            tuple(Event.model_validate(e) for e in evs),
            tuple(Actor.model_validate(a) for a in acts),
            tuple(Source.model_validate(s) for s in srcs),
        )
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dyad_by_index_agrees_with_checking_every_event(seed: int) -> None:
    import random
    from datetime import timedelta

    from dprkgraph.query import dyad_between, members

    big = _dyad_graph(seed)
    rng = random.Random(seed)
    actors = [a.id for a in big.actors()]
    busy = [p.actor for e in big.events() for p in e.participants]
    shared = nonempty = 0
    for _ in range(150):
        a, b = rng.choice(busy), rng.choice(rng.choice([busy, actors]))
        first = date(2000, 1, 1) + timedelta(days=rng.randrange(20 * 365))
        lo, hi = rng.choice(
            [(None, None), (first, first + timedelta(days=400)), (None, first), (first, None)]
        )
        affiliated = rng.random() < 0.7
        certainty = rng.choice(["possible", "definite"])
        side_a = members(big, a) if affiliated else {a}
        side_b = members(big, b) if affiliated else {b}
        expected = [
            e.id
            for e in events(big, start=lo, end=hi, certainty=certainty)  # type: ignore[arg-type]
            if dyad_between(e, side_a, side_b)
        ]
        found = dyad(
            big,
            a,
            b,
            start=lo,
            end=hi,
            certainty=certainty,  # type: ignore[arg-type]
            affiliated=affiliated,
        )
        assert found.ids() == expected, (a, b, lo, hi, certainty, affiliated)
        shared += bool(side_a & side_b)
        nonempty += bool(expected)
    assert shared > 5 and nonempty > 50  # both ways of answering were exercised


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"certainty": "maybe"}, QueryError, "certainty"),
        ({"start": "2010-05", "end": "2010-04"}, QueryError, "ends before it starts"),
        ({"start": "2010-13"}, QueryError, "start"),
    ],
)
def test_dyad_checks_its_options_as_events_does(
    g: EventGraph, kwargs: dict[str, object], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        dyad(g, "red", "blue", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(error, match=words):
        events(g, actor="red", **kwargs)  # type: ignore[arg-type]


def test_dyad_of_an_unknown_actor_suggests_one(g: EventGraph) -> None:
    with pytest.raises(UnknownIdError, match="blue"):
        dyad(g, "red", "bleu")


def test_the_frame_and_the_csv_spell_participants_alike(g: EventGraph) -> None:
    import csv
    import io

    from dprkgraph.tables import write_event_table

    found = events(g)
    handle = io.StringIO()
    write_event_table(found, handle, "csv")
    from_csv = {r["id"]: r["participants"] for r in csv.DictReader(io.StringIO(handle.getvalue()))}
    frame = found.to_frame()
    assert dict(zip(frame["id"], frame["participants"], strict=True)) == from_csv
