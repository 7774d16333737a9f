"""Run the benchmarks: `make bench`, or `python benchmarks/run.py startup query`.

Sizes can be limited with BENCH_SIZES=1k,10k. Results print as tables and are written as
JSON to out/bench/.
"""

from __future__ import annotations

import sys
import time

import bench_chart
import bench_columnar
import bench_explore
import bench_export
import bench_gdelt
import bench_load
import bench_query
import bench_questions
import bench_startup

BENCHMARKS = {
    "startup": bench_startup.main,
    "load": bench_load.main,
    "query": bench_query.main,
    "export": bench_export.main,
    "chart": bench_chart.main,
    "explore": bench_explore.main,
    "questions": bench_questions.main,
    "gdelt": bench_gdelt.main,
    "columnar": bench_columnar.main,
}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    for name in chosen:
        start = time.perf_counter()
        BENCHMARKS[name]()
        print(f"[{name}: {time.perf_counter() - start:.0f} s]")
