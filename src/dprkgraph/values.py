"""The scalar types of the records: text, numbers, names and links that every export can
carry, each refused with the rule and a fix when it cannot.

An exported value has to survive N-Triples, Turtle, TriG, N-Quads, JSON-LD and RDF/XML (XML
1.0 being the strictest), and read back the same; these types hold that line at load time, so
that the loader can point at the file, line and column of a value instead of an export
failing later.
"""

from __future__ import annotations

import math
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints

__all__ = [
    "Finite",
    "Metrics",
    "NonEmptyText",
    "OptionalText",
    "Slug",
    "Text",
    "WebUrl",
    "WikidataId",
]

# Characters no export can carry faithfully: C0 and C1 controls and DEL (tab, line feed and
# carriage return excepted), which XML 1.0 forbids or discourages; UTF-16 surrogates, which
# UTF-8 cannot encode; and the 66 Unicode noncharacters, which are not for interchange
# (U+FFFE and U+FFFF are also forbidden by XML 1.0).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_UNREPRESENTABLE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + "]"
)


def _kind_of(c: str) -> str:
    if 0xD800 <= ord(c) <= 0xDFFF:
        return "lone surrogate(s)"
    return "control character(s)" if ord(c) < 0xA0 else "Unicode noncharacter(s)"


def _representable(text: str) -> str:
    if _UNREPRESENTABLE_RE.search(text) is None:
        return text
    by_kind: dict[str, list[str]] = {}
    for c in sorted(set(_UNREPRESENTABLE_RE.findall(text))):
        by_kind.setdefault(_kind_of(c), []).append(f"U+{ord(c):04X}")
    shown = "; ".join(f"{kind} {', '.join(codes)}" for kind, codes in by_kind.items())
    msg = (
        f"contains {shown}, which RDF/XML and other exports cannot carry; remove them, "
        "or write what they stood for as plain text"
    )
    raise ValueError(msg)


def _none_if_blank(value: object) -> object:
    # An optional text left empty means the same as leaving the field out, and RDF has no
    # way to say "present but empty" that survives every format.
    return None if isinstance(value, str) and not value.strip() else value


def _finite(value: float) -> float:
    if math.isfinite(value):
        return value
    msg = f"{value} is not a finite number, which RDF cannot hold; give a number or leave it out"
    raise ValueError(msg)


_METRIC_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}", re.ASCII)


def _metric_name_fix(name: str) -> str:
    """A metric name that follows the rule, made from ``name`` (for error messages).

    Examples
    --------
    >>> _metric_name_fix("Num Mentions"), _metric_name_fix("a>b"), _metric_name_fix("2nd")
    ('Num_Mentions', 'a_b', 'm_2nd')
    """
    fixed = re.sub(r"[^A-Za-z0-9]+", "_", name, flags=re.ASCII).strip("_")[:64] or "metric"
    return fixed if fixed[0].isalpha() else f"m_{fixed}"[:64]


def _valid_metrics(metrics: dict[str, float]) -> dict[str, float]:
    bad = [name for name in metrics if not _METRIC_NAME.fullmatch(name)]
    if bad:
        fixes = ", ".join(f"{name!r} → {_metric_name_fix(name)!r}" for name in bad)
        msg = (
            "a metric name is an ASCII letter then up to 63 letters, digits or underscores "
            f"(like NumMentions or avg_tone); rename {fixes}"
        )
        raise ValueError(msg)
    odd = [f"{name}={value}" for name, value in metrics.items() if not math.isfinite(value)]
    if odd:
        msg = (
            f"metric {', '.join(odd)} is not a finite number, which RDF cannot hold; "
            "leave the metric out or give a number"
        )
        raise ValueError(msg)
    return metrics


#: Text with no character an export cannot carry.
Text = Annotated[str, AfterValidator(_representable)]
#: Text with something besides white space; leading and trailing space is dropped.
NonEmptyText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_representable)
]
#: Text or None; blank text is None.
OptionalText = Annotated[Text | None, BeforeValidator(_none_if_blank)]
#: An id: lower-case ASCII letters and digits in groups joined by single hyphens.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=200)]
#: A Wikidata item id such as Q423.
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
#: A number that is not NaN or infinite.
Finite = Annotated[float, AfterValidator(_finite)]

# An absolute http(s) URL: a host, then no characters that an IRI forbids (spaces, controls,
# < > " { } | \ ^ `) and only %XX escapes; non-ASCII letters are allowed, as in an IRI.
_URL = re.compile(
    r'https?://(?:[^\s/?#<>"{}|\\^`%]|%[0-9A-Fa-f]{2})+'
    r'(?:[/?#](?:[^\s<>"{}|\\^`%]|%[0-9A-Fa-f]{2})*)?'
)


def _web_url(url: str) -> str:
    _representable(url)
    if _URL.fullmatch(url) is None:
        msg = (
            "must be an absolute http(s) URL with a host; percent-encode spaces and any of "
            '< > " { } | \\ ^ ` (a space is %20) and write % itself as %25'
        )
        raise ValueError(msg)
    return url


#: An absolute http(s) URL that an IRI can hold as written.
WebUrl = Annotated[str, AfterValidator(_web_url)]


#: Numbers a feed reports, by name: each name follows the rule, each number is finite.
Metrics = Annotated[dict[str, float], AfterValidator(_valid_metrics)]
