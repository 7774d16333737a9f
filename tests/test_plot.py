"""Charts: assert on what is drawn, not only that a file appears."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba

from dprkgraph import Actor, Claim, Dataset, Event, QueryError, Source
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.plot import (
    QUAD_COLOURS,
    dyad,
    figure,
    network,
    save_figure,
    summary_figure,
    swimlane,
)
from dprkgraph.report import write_report

CITE = ({"source": "doc", "quote": "as reported"},)


def ev(
    id: str,
    when: str,
    people: list[tuple[str, str]],
    *,
    cameo: str | None = None,
    title: str | None = None,
    led_to: str | None = None,
    claims: tuple[Claim, ...] = (),
) -> Event:
    return Event.model_validate(
        {
            "id": id,
            "title": title or id,
            "date": when,
            "type": "statement",
            "cameo": cameo,
            "participants": [{"actor": a, "role": r} for a, r in people],
            "sources": CITE,
            "relations": [{"type": "led_to", "event": led_to}] if led_to else [],
            "claims": claims,
        }
    )


def claim(who: str, stance: str) -> Claim:
    return Claim.model_validate(
        {"claimant": who, "stance": stance, "statement": "B did it.", "sources": CITE}
    )


@pytest.fixture
def g() -> EventGraph:
    actors = tuple(
        Actor.model_validate(a)
        for a in (
            {"id": "red", "name": "Redland", "kind": "state"},
            {"id": "blue", "name": "Blueland", "kind": "state"},
            {"id": "envoy", "name": "Eve Envoy", "kind": "person", "affiliation": "blue"},
            {"id": "lonely", "name": "Lonely Observer", "kind": "person"},
        )
    )
    events = (
        ev("launch", "2010-03-05", [("red", "initiator")], cameo="150", led_to="rebuke"),
        ev(
            "rebuke",
            "2010-03",
            [("blue", "initiator"), ("red", "target")],
            cameo="111",
            led_to="walkout",
        ),
        ev("walkout", "2010-04-10~", [("red", "initiator")], cameo="164"),
        ev(
            "talks",
            "2010-06-01/2010-06-03",
            [("red", "party"), ("blue", "party"), ("envoy", "mediator")],
            cameo="046",
            title="A very long title about talks that goes on and on past any sensible width",
        ),
        ev(
            "aid",
            "2010-07-15",
            [("envoy", "initiator"), ("red", "target")],
            cameo="07",
            title="$1 million in aid",
        ),
        ev(
            "sinking",
            "2010-05",
            [("blue", "target"), ("red", "accused")],
            cameo="190",
            claims=(claim("blue", "asserts"), claim("red", "denies")),
        ),
        ev("musing", "2010-08-01", [("lonely", "speaker")]),
    )
    sources = (
        Source.model_validate({"id": "doc", "title": "Doc", "publisher": "P", "kind": "article"}),
    )
    return build_graph(Dataset(events, actors, sources))


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def by_gid(ax: Axes, prefix: str) -> list[object]:
    found = [a for a in ax.get_children() if (a.get_gid() or "").startswith(prefix)]
    return found


def elements(ax: Axes, prefix: str) -> list[tuple[str, object, int]]:
    """(event id, collection, index) of every element of the collections named ``prefix…``."""
    return [
        (url, c, i)
        for c in ax.collections
        if (c.get_gid() or "").startswith(prefix)
        for i, url in enumerate(c.get_urls())
    ]


def bar(ax: Axes, event_id: str) -> tuple[object, int]:
    (found,) = [(c, i) for url, c, i in elements(ax, "bars") if url == event_id]
    return found


def test_swimlane_lanes_marks_and_bars(g: EventGraph) -> None:
    ax = swimlane(g, actors=["red", "blue", "envoy"])
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Redland",
        "Blueland",
        "Eve Envoy",
        "Other actors",
    ]
    # One mark (exact day) or bar (imprecise) per event-participant on a drawn lane.
    marks = sorted(url for url, _, _ in elements(ax, "marks"))
    bars = sorted(url for url, _, _ in elements(ax, "bars"))
    on_lanes = {
        "launch": 1,
        "rebuke": 2,
        "walkout": 1,
        "talks": 3,
        "aid": 2,
        "sinking": 2,
        "musing": 1,
    }
    exact = {"launch", "aid", "musing"}
    assert marks == sorted(e for e, n in on_lanes.items() if e in exact for _ in range(n))
    assert bars == sorted(e for e, n in on_lanes.items() if e not in exact for _ in range(n))
    assert "musing" in marks  # no lane for 'lonely': on the Other actors lane


def test_bar_widths_match_date_bounds(g: EventGraph) -> None:
    ax = swimlane(g, actors=["red"])
    cases = {
        "rebuke": (date(2010, 3, 1), date(2010, 3, 31)),
        "walkout": (date(2010, 4, 9), date(2010, 4, 11)),
        "talks": (date(2010, 6, 1), date(2010, 6, 3)),
        "sinking": (date(2010, 5, 1), date(2010, 5, 31)),
    }
    for event_id, (first, last) in cases.items():
        collection, i = bar(ax, event_id)
        xs = collection.get_paths()[i].vertices[:, 0]
        assert xs.min() == pytest.approx(mdates.date2num(first))
        assert xs.max() - xs.min() == pytest.approx((last - first + timedelta(days=1)).days)
    assert bar(ax, "walkout")[0].get_hatch() == "////"  # approximate
    assert bar(ax, "rebuke")[0].get_hatch() is None
    assert bar(ax, "sinking")[0].get_linewidths()[0] == pytest.approx(2.2)  # contested
    assert bar(ax, "rebuke")[0].get_linewidths()[0] < 1


def test_colours_follow_quad_class_or_goldstein(g: EventGraph) -> None:
    ax = swimlane(g, actors=["red"])

    def face(event_id: str) -> tuple[float, ...]:
        collection, i = bar(ax, event_id)
        return tuple(collection.get_facecolors()[i][:3])

    assert face("rebuke") == pytest.approx(to_rgba(QUAD_COLOURS[3])[:3])
    assert face("sinking") == pytest.approx(to_rgba(QUAD_COLOURS[4])[:3])
    ((_, dots, i),) = [e for e in elements(ax, "marks") if e[0] == "aid"]
    assert tuple(dots.get_facecolors()[i][:3]) == pytest.approx(to_rgba(QUAD_COLOURS[2])[:3])
    plt.close("all")
    ax = swimlane(g, actors=["red"], colour_by="goldstein")
    from dprkgraph.plot._common import goldstein_colour

    expected = goldstein_colour(-7.0)  # walkout, CAMEO 164
    assert face("walkout") == pytest.approx(expected[:3])
    assert any("Goldstein score" in a.get_xlabel() for a in ax.figure.axes if a is not ax)
    with pytest.raises(QueryError):
        swimlane(g, colour_by="mood")  # type: ignore[arg-type]


def test_connectors_arrows_and_legend(g: EventGraph) -> None:
    ax = swimlane(g, actors=["red", "blue", "envoy"])
    connectors = sorted(url for url, _, _ in elements(ax, "connectors"))
    assert connectors == ["aid", "rebuke", "sinking", "talks"]
    arrows = sorted(a.get_gid() for a in ax.texts if (a.get_gid() or "").startswith("arrow:"))
    assert arrows == ["arrow:launch->rebuke", "arrow:rebuke->walkout"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for entry in (
        "known to the day",
        "approximate or uncertain date",
        "contested: claimants disagree",
        "led to",
        "verbal conflict",
        "material conflict",
        "no CAMEO code",
    ):
        assert entry in legend
    assert any("$1 million in aid" in t for t in legend)
    long = next(t for t in legend if "A very long title" in t)
    assert long.replace("\n", "").endswith("past any sensible width")  # wrapped, not cut
    mathless = [t for t in ax.get_legend().get_texts() if "$1 million" in t.get_text()]
    assert mathless and not mathless[0].get_parse_math()


def test_numbers_tag_events_and_thin_out(g: EventGraph) -> None:
    ax = swimlane(g, actors=["red", "blue"], max_labels=3)
    tagged = {t.get_gid() for t in by_gid(ax, "label:")}
    # contested first, then most participants, then strongest Goldstein score
    assert tagged == {"label:sinking", "label:talks", "label:aid"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "numbers shown for 3 of 7 events" in legend


def test_window_filters_and_frames_the_axis(g: EventGraph) -> None:
    ax = swimlane(g, actors=["red"], start="2010-05", end="2010-06")
    assert {url for url, _, _ in elements(ax, "bars")} == {"sinking", "talks"}
    assert ax.get_xlim()[0] == pytest.approx(mdates.date2num(date(2010, 5, 1)))
    assert "2010-05 to 2010-06" in ax.get_title(loc="left")


def legend_texts(ax: Axes) -> list[str]:
    """The texts of every key drawn on the Axes (a chart may have more than one)."""
    from matplotlib.legend import Legend

    return [
        t.get_text()
        for child in ax.get_children()
        if isinstance(child, Legend)
        for t in child.get_texts()
    ]


def urls(ax: Axes, gid: str) -> list[str]:
    return sorted(url for c in ax.collections if c.get_gid() == gid for url in c.get_urls())


def test_dyad_stems_ranges_and_running_sum(g: EventGraph) -> None:
    ax = dyad(g, "red", "blue", affiliated=False)
    assert urls(ax, "stems") == ["rebuke", "sinking", "talks"]
    assert urls(ax, "ranges") == ["rebuke", "sinking", "talks"]
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "running-sum"]
    ys = [y for y in line.get_ydata() if not math.isnan(y)]
    assert ys[0] == 0
    assert ys[-1] == pytest.approx(-2.0 + -10.0 + 7.0)


def test_dyad_running_sum_spans_the_possible_days_of_a_month(g: EventGraph) -> None:
    # The March rebuke (-2) could be on any day of March: the sum is not drawn as stepping on
    # the 16th but as a band from 0 to -2 across the whole month, and is certain only after.
    ax = dyad(g, "red", "blue", affiliated=False)
    (band,) = [c for c in ax.collections if c.get_gid() == "running-sum-range"]
    march = [(mdates.date2num(date(2010, 3, 1)), mdates.date2num(date(2010, 4, 1)))]
    boxes = [p.vertices for p in band.get_paths()]
    first = min(boxes, key=lambda v: v[:, 0].min())
    assert (first[:, 0].min(), first[:, 0].max()) == pytest.approx(march[0])
    assert (first[:, 1].min(), first[:, 1].max()) == pytest.approx((-2.0, 0.0))
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "running-sum"]
    xs, ys = line.get_xdata(), line.get_ydata()
    inside = [y for x, y in zip(xs, ys, strict=True) if march[0][0] < x < march[0][1]]
    assert all(math.isnan(y) for y in inside)  # no certain value inside March
    april = [
        y
        for x, y in zip(xs, ys, strict=True)
        if x == pytest.approx(march[0][1]) and not math.isnan(y)
    ]
    assert april == [-2.0]


def test_dyad_marks_contested_events_as_the_timeline_does(g: EventGraph) -> None:
    ax = dyad(g, "red", "blue", affiliated=False)
    (ring,) = [c for c in ax.collections if c.get_gid() == "marks:contested"]
    assert list(ring.get_urls()) == ["sinking"]
    assert ring.get_linewidths()[0] == pytest.approx(2.2)
    assert tuple(ring.get_edgecolors()[0][:3]) == (0, 0, 0)
    assert "sinking" not in urls(ax, "marks")
    legend = legend_texts(ax)
    assert "contested: claimants disagree" in legend
    assert any(t.endswith("sinking (-10.0)  contested") for t in legend)


def test_dyad_counts_only_actors_who_face_each_other() -> None:
    # A visitor consulting two hosts links the visitor to each host, not the hosts together.
    actors = tuple(
        Actor.model_validate({"id": i, "name": i.title(), "kind": "state"})
        for i in ("usa", "chn", "jpn")
    )
    events = (
        ev(
            "consult",
            "2010-09",
            [("usa", "visitor"), ("chn", "host"), ("jpn", "host")],
            cameo="042",
        ),
        ev("pact", "2011-01-02", [("chn", "party"), ("jpn", "party")], cameo="057"),
    )
    sources = (
        Source.model_validate({"id": "doc", "title": "Doc", "publisher": "P", "kind": "article"}),
    )
    small = build_graph(Dataset(events, actors, sources))
    assert urls(dyad(small, "chn", "jpn"), "stems") == ["pact"]
    assert urls(dyad(small, "usa", "jpn"), "stems") == ["consult"]


def test_dyad_chart_and_query_share_one_default(g: EventGraph) -> None:
    from dprkgraph.query import dyad as dyad_query

    drawn = urls(dyad(g, "red", "blue"), "stems")
    assert drawn == sorted(e.id for e in dyad_query(g, "red", "blue") if e.goldstein is not None)
    assert "aid" in drawn  # the envoy acts for Blueland by default


def test_network_nodes_edges_and_isolates(g: EventGraph) -> None:
    ax = network(g)
    labels = {
        t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label:")
    }
    assert set(labels) == {"label:red", "label:blue", "label:envoy"}
    assert "1 actor sharing no event with another not shown" in ax.get_title(loc="left").replace(
        "\n", " "
    )
    (nodes,) = [c for c in ax.collections if c.get_gid() == "nodes"]
    sizes = dict(zip(nodes.get_urls(), nodes.get_sizes(), strict=True))
    assert sizes == {"blue": 80 + 70 * 3, "envoy": 80 + 70 * 2, "red": 80 + 70 * 6}
    first = network(g).get_children()
    assert len(first) == len(ax.get_children())


def test_network_title_says_why_actors_are_left_out(g: EventGraph) -> None:
    # red–blue share 3 events; envoy shares 2 with red, 1 with blue; lonely shares none.
    title = network(g, min_weight=3).get_title(loc="left").replace("\n", " ")
    assert "2 actors with no link of 3 or more shared events not shown" in title
    assert "sharing no event" not in title
    with pytest.raises(QueryError, match="min_weight"):
        network(g, min_weight=0)


def test_network_has_a_size_scale_and_labels_above_the_links(g: EventGraph) -> None:
    ax = network(g)
    keys = legend_texts(ax)
    assert {"2 events", "6 events", "1 shared event", "3 shared events", "state", "person"} <= set(
        keys
    )
    (edges,) = [c for c in ax.collections if c.get_gid() == "edges"]
    for label in by_gid(ax, "label:"):
        patch = label.get_bbox_patch()
        assert label.get_zorder() > edges.get_zorder()
        assert patch.get_alpha() == 1.0 and patch.get_facecolor()[:3] == (1, 1, 1)


def _label_collisions(ax: Axes) -> list[str]:
    """Labels that cover another actor's node or another label, measured as drawn."""
    fig = ax.get_figure()
    fig.canvas.draw()  # type: ignore[union-attr]
    renderer = fig.canvas.get_renderer()  # type: ignore[union-attr]
    (nodes,) = [c for c in ax.collections if c.get_gid() == "nodes"]
    centres = dict(zip(nodes.get_urls(), ax.transData.transform(nodes.get_offsets()), strict=True))
    radius = {
        n: math.sqrt(s) / 2 * fig.dpi / 72
        for n, s in zip(nodes.get_urls(), nodes.get_sizes(), strict=True)
    }
    boxes = {t.get_gid()[6:]: t.get_window_extent(renderer) for t in by_gid(ax, "label:")}
    found = []
    for n, box in boxes.items():
        for m, (cx, cy) in centres.items():
            dx, dy = max(box.x0 - cx, 0, cx - box.x1), max(box.y0 - cy, 0, cy - box.y1)
            if m != n and math.hypot(dx, dy) < radius[m] * 0.9:
                found.append(f"{n} covers node {m}")
        for m, other in boxes.items():
            if m < n and box.overlaps(other):
                found.append(f"{n} overlaps label {m}")
    return found


