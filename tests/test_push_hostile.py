"""push against stores that misbehave: loopback servers that redirect, fail, lie, trickle,
speak something else or hang up; credentials; endpoints that are not URLs."""

from __future__ import annotations

import base64
import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dprkgraph
from dprkgraph import Dataset
from dprkgraph.errors import PushError, QueryError
from dprkgraph.store import Credentials, credentials_for, push
from tests.loopback import Loopback, reply

QUICK = 2.0  # seconds: the --timeout where a test expects the deadline to pass
ENOUGH = 30.0  # where it expects an answer from a loopback server


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return dprkgraph.load()


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DPRKGRAPH_TOKEN", "DPRKGRAPH_USER", "DPRKGRAPH_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))


def trickle(conn: socket.socket, request: bytes, server: Loopback) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(100):  # at most ~20 s, far past the client's limit
        if server.stopping.wait(0.2):
            return
        conn.sendall(b"X")


def garbage(conn: socket.socket, request: bytes, server: Loopback) -> None:
    conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02 not http at all\r\n\r\n")


def hang_up(conn: socket.socket, request: bytes, server: Loopback) -> None:
    conn.shutdown(socket.SHUT_RDWR)


HTML = b"<!DOCTYPE html><html><title>Login</title><body>Please sign in</body></html>"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            reply("302 Found", headers="Location: http://127.0.0.1:9/elsewhere\r\n"),
            r"HTTP 302 Found, redirecting to http://127\.0\.0\.1:9/elsewhere; "
            r"a write is not re-sent",
        ),
        (reply("307 Temporary Redirect", headers="Location: /store2\r\n"), "HTTP 307"),
        (
            reply("500 Internal Server Error", b"disk full"),
            "HTTP 500 Internal Server Error: disk full",
        ),
        (
            reply("200 OK", HTML, "Content-Type: text/html\r\n"),
            "HTML page, not a Graph Store reply",
        ),
        (reply("200 OK", HTML), "HTML page"),  # no Content-Type: the body gives it away
        (reply("202 Accepted"), "does not confirm that the data was stored"),
        (reply("401 Unauthorized"), "wants credentials: set DPRKGRAPH_TOKEN"),
        (trickle, "no complete answer within the time limit of 2 s"),
        (garbage, "does not answer in HTTP"),
        (hang_up, "closed the connection without an answer"),
    ],
    ids=[
        "302",
        "307",
        "500",
        "html-200",
        "html-200-untyped",
        "202",
        "401",
        "trickle",
        "garbage",
        "closed",
    ],
)
@pytest.mark.parametrize("mode", ["replace", "merge"])
def test_a_misbehaving_store_is_an_error_and_nothing_is_resent(
    answer: object, message: str, mode: str, bundled: Dataset
) -> None:
    with (
        Loopback(answer) as server,  # type: ignore[arg-type]
        pytest.raises(PushError, match=message) as info,
    ):
        push(
            bundled,
            f"{server.url}/store",
            mode=mode,  # type: ignore[arg-type]
            timeout=QUICK if answer is trickle else ENOUGH,
        )
    assert server.methods() == ["PUT" if mode == "replace" else "POST"]
    assert info.value.written == () and info.value.failed == "default"


def test_the_deadline_covers_the_whole_push(bundled: Dataset) -> None:
    """Three graphs that each answer slowly but in time: the push stops at one deadline."""

    def slow_ok(conn: socket.socket, request: bytes, server: Loopback) -> None:
        server.stopping.wait(0.8)
        reply("204 No Content")(conn, request, server)

    with Loopback(slow_ok) as server, pytest.raises(PushError, match="time limit") as info:
        push(bundled, f"{server.url}/store", per_source=True, timeout=QUICK)
    # each answer takes at least 0.8 s, so at most two fit in 2 s, whatever the machine's speed
    assert len(info.value.written) <= 2 and info.value.unsent


def test_a_half_done_per_source_push_names_what_was_written(bundled: Dataset) -> None:
    def third_fails(conn: socket.socket, request: bytes, server: Loopback) -> None:
        ok = len(server.requests) <= 2
        reply("204 No Content" if ok else "503 Service Unavailable")(conn, request, server)

    with Loopback(third_fails) as server, pytest.raises(PushError) as info:
        push(bundled, f"{server.url}/store", per_source=True, timeout=ENOUGH)
    err = info.value
    sent_graphs = [r.split(b" ", 2)[1].decode() for r in server.requests]
    assert len(err.written) == 2 and err.failed and err.unsent[-1] == "default"
    for (graph, triples), target in zip(err.written, sent_graphs, strict=False):
        assert triples > 0
        assert target.endswith("?graph=" + graph.replace(":", "%3A").replace("/", "%2F"))
    text = str(err)
    assert "HTTP 503" in text
    assert f"already replaced (the store keeps these): {err.written[0][0]} " in text
    assert f"failed: {err.failed}" in text and "not sent: " + ", ".join(err.unsent) in text


