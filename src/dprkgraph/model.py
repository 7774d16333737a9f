"""The typed records of a dataset: actors, events and the sources they cite.

Every model is immutable and refuses unknown fields, so a misspelt key in the YAML is an
error rather than a silently ignored value. Cross-record checks (that an actor id exists, that
ids are unique) need the whole dataset and live in :mod:`dprkgraph.loader`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass as std_dataclass
from enum import StrEnum
from functools import cached_property
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass

from dprkgraph import cameo
from dprkgraph.dates import ImpreciseDate
from dprkgraph.errors import UnknownIdError, suggest
from dprkgraph.html import html_table
from dprkgraph.values import (
    Finite,
    Metrics,
    NonEmptyText,
    OptionalText,
    Slug,
    WebUrl,
    WikidataId,
)

__all__ = [
    "Actor",
    "ActorKind",
    "Anchor",
    "Citation",
    "Claim",
    "Dataset",
    "Event",
    "EventType",
    "Participation",
    "Position",
    "Provenance",
    "Relation",
    "RelationType",
    "Role",
    "Source",
    "SourceKind",
    "Stance",
]


def _short(text: str, width: int = 40) -> str:
    """``text`` quoted as Python would, cut to about ``width`` characters with an ellipsis."""
    return repr(text if len(text) <= width else text[: width - 1].rstrip() + "…")


def _fields_repr(name: str, fields: list[tuple[str, str | None]]) -> str:
    return f"{name}({', '.join(f'{k}={v}' for k, v in fields if v is not None)})"


_CONFIG = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
_SMALL = ConfigDict(extra="forbid", use_attribute_docstrings=True)  # frozen by the decorator


class _Record(BaseModel):
    model_config = _CONFIG

    def __str__(self) -> str:
        return repr(self)  # pydantic's default is every field, unlabelled by class


# The small records that an event holds many of (Citation, Participation, Relation) are
# slotted dataclasses: a model instance costs about 490 bytes, a slotted dataclass about 56,
# which decides whether a million machine-coded events fit in memory.


class ActorKind(StrEnum):
    """What sort of thing an actor is."""

    STATE = "state"
    """A sovereign state, e.g. the United States."""
    PERSON = "person"
    """An individual, e.g. a special envoy."""
    GOVERNMENT_BODY = "government_body"
    """A part of a state: a ministry, a department, a legislative committee."""
    INTERNATIONAL_ORGANISATION = "international_organisation"
    """An intergovernmental body, e.g. the UN Security Council."""
    NON_GOVERNMENTAL_ORGANISATION = "non_governmental_organisation"
    """A private organisation, company or think tank."""
    MEDIA_OUTLET = "media_outlet"
    """A newspaper, broadcaster or news agency."""
    OBJECT = "object"
    """A vessel, aircraft, missile or other thing that takes part in events."""


class EventType(StrEnum):
    """What sort of thing happened."""

    AGREEMENT = "agreement"
    """Parties concluded an agreement, treaty or joint statement."""
    NEGOTIATION = "negotiation"
    """Parties held talks."""
    MEETING = "meeting"
    """Officials met, short of formal negotiation."""
    WITHDRAWAL = "withdrawal"
    """A party left talks, a treaty or an organisation."""
    STATEMENT = "statement"
    """Someone said something on the record: remarks, an e-mail, an announcement."""
    INTERVIEW = "interview"
    """Someone answered a journalist's questions."""
    BRIEFING = "briefing"
    """An official briefed the press."""
    VISIT = "visit"
    """Someone travelled to another state or body."""
    SANCTION = "sanction"
    """Restrictive measures were imposed or expanded."""
    MILITARY_INCIDENT = "military_incident"
    """An armed clash, attack or sinking."""
    LAUNCH = "launch"
    """A missile, rocket or satellite launch."""
    NUCLEAR_TEST = "nuclear_test"
    """A nuclear explosive test."""
    DETENTION = "detention"
    """A person was detained or arrested."""
    RELEASE = "release"
    """A detained person was released."""
    RESOLUTION = "resolution"
    """A body adopted a resolution or a formal statement of its members."""
    HEARING = "hearing"
    """A legislative hearing or testimony."""
    PUBLICATION = "publication"
    """Something was published: an op-ed, a report, a book."""


