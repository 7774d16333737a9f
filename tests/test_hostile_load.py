"""Inputs that once gave wrong answers or tracebacks: each must load correctly or be refused
with a located, actionable problem."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dprkgraph import LoadError, load, loader
from dprkgraph.errors import Problem
from dprkgraph.model import Actor, Citation, Event, Position, Relation, Source
from tests.conftest import DatasetFactory

EVENT = """\
events:
  - id: talks
    title: Talks open
    date: 2010-03
    type: negotiation
    summary: {summary}
    location: {location}
    participants:
      - {{actor: aaa, role: party}}
    sources:
      - {{source: src, quote: the talks opened}}
"""

JSON_EVENT = {
    "id": "bulk-1",
    "title": "Coded statement",
    "date": "2010-05-05",
    "type": "statement",
    "participants": [{"actor": "aaa", "role": "speaker"}],
    "sources": [{"source": "src", "locator": "row 1"}],
}


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test runs under both YAML readers the loader has."""
    if request.param == "pure-python":
        monkeypatch.setattr(loader, "_Loader", loader._PyLoader)
    elif loader._Loader is loader._PyLoader:
        pytest.skip("this PyYAML was built without libyaml")
    yield request.param


def problems_of(directory: Path) -> list[Problem]:
    with pytest.raises(LoadError) as info:
        load(directory, cache=False)
    return info.value.errors


def jsonl(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


# --- YAML null -----------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["null", "~", "", "Null", "NULL"])
def test_every_spelling_of_yaml_null_is_none(
    make_dataset: DatasetFactory, yaml_reader: str, spelling: str
) -> None:
    text = EVENT.format(summary=spelling, location=spelling)
    event = load(make_dataset(events=text), cache=False).event("talks")
    assert event.summary is None
    assert event.location is None


@pytest.mark.parametrize("spelling", ["'null'", '"~"'])
def test_quoted_null_spellings_stay_text(
    make_dataset: DatasetFactory, yaml_reader: str, spelling: str
) -> None:
    text = EVENT.format(summary=spelling, location="Geneva")
    assert load(make_dataset(events=text), cache=False).event("talks").summary == spelling[1:-1]


@pytest.mark.parametrize("text", ["events:\n", "events: []\n", "events: ~\n", ""])
def test_an_empty_events_list_loads(
    make_dataset: DatasetFactory, yaml_reader: str, text: str
) -> None:
    assert load(make_dataset(events=text), cache=False).events == ()


# --- YAML errors a person can act on -------------------------------------------------------


def test_a_tab_says_use_spaces(make_dataset: DatasetFactory, yaml_reader: str) -> None:
    text = EVENT.format(summary="x", location="y").replace("    title:", "\ttitle:")
    (problem,) = problems_of(make_dataset(events=text))
    assert (problem.line, problem.column) == (3, 1)
    assert "use spaces, not tabs" in problem.hint


def test_a_misindented_key_says_line_it_up(make_dataset: DatasetFactory, yaml_reader: str) -> None:
    text = EVENT.format(summary="x", location="y").replace("    title:", "   title:")
    (problem,) = problems_of(make_dataset(events=text))
    assert problem.line == 3
    assert "line this key up with the one above" in problem.hint
    assert "column 5" in problem.hint  # where the keys of this record start


def test_a_key_indented_too_far_says_line_it_up_not_quote_it(
    make_dataset: DatasetFactory, yaml_reader: str
) -> None:
    # One space too many before a key under a key that has its value: YAML reads a ': ' in a
    # value, but quoting is not the fix.
    text = EVENT.format(summary="x", location="y").replace("    type:", "     type:")
    (problem,) = problems_of(make_dataset(events=text))
    assert "indented further than the key above it" in problem.message
    assert "line this key up with the one above (column 5" in problem.hint
    assert "quotes" not in problem.hint


def test_a_colon_inside_a_value_still_says_quote_it(
    make_dataset: DatasetFactory, yaml_reader: str
) -> None:
    text = EVENT.format(summary="Talks: round two", location="y")
    (problem,) = problems_of(make_dataset(events=text))
    assert "put quotes around a value that contains ': '" in problem.hint


@pytest.mark.parametrize("char", ["\x07", "\x00", "\x1b", "\x7f"])
def test_a_control_character_is_located(
    make_dataset: DatasetFactory, yaml_reader: str, char: str
) -> None:
    text = EVENT.format(summary=f"bad{char}text", location="y")
    (problem,) = problems_of(make_dataset(events=text))
    assert (problem.line, problem.column) == (6, 17)
    assert "control character" in problem.message


def test_bytes_that_are_not_utf8_are_located(make_dataset: DatasetFactory) -> None:
    directory = make_dataset()
    (directory / "events.yaml").write_bytes(b"events:\n  - id: caf\xe9\n")
    (problem,) = problems_of(directory)
    assert (problem.line, problem.column) == (2, 12) and "UTF-8" in problem.message


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_deep_yaml_nesting_is_refused(
    make_dataset: DatasetFactory, yaml_reader: str, depth: int
) -> None:
    text = "events:\n  - id: x\n    title: " + "[" * depth + "]" * depth + "\n"
    found = problems_of(make_dataset(events=text))
    assert found and all(p.path.name == "events.yaml" for p in found)


# --- what stands where a dataset file should be --------------------------------------------


def _make_fifo(path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("this system has no FIFOs")
    os.mkfifo(path)


def _make_loop(path: Path) -> None:
    path.symlink_to(path.name)


def _make_dangling(path: Path) -> None:
    path.symlink_to(path.parent / "missing-target.yaml")


def _make_folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_make_folder, "is a folder"),
        (_make_dangling, "does not exist"),
        (_make_fifo, "FIFO"),
        (_make_loop, "leads back to itself"),
    ],
    ids=["folder", "dangling-symlink", "fifo", "symlink-loop"],
)
def test_a_dataset_name_that_is_not_a_file_is_reported(
    make_dataset: DatasetFactory, make: object, words: str
) -> None:
    directory = make_dataset(events=None)
    target = directory / "events.yaml"
    make(target)  # type: ignore[operator]
    result: list[BaseException | None] = []

    def run() -> None:
        try:
            load(directory)
            result.append(None)
        except BaseException as err:
            result.append(err)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():
        with open(target, "wb"):  # unblock a reader stuck on the FIFO
            pass
        pytest.fail("the load hung on events.yaml")
    (err,) = result
    assert isinstance(err, LoadError), err
    (problem,) = [p for p in err.errors if p.path == target]
    assert words in problem.message
    assert "does not start with" not in problem.message
    assert problem.hint


