"""Dual enrollment (SPLIT.md "Enrollment: two parties, two codes") against scripted servers."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.enrollment import (
    MAX_WAIT_SECONDS,
    Enrollment,
    EnrollmentError,
    Problem,
    Server,
    enroll,
    enrollment,
    pending_leader,
    retry_after_seconds,
    split_codes,
)
from agent.store import Store
from contract.wording import NBSP
from tests.agent.split_servers import HELPER, LEADER, TEAM, Scripted, TwoServers, enrolled

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def attempt(
    servers: TwoServers,
    store: Store,
    code: str = "L-1",
    helper: str | None = "H-1",
    *,
    say: Callable[[Problem], None] | None = None,
    sleep: Callable[[float], None] = lambda seconds: None,
) -> Enrollment:
    return enroll(
        store,
        LEADER,
        code,
        TODAY,
        servers.transport,
        helper_code=helper,
        say=say,
        sleep=sleep,
        clock=lambda: NOW,
    )


def refusal(
    servers: TwoServers,
    store: Store,
    helper: str | None = "H-1",
    sleep: Callable[[float], None] = lambda seconds: None,
) -> EnrollmentError:
    with pytest.raises(EnrollmentError) as refused:
        attempt(servers, store, helper=helper, sleep=sleep)
    return refused.value


def test_enrolling_at_both_servers_keeps_both_tokens_and_the_helper_key() -> None:
    servers = TwoServers()
    store = enrolled(servers)
    joined = enrollment(store)
    assert joined is not None and joined.complete
    assert (joined.url, joined.helper_url, joined.team, joined.department) == (
        LEADER,
        HELPER,
        *TEAM,
    )
    assert joined.token.startswith("leader-") and joined.helper_token.startswith("helper-")
    assert joined.hpke_config == servers.config.to_json()
    leader_call, helper_call = servers.requests
    assert str(leader_call.url) == f"{LEADER}/api/v1/enroll"
    assert json.loads(leader_call.content) == {"code": "L-1"}
    assert str(helper_call.url) == f"{HELPER}/api/v1/enroll"
    assert json.loads(helper_call.content) == {"code": "H-1"}
    assert store.setting("team") == TEAM[0]
    assert pending_leader(store) is None


def test_both_codes_can_be_one_word() -> None:
    servers = TwoServers()
    servers.codes()
    store = Store.in_memory()
    joined = attempt(servers, store, code="L-1.H-1", helper=None)
    assert joined == enrollment(store)
    assert [json.loads(r.content)["code"] for r in servers.requests] == ["L-1", "H-1"]


@pytest.mark.parametrize(
    ("code", "helper"), [("L-1", None), ("L-1.", None), (".H-1", None), ("L-1.H-1", "H-2")]
)
def test_one_code_is_not_enough(code: str, helper: str | None) -> None:
    with pytest.raises(EnrollmentError) as refused:
        split_codes(code, helper)
    assert "deux codes" in refused.value.message("fr")
    assert "two codes" in refused.value.message("en")


def test_the_stored_tokens_are_in_the_private_database(tmp_path: Path) -> None:
    servers = TwoServers()
    store = enrolled(servers, Store.open(tmp_path / "data" / "repit.db"))
    store.close()
    assert stat.S_IMODE((tmp_path / "data" / "repit.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700


@pytest.mark.parametrize("server", ["leader", "helper"])
def test_an_unknown_code_says_which_server_refused_it(server: Server) -> None:
    servers = TwoServers()
    servers.codes(
        leader="other" if server == "leader" else "L-1",
        helper="other" if server == "helper" else "H-1",
    )
    error = refusal(servers, Store.in_memory())
    assert error.problem == Problem(
        "code_refused",
        server,
        {"url": LEADER if server == "leader" else HELPER},
    )
    named = "serveur principal" if server == "leader" else "second serveur"
    assert named in error.message("fr") and f"{server} server" in error.message("en")


def test_a_helper_down_keeps_the_leader_enrollment_and_the_same_command_resumes() -> None:
    servers = TwoServers()
    servers.codes()
    store = Store.in_memory()
    servers.helper_up = False
    error = refusal(servers, store)
    assert (error.problem.what, error.problem.server) == ("unreachable", "helper")
    assert "injoignable" in error.message("fr") and HELPER in error.message("fr")
    assert enrollment(store) is None
    assert pending_leader(store) is not None
    servers.helper_up = True
    said: list[Problem] = []
    joined = attempt(servers, store, say=said.append)
    # The leader's code was spent once: the second run went to the helper only.
    assert len(servers.sent("leader", "/api/v1/enroll")) == 1
    assert [p.what for p in said] == ["resuming"]
    assert enrollment(store) == joined
    assert pending_leader(store) is None


def test_a_new_leader_code_after_a_half_done_enrollment_starts_again_revoking_the_first() -> None:
    servers = TwoServers()
    servers.codes()
    store = Store.in_memory()
    servers.helper_up = False
    refusal(servers, store)
    first = pending_leader(store)
    assert first is not None
    servers.helper_up = True
    servers.codes(leader="L-2", helper="H-2")
    attempt(servers, store, code="L-2", helper="H-1")
    second = servers.sent("leader", "/api/v1/enroll")[-1]
    assert second.headers["authorization"] == f"Bearer {first.token}"


def test_codes_of_two_teams_are_refused_and_a_right_helper_code_then_suffices() -> None:
    servers = TwoServers()
    servers.leader_codes["L-1"] = TEAM
    servers.helper_codes["H-other"] = ("rh-paie", "rh")
    store = Store.in_memory()
    error = refusal(servers, store, helper="H-other")
    assert error.problem.what == "team_mismatch"
    assert "dnum-infra" in error.message("fr") and "rh-paie" in error.message("fr")
    assert enrollment(store) is None
    servers.helper_codes["H-1"] = TEAM
    joined = attempt(servers, store)
    assert joined == enrollment(store)


@pytest.mark.parametrize(
    ("helper_url", "config", "field"),
    [
        ("http://helper.example.org", None, "helper_url"),
        ("not a url", None, "helper_url"),
        (HELPER, {"id": 1, "kem_id": 32}, "hpke_config"),
        (HELPER, "a string", "hpke_config"),
    ],
)
def test_a_leader_describing_the_helper_wrongly_is_refused(
    helper_url: str, config: object, field: str
) -> None:
    servers = TwoServers(helper_url=helper_url)
    if config is not None:
        servers.hpke_json = config
    servers.codes()
    store = Store.in_memory()
    error = refusal(servers, store)
    assert error.problem == Problem("bad_helper", "leader", {"url": LEADER, "field": field})
    assert field in error.message("fr")
    assert pending_leader(store) is None and enrollment(store) is None
    assert servers.sent("helper", "/api/v1/enroll") == []


@pytest.mark.parametrize(
    "answer",
    [
        Scripted(201, {"device_token": "", "team": "t", "department": "d"}),
        Scripted(201, ["not", "an", "object"]),
        Scripted(201, {"device_token": "x", "team": 3, "department": "d"}),
    ],
)
def test_an_answer_that_is_not_an_enrollment_is_refused(answer: Scripted) -> None:
    servers = TwoServers()
    servers.codes()
    servers.script["leader /api/v1/enroll"] = [answer]
    error = refusal(servers, Store.in_memory())
    assert (error.problem.what, error.problem.server) == ("bad_answer", "leader")


def test_a_short_retry_after_is_waited_out_and_said() -> None:
    servers = TwoServers()
    servers.codes()
    servers.script["helper /api/v1/enroll"] = [Scripted(429, {}, {"Retry-After": "7"})]
    slept: list[float] = []
    said: list[Problem] = []
    attempt(servers, Store.in_memory(), sleep=slept.append, say=said.append)
    assert slept == [7.0]
    assert said == [Problem("waiting", "helper", {"url": HELPER, "wait": 7})]
    assert f"7{NBSP}s" in said[0].message("fr")


def test_a_long_retry_after_is_reported_not_waited() -> None:
    servers = TwoServers()
    servers.codes()
    later = format_datetime(NOW + timedelta(hours=1), usegmt=True)
    servers.script["leader /api/v1/enroll"] = [Scripted(429, {}, {"Retry-After": later})]
    slept: list[float] = []
    error = refusal(servers, Store.in_memory(), sleep=slept.append)
    assert slept == []
    assert error.problem == Problem("throttled", "leader", {"url": LEADER, "wait": 3600})
    assert "3600" in error.message("fr")


def test_throttling_without_end_gives_up_after_a_few_attempts() -> None:
    servers = TwoServers()
    servers.codes()
    servers.script["leader /api/v1/enroll"] = [Scripted(429, {}, {"Retry-After": "1"})] * 10
    slept: list[float] = []
    error = refusal(servers, Store.in_memory(), sleep=slept.append)
    assert error.problem.what == "throttled"
    assert len(slept) == 2 and len(servers.requests) == 3


@given(st.integers(min_value=0, max_value=10**8))
def test_retry_after_in_seconds_is_read_as_given(seconds: int) -> None:
    assert retry_after_seconds(str(seconds), NOW) == seconds


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_retry_after_as_a_date_is_the_time_left(offset: int) -> None:
    header = format_datetime(NOW + timedelta(seconds=offset), usegmt=True)
    assert retry_after_seconds(header, NOW) == max(0, offset)


@given(st.text(max_size=40))
def test_retry_after_never_fails(header: str) -> None:
    found = retry_after_seconds(header, NOW)
    assert found is None or found >= 0


def test_waits_are_bounded() -> None:
    assert MAX_WAIT_SECONDS <= 300  # a person at a terminal, or an installer, waits that long


def test_re_enrolling_revokes_each_token_at_the_server_that_issued_it() -> None:
    servers = TwoServers()
    store = enrolled(servers)
    before = enrollment(store)
    assert before is not None
    servers.codes(leader="L-2", helper="H-2")
    attempt(servers, store, code="L-2", helper="H-2")
    leader_calls = servers.sent("leader", "/api/v1/enroll")
    helper_calls = servers.sent("helper", "/api/v1/enroll")
    assert leader_calls[-1].headers["authorization"] == f"Bearer {before.token}"
    assert helper_calls[-1].headers["authorization"] == f"Bearer {before.helper_token}"
    # No server ever sees the other's token.
    for request in servers.requests:
        if str(request.url).startswith(LEADER):
            assert before.helper_token.encode() not in request.content
            assert before.helper_token not in request.headers.get("authorization", "")


def test_every_french_message_keeps_french_typography() -> None:
    samples = [
        Problem("bad_url", "leader", {"url": "x"}),
        Problem("insecure_url", "leader", {"url": "http://x.org", "host": "x.org"}),
        Problem("two_codes"),
        Problem("unreachable", "helper", {"url": HELPER, "detail": "timeout"}),
        Problem("code_refused", "helper", {"url": HELPER}),
        Problem("throttled", "leader", {"url": LEADER, "wait": 30}),
        Problem("refused", "leader", {"url": LEADER, "status": 500}),
        Problem("bad_answer", "helper", {"url": HELPER}),
        Problem("bad_helper", "leader", {"url": LEADER, "field": "hpke_config"}),
        Problem(
            "team_mismatch",
            None,
            {"team": "a", "department": "b", "other_team": "c", "other_department": "d"},
        ),
        Problem("waiting", "helper", {"url": HELPER, "wait": 3}),
        Problem("resuming", "leader", {"url": LEADER}),
    ]
    for problem in samples:
        french, english = problem.message("fr"), problem.message("en")
        assert french != english
        for mark in (":", ";", "?", "!"):
            assert f" {mark}" not in french.replace(" ::1", ""), french  # ::1, an address
        assert "timeout" not in french  # no English detail in the French message