class Role(StrEnum):
    """The part an actor plays in an event."""

    PARTY = "party"
    """One side of talks, an agreement or a dispute."""
    SIGNATORY = "signatory"
    """Signed the agreement or order."""
    INITIATOR = "initiator"
    """Took the action the event is about."""
    TARGET = "target"
    """The action was aimed at this actor."""
    SPEAKER = "speaker"
    """Made the statement, remarks or testimony."""
    ADDRESSEE = "addressee"
    """The statement or testimony was made to this actor."""
    VISITOR = "visitor"
    """Travelled to the host."""
    HOST = "host"
    """Received the visitor or held the meeting."""
    MEDIATOR = "mediator"
    """Brokered between the parties."""
    SUBJECT = "subject"
    """The event was about this actor (a detainee, a sunk vessel)."""
    ACCUSED = "accused"
    """Held responsible by some claims the event carries; the claims say who asserts it."""
    AUTHOR = "author"
    """Wrote the publication."""
    PUBLISHER = "publisher"
    """Published it."""


class RelationType(StrEnum):
    """How one event bears on another. Each points from this event to the named event."""

    LED_TO = "led_to"
    """This event was a cause of the other (the rocket launch led to the rebuke)."""
    RESPONSE_TO = "response_to"
    """This event answered the other (the sanctions were a response to the sinking)."""
    PART_OF = "part_of"
    """This event happened as a component of the other (the release was part of the visit)."""
    FOLLOWS_UP = "follows_up"
    """This event continued the other (the briefing followed up the remarks)."""
    REFERS_TO = "refers_to"
    """This event mentions the other without a causal link (testimony recalling an agreement)."""


class Stance(StrEnum):
    """Whether a claimant affirms or rejects a statement."""

    ASSERTS = "asserts"
    """The claimant says the statement is true."""
    DENIES = "denies"
    """The claimant says the statement is false."""


class SourceKind(StrEnum):
    """What sort of document a source is."""

    ARTICLE = "article"
    """A news or journal article."""
    OFFICIAL_DOCUMENT = "official_document"
    """A government or UN document: a resolution, an order, a register notice."""
    TRANSCRIPT = "transcript"
    """A record of remarks, a briefing or testimony."""
    OP_ED = "op_ed"
    """An opinion piece."""
    REPORT = "report"
    """A report by an organisation."""
    BOOK = "book"
    """A book or a chapter."""
    DATASET = "dataset"
    """A machine-readable data set."""


class Provenance(StrEnum):
    """How an event entered the dataset."""

    CURATED = "curated"
    """Written by an analyst from a cited source, with a verbatim quote."""
    MACHINE_CODED = "machine-coded"
    """Coded by software from news text (GDELT, ICEWS); no quote, coded values as given."""


@dataclass(frozen=True, slots=True, config=_SMALL)
class Citation:
    """A pointer into a source that supports what it is attached to."""

    source: Slug
    """Id of the cited source."""
    quote: NonEmptyText | None = None
    """A short verbatim passage (a sentence or less) that supports the record."""
    locator: OptionalText = None
    """Where in the source: a page, paragraph or document symbol."""
    prefix: OptionalText = None
    """Text just before the quote in the source, for a quote found there more than once: the
    occurrence whose preceding text ends with this (white space folded) is the one meant."""
    occurrence: Annotated[int, Field(ge=1)] | None = None
    """Which place (1-based, in text order) of a quote found more than once in the source is
    meant; with a ``prefix`` too, that place must follow it."""

    def __post_init__(self) -> None:
        if self.occurrence is not None and self.quote is None:
            msg = "an occurrence picks a place of the quote, and this citation has no quote"
            raise ValueError(msg)

    def __repr__(self) -> str:
        return _fields_repr(
            "Citation",
            [
                ("source", repr(self.source)),
                ("locator", _short(self.locator) if self.locator is not None else None),
                ("prefix", _short(self.prefix) if self.prefix is not None else None),
                ("occurrence", str(self.occurrence) if self.occurrence is not None else None),
                ("quote", _short(self.quote) if self.quote is not None else None),
            ],
        )

    def describe(self) -> str:
        """The citation in one line: source, locator and quote."""
        where = f" [{self.locator}]" if self.locator else ""
        quote = f": “{self.quote}”" if self.quote else ""
        return f"{self.source}{where}{quote}"


