"""Shared helpers for the benchmarks: data sets on disk, timing, child processes, tables."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("DPRKGRAPH_BENCH_DIR", ROOT / "out" / "bench"))
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def sizes(default: str) -> list[str]:
    """The sizes to run: $BENCH_SIZES (comma-separated labels) or ``default``."""
    return [s for s in os.environ.get("BENCH_SIZES", default).split(",") if s]


def dataset(label: str, fmt: str = "jsonl") -> Path:
    """A synthetic dataset of the given size on disk (made once, then reused)."""
    from dprkgraph.synthetic import records, write_jsonl

    folder = OUT / "data" / f"{label}-{fmt}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    n = SIZES[label]
    if fmt == "jsonl":
        write_jsonl(n, folder, seed=7)
    else:
        import yaml

        folder.mkdir(parents=True, exist_ok=True)
        for name, items in zip(("events", "actors", "sources"), records(n, seed=7), strict=True):
            with open(folder / f"{name}.yaml", "w", encoding="utf-8") as handle:
                yaml.dump(
                    {name: items},
                    handle,
                    Dumper=yaml.CSafeDumper,
                    sort_keys=False,
                    allow_unicode=True,
                )
    marker.touch()
    return folder


def parquet_export(label: str) -> Path:
    """The synthetic dataset of the given size as a Parquet export (made once, then reused):
    the same records as :func:`dataset` writes as JSON Lines (seed 7)."""
    from dprkgraph.columnar import write_parquet
    from dprkgraph.synthetic import generate

    folder = OUT / "data" / f"{label}-parquet"
    marker = folder / ".complete"
    if marker.exists():
        return folder / "export"
    folder.mkdir(parents=True, exist_ok=True)
    write_parquet(generate(SIZES[label], seed=7), folder / "export")
    marker.touch()
    return folder / "export"


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """p50 and p90."""
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


def child(
    code: str, env: dict[str, str] | None = None, timeout: float | None = None
) -> dict[str, Any]:
    """Run Python ``code`` in a fresh interpreter; it must print one JSON object last. The
    child's peak RSS (MB) is added as ``rss_mb``: read from VmHWM in /proc, since Linux
    carries ru_maxrss over from the parent across fork and exec."""
    wrapper = (
        "import json, sys\n"
        + code
        + "\nhwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]"
        "\nresult['rss_mb'] = int(hwm.split()[1]) / 1024\n"
        "print(json.dumps(result))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", wrapper],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=timeout,
    )
    if run.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{run.stderr}")
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def median_wall(argv: Sequence[str], repeat: int = 7, env: dict[str, str] | None = None) -> float:
    """Median wall time of running a command ``repeat`` times (after one warm-up run)."""
    environment = {**os.environ, **(env or {})}
    subprocess.run(argv, capture_output=True, env=environment, check=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=environment, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a plain table."""
    cells = [[_fmt(c) for c in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(header)
    ]
    print(f"\n{title}")
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for row in cells:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def save(name: str, results: Any) -> Path:
    """Write results as JSON to out/bench/<name>.json, with the date and the machine."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(
        json.dumps(
            {
                "benchmark": name,
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                },
                "results": results,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return path
