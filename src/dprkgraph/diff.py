"""What changed between two versions of a dataset, record by record.

Records are compared by identity, not by line or by triple: events, actors and sources by id;
claims, which have no id, by (event, claimant, stance, statement); citations by the record that
holds them and the source they cite. Each side is a dataset directory or a git revision of one
(read with ``git show``, no extra dependency).

How changes are classified:

- A date whose new bounds lie inside the old ones is a *refinement* (``2010-08`` →
  ``2010-08-26``); one whose bounds contain the old ones is *loosened*; one that moves outside
  its old bounds is a *correction*; the same bounds written differently is *restated*.
- A claim whose event and claimant stay but whose statement changes (same stance), or whose
  stance flips (same statement), is *changed*, not removed and added.
- A *rename* is a removed id and an added id of the same kind whose content — every field but
  the id, with references to other renamed records followed — is equal, or nearly equal: at
  least three quarters of the fields either side sets are equal and each is the other's only
  best match (looked for only when there are at most :data:`NEAR_PAIRS` pairs to score; exact
  renames always are). The remaining differences are listed as changes of the renamed record, and
  references to the old id elsewhere are not reported as changes on their own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from dprkgraph.dates import ImpreciseDate
from dprkgraph.errors import DprkGraphError, LoadError, Problem
from dprkgraph.model import Actor, Citation, Claim, Dataset, Event, Source

__all__ = [
    "Change",
    "DatasetDiff",
    "FieldChange",
    "VersionError",
    "classify_date",
    "diff",
    "diff_versions",
    "load_version",
]

Kind = Literal["event", "actor", "source", "claim", "citation"]
ChangeType = Literal["added", "removed", "changed", "renamed"]
KINDS: tuple[Kind, ...] = ("event", "actor", "source", "claim", "citation")
_PLURAL = {"event": "events", "actor": "actors", "source": "sources", "claim": "claims",
           "citation": "citations"}
#: Where the dataset may live in a repository, tried in this order when ``data`` is not given.
DEFAULT_FOLDERS = (".", "data", "src/dprkgraph/data")
_DATA_FILE = re.compile(r"^[^/\\\x00]+\.(ya?ml|jsonl)$")
_NEAR = 0.75
#: Above this many (removed × added) pairs of one kind, only exact renames are looked for.
NEAR_PAIRS = 250_000


class VersionError(LoadError):
    """One side of a comparison could not be read or loaded.

    ``side`` is ``"old"`` or ``"new"``, ``spec`` what was given for it; ``errors`` holds the
    problems, located in the revision's files (``REV:folder/events.yaml``) when it was one.
    """

    def __init__(self, side: str, spec: str, errors: list[Problem]) -> None:
        super().__init__(errors)
        self.side = side
        self.spec = spec


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class FieldChange:
    """One field of a record that differs: its old and new value as plain data.

    ``note`` classifies a date change (``refinement``, ``loosened``, ``correction``,
    ``restated``, ``added`` or ``removed``) and is empty for other fields; ``detail`` says it
    in words, or for a list (participants, relations, aliases) what it gained and lost.
    """

    field: str
    old: Any
    new: Any
    note: str = ""
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        out = {"field": self.field, "old": self.old, "new": self.new}
        if self.note:
            out["note"] = self.note
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class Change:
    """A record added, removed, changed or renamed.

    ``key`` identifies the record (``{"id": …}`` for an event, actor or source; event,
    claimant, stance and statement for a claim; the holder and the source for a citation);
    ``old_key`` is set when the identity changed (a rename, a restated claim).
    """

    kind: Kind
    change: ChangeType
    key: Mapping[str, str]
    label: str
    fields: tuple[FieldChange, ...] = ()
    old_key: Mapping[str, str] | None = None

    @property
    def where(self) -> str:
        """The record in a few words, for a listing."""
        return describe_key(self.kind, self.key)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "change": self.change, "key": dict(self.key)}
        if self.old_key is not None:
            out["old_key"] = dict(self.old_key)
        out["label"] = self.label
        out["fields"] = [f.as_dict() for f in self.fields]
        return out


@dataclass(frozen=True)
class DatasetDiff:
    """Every change from ``old`` to ``new``, grouped by kind in :data:`KINDS` order."""

    old: str
    new: str
    changes: tuple[Change, ...] = ()

    @property
    def identical(self) -> bool:
        return not self.changes

    def of(self, kind: Kind, change: ChangeType | None = None) -> list[Change]:
        """The changes of one kind (and, if given, one sort)."""
        return [c for c in self.changes if c.kind == kind and change in (None, c.change)]

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts by kind and sort of change, every kind and sort present."""
        counts = {_PLURAL[k]: dict.fromkeys(("added", "removed", "changed", "renamed"), 0)
                  for k in KINDS}
        for c in self.changes:
            counts[_PLURAL[c.kind]][c.change] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "identical": self.identical,
                "summary": self.summary(), "changes": [c.as_dict() for c in self.changes]}


