"""The explorer page in a real browser: what a person sees, with no network and no errors.

Runs headless Debian Chromium (``/usr/bin/chromium``, installed by ``make test`` where it can)
through the playwright package; skips, saying why, where either is missing. One browser serves
the whole module; every page records its requests and console errors, and a test fails on any
request but the page's own file and on any error.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import dprkgraph
from dprkgraph import query
from dprkgraph.explore import explore
from dprkgraph.graph import EventGraph
from dprkgraph.model import Dataset
from tests.test_explore import (
    HOSTILE_CLAIM,
    HOSTILE_NAME,
    HOSTILE_QUOTE,
    HOSTILE_TITLE,
    hostile_graph,
    hostile_texts,
    write_dataset,
)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="the playwright package is not installed (pip install playwright)",
    )
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            "no Chromium at /usr/bin/chromium: `make test` installs Debian's chromium "
            "where it runs as root with apt-get"
        )
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@dataclass
class Opened:
    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def shown(self) -> list[str]:
        return sorted(self.page.evaluate("dprkShown()"))

    def drawn(self) -> list[str]:
        """Ids of the events with a mark drawn on screen (an event may sit on several lanes)."""
        return sorted(
            set(
                self.page.eval_on_selector_all(
                    ".vis-item .lbl[data-event]", "els => els.map(e => e.dataset.event)"
                )
            )
        )

    def count(self, which: str) -> int:
        return int(self.page.inner_text(f"#n-{which}"))

    def window(self) -> tuple[float, float]:
        start, end = self.page.evaluate(
            "(() => { const w = dprkTimeline.getWindow(); "
            "return [w.start.valueOf(), w.end.valueOf()]; })()"
        )
        return float(start), float(end)


@pytest.fixture
def open_page(browser: Any, tmp_path: Path) -> Iterator[Callable[..., Opened]]:
    contexts: list[Any] = []
    opened: list[Opened] = []

    def open_(g: EventGraph, fragment: str = "", **options: Any) -> Opened:
        path = tmp_path / f"page{len(opened)}.html"
        explore(g, **options).save(path)
        context = browser.new_context(viewport={"width": 1500, "height": 950})
        contexts.append(context)
        page = context.new_page()
        result = Opened(page, path.as_uri())
        page.on("request", lambda r: result.requests.append(r.url))
        page.on(
            "console",
            lambda m: (
                result.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: result.errors.append(f"page error: {e}"))
        page.goto(result.url + ("#" + fragment if fragment else ""))
        page.wait_for_selector("body[data-ready]")
        opened.append(result)
        return result

    yield open_
    try:
        for o in opened:
            foreign = [
                u
                for u in o.requests
                if u.split("#")[0] != o.url and not u.startswith(("data:", "about:"))
            ]
            assert foreign == [], f"the page made network requests: {foreign}"
            assert o.errors == [], f"the page logged errors: {o.errors}"
    finally:
        for c in contexts:
            c.close()


@pytest.fixture(scope="module")
def bundled() -> EventGraph:
    return dprkgraph.load_graph()


@dataclass(frozen=True)
class Case:
    """A dataset and what to ask of it: each item the issue lists runs on both."""

    name: str
    g: EventGraph
    window: tuple[str, str]  # a year with events in it
    month_event: str  # known to the month, March 2010
    week: tuple[str, str]  # a week inside that month
    contested: str  # an event whose claimants disagree
    type: str  # an event type to filter on
    text: str  # a word found only in quotes or claims
    text_hits: tuple[str, ...]


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> EventGraph:
    """The small hostile dataset, written to disk as YAML and loaded as a user's would be."""
    return dprkgraph.load_graph(
        write_dataset(hostile_graph(), tmp_path_factory.mktemp("second") / "data"), cache=False
    )


@pytest.fixture(params=["bundled", "second"])
def case(request: pytest.FixtureRequest, bundled: EventGraph, second: EventGraph) -> Case:
    if request.param == "bundled":
        return Case(
            "bundled",
            bundled,
            ("2009", "2009"),
            "cheonan-sinking",
            ("2010-03-22", "2010-03-28"),
            "cheonan-sinking",
            "sanction",
            "torpedo",  # in a claim's statement and quotes, not in any title
            ("cheonan-sinking",),
        )
    return Case(
        "second",
        second,
        ("2010", "2010"),
        "talks",
        ("2010-03-08", "2010-03-14"),
        "talks",
        "statement",
        "arrived",  # in the visit's quote only
        ("visit",),
    )


def expected(
    g: EventGraph, start: str | None = None, end: str | None = None, certainty: str = "possible"
) -> list[str]:
    return sorted(query.events(g, start=start, end=end, certainty=certainty).ids())  # type: ignore[arg-type]


def lane_names(o: Opened) -> list[str]:
    return list(
        o.page.eval_on_selector_all(
            ".vis-label .lane-label .name", "els => els.map(e => e.textContent)"
        )
    )


def test_drawn_events_are_the_events_in_the_window(
    open_page: Callable[..., Opened], case: Case
) -> None:
    g = case.g
    o = open_page(g, start=case.window[0], end=case.window[1])
    want = expected(g, *case.window)
    assert 0 < len(want) < len(g.dataset.events)
    assert o.drawn() == want
    assert o.count("shown") == len(want)
    assert o.count("hidden") == len(g.dataset.events) - len(want)
    assert o.requests == [o.url]


def test_lanes_are_the_busiest_actors_and_nothing_is_dropped(
    open_page: Callable[..., Opened], case: Case
) -> None:
    g = case.g
    lanes = 3 if case.name == "bundled" else 1
    o = open_page(g, lanes=lanes)
    counts = Counter(a for e in g.dataset.events for a in e.actors())
    busiest = sorted(counts, key=lambda a: (-counts[a], a))  # most events, then by id
    assert lane_names(o) == [*(g.actor(a).name for a in busiest[:lanes]), "Other actors"]
    assert o.drawn() == expected(g)
    other = [e for e in g.dataset.events if not set(busiest[:lanes]) & set(e.actors())]
    assert o.count("other") == len(other) > 0
    assert o.count("lanes") == lanes + 1
    quiet = busiest[-1]  # any actor can have a lane, the least busy too
    o.page.select_option("#f-lanes", [busiest[0], quiet])
    assert lane_names(o) == [g.actor(busiest[0]).name, g.actor(quiet).name, "Other actors"]
    assert o.drawn() == expected(g)


