"""Regenerate the README's explorer screenshot (docs/img/explorer.png) in headless Chromium.

    python tools/make_explorer_png.py        (or: make docs)

Needs the playwright package and Debian's chromium at /usr/bin/chromium; says so and stops
without them. The shot: the bundled data from 2009, the Cheonan sinking clicked.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import dprkgraph

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> int:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.stderr.write("skipped docs/img/explorer.png: the playwright package is not installed\n")
        return 0
    if not CHROMIUM.is_file():
        sys.stderr.write(f"skipped docs/img/explorer.png: no browser at {CHROMIUM}\n")
        return 0
    page_file = dprkgraph.explore(dprkgraph.load_graph(), start="2009", end="2010-12", lanes=10)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = page_file.save(Path(tmp) / "explorer.html")
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 820})
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready]")
        # Click the bar's own corner, as a person would: a click on the middle of a label
        # longer than its bar makes the browser scroll the label inside the bar.
        page.locator(".lbl[data-event='cheonan-sinking']").first.click(position={"x": 4, "y": 4})
        page.wait_for_selector("#panel h2")  # the side panel shows the clicked event
        page.screenshot(path=str(ROOT / "docs" / "img" / "explorer.png"))
        browser.close()
    sys.stdout.write("wrote docs/img/explorer.png\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