@dataclass(frozen=True, slots=True, config=_SMALL)
class Participation:
    """An actor's part in an event."""

    actor: Slug
    """Id of the actor."""
    role: Role
    """The part the actor played."""

    def __repr__(self) -> str:
        return f"Participation(actor={self.actor!r}, role={self.role.value})"


@dataclass(frozen=True, slots=True, config=_SMALL)
class Relation:
    """A typed link from the event that holds it to another event."""

    type: RelationType
    """How this event bears on the other."""
    event: Slug
    """Id of the other event."""
    note: OptionalText = None
    """Why the link is drawn."""

    def __repr__(self) -> str:
        return _fields_repr(
            "Relation",
            [
                ("type", self.type.value),
                ("event", repr(self.event)),
                ("note", _short(self.note) if self.note is not None else None),
            ],
        )


class Claim(_Record):
    """Something an actor asserts or denies about an event, with the evidence it is reported in."""

    claimant: Slug
    """Id of the actor making the claim."""
    stance: Stance
    """Whether the claimant asserts or denies the statement."""
    statement: NonEmptyText
    """The proposition, in the curator's words."""
    sources: tuple[Citation, ...] = Field(min_length=1)
    """Where the claim is reported."""

    def __repr__(self) -> str:
        return (
            f"Claim(claimant={self.claimant!r}, stance={self.stance.value}, "
            f"statement={_short(self.statement)})"
        )


class Position(_Record):
    """A title an actor held, optionally with the span in which it was held."""

    title: NonEmptyText
    """The title, e.g. "U.S. Special Representative for North Korea Policy"."""
    start: ImpreciseDate | None = None
    """When the actor took the position, if known."""
    end: ImpreciseDate | None = None
    """When the actor left it, if known."""

    def __repr__(self) -> str:
        return _fields_repr(
            "Position",
            [
                ("title", _short(self.title)),
                ("start", str(self.start) if self.start else None),
                ("end", str(self.end) if self.end else None),
            ],
        )

    @model_validator(mode="after")
    def _span_in_order(self) -> Position:
        if (
            self.start is not None
            and self.end is not None
            and self.end.latest < self.start.earliest
        ):
            msg = f"end {self.end} is before start {self.start}"
            raise ValueError(msg)
        return self


class Actor(_Record):
    """A state, person, organisation or object that takes part in events.

    Examples
    --------
    >>> dataset.actor("envoy")
    Actor(id='envoy', kind=person, name='Ann Envoy')
    """

    id: Slug
    """Lower-case slug, unique in the dataset, e.g. ``prk`` or ``bosworth``."""
    name: NonEmptyText
    """The name to display."""
    kind: ActorKind
    """What sort of actor this is."""
    aliases: tuple[NonEmptyText, ...] = ()
    """Other names the actor is known by; searched and used for suggestions."""
    affiliation: Slug | None = None
    """Id of the actor this one belongs to or acts for: an envoy's state, a ministry's
    government, or (as event-data projects code people by country) a private citizen's
    state."""
    positions: tuple[Position, ...] = ()
    """Titles held."""
    wikidata: WikidataId | None = None
    """Wikidata item id, e.g. ``Q423``; fill only when certain."""
    description: OptionalText = None
    """A sentence on who or what this is."""

    def __repr__(self) -> str:
        return f"Actor(id={self.id!r}, kind={self.kind.value}, name={_short(self.name)})"

    def _repr_html_(self) -> str:
        rows: list[tuple[str, object]] = [
            ("id", self.id),
            ("kind", self.kind.value),
            ("aliases", ", ".join(self.aliases) or None),
            ("affiliation", self.affiliation),
            ("wikidata", self.wikidata),
            ("description", self.description),
        ]
        rows += [("position", p.title) for p in self.positions]
        shown = [(k, v) for k, v in rows if v is not None]
        return f"<h4>{html.escape(self.name)}</h4>" + html_table(("", ""), shown)

    @field_validator("aliases")
    @classmethod
    def _sorted_aliases(cls, aliases: tuple[str, ...]) -> tuple[str, ...]:
        # Aliases are a set of names; a fixed order keeps round trips through RDF exact.
        return tuple(sorted(dict.fromkeys(aliases), key=lambda a: (a.casefold(), a)))