def test_nested_lanes_put_an_envoy_under_their_state(
    open_page: Callable[..., Opened], case: Case
) -> None:
    envoy = "bosworth" if case.name == "bundled" else "envoy"
    state = case.g.actor(case.g.actor(envoy).affiliation or "")
    o = open_page(case.g, actors=[envoy], nest=True, lanes=1)
    nested = o.page.eval_on_selector_all(
        ".vis-label.vis-group-level-2 .lane-label .name", "els => els.map(e => e.textContent)"
    )
    parents = o.page.eval_on_selector_all(
        ".vis-label.vis-nesting-group .lane-label .name", "els => els.map(e => e.textContent)"
    )
    assert nested == [case.g.actor(envoy).name] and parents == [state.name]
    assert lane_names(o) == [state.name, case.g.actor(envoy).name, "Other actors"]


@pytest.mark.parametrize("width", [1500, 800])
def test_the_counts_stay_on_screen(
    open_page: Callable[..., Opened], bundled: EventGraph, width: int
) -> None:
    o = open_page(bundled, start="2010", end="2010")
    o.page.set_viewport_size({"width": width, "height": 600})
    o.page.locator(".lbl[data-event='cheonan-sinking']").first.click(position={"x": 4, "y": 4})
    for scroller in ("#panel", "#controls", "#tl-wrap", "html"):  # scroll everything down
        o.page.evaluate(
            "s => { const e = document.querySelector(s); e.scrollTop = e.scrollHeight; }",
            scroller,
        )
        o.page.mouse.wheel(0, 5000)
        counts = o.page.locator("#counts").bounding_box()
        assert counts is not None and counts["y"] >= 0 and counts["y"] + counts["height"] <= 600
        hit = o.page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('#counts') !== null",
            [counts["x"] + 2, counts["y"] + counts["height"] / 2],
        )
        assert hit, f"the counts are covered after scrolling {scroller}"


def test_a_month_precision_event_spans_its_month(
    open_page: Callable[..., Opened], case: Case
) -> None:
    month = case.month_event
    assert case.g.event(month).date.text == "2010-03"
    o = open_page(case.g, start="2010-02-20", end="2010-04-02")
    box = o.page.locator(f".vis-item.vis-range:has(.lbl[data-event='{month}'])").first
    box_at = box.bounding_box()
    panel = o.page.locator(".vis-panel.vis-center").bounding_box()
    start, end = o.window()

    def x(day: date) -> float:
        ms = (day - date(1970, 1, 1)).days * 86_400_000
        return panel["x"] + (ms - start) / (end - start) * panel["width"]

    assert abs(box_at["x"] - x(date(2010, 3, 1))) < 3
    assert abs(box_at["x"] + box_at["width"] - x(date(2010, 4, 1))) < 3
    assert (box.text_content() or "").startswith("2010-03")  # labelled as written
    classes = box.get_attribute("class") or ""
    assert "imprecise" in classes and "contested" in classes
    in_view = [
        e.id
        for e in case.g.dataset.events
        if e.date.exact and date(2010, 2, 20) <= e.date.earliest <= date(2010, 4, 2)
    ]
    assert in_view or case.name == "bundled"  # a day is a point, not a bar
    for event in in_view:
        assert o.page.locator(f".vis-item.vis-point:has(.lbl[data-event='{event}'])").count() >= 1
        assert o.page.locator(f".vis-item.vis-range:has(.lbl[data-event='{event}'])").count() == 0
    # A click must not scroll the marks against the date axis (long labels overflow the panel).
    o.page.locator(f".lbl[data-event='{month}']").first.click(position={"x": 4, "y": 4})
    after = box.bounding_box()
    assert after["x"] == pytest.approx(box_at["x"], abs=0.5)


def test_a_short_bar_is_still_labelled_with_the_date_as_written(
    open_page: Callable[..., Opened], case: Case
) -> None:
    """Zoomed out, a month is a few pixels: its label must read in full beside its bar,
    not be cut to "201"."""
    o = open_page(case.g, start="2009", end="2011-12")
    unread = o.page.evaluate(
        """() => {
        const panel = document.querySelector(".vis-panel.vis-center").getBoundingClientRect();
        const out = [], seen = [];
        for (const label of document.querySelectorAll(".vis-item.vis-range .lbl")) {
            const box = label.getBoundingClientRect();
            const bar = label.closest(".vis-item").getBoundingClientRect();
            if (bar.left < panel.left || box.right > panel.right - 2) continue;  // out of view
            if (box.top < panel.top || box.bottom > Math.min(panel.bottom, innerHeight)) continue;
            if (bar.width >= box.width) continue;  // long enough to hold its label
            seen.push(label.dataset.event);
            const hit = document.elementFromPoint(box.right - 2, box.top + box.height / 2);
            if (!hit || !label.contains(hit)) out.push(label.textContent);
        }
        return [seen, out];
    }"""
    )
    seen, cut = unread
    assert seen, "no bar shorter than its label in this view: the test checks nothing"
    assert cut == []


def test_an_approximate_date_is_labelled_as_written_and_flagged(
    open_page: Callable[..., Opened],
) -> None:
    o = open_page(hostile_graph(), start="2010-03-20", end="2010-04-02")
    mark = o.page.locator(".vis-item:has(.lbl[data-event='rebuke'])").first
    assert (mark.text_content() or "").startswith("2010-03-26~")
    assert "qualified" in (mark.get_attribute("class") or "")
    o.page.locator(".lbl[data-event='rebuke']").first.click()
    assert "imprecise date" in o.page.locator("#panel .flags").inner_text()
    assert "2010-03-26~ (day, approximate): between 2010-03-25 and 2010-03-27" in (
        o.page.locator("#panel dd").first.text_content() or ""
    )


