"""A real leader on loopback with tool-carrying policies, and a double of the tool release state."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from agent.enrollment import Enrollment
from agent.enrollment import _keep as keep_enrollment
from agent.store import Store
from aggregator import auth
from aggregator.app import Settings, create_app
from aggregator.storage import Storage
from aggregator.tool_releases import ToolFigures
from contract.policy.loader import load_policy_folder
from tests.aggregator.conftest import Clock, write_policies
from tests.aggregator.server import free_port
from tests.waiting import wait_until

TOOLS = '\n[[tools]]\nid = "parapheur"\nname = "Parapheur électronique"\n'
OTHER = """
[policy]
id = "other"
name = "Autre direction"
extends = "default"

[[teams]]
id = "other-team"
name = "Autre équipe"
"""


class Releases:
    """The test double of ``aggregator.tool_releases``: released what ``months`` lists."""

    def __init__(self) -> None:
        self.months: set[tuple[str, str, str]] = set()
        self.released_figures: dict[tuple[str, str, str], ToolFigures] = {}

    def released(self, department: str, tool: str, month: str) -> bool:
        return (department, tool, month) in self.months

    def figures(self, group: str, tool: str, month: str) -> ToolFigures | None:
        return self.released_figures.get((group, tool, month))


class Leader:
    def __init__(self, url: str, storage: Storage, releases: Releases, clock: Clock) -> None:
        self.url = url
        self.clock = clock
        self.storage = storage
        self.releases = releases
        self.client = httpx.Client(base_url=url, timeout=10)

    def device(self, team: str = "team-a") -> str:
        (code,) = auth.new_enrollment_codes(self.storage, team, 1, date(2026, 1, 1))
        answer = self.client.post("/api/v1/enroll", json={"code": code})
        assert answer.status_code == 201
        return str(answer.json()["device_token"])

    def enroll_agent(self, store: Store, team: str = "team-a") -> Enrollment:
        """``store`` enrolled at this leader, over HTTP. Proposals go to the leader only
        (TOOLS.md), so the helper half of a full enrollment plays no part here."""
        joined = Enrollment(self.url, self.device(team), team, "dept", date(2026, 3, 10))
        keep_enrollment(store, joined)
        return joined

    @contextmanager
    def login(self, name: str, role: auth.Role) -> Iterator[httpx.Client]:
        """A browser session of a new account of ``role``, through the login form."""
        password = auth.create_account(self.storage, name, role, date(2026, 1, 1))
        with httpx.Client(base_url=self.url, timeout=30) as client:
            form = client.get("/login")
            match = re.search(r'name="csrf" value="([^"]+)"', form.text)
            assert match
            answer = client.post(
                "/login", data={"name": name, "password": password, "csrf": match[1]}
            )
            assert answer.status_code == 303, answer.text
            yield client

    def propose(self, token: str, body: Any) -> httpx.Response:
        return self.client.post(
            "/api/v1/proposals",
            content=body
            if isinstance(body, bytes)
            else httpx.Request("POST", "/", json=body).content,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )


@contextmanager
def serving(settings: Settings, releases: Releases) -> Iterator[str]:
    app = create_app(settings)
    app.state.tool_releases = releases
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: bool(server.started), "the leader to listen", interval=0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def leader(tmp_path: Path) -> Iterator[Leader]:
    folder = write_policies(tmp_path / "policies")
    (folder / "dept.toml").write_text((folder / "dept.toml").read_text() + TOOLS)
    (folder / "other.toml").write_text(OTHER + TOOLS)
    storage = Storage.in_memory()
    clock = Clock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    releases = Releases()
    settings = Settings(storage, load_policy_folder(folder), max_age_days=62, clock=clock)
    with serving(settings, releases) as url:
        here = Leader(url, storage, releases, clock)
        yield here
        here.client.close()
    storage.close()
