"""Plain-text descriptions of one event, actor or source, with its evidence: what
``dprkgraph show`` prints."""

from __future__ import annotations

from dprkgraph.graph import EventGraph, claim_id
from dprkgraph.model import Actor, Event, Source

__all__ = ["describe"]


def _event(g: EventGraph, e: Event) -> list[str]:
    d = e.date
    when = (d.text if d.exact else f"{d.text} (on or before {d.latest})" if d.open_start
            else f"{d.text} (on or after {d.earliest})" if d.open_end
            else f"{d.text} (between {d.earliest} and {d.latest})")
    lines = [e.title, f"  id: {e.id}", f"  date: {when}", f"  type: {e.type.value}"]
    if e.cameo:
        from dprkgraph.cameo import QUAD_CLASS_NAMES, lookup

        code = lookup(e.cameo)
        lines.append(f"  CAMEO: {code.code} {code.label} (Goldstein {code.goldstein:+.1f}, "
                     f"{QUAD_CLASS_NAMES[code.quad_class]})")
    if e.location:
        lines.append(f"  location: {e.location}")
    lines.append("  participants:")
    lines += [f"    {p.role.value}: {g.actor(p.actor).name} ({p.actor})" for p in e.participants]
    if e.summary:
        lines.append(f"  summary: {e.summary}")
    lines.append("  sources:")
    lines += [f"    {c.describe()}" for c in e.sources]
    incoming = [(u.id, rtype) for u, rtype in g.incoming.get(e.id, ())]
    if e.relations or incoming:
        lines.append("  relations:")
        lines += [f"    {r.type.value} → {g.event(r.event).title} ({r.event})" for r in e.relations]
        lines += [f"    ← {t} of {g.event(u).title} ({u})" for u, t in incoming]
    if e.claims:
        lines.append("  claims:")
        for claim in e.claims:
            who = g.actor(claim.claimant).name
            lines.append(f"    {who} {claim.stance.value}: {claim.statement}")
            lines += [f"      {s.source}: “{s.quote}”" for s in claim.sources if s.quote]
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
    for label, value in (("author", s.author), ("published", s.published), ("url", s.url),
                         ("identifier", s.identifier)):
        if value:
            lines.append(f"  {label}: {value}")
    citing = sorted(
        {e.id for e in g.dataset.events if any(c.source == s.id for c in e.sources)}
        | {claim_id(e.id, i) for e in g.dataset.events for i, cl in enumerate(e.claims)
           if any(c.source == s.id for c in cl.sources)}
    )
    lines.append(f"  cited by: {', '.join(citing)}")
    return lines


def describe(g: EventGraph, node: str) -> str:
    """A readable account of any node: its fields, sources and quotes, relations and claims.

    Examples
    --------
    >>> print(describe(g, "walkout"))
    Alphaland walks out
      id: walkout
      date: 2010-04-02
      type: withdrawal
      participants:
        initiator: Alphaland (aaa)
      sources:
        src: “Alphaland left”
      relations:
        response_to → Talks open (talks)
    """
    obj = g.obj(node)  # an id, or a name or title that names one record
    if isinstance(obj, Event):
        lines = _event(g, obj)
    elif isinstance(obj, Actor):
        lines = _actor(g, obj)
    elif isinstance(obj, Source):
        lines = _source(g, obj)
    else:
        who = g.actor(obj.claimant).name
        lines = [f"{who} {obj.stance.value}: {obj.statement}"]
        lines += [f"  {c.source}: “{c.quote}”" for c in obj.sources if c.quote]
    return "\n".join(lines)
