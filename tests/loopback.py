"""A TCP server on 127.0.0.1 in a thread that records what it is sent and answers as told.

Used to stand in for misbehaving stores and SPARQL endpoints. Every socket has a timeout and
the server stops when its ``with`` block ends, so no test can hang on it.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from types import TracebackType

Answer = Callable[[socket.socket, bytes, "Loopback"], None]


def read_request(conn: socket.socket) -> bytes:
    """Headers and, if a Content-Length says so, the body (bounded to 16 MiB)."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 1 << 20:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = min(int(value.strip() or 0), 1 << 24)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def reply(status: str, body: bytes = b"", headers: str = "") -> Answer:
    """An answer that sends one complete HTTP response."""

    def answer(conn: socket.socket, request: bytes, server: Loopback) -> None:
        conn.sendall(
            f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
            f"{headers}\r\n".encode()
            + body
        )

    return answer


class Loopback:
    """Records each request's bytes in ``requests``; ``answer`` decides what to send back."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        self.stopping = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(8)
        self._sock.settimeout(0.05)
        self.port = int(self._sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Loopback:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self._thread.join(timeout=10)
        self._sock.close()

    def methods(self) -> list[str]:
        return [r.split(b" ", 1)[0].decode() for r in self.requests]

    def headers(self, index: int = 0) -> dict[str, str]:
        head = self.requests[index].partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")[1:]
        return {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head)}

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    request = read_request(conn)
                    self.requests.append(request)
                    self.answer(conn, request, self)
                except OSError:
                    pass
