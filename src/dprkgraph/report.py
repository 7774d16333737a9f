"""The whole job in one call: validate, export, chart and check a dataset into a folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dprkgraph.errors import DprkGraphError, QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.output import atomic_write, output_folder
from dprkgraph.query import DateLike, busiest_dyad, events
from dprkgraph.tables import write_event_table

__all__ = ["REPORT_FILES", "ReportResult", "write_report"]

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
    "explorer.html",
)


class _NothingToDraw(Exception):
    """A product that has nothing to show for this dataset and window."""


@dataclass
class ReportResult:
    """What :func:`write_report` did: the files written, those left out because there was
    nothing to put in them, and those that failed, each with the reason."""

    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def write_report(
    g: EventGraph,
    directory: str | Path,
    *,
    start: DateLike = None,
    end: DateLike = None,
    certainty: Literal["definite", "possible"] = "possible",
    dyad_pair: tuple[str, str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> ReportResult:
    """Write every product of the dataset into ``directory`` (created if missing).

    Each file is written atomically. The charts and the interactive explorer's opening view
    use the ``start``/``end`` window (the explorer holds every event); the
    exports and the event table always hold the whole dataset; ``certainty`` says whether
    an event must definitely or only possibly fall in the window. The dyad chart shows
    ``dyad_pair``, or by default the busiest dyad in the window
    (:func:`dprkgraph.query.busiest_dyad`). ``progress`` is called as
    ``progress(step, of, file name)`` before each file.

    One product that cannot be made never stops the others: the result lists it as skipped
    (nothing to draw, such as a dyad chart where no two actors act toward each other) or
    failed (with the error), and every other file is still written.

    Raises
    ------
    UnknownIdError
        If an actor of ``dyad_pair`` is not in the dataset (checked before anything is
        written).
    QueryError
        If ``dyad_pair`` names one actor twice.
    OutputError
        If ``directory`` cannot be made or is not a folder.
    """
    from dprkgraph.explore import explore
    from dprkgraph.plot import figure, save_figure, summary_figure
    from dprkgraph.rdf import write_rdf
    from dprkgraph.sparql import validate_shapes

    if dyad_pair and len({g.actor(x).id for x in dyad_pair}) < 2:
        raise QueryError("dyad_pair", dyad_pair, "name two actors, not one twice")
    out = output_folder(directory)
    window: dict[str, Any] = {"start": start, "end": end, "certainty": certainty}
    pair = dyad_pair or busiest_dyad(g, **window)

    def event_table(path: Path) -> None:
        with atomic_write(path, "w", encoding="utf-8", newline="") as handle:
            write_event_table(events(g), handle, "csv")

    def shapes(path: Path) -> None:
        with atomic_write(path, "w", encoding="utf-8") as handle:
            handle.write(str(validate_shapes(g)))

    def dyad_chart(path: Path) -> None:
        if pair is None:
            raise _NothingToDraw("no two actors act toward each other in this selection")
        save_figure(figure("dyad", g, a=pair[0], b=pair[1], **window), path)

    steps: dict[str, Callable[[Path], object]] = {
        "events.csv": event_table,
        "dprkgraph.ttl": lambda p: write_rdf(g, p),
        "dprkgraph.trig": lambda p: write_rdf(g, p),
        "dprkgraph.jsonld": lambda p: write_rdf(g, p),
        "shacl-report.txt": shapes,
        "timeline.png": lambda p: save_figure(figure("timeline", g, **window), p),
        "dyad.png": dyad_chart,
        "network.png": lambda p: save_figure(figure("network", g, **window), p),
        "summary.pdf": lambda p: save_figure(summary_figure(g, dyad_pair=pair, **window), p),
        "explorer.html": lambda p: explore(g, **window).save(p),
    }
    result = ReportResult()
    for i, name in enumerate(REPORT_FILES, start=1):
        if progress is not None:
            progress(i, len(REPORT_FILES), name)
        try:
            steps[name](out / name)
        except _NothingToDraw as why:
            result.skipped.append((name, str(why)))
        except (DprkGraphError, OSError) as err:
            result.failed.append((name, str(err)))
        except Exception as err:
            # matplotlib, rdflib and the renderers raise what they like (RuntimeError from
            # FreeType, OverflowError, ValueError …): the product is reported as failed,
            # named with the error's kind, and the rest are still written.
            result.failed.append((name, f"{type(err).__name__}: {err}"))
        else:
            result.written.append(out / name)
    return result