class Source(_Record):
    """A document that events and claims cite."""

    id: Slug
    """Slug, unique in the dataset; for a file-backed source, the file's stem."""
    title: NonEmptyText
    """The document's title."""
    publisher: NonEmptyText
    """Who published it."""
    author: OptionalText = None
    """Who wrote it, if named."""
    published: ImpreciseDate | None = None
    """When it was published."""
    url: WebUrl | None = None
    """Where it can be read."""
    kind: SourceKind
    """What sort of document it is."""
    identifier: OptionalText = None
    """A document symbol or citation, e.g. ``S/RES/1874 (2009)``."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    """SHA-256 of the source's text file as last checked (``dprkgraph fingerprint``), in
    lower-case hex; a text that no longer has it has changed since."""

    def __repr__(self) -> str:
        return f"Source(id={self.id!r}, kind={self.kind.value}, title={_short(self.title)})"


class Event(_Record):
    """Something that happened, who took part, and the evidence for it.

    Examples
    --------
    >>> e = dataset.event("talks")
    >>> e
    Event(id='talks', date=2010-03, title='Talks open')
    >>> e.participants[0], e.sources[0]
    (Participation(actor='aaa', role=party), Citation(source='src', quote='the talks opened'))
    """

    id: Slug
    """Lower-case slug, unique in the dataset."""
    title: NonEmptyText
    """A short headline."""
    date: ImpreciseDate
    """When, as an EDTF string at the precision the sources support."""
    type: EventType
    """What sort of event this is."""
    coded_goldstein: Annotated[Finite, Field(ge=-10, le=10)] | None = None
    """Goldstein score as the feed coded it; overrides the table's value for the CAMEO code."""
    coded_quad_class: Annotated[int, Field(ge=1, le=4)] | None = None
    """QuadClass as the feed coded it; overrides the table's value for the CAMEO code."""
    cameo: str | None = None
    """CAMEO event code, as text (``"042"``); in the shipped table unless coded values are given."""
    participants: tuple[Participation, ...] = Field(min_length=1)
    """Who took part, and how."""
    location: OptionalText = None
    """Where, in words."""
    summary: OptionalText = None
    """A few sentences on what happened."""
    sources: tuple[Citation, ...] = Field(min_length=1)
    """Citations; at least one carries a quote."""
    relations: tuple[Relation, ...] = ()
    """Links to other events."""
    claims: tuple[Claim, ...] = ()
    """Who asserts or denies what about this event."""
    provenance: Provenance = Provenance.CURATED
    """Whether an analyst curated the event or a feed coded it."""
    metrics: Metrics = Field(default_factory=dict)
    """Numbers a feed reports with the event, e.g. ``NumMentions`` or ``AvgTone``: finite, under
    names of an ASCII letter then up to 63 letters, digits or underscores."""

    @field_validator("cameo")
    @classmethod
    def _known_cameo(cls, code: str | None, info: ValidationInfo) -> str | None:
        if code is None or code in cameo.codes():
            return code
        if not re.fullmatch("[0-9]{2,4}", code, re.ASCII):
            msg = (
                f"CAMEO code {code!r} is not two to four ASCII digits 0-9 (quote it in YAML: '042')"
            )
            raise ValueError(msg)
        if info.data.get("coded_goldstein") is None or info.data.get("coded_quad_class") is None:
            close = suggest(code, {c: c for c in cameo.codes()})
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            msg = (
                f"CAMEO code {code!r} is not in the shipped table{hint} (or give "
                "coded_goldstein and coded_quad_class as a feed coded them)"
            )
            raise ValueError(msg)
        return code

    @model_validator(mode="after")
    def _quoted_and_unrepeated(self) -> Event:
        if self.provenance is Provenance.CURATED and not any(c.quote for c in self.sources):
            msg = "no citation carries a quote; add a short verbatim quote from the source"
            raise ValueError(msg)
        seen = set()
        for p in self.participants:
            if (p.actor, p.role) in seen:
                msg = f"actor {p.actor!r} is listed twice as {p.role.value}"
                raise ValueError(msg)
            seen.add((p.actor, p.role))
        return self

    @property
    def goldstein(self) -> float | None:
        """Goldstein score: as coded by a feed, else the table's for the CAMEO code, else None."""
        if self.coded_goldstein is not None:
            return self.coded_goldstein
        return cameo.goldstein(self.cameo) if self.cameo else None

    @property
    def quad_class(self) -> int | None:
        """QuadClass (1–4): as coded by a feed, else the table's for the CAMEO code."""
        if self.coded_quad_class is not None:
            return self.coded_quad_class
        return cameo.quad_class(self.cameo) if self.cameo else None

    def actors(self) -> tuple[str, ...]:
        """Ids of the participants, in the order listed, without repeats."""
        return tuple(dict.fromkeys(p.actor for p in self.participants))

    def __repr__(self) -> str:
        return f"Event(id={self.id!r}, date={self.date}, title={_short(self.title)})"

    def _repr_html_(self) -> str:
        rows: list[tuple[str, object]] = [
            ("id", self.id),
            ("date", f"{self.date.text} ({self.date.earliest} – {self.date.latest})"),
            ("type", self.type.value),
        ]
        if self.cameo:
            rows.append(
                (
                    "CAMEO",
                    f"{self.cameo} (Goldstein {self.goldstein:+.1f}, QuadClass {self.quad_class})",
                )
            )
        rows += [("location", self.location), ("summary", self.summary)]
        rows += [(p.role.value, p.actor) for p in self.participants]
        rows += [("source", c.describe()) for c in self.sources]
        rows += [(r.type.value, r.event) for r in self.relations]
        rows += [(f"claim ({c.stance.value})", f"{c.claimant}: {c.statement}") for c in self.claims]
        shown = [(k, v) for k, v in rows if v is not None]
        return f"<h4>{html.escape(self.title)}</h4>" + html_table(("", ""), shown)


