"""Uploading a dataset to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

``replace`` sends HTTP PUT (the target graph's old content is dropped); ``merge`` sends POST
(triples are added). Data goes as N-Triples. With ``per_source``, each source's named graph is
sent to its own graph IRI, and actors and sources to the target graph.

What counts as stored
    Only a ``200 OK``, ``201 Created`` or ``204 No Content`` reply whose body, if any, is not
    an HTML page (a proxy's or web server's error page often comes with 200). Any other reply
    is an error that quotes the store's answer.
Redirects
    Never followed: a write is not re-sent to another address (where it could become a GET, or
    carry credentials to another host). The error names the address the store pointed to.
Time limit
    ``timeout`` is one deadline for the whole conversation with the store, from the first
    connection to the last byte of the last reply; a connection still open at the deadline is
    shut. (The data is converted before the clock starts.)
Credentials
    Read from the environment — ``DPRKGRAPH_TOKEN`` (sent as ``Authorization: Bearer``) or
    ``DPRKGRAPH_USER`` and ``DPRKGRAPH_PASSWORD`` (HTTP Basic) — or else from the endpoint
    host's entry in ``~/.netrc``. A URL with a user name or password in it is refused, and no
    secret is ever part of a message or a ``repr``. Over ``http://`` they travel in clear.
A push that fails part-way
    raises :class:`~dprkgraph.errors.PushError`, whose message and attributes list the graphs
    the store had already accepted, the one that failed, and those not sent.

Proxy variables (``http_proxy`` …) are not used: data goes only to the host named.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import netrc
import os
import socket
import threading
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from dprkgraph.errors import EndpointError, PushError, QueryError
from dprkgraph.formats import DEFAULT_BASE_IRI

if TYPE_CHECKING:
    from rdflib import Dataset as RdfDataset
    from rdflib import Graph

    from dprkgraph.graph import EventGraph
    from dprkgraph.model import Dataset

__all__ = ["DEFAULT_TIMEOUT", "Credentials", "PushReport", "credentials_for", "push"]

Mode = Literal["replace", "merge"]

DEFAULT_TIMEOUT = 60.0
"""Seconds a whole push may take, unless the caller says otherwise."""

TOKEN_VARIABLE = "DPRKGRAPH_TOKEN"
USER_VARIABLE = "DPRKGRAPH_USER"
PASSWORD_VARIABLE = "DPRKGRAPH_PASSWORD"
_STORED = (200, 201, 204)
_MAX_REPLY = 64 * 1024
_WHERE = (
    f"set {TOKEN_VARIABLE}, or {USER_VARIABLE} and {PASSWORD_VARIABLE}, or add the host to ~/.netrc"
)


@dataclass(frozen=True)
class Credentials:
    """How to authenticate to a store: ``Bearer`` with a token or ``Basic`` with
    ``user:password``; ``origin`` says where they were found. The secret never shows in a repr.

    >>> Credentials("Bearer", "s3cret", origin="DPRKGRAPH_TOKEN")
    Credentials(Bearer from DPRKGRAPH_TOKEN)
    """

    scheme: Literal["Basic", "Bearer"]
    secret: str = field(repr=False)
    origin: str = "the caller"

    def __post_init__(self) -> None:
        if self.scheme not in ("Basic", "Bearer"):
            raise QueryError("scheme", self.scheme, "'Basic' or 'Bearer'")
        if any(c in self.secret for c in "\r\n\0"):
            raise QueryError(self.origin, "(hidden)", "a secret cannot hold a line break or NUL")

    def __repr__(self) -> str:
        return f"Credentials({self.scheme} from {self.origin})"

    def header(self) -> str:
        """The value of the ``Authorization`` header."""
        if self.scheme == "Bearer":
            return f"Bearer {self.secret}"
        return "Basic " + base64.b64encode(self.secret.encode("utf-8")).decode("ascii")


def credentials_for(
    endpoint: str, *, environ: Mapping[str, str] | None = None, netrc_file: Path | None = None
) -> Credentials | None:
    """Credentials for ``endpoint`` from the environment, else from ``~/.netrc``; None if none.

    Raises
    ------
    QueryError
        If the variables are half set or contradict each other, or the ``.netrc`` file cannot
        be read (its content is never quoted).

    Examples
    --------
    >>> credentials_for("http://127.0.0.1:7878/store", environ={"DPRKGRAPH_TOKEN": "t"})
    Credentials(Bearer from DPRKGRAPH_TOKEN)
    """
    env = os.environ if environ is None else environ
    token, user, password = (env.get(v) for v in (TOKEN_VARIABLE, USER_VARIABLE, PASSWORD_VARIABLE))
    if token and (user or password):
        raise QueryError(
            TOKEN_VARIABLE,
            "(hidden)",
            f"set either it or {USER_VARIABLE} and {PASSWORD_VARIABLE}, not both",
        )
    if token:
        return Credentials("Bearer", token, origin=TOKEN_VARIABLE)
    if user or password:
        if not (user and password is not None):
            missing = PASSWORD_VARIABLE if user else USER_VARIABLE
            raise QueryError(missing, "", f"{USER_VARIABLE} and {PASSWORD_VARIABLE} go together")
        if ":" in user:
            raise QueryError(USER_VARIABLE, user, "HTTP Basic user names cannot contain ':'")
        return Credentials("Basic", f"{user}:{password}", origin=USER_VARIABLE)
    return _from_netrc(_target(endpoint).host, netrc_file)


def _from_netrc(host: str, path: Path | None) -> Credentials | None:
    where = str(path) if path else "~/.netrc"
    try:
        entry = netrc.netrc(str(path) if path else None).authenticators(host)
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as err:
        why = err.msg if "permissive" in err.msg else "it is not in .netrc form"
        raise QueryError("netrc", f"{err.filename}:{err.lineno}", f"{why}; fix {where}") from err
    except OSError as err:  # no home folder, or not readable
        if path is None and isinstance(err, FileNotFoundError | NotADirectoryError):
            return None
        raise QueryError("netrc", where, f"cannot be read ({err.strerror})") from err
    if entry is None:
        return None
    login, _, password = entry
    if ":" in login:
        raise QueryError("netrc", f"{where}, machine {host}", "an HTTP Basic login cannot hold ':'")
    return Credentials("Basic", f"{login}:{password or ''}", origin=where)


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int | None
    path: str


def _redact(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    authority, slash, tail = rest.partition("/")
    return f"{scheme}{sep}{authority.rpartition('@')[2]}{slash}{tail}" if sep else url


def _target(endpoint: object) -> _Target:
    if not isinstance(endpoint, str):
        raise QueryError("endpoint", endpoint, "an http:// or https:// URL")
    shown = _redact(endpoint)
    if any(c <= " " or c == "\x7f" for c in endpoint):
        raise QueryError(
            "endpoint",
            shown,
            "a URL cannot hold spaces or control characters; write a space as %20",
        )
    try:
        parts = urllib.parse.urlsplit(endpoint)
        port = parts.port
    except ValueError as err:
        raise QueryError("endpoint", shown, f"not a valid URL ({err})") from err
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise QueryError(
            "endpoint",
            shown,
            "an http:// or https:// URL with a host, e.g. http://127.0.0.1:7878/store",
        )
    if "@" in parts.netloc:
        raise QueryError("endpoint", shown, f"put no user name or password in the URL: {_WHERE}")
    path = parts.path or "/"
    return _Target(
        parts.scheme, parts.hostname, port, f"{path}?{parts.query}" if parts.query else path
    )


@dataclass(frozen=True)
class PushReport:
    """What was sent: one ``(graph IRI or "default", triples)`` pair per request."""

    endpoint: str
    mode: Mode
    graphs: tuple[tuple[str, int], ...]

    @property
    def triples(self) -> int:
        """Triples sent in all."""
        return sum(n for _, n in self.graphs)

    def __str__(self) -> str:
        verb = "replaced" if self.mode == "replace" else "merged into"
        return (
            f"{self.triples} triples {verb} {len(self.graphs)} graph"
            f"{'s' if len(self.graphs) != 1 else ''} at {self.endpoint}"
        )


def _printable(raw: bytes, limit: int = 300) -> str:
    text = " ".join(raw.decode("utf-8", "replace").split())
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_html(content_type: str, body: bytes) -> bool:
    head = body.lstrip()[:64].lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


class _Deadline:
    """Shuts a connection's socket when the push's time is up, whatever it is waiting for."""

    def __init__(self, at: float) -> None:
        self.at = at
        self.expired = False

    def left(self) -> float:
        return self.at - time.monotonic()

    def guard(self, conn: http.client.HTTPConnection) -> threading.Timer:
        def expire() -> None:
            self.expired = True
            sock = conn.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(max(self.left(), 0.0), expire)
        timer.daemon = True
        timer.start()
        return timer


def _judge(
    endpoint: str, response: http.client.HTTPResponse, reply: bytes, credentials: Credentials | None
) -> None:
    """Raise unless the reply says the graph was stored."""
    code = response.status
    said = _printable((response.reason or "").encode(), 80)
    if 300 <= code < 400:
        where = _printable(_redact(response.getheader("Location") or "nowhere").encode(), 200)
        raise EndpointError(
            endpoint,
            f"the store answered HTTP {code} {said}, "
            f"redirecting to {where}; a write is not re-sent to another address: "
            "if that is the store, give it as ENDPOINT",
            code,
        )
    if code in _STORED:
        if _is_html(response.getheader("Content-Type") or "", reply):
            raise EndpointError(
                endpoint,
                f"the store answered HTTP {code} with an HTML page, "
                "not a Graph Store reply, so nothing is known to be stored; is "
                "ENDPOINT the graph-store URL (for Oxigraph "
                "http://HOST:7878/store)?",
                code,
            )
        return
    detail = _printable(reply)
    reason = f"the store answered HTTP {code} {said}"
    if code in (401, 403):
        hint = (
            f"the credentials from {credentials.origin} were refused"
            if credentials
            else f"it wants credentials: {_WHERE}"
        )
        reason = f"{reason} ({hint})"
    if 200 <= code < 300:
        reason = f"{reason}, which does not confirm that the data was stored"
    raise EndpointError(endpoint, f"{reason}: {detail}" if detail else reason, code)


def _send(
    endpoint: str,
    target: _Target,
    graph: str | None,
    body: bytes,
    mode: Mode,
    credentials: Credentials | None,
    deadline: _Deadline,
    timeout: float,
) -> None:
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    path = f"{target.path}{'&' if '?' in target.path else '?'}{query}"
    late = (
        f"no complete answer within the time limit of {timeout:g} s for the whole push "
        "(the store may or may not have kept the last graph sent)"
    )
    if deadline.left() <= 0:
        raise EndpointError(endpoint, late)
    kind = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    conn = kind(target.host, target.port, timeout=deadline.left())
    headers = {"Content-Type": "application/n-triples", "User-Agent": "dprkgraph", "Accept": "*/*"}
    if credentials is not None:
        headers["Authorization"] = credentials.header()
    timer = deadline.guard(conn)
    try:
        conn.request("PUT" if mode == "replace" else "POST", path, body=body, headers=headers)
        response = conn.getresponse()
        reply = response.read(_MAX_REPLY)
        if deadline.expired:  # a reply cut short by the deadline can look complete
            raise TimeoutError
    except (OSError, http.client.HTTPException) as err:
        if deadline.expired or isinstance(err, TimeoutError):
            raise EndpointError(endpoint, late) from err
        if isinstance(err, http.client.RemoteDisconnected):
            why = (
                "the server closed the connection without an answer (it may or may not "
                "have kept what it received)"
            )
        elif isinstance(err, http.client.HTTPException):
            why = f"the server does not answer in HTTP ({type(err).__name__})"
        else:
            why = f"cannot reach the store ({err.strerror or err})"
        raise EndpointError(
            endpoint,
            f"{why}; is it running, and is this its Graph Store "
            "endpoint (e.g. http://host:7878/store)?",
        ) from err
    finally:
        timer.cancel()
        conn.close()
    _judge(endpoint, response, reply, credentials)


def _parts(rdf: RdfDataset, graph: str | None, per_source: bool) -> list[tuple[str | None, Graph]]:
    from rdflib import Graph

    if not per_source:
        whole = Graph()
        for t in rdf.triples((None, None, None)):
            whole.add(t)
        return [(graph, whole)]
    named: list[tuple[str | None, Graph]] = [
        (str(c.identifier), c)
        for c in rdf.graphs()
        if c.identifier != rdf.default_graph.identifier and len(c)
    ]
    return [*named, (graph, rdf.default_graph)]


def _failure(
    endpoint: str,
    err: EndpointError,
    mode: Mode,
    written: list[tuple[str, int]],
    failed: str,
    unsent: list[str],
) -> PushError:
    lines = [str(err.args[0]).removeprefix(f"{endpoint}: ")]
    if written or unsent:
        done = "replaced" if mode == "replace" else "merged"
        lines.append(
            f"  already {done} (the store keeps these): "
            + (", ".join(f"{g} ({n} triples)" for g, n in written) or "none")
        )
        lines.append(f"  failed: {failed}")
        lines.append("  not sent: " + (", ".join(unsent) or "none"))
    return PushError(
        endpoint,
        "\n".join(lines),
        status=err.status,
        written=tuple(written),
        failed=failed,
        unsent=tuple(unsent),
    )


def push(
    data: EventGraph | Dataset,
    endpoint: str,
    *,
    graph: str | None = None,
    mode: Mode = "replace",
    per_source: bool = False,
    base_iri: str = DEFAULT_BASE_IRI,
    timeout: float = DEFAULT_TIMEOUT,
    credentials: Credentials | Literal["auto"] | None = "auto",
) -> PushReport:
    """Upload the dataset's RDF to a Graph Store HTTP Protocol endpoint.

    Parameters
    ----------
    endpoint
        The store's graph-store URL, e.g. ``http://127.0.0.1:7878/store`` for Oxigraph; no
        user name or password in it.
    graph
        Target graph IRI; the store's default graph if None.
    mode
        ``"replace"`` (PUT) or ``"merge"`` (POST).
    per_source
        Send each source's named graph to its own IRI (``<base>graph/<source id>``).
    timeout
        Seconds the whole exchange with the store may take, all requests together.
    credentials
        ``"auto"`` (default) reads them with :func:`credentials_for`; None sends none.

    Raises
    ------
    QueryError
        If the endpoint is not a usable http(s) URL, or credentials are misconfigured.
    PushError
        If the store cannot be reached, answers anything but success, redirects, or the time
        runs out; it lists any graphs already stored.
    """
    if mode not in ("replace", "merge"):
        raise QueryError("mode", mode, "'replace' or 'merge'")
    if not 0 < timeout < float("inf"):
        raise QueryError("timeout", timeout, "a positive number of seconds")
    target = _target(endpoint)
    creds = credentials_for(endpoint) if credentials == "auto" else credentials
    from dprkgraph.rdf import to_rdf

    bodies = [
        (iri, part.serialize(format="nt", encoding="utf-8"), len(part))
        for iri, part in _parts(to_rdf(data, base_iri=base_iri), graph, per_source)
    ]
    deadline = _Deadline(time.monotonic() + timeout)
    sent: list[tuple[str, int]] = []
    for i, (iri, body, triples) in enumerate(bodies):
        name = iri or "default"
        try:
            _send(endpoint, target, iri, body, mode, creds, deadline, timeout)
        except EndpointError as err:
            unsent = [g or "default" for g, _, _ in bodies[i + 1 :]]
            raise _failure(endpoint, err, mode, sent, name, unsent) from err
        sent.append((name, triples))
    return PushReport(endpoint, mode, tuple(sent))
