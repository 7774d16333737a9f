"""The whole job in one call: validate, export, chart and check a dataset into a folder."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from dprkgraph.graph import EventGraph
from dprkgraph.output import atomic_write
from dprkgraph.query import DateLike, events

__all__ = ["REPORT_FILES", "write_report"]

#: What :func:`write_report` writes, in order.
REPORT_FILES = (
    "events.csv",
    "dprkgraph.ttl",
    "dprkgraph.trig",
    "dprkgraph.jsonld",
    "shacl-report.txt",
    "timeline.png",
    "dyad.png",
    "network.png",
    "summary.pdf",
)


def write_report(
    g: EventGraph,
    directory: str | Path,
    *,
    start: DateLike = None,
    end: DateLike = None,
    dyad_pair: tuple[str, str] = ("usa", "prk"),
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Write every product of the dataset into ``directory`` (created if missing).

    Each file is written atomically. The charts use the ``start``/``end`` window; the
    exports and the event table always hold the whole dataset. ``progress`` is called as
    ``progress(step, of, file name)`` before each file.

    Returns
    -------
    list of Path
        The files written, in the order of :data:`REPORT_FILES`.
    """
    from dprkgraph.plot import figure, save_figure, summary_figure
    from dprkgraph.rdf import write_rdf
    from dprkgraph.sparql import validate_shapes

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for pair_actor in dyad_pair:
        g.actor(pair_actor)
    window = {"start": start, "end": end}

    def event_table(path: Path) -> None:
        rows = events(g).to_records()
        with atomic_write(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["id"])
            writer.writeheader()
            writer.writerows(rows)

    def shapes(path: Path) -> None:
        with atomic_write(path, "w", encoding="utf-8") as handle:
            handle.write(str(validate_shapes(g)))

    steps: dict[str, Callable[[Path], object]] = {
        "events.csv": event_table,
        "dprkgraph.ttl": lambda p: write_rdf(g, p),
        "dprkgraph.trig": lambda p: write_rdf(g, p),
        "dprkgraph.jsonld": lambda p: write_rdf(g, p),
        "shacl-report.txt": shapes,
        "timeline.png": lambda p: save_figure(figure("timeline", g, **window), p),
        "dyad.png": lambda p: save_figure(
            figure("dyad", g, a=dyad_pair[0], b=dyad_pair[1], **window), p),
        "network.png": lambda p: save_figure(figure("network", g, **window), p),
        "summary.pdf": lambda p: save_figure(summary_figure(g, dyad_pair=dyad_pair, **window), p),
    }
    written = []
    for i, name in enumerate(REPORT_FILES, start=1):
        if progress is not None:
            progress(i, len(REPORT_FILES), name)
        steps[name](out / name)
        written.append(out / name)
    return written
