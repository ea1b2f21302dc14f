"""Uploads of split reports, against scripted servers: what is sent, when, how often.

Enrollment itself is ``test_enrollment``; here, the outbox and the leader's answers.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import date
from pathlib import Path

import httpx
import pytest

from agent.commands import set_participation
from agent.participation import Mode
from agent.store import MIGRATIONS, Store
from agent.upload import (
    UploadError,
    enrollment,
    fill_outbox,
    pending,
    pending_with_values,
    require_secure,
    send_due,
)
from contract.contribution import DAY_FIELDS, FIELDS, Kind, Values
from contract.split.report import Report
from contract.sqlite_files import open_database
from tests.agent.split_servers import LEADER, TEAM, Scripted, TwoServers, enrolled

NOW = 1_780_000_000
DAY_VALUES: Values = {f.name: f.low for f in DAY_FIELDS} | {
    "active_day": 1,
    "working_day": 1,
    "active_minutes": 412,
    "hours_6": 1,
    "breaks": 5,
    "reminders_break": 2,
}
REPORT_KEYS = {"id", "schema", "kind", "period", "public_share", "leader_share",
               "helper_share_encrypted"}  # fmt: skip


def enrolled_store(servers: TwoServers) -> Store:
    store = enrolled(servers)
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


def test_the_outbox_holds_each_period_since_enrollment_once_as_a_report() -> None:
    store = enrolled_store(TwoServers())
    assert fill_outbox(store, NOW) == 2  # 03-01 is before enrollment
    assert fill_outbox(store, NOW) == 0
    bodies = pending(store)
    assert [(b["kind"], b["period"]) for b in bodies] == [
        ("day", "2026-03-02"),
        ("day", "2026-03-03"),
    ]
    assert all(set(b) == REPORT_KEYS and b["schema"] == 2 for b in bodies)
    assert len({b["id"] for b in bodies}) == 2
    assert all(uuid.UUID(b["id"]).version == 4 for b in bodies)


def test_a_report_carries_the_values_and_nothing_else_and_no_server_alone_reads_them() -> None:
    # MEASURES.md §8: the kind, the period and the values, now as shares. The
    # leader's share alone is random-looking; with the helper's (opened with
    # the helper's private key) the two add up to exactly the values.
    servers = TwoServers()
    store = enrolled_store(servers)
    fill_outbox(store, NOW)
    bodies = pending(store)
    for body in bodies:
        report = Report.from_body(body)
        assert (report.kind, report.period) in {("day", "2026-03-02"), ("day", "2026-03-03")}
        text = json.dumps(body)
        assert TEAM[0] not in text and "token" not in text  # the team is bound, not written
    sums = servers.aggregate(bodies)
    assert sums == {name: 2 * value for name, value in DAY_VALUES.items()}
    joined = enrollment(store)
    assert joined is not None
    assert servers.helper_tokens == [joined.helper_token] * 2
    # The same values again make other bytes: nothing ties two reports together.
    again = [json.loads(b) for b in store.pending_bodies()]
    assert again == bodies
    other = TwoServers()
    other_store = enrolled_store(other)
    fill_outbox(other_store, NOW)
    assert pending(other_store)[0]["leader_share"] != bodies[0]["leader_share"]


def test_the_preview_shows_the_clear_values_beside_the_exact_body() -> None:
    servers = TwoServers()
    store = enrolled_store(servers)
    fill_outbox(store, NOW)
    shown = pending_with_values(store)
    assert [item["values"] for item in shown] == [DAY_VALUES, DAY_VALUES]
    assert [item["body"] for item in shown] == pending(store)
    assert send_due(store, NOW, servers.transport) == 2
    assert servers.reports == [item["body"] for item in shown]


def test_sending_posts_the_exact_previewed_bodies_to_the_leader_with_its_token() -> None:
    servers = TwoServers()
    store = enrolled_store(servers)
    fill_outbox(store, NOW)
    previewed = pending(store)
    assert send_due(store, NOW, servers.transport) == 2
    assert servers.reports == previewed
    joined = enrollment(store)
    assert joined is not None
    posted = servers.sent("leader", "/api/v1/reports")
    assert all(r.headers["Authorization"] == f"Bearer {joined.token}" for r in posted)
    assert servers.sent("leader", "/api/v1/contributions") == []
    assert pending(store) == []
    assert store.setting("last_upload") is not None


def test_a_failed_send_is_retried_later_with_the_same_report() -> None:
    servers = TwoServers()
    servers.script["leader /api/v1/reports"] = [httpx.ConnectError]
    store = enrolled_store(servers)
    fill_outbox(store, NOW)
    transport = servers.transport
    assert send_due(store, NOW, transport, rng=lambda: 0.5) == 0
    assert len(servers.reports) == 1  # the network is down: the rest waits
    assert send_due(store, NOW + 59, transport, rng=lambda: 0.5) == 1  # only the untried one
    assert send_due(store, NOW + 60, transport, rng=lambda: 0.5) == 1  # backoff of 60 s passed
    first, *_, last = servers.reports
    assert first == last  # the same report, byte for byte: the same id


def test_backoff_grows_exponentially_with_jitter() -> None:
    servers = TwoServers()
    servers.script["leader /api/v1/reports"] = [Scripted(500)] * 3
    store = enrolled_store(servers)
    fill_outbox(store, NOW)
    waits = []
    now = NOW
    for _ in range(3):
        send_due(store, now, servers.transport, rng=lambda: 0.0)
        (next_attempt,) = store.db.execute(
            "SELECT next_attempt FROM outbox ORDER BY period LIMIT 1"  # the one tried each time
        ).fetchone()
        waits.append(next_attempt - now)
        now = next_attempt
    assert waits == [30, 60, 120]  # 60 × 2^n, jittered down by half


@pytest.mark.parametrize(
    ("answer", "state", "acknowledged", "logged"),
    [
        (Scripted(202, {}), "sent", 2, None),
        (Scripted(200, {"duplicate": True}), "sent", 2, None),
        (Scripted(409, {"detail": "already reported"}), "sent", 2, "already holds"),
        (Scripted(422, {"detail": "month already released\x1b[2J"}), "refused", 1,
         "month already released"),
        (Scripted(401, {"detail": "unknown token"}), "pending", 0, "enroll again"),
        (Scripted(410, {"detail": "gone"}), "pending", 0, "HTTP 410"),
        (Scripted(413, {}), "pending", 0, "HTTP 413"),
        (Scripted(503, {}), "pending", 0, "HTTP 503"),
    ],
)  # fmt: skip
def test_each_answer_of_the_leader_is_handled_as_split_md_says(
    answer: Scripted,
    state: str,
    acknowledged: int,
    logged: str | None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    servers = TwoServers()
    servers.script["leader /api/v1/reports"] = [answer]
    store = enrolled_store(servers)
    fill_outbox(store, NOW)
    with caplog.at_level(logging.INFO, logger="repit.upload"):
        assert send_due(store, NOW, servers.transport) == acknowledged
    (first,) = store.db.execute("SELECT status FROM outbox ORDER BY period LIMIT 1").fetchone()
    assert first == state
    if logged is not None:
        assert logged in caplog.text
        assert "\x1b" not in caplog.text  # the server's text is cleaned before it is logged
    if state == "pending":  # kept: the next round sends the very same report
        assert send_due(store, NOW + 7 * 3600, servers.transport) == 2
        assert servers.reports[0] == servers.reports[1]


def test_a_busy_leaders_retry_after_postpones_the_report() -> None:
    servers = TwoServers()
    servers.script["leader /api/v1/reports"] = [Scripted(503, {}, {"Retry-After": "1800"})]
    store = enrolled_store(servers)
    fill_outbox(store, NOW)
    send_due(store, NOW, servers.transport, rng=lambda: 0.0)
    (next_attempt,) = store.db.execute(
        "SELECT next_attempt FROM outbox ORDER BY period LIMIT 1"
    ).fetchone()
    assert next_attempt == NOW + 1800


def test_leaving_share_stops_sending_at_once() -> None:
    servers = TwoServers()
    store = enrolled_store(servers)
    fill_outbox(store, NOW)
    set_participation(store, Mode.REMINDERS, NOW)
    assert pending(store) == []
    assert send_due(store, NOW, servers.transport) == 0
    assert servers.reports == []


def test_nothing_is_sent_without_enrollment() -> None:
    store = Store.in_memory()
    set_participation(store, Mode.SHARE, NOW)
    assert fill_outbox(store, NOW) == 0
    assert send_due(store, NOW, TwoServers().transport) == 0


def test_a_device_enrolled_at_the_leader_only_builds_and_sends_nothing() -> None:
    servers = TwoServers()
    servers.codes()
    servers.helper_up = False
    store = Store.in_memory()
    with pytest.raises(UploadError):
        from agent.enrollment import enroll

        enroll(store, LEADER, "L-1", date(2026, 3, 2), servers.transport, helper_code="H-1")
    set_participation(store, Mode.SHARE, NOW)
    store.db.table("days").insert(
        {"date": "2026-03-02", "figures": "{}", "contribution": json.dumps(DAY_VALUES)}
    )
    assert fill_outbox(store, NOW) == 0
    assert send_due(store, NOW, servers.transport) == 0
    assert servers.reports == []


def test_enrolling_again_rebuilds_the_waiting_reports_for_the_new_keys() -> None:
    servers = TwoServers()
    store = enrolled_store(servers)
    fill_outbox(store, NOW)
    before = {b["id"] for b in pending(store)}
    servers.codes(leader="L-2", helper="H-2")
    from agent.enrollment import enroll

    enroll(store, LEADER, "L-2.H-2", date(2026, 3, 2), servers.transport)
    assert pending(store) == []
    assert fill_outbox(store, NOW) == 2
    assert {b["id"] for b in pending(store)}.isdisjoint(before)
    servers.aggregate(pending(store))  # built for the keys and tokens now in force


def test_contributions_kind_order_is_days_then_weeks() -> None:
    store = enrolled_store(TwoServers())
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
    store = enrolled(TwoServers(), since=date(2026, 3, 4))
    for week, monday in (("2026-W09", "2026-02-23"), ("2026-W10", "2026-03-02")):
        store.db.table("weeks").insert(
            {"week": week, "monday": monday, "figures": "{}", "contribution": "{}"}
        )
    assert [(k, p) for k, p, _ in store.contributions(date(2026, 3, 4))] == [
        (Kind.WEEK, "2026-W10")
    ]


def test_an_older_agents_clear_outbox_and_one_server_enrollment_are_dropped_on_upgrade(
    tmp_path: Path,
) -> None:
    path = tmp_path / "repit.db"
    old = open_database(path, MIGRATIONS[:1], "Répit database")
    clear = {"id": "c1", "schema": 1, "kind": "day", "period": "2026-03-02", "values": {}}
    rows = [
        ("c1", "2026-03-02", json.dumps(clear), "pending"),
        ("c2", "2026-03-01", json.dumps(clear | {"id": "c2"}), "sent"),
    ]
    for identifier, period, body, status in rows:
        old.execute(
            "INSERT INTO outbox (id, kind, period, body, created, next_attempt, status)"
            " VALUES (?, 'day', ?, ?, 0, 0, ?)",
            [identifier, period, body, status],
        )
    one_server = {"url": LEADER, "token": "t", "team": "a", "department": "d",
                  "since": "2026-03-01"}  # fmt: skip
    old.execute("INSERT INTO settings VALUES ('enrollment', ?)", [json.dumps(one_server)])
    old.execute("INSERT INTO settings VALUES ('team', 'a')")
    old.execute("INSERT INTO settings VALUES ('mode', 'share')")
    old.conn.commit()
    old.conn.close()
    store = Store.open(path)
    assert store.db.execute("SELECT id, status FROM outbox").fetchall() == [("c2", "sent")]
    assert enrollment(store) is None and store.setting("team") is None
    assert store.setting("mode") == "share"  # the person's choice is theirs: kept


@pytest.mark.parametrize("kind", list(Kind))
def test_a_reports_size_says_nothing_of_its_values(kind: Kind) -> None:
    # Every field of the body has one length per kind, whatever the values:
    # a quiet day and a 25-hour day look alike on the wire.
    from agent.reports import build_body

    servers = TwoServers()
    joined = enrollment(enrolled(servers))
    assert joined is not None
    fields = FIELDS[kind]
    lowest = {f.name: f.low for f in fields}
    highest = {f.name: f.high for f in fields}
    if kind is Kind.DAY:  # one hour bucket at most, and exactly one on an active day
        highest |= {f"hours_{n}": 0 for n in range(13)} | {"hours_12": 1}
    period = "2026-03-02" if kind is Kind.DAY else "2026-W10"
    sizes = [
        {name: len(str(value)) for name, value in build_body(joined, kind, period, values).items()}
        for values in (lowest, highest)
    ]
    assert sizes[0] == sizes[1]
    assert servers.aggregate([build_body(joined, kind, period, highest)]) == highest


def test_kept_values_that_break_the_layout_are_set_aside_not_blocking_the_rest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    servers = TwoServers()
    store = enrolled_store(servers)
    broken = DAY_VALUES | {"hours_2": 1}  # two hour buckets on one day
    store.db.execute(
        "UPDATE days SET contribution = ? WHERE date = '2026-03-02'", [json.dumps(broken)]
    )
    with caplog.at_level(logging.WARNING, logger="repit.upload"):
        assert fill_outbox(store, NOW) == 1
    assert "2026-03-02 was not sent" in caplog.text
    assert [b["period"] for b in pending(store)] == ["2026-03-03"]
    assert fill_outbox(store, NOW) == 0  # set aside once, not rebuilt every round
    assert send_due(store, NOW, servers.transport) == 1
