"""Load + validate + build the graph indexes, per dataset size: wall and CPU time, events/s,
peak RSS; the bulk path phase by phase with its growth from size to size; and the first
queries after a load, to see that none waits on the garbage collector.

Each run is a fresh interpreter. YAML is measured cold (no cache) and warm (cache hit)
through ``load()``. JSON Lines (the bulk format) is measured cold, phase by phase: the child
runs the steps ``loader._load_files`` runs, in the same order and with the collector paused
the same way, timing each. Wall time on a shared machine depends on what else runs; CPU time
(user + system of the process) does not, so both are shown.

Right after the bulk load and the index, the child times the first 300 actor + 90-day window
queries one by one, the actor drawn uniformly, then 300 more with the actor drawn from a
random participation (busy actors come up as often as they take part, so answers are larger),
and times every collection the garbage collector runs meanwhile.
"""

from __future__ import annotations

from itertools import pairwise

from common import SIZES, child, dataset, save, sizes, table

CPU = """
import resource, time
def clock():  # wall, CPU (user + system), system alone (mostly page faults)
    r = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), r.ru_utime + r.ru_stime, r.ru_stime
"""

YAML = (
    CPU
    + """
import dprkgraph
t0 = clock()
ds = dprkgraph.load({path!r}, cache=True)
t1 = clock()
g = dprkgraph.build_graph(ds); g.by_actor
t2 = clock()
result = dict(load_s=t1[0] - t0[0], load_cpu=t1[1] - t0[1], index_s=t2[0] - t1[0],
              index_cpu=t2[1] - t1[1], events=len(ds.events))
"""
)

BULK = (
    CPU
    + """
import gc, random
from datetime import date, timedelta
from pathlib import Path
import dprkgraph
from dprkgraph._gc import gc_paused
from dprkgraph.model import Dataset
from dprkgraph.load_checks import check_cycles, check_ids, check_references, validate
from dprkgraph.load_files import read_file
from dprkgraph.load_jsonl import parse_jsonl
from dprkgraph.query import events as query

phases, marks = {{}}, [clock()]
def done(name):
    marks.append(clock())
    phases[name] = tuple(now - then for now, then in zip(marks[-1], marks[-2]))

problems = []
with gc_paused():
    files = dprkgraph.loader.dataset_files(Path({path!r}))
    reads = [read_file(p, kind, problems) for kind, paths in files.items() for p in paths]
    done("read")
    parsed = []
    for r in reads:
        parsed.append(parse_jsonl(r.path, r.kind, problems, r.data))
        r.data = b""
    done("parse")
    items = {{kind: [] for kind in files}}
    for p in parsed:
        items[p.kind].extend(validate(p, problems))
    done("validate")
    check_ids([*items["actors"], *items["sources"], *items["events"]], problems)
    done("ids")
    check_references(items["events"], items["actors"], items["sources"], set(), problems, [])
    done("references")
    check_cycles(items["events"], problems)
    done("cycles")
    assert not problems, problems[:3]
    ds = Dataset(events=tuple(i.record for i in items["events"]),
               actors=tuple(i.record for i in items["actors"]),
               sources=tuple(i.record for i in items["sources"]))
    del items, parsed, reads
    done("dataset")
g = dprkgraph.build_graph(ds); g.by_actor
done("index")

rng = random.Random(11)
actors = [a.id for a in ds.actors]
def window():
    start = date(2000, 1, 1) + timedelta(days=rng.randrange(20 * 365))
    return start, start + timedelta(days=89)
workloads = {{
    "uniform": [(rng.choice(actors), *window()) for _ in range(300)],
    # the actor drawn from a random participation: busy actors as often as they take part
    "weighted": [(rng.choice(rng.choice(ds.events).participants).actor, *window())
                 for _ in range(300)],
}}
pauses, started = [], []
def timer(phase, info):
    if phase == "start":
        started.append(time.perf_counter())
    else:
        pauses.append((info["generation"], time.perf_counter() - started.pop()))
queries = {{}}
for name, pairs in workloads.items():
    gc.callbacks.append(timer)
    times, cpu_times = [], []
    for actor, start, end in pairs:
        t, c = time.perf_counter(), time.thread_time()
        query(g, actor=actor, start=start, end=end)
        times.append(time.perf_counter() - t)
        cpu_times.append(time.thread_time() - c)
    gc.callbacks.remove(timer)
    queries[name] = dict(
        max_ms=max(times) * 1e3, over_10ms=sum(t > 0.010 for t in times),
        max_cpu_ms=max(cpu_times) * 1e3, over_10ms_cpu=sum(t > 0.010 for t in cpu_times),
        collections=[sum(1 for gen, _ in pauses if gen == i) for i in range(3)],
        gc_max_ms=max((d for _, d in pauses), default=0.0) * 1e3)
    pauses.clear()
nx_s = None
if {nx}:
    t = time.perf_counter()
    g.nx
    nx_s = time.perf_counter() - t
result = dict(phases=phases, events=len(ds.events), queries=queries, nx_s=nx_s)
"""
)

