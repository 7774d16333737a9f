"""RDF serialisation formats and the default base IRI: plain constants, so the command line
can describe its options without importing rdflib."""

from __future__ import annotations

__all__ = ["DEFAULT_BASE_IRI", "FORMATS"]

#: Base of the dataset's node IRIs unless a caller gives another.
DEFAULT_BASE_IRI = "https://w3id.org/dprkgraph/id/"

#: Serialisation formats: name → (rdflib format, file extension, holds named graphs).
FORMATS: dict[str, tuple[str, str, bool]] = {
    "turtle": ("turtle", ".ttl", False),
    "ntriples": ("nt", ".nt", False),
    "jsonld": ("json-ld", ".jsonld", False),
    "rdfxml": ("xml", ".rdf", False),
    "trig": ("trig", ".trig", True),
    "nquads": ("nquads", ".nq", True),
}