@pytest.mark.parametrize("data", ["bundled", "colombia-farc"])
def test_network_labels_cover_no_node_and_no_other_label(data: str) -> None:
    from dprkgraph import load_graph

    graph = load_graph(None if data == "bundled" else Path(__file__).parent / "data" / data)
    ax = network(graph)
    assert len(by_gid(ax, "label:")) > 10
    assert _label_collisions(ax) == []


def _links_under_labels(ax: Axes) -> dict[str, float]:
    """How many pixels of links each label covers, as drawn (labels hide what is beneath)."""
    from dprkgraph.plot.network import _length_inside

    fig = ax.get_figure()
    fig.canvas.draw()  # type: ignore[union-attr]
    renderer = fig.canvas.get_renderer()  # type: ignore[union-attr]
    (edges,) = [c for c in ax.collections if c.get_gid() == "edges"]
    segments = [ax.transData.transform(s) for s in edges.get_segments()]
    covered = {}
    for label in by_gid(ax, "label:"):
        box = label.get_window_extent(renderer)
        length = sum(_length_inside(s[0], s[-1], box) for s in segments)
        if length > 0:
            covered[label.get_gid()[6:]] = round(length)
    return covered


@pytest.mark.parametrize(
    ("data", "window"), [("bundled", None), ("bundled", "2009"), ("colombia-farc", None)]
)
def test_network_labels_sit_beside_the_links_not_on_them(data: str, window: str | None) -> None:
    from dprkgraph import load_graph

    graph = load_graph(None if data == "bundled" else Path(__file__).parent / "data" / data)
    ax = network(graph, start=window)
    covered = _links_under_labels(ax)
    # a label may graze a link where every side of its node is taken, never sit across one
    assert sum(covered.values()) <= 12, covered
    assert _label_collisions(ax) == []


