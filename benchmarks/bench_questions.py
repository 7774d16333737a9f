"""Search and causal chains at 10k and 100k events, against what an analyst would use instead.

Search: the synthetic events get titles and summaries drawn from a Zipf-distributed
vocabulary of diplomatic words, so common words are common and rare ones rare. Queries are
drawn the way people ask: two words, or a three-word phrase, taken from a random passage, so
frequent words come up as often as they appear. Every query is checked against a pandas scan
of the same passages with the same rule (every word must start a word of the passage, or the
phrase occur word for word; case ignored), and the answer sizes are reported. "top 10" is what
the command line's table shows; "all" builds every hit.

Causal chains: causes() and consequences() of events drawn uniformly, checked against
networkx's ancestors/descendants on a graph of the same links built once beforehand.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from typing import Any

from common import SIZES, percentiles, sizes

WORDS = ("talks sanctions envoy nuclear missile launch summit agreement statement denial "
         "border navy treasury embargo council resolution ministry delegation visit release "
         "detention inspection reactor uranium plutonium test warning protest condemnation "
         "negotiation mediator ceasefire exercise artillery coast guard ship torpedo freeze "
         "aid food humanitarian reunion families bilateral multilateral framework").split()


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
            queries.append('"' + " ".join(words[i:i + 3]) + '"')
    return queries


def pandas_rule(query: str) -> re.Pattern[str] | list[re.Pattern[str]]:
    if query.startswith('"'):
        return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, query.strip('"').split()))
                          + r"(?!\w)", re.IGNORECASE)
    return [re.compile(r"(?<!\w)" + re.escape(w), re.IGNORECASE) for w in query.split()]


def bench_search(label: str) -> None:
    import pandas as pd

    from dprkgraph.graph import build_graph
    from dprkgraph.model import Actor, Dataset, Event, Source
    from dprkgraph.query import search
    from dprkgraph.synthetic import records

    n = SIZES[label]
    events, actors, sources = records(n, seed=7)
    enrich(events, seed=7)
    dataset = Dataset(events=tuple(Event.model_validate(e) for e in events),
                      actors=tuple(Actor.model_validate(a) for a in actors),
                      sources=tuple(Source.model_validate(s) for s in sources))
    g = build_graph(dataset)
    start = time.perf_counter()
    g.text_index  # noqa: B018 - built on first use; timed here on its own
    built = time.perf_counter() - start
    frame = pd.DataFrame([(e.id, f, text) for e in dataset.events
                          for f, text in (("title", e.title), ("summary", e.summary or ""))],
                         columns=["id", "field", "text"])
    passages = list(frame["text"])
    queries = workload(passages, random.Random(11), 200)
    ours_top, ours_all, theirs, answers = [], [], [], []
    for q in queries:
        t0 = time.perf_counter()
        search(g, q, kind="event", limit=10)
        t1 = time.perf_counter()
        hits = search(g, q, kind="event")
        t2 = time.perf_counter()
        rule = pandas_rule(q)
        if isinstance(rule, list):
            mask = pd.Series(True, index=frame.index)
            for r in rule:
                mask &= frame["text"].str.contains(r)
        else:
            mask = frame["text"].str.contains(rule)
        t3 = time.perf_counter()
        expected = set(zip(frame["id"][mask], frame["field"][mask], strict=True))
        got = {(m.id, m.field) for m in hits if m.field in ("title", "summary")}
        assert got == expected, f"answers differ for {q!r}: {len(got)} vs {len(expected)}"
        ours_top.append(t1 - t0)
        ours_all.append(t2 - t1)
        theirs.append(t3 - t2)
        answers.append(len(expected))
    print(f"\nsearch at {label} events (index built in {built:.1f} s; median answer "
          f"{statistics.median(answers):.0f} passages, p90 {percentiles(answers)[1]:.0f}, "
          f"empty {sum(a == 0 for a in answers)} of {len(answers)})")
    print(f"{'engine':<28}{'p50 ms':>10}{'p90 ms':>10}{'mean ms':>10}")
    for name, samples in (("dprkgraph search, top 10", ours_top),
                          ("dprkgraph search, all hits", ours_all),
                          ("pandas str.contains scan", theirs)):
        p50, p90 = percentiles(samples)
        print(f"{name:<28}{p50 * 1e3:>10.2f}{p90 * 1e3:>10.2f}"
              f"{statistics.fmean(samples) * 1e3:>10.2f}")


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
    print(f"\ncauses/consequences at {label} events (first call, building the link index: "
          f"{first * 1e3:.0f} ms; median answer {statistics.median(sizes_):.0f} events)")
    print(f"{'engine':<28}{'p50 ms':>10}{'p90 ms':>10}{'mean ms':>10}")
    for name, samples in (("dprkgraph", ours), ("networkx ancestors/desc.", theirs)):
        p50, p90 = percentiles(samples)
        print(f"{name:<28}{p50 * 1e3:>10.3f}{p90 * 1e3:>10.3f}"
              f"{statistics.fmean(samples) * 1e3:>10.3f}")


def main() -> None:
    for label in sizes("10k,100k"):
        bench_search(label)
        bench_causes(label)


if __name__ == "__main__":
    main()
