"""Parquet export and import: exact round trips, and every problem located by file and row."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dprkgraph
from dprkgraph import query
from dprkgraph.columnar import (
    SCHEMAS,
    TABLES,
    ColumnarStore,
    read_parquet,
    write_parquet,
)
from dprkgraph.errors import DprkGraphError, LoadError, OutputError, UnknownIdError
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.model import Actor, Dataset, Event, Source
from dprkgraph.synthetic import generate

HOSTILE = [
    "'; DROP TABLE events; --",
    'a "quoted" \\ back\\slash',
    "line one\nline two\r\n\ttabbed",
    "٢٠١٠ مفاوضات — 협상 — 交渉 🚀",
    "\u202eright-to-left override\u202c and zero\u200bwidth",
    "year=1999/../../etc/passwd",
    "$x^2$ <script>alert(1)</script> &amp;",
]


def _hostile_dataset() -> Dataset:
    actors = (
        Actor(
            id="aaa",
            name=HOSTILE[0],
            kind="state",
            aliases=tuple(HOSTILE[1:4]),
            description=HOSTILE[4],
            positions=[{"title": HOSTILE[5], "start": "2009~", "end": "2011-02"}],
        ),
        Actor(id="bbb", name="B", kind="person", affiliation="aaa"),
    )
    sources = (
        Source(
            id="src",
            title=HOSTILE[6],
            publisher=HOSTILE[2],
            kind="article",
            url="https://example.org/?q='x'",
            published="2010-03?",
        ),
    )
    events = tuple(
        Event(
            id=f"e{i}",
            title=text,
            date=date,
            type="statement",
            summary=text,
            location=text,
            cameo="010",
            coded_goldstein=-2.5 if i % 2 else None,
            coded_quad_class=1 if i % 2 else None,
            participants=[{"actor": "aaa", "role": "speaker"}, {"actor": "bbb", "role": "target"}],
            sources=[{"source": "src", "quote": text, "locator": text}],
            relations=[{"type": "led_to", "event": f"e{i + 1}", "note": text}] if i < 6 else [],
            claims=[
                {
                    "claimant": "bbb",
                    "stance": "denies",
                    "statement": text,
                    "sources": [{"source": "src", "quote": text}, {"source": "src"}],
                }
            ],
            metrics={"AvgTone": -1.25, f"Weird_{i}_metric": 3.0},
        )
        for i, (text, date) in enumerate(
            zip(
                HOSTILE,
                [
                    "2010-03-26~",
                    "2010",
                    "2009-04",
                    "2010-08-25/2010-08-27",
                    "1999-12-31",
                    "2010-03%",
                    "2011-01-01?",
                ],
                strict=True,
            )
        )
    )
    return Dataset(events=events, actors=actors, sources=sources)


@pytest.mark.parametrize(
    "make",
    [dprkgraph.load, lambda: generate(300, seed=3), _hostile_dataset],
    ids=["bundled", "synthetic", "hostile"],
)
def test_round_trip_is_exact(make: Callable[[], Dataset], tmp_path: Path) -> None:
    dataset = make()
    out = write_parquet(dataset, tmp_path / "export")
    back = read_parquet(out)
    assert back == dataset
    assert [e.id for e in back.events] == [e.id for e in dataset.events]


def test_event_tables_are_partitioned_by_year_of_first_day(tmp_path: Path) -> None:
    dataset = _hostile_dataset()
    out = write_parquet(dataset, tmp_path / "export")
    years = {e.date.earliest.year for e in dataset.events}
    for table in ("events", "participations", "relations", "claims", "citations"):
        assert {p.name for p in (out / table).iterdir()} == {f"year={y}" for y in years}
    manifest = json.loads((out / "dprkgraph-parquet.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["events"] == len(dataset.events)
    # "2010-03-26~" could be the 25th: its row sits in 2010 with earliest 2010-03-25.
    first = pq.read_table(out / "events" / "year=2010").to_pylist()
    row = next(r for r in first if r["id"] == "e0")
    assert str(row["earliest"]) == "2010-03-25" and str(row["latest"]) == "2010-03-27"


def test_export_refuses_a_folder_that_is_not_an_export(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not empty"):
        write_parquet(dprkgraph.load(), tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_export_replaces_an_earlier_export(tmp_path: Path) -> None:
    write_parquet(generate(40, seed=1), tmp_path / "x")
    write_parquet(dprkgraph.load(), tmp_path / "x")
    assert read_parquet(tmp_path / "x") == dprkgraph.load()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]  # nothing left behind


def _beside_readme(out: Path) -> list[Path]:
    (out / "README.txt").write_text("mine", encoding="utf-8")
    return [out / "README.txt"]


def _beside_docs_and_link(out: Path) -> list[Path]:
    (out / "docs").mkdir()
    (out / "docs" / "a.txt").write_text("mine", encoding="utf-8")
    outside = out.parent / "outside.txt"
    outside.write_text("kept", encoding="utf-8")
    (out / "link").symlink_to(outside)
    return [out / "docs" / "a.txt", out / "link", outside]


def _inside_a_table(out: Path) -> list[Path]:
    (out / "events" / "notes.txt").write_text("mine", encoding="utf-8")
    return [out / "events" / "notes.txt"]


def _table_as_link(out: Path) -> list[Path]:
    import shutil

    elsewhere = out.parent / "claims-elsewhere"
    shutil.move(out / "claims", elsewhere)
    (out / "claims").symlink_to(elsewhere)
    return [*elsewhere.rglob("*.parquet")]


@pytest.mark.parametrize(
    ("add", "named"),
    [
        (_beside_readme, "README.txt"),
        (_beside_docs_and_link, "docs, link"),
        (_inside_a_table, "events/notes.txt"),
        (_table_as_link, "claims"),
    ],
)
def test_replacing_an_export_refuses_to_delete_other_files(
    tmp_path: Path, add: Callable[[Path], list[Path]], named: str
) -> None:
    out = write_parquet(generate(20, seed=3), tmp_path / "export")
    kept = add(out)
    before = {p: p.read_bytes() for p in kept}
    with pytest.raises(OutputError) as caught:
        write_parquet(dprkgraph.load(), out)
    assert named in str(caught.value) and "move them out" in str(caught.value)
    assert {p: p.read_bytes() for p in kept} == before
    assert read_parquet(out) == generate(20, seed=3)  # the earlier export is untouched


def test_the_command_refuses_to_delete_a_file_beside_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    out = write_parquet(dprkgraph.load(), tmp_path / "e2")
    (out / "README.txt").write_text("mine\n", encoding="utf-8")
    code = main(["export", "--format", "parquet", "--data", str(COLOMBIA), str(out)])
    err = capsys.readouterr().err
    assert code != 0 and "README.txt" in err and "Traceback" not in err
    assert (out / "README.txt").read_text(encoding="utf-8") == "mine\n"


def test_replacing_an_export_keeps_the_folder_s_permissions(tmp_path: Path) -> None:
    out = write_parquet(generate(20, seed=3), tmp_path / "export")
    out.chmod(0o750)
    write_parquet(dprkgraph.load(), out)
    assert out.stat().st_mode & 0o777 == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]


def _rewrite(out: Path, table: str, change: Callable[[list[dict[str, Any]]], None]) -> Path:
    """Apply ``change`` to the rows of the first file of ``table``; return that file."""
    path = min((out / table).rglob("*.parquet"))
    schema = pq.read_schema(path)
    rows = pq.read_table(path).to_pylist()
    change(rows)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path


def _recount(out: Path) -> None:
    """Record each table's rows in the manifest, as a careful hand edit that adds rows would."""
    manifest = json.loads((out / "dprkgraph-parquet.json").read_text(encoding="utf-8"))
    manifest["tables"] = {
        name: sum(pq.read_metadata(p).num_rows for p in (out / name).rglob("*.parquet"))
        for name in TABLES
    }
    (out / "dprkgraph-parquet.json").write_text(json.dumps(manifest), encoding="utf-8")