@std_dataclass(frozen=True)
class Anchor:
    """Where one quoted citation lies in the normalised text of its source (made by
    :func:`dprkgraph.quotes.anchor_quotes`).

    ``where`` is the citation's place in the event (``"sources[0]"``,
    ``"claims[1].sources[0]"``). ``status`` is ``"anchored"`` (found exactly once, or once
    after the citation's ``prefix`` or ``occurrence`` chose among several), ``"ambiguous"``
    (found more than once), ``"bad-occurrence"`` (the citation's ``occurrence`` is beyond the
    places found), ``"orphan"`` (not found), ``"no-text"`` (no text file for the source) or
    ``"unreadable"`` (a text file that is there but cannot be read: not UTF-8, a folder, a
    FIFO, a link to nothing). ``start``/``end`` (code points into the normalised text, end
    exclusive) and ``prefix``/``suffix`` (up to :data:`dprkgraph.quotes.CONTEXT` characters
    either side) are set only when anchored; ``occurrences`` counts the places found;
    ``reason`` says why a quote is not anchored.
    """

    event: str
    where: str
    source: str
    quote: str
    status: str
    occurrences: int = 0
    start: int | None = None
    end: int | None = None
    prefix: str = ""
    suffix: str = ""
    reason: str = ""

    @property
    def anchored(self) -> bool:
        """Whether the quote has one place in its source."""
        return self.status == "anchored"


