"""Check that every quote in a dataset appears verbatim in the text of its source, and anchor
it there as a W3C Web Annotation would.

Source texts are plain UTF-8 files named ``<source-id>.txt`` in one directory.

The *normalised text* of a source (and of a quote) is the text with every run of white space
(as Python's ``\\s`` matches: spaces, tabs, line breaks, no-break spaces …) replaced by one
space, and leading and trailing white space removed. Nothing else is folded: case, punctuation
and straight against curly apostrophes all count. Anchor offsets (``oa:start``/``oa:end``) are
indices of Unicode code points into the normalised text, end exclusive, so
``normalised[start:end] == normalised quote``.

A source with no file at all leaves its quotes unchecked (``no-text``); a file that is there
but cannot be read as UTF-8 text (not UTF-8, a folder, a FIFO or device, a symlink loop) makes
them ``unreadable``, an error.

A quote found exactly once is *anchored*. A quote found more than once is *ambiguous*, unless
its citation's ``prefix`` (white space folded) matches the text just before exactly one of the
occurrences, or its ``occurrence: N`` picks the N-th of them in text order (when both are
given, the N-th place must also follow the prefix); an ``occurrence`` beyond the places found,
or one the prefix contradicts, is reported with the count, never moved to another place. A
quote not found is an *orphan*: it is never re-anchored to a passage that merely looks like it;
the closest passage is named in the message as a hint only.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from dprkgraph.model import Anchor, Citation, Dataset, Event

__all__ = [
    "CONTEXT",
    "Anchor",
    "FingerprintChange",
    "Fingerprinted",
    "QuoteCheck",
    "anchor_quotes",
    "fingerprint",
    "fingerprint_changes",
    "locate_citations",
    "normalise",
    "record_fingerprints",
    "verify_quotes",
]

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_COMMON = 200  # a three-word run found more often than this is boilerplate, not evidence
_SLACK = 3  # words a matching passage may have gained or lost before the quote's runs


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome for one quoted citation."""

    event: str
    where: str
    source: str
    quote: str
    found: bool
    reason: str = ""


def normalise(text: str) -> str:
    """``text`` with each run of white space as one space, trimmed: what quotes match in.

    >>> normalise("  two\\n\\tlines ")
    'two lines'
    """
    return _SPACE.sub(" ", text).strip()


_normalise = normalise