def _set(index: int, **values: Any) -> Callable[[list[dict[str, Any]]], None]:
    def change(rows: list[dict[str, Any]]) -> None:
        rows[index].update(values)

    return change


@pytest.mark.parametrize(
    ("table", "change", "message", "row"),
    [
        ("events", _set(1, id="e0"), "duplicate id 'e0'", 2),
        ("events", _set(0, date="2010-02-30"), "February 2010 has no day 30", 1),
        ("events", _set(0, date="2011-05"), "disagree with the date", 1),
        ("events", _set(0, type="riot"), "type 'riot' is not one of", 1),
        ("events", _set(0, title=None), "without a title", 1),
        ("events", _set(0, id="Not A Slug"), "not a lower-case slug", 1),
        ("participations", _set(1, actor="nobody"), "unknown actor 'nobody'", 2),
        ("citations", _set(0, source="missing-src"), "unknown source 'missing-src'", 1),
        ("relations", _set(0, target="e99"), "unknown event 'e99'", 1),
        ("events", _set(0, title="bad\x07bell"), "control character", 1),
        ("events", _set(0, goldstein=99.0), "goldstein 99.0 is not", 1),
        ("events", _set(1, goldstein=float("nan")), "goldstein nan is not", 2),
        ("events", _set(1, goldstein=None), "goldstein None is not", 2),
        ("events", _set(0, quad_class=3), "quad_class 3 is not 1", 1),
        ("events", _set(0, coded_goldstein=float("nan")), "not a Goldstein score", 1),
        ("events", _set(0, coded_quad_class=9), "not a QuadClass", 1),
    ],
)
def test_problems_are_located_by_file_and_row(
    tmp_path: Path,
    table: str,
    change: Callable[[list[dict[str, Any]]], None],
    message: str,
    row: int,
) -> None:
    full = _hostile_dataset()
    kept = [e for e in full.events if e.date.earliest.year == 2010]  # one file a table
    ids = {e.id for e in kept}
    events = tuple(
        e.model_copy(update={"relations": tuple(r for r in e.relations if r.event in ids)})
        for e in kept
    )
    out = write_parquet(Dataset(events, full.actors, full.sources), tmp_path / "export")
    assert read_parquet(out).events == events
    path = _rewrite(out, table, change)
    with pytest.raises(LoadError) as caught:
        read_parquet(out)
    found = [p for p in caught.value.errors if message in p.message]
    assert found, [str(p) for p in caught.value.errors]
    assert found[0].path == path and found[0].line == row
    assert found[0].column >= 1, str(found[0])  # columns count from 1, as everywhere
    if message == "control character":
        assert found[0].column == [f.name for f in SCHEMAS[table]].index("title") + 1


def test_a_cycle_of_led_to_links_is_refused(tmp_path: Path) -> None:
    out = write_parquet(generate(30, seed=2), tmp_path / "export")
    path = min((out / "relations").rglob("*.parquet"))
    rows = pq.read_table(path).to_pylist()
    a, b = rows[0]["event"], rows[0]["target"]
    rows[0]["type"] = "led_to"
    rows.append({**rows[0], "event": b, "target": a, "position": 99})
    pq.write_table(pa.Table.from_pylist(rows, schema=pq.read_schema(path)), path)
    _recount(out)
    with pytest.raises(LoadError, match="led_to relations form a cycle"):
        read_parquet(out)


