from __future__ import annotations

import json
from pathlib import Path

import pytest

from dprkgraph import LoadError, load
from tests.conftest import ACTORS, EVENTS, SOURCES, DatasetFactory

ONE_EVENT = """\
events:
  - id: talks
    title: Talks open
    date: 2010-03
    type: negotiation
    participants:
      - {actor: aaa, role: party}
    sources:
      - {source: src, quote: the talks opened}
"""


def problems(directory: Path) -> list[str]:
    with pytest.raises(LoadError) as info:
        load(directory)
    return [str(p) for p in info.value.errors]


def only_problem(directory: Path) -> str:
    found = problems(directory)
    assert len(found) == 1, found
    return found[0]


def test_the_fixture_dataset_loads(make_dataset: DatasetFactory) -> None:
    ds = load(make_dataset())
    assert [e.id for e in ds.events] == ["talks", "walkout"]
    assert ds.event("walkout").relations[0].event == "talks"
    assert ds.summary() == {"events": 2, "actors": 3, "sources": 1, "relations": 1, "claims": 0}


def test_scalars_are_read_as_written(make_dataset: DatasetFactory) -> None:
    text = ONE_EVENT.replace("date: 2010-03", "date: 2010-03-26\n    cameo: 042")
    ds = load(make_dataset(events=text))
    event = ds.event("talks")
    assert event.cameo == "042"  # not octal 34
    assert event.date.text == "2010-03-26" and event.date.precision == "day"
    assert event.goldstein == 1.9 and event.quad_class == 1


def test_several_files_of_a_kind_are_merged(make_dataset: DatasetFactory) -> None:
    more = ONE_EVENT.replace("id: talks", "id: more-talks")
    ds = load(make_dataset(extra={"events2.yaml": more}))
    assert [e.id for e in ds.events] == ["talks", "walkout", "more-talks"]


# Each bad input: the events.yaml text, the line and column the problem must be reported at,
# and words the message must contain.
BAD_EVENTS = [
    pytest.param(
        ONE_EVENT.replace("    type: negotiation\n", "    type: negotiation\n    title: Again\n"),
        6,
        5,
        "duplicate key 'title'",
        id="duplicate-key",
    ),
    pytest.param(
        ONE_EVENT.replace("    title: Talks open", "    titel: Talks open"),
        3,
        5,
        "unknown field 'titel'",
        id="unknown-field",
    ),
    pytest.param(
        ONE_EVENT.replace("    title: Talks open\n", ""),
        2,
        5,
        "missing required field 'title'",
        id="missing-field",
    ),
    pytest.param(
        ONE_EVENT.replace("type: negotiation", "type: negotation"),
        5,
        11,
        "did you mean 'negotiation'",
        id="bad-enum",
    ),
    pytest.param(
        ONE_EVENT.replace("date: 2010-03", "date: 2010-02-30"),
        4,
        11,
        "February 2010 has no day 30",
        id="impossible-day",
    ),
    pytest.param(
        ONE_EVENT.replace("date: 2010-03", "date: 2009-13"),
        4,
        11,
        "there is no month 13",
        id="impossible-month",
    ),
    pytest.param(
        ONE_EVENT.replace("date: 2010-03", "date: 2010-09/2010-08"),
        4,
        11,
        "ends before it starts",
        id="inverted-interval",
    ),
    pytest.param(
        ONE_EVENT.replace("actor: aaa", "actor: north-alpha"),
        7,
        17,
        "unknown actor 'north-alpha' — did you mean 'aaa'",
        id="unknown-actor-alias",
    ),
    pytest.param(
        ONE_EVENT.replace("actor: aaa", "actor: bbbb"),
        7,
        17,
        "did you mean 'bbb'",
        id="unknown-actor-spelling",
    ),
    pytest.param(
        ONE_EVENT.replace("source: src", "source: scr"),
        9,
        18,
        "unknown source 'scr' — did you mean 'src'",
        id="unknown-source",
    ),
    pytest.param(
        ONE_EVENT + "    relations:\n      - {type: led_to, event: walkot}\n",
        11,
        31,
        "unknown event 'walkot'",
        id="unknown-event",
    ),
    pytest.param(
        ONE_EVENT.replace("quote: the talks opened", 'quote: "  "'),
        9,
        30,
        "at least 1 character",
        id="empty-quote",
    ),
    pytest.param(
        ONE_EVENT.replace("title: Talks open", 'title: "Talks\\aopen"'),
        3,
        12,
        "control character(s) U+0007",
        id="control-character",
    ),
    pytest.param(
        ONE_EVENT.replace("id: talks", "id: Talks Open"),
        2,
        9,
        "lower-case letters, digits and single hyphens",
        id="bad-slug",
    ),
    pytest.param(
        ONE_EVENT.replace("    date: 2010-03\n", "    date: [2010\n"),
        5,
        9,
        "YAML syntax",
        id="syntax-error",
    ),
    pytest.param(
        ONE_EVENT.replace("date: 2010-03", "date: 2010-03\n    cameo: '999'"),
        5,
        12,
        "CAMEO code '999' is not in the shipped table",
        id="unknown-cameo",
    ),
    pytest.param(
        ONE_EVENT.replace("quote: the talks opened", "locator: p. 2"),
        2,
        5,
        "no citation carries a quote",
        id="no-quote",
    ),
    pytest.param(
        ONE_EVENT.replace(
            "    participants:\n      - {actor: aaa, role: party}\n", "    participants: aaa\n"
        ),
        6,
        19,
        "participants",
        id="wrong-shape",
    ),
    pytest.param(
        ONE_EVENT.replace("  - id: talks", "  - &first id: talks"),
        2,
        5,
        "anchor &first is not allowed",
        id="anchor",
    ),
    pytest.param(
        ONE_EVENT.replace("title: Talks open", "title: !!python/object:os.system x"),
        3,
        12,
        "is not allowed",
        id="custom-tag",
    ),
    pytest.param(
        ONE_EVENT.replace("events:", "event:"),
        1,
        1,
        "unexpected top-level key(s) 'event'",
        id="wrong-section",
    ),
]


