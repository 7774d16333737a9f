"""The dyad chart: the Goldstein scores of the events linking two actors, and their sum."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from dprkgraph.graph import EventGraph
from dprkgraph.model import Event
from dprkgraph.plot._common import (
    QUAD_COLOURS,
    centre,
    date_axis,
    new_axes,
    short,
    span,
    window_note,
)
from dprkgraph.query import DateLike, dyad as dyad_events

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["dyad"]


def dyad(
    g: EventGraph,
    a: str,
    b: str,
    *,
    start: DateLike = None,
    end: DateLike = None,
    affiliated: bool = True,
    labels: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Goldstein scores of the events linking two actors, with their running sum.

    Each event is a stem from zero to its score at the middle of its possible dates; an event
    known only to a month or year also gets a horizontal bar across those dates, so its place
    in time is not overstated. The dashed step line is the running sum in chronological order,
    on the same scale. Events are numbered and listed in the key; events on the same day with
    the same score share a stem and a tag ("13, 14"). By default each actor stands for
    everyone affiliated with it (see :func:`dprkgraph.query.dyad`); the title says so.
    Events without a CAMEO code have no score; the title counts them.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    found = list(dyad_events(g, a, b, start=start, end=end, affiliated=affiliated))
    scored = [e for e in found if e.goldstein is not None]
    ax = new_axes(ax, (12, 4.8))
    number = {e.id: i + 1 for i, e in enumerate(scored)}
    stems: dict[tuple[float, float], list[Event]] = {}
    for e in scored:
        stems.setdefault((centre(e), float(e.goldstein or 0.0)), []).append(e)
    for (x, score), group in stems.items():
        e = group[0]
        colour = QUAD_COLOURS[e.quad_class]
        ax.vlines(x, 0, score, color=colour, linewidth=2, gid=f"stem:{e.id}")
        ax.scatter([x], [score], color=colour, s=36, zorder=3, edgecolor="#333333",
                   linewidth=0.5, gid=f"mark:{e.id}")
        if not e.date.exact:
            x0, width = span(e)
            ax.hlines(score, x0, x0 + width, color=colour, linewidth=5, alpha=0.45,
                      gid=f"range:{e.id}")
        if labels:
            ax.annotate(", ".join(str(number[m.id]) for m in group), (x, score),
                        xytext=(5, 4 if score >= 0 else -4), textcoords="offset points",
                        fontsize=7, fontweight="bold", va="bottom" if score >= 0 else "top",
                        gid=f"label:{e.id}")
    ax.axhline(0, color="#444444", linewidth=0.8)
    xs, sums, running = [], [], 0.0
    for e in scored:
        running += float(e.goldstein or 0.0)
        xs.append(centre(e))
        sums.append(running)
    if xs:
        ax.step([xs[0], *xs], [0.0, *sums], where="post", color="#333333", linewidth=1.2,
                linestyle="--", gid="running-sum")
    ax.set_ylim(min([-10.5, *(v - 1 for v in sums)]), max([10.5, *(v + 1 for v in sums)]))
    ax.set_ylabel("Goldstein score (−10 conflict … +10 cooperation)", fontsize=8)
    date_axis(ax, scored or found)
    ax.grid(axis="y", color="#eeeeee")
    name_a, name_b = g.actor(a).name, g.actor(b).name
    missing = len(found) - len(scored)
    note = f"; {missing} without a CAMEO code not shown" if missing else ""
    who = " (each with its affiliated actors)" if affiliated else ""
    ax.set_title(textwrap.fill(f"{name_a} – {name_b}{who}: cooperation and conflict "
                               f"({len(scored)} events{note}{window_note(start, end)})", 70),
                 loc="left", fontsize=11)
    blank: dict[str, Any] = {"facecolor": "none", "edgecolor": "none"}
    handles: list[Any] = [
        Line2D([], [], color=QUAD_COLOURS[1], linewidth=2, label="cooperation"),
        Line2D([], [], color=QUAD_COLOURS[4], linewidth=2, label="conflict"),
        Line2D([], [], color="#888888", linewidth=5, alpha=0.45, label="possible dates"),
        Line2D([], [], color="#333333", linestyle="--", label="running sum"),
    ]
    if labels and scored:
        handles += [Patch(**blank, label=" "), Patch(**blank, label="Events")]
        handles += [Patch(**blank, label=f"{number[e.id]:>2}  {e.date.text}  "
                                         f"{short(e.title, 40)} ({e.goldstein:+.1f})")
                    for e in scored]
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                       fontsize=7, frameon=False, handlelength=1.6,
                       ncol=1 if len(handles) <= 40 else 2)
    legend._legend_box.align = "left"  # type: ignore[attr-defined]
    for text in legend.get_texts():
        text.set_parse_math(False)
        if text.get_text() == "Events":
            text.set_fontweight("bold")
    return ax

