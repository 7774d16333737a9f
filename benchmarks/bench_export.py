"""Turtle and N-Triples export: dprkgraph's streaming writers against rdflib end to end
(building a plain rdflib graph of the same triples, then its own ``Graph.serialize`` to the
file), both from the loaded dataset. Each measurement runs in its own interpreter; rdflib
gets BENCH_RDFLIB_TIMEOUT seconds (default 1800) and is reported as "> timeout" past that.

At 100k events (5.5 M triples) rdflib needs many minutes and about 11 GB: set BENCH_RDFLIB=0
to leave it out."""

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
    from dprkgraph.rdf import to_graph
    to_graph(ds).serialize(destination=target, format={rdf_format!r}, encoding="utf-8")
seconds = time.perf_counter() - t
result = dict(seconds=seconds, mb=os.path.getsize(target) / 1e6)
"""


def measure(path: str, fmt: str, *, ours: bool, timeout: float | None = None) -> dict[str, float]:
    ext = ".nt" if fmt == "ntriples" else ".ttl"
    code = CODE.format(
        path=path, ext=ext, ours=ours, fmt=fmt, rdf_format="nt" if fmt == "ntriples" else "turtle"
    )
    try:
        return child(code, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": float("inf"), "mb": float("nan"), "rss_mb": float("nan")}


def main() -> list[dict[str, object]]:
    timeout = float(os.environ.get("BENCH_RDFLIB_TIMEOUT", "1800"))
    rows, results = [], []
    for label in sizes("1k,10k,100k"):
        path = str(dataset(label))
        for fmt in ("ntriples", "turtle"):
            ours = measure(path, fmt, ours=True)
            if SIZES[label] > 10_000 and os.environ.get("BENCH_RDFLIB") == "0":
                theirs = {"seconds": float("nan"), "mb": float("nan"), "rss_mb": float("nan")}
            else:
                theirs = measure(path, fmt, ours=False, timeout=timeout)
            ratio = theirs["seconds"] / ours["seconds"]
            shown: object = (
                theirs["seconds"] if theirs["seconds"] != float("inf") else f"> {timeout:.0f}"
            )
            row = (
                label,
                fmt,
                ours["seconds"],
                SIZES[label] / ours["seconds"],
                ours["mb"],
                ours["rss_mb"],
                shown,
                theirs["rss_mb"],
                ratio if ratio != float("inf") else f"> {timeout / ours['seconds']:.0f}",
            )
            rows.append(row)
            print("  ", *row, flush=True)
            results.append(
                {
                    "size": label,
                    "format": fmt,
                    "ours_s": ours["seconds"],
                    "ours_rss_mb": ours["rss_mb"],
                    "rdflib_s": theirs["seconds"],
                    "rdflib_rss_mb": theirs["rss_mb"],
                    "mb": ours["mb"],
                }
            )
    table(
        "Export to a file (s); targets at 100k: Turtle ≥ 5×, N-Triples ≥ 20× rdflib",
        [
            "size",
            "format",
            "ours",
            "events/s",
            "MB",
            "ours RSS MB",
            "rdflib",
            "rdflib RSS MB",
            "× rdflib",
        ],
        rows,
    )
    save("export", results)
    return results


if __name__ == "__main__":
    main()
