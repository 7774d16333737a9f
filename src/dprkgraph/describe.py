"""Plain-text descriptions of one event, actor or source, with its evidence: what
``dprkgraph show`` prints."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from dprkgraph.graph import EventGraph, claim_id
from dprkgraph.model import Actor, Citation, Event, Source
from dprkgraph.quotes import Anchor, anchor_quotes

__all__ = ["describe", "in_context"]

_Anchors = Mapping[tuple[str, str], Anchor]


def in_context(a: Anchor) -> str:
    """An anchored quote inside the text around it: ``… prefix **quote** suffix …``.

    The ellipses show where the context is cut; none is shown at the start or end of the text.
    """
    head = "…" if a.start and a.start > len(a.prefix) else ""
    tail = "…" if a.suffix and len(a.suffix) >= 32 else ""
    return f"{head}{a.prefix}**{a.quote}**{a.suffix}{tail}"


def _cite(c: Citation, anchor: Anchor | None) -> str:
    if anchor is None or not c.quote:
        return c.describe()
    where = f" [{c.locator}]" if c.locator else ""
    if anchor.anchored:
        return f"{c.source}{where}: {in_context(anchor)}"
    return f"{c.describe()} ({anchor.status}: {anchor.reason})"


def _support(g: EventGraph, citations: tuple[Citation, ...]) -> str:
    names = sorted({g.source(c.source).publisher for c in citations})
    return f"{len(names)} independent: {'; '.join(names)}"


def _event(g: EventGraph, e: Event, anchors: _Anchors) -> list[str]:
    d = e.date
    members = "; ".join(
        f"on or before {b}"
        if a == date.min
        else f"on or after {a}"
        if b == date.max
        else str(a)
        if a == b
        else f"{a} to {b}"
        for a, b in d.members
    )
    when = (
        d.text
        if d.exact
        else f"{d.text} (one of {members})"
        if len(d.members) > 1
        else f"{d.text} (on or before {d.latest})"
        if d.open_start
        else f"{d.text} (on or after {d.earliest})"
        if d.open_end
        else f"{d.text} (between {d.earliest} and {d.latest})"
    )
    lines = [e.title, f"  id: {e.id}", f"  date: {when}", f"  type: {e.type.value}"]
    if e.cameo:
        from dprkgraph.cameo import QUAD_CLASS_NAMES, lookup

        code = lookup(e.cameo)
        lines.append(
            f"  CAMEO: {code.code} {code.label} (Goldstein {code.goldstein:+.1f}, "
            f"{QUAD_CLASS_NAMES[code.quad_class]})"
        )
    if e.location:
        lines.append(f"  location: {e.location}")
    lines.append("  participants:")
    lines += [f"    {p.role.value}: {g.actor(p.actor).name} ({p.actor})" for p in e.participants]
    if e.summary:
        lines.append(f"  summary: {e.summary}")
    lines.append(f"  sources ({_support(g, e.sources)}):")
    lines += [
        f"    {_cite(c, anchors.get((e.id, f'sources[{i}]')))}" for i, c in enumerate(e.sources)
    ]
    incoming = [(u.id, rtype) for u, rtype in g.incoming.get(e.id, ())]
    if e.relations or incoming:
        lines.append("  relations:")
        lines += [f"    {r.type.value} → {g.event(r.event).title} ({r.event})" for r in e.relations]
        lines += [f"    ← {t} of {g.event(u).title} ({u})" for u, t in incoming]
    if e.claims:
        lines.append("  claims:")
        for j, claim in enumerate(e.claims):
            who = g.actor(claim.claimant).name
            lines.append(
                f"    {who} {claim.stance.value}: {claim.statement} ({_support(g, claim.sources)})"
            )
            lines += [
                f"      {_cite(s, anchors.get((e.id, f'claims[{j}].sources[{i}]')))}"
                for i, s in enumerate(claim.sources)
                if s.quote
            ]
    return lines


def _actor(g: EventGraph, a: Actor) -> list[str]:
    from dprkgraph.query import actor_profile

    p = actor_profile(g, a.id)
    lines = [a.name, f"  id: {a.id}", f"  kind: {a.kind.value}"]
    if a.aliases:
        lines.append(f"  aliases: {', '.join(a.aliases)}")
    if p.affiliation:
        lines.append(f"  affiliation: {p.affiliation.name} ({p.affiliation.id})")
    for pos in a.positions:
        span = f" ({pos.start or '?'}–{pos.end or ''})" if pos.start or pos.end else ""
        lines.append(f"  position: {pos.title}{span}")
    if a.wikidata:
        lines.append(f"  wikidata: {a.wikidata}")
    if a.description:
        lines.append(f"  description: {a.description}")
    if p.members:
        lines.append(f"  members: {', '.join(m.id for m in p.members)}")
    for role, evs in p.events_by_role.items():
        lines.append(f"  {role.value}:")
        lines += [f"    {e.date.text:<10}  {e.title} ({e.id})" for e in evs]
    for rec in p.claims:
        lines.append(f"  {rec.claim.stance.value} ({rec.event.id}): {rec.claim.statement}")
    if p.co_participants:
        lines.append("  with: " + ", ".join(f"{x.id} ({n})" for x, n in p.co_participants))
    return lines


def _source(g: EventGraph, s: Source) -> list[str]:
    lines = [s.title, f"  id: {s.id}", f"  kind: {s.kind.value}", f"  publisher: {s.publisher}"]
    for label, value in (
        ("author", s.author),
        ("published", s.published),
        ("url", s.url),
        ("identifier", s.identifier),
    ):
        if value:
            lines.append(f"  {label}: {value}")
    citing = sorted(
        {e.id for e in g.dataset.events if any(c.source == s.id for c in e.sources)}
        | {
            claim_id(e.id, i)
            for e in g.dataset.events
            for i, cl in enumerate(e.claims)
            if any(c.source == s.id for c in cl.sources)
        }
    )
    lines.append(f"  cited by: {', '.join(citing)}")
    return lines


def describe(g: EventGraph, node: str, *, sources_dir: str | Path | None = None) -> str:
    """A readable account of any node: its fields, sources and quotes, relations and claims.

    Each event and claim says how many independent sources (distinct publishers) support it.
    With ``sources_dir`` (a folder of ``<source-id>.txt`` texts), or when the graph was loaded
    with ``sources=``, each quote of an event is shown in its context,
    ``… prefix **quote** suffix …``, or with why it is not anchored; ``sources_dir`` wins.

    Examples
    --------
    >>> print(describe(g, "walkout"))
    Alphaland walks out
      id: walkout
      date: 2010-04-02
      type: withdrawal
      participants:
        initiator: Alphaland (aaa)
      sources (1 independent: The Gazette):
        src: “Alphaland left”
      relations:
        response_to → Talks open (talks)
    """
    obj = g.obj(node)  # an id, or a name or title that names one record
    if isinstance(obj, Event):
        anchors: _Anchors = {
            (a.event, a.where): a for a in g.dataset.anchors or () if a.event == obj.id
        }
        if sources_dir is not None:
            from dprkgraph.model import Dataset

            one = Dataset(events=(obj,), sources=g.dataset.sources)
            anchors = {(a.event, a.where): a for a in anchor_quotes(one, sources_dir)}
        lines = _event(g, obj, anchors)
    elif isinstance(obj, Actor):
        lines = _actor(g, obj)
    elif isinstance(obj, Source):
        lines = _source(g, obj)
    else:
        who = g.actor(obj.claimant).name
        lines = [f"{who} {obj.stance.value}: {obj.statement} ({_support(g, obj.sources)})"]
        lines += [f"  {c.source}: “{c.quote}”" for c in obj.sources if c.quote]
    return "\n".join(lines)
