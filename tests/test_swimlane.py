"""The swimlane timeline: every event of the window drawn, who did what, a readable key, honest
empty and crowded windows, and data text kept literal."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba

import dprkgraph
from dprkgraph import Actor, Dataset, Event, QueryError, Source
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.plot import figure, swimlane
from dprkgraph.plot._common import goldstein_colour, wrap
from dprkgraph.query import events
from dprkgraph.synthetic import generate

CITE = ({"source": "doc", "quote": "as reported"},)


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def ev(
    id: str,
    when: str,
    people: list[tuple[str, str]],
    *,
    cameo: str | None = None,
    title: str | None = None,
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
        }
    )


def dataset(actors: list[dict[str, str]], found: list[Event]) -> EventGraph:
    sources = (
        Source.model_validate({"id": "doc", "title": "Doc", "publisher": "P", "kind": "article"}),
    )
    return build_graph(
        Dataset(tuple(found), tuple(Actor.model_validate(a) for a in actors), sources)
    )


@pytest.fixture
def nile() -> EventGraph:
    """Talks over the Grand Ethiopian Renaissance Dam: a second region, its own actors, and
    several events with no participant among the busiest three."""
    actors = [
        {"id": "eth", "name": "Ethiopia", "kind": "state"},
        {"id": "egy", "name": "Egypt", "kind": "state"},
        {"id": "sdn", "name": "Sudan", "kind": "state"},
        {"id": "au", "name": "African Union", "kind": "international_organisation"},
        {"id": "unsc", "name": "UN Security Council", "kind": "international_organisation"},
        {"id": "usa", "name": "United States", "kind": "state"},
        {
            "id": "us-treasury",
            "name": "U.S. Department of the Treasury",
            "kind": "government_body",
            "affiliation": "usa",
        },
        {"id": "world-bank", "name": "World Bank", "kind": "international_organisation"},
        {"id": "abiy", "name": "Abiy Ahmed", "kind": "person", "affiliation": "eth"},
        {"id": "shoukry", "name": "Sameh Shoukry", "kind": "person", "affiliation": "egy"},
    ]
    found = [
        ev(
            "khartoum-principles",
            "2015-03-23",
            [("egy", "signatory"), ("eth", "signatory"), ("sdn", "signatory")],
            cameo="057",
            title="Declaration of Principles on the dam signed in Khartoum",
        ),
        ev(
            "washington-talks",
            "2019-11-06",
            [
                ("us-treasury", "host"),
                ("world-bank", "mediator"),
                ("egy", "party"),
                ("eth", "party"),
                ("sdn", "party"),
            ],
            cameo="046",
            title="Talks hosted by the U.S. Treasury with the World Bank observing",
        ),
        ev(
            "ethiopia-skips",
            "2020-02-27",
            [("eth", "initiator")],
            cameo="125",
            title="Ethiopia stays away from the final Washington round",
        ),
        ev(
            "shoukry-letter",
            "2020-05",
            [("shoukry", "author"), ("unsc", "addressee")],
            cameo="020",
            title="Egypt's foreign minister writes to the Security Council",
        ),
        ev(
            "unsc-session-2020",
            "2020-06-29",
            [("unsc", "host"), ("egy", "party"), ("eth", "party")],
            cameo="046",
        ),
        ev(
            "first-filling",
            "2020-07~",
            [("eth", "initiator")],
            title="First filling of the reservoir",
        ),
        ev(
            "au-summit",
            "2020-07-21",
            [("au", "host"), ("sdn", "party")],
            cameo="046",
            title="African Union mini-summit on the dam",
        ),
        ev(
            "au-statement",
            "2020-08",
            [("au", "speaker")],
            cameo="010",
            title="African Union says talks will continue under its lead",
        ),
        ev(
            "us-aid-pause",
            "2020-09-02",
            [("usa", "initiator"), ("eth", "target")],
            cameo="163",
            title="United States pauses part of its aid to Ethiopia",
        ),
        ev(
            "world-bank-offer",
            "2020-10",
            [("world-bank", "speaker")],
            title="World Bank offers technical help",
        ),
        ev(
            "unsc-session-2021",
            "2021-07-08",
            [("unsc", "host"), ("egy", "party"), ("sdn", "party"), ("eth", "party")],
            cameo="046",
        ),
        ev(
            "abiy-announces",
            "2021-07-19",
            [("abiy", "speaker")],
            cameo="010",
            title="Abiy Ahmed announces the second filling",
        ),
        ev(
            "sudan-au-envoy",
            "2021-08",
            [("sdn", "host"), ("au", "visitor")],
            cameo="042",
            title="African Union envoy visits Khartoum",
        ),
    ]
    return dataset(actors, found)


def urls(ax: Axes, prefix: str) -> list[str]:
    return [
        u for c in ax.collections if (c.get_gid() or "").startswith(prefix) for u in c.get_urls()
    ]


def drawn(ax: Axes) -> list[tuple[str, str, str, int]]:
    """(event id, lane id, collection gid, index) of every mark and bar."""
    from matplotlib.patches import Rectangle

    bands = [
        (p.get_gid()[5:], p.get_y(), p.get_y() + p.get_height())
        for p in ax.patches
        if isinstance(p, Rectangle) and (p.get_gid() or "").startswith("lane:")
    ]
    found = []
    for c in ax.collections:
        gid = c.get_gid() or ""
        if not gid.startswith(("marks:", "bars:")):
            continue
        if gid.startswith("marks:"):
            ys = [y for _, y in c.get_offsets()]
        else:
            ys = [path.vertices[:, 1].mean() for path in c.get_paths()]
        for i, (url, y) in enumerate(zip(c.get_urls(), ys, strict=True)):
            (lane,) = [name for name, lo, hi in bands if lo <= y <= hi]
            found.append((url, lane, gid, i))
    return found


def key(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_every_event_of_the_window_is_drawn_on_the_bundled_data() -> None:
    g = dprkgraph.load_graph()
    ax = swimlane(g, start="2009")
    window = events(g, start="2009").ids()
    assert set(urls(ax, "marks:") + urls(ax, "bars:")) == set(window)
    assert f"({len(window)} events, from 2009)" in ax.get_title(loc="left")
    # The interview of a man without a lane is on the lane of the state he belongs to.
    places = drawn(ax)
    assert [(lane, gid) for e, lane, gid, _ in places if e == "wit-interview-2010-09-24"] == [
        ("usa", "marks:acts")
    ]


def test_the_lane_shows_who_acted_and_who_was_acted_on() -> None:
    g = dprkgraph.load_graph()
    ax = swimlane(g, start="2009")
    places = {
        (lane, gid): i for e, lane, gid, i in drawn(ax) if e == "treasury-designations-2010-08-30"
    }
    assert set(places) == {("prk", "marks:acted-on"), ("usa", "marks:acts")}
    # On the United States' lane the Treasury stands for it: hollow, edged in the event's colour.
    (hollow,) = [c for c in ax.collections if c.get_gid() == "marks:acts"]
    i = places[("usa", "marks:acts")]
    assert tuple(hollow.get_facecolors()[i]) == pytest.approx(to_rgba("white"))
    assert (
        "hollow: an actor without a lane of its own,\ndrawn on the lane of the actor it "
        "belongs to" in key(ax)
    )


def test_the_key_names_the_actors_without_a_lane() -> None:
    g = dprkgraph.load_graph()
    ax = swimlane(g, start="2009")
    lines = key(ax)
    header = next(t for t in lines if t.endswith("actors without a lane"))
    listed = " ".join(lines[lines.index(header) + 1 :]).replace("\n", "")
    lanes = {t.get_text() for t in ax.get_yticklabels()}
    for name in (
        "Barack Obama",
        "U.S. Department of the Treasury",
        "The New York Times",
        "Joel Wit",
    ):
        assert name in listed and name not in lanes
    assert "Joel Wit (1): on United States" in listed
    involved = {a for e in events(g, start="2009") for a in e.actors()}
    assert int(header.split()[0]) == len(involved - _lane_ids(ax))


def _lane_ids(ax: Axes) -> set[str]:
    return {p.get_gid()[5:] for p in ax.patches if (p.get_gid() or "").startswith("lane:")}


def test_a_second_region_puts_laneless_events_on_the_other_actors_lane(nile: EventGraph) -> None:
    ax = swimlane(nile, max_actors=3)
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names[-1] == "Other actors" and len(names) == 4
    assert {"Ethiopia", "Egypt", "Sudan"} == set(names[:3])
    places = drawn(ax)
    assert {e for e, _, _, _ in places} == set(events(nile).ids())
    on = {(e, lane) for e, lane, _, _ in places}
    # no participant on a lane and none belonging to one: the catch-all lane, and only those
    assert {e for e, lane in on if lane == " other"} == {"au-statement", "world-bank-offer"}
    assert ("au-summit", "sdn") in on and ("au-summit", " other") not in on
    # a minister and a prime minister are drawn on their states' lanes, hollow
    assert ("shoukry-letter", "egy") in on and ("abiy-announces", "eth") in on
    assert "13 events" in ax.get_title(loc="left")


def test_max_actors_sets_the_number_of_lanes(nile: EventGraph) -> None:
    ax = swimlane(nile, max_actors=1)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ethiopia", "Other actors"]
    assert len({e for e, _, _, _ in drawn(ax)}) == 13
    for bad in (0, -2, 1.5, True):
        with pytest.raises(QueryError, match="max_actors"):
            swimlane(nile, max_actors=bad)  # type: ignore[arg-type]


def test_long_titles_wrap_in_the_key_and_the_figure_grows_to_hold_it() -> None:
    g = dprkgraph.load_graph()
    fig = figure("timeline", g, start="2009")
    (ax,) = [a for a in fig.axes if a.get_legend() is not None]
    cheonan = next(t for t in key(ax) if "Cheonan" in t and "2010-03 " in t)
    assert cheonan.replace("\n", "").endswith("Sinking of the South Korean patrol ship Cheonan")
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    assert box.y0 >= 0 and box.y1 <= fig.bbox.height  # the whole key is on the page


def test_an_empty_window_is_an_honest_empty_chart() -> None:
    g = dprkgraph.load_graph()
    ax = swimlane(g, start="2020")
    assert "(0 events, from 2020)" in ax.get_title(loc="left")
    left, right = ax.get_xlim()
    assert left == pytest.approx(mdates.date2num(date(2020, 1, 1)))
    assert right > left + 300  # forwards, about a year
    (note,) = [t for t in ax.texts if t.get_gid() == "empty"]
    assert "No events in this window" in note.get_text()
    assert "2010-09-30" in note.get_text()  # where the data is
    assert urls(ax, "marks:") == urls(ax, "bars:") == []


@pytest.mark.parametrize(
    "options, says",
    [
        ({"end": "1980"}, "No events in this window (up to 1980)"),
        (
            {"start": "2010-09-25", "type": "sanction"},
            "No events of the types asked for in this window (from 2010-09-25)",
        ),
    ],
)
def test_other_empty_windows_frame_forwards(options: dict[str, str], says: str) -> None:
    ax = swimlane(dprkgraph.load_graph(), **options)  # type: ignore[arg-type]
    left, right = ax.get_xlim()
    assert right > left
    (note,) = [t for t in ax.texts if t.get_gid() == "empty"]
    assert note.get_text().startswith(says)


def test_the_counts_view_draws_a_bounded_number_of_shapes() -> None:
    """Past max_events the work drawn grows with lanes and bins, not with events."""
    sizes = []
    for n in (800, 2400):
        ax = swimlane(build_graph(generate(n, seed=5)), max_events=500, max_actors=4)
        stacks = [c for c in ax.collections if (c.get_gid() or "").startswith("counts:")]
        assert len(stacks) <= 2 * 6  # a solid and a spread layer per colour class
        sizes.append(sum(len(c.get_paths()) for c in stacks))
        plt.close("all")
    assert all(size <= 5 * 12 for size in sizes)  # at most one outline per lane and layer


def test_goldstein_colours_stay_visible_and_the_colourbar_has_few_ticks(nile: EventGraph) -> None:
    r, g_, b, _ = goldstein_colour(0.0)
    luminance = 0.2126 * r + 0.7152 * g_ + 0.0722 * b
    assert luminance < 0.7  # the neutral middle is not near-white
    ax = swimlane(nile, colour_by="goldstein")
    (bar,) = [a for a in ax.figure.axes if a is not ax]
    assert [t.get_text() for t in bar.get_xticklabels()] == ["−10", "−5", "0", "+5", "+10"]


HOSTILE = [
    "$1 million and $2 million",
    "$\\frac{1}{$",
    "<img src=x onerror=alert(1)>",
    "\u202eevil\u200f עברית",
    "🚀 Launch Committee",
    "_starts with an underscore",
    "An actor whose name goes on " + "and on " * 40 + "forever",
]


def test_hostile_names_and_titles_are_drawn_as_written() -> None:
    actors = [{"id": f"a{i}", "name": name, "kind": "person"} for i, name in enumerate(HOSTILE)]
    found = [
        ev(f"e{i}", f"2011-0{1 + i % 9}-1{i}", [(f"a{i}", "speaker")], title=name)
        for i, name in enumerate(HOSTILE)
    ]
    g = dataset(actors, found)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the emoji's glyph is missing from the font
        fig = figure("timeline", g, max_actors=4)
        fig.savefig(io.BytesIO(), format="png", dpi=40)
        fig.savefig(io.BytesIO(), format="svg")
    (ax,) = [a for a in fig.axes if a.get_legend() is not None]
    texts = [t for t in ax.get_yticklabels()] + list(ax.get_legend().get_texts())
    assert all(not t.get_parse_math() for t in texts)
    lanes = [t.get_text().replace("\n", "") for t in ax.get_yticklabels()]
    lines = [t.replace("\n", "") for t in key(ax)]
    for name in HOSTILE:
        in_key = [t for t in lines if t.endswith(f"  {name}")]
        assert len(in_key) == 1, name  # the event's title, in full
        assert name in lanes or any(t.startswith(f"  {name} (1): on ") for t in lines), name
    from matplotlib.text import Text

    (title,) = [
        t
        for t in ax.get_children()
        if isinstance(t, Text) and t.get_text() == ax.get_title(loc="left")
    ]
    assert not title.get_parse_math()


def test_many_events_are_drawn_as_counts_and_the_chart_says_so() -> None:
    g = build_graph(generate(1500, seed=3))
    ax = swimlane(g, max_events=500, max_actors=5)
    assert urls(ax, "marks:") == [] and urls(ax, "bars:") == []
    title = ax.get_title(loc="left")
    assert "1,500 events" in title and "as counts per" in title
    assert any("too many to draw one by one" in t.replace("\n", " ") for t in key(ax))
    # Each lane's label counts its events; together they account for every event.
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    counted = {
        t.rsplit(" (", 1)[0]: int(t.rsplit("(", 1)[1].rstrip(")").replace(",", "")) for t in lanes
    }
    shown = list(events(g))
    top = [name for name in counted if name != "Other actors"]
    ids = {g.actor(a).name: a for a in {a for e in shown for a in e.actors()}}
    for name in top:
        assert counted[name] == sum(1 for e in shown if ids[name] in e.actors())
    none = sum(1 for e in shown if not {ids[n] for n in top} & set(e.actors()))
    assert counted.get("Other actors", 0) == none
    stacks = [c for c in ax.collections if (c.get_gid() or "").startswith("counts:")]
    assert stacks and any(c.get_gid().endswith("-spread") for c in stacks)


@pytest.mark.parametrize(
    "text, width",
    [
        ("Sinking of the South Korean patrol ship Cheonan", 20),
        ("x" * 75, 20),
        ("a  b\tc " * 12, 9),
        ("", 5),
    ],
)
def test_wrap_keeps_every_character(text: str, width: int) -> None:
    wrapped = wrap(text, width)
    assert wrapped.replace("\n", "") == text
    assert all(len(line) <= width + 1 or " " not in line.strip() for line in wrapped.split("\n"))


def test_a_one_of_set_is_drawn_as_its_members_with_the_gap_left_open(tmp_path: Path) -> None:
    actors = [{"id": "aaa", "name": "Alphaland", "kind": "state"}]
    g = dataset(
        actors,
        [
            ev("either", "[2010-08-25, 2010-10]", [("aaa", "speaker")]),
            ev("plain", "2010-09", [("aaa", "speaker")]),
        ],
    )
    fig = figure("timeline", g)
    ax = fig.axes[0]
    boxes = [
        (path.vertices[:, 0].min(), path.vertices[:, 0].max())
        for c in ax.collections
        if str(c.get_gid()).startswith("bars:")
        for path, url in zip(c.get_paths(), c.get_urls(), strict=True)
        if url == "either"
    ]

    def day(d):
        return mdates.date2num(date.fromisoformat(d))

    assert sorted(boxes) == [
        (day("2010-08-25"), day("2010-08-26")),
        (day("2010-10-01"), day("2010-11-01")),
    ]
    # No bar of this event covers September; a dotted line marks the days between.
    assert not any(a <= day("2010-09-15") <= b for a, b in boxes)
    [gaps] = [c for c in ax.collections if c.get_gid() == "one-of-gaps"]
    [segment] = gaps.get_segments()
    assert (segment[0][0], segment[1][0]) == (day("2010-08-26"), day("2010-10-01"))
    assert gaps.get_urls() == ["either"]
    assert any("one of several dates" in t.get_text() for t in ax.get_legend().get_texts())
    fig.savefig(tmp_path / "one-of.png")
    out = Path(__file__).resolve().parents[1] / "out"
    if out.is_dir():
        fig.savefig(out / "one-of.png")  # kept for a person to look at


def _boxes_of(ax: Axes, event_id: str) -> list[tuple[float, float]]:
    return sorted(
        (path.vertices[:, 0].min(), path.vertices[:, 0].max())
        for c in ax.collections
        if str(c.get_gid()).startswith("bars:")
        for path, url in zip(c.get_paths(), c.get_urls(), strict=True)
        if url == event_id
    )


def _open_marks(ax: Axes, side: str) -> dict[str, tuple[float, float]]:
    """Event id → (x, y) of each mark saying that a bar runs on past the axis (``side`` is
    ``"end"`` or ``"start"``)."""
    return {
        url: (float(x), float(y))
        for c in ax.collections
        if c.get_gid() == f"open-{side}s"
        for (x, y), url in zip(c.get_offsets(), c.get_urls(), strict=True)
    }


@pytest.fixture
def open_ended() -> EventGraph:
    actors = [
        {"id": "aaa", "name": "Alphaland", "kind": "state"},
        {"id": "bbb", "name": "Betaland", "kind": "state"},
    ]
    return dataset(
        actors,
        [
            ev("onward", "2010-08/..", [("aaa", "initiator"), ("bbb", "target")], cameo="163"),
            ev("before", "../2010-08-30", [("aaa", "speaker")], cameo="012"),
            ev("month", "2010-07", [("aaa", "speaker")], cameo="010"),
            ev("day", "2010-09-10", [("bbb", "speaker")], cameo="010"),
        ],
    )


@pytest.mark.parametrize("start", [None, "2010-07", "2010-07-15"])
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_an_open_end_runs_to_the_axis_edge_and_says_so(
    open_ended: EventGraph, tmp_path: Path, start: str | None, suffix: str
) -> None:
    fig = figure("timeline", open_ended, start=start)
    ax = fig.axes[0]
    left, right = ax.get_xlim()
    for event_id in ("onward", "before"):
        for x0, x1 in _boxes_of(ax, event_id):
            assert left <= x0 < x1 <= right, (event_id, x0, x1, left, right)
    assert [x1 for _, x1 in _boxes_of(ax, "onward")] == [right, right]  # to the edge, not past
    # The open end is marked at the edge on every lane the event is on; the open start at
    # the left edge, a mark a bar merely cut by the window does not get.
    ends = _open_marks(ax, "end")
    assert set(ends) == {"onward"} and ends["onward"][0] == right
    starts = _open_marks(ax, "start")
    assert set(starts) == {"before"} and starts["before"][0] == left
    if start == "2010-07-15":
        assert _boxes_of(ax, "month")[0][0] == left  # cut by the window, no open mark
    # Every number sits inside the axes, and the key is in the figure.
    fig.savefig(tmp_path / f"open{suffix}")
    for text in ax.texts:
        if str(text.get_gid()).startswith("label:"):
            assert left <= text.get_position()[0] <= right, text.get_gid()
    assert any("open" in t.get_text() for t in ax.get_legend().get_texts())
    out = Path(__file__).resolve().parents[1] / "out"
    if out.is_dir() and suffix == ".png":
        fig.savefig(out / f"open-{start}.png")  # kept for a person to look at


def test_the_line_joining_lanes_of_a_one_of_event_sits_on_a_member() -> None:
    actors = [
        {"id": "aaa", "name": "Alphaland", "kind": "state"},
        {"id": "bbb", "name": "Betaland", "kind": "state"},
    ]
    g = dataset(
        actors, [ev("either", "[2010-08-25, 2010-10]", [("aaa", "visitor"), ("bbb", "host")])]
    )
    ax = figure("timeline", g).axes[0]
    [lines] = [c for c in ax.collections if c.get_gid() == "connectors"]
    [segment] = lines.get_segments()
    x = segment[0][0]
    assert mdates.date2num(date(2010, 8, 25)) <= x <= mdates.date2num(date(2010, 8, 26))


DATA = Path(__file__).resolve().parent / "data"
#: For each dataset: a window start inside its span, two actors to give lanes to, and one
#: actor in few events, which leaves most events to the "Other actors" lane.
VARIANTS = {
    "bundled": ("2009", ["usa", "prk"], ["jpn"]),
    "colombia-farc": ("2014", ["col", "farc"], ["nor"]),
}


def _label_overlaps(fig: Any) -> list[str]:
    """Every pair of number labels whose boxes, as drawn, overlap (a label drawn in the
    summary's other panels included: each Axes is checked on its own)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    found = []
    for ax in fig.axes:
        boxes = [
            (f"{t.get_text()} ({t.get_gid()[6:]})", t.get_window_extent(renderer).shrunk(0.96, 0.9))
            for t in ax.texts
            if (t.get_gid() or "").startswith("label:")
        ]
        found += [
            f"{n} overlaps {m}"
            for i, (n, box) in enumerate(boxes)
            for m, other in boxes[i + 1 :]
            if box.overlaps(other)
        ]
    return found


@pytest.mark.parametrize("data", sorted(VARIANTS))
@pytest.mark.parametrize("windowed", [False, True])
@pytest.mark.parametrize("chosen", [0, 1, 2])
@pytest.mark.parametrize("colour_by", ["quad_class", "goldstein"])
def test_no_two_number_labels_of_a_timeline_overlap(
    data: str, windowed: bool, chosen: int, colour_by: str
) -> None:
    """usa/prk without a window: Wit's hollow mark (26) and bar 11 shared the seventh of the
    United States' eight tracks, and their numbers printed on top of each other."""
    from dprkgraph import load_graph

    graph = load_graph(None if data == "bundled" else DATA / data)
    start, *lanes = VARIANTS[data]
    fig = figure(
        "timeline",
        graph,
        start=start if windowed else None,
        actors=lanes[chosen - 1] if chosen else None,
        colour_by=colour_by,
    )
    ax = fig.axes[0]
    assert len([t for t in ax.texts if (t.get_gid() or "").startswith("label:")]) > 5
    if chosen == 2:
        assert ax.get_yticklabels()[-1].get_text() == "Other actors"
    assert _label_overlaps(fig) == []


@pytest.mark.slow
@pytest.mark.parametrize("data", sorted(VARIANTS))
def test_no_two_number_labels_of_the_summary_overlap(data: str) -> None:
    from dprkgraph import load_graph
    from dprkgraph.plot import summary_figure

    graph = load_graph(None if data == "bundled" else DATA / data)
    assert _label_overlaps(summary_figure(graph)) == []


def test_an_interval_is_solid_over_the_days_it_surely_lasted() -> None:
    """2010-03/2010-09 lasted from March to September, which "known to the month" (a bar over
    the days it could be on) does not say: the days between its latest start and its
    earliest end are drawn solid, and the key says so."""
    g = dprkgraph.load_graph()
    ax = swimlane(g, actors=["usa", "prk"])
    (core,) = [c for c in ax.collections if c.get_gid() == "interval-days"]
    spans = {
        url: (p.vertices[:, 0].min(), p.vertices[:, 0].max())
        for url, p in zip(core.get_urls(), core.get_paths(), strict=True)
    }
    day = mdates.date2num
    assert spans["reengagement-delayed"] == (day(date(2010, 3, 31)), day(date(2010, 9, 2)))
    intervals = {e.id for e in events(g) if e.date.kind == "interval"}
    assert set(spans) <= intervals
    assert "reengagement-delayed" in urls(ax, "bars:")  # its possible days, faded, as before
    assert all(a == 1.0 for *_, a in core.get_facecolors())
    assert any(line.startswith("interval (start/end)") for line in key(ax))
    month_only = swimlane(g, start="2005", end="2008")  # 2005-09: a month, no interval
    assert not [c for c in month_only.collections if c.get_gid() == "interval-days"]
    assert not any(line.startswith("interval (start/end)") for line in key(month_only))


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        ("2009", None, ", from 2009"),
        (None, "2010-06", ", up to 2010-06"),
        ("2009", "2010", ", 2009 to 2010"),
    ],
)
def test_a_title_says_what_the_window_is(start: str | None, end: str | None, says: str) -> None:
    """ "2009 to …" read as a title cut short."""
    ax = swimlane(dprkgraph.load_graph(), start=start, end=end)
    assert ax.get_title(loc="left").endswith(f"{says})")