def test_clicking_a_contested_event_shows_its_claims_and_quotes(
    open_page: Callable[..., Opened], case: Case
) -> None:
    o = open_page(case.g, start="2010", end="2010")
    o.page.locator(f".lbl[data-event='{case.contested}']").first.click()
    panel = o.page.locator("#panel")
    event = case.g.event(case.contested)
    assert panel.locator("h2").text_content() == event.title
    claims = panel.locator("li.claim")
    assert claims.count() == len(event.claims) >= 2
    if case.name == "bundled":
        assert len(event.claims) == 3  # the Cheonan sinking: who sank it
    for i, claim in enumerate(event.claims):
        text = claims.nth(i).inner_text()
        assert case.g.actor(claim.claimant).name in text and claim.stance.value in text
        assert claim.statement in text
        assert all(c.quote in text for c in claim.sources if c.quote)
    assert "contested" in panel.locator(".flags").inner_text()
    assert o.page.locator(f".vis-selected .lbl[data-event='{case.contested}']").count() >= 1


def test_the_panel_shows_everything_about_the_event(
    open_page: Callable[..., Opened], case: Case
) -> None:
    event = case.g.event(case.contested)
    o = open_page(case.g, start="2010", end="2010")
    o.page.locator(f".lbl[data-event='{event.id}']").first.click()
    panel = o.page.locator("#panel")
    rows = dict(
        zip(
            panel.locator("dt").all_text_contents(),
            panel.locator("dd").all_text_contents(),
            strict=True,
        )
    )
    d = event.date
    assert rows["Date"].startswith(f"{d.text} (")
    assert f"between {d.earliest.isoformat()} and {d.latest.isoformat()}" in rows["Date"]
    assert rows["Type"] == event.type.value.replace("_", " ")
    assert event.cameo and rows["CAMEO"].startswith(event.cameo)
    assert event.goldstein is not None and f"Goldstein {event.goldstein:+.1f}" in rows["CAMEO"]
    assert f"QuadClass {event.quad_class}" in rows["CAMEO"]
    participants = panel.locator("ul.participants li").all_text_contents()
    assert participants == [
        f"{case.g.actor(p.actor).name} \u2014 {p.role.value}" for p in event.participants
    ]
    if event.summary:
        assert panel.locator("p.summary").text_content() == event.summary
    sources = panel.locator("ul.cites").first.locator("> li.source")
    assert sources.count() == len(event.sources)
    for i, cite in enumerate(event.sources):
        text = sources.nth(i).inner_text()
        assert case.g.source(cite.source).title in text
        assert cite.quote is None or cite.quote in text
        assert cite.locator is None or f"[{cite.locator}]" in text


def test_a_relation_link_selects_the_other_event_and_scrolls_to_it(
    open_page: Callable[..., Opened],
) -> None:
    o = open_page(hostile_graph(), start="2010-03-09", end="2010-03-15")
    o.page.locator(".lbl[data-event='walkout']").first.click()
    o.page.evaluate(  # the analyst has moved on to 2011: the visit is out of view
        "dprkTimeline.setWindow(Date.UTC(2011, 0, 1), Date.UTC(2011, 11, 31), {animation: false})"
    )
    day = (date(2010, 3, 10) - date(1970, 1, 1)).days * 86_400_000
    start, end = o.window()
    assert not start <= day < end
    o.page.locator("#panel button[data-goto='visit']").click()
    assert o.page.locator("#panel h2").text_content() == "Envoy visits Betaland"
    o.page.wait_for_selector(".vis-selected .lbl[data-event='visit']")  # drawn on the next frame
    start, end = o.window()
    assert start <= day < end  # scrolled to it


def test_colours_are_the_static_charts_palette_with_a_legend(
    open_page: Callable[..., Opened], case: Case
) -> None:
    from matplotlib.colors import to_hex

    from dprkgraph.cameo import QUAD_CLASS_NAMES
    from dprkgraph.plot import QUAD_COLOURS
    from dprkgraph.plot._common import colour_of

    event = case.g.event(case.contested)
    o = open_page(case.g, start="2010", end="2010")

    def fill() -> str:
        rgb = o.page.locator(
            f".vis-item.vis-range:has(.lbl[data-event='{event.id}'])"
        ).first.evaluate("e => getComputedStyle(e).backgroundColor")
        return str(to_hex(tuple(int(v) / 255 for v in rgb[rgb.index("(") + 1 : -1].split(",")[:3])))

    assert fill() == to_hex(QUAD_COLOURS[event.quad_class])
    legend = o.page.locator("#legend-colours").inner_text()
    assert all(QUAD_CLASS_NAMES[q] in legend for q in (1, 2, 3, 4))
    o.page.select_option("#f-colour", "goldstein")
    assert fill() == to_hex(colour_of(event, "goldstein"))
    assert "Goldstein" in o.page.locator("#legend-colours").inner_text()


@pytest.mark.parametrize("how", ["shift-click", "button"])
def test_the_causal_chain_is_highlighted(open_page: Callable[..., Opened], how: str) -> None:
    g = hostile_graph()
    o = open_page(g)
    if how == "shift-click":
        o.page.locator(".lbl[data-event='walkout']").first.click(modifiers=["Shift"])
    else:
        o.page.locator(".lbl[data-event='walkout']").first.click()
        assert o.page.locator(".vis-item.chain").count() == 0
        o.page.locator("#panel #b-chain").click()
    chained = sorted(
        set(
            o.page.eval_on_selector_all(
                ".vis-item.chain .lbl", "els => els.map(e => e.dataset.event)"
            )
        )
    )
    want = sorted(
        {"walkout", *query.causes(g, "walkout").ids(), *query.consequences(g, "walkout").ids()}
    )
    assert chained == want == ["rebuke", "visit", "walkout"]
    assert "2 linked events" in o.page.locator("#chain-status").inner_text()


