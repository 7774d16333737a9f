"""Curated in memory, Parquet through DuckDB, and what an analyst would use instead: the same
questions to every engine in one process, every answer checked, at 100k and 1M events.

Engines, on the same synthetic data (seed 7; JSON Lines and a Parquet export made once and
kept under out/bench/data):

- *dprkgraph in memory*: ``dprkgraph.load`` of the JSON Lines, then :mod:`dprkgraph.query`
  (answers are model objects: records);
- *dprkgraph columnar*: ``ColumnarStore.open`` of the Parquet export; ``event_ids`` answers
  ids, ``events``/``dyad``/``causes`` answer records (Event objects, built once and kept);
  building records costs milliseconds an event, so the records engines answer only the
  first BENCH_RECORDS (40) questions of each list, and their figures are over those (as
  pyoxigraph's, whose busiest questions take seconds);
- *DuckDB sorted by actor*: one table (actor, role, earliest, latest, id) ordered by actor then
  date, read from the same Parquet files; answers ids;
- *pandas*: the same table as a DataFrame with a categorical actor column and a boolean mask;
  answers ids;
- *pyoxigraph*: SPARQL over the N-Triples of the same data (only at 100k and below: at 1M the
  55 M triples would not load in the time and memory this machine has); answers IRIs.

Workloads (fixed seeds): *uniform* draws the actor uniformly from all actors (most answers
empty); *weighted* draws it from a random participation, so busy actors come up as often as
they take part (how analysts ask). Questions: actor + 90-day window (both workloads); a batch
of 2,000 windows (weighted; ours loops, DuckDB runs one join of a windows table, pandas one
merge); the events of a dyad over all time under the dyad rule (weighted pairs); the causes
of an event along ``led_to``/``response_to`` (drawn from the events that have one; 100k and
below). Every engine's answer to every
timed question is compared with the in-memory one (same ids, same order) and the run stops
at the first disagreement. Figures: p50, p90 and mean wall time, mean CPU time
(``time.process_time``, all threads: DuckDB uses both cores), and the answer sizes.

The cold figures come from fresh interpreters (peak RSS from the kernel's high-water mark):
``ColumnarStore.open`` then the first 300 queries; the same open split into its phases, for
the growth from 100k to 1M; and the in-memory load with its first 300 queries.

BENCH_SIZES (default 100k,1M), BENCH_QUERIES (default 300 a workload), BENCH_COLD_RUNS
(default 1; repeat near a target), BENCH_PARTS (default open,memory,compare: the store's
cold open, the in-memory cold load, the comparison) to run some.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from common import OUT, SIZES, child, dataset, parquet_export, save, sizes, table

QUERIES = int(os.environ.get("BENCH_QUERIES", "300"))
BATCH = 2_000
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "1"))
PARTS = os.environ.get("BENCH_PARTS", "open,memory,compare").split(",")
# Building Event records from Parquet costs milliseconds an event (five scans and a
# validation): the engines that answer records get the first RECORDS questions of each list.
RECORDS = int(os.environ.get("BENCH_RECORDS", "40"))
_FIRST = date(2000, 1, 1)
_REFERENCE = "dprkgraph in memory"

# The dyad rule (dprkgraph.query.faces) as pairs of roles, for the engines that join.
_ACTING = ("initiator", "speaker", "visitor", "accused", "author")
_ACTED_ON = ("target", "addressee", "host", "subject")
_SIDES = ("party", "signatory")
FACING = sorted(
    {
        pair
        for x, y in [
            *((a, b) for a in _ACTING for b in _ACTED_ON),
            *((a, b) for a in _SIDES for b in _SIDES),
            *(("mediator", b) for b in _SIDES),
        ]
        for pair in ((x, y), (y, x))
    }
)

Query = tuple[Any, ...]
# An engine: the timed call, and how to read ids from its answer (outside the timing).
Engine = tuple[Callable[..., Any], Callable[[Any], list[str]]]


def _ids(answer: Any) -> list[str]:
    return list(answer.ids())


def _same(answer: Any) -> list[str]:
    return list(answer)


def windows(pool: Sequence[str], n: int, seed: int) -> list[tuple[str, date, date]]:
    """``n`` (actor, start, end) questions: 90-day windows over the twenty years."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        actor = rng.choice(pool)
        start = _FIRST + timedelta(days=rng.randrange(20 * 365))
        out.append((actor, start, start + timedelta(days=89)))
    return out