def _contrast_on_white(rgba: Any) -> float:
    """WCAG contrast ratio of a colour, laid over white at its opacity, against white."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g_, b, a = rgba
    over = [a * c + (1 - a) for c in (r, g_, b)]
    lum = 0.2126 * linear(over[0]) + 0.7152 * linear(over[1]) + 0.0722 * linear(over[2])
    return 1.05 / (lum + 0.05)


@pytest.mark.parametrize("data", sorted(VARIANTS))
def test_with_goldstein_colours_every_mark_has_an_outline_that_shows_on_white(data: str) -> None:
    """Events scored 0 were pale yellow bars whose outline faded with their fill."""
    from dprkgraph import load_graph

    ax = swimlane(load_graph(None if data == "bundled" else DATA / data), colour_by="goldstein")
    drawn = [
        c
        for c in ax.collections
        if (c.get_gid() or "").startswith(("marks:", "bars:", "interval-days"))
    ]
    assert drawn
    faint = [
        (c.get_gid(), url, round(_contrast_on_white(edge), 2))
        for c in drawn
        for url, edge in zip(
            c.get_urls(), np.broadcast_to(c.get_edgecolors(), (len(c.get_urls()), 4)), strict=True
        )
        if _contrast_on_white(edge) < 3.0
    ]
    assert faint == []
    assert _contrast_on_white(goldstein_colour(0.0)) >= 3.0  # a hollow mark's outline too
