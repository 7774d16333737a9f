"""Fast N-Triples and Turtle writers that stream the mapping of :mod:`dprkgraph.rdfmap`
straight to text, without building an rdflib graph: for exports of hundreds of thousands of
events. The output is the same graph as :func:`dprkgraph.rdf.serialize` writes (a test checks
they are isomorphic); only the layout differs.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from dprkgraph.formats import DEFAULT_BASE_IRI
from dprkgraph.model import Dataset
from dprkgraph.output import atomic_write
from dprkgraph.rdfmap import PREFIXES, TYPE, Lit, Triple, blocks, node_prefixes

__all__ = ["STREAM_FORMATS", "stream_ntriples", "stream_turtle", "write_stream"]

#: The formats these writers produce.
STREAM_FORMATS = ("ntriples", "turtle")

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*", re.ASCII)


def _quoted(text: str) -> str:
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)
    return f'"{text}"'


def _nt_literal(lit: Lit) -> str:
    if lit.lang:
        return f"{_quoted(lit.value)}@{lit.lang}"
    if lit.datatype:
        return f"{_quoted(lit.value)}^^<{lit.datatype}>"
    return _quoted(lit.value)


def stream_ntriples(
    dataset: Dataset, *, base_iri: str = DEFAULT_BASE_IRI, lang: str | None = "en"
) -> Iterator[str]:
    """The dataset as N-Triples, one chunk of lines per record."""
    for block in blocks(dataset, base_iri=base_iri, lang=lang):
        lines = []
        last = subject = None
        for s, p, o in dict.fromkeys(block.triples):
            if s is not last:  # consecutive triples mostly share a subject: format it once
                last, subject = s, f"<{s}> <"
            if o.__class__ is str:
                lines.append(f"{subject}{p}> <{o}> .\n")
            else:
                lines.append(f"{subject}{p}> {_nt_literal(o)} .\n")  # type: ignore[arg-type]
        yield "".join(lines)


class _Prefixes:
    def __init__(self, base_iri: str) -> None:
        named = {**PREFIXES, **node_prefixes(base_iri)}
        # Longest namespace first, so event/… wins over a shorter base that also matches.
        self.ordered = sorted(named.items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str] = {}

    def header(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(self.ordered)) + "\n"

    def name(self, iri: str) -> str:
        found = self.cache.get(iri)
        if found is None:
            found = f"<{iri}>"
            for prefix, ns in self.ordered:
                if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns) :]):
                    found = f"{prefix}:{iri[len(ns) :]}"
                    break
            self.cache[iri] = found
        return found

    def term(self, value: str | Lit) -> str:
        if not isinstance(value, Lit):
            return self.name(value)
        if value.lang:
            return f"{_quoted(value.value)}@{value.lang}"
        if value.datatype:
            return f"{_quoted(value.value)}^^{self.name(value.datatype)}"
        return _quoted(value.value)


def _subject_blocks(triples: Iterable[Triple]) -> dict[str, list[tuple[str, str | Lit]]]:
    grouped: dict[str, list[tuple[str, str | Lit]]] = {}
    for s, p, o in dict.fromkeys(triples):
        grouped.setdefault(s, []).append((p, o))
    return grouped


def stream_turtle(
    dataset: Dataset, *, base_iri: str = DEFAULT_BASE_IRI, lang: str | None = "en"
) -> Iterator[str]:
    """The dataset as Turtle: the prefixes, then one paragraph per subject."""
    names = _Prefixes(base_iri)
    yield names.header()
    for block in blocks(dataset, base_iri=base_iri, lang=lang):
        parts = []
        for subject, pairs in _subject_blocks(block.triples).items():
            body = " ;\n    ".join(
                f"{'a' if p == TYPE else names.name(p)} {names.term(o)}" for p, o in pairs
            )
            parts.append(f"{names.name(subject)} {body} .\n\n")
        yield "".join(parts)


def write_stream(
    dataset: Dataset, path: str | Path, format: str, *, base_iri: str = DEFAULT_BASE_IRI
) -> None:
    """Write N-Triples or Turtle to ``path`` with the streaming writers, atomically.

    The text is handed to the file in blocks of about a megabyte by a second thread, so on a
    machine with two cores the operating system copies one block to disk while the next one
    is being made; for a file of a gigabyte that copying is a large share of the time.
    """
    writer = {"ntriples": stream_ntriples, "turtle": stream_turtle}[format]
    handle: IO[bytes]
    with atomic_write(path, "wb") as handle:
        _write_behind(handle, writer(dataset, base_iri=base_iri))


def _write_behind(
    handle: IO[bytes], chunks: Iterable[str], *, block: int = 1 << 20, ahead: int = 4
) -> None:
    """Write ``chunks`` as UTF-8 to ``handle`` in order, from one worker thread, with at most
    ``ahead`` blocks waiting; an error on either side stops the writing and is raised here."""
    from concurrent.futures import Future, ThreadPoolExecutor

    waiting: deque[Future[int]] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dprkgraph-write") as pool:
        pending: list[str] = []
        size = 0
        for chunk in chunks:
            pending.append(chunk)
            size += len(chunk)
            if size >= block:
                waiting.append(pool.submit(handle.write, "".join(pending).encode("utf-8")))
                pending, size = [], 0
                if len(waiting) > ahead:
                    waiting.popleft().result()
        waiting.append(pool.submit(handle.write, "".join(pending).encode("utf-8")))
        while waiting:
            waiting.popleft().result()
