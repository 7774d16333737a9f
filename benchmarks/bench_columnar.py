"""Columnar storage: the Parquet export, opening it (set-wise checks), and actor + 90-day
window queries and dyads over all time on four engines in one process.

Engines: dprkgraph in memory (``query.events`` on the EventGraph), dprkgraph columnar
(``ColumnarStore.event_ids``, DuckDB over the Parquet tables), plain DuckDB on a table of
(actor, earliest, latest, id) sorted by actor then date, and pandas with a categorical actor
column and a boolean mask. Workloads (fixed seed): *uniform* picks the actor uniformly from all
actors; *weighted* picks it in proportion to participations (busy actors more often, as
analysts ask). Each query's answer is checked equal across the four engines (same ids, same
order) before its times count. Figures: p50, p90 and mean per query, and the mean answer
size. BENCH_SIZES=100k (default) or 1M; BENCH_QUERIES (default 300) per workload."""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from common import SIZES, save, sizes, table

QUERIES = int(os.environ.get("BENCH_QUERIES", "300"))
_FIRST = date(2000, 1, 1)


def _workload(kind: str, actors: list[str], weighted_pool: list[str], n: int
              ) -> list[tuple[str, date, date]]:
    rng = random.Random(17 if kind == "uniform" else 29)
    out = []
    for _ in range(n):
        actor = rng.choice(actors if kind == "uniform" else weighted_pool)
        start = _FIRST + timedelta(days=rng.randrange(20 * 365))
        out.append((actor, start, start + timedelta(days=89)))
    return out


def _stats(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2]
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return p50 * 1e6, p90 * 1e6, statistics.fmean(samples) * 1e6


def _engines(g: Any, store: Any, duck: Any, frame: Any
             ) -> dict[str, Callable[[str, date, date], list[str]]]:
    """Each engine's answer to (actor, start, end): ids in dprkgraph's order."""
    import pandas as pd

    from dprkgraph import query

    def ours(a: str, s: date, e: date) -> list[str]:
        return [x.id for x in query.events(g, actor=a, start=s, end=e)]

    def columnar(a: str, s: date, e: date) -> list[str]:
        return store.event_ids(actor=a, start=s, end=e)

    def duck_sorted(a: str, s: date, e: date) -> list[str]:
        return [r[0] for r in duck.execute(
            "SELECT id FROM t WHERE actor = ? AND latest >= ? AND earliest <= ? "
            "ORDER BY earliest, latest, id", [a, s, e]).fetchall()]

    def pandas_mask(a: str, s: date, e: date) -> list[str]:
        hit = frame[(frame["actor"] == a) & (frame["latest"] >= pd.Timestamp(s))
                    & (frame["earliest"] <= pd.Timestamp(e))]
        return list(hit.sort_values(["earliest", "latest", "id"])["id"])

    return {
        "dprkgraph in memory": ours, "dprkgraph columnar": columnar,
        "DuckDB sorted by actor": duck_sorted, "pandas categorical mask": pandas_mask}


def _dyad_engines(g: Any, store: Any, duck: Any, frame: Any
                  ) -> dict[str, Callable[[str, str], list[str]]]:
    """Each engine's events of a dyad over all time: ids in dprkgraph's order."""
    from dprkgraph import query

    def ours(a: str, b: str) -> list[str]:
        return query.dyad(g, a, b).ids()

    def columnar(a: str, b: str) -> list[str]:
        return store.event_ids(actors_all=[a, b])

    def duck_sorted(a: str, b: str) -> list[str]:
        return [r[0] for r in duck.execute(
            "SELECT x.id FROM t x JOIN t y ON x.id = y.id WHERE x.actor = ? AND y.actor = ? "
            "ORDER BY x.earliest, x.latest, x.id", [a, b]).fetchall()]

    def pandas_mask(a: str, b: str) -> list[str]:
        both = frame[frame["actor"] == a].merge(frame[frame["actor"] == b][["id"]], on="id")
        return list(both.sort_values(["earliest", "latest", "id"])["id"])

    return {"dprkgraph in memory": ours, "dprkgraph columnar": columnar,
            "DuckDB sorted by actor": duck_sorted, "pandas categorical mask": pandas_mask}