@pytest.mark.parametrize(
    "damage", ["not parquet", "missing table", "no manifest", "missing column"]
)
def test_damaged_exports_are_refused_with_the_place(tmp_path: Path, damage: str) -> None:
    out = write_parquet(dprkgraph.load(), tmp_path / "export")
    events = min((out / "events").rglob("*.parquet"))
    if damage == "not parquet":
        events.write_bytes(b"PAR1 this is not a parquet file")
    elif damage == "missing table":
        import shutil

        shutil.rmtree(out / "claims")
    elif damage == "no manifest":
        (out / "dprkgraph-parquet.json").unlink()
    else:
        pq.write_table(pq.read_table(events).drop_columns(["title"]), events)
    with pytest.raises(LoadError) as caught:
        read_parquet(out)
    text = "\n".join(str(p) for p in caught.value.errors)
    assert str(out) in text
    if damage in ("not parquet", "missing column"):
        assert str(events) in text


def test_schemas_are_documented() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "columnar.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"### {table}" in doc
        for field in SCHEMAS[table]:
            assert f"`{field.name}`" in doc, (table, field.name)


# -- the same answers from the in-memory graph and from the Parquet files ---------------------


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EventGraph, ColumnarStore]]:
    dataset = generate(600, seed=11)
    out = write_parquet(dataset, tmp_path_factory.mktemp("columnar") / "export")
    with ColumnarStore.open(out) as store:
        yield build_graph(dataset), store


def _random_query(seed: int, g: EventGraph) -> dict[str, Any]:
    rng = random.Random(seed)
    actors = [a.id for a in g.actors()]
    first = date(2000, 1, 1) + timedelta(days=rng.randrange(20 * 365))
    options: dict[str, Any] = {"certainty": rng.choice(["possible", "definite"])}
    roll = rng.random()
    if roll < 0.5:
        options["actor"] = actors[min(int(rng.paretovariate(1.0)) - 1, len(actors) - 1)]
    elif roll < 0.65:
        options["actor"] = rng.sample(actors[:30], 3)
    elif roll < 0.8:
        options["actors_all"] = rng.sample(actors[:8], 2)
    if rng.random() < 0.8:
        options["start"] = rng.choice([first, first.isoformat()[:7], first.isoformat()])
        if rng.random() < 0.9:
            options["end"] = first + timedelta(days=rng.choice([0, 1, 30, 90, 365, 3000]))
    if rng.random() < 0.2:
        options["type"] = rng.sample(["statement", "meeting", "sanction", "visit"], 2)
    if rng.random() < 0.2:
        options["cameo"] = rng.choice(["01", "04", "1", "042", "19"])
    if rng.random() < 0.15:
        options["quad_class"] = rng.choice([1, [2, 3], 4])
    return options


@pytest.mark.parametrize("seed", range(120))
def test_events_answer_the_same_on_both_representations(
    both: tuple[EventGraph, ColumnarStore], seed: int
) -> None:
    g, store = both
    options = _random_query(seed, g)
    expected = query.events(g, **options)
    found = store.events(**options)
    assert found.ids() == expected.ids(), options
    assert list(found) == list(expected)


@pytest.mark.parametrize("seed", range(40))
def test_dyad_answers_the_same_on_both_representations(
    both: tuple[EventGraph, ColumnarStore], seed: int
) -> None:
    g, store = both
    rng = random.Random(seed)
    a, b = rng.sample([x.id for x in g.actors()][:15], 2)
    window: dict[str, Any] = {}
    if seed % 2:
        start = date(2000, 1, 1) + timedelta(days=rng.randrange(20 * 365))
        window = {
            "start": start,
            "end": start + timedelta(days=rng.choice([90, 720])),
            "certainty": rng.choice(["possible", "definite"]),
        }
    assert store.dyad(a, b, **window).ids() == query.dyad(g, a, b, **window).ids()


def test_affiliated_dyad_answers_the_same_on_both_representations(tmp_path: Path) -> None:
    dataset = dprkgraph.load()
    g = build_graph(dataset)
    with ColumnarStore.open(write_parquet(dataset, tmp_path / "x")) as store:
        for a, b in [("usa", "prk"), ("prk", "kor"), ("usa", "chn")]:
            for affiliated in (False, True):
                assert (
                    store.dyad(a, b, affiliated=affiliated).ids()
                    == query.dyad(g, a, b, affiliated=affiliated).ids()
                )
        assert store.members("usa") == query.members(g, "usa")


@pytest.mark.parametrize("seed", range(60))
def test_causes_and_consequences_answer_the_same(
    both: tuple[EventGraph, ColumnarStore], seed: int
) -> None:
    g, store = both
    event = f"event-{random.Random(seed).randrange(600)}"
    assert store.causes(event).ids() == query.causes(g, event).ids()
    assert store.consequences(event).ids() == query.consequences(g, event).ids()


@pytest.mark.parametrize(
    "window",
    [
        {},
        {"start": "2005", "end": "2006-06"},
        {"start": "2005", "end": "2006-06", "certainty": "definite"},
    ],
)
def test_co_participation_answers_the_same(
    both: tuple[EventGraph, ColumnarStore], window: dict[str, Any]
) -> None:
    g, store = both
    expected = query.co_participation(g, **window)
    found = store.co_participation(**window)
    assert dict(found.nodes(data=True)) == dict(expected.nodes(data=True))
    assert {frozenset((a, b)): d for a, b, d in found.edges(data=True)} == {
        frozenset((a, b)): d for a, b, d in expected.edges(data=True)
    }


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"actor": "actor-99999"}, "actor-99999"),
        ({"type": "riot"}, "riot"),
        ({"certainty": "maybe"}, "maybe"),
        ({"start": "2010-02-30"}, "2010-02-30"),
        ({"start": "2011", "end": "2010"}, "ends before it starts"),
        ({"quad_class": 7}, "7"),
    ],
)
def test_bad_options_raise_the_same_errors(
    both: tuple[EventGraph, ColumnarStore], options: dict[str, Any], error: str
) -> None:
    g, store = both
    with pytest.raises(DprkGraphError, match=error) as ours:
        store.events(**options)
    with pytest.raises(DprkGraphError) as theirs:
        query.events(g, **options)
    assert type(ours.value) is type(theirs.value)


