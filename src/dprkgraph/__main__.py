"""``python -m dprkgraph``: the same as the ``dprkgraph`` command."""

import sys

from dprkgraph.cli import main

sys.exit(main())
