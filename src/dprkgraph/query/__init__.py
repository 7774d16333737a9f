"""Questions analysts ask of an :class:`~dprkgraph.graph.EventGraph`.

Every function takes the graph first and its options as keywords, never changes the graph,
and returns model objects or plain containers. Date windows respect precision: with
``certainty="definite"`` an event counts only if every day it could be on lies in the window;
with ``certainty="possible"`` (the default, so nothing is hidden) if any day does.

The examples use a two-event graph: talks between Alphaland (``aaa``) and Betaland (``bbb``)
in March 2010, and Alphaland's walkout on 2 April in response.
"""

# The option types are named by the chart and store modules too.
from dprkgraph.query._base import Certainty as Certainty
from dprkgraph.query._base import DateLike as DateLike
from dprkgraph.query._base import window_bound
from dprkgraph.query.actors import (
    ActorProfile,
    actor_profile,
    busiest_dyad,
    co_participation,
    dyad,
    dyad_between,
    faces,
    members,
)
from dprkgraph.query.claims import claims, contested
from dprkgraph.query.events import events, participants, relation, timeline
from dprkgraph.query.paths import (
    ExplainedPath,
    PathStep,
    causes,
    consequences,
    explain_path,
    neighbourhood,
)
from dprkgraph.query.search import Match, search

__all__ = [
    "ActorProfile",
    "ExplainedPath",
    "Match",
    "PathStep",
    "actor_profile",
    "busiest_dyad",
    "causes",
    "claims",
    "co_participation",
    "consequences",
    "contested",
    "dyad",
    "dyad_between",
    "events",
    "explain_path",
    "faces",
    "members",
    "neighbourhood",
    "participants",
    "relation",
    "search",
    "timeline",
    "window_bound",
]