def describe_key(kind: Kind, key: Mapping[str, str]) -> str:
    """A record's identity in words: an id, or who claims what on which event."""
    if kind == "claim":
        return f"{key['claimant']} {key['stance']} on {key['event']}"
    if kind == "citation":
        holder = (f"claim by {key['claimant']} ({key['stance']}) on {key['event']}"
                  if "claimant" in key else key["event"])
        return f"{holder} cites {key['source']}"
    return key["id"]


# --------------------------------------------------------------------------- dates


def classify_date(old: ImpreciseDate | None, new: ImpreciseDate | None) -> tuple[str, str]:
    """How a date changed, by its earliest/latest bounds: a note and a sentence.

    Examples
    --------
    >>> from dprkgraph.dates import parse_date
    >>> classify_date(parse_date("2010-08"), parse_date("2010-08-26"))[0]
    'refinement'
    >>> classify_date(parse_date("2010-08"), parse_date("2010-09-02"))[0]
    'correction'
    >>> classify_date(parse_date("2010-08-26"), parse_date("2010"))[0]
    'loosened'
    """
    if old is None or new is None:
        return ("added", "date given") if old is None else ("removed", "date dropped")
    before, after = _span(old), _span(new)
    if (old.earliest, old.latest) == (new.earliest, new.latest):
        return "restated", f"the same bounds ({before}), written differently"
    if new.earliest >= old.earliest and new.latest <= old.latest:
        return "refinement", f"{after} lies within the old {before}"
    if new.earliest <= old.earliest and new.latest >= old.latest:
        return "loosened", f"{after} is wider than the old {before}"
    return "correction", f"moved outside the old bounds: {before} → {after}"


def _span(d: ImpreciseDate) -> str:
    return str(d.earliest) if d.earliest == d.latest else f"{d.earliest} – {d.latest}"


# --------------------------------------------------------------------------- content

Renames = dict[str, dict[str, str]]  # kind → old id → new id


def _plain(value: Any) -> Any:
    """A field's value as JSON-ready data: dates as their text, records as dicts."""
    if isinstance(value, ImpreciseDate):
        return value.text
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_defaults=True)
    if hasattr(value, "__dataclass_fields__"):  # Citation, Participation, Relation
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__
                if getattr(value, k) is not None}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