class _Index:
    """Where each run of three words occurs in a source text, to find the passage closest to
    a quote in time proportional to the text once, then to the quote.

    Words are compared lower-cased and without punctuation, so a passage differing from the
    quote in a word, an apostrophe or a comma is still found. Each three-word run the quote
    shares with the text votes for where the quote would start in the text; the place with
    the most votes, give or take a few words, is the suggestion. Runs found more than
    ``_COMMON`` times (boilerplate) do not vote, which bounds the work for any quote.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        self.starts = [a for a, _, _ in spans]
        self.ends = [b for _, b, _ in spans]
        words = [w for _, _, w in spans]
        self.words = words
        self._runs: dict[int, dict[str, list[int]]] = {}

    def _places(self, size: int) -> dict[str, list[int]]:
        """Where each run of ``size`` words starts; built on first use."""
        if size not in self._runs:
            runs: dict[str, list[int]] = {}
            words = self.words
            for i in range(len(words) - size + 1):
                runs.setdefault(" ".join(words[i : i + size]), []).append(i)
            self._runs[size] = runs
        return self._runs[size]

    def closest(self, quote: str) -> str:
        """The passage of the text most like ``quote``, or "" if they share no word."""
        words = [m.group().lower() for m in _WORD.finditer(quote)]
        if not words:
            return ""
        votes: Counter[int] = Counter()
        for size in (3, 1):  # single words only when no three-word run is shared
            runs = self._places(size)
            for j in range(len(words) - size + 1):
                places = runs.get(" ".join(words[j : j + size]), ())
                if len(places) <= _COMMON:
                    votes.update(i - j for i in places)
            if votes:
                break
        if not votes:
            return ""
        # Words inserted or dropped shift the start a little: count votes a few words apart
        # together, then check the best few places against the quote itself.
        near: Counter[int] = Counter()
        for start, n in votes.items():
            for shift in range(-_SLACK, _SLACK + 1):
                near[start + shift] += n
        best = max(
            (p for p, _ in near.most_common(5)),
            key=lambda p: (self._match(words, p, p + len(words)).ratio(), -abs(p)),
        )
        # Widen the place by the slack, then keep what lies between the first and the last
        # word that match the quote.
        lo, hi = best - _SLACK, best + len(words) + _SLACK
        blocks = [b for b in self._match(words, lo, hi).get_matching_blocks() if b.size]
        if not blocks:
            return ""
        lo = max(0, lo)
        first, last = lo + blocks[0].b, lo + blocks[-1].b + blocks[-1].size - 1
        return self.text[self.starts[first] : self.ends[last]]

    def _match(self, words: list[str], lo: int, hi: int) -> SequenceMatcher[str]:
        window = self.words[max(0, lo) : max(0, hi)]
        return SequenceMatcher(None, words, window, autojunk=False)


def _cited(event: Event) -> list[tuple[str, Citation]]:
    """Every quoted citation of ``event`` and its claims, with where it is in the event."""
    out = [(f"sources[{i}]", c) for i, c in enumerate(event.sources) if c.quote]
    for j, claim in enumerate(event.claims):
        out += [(f"claims[{j}].sources[{i}]", c) for i, c in enumerate(claim.sources) if c.quote]
    return out


def _quoted(event: Event) -> list[tuple[str, str, str]]:
    return [(where, c.source, c.quote or "") for where, c in _cited(event)]


def verify_quotes(dataset: Dataset, sources_dir: str | Path) -> list[QuoteCheck]:
    """Check every quote of every event and claim against ``sources_dir/<source-id>.txt``.

    Returns one :class:`QuoteCheck` per quote, in dataset order; ``found`` is False where the
    quote is not in the text or the text file does not exist.
    """
    directory = Path(sources_dir)
    texts: dict[str, str | _NoText] = {}
    indexes: dict[str, _Index] = {}
    results = []
    for event in dataset.events:
        for where, source, quote in _quoted(event):
            if source not in texts:
                try:
                    texts[source] = _read(directory, source)
                except _NoText as missing:
                    texts[source] = missing
            text = texts[source]
            if isinstance(text, _NoText):
                results.append(QuoteCheck(event.id, where, source, quote, False, str(text)))
            elif _normalise(quote) in text:
                results.append(QuoteCheck(event.id, where, source, quote, True))
            else:
                if source not in indexes:
                    indexes[source] = _Index(text)
                near = indexes[source].closest(_normalise(quote))
                why = (
                    f"not in the source; closest passage: {near!r}"
                    if near
                    else "not in the source, and no passage of it is like the quote"
                )
                results.append(QuoteCheck(event.id, where, source, quote, False, why))
    return results


CONTEXT = 32
"""Characters of normalised text kept before and after an anchored quote (as Hypothesis
does) for the ``oa:TextQuoteSelector``'s ``prefix`` and ``suffix``."""


