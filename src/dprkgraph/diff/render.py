"""A comparison as text, JSON or Markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from dprkgraph.diff.records import _PLURAL, KINDS, DatasetDiff


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
                note = (
                    f" ({f.note}: {f.detail})" if f.note else f" ({f.detail})" if f.detail else ""
                )
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
    out = [
        "## Dataset changes",
        "",
        f"Comparing {md_cell(result.old)} (old) with {md_cell(result.new)} (new).",
        "",
    ]
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
        out += [
            "",
            f"### {_PLURAL[kind].capitalize()}",
            "",
            "| Change | Record | Field | Old | New | Note |",
            "|---|---|---|---|---|---|",
        ]
        for c in found:
            where = md_cell(c.where)
            if c.change == "renamed" and c.old_key is not None:
                where = f"{md_cell(c.old_key['id'])} → {md_cell(c.key['id'])}"
            if c.change in ("added", "removed"):
                old = md_cell(c.label) if c.change == "removed" else ""
                new = md_cell(c.label) if c.change == "added" else ""
                out.append(f"| {c.change} | {where} |  | {old} | {new} |  |")
            if c.change == "renamed" and c.old_key is not None:
                out.append(
                    f"| renamed | {where} | id | {md_cell(c.old_key['id'])} "
                    f"| {md_cell(c.key['id'])} |  |"
                )
            for f in c.fields:
                note = f"{f.note}: {f.detail}" if f.note else f.detail
                out.append(
                    f"| {c.change} | {where} | {md_cell(f.field)} | {md_cell(f.old)} "
                    f"| {md_cell(f.new)} | {md_cell(note)} |"
                )
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[DatasetDiff], str]] = {
    "text": to_text,
    "json": to_json,
    "markdown": to_markdown,
}
