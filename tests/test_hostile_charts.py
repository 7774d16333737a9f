"""Every chart kind, drawn from names and titles written to attack markup and mathtext, saved
as SVG (a format browsers open as a page) and PNG: the text is drawn as written and nothing
from the data becomes markup."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import matplotlib

matplotlib.use("Agg")

import pytest

from dprkgraph import Actor, Dataset, Source
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.plot import figure, save_figure, summary_figure
from tests.test_plot import ev

NAMES = [
    "<img src=x onerror=alert(1)>",
    "--><script>alert(2)</script><!--",
    r"$\frac{1}{$",
    "Pays $1 million and $2 million",
]


@pytest.fixture
def hostile() -> EventGraph:
    actors = tuple(
        Actor.model_validate({"id": f"a{i}", "name": name, "kind": "state"})
        for i, name in enumerate(NAMES)
    )
    events = (
        ev(
            "e1", "2010-03-05", [("a0", "initiator"), ("a1", "target")], cameo="111", title=NAMES[2]
        ),
        ev("e2", "2010-04", [("a1", "initiator"), ("a0", "target")], cameo="042", title=NAMES[1]),
        ev("e3", "2010-05", [("a2", "party"), ("a3", "party")], cameo="057", title=NAMES[0]),
    )
    sources = (
        Source.model_validate({"id": "doc", "title": "Doc", "publisher": "P", "kind": "article"}),
    )
    return build_graph(Dataset(events, actors, sources))


def draw(kind: str, g: EventGraph) -> object:
    if kind == "summary":
        return summary_figure(g)
    if kind == "dyad":
        return figure("dyad", g, a="a0", b="a1")
    return figure(kind, g)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["timeline", "dyad", "network", "summary"])
def test_hostile_names_never_become_markup_or_mathematics(
    hostile: EventGraph, kind: str, tmp_path: Path
) -> None:
    from matplotlib.text import Text

    fig = draw(kind, hostile)
    fig.draw_without_rendering()  # type: ignore[attr-defined]
    texts = [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]  # type: ignore[attr-defined]
    assert not [t.get_text() for t in texts if "$" in t.get_text() and t.get_parse_math()]
    shown = "".join("".join(t.get_text().split()) for t in texts)  # lines may be wrapped
    for name in NAMES[:2] if kind == "dyad" else NAMES:
        assert "".join(name.split()) in shown
    save_figure(fig, tmp_path / "chart.png")  # a mathtext parse of "$\frac{1}{$" fails here
    save_figure(fig, tmp_path / "chart.svg")
    tree = ElementTree.parse(tmp_path / "chart.svg")  # well-formed: no comment was broken out of
    tags = {element.tag.rpartition("}")[2] for element in tree.iter()}
    assert not tags & {"script", "img", "foreignObject", "iframe"}
    links = {v for element in tree.iter() for k, v in element.attrib.items() if k.endswith("href")}
    assert links <= {"e1", "e2", "e3", "a0", "a1", "a2", "a3"} | {
        v for v in links if v.startswith("#")
    }
    assert "alert(" not in "".join(
        f"{k}={v}" for element in tree.iter() for k, v in element.attrib.items()
    )
