"""Joining a team on two servers: one code from each (SPLIT.md "Enrollment").

The device enrolls at the leader with the leader's one-time code and learns
from its answer the helper's URL and HPKE configuration; then it enrolls at
the helper with the helper's code, and checks that both servers name the same
team and department. Each server counts devices by its own credentials, so
neither can add a device the other did not enroll.

What is kept, in the person's database (0600, ``agent.store``): the leader's
device token, the helper's device token and HPKE configuration. A leader
enrollment whose helper step failed (helper unreachable, a wrong helper code)
is kept apart as *pending*, with a digest of the leader code: running the same
command again resumes at the helper, without spending a new leader code.

A ``429`` is waited out when its ``Retry-After`` is short (saying so), and
otherwise reported with the delay: codes are one-time, a throttled attempt
spent none.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from agent.net_limits import DEFAULT_LIMITS, Limits, NetworkProblem
from agent.store import Store
from agent.texts.enrollment import enrollment_text

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

    from agent.bounded_http import Answer

Server = Literal["leader", "helper"]

ENROLLMENT = "enrollment"
PENDING = "enrollment_pending"
MAX_WAIT_SECONDS = 120
"""The longest ``Retry-After`` waited out; a longer one is reported instead."""
MAX_THROTTLED_ATTEMPTS = 3
DEFAULT_WAIT_SECONDS = 10
"""The wait after a ``429`` without a readable ``Retry-After``."""
CODE_SEPARATOR = "."
"""Between the two codes given as one word: codes are letters, digits and ``-``."""


class UploadError(Exception):
    """Enrollment or sending cannot work; the message says why."""


class EnrollmentError(UploadError):
    """One problem of enrollment, worded in either language; ``str`` is English (logs)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message("en"))
        self.problem = problem

    def message(self, language: str) -> str:
        return self.problem.message(language)


@dataclass(frozen=True)
class Problem:
    what: str
    """A key of ``agent.texts.enrollment``: ``code_refused``, ``team_mismatch``…"""
    server: Server | None = None
    values: Mapping[str, object] = field(default_factory=dict)

    def message(self, language: str) -> str:
        return enrollment_text(self.what, language, self.server, **self.values)


Say = Callable[[Problem], None]
"""Where progress goes (``waiting``, ``resuming``): the CLI words and prints it."""


@dataclass(frozen=True)
class Enrollment:
    url: str
    """The leader's base URL: reports and the policy come and go there."""
    token: str
    """The leader's device token."""
    team: str
    department: str
    since: date
    helper_url: str = ""
    helper_token: str = ""
    """The helper's device token: it travels only inside the encrypted helper share."""
    hpke_config: Mapping[str, Any] | None = None
    """The helper's HPKE configuration, as the leader gave it (``HpkeConfig`` JSON)."""

    @property
    def complete(self) -> bool:
        """Enrolled at both servers: reports can be built and sent."""
        return bool(self.helper_url and self.helper_token and self.hpke_config)


@dataclass(frozen=True)
class LeaderPart:
    """The leader's answer, kept while the helper step is not done."""

    url: str
    token: str
    team: str
    department: str
    helper_url: str
    hpke_config: Mapping[str, Any]
    code_digest: str


