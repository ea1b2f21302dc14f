"""Calls to the aggregator that a slow or hostile server cannot stretch or swell.

Each call has a connect, a read and a **total** deadline, and a cap on the
bytes it accepts. httpx has connect and read timeouts but no total one: a
server sending one byte every few seconds never trips a read timeout. So the
socket operations go through a network backend that gives each one at most
the time left before the call's deadline, headers included, and the body is
read in chunks, counted as they come. The backend is handed to httpcore's
connection pool by a small transport of our own (``_DeadlineTransport``,
httpcore's public API only), not slipped into httpx's. The answer is asked for without
compression (``Accept-Encoding: identity``) and a compressed one is refused
unread: a 500 KB gzip bomb must not inflate to gigabytes in the agent.

Tests inject an ``httpx`` transport (``MockTransport``, ASGI); with one, the
total deadline is still checked between chunks of the body.
"""

from __future__ import annotations

import json
import ssl
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from agent.net_limits import DEFAULT_LIMITS, Limits, NetworkProblem

__all__ = ["DEFAULT_LIMITS", "Answer", "Limits", "NetworkProblem", "call"]


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    retry_after: str | None = None
    """The ``Retry-After`` header, as sent (a ``429`` or ``503`` says when to come back)."""

    def json(self) -> Any:
        """The body as JSON; ``ValueError`` when it is not."""
        return json.loads(self.body)


def call(
    method: str,
    url: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    headers: dict[str, str] | None = None,
    content: bytes | str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Answer:
    """One HTTP request within ``limits``; raises ``NetworkProblem``."""
    deadline = _Deadline(time.monotonic() + limits.total_seconds)
    timeout = httpx.Timeout(
        limits.read_seconds, connect=limits.connect_seconds, pool=limits.connect_seconds
    )
    chosen = transport if transport is not None else _DeadlineTransport(url, deadline)
    try:
        # trust_env=False: proxies from the environment are honoured by our
        # transport itself; httpx would otherwise mount its own, without deadline.
        with httpx.Client(transport=chosen, timeout=timeout, trust_env=False) as client:
            sent = {**(headers or {}), "Accept-Encoding": "identity"}
            with client.stream(method, url, headers=sent, content=content) as response:
                body = _bounded_body(response, limits, deadline)
                return Answer(response.status_code, body, response.headers.get("retry-after"))
    except httpx.TimeoutException:
        raise NetworkProblem(_gave_up(limits)) from None
    except httpx.HTTPError as error:
        raise NetworkProblem(f"aggregator unreachable ({type(error).__name__})") from None


def _gave_up(limits: Limits) -> str:
    return (
        f"the aggregator did not answer in time (connect {limits.connect_seconds:g} s, "
        f"silence {limits.read_seconds:g} s, whole call {limits.total_seconds:g} s)"
    )


def _bounded_body(response: httpx.Response, limits: Limits, deadline: _Deadline) -> bytes:
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise NetworkProblem(f"the aggregator sent a compressed answer ({encoding}); refused")
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_response_bytes:
        raise NetworkProblem(_too_large(limits))
    body = bytearray()
    # Raw: nothing is decoded, whatever the server claims. An in-process test
    # transport hands over an answer it has already read.
    chunks = [response.content] if response.is_stream_consumed else response.iter_raw()
    for chunk in chunks:
        body += chunk
        if len(body) > limits.max_response_bytes:
            raise NetworkProblem(_too_large(limits))
        if deadline.passed():
            raise NetworkProblem(_gave_up(limits))
    return bytes(body)


def _too_large(limits: Limits) -> str:
    return f"the aggregator's answer is larger than {limits.max_response_bytes} bytes; refused"


class _Deadline:
    def __init__(self, at: float) -> None:
        self.at = at

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def bound(self, timeout: float | None) -> float:
        """``timeout``, shortened to the time left; raises once none is left."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the call's total deadline passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.bound(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.bound(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        secured = self._stream.start_tls(
            ssl_context, server_hostname, self._deadline.bound(timeout)
        )
        return _DeadlineStream(secured, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: _Deadline) -> None:
        self._backend = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, self._deadline.bound(timeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_unix_socket(
            path, self._deadline.bound(timeout), socket_options
        )
        return _DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(min(seconds, self._deadline.bound(None)))


class _DeadlineTransport(httpx.BaseTransport):
    """An httpx transport on httpcore's public API, connecting through ``_DeadlineBackend``.

    What ``httpx.HTTPTransport`` does, less what Répit does not use (HTTP/2,
    retries, SOCKS), and without reaching into its private connection pool:
    the request handed to httpcore, the answer streamed back, httpcore's
    errors raised as httpx's.
    """

    def __init__(self, url: str, deadline: _Deadline) -> None:
        backend = _DeadlineBackend(deadline)
        context = httpx.create_ssl_context()
        proxy = _proxy_for(url)
        self._connections: httpcore.ConnectionPool | httpcore.HTTPProxy
        if proxy is None:
            self._connections = httpcore.ConnectionPool(
                ssl_context=context, network_backend=backend
            )
        else:
            self._connections = httpcore.HTTPProxy(
                proxy_url=proxy, ssl_context=context, network_backend=backend
            )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sent = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,  # the connect, read and write timeouts
        )
        with _as_httpx_errors():
            answer = self._connections.handle_request(sent)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_AnswerStream(answer),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        self._connections.close()


class _AnswerStream(httpx.SyncByteStream):
    def __init__(self, answer: httpcore.Response) -> None:
        self._answer = answer

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._answer.iter_stream()

    def close(self) -> None:
        self._answer.close()


_HTTPX_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    # The most precise first: httpcore's errors derive from each other as httpx's do.
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        for raised, mapped in _HTTPX_ERRORS:
            if isinstance(error, raised):
                raise mapped(str(error)) from error
        raise


def _proxy_for(url: str) -> str | None:
    """The HTTP(S) proxy the environment names for ``url`` (``HTTPS_PROXY``, ``NO_PROXY``)."""
    parts = httpx.URL(url)
    if parts.host in ("localhost", "127.0.0.1", "::1") or urllib.request.proxy_bypass(parts.host):
        return None
    proxy = urllib.request.getproxies().get(parts.scheme)
    return proxy if proxy is not None and proxy.startswith(("http://", "https://")) else None