def test_success_is_a_graph_store_reply(bundled: Dataset) -> None:
    with Loopback(reply("201 Created")) as server:
        report = push(
            bundled, f"{server.url}/data?x=1", graph="http://example.org/g", timeout=ENOUGH
        )
    assert report.graphs[0][0] == "http://example.org/g"
    assert server.requests[0].startswith(b"PUT /data?x=1&graph=http%3A%2F%2Fexample.org%2Fg ")
    headers = server.headers()
    assert headers["content-type"] == "application/n-triples" and "authorization" not in headers


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DPRKGRAPH_TOKEN": "tok-123"}, "Bearer tok-123"),
        (
            {"DPRKGRAPH_USER": "alice", "DPRKGRAPH_PASSWORD": "pä55:word"},
            "Basic " + base64.b64encode("alice:pä55:word".encode()).decode(),
        ),
    ],
)
def test_credentials_from_the_environment(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch, bundled: Dataset
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with Loopback(reply("204 No Content")) as server:
        push(bundled, f"{server.url}/store", timeout=ENOUGH)
    assert server.headers()["authorization"] == expected


def test_credentials_from_netrc_for_that_host_only(tmp_path: Path, bundled: Dataset) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text(
        "machine 127.0.0.1 login bob password s3cret\n"
        "machine store.example login eve password other\n"
    )
    netrc.chmod(0o600)
    with Loopback(reply("204 No Content")) as server:
        push(bundled, f"{server.url}/store", timeout=ENOUGH)
    assert server.headers()["authorization"] == "Basic " + base64.b64encode(b"bob:s3cret").decode()
    assert credentials_for("http://localhost:7878/store") is None


def test_a_too_open_netrc_is_refused_without_quoting_it(tmp_path: Path) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login bob password s3cret\n")
    netrc.chmod(0o644)
    with pytest.raises(QueryError, match="too permissive") as info:
        credentials_for("http://127.0.0.1:7878/store")
    assert "s3cret" not in str(info.value)


@pytest.mark.parametrize(
    "env",
    [
        {"DPRKGRAPH_USER": "alice"},
        {"DPRKGRAPH_PASSWORD": "pw"},
        {"DPRKGRAPH_TOKEN": "t", "DPRKGRAPH_USER": "alice", "DPRKGRAPH_PASSWORD": "pw"},
        {"DPRKGRAPH_TOKEN": "line\nbreak"},
    ],
)
def test_half_set_credentials_are_an_error_that_hides_the_secret(env: dict[str, str]) -> None:
    with pytest.raises(QueryError) as info:
        credentials_for("http://127.0.0.1:7878/store", environ=env)
    for secret in ("pw", "line\nbreak"):
        assert f"'{secret}'" not in str(info.value)


def test_a_secret_never_shows(
    monkeypatch: pytest.MonkeyPatch, bundled: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    assert "hunter2" not in repr(Credentials("Basic", "bob:hunter2"))
    monkeypatch.setenv("DPRKGRAPH_TOKEN", "hunter2")
    with Loopback(reply("403 Forbidden", b"no")) as server:
        assert main(["push", f"{server.url}/store", "--timeout", "30"]) == 1
    err = capsys.readouterr().err
    assert "credentials from DPRKGRAPH_TOKEN were refused" in err and "hunter2" not in err


def test_redirects_never_carry_credentials_elsewhere(
    monkeypatch: pytest.MonkeyPatch, bundled: Dataset
) -> None:
    monkeypatch.setenv("DPRKGRAPH_TOKEN", "tok")
    with Loopback(reply("200 OK", b"stored")) as other:
        location = f"Location: http://user:pw@127.0.0.1:{other.port}/store\r\n"
        with (
            Loopback(reply("308 Permanent Redirect", headers=location)) as server,
            pytest.raises(PushError, match="redirecting to") as info,
        ):
            push(bundled, f"{server.url}/store", timeout=ENOUGH)
    assert other.requests == [] and "pw" not in str(info.value)


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://[::1/store", "not a valid URL"),
        ("http://127.0.0.1:7878/my store", "cannot hold spaces"),
        ("http://127.0.0.1:99999/store", "not a valid URL"),
        ("ftp://127.0.0.1/store", "an http:// or https:// URL"),
        ("http:///store", "with a host"),
        (
            "http://bob:hunter2@127.0.0.1:7878/store",
            "put no user name or password in the URL: set DPRKGRAPH_TOKEN",
        ),
    ],
)
def test_bad_endpoints_are_named_and_no_password_is_echoed(
    endpoint: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    assert main(["push", endpoint, "--timeout", "2"]) == 1
    err = capsys.readouterr().err
    assert message in err and "hunter2" not in err and "Traceback" not in err


@pytest.mark.parametrize("answer", [garbage, hang_up, trickle])
def test_cli_reports_a_broken_server_in_one_line(
    answer: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprkgraph.cli import main

    with Loopback(answer) as server:  # type: ignore[arg-type]
        limit = "1" if answer is trickle else "30"
        assert main(["push", f"{server.url}/store", "--timeout", limit]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dprkgraph: error: ") and err.count("\n") == 1


def test_a_timeout_must_be_positive(bundled: Dataset) -> None:
    with pytest.raises(QueryError, match="timeout"):
        push(bundled, "http://127.0.0.1:7878/store", timeout=0)


@given(
    st.one_of(
        st.text(max_size=80),
        st.builds(
            "".join,
            st.tuples(
                st.sampled_from(["http://", "https://", "http://[", "http://u:p@"]),
                st.text(max_size=60),
            ),
        ),
    )
)
def test_any_endpoint_text_is_a_url_or_a_named_error(text: str) -> None:
    try:
        credentials_for(text, environ={}, netrc_file=Path("/nonexistent/.netrc"))
    except QueryError as err:
        assert err.option == "endpoint"


def test_what_the_server_says_reaches_the_terminal_without_control_codes(bundled: Dataset) -> None:
    answer = reply("500 \x1b[2Jgone", b"\x1b]0;pwned\x07 body")
    with Loopback(answer) as server, pytest.raises(PushError) as info:
        push(bundled, f"{server.url}/store", timeout=ENOUGH)
    assert "\x1b" not in str(info.value) and "\x07" not in str(info.value)
    assert "?[2Jgone" in str(info.value) and "pwned" in str(info.value)