# --- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_loaded_again_after_an_edit_locates_its_problems(
    make_dataset: DatasetFactory,
) -> None:
    bad = json.dumps({**JSON_EVENT, "colour": "red"})
    directory = make_dataset(extra={"events-feed.jsonl": jsonl(bad)})
    (first,) = [p for p in problems_of(directory) if "colour" in p.message]
    assert first.line == 1
    good = [json.dumps({**JSON_EVENT, "id": f"bulk-{i}"}) for i in range(2, 12)]
    (directory / "events-feed.jsonl").write_text(jsonl(*good, bad))
    (second,) = [p for p in problems_of(directory) if "colour" in p.message]
    assert second.line == 11
    assert bad[second.column - 1 :].startswith('"colour"')


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c", "\x1c"])
def test_jsonl_lines_and_columns_count_only_newlines(
    make_dataset: DatasetFactory, separator: str
) -> None:
    first = json.dumps({**JSON_EVENT, "title": f"one{separator}two"}, ensure_ascii=False)
    bad = json.dumps(
        {**JSON_EVENT, "id": "bulk-2", "title": f"a{separator}b", "colour": "red"},
        ensure_ascii=False,
    )
    directory = make_dataset(extra={"events-feed.jsonl": jsonl(first, bad)})
    (problem,) = [p for p in problems_of(directory) if "colour" in p.message]
    assert problem.line == 2
    assert bad[problem.column - 1 :].startswith('"colour"')


