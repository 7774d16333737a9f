"""SPARQL: declared parameters of the shipped queries, the time limit, and no network access
unless asked for (proved with loopback listeners that record every connection)."""

from __future__ import annotations

import json
import socket
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph

import dprkgraph
from dprkgraph import Dataset
from dprkgraph.errors import EndpointError, MissingBindingError, QueryError, QueryTimeoutError
from dprkgraph.query import events
from dprkgraph.sparql import example_queries, query_parameters, sparql
from tests.loopback import Loopback, reply

SPO = "{ ?s ?p ?o }"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return dprkgraph.load()


def sparql_json(vars: list[str], rows: list[dict[str, str]]) -> bytes:
    bindings = [{k: {"type": "uri", "value": v} for k, v in row.items()} for row in rows]
    return json.dumps({"head": {"vars": vars}, "results": {"bindings": bindings}}).encode()


def endpoint_answer() -> Loopback:
    body = sparql_json(["s"], [{"s": "http://example.org/remote"}])
    return Loopback(reply("200 OK", body, "Content-Type: application/sparql-results+json\r\n"))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- no request the user did not ask for -------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { SERVICE <{url}/sparql> " + SPO + " }", "SERVICE.*--allow-service"),
        ("SELECT * WHERE { SERVICE SILENT <{url}/sparql> " + SPO + " }", "SERVICE"),
        ("SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE <{url}/q> " + SPO + " } }", "SERVICE"),
        ("SELECT * FROM <{url}/g.ttl> WHERE " + SPO, "FROM and FROM NAMED may only name graphs"),
        ("SELECT * FROM NAMED <{url}/g.ttl> WHERE { GRAPH ?g " + SPO + " }", "FROM"),
        ("ASK FROM <{url}/g.ttl> " + SPO, "FROM"),
        ("CONSTRUCT " + SPO + " FROM <{url}/g.ttl> WHERE " + SPO, "FROM"),
        ("LOAD <{url}/g.ttl>", "SPARQL error"),
        ("INSERT DATA { <urn:a> <urn:b> <{url}/g.ttl> }", "SPARQL error"),
    ],
)
def test_a_query_reaches_no_network_unless_told(query: str, message: str, bundled: Dataset) -> None:
    with endpoint_answer() as listener, pytest.raises(QueryError, match=message):
        sparql(bundled, query.replace("{url}", listener.url), timeout=10)
    assert listener.requests == []


def test_from_a_local_file_is_refused(bundled: Dataset, tmp_path: object) -> None:
    with pytest.raises(QueryError, match="FROM"):
        sparql(bundled, "SELECT * FROM <file:///etc/passwd> WHERE " + SPO)


def test_from_a_graph_of_the_dataset_is_fine(bundled: Dataset) -> None:
    graph = "https://w3id.org/dprkgraph/id/graph/fr-eo-13551"
    rows = sparql(
        bundled,
        f"SELECT DISTINCT ?e FROM <{graph}> WHERE {{ ?e a "
        "<http://semanticweb.cs.vu.nl/2009/11/sem/Event> }",
        as_frame=False,
    )
    whole = sparql(
        bundled,
        "SELECT DISTINCT ?e WHERE { GRAPH <" + graph + "> { ?e a "
        "<http://semanticweb.cs.vu.nl/2009/11/sem/Event> } }",
        as_frame=False,
    )
    assert isinstance(rows, list) and rows and rows == whole