@pytest.mark.parametrize(("events", "line", "column", "words"), BAD_EVENTS)
def test_bad_events_are_located(
    make_dataset: DatasetFactory, events: str, line: int, column: int, words: str
) -> None:
    directory = make_dataset(events=events)
    place = f"{directory / 'events.yaml'}:{line}:{column}: "
    found = problems(directory)
    assert any(p.startswith(place) and words in p for p in found), found


def test_alias_bomb_is_refused_without_expansion(make_dataset: DatasetFactory) -> None:
    lines = ["events:", "  - id: boom", "    title: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        lines.append(f"    t{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    found = problems(make_dataset(events="\n".join(lines) + "\n"))
    assert any("alias *a0 is not allowed" in p for p in found)
    assert all("anchor" in p or "alias" in p for p in found)


def test_duplicate_ids_across_files_name_both_places(make_dataset: DatasetFactory) -> None:
    directory = make_dataset(extra={"events2.yaml": ONE_EVENT})
    message = only_problem(directory)
    assert message.startswith(f"{directory / 'events2.yaml'}:2:9: duplicate id 'talks'")
    assert f"{directory / 'events.yaml'}:2:9" in message


def test_ids_are_unique_across_kinds(make_dataset: DatasetFactory) -> None:
    message = only_problem(make_dataset(events=ONE_EVENT.replace("id: talks", "id: aaa")))
    assert "duplicate id 'aaa'" in message and "actor at" in message


def test_led_to_cycle_is_reported(make_dataset: DatasetFactory) -> None:
    events = EVENTS + "      - {type: led_to, event: talks}\n"
    events = events.replace(
        "      - {source: src, quote: the talks opened}\n",
        "      - {source: src, quote: the talks opened}\n    relations:\n"
        "      - {type: led_to, event: walkout}\n",
    )
    message = only_problem(make_dataset(events=events))
    assert "led_to relations form a cycle" in message
    assert "talks" in message and "walkout" in message


def test_unknown_affiliation_in_actors_file(make_dataset: DatasetFactory) -> None:
    directory = make_dataset(actors=ACTORS.replace("affiliation: aaa", "affiliation: alpha"))
    message = only_problem(directory)
    assert message.startswith(f"{directory / 'actors.yaml'}:12:18: unknown actor 'alpha'")


def test_every_problem_is_reported_at_once(make_dataset: DatasetFactory) -> None:
    events = EVENTS.replace("type: negotiation", "type: talks").replace(
        "{actor: aaa, role: initiator}", "{actor: ccc, role: initiator}"
    )
    sources = SOURCES.replace("kind: article", "kind: article\n    colour: red")
    actors = ACTORS.replace(
        "affiliation: aaa",
        "affiliation: aaa\n    positions:\n      - {title: Envoy, start: 2010-04-31}",
    )
    found = problems(make_dataset(events=events, sources=sources, actors=actors))
    assert len(found) == 4, found
    assert any("sources.yaml:6:5: source 'src': unknown field 'colour'" in p for p in found)
    assert any("events.yaml:5:11: event 'talks', type:" in p for p in found)
    assert any(
        "actors.yaml:14:31: actor 'envoy', positions[0].start: invalid date" in p for p in found
    )
    assert any("events.yaml:17:17: unknown actor 'ccc'" in p for p in found)


def test_stray_yaml_files_are_not_silently_ignored(make_dataset: DatasetFactory) -> None:
    directory = make_dataset(extra={"event.yaml": ONE_EVENT})
    assert "the name does not start with events, actors or sources" in only_problem(directory)


def test_missing_directory(tmp_path: Path) -> None:
    assert "no such directory" in only_problem(tmp_path / "nowhere")


def test_load_error_is_a_value_error_carrying_problems(make_dataset: DatasetFactory) -> None:
    with pytest.raises(ValueError) as info:
        load(make_dataset(events=ONE_EVENT.replace("actor: aaa", "actor: zzz")))
    assert isinstance(info.value, LoadError)
    problem = info.value.errors[0]
    assert (problem.line, problem.column, problem.path.name) == (7, 17, "events.yaml")
    assert "1 problem in the dataset" in str(info.value)


def test_empty_event_list_is_fine(make_dataset: DatasetFactory) -> None:
    assert load(make_dataset(events="events: []\n")).events == ()


def test_references_of_invalid_records_are_still_checked(make_dataset: DatasetFactory) -> None:
    events = ONE_EVENT.replace("date: 2010-03", "date: 2010-03-32").replace(
        "actor: aaa", "actor: aab"
    )
    found = problems(make_dataset(events=events))
    assert len(found) == 2, found
    assert any(":4:11: " in p and "March 2010 has no day 32" in p for p in found)
    assert any(":7:17: unknown actor 'aab' — did you mean 'aaa'" in p for p in found)


def test_machine_coded_events_need_no_quote_but_a_coded_score_for_unknown_codes(
    make_dataset: DatasetFactory,
) -> None:
    coded = ONE_EVENT.replace("quote: the talks opened", "locator: GDELT 1").replace(
        "    type: negotiation\n",
        "    type: negotiation\n    provenance: machine-coded\n    cameo: '1213'\n",
    )
    message = only_problem(make_dataset(events=coded))
    assert "CAMEO code '1213' is not in the shipped table" in message and ":7:12: " in message
    fixed = coded.replace(
        "    cameo: '1213'\n",
        "    coded_goldstein: 5.2\n    coded_quad_class: 1\n    cameo: '1213'\n",
    )
    event = load(make_dataset(events=fixed)).event("talks")
    assert (event.goldstein, event.quad_class, event.provenance.value) == (5.2, 1, "machine-coded")
    curated = fixed.replace("    provenance: machine-coded\n", "")
    assert "no citation carries a quote" in only_problem(make_dataset(events=curated))


@pytest.mark.parametrize("bad", [0, 4, 9])
def test_records_are_validated_in_batches_and_each_bad_one_is_named_once(
    make_dataset: DatasetFactory, monkeypatch: pytest.MonkeyPatch, bad: int
) -> None:
    from dprkgraph import load_checks

    monkeypatch.setattr(load_checks, "_BATCH", 3)
    lines = [
        json.dumps(
            {
                "id": f"e{i}",
                "title": f"E{i}",
                "date": "2010-05-05",
                "type": "not-a-type" if i == bad else "statement",
                "participants": [{"actor": "aaa", "role": "speaker"}],
                "sources": [{"source": "src", "quote": "said so"}],
            }
        )
        for i in range(10)
    ]
    directory = make_dataset(events=None, extra={"events.jsonl": "\n".join(lines) + "\n"})
    assert only_problem(directory).startswith(f"{directory / 'events.jsonl'}:{bad + 1}:")
    lines[bad] = lines[bad].replace("not-a-type", "statement")
    (directory / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [e.id for e in load(directory, cache=False).events] == [f"e{i}" for i in range(10)]


@pytest.mark.parametrize("broken", ["actors", "sources", "extra actors"])
def test_a_file_that_cannot_be_read_is_not_buried_under_references_to_it(
    make_dataset: DatasetFactory, broken: str
) -> None:
    # One syntax error in actors.yaml used to come with an "unknown actor" for every
    # participant of every event, burying the one problem that needed fixing.
    bad = "actors:\n  - id: aaa\n    name: A : broken: [\n"
    if broken == "extra actors":
        directory = make_dataset(extra={"actors-more.yaml": bad})
    elif broken == "actors":
        directory = make_dataset(actors=bad)
    else:
        directory = make_dataset(sources="sources:\n  - id: src\n    title: T : x: [\n")
    with pytest.raises(LoadError) as caught:
        load(directory, cache=False)
    assert [p.message.split(":")[0] for p in caught.value.errors] == ["YAML syntax"]


def test_references_into_a_file_that_was_read_are_still_checked(
    make_dataset: DatasetFactory,
) -> None:
    directory = make_dataset(
        extra={"sources-more.yaml": "sources:\n  - id: s2\n    title: T : x: [\n"},
        events=EVENTS.replace("actor: bbb", "actor: nobody", 1),
    )
    with pytest.raises(LoadError) as caught:
        load(directory, cache=False)
    messages = [p.message for p in caught.value.errors]
    assert any(m.startswith("YAML syntax") for m in messages)
    assert "unknown actor 'nobody'" in messages
