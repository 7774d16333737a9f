"""A dataset's own settings file (``dataset.yaml``): the widening rule, read strictly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dprkgraph.errors import LoadError
from dprkgraph.loader import load
from dprkgraph.settings import SETTINGS_FILE, SETTINGS_TEMPLATE, read_settings
from tests.conftest import EVENTS, DatasetFactory

# An approximate month: "unit" widens it by a month, "edtf" by a year and a month.
APPROX = EVENTS.replace("date: 2010-03\n", "date: 2010-03~\n")


def _first(directory: Path, **options: object) -> str:
    ds = load(directory, cache=False, **options)  # type: ignore[arg-type]
    return ds.event("talks").date.earliest.isoformat()


@pytest.mark.parametrize(
    ("file", "option", "earliest"),
    [
        (None, None, "2010-02-01"),  # no file: the "unit" rule
        ("widening: unit\n", None, "2010-02-01"),
        ("widening: edtf\n", None, "2009-02-01"),
        ("widening: 'edtf'  # the edtf package's rule\n", None, "2009-02-01"),
        ("widening: edtf\n", "unit", "2010-02-01"),  # the option overrides the file
        ("widening: unit\n", "edtf", "2009-02-01"),
        (SETTINGS_TEMPLATE, None, "2010-02-01"),
        ("", None, "2010-02-01"),  # an empty file: the defaults
        ("widening: ~\n", None, "2010-02-01"),  # YAML null: not set, the default
        ("widening:\n", None, "2010-02-01"),
        ("widening: null  # the default\n", None, "2010-02-01"),
        ("widening: Null\n", "edtf", "2009-02-01"),
        ("# only a comment\n", None, "2010-02-01"),
    ],
)
def test_the_settings_file_sets_the_widening_and_an_explicit_rule_overrides_it(
    make_dataset: DatasetFactory, file: str | None, option: str | None, earliest: str
) -> None:
    extra = {SETTINGS_FILE: file} if file is not None else {}
    data = make_dataset(events=APPROX, extra=extra)
    assert _first(data, widening=option) == earliest


def test_the_rule_from_the_file_is_the_one_the_dates_record(make_dataset: DatasetFactory) -> None:
    data = make_dataset(events=APPROX, extra={SETTINGS_FILE: "widening: edtf\n"})
    assert {e.date.widening for e in load(data, cache=False).events} == {"edtf"}


@pytest.mark.parametrize(
    ("text", "place", "message"),
    [
        ("widenning: edtf\n", ":1:1:", "unknown setting 'widenning' (did you mean 'widening'?)"),
        (
            "widening: edft\n",
            ":1:11:",
            "widening: 'edft' is not a known value — use 'unit' or 'edtf'",
        ),
        ("widening: [unit]\n", ":1:11:", "widening: 'a sequence' is not a known value"),
        (
            "widening: !!python/name:os.system unit\n",
            ":1:11:",
            "tag tag:yaml.org,2002:python/name:os.system is not allowed",
        ),
        ("widening: unit\nwidening: edtf\n", ":2:1:", "'widening' is given twice"),
        ("- widening: unit\n", ":1:1:", "expected a mapping of settings"),
        ("widening: unit\n  bad: [\n", ":2:", "not valid YAML"),
        ("? [a]\n: unit\n", ":1:3:", "a setting's name must be plain text"),
        ("widening: 'null'\n", ":1:11:", "widening: 'null' is not a known value"),
        ("widening: &rule unit\n", ":1:11:", "anchor &rule is not allowed"),
        ("x: &a 1\nwidening: *a\n", ":2:11:", "alias *a is not allowed"),
        ("widening: !!str unit\n", ":1:11:", "tag tag:yaml.org,2002:str is not allowed"),
        ("widening: !unit unit\n", ":1:11:", "tag !unit is not allowed"),
        (
            "!!python/object:dprkgraph.settings.Settings\nwidening: unit\n",
            ":1:1:",
            "tag tag:yaml.org,2002:python/object:dprkgraph.settings.Settings is not allowed",
        ),
        ("--- !!map\nwidening: edtf\n", ":1:5:", "tag tag:yaml.org,2002:map is not allowed"),
    ],
)
def test_a_bad_settings_file_is_a_located_error_naming_the_fix(
    make_dataset: DatasetFactory, text: str, place: str, message: str
) -> None:
    data = make_dataset(extra={SETTINGS_FILE: text})
    with pytest.raises(LoadError) as err:
        load(data, cache=False)
    shown = str(err.value)
    assert f"{SETTINGS_FILE}{place}" in shown and message in shown


def test_every_problem_in_the_file_is_reported_at_once(make_dataset: DatasetFactory) -> None:
    data = make_dataset(extra={SETTINGS_FILE: "colour: red\nwidening: both\n"})
    with pytest.raises(LoadError) as err:
        load(data, cache=False)
    assert [(p.line, p.column) for p in err.value.errors] == [(1, 1), (2, 11)]


@pytest.mark.parametrize("kind", ["bytes", "folder", "fifo"])
def test_a_settings_file_that_is_not_text_is_refused_without_reading_it(
    make_dataset: DatasetFactory, kind: str
) -> None:
    data = make_dataset()
    path = data / SETTINGS_FILE
    if kind == "bytes":
        path.write_bytes(b"widening: \xff\n")
    elif kind == "folder":
        path.mkdir()
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        os.mkfifo(path)
    with pytest.raises(LoadError, match=r"not UTF-8|not a regular file"):
        load(data, cache=False)


def test_the_settings_file_is_not_reported_as_a_stray_data_file(
    make_dataset: DatasetFactory,
) -> None:
    data = make_dataset(extra={SETTINGS_FILE: "widening: unit\n"})
    assert load(data, cache=False).summary()["events"] == 2


def test_init_writes_the_default_settings_with_their_explanation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    assert main(["init", str(tmp_path / "mine")]) == 0
    written = (tmp_path / "mine" / SETTINGS_FILE).read_text(encoding="utf-8")
    assert written == SETTINGS_TEMPLATE and "# " in written
    assert read_settings(tmp_path / "mine").widening == "unit"
    assert main(["validate", str(tmp_path / "mine")]) == 0


def test_the_cli_option_overrides_the_file(
    make_dataset: DatasetFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    data = make_dataset(events=APPROX, extra={SETTINGS_FILE: "widening: edtf\n"})
    assert main(["events", "--data", str(data), "--format", "csv"]) == 0
    assert "2009-02-01" in capsys.readouterr().out
    assert main(["events", "--data", str(data), "--format", "csv", "--widening", "unit"]) == 0
    assert "2010-02-01" in capsys.readouterr().out


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=60))
def test_any_settings_text_loads_or_is_a_load_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    d = tmp_path_factory.mktemp("settings")
    (d / SETTINGS_FILE).write_text(text, encoding="utf-8")
    try:
        found = read_settings(d)
    except LoadError as err:
        assert all(p.path == d / SETTINGS_FILE for p in err.errors)
    else:
        assert found.widening in ("unit", "edtf")