def test_filters_change_the_counts(open_page: Callable[..., Opened], case: Case) -> None:
    g = case.g
    o = open_page(g)
    total = len(g.dataset.events)
    assert o.count("shown") == total
    o.page.select_option("#f-types", [case.type])
    typed = sorted(e.id for e in g.dataset.events if e.type.value == case.type)
    assert 0 < len(typed) < total
    assert o.shown() == o.drawn() == typed
    assert o.count("shown") == len(typed) and o.count("hidden") == total - len(typed)
    o.page.select_option("#f-types", [])
    assert not any(case.text in e.title.lower() for e in g.dataset.events)
    o.page.fill("#f-text", case.text)
    o.page.wait_for_function(
        f"() => document.getElementById('n-shown').textContent === '{len(case.text_hits)}'"
    )
    assert o.shown() == o.drawn() == list(case.text_hits)
    o.page.fill("#f-text", "")
    actor = sorted(g.dataset.actors, key=lambda a: a.id)[-1].id
    hits = sorted(query.events(g, actor=actor).ids())
    assert 0 < len(hits) < total
    o.page.select_option("#f-actors", [actor])
    o.page.wait_for_function(
        f"() => document.getElementById('n-shown').textContent === '{len(hits)}'"
    )
    assert o.shown() == o.drawn() == hits
    assert o.count("hidden") == total - len(hits)


def test_definite_hides_month_events_from_a_one_week_window(
    open_page: Callable[..., Opened], case: Case
) -> None:
    g = case.g
    o = open_page(g)
    o.page.fill("#f-from", case.week[0])
    o.page.fill("#f-to", case.week[1])
    possible = expected(g, *case.week)
    assert case.month_event in possible
    assert o.shown() == o.drawn() == possible
    o.page.select_option("#f-certainty", "definite")
    definite = expected(g, *case.week, "definite")
    assert case.month_event not in definite
    assert o.shown() == o.drawn() == definite
    assert o.count("shown") == len(definite)
    month_events = {e.id for e in g.dataset.events if e.date.precision != "day"}
    assert not month_events & set(o.drawn())


