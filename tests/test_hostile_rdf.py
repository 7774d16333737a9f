"""read_rdf on files someone else sent: nothing is fetched, nothing hangs, and only a
LoadError naming the file escapes."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprkgraph.errors import DprkGraphError, LoadError
from dprkgraph.rdf import read_rdf
from tests.loopback import Loopback, reply

TRIPLE = {"@id": "http://example.org/a", "http://example.org/p": "v"}


def remote_contexts(url: str) -> list[object]:
    """Every way a JSON-LD document can ask its reader to fetch a context."""
    return [
        {"@context": f"{url}/ctx.jsonld", **TRIPLE},
        {"@context": [{"ex": "http://example.org/"}, f"{url}/ctx.jsonld"], **TRIPLE},
        {"@context": {"@import": f"{url}/ctx.jsonld"}, **TRIPLE},
        {"@graph": [{"@context": f"{url}/ctx.jsonld", **TRIPLE}]},
        {
            "@context": {"ex": {"@id": "http://example.org/ex", "@context": f"{url}/c"}},
            **TRIPLE,
        },
        [{"@context": f"{url}/ctx.jsonld", **TRIPLE}],
    ]


@pytest.mark.parametrize("index", range(len(remote_contexts(""))))
def test_a_remote_jsonld_context_is_refused_not_fetched(tmp_path: Path, index: int) -> None:
    answer = reply("200 OK", b'{"@context": {}}', "Content-Type: application/ld+json\r\n")
    with Loopback(answer) as server:
        path = tmp_path / "sent.jsonld"
        path.write_text(json.dumps(remote_contexts(server.url)[index], indent=1))
        with pytest.raises(LoadError, match="remote @context") as info:
            read_rdf(path)
        assert server.requests == []
    (problem,) = info.value.errors
    assert problem.path == path and problem.line > 0
    assert "inline" in problem.hint


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("bad.ttl", "<http://example.org/a> <http://example.org/p> .\n", ""),
        ("bad.nt", "<a> <b> <c> .\n", ""),
        ("bad.jsonld", '{"@id": "http://example.org/a",\n  "x": }', ":2:8"),
        ("bad.jsonld", '{"@id": "x", "@id": "y"}', ""),
        ("bad.rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", ":1:66"),
        ("bad.trig", "<a> <b> {{ ]", ""),
        ("bad.nq", "<http://example.org/a> <http://example.org/p> .\n", ""),
        ("bad.ttl", "\udcff", ""),
    ],
)
def test_a_file_that_is_not_rdf_is_a_load_error_naming_it(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(LoadError) as info:
        read_rdf(path)
    (problem,) = info.value.errors
    assert str(problem).startswith(f"{path}{where}: ")


def test_xml_entities_are_never_fetched(tmp_path: Path) -> None:
    with Loopback(reply("200 OK", b"secret")) as server:
        path = tmp_path / "sent.rdf"
        path.write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{server.url}/e">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:e="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
            "<e:p>&x;</e:p></rdf:Description></rdf:RDF>\n"
        )
        with contextlib.suppress(LoadError):  # an undefined entity may be an error or not
            read_rdf(path)
        assert server.requests == []


@pytest.mark.parametrize("kind", ["missing", "folder", "fifo", "loop"])
def test_what_is_not_a_regular_file_is_reported_not_read(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.ttl"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer for ever
    elif kind == "loop":
        path.symlink_to(path)
    with pytest.raises(LoadError) as info:
        read_rdf(path)
    assert info.value.errors[0].path == path


def _export() -> list[tuple[str, str, str]]:
    """The bundled dataset's export as N-Triples terms, one tuple a triple."""
    from rdflib import Graph

    import dprkgraph
    from dprkgraph.rdf import serialize

    g = Graph().parse(data=serialize(dprkgraph.load(), "ntriples"), format="nt")
    return sorted((s.n3(), p.n3(), o.n3()) for s, p, o in g)


EXPORT = _export()
_terms = st.one_of(
    st.sampled_from([o for _, _, o in EXPORT]),
    st.sampled_from([s for s, _, _ in EXPORT]),
    st.sampled_from(["_:a", '""', '"x"@en', '"-1"', '"NaN"', '"2010-02-30"', '"1e400"']),
    st.tuples(
        st.sampled_from(["2010", "x", "-5", "1.5", "NaN", "2010-13", "99999"]),
        st.sampled_from(["integer", "decimal", "date", "gYear", "gYearMonth", "double"]),
    ).map(lambda t: f'"{t[0]}"^^<http://www.w3.org/2001/XMLSchema#{t[1]}>'),
)
_edits = st.tuples(
    st.lists(st.integers(0, len(EXPORT) - 1), max_size=40),  # triples left out
    st.lists(st.tuples(st.integers(0, len(EXPORT) - 1), _terms), max_size=10),  # objects changed
    st.lists(st.tuples(st.integers(0, len(EXPORT) - 1), _terms), max_size=5),  # triples added
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_edits)
def test_an_edited_export_reads_back_or_is_a_documented_error(
    edits: tuple[list[int], list[tuple[int, str]], list[tuple[int, str]]],
) -> None:
    """The export with triples left out, objects changed and triples added (someone else's
    file, or a store's): read_rdf answers or raises a DprkGraphError."""
    dropped, changed, added = edits
    triples = [list(t) for t in EXPORT]
    for index, term in changed:
        triples[index][2] = term
    triples += [[EXPORT[i][0], EXPORT[i][1], term] for i, term in added]
    gone = set(dropped)
    text = "".join(f"{s} {p} {o} .\n" for i, (s, p, o) in enumerate(triples) if i not in gone)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.nt"
        path.write_text(text)
        with contextlib.suppress(DprkGraphError):
            read_rdf(path)
