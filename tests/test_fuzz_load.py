"""Property-based fuzzing of the loaders: whatever the files hold, ``load`` and ``load_graph``
return a dataset or raise a documented :class:`DprkGraphError`, never anything else.

Inputs are arbitrary text and bytes (to exercise the YAML and JSON syntax layers) and
well-formed datasets with mutated values (to get past the syntax into validation and the
checks across records). Examples per test: 20× the profile's ``max_examples`` (2,000 by
default, 20,000 with ``--hypothesis-profile=long``).
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprkgraph import LoadError, cache, load, load_graph, loader
from dprkgraph.graph import EventGraph
from dprkgraph.model import Dataset
from tests.conftest import ACTORS, SOURCES

FUZZ = settings(
    max_examples=20 * settings().max_examples,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

READERS = (
    [loader._PyLoader] if loader._Loader is loader._PyLoader else [loader._Loader, loader._PyLoader]
)

BASE_EVENTS: list[dict[str, Any]] = [
    {
        "id": "talks",
        "title": "Talks open",
        "date": "2010-03",
        "type": "negotiation",
        "summary": "Delegations met.",
        "location": "Geneva",
        "participants": [{"actor": "aaa", "role": "party"}, {"actor": "bbb", "role": "party"}],
        "sources": [{"source": "src", "quote": "the talks opened"}],
    },
    {
        "id": "walkout",
        "title": "Walkout",
        "date": "2010-04-02",
        "type": "statement",
        "cameo": "042",
        "participants": [{"actor": "envoy", "role": "speaker"}],
        "sources": [{"source": "src", "locator": "p. 2", "quote": "we leave"}],
        "relations": [{"type": "led_to", "event": "talks"}],
        "claims": [
            {
                "claimant": "aaa",
                "statement": "They left first.",
                "stance": "asserts",
                "sources": [{"source": "src"}],
            }
        ],
    },
]

NASTY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "null",
            "~",
            "2010-13",
            "2010-02-30",
            "0000",
            "9999-12-31",
            "2010/2011",
            "../2010",
            "2010-03-26T10:00",
            "1e999",
            "042",
            "0x10",
            "aaa",
            "talks",
            "src",
            "Talks open",
            "led_to",
            "party",
            "\x00",
            "\u2028",
            "\ud800",
            "a\tb",
            "x" * 5000,
            "-1",
            "NaN",
            "inf",
        ]
    ),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


@st.composite
def mutated_events(draw: st.DrawFn) -> tuple[list[Any], bool]:
    """The base events with a few values replaced, fields dropped or added; and whether
    anything was changed."""
    events: list[Any] = copy.deepcopy(BASE_EVENTS)
    changes = draw(st.integers(min_value=0, max_value=4))
    for _ in range(changes):
        target: Any = draw(st.sampled_from(events))
        # walk a few steps into the record to reach nested values too
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            keys = list(target) if isinstance(target, dict) else list(range(len(target)))
            if not keys:
                break
            child = target[draw(st.sampled_from(keys))]
            if not isinstance(child, dict | list) or not child:
                break
            target = child
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "add" and isinstance(target, dict):
            target[draw(st.text(max_size=8))] = draw(NASTY)
        elif action == "drop" and keys:
            del target[draw(st.sampled_from(keys))]
        elif keys:
            target[draw(st.sampled_from(keys))] = draw(NASTY)
    if draw(st.booleans()):
        events.append(draw(st.sampled_from(events)) if events else {})
        changes += 1
    return events, changes > 0


SYNTAX = st.sampled_from(
    [*list("-:[]{},'\"#|>&*!%@`?\n\t "), "events:", "  - ", "id: x", "\n  ", "\r\n", "\ufeff"]
)
YAML_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(SYNTAX, st.text(max_size=6)), max_size=60).map("".join),
    st.binary(max_size=300),
)
JSONL_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.one_of(
            st.sampled_from(
                [*list('{}[]":,\n \\'), "true", "null", "1e5", "NaN", '"id"', '"\\ud800"']
            ),
            st.text(max_size=6),
        ),
        max_size=60,
    ).map("".join),
    st.binary(max_size=300),
)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """One dataset folder reused by every example (a fresh folder each would dominate)."""
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        (directory / "actors.yaml").write_text(ACTORS, encoding="utf-8")
        (directory / "sources.yaml").write_text(SOURCES, encoding="utf-8")
        yield directory


def _load_and_check(directory: Path) -> Dataset | None:
    """Load; only documented errors may escape, and each problem must be well formed."""
    try:
        dataset = load(directory, cache=False)
    except LoadError as err:
        assert err.errors
        for problem in err.errors:
            assert problem.path.parent == directory
            assert problem.line >= 0 and problem.column >= 0
            assert str(problem)
        return None
    assert isinstance(dataset, Dataset)
    return dataset


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    text=YAML_TEXT,
    records=mutated_events(),
    structured=st.booleans(),
    reader=st.sampled_from(READERS),
    style=st.sampled_from([None, True, False]),
)
def test_yaml_loader_raises_only_documented_errors(
    workdir: Path,
    text: str | bytes,
    records: tuple[list[Any], bool],
    structured: bool,
    reader: Any,
    style: bool | None,
) -> None:
    events, changed = records
    if structured:
        text = yaml.safe_dump(
            {"events": events}, default_flow_style=style, allow_unicode=True, sort_keys=False
        )
    (workdir / "events.yaml").unlink(missing_ok=True)
    (workdir / "events.jsonl").unlink(missing_ok=True)
    _write(workdir / "events.yaml", text)
    saved = loader._Loader
    loader._Loader = reader
    try:
        dataset = _load_and_check(workdir)
    finally:
        loader._Loader = saved
    if structured and not changed:
        assert dataset is not None and [e.id for e in dataset.events] == ["talks", "walkout"]


@FUZZ
@given(text=JSONL_TEXT, records=mutated_events(), structured=st.booleans(), duplicate=st.booleans())
def test_jsonl_loader_raises_only_documented_errors(
    workdir: Path,
    text: str | bytes,
    records: tuple[list[Any], bool],
    structured: bool,
    duplicate: bool,
) -> None:
    events, changed = records
    if structured:
        lines = [json.dumps(e, ensure_ascii=False) for e in events]
        if duplicate and lines and lines[0].startswith('{"id"'):
            lines[0] = lines[0].replace('{"id"', '{"title": "again", "id"', 1)
        text = "\n".join(lines) + "\n"
    (workdir / "events.yaml").unlink(missing_ok=True)
    (workdir / "events.jsonl").unlink(missing_ok=True)
    _write(workdir / "events.jsonl", text)
    dataset = _load_and_check(workdir)
    if structured and not changed:
        assert (dataset is None) == duplicate
    if dataset is not None:
        graph = load_graph(workdir, cache=False)
        assert isinstance(graph, EventGraph)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["events", "actors", "sources", "id", "title", "date", "x"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(FUZZ, max_examples=5 * settings().max_examples)
@given(
    body=st.one_of(st.binary(max_size=300), JSONISH.map(lambda v: json.dumps(v).encode())),
    signed=st.booleans(),
)
def test_cache_reader_never_raises(body: bytes, signed: bool) -> None:
    key = "0" * 64
    folder = cache.cache_dir()
    if not (folder / "secret.key").exists():
        cache.put("1" * 64, Dataset())  # makes the folder and its secret
    secret = (folder / "secret.key").read_bytes()
    header = cache._header(secret, key, body) if signed else b"dprkgraph-cache 1 " + key.encode()
    path = folder / f"{key}.dprkgraph-cache"
    path.write_bytes(header + b"\n" + body)
    path.chmod(0o600)
    found = cache.get(key)
    assert found is None or (signed and isinstance(found, Dataset))