def test_certainty_agrees_with_the_query_on_random_windows(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    rng = random.Random(13)
    o = open_page(bundled)
    for _ in range(30):
        first = date(2008, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        last = first + timedelta(days=rng.choice([0, 3, 7, 20, 45, 120, 400]))
        certainty = rng.choice(["possible", "definite"])
        # One change event for the three controls: the page reads them all on any change.
        o.page.evaluate(
            """([first, last, certainty]) => {
            document.getElementById('f-from').value = first;
            document.getElementById('f-to').value = last;
            const select = document.getElementById('f-certainty');
            select.value = certainty;
            select.dispatchEvent(new Event('change'));
        }""",
            [first.isoformat(), last.isoformat(), certainty],
        )
        assert o.shown() == expected(bundled, first.isoformat(), last.isoformat(), certainty), (
            first,
            last,
            certainty,
        )


def test_the_url_fragment_restores_the_view(open_page: Callable[..., Opened], case: Case) -> None:
    g = case.g
    o = open_page(g)
    o.page.fill("#f-from", "2009-06-01")
    o.page.fill("#f-to", "2010-12-31")
    o.page.select_option("#f-certainty", "definite")
    o.page.select_option("#f-types", sorted({g.event(case.contested).type.value, case.type}))
    o.page.select_option("#f-lanes", [p.actor for p in g.event(case.contested).participants[:2]])
    o.page.select_option("#f-colour", "goldstein")
    o.page.check("#f-nest")
    o.page.locator("#timeline").focus()
    o.page.keyboard.press("+")
    o.page.locator(f".lbl[data-event='{case.contested}']").first.click()
    o.page.wait_for_function(f"() => location.hash.includes('event={case.contested}')")
    link = o.page.evaluate("location.hash").lstrip("#")
    shown, window, lanes = o.shown(), o.window(), lane_names(o)
    again = open_page(g, fragment=link)
    assert again.shown() == shown and len(shown) > 0
    assert again.window() == pytest.approx(window, abs=1)
    assert lane_names(again) == lanes
    assert again.page.input_value("#f-certainty") == "definite"
    assert again.page.input_value("#f-colour") == "goldstein"
    assert again.page.locator("#f-nest").is_checked()
    assert again.page.locator("#panel h2").text_content() == g.event(case.contested).title
    # A text filter and an actor filter travel in the link too.
    again.page.fill("#f-text", case.text)
    actor = g.event(case.text_hits[0]).participants[0].actor
    again.page.select_option("#f-actors", [actor])
    again.page.locator("#b-fit").click()
    again.page.wait_for_function("() => location.hash.includes('q=')")
    again.page.wait_for_function("() => location.hash.includes('actor=')")
    link = again.page.evaluate("location.hash").lstrip("#")
    third = open_page(g, fragment=link)
    assert third.page.input_value("#f-text") == case.text
    assert third.shown() == again.shown()


def test_keyboard_zooms_and_pans_and_print_hides_the_controls(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    o = open_page(bundled, start="2010", end="2010")
    o.page.locator("#timeline").focus()
    start, end = o.window()
    o.page.keyboard.press("+")
    zoomed = o.window()
    assert zoomed[1] - zoomed[0] < (end - start) * 0.75
    o.page.keyboard.press("ArrowRight")
    moved = o.window()
    assert moved[0] > zoomed[0] and moved[1] - moved[0] == pytest.approx(zoomed[1] - zoomed[0])
    o.page.keyboard.press("n")
    assert o.page.locator("#panel h2").count() == 1
    o.page.emulate_media(media="print")  # print to PDF: the timeline and the panel, no controls
    assert not o.page.locator("#controls").is_visible()
    assert o.page.locator(".vis-timeline").is_visible() and o.page.locator("#panel h2").is_visible()


def test_the_keyboard_alone_reaches_the_timeline_and_zooms_from_decades_to_days(
    open_page: Callable[..., Opened], case: Case
) -> None:
    o = open_page(case.g)
    for _ in range(60):  # Tab through the controls, as a keyboard user does
        o.page.keyboard.press("Tab")
        if o.page.evaluate("document.activeElement.id") == "timeline":
            break
    else:
        pytest.fail("Tab never reaches the timeline")
    day, year = 86_400_000, 365.25 * 86_400_000
    for _ in range(30):
        o.page.keyboard.press("-")
    start, end = o.window()
    assert end - start >= 50 * year  # decades
    for _ in range(40):
        o.page.keyboard.press("+")
    start, end = o.window()
    assert end - start <= 7 * day  # days
    labels = o.page.locator(".vis-time-axis .vis-text.vis-minor").all_text_contents()
    days = [t for t in labels if re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", t.strip())]
    assert len(days) >= 3  # the axis names days ("Wed 15")
    o.page.keyboard.press("0")  # back to all events
    start, end = o.window()
    first = min(e.date.earliest for e in case.g.dataset.events)
    assert start <= (first - date(1970, 1, 1)).days * day


def test_print_to_pdf_gives_the_timeline_and_the_open_event_without_controls(
    open_page: Callable[..., Opened], case: Case, tmp_path: Path
) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed to read the printed PDF")
    event = case.g.event(case.contested)
    o = open_page(case.g, start="2010", end="2010")
    o.page.locator(f".lbl[data-event='{event.id}']").first.click(position={"x": 4, "y": 4})
    pdf = tmp_path / "printed.pdf"
    o.page.pdf(path=str(pdf), print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert " ".join(event.title.split()) in flat
    for claim in event.claims:
        assert all(" ".join(c.quote.split()) in flat for c in claim.sources if c.quote)
    assert "events shown" in flat and "Other actors" in flat  # the counts and the lanes
    for control in ("Clear filters", "Zoom in", "Date window", "Colour by"):
        assert control not in flat


def test_the_policy_refuses_every_request_the_page_could_make(
    open_page: Callable[..., Opened], case: Case
) -> None:
    """Script run in the page asks for a resource of every kind from a live server on
    127.0.0.1: the policy refuses each in the browser, and the server sees nothing."""
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        o = open_page(case.g)
        failed: dict[str, str] = {}
        o.page.on("requestfailed", lambda r: failed.__setitem__(r.url, r.failure or ""))
        refused = o.page.evaluate(
            """async (base) => {
            const refused = [];
            document.addEventListener("securitypolicyviolation",
                                      e => refused.push(e.effectiveDirective));
            const load = (tag, attr, url, extra) => new Promise(r => {
                const node = document.createElement(tag);
                Object.assign(node, extra || {});
                node.onload = node.onerror = r;
                node[attr] = url;
                document.body.append(node);
                setTimeout(r, 1000);
            });
            await fetch(base + "/fetch").catch(() => null);
            await load("img", "src", base + "/img");
            await load("script", "src", base + "/script");
            await load("link", "href", base + "/style", { rel: "stylesheet" });
            await load("iframe", "src", base + "/frame");
            await new Promise(r => setTimeout(r, 300));
            return refused.sort();
        }""",
            base,
        )
        assert refused == [
            "connect-src",
            "frame-src",
            "img-src",
            "script-src-elem",
            "style-src-elem",
        ]
        o.page.wait_for_timeout(300)  # let playwright deliver the request events
        assert hits == []
        sent = [u for u in o.requests if u.startswith(base)]
        assert sorted(failed) == sorted(sent)  # every attempt failed in the browser
        assert set(failed.values()) == {"csp"}  # Chromium's reason: blocked by the policy
        assert o.errors and all("Content Security Policy" in e for e in o.errors)
        # Refused in the browser, as asserted: the fixture still fails on anything else.
        o.errors.clear()
        o.requests[:] = [u for u in o.requests if not u.startswith(base)]
    finally:
        server.shutdown()
        server.server_close()


def test_hostile_strings_render_as_text(open_page: Callable[..., Opened]) -> None:
    o = open_page(hostile_graph())
    o.page.locator(".lbl[data-event='talks']").first.click()
    panel = o.page.locator("#panel")
    assert panel.locator("h2").text_content() == HOSTILE_TITLE
    text = panel.inner_text()
    for raw in (HOSTILE_NAME, HOSTILE_QUOTE, HOSTILE_CLAIM, "Summary with <em>markup</em>."):
        assert raw in text
    labels = o.page.locator(".vis-label").all_inner_texts()
    assert any(HOSTILE_NAME in label for label in labels)
    assert o.page.evaluate("window.pwned") is None
    injected = o.page.eval_on_selector_all(
        "#panel img, #panel svg, #panel b, #panel i, #panel em, "
        ".vis-timeline img, .vis-timeline svg, .vis-timeline script",
        "els => els.length",
    )
    assert injected == 0
    link = panel.locator("a.url").first
    assert link.get_attribute("href") == "https://example.org/r?a=1&b='x'&c=%3C2%3E"
    assert link.get_attribute("rel") == "noopener noreferrer"


SHOTS = Path(__file__).resolve().parents[1] / "out" / "explorer-shots"


# Where each character of a stretch of text is drawn: (line, left edge), in reading order.
VISUAL_ORDER = """([selector, text]) => {
    for (const el of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(text);
            if (at < 0) continue;
            return [...text].map((_, i) => {
                const r = document.createRange();
                r.setStart(node, at + i);
                r.setEnd(node, at + i + 1);
                const box = r.getBoundingClientRect();
                return [Math.round(box.top / 4), box.left];  // one line, give or take a pixel
            });
        }
    }
    return null;
}"""


def test_a_right_to_left_override_in_a_name_does_not_reverse_the_text_around_it(
    open_page: Callable[..., Opened],
) -> None:
    """HOSTILE_NAME ends in an unclosed U+202E (right-to-left override): shown as text, it may
    turn itself around, but never the role, stance, statement or count written after it."""
    o = open_page(hostile_graph())
    o.page.locator(".lbl[data-event='talks']").first.click()

    def reads_left_to_right(selector: str, text: str) -> bool:
        drawn = o.page.evaluate(VISUAL_ORDER, [selector, text])
        assert drawn is not None, f"{text!r} not found in {selector}"
        places = [tuple(at) for char, at in zip(text, drawn, strict=True) if char != " "]
        return places == sorted(places)

    # the second participant and the second claim are the hostile name's
    assert reads_left_to_right("#panel ul.participants li:nth-child(2)", "party")
    assert reads_left_to_right("#panel li.claim:nth-child(2)", "denies")  # the stance
    assert reads_left_to_right("#panel li.claim:nth-child(2)", "it happened")  # the statement
    lane = o.page.locator(".vis-label .lane-label", has_text=HOSTILE_NAME[:12]).first
    name, count = lane.locator(".name").bounding_box(), lane.locator(".n").bounding_box()
    assert name is not None and count is not None and count["x"] > name["x"]
    options = o.page.eval_on_selector_all(
        "#f-actors option, #f-lanes option", "els => els.map(e => e.textContent)"
    )
    isolated = [t for t in options if "\u202e" in t]
    assert isolated and all(t.startswith("\u2068") and "\u2069 (" in t for t in isolated)


def test_the_panel_shows_each_quote_in_its_context_as_text(
    open_page: Callable[..., Opened], tmp_path: Path
) -> None:
    from dprkgraph.quotes import anchor_quotes

    g = hostile_graph()
    texts = hostile_texts(tmp_path / "texts")
    anchors = {a.event: a for a in anchor_quotes(g.dataset, texts)}
    o = open_page(g, sources=texts)
    o.page.locator(".lbl[data-event='walkout']").first.click()
    quote = o.page.locator("#panel blockquote.in-context").first
    walk = anchors["walkout"]
    assert quote.locator("mark").text_content() == "Alphaland left"
    assert quote.text_content() == f"\u2026{walk.prefix}Alphaland left{walk.suffix}\u2026"
    assert [t for t in quote.locator(".ctx").all_text_contents()] == [walk.prefix, walk.suffix]
    o.page.locator("#panel").screenshot(path=tmp_path / "panel-walkout.png")
    o.page.locator(".lbl[data-event='rebuke']").first.click()
    note = o.page.locator("#panel .unanchored").first.text_content() or ""
    assert note.startswith("not placed in the source text \u2014 ambiguous: found 2 times")
    o.page.locator(".lbl[data-event='talks']").first.click()
    talks = o.page.locator("#panel blockquote.in-context").first
    assert talks.locator("mark").text_content() == HOSTILE_QUOTE
    o.page.locator("#panel").screenshot(path=tmp_path / "panel-talks.png")
    assert o.page.evaluate("window.pwned") is None
    injected = o.page.eval_on_selector_all(
        "#panel img, #panel svg, #panel script, #panel b", "els => els.length"
    )
    assert injected == 0
    if SHOTS.parent.is_dir():  # kept for a person to look at
        SHOTS.mkdir(exist_ok=True)
        for name in ("panel-walkout.png", "panel-talks.png"):
            (SHOTS / name).write_bytes((tmp_path / name).read_bytes())


def _dated(g: EventGraph, dates: dict[str, str]) -> EventGraph:
    events = tuple(
        e.model_copy(update={"date": dprkgraph.parse_date(dates[e.id])}) if e.id in dates else e
        for e in g.dataset.events
    )
    return dprkgraph.build_graph(
        dprkgraph.Dataset(events=events, actors=g.dataset.actors, sources=g.dataset.sources)
    )


def test_a_one_of_set_is_drawn_with_its_gap_and_filtered_by_its_members(
    open_page: Callable[..., Opened], tmp_path: Path
) -> None:
    g = _dated(hostile_graph(), {"walkout": "[2010-03-12, 2010-05]", "review": "2011/.."})
    o = open_page(g, start="2010-03", end="2011-06")
    style = o.page.locator(".vis-item.one-of").first.get_attribute("style") or ""
    assert "linear-gradient" in style and "rgb(255, 255, 255)" in style
    assert "walkout" in o.shown()
    o.page.fill("#f-from", "2010-04-01")
    o.page.fill("#f-to", "2010-04-30")
    o.page.dispatch_event("#f-to", "change")
    assert "walkout" not in o.shown()  # April lies between the members
    assert "walkout" not in expected(g, "2010-04-01", "2010-04-30")
    o.page.fill("#f-to", "2010-05-01")
    o.page.dispatch_event("#f-to", "change")
    assert "walkout" in o.shown()
    o.page.locator("#b-clear").click()
    o.page.locator(".lbl[data-event='review']").first.click()
    date_row = o.page.locator("#panel dd").first.text_content() or ""
    assert "on or after 2011-01-01" in date_row
    o.page.locator(".lbl[data-event='walkout']").first.click()
    assert "one of 2010-03-12; 2010-05-01 to 2010-05-31" in (
        o.page.locator("#panel dd").first.text_content() or ""
    )
    # The open end is drawn a little past 2011, not to year 9999.
    end = o.page.evaluate(
        "new Date(dprkTimeline.itemsData.get().filter(i => i.ev === 4)[0].end).valueOf()"
    )
    assert end < (date(2013, 1, 1).toordinal() - date(1970, 1, 1).toordinal()) * 86400000
    o.page.screenshot(path=tmp_path / "sets.png")
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        (SHOTS / "sets.png").write_bytes((tmp_path / "sets.png").read_bytes())


def test_screenshots_of_the_bundled_page(
    open_page: Callable[..., Opened], bundled: EventGraph, tmp_path: Path
) -> None:
    o = open_page(bundled, start="2009")
    o.page.screenshot(path=tmp_path / "explorer.png")
    o.page.select_option("#f-types", ["military_incident", "sanction", "statement"])
    o.page.locator(".lbl[data-event='cheonan-sinking']").first.click()
    o.page.screenshot(path=tmp_path / "explorer-clicked.png")
    for name in ("explorer.png", "explorer-clicked.png"):
        assert (tmp_path / name).stat().st_size > 20_000


@pytest.mark.slow
def test_zoomed_out_large_data_shows_counts_that_add_up(open_page: Callable[..., Opened]) -> None:
    from dprkgraph.synthetic import generate

    g = dprkgraph.build_graph(generate(3000, seed=3))
    o = open_page(g)
    assert o.page.locator("#lod").is_visible()
    counts = o.page.eval_on_selector_all(
        ".vis-item.bucket .count", "els => els.map(e => +e.textContent)"
    )
    lanes = o.page.eval_on_selector_all(
        ".vis-label .lane-label .n", "els => els.map(e => +e.textContent)"
    )
    assert sum(counts) == sum(lanes) > 3000  # every event counted once on each of its lanes
    assert o.count("shown") == 3000
    o.page.locator(".vis-item.bucket").first.click()
    o.page.wait_for_function("() => document.getElementById('lod').hidden")
    assert len(o.drawn()) > 0


def test_notebook_frame_runs_the_page_inside_its_sandbox(
    browser: Any, tmp_path: Path, bundled: EventGraph
) -> None:
    """What Jupyter (Lab, Notebook, VS Code) does with the rich display: HTML holding the frame."""
    host = tmp_path / "notebook.html"
    host.write_text(
        "<!DOCTYPE html><html><body><h1>Notebook</h1>"
        + explore(bundled, start="2009", end="2009")._repr_html_()
        + "</body></html>",
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(host.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("body[data-ready]").wait_for()
        drawn = frame.locator(".vis-item .lbl[data-event]").evaluate_all(
            "els => [...new Set(els.map(e => e.dataset.event))].sort()"
        )
        assert drawn == expected(bundled, "2009", "2009")
        frame.locator(".lbl[data-event='unsc-resolution-1874']").first.click()
        assert (
            frame.locator("#panel h2").text_content() == bundled.event("unsc-resolution-1874").title
        )
        assert [
            u for u in requests if u != host.as_uri() and not u.startswith(("about:", "data:"))
        ] == []
        assert errors == []
    finally:
        context.close()


def counts_text(o: Opened) -> str:
    return " ".join(o.page.inner_text("#counts").split())


def test_every_count_in_the_header_agrees_with_its_noun(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    """ "1 events on "other actors"" was how the default view of the bundled data read."""
    counts = Counter(a for e in bundled.dataset.events for a in e.actors())
    busiest = sorted(counts, key=lambda a: (-counts[a], a))
    alone = [e for e in bundled.dataset.events if not set(busiest[:12]) & set(e.actors())]
    assert len(alone) == 1, "the default lanes leave one event on 'other actors'"
    n = len(bundled.dataset.events)
    o = open_page(bundled)
    assert counts_text(o) == (
        f"{n} of {n} events shown, 0 hidden by the filters; 13 lanes, "
        "1 event on \u201cother actors\u201d."
    )
    o.page.select_option("#f-lanes", [])  # no actor lanes: every event is on "other actors"
    assert counts_text(o) == (
        f"{n} of {n} events shown, 0 hidden by the filters; 1 lane, "
        f"{n} events on \u201cother actors\u201d."
    )
    o.page.fill("#f-text", alone[0].id)  # one event left, hiding all but one
    o.page.wait_for_function("() => document.getElementById('n-shown').textContent === '1'")
    assert counts_text(o) == (
        f"1 of {n} events shown, {n - 1} hidden by the filters; 1 lane, "
        "1 event on \u201cother actors\u201d."
    )


def test_a_page_of_one_event_says_event(open_page: Callable[..., Opened]) -> None:
    g = hostile_graph()
    ds = g.dataset
    one = dprkgraph.build_graph(
        Dataset(events=(g.event("review"),), actors=ds.actors, sources=ds.sources)
    )
    o = open_page(one, lanes=1)
    assert counts_text(o) == (
        "1 of 1 event shown, 0 hidden by the filters; 2 lanes, "
        "0 events on \u201cother actors\u201d."
    )
    o.page.locator(".lbl[data-event='review']").first.click(modifiers=["Shift"])
    assert o.page.inner_text("#chain-status") == "Causal chain: no linked events. Esc clears."


def test_a_chain_of_two_says_one_linked_event(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    chain = {"cheonan-sinking", *query.causes(bundled, "cheonan-sinking").ids()}
    chain |= set(query.consequences(bundled, "cheonan-sinking").ids())
    assert len(chain) == 2
    o = open_page(bundled)
    o.page.locator(".lbl[data-event='cheonan-sinking']").first.click(
        modifiers=["Shift"], position={"x": 4, "y": 4}
    )
    assert o.page.inner_text("#chain-status") == (
        "Causal chain: 1 linked event highlighted. Esc clears."
    )


def test_a_count_of_one_in_a_zoomed_out_lane_says_event(open_page: Callable[..., Opened]) -> None:
    from dprkgraph.synthetic import generate

    o = open_page(dprkgraph.build_graph(generate(800, seed=5)))
    assert o.page.locator("#lod").is_visible()
    titles = o.page.eval_on_selector_all(
        ".vis-item.bucket .count", "els => els.map(e => [+e.textContent, e.title])"
    )
    assert titles
    for n, title in titles:
        assert title.startswith(f"{n} event centred" if n == 1 else f"{n} events centred"), title
    assert any(n == 1 for n, _ in titles), "no count of one drawn: the test checks nothing"


def box_of(o: Opened, selector: str) -> dict[str, float]:
    box = o.page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not drawn"
    return dict(box)


@pytest.mark.parametrize("width", [950, 1100])
def test_at_notebook_widths_the_timeline_takes_most_of_the_width(
    open_page: Callable[..., Opened], bundled: EventGraph, width: int, tmp_path: Path
) -> None:
    """At about 950 px the timeline was 300 px wide between the controls and the panel."""
    o = open_page(bundled, start="2009")
    o.page.set_viewport_size({"width": width, "height": 760})
    o.page.wait_for_timeout(300)  # the timeline redraws on resize
    timeline = box_of(o, "#tl-wrap")
    assert timeline["width"] >= 0.55 * width
    center = box_of(o, ".vis-panel.vis-center")
    assert center["x"] + center["width"] <= width + 2  # vis-timeline's own borders
    # A click still shows the panel in sight, with the timeline beside or above it.
    o.page.locator(".lbl[data-event='cheonan-sinking']").first.click(position={"x": 4, "y": 4})
    panel = box_of(o, "#panel")
    assert o.page.inner_text("#panel h2") == bundled.event("cheonan-sinking").title
    assert panel["y"] < 760 and panel["x"] < width and panel["height"] >= 120
    title = box_of(o, "#panel h2")
    assert title["y"] >= 0 and title["y"] + title["height"] <= 760, (
        "the panel's title is off screen"
    )
    timeline = box_of(o, "#tl-wrap")
    assert timeline["height"] >= 300, "the panel leaves the timeline too little height"
    o.page.screenshot(path=tmp_path / f"medium-{width}.png")
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        (SHOTS / f"medium-{width}.png").write_bytes((tmp_path / f"medium-{width}.png").read_bytes())


COLOMBIA = Path(__file__).resolve().parent / "data" / "colombia-farc"
# The labels of the opening view whose mark starts inside it, and where each ends against the
# right edge of the timeline's visible area (positive: cut off by that many pixels).
CUT_LABELS = """() => {
    const panel = document.querySelector(".vis-panel.vis-center").getBoundingClientRect();
    const seen = [], cut = [];
    for (const label of document.querySelectorAll(".vis-item .lbl")) {
        const mark = label.closest(".vis-item").getBoundingClientRect();
        if (mark.left >= panel.right || mark.right <= panel.left) continue;  // drawn off view
        const box = label.getBoundingClientRect();
        seen.push(label.dataset.event);
        if (box.right > panel.right || box.left < panel.left - 1) {
            cut.push([label.dataset.event, label.textContent, Math.round(box.right - panel.right)]);
        }
    }
    return [seen, cut];
}"""


@pytest.mark.parametrize(
    ("data", "options"),
    [
        ("bundled", {}),
        ("bundled", {"start": "2009"}),
        ("bundled", {"start": "2009", "end": "2010-12"}),
        ("colombia-farc", {}),
        ("colombia-farc", {"start": "2016"}),
    ],
)
@pytest.mark.parametrize("width", [1400, 950])
def test_the_opening_view_leaves_room_for_every_label(
    browser: Any,
    bundled: EventGraph,
    tmp_path: Path,
    data: str,
    options: dict[str, str],
    width: int,
) -> None:
    """At 1400 x 900 the busiest weeks (August-September 2010) sat at the right edge of the
    opening view, their titles cut to "Trea", "Oba", "2010-08"."""
    g = bundled if data == "bundled" else dprkgraph.load_graph(COLOMBIA, cache=False)
    path = explore(g, **options).save(tmp_path / "page.html")
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready]")
        seen, cut = page.evaluate(CUT_LABELS)
        want = expected(g, options.get("start"), options.get("end"))
        assert sorted(set(seen)) == want, "every event in the window is in the opening view"
        assert cut == []
        name = f"opening-{data}-{'-'.join(options.values()) or 'all'}-{width}.png"
        page.screenshot(path=tmp_path / name)
        if SHOTS.parent.is_dir():
            SHOTS.mkdir(exist_ok=True)
            (SHOTS / name).write_bytes((tmp_path / name).read_bytes())
        capped = "#timeline .vis-item .lbl[style*='max-width']"
        if page.locator(capped).count():  # ended at the edge: whole again once zoomed
            page.focus("#timeline")
            page.keyboard.press("+")
            page.wait_for_function(f"() => !document.querySelector({capped!r})")
            assert page.locator("#timeline .vis-item .lbl").count() > 0
        assert errors == []
    finally:
        context.close()


def test_days_past_the_date_window_are_hatched_as_filtered_out(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    """The opening view may reach past the window's end to fit the labels: the days there are
    marked as outside the window, so that no one reads them as days without events."""
    o = open_page(bundled, start="2009", end="2010-12")
    start, end = o.window()
    after = (date(2011, 1, 1) - date(1970, 1, 1)).days * 86_400_000
    assert end > after, "the view does not reach past the window: the test checks nothing"
    panel = box_of(o, ".vis-panel.vis-center")
    hatch = o.page.locator(".vis-item.vis-background.outside").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })"
    )
    x = panel["x"] + (after - start) / (end - start) * panel["width"]
    assert [left for left, right in hatch if right > panel["x"]] == [pytest.approx(x, abs=2)]
    assert "outside the date window" in o.page.inner_text("#legend")
    empty = o.page.evaluate(
        """([x, top, bottom]) => {
        for (let y = top + 5; y < bottom; y += 4) {
            const hit = document.elementFromPoint(x, y);
            if (hit && !hit.closest(".vis-item.ev")) return y;
        }
        return null;
    }""",
        [x + 3, panel["y"], min(panel["y"] + panel["height"], 950)],
    )
    assert empty is not None
    o.page.mouse.click(x + 3, empty)  # a click on the hatching selects nothing
    assert o.page.locator("#panel .placeholder").count() == 1
    o.page.fill("#f-to", "")
    o.page.dispatch_event("#f-to", "change")
    assert (
        o.page.locator(".vis-item.vis-background.outside").evaluate_all(
            f"els => els.filter(e => e.getBoundingClientRect().right > {panel['x'] + 1})"
            ".map(e => e.getBoundingClientRect().left)"
        )
        == []
    )
