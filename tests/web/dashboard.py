"""A department over five months, read on 3 March 2026, served: the dashboard's test ground.

What a Prévention officer meets there, each at least once:

- a published 0 %: in December 2025 nobody works after hours (``calm_day``);
- a month not yet published: February 2026 is complete, its release date
  (5 March) still to come;
- held-back months: March to September 2025 have no data; team C (2
  devices) is held back, and team B with it (complementary suppression);
- a team far from its department: team A's after-hours share (about 57 %)
  against the department's, pulled up by teams B and C (100 %);
- the department's tools (``tests.web.tool_answers``): released answers, a
  recueil with proposals, a deployment with its impact study.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image

from aggregator import auth
from aggregator.app import Settings
from aggregator.organisation import Organisation
from aggregator.storage import Storage
from contract.policy.loader import load_policy_folder
from contract.policy.model import Policy
from tests.aggregator.conftest import Clock, write_policies
from tests.aggregator.reports.conftest import busy_day, small_team_day
from tests.aggregator.reports.seed import day_values, enroll, send_month
from tests.aggregator.server import running
from tests.web.tool_answers import POLICY_TOOLS, feed_tools

READ_AT = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
MONTHS = ("2025-10", "2025-11", "2025-12", "2026-01", "2026-02")
ZERO_MONTH = "2025-12"
"""No after-hours activity anywhere: the department's after-hours share is 0 %."""
LATEST = "2026-01"
NOT_YET = "2026-02"
SIZES = {"team-a": 7, "team-b": 6, "team-c": 2}
ORGANISATION = "Région Exemple — Direction des ressources humaines"
PASSWORD_OWNER = "agnes"


def calm_day(index: int, day: str) -> dict[str, int]:
    return day_values(6 * 60 + 10 * index, breaks=4)


def feed(storage: Storage, policies: dict[str, Policy]) -> list[int]:
    """The months of days and weeks, then the tools; returns the deployments' numbers."""
    devices = {team: enroll(storage, team, count) for team, count in SIZES.items()}
    for month in MONTHS:
        for team, enrolled in devices.items():
            maker = busy_day if team == "team-a" else small_team_day
            send_month(
                storage, policies, enrolled, month, calm_day if month == ZERO_MONTH else maker
            )
    # February's answers are not released yet, as its days are not.
    return feed_tools(storage, policies["dept"], devices, [m for m in MONTHS if m != NOT_YET])


def logo_png() -> bytes:
    image = Image.new("RGB", (120, 40), "#1d5fa8")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@dataclass
class Dashboard:
    url: str
    storage: Storage
    policies: dict[str, Policy]
    password: str
    admin_password: str
    deployments: list[int]


@contextmanager
def served_dashboard(folder: Path) -> Iterator[Dashboard]:
    """The department above on a real server on loopback, with a reader and an admin."""
    policy_folder = write_policies(folder / "policies")
    department = policy_folder / "dept.toml"
    department.write_text(department.read_text(encoding="utf-8") + POLICY_TOOLS, encoding="utf-8")
    policies = load_policy_folder(policy_folder)
    logo = folder / "logo.png"
    logo.write_bytes(logo_png())
    storage = Storage.in_memory()
    try:
        deployments = feed(storage, policies)
        password = auth.create_account(storage, PASSWORD_OWNER, auth.Role.READER, date(2026, 1, 1))
        admin = auth.create_account(storage, "root", auth.Role.ADMIN, date(2026, 1, 1))
        settings = Settings(
            storage,
            policies,
            max_age_days=62,
            clock=Clock(READ_AT),
            organisation=Organisation.of(ORGANISATION, logo),
        )
        with running(settings) as url:
            yield Dashboard(url, storage, policies, password, admin, deployments)
    finally:
        storage.close()
