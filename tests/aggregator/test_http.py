"""The server over real HTTP on loopback: enrollment, contributions, roles, released sums."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
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


# -- contributions -------------------------------------------------------------------


def test_accepted_duplicate_and_conflict(aggregator: Aggregator) -> None:
    (token,) = aggregator.enroll("team-a")
    values = valid_day(active_day=1, active_minutes=400, hours_6=1, breaks=7)
    contribution_id = str(uuid.uuid4())
    accepted = aggregator.send(token, Kind.DAY, "2026-03-09", values, contribution_id)
    assert (accepted.status_code, accepted.json()) == (202, {"accepted": True})
    after_first = aggregator.state()
    assert after_first["sums_day"][0][:5] == ("team-a", "2026-03", 1, 1, 1)

    again = aggregator.send(token, Kind.DAY, "2026-03-09", values, contribution_id)
    assert (again.status_code, again.json()) == (200, {"duplicate": True})
    assert aggregator.state() == after_first

    second = aggregator.send(token, Kind.DAY, "2026-03-09", values)
    assert second.status_code == 409
    assert aggregator.state() == after_first


def test_one_device_counts_once_per_batch(aggregator: Aggregator) -> None:
    aggregator.clock.now = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)  # February not yet released
    (token,) = aggregator.enroll("team-a")
    for day in ("2026-03-01", "2026-03-02", "2026-02-28"):
        assert aggregator.send(token, Kind.DAY, day, valid_day()).status_code == 202
    assert aggregator.send(token, Kind.WEEK, "2026-W09", valid_week()).status_code == 202
    with aggregator.storage.read() as db:
        days = db.execute("SELECT month, devices, reports FROM sums_day ORDER BY month").fetchall()
        weeks = db.execute("SELECT month, devices, reports FROM sums_week").fetchall()
    assert days == [("2026-02", 1, 1), ("2026-03", 1, 2)]
    assert weeks == [("2026-02", 1, 1)]  # W09's Thursday is 26 February


def valid_week(**changes: Any) -> dict[str, Any]:
    return {**{f.name: f.low for f in FIELDS[Kind.WEEK]}, **changes}


INVALID: dict[str, tuple[dict[str, Any], str]] = {
    "unknown field": ({"values": valid_day(keystrokes=3)}, "keystrokes"),
    "missing field": (
        {"values": {k: v for k, v in valid_day().items() if k != "breaks"}},
        "breaks",
    ),
    "out of bounds": ({"values": valid_day(active_minutes=1501)}, "1500"),
    "below bounds": ({"values": valid_day(reports=0)}, "reports"),
    "bool instead of int": ({"values": valid_day(active_day=True)}, "active_day"),
    "float instead of int": ({"values": valid_day(breaks=2.0)}, "breaks"),
    "string instead of int": ({"values": valid_day(breaks="2")}, "breaks"),
    "week values for a day": ({"values": valid_week()}, "active_week"),
    "bad period": ({"period": "2026-02-30"}, "real date"),
    "week period for a day": ({"period": "2026-W09"}, "YYYY-MM-DD"),
    "incomplete period (today)": ({"period": "2026-03-10"}, "not complete"),
    "future period": ({"period": "2026-04-01"}, "not complete"),
    "too old period": ({"period": "2026-01-06"}, "more than 62 days"),
    "wrong schema": ({"schema": 2}, "schema"),
    "schema as bool": ({"schema": True}, "schema"),
    "not a uuid4": ({"id": "0b7a3f3e-2d1c-1b8e-9f1a-1c2d3e4f5a6b"}, "id"),
    "unknown kind": ({"kind": "month"}, "kind"),
    "unknown envelope key": ({"team": "team-a"}, "team"),
}


@pytest.mark.parametrize(("change", "reason"), INVALID.values(), ids=list(INVALID))
def test_an_invalid_body_is_refused_with_its_reason_and_nothing_changes(
    aggregator: Aggregator, change: dict[str, Any], reason: str
) -> None:
    (token,) = aggregator.enroll("team-a")
    assert aggregator.send(token, Kind.DAY, "2026-03-08", valid_day()).status_code == 202
    before = aggregator.state()
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "schema": SCHEMA_VERSION,
        "kind": "day",
        "period": "2026-03-09",
        "values": valid_day(),
        **change,
    }
    response = aggregator.post(token, body)
    assert response.status_code == 422, response.text
    assert reason in response.text
    assert aggregator.state() == before
    # The refusal used up nothing: the same period is accepted once corrected.
    assert aggregator.send(token, Kind.DAY, "2026-03-09", valid_day()).status_code == 202


def test_completeness_follows_the_team_time_zone(aggregator: Aggregator) -> None:
    (paris,) = aggregator.enroll("team-a")
    (auckland,) = aggregator.enroll("far-team")
    aggregator.clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # past midnight in Auckland
    assert aggregator.send(auckland, Kind.DAY, "2026-03-10", valid_day()).status_code == 202
    assert aggregator.send(paris, Kind.DAY, "2026-03-10", valid_day()).status_code == 422


# -- roles -----------------------------------------------------------------------------


def test_a_device_cannot_read_and_a_reader_cannot_submit(aggregator: Aggregator) -> None:
    (device,) = aggregator.enroll("team-a")
    reader = aggregator.reader_token()
    assert aggregator.stats(device, "team-a").status_code == 403
    assert aggregator.stats(reader, "team-a").status_code == 200
    refused = aggregator.send(reader, Kind.DAY, "2026-03-09", valid_day())
    assert refused.status_code == 403
    assert aggregator.send("not-a-token", Kind.DAY, "2026-03-09", valid_day()).status_code == 401
    policy = aggregator.client.get("/api/v1/policy", headers={"Authorization": f"Bearer {reader}"})
    assert policy.status_code == 403
    assert aggregator.stats("not-a-token", "team-a").status_code == 401
    assert aggregator.state()["reports"] == []


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
    assert contribution.status_code == 401


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


# -- released statistics ----------------------------------------------------------------


def feed(
    aggregator: Aggregator, team: str, devices: int, rng: random.Random
) -> dict[Kind, dict[str, int]]:
    """``devices`` new devices of ``team`` send February; the field-by-field totals they sent.

    They send on 2 March, once February is complete and before its release:
    from the release on, the month is frozen.
    """
    totals = {kind: {f.name: 0 for f in FIELDS[kind]} for kind in Kind}
    reading_time = aggregator.clock.now
    aggregator.clock.now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    for token in aggregator.enroll(team, devices):
        for kind, periods in ((Kind.DAY, FEBRUARY_DAYS[::3]), (Kind.WEEK, FEBRUARY_WEEKS)):
            for period in periods:
                values = random_values(kind, rng)
                assert aggregator.send(token, kind, period, values).status_code == 202
                for name, value in values.items():
                    totals[kind][name] += value
    aggregator.clock.now = reading_time
    return totals


FEBRUARY_RELEASE = "2026-03-06"  # the test policies: 5 days after the month


def held(group: str, month: str = "2026-02", when: str = FEBRUARY_RELEASE) -> dict[str, Any]:
    """What a held-back group reads: the public release date, and nothing of the data."""
    nothing = {"released": False}
    return {"group": group, "month": month, "release_date": when, "day": nothing, "week": nothing}


def batches(devices: int, sums: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The two released batches of a group behind ``devices`` devices each."""
    return {
        kind.value: {"released": True, "devices": devices, "sums": sums[kind.value]}
        for kind in Kind
    }


