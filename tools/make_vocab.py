"""Regenerate src/dprkgraph/vocab/dprk.ttl from the model's enumerations and their docstrings.

The closed vocabularies (event types, roles, actor kinds, source kinds, stances, provenance) are
defined once, in dprkgraph.model; this writes them out as SKOS concepts beside the hand-kept classes
and properties in vocab/dprk-terms.ttl. tests/test_rdf.py fails when the file is stale.

    python tools/make_vocab.py
"""

from __future__ import annotations

import ast
import inspect
import itertools
import sys
from enum import Enum
from pathlib import Path

from dprkgraph.model import ActorKind, EventType, Provenance, Role, SourceKind, Stance
from dprkgraph.rdfmap import SCHEMES

VOCAB_DIR = Path(__file__).resolve().parents[1] / "src" / "dprkgraph" / "vocab"
SCHEME_INFO = {
    EventType: ("event-type", "Event types", "sem:EventType"),
    Role: ("role", "Participant roles", "sem:RoleType"),
    ActorKind: ("actor-kind", "Actor kinds", "skos:Concept"),
    SourceKind: ("source-kind", "Source kinds", "skos:Concept"),
    Stance: ("stance", "Claim stances", "skos:Concept"),
    Provenance: ("provenance", "Event provenance", "skos:Concept"),
}


def member_docs(enum: type[Enum]) -> dict[str, str]:
    """The docstring written under each member of an enum class."""
    tree = ast.parse(inspect.getsource(enum))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs = {}
    for node, following in itertools.pairwise(body):
        if isinstance(node, ast.Assign) and isinstance(following, ast.Expr):
            docs[node.targets[0].id] = following.value.value  # type: ignore[attr-defined]
    return docs


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def render() -> str:
    parts = [(VOCAB_DIR / "dprk-terms.ttl").read_text(encoding="utf-8").rstrip() + "\n"]
    parts.append("\n# Concept schemes generated from dprkgraph.model by tools/make_vocab.py.\n")
    for enum, (slug, label, cls) in SCHEME_INFO.items():
        scheme = f"<https://w3id.org/dprkgraph/vocab/{slug}>"
        parts.append(f"\n{scheme} a skos:ConceptScheme ;\n    skos:prefLabel {quoted(label)} .\n")
        docs = member_docs(enum)
        for member in enum:
            iri = f"<{SCHEMES[enum]}{member.value}>"
            parts.append(
                f"\n{iri} a {cls}, skos:Concept ;\n"
                f"    skos:inScheme {scheme} ;\n"
                f'    skos:notation "{member.value}" ;\n'
                f"    skos:prefLabel {quoted(member.value.replace('_', ' '))} ;\n"
                f"    skos:definition {quoted(docs[member.name])} .\n"
            )
    return "".join(parts)


if __name__ == "__main__":
    target = VOCAB_DIR / "dprk.ttl"
    target.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
