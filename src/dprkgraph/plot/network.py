"""The co-participation network of actors."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any, Literal

from dprkgraph.errors import QueryError
from dprkgraph.graph import EventGraph
from dprkgraph.plot._common import (
    KIND_COLOURS,
    KIND_ORDER,
    data_extent,
    empty_note,
    new_axes,
    window_note,
)
from dprkgraph.query import DateLike, co_participation, events

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MOST_ACTORS", "network"]

#: The most actors a network chart draws: past this the labels cannot be read (and networkx
#: would need scipy to lay out 500 nodes or more).
MOST_ACTORS = 300


def network(
    g: EventGraph,
    *,
    start: DateLike = None,
    end: DateLike = None,
    certainty: Literal["definite", "possible"] = "possible",
    min_weight: int = 1,
    max_actors: int = 60,
    seed: int = 7,
    ax: Axes | None = None,
) -> Axes:
    """The co-participation network: node size by events, edge width by shared events,
    colour by actor kind.

    Links of fewer than ``min_weight`` shared events are dropped, and actors left without a
    link are not drawn; the title counts them and says why. Past ``max_actors`` only the
    actors with most events are drawn, and the title says so (at most :data:`MOST_ACTORS`).
    Labels sit on opaque boxes above the links, beside each node: on the side away from the
    middle of its group if that covers no other node or label, else on the first side that
    does not (or covers least). The layout is seeded, so the same data gives the same picture.
    """
    import networkx as nx
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if min_weight < 1:
        raise QueryError("min_weight", min_weight, "use 1 or more shared events")
    if not 1 <= max_actors <= MOST_ACTORS:
        raise QueryError(
            "max_actors",
            max_actors,
            f"use 1 to {MOST_ACTORS}: a network of more labelled actors cannot be "
            "read (ask for more shared events per link, or narrow the window)",
        )
    cg = co_participation(g, start=start, end=end, certainty=certainty)
    weights: dict[tuple[str, str], int] = {(u, v): d["weight"] for u, v, d in cg.edges(data=True)}
    cg.remove_edges_from([pair for pair, w in weights.items() if w < min_weight])
    alone = sorted(n for n in cg if cg.degree(n) == 0)
    cg.remove_nodes_from(alone)
    linked = len(cg)
    if linked > max_actors:
        ranked = sorted(cg, key=lambda n: (-cg.nodes[n]["events"], n))
        cg.remove_nodes_from(ranked[max_actors:])
        cg.remove_nodes_from([n for n in list(cg) if cg.degree(n) == 0])
    ax = new_axes(ax, (10, 8))
    notes = []
    if alone:
        why = (
            "sharing no event with another"
            if min_weight == 1
            else f"with no link of {min_weight} or more shared events"
        )
        notes.append(f"{len(alone)} actor{'s' if len(alone) != 1 else ''} {why} not shown")
    if len(cg) < linked:
        notes.append(f"the {len(cg)} of {linked} linked actors with most events shown")
    note = "".join(f"; {n}" for n in notes)
    if len(cg) == 0:
        _say_empty(g, ax, weights, start=start, end=end, certainty=certainty, min_weight=min_weight)
        return ax
    pos = _component_layout(cg, seed)
    nodes = sorted(cg)
    sizes = [_size(cg.nodes[n]["events"]) for n in nodes]
    colours = [KIND_COLOURS[cg.nodes[n]["kind"]] for n in nodes]
    edges: list[tuple[str, str, int]] = sorted(
        (u, v, int(d["weight"])) for u, v, d in cg.edges(data=True)
    )
    drawn = nx.draw_networkx_edges(
        cg,
        pos,
        edgelist=[(u, v) for u, v, _ in edges],
        width=[0.5 + 1.2 * w for _, _, w in edges],
        edge_color="#b8b8b8",
        ax=ax,
    )
    drawn.set_gid("edges")  # type: ignore[union-attr]
    dots = nx.draw_networkx_nodes(
        cg,
        pos,
        nodelist=nodes,
        node_size=sizes,
        node_color=colours,
        edgecolors="#333333",
        linewidths=0.6,
        ax=ax,
    )
    dots.set_gid("nodes")
    dots.set_urls(nodes)
    labels = [
        ax.annotate(
            textwrap.fill(cg.nodes[n]["name"], 18),
            pos[n],
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=7.5,
            gid=f"label:{n}",
            zorder=4,
            parse_math=False,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "alpha": 1.0,
                "edgecolor": "none",
            },
        )
        for n in nodes
    ]
    ax.margins(0.12)
    ax.set_aspect("equal", adjustable="datalim")
    _place_labels(ax, cg, pos, nodes, sizes, labels, [(u, v) for u, v, _ in edges])
    kinds = sorted({cg.nodes[n]["kind"] for n in nodes}, key=KIND_ORDER.index)
    kind_key = ax.legend(
        handles=[Patch(facecolor=KIND_COLOURS[k], label=k.replace("_", " ")) for k in kinds],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7.5,
        frameon=False,
        title="Kind of actor",
        title_fontsize=8,
    )
    ax.add_artist(kind_key)
    kind_key.set_clip_on(False)  # add_artist clips to the Axes; a key sits outside
    counts = sorted({cg.nodes[n]["events"] for n in nodes})
    steps = sorted({counts[0], counts[len(counts) // 2], counts[-1]})
    widths = sorted({w for _, _, w in edges})
    room = _size(steps[-1]) ** 0.5 / 7.5  # the largest sample's diameter, in font sizes
    ax.legend(
        handles=[
            *(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markerfacecolor="#dddddd",
                    markeredgecolor="#333333",
                    markersize=_size(c) ** 0.5,
                    label=f"{c} event{'s' if c != 1 else ''}",
                )
                for c in steps
            ),
            *(
                Line2D(
                    [],
                    [],
                    color="#b8b8b8",
                    linewidth=0.5 + 1.2 * w,
                    label=f"{w} shared event{'s' if w != 1 else ''}",
                )
                for w in sorted({widths[0], widths[-1]})
            ),
        ],
        loc="lower left",
        bbox_to_anchor=(1.0, 0.0),
        fontsize=7.5,
        frameon=False,
        title="Scale",
        title_fontsize=8,
        labelspacing=max(1.0, 0.8 * room),
        handlelength=max(2.0, room),
        handletextpad=1.2,
        borderpad=0.8,
    )
    ax.set_title(
        textwrap.fill(
            "Who takes part in events together (size: events; width: "
            f"shared events{note}{window_note(start, end)})",
            80,
        ),
        loc="left",
        fontsize=10,
        parse_math=False,
    )
    ax.set_axis_off()
    return ax


def _say_empty(
    g: EventGraph,
    ax: Axes,
    weights: dict[tuple[str, str], int],
    *,
    start: DateLike,
    end: DateLike,
    certainty: Literal["definite", "possible"],
    min_weight: int,
) -> None:
    """Title an empty network with the reason, and say where the events are if the window
    holds none."""
    window = window_note(start, end)
    if not events(g, start=start, end=end, certainty=certainty):
        what = "No events in this selection"
        extent = data_extent(g)
        where = (
            f"the dataset's events run from {extent[0]} to {extent[1]}"
            if extent
            else "the dataset has no events"
        )
        inside = f" in this window ({window.lstrip(', ')})" if window else ""
        empty_note(ax, f"No events{inside}:\n{where}.")
    elif weights:
        what = f"No two actors share {min_weight} or more events in this selection"
    else:
        what = "No actors share an event in this selection"
    ax.set_title(textwrap.fill(what + window, 80), loc="left", fontsize=10, parse_math=False)
    ax.set_axis_off()


#: Where a label may sit around its node, tried in this order after the side away from the
#: node's links: right, left, above, below, then the four corners.
_SIDES = (
    (1.0, 0.0),
    (-1.0, 0.0),
    (0.0, 1.0),
    (0.0, -1.0),
    (0.7, 0.7),
    (-0.7, 0.7),
    (0.7, -0.7),
    (-0.7, -0.7),
)


def _place_labels(
    ax: Axes,
    cg: Any,
    pos: dict[str, Any],
    nodes: list[str],
    sizes: list[float],
    labels: list[Any],
    links: list[tuple[str, str]],
) -> None:
    """Put each label beside its node on the first side where it covers no other node, no
    label already placed and no link (the busiest actors first); where every side collides,
    on the side that covers least of nodes and labels, then of links. Measured in display
    units, so it holds at the size the chart is drawn."""
    from matplotlib.backends.backend_agg import RendererAgg

    fig = ax.get_figure(root=True)
    assert fig is not None
    ax.apply_aspect()
    # Text is measured the same way by every backend at a given dpi; Agg's is always there.
    width, height = fig.get_size_inches() * fig.dpi
    renderer = RendererAgg(int(width), int(height), fig.dpi)  # type: ignore[no-untyped-call]
    to_px = fig.dpi / 72.0
    centres = {n: ax.transData.transform(pos[n]) for n in nodes}
    radius = {n: size**0.5 / 2 * to_px for n, size in zip(nodes, sizes, strict=True)}
    placed: list[Any] = []
    segments = [(centres[u], centres[v]) for u, v in links]

    def crossed(box: Any) -> float:
        return sum(_length_inside(a, b, box) for a, b in segments)

    def cost(box: Any, own: str) -> float:
        over = 0.0
        for n in nodes:
            if n == own:
                continue
            (cx, cy), r = centres[n], radius[n]
            dx = max(box.x0 - cx, 0.0, cx - box.x1)
            dy = max(box.y0 - cy, 0.0, cy - box.y1)
            if dx * dx + dy * dy < r * r:
                over += r * r - (dx * dx + dy * dy)
        for other in placed:
            w = min(box.x1, other.x1) - max(box.x0, other.x0)
            h = min(box.y1, other.y1) - max(box.y0, other.y0)
            if w > 0 and h > 0:
                over += w * h
        return over

    order = sorted(range(len(nodes)), key=lambda i: (-sizes[i], nodes[i]))
    for i in order:
        n, label = nodes[i], labels[i]
        gap = sizes[i] ** 0.5 / 2 + 3
        best: tuple[tuple[float, float], Any] | None = None
        for dx, dy in (_outward(pos, cg, n), *_SIDES):
            _beside(label, dx * gap, dy * gap)
            box = label.get_window_extent(renderer).expanded(1.04, 1.08)
            score = (cost(box, n), crossed(box))
            if best is None or score < best[0]:
                best = (score, ((dx, dy), box))
            if score == (0.0, 0.0):
                break
        assert best is not None
        (dx, dy), box = best[1]
        _beside(label, dx * gap, dy * gap)
        placed.append(box)


def _length_inside(a: Any, b: Any, box: Any) -> float:
    """How much of the segment from ``a`` to ``b`` lies inside ``box`` (Liang–Barsky)."""
    dx, dy = float(b[0] - a[0]), float(b[1] - a[1])
    low, high = 0.0, 1.0
    for step, room in (
        (-dx, a[0] - box.x0),
        (dx, box.x1 - a[0]),
        (-dy, a[1] - box.y0),
        (dy, box.y1 - a[1]),
    ):
        if step == 0.0:
            if room < 0:
                return 0.0
        elif step < 0:
            low = max(low, room / step)
        else:
            high = min(high, room / step)
    return max(0.0, high - low) * math.hypot(dx, dy)


def _beside(label: Any, dx: float, dy: float) -> None:
    """Offset ``label`` by (dx, dy) points, anchored on the side facing its node."""
    label.set_position((dx, dy))
    label.set_horizontalalignment("left" if dx > 0.35 else "right" if dx < -0.35 else "center")
    label.set_verticalalignment("bottom" if dy > 0.35 else "top" if dy < -0.35 else "center")


def _size(events: int) -> float:
    """A node's area in points² for an actor in ``events`` events."""
    return 80.0 + 70.0 * events