@pytest.mark.parametrize(
    ("line", "key"),
    [
        (
            '{"id": "bulk-1", "title": "A", "title": "B", "date": "2010", "type": "statement"}',
            "title",
        ),
        (
            (
                '{"id": "bulk-1", "title": "A", "date": "2010", "type": "statement", '
                '"participants": [{"actor": "aaa", "role": "party", "actor": "bbb"}]}'
            ),
            "actor",
        ),
    ],
    ids=["top-level", "nested"],
)
def test_jsonl_duplicate_keys_are_refused(
    make_dataset: DatasetFactory, line: str, key: str
) -> None:
    directory = make_dataset(extra={"events-feed.jsonl": jsonl(line)})
    (problem,) = [p for p in problems_of(directory) if p.path.name == "events-feed.jsonl"]
    assert f"duplicate key {key!r}" in problem.message
    assert problem.line == 1
    assert line[problem.column - 1 :].startswith(f'"{key}"')
    assert line.index(f'"{key}"') < problem.column - 1  # the second one, not the first


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_jsonl_deep_nesting_is_refused(make_dataset: DatasetFactory, depth: int) -> None:
    line = '{"id": "x", "title": ' + "[" * depth + "]" * depth + "}"
    directory = make_dataset(extra={"events-feed.jsonl": jsonl(line)})
    (problem,) = [p for p in problems_of(directory) if p.path.name == "events-feed.jsonl"]
    assert problem.line == 1


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_jsonl_refuses_what_is_not_json(make_dataset: DatasetFactory, constant: str) -> None:
    line = json.dumps({**JSON_EVENT, "metrics": {"x": 1}}).replace("1}", constant + "}")
    directory = make_dataset(extra={"events-feed.jsonl": jsonl(line)})
    (problem,) = [p for p in problems_of(directory) if p.path.name == "events-feed.jsonl"]
    assert problem.line == 1 and "not JSON" in problem.message + problem.hint


def test_jsonl_not_utf8_is_located(make_dataset: DatasetFactory) -> None:
    directory = make_dataset()
    (directory / "events-feed.jsonl").write_bytes(
        json.dumps(JSON_EVENT).encode() + b'\n{"id": "caf\xe9"}\n'
    )
    (problem,) = problems_of(directory)
    assert (problem.line, problem.column) == (2, 12) and "UTF-8" in problem.message


# --- many broken records -------------------------------------------------------------------


def test_every_problem_of_many_broken_records_is_kept(make_dataset: DatasetFactory) -> None:
    count = 2_000
    lines = [
        json.dumps(
            {
                **JSON_EVENT,
                "id": f"bulk-{i}",
                "date": "2010-13",
                "participants": [{"actor": f"nobody-{i}", "role": "speaker"}],
            }
        )
        for i in range(count)
    ]
    directory = make_dataset(extra={"events-feed.jsonl": jsonl(*lines)})
    found = problems_of(directory)
    dates = [p for p in found if "month 13" in p.message]
    actors = [p for p in found if "unknown actor" in p.message]
    assert [p.line for p in dates] == list(range(1, count + 1))
    assert len(actors) == count


def test_past_many_unknown_ids_exact_names_are_still_suggested(
    make_dataset: DatasetFactory,
) -> None:
    lines = [
        json.dumps(
            {
                **JSON_EVENT,
                "id": f"bulk-{i}",
                "participants": [{"actor": f"nobody-{i}", "role": "speaker"}],
            }
        )
        for i in range(300)
    ]
    lines.append(
        json.dumps(
            {
                **JSON_EVENT,
                "id": "bulk-last",
                "participants": [{"actor": "alphaland", "role": "speaker"}],
            }
        )
    )
    directory = make_dataset(extra={"events-feed.jsonl": jsonl(*lines)})
    (last,) = [p for p in problems_of(directory) if "'alphaland'" in p.message]
    assert last.line == 301 and last.hint == "did you mean 'aaa'?"