def test_network_of_many_actors_draws_the_busiest() -> None:
    from dprkgraph.synthetic import generate

    big = build_graph(generate(6000, seed=3))
    assert len(big.actors()) > 500  # networkx lays out 500 or more nodes only with scipy
    ax = network(big)
    (nodes,) = [c for c in ax.collections if c.get_gid() == "nodes"]
    assert len(nodes.get_urls()) == 60
    busiest = max(big.actors(), key=lambda a: len(big.by_actor[a.id])).id
    assert busiest in nodes.get_urls()
    assert "the 60 of" in ax.get_title(loc="left").replace("\n", " ")
    with pytest.raises(QueryError, match="max_actors=301"):
        network(big, max_actors=301)


def test_summary_figure_has_three_charts(g: EventGraph) -> None:
    fig = summary_figure(g, dyad_pair=("red", "blue"))
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes]
    assert any(t.startswith("Events by actor") for t in titles)
    assert any("cooperation and conflict" in t for t in titles)
    assert any(t.startswith("Who takes part") for t in titles)


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png"])
def test_saved_files_are_repeatable(g: EventGraph, tmp_path: Path, suffix: str) -> None:
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    save_figure(figure("timeline", g), first)
    save_figure(figure("timeline", g), second)
    assert first.read_bytes() == second.read_bytes()
    if suffix == ".svg":
        text = first.read_text()
        assert "<dc:date>" not in text and "$1 million in aid" in text


