from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dprkgraph import __version__
from dprkgraph.cli import _parser, main
from tests.conftest import DatasetFactory


def test_validate_bundled_data_prints_one_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith("ok: ") and "events" in out[0] and "claims" in out[0]


def test_validate_directory_argument_and_data_option(
    make_dataset: DatasetFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = str(make_dataset())
    assert main(["validate", directory]) == 0
    assert main(["validate", "--data", directory]) == 0
    assert capsys.readouterr().out.count("ok: 2 events, 3 actors, 1 sources, 1 relations") == 2


def test_validate_reports_every_problem_on_stderr(
    make_dataset: DatasetFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    events = (
        make_dataset()
        .joinpath("events.yaml")
        .read_text()
        .replace("actor: bbb", "actor: bb")
        .replace("2010-04-02", "2010-04-31")
    )
    directory = make_dataset(events=events)
    assert main(["validate", str(directory)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0].startswith(f"{directory / 'events.yaml'}:9:17: unknown actor 'bb'")
    assert lines[1].startswith(f"{directory / 'events.yaml'}:14:11: event 'walkout', date:")
    assert lines[-1] == "dprkgraph: 2 problems; nothing was loaded"
    assert "Traceback" not in captured.err


def test_module_entry_point_and_version() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "dprkgraph", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and run.stdout.strip() == f"dprkgraph {__version__}"


def test_bad_directory_is_a_clean_error(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "dprkgraph", "validate", str(tmp_path / "no")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "no such directory" in run.stderr and "Traceback" not in run.stderr


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", "--bogus"])
    assert info.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_command_has_help_ending_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "-h"])
    assert info.value.code == 0
    *_, label, example = capsys.readouterr().out.rstrip().splitlines()
    assert label == "example:" and example.startswith(f"  dprkgraph {command} ")


@pytest.mark.parametrize(
    ("command", "reads_data"),
    [
        ("import-gdelt", False),
        ("init", False),
        ("events", True),
        ("validate", True),
        ("export", True),
        ("plot", True),
    ],
)
def test_only_commands_that_read_a_dataset_take_data(command: str, reads_data: bool) -> None:
    options = {o for a in subcommands()[command]._actions for o in a.option_strings}
    assert ("--data" in options) is reads_data


def test_validate_refuses_two_different_datasets(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = str(make_dataset())
    code, out, err = run(capsys, "validate", directory, "--data", str(tmp_path))
    assert code == 1 and out == ""
    assert f"--data '{tmp_path}' and DATA_DIR '{directory}' name two datasets" in err
    assert run(capsys, "validate", directory, "--data", directory)[0] == 0


def test_verify_quotes_lists_missing_quotes(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "src.txt").write_text("the talks opened")
    assert main(["verify-quotes", "--sources", str(tmp_path), str(make_dataset())]) == 1
    captured = capsys.readouterr()
    assert "event 'walkout' sources[0]: quote 'Alphaland left' from src" in captured.err
    assert "1 of 2 quotes found verbatim" in captured.out
    (tmp_path / "src.txt").write_text("the talks opened and Alphaland left")
    assert main(["verify-quotes", "--sources", str(tmp_path), str(make_dataset())]) == 0


def test_verify_quotes_needs_an_existing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify-quotes", "--sources", str(tmp_path / "none")]) == 1
    assert "no such directory" in capsys.readouterr().err


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("columns", ["100", "132", "60"])
def test_events_table_uses_the_terminal_width_in_one_layout(
    columns: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = run(capsys, "events")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["DATE", "TYPE", "ID", "TITLE"]
    count = int(lines[-1].split()[0])
    assert len(lines) == count + 2  # one line per event, whatever the width
    titles = [line for line in lines[1:-1] if line.endswith("…")]
    assert titles, "some titles are longer than the room left"
    widest = max(len(line) for line in lines)
    assert widest == int(columns) or (columns == "60" and widest > 60)  # the full width


def test_events_table_in_a_pipe_cuts_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dprkgraph

    monkeypatch.delenv("COLUMNS", raising=False)  # capsys is not a terminal: a pipe
    code, out, _ = run(capsys, "events")
    assert code == 0 and "…" not in out
    for event in dprkgraph.load().events:
        assert f"  {event.id}  " in out and out.count(event.title) >= 1


def test_events_filters_and_json(
    make_dataset: DatasetFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    data = str(make_dataset())
    code, out, _ = run(capsys, "events", "--data", data, "--actor", "bbb", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [r["id"] for r in records] == ["talks"]
    assert records[0] == {
        "id": "talks",
        "title": "Talks open",
        "date": "2010-03",
        "earliest": "2010-03-01",
        "latest": "2010-03-31",
        "precision": "month",
        "approximate": False,
        "uncertain": False,
        "type": "negotiation",
        "cameo": "046",
        "goldstein": 7.0,
        "quad_class": 1,
        "participants": [{"actor": "aaa", "role": "party"}, {"actor": "bbb", "role": "party"}],
        "provenance": "curated",
        "sources": 1,
    }
    code, out, _ = run(
        capsys,
        "events",
        "--data",
        data,
        "--from",
        "2010-03-10",
        "--to",
        "2010-03-20",
        "--certainty",
        "definite",
        "--format",
        "csv",
    )
    assert code == 0 and out.splitlines()[1:] == []
    code, out, _ = run(capsys, "events", "--data", data, "--from", "2010-03-10", "--format", "csv")
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["talks", "walkout"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["events", "--actor", "bb"],
            "--actor 'bb' is not an actor in the dataset — did you mean 'bbb'?",
        ),
        (
            ["events", "--actor", "zzz"],
            "--actor 'zzz' is not an actor in the dataset — `dprkgraph actors` lists the actors",
        ),
        (
            ["events", "--type", "talks"],
            "--type 'talks' is not an event type — use one of agreement",
        ),
        (
            ["events", "--type", "sanctions"],
            "--type 'sanctions' is not an event type — did you mean 'sanction'?",
        ),
        (["events", "--from", "2010-13"], "--from '2010-13' is not a date: there is no month 13"),
        (["events", "--to", "2010-02-30"], "--to '2010-02-30' is not a date"),
        (
            ["events", "--from", "2011", "--to", "2010-06"],
            "--to '2010-06' ends before --from '2011' starts",
        ),
        (
            ["plot", "timeline", "--from", "2010-13", "-o", "x.png"],
            "--from '2010-13' is not a date",
        ),
        (["report", "--to", "March", "-o", "out"], "--to 'March' is not a date: use YYYY"),
        (["show", "walkot"], "unknown id 'walkot' — did you mean 'walkout'?"),
        (["show", "nowhere"], "unknown id 'nowhere' (`dprkgraph events` and `dprkgraph actors`"),
        (["path", "aaa", "nowhere"], "unknown id 'nowhere'"),
        (
            ["actors", "--kind", "country"],
            "--kind 'country' is not an actor kind — use one of state, person",
        ),
        (
            ["actors", "--kind", "persons"],
            "--kind 'persons' is not an actor kind — did you mean 'person'?",
        ),
        (["plot", "network", "--dpi", "0", "-o", "x.png"], "--dpi '0' is too small: give 1"),
        (["validate", "--max-problems", "-1"], "--max-problems '-1' is too small: give 0"),
        (["export", "-o", "kb.txt"], "--output 'kb.txt' is not valid: use an extension of .json"),
        (["export", "--base-iri", "nope"], "--base-iri 'nope' is not valid: an absolute"),
    ],
)
def test_user_errors_exit_1_with_a_hint(
    make_dataset: DatasetFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    words: str,
) -> None:
    data = str(make_dataset())
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv, "--data", data)
    assert code == 1 and out == ""
    assert words in err and "Traceback" not in err
    assert not re.search(r"\b(start|end|type|path|base_iri|dpi)=", err)  # Python's names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]  # nothing written


def test_show_event_actor_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "cheonan-sinking")
    assert code == 0
    assert "2010-03 (between 2010-03-01 and 2010-03-31)" in out
    assert "North Korea denies: A North Korean torpedo attack sank the Cheonan." in out
    assert "“North Korea has denied any involvement in the sinking of the Cheonan”" in out
    assert "← response_to of" in out
    code, out, _ = run(capsys, "show", "bosworth")
    assert "position: U.S. Special Representative for North Korea Policy" in out
    assert "bosworth-briefing-2010-09-16" in out
    code, out, _ = run(capsys, "show", "fr-eo-13551")
    assert "75 FR 53837" in out and "cited by: us-executive-order-2010-08-30" in out


def test_show_json_is_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _ = run(capsys, "show", "gomes-release", "--format", "json")
    record = json.loads(out)
    assert code == 0 and record["date"] == "2010-08" and record["cameo"] == "0841"
    assert {"type": "part_of", "event": "carter-pyongyang-visit", "note": None} in record[
        "relations"
    ]


def test_path_and_actors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "path", "carter", "gomes-release")
    assert code == 0
    assert out.strip() == "Jimmy Carter —mediator→ Aijalon Gomes released to Jimmy Carter"
    code, out, _ = run(capsys, "actors", "--kind", "person", "--format", "csv")
    ids = [line.split(",")[0] for line in out.splitlines()[1:]]
    assert code == 0 and "carter" in ids and "prk" not in ids


def test_export_writes_by_extension_and_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rdflib import Graph

    target = tmp_path / "kb.nt"
    code, _, err = run(capsys, "export", "-o", str(target))
    assert code == 0 and "(ntriples)" in err
    assert len(Graph().parse(target, format="nt")) > 1000
    target.write_text("previous")
    code, _, err = run(capsys, "export", "-o", str(target), "--base-iri", "nope")
    assert code == 1 and "--base-iri 'nope'" in err and target.read_text() == "previous"
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "kb.txt"))
    assert code == 1 and "use an extension of" in err
    code, out, _ = run(capsys, "export", "--format", "turtle")
    assert code == 0 and out.startswith("@prefix")