@std_dataclass(frozen=True)
class Dataset:
    """A whole validated dataset: the records, in file order, with lookups by id.

    Printed, it gives the counts, the span of dates and the first few ids of each kind.

    Examples
    --------
    >>> dataset
    Dataset: 2 events, 3 actors, 1 source, 1 relation, 0 claims
      dates:   2010-03 … 2010-04-02
      events:  talks, walkout
      actors:  aaa, bbb, envoy
      sources: src
    >>> dataset.event("walkout")
    Event(id='walkout', date=2010-04-02, title='Alphaland walks out')
    """

    events: tuple[Event, ...] = ()
    actors: tuple[Actor, ...] = ()
    sources: tuple[Source, ...] = ()
    anchors: tuple[Anchor, ...] | None = None
    """Where each quote lies in its source text, when the dataset was loaded with
    ``load(…, sources=DIR)`` (one per quoted citation, in dataset order); None otherwise."""

    def anchor(self, event: str, where: str) -> Anchor | None:
        """The anchor of the quote at ``where`` in ``event`` (``"sources[0]"``,
        ``"claims[1].sources[0]"``), or None when the dataset has no anchors or that
        citation has no quote."""
        return self._anchors.get((event, where))

    @cached_property
    def _anchors(self) -> dict[tuple[str, str], Anchor]:
        return {(a.event, a.where): a for a in self.anchors or ()}

    def unanchored(self) -> tuple[Anchor, ...]:
        """The quotes that could not be given one place in their source text (orphan,
        ambiguous, an occurrence beyond the count, or no text file): what a load with
        ``sources=`` warns about. Empty when the dataset has no anchors."""
        return tuple(a for a in self.anchors or () if not a.anchored)

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{n} {kind if n != 1 else kind[:-1]}" for kind, n in self.summary().items()
        )
        lines = [f"Dataset: {counts}"]
        if self.events:
            first = min(self.events, key=lambda e: e.date.sort_key).date
            last = max(self.events, key=lambda e: (e.date.latest, e.date.earliest)).date
            lines.append(f"  dates:   {first} … {last}")
        for kind in ("events", "actors", "sources"):
            records: tuple[Event | Actor | Source, ...] = getattr(self, kind)
            if records:
                ids = ", ".join(r.id for r in records[:5])
                more = f", … (+{len(records) - 5} more)" if len(records) > 5 else ""
                lines.append(f"  {kind + ':':<8} {ids}{more}")
        return "\n".join(lines)

    @cached_property
    def _by_id(self) -> dict[str, dict[str, Event | Actor | Source]]:
        return {
            "event": {e.id: e for e in self.events},
            "actor": {a.id: a for a in self.actors},
            "source": {s.id: s for s in self.sources},
        }

    def _get(self, kind: str, id: str) -> Event | Actor | Source:
        table = self._by_id[kind]
        if id in table:
            return table[id]
        names = {k.lower(): k for k in table}
        if kind == "actor":
            for a in self.actors:
                names.update({n.lower(): a.id for n in (a.name, *a.aliases)})
        raise UnknownIdError(id, kind, suggest(id, names))

    def event(self, id: str) -> Event:
        """The event with this id; :class:`UnknownIdError` if there is none."""
        found = self._get("event", id)
        assert isinstance(found, Event)
        return found

    def actor(self, id: str) -> Actor:
        """The actor with this id; :class:`UnknownIdError` if there is none."""
        found = self._get("actor", id)
        assert isinstance(found, Actor)
        return found

    def source(self, id: str) -> Source:
        """The source with this id; :class:`UnknownIdError` if there is none."""
        found = self._get("source", id)
        assert isinstance(found, Source)
        return found

    def relations(self) -> Iterator[tuple[Event, Relation]]:
        """Every event relation, with the event that holds it."""
        for e in self.events:
            for r in e.relations:
                yield e, r

    def claims(self) -> Iterator[tuple[Event, Claim]]:
        """Every claim, with the event it is about."""
        for e in self.events:
            for c in e.claims:
                yield e, c

    def summary(self) -> dict[str, int]:
        """Counts of each kind of record."""
        return {
            "events": len(self.events),
            "actors": len(self.actors),
            "sources": len(self.sources),
            "relations": sum(1 for _ in self.relations()),
            "claims": sum(1 for _ in self.claims()),
        }
