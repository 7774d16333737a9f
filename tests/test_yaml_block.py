"""The fast reader of block-style YAML: what it accepts it reads exactly as the strict reader
does, it declines everything the strict reader refuses, and a dataset it reads reports every
problem at the same place, with the same words, as when the strict reader reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprkgraph import LoadError, load, load_yaml
from dprkgraph._yaml_block import MAX_DEPTH, read_block
from dprkgraph.errors import Problem
from dprkgraph.load_files import Parsed
from dprkgraph.synthetic import records

READERS = (
    [load_yaml.PyLoader]
    if load_yaml.Loader is load_yaml.PyLoader
    else [load_yaml.Loader, load_yaml.PyLoader]
)
PROPERTY = settings(
    max_examples=5 * settings().max_examples, suppress_health_check=[HealthCheck.too_slow]
)


def strict(text: str, reader: Any) -> tuple[bool, Any]:
    """What the strict reader makes of ``text``: (no problem found, the tree)."""
    problems: list[Problem] = []
    if any(c in text for c in "&*!") and load_yaml._scan(Path("t.yaml"), text, reader):
        return False, None
    try:
        node = yaml.compose(text, Loader=reader)
        if node is None:
            return True, None
        tree = load_yaml._build(node, (), Parsed(Path("t.yaml"), "events", [], {}, {}), problems)
    except (yaml.YAMLError, RecursionError):
        return False, None
    return not problems, tree


def assert_read_alike(text: str, reader: Any) -> Any:
    fast = read_block(text)
    if fast is not None:
        ok, tree = strict(text, reader)
        assert ok, f"the fast reader accepted what the strict one refuses:\n{text}"
        assert fast == tree and type(fast) is dict
    return fast


# --- the two readers agree --------------------------------------------------------------

TRICKY = [
    "",
    " ",
    "null",
    "Null",
    "NULL",
    "~",
    "none",
    "042",
    "0x10",
    "1e3",
    "yes",
    "no",
    "2010-03-26",
    "12:30",
    "http://example.org/a#b",
    "a: b",
    "a:",
    "a #b",
    "a#b",
    "#",
    "it's",
    'say "hi"',
    "- x",
    "-x",
    "? x",
    "[x]",
    "{x}",
    "[]",
    "{}",
    "&a",
    "*a",
    "!t x",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "a, b",
    "x\ny",
    "x  y",
    " x",
    "x ",
    "é",
    "한국",
    "\u2028",
    "\x85",
    "\t",
    "a\tb",
    "\ufeff",
    "\x07",
    "'",
    '"',
    "\\",
    "---",
    "...",
    "a'b",
    'a"b',
    "a\\b",
]
SCALARS = st.one_of(st.none(), st.sampled_from(TRICKY), st.text(max_size=12))
NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,6}", fullmatch=True)
KEYS = st.one_of(
    NAMES, st.sampled_from(["null", "~", "y", "a b", "a:b", "-a", "'", "#"]), st.text(max_size=4)
)
TREES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)


@PROPERTY
@given(
    data=st.dictionaries(KEYS, TREES, max_size=4),
    flow=st.sampled_from([False, None]),
    indent=st.sampled_from([2, 3, 4]),
    width=st.sampled_from([12, 80, 10**6]),
    unicode=st.booleans(),
    reader=st.sampled_from(READERS),
)
def test_dumped_yaml_is_read_as_the_strict_reader_reads_it(
    data: dict[str, Any], flow: bool | None, indent: int, width: int, unicode: bool, reader: Any
) -> None:
    text = yaml.safe_dump(
        data,
        default_flow_style=flow,
        indent=indent,
        width=width,
        allow_unicode=unicode,
        sort_keys=False,
    )
    assert_read_alike(text, reader)


LINE = st.tuples(
    st.sampled_from(["", " ", "  ", "   ", "    ", "      "]),
    st.sampled_from(["", "", "- ", "-  ", "-", "- - "]),
    st.sampled_from(["", "id: ", "id:", "title:  ", "a b: ", "'q': ", "k:x", "id : ", "x:\t"]),
    st.one_of(
        st.sampled_from(TRICKY),
        st.sampled_from(["'a' #c", "'a'#c", "'a''b'", '"a" x', "x # c", "x #", "[] # c", "[ ]"]),
    ),
).map("".join)


@PROPERTY
@given(lines=st.lists(LINE, max_size=12), header=st.booleans(), reader=st.sampled_from(READERS))
def test_any_lines_are_declined_or_read_as_the_strict_reader_reads_them(
    lines: list[str], header: bool, reader: Any
) -> None:
    assert_read_alike(("events:\n" if header else "") + "\n".join(lines) + "\n", reader)


@PROPERTY
@given(
    text=st.text(
        alphabet=st.sampled_from(
            [*list("ab -:#'\"[]{}&*!|>~\n\t\r\\"), "é", "\u2028", "\x85", "\ufeff"]
        ),
        max_size=60,
    )
)
def test_any_text_is_declined_or_read_as_the_strict_reader_reads_it(text: str) -> None:
    assert_read_alike(text, READERS[0])


def _scalar(value: str | None, rnd: Any) -> str:
    if value is None:
        return rnd.choice(["", "~", "null", "NULL"])
    style = rnd.choice(["plain", "plain", "single", "double"])
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"' if style == "double" else value


def _entry(head: str, value: Any, col: int, rnd: Any, lines: list[str]) -> None:
    comment = rnd.choice(["", "", "", " # note", "  #"])
    if isinstance(value, dict | list) and value:
        if head.lstrip().startswith("-") and isinstance(value, dict) and rnd.random() < 0.7:
            inner: list[str] = []
            dash = rnd.choice(["- ", "-  "])
            _block(value, col + len(dash), rnd, inner)
            inner[0] = " " * col + dash + inner[0][col + len(dash) :]
            lines.extend(inner)
            return
        lines.append(head + comment)
        indentless = isinstance(value, list) and not head.lstrip().startswith("-")
        step = 0 if indentless and rnd.random() < 0.5 else rnd.choice([1, 2, 4])
        _block(value, col + step, rnd, lines)
    elif isinstance(value, dict | list):
        lines.append(f"{head} {'[]' if isinstance(value, list) else '{}'}{comment}")
    else:
        text = _scalar(value, rnd)
        lines.append((f"{head} {text}" if text else head) + comment)
    if rnd.random() < 0.1:
        lines.append(rnd.choice(["", " " * rnd.randint(0, 6) + "# aside"]))


def _block(node: Any, col: int, rnd: Any, lines: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _entry(" " * col + key + ":", value, col, rnd, lines)
    else:
        for value in node:
            _entry(" " * col + "-", value, col, rnd, lines)


HAND_TREES = st.recursive(
    st.one_of(st.none(), st.sampled_from(TRICKY), st.text(alphabet="ab :#'\"-~é", max_size=6)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(NAMES, inner, max_size=3)),
    max_leaves=15,
)


@PROPERTY
@given(data=st.dictionaries(NAMES, HAND_TREES, min_size=1, max_size=3), rnd=st.randoms())
def test_hand_written_layouts_are_read_as_the_strict_reader_reads_them(
    data: dict[str, Any], rnd: Any
) -> None:
    lines: list[str] = []
    _block(data, 0, rnd, lines)
    assert_read_alike("\n".join(lines) + "\n", READERS[0])


def test_the_usual_shapes_are_read_fast() -> None:
    text = (
        "# a comment\nevents:\n- id: a\n  cameo: '042'\n  note: ~\n  tags: []\n"
        "  participants:\n  - actor: x  # who\n    role: party\n  -\n    actor: y\n"
        '  sources:\n    - source: s\n      quote: "it\'s: here"\n'
    )
    assert assert_read_alike(text, READERS[0]) == {
        "events": [
            {
                "id": "a",
                "cameo": "042",
                "note": None,
                "tags": [],
                "participants": [{"actor": "x", "role": "party"}, {"actor": "y"}],
                "sources": [{"source": "s", "quote": "it's: here"}],
            }
        ]
    }


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("events:\n- id: a\n  id: b\n", id="duplicate-key"),
        pytest.param("events:\n- id: &x a\n", id="anchor"),
        pytest.param("events:\n- id: *x\n", id="alias"),
        pytest.param("events:\n- id: !!python/object:os.system a\n", id="tag"),
        pytest.param("events:\n- id: a\n\ttitle: b\n", id="tab"),
        pytest.param("events:\n- id: a\x07\n", id="control-character"),
        pytest.param("\ufeffevents:\n- id: a\n", id="byte-order-mark"),
        pytest.param("events:\r\n- id: a\r\n", id="carriage-return"),
        pytest.param("events:\n- id: a\n  title: long\n    text\n", id="continued-line"),
        pytest.param("events:\n- {id: a}\n", id="flow-mapping"),
        pytest.param("events:\n- id: a\n  summary: >-\n    text\n", id="block-scalar"),
        pytest.param('events:\n- id: "a\\u0041"\n', id="escape"),
        pytest.param("---\nevents: []\n", id="document-marker"),
        pytest.param("- id: a\n", id="not-a-mapping"),
        pytest.param("events:\n  - id: a\n - id: b\n", id="misindented"),
        pytest.param(
            "events:\n" + "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 2)), id="deep"
        ),
    ],
)
def test_what_the_fast_reader_does_not_know_is_left_to_the_strict_one(text: str) -> None:
    assert read_block(text) is None


# --- the same dataset, read fast or strictly, loads and fails alike -----------------------


def write_block(
    directory: Path,
    events: list[dict[str, Any]],
    actors: list[dict[str, Any]],
    sources: list[dict[str, Any]],
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, items in (("events", events), ("actors", actors), ("sources", sources)):
        (directory / f"{name}.yaml").write_text(
            yaml.safe_dump({name: items}, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return directory


def outcome(directory: Path) -> Any:
    try:
        return load(directory, cache=False)
    except LoadError as err:
        return [str(p) for p in err.errors]


def break_records(case: str, events: list[dict[str, Any]], actors: list[dict[str, Any]]) -> None:
    if case == "unknown-field":
        events[3]["titel"] = events[3].pop("title")
    elif case == "bad-type":
        events[4]["type"] = "meeting-ish"
    elif case == "unknown-actor":
        events[5]["participants"][0]["actor"] = "actor-99999"
    elif case == "duplicate-id":
        events[7]["id"] = events[2]["id"]
    elif case == "missing-field":
        del events[6]["date"]
    elif case == "bad-date":
        events[8]["date"] = "2010-13"
    elif case == "cycle":
        events[1]["relations"] = [{"type": "led_to", "event": events[2]["id"]}]
        events[2]["relations"] = [{"type": "led_to", "event": events[1]["id"]}]
    elif case == "actor-id":
        actors[1]["id"] = "Not An Id"


CASES = [
    "clean",
    "unknown-field",
    "bad-type",
    "unknown-actor",
    "duplicate-id",
    "missing-field",
    "bad-date",
    "cycle",
    "actor-id",
]


@pytest.mark.parametrize("case", CASES)
def test_a_dataset_read_fast_loads_and_fails_as_when_read_strictly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    events, actors, sources = records(40, seed=3)
    break_records(case, events, actors)
    directory = write_block(tmp_path / "data", events, actors, sources)
    assert all(
        read_block(p.read_text(encoding="utf-8")) is not None for p in directory.glob("*.yaml")
    )
    fast = outcome(directory)
    with monkeypatch.context() as m:
        m.setattr(load_yaml, "read_block", lambda text: None)
        assert outcome(directory) == fast
    if case == "clean":
        assert [e.id for e in fast.events] == [e["id"] for e in events]
    else:
        assert isinstance(fast, list) and fast
        assert all(":0:0:" not in p and ":1:1:" not in p for p in fast), fast


def test_a_clean_load_records_no_positions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = write_block(tmp_path / "data", *records(20, seed=5))
    calls: list[str] = []
    real = yaml.compose

    def counted(text: str, Loader: Any) -> Any:
        calls.append(text)
        return real(text, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", counted)
    load(directory, cache=False)
    assert calls == []
    (directory / "events.yaml").write_text(
        (directory / "events.yaml").read_text().replace("type: ", "type: x", 1)
    )
    with pytest.raises(LoadError):
        load(directory, cache=False)
    assert len(calls) == 1  # only the file with the problem is read again
