"""The explorer page in a real browser: what a person sees, with no network and no errors.

Runs headless Debian Chromium (``/usr/bin/chromium``, installed by ``make test`` where it can)
through the playwright package; skips, saying why, where either is missing. One browser serves
the whole module; every page records its requests and console errors, and a test fails on any
request but the page's own file and on any error.
"""

from __future__ import annotations

import random
import shutil
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
from tests.test_explore import (
    HOSTILE_CLAIM,
    HOSTILE_NAME,
    HOSTILE_QUOTE,
    HOSTILE_TITLE,
    hostile_graph,
    hostile_texts,
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


def expected(
    g: EventGraph, start: str | None = None, end: str | None = None, certainty: str = "possible"
) -> list[str]:
    return sorted(query.events(g, start=start, end=end, certainty=certainty).ids())  # type: ignore[arg-type]


def test_drawn_events_are_the_events_in_the_window(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    o = open_page(bundled, start="2009", end="2009")
    want = expected(bundled, "2009", "2009")
    assert o.drawn() == want
    assert o.count("shown") == len(want)
    assert o.count("hidden") == len(bundled.dataset.events) - len(want)
    assert o.requests == [o.url]


def test_lanes_are_the_busiest_actors_and_nothing_is_dropped(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    o = open_page(bundled, lanes=3)
    labels = o.page.eval_on_selector_all(
        ".vis-label .lane-label .name", "els => els.map(e => e.textContent)"
    )
    counts = Counter(a for e in bundled.dataset.events for a in e.actors())
    busiest = sorted(counts, key=lambda a: (-counts[a], a))[:3]  # most events, then by id
    assert labels == [*(bundled.actor(a).name for a in busiest), "Other actors"]
    assert o.drawn() == expected(bundled)
    other = [e for e in bundled.dataset.events if not set(busiest) & set(e.actors())]
    assert o.count("other") == len(other) > 0
    o.page.select_option("#f-lanes", ["prk", "gomes"])  # any actor can have a lane
    labels = o.page.eval_on_selector_all(
        ".vis-label .lane-label .name", "els => els.map(e => e.textContent)"
    )
    assert labels == ["North Korea", "Aijalon Gomes", "Other actors"]
    assert o.drawn() == expected(bundled)


def test_nested_lanes_put_an_envoy_under_their_state(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    o = open_page(bundled, actors=["bosworth"], nest=True, lanes=1)
    nested = o.page.eval_on_selector_all(
        ".vis-label.vis-group-level-2 .lane-label .name", "els => els.map(e => e.textContent)"
    )
    parents = o.page.eval_on_selector_all(
        ".vis-label.vis-nesting-group .lane-label .name", "els => els.map(e => e.textContent)"
    )
    labels = o.page.eval_on_selector_all(
        ".vis-label .lane-label .name", "els => els.map(e => e.textContent)"
    )
    assert nested == ["Stephen Bosworth"] and parents == ["United States"]
    assert labels == ["United States", "Stephen Bosworth", "Other actors"]


def test_a_month_precision_event_spans_its_month(open_page: Callable[..., Opened]) -> None:
    o = open_page(hostile_graph(), start="2010-02-20", end="2010-04-02")
    box = o.page.locator(".vis-item.vis-range:has(.lbl[data-event='talks'])").first.bounding_box()
    panel = o.page.locator(".vis-panel.vis-center").bounding_box()
    start, end = o.window()

    def x(day: date) -> float:
        ms = (day - date(1970, 1, 1)).days * 86_400_000
        return panel["x"] + (ms - start) / (end - start) * panel["width"]

    assert abs(box["x"] - x(date(2010, 3, 1))) < 3
    assert abs(box["x"] + box["width"] - x(date(2010, 4, 1))) < 3
    # A click must not scroll the marks against the date axis (long labels overflow the panel).
    o.page.locator(".lbl[data-event='rebuke']").first.click()
    after = o.page.locator(".vis-item.vis-range:has(.lbl[data-event='talks'])").first.bounding_box()
    assert after["x"] == pytest.approx(box["x"], abs=0.5)
    classes = o.page.locator(".vis-item:has(.lbl[data-event='talks'])").first.get_attribute("class")
    assert "imprecise" in classes and "contested" in classes
    label = o.page.locator(".lbl[data-event='rebuke']").first.text_content()
    assert label.startswith("2010-03-26~")
    points = o.page.locator(".vis-item.vis-point:has(.lbl[data-event='walkout'])")
    assert points.count() == 1


def test_clicking_the_cheonan_sinking_shows_its_claims_and_quotes(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    o = open_page(bundled, start="2010", end="2010")
    o.page.locator(".lbl[data-event='cheonan-sinking']").first.click()
    panel = o.page.locator("#panel")
    event = bundled.event("cheonan-sinking")
    assert panel.locator("h2").text_content() == event.title
    claims = panel.locator("li.claim")
    assert claims.count() == len(event.claims) == 3
    for i, claim in enumerate(event.claims):
        text = claims.nth(i).inner_text()
        assert bundled.actor(claim.claimant).name in text and claim.stance.value in text
        assert all(c.quote in text for c in claim.sources if c.quote)
    text = panel.inner_text()
    assert "2010-03 (month): between 2010-03-01 and 2010-03-31" in text
    assert "Goldstein -10.0" in text and "QuadClass 4" in text
    assert all(c.quote in text for c in event.sources if c.quote)
    assert o.page.locator(".vis-selected .lbl[data-event='cheonan-sinking']").count() >= 1
    # The static charts' palette: QuadClass, then the Goldstein scale.
    from matplotlib.colors import to_hex, to_rgb

    from dprkgraph.plot import QUAD_COLOURS
    from dprkgraph.plot._common import colour_of

    def fill() -> str:
        rgb = o.page.locator(
            ".vis-item.vis-range:has(.lbl[data-event='cheonan-sinking'])"
        ).first.evaluate("e => getComputedStyle(e).backgroundColor")
        return to_hex(tuple(int(v) / 255 for v in rgb[rgb.index("(") + 1 : -1].split(",")[:3]))

    assert fill() == QUAD_COLOURS[4] == to_hex(to_rgb(QUAD_COLOURS[event.quad_class]))
    o.page.select_option("#f-colour", "goldstein")
    assert fill() == to_hex(colour_of(event, "goldstein"))
    assert "Goldstein" in o.page.locator("#legend-colours").inner_text()


def test_a_relation_link_selects_the_other_event(open_page: Callable[..., Opened]) -> None:
    o = open_page(hostile_graph())
    o.page.locator(".lbl[data-event='walkout']").first.click()
    o.page.locator("#panel button[data-goto='visit']").click()
    assert o.page.locator("#panel h2").text_content() == "Envoy visits Betaland"
    assert o.page.locator(".vis-selected .lbl[data-event='visit']").count() >= 1


def test_shift_click_highlights_the_causal_chain(open_page: Callable[..., Opened]) -> None:
    g = hostile_graph()
    o = open_page(g)
    o.page.locator(".lbl[data-event='walkout']").first.click(modifiers=["Shift"])
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


def test_filters_change_the_counts(open_page: Callable[..., Opened], bundled: EventGraph) -> None:
    o = open_page(bundled)
    total = len(bundled.dataset.events)
    assert o.count("shown") == total
    o.page.select_option("#f-types", ["sanction"])
    sanctions = sorted(e.id for e in bundled.dataset.events if e.type.value == "sanction")
    assert o.shown() == o.drawn() == sanctions
    assert o.count("shown") == len(sanctions) and o.count("hidden") == total - len(sanctions)
    o.page.select_option("#f-types", [])
    o.page.fill("#f-text", "torpedo")  # in a claim's statement and quotes, not in any title
    o.page.wait_for_function("() => document.getElementById('n-shown').textContent === '1'")
    assert o.shown() == ["cheonan-sinking"]
    o.page.fill("#f-text", "")
    o.page.select_option("#f-actors", ["gomes"])
    o.page.wait_for_function(
        f"() => document.getElementById('n-shown').textContent === "
        f"'{len(query.events(bundled, actor='gomes'))}'"
    )
    assert o.shown() == sorted(query.events(bundled, actor="gomes").ids())


def test_definite_hides_month_events_from_a_one_week_window(
    open_page: Callable[..., Opened],
) -> None:
    g = hostile_graph()
    o = open_page(g)
    o.page.fill("#f-from", "2010-03-08")
    o.page.fill("#f-to", "2010-03-14")
    assert (
        o.shown()
        == o.drawn()
        == expected(g, "2010-03-08", "2010-03-14")
        == ["talks", "visit", "walkout"]
    )
    o.page.select_option("#f-certainty", "definite")
    assert (
        o.shown()
        == o.drawn()
        == expected(g, "2010-03-08", "2010-03-14", "definite")
        == ["visit", "walkout"]
    )


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


def test_the_url_fragment_restores_the_view(
    open_page: Callable[..., Opened], bundled: EventGraph
) -> None:
    o = open_page(bundled)
    o.page.fill("#f-from", "2009-06-01")
    o.page.fill("#f-to", "2010-12-31")
    o.page.select_option("#f-certainty", "definite")
    o.page.select_option("#f-types", ["military_incident", "sanction"])
    o.page.check("#f-nest")
    o.page.locator("#timeline").focus()
    o.page.keyboard.press("+")
    o.page.locator(".lbl[data-event='cheonan-sinking']").first.click()
    o.page.wait_for_function("() => location.hash.includes('event=cheonan-sinking')")
    link = o.page.evaluate("location.hash").lstrip("#")
    shown, window = o.shown(), o.window()
    again = open_page(bundled, fragment=link)
    assert again.shown() == shown
    assert again.window() == pytest.approx(window, abs=1)
    assert again.page.input_value("#f-certainty") == "definite"
    assert again.page.locator("#f-nest").is_checked()
    assert again.page.locator("#panel h2").text_content() == bundled.event("cheonan-sinking").title


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
