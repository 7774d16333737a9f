"""The explorer page at 1k, 10k and 100k synthetic events, in headless Chromium: file size,
time from opening the file to the first drawn timeline, and the time of a zoom step.

Needs the playwright package and Debian's chromium at /usr/bin/chromium (no `playwright
install`). `python bench_explore.py`, or BENCH_SIZES=1k,10k to limit the sizes.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from common import SIZES, save, sizes, table

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Zoom in then out again, so every step draws the same stretch of the data at two scales.
STEP = """() => {
    const t = dprkTimeline, times = [];
    for (let i = 0; i < 8; i++) {
        const start = performance.now();
        if (i % 2 === 0) t.zoomIn(0.5, {animation: false}); else t.zoomOut(0.5, {animation: false});
        t.redraw();
        times.push(performance.now() - start);
    }
    return times;
}"""


def measure(browser: Any, path: Path) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith("file:") else None)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(path.as_uri(), timeout=300_000)
    page.wait_for_selector("body[data-ready]", timeout=300_000)
    wall = time.perf_counter() - started
    first_paint = page.evaluate("window.dprkFirstPaint") / 1000
    ready = page.evaluate("performance.now()") / 1000
    steps = page.evaluate(STEP)
    drawn = page.eval_on_selector_all(".vis-item", "els => els.length")
    context.close()
    if foreign or errors:
        raise RuntimeError(f"requests {foreign} or errors {errors} on {path}")
    return {
        "first_paint_s": first_paint,
        "ready_s": min(ready, wall),
        "wall_s": wall,
        "zoom_step_ms_p50": statistics.median(steps),
        "zoom_step_ms_max": max(steps),
        "drawn_elements": drawn,
    }


def main() -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    import dprkgraph
    from dprkgraph.explore import explore
    from dprkgraph.synthetic import generate

    results, rows = [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        library = len(explore(dprkgraph.build_graph(generate(1, seed=7))).html.encode())
        for label in sizes("1k,10k,100k"):
            n = SIZES[label]
            g = dprkgraph.build_graph(generate(n, seed=7))
            started = time.perf_counter()
            page = explore(g)
            build = time.perf_counter() - started
            path = page.save(Path(tmp) / f"explore-{label}.html")
            size = path.stat().st_size
            timing = measure(browser, path)
            result = {
                "events": n,
                "bytes": size,
                "bytes_per_event": size / n,
                "data_bytes_per_event": (size - library) / n,
                "build_s": build,
                **timing,
            }
            results.append(result)
            rows.append(
                (
                    label,
                    size / 1e6,
                    size / n,
                    (size - library) / n,
                    build,
                    timing["first_paint_s"],
                    timing["ready_s"],
                    timing["zoom_step_ms_p50"],
                    timing["zoom_step_ms_max"],
                    timing["drawn_elements"],
                )
            )
            del g, page
        browser.close()
    table(
        "Explorer page in headless Chromium; targets: 10k first paint ≤ 2 s, zoom step ≤ 100 ms, "
        "100k opens, ≤ 400 bytes an event",
        [
            "events",
            "MB",
            "B/event",
            "data B/event",
            "build s",
            "first paint s",
            "ready s",
            "zoom p50 ms",
            "zoom max ms",
            "drawn",
        ],
        rows,
    )
    save("explore", results)
    return results


if __name__ == "__main__":
    main()