def test_unknown_event_is_named(both: tuple[EventGraph, ColumnarStore]) -> None:
    with pytest.raises(UnknownIdError, match="event-6000"):
        both[1].causes("event-6000")


# -- corroboration: curated events beside machine-coded ones ---------------------------------


def _feed() -> Dataset:
    actors = (
        Actor(id="gdelt-usa", name="USA", kind="state"),
        Actor(
            id="gdelt-usagov", name="US government", kind="government_body", affiliation="gdelt-usa"
        ),
        Actor(id="gdelt-prk", name="PRK", kind="state"),
        Actor(id="gdelt-chn", name="CHN", kind="state"),
    )
    sources = (Source(id="wire", title="Wire", publisher="Wire", kind="dataset"),)

    def event(
        id: str, date: str, code: str, a: str, b: str, provenance: str = "machine-coded"
    ) -> Event:
        return Event(
            id=id,
            title=id,
            date=date,
            type="meeting",
            cameo=code,
            provenance=provenance,
            participants=[{"actor": a, "role": "initiator"}, {"actor": b, "role": "target"}],
            sources=[{"source": "wire", "quote": "q"}],
        )

    events = (
        event("same-day", "2010-08-26", "042", "gdelt-usagov", "gdelt-prk"),
        event("same-root", "2010-08-27", "043", "gdelt-prk", "gdelt-usa"),
        event("same-month", "2010-08", "040", "gdelt-usa", "gdelt-prk"),
        event("other-root", "2010-08-27", "190", "gdelt-usa", "gdelt-prk"),
        event("too-late", "2010-09-02", "042", "gdelt-usa", "gdelt-prk"),
        event("other-dyad", "2010-08-27", "042", "gdelt-usa", "gdelt-chn"),
        event("one-side", "2010-08-27", "042", "gdelt-usa", "gdelt-usagov"),
        event("curated", "2010-08-27", "042", "gdelt-usa", "gdelt-prk", "curated"),
    )
    return Dataset(events=events, actors=actors, sources=sources)


def test_corroborate_lists_feed_events_of_the_same_dyad_days_and_root_code(tmp_path: Path) -> None:
    from dprkgraph.columnar import corroborate

    g = build_graph(dprkgraph.load())  # carter-pyongyang-visit: 2010-08, CAMEO 042, usa–prk
    with ColumnarStore.open(write_parquet(_feed(), tmp_path / "feed")) as feed:
        found = corroborate(g, feed, "carter-pyongyang-visit")
        assert found.ids() == ["same-month", "same-day", "same-root"]
        lonely = build_graph(Dataset(_one_sided(g), g.to_dataset().actors, g.to_dataset().sources))
        with pytest.raises(DprkGraphError, match="only one side"):
            corroborate(lonely, feed, "lonely")


def _one_sided(g: EventGraph) -> tuple[Event, ...]:
    e = g.event("carter-pyongyang-visit")
    return (
        e.model_copy(
            update={
                "id": "lonely",
                "relations": (),
                "claims": (),
                "participants": e.participants[:1],
            }
        ),
    )


def test_corroborate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dprkgraph.cli import main

    feed = write_parquet(_feed(), tmp_path / "feed")
    assert (
        main(["corroborate", "carter-pyongyang-visit", "--feed", str(feed), "--format", "json"])
        == 0
    )
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [
        "same-month",
        "same-day",
        "same-root",
    ]
    assert main(["corroborate", "carter-pyongyang-visit", "--feed", str(tmp_path)]) == 1
    assert "not a dprkgraph Parquet export" in capsys.readouterr().err


def test_export_parquet_command_round_trips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    assert main(["to-parquet", str(tmp_path / "out")]) == 0
    assert read_parquet(tmp_path / "out") == dprkgraph.load()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("x", encoding="utf-8")
    assert main(["to-parquet", str(tmp_path / "other")]) == 1
    err = capsys.readouterr().err
    assert "not empty" in err and "Traceback" not in err


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_parquet(generate(30, seed=4), tmp_path_factory.mktemp("fuzz") / "export")


def test_damaged_bytes_raise_only_load_errors(small_export: Path) -> None:
    import shutil

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    good = min((small_export / "events").rglob("*.parquet")).read_bytes()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, len(good) - 1), st.binary(min_size=1, max_size=64), st.booleans())
    def damaged(at: int, junk: bytes, cut: bool) -> None:
        copy = small_export.parent / "copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(small_export, copy)
        target = min((copy / "events").rglob("*.parquet"))
        target.write_bytes(good[:at] if cut else good[:at] + junk + good[at + len(junk) :])
        try:
            read_parquet(copy)
        except LoadError as err:
            assert all(str(copy) in str(p.path) for p in err.errors)

    damaged()


def test_any_manifest_raises_only_load_errors_naming_it(small_export: Path) -> None:
    import shutil

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    manifest = json.loads((small_export / "dprkgraph-parquet.json").read_text(encoding="utf-8"))
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    values = st.recursive(
        scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner)
    )
    keys = st.sampled_from(["format", "version", "widening", "tables", "files"])

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(values, st.dictionaries(keys, values).map(lambda d: {**manifest, **d})))
    def edited(text: Any) -> None:
        copy = small_export.parent / "manifest-copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(small_export, copy)
        (copy / "dprkgraph-parquet.json").write_text(json.dumps(text), encoding="utf-8")
        try:
            ColumnarStore.open(copy).close()
        except LoadError as err:
            assert all(str(copy) in str(p.path) for p in err.errors)

    edited()


