"""Load + validate + build the graph indexes, per dataset size: time, events/s, peak RSS.

Each run is a fresh interpreter. YAML is measured cold (no cache) and warm (cache hit);
JSON Lines (the bulk format) cold. The networkx multigraph is built separately, since the
queries do not need it.
"""

from __future__ import annotations

from common import SIZES, child, dataset, save, sizes, table

CODE = """
import time, tempfile, os
import dprkgraph
path = {path!r}
t0 = time.perf_counter()
ds = dprkgraph.load(path, cache={cache})
t1 = time.perf_counter()
g = dprkgraph.build_graph(ds); g.by_actor
t2 = time.perf_counter()
if {nx}:
    g.nx
t3 = time.perf_counter()
result = dict(load_s=t1 - t0, index_s=t2 - t1, nx_s=(t3 - t2) if {nx} else None,
              events=len(ds.events))
"""


def run(path: str, *, cache: bool, nx: bool, cache_dir: str | None = None) -> dict[str, float]:
    env = {"DPRKGRAPH_CACHE_DIR": cache_dir} if cache_dir else {}
    return child(CODE.format(path=path, cache=cache, nx=nx), env=env)


def main() -> list[dict[str, object]]:
    import tempfile

    rows, results = [], []
    for label in sizes("1k,10k"):
        folder = str(dataset(label, "yaml"))
        with tempfile.TemporaryDirectory() as cache_dir:
            cold = run(folder, cache=True, nx=False, cache_dir=cache_dir)
            warm = run(folder, cache=True, nx=False, cache_dir=cache_dir)
        for kind, r in (("YAML cold", cold), ("YAML warm", warm)):
            total = r["load_s"] + r["index_s"]
            rows.append((label, kind, r["load_s"], r["index_s"], total, SIZES[label] / total,
                         r["rss_mb"]))
            results.append({"size": label, "format": kind, **r})
    for label in sizes("1k,10k,100k,1M"):
        folder = str(dataset(label, "jsonl"))
        r = run(folder, cache=False, nx=SIZES[label] <= 100_000)
        total = r["load_s"] + r["index_s"]
        rows.append((label, "JSONL cold", r["load_s"], r["index_s"], total, SIZES[label] / total,
                     r["rss_mb"]))
        results.append({"size": label, "format": "JSONL cold", **r})
    table("Load + validate + index (s); targets: 10k YAML < 3 s cold, < 0.5 s warm; "
          "1M bulk < 100 s, RSS < 8 GB",
          ["size", "format", "load", "index", "total", "events/s", "peak RSS MB"], rows)
    nx_rows = [(r["size"], r["nx_s"]) for r in results if r.get("nx_s") is not None]
    if nx_rows:
        table("Building the networkx multigraph on top (s)", ["size", "seconds"], nx_rows)
    save("load", results)
    return results


if __name__ == "__main__":
    main()
