"""The sample nginx configuration refuses bodies over 64 KiB itself (issue 10, item 1).

The sample's HTTPS server block is run for real by Debian's nginx, on a
loopback port in plain HTTP (its TLS lines left out), in front of a real
aggregator: what it refuses never reaches the aggregator.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aggregator.app import Settings
from aggregator.storage import Storage
from contract.policy.model import Policy
from tests.aggregator.conftest import ROOT, Clock
from tests.aggregator.server import free_port, running

SAMPLE = (
    ROOT
    / "installer/linux/repit-aggregator/usr/share/doc/repit-aggregator/examples/nginx-repit.conf"
)
START_DEADLINE = 30.0
NOT_FOR_PLAIN_HTTP = ("listen", "ssl_", "add_header Strict-Transport-Security", "error_log")


def https_server_block(text: str) -> str:
    """The body of the sample's ``server { listen 443 ... }`` block."""
    start = text.index("{", text.index("listen 443") - 60)
    depth = 0
    for position in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[position], 0)
        if depth == 0:
            return text[start + 1 : position]
    raise AssertionError("unbalanced braces in the sample")


def test_the_sample_caps_bodies_at_64k_and_keeps_no_address() -> None:
    block = https_server_block(SAMPLE.read_text())
    assert re.search(r"^\s*client_max_body_size 64k;", block, re.MULTILINE)
    assert re.search(r"^\s*access_log off;", block, re.MULTILINE)
    assert 'proxy_set_header X-Forwarded-For "";' in block


def plain_http_config(folder: Path, port: int, upstream: str) -> Path:
    lines = [
        line
        for line in https_server_block(SAMPLE.read_text()).splitlines()
        if not line.strip().startswith(NOT_FOR_PLAIN_HTTP)
    ]
    server = "\n".join(lines).replace("http://127.0.0.1:8470", upstream)
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    config = folder / "nginx.conf"
    config.write_text(
        f"""
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    server {{
        listen 127.0.0.1:{port};
        {server}
    }}
}}
"""
    )
    return config


@pytest.fixture
def nginx_in_front(
    tmp_path: Path, policies: dict[str, Policy], clock: Clock
) -> Iterator[tuple[str, Storage]]:
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if nginx is None:
        pytest.skip("nginx is not installed (make system-deps installs nginx-light)")
    storage = Storage.in_memory()
    with running(Settings(storage, policies, clock=clock)) as upstream:
        port = free_port()
        config = plain_http_config(tmp_path, port, upstream)
        process = subprocess.Popen(
            [
                nginx,
                "-c",
                str(config),
                "-p",
                str(tmp_path),
                "-g",
                "daemon off; master_process off;",
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            give_up = time.monotonic() + START_DEADLINE
            while True:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < give_up, "nginx did not start"
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}", storage
        finally:
            process.terminate()
            process.communicate(timeout=START_DEADLINE)
    storage.close()


def test_nginx_refuses_a_large_body_before_the_aggregator_sees_it(
    nginx_in_front: tuple[str, Storage],
) -> None:
    url, _ = nginx_in_front
    with httpx.Client(base_url=url, timeout=START_DEADLINE) as client:
        assert client.get("/healthz").status_code == 200  # the proxy works
        large = client.post(
            "/api/v1/enroll",
            content=b'{"code": "' + b"x" * (100 * 1024) + b'"}',
            headers={"Content-Type": "application/json"},
        )
        assert large.status_code == 413
        assert "nginx" in large.text  # refused by nginx, not by the aggregator

        def chunks() -> Iterator[bytes]:
            for _ in range(40):
                yield b"y" * 4096

        chunked = client.post(
            "/api/v1/enroll", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert chunked.status_code == 413
        small = client.post("/api/v1/enroll", json={"code": "unknown"})
        assert small.status_code == 403  # a small body goes through