def _outward(pos: dict[str, Any], cg: Any, node: str) -> tuple[float, float]:
    """The unit direction from the middle of ``node``'s neighbours to the node (down if none):
    its label goes there, where its own links are not."""
    import numpy as np

    here = np.asarray(pos[node], dtype=float)
    around = [np.asarray(pos[m], dtype=float) for m in cg[node]]
    away = here - np.mean(around, axis=0) if around else np.zeros(2)
    length = float(np.hypot(*away))
    if length < 1e-9:
        return 0.0, -1.0
    return float(away[0] / length), float(away[1] / length)


def _landscape(pos: dict[str, Any]) -> dict[str, Any]:
    """Turn a layout so its longest extent is horizontal (charts are wider than tall), and
    scale it into [-1, 1] across."""
    import numpy as np

    names = sorted(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    xy -= xy.mean(axis=0)
    _, _, axes = np.linalg.svd(xy, full_matrices=False)
    turned = xy @ axes.T
    turned *= np.where(turned[np.abs(turned).argmax(axis=0), [0, 1]] < 0, -1, 1)
    turned /= max(float(np.abs(turned[:, 0]).max()), 1e-9)
    return {n: turned[i] for i, n in enumerate(names)}


def _component_layout(cg: Any, seed: int) -> dict[str, Any]:
    """Lay out each connected component on its own (seeded force-directed layout), the
    largest in the middle and the rest in a row beneath it, so no edge crosses a gap between
    components and no small group lands inside a large one."""
    import networkx as nx
    import numpy as np

    parts = sorted((sorted(c) for c in nx.connected_components(cg)), key=lambda c: (-len(c), c))
    pos: dict[str, Any] = {}
    cursor, floor = -1.0, -1.0
    for i, part in enumerate(parts):
        sub = cg.subgraph(part)
        if len(part) == 1:
            local = {part[0]: np.zeros(2)}
        else:
            local = _landscape(
                nx.spring_layout(
                    sub, seed=seed, k=1.8 / len(part) ** 0.5, iterations=200, weight=None
                )
            )
        scale = 1.0 if i == 0 else 0.18 * len(part) ** 0.5
        for n, xy in local.items():
            xy = np.asarray(xy, dtype=float) * scale
            if i == 0:
                pos[n] = xy
            else:
                pos[n] = xy + np.array([cursor + scale, floor - 0.3 - scale])
        if i == 0:
            floor = min(float(xy[1]) for xy in pos.values())
        else:
            cursor += 2 * scale + 0.35
    return pos