def test_the_engine_fetches_nothing_and_prints_nothing() -> None:
    from dprkgraph.columnar.engine import connect

    con = connect()
    settings = dict(
        con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('autoinstall_known_extensions', 'autoload_known_extensions', 'enable_progress_bar')"
        ).fetchall()
    )
    assert settings == {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "enable_progress_bar": "false",
    }
    con.close()


# -- load() reads an export back ---------------------------------------------------------------

COLOMBIA = Path(__file__).parent / "data" / "colombia-farc"


@pytest.mark.parametrize("widening", ["unit", "edtf"])
@pytest.mark.parametrize("data", [None, COLOMBIA], ids=["bundled", "colombia-farc"])
def test_load_reads_an_export_back_equal_to_the_original(
    tmp_path: Path, data: Path | None, widening: str
) -> None:
    original = dprkgraph.load(data, widening=widening)  # type: ignore[arg-type]
    out = write_parquet(original, tmp_path / "export")
    back = dprkgraph.load(out, widening=widening)  # type: ignore[arg-type]
    assert back == original
    assert [e.model_dump() for e in back.events] == [e.model_dump() for e in original.events]
    g = dprkgraph.load_graph(out, widening=widening)  # type: ignore[arg-type]
    assert g.event(original.events[0].id) == original.events[0]


def test_an_export_keeps_each_citations_prefix_and_occurrence(tmp_path: Path) -> None:
    from dataclasses import replace as with_fields

    original = dprkgraph.load()
    first = original.events[0]
    cited = first.model_copy(
        update={
            "sources": tuple(
                with_fields(c, occurrence=2, prefix="just before") if i == 0 else c
                for i, c in enumerate(first.sources)
            )
        }
    )
    changed = with_fields(original, events=(cited, *original.events[1:]))
    back = dprkgraph.load(write_parquet(changed, tmp_path / "export"))
    assert back.events[0].sources[0].occurrence == 2
    assert back.events[0].sources[0].prefix == "just before"
    assert back == changed


def test_load_of_an_export_defaults_to_its_own_rule_and_anchors_quotes(tmp_path: Path) -> None:
    out = write_parquet(dprkgraph.load(COLOMBIA, widening="edtf"), tmp_path / "export")
    assert {e.date.widening for e in dprkgraph.load(out).events} == {"edtf"}
    anchored = dprkgraph.load(out, sources=COLOMBIA / "texts")
    assert (
        anchored.anchors
        and anchored.anchors == dprkgraph.load(COLOMBIA, sources=COLOMBIA / "texts").anchors
    )


@pytest.mark.parametrize(
    ("start", "end", "found"),
    [
        ("2010-09-01", "2010-09-30", False),  # between the members: not a possible day
        ("2010-10-05", "2010-10-06", True),
        ("2010-08-25", "2010-08-25", True),
        ("2010-09", None, True),
        (None, "2010-09", True),
        (None, "2010-08-24", False),
    ],
)
def test_a_store_treats_a_one_of_date_as_its_members(
    tmp_path: Path, start: str | None, end: str | None, found: bool
) -> None:
    from dataclasses import replace as with_fields

    from dprkgraph.dates import parse_date

    original = dprkgraph.load()
    first = original.events[0].model_copy(update={"date": parse_date("[2010-08-25, 2010-10]")})
    changed = with_fields(original, events=(first, *original.events[1:]))
    g = build_graph(changed)
    actor = first.participants[0].actor
    with ColumnarStore.open(write_parquet(changed, tmp_path / "export")) as store:
        for who in (None, actor):
            ours = query.events(g, actor=who, start=start, end=end)
            assert (first.id in [e.id for e in ours]) is found
            assert [e.id for e in query.events(store, actor=who, start=start, end=end)] == [
                e.id for e in ours
            ]
            assert store.event_ids(actor=who, start=start, end=end) == [e.id for e in ours]


def test_an_export_reads_by_either_widening_rule(tmp_path: Path) -> None:
    # Written by one rule, read by the other: the dates follow the rule asked for.
    out = write_parquet(dprkgraph.load(COLOMBIA), tmp_path / "export")
    edtf = dprkgraph.load(COLOMBIA, widening="edtf")
    assert dprkgraph.load(out, widening="edtf") == edtf
    assert {e.date.widening for e in edtf.events} == {"edtf"}
    assert json.loads((out / "dprkgraph-parquet.json").read_text())["widening"] == "unit"


def _retyped(out: Path, table: str, column: str, kind: pa.DataType, value: Any) -> Path:
    path = min((out / table).rglob("*.parquet"))
    data = pq.read_table(path)
    index = data.schema.get_field_index(column)
    column_values = [value] * data.num_rows
    data = data.set_column(index, pa.field(column, kind), pa.array(column_values, kind))
    pq.write_table(data, path)
    return path


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("wrong type", "column position holds VARCHAR, not INTEGER"),
        ("dangling reference", "unknown actor 'ghost'"),
        ("bad date", "invalid date '2010-13'"),
        ("cycle", "led_to relations form a cycle"),
        ("bad manifest", "cannot read the manifest"),
        ("unknown rule", "widening rule 'roman'"),
    ],
)
def test_load_of_a_hostile_export_gives_located_problems(
    tmp_path: Path, damage: str, message: str
) -> None:
    out = write_parquet(generate(40, seed=5), tmp_path / "export")
    where: Path | None = None
    if damage == "wrong type":
        where = _retyped(out, "participations", "position", pa.string(), "first")
    elif damage == "dangling reference":
        where = _rewrite(out, "participations", _set(0, actor="ghost"))
    elif damage == "bad date":
        where = _rewrite(out, "events", _set(0, date="2010-13"))
    elif damage == "cycle":

        def loop(rows: list[dict[str, Any]]) -> None:
            rows[0]["type"] = "led_to"
            rows.append(
                {**rows[0], "event": rows[0]["target"], "target": rows[0]["event"], "position": 99}
            )

        where = _rewrite(out, "relations", loop)
        _recount(out)
    elif damage == "bad manifest":
        (out / "dprkgraph-parquet.json").write_bytes(b"\xff{not json")
    else:
        manifest = json.loads((out / "dprkgraph-parquet.json").read_text())
        (out / "dprkgraph-parquet.json").write_text(json.dumps({**manifest, "widening": "roman"}))
    with pytest.raises(LoadError) as caught:
        dprkgraph.load(out)
    found = [p for p in caught.value.errors if message in str(p)]
    assert found, [str(p) for p in caught.value.errors]
    if where is not None:
        assert found[0].path == where and (found[0].line >= 1 or damage == "wrong type")


