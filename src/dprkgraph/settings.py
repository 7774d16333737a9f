"""A dataset's own settings: the optional ``dataset.yaml`` beside its data files.

Today it holds one setting, the *widening rule* for approximate and uncertain dates (see
:mod:`dprkgraph.dates`)::

    # dprkgraph settings for this dataset
    widening: unit   # or: edtf

A dataset without the file uses the defaults, and so does a setting whose value is YAML null
(``widening: ~``, ``widening: null`` or ``widening:`` with nothing after it). The file is read
strictly, as the data files are: it is a YAML mapping of known keys to known values, and
anything else (an unknown or misspelt key, a bad value, a key given twice, a list, an anchor,
an alias or an explicit tag such as ``!!python/object``, text that is not UTF-8) is a located
:class:`LoadError` naming the fix; it is never half-applied. A rule passed to
``load(…, widening=)`` or the ``--widening`` option overrides the file's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml

from dprkgraph.dates import Widening
from dprkgraph.errors import LoadError, Problem, suggest
from dprkgraph.load_yaml import _scan

__all__ = ["SETTINGS_FILE", "SETTINGS_TEMPLATE", "Settings", "read_settings"]

#: The settings file's name inside a dataset directory.
SETTINGS_FILE = "dataset.yaml"

#: What ``dprkgraph init`` writes: every setting at its default, each explained.
SETTINGS_TEMPLATE = """\
# dprkgraph settings for this dataset (see `help(dprkgraph.settings)`).
#
# widening: how far an approximate (~), uncertain (?) or both (%) date reaches.
#   unit  one unit of its precision: 2010-01? is December 2009 to February 2010 (default)
#   edtf  the edtf package's rule: 2010-01? is December 2008 to February 2011
# `--widening` on the command line, or load(..., widening=...), overrides it.
widening: unit
"""

_MAX_BYTES = 64 * 1024  # a settings file is a few lines; anything larger is not one
_HINT = "write `widening: unit` or `widening: edtf`, one key a line (see dprkgraph init)"


@dataclass(frozen=True)
class Settings:
    """The settings of one dataset.

    Examples
    --------
    >>> Settings().widening
    'unit'
    """

    widening: Widening = "unit"
    """How far approximate and uncertain dates reach: ``"unit"`` or ``"edtf"``."""


def _place(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_settings(directory: str | Path) -> Settings:
    """The settings in ``directory/dataset.yaml``, or the defaults when there is no such file.

    Raises
    ------
    LoadError
        If the file cannot be read or is not a mapping of known settings to valid values;
        every problem in it is reported, each at its line and column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> read_settings(d).widening
    'unit'
    >>> _ = (d / "dataset.yaml").write_text("widening: edtf\\n")
    >>> read_settings(d).widening
    'edtf'
    >>> _ = (d / "dataset.yaml").write_text("widenning: edtf\\n")
    >>> try:
    ...     read_settings(d)
    ... except LoadError as err:
    ...     print(err.errors[0].line, err.errors[0].message)
    1 unknown setting 'widenning' (did you mean 'widening'?)
    """
    path = Path(directory) / SETTINGS_FILE
    if not path.exists() and not path.is_symlink():
        return Settings()
    if not path.is_file():
        raise LoadError(
            [
                Problem(
                    path,
                    0,
                    0,
                    "not a regular file (a folder, FIFO, device or broken link)",
                    "make it a plain text file, or remove it",
                )
            ]
        )
    try:
        with open(path, "rb") as f:
            data = f.read(_MAX_BYTES + 1)
    except OSError as err:
        raise LoadError(
            [
                Problem(
                    path,
                    0,
                    0,
                    f"cannot read it: {err.strerror}",
                    "give yourself read access to it (chmod u+r)",
                )
            ]
        ) from err
    if len(data) > _MAX_BYTES:
        raise LoadError(
            [
                Problem(
                    path, 0, 0, f"larger than {_MAX_BYTES // 1024} KiB: not a settings file", _HINT
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise LoadError(
            [Problem(path, 0, 0, f"not UTF-8 text (byte {err.start})", "save it as UTF-8")]
        ) from err
    try:
        # As in the data files: anchors, aliases and tags are refused before anything is read.
        refused = _scan(path, text, yaml.SafeLoader) if any(c in text for c in "&*!") else []
        if refused:
            raise LoadError(refused)
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: nothing is constructed
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        raise LoadError(
            [
                Problem(
                    path,
                    line,
                    col,
                    f"not valid YAML: {getattr(err, 'problem', None) or err}",
                    _HINT,
                )
            ]
        ) from err
    if root is None:
        return Settings()
    if not isinstance(root, yaml.MappingNode):
        raise LoadError([Problem(path, *_place(root), "expected a mapping of settings", _HINT)])
    return Settings(**_values(path, root))


def _values(path: Path, root: yaml.MappingNode) -> dict[str, Any]:
    known = {"widening": get_args(Widening)}
    found: dict[str, Any] = {}
    given: set[str] = set()
    problems = []
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag not in _PLAIN:
            problems.append(
                Problem(path, *_place(key), "a setting's name must be plain text", _HINT)
            )
            continue
        name = str(key.value)
        if name not in known:
            guess = suggest(name, {k: k for k in known})
            near = f" (did you mean {guess[0]!r}?)" if guess else ""
            problems.append(
                Problem(
                    path,
                    *_place(key),
                    f"unknown setting {name!r}{near}",
                    "known settings: " + ", ".join(sorted(known)),
                )
            )
            continue
        if name in given:
            problems.append(
                Problem(path, *_place(key), f"{name!r} is given twice", "keep one of them")
            )
            continue
        given.add(name)
        if isinstance(value, yaml.ScalarNode) and value.tag == _NULL:
            continue  # YAML null (``~``, ``null`` or nothing): not set, the default
        allowed = known[name]
        if (
            not isinstance(value, yaml.ScalarNode)
            or value.tag not in _PLAIN
            or value.value not in allowed
        ):
            shown = value.value if isinstance(value, yaml.ScalarNode) else "a " + value.id
            problems.append(
                Problem(
                    path,
                    *_place(value),
                    f"{name}: {shown!r} is not a known value",
                    "use " + " or ".join(repr(a) for a in allowed),
                )
            )
            continue
        found[name] = value.value
    if problems:
        raise LoadError(problems)
    return found


# The tag of a plain or quoted scalar: an explicit tag (``!!python/…``) is refused.
_PLAIN = frozenset({"tag:yaml.org,2002:str"})
_NULL = "tag:yaml.org,2002:null"
