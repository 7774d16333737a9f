"""Seeded synthetic datasets of any size, shaped like real event data, for benchmarks and
tests of scale.

The shape: about six participants an event drawn from about N/10 actors with a Zipf-like
skew (a few actors take part in most events, as states do in real data); dates spread over
twenty years at mixed precision (mostly days, some months and years, a few approximate);
CAMEO codes from the shipped table; one citation with a quote; one or two relations to
earlier events (so ``led_to`` and ``part_of`` never form cycles).

Examples
--------
>>> ds = generate(50, seed=1)
>>> len(ds.events), len(ds.actors) >= 20
(50, True)
>>> generate(50, seed=1) == ds
True
"""

from __future__ import annotations

import json
import random
from bisect import bisect_left
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from dprkgraph import cameo
from dprkgraph.model import (
    Actor,
    ActorKind,
    Dataset,
    Event,
    EventType,
    RelationType,
    Role,
    Source,
    SourceKind,
)
from dprkgraph.output import atomic_write

__all__ = ["generate", "records", "write_jsonl"]

_START = date(2000, 1, 1)
_DAYS = 20 * 365
_KINDS = [
    ActorKind.STATE,
    ActorKind.PERSON,
    ActorKind.GOVERNMENT_BODY,
    ActorKind.INTERNATIONAL_ORGANISATION,
    ActorKind.NON_GOVERNMENTAL_ORGANISATION,
]
_TYPES = [t.value for t in EventType]
_ROLES = [
    Role.INITIATOR.value,
    Role.TARGET.value,
    Role.PARTY.value,
    Role.SPEAKER.value,
    Role.HOST.value,
    Role.VISITOR.value,
]
_RELATIONS = [
    RelationType.LED_TO.value,
    RelationType.RESPONSE_TO.value,
    RelationType.FOLLOWS_UP.value,
    RelationType.REFERS_TO.value,
    RelationType.PART_OF.value,
]


def _date_text(rng: random.Random, day: date) -> str:
    roll = rng.random()
    if roll < 0.70:
        text = day.isoformat()
    elif roll < 0.90:
        text = day.isoformat()[:7]
    else:
        text = day.isoformat()[:4]
    return text + "~" if rng.random() < 0.03 else text


def records(
    n: int, *, seed: int = 0
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Plain records (as in the YAML or JSON Lines files) for ``n`` events: events, actors,
    sources."""
    rng = random.Random(seed)
    n_actors = max(20, n // 10)
    n_sources = max(1, n // 100)
    actors = [
        {
            "id": f"actor-{i}",
            "name": f"Actor {i}",
            "kind": _KINDS[i % len(_KINDS)].value,
            "aliases": [f"A{i}"] if i % 7 == 0 else [],
        }
        for i in range(n_actors)
    ]
    sources = [
        {
            "id": f"source-{i}",
            "title": f"Report {i}",
            "publisher": "Synthetic Wire",
            "kind": SourceKind.ARTICLE.value,
        }
        for i in range(n_sources)
    ]
    weights = list(accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(n_actors)))
    total = weights[-1]
    codes = sorted(cameo.codes())
    days = sorted(rng.randrange(_DAYS) for _ in range(n))
    events = []
    for i in range(n):
        k = min(n_actors, max(2, round(rng.gauss(6, 2))))
        chosen: dict[int, None] = {}
        while len(chosen) < k:
            chosen[bisect_left(weights, rng.random() * total)] = None
        event: dict[str, Any] = {
            "id": f"event-{i}",
            "title": f"Event {i}",
            "date": _date_text(rng, _START + timedelta(days=days[i])),
            "type": rng.choice(_TYPES),
            "cameo": rng.choice(codes),
            "participants": [
                {"actor": f"actor-{a}", "role": _ROLES[j % len(_ROLES)]}
                for j, a in enumerate(chosen)
            ],
            "sources": [
                {
                    "source": f"source-{rng.randrange(n_sources)}",
                    "quote": f"the wire reported event {i}",
                }
            ],
        }
        if i > 0:
            targets = {rng.randrange(i) for _ in range(rng.choice((1, 2)))}
            event["relations"] = [
                {"type": rng.choice(_RELATIONS), "event": f"event-{t}"} for t in sorted(targets)
            ]
        events.append(event)
    return events, actors, sources


def generate(n: int, *, seed: int = 0) -> Dataset:
    """A validated synthetic :class:`Dataset` of ``n`` events."""
    events, actors, sources = records(n, seed=seed)
    return Dataset(
        events=tuple(Event.model_validate(e) for e in events),
        actors=tuple(Actor.model_validate(a) for a in actors),
        sources=tuple(Source.model_validate(s) for s in sources),
    )


def _lines(items: list[dict[str, Any]]) -> Iterator[str]:
    for item in items:
        yield json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_jsonl(n: int, directory: str | Path, *, seed: int = 0) -> Path:
    """Write a synthetic dataset of ``n`` events as JSON Lines files into ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for name, items in zip(("events", "actors", "sources"), records(n, seed=seed), strict=True):
        with atomic_write(out / f"{name}.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(_lines(items))
    return out
