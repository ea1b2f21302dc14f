"""An enrolled agent keeps the helper's HPKE configuration current (``agent.helper_config``).

At most once a day it asks the helper; a new key seals the reports built
afterwards, while those already in the outbox keep their bytes. A hostile
or broken answer, from a real server on loopback, is refused, the known
configuration kept and the reason logged once.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.enrollment import enrollment
from agent.helper_config import CONFIG_ROUTE, REFRESH_EVERY_SECONDS, refresh_helper_config
from agent.jobs import Agent
from agent.participation import Mode
from agent.store import Store
from agent.upload import fill_outbox, pending
from contract.policy.model import Policy
from contract.split.hpke import generate_keypair
from tests.agent.desk import Desk
from tests.agent.fakes import paris, plain_text
from tests.agent.hostile import HostileServer, endless, gzip_bomb, sending
from tests.agent.split_servers import TwoServers, enrolled
from tests.aggregator.reports.seed import day_values

NOW = 1_772_450_000  # 2 March 2026, after the enrollment day


def keep_day(store: Store, day: str) -> None:
    values = day_values(30)
    store.db.table("days").insert(
        {"date": day, "figures": "{}", "contribution": json.dumps(values)}
    )


def sealed_to(body: dict[str, Any]) -> int:
    text = body["helper_share_encrypted"]
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))[0]


def known_id(store: Store) -> int:
    joined = enrollment(store)
    assert joined is not None and joined.hpke_config is not None
    return int(joined.hpke_config["id"])


def rotate(servers: TwoServers) -> int:
    """The helper's operator makes a new key: the helper publishes it from now on."""
    new_id = (servers.config.id + 1) % 256
    servers.config, servers.private_key = generate_keypair(new_id)
    servers.hpke_json = servers.config.to_json()
    return new_id


def config_requests(servers: TwoServers) -> int:
    return len(servers.sent("helper", CONFIG_ROUTE))


def test_a_new_key_seals_the_next_reports_and_those_queued_keep_their_bytes() -> None:
    servers = TwoServers()
    store = enrolled(servers, since=date(2026, 3, 2))
    old = known_id(store)
    keep_day(store, "2026-03-02")
    assert fill_outbox(store, NOW) == 1
    (queued,) = pending(store)
    new = rotate(servers)

    assert refresh_helper_config(store, NOW, servers.transport) is True
    assert known_id(store) == new and new != old
    (still,) = pending(store)
    assert still == queued and sealed_to(still) == old  # the same bytes, the same id
    request = servers.sent("helper", CONFIG_ROUTE)[0]
    assert "authorization" not in request.headers  # a public route: no device token shown

    keep_day(store, "2026-03-03")
    assert fill_outbox(store, NOW) == 1
    built = next(body for body in pending(store) if body["period"] == "2026-03-03")
    assert sealed_to(built) == new
    assert servers.aggregate([built])["active_minutes"] == 30  # the helper opens it


def test_the_helper_is_asked_at_most_once_a_day_and_again_after_the_clock_went_back() -> None:
    servers = TwoServers()
    store = enrolled(servers, since=date(2026, 3, 2))
    assert refresh_helper_config(store, NOW, servers.transport) is False  # asked: the same key
    assert config_requests(servers) == 1
    for later in (NOW + 60, NOW + REFRESH_EVERY_SECONDS - 1):
        refresh_helper_config(store, later, servers.transport)
    assert config_requests(servers) == 1
    refresh_helper_config(store, NOW + REFRESH_EVERY_SECONDS, servers.transport)
    assert config_requests(servers) == 2
    refresh_helper_config(store, NOW - 3600, servers.transport)  # the clock was set back
    assert config_requests(servers) == 3


def test_an_agent_enrolled_at_the_leader_only_asks_nothing() -> None:
    servers = TwoServers()
    servers.helper_up = False
    store = Store.in_memory()
    servers.codes()
    from agent.enrollment import EnrollmentError, enroll

    with pytest.raises(EnrollmentError):
        enroll(store, "https://leader.example.org", "L-1", date(2026, 3, 2), servers.transport,
               helper_code="H-1")  # fmt: skip
    servers.helper_up = True
    assert refresh_helper_config(store, NOW, servers.transport) is False
    assert config_requests(servers) == 0


