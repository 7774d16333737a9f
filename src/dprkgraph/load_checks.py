"""Validating parsed records against the models, and the checks across records: unique ids,
references that resolve, no cycles; every problem located to ``file:line:column``."""

from __future__ import annotations

import functools
import graphlib
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from dprkgraph.errors import Problem, suggest
from dprkgraph.load_files import KINDS, Loc, Located, Parsed
from dprkgraph.model import Actor, Citation, Event, RelationType

__all__ = ["check_cycles", "check_ids", "check_references", "validate"]

_FUZZY_SUGGESTIONS = 200


def _fields(cls: Any) -> dict[str, Any]:
    """The pydantic fields of a model or pydantic dataclass (empty for anything else)."""
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return dict(cls.model_fields)
    return dict(getattr(cls, "__pydantic_fields__", {}))


def _field_model(model: type[BaseModel], loc: Iterable[str | int]) -> Any:
    """The record class a location inside ``model`` points into, if any."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = _fields(current).get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if _fields(current) else None


@functools.lru_cache(maxsize=1024)
def _field_hint(owner: Any, name: str) -> tuple[list[str], tuple[str, ...]]:
    """The fields ``owner`` allows, and the one closest to ``name``: the same few wrong names
    recur in every record of a broken file."""
    allowed = sorted(_fields(owner)) if owner else []
    return allowed, suggest(name, {a: a for a in allowed}, limit=1)


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is not None or get_args(annotation):
        args = [a for a in get_args(annotation) if a is not type(None) and a is not Ellipsis]
        if not args:
            break
        annotation = args[0]
    return annotation


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(kind: str, record: Any, index: int) -> str:
    singular = kind[:-1]
    rid = record.get("id") if isinstance(record, dict) else None
    return f"{singular} {rid!r}" if isinstance(rid, str) and rid else f"{singular} #{index + 1}"


def _pydantic_problem(parsed: Parsed, model: type[BaseModel], index: int, err: Any) -> Problem:
    loc: Loc = tuple(err["loc"])
    kind, etype = parsed.kind, err["type"]
    line, col = parsed.where((kind, index, *loc), key=etype == "extra_forbidden")
    who = _describe(kind, parsed.records[index], index)
    field = _dotted(loc)
    message = err["msg"].removeprefix("Value error, ")
    hint = ""
    if etype == "missing":
        message = f"{who}: missing required field {field!r}"
        hint = f"add '{loc[-1]}:' to this record"
    elif etype == "extra_forbidden":
        allowed, close = _field_hint(_field_model(model, loc[:-1]), str(loc[-1]))
        message = f"{who}: unknown field {field!r}"
        hint = f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(allowed)}"
    else:
        shown = err.get("input")
        value = (
            f" (got {shown!r})"
            if isinstance(shown, str | int | float) and etype != "value_error"
            else ""
        )
        message = f"{who}, {field or 'record'}: {message}{value}"
        if etype == "enum":
            options = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
            close = suggest(str(shown), {o: o for o in options}, limit=1)
            hint = f"did you mean {close[0]!r}?" if close else ""
        elif etype == "string_pattern_mismatch" and str(loc[-1]) in {
            "id",
            "actor",
            "event",
            "source",
            "claimant",
            "affiliation",
        }:
            hint = "ids are lower-case letters, digits and single hyphens, e.g. 'kim-yong-nam'"
        elif etype in {"string_type", "list_type", "tuple_type", "model_type", "dict_type"}:
            hint = "check the indentation and whether the value should be a list ('- ') or text"
    return Problem(parsed.path, line, col, message, hint)


# Records validated at a time: the plain records of each batch are dropped once it has
# passed, so a bulk file's dicts and its models are never all held at once.
_BATCH = 10_000


@functools.lru_cache(maxsize=8)
def _list_adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def validate(parsed: Parsed, problems: list[Problem]) -> list[Located]:
    """The records of ``parsed`` as models, and a problem for each thing wrong with the rest.

    Each record that validates is replaced by None in ``parsed.records``: only the records
    that failed are needed again (to name them and check their references).
    """
    model = KINDS[parsed.kind]
    adapter = _list_adapter(model)
    raw = parsed.records
    located: list[Located] = []
    for start in range(0, len(raw), _BATCH):
        batch = raw[start : start + _BATCH]
        records: list[Any]
        try:
            records = adapter.validate_python(batch)
        except ValidationError:
            records = [
                _validate_one(parsed, model, i, _absent(item), problems)
                for i, item in enumerate(batch, start)
            ]
        located.extend(Located(r, parsed, i) for i, r in enumerate(records, start) if r is not None)
        raw[start : start + len(batch)] = [
            item if r is None else None for item, r in zip(batch, records, strict=True)
        ]
    return located


def _absent(raw: Any) -> Any:
    """``raw`` with every null-valued key left out: null means "not given" for every field,
    lists and mappings included, as for optional text (where the model takes None itself)."""
    if isinstance(raw, dict):
        return {k: _absent(v) for k, v in raw.items() if v is not None}
    if isinstance(raw, list):
        return [_absent(v) for v in raw]
    return raw


def _validate_one(
    parsed: Parsed, model: type[BaseModel], i: int, raw: Any, problems: list[Problem]
) -> BaseModel | None:
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            parsed.invalid_ids.add(raw["id"])
        parsed.invalid.append(i)
        errors = err.errors()
        inner = {tuple(e["loc"][:k]) for e in errors for k in range(len(e["loc"]))}
        problems.extend(
            _pydantic_problem(parsed, model, i, e)
            for e in errors
            # a list whose only items are invalid is also "too short": say it once
            if not (e["type"] == "too_short" and tuple(e["loc"]) in inner)
        )
        return None


def check_ids(items: list[Located], problems: list[Problem]) -> dict[str, Located]:
    seen: dict[str, Located] = {}
    for item in items:
        rid = item.record.id
        if rid in seen:
            first = seen[rid]
            line, col = first.where("id")
            what = type(first.record).__name__.lower()
            problems.append(
                item.problem(
                    f"duplicate id {rid!r}",
                    f"already used by the {what} at {first.parsed.path}:{line}:{col}; "
                    "ids are unique across events, actors and sources",
                    "id",
                )
            )
        else:
            seen[rid] = item
    return seen


def _citations(event: Event) -> Iterator[tuple[Loc, Citation]]:
    for i, c in enumerate(event.sources):
        yield ("sources", i), c
    for j, claim in enumerate(event.claims):
        for i, c in enumerate(claim.sources):
            yield ("claims", j, "sources", i), c


def _raw_references(kind: str, raw: object) -> Iterator[tuple[str, object, Loc]]:
    """(kind of id, value, location) of every reference in a record that failed validation,
    so its dangling ids are reported in the same run as its other problems."""
    if not isinstance(raw, dict):
        return

    def items(key: str) -> list[tuple[int, dict[str, Any]]]:
        value = raw.get(key)
        return (
            [(i, x) for i, x in enumerate(value) if isinstance(x, dict)]
            if isinstance(value, list)
            else []
        )

    if kind == "actors" and "affiliation" in raw:
        yield "actor", raw["affiliation"], ("affiliation",)
    if kind != "events":
        return
    for i, p in items("participants"):
        yield "actor", p.get("actor"), ("participants", i, "actor")
    for i, r in items("relations"):
        yield "event", r.get("event"), ("relations", i, "event")
    for i, c in items("sources"):
        yield "source", c.get("source"), ("sources", i, "source")
    for j, claim in items("claims"):
        yield "actor", claim.get("claimant"), ("claims", j, "claimant")
        sources = claim.get("sources")
        for i, c in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(c, dict):
                yield "source", c.get("source"), ("claims", j, "sources", i, "source")


def check_references(
    events: list[Located],
    actors: list[Located],
    sources: list[Located],
    invalid_ids: set[str],
    problems: list[Problem],
    unvalidated: Iterable[Located] = (),
    unchecked: Collection[str] = (),
) -> None:
    """Report each reference to an actor, event or source that no record defines; references
    to a kind in ``unchecked`` (``"actor"``, ``"event"``, ``"source"``: one of its files could
    not be read) are left alone, as they cannot be told from the records that were lost."""
    actor_names: dict[str, str] = {}
    for item in actors:
        a: Actor = item.record
        actor_names.update({n.lower(): a.id for n in (a.name, *a.aliases)})
        actor_names[a.id] = a.id
    tables = {
        "actor": actor_names,
        "event": {e.record.id: e.record.id for e in events},
        "source": {s.record.id: s.record.id for s in sources},
    }
    ids = {k: {v for v in t.values()} for k, t in tables.items()}

    # Fuzzy suggestions cost a pass over every id; past the first few hundred unknown values
    # (a file of broken references, not a typo) only exact name and alias matches are offered,
    # so the checks stay linear in the size of the dataset.
    suggested: dict[tuple[str, str], tuple[str, ...]] = {}

    def check(item: Located, kind: str, value: str, loc: Loc) -> None:
        if value in ids[kind] or value in invalid_ids or kind in unchecked:
            return  # a record that failed validation, or a lost file, was already reported
        close = suggested.get((kind, value))
        if close is None:
            if len(suggested) < _FUZZY_SUGGESTIONS:
                close = suggest(value, tables[kind])
            else:
                exact = tables[kind].get(value.lower())
                close = (exact,) if exact else ()
            suggested[(kind, value)] = close
        hint = (
            f"did you mean {' or '.join(map(repr, close))}?"
            if close
            else f"define the {kind} first"
        )
        problems.append(item.problem(f"unknown {kind} {value!r}", hint, *loc))

    for item in actors:
        a = item.record
        if a.affiliation is not None:
            if a.affiliation == a.id:
                problems.append(
                    item.problem(
                        "an actor cannot be affiliated with itself",
                        "name the state or body it belongs to",
                        "affiliation",
                    )
                )
            else:
                check(item, "actor", a.affiliation, ("affiliation",))
    for item in events:
        e: Event = item.record
        for i, p in enumerate(e.participants):
            check(item, "actor", p.actor, ("participants", i, "actor"))
        for i, r in enumerate(e.relations):
            if r.event == e.id:
                problems.append(
                    item.problem(
                        "an event cannot relate to itself",
                        "name another event",
                        "relations",
                        i,
                        "event",
                    )
                )
            else:
                check(item, "event", r.event, ("relations", i, "event"))
        for j, claim in enumerate(e.claims):
            check(item, "actor", claim.claimant, ("claims", j, "claimant"))
        for loc, c in _citations(e):
            check(item, "source", c.source, (*loc, "source"))
    for item in unvalidated:
        for kind, value, loc in _raw_references(item.parsed.kind, item.record):
            if isinstance(value, str) and value:
                check(item, kind, value, loc)


def check_cycles(events: list[Located], problems: list[Problem]) -> None:
    by_id = {item.record.id: item for item in events}
    for rtype in (RelationType.LED_TO, RelationType.PART_OF):
        sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
        for item in events:
            for r in item.record.relations:
                if r.type is rtype and r.event in by_id:
                    sorter.add(r.event, item.record.id)
        try:
            sorter.prepare()
        except graphlib.CycleError as err:
            cycle: list[str] = err.args[1]
            start = by_id[cycle[0]]
            index = next((i for i, r in enumerate(start.record.relations) if r.type is rtype), 0)
            chain = " → ".join(reversed(cycle))
            problems.append(
                start.problem(
                    f"{rtype.value} relations form a cycle: {chain}",
                    "an event cannot be its own "
                    f"{'cause' if rtype is RelationType.LED_TO else 'part'}; remove one link",
                    "relations",
                    index,
                    "type",
                )
            )
