"""What changed between two versions of a dataset: diff.

Like ``diff``, the command exits 0 when the versions are identical, 1 when they differ and 2
on trouble (a side that does not load, a revision that does not exist, a usage error), so that
scripts can tell "different" from "failed".
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from dprkgraph.cli._common import Command, Parents, paint

#: Exit code for a side that cannot be loaded: 1 already means "the versions differ".
TROUBLE = 2


def _error(text: str) -> int:
    print(f"{paint('dprkgraph: error:', 'red', sys.stderr)} {text}", file=sys.stderr)
    return TROUBLE


def _is_dir(spec: str) -> bool:
    return Path(spec).is_dir()


def _cmd_diff(args: argparse.Namespace) -> int:
    from dprkgraph.diff import RENDERERS, VersionError, diff_versions
    from dprkgraph.errors import DprkGraphError

    if args.data is not None and _is_dir(args.old) and _is_dir(args.new):
        return _error(
            f"--data {args.data!r} names a folder in a git revision, but OLD and NEW "
            "are both directories; leave it out"
        )
    try:
        result = diff_versions(args.old, args.new, data=args.data, repo=args.repo)
    except VersionError as err:
        side = "OLD" if err.side == "old" else "NEW"
        count = len(err.errors)
        first = err.errors[0] if err.errors else None
        more = ""
        if count > 1:
            how = f"; dprkgraph validate --data {err.spec} lists them" if _is_dir(err.spec) else ""
            more = f" (and {count - 1} more problem{'s' if count > 2 else ''}{how})"
        if first is not None and first.line == 0 and str(first.path) == err.spec:
            hint = f" — {first.hint}" if first.hint else ""
            return _error(f"{side} {err.spec!r}: {first.message}{hint}{more}")
        return _error(f"{side} {err.spec!r} does not load: {first}{more}")
    except DprkGraphError as err:
        return _error(str(err))
    sys.stdout.write(RENDERERS[args.format](result))
    return 0 if result.identical else 1


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    summary = (
        "What changed between two versions of a dataset, by record id: events, actors, "
        "sources, claims and citations added, removed, changed (field by field) and "
        "renamed. Exit 0 when identical, 1 when different, 2 on trouble."
    )
    p = command(
        "diff",
        _cmd_diff,
        summary,
        "dprkgraph diff path/to/dataset path/to/dataset --format markdown",
        reads_data=False,
    )
    p.description = (
        textwrap.fill(summary, 84)
        + """

Each version is a dataset directory (an existing directory wins) or a git revision
of one, read with git and never checked out. A date change is a refinement (new
bounds inside the old: 2010-08 -> 2010-08-26), loosened (wider) or a correction
(moved outside the old bounds). A removed id and an added id with equal or nearly
equal content (3/4 of the fields) are a rename; references to it are not changes.

more examples:
  dprkgraph diff HEAD~3 HEAD                          # the dataset in the current repository
  dprkgraph diff v1.0:data HEAD:src/dprkgraph/data    # the dataset moved between them
  dprkgraph diff HEAD path/to/dataset --format json   # committed against the working copy"""
    )
    for name in ("old", "new"):
        p.add_argument(
            name,
            metavar=name.upper(),
            help=f"the {name} version: a dataset directory, a git revision (HEAD~3), "
            "or a revision and its dataset folder (HEAD~3:data)",
        )
    p.add_argument(
        "--data",
        metavar="FOLDER",
        help="for a git revision given without a folder: the dataset folder, relative to the "
        "repository's top level (default: the first of ., data, src/dprkgraph/data that "
        "holds dataset files)",
    )
    p.add_argument(
        "--repo",
        default=".",
        metavar="DIR",
        help="a folder in the git repository that revisions belong to (default: .)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text; markdown for a changelog or a pull request)",
    )
