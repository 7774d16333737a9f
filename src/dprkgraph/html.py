"""Small HTML tables for Jupyter: every cell escaped, nothing else assumed."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

__all__ = ["html_card", "html_table"]


def html_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A compact HTML table; every cell is escaped.

    >>> html_table(["a"], [["<b>"]])
    '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>'
    """
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if c is None else str(c))}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_card(title: str, rows: Iterable[Sequence[object]]) -> str:
    """A heading over a two-column table of label and value; the title is escaped too.

    >>> html_card("<img src=x onerror=alert(1)>", [["kind", "state"]])[:50]
    '<h4>&lt;img src=x onerror=alert(1)&gt;</h4><table>'
    """
    return f"<h4>{html.escape(title)}</h4>" + html_table(("", ""), rows)
