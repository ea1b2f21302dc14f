"""A hostile aggregator on loopback: a real TCP server that answers as an attacker would.

Each connection reads the request (headers and body), then ``answer`` writes
whatever it likes to the socket: a byte every few seconds, a gzip bomb, a
policy with a huge name. ``requests`` counts the requests seen, so a test can
wait for the agent's call to be under way.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Answer = Callable[[socket.socket, threading.Event], None]


class HostileServer:
    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests = 0
        self.seen = threading.Condition()
        self.stopping = threading.Event()
        self.bytes_sent = 0
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                connection: socket.socket = self.request
                _read_request(connection)
                with server.seen:
                    server.requests += 1
                    server.seen.notify_all()
                # OSError: the agent gave up and closed, which is the point.
                with contextlib.suppress(OSError):
                    server.answer(connection, server.stopping)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def wait_for_requests(self, count: int, timeout: float) -> bool:
        with self.seen:
            return self.seen.wait_for(lambda: self.requests >= count, timeout)

    @contextmanager
    def running(self) -> Iterator[HostileServer]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stopping.set()
            self._server.shutdown()
            self._server.server_close()
            thread.join()


def _read_request(connection: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = connection.recv(4096)
        if not chunk:
            return
        body += chunk


def dripping(seconds_per_byte: float) -> Answer:
    """A valid answer, one byte every ``seconds_per_byte``: no read timeout ever trips."""
    whole = b"HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}"

    def answer(connection: socket.socket, stopping: threading.Event) -> None:
        for index in range(len(whole)):
            connection.sendall(whole[index : index + 1])
            if stopping.wait(seconds_per_byte):
                return

    return answer


def gzip_bomb(inflated_bytes: int) -> bytes:
    """``inflated_bytes`` of zeros, gzip-compressed to about a thousandth of that."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(inflated_bytes // len(block))]
    return b"".join(parts) + compressor.flush()


def sending(
    body: bytes, *, status: str = "200 OK", headers: dict[str, str] | None = None
) -> Answer:
    """An answer with ``body``, in 64 KiB pieces, with a length unless ``headers`` say chunked."""
    fields = {"Content-Type": "application/json", **(headers or {})}
    chunked = fields.get("Transfer-Encoding") == "chunked"
    if not chunked:
        fields["Content-Length"] = str(len(body))
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())

    def answer(connection: socket.socket, stopping: threading.Event) -> None:
        connection.sendall(head.encode("ascii") + b"\r\n")
        for start in range(0, len(body), 65536):
            piece = body[start : start + 65536]
            if chunked:
                piece = f"{len(piece):x}\r\n".encode("ascii") + piece + b"\r\n"
            connection.sendall(piece)
            if stopping.is_set():
                return
        if chunked:
            connection.sendall(b"0\r\n\r\n")

    return answer


def endless(*, chunked: bool) -> Answer:
    """A 200 whose body never ends (``chunked``: without a length; else a false, huge one)."""
    piece = b"0," * 32768
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {2**40}"

    def answer(connection: socket.socket, stopping: threading.Event) -> None:
        connection.sendall(f"HTTP/1.1 200 OK\r\n{framing}\r\n\r\n".encode("ascii"))
        framed = f"{len(piece):x}\r\n".encode("ascii") + piece + b"\r\n" if chunked else piece
        while not stopping.is_set():
            connection.sendall(framed)

    return answer