def require_secure(url: str, server: Server = "leader") -> str:
    """A server's base URL, refused unless HTTPS or a loopback address.

    Reports carry nothing readable by one server, but device tokens do: they
    must never cross a network in clear.
    """
    parts = urlsplit(url.rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EnrollmentError(Problem("bad_url", server, {"url": url}))
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise EnrollmentError(Problem("insecure_url", server, {"url": url, "host": parts.hostname}))
    return url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_codes(code: str, helper_code: str | None) -> tuple[str, str]:
    """``(leader code, helper code)`` from two words or one ``LEADER.HELPER``."""
    leader, separator, helper = code.strip().partition(CODE_SEPARATOR)
    if helper_code is not None:
        if separator:
            raise EnrollmentError(Problem("two_codes"))
        leader, helper = leader, helper_code.strip()
    if not leader or not helper or CODE_SEPARATOR in helper:
        raise EnrollmentError(Problem("two_codes"))
    return leader, helper


def retry_after_seconds(header: str | None, now: datetime) -> float | None:
    """``Retry-After`` as seconds from ``now``: whole seconds or an HTTP date (RFC 9110)."""
    if header is None:
        return None
    value = header.strip()
    if value.isascii() and value.isdigit() and len(value) <= 9:  # not "¹", a Unicode digit
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def enrollment(store: Store) -> Enrollment | None:
    """The device's enrollment, complete or (from an older agent) at the leader only."""
    raw = store.setting(ENROLLMENT)
    if raw is None:
        return None
    data = json.loads(raw)
    return Enrollment(
        data["url"],
        data["token"],
        data["team"],
        data["department"],
        date.fromisoformat(data["since"]),
        data.get("helper_url", ""),
        data.get("helper_token", ""),
        data.get("hpke_config"),
    )


def share_destination(store: Store) -> tuple[str, str] | None:
    """Where ``share`` sends: the leader's (url, team); None until enrolled at both servers."""
    joined = enrollment(store)
    return None if joined is None or not joined.complete else (joined.url, joined.team)


def pending_leader(store: Store) -> LeaderPart | None:
    raw = store.setting(PENDING)
    return None if raw is None else LeaderPart(**json.loads(raw))


def enroll(
    store: Store,
    url: str,
    code: str,
    today: date,
    transport: httpx.BaseTransport | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    helper_code: str | None = None,
    say: Say | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Enrollment:
    """Join a team at the leader ``url`` and at its helper; keep both tokens.

    ``code`` is the leader's code, or both as ``LEADER.HELPER`` when
    ``helper_code`` is not given. Raises ``EnrollmentError``; what succeeded
    before the error is kept (see the module's docstring).
    """
    base = require_secure(url)
    leader_code, second_code = split_codes(code, helper_code)
    network = _Network(transport, limits, say, sleep, clock)
    previous = enrollment(store)
    digest = hashlib.sha256(leader_code.encode()).hexdigest()
    leader = pending_leader(store)
    if leader is not None and leader.url == base and leader.code_digest == digest:
        if say is not None:
            say(Problem("resuming", "leader", {"url": base}))
    else:
        # Re-enrolling sends the current token, which the server revokes while
        # the device keeps its identity there: it counts once per batch. A
        # token goes only to the server that issued it.
        revoked = leader.token if leader is not None and leader.url == base else None
        if revoked is None and previous is not None and previous.url == base:
            revoked = previous.token
        leader = _enroll_at_leader(network, base, leader_code, revoked, digest)
        store.set_setting(PENDING, json.dumps(leader.__dict__))
    revoked_helper = (
        previous.helper_token
        if previous is not None and previous.helper_url == leader.helper_url
        else None
    )
    token, team, department = _enroll_at(
        network, "helper", leader.helper_url, second_code, revoked_helper
    )
    if (team, department) != (leader.team, leader.department):
        raise EnrollmentError(
            Problem(
                "team_mismatch",
                None,
                {
                    "team": leader.team,
                    "department": leader.department,
                    "other_team": team,
                    "other_department": department,
                },
            )
        )
    joined = Enrollment(
        leader.url,
        leader.token,
        leader.team,
        leader.department,
        today,
        leader.helper_url,
        token,
        dict(leader.hpke_config),
    )
    _keep(store, joined)
    return joined


def _keep(store: Store, joined: Enrollment) -> None:
    with store.transaction():
        store.set_setting(ENROLLMENT, json.dumps(as_document(joined)))
        store.set_setting(PENDING, None)
        store.set_setting("team", joined.team)
        # Reports waiting were built for the previous keys, team and tokens:
        # they are built again for these (the servers refuse a period twice).
        store.drop_pending_contributions()


def as_document(joined: Enrollment) -> dict[str, Any]:
    """What is kept of an enrollment, in the ``ENROLLMENT`` setting (JSON)."""
    return {
        "url": joined.url,
        "token": joined.token,
        "team": joined.team,
        "department": joined.department,
        "since": joined.since.isoformat(),
        "helper_url": joined.helper_url,
        "helper_token": joined.helper_token,
        "hpke_config": None if joined.hpke_config is None else dict(joined.hpke_config),
    }


@dataclass(frozen=True)
class _Network:
    transport: httpx.BaseTransport | None
    limits: Limits
    say: Say | None
    sleep: Callable[[float], None]
    clock: Callable[[], datetime]


def _enroll_at_leader(
    network: _Network, base: str, code: str, revoked: str | None, digest: str
) -> LeaderPart:
    body = _post_enroll(network, "leader", base, code, revoked)
    try:
        token, team, department = _identity(body)
        helper_url = body["helper_url"]
        config = body["hpke_config"]
    except (TypeError, KeyError, ValueError):
        raise EnrollmentError(Problem("bad_answer", "leader", {"url": base})) from None
    if not isinstance(helper_url, str):
        raise _bad_helper(base, "helper_url")
    try:
        helper = require_secure(helper_url, "helper")
    except EnrollmentError:
        raise _bad_helper(base, "helper_url") from None
    if not isinstance(config, dict):
        raise _bad_helper(base, "hpke_config")
    from contract.split.hpke import HpkeConfig

    try:
        checked = HpkeConfig.from_json(config).to_json()
    except ValueError:
        raise _bad_helper(base, "hpke_config") from None
    return LeaderPart(base, token, team, department, helper, checked, digest)


def _bad_helper(base: str, name: str) -> EnrollmentError:
    return EnrollmentError(Problem("bad_helper", "leader", {"url": base, "field": name}))


def _enroll_at(
    network: _Network, server: Server, base: str, code: str, revoked: str | None
) -> tuple[str, str, str]:
    body = _post_enroll(network, server, base, code, revoked)
    try:
        return _identity(body)
    except (TypeError, KeyError, ValueError):
        raise EnrollmentError(Problem("bad_answer", server, {"url": base})) from None


def _identity(body: Any) -> tuple[str, str, str]:
    token, team, department = body["device_token"], body["team"], body["department"]
    if not all(isinstance(v, str) and v for v in (token, team, department)):
        raise ValueError("device_token, team and department must be non-empty strings")
    return token, team, department


def _post_enroll(
    network: _Network, server: Server, base: str, code: str, revoked: str | None
) -> Any:
    """The ``201`` answer's JSON; waits out short ``429``s; raises ``EnrollmentError``."""
    headers = {"Content-Type": "application/json"}
    if revoked is not None:
        headers["Authorization"] = f"Bearer {revoked}"
    for attempt in range(1, MAX_THROTTLED_ATTEMPTS + 1):
        answer = _call(network, server, base, headers, code)
        if answer.status != 429:
            break
        wait = retry_after_seconds(answer.retry_after, network.clock())
        wait = DEFAULT_WAIT_SECONDS if wait is None else wait
        shown = {"url": base, "wait": max(1, round(wait))}
        if wait > MAX_WAIT_SECONDS or attempt == MAX_THROTTLED_ATTEMPTS:
            raise EnrollmentError(Problem("throttled", server, shown))
        if network.say is not None:
            network.say(Problem("waiting", server, shown))
        network.sleep(wait)
    if answer.status == 403:
        raise EnrollmentError(Problem("code_refused", server, {"url": base}))
    if answer.status != 201:
        raise EnrollmentError(Problem("refused", server, {"url": base, "status": answer.status}))
    try:
        return answer.json()
    except ValueError:
        raise EnrollmentError(Problem("bad_answer", server, {"url": base})) from None


def _call(
    network: _Network, server: Server, base: str, headers: dict[str, str], code: str
) -> Answer:
    from agent.bounded_http import call

    try:
        return call(
            "POST",
            f"{base}/api/v1/enroll",
            headers=headers,
            content=json.dumps({"code": code}),
            transport=network.transport,
            limits=network.limits,
        )
    except NetworkProblem as problem:
        raise EnrollmentError(
            Problem("unreachable", server, {"url": base, "detail": str(problem)})
        ) from None
