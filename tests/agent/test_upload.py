"""Enrollment and uploads, against httpx's MockTransport: what is sent, when, how often."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest

from agent.commands import set_participation
from agent.participation import Mode
from agent.store import Store
from agent.upload import (
    UploadError,
    enroll,
    enrollment,
    fill_outbox,
    pending,
    require_secure,
    send_due,
)
from contract.contribution import Kind, Values

NOW = 1_780_000_000
DAY_VALUES: Values = {"reports": 1, "active_day": 0}


class Aggregator:
    """A scripted aggregator: answers in turn, records every request."""

    def __init__(self, *answers: int | type[httpx.TransportError]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/api/v1/enroll":
            if json.loads(request.content)["code"] == "good":
                body = {"device_token": "tok", "team": "dnum-infra", "department": "dnum"}
                return httpx.Response(201, json=body)
            return httpx.Response(403, json={"detail": "unknown code"})
        answer = self.answers.pop(0) if self.answers else 202
        if isinstance(answer, type):
            raise answer("down", request=request)
        return httpx.Response(answer, json={"duplicate": True} if answer == 200 else {})

    @property
    def sent(self) -> list[dict[str, object]]:
        return [
            json.loads(r.content) for r in self.requests if r.url.path.endswith("contributions")
        ]


def enrolled_store(aggregator: Aggregator) -> Store:
    store = Store.in_memory()
    enroll(
        store,
        "https://repit.example.org/",
        "good",
        date(2026, 3, 2),
        httpx.MockTransport(aggregator),
    )
    set_participation(store, Mode.SHARE, NOW)
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        store.db.table("days").insert(
            {"date": day, "figures": "{}", "contribution": json.dumps(DAY_VALUES)}
        )
    return store


@pytest.mark.parametrize(
    "url",
    [
        "https://repit.example.org",
        "http://localhost:8470",
        "http://127.0.0.1:8470/",
        "http://[::1]:8470",
    ],
)
def test_https_or_loopback_is_accepted(url: str) -> None:
    assert require_secure(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://repit.example.org", "http://10.0.0.5:8470", "ftp://x", "nonsense"]
)
def test_plain_http_elsewhere_is_refused_with_a_clear_message(url: str) -> None:
    with pytest.raises(UploadError) as refused:
        require_secure(url)
    assert url in str(refused.value)


def test_enrollment_keeps_the_token_and_the_team() -> None:
    store = enrolled_store(Aggregator())
    joined = enrollment(store)
    assert joined is not None
    assert (joined.url, joined.token, joined.team, joined.since) == (
        "https://repit.example.org",
        "tok",
        "dnum-infra",
        date(2026, 3, 2),
    )
    assert store.setting("team") == "dnum-infra"


def test_a_used_code_is_a_clear_error() -> None:
    with pytest.raises(UploadError, match="unknown or was already used"):
        enroll(
            Store.in_memory(),
            "https://x.org",
            "bad",
            date(2026, 3, 2),
            httpx.MockTransport(Aggregator()),
        )


def test_the_outbox_holds_each_period_since_enrollment_once() -> None:
    store = enrolled_store(Aggregator())
    assert fill_outbox(store, NOW) == 2  # 03-01 is before enrollment
    assert fill_outbox(store, NOW) == 0
    bodies = pending(store)
    assert [(b["kind"], b["period"]) for b in bodies] == [
        ("day", "2026-03-02"),
        ("day", "2026-03-03"),
    ]
    assert set(bodies[0]) == {"id", "schema", "kind", "period", "values"}
    assert bodies[0]["values"] == DAY_VALUES


def test_sending_posts_the_exact_previewed_bodies_with_the_device_token() -> None:
    aggregator = Aggregator()
    store = enrolled_store(aggregator)
    fill_outbox(store, NOW)
    previewed = pending(store)
    assert send_due(store, NOW, httpx.MockTransport(aggregator)) == 2
    assert aggregator.sent == previewed
    assert all(r.headers["Authorization"] == "Bearer tok" for r in aggregator.requests[1:])
    assert pending(store) == []
    assert store.setting("last_upload") is not None


def test_a_failed_send_is_retried_later_with_the_same_id() -> None:
    aggregator = Aggregator(httpx.ConnectError)
    store = enrolled_store(aggregator)
    fill_outbox(store, NOW)
    transport = httpx.MockTransport(aggregator)
    assert send_due(store, NOW, transport, rng=lambda: 0.5) == 0
    assert len(aggregator.sent) == 1  # the network is down: the rest waits
    assert send_due(store, NOW + 59, transport, rng=lambda: 0.5) == 1  # only the untried one
    assert send_due(store, NOW + 60, transport, rng=lambda: 0.5) == 1  # backoff of 60 s passed
    first, *_, last = aggregator.sent
    assert first["id"] == aggregator.sent[-1]["id"] == last["id"]


def test_backoff_grows_exponentially_with_jitter() -> None:
    aggregator = Aggregator(500, 500, 500)
    store = enrolled_store(aggregator)
    fill_outbox(store, NOW)
    transport = httpx.MockTransport(aggregator)
    waits = []
    now = NOW
    for _ in range(3):
        send_due(store, now, transport, rng=lambda: 0.0)
        (next_attempt,) = store.db.execute(
            "SELECT next_attempt FROM outbox ORDER BY period LIMIT 1"  # the one tried each time
        ).fetchone()
        waits.append(next_attempt - now)
        now = next_attempt
    assert waits == [30, 60, 120]  # 60 × 2^n, jittered down by half


@pytest.mark.parametrize(("status", "state"), [(200, "sent"), (409, "sent"), (422, "refused")])
def test_duplicates_conflicts_and_refusals_are_not_retried(status: int, state: str) -> None:
    aggregator = Aggregator(status)
    store = enrolled_store(aggregator)
    fill_outbox(store, NOW)
    send_due(store, NOW, httpx.MockTransport(aggregator))
    (first,) = store.db.execute("SELECT status FROM outbox ORDER BY period LIMIT 1").fetchone()
    assert first == state


def test_leaving_share_stops_sending_at_once() -> None:
    aggregator = Aggregator()
    store = enrolled_store(aggregator)
    fill_outbox(store, NOW)
    set_participation(store, Mode.REMINDERS, NOW)
    assert pending(store) == []
    assert send_due(store, NOW, httpx.MockTransport(aggregator)) == 0
    assert aggregator.sent == []


def test_nothing_is_sent_without_enrollment() -> None:
    store = Store.in_memory()
    set_participation(store, Mode.SHARE, NOW)
    assert fill_outbox(store, NOW) == 0
    assert send_due(store, NOW, httpx.MockTransport(Aggregator())) == 0


def test_contributions_kind_order_is_days_then_weeks() -> None:
    store = enrolled_store(Aggregator())
    store.db.table("weeks").insert(
        {"week": "2026-W10", "monday": "2026-03-02", "figures": "{}", "contribution": "{}"}
    )
    assert [k for k, _, _ in store.contributions(date(2026, 3, 2))] == [
        Kind.DAY,
        Kind.DAY,
        Kind.WEEK,
    ]


def test_the_joining_week_is_queued_and_the_week_before_it_is_not() -> None:
    # Enrolled on Wednesday 4 March 2026: W10 (Monday 2 March) is the joining
    # week and is reported (MEASURES.md §8); W09 ended before joining.
    store = Store.in_memory()
    enroll(store, "https://x.org", "good", date(2026, 3, 4), httpx.MockTransport(Aggregator()))
    for week, monday in (("2026-W09", "2026-02-23"), ("2026-W10", "2026-03-02")):
        store.db.table("weeks").insert(
            {"week": week, "monday": monday, "figures": "{}", "contribution": "{}"}
        )
    assert [(k, p) for k, p, _ in store.contributions(date(2026, 3, 4))] == [
        (Kind.WEEK, "2026-W10")
    ]


def test_re_enrolling_sends_the_current_token_to_be_revoked() -> None:
    aggregator = Aggregator()
    store = enrolled_store(aggregator)
    enroll(
        store,
        "https://repit.example.org",
        "good",
        date(2026, 3, 9),
        httpx.MockTransport(aggregator),
    )
    first, second = (r for r in aggregator.requests if r.url.path == "/api/v1/enroll")
    assert "authorization" not in first.headers
    assert second.headers["authorization"] == "Bearer tok"
    # Another server never sees this server's token.
    enroll(
        store,
        "https://other.example.org",
        "good",
        date(2026, 3, 9),
        httpx.MockTransport(aggregator),
    )
    assert "authorization" not in aggregator.requests[-1].headers