def test_failed_save_leaves_the_old_file(
    g: EventGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    with pytest.raises(QueryError, match=r".png, .svg or .pdf"):
        save_figure(figure("network", g), tmp_path / "chart.jpg")
    fig = figure("network", g)

    def half_written(path: Path, **kwargs: object) -> None:
        Path(path).write_bytes(b"partial")
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(fig, "savefig", half_written)
    with pytest.raises(RuntimeError):
        save_figure(fig, target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png"]


@pytest.mark.mpl_image_compare(
    baseline_dir="baseline", tolerance=2, style="default", savefig_kwargs={"dpi": 80}
)
def test_swimlane_image_matches_baseline(g: EventGraph) -> object:
    return figure("timeline", g)


@pytest.mark.mpl_image_compare(
    baseline_dir="baseline", tolerance=2, style="default", savefig_kwargs={"dpi": 80}
)
def test_dyad_image_matches_baseline(g: EventGraph) -> object:
    return figure("dyad", g, a="red", b="blue")


def test_dyad_keys_stay_on_the_figure(g: EventGraph) -> None:
    from matplotlib.legend import Legend

    fig = figure("dyad", g, a="red", b="blue")
    (ax,) = fig.axes
    fig.draw_without_rendering()  # runs the layout, as saving does
    page = fig.bbox
    keys = {k.get_title().get_text(): k for k in ax.get_children() if isinstance(k, Legend)}
    assert set(keys) == {"How to read", "Events"}
    for key in keys.values():
        box = key.get_window_extent()
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    assert keys["Events"].get_window_extent().y1 <= ax.get_window_extent().y0  # under the chart
    assert keys["How to read"].get_window_extent().x0 >= ax.get_window_extent().x1  # beside it


def test_dyad_key_wraps_long_titles_and_cuts_none() -> None:
    from matplotlib.legend import Legend

    from dprkgraph import load_graph
    from dprkgraph.query import dyad as dyad_query

    graph = load_graph()
    ax = dyad(graph, "usa", "prk")
    (key,) = [
        k
        for k in ax.get_children()
        if isinstance(k, Legend) and k.get_title().get_text() == "Events"
    ]
    entries = [" ".join(t.get_text().split()) for t in key.get_texts()]
    long = [
        e.title
        for e in dyad_query(graph, "usa", "prk")
        if len(e.title) > 48 and e.goldstein is not None
    ]
    assert long, "the bundled usa–prk dyad has long titles"
    for title in long:
        assert any(title in entry for entry in entries), title
    assert not any("…" in entry for entry in entries)


HOSTILE = ["Pays $1 million and $2 million", r"$\frac{1}{$", r"x_1^2 \alpha$", "<b>&amp;</b>"]


@pytest.fixture
def hostile() -> EventGraph:
    """Two actors whose names are hostile to mathtext, markup and wrapping."""
    actors = (
        Actor.model_validate({"id": "one", "name": HOSTILE[0], "kind": "state"}),
        Actor.model_validate({"id": "two", "name": HOSTILE[1], "kind": "state"}),
        Actor.model_validate(
            {"id": "three", "name": HOSTILE[2], "kind": "person", "affiliation": "one"}
        ),
        Actor.model_validate({"id": "four", "name": HOSTILE[3], "kind": "person"}),
    )
    events = (
        ev(
            "e1",
            "2010-03-05",
            [("one", "initiator"), ("two", "target")],
            cameo="111",
            title="$5 bn $ fine",
        ),
        ev("e2", "2010-04", [("three", "visitor"), ("two", "host"), ("four", "host")], cameo="042"),
    )
    sources = (
        Source.model_validate({"id": "doc", "title": "Doc", "publisher": "P", "kind": "article"}),
    )
    return build_graph(Dataset(events, actors, sources))


def drawn_texts(fig: object) -> list[object]:
    from matplotlib.text import Text

    fig.draw_without_rendering()  # type: ignore[attr-defined]
    return [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]  # type: ignore[attr-defined]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", ["dyad", "network", "summary"])
def test_hostile_names_are_drawn_as_written(hostile: EventGraph, kind: str, tmp_path: Path) -> None:
    fig = (
        summary_figure(hostile)
        if kind == "summary"
        else figure(kind, hostile, a="one", b="two")
        if kind == "dyad"
        else figure(kind, hostile)
    )
    texts = drawn_texts(fig)
    for t in texts:
        if "$" in t.get_text():
            assert not t.get_parse_math(), t.get_text()
    shown = " | ".join(flat(t.get_text()) for t in texts)
    names = HOSTILE[:2] if kind == "dyad" else HOSTILE
    for name in names:
        assert flat(name) in shown
    if kind == "dyad":
        (title,) = [t for t in texts if t.get_text().startswith("Pays")]
        assert flat(title.get_text()).startswith(f"{HOSTILE[0]} – {HOSTILE[1]} (each with")
    if kind == "network":
        labels = {
            t.get_gid(): flat(t.get_text())
            for t in texts
            if (t.get_gid() or "").startswith("label:")
        }
        assert labels == {
            "label:one": HOSTILE[0],
            "label:two": HOSTILE[1],
            "label:three": HOSTILE[2],
            "label:four": HOSTILE[3],
        }
    save_figure(fig, tmp_path / "chart.png")  # a mathtext parse would fail here


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from dprkgraph.cli import main

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["timeline", "--pair", "usa", "prk"],
            (
                "--pair='usa prk' is not valid: the timeline "
                "chart does not use it; it is for the dyad chart"
            ),
        ),
        (["dyad", "--min-weight", "2"], "the dyad chart does not use it; it is for the network"),
        (["network", "--colour-by", "goldstein"], "the network chart does not use it"),
        (["network", "--only-named"], "the network chart does not use it"),
        (["dyad", "--max-actors", "3"], "it is for the network and timeline charts"),
        (["timeline", "--actor", "usa", "--min-weight", "1"], "the timeline chart does not use it"),
        (["network", "--dpi", "0"], "--dpi '0' is too small: give 1 or more"),
        (["timeline", "--max-actors", "0"], "--max-actors=0 is not valid"),
        (["network", "--min-weight", "0"], "--min-weight 0 is not valid"),
        (
            ["network", "--max-actors", "999"],
            "--max-actors 999 is not valid: use 1 to 300: a network of more labelled actors "
            "cannot be read (ask for more shared events per link, or narrow the window)",
        ),
        (["dyad", "--pair", "usa", "usa"], "--pair='usa usa' is not valid: name two actors"),
        (["dyad", "--from", "2020"], "needs a value for --pair: no two actors act toward"),
    ],
)
def test_plot_refuses_options_it_would_ignore(
    argv: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "chart.png"
    code, _, err = run_cli(capsys, "plot", *argv, "-o", str(target))
    assert code == 1
    assert words in err and "Traceback" not in err
    assert not target.exists()


def test_plot_refuses_a_bad_output_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dprkgraph.cli.charts

    def no_loading(args: object) -> None:
        raise AssertionError("the dataset was loaded before the output was checked")

    monkeypatch.setattr(dprkgraph.cli.charts, "graph", no_loading)
    code, _, err = run_cli(capsys, "plot", "dyad", "-o", str(tmp_path / "p.jpg"))
    assert code == 1 and "use a .png, .svg or .pdf file name" in err


def test_plot_passes_max_actors_and_picks_the_busiest_dyad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dprkgraph.plot

    drawn: list[object] = []
    real = dprkgraph.plot.save_figure

    def keep(fig: object, path: Path, **kwargs: object) -> Path:
        drawn.append(fig)
        return real(fig, path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dprkgraph.plot, "save_figure", keep)
    code, _, err = run_cli(
        capsys, "plot", "timeline", "--max-actors", "3", "-o", str(tmp_path / "t.png")
    )
    assert code == 0, err
    (ax,) = drawn[0].axes  # type: ignore[attr-defined]
    assert len(ax.get_yticklabels()) == 3
    code, _, err = run_cli(capsys, "plot", "dyad", "--from", "2009", "-o", str(tmp_path / "d.png"))
    assert code == 0
    assert "dyad: prk and usa, the busiest pair (choose with --pair A B)" in err
    title = drawn[1].axes[0].get_title(loc="left").replace("\n", " ")  # type: ignore[attr-defined]
    assert title.startswith("North Korea – United States (each with its affiliated actors)")


def test_dyad_and_network_respect_certainty(g: EventGraph) -> None:
    window = {"start": "2010-03-10", "end": "2010-06-30"}
    assert "rebuke" in urls(dyad(g, "red", "blue", **window), "stems")  # March: possibly in
    plt.close("all")
    definite = dyad(g, "red", "blue", certainty="definite", **window)
    assert "rebuke" not in urls(definite, "stems") and "talks" in urls(definite, "stems")
    plt.close("all")
    ax = network(g, start="2010-03-10", end="2010-03-31", certainty="definite")
    assert ax.get_title(loc="left").startswith("No events in this selection")
    fig = summary_figure(g, certainty="definite", **window)
    # walkout, sinking and talks lie wholly in the window; the March rebuke may not
    assert fig.get_suptitle().startswith("Summary: 3 events")


@pytest.fixture
def odd_dates() -> EventGraph:
    """Two actors facing each other on dates that are open on one side, or one of two."""
    actors = tuple(
        Actor.model_validate(a)
        for a in (
            {"id": "red", "name": "Redland", "kind": "state"},
            {"id": "blue", "name": "Blueland", "kind": "state"},
        )
    )
    face = [("red", "initiator"), ("blue", "target")]
    events = (
        ev("onward", "2010-08/..", face, cameo="163", title="Sanctions from August on"),
        ev("before", "../2010-08-30", face, cameo="012", title="Said at some time before"),
        ev("either", "[2010-08-25, 2010-10]", face, cameo="042", title="Visit, one of two"),
        ev("day", "2010-09-10", face, cameo="051", title="Praise"),
    )
    sources = (
        Source.model_validate({"id": "doc", "title": "Doc", "publisher": "P", "kind": "article"}),
    )
    return build_graph(Dataset(events, actors, sources))


def stem_x(ax: Axes) -> dict[str, float]:
    [stems] = by_gid(ax, "stems")
    return {
        url: float(seg[0][0])
        for seg, url in zip(stems.get_segments(), stems.get_urls(), strict=True)
    }


def day_num(text: str) -> float:
    return float(mdates.date2num(date.fromisoformat(text)))


@pytest.mark.parametrize("start", [None, "2010-07", "2010-08-20"])
def test_dyad_draws_and_numbers_every_listed_event_inside_the_axis(
    odd_dates: EventGraph, start: str | None, tmp_path: Path
) -> None:
    fig = figure("dyad", odd_dates, a="red", b="blue", start=start)
    ax = fig.axes[0]
    left, right = ax.get_xlim()
    listed = [t.get_text() for t in ax.get_legend().get_texts()]
    stems = stem_x(ax)
    labels = {str(t.get_gid()).removeprefix("label:"): t for t in ax.texts}
    for event_id in ("onward", "before", "either", "day"):
        assert left <= stems[event_id] <= right, event_id
        assert event_id in labels or any(  # a shared stem carries both numbers
            event_id in u for u in labels
        ), event_id
    assert len(listed) == 4
    assert sum(len(t.get_text().split(", ")) for t in ax.texts if t.get_gid()) == 4
    # The bars of the possible days are cut at the axis, and an open side says so.
    for seg in by_gid(ax, "ranges")[0].get_segments():
        assert left <= seg[0][0] <= seg[1][0] <= right
    [ends] = by_gid(ax, "open-ends")
    assert list(ends.get_urls()) == ["onward"]
    assert float(ends.get_offsets()[0][0]) == right
    if start == "2010-07":
        assert left == day_num("2010-07-01")  # the window asked for, not the first event
    fig.savefig(tmp_path / "dyad.png")
    out = Path(__file__).resolve().parents[1] / "out"
    if out.is_dir():
        fig.savefig(out / f"dyad-odd-{start}.png")  # kept for a person to look at


def test_dyad_leaves_the_gap_of_a_one_of_date_open(odd_dates: EventGraph) -> None:
    ax = dyad(odd_dates, "red", "blue", start="2010-08")
    # The stem stands on a day the event can be on: 25 August, not late September.
    x = stem_x(ax)["either"]
    assert day_num("2010-08-25") <= x <= day_num("2010-08-26")
    [ranges] = by_gid(ax, "ranges")
    mine = sorted(
        (seg[0][0], seg[1][0])
        for seg, url in zip(ranges.get_segments(), ranges.get_urls(), strict=True)
        if url == "either"
    )
    assert mine == [
        (day_num("2010-08-25"), day_num("2010-08-26")),
        (day_num("2010-10-01"), day_num("2010-11-01")),
    ]
    [gaps] = by_gid(ax, "one-of-gaps")
    assert list(gaps.get_urls()) == ["either"]
    [gap] = gaps.get_segments()
    assert (gap[0][0], gap[1][0]) == (day_num("2010-08-26"), day_num("2010-10-01"))


def test_dyad_numbers_never_overprint_each_other() -> None:
    """Colombia–FARC: 12 and 13 fall a day apart at −10, 16 and 17 a month apart at +8."""
    from dprkgraph.loader import load_graph

    data = Path(__file__).resolve().parent / "data" / "colombia-farc"
    fig = figure("dyad", load_graph(data), a="col", b="farc")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [
        (t.get_text(), t.get_window_extent(renderer))
        for t in ax.texts
        if str(t.get_gid()).startswith("label:")
    ]
    assert len(boxes) >= 18 - 1  # one label may carry two numbers
    clashes = [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.expanded(1.3, 1.0).overlaps(box_b)  # touching counts
    ]
    assert clashes == []
    title = ax.get_title(loc="left")
    assert title.replace("\n", " ").endswith("(18\u00a0events)")


@pytest.mark.parametrize("pair", [("red", "red"), ("red", "Redland")])
def test_a_dyad_is_two_actors(g: EventGraph, pair: tuple[str, str], tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="name two actors"):
        dyad(g, *pair)
    with pytest.raises(QueryError, match="name two actors"):
        write_report(g, tmp_path / "out", dyad_pair=pair)
    assert not (tmp_path / "out").exists()


def _drawn_texts(fig: Any) -> list[Any]:
    """Every piece of text drawn on ``fig`` with its box: tick labels outside the view or on
    a hidden axis (a twin's) are left out, as the renderer leaves them out."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    hidden = set()
    for ax in fig.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            shown = (
                {id(x) for t in axis._update_ticks() for x in (t.label1, t.label2)}
                if axis.get_visible()
                else set()
            )
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                hidden |= {id(x) for x in (tick.label1, tick.label2) if id(x) not in shown}
    return [
        (t, t.get_window_extent(renderer))
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]


@pytest.mark.parametrize(
    ("data", "window"), [("bundled", "2009"), ("bundled", None), ("colombia-farc", None)]
)
def test_summary_page_sets_no_text_on_other_text_and_keeps_keys_off_the_charts(
    data: str, window: str | None
) -> None:
    from matplotlib.legend import Legend

    from dprkgraph import load_graph

    graph = load_graph(None if data == "bundled" else Path(__file__).parent / "data" / data)
    fig = summary_figure(graph, start=window)
    texts = _drawn_texts(fig)
    page = fig.bbox
    assert [t.get_text()[:30] for t, b in texts if not page.contains(b.x0, b.y0)] == []
    assert [t.get_text()[:30] for t, b in texts if not page.contains(b.x1, b.y1)] == []
    crowded = [
        (s.get_text()[:30], t.get_text()[:30])
        for i, (s, a) in enumerate(texts)
        for t, b in texts[i + 1 :]
        if min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1
    ]
    assert crowded == []
    renderer = fig.canvas.get_renderer()
    keys = fig.findobj(Legend)
    charts = [ax for ax in fig.get_axes() if ax.axison]
    for key in keys:
        box = key.get_window_extent(renderer)
        over = [ax for ax in charts if ax.bbox.overlaps(box) and ax.bbox != key.axes.bbox]
        assert over == [], key.get_title().get_text()
        assert not any(box.overlaps(k.get_window_extent(renderer)) for k in keys if k is not key)


def test_the_readme_chart_is_what_the_documented_command_draws(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from matplotlib.testing.compare import compare_images

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "![" in readme and "(docs/img/timeline.png)" in readme
    assert "*What `dprkgraph plot timeline --from 2009` draws" in readme
    drawn = tmp_path / "timeline.png"
    code, _, err = run_cli(
        capsys, "plot", "timeline", "--from", "2009", "--dpi", "90", "-o", str(drawn)
    )
    assert code == 0, err
    assert compare_images(str(root / "docs/img/timeline.png"), str(drawn), tol=2) is None


def test_an_empty_dyad_chart_says_why_it_is_empty(g: EventGraph) -> None:
    ax = dyad(g, "red", "blue", start="2090")
    (note,) = [t for t in ax.texts if t.get_gid() == "empty"]
    assert note.get_text() == (
        "No events in which Redland and Blueland act toward each other in this window "
        "(from 2090):\ntheir events run from 2010-03-01 to 2010-07-15."
    )
    left, right = ax.get_xlim()
    assert right > left
    ax = dyad(g, "red", "lonely")
    (note,) = [t for t in ax.texts if t.get_gid() == "empty"]
    assert note.get_text() == (
        "No events in which Redland and Lonely Observer act toward each other:\n"
        "neither acts toward the other in any event of the dataset."
    )
    # nothing is drawn, so the key explains no colours
    keys = [t.get_text() for t in ax.get_legend().get_texts()]
    assert not any(k.endswith(("cooperation", "conflict", "running sum")) for k in keys)


def test_dyad_numbers_stay_readable_over_the_running_sum(g: EventGraph) -> None:
    """The dashed sum may pass behind an event's number: a white halo keeps it legible."""
    from matplotlib.patheffects import withStroke

    ax = dyad(g, "red", "blue")
    numbers = by_gid(ax, "label:")
    assert numbers
    for label in numbers:
        (halo, *_) = label.get_path_effects()  # type: ignore[attr-defined]
        assert isinstance(halo, withStroke)
        assert to_rgba(halo._gc["foreground"]) == to_rgba("white")


def test_an_empty_dyad_chart_without_a_window_frames_the_dataset(g: EventGraph) -> None:
    left, right = dyad(g, "red", "lonely").get_xlim()
    assert left <= mdates.date2num(date(2010, 3, 5)) and right >= mdates.date2num(date(2010, 8, 1))
    assert right - left < 400


def test_an_empty_network_says_what_is_empty(g: EventGraph) -> None:
    ax = network(g, start="2090")
    assert ax.get_title(loc="left") == "No events in this selection, from 2090"
    (note,) = [t for t in ax.texts if t.get_gid() == "empty"]
    assert note.get_text() == (
        "No events in this window (from 2090):\nthe dataset's events run from 2010-03-01 "
        "to 2010-08-01."
    )
    ax = network(g, min_weight=5)
    assert ax.get_title(loc="left") == "No two actors share 5 or more events in this selection"
    assert network(g, start="2010-08", end="2010-08").get_title(loc="left") == (
        "No actors share an event in this selection, 2010-08 to 2010-08"
    )


@pytest.mark.parametrize("data", ["fixture", "colombia-farc"])
def test_dyad_numbers_stay_inside_the_axes(g: EventGraph, data: str) -> None:
    """A number under a −10 stem sat on the x axis, where the axis line ran through it."""
    from dprkgraph import load_graph

    if data == "fixture":
        fig = figure("dyad", g, a="red", b="blue")
    else:
        fig = figure("dyad", load_graph(Path(__file__).parent / "data" / data), a="col", b="farc")
    ax = fig.axes[0]
    texts = _drawn_texts(fig)
    frame = ax.get_window_extent()
    numbers = [(t, box) for t, box in texts if str(t.get_gid()).startswith("label:")]
    assert numbers
    assert [t.get_text() for t, box in numbers if box.y0 < frame.y0 or box.y1 > frame.y1] == []


def _summary(data: str) -> Any:
    from dprkgraph import load_graph

    graph = load_graph(None if data == "bundled" else Path(__file__).parent / "data" / data)
    return _drawn(summary_figure(graph))


def _drawn(fig: Any) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    return fig


@pytest.mark.slow
@pytest.mark.parametrize("data", ["bundled", "colombia-farc"])
def test_each_part_of_the_summary_timeline_key_stays_under_its_heading(data: str) -> None:
    """The bundled summary broke "Colour" after "verbal conflict": "material conflict" and
    "no CAMEO code" began the second column with no heading over them."""
    fig = _summary(data)
    [ax] = [a for a in fig.axes if a.get_title(loc="left").startswith("Events by actor")]
    legend = ax.get_legend()
    texts = legend.get_texts()
    renderer = fig.canvas.get_renderer()
    column_of = [round(t.get_window_extent(renderer).x0) for t in texts]
    headings = {i for i, t in enumerate(texts) if t.get_fontweight() == "bold"}
    assert len(set(column_of)) == 3
    heading = None
    for i, text in enumerate(texts):
        if i in headings:
            heading = i
        elif not text.get_text().strip():
            heading = None
        else:
            assert heading is not None, f"{text.get_text()!r} has no heading above it"
            assert column_of[heading] == column_of[i], (
                f"{text.get_text()!r} is not in the column of {texts[heading].get_text()!r}"
            )


@pytest.mark.slow
@pytest.mark.parametrize("data", ["bundled", "colombia-farc"])
@pytest.mark.parametrize("where", ["summary", "figure"])
def test_every_dyad_number_stays_inside_the_chart(data: str, where: str) -> None:
    """The bundled summary's "5, 6" ran over the right-hand edge of the dyad chart."""
    from dprkgraph import load_graph

    if where == "summary":
        fig = _summary(data)
    else:
        graph = load_graph(None if data == "bundled" else Path(__file__).parent / "data" / data)
        fig = _drawn(figure("dyad", graph))
    [ax] = [
        a
        for a in fig.axes
        if "cooperation and conflict" in a.get_title(loc="left").replace("\n", " ")
    ]
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    labels = by_gid(ax, "label:")
    assert labels
    outside = [
        t.get_text()
        for t in labels
        if not (
            frame.x0 <= t.get_window_extent(renderer).x0
            and t.get_window_extent(renderer).x1 <= frame.x1
        )
    ]
    assert outside == []


def test_a_running_sum_range_of_a_day_or_two_stays_visible() -> None:
    """North Korea–United States: from the middle of 30 August 2010 (two sanctions that day)
    to the end of August (visits known only to the month) the sum may be anywhere from -5 to
    +4.9, a sliver that a faint fill alone leaves nearly invisible; an outline shows it."""
    from dprkgraph import load_graph

    fig = _drawn(figure("dyad", load_graph(None), a="prk", b="usa"))
    ax = fig.axes[0]
    (band,) = [c for c in ax.collections if c.get_gid() == "running-sum-range"]
    day = mdates.date2num(date(2010, 8, 30)) + 0.5
    [sliver] = [p.vertices for p in band.get_paths() if p.vertices[:, 0].min() == day]
    assert sliver[:, 0].max() == mdates.date2num(date(2010, 9, 1))
    assert (sliver[:, 1].min(), sliver[:, 1].max()) == pytest.approx((-5.0, 4.9))
    width_pt = 1.5 * ax.bbox.width / ax.viewLim.width * 72 / fig.dpi
    assert width_pt < 1  # too thin to see as a fill
    [edge] = band.get_edgecolors()
    [line_width] = band.get_linewidths()
    assert line_width >= 1.0
    assert edge[3] >= 0.6 and max(edge[:3]) <= 0.4  # an opaque, dark outline


def test_the_dyad_chart_names_the_events_it_cannot_draw(g: EventGraph) -> None:
    """An event without a CAMEO code has no Goldstein score: the chart says which it is."""
    extra = Event.model_validate(
        {
            "id": "uncoded",
            "title": "Envoys meet $quietly$",
            "date": "2010-05-20",
            "type": "meeting",
            "participants": [
                {"actor": "red", "role": "initiator"},
                {"actor": "blue", "role": "target"},
            ],
            "sources": [{"source": "doc", "quote": "q"}],
        }
    )
    events = (*g.events(), extra)
    graph = build_graph(Dataset(events, tuple(g.actors()), tuple(g.sources())))
    for labels in (True, False):
        ax = dyad(graph, "red", "blue", labels=labels)
        title = ax.get_title(loc="left").replace("\n", " ")
        assert "1 without a CAMEO code not drawn, listed below" in title
        key = ax.get_legend()
        texts = [t.get_text() for t in key.get_texts()]
        assert "not drawn, no CAMEO code (no Goldstein score):" in texts
        assert "    2010-05-20  Envoys meet $quietly$" in texts
        assert all(not t.get_parse_math() for t in key.get_texts())


def test_the_dyad_chart_draws_an_interval_solid_over_the_days_it_surely_lasted() -> None:
    """Colombia–FARC: the secret talks ran from February to August 2012 (2012-02/2012-08),
    the Cauca attack from the 14th to the 15th of April 2015 (both days, whole)."""
    from dprkgraph import load_graph

    ax = dyad(load_graph(Path(__file__).parent / "data" / "colombia-farc"), "col", "farc")
    [core] = by_gid(ax, "interval-days")
    spans = {
        url: (s[0][0], s[1][0]) for url, s in zip(core.get_urls(), core.get_segments(), strict=True)
    }
    assert spans == {
        "exploratory-talks": (day_num("2012-02-29"), day_num("2012-08-02")),
        "cauca-attack": (day_num("2015-04-14"), day_num("2015-04-16")),
    }
    assert core.get_alpha() is None
    assert "interval (start/end): solid over the days\nit surely lasted" in legend_texts(ax)
