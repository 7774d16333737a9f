"""Comparing two datasets record by record: what was added, removed, changed or renamed."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from dprkgraph.dates import ImpreciseDate
from dprkgraph.errors import LoadError, Problem
from dprkgraph.model import Actor, Citation, Claim, Dataset, Event, Source

Kind = Literal["event", "actor", "source", "claim", "citation"]
ChangeType = Literal["added", "removed", "changed", "renamed"]
KINDS: tuple[Kind, ...] = ("event", "actor", "source", "claim", "citation")
_PLURAL = {
    "event": "events",
    "actor": "actors",
    "source": "sources",
    "claim": "claims",
    "citation": "citations",
}
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
        counts = {
            _PLURAL[k]: dict.fromkeys(("added", "removed", "changed", "renamed"), 0) for k in KINDS
        }
        for c in self.changes:
            counts[_PLURAL[c.kind]][c.change] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "identical": self.identical,
            "summary": self.summary(),
            "changes": [c.as_dict() for c in self.changes],
        }


def describe_key(kind: Kind, key: Mapping[str, str]) -> str:
    """A record's identity in words: an id, or who claims what on which event."""
    if kind == "claim":
        return f"{key['claimant']} {key['stance']} on {key['event']}"
    if kind == "citation":
        holder = (
            f"claim by {key['claimant']} ({key['stance']}) on {key['event']}"
            if "claimant" in key
            else key["event"]
        )
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
        return {
            k: _plain(getattr(value, k))
            for k in value.__dataclass_fields__
            if getattr(value, k) is not None
        }
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
            call_default_factory=True
        ):
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
            value = [
                {
                    **_plain(c),
                    "claimant": actors.get(c.claimant, c.claimant),
                    "sources": [_cite(s, sources) for s in c.sources],
                }
                for c in value
            ]
        out[name] = _plain(value)
    return out


def _similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    names = a.keys() | b.keys()
    return sum(a.get(n) == b.get(n) for n in names) / len(names) if names else 1.0


def _find_renames(
    old: Mapping[str, Any], new: Mapping[str, Any], renames: Renames
) -> dict[str, str]:
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
        if max(scores[x, tops[0]] for x in removed) == best and [
            x for x in removed if scores[x, tops[0]] == best
        ] == [r]:
            found[r] = tops[0]
    return found


# --------------------------------------------------------------------------- comparing

_SEPARATE = {"sources", "claims"}  # an event's citations and claims are kinds of their own


def _field_changes(
    old: dict[str, Any], new: dict[str, Any], old_rec: Any, new_rec: Any
) -> tuple[FieldChange, ...]:
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


def _records(
    kind: Kind, old: Mapping[str, Any], new: Mapping[str, Any], renames: Renames
) -> Iterator[Change]:
    moved = renames[kind]
    back = {v: k for k, v in moved.items()}
    for i, rec in new.items():
        if i in old:
            if old[i] == rec:
                continue
            fields = _field_changes(_content(old[i], renames), _content(rec, renames), old[i], rec)
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
    return {
        "event": event,
        "claimant": actors.get(c.claimant, c.claimant),
        "stance": c.stance.value,
        "statement": c.statement,
    }


def _pair(
    old: list[Any], new: list[Any], *tests: Callable[[Any, Any], bool]
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
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


def _citations(
    holder: dict[str, str],
    old: Iterable[Citation],
    new: Iterable[Citation],
    sources: Mapping[str, str],
) -> Iterator[Change]:
    mapped = [(_cite(c, sources), c) for c in old]
    fresh = [(_cite(c, sources), c) for c in new]
    pairs, gone, came = _pair(
        mapped, fresh, lambda a, b: a[0] == b[0], lambda a, b: a[0]["source"] == b[0]["source"]
    )
    for (a, _), (b, _) in pairs:
        if a != b:
            fields = tuple(
                FieldChange(f, a.get(f), b.get(f))
                for f in ("quote", "locator")
                if a.get(f) != b.get(f)
            )
            yield Change(
                "citation",
                "changed",
                {**holder, "source": b["source"]},
                b.get("quote") or "",
                fields,
            )
    for b, _ in came:
        yield Change("citation", "added", {**holder, "source": b["source"]}, b.get("quote") or "")
    for a, _ in gone:
        yield Change("citation", "removed", {**holder, "source": a["source"]}, a.get("quote") or "")


def _claims_and_citations(
    old: Mapping[str, Event], new: Mapping[str, Event], renames: Renames
) -> Iterator[Change]:
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
            before,
            after,
            lambda a, b: a[0] == b[0],
            lambda a, b: same(a, b, "claimant", "statement"),
            lambda a, b: same(a, b, "claimant", "stance"),
        )
        for (ka, ca), (kb, cb) in pairs:
            if ka != kb:
                fields = tuple(
                    FieldChange(f, ka[f], kb[f]) for f in ("stance", "statement") if ka[f] != kb[f]
                )
                yield Change("claim", "changed", kb, cb.statement, fields, ka)
            holder = {k: kb[k] for k in ("event", "claimant", "stance")}
            yield from _citations(holder, ca.sources, cb.sources, sources)
        for kb, cb in came:
            yield Change("claim", "added", kb, cb.statement)
        for ka, ca in gone:
            yield Change("claim", "removed", ka, ca.statement)


def diff(
    old: Dataset, new: Dataset, *, old_label: str = "old", new_label: str = "new"
) -> DatasetDiff:
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