def test_sparql_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sparql", "--list")
    assert code == 0 and "contested-events:" in out
    code, out, _ = run(
        capsys, "sparql", "led-to-chain", "--bind", "start=event:prk-rocket-launch-2009"
    )
    assert code == 0 and "event:unsc-rebuke-2009" in out and out.strip().endswith("2 rows")
    query = tmp_path / "q.rq"
    query.write_text(
        "SELECT ?n WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?n ; "
        "<https://w3id.org/dprkgraph/vocab#actorKind> ?k } ORDER BY ?n LIMIT 2"
    )
    code, out, _ = run(capsys, "sparql", str(query), "--format", "csv")
    assert code == 0 and out.splitlines() == ["n", "Aijalon Gomes", "Barack Obama"]
    code, _, err = run(capsys, "sparql", "ASK {", "--format", "json")
    assert code == 1 and "SPARQL error" in err
    code, _, err = run(capsys, "sparql", "contested-events", "--bind", "oops")
    assert code == 1 and "NAME=VALUE" in err


@pytest.mark.parametrize(
    ("chart", "suffix"), [("timeline", ".png"), ("dyad", ".svg"), ("network", ".pdf")]
)
def test_plot_writes_each_chart(
    chart: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"chart{suffix}"
    code, _, err = run(capsys, "plot", chart, "--from", "2009", "-o", str(target))
    assert code == 0 and f"wrote {target}" in err
    head = target.read_bytes()[:8]
    assert head.startswith({".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix])


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["plot", "timeline", "-o", "x.jpg"], "use a .png, .svg or .pdf"),
        (["plot", "dyad", "--pair", "usa", "nk", "-o", "x.png"], "unknown actor 'nk'"),
        (["plot", "timeline", "--actor", "bosworht", "-o", "x.png"], "did you mean 'bosworth'"),
        (["plot", "network", "-o", "/nonexistent/dir/x.png"], "does not exist"),
    ],
)
def test_plot_errors(
    argv: list[str],
    words: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 1 and words in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


OUTPUTS = [
    ["export"],
    ["export", "--format", "jsonld"],
    ["events", "--format", "json"],
    ["events"],
    ["actors", "--format", "csv"],
    ["show", "cheonan-sinking"],
    ["sparql", "contested-events", "--format", "json"],
]


@pytest.mark.parametrize("argv", OUTPUTS, ids=" ".join)
def test_a_full_disk_is_one_line_of_error(argv: list[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full to stand for a full disk")
    with open("/dev/full", "w") as full:
        run_ = subprocess.run(
            [sys.executable, "-m", "dprkgraph", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert run_.returncode == 1
    assert run_.stderr.splitlines() == [
        "dprkgraph: error: cannot write standard output: No space left on device"
    ]


@pytest.mark.parametrize("argv", OUTPUTS, ids=" ".join)
def test_a_closed_pipe_is_quiet(argv: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "dprkgraph", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the first line is written (`| head -0`)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and err == b""


def broken_events(count: int) -> str:
    """``count`` events, each naming an actor that does not exist."""
    lines = ["events:"]
    for i in range(count):
        lines += [
            f"  - id: e{i}",
            f"    title: Event {i}",
            "    date: 2010-03",
            "    type: meeting",
            "    participants:",
            f"      - {{actor: ghost{i}, role: party}}",
            "    sources:",
            "      - {source: src, quote: the talks opened}",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("options", "listed"),
    [
        ([], 50),
        (["--max-problems", "7"], 7),
        (["--max-problems", "2999"], 2999),
        (["--max-problems", "0"], 3000),
    ],
)
def test_validate_caps_the_problem_listing(
    options: list[str],
    listed: int,
    make_dataset: DatasetFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    directory = make_dataset(events=broken_events(3000))
    code, out, err = run(capsys, "validate", str(directory), *options)
    lines = err.splitlines()
    assert code == 1 and out == ""
    problems = [line for line in lines if "unknown actor 'ghost" in line]
    assert len(problems) == listed
    assert problems[0].startswith(f"{directory / 'events.yaml'}:7:")  # the first, in file order
    assert lines[-1] == "dprkgraph: 3,000 problems; nothing was loaded"
    rest = 3000 - listed
    if rest:
        more = f"{rest:,} more problem{'s' if rest > 1 else ''}"
        assert lines[-2] == f"… and {more} (dprkgraph validate --max-problems 0 lists them all)"
    else:
        assert len(lines) == listed + 1


def test_init_writes_a_copy_of_the_bundled_dataset_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import dprkgraph

    target = tmp_path / "mine"
    code, out, _ = run(capsys, "init", str(target))
    assert code == 0
    assert out.strip() == (
        f"wrote actors.yaml, events.yaml, sources.yaml, dataset.yaml to {target}; "
        f"check it with: dprkgraph validate {target}"
    )
    bundled = dprkgraph.bundled_data_dir()
    for name in ("actors.yaml", "events.yaml", "sources.yaml"):
        assert (target / name).read_bytes() == (bundled / name).read_bytes()
        assert not (target / name).is_symlink()
    assert run(capsys, "validate", str(target))[0] == 0
    (target / "events.yaml").write_text("mine")
    code, out, err = run(capsys, "init", str(target))
    assert code == 1 and "is not a new or empty folder" in err
    assert (target / "events.yaml").read_text() == "mine"
    (tmp_path / "file").write_text("x")
    assert run(capsys, "init", str(tmp_path / "file"))[0] == 1
    (tmp_path / "empty").mkdir()
    assert run(capsys, "init", str(tmp_path / "empty"))[0] == 0


@given(text=st.text(max_size=30), flag=st.sampled_from(["--from", "--to", "--type", "--kind"]))
@settings(max_examples=200, deadline=None)
def test_option_checks_raise_only_their_own_error(text: str, flag: str) -> None:
    from dprkgraph.cli._common import OptionError, check_options

    args = argparse.Namespace(
        **{
            {"--from": "date_from", "--to": "date_to"}.get(flag, flag[2:]): [text]
            if flag == "--type"
            else text
        }
    )
    try:
        check_options(args)
    except OptionError as err:
        assert str(err).startswith(f"{flag} {text!r} ")


def test_verify_quotes_caps_the_listing(
    make_dataset: DatasetFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = "events:\n" + "".join(
        f"  - {{id: e{i}, title: Event {i}, date: 2010-03, type: meeting,\n"
        f"     participants: [{{actor: aaa, role: party}}],\n"
        f"     sources: [{{source: src, quote: words {i} never said}}]}}\n"
        for i in range(60)
    )
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text("nothing of the sort")
    directory = str(make_dataset(events=events))
    code, out, err = run(capsys, "verify-quotes", "--sources", str(texts), directory)
    lines = err.splitlines()
    assert code == 1 and out == "0 of 60 quotes found verbatim in their sources\n"
    assert len(lines) == 51
    assert lines[0].startswith(
        f"{directory}/events.yaml:4:37: event 'e0' sources[0]: quote 'words 0"
    )
    assert lines[-1] == "… and 10 more missing quotes (--max-problems 0 lists them all)"
    code, _, err = run(
        capsys, "verify-quotes", "--sources", str(texts), "--max-problems", "0", directory
    )
    assert code == 1 and len(err.splitlines()) == 60


@pytest.mark.parametrize(
    ("rule", "earliest", "latest"),
    [
        ("unit", "2009-12-01", "2010-02-28"),
        ("edtf", "2008-12-01", "2011-02-28"),
    ],
)
def test_widening_rule_is_chosen_on_the_command_line(
    tmp_path: Path, rule: str, earliest: str, latest: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["init", str(data)]) == 0
    events = data / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("date: 2010-03\n", "date: 2010-01?\n", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["events", "--data", str(data), "--widening", rule, "--format", "json"]) == 0
    (found,) = [e for e in json.loads(capsys.readouterr().out) if e["date"] == "2010-01?"]
    assert (found["earliest"], found["latest"]) == (earliest, latest)


@pytest.mark.parametrize(
    ("binds", "says"),
    [
        # a bad value is named as typed, never as another command's option (--from)
        (["actor=prk", "start=2010-13", "end=2010"], "--bind start='2010-13' is not valid"),
        (["actor=nobody", "start=2010", "end=2010"], "--bind actor='nobody' is not valid"),
        (["actor=prk", "start=2010", "end=2010", "who=kor"], "--bind who='kor' is not valid"),
        # every missing value at once, in the words of the command line
        (["actor=prk"], "give --bind start=DATE and --bind end=DATE"),
        # a name the library's own options use is refused, not a traceback
        (["actor=prk", "start=2010", "end=2010", "timeout=3"], "--bind='timeout=3' is not valid"),
    ],
)
def test_sparql_errors_name_the_bind_option(
    binds: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["sparql", "events-by-actor-in-window"]
    for pair in binds:
        argv += ["--bind", pair]
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert says in err and "--from" not in err and "Traceback" not in err


def test_import_gdelt_help_lists_only_its_own_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """It reads GDELT files, not a dataset: no --data, --widening or other shared options."""
    with pytest.raises(SystemExit):
        main(["import-gdelt", "-h"])
    options = capsys.readouterr().out.split("options:")[1].split("example:")[0]
    assert set(re.findall(r"^\s+(-[-\w]+)", options, re.MULTILINE)) == {"-h", "-o", "--format"}
