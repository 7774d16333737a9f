"""How well each event and claim is supported, and what an analyst should look at next.

*Corroboration* is the number of independent sources behind a record: the distinct
``publisher`` values of the sources its citations cite (an event's own citations, or a
claim's). Two citations of one source, or of two documents by one publisher, count once.

:func:`audit` lists, in this order of kinds:

``single-source``
    events whose citations all come from one publisher.
``no-quote``
    events none of whose own citations carries a quote, and claims none of whose citations
    does. The loader already refuses a curated event without one, so the events listed are
    the machine-coded ones (feeds carry no quotes).
``no-text`` / ``unreadable`` / ``unanchored``
    with ``sources_dir`` (or a graph loaded with ``sources=``) only: quotes whose source text
    is not in the folder, quotes whose text is there but cannot be read (not UTF-8, a folder,
    a FIFO, a link loop), and quotes that are not anchored in a text that was read (not found,
    or found more than once: see :mod:`dprkgraph.quotes`).
``no-wikidata``
    actors without a Wikidata id.
``coarse-date``
    events whose date spans more than one day (a month, a year, an interval) that cite an
    official document whose own publication date is a single day lying inside the event's
    date. The document may well be the act
    itself (a resolution adopted, an order signed) and so give the exact day; it may also be
    a later document about it, so this is a question to check, not a correction. Nothing
    else about a source's date can be known from the data, so nothing else is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dprkgraph.graph import EventGraph, claim_id
from dprkgraph.model import Citation, Claim, Dataset, Event, SourceKind

__all__ = ["KINDS", "Finding", "audit", "corroboration", "publishers"]

KINDS = (
    "single-source",
    "no-quote",
    "no-text",
    "unreadable",
    "unanchored",
    "no-wikidata",
    "coarse-date",
)
"""The kinds of :class:`Finding`, in the order :func:`audit` lists them."""


def publishers(dataset: Dataset) -> dict[str, str]:
    """Each source id mapped to its publisher, as :func:`corroboration` counts them."""
    return {s.id: s.publisher for s in dataset.sources}


def _count(citations: tuple[Citation, ...], by: Mapping[str, str]) -> int:
    return len({by.get(c.source, c.source) for c in citations})


def corroboration(g: EventGraph, record: Event | Claim | str) -> int:
    """How many independent sources (distinct publishers) support an event or a claim.

    ``record`` is an event, a claim, or an id or name :meth:`EventGraph.obj` resolves to one.

    Examples
    --------
    >>> corroboration(g, "walkout")
    1
    """
    obj = g.obj(record) if isinstance(record, str) else record
    if not isinstance(obj, (Event, Claim)):
        from dprkgraph.errors import QueryError

        raise QueryError("record", record, "name an event or a claim, not an actor or source")
    return _count(obj.sources, publishers(g.dataset))


@dataclass(frozen=True)
class Finding:
    """One thing :func:`audit` asks an analyst to look at."""

    kind: str
    """One of :data:`KINDS`."""
    subject: str
    """The event, claim or actor id it is about."""
    detail: str
    """What is the matter, in words."""


def _coarse(g: EventGraph, e: Event) -> list[Finding]:
    if e.date.earliest == e.date.latest:
        return []
    out = []
    for c in dict.fromkeys(c.source for c in e.sources):
        s = g.source(c)
        pub = s.published
        if (
            s.kind is SourceKind.OFFICIAL_DOCUMENT
            and pub is not None
            and pub.earliest == pub.latest
            and e.date.earliest <= pub.earliest <= e.date.latest
        ):
            out.append(
                Finding(
                    "coarse-date",
                    e.id,
                    f"dated {e.date.text}, but it cites {s.id} "
                    f"({s.identifier or s.title}), an official document of "
                    f"{pub.earliest.isoformat()}: if that document is the act "
                    "itself, the event can be dated to that day",
                )
            )
    return out


def audit(g: EventGraph, *, sources_dir: str | Path | None = None) -> list[Finding]:
    """Everything in the dataset that rests on thin evidence (see the module's list of kinds).

    Examples
    --------
    >>> [(f.kind, f.subject) for f in audit(g)]  # doctest: +NORMALIZE_WHITESPACE
    [('single-source', 'talks'), ('single-source', 'walkout'), ('no-wikidata', 'aaa'),
     ('no-wikidata', 'bbb'), ('no-wikidata', 'envoy')]
    """
    by = publishers(g.dataset)
    events = g.dataset.events
    found = [
        Finding(
            "single-source",
            e.id,
            f"all its citations come from one publisher ({by.get(e.sources[0].source)})",
        )
        for e in events
        if _count(e.sources, by) == 1
    ]
    for e in events:
        if not any(c.quote for c in e.sources):
            found.append(
                Finding(
                    "no-quote",
                    e.id,
                    f"no citation of this {e.provenance.value} event quotes its source",
                )
            )
        found += [
            Finding("no-quote", claim_id(e.id, i), "no citation of this claim quotes its source")
            for i, cl in enumerate(e.claims)
            if not any(c.quote for c in cl.sources)
        ]
    anchors = g.dataset.anchors  # from a load with sources=, unless sources_dir is given
    if sources_dir is not None:
        from dprkgraph.quotes import anchor_quotes

        anchors = tuple(anchor_quotes(g.dataset, sources_dir))
    for a in anchors or ():
        if not a.anchored:
            kind = a.status if a.status in ("no-text", "unreadable") else "unanchored"
            found.append(
                Finding(kind, a.event, f"{a.where}: quote {a.quote!r} from {a.source}: {a.reason}")
            )
    found += [
        Finding("no-wikidata", a.id, f"{a.name} has no Wikidata id")
        for a in g.dataset.actors
        if a.wikidata is None
    ]
    for e in events:
        found += _coarse(g, e)
    return found