def _cite(c: Citation, sources: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = _plain(replace(c, source=sources.get(c.source, c.source)))
    return out


def _content(record: Event | Actor | Source, renames: Renames) -> dict[str, Any]:
    """Every field but the id, as plain data, with references to renamed records followed."""
    actors, sources, events = renames["actor"], renames["source"], renames["event"]
    out: dict[str, Any] = {}
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name == "id" or value == type(record).model_fields[name].get_default(
                call_default_factory=True):
            continue
        if isinstance(record, Actor) and name == "affiliation":
            value = actors.get(value, value)
        elif isinstance(record, Event) and name == "participants":
            value = [{"actor": actors.get(p.actor, p.actor), "role": p.role.value} for p in value]
        elif isinstance(record, Event) and name == "relations":
            value = [_plain(replace(r, event=events.get(r.event, r.event))) for r in value]
        elif isinstance(record, Event) and name == "sources":
            value = [_cite(c, sources) for c in value]
        elif isinstance(record, Event) and name == "claims":
            value = [{**_plain(c), "claimant": actors.get(c.claimant, c.claimant),
                      "sources": [_cite(s, sources) for s in c.sources]} for c in value]
        out[name] = _plain(value)
    return out


def _similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    names = a.keys() | b.keys()
    return sum(a.get(n) == b.get(n) for n in names) / len(names) if names else 1.0


def _find_renames(old: Mapping[str, Any], new: Mapping[str, Any],
                  renames: Renames) -> dict[str, str]:
    """Removed → added ids of one kind whose content is equal or nearly equal (see above)."""
    removed = [i for i in old if i not in new]
    added = [i for i in new if i not in old]
    if not removed or not added:
        return {}
    a = {i: _content(old[i], renames) for i in removed}
    b = {i: _content(new[i], renames) for i in added}
    found: dict[str, str] = {}
    by_content: dict[str, list[str]] = defaultdict(list)
    for n in added:
        by_content[json.dumps(b[n], sort_keys=True)].append(n)
    exact: dict[str, list[str]] = defaultdict(list)
    for r in removed:
        exact[json.dumps(a[r], sort_keys=True)].append(r)
    for text, olds in exact.items():
        news = by_content.get(text, [])
        if len(olds) == 1 and len(news) == 1:
            found[olds[0]] = news[0]
    removed = [r for r in removed if r not in found]
    added = [n for n in added if n not in found.values()]
    if not removed or not added or len(removed) * len(added) > NEAR_PAIRS:
        return found
    scores = {(r, n): _similarity(a[r], b[n]) for r in removed for n in added}
    for r in removed:
        best = max(scores[r, n] for n in added)
        tops = [n for n in added if scores[r, n] == best]
        if best < _NEAR or len(tops) != 1:
            continue
        if max(scores[x, tops[0]] for x in removed) == best and \
                [x for x in removed if scores[x, tops[0]] == best] == [r]:
            found[r] = tops[0]
    return found


# --------------------------------------------------------------------------- comparing

_SEPARATE = {"sources", "claims"}  # an event's citations and claims are kinds of their own


def _field_changes(old: dict[str, Any], new: dict[str, Any], old_rec: Any,
                   new_rec: Any) -> tuple[FieldChange, ...]:
    out = []
    for name in [*type(new_rec).model_fields]:
        if name in old and name in new and old[name] == new[name]:
            continue
        if name not in old and name not in new:
            continue
        if isinstance(new_rec, Event) and name in _SEPARATE:
            continue
        o, n = old.get(name), new.get(name)
        if name in ("date", "published"):
            note, detail = classify_date(getattr(old_rec, name), getattr(new_rec, name))
            out.append(FieldChange(name, o, n, note, detail))
        elif isinstance(o, list) and isinstance(n, list):
            out.append(FieldChange(name, o, n, detail=_list_change(o, n)))
        else:
            out.append(FieldChange(name, o, n))
    return tuple(out)


def _brief(item: Any) -> str:
    if isinstance(item, dict) and {"actor", "role"} <= item.keys():
        return f"{item['actor']} ({item['role']})"
    if isinstance(item, dict) and {"type", "event"} <= item.keys():
        return f"{item['type']} {item['event']}"
    return item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)


def _list_change(old: list[Any], new: list[Any]) -> str:
    """What a list field gained and lost, in words (``added envoy (mediator)``)."""
    gained = [_brief(x) for x in new if x not in old]
    lost = [_brief(x) for x in old if x not in new]
    parts = [f"added {'; '.join(gained)}"] if gained else []
    parts += [f"removed {'; '.join(lost)}"] if lost else []
    return ", ".join(parts) or "reordered"


def _label(record: Event | Actor | Source) -> str:
    return record.name if isinstance(record, Actor) else record.title


def _records(kind: Kind, old: Mapping[str, Any], new: Mapping[str, Any],
             renames: Renames) -> Iterator[Change]:
    moved = renames[kind]
    back = {v: k for k, v in moved.items()}
    for i, rec in new.items():
        if i in old:
            if old[i] == rec:
                continue
            fields = _field_changes(_content(old[i], renames), _content(rec, renames),
                                    old[i], rec)
            if fields:
                yield Change(kind, "changed", {"id": i}, _label(rec), fields)
        elif i in back:
            was = old[back[i]]
            fields = _field_changes(_content(was, renames), _content(rec, renames), was, rec)
            yield Change(kind, "renamed", {"id": i}, _label(rec), fields, {"id": back[i]})
        else:
            yield Change(kind, "added", {"id": i}, _label(rec))
    for i, rec in old.items():
        if i not in new and i not in moved:
            yield Change(kind, "removed", {"id": i}, _label(rec))


