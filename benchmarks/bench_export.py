"""Turtle and N-Triples export: dprkgraph's streaming writers against rdflib end to end
(building the graph, then serialising), writing to a file in both cases."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import SIZES, dataset, save, sizes, table, timed


def main() -> list[dict[str, object]]:
    import dprkgraph
    from dprkgraph.rdf import serialize
    from dprkgraph.stream import write_stream

    rdflib_limit = 10_000  # beyond this rdflib needs minutes and gigabytes; run with BENCH_RDFLIB=1
    import os

    if os.environ.get("BENCH_RDFLIB"):
        rdflib_limit = 10**9
    rows, results = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for label in sizes("1k,10k,100k"):
            ds = dprkgraph.load(dataset(label), cache=False)
            for fmt, ext in (("ntriples", ".nt"), ("turtle", ".ttl")):
                ours, _ = timed(lambda: write_stream(ds, Path(tmp) / f"ours{ext}", fmt))
                size_mb = (Path(tmp) / f"ours{ext}").stat().st_size / 1e6
                theirs = float("nan")
                if SIZES[label] <= rdflib_limit:
                    def rdflib_path() -> None:
                        (Path(tmp) / f"rdflib{ext}").write_text(serialize(ds, fmt), encoding="utf-8")

                    theirs, _ = timed(rdflib_path)
                rows.append((label, fmt, ours, SIZES[label] / ours, size_mb, theirs, theirs / ours))
                results.append({"size": label, "format": fmt, "ours_s": ours, "rdflib_s": theirs,
                                "mb": size_mb})
    table("Export to a file (s); targets at 100k: Turtle ≥ 5×, N-Triples ≥ 20× rdflib",
          ["size", "format", "ours", "events/s", "MB", "rdflib", "× rdflib"], rows)
    save("export", results)
    return results


if __name__ == "__main__":
    main()
