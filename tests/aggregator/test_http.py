"""A server over real HTTP on loopback: enrollment, roles, login; the reports and released
sums of a leader and a helper are in ``test_split_http``."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from aggregator import auth
from aggregator.app import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Settings
from aggregator.storage import Storage, sums_table
from contract.contribution import FIELDS, SCHEMA_VERSION, Kind
from contract.policy.loader import policy_from_dict
from contract.policy.model import Policy
from tests.aggregator.conftest import MIN_GROUP, Clock
from tests.aggregator.server import running

FEBRUARY_DAYS = [date(2026, 2, day).isoformat() for day in range(1, 29)]
FEBRUARY_WEEKS = ["2026-W06", "2026-W07", "2026-W08", "2026-W09"]  # Thursdays 5 .. 26 February


@dataclass
class Aggregator:
    url: str
    storage: Storage
    clock: Clock
    client: httpx.Client

    def enroll(self, team: str, count: int = 1) -> list[str]:
        codes = auth.new_enrollment_codes(self.storage, team, count, date(2026, 1, 1))
        tokens = []
        for code in codes:
            response = self.client.post("/api/v1/enroll", json={"code": code})
            assert response.status_code == 201, response.text
            tokens.append(response.json()["device_token"])
        return tokens

    def reader_token(self, name: str = "prevention") -> str:
        auth.create_account(self.storage, name, auth.Role.READER, date(2026, 1, 1))
        return auth.create_api_token(self.storage, name, date(2026, 1, 1))

    def send(
        self,
        token: str,
        kind: Kind,
        period: str,
        values: dict[str, Any],
        contribution_id: str | None = None,
        **envelope: Any,
    ) -> httpx.Response:
        body = {
            "id": contribution_id or str(uuid.uuid4()),
            "schema": SCHEMA_VERSION,
            "kind": kind.value,
            "period": period,
            "values": values,
            **envelope,
        }
        return self.post(token, body)

    def post(self, token: str, body: dict[str, Any]) -> httpx.Response:
        return self.client.post(
            "/api/v1/contributions", json=body, headers={"Authorization": f"Bearer {token}"}
        )

    def stats(self, token: str, group: str, month: str = "2026-02") -> httpx.Response:
        return self.client.get(
            "/api/v1/stats",
            params={"group": group, "month": month},
            headers={"Authorization": f"Bearer {token}"},
        )

    def state(self) -> dict[str, list[tuple[Any, ...]]]:
        """Everything a contribution may change, to check that nothing did."""
        with self.storage.read() as db:
            return {
                table: sorted(db.execute(f"SELECT * FROM {table}").fetchall())
                for table in ("reports", "idempotency", *(sums_table(kind) for kind in Kind))
            }


@pytest.fixture
def aggregator(policies: dict[str, Policy], clock: Clock) -> Iterator[Aggregator]:
    storage = Storage.in_memory()
    settings = Settings(storage, policies, max_age_days=62, clock=clock)
    with running(settings) as url, httpx.Client(base_url=url, timeout=10) as client:
        yield Aggregator(url, storage, clock, client)
    storage.close()


def random_values(kind: Kind, rng: random.Random) -> dict[str, int]:
    return {f.name: rng.randint(f.low, f.high) for f in FIELDS[kind]}


def valid_day(**changes: Any) -> dict[str, Any]:
    return {**{f.name: f.low for f in FIELDS[Kind.DAY]}, **changes}


# -- enrollment --------------------------------------------------------------------


def test_a_code_enrolls_one_device_once(aggregator: Aggregator) -> None:
    (code,) = auth.new_enrollment_codes(aggregator.storage, "team-b", 1, date(2026, 1, 1))
    first = aggregator.client.post("/api/v1/enroll", json={"code": code})
    assert first.status_code == 201
    document = first.json()
    assert document["team"] == "team-b"
    assert document["department"] == "dept"
    assert len(document["device_token"]) >= 43
    assert aggregator.client.post("/api/v1/enroll", json={"code": code}).status_code == 403
    assert aggregator.client.post("/api/v1/enroll", json={"code": "made-up"}).status_code == 403
    with aggregator.storage.read() as db:
        (stored,) = db.execute("SELECT token_hash FROM devices").fetchone()
    assert stored == auth.hash_secret(document["device_token"])  # only the hash is kept


def test_a_device_reads_its_department_policy(aggregator: Aggregator) -> None:
    (token,) = aggregator.enroll("team-a")
    response = aggregator.client.get("/api/v1/policy", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    policy = policy_from_dict(response.json())
    assert policy.id == "dept"
    assert policy.privacy.min_group_size == MIN_GROUP
    assert [team.id for team in policy.teams] == ["team-a", "team-b", "team-c"]


# -- roles -----------------------------------------------------------------------------


def test_anonymous_gets_nothing_but_login_and_healthz(aggregator: Aggregator) -> None:
    client = aggregator.client
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/login").status_code == 200
    home = client.get("/")
    assert (home.status_code, home.headers["location"]) == (303, "/login")
    stats = client.get("/api/v1/stats", params={"group": "dept", "month": "2026-02"})
    assert stats.status_code == 401
    assert stats.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/v1/policy").status_code == 401
    body = {"id": str(uuid.uuid4()), "schema": 1, "kind": "day", "period": "2026-03-09"}
    contribution = client.post("/api/v1/contributions", json={**body, "values": valid_day()})
    assert contribution.status_code == 410  # gone (SPLIT.md), whoever asks
    assert "/api/v1/reports" in contribution.json()["detail"]
    assert client.post("/api/v1/reports", json=body).status_code == 401


def login(aggregator: Aggregator, name: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=aggregator.url, timeout=10)
    form = client.get("/login")
    match = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert match
    response = client.post("/login", data={"name": name, "password": password, "csrf": match[1]})
    assert response.status_code == 303, response.text
    cookie = response.headers["set-cookie"]
    assert SESSION_COOKIE in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    return client


def test_login_session_csrf_and_logout(aggregator: Aggregator) -> None:
    password = auth.create_account(aggregator.storage, "agnes", auth.Role.READER, date(2026, 1, 1))
    with httpx.Client(base_url=aggregator.url, timeout=10) as stranger:
        stranger.get("/login")
        forged = stranger.post(
            "/login", data={"name": "agnes", "password": password, "csrf": "guess"}
        )
        assert forged.status_code == 403
        assert SESSION_COOKIE not in forged.headers.get("set-cookie", "")
        assert LOGIN_CSRF_COOKIE in stranger.cookies
    session = login(aggregator, "agnes", password)
    try:
        page = session.get("/")
        assert page.status_code == 200
        assert "Équipe A" in page.text
        assert "pas assez de participants" in page.text
        stats = session.get("/api/v1/stats", params={"group": "dept", "month": "2026-02"})
        assert stats.json() == held("dept")
        assert session.post("/logout", data={"csrf": "wrong"}).status_code == 403
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf
        cookie = session.cookies[SESSION_COOKIE]
        assert session.post("/logout", data={"csrf": csrf[1]}).status_code == 303
    finally:
        session.close()
    # The server forgot the session: its old cookie opens nothing.
    with httpx.Client(
        base_url=aggregator.url, timeout=10, cookies={SESSION_COOKIE: cookie}
    ) as replay:
        assert replay.get("/").status_code == 303
        stats = replay.get("/api/v1/stats", params={"group": "dept", "month": "2026-02"})
        assert stats.status_code == 401


def test_a_wrong_password_is_refused(aggregator: Aggregator) -> None:
    auth.create_account(aggregator.storage, "agnes", auth.Role.READER, date(2026, 1, 1))
    with httpx.Client(base_url=aggregator.url, timeout=10) as client:
        form = client.get("/login")
        match = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert match
        response = client.post(
            "/login", data={"name": "agnes", "password": "wrong", "csrf": match[1]}
        )
        assert response.status_code == 401
        assert SESSION_COOKIE not in client.cookies


FEBRUARY_RELEASE = "2026-03-06"  # the test policies: 5 days after the month


def held(group: str, month: str = "2026-02", when: str = FEBRUARY_RELEASE) -> dict[str, Any]:
    """What a held-back group reads: the public release date, and nothing of the data."""
    nothing = {"released": False}
    return {"group": group, "month": month, "release_date": when, "day": nothing, "week": nothing}


def test_stats_of_an_unknown_group_or_a_bad_month(aggregator: Aggregator) -> None:
    reader = aggregator.reader_token()
    assert aggregator.stats(reader, "nobody").status_code == 404
    assert aggregator.stats(reader, "dept", "2026-13").status_code == 422


def test_the_openapi_document_declares_the_routes(aggregator: Aggregator) -> None:
    document = aggregator.client.get("/openapi.json").json()
    operation = document["paths"]["/api/v1/reports"]["post"]
    assert set(operation["responses"]) >= {"200", "202", "401", "403", "409", "422", "503"}
    assert set(document["paths"]["/api/v1/contributions"]["post"]["responses"]) == {"410"}


def _login_form(client: httpx.Client, lang: str | None = None) -> tuple[httpx.Response, str]:
    form = client.get("/login", params={"lang": lang} if lang else None)
    match = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert match, form.text
    return form, match[1]


def test_the_login_page_is_french_by_default_and_english_on_request(
    aggregator: Aggregator,
) -> None:
    auth.create_account(aggregator.storage, "agnes", auth.Role.READER, date(2026, 1, 1))
    nbsp = "\u00a0"
    with httpx.Client(base_url=aggregator.url, timeout=10) as client:
        french, csrf = _login_form(client)
        assert '<html lang="fr">' in french.text
        assert "Mot de passe" in french.text and "Se connecter" in french.text
        assert "Password" not in french.text and "Log in" not in french.text
        wrong = client.post("/login", data={"name": "agnes", "password": "x", "csrf": csrf})
        assert wrong.status_code == 401
        assert "Identifiant ou mot de passe incorrect." in wrong.text
        expired = client.post("/login", data={"name": "agnes", "password": "x", "csrf": "no"})
        assert expired.status_code == 403
        assert f"Le formulaire a expiré{nbsp}: veuillez réessayer." in expired.text
    with httpx.Client(base_url=aggregator.url, timeout=10) as client:
        english, csrf = _login_form(client, "en")
        assert '<html lang="en">' in english.text
        assert "Password" in english.text and "Mot de passe" not in english.text
        data = {"name": "agnes", "password": "x", "csrf": csrf, "lang": "en"}
        wrong = client.post("/login", data=data)
        assert wrong.status_code == 401
        assert "Wrong name or password." in wrong.text
        assert '<html lang="en">' in wrong.text


def test_the_login_page_loads_nothing_and_allows_only_its_own_stylesheet(
    aggregator: Aggregator,
) -> None:
    form, _ = _login_form(aggregator.client)
    policy = form.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "form-action 'self'" in policy
    assert "<script" not in form.text