def _occurrences(text: str, quote: str) -> list[int]:
    """Every start of ``quote`` in ``text``, overlapping ones included."""
    found, at = [], text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _read(directory: Path, source: str) -> str:
    """The normalised text of ``source``; :class:`_NoText` with why when there is none.

    Only a name that leads nowhere is a missing text. Anything else at that name that is not
    a readable UTF-8 file (a folder, a FIFO or device, a symlink loop, bytes that are not
    UTF-8) is an unreadable one: never opened when it is not a regular file.
    """
    path = directory / f"{source}.txt"
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as err:
        if path.is_symlink():
            raise _NoText(f"{path} cannot be read: it is a link to nothing", missing=False) from err
        raise _NoText(f"no text file {path}") from err
    except OSError as err:  # a symlink loop, a folder that cannot be searched …
        raise _NoText(f"{path} cannot be read: {err.strerror}", missing=False) from err
    if stat.S_ISDIR(mode):
        raise _NoText(f"{path} cannot be read: it is a folder", missing=False)
    if not stat.S_ISREG(mode):
        raise _NoText(
            f"{path} cannot be read: it is not a regular file (a FIFO, socket or device)",
            missing=False,
        )
    try:
        return normalise(path.read_bytes().decode("utf-8-sig"))
    except OSError as err:
        raise _NoText(f"{path} cannot be read: {err.strerror}", missing=False) from err
    except UnicodeDecodeError as err:
        raise _NoText(
            f"{path} is not UTF-8 text (byte {err.start}); save it as UTF-8", missing=False
        ) from err


class _NoText(Exception):
    """A source has no readable text; the message says why. ``missing`` when there is no
    file at all (its quotes are unchecked), else the file is there but cannot be read."""

    def __init__(self, message: str, *, missing: bool = True) -> None:
        super().__init__(message)
        self.missing = missing


def anchor_quotes(dataset: Dataset, sources_dir: str | Path) -> list[Anchor]:
    """Anchor every quote of every event and claim in ``sources_dir/<source-id>.txt``.

    Returns one :class:`Anchor` per quoted citation, in dataset order (events, then each
    event's claims). Nothing is ever anchored fuzzily: a quote not found verbatim (white space
    folded) is an orphan, with the closest passage of the text named in ``reason`` as a hint.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "src.txt").write_text("Talks opened. Then  Alphaland left\\nthe table.")
    >>> a = [x for x in anchor_quotes(dataset, d) if x.event == "walkout"][0]
    >>> a.status, a.start, a.end, a.prefix, a.suffix
    ('anchored', 19, 33, 'Talks opened. Then ', ' the table.')
    """
    directory = Path(sources_dir)
    texts: dict[str, str | _NoText] = {}
    indexes: dict[str, _Index] = {}
    out = []
    for event in dataset.events:
        for where, cite in _cited(event):
            source, quote = cite.source, normalise(cite.quote or "")
            if source not in texts:
                try:
                    texts[source] = _read(directory, source)
                except _NoText as missing:
                    texts[source] = missing
            text = texts[source]
            base = (event.id, where, source, cite.quote or "")
            if isinstance(text, _NoText):
                status = "no-text" if text.missing else "unreadable"
                out.append(Anchor(*base, status, reason=str(text)))
                continue
            places = _occurrences(text, quote) if quote else []
            chosen = places
            if len(places) > 1 and cite.prefix:
                want = normalise(cite.prefix)
                chosen = [p for p in places if normalise(text[:p]).endswith(want)]
            n = cite.occurrence
            if n is not None and places:
                why = ""
                if n > len(places):
                    why = (
                        f"occurrence {n} asked for, but the quote is found {len(places)} "
                        f"time{'s' if len(places) != 1 else ''} in the source; give an "
                        f"occurrence from 1 to {len(places)}"
                    )
                elif places[n - 1] not in chosen:
                    which = ", ".join(str(places.index(p) + 1) for p in chosen) or "none"
                    why = (
                        f"occurrence {n} is not preceded by the citation's prefix "
                        f"{cite.prefix!r} (it precedes occurrence {which}); correct one "
                        "of them"
                    )
                if why:
                    out.append(Anchor(*base, "bad-occurrence", len(places), reason=why))
                    continue
                chosen = [places[n - 1]]
            if len(chosen) == 1:
                at = chosen[0]
                out.append(
                    Anchor(
                        *base,
                        "anchored",
                        len(places),
                        at,
                        at + len(quote),
                        text[max(0, at - CONTEXT) : at],
                        text[at + len(quote) : at + len(quote) + CONTEXT],
                    )
                )
            elif places:
                why = (
                    f"found {len(places)} times in the source"
                    + (
                        f", and the citation's prefix {cite.prefix!r} picks {len(chosen)} of them"
                        if cite.prefix
                        else ""
                    )
                    + (
                        "; give the citation a `prefix:` with the text just before the "
                        "occurrence meant, or an `occurrence:` from 1 to "
                        f"{len(chosen)}"
                        if chosen
                        else "; correct the prefix"
                    )
                )
                out.append(Anchor(*base, "ambiguous", len(places), reason=why))
            else:
                if source not in indexes:
                    indexes[source] = _Index(text)
                near = indexes[source].closest(quote)
                why = (
                    f"not in the source (not re-anchored; closest passage, a hint only: {near!r})"
                    if near
                    else "not in the source, and no passage of it is like the quote"
                )
                out.append(Anchor(*base, "orphan", reason=why))
    return out