def _claim_key(event: str, c: Claim, actors: Mapping[str, str]) -> dict[str, str]:
    return {"event": event, "claimant": actors.get(c.claimant, c.claimant),
            "stance": c.stance.value, "statement": c.statement}


def _pair(old: list[Any], new: list[Any],
          *tests: Callable[[Any, Any], bool]) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Pair items of ``old`` with items of ``new``: first by the first test, then the next …;
    returns the pairs and what is left on each side, in order."""
    pairs: list[tuple[Any, Any]] = []
    left_old, left_new = list(old), list(new)
    for test in tests:
        for o in list(left_old):
            match = next((n for n in left_new if test(o, n)), None)
            if match is not None:
                pairs.append((o, match))
                left_old.remove(o)
                left_new.remove(match)
    return pairs, left_old, left_new


def _citations(holder: dict[str, str], old: Iterable[Citation], new: Iterable[Citation],
               sources: Mapping[str, str]) -> Iterator[Change]:
    mapped = [(_cite(c, sources), c) for c in old]
    fresh = [(_cite(c, sources), c) for c in new]
    pairs, gone, came = _pair(mapped, fresh, lambda a, b: a[0] == b[0],
                              lambda a, b: a[0]["source"] == b[0]["source"])
    for (a, _), (b, _) in pairs:
        if a != b:
            fields = tuple(FieldChange(f, a.get(f), b.get(f)) for f in ("quote", "locator")
                           if a.get(f) != b.get(f))
            yield Change("citation", "changed", {**holder, "source": b["source"]},
                         b.get("quote") or "", fields)
    for b, _ in came:
        yield Change("citation", "added", {**holder, "source": b["source"]}, b.get("quote") or "")
    for a, _ in gone:
        yield Change("citation", "removed", {**holder, "source": a["source"]},
                     a.get("quote") or "")


def _claims_and_citations(old: Mapping[str, Event], new: Mapping[str, Event],
                          renames: Renames) -> Iterator[Change]:
    """Claims and citations of the events on both sides (those of an added or removed event
    go with it)."""
    back = {v: k for k, v in renames["event"].items()}
    actors, sources = renames["actor"], renames["source"]
    for i, event in new.items():
        was = old.get(back.get(i, i))
        if was is None or was == event:
            continue
        yield from _citations({"event": i}, was.sources, event.sources, sources)
        before = [(_claim_key(i, c, actors), c) for c in was.claims]
        after = [(_claim_key(i, c, {}), c) for c in event.claims]

        def same(a: Any, b: Any, *names: str) -> bool:
            return all(a[0][n] == b[0][n] for n in names)

        pairs, gone, came = _pair(
            before, after, lambda a, b: a[0] == b[0],
            lambda a, b: same(a, b, "claimant", "statement"),
            lambda a, b: same(a, b, "claimant", "stance"))
        for (ka, ca), (kb, cb) in pairs:
            if ka != kb:
                fields = tuple(FieldChange(f, ka[f], kb[f]) for f in ("stance", "statement")
                               if ka[f] != kb[f])
                yield Change("claim", "changed", kb, cb.statement, fields, ka)
            holder = {k: kb[k] for k in ("event", "claimant", "stance")}
            yield from _citations(holder, ca.sources, cb.sources, sources)
        for kb, cb in came:
            yield Change("claim", "added", kb, cb.statement)
        for ka, ca in gone:
            yield Change("claim", "removed", ka, ca.statement)


def diff(old: Dataset, new: Dataset, *, old_label: str = "old",
         new_label: str = "new") -> DatasetDiff:
    """Compare two datasets record by record.

    Parameters
    ----------
    old, new
        The datasets, as :func:`dprkgraph.load` returns them.
    old_label, new_label
        How each side is named in the result (a directory, ``REV:folder``).

    Returns
    -------
    DatasetDiff
        Events, actors and sources, then claims and citations; within a kind, changed, renamed
        and added records in the new side's order, then removed ones in the old side's.

    Examples
    --------
    >>> diff(dataset, dataset).identical
    True
    """
    tables: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
        "source": ({s.id: s for s in old.sources}, {s.id: s for s in new.sources}),
        "actor": ({a.id: a for a in old.actors}, {a.id: a for a in new.actors}),
        "event": ({e.id: e for e in old.events}, {e.id: e for e in new.events}),
    }
    renames: Renames = {"source": {}, "actor": {}, "event": {}}
    for _ in range(len(old.events) + len(old.actors) + len(old.sources) + 1):
        grown = False
        for kind in ("source", "actor", "event"):
            a, b = tables[kind]
            found = _find_renames(a, b, renames)
            if found != renames[kind]:
                renames[kind] = found
                grown = True
        if not grown:
            break
    changes: list[Change] = []
    for kind in ("event", "actor", "source"):
        a, b = tables[kind]
        changes += _records(kind, a, b, renames)  # type: ignore[arg-type]
    events_old, events_new = tables["event"]
    extra = list(_claims_and_citations(events_old, events_new, renames))
    changes += [c for c in extra if c.kind == "claim"]
    changes += [c for c in extra if c.kind == "citation"]
    return DatasetDiff(old_label, new_label, tuple(changes))


# --------------------------------------------------------------------------- versions


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                              check=False, timeout=120,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    except FileNotFoundError as err:
        msg = "git is not installed; give a dataset directory instead of a revision"
        raise _GitError(msg) from err
    except subprocess.TimeoutExpired as err:
        raise _GitError(f"git {args[0]} took over 2 minutes") from err
    if done.returncode != 0:
        text = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitError(text[-1] if text else f"git {args[0]} failed")
    return done.stdout


class _GitError(Exception):
    pass


def _tree_entries(repo: Path, commit: str, folder: str) -> dict[str, tuple[str, str]]:
    """Name → (mode, object) of the entries of ``folder`` at ``commit``, following links."""
    parts = PurePosixPath(folder).parts
    path: list[str] = []
    for _ in range(40):  # a bound on symbolic links, as the kernel has
        if not parts:
            break
        head, parts = parts[0], parts[1:]
        if head == ".":
            continue
        if head == "..":
            if path:
                path.pop()
            continue
        listing = _ls_tree(repo, commit, path)
        if head not in listing:
            where = "/".join(path) or "the top level"
            raise _GitError(f"no {head!r} in {where} of the repository at that revision")
        mode, obj = listing[head]
        if mode == "120000":
            target = _git(repo, "cat-file", "blob", obj).decode("utf-8", "replace")
            if target.startswith("/"):
                raise _GitError(f"{'/'.join([*path, head])} links outside the repository")
            parts = PurePosixPath(target).parts + parts
        elif mode == "040000":
            path.append(head)
        else:
            raise _GitError(f"{'/'.join([*path, head])} is a file, not a folder")
    else:
        raise _GitError(f"too many symbolic links in {folder!r}")
    return _ls_tree(repo, commit, path)


def _ls_tree(repo: Path, commit: str, path: list[str]) -> dict[str, tuple[str, str]]:
    spec = f"{commit}:{'/'.join(path)}" if path else commit
    out: dict[str, tuple[str, str]] = {}
    for line in _git(repo, "ls-tree", "-z", spec).split(b"\0"):
        if not line:
            continue
        meta, _, name = line.partition(b"\t")
        mode, _, obj = meta.decode("ascii").split(" ")
        out[name.decode("utf-8", "surrogateescape")] = (mode, obj)
    return out


def _is_data(name: str) -> bool:
    return bool(_DATA_FILE.match(name)) and name not in (".", "..")


def load_version(spec: str | Path, *, data: str | None = None,
                 repo: str | Path = ".") -> tuple[Dataset, str]:
    """Load one version of a dataset: a directory, or a git revision of a repository.

    Parameters
    ----------
    spec
        An existing directory wins; anything else is taken for a git revision of ``repo``,
        optionally with the dataset folder after a colon (``HEAD~3:data``) as git spells it.
    data
        For a revision without a folder: the dataset folder, relative to the repository's top
        level. By default the first of :data:`DEFAULT_FOLDERS` that holds dataset files at
        that revision.
    repo
        A folder inside the git repository the revision belongs to.

    Returns
    -------
    tuple
        The dataset, and a label for it: the directory, or ``REV:folder``.

    Raises
    ------
    LoadError
        If the directory or the revision's files do not load (problems in a revision are
        located as ``REV:folder/file``), or ``spec`` is neither a directory nor a revision.
    """
    from dprkgraph.loader import load

    text = str(spec)
    if Path(text).is_dir():
        return load(text), text
    where = Path(text)

    def fail(message: str, hint: str) -> LoadError:
        return LoadError([Problem(where, 0, 0, message, hint)])

    if ":" in text:  # REV:folder, as git spells a path at a revision
        text, data = text.split(":", 1)
        data = data or "."
    if not text or text.startswith("-") or "\0" in text:
        raise fail("not a directory, and not a revision git would accept",
                   "give a dataset directory or a revision such as HEAD~1")
    try:
        top = Path(_git(Path(repo), "rev-parse", "--show-toplevel").decode().strip())
    except _GitError as err:
        raise fail(f"no such directory, and {repo} is not in a git repository ({err})",
                   "give an existing dataset directory, or run from inside a repository "
                   "(or pass --repo)") from err
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                      f"{text}^{{commit}}").decode().strip()
    except _GitError as err:
        raise fail(f"no such directory, and not a revision of the repository at {top}",
                   "check the spelling (git log --oneline lists revisions)") from err
    folders = [data] if data is not None else list(DEFAULT_FOLDERS)
    entries: dict[str, tuple[str, str]] = {}
    folder = "."
    for folder in folders:
        try:
            entries = _tree_entries(top, commit, folder)
        except _GitError as err:
            if data is not None:
                raise fail(f"cannot read {folder!r} at this revision: {err}",
                           "--data names the dataset folder, relative to the repository's "
                           "top level") from err
            continue
        if data is not None or any(_is_data(n) and n.startswith(("events", "actors"))
                                   for n in entries):
            break
    else:
        raise fail("no dataset files at this revision in " + ", ".join(DEFAULT_FOLDERS),
                   "name the dataset folder with --data")
    label = f"{text}:{PurePosixPath(folder)}"
    scratch = Path(tempfile.mkdtemp(prefix="dprkgraph-diff-"))
    try:
        problems: list[Problem] = []
        for name, (mode, obj) in sorted(entries.items()):
            if not _is_data(name):
                continue
            if mode not in ("100644", "100755"):
                problems.append(Problem(Path(f"{label}/{name}"), 0, 0,
                                        "not read: not a regular file at this revision",
                                        "replace the link with the file"))
                continue
            with open(scratch / name, "xb") as out:
                out.write(_git(top, "cat-file", "blob", obj))
        if problems:
            raise LoadError(problems)
        try:
            dataset = load(scratch, cache=False)
        except LoadError as err:
            moved = [replace(p, path=_relabel(p.path, scratch, label)) for p in err.errors]
            raise LoadError(moved) from None
    except _GitError as err:
        raise fail(f"cannot read the revision: {err}", "check that the repository is intact"
                   ) from err
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return dataset, label


def _relabel(path: Path, scratch: Path, label: str) -> Path:
    try:
        return Path(f"{label}/{path.relative_to(scratch).as_posix()}")
    except ValueError:
        return Path(label) if path == scratch else path


def diff_versions(old: str | Path, new: str | Path, *, data: str | None = None,
                  repo: str | Path = ".") -> DatasetDiff:
    """Load two versions (directories or git revisions, see :func:`load_version`) and compare.

    Raises
    ------
    VersionError
        Naming the side (``old`` or ``new``) that could not be loaded, with its problems.
    """
    loaded = []
    for side, spec in (("old", old), ("new", new)):
        try:
            loaded.append(load_version(spec, data=data, repo=repo))
        except LoadError as err:
            raise VersionError(side, str(spec), err.errors) from err
        except DprkGraphError as err:
            raise VersionError(side, str(spec), [Problem(Path(str(spec)), 0, 0, str(err))]
                               ) from err
    (a, a_label), (b, b_label) = loaded
    return diff(a, b, old_label=a_label, new_label=b_label)


# --------------------------------------------------------------------------- rendering


def _show(value: Any) -> str:
    """A value on one line for text output: strings quoted, so that line breaks show."""
    if value is None:
        return "(none)"
    return json.dumps(value, ensure_ascii=False)


def to_json(result: DatasetDiff) -> str:
    """The comparison as a JSON document (see :meth:`DatasetDiff.as_dict`)."""
    return json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"


_MARK = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}


def _counts(result: DatasetDiff) -> list[str]:
    out = []
    for kind, counts in result.summary().items():
        shown = [f"{n} {what}" for what, n in counts.items() if n]
        if shown:
            out.append(f"{kind}: {', '.join(shown)}")
    return out


def to_text(result: DatasetDiff) -> str:
    """The comparison for a terminal: counts, then one block per kind."""
    lines = [f"old: {_show(result.old)}", f"new: {_show(result.new)}"]
    if result.identical:
        return "\n".join([*lines, "identical: no record differs"]) + "\n"
    lines += _counts(result)
    for kind in KINDS:
        found = result.of(kind)
        if not found:
            continue
        lines += ["", _PLURAL[kind].capitalize()]
        for c in found:
            where = c.where
            if c.change == "renamed" and c.old_key is not None:
                where = f"{c.old_key['id']} renamed to {c.key['id']}"
            lines.append(f"  {_MARK[c.change]} {where}: {_show(c.label)}")
            for f in c.fields:
                note = f" ({f.note}: {f.detail})" if f.note else f" ({f.detail})" if f.detail else ""
                lines.append(f"      {f.field}: {_show(f.old)} -> {_show(f.new)}{note}")
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~&$])")


def md_cell(value: Any) -> str:
    r"""Text that reads literally in a Markdown table cell: punctuation that Markdown or
    HTML would act on is escaped, line breaks become ``<br>``.

    >>> md_cell("a | b\nc `d`")
    'a \\| b<br>c \\`d\\`'
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("\r\n", "\n"))
    return re.sub(r"[\r\n]", "<br>", text.replace("\t", " "))


