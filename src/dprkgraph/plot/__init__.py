"""Charts for reports: actor swimlanes, a dyad's cooperation and conflict, the actor network.

Every function takes ``ax=None`` (a new figure is made) and returns the Axes it drew on. Nothing
here calls ``plt.show()`` or changes global rcParams, and text from the data is drawn with
``parse_math=False`` so a "$1 million" title prints as written.

How the swimlane shows what is known:

* an event known to the day is a marker on the lane of each participant;
* an event known only to a month or a year (or an interval) is a bar across every day it
  could be on — it is not drawn as a point at the first of the month;
* an approximate or uncertain date is hatched;
* an event with contradicting claims has a thick black outline;
* colour is the event's QuadClass (or its Goldstein score, on a diverging scale); grey means
  the event has no CAMEO code.
"""

from dprkgraph.plot._common import QUAD_COLOURS, short
from dprkgraph.plot.dyad import dyad
from dprkgraph.plot.network import network
from dprkgraph.plot.summary import figure, save_figure, summary_figure
from dprkgraph.plot.swimlane import swimlane

__all__ = [
    "QUAD_COLOURS",
    "dyad",
    "figure",
    "network",
    "save_figure",
    "short",
    "summary_figure",
    "swimlane",
]