# -- the command line on an export -------------------------------------------------------------

QUESTIONS = [
    ["events", "--actor", "prk", "--from", "2009", "--to", "2010-06"],
    ["events", "--actor", "Kim Jong Il", "--role", "visitor"],
    ["events", "--during", "2010", "--certainty", "definite", "--min-sources", "1"],
    ["events", "--after", "cheonan-sinking", "--type", "sanction"],
    ["search", "rocket launch"],
    ["search", "talks", "--actor", "prk", "--from", "2010"],
    ["claims", "--about", "cheonan-sinking"],
    ["causes", "prk-withdraws-six-party-talks"],
    ["consequences", "prk-rocket-launch-2009"],
    ["contested"],
    ["relation", "carter-pyongyang-visit", "2010-08-30"],
]


@pytest.fixture(scope="module")
def bundled_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dprkgraph.cli import main

    out = tmp_path_factory.mktemp("cli") / "export"
    assert main(["export", "--format", "parquet", str(out)]) == 0
    return out


@pytest.mark.parametrize("words", QUESTIONS, ids=[" ".join(w) for w in QUESTIONS])
def test_query_commands_answer_from_an_export_in_place(
    bundled_export: Path,
    words: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dprkgraph import loader
    from dprkgraph.cli import main

    data = str(dprkgraph.bundled_data_dir())
    assert main([*words, "--data", data, "--format", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert expected, "a question whose answer is empty proves little"

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the export was loaded into memory, not queried in place")

    monkeypatch.setattr(loader, "load_graph", refuse)
    assert main([*words, "--data", str(bundled_export), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == expected


def test_export_format_parquet_and_its_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    assert (
        main(["export", "--format", "parquet", "--data", str(COLOMBIA), str(tmp_path / "out")]) == 0
    )
    assert "23 events" in capsys.readouterr().out
    assert dprkgraph.load(tmp_path / "out") == dprkgraph.load(COLOMBIA)
    for words, message in [
        (
            ["export", str(tmp_path / "x")],
            "DIR '" + str(tmp_path / "x") + "' is for --format parquet",
        ),
        (["export", "--format", "parquet"], "needs a folder to write: give DIR"),
        (
            ["export", "--format", "parquet", "--sources", str(tmp_path), str(tmp_path / "y")],
            "--sources",
        ),
    ]:
        assert main(words) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
    # A folder written by another rule is read again by the rule asked for, as a graph.
    assert (
        main(["events", "--data", str(tmp_path / "out"), "--widening", "edtf", "--format", "json"])
        == 0
    )
    assert len(json.loads(capsys.readouterr().out)) == 23


def test_an_unknown_actor_on_an_export_is_named_with_the_flag(
    bundled_export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    assert main(["events", "--data", str(bundled_export), "--actor", "nk"]) == 1
    err = capsys.readouterr().err
    assert "--actor 'nk' is not an actor" in err and "Traceback" not in err


# -- GDELT straight to Parquet -------------------------------------------------------------------


def _gdelt_feed(path: Path) -> Path:
    from tests.conftest import gdelt_row

    rows = [
        gdelt_row(
            GlobalEventID=str(410000000 + i),
            Day=f"2010{1 + i % 12:02d}{1 + i % 28:02d}",
            Actor1Code=("USAGOV", "PRK", "KORGOV", "CHN")[i % 4],
            Actor1Name=("UNITED STATES", "NORTH KOREA", "SOUTH KOREA", "CHINA")[i % 4],
            Actor1CountryCode=("USA", "PRK", "KOR", "CHN")[i % 4],
            SOURCEURL=f"https://news.example/{i % 7}",
        )
        for i in range(60)
    ]
    rows[5] = gdelt_row(QuadClass="7")
    rows.append(rows[0])  # repeated across update files: kept once
    path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_import_gdelt_to_parquet_gives_the_dataset_of_the_json_lines_import(tmp_path: Path) -> None:
    from dprkgraph.gdelt import import_gdelt

    feed = _gdelt_feed(tmp_path / "a.export.CSV")
    as_lines = import_gdelt([feed], tmp_path / "jsonl")
    as_parquet = import_gdelt([feed], tmp_path / "parquet", format="parquet")
    assert str(as_parquet) == str(as_lines)
    assert as_parquet.events == 59 and len(as_parquet.malformed) == 1
    assert as_parquet.files == [tmp_path / "parquet"]
    expected = dprkgraph.load(tmp_path / "jsonl")
    assert dprkgraph.load(tmp_path / "parquet") == expected
    assert (tmp_path / "parquet" / "malformed-gdelt.tsv").read_text(encoding="utf-8") == (
        tmp_path / "jsonl" / "malformed-gdelt.tsv"
    ).read_text(encoding="utf-8")
    with ColumnarStore.open(tmp_path / "parquet") as store:
        g = build_graph(expected)
        for actor in ("gdelt-prk", "gdelt-usagov", "gdelt-chn"):
            answer = query.events(g, actor=actor, start="2010-03", end="2010-09")
            assert (
                answer
                and query.events(store, actor=actor, start="2010-03", end="2010-09") == answer
            )


def test_import_gdelt_to_parquet_refuses_a_folder_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    feed = _gdelt_feed(tmp_path / "a.export.CSV")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine", encoding="utf-8")
    assert (
        main(["import-gdelt", str(feed), "--format", "parquet", "-o", str(tmp_path / "busy")]) == 1
    )
    err = capsys.readouterr().err
    assert "not empty" in err and "Traceback" not in err
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]
    assert (
        main(["import-gdelt", str(feed), "--format", "parquet", "-o", str(tmp_path / "feed")]) == 0
    )
    assert "59 events" in capsys.readouterr().out
    assert (
        main(
            ["events", "--data", str(tmp_path / "feed"), "--actor", "gdelt-chn", "--format", "json"]
        )
        == 0
    )
    assert len(json.loads(capsys.readouterr().out)) == 15


@pytest.mark.slow
def test_hostile_values_in_well_formed_files_raise_only_load_errors(small_export: Path) -> None:
    """Any value of the column's type, or of another type, in any cell: load() and the store
    either give the data or a LoadError naming a file of the export, never anything else."""
    import shutil

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    texts = st.one_of(
        st.text(max_size=12),
        st.sampled_from(
            [
                "",
                "e0",
                "2010-02-30",
                "2010/..",
                "../2010",
                "led_to",
                "speaker",
                "asserts",
                "x" * 70_000,
                "gdelt-1",
                "\x00",
                "year=1999/../..",
            ]
        ),
    )
    by_type = {
        pa.string(): texts,
        pa.int64(): st.integers(-(2**63), 2**63 - 1),
        pa.int32(): st.integers(-(2**31), 2**31 - 1),
        pa.int8(): st.integers(-128, 127),
        pa.float64(): st.floats(allow_nan=True),
        pa.date32(): st.dates(),
    }
    cells = [
        (table, field.name, field.type)
        for table in TABLES
        if any((small_export / table).rglob("*.parquet"))
        for field in SCHEMAS[table]
        if field.name != "year" and field.type in by_type
    ]

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(cells), st.integers(0, 10_000), st.data(), st.booleans())
    def poisoned(
        cell: tuple[str, str, pa.DataType], at: int, data: st.DataObject, retype: bool
    ) -> None:
        table, column, kind = cell
        copy = small_export.parent / "poisoned"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(small_export, copy)
        path = min((copy / table).rglob("*.parquet"))
        frame = pq.read_table(path)
        if frame.num_rows == 0:
            return
        values = frame.column(column).to_pylist()
        if retype:
            kind = pa.string() if kind != pa.string() else pa.int64()
            values = [
                None if v is None else (str(v) if kind == pa.string() else len(v)) for v in values
            ]
        values[at % len(values)] = data.draw(by_type[kind])
        index = frame.schema.get_field_index(column)
        pq.write_table(
            frame.set_column(index, pa.field(column, kind), pa.array(values, kind)), path
        )
        try:
            dprkgraph.load(copy)
            with ColumnarStore.open(copy) as store:
                query.events(store, start="2000", end="2030").ids()
        except LoadError as err:
            assert all(str(copy) in str(p.path) for p in err.errors), err

    poisoned()


# -- an export changed after it was written ----------------------------------------------------


def _copy(export: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(export, tmp_path / "pq"))


def _edit_manifest(out: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    path = out / "dprkgraph-parquet.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(manifest)), encoding="utf-8")


def _drop_2009(out: Path) -> None:
    import shutil

    for folder in out.glob("*/year=2009"):
        shutil.rmtree(folder)


def _say_99_events(out: Path) -> None:
    _edit_manifest(out, lambda m: {**m, "tables": {**m["tables"], "events": 99}})


def _say_version_2(out: Path) -> None:
    _edit_manifest(out, lambda m: {**m, "version": 2})


def _make_a_list(out: Path) -> None:
    _edit_manifest(out, lambda m: [1, 2])


def _drop_counts(out: Path) -> None:
    _edit_manifest(out, lambda m: {k: v for k, v in m.items() if k != "tables"})


def _drop_manifest(out: Path) -> None:
    (out / "dprkgraph-parquet.json").unlink()


def _truncate_a_file(out: Path) -> None:
    path = min((out / "events").rglob("*.parquet"))
    path.write_bytes(path.read_bytes()[:100])


def _garbage_file(out: Path) -> None:
    min((out / "events").rglob("*.parquet")).write_bytes(b"garbage, not Parquet at all")


def _rename_year(out: Path) -> None:
    min((out / "events").glob("year=*")).rename(out / "events" / "year=abc")


CHANGES = [
    (_drop_2009, r"the events table has \d+ rows; the manifest says 26: a partition is missing"),
    (_say_99_events, r"the events table has 26 rows; the manifest says 99"),
    (_say_version_2, r"format version 2 is not 1"),
    (_make_a_list, r"the manifest is a JSON list, not an object"),
    (_drop_counts, r"no row count for each table"),
    (_drop_manifest, r"looks like a Parquet export whose manifest \(dprkgraph-parquet.json\)"),
    (_truncate_a_file, r"events/year=\d+/part-0.parquet: cannot be read as Parquet: "),
    (_garbage_file, r"events/year=\d+/part-0.parquet: cannot be read as Parquet: "),
    (_rename_year, r"events/year=abc: the events table's folder year=abc is not named year=YYYY"),
]


@pytest.mark.parametrize(("change", "message"), CHANGES, ids=[c[0].__name__ for c in CHANGES])
@pytest.mark.parametrize("reader", ["load", "open"])
def test_a_changed_export_is_refused_on_load_and_open(
    bundled_export: Path,
    tmp_path: Path,
    change: Callable[[Path], None],
    message: str,
    reader: str,
) -> None:
    import re

    out = _copy(bundled_export, tmp_path)
    change(out)
    with pytest.raises(LoadError) as caught:
        if reader == "load":
            dprkgraph.load(out)
        else:
            ColumnarStore.open(out).close()
    text = str(caught.value)
    assert re.search(message, text), text
    assert "export --format parquet" in text
    for problem in caught.value.errors:  # one problem a line, no DuckDB query text
        assert "\n" not in str(problem) and "LINE 1" not in str(problem), str(problem)


@pytest.mark.parametrize(("change", "message"), CHANGES, ids=[c[0].__name__ for c in CHANGES])
def test_the_events_command_refuses_a_changed_export(
    bundled_export: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[Path], None],
    message: str,
) -> None:
    import re

    from dprkgraph.cli import main

    out = _copy(bundled_export, tmp_path)
    change(out)
    assert main(["events", "--data", str(out)]) != 0
    captured = capsys.readouterr()
    assert re.search(message, captured.err), captured.err
    assert "Traceback" not in captured.err and "columnar export" not in captured.err
    assert "no dataset files found" not in captured.err and captured.out == ""


def test_no_hint_names_a_command_that_does_not_exist() -> None:
    from dprkgraph.cli import main

    with pytest.raises(SystemExit):
        main(["columnar", "--help"])  # there is no such command
    source = Path(dprkgraph.__file__).parent
    for path in source.rglob("*.py"):
        assert "columnar export" not in path.read_text(encoding="utf-8"), path


CLOSED_QUESTIONS: list[Callable[[ColumnarStore], object]] = [
    lambda s: query.events(s),
    lambda s: query.events(s, actor="prk", start="2010"),
    lambda s: query.causes(s, "cheonan-sinking"),
    lambda s: query.search(s, "talks"),
    lambda s: query.contested(s),
    lambda s: s.actor("prk"),
    lambda s: s.sql("SELECT 1"),
    lambda s: len(s),
    lambda s: dict(s.publishers),
]


@pytest.mark.parametrize("ask", CLOSED_QUESTIONS)
def test_a_closed_store_says_so(
    bundled_export: Path, ask: Callable[[ColumnarStore], object]
) -> None:
    from dprkgraph.errors import StoreClosedError

    store = ColumnarStore.open(bundled_export)
    publishers = store.publishers
    store.close()
    with pytest.raises(StoreClosedError, match="is closed; open it again") as caught:
        ask(store) if ask is not CLOSED_QUESTIONS[-1] else dict(publishers)
    assert isinstance(caught.value, DprkGraphError) and caught.value.path == bundled_export
    assert store.closed and "closed" in repr(store)
    store.close()  # closing twice does nothing


def _cycle_problems(links: list[tuple[str, str]]) -> list[str]:
    """The cycle problems the engine's check finds in ``links`` (led_to, event → target)."""
    from dprkgraph.columnar import engine

    con = engine.connect()
    con.execute(
        "CREATE TABLE relations (event VARCHAR, target VARCHAR, type VARCHAR, "
        "_file VARCHAR, _row UINTEGER)"
    )
    for row, (a, b) in enumerate(links, start=1):
        con.execute("INSERT INTO relations VALUES (?, ?, 'led_to', 'r.parquet', ?)", [a, b, row])
    problems: list[Any] = []
    engine._check_cycles(con, problems)
    con.close()
    return [p.message for p in problems]


def _has_cycle(links: list[tuple[str, str]]) -> bool:
    import graphlib

    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for a, b in links:
        sorter.add(b, a)
    try:
        sorter.prepare()
    except graphlib.CycleError:
        return True
    return False


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=30))
def test_the_set_wise_cycle_check_finds_a_cycle_exactly_when_there_is_one(
    pairs: list[tuple[int, int]],
) -> None:
    links = [(f"e{a}", f"e{b}") for a, b in pairs]
    found = _cycle_problems(links)
    assert bool(found) == _has_cycle(links), (links, found)


@pytest.mark.parametrize("closed", [True, False])
def test_a_cycle_deep_inside_long_chains_is_found_past_the_peeling_rounds(closed: bool) -> None:
    from dprkgraph.columnar.engine import PEEL_ROUNDS

    # Two chains longer than the peeling rounds lead into and out of a three-link loop: the
    # rounds stop with links left, and the sort over those finds the loop (or none, if open).
    n = 3 * PEEL_ROUNDS
    links = [(f"in{i}", f"in{i + 1}") for i in range(n)] + [(f"in{n}", "x")]
    links += [("x", "y"), ("y", "z")] + ([("z", "x")] if closed else [])
    links += [("z", "out0")] + [(f"out{i}", f"out{i + 1}") for i in range(n)]
    found = _cycle_problems(links)
    if closed:
        assert len(found) == 1 and all(e in found[0] for e in ("x", "y", "z")), found
        assert "in0" not in found[0]
    else:
        assert found == []


@pytest.mark.parametrize("what", ["year folder", "file"])
def test_a_symbolic_link_inside_an_export_is_named_not_followed(tmp_path: Path, what: str) -> None:
    out = write_parquet(dprkgraph.load(), tmp_path / "export")
    real = min((out / "events").glob("year=*"))
    if what == "file":
        real = min(real.glob("*.parquet"))
    moved = tmp_path / f"outside-{real.name}"
    real.rename(moved)
    real.symlink_to(moved, target_is_directory=moved.is_dir())
    with pytest.raises(LoadError) as caught:
        read_parquet(out)
    linked = [p for p in caught.value.errors if p.path == real]
    assert linked and "is a symbolic link" in linked[0].message, [
        str(p) for p in caught.value.errors
    ]