def main() -> list[dict[str, Any]]:
    import duckdb
    import pandas as pd

    from dprkgraph.columnar import ColumnarStore, write_parquet
    from dprkgraph.graph import build_graph
    from dprkgraph.synthetic import generate

    results: list[dict[str, Any]] = []
    for label in sizes("100k"):
        n = SIZES[label]
        t = time.perf_counter()
        dataset = generate(n, seed=7)
        made = time.perf_counter() - t
        g = build_graph(dataset)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            export = write_parquet(dataset, Path(tmp) / "export")
            wrote = time.perf_counter() - t
            t = time.perf_counter()
            store = ColumnarStore.open(export)
            opened = time.perf_counter() - t
            table(f"{label}: Parquet export and open (s); dataset generated in {made:.1f} s",
                  ["write_parquet", "ColumnarStore.open (checks + sort)"], [(wrote, opened)])
            results.append({"events": n, "write_s": wrote, "open_s": opened})

            rows = [(p.actor, e.date.earliest, e.date.latest, e.id)
                    for e in dataset.events for p in e.participants]
            frame = pd.DataFrame(rows, columns=["actor", "earliest", "latest", "id"])
            frame = frame.drop_duplicates(["actor", "id"])
            frame["actor"] = frame["actor"].astype("category")
            frame["earliest"] = pd.to_datetime(frame["earliest"])
            frame["latest"] = pd.to_datetime(frame["latest"])
            duck = duckdb.connect()
            duck.register("frame_view", frame)
            duck.execute("CREATE TABLE t AS SELECT actor::VARCHAR AS actor, earliest::DATE AS "
                         "earliest, latest::DATE AS latest, id FROM frame_view "
                         "ORDER BY actor, earliest")
            weighted_pool = list(frame["actor"].astype(str))
            actors = [a.id for a in dataset.actors]

            engines = _engines(g, store, duck, frame)
            for kind in ("uniform", "weighted"):
                work = _workload(kind, actors, weighted_pool, QUERIES)
                times: dict[str, list[float]] = {name: [] for name in engines}
                sizes_seen = []
                for a, s, e in work:
                    answers = {}
                    for name, fn in engines.items():
                        t = time.perf_counter()
                        answers[name] = fn(a, s, e)
                        times[name].append(time.perf_counter() - t)
                    expected = answers["dprkgraph in memory"]
                    for name, got in answers.items():
                        if got != expected:
                            raise AssertionError(f"{name} disagrees on {(a, s, e)}: "
                                                 f"{len(got)} ids against {len(expected)}")
                    sizes_seen.append(len(expected))
                rows_out = []
                for name in engines:
                    p50, p90, mean = _stats(times[name])
                    rows_out.append((name, p50, p90, mean))
                    results.append({"events": n, "workload": kind, "engine": name,
                                    "p50_us": p50, "p90_us": p90, "mean_us": mean,
                                    "mean_answer": statistics.fmean(sizes_seen)})
                table(f"{label}, actor + 90-day window, {kind} actors, {QUERIES} queries "
                      f"(µs; answers agree; mean answer {statistics.fmean(sizes_seen):.1f} "
                      f"events, max {max(sizes_seen)})",
                      ["engine", "p50", "p90", "mean"], rows_out)
            rng = random.Random(41)
            pairs = []
            while len(pairs) < QUERIES // 3:
                a, b = rng.choice(weighted_pool), rng.choice(weighted_pool)
                if a != b:
                    pairs.append((a, b))
            dyads = _dyad_engines(g, store, duck, frame)
            dyad_times: dict[str, list[float]] = {name: [] for name in dyads}
            answer_sizes = []
            for a, b in pairs:
                dyad_answers = {}
                for name, dyad_fn in dyads.items():
                    t = time.perf_counter()
                    dyad_answers[name] = dyad_fn(a, b)
                    dyad_times[name].append(time.perf_counter() - t)
                if len({tuple(v) for v in dyad_answers.values()}) != 1:
                    raise AssertionError(f"the engines disagree on the dyad {(a, b)}")
                answer_sizes.append(len(dyad_answers["dprkgraph in memory"]))
            dyad_rows = []
            for name in dyads:
                p50, p90, mean = _stats(dyad_times[name])
                dyad_rows.append((name, p50, p90, mean))
                results.append({"events": n, "workload": "dyad weighted", "engine": name,
                                "p50_us": p50, "p90_us": p90, "mean_us": mean,
                                "mean_answer": statistics.fmean(answer_sizes)})
            table(f"{label}, dyad over all time, participation-weighted pairs, {len(pairs)} "
                  f"queries (µs; answers agree; mean answer "
                  f"{statistics.fmean(answer_sizes):.1f} events, max {max(answer_sizes)})",
                  ["engine", "p50", "p90", "mean"], dyad_rows)
            store.close()
    save("columnar", results)
    return results


if __name__ == "__main__":
    main()
