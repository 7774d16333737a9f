"""Every public query function gives the same answer on the in-memory graph and on a Parquet
export of the same data, opened as a :class:`ColumnarStore`.

Each test runs one query function over many argument combinations on one dataset (the bundled
one, the Colombia–FARC test dataset and a 2,000-event synthetic one). The combinations are
drawn from the data itself — an event, one of its participants, a window around its
(possibly imprecise) date — so that most answers hold events; a test asserts that they do, as
an answer that is empty on both sides proves little.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import dprkgraph
from dprkgraph import query
from dprkgraph.columnar import ColumnarStore, write_parquet
from dprkgraph.errors import DprkGraphError
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.model import Dataset, Event
from dprkgraph.synthetic import generate

DATASETS: dict[str, Callable[[], Dataset]] = {
    "bundled": dprkgraph.load,
    "colombia-farc": lambda: dprkgraph.load(Path(__file__).parent / "data" / "colombia-farc"),
    "synthetic": lambda: generate(2000, seed=7),
}

Both = tuple[EventGraph, ColumnarStore]


@pytest.fixture(scope="module", params=list(DATASETS))
def both(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Both]:
    dataset = DATASETS[request.param]()
    out = write_parquet(dataset, tmp_path_factory.mktemp("parity") / "export")
    with ColumnarStore.open(out) as store:
        yield build_graph(dataset), store


@dataclass(frozen=True)
class Failed:
    """A query that raised: bad input must fail alike on both, with the same message."""

    kind: str
    message: str


def _outcome(ask: Callable[[Any], Any], on: Any) -> Any:
    """The answer, or how it failed."""
    try:
        return ask(on)
    except DprkGraphError as err:
        return Failed(type(err).__name__, str(err))


def _compare(
    g: EventGraph,
    store: ColumnarStore,
    cases: list[dict[str, Any]],
    ask: Callable[[Any, dict[str, Any]], Any],
    size: Callable[[Any], int],
    *,
    least: float = 0.75,
) -> None:
    """Ask every case of both; equal answers, and at least ``least`` of them not empty."""
    assert len(cases) >= 10
    filled = 0
    for options in cases:
        expected = _outcome(lambda on, o=options: ask(on, o), g)  # type: ignore[misc]
        found = _outcome(lambda on, o=options: ask(on, o), store)  # type: ignore[misc]
        assert found == expected, options
        filled += not isinstance(expected, Failed) and size(expected) > 0
    assert filled >= least * len(cases), f"only {filled} of {len(cases)} answers hold anything"


def _busy(g: EventGraph, n: int) -> list[str]:
    """The ``n`` actors taking part in most events."""
    return sorted(g.by_actor, key=lambda a: (-len(g.by_actor[a]), a))[:n]


def _near(rng: random.Random, e: Event) -> tuple[Any, Any]:
    """A window around ``e``'s dates: as EDTF text (the event's own, or its year), or days."""
    d = e.date
    pad = timedelta(days=rng.choice([0, 3, 40, 400]))
    return rng.choice(
        [
            (d.text, d.text),
            (str(d.earliest.year), str(d.latest.year)),
            (d.earliest - pad, d.latest + pad),
            ((d.earliest - pad).isoformat()[:7], None),
            (None, (d.latest + pad).isoformat()),
        ]
    )


def _event_cases(g: EventGraph, n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    events = [e for e in g.events() if e.participants]
    ordered = list(query.events(g))
    busy = _busy(g, 5)
    cases: list[dict[str, Any]] = []
    for _ in range(n):
        e = rng.choice(events)
        p = rng.choice(e.participants)
        actor = g.actor(p.actor)
        options: dict[str, Any] = {"certainty": rng.choice(["possible", "definite"])}
        who = rng.choice(["id", "name", "fragment", "several", "busy", "all", "none"])
        if who == "id":
            options["actor"] = actor.id
        elif who == "name":
            options["actor"] = actor.name
        elif who == "fragment":  # the start of its longest word, in capitals: may be ambiguous
            options["actor"] = max(re.findall(r"\w+", actor.name), key=len)[:5].upper()
        elif who == "several":
            options["actor"] = [actor.id, rng.choice(busy)]
        elif who == "busy":
            options["actor"] = rng.choice(busy)
        elif who == "all":
            options["actors_all"] = sorted({x.actor for x in e.participants})[:2]
        start, end = _near(rng, e)
        if rng.random() < 0.8:
            options["start"], options["end"] = start, end
        roll = rng.random()
        if roll < 0.15:
            options["type"] = e.type.value
        elif roll < 0.3:
            options["role"] = p.role.value
        elif roll < 0.4 and e.cameo:
            options["cameo"] = e.cameo[:2]
        elif roll < 0.5:
            options["min_sources"] = rng.choice([0, 1, 2])
        elif roll < 0.55 and e.quad_class:
            options["quad_class"] = e.quad_class
        roll = rng.random()
        at = ordered.index(e)
        if roll < 0.12:
            options["during"] = (start or e.date.earliest, end or e.date.latest)
        elif roll < 0.24 and at > 0:
            options["after"] = rng.choice([ordered[at - 1].id, ordered[at - 1].title])
        elif roll < 0.36 and at + 1 < len(ordered):
            options["before"] = ordered[at + 1].id
        elif roll < 0.45:
            options["same_day_as"] = rng.choice([e.date.text, e.id])
        cases.append(options)
    return cases


def test_events(both: Both) -> None:
    g, store = both
    # About one case in ten names an actor by an ambiguous fragment: an error on both sides.
    _compare(
        g,
        store,
        _event_cases(g, 150, seed=1),
        lambda on, o: query.events(on, **o).ids(),
        len,
        least=0.7,
    )


def test_events_as_frames(both: Both) -> None:
    # The same rows, the count of independent sources included.
    g, store = both
    _compare(
        g,
        store,
        _event_cases(g, 40, seed=2),
        lambda on, o: query.events(on, **o).to_records(),
        len,
        least=0.7,
    )


def test_timeline(both: Both) -> None:
    g, store = both
    rng = random.Random(3)
    cases = []
    for actor in _busy(g, 12):
        e = rng.choice(g.by_actor[actor].events)
        start, end = _near(rng, e)
        cases += [
            {"actor": actor},
            {"actor": g.actor(actor).name, "start": start, "end": end},
            {"actor": actor, "start": start, "end": end, "certainty": "definite"},
        ]
    _compare(g, store, cases, lambda on, o: query.timeline(on, **o).ids(), len)


def _facing_pairs(g: EventGraph) -> list[tuple[Event, str, str]]:
    return [
        (e, x.actor, y.actor)
        for e in g.events()
        for x in e.participants
        for y in e.participants
        if query.faces(e, x.actor, y.actor)
    ]


def test_dyad(both: Both) -> None:
    g, store = both
    rng = random.Random(4)
    pairs = _facing_pairs(g)
    cases = []
    for _ in range(80):
        e, a, b = rng.choice(pairs)
        start, end = _near(rng, e)
        options: dict[str, Any] = {
            "a": a,
            "b": rng.choice([b, g.actor(b).name]),
            "affiliated": rng.random() < 0.7,
        }
        if rng.random() < 0.7:
            options |= {
                "start": start,
                "end": end,
                "certainty": rng.choice(["possible", "definite"]),
            }
        cases.append(options)
    _compare(g, store, cases, lambda on, o: query.dyad(on, **o).ids(), len)


def test_members(both: Both) -> None:
    g, store = both
    cases = [{"actor": a.id} for a in g.actors()[:40]]
    cases += [{"actor": a.name} for a in g.actors()[:10]]
    _compare(g, store, cases, lambda on, o: sorted(query.members(on, o["actor"])), len)


def _graph_as_data(cg: Any) -> tuple[Any, ...]:
    return (
        sorted(cg.nodes(data=True)),
        sorted((*sorted((a, b)), d["weight"], d["events"]) for a, b, d in cg.edges(data=True)),
    )


def test_co_participation(both: Both) -> None:
    g, store = both
    rng = random.Random(5)
    cases: list[dict[str, Any]] = [{}]
    for e in rng.sample(g.events(), min(24, len(g.events()))):
        start, end = _near(rng, e)
        cases.append(
            {"start": start, "end": end, "certainty": rng.choice(["possible", "definite"])}
        )
    _compare(
        g,
        store,
        cases,
        lambda on, o: _graph_as_data(query.co_participation(on, **o)),
        lambda data: len(data[0]),
    )


def _linked(g: EventGraph) -> list[Event]:
    return [
        e for e in g.events() if any(r.type.value in ("led_to", "response_to") for r in e.relations)
    ]


@pytest.mark.parametrize("ask", [query.causes, query.consequences], ids=["causes", "consequences"])
def test_causes_and_consequences(both: Both, ask: Callable[..., Any]) -> None:
    g, store = both
    rng = random.Random(6)
    linked = _linked(g)
    targets = {r.event for e in linked for r in e.relations}
    chosen = [e.id for e in linked] + sorted(targets)
    cases = [
        {"event": name}
        for x in rng.sample(chosen, min(40, len(chosen)))
        for name in (x, g.event(x).title)
    ]
    # Every linked event is a cause or an effect: about half of each list is empty.
    _compare(g, store, cases, lambda on, o: ask(on, o["event"]).ids(), len, least=0.3)


def test_participants(both: Both) -> None:
    g, store = both
    rng = random.Random(7)
    cases = []
    events = [e for e in g.events() if e.participants]
    for e in rng.sample(events, min(30, len(events))):
        cases.append(
            {
                "event": rng.choice([e.id, e.title]),
                "role": rng.choice([None, rng.choice(e.participants).role.value]),
            }
        )
    _compare(
        g,
        store,
        cases,
        lambda on, o: [(a.id, r) for a, r in query.participants(on, o["event"], role=o["role"])],
        len,
    )


def test_relation(both: Both) -> None:
    g, store = both
    rng = random.Random(8)
    events = g.events()
    cases = []
    for _ in range(40):
        a, b = rng.sample(events, 2)
        cases.append(
            {
                "a": rng.choice([a.id, a.title]),
                "b": rng.choice([b.id, b.date.text, (b.date.earliest, b.date.latest)]),
            }
        )
    _compare(
        g,
        store,
        cases,
        lambda on, o: query.relation(on, o["a"], o["b"]).as_dict(),
        lambda answers: sum(v != "no" for v in answers.values()),
    )


def _words(g: EventGraph, rng: random.Random) -> list[str]:
    texts = [e.title for e in g.events()] + [a.name for a in g.actors()]
    texts += [c.quote for e in g.events() for c in e.sources if c.quote]
    words = sorted({w.strip(".,;:()\"'") for t in texts for w in t.split() if len(w) >= 4})
    return rng.sample(words, min(40, len(words)))


def test_search(both: Both) -> None:
    g, store = both
    rng = random.Random(9)
    cases = []
    for word in _words(g, rng):
        options: dict[str, Any] = {"text": word}
        roll = rng.random()
        if roll < 0.2:
            options["kind"] = rng.choice(["event", "actor", "source"])
        elif roll < 0.4:
            hit = next(iter(query.search(g, word, kind="event")), None)
            if hit is not None:
                e = g.event(hit.id)
                options["actor"] = rng.choice(e.participants).actor if e.participants else None
                options["start"], options["end"] = _near(rng, e)
        if rng.random() < 0.3:
            options["limit"] = rng.choice([1, 3])
        cases.append(options)
    cases.append({"text": f'"{g.events()[0].title}"'})
    _compare(g, store, cases, lambda on, o: query.search(on, **o), len, least=0.6)


def _claimed(g: EventGraph) -> list[Event]:
    found = [e for e in g.events() if e.claims]
    if not found:
        pytest.skip("this dataset has no claims to compare (the synthetic generator makes none)")
    return found


def test_claims(both: Both) -> None:
    g, store = both
    rng = random.Random(10)
    claimed = _claimed(g)
    cases: list[dict[str, Any]] = [{}, {"stance": "denies"}, {"stance": "asserts"}]
    for _ in range(25):
        e = rng.choice(claimed)
        c = rng.choice(e.claims)
        cases.append(
            rng.choice(
                [
                    {"event": e.id},
                    {"about": e.title},
                    {"claimant": rng.choice([c.claimant, g.actor(c.claimant).name])},
                    {"event": e.id, "stance": c.stance.value},
                ]
            )
        )
    _compare(g, store, cases, lambda on, o: query.claims(on, **o), len)
    expected, found = query.claims(g, as_frame=True), query.claims(store, as_frame=True)
    assert isinstance(expected, pd.DataFrame) and isinstance(found, pd.DataFrame)
    assert found.equals(expected) and len(found)


def test_contested(both: Both) -> None:
    g, store = both
    expected = query.contested(g)
    if not expected:
        pytest.skip("no claimant in this dataset denies what another asserts")
    assert query.contested(store).ids() == expected.ids()


@pytest.mark.parametrize(
    ("ask", "options"),
    [
        (query.events, {"actor": "no-such-actor"}),
        (query.events, {"actor": "a"}),  # a fragment of many names: ambiguous
        (query.events, {"role": "speakr"}),
        (query.events, {"during": "no such event at all"}),
        (query.events, {"after": "2010-13"}),
        (query.events, {"min_sources": -1}),
        (query.events, {"start": "2011", "end": "2010"}),
        (query.events, {"certainty": "likely"}),
        (query.search, {"text": "   "}),
        (query.search, {"text": "x", "kind": "claim"}),
    ],
)
def test_bad_requests_fail_alike(
    both: Both, ask: Callable[..., Any], options: dict[str, Any]
) -> None:
    g, store = both
    options = dict(options)
    args = (options.pop("text"),) if "text" in options else ()
    expected = _outcome(lambda on: ask(on, *args, **options), g)
    assert isinstance(expected, Failed), expected
    assert _outcome(lambda on: ask(on, *args, **options), store) == expected


def test_unknown_and_titled_events_resolve_alike(both: Both) -> None:
    g, store = both
    e = g.events()[-1]
    for text in (e.title, e.title.upper(), e.id.upper(), e.id[:-1] + "x", "zzzz"):

        def ask(on: Any, text: str = text) -> list[str]:
            return query.causes(on, text).ids()

        assert _outcome(ask, store) == _outcome(ask, g), text


def test_whole_graph_questions(both: Both) -> None:
    # Answered from the export loaded into memory: the same answers, from the same call.
    g, store = both
    rng = random.Random(11)
    cases: list[dict[str, Any]] = [{"ask": "busiest"}]
    for a in rng.sample(_busy(g, 30), min(8, len(_busy(g, 30)))):
        e = rng.choice(g.by_actor[a].events)
        start, end = _near(rng, e)
        cases += [
            {"ask": "profile", "actor": rng.choice([a, g.actor(a).name])},
            {"ask": "busiest", "start": start, "end": end},
            {"ask": "path", "x": a, "y": e.id},
            {"ask": "around", "node": rng.choice([a, e.id]), "hops": rng.choice([0, 1])},
        ]

    def ask(on: Any, o: dict[str, Any]) -> Any:
        if o["ask"] == "profile":
            return query.actor_profile(on, o["actor"])
        if o["ask"] == "busiest":
            return query.busiest_dyad(on, start=o.get("start"), end=o.get("end"))
        if o["ask"] == "path":
            return query.explain_path(on, o["x"], o["y"])
        part = query.neighbourhood(on, o["node"], o["hops"])
        return sorted(part.nx.nodes), sorted(part.nx.edges(keys=True))

    _compare(g, store, cases, ask, lambda answer: 1 if answer else 0)


def test_querying_a_graph_never_imports_duckdb() -> None:
    import subprocess
    import sys

    code = (
        "import sys, dprkgraph; from dprkgraph import query; g = dprkgraph.load_graph(); "
        "query.events(g, actor='prk'); query.search(g, 'talks'); query.dyad(g, 'usa', 'prk');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('duckdb', 'pyarrow')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
