"""Command-line start-up: `dprkgraph validate` and `dprkgraph events` on the bundled data
against a bare import of the libraries a naive tool would load."""

from __future__ import annotations

import sys
from pathlib import Path

from common import median_wall, save, table

BIN = Path(sys.executable).parent
IMPORT_LINE = [sys.executable, "-c", "import rdflib, networkx, matplotlib.pyplot, pydantic, pandas"]


def main() -> dict[str, float]:
    baseline = median_wall(IMPORT_LINE)
    cli = str(BIN / "dprkgraph")
    runs = {
        "validate (cache warm)": median_wall([cli, "validate"]),
        "validate (no cache)": median_wall([cli, "validate"], env={"DPRKGRAPH_NO_CACHE": "1"}),
        "events --actor prk (cache warm)": median_wall([cli, "events", "--actor", "prk"]),
        "events --actor prk (no cache)": median_wall(
            [cli, "events", "--actor", "prk"], env={"DPRKGRAPH_NO_CACHE": "1"}
        ),
    }
    rows = [("import line (baseline)", baseline, 1.0)]
    rows += [(name, t, t / baseline) for name, t in runs.items()]
    table(
        "CLI start-up, median wall time (s); target ≤ 0.4× the import line",
        ["command", "seconds", "× baseline"],
        rows,
    )
    results = {"baseline_s": baseline, **{k: v for k, v in runs.items()}}
    save("startup", results)
    return results


if __name__ == "__main__":
    main()