_WHERE = re.compile(r"(\w+)\[(\d+)\]")


def locate_citations(
    data_path: str | Path | None, anchors: Iterable[Anchor]
) -> dict[tuple[str, str], tuple[Path, int, int]]:
    """Where each anchor's citation is written: ``(event, where)`` → ``(file, line, column)``
    of its quote (line and column from 1; both 0 when only the file is known).

    The dataset's event files are read again, with positions, only for the events named, so
    this costs nothing until there is a problem to report. ``data_path`` is what
    :func:`~dprkgraph.loader.load` was given (None for the bundled dataset); a citation that
    cannot be found in the files (they changed since, or a Parquet dataset) is left out or
    placed at the file only.
    """
    from dprkgraph.load_files import read_file
    from dprkgraph.load_jsonl import parse_jsonl
    from dprkgraph.load_yaml import parse_yaml
    from dprkgraph.loader import bundled_data_dir, dataset_files

    wanted: dict[str, list[str]] = {}
    for a in anchors:
        wanted.setdefault(a.event, []).append(a.where)
    root = Path(data_path) if data_path is not None else bundled_data_dir()
    if not wanted:
        return {}
    if not root.is_dir():  # a single-file dataset (Parquet): the file is all there is
        return {(e, w): (root, 0, 0) for e, places in wanted.items() for w in places}
    out: dict[tuple[str, str], tuple[Path, int, int]] = {}
    for path in dataset_files(root)["events"]:
        read = read_file(path, "events", [])
        if read is None:
            continue
        parse = parse_jsonl if path.suffix == ".jsonl" else parse_yaml
        parsed = parse(path, "events", [], read.data)
        if parsed is None:
            continue
        for index, record in enumerate(parsed.records):
            event = record.get("id") if isinstance(record, dict) else None
            if not isinstance(event, str):
                continue
            for where in wanted.get(event, ()):
                loc: list[str | int] = []
                for name, i in _WHERE.findall(where):
                    loc += [name, int(i)]
                line, column = parsed.where(("events", index, *loc, "quote"))
                out[(event, where)] = (path, line, column)
    return out


