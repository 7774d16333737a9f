"""read_rdf on files someone else sent: nothing is fetched, nothing hangs, and only a
LoadError naming the file escapes."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest

from dprkgraph.errors import LoadError
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