NULL_EVENTS = """\
events:
  - id: talks
    title: Talks open
    date: 2010-03
    type: negotiation
    participants:
      - actor: aaa
        role: party
    sources:
      - {{source: src, quote: the talks opened}}
      - source: src
        locator: p. 1
        {citation}
    relations:
      - type: led_to
        event: later
        {relation}
    {event}
  - id: later
    title: Talks close
    date: 2010-04
    type: negotiation
    participants:
      - {{actor: aaa, role: party}}
    sources:
      - {{source: src, quote: the talks closed}}
"""
NULL_ACTORS = """\
actors:
  - id: aaa
    name: Alphaland
    kind: person
    positions:
      - title: Envoy
        {position}
    {actor}
"""
NULL_SOURCES = """\
sources:
  - id: src
    title: A report
    publisher: The Gazette
    kind: article
    {source}
"""
#: Every optional field of every record and part of a record, by where it is written.
OPTIONAL_FIELDS = [
    *(
        ("event", name)
        for name in (
            "cameo",
            "location",
            "summary",
            "claims",
            "provenance",
            "metrics",
            "coded_goldstein",
            "coded_quad_class",
        )
    ),
    *(("citation", name) for name in ("quote", "prefix", "occurrence")),
    ("relation", "note"),
    *(("actor", name) for name in ("aliases", "affiliation", "wikidata", "description")),
    *(("position", name) for name in ("start", "end")),
    *(("source", name) for name in ("author", "published", "url", "identifier", "sha256")),
]


def test_the_null_test_covers_every_optional_field() -> None:
    def optional(model: type) -> set[str]:
        fields = getattr(model, "model_fields", None) or model.__pydantic_fields__
        return {name for name, info in fields.items() if not info.is_required()}

    covered = {(where, name) for where, name in OPTIONAL_FIELDS}
    # relations and positions are lists whose null is tested by leaving out their items
    expected = {
        *(("event", n) for n in optional(Event) - {"relations"}),
        *(("citation", n) for n in optional(Citation) - {"locator"}),
        *(("relation", n) for n in optional(Relation)),
        *(("actor", n) for n in optional(Actor) - {"positions"}),
        *(("position", n) for n in optional(Position)),
        *(("source", n) for n in optional(Source)),
    }
    assert covered == expected


@pytest.mark.parametrize("spelling", ["null", "~", "", "Null", "NULL"])
@pytest.mark.parametrize(("where", "name"), OPTIONAL_FIELDS)
def test_every_optional_field_takes_every_null_spelling(
    make_dataset: DatasetFactory, yaml_reader: str, where: str, name: str, spelling: str
) -> None:
    slots = dict.fromkeys(("event", "citation", "relation", "actor", "position", "source"), "")
    slots[where] = f"{name}: {spelling}"
    directory = make_dataset(
        events=NULL_EVENTS.format(**slots),
        actors=NULL_ACTORS.format(**slots),
        sources=NULL_SOURCES.format(**slots),
    )
    ds = load(directory, cache=False)
    event, actor, source = ds.event("talks"), ds.actor("aaa"), ds.source("src")
    record = {
        "event": event,
        "citation": event.sources[1],
        "relation": event.relations[0],
        "actor": actor,
        "position": actor.positions[0],
        "source": source,
    }[where]
    blank = {
        "event": Event,
        "actor": Actor,
        "source": Source,
        "position": Position,
        "citation": Citation,
        "relation": Relation,
    }[where]
    fields = getattr(blank, "model_fields", None) or blank.__pydantic_fields__  # type: ignore[attr-defined]
    info = fields[name]
    default = info.default_factory() if info.default_factory else info.default
    assert getattr(record, name) == default


@pytest.mark.parametrize(("where", "name"), [f for f in OPTIONAL_FIELDS if f[0] == "event"])
def test_jsonl_null_is_absent_as_in_yaml(
    make_dataset: DatasetFactory, where: str, name: str
) -> None:
    quoted = [{"source": "src", "quote": "the talks opened"}]
    line = json.dumps({**JSON_EVENT, "sources": quoted, name: None})
    ds = load(make_dataset(extra={"events-feed.jsonl": jsonl(line)}), cache=False)
    info = Event.model_fields[name]
    default = info.default_factory() if info.default_factory else info.default  # type: ignore[call-arg]
    assert getattr(ds.event("bulk-1"), name) == default


@pytest.mark.parametrize("spelling", ["null", "~", ""])
def test_a_required_field_left_null_is_named_missing(
    make_dataset: DatasetFactory, yaml_reader: str, spelling: str
) -> None:
    text = EVENT.format(summary="x", location="y").replace(
        "title: Talks open", f"title: {spelling}"
    )
    (problem,) = problems_of(make_dataset(events=text))
    assert "missing required field 'title'" in problem.message and problem.line == 3
