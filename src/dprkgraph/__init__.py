"""dprkgraph: curated diplomatic events as a typed, queryable, citable knowledge graph.

>>> import dprkgraph
>>> ds = dprkgraph.load()
>>> ds.event("carter-pyongyang-visit").date.precision
'month'
"""

from dprkgraph.dates import ImpreciseDate, compare, parse_date
from dprkgraph.errors import DateError, DprkGraphError, LoadError, Problem, UnknownIdError
from dprkgraph.load import bundled_data_dir, load
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
    "EventType",
    "ImpreciseDate",
    "LoadError",
    "Participation",
    "Position",
    "Problem",
    "Relation",
    "RelationType",
    "Role",
    "Source",
    "SourceKind",
    "Stance",
    "UnknownIdError",
    "__version__",
    "bundled_data_dir",
    "compare",
    "load",
    "parse_date",
]
