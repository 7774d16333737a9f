"""Charts: assert on what is drawn, not only that a file appears."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from dprkgraph import Actor, Claim, Dataset, Event, QueryError, Source  # noqa: E402
from dprkgraph.graph import EventGraph, build_graph  # noqa: E402
from dprkgraph.plot import (  # noqa: E402
    QUAD_COLOURS, dyad, figure, network, save_figure, summary_figure, swimlane,
)

CITE = ({"source": "doc", "quote": "as reported"},)


def ev(id: str, when: str, people: list[tuple[str, str]], *, cameo: str | None = None,
       title: str | None = None, led_to: str | None = None, claims: tuple[Claim, ...] = ()) -> Event:
    return Event.model_validate({
        "id": id, "title": title or id, "date": when, "type": "statement", "cameo": cameo,
        "participants": [{"actor": a, "role": r} for a, r in people], "sources": CITE,
        "relations": [{"type": "led_to", "event": led_to}] if led_to else [], "claims": claims,
    })


def claim(who: str, stance: str) -> Claim:
    return Claim.model_validate({"claimant": who, "stance": stance, "statement": "B did it.",
                                 "sources": CITE})


@pytest.fixture
def g() -> EventGraph:
    actors = tuple(Actor.model_validate(a) for a in (
        {"id": "red", "name": "Redland", "kind": "state"},
        {"id": "blue", "name": "Blueland", "kind": "state"},
        {"id": "envoy", "name": "Eve Envoy", "kind": "person", "affiliation": "blue"},
        {"id": "lonely", "name": "Lonely Observer", "kind": "person"},
    ))
    events = (
        ev("launch", "2010-03-05", [("red", "initiator")], cameo="150", led_to="rebuke"),
        ev("rebuke", "2010-03", [("blue", "initiator"), ("red", "target")], cameo="111",
           led_to="walkout"),
        ev("walkout", "2010-04-10~", [("red", "initiator")], cameo="164"),
        ev("talks", "2010-06-01/2010-06-03", [("red", "party"), ("blue", "party"),
                                              ("envoy", "mediator")], cameo="046",
           title="A very long title about talks that goes on and on past any sensible width"),
        ev("aid", "2010-07-15", [("envoy", "initiator"), ("red", "target")], cameo="07",
           title="$1 million in aid"),
        ev("sinking", "2010-05", [("blue", "target"), ("red", "accused")], cameo="190",
           claims=(claim("blue", "asserts"), claim("red", "denies"))),
        ev("musing", "2010-08-01", [("lonely", "speaker")]),
    )
    sources = (Source.model_validate({"id": "doc", "title": "Doc", "publisher": "P",
                                      "kind": "article"}),)
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
    return [(url, c, i) for c in ax.collections if (c.get_gid() or "").startswith(prefix)
            for i, url in enumerate(c.get_urls())]


def bar(ax: Axes, event_id: str) -> tuple[object, int]:
    (found,) = [(c, i) for url, c, i in elements(ax, "bars") if url == event_id]
    return found


def test_swimlane_lanes_marks_and_bars(g: EventGraph) -> None:
    ax = swimlane(g, actors=["red", "blue", "envoy"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Redland", "Blueland", "Eve Envoy",
                                                            "Other actors"]
    # One mark (exact day) or bar (imprecise) per event-participant on a drawn lane.
    marks = sorted(url for url, _, _ in elements(ax, "marks"))
    bars = sorted(url for url, _, _ in elements(ax, "bars"))
    on_lanes = {"launch": 1, "rebuke": 2, "walkout": 1, "talks": 3, "aid": 2, "sinking": 2,
                "musing": 1}
    exact = {"launch", "aid", "musing"}
    assert marks == sorted(e for e, n in on_lanes.items() if e in exact for _ in range(n))
    assert bars == sorted(e for e, n in on_lanes.items() if e not in exact for _ in range(n))
    assert "musing" in marks  # no lane for 'lonely': on the Other actors lane


def test_bar_widths_match_date_bounds(g: EventGraph) -> None:
    ax = swimlane(g, actors=["red"])
    cases = {"rebuke": (date(2010, 3, 1), date(2010, 3, 31)),
             "walkout": (date(2010, 4, 9), date(2010, 4, 11)),
             "talks": (date(2010, 6, 1), date(2010, 6, 3)),
             "sinking": (date(2010, 5, 1), date(2010, 5, 31))}
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
    for entry in ("known to the day", "approximate or uncertain date",
                  "contested: claimants disagree", "led to", "verbal conflict",
                  "material conflict", "no CAMEO code"):
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


def test_dyad_stems_ranges_and_running_sum(g: EventGraph) -> None:
    ax = dyad(g, "red", "blue", affiliated=False)
    stems = sorted(s.get_gid() for s in by_gid(ax, "stem:"))
    assert stems == ["stem:rebuke", "stem:sinking", "stem:talks"]
    assert sorted(r.get_gid() for r in by_gid(ax, "range:")) == [
        "range:rebuke", "range:sinking", "range:talks"]
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "running-sum"]
    assert line.get_ydata()[-1] == pytest.approx(-2.0 + -10.0 + 7.0)
    assert line.get_ydata()[0] == 0
    plt.close("all")
    ax = dyad(g, "red", "blue")  # envoy counts for blue: the aid event joins
    assert "stem:aid" in {s.get_gid() for s in by_gid(ax, "stem:")}
    assert "affiliated" in ax.get_title(loc="left")


def test_dyad_counts_events_without_a_score(g: EventGraph) -> None:
    ax = dyad(g, "lonely", "lonely", affiliated=False)
    assert "1 without a CAMEO code not shown" in ax.get_title(loc="left").replace("\n", " ")


def test_network_nodes_edges_and_isolates(g: EventGraph) -> None:
    ax = network(g)
    labels = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label:")}
    assert set(labels) == {"label:red", "label:blue", "label:envoy"}
    assert "1 actors sharing no event not shown" in ax.get_title(loc="left").replace("\n", " ")
    nodes = ax.collections[-1]
    sizes = sorted(nodes.get_sizes())
    assert sizes == [80 + 70 * 2, 80 + 70 * 3, 80 + 70 * 6]  # envoy 2, blue 3, red 6 events
    first = network(g).get_children()
    assert len(first) == len(ax.get_children())


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


def test_failed_save_leaves_the_old_file(g: EventGraph, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    with pytest.raises(QueryError, match=".png, .svg or .pdf"):
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


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=2, style="default",
                               savefig_kwargs={"dpi": 80})
def test_swimlane_image_matches_baseline(g: EventGraph) -> object:
    return figure("timeline", g)


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=2, style="default",
                               savefig_kwargs={"dpi": 80})
def test_dyad_image_matches_baseline(g: EventGraph) -> object:
    return figure("dyad", g, a="red", b="blue")
