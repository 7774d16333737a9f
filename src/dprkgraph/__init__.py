"""dprkgraph: curated diplomatic events as a typed, queryable, citable knowledge graph.

>>> import dprkgraph
>>> ds = dprkgraph.load()
>>> ds.event("carter-pyongyang-visit").date.precision
'month'

Importing the package is light: networkx, pandas, matplotlib and rdflib are imported only by
the functions that need them, so the command line starts quickly.
"""

from __future__ import annotations

from dprkgraph.dates import ImpreciseDate, compare, parse_date
from dprkgraph.errors import (
    DateError,
    DprkGraphError,
    LoadError,
    OutputError,
    Problem,
    QueryError,
    UnknownIdError,
)
from dprkgraph.explore import explore
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.loader import bundled_data_dir, load, load_graph
from dprkgraph.model import (
    Actor,
    ActorKind,
    Citation,
    Claim,
    Dataset,
    Event,
    EventType,
    Participation,
    Position,
    Relation,
    RelationType,
    Role,
    Source,
    SourceKind,
    Stance,
)
from dprkgraph.results import EventSet

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorKind",
    "Citation",
    "Claim",
    "Dataset",
    "DateError",
    "DprkGraphError",
    "Event",
    "EventGraph",
    "EventSet",
    "EventType",
    "ImpreciseDate",
    "LoadError",
    "OutputError",
    "Participation",
    "Position",
    "Problem",
    "QueryError",
    "Relation",
    "RelationType",
    "Role",
    "Source",
    "SourceKind",
    "Stance",
    "UnknownIdError",
    "__version__",
    "build_graph",
    "bundled_data_dir",
    "compare",
    "explore",
    "load",
    "load_graph",
    "parse_date",
]
