"""Stand-alone figures, the one-page summary, and saving them repeatably."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.output import atomic_path, is_stream
from dprkgraph.plot._common import window_note
from dprkgraph.plot.dyad import dyad
from dprkgraph.plot.network import network
from dprkgraph.plot.swimlane import swimlane, swimlane_size
from dprkgraph.query import DateLike, busiest_dyad, events

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["figure", "save_figure", "summary_figure"]


def figure(kind: Literal["timeline", "dyad", "network"], g: EventGraph, **options: Any) -> Figure:
    """A stand-alone figure (not registered with pyplot) holding one chart, sized to its
    content: for scripts, the command line and files.

    ``options`` go to :func:`swimlane` (``timeline``), :func:`dyad` (``a`` and ``b`` default
    to :func:`dprkgraph.query.busiest_dyad`) or :func:`network`.
    """
    from matplotlib.figure import Figure

    fig = Figure(layout="constrained")
    ax = fig.subplots()
    if kind == "timeline":
        swimlane(g, ax=ax, **options)
        fig.set_size_inches(*swimlane_size(ax))
    elif kind == "dyad":
        if "a" not in options and "b" not in options:
            pair = busiest_dyad(
                g,
                start=options.get("start"),
                end=options.get("end"),
                certainty=options.get("certainty", "possible"),
            )
            if pair is None:
                raise QueryError(
                    "a, b",
                    None,
                    "no two actors act toward each other in this selection; name the two actors",
                )
            options = {**options, "a": pair[0], "b": pair[1]}
        dyad(g, ax=ax, **options)
        key = ax.get_legend()  # the numbered events, under the chart
        rows = 0
        if key is not None and key.get_title().get_text() == "Events":
            rows = -(-len(key.get_texts()) // key._ncols)  # type: ignore[attr-defined]
        fig.set_size_inches(13, 5 + 0.16 * rows)
    elif kind == "network":
        network(g, ax=ax, **options)
        fig.set_size_inches(11, 8.5)
    else:
        raise QueryError("kind", kind, "'timeline', 'dyad' or 'network'")
    return fig


def summary_figure(
    g: EventGraph,
    *,
    dyad_pair: tuple[str, str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
    certainty: Literal["definite", "possible"] = "possible",
) -> Figure:
    """One portrait page to attach to a memo: the swimlane on top with its key below it,
    the dyad chart in the middle and the actor network at the bottom, each across the full
    width with its key. The page is A3 wide and as tall as the swimlane's key needs.

    ``dyad_pair`` defaults to the busiest dyad in the window
    (:func:`dprkgraph.query.busiest_dyad`); where no two actors act toward each other, that
    panel says so instead.
    """
    from matplotlib.figure import Figure

    window: dict[str, Any] = {"start": start, "end": end, "certainty": certainty}
    pair = dyad_pair or busiest_dyad(g, **window)
    # The timeline's lanes, then its key in three columns: about 30 lines of legend, the
    # numbered events (each one or two lines) and the actors without a lane.
    count = len(events(g, **window))
    key_rows = (34 + 1.6 * min(count, 40) + 14) / 3
    top_height = 1.6 + 0.32 * 13 + key_rows * 0.145
    fig = Figure(figsize=(11.69, top_height + 5.2 + 6.2), layout="constrained")
    grid = fig.add_gridspec(3, 1, height_ratios=[top_height, 5.2, 6.2])
    top, middle, bottom = (fig.add_subfigure(grid[i]) for i in range(3))
    swimlane(g, **window, key="below", ax=top.subplots())
    ax = middle.subplots()
    if pair is None:
        ax.set_axis_off()
        ax.set_title(
            "No two actors act toward each other in this selection: no dyad chart",
            loc="left",
            fontsize=11,
        )
    else:
        dyad(g, *pair, **window, max_labels=20, ax=ax)
    network(g, **window, max_actors=30, ax=bottom.subplots())
    note = window_note(start, end).removeprefix(", ")
    shown = len(events(g, **window))
    fig.suptitle(
        f"Summary: {shown} event{'s' if shown != 1 else ''}{f', {note}' if note else ''}",
        x=0.01,
        ha="left",
        fontsize=13,
        fontweight="bold",
    )
    return fig


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Save a figure atomically as PNG, SVG or PDF (by extension), byte-for-byte repeatable.

    Dates are left out of SVG and PDF metadata and the SVG id salt is fixed, so the same
    input gives the same file.
    """
    import matplotlib as mpl

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".") or ("png" if is_stream(path) else "")
    metadata: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }.get(fmt, {})
    if fmt not in ("png", "svg", "pdf"):
        raise QueryError("output", str(path), "use a .png, .svg or .pdf file name")
    if not 1 <= dpi <= 2400:
        raise QueryError("dpi", dpi, "use 1 to 2400 dots per inch")
    with atomic_path(target) as tmp, mpl.rc_context({"svg.hashsalt": "dprkgraph"}):
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
    return target