def fingerprint(path: str | Path) -> str:
    """The SHA-256 of a file's bytes in lower-case hex, as ``Source.sha256`` records it."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class FingerprintChange:
    """A source text whose fingerprint is no longer the one recorded, and the quotes citing
    it that no longer match it (found zero or several times)."""

    source: str
    recorded: str
    current: str
    broken: tuple[Anchor, ...]


def fingerprint_changes(
    dataset: Dataset, sources_dir: str | Path, anchors: list[Anchor] | None = None
) -> list[FingerprintChange]:
    """Sources with a recorded ``sha256`` whose text file in ``sources_dir`` now differs.

    A source without a recorded fingerprint, or without a text file, is not listed (the
    quotes report names missing files). ``anchors`` may pass :func:`anchor_quotes`'s result
    to avoid anchoring twice.
    """
    directory = Path(sources_dir)
    if anchors is None:
        anchors = anchor_quotes(dataset, directory)
    out = []
    for s in dataset.sources:
        path = directory / f"{s.id}.txt"
        if s.sha256 is None or not path.is_file():
            continue
        now = fingerprint(path)
        if now != s.sha256:
            broken = tuple(a for a in anchors if a.source == s.id and not a.anchored)
            out.append(FingerprintChange(s.id, s.sha256, now, broken))
    return out


_ITEM = re.compile(
    r"^(?P<dash>[ \t]*)-[ \t]+id:[ \t]*(?P<q>['\"]?)(?P<id>[^'\"#\s]+)(?P=q)[ \t]*(#.*)?$"
)


def _set_sha(lines: list[str], source: str, digest: str) -> bool:
    """Put ``sha256: digest`` under the ``- id: source`` line of a block-style YAML list;
    False when no such line is found (a flow-style or unusual layout)."""
    for i, line in enumerate(lines):
        m = _ITEM.match(line.rstrip("\r\n"))
        if not m or m["id"] != source:
            continue
        indent = " " * line.index("id:")
        end = "\r\n" if line.endswith("\r\n") else "\n"
        j = i + 1
        while j < len(lines):  # the item's other keys: lines indented past its dash
            body = lines[j].rstrip("\r\n")
            if body.strip() and not body.startswith(indent):
                break
            if body.startswith(indent + "sha256:"):
                lines[j] = f"{indent}sha256: {digest}{end}"
                return True
            j += 1
        if not line.endswith(("\n", "\r")):
            lines[i] = line + end
        lines.insert(i + 1, f"{indent}sha256: {digest}{end}")
        return True
    return False


@dataclass(frozen=True)
class Fingerprinted:
    """A source whose recorded fingerprint :func:`record_fingerprints` set or changed."""

    source: str
    path: Path
    old: str | None
    new: str


def record_fingerprints(data_dir: str | Path, sources_dir: str | Path) -> list[Fingerprinted]:
    """Write each source text's SHA-256 into the dataset's sources YAML file, as ``sha256:``.

    Only sources with a text ``sources_dir/<id>.txt`` are fingerprinted. The file is edited
    as text, not re-serialised: for each source whose fingerprint is new or changed, the
    ``sha256:`` line under its ``- id:`` line is replaced, or inserted just below it; every
    other byte (comments, order, quoting) stays as it was. The file is written atomically,
    and only if something changed.

    Raises
    ------
    LoadError
        If the dataset does not load, or a source to fingerprint is not written in the block
        style (``- id: …`` on its own line) that can be edited safely.
    """
    from dprkgraph.errors import LoadError, Problem
    from dprkgraph.loader import dataset_files, load
    from dprkgraph.output import atomic_write

    data, texts = Path(data_dir), Path(sources_dir)
    dataset = load(data, cache=False)
    files = dataset_files(data)["sources"]
    contents = {
        p: p.read_text(encoding="utf-8").splitlines(keepends=True)
        for p in files
        if p.suffix in (".yaml", ".yml")
    }
    done: list[Fingerprinted] = []
    problems = []
    for s in dataset.sources:
        path = texts / f"{s.id}.txt"
        if not path.is_file():
            continue
        digest = fingerprint(path)
        if digest == s.sha256:
            continue
        where = next((p for p, lines in contents.items() if _set_sha(lines, s.id, digest)), None)
        if where is None:
            problems.append(
                Problem(
                    files[0] if files else data,
                    0,
                    0,
                    f"source {s.id!r}: no `- id: {s.id}` line to put its sha256 under",
                    f"add `sha256: {digest}` to it by hand",
                )
            )
            continue
        done.append(Fingerprinted(s.id, where, s.sha256, digest))
    if problems:
        raise LoadError(problems)
    for p in dict.fromkeys(f.path for f in done):
        with atomic_write(p, "w", encoding="utf-8", newline="") as out:
            out.write("".join(contents[p]))
    return done
