"""Every HTML representation in the package escapes the data it shows.

The test finds each class that defines ``_repr_html_`` by walking the package, so a new one
fails here until it has a hostile example below.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

import dprkgraph
from dprkgraph.graph import EventGraph
from dprkgraph.query import actor_profile, events

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>",
    '"><svg onload=alert(2)>',
    "</td></tr></table><b>bold</b>",
    "&lt;already escaped&gt; & <i>",
]
# The structure the package's own HTML uses; data must never add to it.
OWN_TAGS = {"h4", "table", "thead", "tbody", "tr", "th", "td"}


def _hostile_graph(tmp_path: Path, text: str) -> EventGraph:
    actors = [
        {
            "id": "aaa",
            "name": text,
            "kind": "state",
            "aliases": [text],
            "description": text,
            "positions": [{"title": text}],
        },
        {"id": "bbb", "name": text + " B", "kind": "state"},
        {"id": "envoy", "name": text, "kind": "person", "affiliation": "aaa"},
    ]
    sources = [{"id": "src", "title": text, "publisher": text, "author": text, "kind": "article"}]
    events_ = [
        {
            "id": "talks",
            "title": text,
            "date": "2010-03",
            "type": "negotiation",
            "cameo": "046",
            "location": text,
            "summary": text,
            "participants": [
                {"actor": "aaa", "role": "party"},
                {"actor": "bbb", "role": "party"},
                {"actor": "envoy", "role": "party"},
            ],
            "sources": [{"source": "src", "quote": text, "locator": text}],
            "claims": [
                {
                    "claimant": "bbb",
                    "stance": "denies",
                    "statement": text,
                    "sources": [{"source": "src", "quote": text}],
                }
            ],
        }
    ]
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, key, records in (
        ("actors", "actors", actors),
        ("sources", "sources", sources),
        ("events", "events", events_),
    ):
        (folder / f"{name}.yaml").write_text(json.dumps({key: records}), encoding="utf-8")
    return dprkgraph.load_graph(folder, cache=False)


# One way to build an instance of each class with a ``_repr_html_``, from a hostile graph.
EXAMPLES: dict[str, Callable[[EventGraph], object]] = {
    "dprkgraph.model.Actor": lambda g: g.actor("aaa"),
    "dprkgraph.model.Event": lambda g: g.event("talks"),
    "dprkgraph.query.actors.ActorProfile": lambda g: actor_profile(g, "aaa"),
    "dprkgraph.results.EventSet": lambda g: events(g),
}
#: Views whose HTML is a whole page in a sandboxed frame, each checked by its own tests: the
#: explorer's text is inserted as text by the page's script, never as markup
#: (tests/test_explore.py, tests/test_explore_browser.py).
TESTED_ELSEWHERE = {"dprkgraph.explore.Explorer"}


def _classes_with_html() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(dprkgraph.__path__, "dprkgraph."):
        if info.name.endswith(".__main__"):  # importing it runs the command line
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and "_repr_html_" in vars(value)
            ):
                found.add(f"{value.__module__}.{value.__qualname__}")
    return found


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_every_html_repr_has_a_hostile_example() -> None:
    assert _classes_with_html() == set(EXAMPLES) | TESTED_ELSEWHERE, (
        "add an example to EXAMPLES for each class with a _repr_html_"
    )


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("cls", sorted(EXAMPLES))
def test_no_markup_from_data_survives(tmp_path: Path, cls: str, text: str) -> None:
    obj = EXAMPLES[cls](_hostile_graph(tmp_path, text))
    page = obj._repr_html_()  # type: ignore[attr-defined]
    parsed = _Markup()
    parsed.feed(page)
    parsed.close()
    assert set(parsed.tags) <= OWN_TAGS and parsed.attrs == []
    # The data is shown as text, not dropped.
    assert text in "".join(parsed.text)
