"""A scripted leader and helper behind one ``httpx.MockTransport`` (SPLIT.md).

Each server has its own one-time codes and issues its own device tokens; the
helper has a real HPKE key pair, so a test can open a report as the helper
would and check what the leader alone holds. Answers can be scripted per
route (``script``), and the helper can be taken down.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from agent.reports import layout_of
from agent.store import Store
from contract.contribution import Kind
from contract.prio3.repit import Layout
from contract.split.hpke import generate_keypair
from contract.split.instances import vdaf_for, verify_key
from contract.split.prep import (
    add_out_share,
    helper_decide,
    helper_init,
    leader_finish,
    leader_init,
    unshard,
)
from contract.split.report import Report, helper_input_share, open_helper_share

LEADER = "https://leader.example.org"
HELPER = "https://helper.example.org"
TEAM = ("dnum-infra", "dnum")
SERVERS_TOKEN = "leader-helper-token"  # the two servers' own secret, never a device's


@dataclass
class Scripted:
    status: int
    json: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class TwoServers:
    leader_codes: dict[str, tuple[str, str]] = field(default_factory=dict)
    helper_codes: dict[str, tuple[str, str]] = field(default_factory=dict)
    helper_up: bool = True
    helper_url: str = HELPER
    requests: list[httpx.Request] = field(default_factory=list)
    script: dict[str, list[Scripted | type[httpx.TransportError]]] = field(default_factory=dict)
    """Answers given in turn, per ``"leader /api/v1/..."``, before the normal ones."""
    issued: int = 0

    def __post_init__(self) -> None:
        self.config, self.private_key = generate_keypair()
        self.hpke_json: Any = self.config.to_json()
        self.helper_tokens: list[str] = []

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def codes(self, leader: str = "L-1", helper: str = "H-1", team: tuple[str, str] = TEAM) -> None:
        self.leader_codes[leader] = team
        self.helper_codes[helper] = team

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        server = "leader" if str(request.url).startswith(LEADER) else "helper"
        if server == "helper" and not self.helper_up:
            raise httpx.ConnectError("helper down", request=request)
        scripted = self.script.get(f"{server} {request.url.path}")
        if scripted:
            answer = scripted.pop(0)
            if isinstance(answer, type):
                raise answer("scripted failure", request=request)
            return httpx.Response(answer.status, json=answer.json, headers=answer.headers)
        if request.url.path == "/api/v1/enroll":
            return self._enroll(server, json.loads(request.content)["code"])
        if server == "leader" and request.url.path == "/api/v1/reports":
            return httpx.Response(202, json={})
        if server == "helper" and request.url.path == "/api/v1/hpke-config":
            return httpx.Response(200, json=self.hpke_json)
        return httpx.Response(404, json={"detail": "Not Found"})

    def _enroll(self, server: str, code: str) -> httpx.Response:
        codes = self.leader_codes if server == "leader" else self.helper_codes
        if code not in codes:
            return httpx.Response(403, json={"detail": "unknown or used code"})
        team, department = codes.pop(code)  # one-time
        self.issued += 1
        body: dict[str, Any] = {
            "device_token": f"{server}-token-{self.issued}",
            "team": team,
            "department": department,
        }
        if server == "leader":
            body |= {"helper_url": self.helper_url, "hpke_config": self.hpke_json}
        return httpx.Response(201, json=body)

    def sent(self, server: str, path: str) -> list[httpx.Request]:
        base = LEADER if server == "leader" else self.helper_url
        return [r for r in self.requests if str(r.url) == f"{base}{path}"]

    @property
    def reports(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.sent("leader", "/api/v1/reports")]

    def aggregate(
        self,
        bodies: list[dict[str, Any]],
        team: str = TEAM[0],
        layout: Layout | None = None,
        tools: Sequence[str] = (),
    ) -> dict[str, int]:
        """Verify and add ``bodies`` as the two servers would; their field sums.

        ``layout``: the kind's own (day, week) unless given (the tools of a
        department, whose ordered ``tools`` the helper share is bound to). The
        helper device token each report carried is kept in ``helper_tokens``.
        """
        kinds = {b["kind"] for b in bodies}
        assert len(kinds) == 1, kinds
        kind_name = kinds.pop()
        layout = layout or layout_of(Kind(kind_name))
        vdaf = vdaf_for(kind_name, layout)
        key = verify_key(SERVERS_TOKEN, vdaf.VERIFY_KEY_SIZE)
        leader_agg: bytes | None = None
        helper_agg: bytes | None = None
        self.helper_tokens = []
        for body in bodies:
            report = Report.from_body(body)
            token, encoded = open_helper_share(
                report,
                team=team,
                hpke_config=self.config,
                private_key=self.private_key,
                tools=tools,
            )
            self.helper_tokens.append(token)
            share = helper_input_share(kind_name, layout, encoded)
            leader_state, leader_verifier = leader_init(
                vdaf, key, report.id, report.public_share, report.leader_share
            )
            helper_state, helper_verifier = helper_init(
                vdaf, key, report.id, report.public_share, share
            )
            helper_out, message = helper_decide(
                vdaf, report.public_share, helper_state, helper_verifier, leader_verifier
            )
            leader_out = leader_finish(vdaf, leader_state, message)
            leader_agg = add_out_share(vdaf, leader_agg, leader_out)
            helper_agg = add_out_share(vdaf, helper_agg, helper_out)
        assert leader_agg is not None and helper_agg is not None
        return unshard(vdaf, leader_agg, helper_agg, len(bodies))


def enrolled(
    servers: TwoServers, store: Store | None = None, since: date = date(2026, 3, 2)
) -> Store:
    """A store enrolled at both ``servers`` (codes L-1 and H-1 of TEAM) on ``since``."""
    from agent.enrollment import enroll

    store = store or Store.in_memory()
    servers.codes()
    enroll(store, LEADER, "L-1", since, servers.transport, helper_code="H-1")
    return store
