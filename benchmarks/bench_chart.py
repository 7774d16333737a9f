"""The swimlane chart of 100 and 1,000 events, drawn and saved as PNG."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import save, table, timed


def main() -> list[dict[str, object]]:
    import matplotlib

    matplotlib.use("Agg")
    import dprkgraph
    from dprkgraph.plot import figure, save_figure
    from dprkgraph.synthetic import generate

    rows, results = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (100, 1000):
            g = dprkgraph.build_graph(generate(n, seed=5))

            def draw() -> int:
                fig = figure("timeline", g)
                save_figure(fig, Path(tmp) / f"swimlane-{n}.png")
                legend = fig.axes[0].get_legend()
                return len(legend.get_texts()) if legend else 0

            seconds, entries = timed(draw, repeat=3)
            rows.append((n, seconds, entries))
            results.append({"events": n, "seconds": seconds, "legend_entries": entries})
    table(
        "Swimlane chart with labels, PNG (s); target: 1,000 events ≤ 3 s",
        ["events", "seconds", "legend lines"],
        rows,
    )
    save("chart", results)
    return results


if __name__ == "__main__":
    main()