def to_markdown(result: DatasetDiff) -> str:
    """The comparison as Markdown for a changelog or a pull request: a table of counts, then
    one table per kind with a row per changed field."""
    out = ["## Dataset changes", "",
           f"Comparing {md_cell(result.old)} (old) with {md_cell(result.new)} (new).", ""]
    if result.identical:
        return "\n".join([*out, "No record differs."]) + "\n"
    out += ["| Kind | Added | Removed | Changed | Renamed |", "|---|---:|---:|---:|---:|"]
    for kind, counts in result.summary().items():
        if any(counts.values()):
            out.append(f"| {kind} | " + " | ".join(str(n) for n in counts.values()) + " |")
    for kind in KINDS:
        found = result.of(kind)
        if not found:
            continue
        out += ["", f"### {_PLURAL[kind].capitalize()}", "",
                "| Change | Record | Field | Old | New | Note |", "|---|---|---|---|---|---|"]
        for c in found:
            where = md_cell(c.where)
            if c.change == "renamed" and c.old_key is not None:
                where = f"{md_cell(c.old_key['id'])} → {md_cell(c.key['id'])}"
            if c.change in ("added", "removed"):
                old = md_cell(c.label) if c.change == "removed" else ""
                new = md_cell(c.label) if c.change == "added" else ""
                out.append(f"| {c.change} | {where} |  | {old} | {new} |  |")
            if c.change == "renamed" and c.old_key is not None:
                out.append(f"| renamed | {where} | id | {md_cell(c.old_key['id'])} "
                           f"| {md_cell(c.key['id'])} |  |")
            for f in c.fields:
                note = f"{f.note}: {f.detail}" if f.note else f.detail
                out.append(f"| {c.change} | {where} | {md_cell(f.field)} | {md_cell(f.old)} "
                           f"| {md_cell(f.new)} | {md_cell(note)} |")
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[DatasetDiff], str]] = {
    "text": to_text, "json": to_json, "markdown": to_markdown,
}
