"""The models: values no export can carry are refused where they are written, and records
print readably."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import dprkgraph
from dprkgraph import Dataset, LoadError
from dprkgraph.dates import parse_date
from dprkgraph.model import Actor, Citation, Event, Relation, RelationType, Source
from tests.conftest import DatasetFactory

BASE: dict[str, dict[str, Any]] = {
    "events": {
        "id": "bad",
        "title": "Bad",
        "date": "2010",
        "type": "statement",
        "participants": [{"actor": "aaa", "role": "speaker"}],
        "sources": [{"source": "src", "quote": "q"}],
    },
    "actors": {"id": "bad", "name": "Bad", "kind": "person"},
    "sources": {"id": "bad", "title": "Bad", "publisher": "P", "kind": "article"},
}

# (kind, fields replacing the base record's, the key whose line is reported, words of the
# message and its fix). Each value below was accepted once and broke an export.
REFUSED = [
    (
        "events",
        {"metrics": {"Num Mentions": 12}},
        "metrics",
        "rename 'Num Mentions' → 'Num_Mentions'",
    ),
    ("events", {"metrics": {"NumMentions": 3, "a>b": 1}}, "metrics", "'a>b' → 'a_b'"),
    ("events", {"metrics": {"2nd": 1}}, "metrics", "an ASCII letter then"),
    (
        "events",
        {"metrics": {"AvgTone": "NaN"}},
        "metrics",
        "AvgTone=nan is not a finite number, which RDF cannot hold; leave the metric out",
    ),
    ("events", {"metrics": {"AvgTone": "-inf"}}, "metrics", "AvgTone=-inf is not a finite"),
    (
        "events",
        {"cameo": "042", "coded_quad_class": 1, "coded_goldstein": "NaN"},
        "coded_goldstein",
        "nan is not a finite number",
    ),
    ("events", {"title": "Talks\ufffeopen"}, "title", "Unicode noncharacter(s) U+FFFE"),
    ("events", {"summary": "a\uffff"}, "summary", "U+FFFF, which RDF/XML"),
    ("events", {"location": "x\ufdd0"}, "location", "noncharacter(s) U+FDD0"),
    ("events", {"summary": "x\U0001fffe"}, "summary", "U+1FFFE"),
    (
        "events",
        {"summary": "smart \x93quote\x94"},
        "summary",
        "control character(s) U+0093, U+0094",
    ),
    ("events", {"summary": "x\x7f"}, "summary", "control character(s) U+007F"),
    ("events", {"date": "２０１０"}, "date", "write the digits as ASCII 0-9: '2010'"),
    ("events", {"date": "٢٠١٠-03"}, "date", "ASCII 0-9: '2010-03'"),
    ("events", {"date": "2010/２０１１"}, "date", "ASCII 0-9: '2010/2011'"),
    (
        "events",
        {"cameo": "０４２", "coded_goldstein": 1, "coded_quad_class": 1},
        "cameo",
        "not two to four ASCII digits",
    ),
    (
        "events",
        {"sources": [{"source": "src", "quote": "q", "locator": "p.\ufffe"}]},
        "sources",
        "U+FFFE",
    ),
    (
        "events",
        {"relations": [{"type": "refers_to", "event": "talks", "note": "\x01"}]},
        "relations",
        "control character(s) U+0001",
    ),
    (
        "events",
        {
            "type": "meeting",
            "claims": [
                {
                    "claimant": "bbb",
                    "stance": "denies",
                    "statement": "No\uffff",
                    "sources": [{"source": "src"}],
                }
            ],
        },
        "claims",
        "U+FFFF",
    ),
    ("actors", {"name": "A\ufffe"}, "name", "U+FFFE"),
    ("actors", {"aliases": ["ok", "\U0010ffff"]}, "aliases", "U+10FFFF"),
    ("actors", {"description": "x\x85y"}, "description", "control character(s) U+0085"),
    (
        "actors",
        {"positions": [{"title": "Envoy", "start": "２００９"}]},
        "positions",
        "ASCII 0-9: '2009'",
    ),
    ("actors", {"wikidata": "Q42\n"}, "wikidata", "should match pattern"),
    ("sources", {"url": "https://example.org/a b"}, "url", "a space is %20"),
    ("sources", {"url": "https://example.org/<img>"}, "url", "percent-encode"),
    ("sources", {"url": 'https://example.org/x"y'}, "url", "percent-encode"),
    ("sources", {"url": "https://"}, "url", "absolute http(s) URL with a host"),
    ("sources", {"url": "https://example.org/100%"}, "url", "write % itself as %25"),
    ("sources", {"url": "https://example.org/\x01"}, "url", "control character(s) U+0001"),
    ("sources", {"publisher": "P\uffff"}, "publisher", "U+FFFF"),
    ("sources", {"published": "２０１０-10"}, "published", "'2010-10'"),
]

# Characters PyYAML reads as written inside double quotes; anything else is escaped.
_YAML_PLAIN = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def _yaml_text(text: str) -> str:
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif _YAML_PLAIN.fullmatch(c) and not (
            0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE
        ):
            out.append(c)
        elif ord(c) <= 0xFF:
            out.append(f"\\x{ord(c):02x}")
        elif ord(c) <= 0xFFFF:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def _yaml_value(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_text(k)}: {_yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    return _yaml_text(str(value))


def _write(make_dataset: DatasetFactory, kind: str, record: dict[str, Any], suffix: str) -> Path:
    """A dataset with the conftest records plus ``record`` in a second file of its kind."""
    if suffix == ".yaml":
        lines = [f"{kind}:"] + [
            f"{'  - ' if i == 0 else '    '}{key}: {_yaml_value(value)}"
            for i, (key, value) in enumerate(record.items())
        ]
        text = "\n".join(lines) + "\n"
    else:
        text = json.dumps(record) + "\n"
    directory = make_dataset(extra={f"{kind}-more{suffix}": text})
    return directory / f"{kind}-more{suffix}"


def _expected_place(path: Path, record: dict[str, Any], key: str) -> tuple[int, int]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yaml":
        line = 2 + list(record).index(key)
        return line, text.splitlines()[line - 1].index(": ") + 3
    return 1, text.index(f'"{key}"') + 1


@pytest.mark.parametrize("suffix", [".yaml", ".jsonl"])
@pytest.mark.parametrize(("kind", "fields", "key", "words"), REFUSED)
def test_unexportable_values_are_refused_where_written(
    make_dataset: DatasetFactory,
    suffix: str,
    kind: str,
    fields: dict[str, Any],
    key: str,
    words: str,
) -> None:
    record = {**BASE[kind], **fields}
    path = _write(make_dataset, kind, record, suffix)
    with pytest.raises(LoadError) as caught:
        dprkgraph.load(path.parent, cache=False)
    line, column = _expected_place(path, record, key)
    found = [str(p) for p in caught.value.errors]
    located = [p for p in found if p.startswith(f"{path}:{line}:")]
    assert located, found
    assert any(words in p for p in located), found
    # the field's value (YAML) or key (JSON Lines), or a place inside it
    assert all(int(p.split(":")[2]) >= column for p in located), (column, found)


def test_a_lone_surrogate_is_refused_in_yaml_and_json_lines(make_dataset: DatasetFactory) -> None:
    record = {**BASE["events"], "summary": "x\ud800"}
    with pytest.raises(ValidationError, match="lone surrogate"):
        Event.model_validate(record)
    path = _write(make_dataset, "events", record, ".yaml")  # "\ud800", which libyaml refuses
    with pytest.raises(LoadError, match=r"events-more\.yaml:8:\d+: .*(surrogate|Unicode)"):
        dprkgraph.load(path.parent, cache=False)
    path.unlink()
    path = _write(make_dataset, "events", record, ".jsonl")  # json.dumps writes "\ud800"
    with pytest.raises(
        LoadError, match=r"events-more\.jsonl:1:\d+: (not a JSON object|.*lone surrogate)"
    ):
        dprkgraph.load(path.parent, cache=False)


@pytest.mark.parametrize(
    "metrics",
    [
        {"NumMentions": 12, "NumSources": 3, "NumArticles": 12, "AvgTone": -4.25},
        {"x": 0, "Z9": 1e300, "a_b_c": -0.0, "m" * 64: 5e-324},
    ],
)
def test_metric_names_that_follow_the_rule_are_kept(metrics: dict[str, float]) -> None:
    event = Event.model_validate({**BASE["events"], "metrics": metrics})
    assert event.metrics == metrics


def test_a_metric_name_has_at_most_64_characters() -> None:
    with pytest.raises(ValidationError, match="rename 'mmm"):
        Event.model_validate({**BASE["events"], "metrics": {"m" * 65: 1}})


@pytest.mark.parametrize("blank", ["", "   ", "\n"])
def test_blank_optional_text_is_the_same_as_leaving_it_out(blank: str) -> None:
    event = Event.model_validate(
        {
            **BASE["events"],
            "location": blank,
            "summary": blank,
            "sources": [{"source": "src", "quote": "q", "locator": blank}],
            "relations": [{"type": "refers_to", "event": "x", "note": blank}],
        }
    )
    assert event.location is None and event.summary is None
    assert event.sources[0].locator is None and event.relations[0].note is None
    source = Source.model_validate({**BASE["sources"], "author": blank, "identifier": blank})
    assert source.author is None and source.identifier is None


def test_hand_built_dates_are_held_to_the_same_rules() -> None:
    from dataclasses import replace

    fake = replace(parse_date("2010"), text="２０１０")
    with pytest.raises(ValidationError, match="ASCII 0-9"):
        Event.model_validate({**BASE["events"], "date": fake})


def test_records_print_short_and_unambiguous() -> None:
    event = Event.model_validate(
        {
            **BASE["events"],
            "id": "cheonan-sinking",
            "date": "2010-03",
            "title": "Sinking of the ROKS Cheonan in the Yellow Sea near Baengnyeong",
            "relations": [{"type": "response_to", "event": "talks", "note": "see"}],
        }
    )
    assert repr(event) == (
        "Event(id='cheonan-sinking', date=2010-03, "
        "title='Sinking of the ROKS Cheonan in the Yell…')"
    )
    assert str(event) == repr(event)
    assert repr(event.date) == "ImpreciseDate('2010-03')" and str(event.date) == "2010-03"
    assert repr(event.relations[0]) == "Relation(type=response_to, event='talks', note='see')"
    assert repr(event.participants[0]) == "Participation(actor='aaa', role=speaker)"
    assert repr(Citation(source="src", locator="p. 3")) == "Citation(source='src', locator='p. 3')"
    assert repr(Relation(type=RelationType.LED_TO, event="x")) == "Relation(type=led_to, event='x')"
    actor = Actor.model_validate(
        {
            "id": "envoy",
            "name": "Ann 'the' Envoy",
            "kind": "person",
            "positions": [{"title": "Envoy", "start": "2009~"}],
        }
    )
    assert repr(actor) == "Actor(id='envoy', kind=person, name=\"Ann 'the' Envoy\")"
    assert repr(actor.positions[0]) == "Position(title='Envoy', start=2009~)"


def test_a_dataset_prints_counts_span_and_first_ids() -> None:
    ds = dprkgraph.load()
    lines = str(ds).splitlines()
    assert lines[0] == (
        f"Dataset: {len(ds.events)} events, {len(ds.actors)} actors, "
        f"{len(ds.sources)} sources, {ds.summary()['relations']} relations, "
        f"{ds.summary()['claims']} claims"
    )
    first = min(e.date.earliest for e in ds.events)
    assert lines[1].startswith("  dates:   ") and str(first.year) in lines[1]
    shown = dict(line.strip().split(maxsplit=1) for line in lines[2:])
    assert shown["events:"].startswith(", ".join(e.id for e in ds.events[:5]))
    assert shown["events:"].endswith(f"(+{len(ds.events) - 5} more)")
    assert repr(ds) == str(ds) and "ImpreciseDate" not in repr(ds)
    assert repr(Dataset()) == "Dataset: 0 events, 0 actors, 0 sources, 0 relations, 0 claims"
