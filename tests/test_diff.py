"""Comparing two versions of a dataset: by record, with dates, renames, git and three formats."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import dprkgraph
from dprkgraph.cli import main
from dprkgraph.diff import (
    Change,
    DatasetDiff,
    VersionError,
    diff,
    diff_versions,
    load_version,
    md_cell,
    to_markdown,
    to_text,
)

BASE: dict[str, Any] = {
    "actors": [
        {"id": "aaa", "name": "Alphaland", "kind": "state"},
        {"id": "bbb", "name": "Betaland", "kind": "state"},
        {"id": "envoy", "name": "Ann Envoy", "kind": "person", "affiliation": "aaa"},
    ],
    "sources": [
        {"id": "src", "title": "A report", "publisher": "The Gazette", "kind": "article"},
        {
            "id": "doc",
            "title": "An order",
            "publisher": "The Registry",
            "kind": "official_document",
            "published": "2010-03-15",
        },
    ],
    "events": [
        {
            "id": "talks",
            "title": "Talks open",
            "date": "2010-03",
            "type": "negotiation",
            "cameo": "046",
            "participants": [{"actor": "aaa", "role": "party"}, {"actor": "bbb", "role": "party"}],
            "summary": "The two sides met.",
            "sources": [{"source": "src", "quote": "the talks opened"}],
            "claims": [
                {
                    "claimant": "aaa",
                    "stance": "asserts",
                    "statement": "The talks were productive.",
                    "sources": [{"source": "src", "quote": "productive"}],
                }
            ],
        },
        {
            "id": "walkout",
            "title": "Alphaland walks out",
            "date": "2010-04-02",
            "type": "withdrawal",
            "participants": [{"actor": "envoy", "role": "initiator"}],
            "sources": [
                {"source": "src", "quote": "Alphaland left", "locator": "p. 2"},
                {"source": "doc", "quote": "the order"},
            ],
            "relations": [{"type": "response_to", "event": "talks"}],
        },
    ],
}

Edit = Callable[[dict[str, Any]], None]


def write(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("events", "actors", "sources"):
        (folder / f"{kind}.yaml").write_text(
            yaml.safe_dump({kind: data[kind]}, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    return folder


def edited(edit: Edit) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    edit(data)
    return data


def rec(data: dict[str, Any], kind: str, id: str) -> dict[str, Any]:
    return next(r for r in data[kind] if r["id"] == id)


def compare(tmp_path: Path, edit: Edit) -> DatasetDiff:
    old = dprkgraph.load(write(tmp_path / "old", BASE))
    new = dprkgraph.load(write(tmp_path / "new", edited(edit)))
    return diff(old, new)


def only(result: DatasetDiff) -> Change:
    assert len(result.changes) == 1, result.changes
    return result.changes[0]


# --------------------------------------------------------------------------- records


def test_identical_datasets_have_no_changes(tmp_path: Path) -> None:
    result = compare(tmp_path, lambda d: None)
    assert result.identical
    assert "identical" in to_text(result)
    assert "No record differs." in to_markdown(result)


def _add_event(d: dict[str, Any]) -> None:
    d["events"].append(
        {
            "id": "visit",
            "title": "A visit",
            "date": "2010-05",
            "type": "visit",
            "participants": [{"actor": "bbb", "role": "visitor"}],
            "sources": [{"source": "src", "quote": "visited"}],
        }
    )


def _remove_walkout(d: dict[str, Any]) -> None:
    d["events"] = [e for e in d["events"] if e["id"] != "walkout"]


def _add_actor(d: dict[str, Any]) -> None:
    d["actors"].append({"id": "ccc", "name": "Gammaland", "kind": "state"})


def _remove_actor(d: dict[str, Any]) -> None:
    _remove_walkout(d)
    d["actors"] = [a for a in d["actors"] if a["id"] != "envoy"]


def _add_source(d: dict[str, Any]) -> None:
    d["sources"].append({"id": "new-src", "title": "Later", "publisher": "P", "kind": "book"})


@pytest.mark.parametrize(
    ("edit", "kind", "change", "key"),
    [
        (_add_event, "event", "added", {"id": "visit"}),
        (_remove_walkout, "event", "removed", {"id": "walkout"}),
        (_add_actor, "actor", "added", {"id": "ccc"}),
        (
            lambda d: rec(d, "actors", "bbb").update(kind="international_organisation"),
            "actor",
            "changed",
            {"id": "bbb"},
        ),
        (_add_source, "source", "added", {"id": "new-src"}),
        (
            lambda d: rec(d, "sources", "doc").update(title="A new order"),
            "source",
            "changed",
            {"id": "doc"},
        ),
        (
            lambda d: rec(d, "events", "walkout").update(type="statement"),
            "event",
            "changed",
            {"id": "walkout"},
        ),
    ],
)
def test_each_kind_of_record_is_reported_by_id(
    tmp_path: Path, edit: Edit, kind: str, change: str, key: dict[str, str]
) -> None:
    c = only(compare(tmp_path, edit))
    assert (c.kind, c.change, dict(c.key)) == (kind, change, key)


def test_removed_actor_is_reported_with_the_event_that_went_with_it(tmp_path: Path) -> None:
    result = compare(tmp_path, _remove_actor)
    assert [(c.kind, c.change, c.key["id"]) for c in result.changes] == [
        ("event", "removed", "walkout"),
        ("actor", "removed", "envoy"),
    ]
    # the removed event's citations go with it rather than being listed again
    assert not result.of("citation")


def test_a_changed_field_keeps_its_old_and_new_value(tmp_path: Path) -> None:
    c = only(compare(tmp_path, lambda d: rec(d, "events", "talks").update(title="Talks begin")))
    assert [(f.field, f.old, f.new, f.note) for f in c.fields] == [
        ("title", "Talks open", "Talks begin", "")
    ]
    assert c.label == "Talks begin"


def test_participants_are_compared_as_a_field(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        rec(d, "events", "talks")["participants"].append({"actor": "envoy", "role": "mediator"})

    (f,) = only(compare(tmp_path, edit)).fields
    assert f.field == "participants"
    assert {"actor": "envoy", "role": "mediator"} in f.new
    assert {"actor": "envoy", "role": "mediator"} not in f.old
    assert f.detail == "added envoy (mediator)"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("event", "new_date", "note"),
    [
        ("talks", "2010-03-26", "refinement"),
        ("talks", "2010-03-26/2010-03-28", "refinement"),
        ("walkout", "2010-04", "loosened"),
        ("walkout", "2010-04-02~", "loosened"),
        ("talks", "2010-05-01", "correction"),
        ("talks", "2010-02-20/2010-03-05", "correction"),
        ("talks", "2010-03-01/2010-03-31", "restated"),
    ],
)
def test_date_changes_are_classed_by_their_bounds(
    tmp_path: Path, event: str, new_date: str, note: str
) -> None:
    c = only(compare(tmp_path, lambda d: rec(d, "events", event).update(date=new_date)))
    (f,) = c.fields
    assert (f.field, f.new, f.note) == ("date", new_date, note)
    assert f.detail


def test_a_source_given_a_publication_date(tmp_path: Path) -> None:
    c = only(compare(tmp_path, lambda d: rec(d, "sources", "src").update(published="2010-10")))
    (f,) = c.fields
    assert (f.field, f.old, f.new, f.note) == ("published", None, "2010-10", "added")


# --------------------------------------------------------------------------- claims, citations


def _claim(d: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = rec(d, "events", "talks")["claims"][0]
    return claim


def _add_claim(d: dict[str, Any]) -> None:
    rec(d, "events", "talks")["claims"].append(
        {
            "claimant": "bbb",
            "stance": "denies",
            "statement": "The talks were productive.",
            "sources": [{"source": "src", "quote": "not so"}],
        }
    )


@pytest.mark.parametrize(
    ("edit", "change", "fields"),
    [
        (_add_claim, "added", []),
        (lambda d: rec(d, "events", "talks").pop("claims"), "removed", []),
        (lambda d: _claim(d).update(statement="The talks went well."), "changed", ["statement"]),
        (lambda d: _claim(d).update(stance="denies"), "changed", ["stance"]),
    ],
)
def test_claims_are_known_by_event_claimant_stance_and_statement(
    tmp_path: Path, edit: Edit, change: str, fields: list[str]
) -> None:
    c = only(compare(tmp_path, edit))
    assert (c.kind, c.change, [f.field for f in c.fields]) == ("claim", change, fields)
    assert c.key["event"] == "talks"
    if change == "changed":
        assert c.old_key is not None
        assert c.old_key["statement"] == "The talks were productive."


def test_a_restated_claim_has_its_old_and_new_statement(tmp_path: Path) -> None:
    c = only(compare(tmp_path, lambda d: _claim(d).update(statement="The talks went well.")))
    assert (c.fields[0].old, c.fields[0].new) == (
        "The talks were productive.",
        "The talks went well.",
    )


def _walkout_citation(d: dict[str, Any], source: str) -> dict[str, Any]:
    return next(c for c in rec(d, "events", "walkout")["sources"] if c["source"] == source)


@pytest.mark.parametrize(
    ("edit", "change", "fields"),
    [
        (
            lambda d: rec(d, "events", "talks")["sources"].append(
                {"source": "doc", "locator": "§1"}
            ),
            "added",
            [],
        ),
        (lambda d: rec(d, "events", "walkout")["sources"].pop(1), "removed", []),
        (
            lambda d: _walkout_citation(d, "src").update(quote="Alphaland left the room"),
            "changed",
            ["quote"],
        ),
        (lambda d: _walkout_citation(d, "src").update(locator="p. 3"), "changed", ["locator"]),
    ],
)
def test_citations_are_known_by_record_and_source(
    tmp_path: Path, edit: Edit, change: str, fields: list[str]
) -> None:
    c = only(compare(tmp_path, edit))
    assert (c.kind, c.change, [f.field for f in c.fields]) == ("citation", change, fields)


def test_a_claims_citation_names_the_claim(tmp_path: Path) -> None:
    c = only(compare(tmp_path, lambda d: _claim(d)["sources"][0].update(quote="very productive")))
    assert (c.kind, c.change) == ("citation", "changed")
    assert dict(c.key) == {
        "event": "talks",
        "claimant": "aaa",
        "stance": "asserts",
        "source": "src",
    }
    assert c.where == "claim by aaa (asserts) on talks cites src"


# --------------------------------------------------------------------------- renames


def _rename_event(d: dict[str, Any]) -> None:
    rec(d, "events", "talks")["id"] = "opening-talks"
    rec(d, "events", "walkout")["relations"][0]["event"] = "opening-talks"


def _rename_actor(d: dict[str, Any]) -> None:
    rec(d, "actors", "aaa")["id"] = "alpha"
    rec(d, "actors", "envoy")["affiliation"] = "alpha"
    rec(d, "events", "talks")["participants"][0]["actor"] = "alpha"
    _claim(d)["claimant"] = "alpha"


def _rename_source(d: dict[str, Any]) -> None:
    rec(d, "sources", "src")["id"] = "gazette-report"
    for e in d["events"]:
        for c in [*e["sources"], *(s for cl in e.get("claims", []) for s in cl["sources"])]:
            if c["source"] == "src":
                c["source"] = "gazette-report"


@pytest.mark.parametrize(
    ("edit", "kind", "old", "new"),
    [
        (_rename_event, "event", "talks", "opening-talks"),
        (_rename_actor, "actor", "aaa", "alpha"),
        (_rename_source, "source", "src", "gazette-report"),
    ],
)
def test_a_renamed_id_is_one_rename_and_its_references_are_not_changes(
    tmp_path: Path, edit: Edit, kind: str, old: str, new: str
) -> None:
    c = only(compare(tmp_path, edit))
    assert (c.kind, c.change, c.old_key, dict(c.key), c.fields) == (
        kind,
        "renamed",
        {"id": old},
        {"id": new},
        (),
    )


def test_renames_of_several_kinds_at_once(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        _rename_actor(d)
        _rename_source(d)
        _rename_event(d)

    result = compare(tmp_path, edit)
    assert sorted((c.kind, c.change) for c in result.changes) == [
        ("actor", "renamed"),
        ("event", "renamed"),
        ("source", "renamed"),
    ]


def test_a_rename_with_a_small_edit_lists_the_edit(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        _rename_event(d)
        rec(d, "events", "opening-talks")["date"] = "2010-03-26"

    c = only(compare(tmp_path, edit))
    assert (c.change, [(f.field, f.note) for f in c.fields]) == (
        "renamed",
        [("date", "refinement")],
    )


def test_a_new_id_with_different_content_is_not_a_rename(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        _rename_event(d)
        rec(d, "events", "opening-talks").update(
            title="Something else",
            date="2011",
            summary="Unrelated.",
            sources=[{"source": "doc", "quote": "other"}],
            claims=[],
        )

    result = compare(tmp_path, edit)
    assert sorted(
        (c.kind, c.change, c.key.get("id")) for c in result.changes if c.kind == "event"
    ) == [
        ("event", "added", "opening-talks"),
        ("event", "changed", "walkout"),
        ("event", "removed", "talks"),
    ]


def test_two_identical_candidates_are_not_guessed_between(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        rec(d, "actors", "bbb")["id"] = "beta-one"
        d["actors"].append({"id": "beta-two", "name": "Betaland", "kind": "state"})
        rec(d, "events", "talks")["participants"][1]["actor"] = "beta-one"

    result = compare(tmp_path, edit)
    actors = sorted((c.change, c.key["id"]) for c in result.of("actor"))
    assert actors == [("added", "beta-one"), ("added", "beta-two"), ("removed", "bbb")]


# --------------------------------------------------------------------------- formats


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def md_cells(row: str) -> list[str]:
    """The cells of a Markdown table row, splitting only on unescaped pipes."""
    cells, cell, escaped = [], "", False
    for ch in row.strip()[1:]:
        if escaped:
            cell, escaped = cell + ch, False
        elif ch == "\\":
            cell, escaped = cell + ch, True
        elif ch == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
    return cells


def test_cli_exit_codes_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "old", BASE)
    new = write(
        tmp_path / "new", edited(lambda d: rec(d, "events", "talks").update(date="2010-03-26"))
    )
    assert run(capsys, "diff", str(old), str(old))[0] == 0
    code, out, _ = run(capsys, "diff", str(old), str(new))
    assert code == 1
    assert '~ talks: "Talks open"' in out
    assert 'date: "2010-03" -> "2010-03-26" (refinement' in out
    code, out, _ = run(capsys, "diff", str(old), str(new), "--format", "json")
    doc = json.loads(out)
    assert (code, doc["identical"], doc["summary"]["events"]["changed"]) == (1, False, 1)
    assert doc["changes"] == [
        {
            "kind": "event",
            "change": "changed",
            "key": {"id": "talks"},
            "label": "Talks open",
            "fields": [
                {
                    "field": "date",
                    "old": "2010-03",
                    "new": "2010-03-26",
                    "note": "refinement",
                    "detail": doc["changes"][0]["fields"][0]["detail"],
                }
            ],
        }
    ]
    code, out, _ = run(capsys, "diff", str(old), str(new), "--format", "markdown")
    assert code == 1
    assert out.startswith("## Dataset changes\n")
    assert "### Events" in out
    rows = [md_cells(line) for line in out.splitlines() if line.startswith("| changed")]
    assert rows[0][:5] == ["changed", "talks", "date", "2010-03", "2010-03-26"]
    assert rows[0][5].startswith("refinement")


HOSTILE = "a | b\nline two `code` <script>x</script> *star* [link](http://x) \\| end"


def test_hostile_strings_do_not_break_the_markdown(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        rec(d, "events", "talks").update(title=HOSTILE, summary=HOSTILE + "\r\nmore")
        _claim(d).update(statement="x|y`z`\n| --- |")
        _add_event(d)
        rec(d, "events", "visit")["title"] = "|||"

    md = to_markdown(compare(tmp_path, edit))
    tables: list[list[str]] = [[]]
    for line in md.splitlines():
        if line.startswith("|"):
            tables[-1].append(line)
        elif tables[-1]:
            tables.append([])
    table = [row for t in tables for row in t]
    assert [len(t) for t in tables] == [4, 5, 3]  # counts, events, claims: header, rule, rows
    for t in tables:  # every row has as many cells as its table's header
        assert all(len(md_cells(row)) == len(md_cells(t[0])) for row in t)
    assert "<script>" not in md
    assert "\r" not in md
    body = [md_cells(r) for r in table if r.startswith("| changed | talks | title")]
    assert body == [["changed", "talks", "title", "Talks open", md_cell(HOSTILE), ""]]


@given(st.text())
def test_a_markdown_cell_never_holds_a_line_break_or_a_bare_pipe(text: str) -> None:
    cell = md_cell(text)
    assert "\n" not in cell
    assert "\r" not in cell
    assert md_cells(f"| {cell} |") == [cell.strip()]


# --------------------------------------------------------------------------- errors


def test_an_invalid_side_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "old", BASE)
    bad = write(tmp_path / "new", edited(lambda d: rec(d, "events", "talks").update(date="x")))
    with pytest.raises(VersionError) as caught:
        diff_versions(old, bad)
    assert caught.value.side == "new"
    code, out, err = run(capsys, "diff", str(old), str(bad))
    assert (code, out) == (2, "")
    assert err.startswith("dprkgraph: error: NEW ")
    assert "events.yaml" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("spec", ["--output=/tmp/x", "-p", "no-such-folder-or-revision"])
def test_a_side_that_is_neither_directory_nor_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str
) -> None:
    old = write(tmp_path / "old", BASE)
    code, out, err = run(capsys, "diff", str(old), "--repo", str(tmp_path), "--", spec)
    assert (code, out) == (2, "")
    assert err.startswith("dprkgraph: error: NEW ")
    assert len(err.strip().splitlines()) == 1


def test_data_with_two_directories_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old", BASE)
    code, out, err = run(capsys, "diff", str(old), str(old), "--data", "data")
    assert (code, out) == (2, "")
    assert "--data 'data'" in err


# --------------------------------------------------------------------------- git


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(repo),
            "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": "/usr/bin:/bin",
        },
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed, so revisions cannot be read")
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q")
    write(top / "real", BASE)
    (top / "data").symlink_to("real")
    git(top, "add", ".")
    git(top, "commit", "-qm", "first")
    _rename_actor(data := edited(lambda d: rec(d, "events", "talks").update(date="2010-03-26")))
    (top / "data").unlink()
    write(top / "src" / "dprkgraph" / "data", data)
    shutil.rmtree(top / "real")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "second")
    return top


def test_git_revisions_with_the_dataset_moved(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, old_label = load_version("HEAD~1", repo=repo)
    assert old_label == "HEAD~1:data"  # found by default, and the link to real/ followed
    assert old.event("talks").date.text == "2010-03"
    new, new_label = load_version("HEAD", repo=repo)
    assert new_label == "HEAD:src/dprkgraph/data"
    assert new.event("talks").date.text == "2010-03-26"
    code, out, _ = run(
        capsys,
        "diff",
        "HEAD~1:real",
        "HEAD:src/dprkgraph/data",
        "--repo",
        str(repo),
        "--format",
        "json",
    )
    assert code == 1
    assert (json.loads(out)["old"], json.loads(out)["new"]) == (
        "HEAD~1:real",
        "HEAD:src/dprkgraph/data",
    )
    # --data names the folder at both revisions; at HEAD~1 there was none
    code, out, err = run(
        capsys, "diff", "HEAD~1", "HEAD", "--repo", str(repo), "--data", "src/dprkgraph/data"
    )
    assert (code, out) == (2, "")
    assert err.startswith("dprkgraph: error: OLD 'HEAD~1': ")
    assert "--data" in err


def test_git_diff_in_every_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, _ = load_version("HEAD~1", data="real", repo=repo)
    new, _ = load_version("HEAD", repo=repo)
    result = diff(old, new)
    assert sorted((c.kind, c.change) for c in result.changes) == [
        ("actor", "renamed"),
        ("event", "changed"),
    ]
    newer = write(repo / "worktree-copy", edited(lambda d: None))
    code, out, _ = run(capsys, "diff", "HEAD~1", str(newer), "--repo", str(repo), "--data", "real")
    assert (code, out.splitlines()[:2]) == (
        0,
        ['old: "HEAD~1:real"', f"new: {json.dumps(str(newer))}"],
    )
    for fmt in ("text", "json", "markdown"):
        code, out, _ = run(capsys, "diff", "HEAD~1", "HEAD", "--repo", str(repo), "--format", fmt)
        assert code == 1
        if fmt == "json":
            doc = json.loads(out)
            assert doc["old"] == "HEAD~1:data"
            assert doc["summary"]["actors"]["renamed"] == 1
        elif fmt == "markdown":
            assert "| renamed | aaa → alpha | id | aaa | alpha |  |" in out
        else:
            assert "> aaa renamed to alpha" in out


def test_an_unknown_revision_is_a_clear_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "diff", "HEAD~5", "HEAD", "--repo", str(repo))
    assert (code, out) == (2, "")
    assert err.startswith("dprkgraph: error: OLD 'HEAD~5': ")
    assert "not a revision" in err


def test_problems_in_a_revision_are_located_in_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = repo / "src" / "dprkgraph" / "data" / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace("2010-03-26", "2010-13"), encoding="utf-8"
    )
    (repo / "src" / "dprkgraph" / "data" / "sources-extra.yaml").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "third")
    with pytest.raises(VersionError) as caught:
        diff_versions("HEAD~1", "HEAD", repo=repo)
    assert caught.value.side == "new"
    assert [str(p.path) for p in caught.value.errors] == [
        "HEAD:src/dprkgraph/data/sources-extra.yaml"
    ]  # a link is refused before loading
    (repo / "src" / "dprkgraph" / "data" / "sources-extra.yaml").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "fourth")
    code, out, err = run(capsys, "diff", "HEAD~2", "HEAD", "--repo", str(repo))
    assert (code, out) == (2, "")
    assert err.startswith(
        "dprkgraph: error: NEW 'HEAD' does not load: HEAD:src/dprkgraph/data/events.yaml:"
    )
    assert "2010-13" in err


# --------------------------------------------------------------------------- properties

EDITS: dict[str, tuple[Edit, set[tuple[str, str]]]] = {
    "add event": (_add_event, {("event", "added")}),
    "add actor": (_add_actor, {("actor", "added")}),
    "add source": (_add_source, {("source", "added")}),
    "refine date": (
        lambda d: rec(d, "events", "talks").update(date="2010-03-26"),
        {("event", "changed")},
    ),
    "retitle": (lambda d: rec(d, "events", "walkout").update(title="Out"), {("event", "changed")}),
    "restate claim": (lambda d: _claim(d).update(statement="Fine talks."), {("claim", "changed")}),
    "relocate": (
        lambda d: _walkout_citation(d, "src").update(locator="p. 9"),
        {("citation", "changed")},
    ),
    "rename actor": (_rename_actor, {("actor", "renamed")}),
    "rename source": (_rename_source, {("source", "renamed")}),
}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(sorted(EDITS)), unique=True))
def test_edits_that_compose_are_each_reported_once_either_way(names: list[str]) -> None:
    def edit(d: dict[str, Any]) -> None:
        for name, (apply, _) in EDITS.items():  # renames last, so the others find their ids
            if name in names:
                apply(d)

    with tempfile.TemporaryDirectory() as scratch:
        old = dprkgraph.load(write(Path(scratch) / "old", BASE), cache=False)
        new = dprkgraph.load(write(Path(scratch) / "new", edited(edit)), cache=False)
    forward, backward = diff(old, new), diff(new, old)
    assert forward.identical == (not names)
    expected = sorted(pair for name in names for pair in EDITS[name][1])
    assert sorted((c.kind, c.change) for c in forward.changes) == expected
    swap = {"added": "removed", "removed": "added"}
    assert sorted((c.kind, swap.get(c.change, c.change)) for c in backward.changes) == expected
    notes = {f.note for c in backward.changes for f in c.fields if f.field == "date"}
    assert notes == ({"loosened"} if "refine date" in names else set())
