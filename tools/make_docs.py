"""Regenerate docs/cli.md (from --help) and the README's chart (docs/img/timeline.png).

    python tools/make_docs.py        (or: make docs)

tests/test_docs.py fails when either is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dprkgraph
from dprkgraph.cli import reference
from dprkgraph.plot import figure, save_figure

ROOT = Path(__file__).resolve().parents[1]
# Exactly what `dprkgraph plot timeline --from 2009` draws, so the README shows the real chart.
README_CHART = {"start": "2009"}


def main() -> None:
    (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
    (ROOT / "docs" / "cli.md").write_text(reference(), encoding="utf-8")
    fig = figure("timeline", dprkgraph.load_graph(), **README_CHART)
    save_figure(fig, ROOT / "docs" / "img" / "timeline.png", dpi=90)
    sys.stdout.write("wrote docs/cli.md and docs/img/timeline.png\n")


if __name__ == "__main__":
    main()
