"""Turtle and N-Triples export: dprkgraph's streaming writers against rdflib end to end
(building the rdflib graph, then serialising it), both writing a file from the loaded
dataset. Each measurement runs in its own interpreter; rdflib gets BENCH_RDFLIB_TIMEOUT
seconds (default 900) and is reported as "> timeout" past that.

rdflib is measured up to 10k events unless BENCH_RDFLIB=1: at 100k events (5.5 M triples)
its graph needs well over 20 GB, more than a 24 GB machine can give it (it was killed by the
kernel's out-of-memory killer here)."""

from __future__ import annotations

import os
import subprocess

from common import SIZES, child, dataset, save, sizes, table

CODE = """
import time, tempfile, os
import dprkgraph
ds = dprkgraph.load({path!r}, cache=False)
target = os.path.join(tempfile.mkdtemp(), "out{ext}")
t = time.perf_counter()
if {ours}:
    from dprkgraph.stream import write_stream
    write_stream(ds, target, {fmt!r})
else:
    from dprkgraph.rdf import serialize
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(serialize(ds, {fmt!r}))
seconds = time.perf_counter() - t
result = dict(seconds=seconds, mb=os.path.getsize(target) / 1e6)
"""


def measure(path: str, fmt: str, *, ours: bool, timeout: float | None = None) -> dict[str, float]:
    ext = ".nt" if fmt == "ntriples" else ".ttl"
    code = CODE.format(path=path, ext=ext, ours=ours, fmt=fmt)
    try:
        return child(code, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": float("inf"), "mb": float("nan"), "rss_mb": float("nan")}


def main() -> list[dict[str, object]]:
    timeout = float(os.environ.get("BENCH_RDFLIB_TIMEOUT", "900"))
    rows, results = [], []
    for label in sizes("1k,10k,100k"):
        path = str(dataset(label))
        for fmt in ("ntriples", "turtle"):
            ours = measure(path, fmt, ours=True)
            if SIZES[label] > 10_000 and not os.environ.get("BENCH_RDFLIB"):
                theirs = {"seconds": float("nan"), "mb": float("nan"), "rss_mb": float("nan")}
            else:
                theirs = measure(path, fmt, ours=False, timeout=timeout)
            ratio = theirs["seconds"] / ours["seconds"]
            shown: object = (theirs["seconds"] if theirs["seconds"] != float("inf")
                             else f"> {timeout:.0f}")
            row = (label, fmt, ours["seconds"], SIZES[label] / ours["seconds"], ours["mb"],
                   ours["rss_mb"], shown, theirs["rss_mb"],
                   ratio if ratio != float("inf") else f"> {timeout / ours['seconds']:.0f}")
            rows.append(row)
            print("  ", *row, flush=True)
            results.append({"size": label, "format": fmt, "ours_s": ours["seconds"],
                            "ours_rss_mb": ours["rss_mb"], "rdflib_s": theirs["seconds"],
                            "rdflib_rss_mb": theirs["rss_mb"], "mb": ours["mb"]})
    table("Export to a file (s); targets at 100k: Turtle ≥ 5×, N-Triples ≥ 20× rdflib",
          ["size", "format", "ours", "events/s", "MB", "ours RSS MB", "rdflib", "rdflib RSS MB",
           "× rdflib"], rows)
    save("export", results)
    return results


if __name__ == "__main__":
    main()
