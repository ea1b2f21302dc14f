"""What the routes depend on, as FastAPI dependencies: the server's parts and who is asking.

``create_app`` puts one ``Server`` on ``app.state``; the routers of every
area (``aggregator.api``, ``aggregator.login``, ``aggregator.web``,
``aggregator.admin``) take it, and the caller, from here:

- ``current_device``: the enrolled device of a ``Bearer`` device token;
- ``current_reader``: a reader or admin, for the JSON API (refusals in JSON);
- ``current_viewer``: the same reader or admin, for the web pages (a person
  without credentials is sent to ``/login``).

Authentication is a dependency so that it is decided before the body is
read: a request without credentials gets 401, never a validation error.
"""

# No `from __future__ import annotations`: FastAPI reads the dependencies'
# annotations at run time.

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, cast

from fastapi import Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from aggregator import auth
from aggregator.driver import LeaderDriver
from aggregator.group_commit import GroupCommit
from aggregator.groups import Groups
from aggregator.identity import SESSION_COOKIE, Reader, Refusal, reader_of
from aggregator.roles import LeaderRole
from aggregator.settings import Settings
from aggregator.storage import Storage
from aggregator.throttle import Throttle
from contract.policy.model import Policy


@dataclass(frozen=True)
class Server:
    """One server's parts, shared by its routes."""

    settings: Settings
    groups: Groups
    logins: Throttle
    enrollments: Throttle
    health_worker: ThreadPoolExecutor
    """One thread for ``/healthz``, apart from the routes' pool."""
    report_commits: GroupCommit
    """The uploads' writes, committed in groups (one disk sync for many uploads)."""
    driver: "LeaderDriver | None" = None
    """The leader's aggregation with the helper (None on a helper or a reports-only server)."""

    @property
    def storage(self) -> Storage:
        return self.settings.storage

    @property
    def policies(self) -> Mapping[str, Policy]:
        return self.settings.policies

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.settings.clock

    @classmethod
    def of(cls, settings: Settings) -> "Server":
        driver = None
        if isinstance(settings.role, LeaderRole):
            driver = LeaderDriver(
                settings.storage,
                settings.policies,
                settings.role,
                settings.clock,
                settings.aggregate_every_seconds,
                settings.aggregate_batch_size,
                settings.helper_retry_max_seconds,
            )
        return cls(
            settings,
            Groups(settings.policies),
            Throttle(settings.login_limits, settings.throttle_clock),
            Throttle(settings.enroll_limits, settings.throttle_clock),
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="repit-health"),
            GroupCommit(settings.storage),
            driver,
        )


async def current_server(request: Request) -> Server:
    # Async, so that FastAPI resolves it on the event loop: a plain function
    # would take a route thread, and ``/healthz`` would wait behind a flood.
    return cast(Server, request.app.state.server)


TheServer = Annotated[Server, Depends(current_server)]

_bearer = HTTPBearer(
    auto_error=False,
    description="A device token (devices) or an API token (readers and admins).",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def refusal(status_code: int, message: str) -> HTTPException:
    headers = {"WWW-Authenticate": "Bearer"} if status_code == 401 else None
    return HTTPException(status_code, message, headers=headers)


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    if credentials is None or credentials.scheme.lower() != "bearer":
        return None
    return credentials.credentials


def current_device(server: TheServer, credentials: Credentials) -> auth.Device:
    token = bearer_token(credentials)
    who = None
    if token is not None:
        who = auth.device_for(server.storage, token) or auth.account_for_token(
            server.storage, token
        )
    if who is None:
        raise refusal(401, "a device token is required")
    if not isinstance(who, auth.Device):
        raise refusal(403, "only an enrolled device may do this")
    return who


CurrentDevice = Annotated[auth.Device, Depends(current_device)]


def current_reader(request: Request, server: TheServer, credentials: Credentials) -> auth.Account:
    """A reader or admin of the JSON API; a header that is no ``Bearer`` counts as none."""
    found = reader_of(
        server.storage,
        bearer_token(credentials),
        request.cookies.get(SESSION_COOKIE),
        server.clock(),
    )
    if found is Refusal.DEVICE:
        raise refusal(403, Refusal.DEVICE.value)
    if isinstance(found, Refusal):
        raise refusal(401, Refusal.NOTHING.value)
    return found.account


class Refused(Exception):
    """A page's refusal, sent as it is (``create_app`` installs the handler)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


async def send_refusal(_: Request, error: Exception) -> Response:
    return cast(Refused, error).response


def current_viewer(request: Request, server: TheServer) -> Reader:
    """A reader or admin of the web pages; anyone else is sent to ``/login``."""
    header = request.headers.get("authorization")
    token = None
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Refused(Response("an API token is required", 401))
    found = reader_of(server.storage, token, request.cookies.get(SESSION_COOKIE), server.clock())
    if found is Refusal.NOTHING:
        raise Refused(RedirectResponse("/login", status_code=303))
    if found is Refusal.DEVICE:
        raise Refused(Response(Refusal.DEVICE.value, 403))
    if isinstance(found, Refusal):
        raise Refused(Response(Refusal.UNKNOWN_TOKEN.value, 401))
    return found


CurrentViewer = Annotated[Reader, Depends(current_viewer)]


def current_session(request: Request, server: TheServer) -> auth.Session | None:
    token = request.cookies.get(SESSION_COOKIE)
    return None if not token else auth.session_for(server.storage, token, server.clock())


CurrentSession = Annotated[auth.Session | None, Depends(current_session)]
