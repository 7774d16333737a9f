"""Stand-alone figures, the one-page summary, and saving them repeatably."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.output import atomic_path, is_stream
from dprkgraph.plot.dyad import dyad
from dprkgraph.plot.network import network
from dprkgraph.plot.swimlane import swimlane, swimlane_size
from dprkgraph.query import DateLike

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["figure", "save_figure", "summary_figure"]


def figure(kind: Literal["timeline", "dyad", "network"], g: EventGraph, **options: Any) -> Figure:
    """A stand-alone figure (not registered with pyplot) holding one chart, sized to its
    content: for scripts, the command line and files.

    ``options`` go to :func:`swimlane` (``timeline``), :func:`dyad` (which needs ``a`` and
    ``b``) or :func:`network`.
    """
    from matplotlib.figure import Figure

    fig = Figure(layout="constrained")
    ax = fig.subplots()
    if kind == "timeline":
        swimlane(g, ax=ax, **options)
        fig.set_size_inches(*swimlane_size(ax))
    elif kind == "dyad":
        dyad(g, ax=ax, **options)
        fig.set_size_inches(13, 5)
    elif kind == "network":
        network(g, ax=ax, **options)
        fig.set_size_inches(11, 8.5)
    else:
        raise QueryError("kind", kind, "'timeline', 'dyad' or 'network'")
    return fig


def summary_figure(g: EventGraph, *, dyad_pair: tuple[str, str] = ("usa", "prk"),
                   start: DateLike = None, end: DateLike = None) -> Figure:
    """One page: the swimlane on top, the dyad chart and the actor network below."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(17, 20), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[1.3, 1], width_ratios=[1.15, 1])
    swimlane(g, start=start, end=end, ax=fig.add_subplot(grid[0, :]))
    dyad(g, *dyad_pair, start=start, end=end, ax=fig.add_subplot(grid[1, 0]))
    network(g, start=start, end=end, ax=fig.add_subplot(grid[1, 1]))
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
    with atomic_path(target) as tmp, mpl.rc_context({"svg.hashsalt": "dprkgraph"}):
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
    return target
