"""The co-participation network of actors."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from dprkgraph.graph import EventGraph
from dprkgraph.plot._common import KIND_COLOURS, KIND_ORDER, new_axes, window_note
from dprkgraph.query import DateLike, co_participation

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["network"]


def network(
    g: EventGraph,
    *,
    start: DateLike = None,
    end: DateLike = None,
    min_weight: int = 1,
    seed: int = 7,
    ax: Axes | None = None,
) -> Axes:
    """The co-participation network: node size by events, edge width by shared events,
    colour by actor kind.

    Actors who share no event with anyone in the selection are left out, and the title
    counts them. The layout is seeded, so the same data gives the same picture.
    """
    import networkx as nx
    from matplotlib.patches import Patch

    cg = co_participation(g, start=start, end=end)
    weights: dict[tuple[str, str], int] = {(u, v): d["weight"] for u, v, d in cg.edges(data=True)}
    cg.remove_edges_from([pair for pair, w in weights.items() if w < min_weight])
    alone = sorted(n for n in cg if cg.degree(n) == 0)
    cg.remove_nodes_from(alone)
    ax = new_axes(ax, (10, 8))
    if len(cg) == 0:
        ax.set_title("No actors share an event in this selection", loc="left")
        ax.set_axis_off()
        return ax
    pos = _component_layout(cg, seed)
    nodes = sorted(cg)
    sizes = [80 + 70 * cg.nodes[n]["events"] for n in nodes]
    colours = [KIND_COLOURS[cg.nodes[n]["kind"]] for n in nodes]
    edges: list[tuple[str, str, int]] = sorted(
        (u, v, int(d["weight"])) for u, v, d in cg.edges(data=True))
    nx.draw_networkx_edges(cg, pos, edgelist=[(u, v) for u, v, _ in edges],
                           width=[0.5 + 1.2 * w for _, _, w in edges], edge_color="#b8b8b8",
                           ax=ax)
    nx.draw_networkx_nodes(cg, pos, nodelist=nodes, node_size=sizes, node_color=colours,
                           edgecolors="#333333", linewidths=0.6, ax=ax)
    for n, size in zip(nodes, sizes, strict=True):
        x, y = pos[n]
        ax.annotate(textwrap.fill(cg.nodes[n]["name"], 18), (x, y),
                    xytext=(0, -(size ** 0.5) / 2 - 3), textcoords="offset points",
                    fontsize=7.5, ha="center", va="top", gid=f"label:{n}",
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "alpha": 0.75,
                          "edgecolor": "none"})
    kinds = sorted({cg.nodes[n]["kind"] for n in nodes}, key=KIND_ORDER.index)
    ax.legend(handles=[Patch(facecolor=KIND_COLOURS[k], label=k.replace("_", " ")) for k in kinds],
              loc="lower right", fontsize=7.5, frameon=False)
    note = f"; {len(alone)} actors sharing no event not shown" if alone else ""
    ax.set_title(textwrap.fill("Who takes part in events together (size: events; width: "
                               f"shared events{note}{window_note(start, end)})", 70),
                 loc="left", fontsize=10)
    ax.margins(0.12)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_axis_off()
    return ax


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
            local = _landscape(nx.spring_layout(sub, seed=seed, k=1.8 / len(part) ** 0.5,
                                                iterations=200, weight=None))
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

