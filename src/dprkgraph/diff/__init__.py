"""What changed between two versions of a dataset, record by record.

Records are compared by identity, not by line or by triple: events, actors and sources by id;
claims, which have no id, by (event, claimant, stance, statement); citations by the record that
holds them and the source they cite. Each side is a dataset directory or a git revision of one
(read with ``git show``, no extra dependency).

How changes are classified:

- A date whose new bounds lie inside the old ones is a *refinement* (``2010-08`` →
  ``2010-08-26``); one whose bounds contain the old ones is *loosened*; one that moves outside
  its old bounds is a *correction*; the same bounds written differently is *restated*.
- A claim whose event and claimant stay but whose statement changes (same stance), or whose
  stance flips (same statement), is *changed*, not removed and added.
- A *rename* is a removed id and an added id of the same kind whose content — every field but
  the id, with references to other renamed records followed — is equal, or nearly equal: at
  least three quarters of the fields either side sets are equal and each is the other's only
  best match (looked for only when there are at most :data:`NEAR_PAIRS` pairs to score; exact
  renames always are). The remaining differences are listed as changes of the renamed record, and
  references to the old id elsewhere are not reported as changes on their own.
"""

from __future__ import annotations

from dprkgraph.diff.records import (
    Change,
    DatasetDiff,
    FieldChange,
    VersionError,
    classify_date,
    diff,
)
from dprkgraph.diff.render import RENDERERS, md_cell, to_json, to_markdown, to_text
from dprkgraph.diff.versions import diff_versions, load_version

__all__ = [
    "RENDERERS",
    "Change",
    "DatasetDiff",
    "FieldChange",
    "VersionError",
    "classify_date",
    "diff",
    "diff_versions",
    "load_version",
    "md_cell",
    "to_json",
    "to_markdown",
    "to_text",
]
