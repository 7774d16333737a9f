"""The explorer page as built in Python: vendored files, embedded data, escaping, policy, CLI.

What the page shows in a browser is tested in test_explore_browser.py."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import subprocess
import sys
import zipfile
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dprkgraph
from dprkgraph import query
from dprkgraph.cli import main
from dprkgraph.errors import OutputError, QueryError, UnknownIdError
from dprkgraph.explore import VENDORED, _json_for_script, explore, page_data
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.model import (
    Actor,
    ActorKind,
    Citation,
    Claim,
    Dataset,
    Event,
    EventType,
    Participation,
    Relation,
    RelationType,
    Role,
    Source,
    SourceKind,
    Stance,
)
from dprkgraph.plot import QUAD_COLOURS
from tests.conftest import EVENTS, DatasetFactory

ROOT = Path(__file__).resolve().parents[1]
ASSETS = resources.files("dprkgraph.assets")
EPOCH = date(1970, 1, 1).toordinal()

HOSTILE_NAME = '<img src=x onerror="window.pwned=1">\u202eetats \U0001f680'
HOSTILE_TITLE = "</script><script>window.pwned=2</script> talks <!-- \u2028\u2029 end"
HOSTILE_QUOTE = "<b>bold</b> & </SCRIPT > \u200f\u05e9\u05dc\u05d5\u05dd"
HOSTILE_CLAIM = "<svg onload=window.pwned=3> it happened"


def hostile_graph() -> EventGraph:
    """A small dataset of hostile strings, a month-precision event and a week of day events."""
    actors = (
        Actor(id="aaa", name="Alphaland", kind=ActorKind.STATE),
        Actor(id="bbb", name=HOSTILE_NAME, kind=ActorKind.STATE),
        Actor(id="envoy", name="Ann Envoy", kind=ActorKind.PERSON, affiliation="aaa"),
    )
    sources = (
        Source(
            id="src",
            title="A <i>report</i>",
            publisher="The Gazette",
            kind=SourceKind.ARTICLE,
            url="https://example.org/r?a=1&b='x'&c=%3C2%3E",
        ),
    )

    def cite(quote: str, locator: str | None = None) -> tuple[Citation, ...]:
        return (Citation(source="src", quote=quote, locator=locator),)

    events = (
        Event(
            id="talks",
            title=HOSTILE_TITLE,
            date="2010-03",
            type=EventType.NEGOTIATION,
            cameo="046",
            participants=(Participation("aaa", Role.PARTY), Participation("bbb", Role.PARTY)),
            summary="Summary with <em>markup</em>.",
            sources=cite(HOSTILE_QUOTE, "p. <3>"),
            claims=(
                Claim(
                    claimant="aaa",
                    stance=Stance.ASSERTS,
                    statement=HOSTILE_CLAIM,
                    sources=cite("aaa said so"),
                ),
                Claim(
                    claimant="bbb",
                    stance=Stance.DENIES,
                    statement=HOSTILE_CLAIM,
                    sources=cite("bbb said not"),
                ),
            ),
        ),
        Event(
            id="visit",
            title="Envoy visits Betaland",
            date="2010-03-10",
            type=EventType.VISIT,
            cameo="042",
            participants=(Participation("envoy", Role.VISITOR), Participation("bbb", Role.HOST)),
            sources=cite("the envoy arrived"),
            relations=(Relation(RelationType.PART_OF, "talks"),),
        ),
        Event(
            id="walkout",
            title="Alphaland walks out",
            date="2010-03-12",
            type=EventType.WITHDRAWAL,
            cameo="16",
            participants=(Participation("aaa", Role.INITIATOR),),
            sources=cite("Alphaland left"),
            relations=(Relation(RelationType.RESPONSE_TO, "visit"),),
        ),
        Event(
            id="rebuke",
            title="Betaland rebukes Alphaland",
            date="2010-03-26~",
            type=EventType.STATEMENT,
            cameo="111",
            participants=(Participation("bbb", Role.SPEAKER),),
            sources=cite("a rebuke"),
            relations=(Relation(RelationType.RESPONSE_TO, "walkout"),),
        ),
        Event(
            id="review",
            title="Alphaland reviews its policy",
            date="2011",
            type=EventType.PUBLICATION,
            participants=(Participation("aaa", Role.AUTHOR),),
            sources=cite("a review"),
        ),
    )
    return build_graph(Dataset(events=events, actors=actors, sources=sources))


def write_dataset(g: EventGraph, folder: Path) -> Path:
    """Write ``g``'s dataset as the three YAML files a user keeps, to load it back from disk."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    ds = g.dataset
    for name, items in (("events", ds.events), ("actors", ds.actors), ("sources", ds.sources)):
        records = [item.model_dump(mode="json", exclude_defaults=True) for item in items]
        (folder / f"{name}.yaml").write_text(
            yaml.safe_dump({name: records}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return folder


def test_the_hostile_dataset_survives_a_round_trip_through_yaml(tmp_path: Path) -> None:
    from dprkgraph.loader import load_graph

    g = hostile_graph()
    again = load_graph(write_dataset(g, tmp_path / "data"), cache=False)
    assert page_data(again)["events"] == page_data(g)["events"]
    assert page_data(again)["actors"] == page_data(g)["actors"]


def embedded(page_html: str) -> dict[str, object]:
    match = re.search(
        r'<script type="application/json" id="dprk-data">(.*?)</script>', page_html, re.DOTALL
    )
    assert match is not None
    data = json.loads(match.group(1))
    assert isinstance(data, dict)
    return data


# ---- the vendored library ----


def versions() -> tuple[str, dict[str, str]]:
    text = ASSETS.joinpath("VERSIONS").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    fields = dict(line.split(" ", 1) for line in lines if not re.match(r"[0-9a-f]{64} ", line))
    sums = {
        parts[1]: parts[0]
        for parts in (line.split() for line in lines)
        if re.fullmatch(r"[0-9a-f]{64}", parts[0])
    }
    return fields["version"], sums


def test_vendored_files_match_the_pinned_checksums() -> None:
    version, sums = versions()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert sorted(sums) == sorted(VENDORED)
    for name, expected in sums.items():
        digest = hashlib.sha256(ASSETS.joinpath(name).read_bytes()).hexdigest()
        assert digest == expected, f"{name} differs from vis-timeline {version}; run: make assets"
    script = ASSETS.joinpath("vis-timeline-graph2d.min.js").read_text(encoding="utf-8")
    assert f"@version {version}" in script


def test_vendored_licence_sits_beside_the_files() -> None:
    licence = ASSETS.joinpath("LICENSE-vis-timeline.md").read_text(encoding="utf-8")
    assert "Apache-2.0 OR MIT" in licence
    assert ASSETS.joinpath("LICENSE-vis-timeline.MIT.txt").is_file()
    assert ASSETS.joinpath("LICENSE-vis-timeline.Apache-2.0.txt").is_file()


# ---- the page ----


def test_page_is_self_contained_with_a_policy_that_forbids_requests() -> None:
    page = explore(dprkgraph.load_graph()).html
    policy = html.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    )  # type: ignore[union-attr]
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert (
        "img-src data:" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 2
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "sourceMappingURL" not in page


def test_dates_colours_and_disputes_come_from_the_python_model() -> None:
    g = dprkgraph.load_graph()
    data = page_data(g)
    disputed = set(query.contested(g).ids())
    rows = {row[0]: row for row in data["events"]}
    assert list(rows) == [e.id for e in g.dataset.events]
    for e in g.dataset.events:
        row = rows[e.id]
        assert row[2] == e.date.text
        assert date.fromordinal(row[3] + EPOCH) == e.date.earliest
        assert date.fromordinal(row[4] + EPOCH) == e.date.latest
        assert bool(row[6] & 4) == (e.id in disputed)
        assert row[10] == (e.quad_class or 0)
    assert data["quad"] == {str(q or 0): QUAD_COLOURS[q] for q in (1, 2, 3, 4, None)}
    assert "cheonan-sinking" in disputed and rows["cheonan-sinking"][2] == "2010-03"


def test_hostile_strings_cannot_leave_the_json_block() -> None:
    g = hostile_graph()
    page = explore(g).html
    for raw in (
        HOSTILE_TITLE,
        HOSTILE_NAME,
        HOSTILE_QUOTE,
        HOSTILE_CLAIM,
        "</script",
        "<!--",
        "\u2028",
        "\u2029",
    ):
        assert raw not in page.split('id="dprk-data">')[1].split("</script>")[0]
    assert page.count("</script>") == 3  # the data block and the two scripts, nothing else
    data = embedded(page)
    events = {row[0]: row for row in data["events"]}  # type: ignore[attr-defined]
    assert events["talks"][1] == HOSTILE_TITLE
    assert events["talks"][13][0][1] == HOSTILE_QUOTE
    assert [a[1] for a in data["actors"]][1] == HOSTILE_NAME  # type: ignore[index]


@given(
    st.recursive(
        st.text() | st.integers() | st.none(),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    )
)
def test_any_data_survives_the_script_block_unchanged_and_inert(data: object) -> None:
    text = _json_for_script(data)
    assert "<" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == data


def test_initial_view_options_are_recorded_not_applied_to_the_data() -> None:
    g = dprkgraph.load_graph()
    data = page_data(
        g,
        start="2010-03",
        end="2010",
        actors=["bosworth"],
        types=["meeting"],
        certainty="definite",
        lanes=3,
        nest=True,
    )
    initial = data["initial"]
    actor_ids = [a[0] for a in data["actors"]]
    assert len(data["events"]) == len(g.dataset.events)  # the page keeps every event
    assert date.fromordinal(initial["from"] + EPOCH) == date(2010, 3, 1)
    assert date.fromordinal(initial["to"] + EPOCH) == date(2010, 12, 31)
    assert [actor_ids[i] for i in initial["actors"]] == ["bosworth"]
    assert actor_ids[initial["lanes"][0]] == "bosworth" and len(initial["lanes"]) == 3
    assert initial["types"] == ["meeting"] and initial["certainty"] == "definite"
    assert initial["nest"] is True


@pytest.mark.parametrize(
    ("options", "error", "names"),
    [
        ({"actors": ["nk"]}, UnknownIdError, "nk"),
        ({"types": ["summit"]}, QueryError, "summit"),
        ({"start": "2011", "end": "2010"}, QueryError, "ends before it starts"),
        ({"start": "2010-13"}, QueryError, "no month 13"),
        ({"certainty": "maybe"}, QueryError, "maybe"),
        ({"colour_by": "kind"}, QueryError, "kind"),
        ({"lanes": 0}, QueryError, "lanes"),
    ],
)
def test_bad_options_are_named(
    options: dict[str, object], error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        explore(dprkgraph.load_graph(), **options)  # type: ignore[arg-type]


def test_save_writes_the_page_atomically(tmp_path: Path) -> None:
    page = explore(hostile_graph())
    target = page.save(tmp_path / "timeline.html")
    assert target.read_text(encoding="utf-8") == page.html
    assert not list(tmp_path.glob(".timeline.html.*"))
    with pytest.raises(OutputError, match="does not exist"):
        page.save(tmp_path / "missing" / "timeline.html")


def test_notebook_view_is_a_sandboxed_frame_holding_the_escaped_page() -> None:
    page = explore(hostile_graph())
    frame = page._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts' in frame
    assert "allow-same-origin" not in frame
    srcdoc = html.unescape(frame.split('srcdoc="')[1].split('" sandbox=')[0])
    assert srcdoc == page.html
    assert '"' not in frame.split('srcdoc="')[1].split('" sandbox=')[0]
    assert "5 events" in repr(page)


def test_cli_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "timeline.html"
    assert (
        main(
            [
                "explore",
                "--from",
                "2009",
                "--actor",
                "prk",
                "--type",
                "sanction",
                "--nest",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert "wrote" in capsys.readouterr().err
    initial = embedded(out.read_text(encoding="utf-8"))["initial"]
    assert initial["types"] == ["sanction"] and initial["nest"] is True  # type: ignore[index]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--actor", "nk"], "unknown actor 'nk'"),
        (["--type", "summit"], "summit"),
        (["--from", "2011", "--to", "2010"], "ends before --from"),
        (["--lanes", "0"], "lanes"),
    ],
)
def test_cli_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["explore", *argv, "-o", str(tmp_path / "t.html")]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "t.html").exists()


@pytest.mark.slow
def test_wheel_ships_the_vendored_files(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    names = zipfile.ZipFile(next(tmp_path.glob("dprkgraph-*.whl"))).namelist()
    for name in (
        *VENDORED,
        "VERSIONS",
        "LICENSE-vis-timeline.md",
        "explorer.js",
        "explorer.css",
        "explorer.html",
    ):
        assert f"dprkgraph/assets/{name}" in names


# ---- quotes in their context in the source text ----

HOSTILE_BEFORE = '<img src=x onerror="window.pwned=4"></script><!-- '
HOSTILE_AFTER = " <svg onload=window.pwned=5></SCRIPT > --> \u2028 end"


def hostile_texts(folder: Path) -> Path:
    """A source text that holds the hostile graph's quotes between hostile strings: ``walkout``
    and ``talks`` are anchored, ``rebuke`` is ambiguous (twice), ``review`` an orphan."""
    folder.mkdir(exist_ok=True)
    (folder / "src.txt").write_text(
        HOSTILE_BEFORE
        + "Alphaland left"
        + HOSTILE_AFTER
        + " then "
        + HOSTILE_QUOTE
        + HOSTILE_AFTER
        + " a rebuke, and a rebuke again; the envoy arrived.",
        encoding="utf-8",
    )
    return folder


def test_quotes_carry_their_context_only_inside_the_json_block(tmp_path: Path) -> None:
    from dprkgraph.quotes import anchor_quotes

    g = hostile_graph()
    texts = hostile_texts(tmp_path / "texts")
    page = explore(g, sources=texts).html
    block = page.split('id="dprk-data">')[1].split("</script>")[0]
    for raw in (HOSTILE_BEFORE, HOSTILE_AFTER, "</script", "</SCRIPT", "<!--", "\u2028"):
        assert raw not in block
    assert page.count("</script>") == 3
    rows = {row[0]: row for row in embedded(page)["events"]}  # type: ignore[attr-defined]
    walk = next(a for a in anchor_quotes(g.dataset, texts) if a.event == "walkout")
    assert rows["walkout"][13][0][3] == [walk.prefix, walk.suffix, 1, 1]  # cut on both sides
    assert "</script><!--" in walk.prefix and "<svg" in walk.suffix  # kept as data, inert
    assert rows["rebuke"][13][0][3].startswith("ambiguous: found 2 times")
    assert rows["review"][13][0][3].startswith("orphan: not in the source")
    assert rows["talks"][14][0][3][0][3].startswith("orphan")  # a claim's quote too
    assert all(
        c[3] is None
        for row in embedded(explore(g).html)["events"]  # type: ignore[attr-defined]
        for c in row[13]
    )  # no texts, no context


def test_a_graph_loaded_with_sources_brings_its_anchors_to_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.loader import load_graph
    from tests.conftest import ACTORS, EVENTS, SOURCES

    data = tmp_path / "data"
    data.mkdir()
    for name, text in (("events.yaml", EVENTS), ("actors.yaml", ACTORS), ("sources.yaml", SOURCES)):
        (data / name).write_text(text, encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text("Before. Alphaland left the table.", encoding="utf-8")
    rows = {r[0]: r for r in page_data(load_graph(data, cache=False, sources=texts))["events"]}
    assert rows["walkout"][13][0][3] == ["Before. ", " the table.", 0, 0]
    out = tmp_path / "page.html"
    assert main(["explore", "--data", str(data), "--sources", str(texts), "-o", str(out)]) == 0
    cli_rows = {r[0]: r for r in embedded(out.read_text(encoding="utf-8"))["events"]}  # type: ignore[attr-defined]
    assert cli_rows["walkout"][13][0][3] == ["Before. ", " the table.", 0, 0]
    assert (
        main(["explore", "--data", str(data), "--sources", str(tmp_path / "none"), "-o", str(out)])
        == 1
    )
    assert "--sources" in capsys.readouterr().err
    with pytest.raises(QueryError, match="sources"):
        explore(load_graph(data, cache=False), sources=tmp_path / "none")


def test_a_one_of_set_carries_its_members_and_an_open_end_the_days_it_names() -> None:
    g = hostile_graph()
    events = tuple(
        e.model_copy(
            update={
                "date": {
                    "walkout": dprkgraph.parse_date("[2010-03-12, 2010-05]"),
                    "review": dprkgraph.parse_date("2011/.."),
                }[e.id]
            }
        )
        if e.id in ("walkout", "review")
        else e
        for e in g.dataset.events
    )
    rows = {
        r[0]: r
        for r in page_data(
            build_graph(Dataset(events=events, actors=g.dataset.actors, sources=g.dataset.sources))
        )["events"]
    }

    def day(text):
        return date.fromisoformat(text).toordinal() - EPOCH

    assert rows["walkout"][17] == [
        day("2010-03-12"),
        day("2010-03-12"),
        day("2010-05-01"),
        day("2010-05-31"),
    ]
    assert rows["walkout"][6] & 128 and rows["walkout"][18] is None
    assert rows["review"][6] & 64 and rows["review"][18] == [day("2011-01-01"), day("2011-12-31")]
    assert rows["talks"][17] == [] and rows["talks"][18] is None


@pytest.mark.slow
def test_notebook_01_shows_the_explorer_inline(tmp_path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "01-explore.ipynb", as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "dprkgraph.explore(" in c.source)
    nb.cells = [c for c in nb.cells[: at + 1] if c.cell_type == "code"]
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    shown = [o for o in nb.cells[-1].outputs if o.output_type == "execute_result"]
    assert len(shown) == 1
    frame = shown[0]["data"]["text/html"]
    assert frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    page = html.unescape(frame.split('srcdoc="')[1].split('" sandbox=')[0])
    assert len(embedded(page)["events"]) == len(dprkgraph.load_graph().dataset.events)  # type: ignore[arg-type]


def test_cli_options_set_the_opening_view_of_the_given_data(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_dataset()
    out = tmp_path / "view.html"
    argv = ["explore", "--data", str(data), "--from", "2010-03", "--to", "2010-04-15"]
    argv += ["--actor", "envoy", "--actor", "bbb", "--type", "withdrawal", "--type", "visit"]
    assert main([*argv, "--certainty", "definite", "-o", str(out)]) == 0
    assert f"wrote {out} (2 events)" in capsys.readouterr().err
    page = embedded(out.read_text(encoding="utf-8"))
    initial = page["initial"]
    actors = [a[0] for a in page["actors"]]  # type: ignore[union-attr, index]
    assert [row[0] for row in page["events"]] == ["talks", "walkout"]  # type: ignore[union-attr, index]
    assert date.fromordinal(initial["from"] + EPOCH) == date(2010, 3, 1)  # type: ignore[index]
    assert date.fromordinal(initial["to"] + EPOCH) == date(2010, 4, 15)  # type: ignore[index]
    assert [actors[i] for i in initial["actors"]] == ["envoy", "bbb"]  # type: ignore[index]
    assert [actors[i] for i in initial["lanes"]][:2] == ["envoy", "bbb"]  # type: ignore[index]
    assert initial["types"] == ["withdrawal", "visit"]  # type: ignore[index]
    assert initial["certainty"] == "definite"  # type: ignore[index]


def test_a_page_of_one_event_says_event_in_its_repr() -> None:
    g = hostile_graph()
    one = build_graph(
        Dataset(events=(g.event("review"),), actors=g.dataset.actors, sources=g.dataset.sources)
    )
    assert repr(explore(one)).startswith("<Explorer 1 event, ")


@pytest.mark.parametrize(("cut", "said"), [(True, "(1 event);"), (False, "(2 events);")])
def test_the_cli_counts_the_events_of_the_page_in_words_that_agree(
    make_dataset: DatasetFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cut: bool,
    said: str,
) -> None:
    from dprkgraph.cli import main

    events = EVENTS[: EVENTS.index("  - id: walkout")] if cut else EVENTS
    out = tmp_path / "page.html"
    code = main(["explore", "--data", str(make_dataset(events=events)), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0 and said in err, err