PHASES = ["read", "parse", "validate", "ids", "references", "cycles", "dataset", "index"]


def main() -> list[dict[str, object]]:
    import tempfile

    rows, results = [], []
    for label in sizes("1k,10k"):
        folder = str(dataset(label, "yaml"))
        with tempfile.TemporaryDirectory() as cache_dir:
            env = {"DPRKGRAPH_CACHE_DIR": cache_dir}
            cold = child(YAML.format(path=folder), env=env)
            warm = child(YAML.format(path=folder), env=env)
        for kind, r in (("YAML cold", cold), ("YAML warm", warm)):
            total = r["load_s"] + r["index_s"]
            rows.append(
                (
                    label,
                    kind,
                    r["load_s"],
                    r["load_cpu"],
                    r["index_s"],
                    total,
                    r["load_cpu"] + r["index_cpu"],
                    SIZES[label] / total,
                    r["rss_mb"],
                )
            )
            results.append({"size": label, "format": kind, **r})
    bulk: dict[str, dict[str, object]] = {}
    for label in sizes("10k,100k,1M"):
        r = child(BULK.format(path=str(dataset(label, "jsonl")), nx=SIZES[label] <= 100_000))
        bulk[label] = r
        phases = r["phases"]
        wall = sum(p[0] for p in phases.values())
        cpu = sum(p[1] for p in phases.values())
        load_wall = wall - phases["index"][0]
        rows.append(
            (
                label,
                "JSONL cold",
                load_wall,
                cpu - phases["index"][1],
                phases["index"][0],
                wall,
                cpu,
                SIZES[label] / wall,
                r["rss_mb"],
            )
        )
        results.append({"size": label, "format": "JSONL cold", **r})
    table(
        "Load + validate + index; targets: 10k YAML cold <= 1.0 s, warm < 0.5 s; "
        "1M bulk <= 15 s, RSS <= 2 GB",
        [
            "size",
            "format",
            "load s",
            "load CPU s",
            "index s",
            "total s",
            "total CPU s",
            "events/s",
            "peak RSS MB",
        ],
        rows,
    )
    if bulk:
        labels = list(bulk)
        table(
            "Bulk (JSON Lines) phases, CPU s (wall s)",
            ["phase", *labels],
            [
                (
                    p,
                    *(
                        f"{bulk[s]['phases'][p][1]:.3g} ({bulk[s]['phases'][p][0]:.3g})"
                        for s in labels
                    ),
                )
                for p in PHASES
            ],
        )
        steps = list(pairwise(labels))
        if steps:
            table(
                "Growth per phase, CPU time (target: every phase <= 11x for 10x the data)",
                ["phase", *(f"{a} -> {b}" for a, b in steps)],
                [
                    (
                        p,
                        *(
                            f"{bulk[b]['phases'][p][1] / bulk[a]['phases'][p][1]:.1f}x"
                            for a, b in steps
                        ),
                    )
                    for p in PHASES
                ],
            )
        table(
            "First 300 queries after the load, uniform then weighted actors (target: none "
            "over 10 ms, no collection pause near that); wall, and CPU time of the thread, "
            "which a busy machine does not inflate",
            [
                "size",
                "actors",
                "slowest ms",
                "over 10 ms",
                "slowest CPU ms",
                "over 10 ms CPU",
                "collections gen0/1/2",
                "longest collection ms",
            ],
            [
                (
                    s,
                    name,
                    q["max_ms"],
                    q["over_10ms"],
                    q["max_cpu_ms"],
                    q["over_10ms_cpu"],
                    "/".join(map(str, q["collections"])),
                    q["gc_max_ms"],
                )
                for s, r in bulk.items()
                for name, q in r["queries"].items()
            ],
        )
        nx_rows = [(s, r["nx_s"]) for s, r in bulk.items() if r.get("nx_s") is not None]
        if nx_rows:
            table("Building the networkx multigraph on top (s)", ["size", "seconds"], nx_rows)
    save("load", results)
    return results


if __name__ == "__main__":
    main()