def add(*totals: dict[Kind, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {
        kind.value: {f.name: sum(t[kind][f.name] for t in totals) for f in FIELDS[kind]}
        for kind in Kind
    }


def test_released_sums_equal_what_the_devices_sent(aggregator: Aggregator) -> None:
    rng = random.Random(4)
    sent = feed(aggregator, "team-a", MIN_GROUP, rng)
    reader = aggregator.reader_token()
    document = aggregator.stats(reader, "team-a").json()
    assert document == {
        "group": "team-a",
        "month": "2026-02",
        "release_date": FEBRUARY_RELEASE,
        **batches(MIN_GROUP, add(sent)),
    }
    assert list(document["day"]["sums"]) == [f.name for f in FIELDS[Kind.DAY]]
    # The department is team-a alone here: the same figures.
    department = aggregator.stats(reader, "dept").json()
    assert department == {**document, "group": "dept"}


def test_a_released_month_is_frozen(aggregator: Aggregator) -> None:
    feed(aggregator, "team-a", MIN_GROUP, random.Random(7))
    late = aggregator.enroll("team-a", 1)[0]
    response = aggregator.send(
        late, Kind.DAY, FEBRUARY_DAYS[1], random_values(Kind.DAY, random.Random(8))
    )
    assert response.status_code == 422
    assert "already released" in response.text
    shown = aggregator.stats(aggregator.reader_token(), "team-a").json()
    assert shown["day"]["devices"] == MIN_GROUP


def test_nothing_is_shown_before_the_release_delay(aggregator: Aggregator) -> None:
    feed(aggregator, "team-a", MIN_GROUP, random.Random(5))
    reader = aggregator.reader_token()
    aggregator.clock.now = datetime(2026, 3, 5, 22, 59, tzinfo=UTC)  # 23:59 in Paris
    assert aggregator.stats(reader, "team-a").json() == held("team-a")
    aggregator.clock.now += timedelta(minutes=1)  # 6 March in Paris: 5 days after the end
    shown = aggregator.stats(reader, "team-a").json()
    assert shown["day"]["released"] is shown["week"]["released"] is True


def test_a_small_team_and_complementary_suppression(aggregator: Aggregator) -> None:
    rng = random.Random(6)
    a = feed(aggregator, "team-a", MIN_GROUP, rng)
    b = feed(aggregator, "team-b", MIN_GROUP - 2, rng)
    c = feed(aggregator, "team-c", MIN_GROUP + 1, rng)
    reader = aggregator.reader_token()
    shown = {
        group: aggregator.stats(reader, group).json()
        for group in ("team-a", "team-b", "team-c", "dept")
    }
    # team-b is too small; team-a, the smallest of the others, is held back with it,
    # else the department total minus a and c would give b's figures.
    assert shown["team-b"] == held("team-b")
    assert shown["team-a"] == held("team-a")
    assert shown["team-c"] == {**held("team-c"), **batches(MIN_GROUP + 1, add(c))}
    assert shown["dept"] == {**held("dept"), **batches(3 * MIN_GROUP - 1, add(a, b, c))}


def test_stats_of_an_unknown_group_or_a_bad_month(aggregator: Aggregator) -> None:
    reader = aggregator.reader_token()
    assert aggregator.stats(reader, "nobody").status_code == 404
    assert aggregator.stats(reader, "dept", "2026-13").status_code == 422


def test_the_openapi_document_declares_the_routes(aggregator: Aggregator) -> None:
    document = aggregator.client.get("/openapi.json").json()
    operation = document["paths"]["/api/v1/contributions"]["post"]
    assert set(operation["responses"]) == {"200", "202", "400", "401", "403", "409", "422"}
    day, week = operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert day["properties"]["kind"]["const"] == "day"
    assert week["properties"]["period"]["pattern"] == r"^[0-9]{4}-W[0-9]{2}$"  # ASCII only
    assert day["additionalProperties"] is False
    assert day["properties"]["values"]["additionalProperties"] is False
    assert day["properties"]["values"]["properties"]["active_minutes"]["maximum"] == 1500
    assert set(week["properties"]["values"]["required"]) == {f.name for f in FIELDS[Kind.WEEK]}


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
