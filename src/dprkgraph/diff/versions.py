"""Reading a dataset as it was at a git revision, and comparing two versions."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

from dprkgraph.diff.records import (
    _DATA_FILE,
    DEFAULT_FOLDERS,
    DatasetDiff,
    VersionError,
    diff,
)
from dprkgraph.errors import DprkGraphError, LoadError, Problem
from dprkgraph.model import Dataset


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            check=False,
            timeout=120,
            # No transport at all: in a partial clone git would otherwise fetch a missing
            # object from the remote, a network request nobody asked for.
            env={
                **os.environ,
                "GIT_TERMINAL_PROMPT": "0",
                "GIT_ALLOW_PROTOCOL": "none",
                "GIT_NO_LAZY_FETCH": "1",
            },
        )
    except FileNotFoundError as err:
        msg = "git is not installed; give a dataset directory instead of a revision"
        raise _GitError(msg) from err
    except subprocess.TimeoutExpired as err:
        raise _GitError(f"git {args[0]} took over 2 minutes") from err
    if done.returncode != 0:
        text = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitError(text[-1] if text else f"git {args[0]} failed")
    return done.stdout


class _GitError(Exception):
    pass


def _tree_entries(repo: Path, commit: str, folder: str) -> dict[str, tuple[str, str]]:
    """Name → (mode, object) of the entries of ``folder`` at ``commit``, following links."""
    parts = PurePosixPath(folder).parts
    path: list[str] = []
    for _ in range(40):  # a bound on symbolic links, as the kernel has
        if not parts:
            break
        head, parts = parts[0], parts[1:]
        if head == ".":
            continue
        if head == "..":
            if path:
                path.pop()
            continue
        listing = _ls_tree(repo, commit, path)
        if head not in listing:
            where = "/".join(path) or "the top level"
            raise _GitError(f"no {head!r} in {where} of the repository at that revision")
        mode, obj = listing[head]
        if mode == "120000":
            target = _git(repo, "cat-file", "blob", obj).decode("utf-8", "replace")
            if target.startswith("/"):
                raise _GitError(f"{'/'.join([*path, head])} links outside the repository")
            parts = PurePosixPath(target).parts + parts
        elif mode == "040000":
            path.append(head)
        else:
            raise _GitError(f"{'/'.join([*path, head])} is a file, not a folder")
    else:
        raise _GitError(f"too many symbolic links in {folder!r}")
    return _ls_tree(repo, commit, path)


def _ls_tree(repo: Path, commit: str, path: list[str]) -> dict[str, tuple[str, str]]:
    spec = f"{commit}:{'/'.join(path)}" if path else commit
    out: dict[str, tuple[str, str]] = {}
    for line in _git(repo, "ls-tree", "-z", spec).split(b"\0"):
        if not line:
            continue
        meta, _, name = line.partition(b"\t")
        mode, _, obj = meta.decode("ascii").split(" ")
        out[name.decode("utf-8", "surrogateescape")] = (mode, obj)
    return out


def _is_data(name: str) -> bool:
    return bool(_DATA_FILE.match(name)) and name not in (".", "..")


def load_version(
    spec: str | Path, *, data: str | None = None, repo: str | Path = "."
) -> tuple[Dataset, str]:
    """Load one version of a dataset: a directory, or a git revision of a repository.

    Parameters
    ----------
    spec
        An existing directory wins; anything else is taken for a git revision of ``repo``,
        optionally with the dataset folder after a colon (``HEAD~3:data``) as git spells it.
    data
        For a revision without a folder: the dataset folder, relative to the repository's top
        level. By default the first of :data:`DEFAULT_FOLDERS` that holds dataset files at
        that revision.
    repo
        A folder inside the git repository the revision belongs to.

    Returns
    -------
    tuple
        The dataset, and a label for it: the directory, or ``REV:folder``.

    Raises
    ------
    LoadError
        If the directory or the revision's files do not load (problems in a revision are
        located as ``REV:folder/file``), or ``spec`` is neither a directory nor a revision.
    """
    from dprkgraph.loader import load

    text = str(spec)
    if Path(text).is_dir():
        return load(text), text
    where = Path(text)

    def fail(message: str, hint: str) -> LoadError:
        return LoadError([Problem(where, 0, 0, message, hint)])

    if ":" in text:  # REV:folder, as git spells a path at a revision
        text, data = text.split(":", 1)
        data = data or "."
    if not text or text.startswith("-") or "\0" in text:
        raise fail(
            "not a directory, and not a revision git would accept",
            "give a dataset directory or a revision such as HEAD~1",
        )
    try:
        top = Path(_git(Path(repo), "rev-parse", "--show-toplevel").decode().strip())
    except _GitError as err:
        raise fail(
            f"no such directory, and {repo} is not in a git repository ({err})",
            "give an existing dataset directory, or run from inside a repository (or pass --repo)",
        ) from err
    try:
        commit = (
            _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{text}^{{commit}}")
            .decode()
            .strip()
        )
    except _GitError as err:
        raise fail(
            f"no such directory, and not a revision of the repository at {top}",
            "check the spelling (git log --oneline lists revisions)",
        ) from err
    folders = [data] if data is not None else list(DEFAULT_FOLDERS)
    entries: dict[str, tuple[str, str]] = {}
    folder = "."
    for folder in folders:
        try:
            entries = _tree_entries(top, commit, folder)
        except _GitError as err:
            if data is not None:
                raise fail(
                    f"cannot read {folder!r} at this revision: {err}",
                    "--data names the dataset folder, relative to the repository's top level",
                ) from err
            continue
        if data is not None or any(
            _is_data(n) and n.startswith(("events", "actors")) for n in entries
        ):
            break
    else:
        raise fail(
            "no dataset files at this revision in " + ", ".join(DEFAULT_FOLDERS),
            "name the dataset folder with --data",
        )
    label = f"{text}:{PurePosixPath(folder)}"
    scratch = Path(tempfile.mkdtemp(prefix="dprkgraph-diff-"))
    try:
        problems: list[Problem] = []
        for name, (mode, obj) in sorted(entries.items()):
            if not _is_data(name):
                continue
            if mode not in ("100644", "100755"):
                problems.append(
                    Problem(
                        Path(f"{label}/{name}"),
                        0,
                        0,
                        "not read: not a regular file at this revision",
                        "replace the link with the file",
                    )
                )
                continue
            with open(scratch / name, "xb") as out:
                out.write(_git(top, "cat-file", "blob", obj))
        if problems:
            raise LoadError(problems)
        try:
            dataset = load(scratch, cache=False)
        except LoadError as err:
            moved = [replace(p, path=_relabel(p.path, scratch, label)) for p in err.errors]
            raise LoadError(moved) from None
    except _GitError as err:
        hint = (
            "this is a partial clone and dprkgraph fetches nothing: run `git fetch` or check "
            "the revision out first"
            if "promisor remote" in str(err)
            else "check that the repository is intact"
        )
        raise fail(f"cannot read the revision: {err}", hint) from err
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return dataset, label


def _relabel(path: Path, scratch: Path, label: str) -> Path:
    try:
        return Path(f"{label}/{path.relative_to(scratch).as_posix()}")
    except ValueError:
        return Path(label) if path == scratch else path


def diff_versions(
    old: str | Path, new: str | Path, *, data: str | None = None, repo: str | Path = "."
) -> DatasetDiff:
    """Load two versions (directories or git revisions, see :func:`load_version`) and compare.

    Raises
    ------
    VersionError
        Naming the side (``old`` or ``new``) that could not be loaded, with its problems.
    """
    loaded = []
    for side, spec in (("old", old), ("new", new)):
        try:
            loaded.append(load_version(spec, data=data, repo=repo))
        except LoadError as err:
            raise VersionError(side, str(spec), err.errors) from err
        except DprkGraphError as err:
            raise VersionError(side, str(spec), [Problem(Path(str(spec)), 0, 0, str(err))]) from err
    (a, a_label), (b, b_label) = loaded
    return diff(a, b, old_label=a_label, new_label=b_label)


# --------------------------------------------------------------------------- rendering