def test_the_running_agent_refreshes_in_its_upload_job_before_building() -> None:
    servers = TwoServers()
    desk = Desk(start="2026-03-02T09:00:00", store=enrolled(servers, since=date(2026, 3, 2)))
    desk.agent = Agent(
        desk.store,
        Policy(),
        clock=desk.clock,
        idle_source=lambda: desk.idle,
        notifier=desk.notifier,
        reminder_text=plain_text,
        upload_transport=servers.transport,
    )
    desk.agent.set_mode(Mode.SHARE)
    desk.work(40)
    desk.clock.now = paris("2026-03-03T08:00:00")
    desk.idle.touch()
    desk.agent.tick()  # Monday is kept
    new = rotate(servers)
    assert desk.agent.upload() == 1
    (report,) = servers.reports
    assert sealed_to(report) == new
    assert servers.aggregate([report])["active_day"] == 1


GOOD = generate_keypair(9)[0].to_json()
HOSTILE = {
    "another suite": json.dumps({**GOOD, "kem_id": 0x0010}).encode(),
    "a short key": json.dumps({**GOOD, "public_key": "AAAA"}).encode(),
    "an id out of range": json.dumps({**GOOD, "id": 300}).encode(),
    "an unknown field": json.dumps({**GOOD, "private_key": "AAAA"}).encode(),
    "not JSON": b"<html>maintenance</html>",
    "a list": b"[]",
}


@pytest.mark.parametrize("what", sorted(HOSTILE))
def test_a_broken_configuration_is_refused_the_known_one_kept_and_logged_once(
    what: str, caplog: pytest.LogCaptureFixture
) -> None:
    with HostileServer(sending(HOSTILE[what])).running() as helper:
        servers = TwoServers(helper_url=helper.url)
        store = enrolled(servers, since=date(2026, 3, 2))
        before = enrollment(store)
        caplog.set_level(logging.WARNING, logger="repit.upload")
        for day in range(3):  # the same refusal, three days running
            now = NOW + day * REFRESH_EVERY_SECONDS
            assert refresh_helper_config(store, now) is False
        assert helper.requests == 3
    assert enrollment(store) == before, what
    warnings = [r for r in caplog.records if "configuration is refused" in r.getMessage()]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize(
    "what",
    ["an endless body", "a huge body", "a gzip bomb", "an error status"],
)
def test_an_oversized_or_failing_answer_is_cut_and_refused(what: str) -> None:
    answer = {
        "an endless body": endless(chunked=True),
        "a huge body": sending(json.dumps({**GOOD, "pad": "x" * 100_000}).encode()),
        "a gzip bomb": sending(gzip_bomb(16 * 1024 * 1024), headers={"Content-Encoding": "gzip"}),
        "an error status": sending(b'{"detail": "down"}', status="503 Service Unavailable"),
    }[what]
    with HostileServer(answer).running() as helper:
        servers = TwoServers(helper_url=helper.url)
        store = enrolled(servers, since=date(2026, 3, 2))
        before = enrollment(store)
        assert refresh_helper_config(store, NOW) is False
    assert enrollment(store) == before, what
    assert store.setting("helper_config_refused"), what


@settings(max_examples=30, deadline=None)
@given(steps=st.lists(st.integers(0, 3 * REFRESH_EVERY_SECONDS), min_size=1, max_size=20))
def test_whatever_the_upload_rounds_the_helper_is_asked_at_most_once_a_day(
    steps: list[int],
) -> None:
    servers = TwoServers()
    store = enrolled(servers, since=date(2026, 3, 2))
    now = NOW
    last: int | None = None
    for step in steps:
        now += step
        before = config_requests(servers)
        refresh_helper_config(store, now, servers.transport)
        asked = config_requests(servers) > before
        due = last is None or now - last >= REFRESH_EVERY_SECONDS
        assert asked == due, (steps, now, last)  # once a day: never more, never less
        last = now if asked else last
