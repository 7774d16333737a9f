"""Search and causal chains at 10k and 100k events, against what an analyst would use instead.

Search: the synthetic events get titles and summaries drawn from a Zipf-distributed
vocabulary of diplomatic words, so common words are common and rare ones rare. Queries are
drawn the way people ask: two words, or a three-word phrase, taken from a random passage, so
frequent words come up as often as they appear. Every query is checked against a pandas scan
of the same passages with the same rule (every word must start a word of the passage, or the
phrase occur word for word; case ignored), the best ten must be the head of the whole answer
and the whole answer in rank order; the answer sizes are reported. "top 10" is what the
command line's table shows; "every hit" builds every hit with its snippet. The SQLite FTS5
index (BM25 over every match, then the best ten) is timed on the same rows for comparison.
Wall and CPU time are both given: the machine may be shared.

Causal chains: causes() and consequences() of events drawn uniformly, checked against
networkx's ancestors/descendants on a graph of the same links built once beforehand.
"""

from __future__ import annotations

import itertools
import random
import re
import statistics
import time
from typing import Any

from common import SIZES, percentiles, sizes

WORDS = [
    "talks",
    "sanctions",
    "envoy",
    "nuclear",
    "missile",
    "launch",
    "summit",
    "agreement",
    "statement",
    "denial",
    "border",
    "navy",
    "treasury",
    "embargo",
    "council",
    "resolution",
    "ministry",
    "delegation",
    "visit",
    "release",
    "detention",
    "inspection",
    "reactor",
    "uranium",
    "plutonium",
    "test",
    "warning",
    "protest",
    "condemnation",
    "negotiation",
    "mediator",
    "ceasefire",
    "exercise",
    "artillery",
    "coast",
    "guard",
    "ship",
    "torpedo",
    "freeze",
    "aid",
    "food",
    "humanitarian",
    "reunion",
    "families",
    "bilateral",
    "multilateral",
    "framework",
]


