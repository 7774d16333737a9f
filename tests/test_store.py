"""Pushing to a real triple store: an Oxigraph server started on a free loopback port."""

from __future__ import annotations

import json
import urllib.request

import pytest

import dprkgraph
from dprkgraph import Dataset
from dprkgraph.errors import EndpointError
from dprkgraph.sparql import example_queries, sparql
from dprkgraph.store import push
from tests.conftest import free_port as _free_port


def remote_select(url: str, query: str) -> list[dict[str, str]]:
    request = urllib.request.Request(
        f"{url}/query",
        data=query.encode(),
        method="POST",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        doc = json.load(response)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return dprkgraph.load()


def test_push_then_query_over_http_matches_local(server: str, bundled: Dataset) -> None:
    report = push(bundled, f"{server}/store")
    assert report.graphs[0][0] == "default" and report.triples > 1000
    for name in ("contested-events", "citations"):
        local = sparql(bundled, name, as_frame=False)
        remote = remote_select(server, example_queries()[name])
        assert isinstance(local, list)
        as_text = [{k: str(v) for k, v in row.items() if v is not None} for row in local]
        assert remote == as_text, name
    again = push(bundled, f"{server}/store")  # replace: nothing doubles
    count = remote_select(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(count[0]["n"]) == again.triples


def test_push_per_source_named_graphs(server: str, bundled: Dataset) -> None:
    report = push(bundled, f"{server}/store", per_source=True, graph="http://example.org/meta")
    names = {g for g, _ in report.graphs}
    assert "http://example.org/meta" in names
    assert any(g.endswith("/graph/fr-eo-13551") for g in names)
    rows = remote_select(server, example_queries()["events-by-source-graph"])
    local = sparql(bundled, "events-by-source-graph", as_frame=False)
    assert isinstance(local, list)
    assert {r["graph"]: int(r["events"]) for r in rows} == {r["graph"]: r["events"] for r in local}


def test_merge_adds_to_a_graph(server: str, make_dataset, bundled: Dataset) -> None:  # type: ignore[no-untyped-def]
    small = dprkgraph.load(make_dataset())
    target = "http://example.org/g"
    push(small, f"{server}/store", graph=target)
    push(bundled, f"{server}/store", graph=target, mode="merge")
    query = (
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <http://example.org/g> "
        "{ ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> } }"
    )
    assert int(remote_select(server, query)[0]["n"]) == len(bundled.events) + len(small.events)


def test_http_errors_are_reported(server: str, bundled: Dataset) -> None:
    with pytest.raises(EndpointError, match="HTTP 404") as info:
        push(bundled, f"{server}/nothing-here")
    assert info.value.status == 404


def test_unreachable_endpoint(bundled: Dataset) -> None:
    with pytest.raises(EndpointError, match="cannot reach the store"):
        push(bundled, f"http://127.0.0.1:{_free_port()}/store", timeout=5)


def test_cli_push(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    from dprkgraph.cli import main

    assert main(["push", f"{server}/store", "--per-source"]) == 0
    assert "triples replaced" in capsys.readouterr().out
    assert main(["push", f"http://127.0.0.1:{_free_port()}/store"]) == 1
    assert "cannot reach the store" in capsys.readouterr().err


@pytest.mark.parametrize("path", ["", "/query", "/update"])
def test_a_real_store_at_the_wrong_address_is_an_error(
    path: str, server: str, bundled: Dataset
) -> None:
    with pytest.raises(EndpointError) as info:
        push(bundled, f"{server}{path}", timeout=30)
    assert info.value.status is not None and info.value.status >= 300
    assert remote_select(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": "0"}]


def test_merge_then_replace_on_a_real_store_counts_what_it_holds(
    server: str, bundled: Dataset
) -> None:
    first = push(bundled, f"{server}/store", mode="merge", timeout=30)
    second = push(bundled, f"{server}/store", mode="merge", timeout=30)
    count = remote_select(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert first.triples == second.triples == int(count[0]["n"])  # a set: merging twice adds none