def stats(samples: Sequence[float]) -> dict[str, float]:
    """p50, p90 and mean, in milliseconds."""
    ordered = sorted(samples)
    return {
        "p50_ms": ordered[len(ordered) // 2] * 1e3,
        "p90_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))] * 1e3,
        "mean_ms": statistics.fmean(samples) * 1e3,
        "max_ms": ordered[-1] * 1e3,
    }


def compare(
    title: str,
    engines: dict[str, Engine],
    questions: Sequence[Query],
    meta: dict[str, Any],
    limited: int = RECORDS,
) -> list[dict[str, Any]]:
    """Ask every engine every question, check each answer against the in-memory one, and
    print and return the timings."""
    wall: dict[str, list[float]] = {name: [] for name in engines}
    cpu: dict[str, list[float]] = {name: [] for name in engines}
    answer_sizes = []
    for i, q in enumerate(questions):
        answers = {}
        for name, (fn, to_ids) in engines.items():
            if i >= limited and name != _REFERENCE and ("records" in name or "pyoxigraph" in name):
                continue
            c, t = time.process_time(), time.perf_counter()
            got = fn(*q)
            wall[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
            answers[name] = to_ids(got)
        expected = answers[_REFERENCE]
        for name, got_ids in answers.items():
            if got_ids != expected:
                raise AssertionError(
                    f"{title}: {name} disagrees on {q}: {len(got_ids)} ids against {len(expected)}"
                )
        answer_sizes.append(len(expected))
    ordered = sorted(answer_sizes)
    sizes_seen = {
        "answer_mean": statistics.fmean(ordered),
        "answer_p50": ordered[len(ordered) // 2],
        "answer_p90": ordered[int(len(ordered) * 0.9)],
        "answer_max": ordered[-1],
        "answer_empty": sum(1 for s in ordered if s == 0) / len(ordered),
    }
    results, rows = [], []
    for name in engines:
        s = stats(wall[name])
        cpu_mean = statistics.fmean(cpu[name]) * 1e3
        rows.append(
            (name, len(wall[name]), s["p50_ms"], s["p90_ms"], s["mean_ms"], s["max_ms"], cpu_mean)
        )
        results.append(
            {
                **meta,
                "engine": name,
                "questions": len(wall[name]),
                **s,
                "cpu_mean_ms": cpu_mean,
                **sizes_seen,
            }
        )
    table(
        f"{title}: {len(questions)} questions, answers agree (ms; answer sizes mean "
        f"{sizes_seen['answer_mean']:.1f}, p50 {sizes_seen['answer_p50']}, p90 "
        f"{sizes_seen['answer_p90']}, max {sizes_seen['answer_max']}, "
        f"{sizes_seen['answer_empty']:.0%} empty)",
        ["engine", "asked", "p50", "p90", "mean", "max", "CPU mean"],
        rows,
    )
    return results


# -- the engines -----------------------------------------------------------------------------


def duck_table(export: Path) -> Any:
    """A DuckDB connection holding ``t`` (actor, role, earliest, latest, id), sorted by actor
    then date, read from the export's Parquet files."""
    import duckdb

    duck = duckdb.connect()
    duck.execute("SET enable_progress_bar = false")
    duck.execute(f"""
        CREATE TABLE t AS
        SELECT p.actor, p.role, e.earliest, e.latest, e.id
        FROM read_parquet('{export}/participations/**/*.parquet', hive_partitioning=true) p
        JOIN read_parquet('{export}/events/**/*.parquet', hive_partitioning=true) e
          ON e.id = p.event
        ORDER BY p.actor, e.earliest, e.latest, e.id""")
    duck.execute(f"""
        CREATE TABLE causal AS
        SELECT event AS cause, target AS effect
        FROM read_parquet('{export}/relations/**/*.parquet', hive_partitioning=true)
        WHERE type = 'led_to'
        UNION SELECT target, event
        FROM read_parquet('{export}/relations/**/*.parquet', hive_partitioning=true)
        WHERE type = 'response_to'""")
    duck.execute("CREATE TABLE facing (x VARCHAR, y VARCHAR)")
    duck.executemany("INSERT INTO facing VALUES (?, ?)", FACING)
    return duck


def window_engines(g: Any, store: Any, duck: Any, frame: Any, ox: Any) -> dict[str, Engine]:
    import pandas as pd

    from dprkgraph import query

    def duck_sorted(a: str, s: date, e: date) -> list[str]:
        return [
            r[0]
            for r in duck.execute(
                "SELECT id FROM t WHERE actor = ? AND latest >= ? AND earliest <= ? "
                "ORDER BY earliest, latest, id",
                [a, s, e],
            ).fetchall()
        ]

    def pandas_mask(a: str, s: date, e: date) -> list[str]:
        hit = frame[
            (frame["actor"] == a)
            & (frame["latest"] >= pd.Timestamp(s))
            & (frame["earliest"] <= pd.Timestamp(e))
        ]
        return list(hit.sort_values(["earliest", "latest", "id"])["id"])

    engines: dict[str, Engine] = {
        _REFERENCE: (lambda a, s, e: query.events(g, actor=a, start=s, end=e), _ids),
        "dprkgraph columnar, ids": (
            lambda a, s, e: store.event_ids(actor=a, start=s, end=e),
            _same,
        ),
        "dprkgraph columnar, records": (
            lambda a, s, e: store.events(actor=a, start=s, end=e),
            _ids,
        ),
        "DuckDB sorted by actor": (duck_sorted, _same),
        "pandas categorical mask": (pandas_mask, _same),
    }
    if ox is not None:
        engines["pyoxigraph SPARQL"] = (ox.window, _same)
    return engines


def dyad_engines(
    g: Any, store: Any, duck: Any, frame: Any, facing: Any, ox: Any
) -> dict[str, Engine]:
    from dprkgraph import query

    def duck_sorted(a: str, b: str) -> list[str]:
        return [
            r[2]
            for r in duck.execute(
                "SELECT DISTINCT x.earliest, x.latest, x.id FROM t x "
                "JOIN t y ON x.id = y.id AND y.actor = ? "
                "JOIN facing f ON f.x = x.role AND f.y = y.role "
                "WHERE x.actor = ? ORDER BY ALL",
                [b, a],
            ).fetchall()
        ]

    def pandas_mask(a: str, b: str) -> list[str]:
        both = frame[frame["actor"] == a].merge(
            frame.loc[frame["actor"] == b, ["id", "role"]], on="id", suffixes=("", "_b")
        )
        both = both.merge(facing, left_on=["role", "role_b"], right_on=["x", "y"])
        both = both.drop_duplicates("id").sort_values(["earliest", "latest", "id"])
        return list(both["id"])

    engines: dict[str, Engine] = {
        _REFERENCE: (lambda a, b: query.dyad(g, a, b), _ids),
        "dprkgraph columnar, records": (lambda a, b: store.dyad(a, b), _ids),
        "DuckDB sorted by actor": (duck_sorted, _same),
        "pandas categorical mask": (pandas_mask, _same),
    }
    if ox is not None:
        engines["pyoxigraph SPARQL"] = (ox.dyad, _same)
    return engines


def cause_engines(g: Any, store: Any, duck: Any, ox: Any) -> dict[str, Engine]:
    from dprkgraph import query

    def duck_recursive(event: str) -> list[str]:
        return [
            r[0]
            for r in duck.execute(
                """
            WITH RECURSIVE r(id) AS (
                SELECT cause FROM causal WHERE effect = ?
                UNION SELECT c.cause FROM causal c JOIN r ON c.effect = r.id)
            SELECT DISTINCT t.id, t.earliest, t.latest FROM r JOIN t USING (id)
            WHERE r.id <> ? ORDER BY t.earliest, t.latest, t.id""",
                [event, event],
            ).fetchall()
        ]

    engines: dict[str, Engine] = {
        _REFERENCE: (lambda e: query.causes(g, e), _ids),
        "dprkgraph columnar, records": (lambda e: store.causes(e), _ids),
        "DuckDB recursive CTE": (duck_recursive, _same),
    }
    if ox is not None:
        engines["pyoxigraph SPARQL"] = (ox.causes, _same)
    return engines


class Oxigraph:
    """SPARQL over the N-Triples of the dataset in pyoxigraph. The values go in a VALUES
    block (its substitutions do not steer the join); every value is generated here."""

    PREFIX = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX dg: <https://w3id.org/dprkgraph/vocab#>
"""
    WINDOW = (
        PREFIX
        + """SELECT DISTINCT ?event ?earliest ?latest WHERE {
  VALUES (?actor ?start ?end) { %s }
  ?event sem:hasActor/rdf:value ?actor ;
         sem:hasEarliestBeginTimeStamp ?earliest ;
         sem:hasLatestEndTimeStamp ?latest .
  FILTER (?latest >= ?start && ?earliest <= ?end)
} ORDER BY ?earliest ?latest ?event"""
    )
    DYAD = (
        PREFIX
        + """SELECT DISTINCT ?event ?earliest ?latest WHERE {
  VALUES (?a ?b) { %s }
  VALUES (?ra ?rb) { %s }
  ?event sem:hasActor ?pa, ?pb ;
         sem:hasEarliestBeginTimeStamp ?earliest ;
         sem:hasLatestEndTimeStamp ?latest .
  ?pa rdf:value ?a ; sem:roleType ?ra .
  ?pb rdf:value ?b ; sem:roleType ?rb .
} ORDER BY ?earliest ?latest ?event"""
    )
    CAUSES = (
        PREFIX
        + """SELECT DISTINCT ?cause ?earliest ?latest WHERE {
  VALUES ?event { %s }
  ?cause (dg:ledTo|^dg:responseTo)+ ?event ;
         sem:hasEarliestBeginTimeStamp ?earliest ;
         sem:hasLatestEndTimeStamp ?latest .
  FILTER (?cause != ?event)
} ORDER BY ?earliest ?latest ?cause"""
    )

    def __init__(self, nt: Path) -> None:
        import pyoxigraph

        from dprkgraph.rdfmap import Iris

        self.iris = Iris()
        self.store = pyoxigraph.Store()
        self.store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
        role = "<https://w3id.org/dprkgraph/vocab/role/%s>"
        self.roles = " ".join(f"({role % x} {role % y})" for x, y in FACING)

    def _events(self, query: str, variable: str) -> list[str]:
        return [self.iris.id_of(s[variable].value, "event") for s in self.store.query(query)]

    def window(self, actor: str, start: date, end: date) -> list[str]:
        xsd = "^^<http://www.w3.org/2001/XMLSchema#date>"
        values = f'(<{self.iris.actor(actor)}> "{start}"{xsd} "{end}"{xsd})'
        return self._events(self.WINDOW % values, "event")

    def dyad(self, a: str, b: str) -> list[str]:
        pair = f"(<{self.iris.actor(a)}> <{self.iris.actor(b)}>)"
        return self._events(self.DYAD % (pair, self.roles), "event")

    def causes(self, event: str) -> list[str]:
        return self._events(self.CAUSES % f"<{self.iris.event(event)}>", "cause")


# -- cold: fresh interpreters ----------------------------------------------------------------

_OPEN = """
import gc, json, time
from pathlib import Path
from datetime import date
from dprkgraph.columnar import ColumnarStore
questions = json.loads(Path({questions!r}).read_text())
c, t = time.process_time(), time.perf_counter()
store = ColumnarStore.open({export!r})
result = {{"open_s": time.perf_counter() - t, "open_cpu_s": time.process_time() - c,
          "gc_collections": [s["collections"] for s in gc.get_stats()]}}
for kind, ask, asked in (("first_s", store.event_ids, questions),
                         ("records_s", store.events, questions[:{records}])):
    times, cpu = [], []
    for actor, start, end in asked:
        c, t = time.process_time(), time.perf_counter()
        ask(actor=actor, start=date.fromisoformat(start), end=date.fromisoformat(end))
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    result[kind] = times
    result[kind.replace("_s", "_cpu_max_ms")] = max(cpu) * 1e3
"""

_PHASES = """
import time
from pathlib import Path
from dprkgraph.columnar import engine, store as store_module
root = Path({export!r})
result = {{}}
def phase(name, fn):
    c, t = time.process_time(), time.perf_counter()
    out = fn()
    result[name] = [time.perf_counter() - t, time.process_time() - c]
    return out
con = phase("connect", engine.connect)
phase("read the Parquet tables", lambda: engine.open_tables(con, root))
problems = []
for name in ("values", "ids", "references", "dates", "scores", "cycles"):
    phase("check " + name, lambda: getattr(engine, "_check_" + name)(con, problems))
assert not problems, problems
for statement in [s for s in store_module._PREPARE.split(";") if s.strip()]:
    name = "prepare " + statement.split()[2]
    phase(name, lambda: con.execute(statement))
phase("prepare members", lambda: store_module._prepare_members(con, engine.written_rule(root)))
phase("store (actor ids)", lambda: store_module.ColumnarStore(con, root))
"""

_MEMORY = """
import gc, json, time
from pathlib import Path
from datetime import date
import dprkgraph
from dprkgraph import query
questions = json.loads(Path({questions!r}).read_text())
c, t = time.process_time(), time.perf_counter()
g = dprkgraph.build_graph(dprkgraph.load({jsonl!r}, cache=False))
result = {{"load_s": time.perf_counter() - t, "load_cpu_s": time.process_time() - c}}
t = time.perf_counter()
g.by_actor
result["index_s"] = time.perf_counter() - t
times, cpu = [], []
for actor, start, end in questions:
    c, t = time.process_time(), time.perf_counter()
    query.events(g, actor=actor, start=date.fromisoformat(start), end=date.fromisoformat(end))
    times.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
result["first_s"] = times
result["first_cpu_max_ms"] = max(cpu) * 1e3
"""


def cold(label: str, export: Path, jsonl: Path, questions: Path) -> list[dict[str, Any]]:
    """Load figures in fresh interpreters, each run COLD_RUNS times."""
    n = SIZES[label]
    results: list[dict[str, Any]] = []
    for run in range(COLD_RUNS if "open" in PARTS else 0):
        got = child(_OPEN.format(export=str(export), questions=str(questions), records=RECORDS))
        first, records = got.pop("first_s"), got.pop("records_s")
        over = sum(1 for x in first if x > 0.010)
        results.append(
            {
                "events": n,
                "part": "open",
                "run": run,
                **got,
                "first_max_ms": max(first) * 1e3,
                "first_over_10ms": over,
                "first_p50_ms": sorted(first)[len(first) // 2] * 1e3,
                "first_ms": [round(x * 1e3, 3) for x in first],
                "records_ms": [round(x * 1e3, 3) for x in records],
            }
        )
        table(
            f"{label}: ColumnarStore.open of the Parquet export in a fresh interpreter "
            f"(run {run + 1}), then the first {len(first)} actor + window queries "
            f"(weighted; ids), then {len(records)} more asking for records",
            [
                "open s",
                "open CPU s",
                "peak RSS MB",
                "first p50 ms",
                "first max ms",
                "over 10 ms",
                "first max CPU ms",
                "records p50 ms",
                "records max ms",
            ],
            [
                (
                    got["open_s"],
                    got["open_cpu_s"],
                    got["rss_mb"],
                    sorted(first)[len(first) // 2] * 1e3,
                    max(first) * 1e3,
                    over,
                    got["first_cpu_max_ms"],
                    sorted(records)[len(records) // 2] * 1e3,
                    max(records) * 1e3,
                )
            ],
        )
    for run in range(COLD_RUNS if "open" in PARTS else 0):
        phases = child(_PHASES.format(export=str(export)))
        rss = phases.pop("rss_mb")
        results.append({"events": n, "part": "phases", "run": run, "rss_mb": rss, "phases": phases})
        table(
            f"{label}: the same open, phase by phase (run {run + 1}; peak RSS {rss:,.0f} MB)",
            ["phase", "wall s", "CPU s"],
            [(k, *v) for k, v in phases.items()],
        )
    for run in range(COLD_RUNS if "memory" in PARTS else 0):
        got = child(_MEMORY.format(jsonl=str(jsonl), questions=str(questions)))
        first = got.pop("first_s")
        over = sum(1 for x in first if x > 0.010)
        results.append(
            {
                "events": n,
                "part": "memory",
                "run": run,
                **got,
                "first_max_ms": max(first) * 1e3,
                "first_over_10ms": over,
                "first_ms": [round(x * 1e3, 3) for x in first],
            }
        )
        table(
            f"{label}: in memory from JSON Lines in a fresh interpreter (run {run + 1}), "
            f"then the first {len(first)} queries",
            [
                "load s",
                "load CPU s",
                "index s",
                "peak RSS MB",
                "first max ms",
                "over 10 ms",
                "first max CPU ms",
            ],
            [
                (
                    got["load_s"],
                    got["load_cpu_s"],
                    got["index_s"],
                    got["rss_mb"],
                    max(first) * 1e3,
                    over,
                    got["first_cpu_max_ms"],
                )
            ],
        )
    return results


# -- the comparison in one process -----------------------------------------------------------


def batch(
    g: Any, store: Any, duck: Any, frame: Any, work: list[tuple[str, date, date]]
) -> list[dict[str, Any]]:
    """2,000 windows at once: ours in a loop (the API has no batch call; it answers records),
    DuckDB one join of a windows table, pandas one merge (up to 100k events), both answering
    ids; each answer checked against ours, query by query."""
    import pandas as pd

    from dprkgraph import query

    def ours() -> list[Any]:
        return [query.events(g, actor=a, start=s, end=e) for a, s, e in work]

    def columnar() -> list[list[str]]:
        return [store.event_ids(actor=a, start=s, end=e) for a, s, e in work]

    wins = pd.DataFrame(work, columns=["actor", "s", "e"])
    wins["qid"] = range(len(wins))

    def grouped(pairs: Any) -> list[list[str]]:
        out: list[list[str]] = [[] for _ in work]
        for qid, eid in pairs:
            out[qid].append(eid)
        return out

    def duck_join() -> list[list[str]]:
        duck.register("wins", wins)
        rows = duck.execute(
            "SELECT w.qid, t.id FROM wins w JOIN t ON t.actor = w.actor "
            "AND t.latest >= w.s AND t.earliest <= w.e "
            "ORDER BY w.qid, t.earliest, t.latest, t.id"
        ).fetchall()
        duck.unregister("wins")
        return grouped(rows)

    def pandas_merge() -> list[list[str]]:
        keyed = wins.assign(
            s=pd.to_datetime(wins["s"]),
            e=pd.to_datetime(wins["e"]),
            actor=wins["actor"].astype(frame["actor"].dtype),
        )
        hit = keyed.merge(frame, on="actor")
        hit = hit[(hit["latest"] >= hit["s"]) & (hit["earliest"] <= hit["e"])]
        hit = hit.sort_values(["qid", "earliest", "latest", "id"])
        return grouped(zip(hit["qid"], hit["id"], strict=True))

    # The target pair three times each, the others once. pandas' merge on the actor makes
    # every (window, participation of that actor) pair before filtering: past 100k events
    # that is billions of rows for the busiest actors, so it is left out there.
    runs = {
        "dprkgraph in memory, loop": (ours, 3),
        "DuckDB, one join": (duck_join, 3),
        "dprkgraph columnar ids, loop": (columnar, 1),
    }
    if len(frame) <= 1_000_000:
        runs["pandas, one merge"] = (pandas_merge, 1)
    results, rows, expected = [], [], None
    for name, (fn, times) in runs.items():
        for attempt in range(times):
            c, t = time.process_time(), time.perf_counter()
            got = fn()
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            got = [x if isinstance(x, list) else x.ids() for x in got]  # records to ids
            if expected is None:
                expected = got
            elif got != expected:
                bad = next(i for i, (x, y) in enumerate(zip(got, expected, strict=True)) if x != y)
                raise AssertionError(f"batch: {name} disagrees on {work[bad]}")
            rows.append((name, attempt + 1, wall, cpu))
            results.append({"engine": name, "run": attempt, "wall_s": wall, "cpu_s": cpu})
    total = sum(len(x) for x in expected or [])
    table(
        f"batch of {len(work):,} windows, participation-weighted, answers "
        f"agree ({total:,} ids in all)",
        ["engine", "run", "wall s", "CPU s"],
        rows,
    )
    return [{**r, "answer_total": total} for r in results]


def compare_all(label: str, export: Path, jsonl: Path, pool_file: Path) -> list[dict[str, Any]]:
    import pandas as pd

    import dprkgraph
    from dprkgraph.columnar import ColumnarStore

    n = SIZES[label]
    t = time.perf_counter()
    g = dprkgraph.build_graph(dprkgraph.load(jsonl, cache=False))
    built = (g.by_actor, g.by_actor_role, g.incoming)  # the indexes the questions use
    g.actor(g.dataset.actors[0].id)  # and the lookup by id, which dyad's first call builds
    loaded = time.perf_counter() - t
    t = time.perf_counter()
    store = ColumnarStore.open(export)
    opened = time.perf_counter() - t
    t = time.perf_counter()
    duck = duck_table(export)
    frame = duck.execute("SELECT * FROM t").df()
    frame["actor"] = frame["actor"].astype("category")
    frame["role"] = frame["role"].astype("category")
    frame["earliest"] = pd.to_datetime(frame["earliest"])
    frame["latest"] = pd.to_datetime(frame["latest"])
    facing = pd.DataFrame(FACING, columns=["x", "y"])
    tabled = time.perf_counter() - t
    ox = None
    ox_s = float("nan")
    if n <= 100_000:
        from dprkgraph.stream import write_stream

        nt = OUT / "data" / f"{label}.nt"
        if not nt.exists():
            write_stream(g.dataset, nt, "ntriples")
        t = time.perf_counter()
        ox = Oxigraph(nt)
        ox_s = time.perf_counter() - t
    table(
        f"{label}: setting up the engines (s; in memory {len(built[0]):,} actors indexed)",
        ["in memory (load + indexes)", "columnar open", "DuckDB table + pandas", "pyoxigraph"],
        [(loaded, opened, tabled, ox_s)],
    )
    meta = {"events": n}
    results: list[dict[str, Any]] = [
        {
            **meta,
            "setup": {
                "memory_s": loaded,
                "columnar_s": opened,
                "duckdb_pandas_s": tabled,
                "oxigraph_s": ox_s,
            },
        }
    ]

    pool = json.loads(pool_file.read_text())
    actors = [a.id for a in g.actors()]
    engines = window_engines(g, store, duck, frame, ox)
    for kind, who, seed in (("uniform", actors, 17), ("weighted", pool, 29)):
        work = windows(who, QUERIES, seed)
        results += compare(
            f"{label}, actor + 90-day window, {kind}",
            engines,
            work,
            {**meta, "question": "window", "workload": kind},
        )
    results += [
        {**meta, "question": "batch", **r}
        for r in batch(g, store, duck, frame, windows(pool, BATCH, 31))
    ]
    rng = random.Random(41)
    pairs: list[Query] = []
    while len(pairs) < QUERIES // 2:
        a, b = rng.choice(pool), rng.choice(pool)
        if a != b:
            pairs.append((a, b))
    results += compare(
        f"{label}, dyad over all time, weighted pairs",
        dyad_engines(g, store, duck, frame, facing, ox),
        pairs,
        {**meta, "question": "dyad", "workload": "weighted"},
        # at 1M a busy pair's records take minutes to build from Parquet
        limited=RECORDS if n < 1_000_000 else RECORDS // 4,
    )
    if n <= 100_000:
        effects = [
            r[0]
            for r in duck.execute("SELECT DISTINCT effect FROM causal ORDER BY effect").fetchall()
        ]
        rng = random.Random(43)
        chosen: list[Query] = [(rng.choice(effects),) for _ in range(QUERIES // 2)]
        results += compare(
            f"{label}, causes (led_to / response_to chains), events with a cause",
            cause_engines(g, store, duck, ox),
            chosen,
            {**meta, "question": "causes", "workload": "with a cause"},
        )
    store.close()
    duck.close()
    return results


def main() -> list[dict[str, Any]]:
    import duckdb

    results: list[dict[str, Any]] = []
    for label in sizes("100k,1M"):
        jsonl, export = dataset(label), parquet_export(label)
        pool_file = OUT / "data" / f"{label}-pool.json"
        questions = OUT / "data" / f"{label}-first.json"
        if not pool_file.exists():
            con = duckdb.connect()
            pool = [
                r[0]
                for r in con.execute(
                    f"SELECT actor FROM read_parquet('{export}/participations/**/*.parquet', "
                    "hive_partitioning=true) USING SAMPLE 200000 ROWS (reservoir, 7)"
                ).fetchall()
            ]
            con.close()
            pool_file.write_text(json.dumps(sorted(pool)))
            questions.write_text(
                json.dumps(
                    [(a, s.isoformat(), e.isoformat()) for a, s, e in windows(pool, 300, 23)]
                )
            )
        results += cold(label, export, jsonl, questions)
        if "compare" in PARTS:
            results += compare_all(label, export, jsonl, pool_file)
        save("columnar", results)
    return results


if __name__ == "__main__":
    main()