def enrich(records: list[dict[str, Any]], seed: int) -> None:
    """Give each event a title and summary of Zipf-distributed words."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    for e in records:
        e["title"] = " ".join(rng.choices(WORDS, weights, k=rng.randint(3, 6))).capitalize()
        e["summary"] = " ".join(rng.choices(WORDS, weights, k=rng.randint(10, 25))) + "."


def workload(passages: list[str], rng: random.Random, n: int) -> list[str]:
    queries = []
    for _ in range(n):
        words = rng.choice(passages).rstrip(".").split()
        if rng.random() < 0.5 or len(words) < 3:
            queries.append(" ".join(rng.sample(words, min(2, len(words)))))
        else:
            i = rng.randrange(len(words) - 2)
            queries.append('"' + " ".join(words[i : i + 3]) + '"')
    return queries


def pandas_rule(query: str) -> re.Pattern[str] | list[re.Pattern[str]]:
    if query.startswith('"'):
        return re.compile(
            r"(?<!\w)" + r"\W+".join(map(re.escape, query.strip('"').split())) + r"(?!\w)",
            re.IGNORECASE,
        )
    return [re.compile(r"(?<!\w)" + re.escape(w), re.IGNORECASE) for w in query.split()]


def fts5_baseline(rows: list[tuple[str, str, str, str, str]]) -> tuple[Any, float]:
    """The SQLite FTS5 index search used before: BM25 over every match, then the best ten."""
    import sqlite3

    start = time.perf_counter()
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE passage USING fts5(body, node UNINDEXED, kind UNINDEXED, "
        "field UNINDEXED, place UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
    )
    with db:
        db.executemany("INSERT INTO passage VALUES (?, ?, ?, ?, ?)", rows)
    return db, time.perf_counter() - start


def fts5_top10(db: Any, query: str) -> list[Any]:
    words = query.strip('"').split()
    match = (
        f'"{" ".join(words)}"' if query.startswith('"') else " AND ".join(f'"{w}" *' for w in words)
    )
    return db.execute(
        "SELECT node, field, snippet(passage, 0, '[', ']', '…', 24) FROM passage "
        "WHERE passage MATCH ? AND kind = 'event' ORDER BY rank LIMIT 10",
        (match,),
    ).fetchall()


def timed_call(fn: Any) -> tuple[Any, float, float]:
    """The result, wall seconds and CPU seconds of ``fn()``."""
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - w0, time.process_time() - c0


def bench_search(label: str) -> None:
    import pandas as pd

    from dprkgraph.graph import build_graph
    from dprkgraph.model import Actor, Dataset, Event, Source
    from dprkgraph.query import search
    from dprkgraph.synthetic import records
    from dprkgraph.textsearch import passages as text_rows

    n = SIZES[label]
    events, actors, sources = records(n, seed=7)
    enrich(events, seed=7)
    dataset = Dataset(
        events=tuple(Event.model_validate(e) for e in events),
        actors=tuple(Actor.model_validate(a) for a in actors),
        sources=tuple(Source.model_validate(s) for s in sources),
    )
    g = build_graph(dataset)
    _, built, built_cpu = timed_call(lambda: g.text_index)  # built on first use; timed alone
    rows = list(text_rows(dataset))
    db, fts_built = fts5_baseline(rows)
    frame = pd.DataFrame(
        [
            (e.id, f, text)
            for e in dataset.events
            for f, text in (("title", e.title), ("summary", e.summary or ""))
        ],
        columns=["id", "field", "text"],
    )
    queries = workload(list(frame["text"]), random.Random(11), 200)
    samples: dict[str, list[float]] = {
        name: [] for name in ("top", "top cpu", "all", "all cpu", "fts5", "pandas")
    }
    answers = []
    for q in queries:
        top, wall, cpu = timed_call(lambda: search(g, q, kind="event", limit=10))
        samples["top"].append(wall)
        samples["top cpu"].append(cpu)
        hits, wall, cpu = timed_call(lambda: search(g, q, kind="event"))
        samples["all"].append(wall)
        samples["all cpu"].append(cpu)
        _, wall, _ = timed_call(lambda: fts5_top10(db, q))
        samples["fts5"].append(wall)
        t0 = time.perf_counter()
        rule = pandas_rule(q)
        if isinstance(rule, list):
            mask = pd.Series(True, index=frame.index)
            for r in rule:
                mask &= frame["text"].str.contains(r)
        else:
            mask = frame["text"].str.contains(rule)
        samples["pandas"].append(time.perf_counter() - t0)
        expected = set(zip(frame["id"][mask], frame["field"][mask], strict=True))
        got = {(m.id, m.field) for m in hits if m.field in ("title", "summary")}
        assert got == expected, f"answers differ for {q!r}: {len(got)} vs {len(expected)}"
        assert top == hits[:10], f"the best ten of {q!r} are not the head of every hit"
        assert all(a.rank <= b.rank for a, b in itertools.pairwise(hits)), q
        answers.append(len(hits))
    p50, p90 = percentiles(answers)
    print(
        f"\nsearch at {label} events ({len(rows):,} passages; index built in {built:.1f} s, "
        f"{built_cpu:.1f} s CPU; FTS5 index of the same rows {fts_built:.1f} s)"
    )
    print(
        f"answers: median {p50:,.0f} hits, p90 {p90:,.0f}, largest {max(answers):,}, "
        f"empty {sum(a == 0 for a in answers)} of {len(answers)}"
    )
    print(f"{'engine':<34}{'p50 ms':>10}{'p90 ms':>10}{'mean ms':>10}")
    for name, key in (
        ("dprkgraph search, top 10", "top"),
        ("  the same, CPU time", "top cpu"),
        ("dprkgraph search, every hit", "all"),
        ("  the same, CPU time", "all cpu"),
        ("SQLite FTS5, top 10 by rank", "fts5"),
        ("pandas str.contains scan", "pandas"),
    ):
        p50, p90 = percentiles(samples[key])
        print(
            f"{name:<34}{p50 * 1e3:>10.2f}{p90 * 1e3:>10.2f}"
            f"{statistics.fmean(samples[key]) * 1e3:>10.2f}"
        )


def bench_causes(label: str) -> None:
    import networkx as nx

    from dprkgraph.graph import build_graph
    from dprkgraph.query import causes, consequences
    from dprkgraph.synthetic import generate

    g = build_graph(generate(SIZES[label], seed=7))
    links = nx.DiGraph()
    for e in g.dataset.events:
        for r in e.relations:
            if r.type.value == "led_to":
                links.add_edge(e.id, r.event)
            elif r.type.value == "response_to":
                links.add_edge(r.event, e.id)
    rng = random.Random(5)
    picks = [rng.choice(g.dataset.events).id for _ in range(300)]
    start = time.perf_counter()
    causes(g, picks[0])
    first = time.perf_counter() - start
    ours, theirs, sizes_ = [], [], []
    for eid in picks:
        t0 = time.perf_counter()
        back, ahead = causes(g, eid), consequences(g, eid)
        t1 = time.perf_counter()
        want_back = nx.ancestors(links, eid) if eid in links else set()
        want_ahead = nx.descendants(links, eid) if eid in links else set()
        t2 = time.perf_counter()
        assert set(back.ids()) == want_back and set(ahead.ids()) == want_ahead, eid
        ours.append((t1 - t0) / 2)
        theirs.append((t2 - t1) / 2)
        sizes_.append(len(want_back) + len(want_ahead))
    print(
        f"\ncauses/consequences at {label} events (first call, building the link index: "
        f"{first * 1e3:.0f} ms; median answer {statistics.median(sizes_):.0f} events)"
    )
    print(f"{'engine':<28}{'p50 ms':>10}{'p90 ms':>10}{'mean ms':>10}")
    for name, samples in (("dprkgraph", ours), ("networkx ancestors/desc.", theirs)):
        p50, p90 = percentiles(samples)
        print(
            f"{name:<28}{p50 * 1e3:>10.3f}{p90 * 1e3:>10.3f}"
            f"{statistics.fmean(samples) * 1e3:>10.3f}"
        )


def main() -> None:
    for label in sizes("10k,100k"):
        bench_search(label)
        bench_causes(label)


if __name__ == "__main__":
    main()