def test_the_evaluating_process_cannot_open_sockets(bundled: Dataset) -> None:
    """The second wall: were the SERVICE check bypassed, the child still could not connect."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from dprkgraph.rdf import to_rdf
    from dprkgraph.sparql import _evaluate, _result

    with endpoint_answer() as listener:
        text = f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {SPO} }}"
        prepared = translateQuery(parseQuery(text))
        answer = _evaluate(to_rdf(bundled), prepared, {}, timeout=10, allow_service=False)
        with pytest.raises(QueryError, match=r"network access refused in a query"):
            _result(answer, text, [], as_frame=False)
    assert listener.requests == []


def test_service_when_allowed_asks_that_endpoint_only(bundled: Dataset) -> None:
    with endpoint_answer() as listener:
        rows = sparql(
            bundled,
            f"SELECT ?s WHERE {{ SERVICE <{listener.url}/sparql> {SPO} }}",
            as_frame=False,
            allow_service=True,
            timeout=10,
        )
    assert rows == [{"s": "http://example.org/remote"}]
    assert len(listener.requests) == 1
    assert listener.requests[0].split(b" ")[1].startswith(b"/sparql")


def test_service_to_a_closed_port_is_an_endpoint_error(
    bundled: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    url = f"http://127.0.0.1:{closed_port()}/sparql"
    with pytest.raises(EndpointError, match=r"could not be queried.*Connection refused"):
        sparql(
            bundled, f"SELECT * WHERE {{ SERVICE <{url}> {SPO} }}", allow_service=True, timeout=10
        )
    query = f"SELECT * WHERE {{ SERVICE <{url}> {SPO} }}"
    for extra in ([], ["--allow-service"]):
        assert main(["sparql", query, "--timeout", "10", *extra]) == 1
        err = capsys.readouterr().err
        assert err.startswith("dprkgraph: error: ") and "Traceback" not in err
        assert ("could not be queried" if extra else "--allow-service") in err


def test_an_allowed_service_that_never_answers_is_stopped(bundled: Dataset) -> None:
    def silent(conn: socket.socket, request: bytes, server: Loopback) -> None:
        server.stopping.wait(20)

    with Loopback(silent) as listener, pytest.raises(QueryTimeoutError):
        sparql(
            bundled,
            f"SELECT * WHERE {{ SERVICE <{listener.url}/s> {SPO} }}",
            allow_service=True,
            timeout=1,
        )


# --- the time limit ------------------------------------------------------------------------


def test_a_runaway_query_is_stopped(bundled: Dataset) -> None:
    with pytest.raises(QueryTimeoutError, match=r"stopped after 0.5 s") as info:
        sparql(bundled, CROSS, timeout=0.5)
    assert info.value.seconds == 0.5 and isinstance(info.value, TimeoutError)


def test_cli_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    from dprkgraph.cli import main

    assert main(["sparql", CROSS, "--timeout", "0.5"]) == 1
    assert "stopped after 0.5 s" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["-1", "soon", "nan", "inf"])
def test_cli_timeout_must_be_seconds(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    from dprkgraph.cli import main

    with pytest.raises(SystemExit) as info:
        main(["sparql", "ASK {}", "--timeout", bad])
    assert info.value.code == 2 and "not a number of seconds" in capsys.readouterr().err


def test_cli_default_timeout_is_the_library_default() -> None:
    from dprkgraph.cli import _parser
    from dprkgraph.sparql import DEFAULT_TIMEOUT

    args = _parser().parse_args(["sparql", "ASK {}"])
    assert args.timeout == DEFAULT_TIMEOUT


@pytest.mark.parametrize("timeout", [0, -1.0])
def test_api_timeout_must_be_positive(timeout: float, bundled: Dataset) -> None:
    with pytest.raises(QueryError, match="timeout"):
        sparql(bundled, "ASK {}", timeout=timeout)


def test_answers_come_back_typed_through_the_child(bundled: Dataset) -> None:
    rows = sparql(
        bundled,
        "events-by-actor-in-window",
        as_frame=False,
        actor="carter",
        start="2010-08",
        end="2010-08",
    )
    assert isinstance(rows, list) and rows
    assert all(isinstance(r["earliest"], date) and isinstance(r["title"], str) for r in rows)
    assert sparql(bundled, "ASK { ?s ?p ?o }", timeout=None) is True
    assert sparql(bundled, "ASK { <urn:nothing> ?p ?o }") is False
    built = sparql(
        bundled,
        "CONSTRUCT { ?e <urn:p> 'x' } WHERE { ?e a "
        "<http://semanticweb.cs.vu.nl/2009/11/sem/Event> } LIMIT 3",
    )
    assert isinstance(built, Graph) and len(built) == 3


# --- declared parameters -------------------------------------------------------------------


def test_shipped_queries_declare_what_they_need() -> None:
    declared = {
        name: [(p.name, p.kind) for p in query_parameters(name)] for name in example_queries()
    }
    assert declared["events-by-actor-in-window"] == [
        ("actor", "actor"),
        ("start", "start"),
        ("end", "end"),
    ]
    assert declared["led-to-chain"] == [("start", "event")]
    assert declared["contested-events"] == declared["citations"] == []


def carter(frame: object) -> list[str]:
    assert isinstance(frame, list)
    return sorted(r["event"].rsplit("/", 1)[1] for r in frame)


@pytest.mark.parametrize(
    "actor", ["actor:carter", "carter", "https://w3id.org/dprkgraph/id/actor/carter"]
)
@pytest.mark.parametrize(
    ("start", "end"),
    [("2010-08", "2010-08"), ("2010-08-01", "2010-08-31"), (date(2010, 8, 1), "2010-08-31")],
)
def test_actor_and_dates_are_read_as_everywhere_else(
    actor: str, start: object, end: object, bundled: Dataset
) -> None:
    rows = sparql(
        bundled, "events-by-actor-in-window", as_frame=False, actor=actor, start=start, end=end
    )
    assert carter(rows) == ["carter-meets-kim-yong-nam", "carter-pyongyang-visit", "gomes-release"]
    ids = {
        e.id
        for e in events(
            dprkgraph.build_graph(bundled), actor="carter", start="2010-08", end="2010-08"
        )
    }
    assert set(carter(rows)) == ids


def test_a_year_as_the_window(bundled: Dataset) -> None:
    rows = sparql(
        bundled, "events-by-actor-in-window", as_frame=False, actor="prk", start="2010", end="2010"
    )
    ids = {
        e.id for e in events(dprkgraph.build_graph(bundled), actor="prk", start="2010", end="2010")
    }
    assert set(carter(rows)) == ids and ids


@pytest.mark.parametrize(
    ("bindings", "error", "message"),
    [
        (
            {"actor": "prk", "start": "2010-03"},
            MissingBindingError,
            "needs a value for end: bind it with end=DATE",
        ),
        ({"start": "2010", "end": "2010"}, MissingBindingError, "needs a value for actor"),
        (
            {"actor": "prk", "start": "2010", "end": "2010", "limit": "5"},
            QueryError,
            "limit='5' is not valid: the query has no such parameter; it takes actor=ACTOR, "
            "start=DATE, end=DATE",
        ),
        (
            {"actor": "prkk", "start": "2010", "end": "2010"},
            QueryError,
            "actor='prkk' is not valid: unknown actor 'prkk' — did you mean 'prk'",
        ),
        (
            {"actor": "event:prk", "start": "2010", "end": "2010"},
            QueryError,
            "wants actor:ID or ID",
        ),
        ({"actor": "prk", "start": "March 2010", "end": "2010"}, QueryError, "start='March 2010'"),
        ({"actor": "prk", "start": "2011", "end": "2010"}, QueryError, "ends before it starts"),
        ({"actor": 5, "start": "2010", "end": "2010"}, QueryError, "give actor:ID or ID"),
    ],
)
def test_bad_bindings_name_the_parameter(
    bindings: dict[str, object], error: type[Exception], message: str, bundled: Dataset
) -> None:
    with pytest.raises(error, match=message):
        sparql(bundled, "events-by-actor-in-window", **bindings)


def test_led_to_chain_takes_an_event_id(bundled: Dataset) -> None:
    rows = sparql(bundled, "led-to-chain", as_frame=False, start="prk-rocket-launch-2009")
    assert carter(rows) == ["prk-withdraws-six-party-talks", "unsc-rebuke-2009"]
    with pytest.raises(QueryError, match="unknown event"):
        sparql(bundled, "led-to-chain", start="prk-rocket-launch-2099")


def test_an_undeclared_query_takes_only_its_variables(bundled: Dataset) -> None:
    with pytest.raises(QueryError, match=r"the query has no variable \?actr"):
        sparql(bundled, "SELECT ?e WHERE { ?e ?p ?actor }", actr="actor:prk")


def test_a_users_query_may_declare_parameters(bundled: Dataset) -> None:
    query = (
        "# @param who actor  Whose labels.\n"
        "SELECT ?n WHERE { ?who <http://www.w3.org/2000/01/rdf-schema#label> ?n }"
    )
    assert sparql(bundled, query, as_frame=False, who="kor") == [{"n": "South Korea"}]
    with pytest.raises(QueryError, match="@param"):
        query_parameters("# @param who person\nASK {}")


@given(st.text(max_size=200))
def test_parameter_declarations_parse_or_say_why(text: str) -> None:
    try:
        params = query_parameters(text)
    except QueryError as err:
        assert err.option == "@param"
    else:
        assert all(p.name.isidentifier() for p in params)


def test_cli_list_shows_parameters_and_binds_them(capsys: pytest.CaptureFixture[str]) -> None:
    from dprkgraph.cli import main

    assert main(["sparql", "--list"]) == 0
    out = capsys.readouterr().out
    assert "events-by-actor-in-window:" in out and "--bind actor=ACTOR" in out
    assert "--bind start=EVENT" in out
    assert (
        main(
            [
                "sparql",
                "events-by-actor-in-window",
                "--bind",
                "actor=carter",
                "--bind",
                "start=2010-08",
                "--bind",
                "end=2010-08",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip().endswith("3 rows")
    assert main(["sparql", "events-by-actor-in-window", "--bind", "actor=carter"]) == 1
    assert "needs a value for start" in capsys.readouterr().err
