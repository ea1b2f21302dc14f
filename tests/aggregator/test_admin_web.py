"""The administration pages over real HTTP on loopback, with the login flow.

What an administrator does from the web (list, create and disable readers,
issue codes) and every way a reader, a script or a stranger would try to get
there anyway.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from agent.cli import cli as agent_cli
from aggregator import auth, codes
from aggregator.app import Settings
from aggregator.storage import Storage
from contract.policy.model import Policy
from tests.aggregator.conftest import Clock
from tests.aggregator.server import running

NBSP = "\u00a0"
DAY = date(2026, 1, 1)


@dataclass
class Served:
    url: str
    storage: Storage

    @contextmanager
    def login(self, name: str, password: str) -> Iterator[httpx.Client]:
        """A browser that logged in through the login form."""
        with httpx.Client(base_url=self.url, timeout=30) as client:
            form = client.get("/login")
            match = re.search(r'name="csrf" value="([^"]+)"', form.text)
            assert match
            data = {"name": name, "password": password, "csrf": match[1]}
            answer = client.post("/login", data=data)
            assert answer.status_code == 303, answer.text
            yield client


@pytest.fixture
def served(tmp_path: Path, policies: dict[str, Policy], clock: Clock) -> Iterator[Served]:
    storage = Storage.open(tmp_path / "aggregator.db")
    with running(Settings(storage, policies, clock=clock)) as url:
        yield Served(url, storage)
    storage.close()


@pytest.fixture
def admin(served: Served) -> Iterator[httpx.Client]:
    password = auth.create_account(served.storage, "agnes", auth.Role.ADMIN, DAY)
    with served.login("agnes", password) as client:
        yield client


@pytest.fixture
def reader(served: Served) -> Iterator[httpx.Client]:
    password = auth.create_account(served.storage, "prevention", auth.Role.READER, DAY)
    with served.login("prevention", password) as client:
        yield client


def csrf_of(page: httpx.Response) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, page.text
    return match[1]


def shown_secrets(page: httpx.Response) -> list[str]:
    return [
        html.unescape(found) for found in re.findall(r"<li><code>([^<]+)</code></li>", page.text)
    ]


def state_of(storage: Storage, name: str) -> auth.AccountInfo | None:
    return next((found for found in auth.accounts(storage) if found.name == name), None)


def test_an_administrator_reaches_the_page_from_home_in_french_or_english(
    admin: httpx.Client,
) -> None:
    home = admin.get("/")
    assert 'href="/admin?lang=fr"' in home.text
    page = admin.get("/admin")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert '<html lang="fr">' in page.text
    assert "Nouveau compte lecteur" in page.text and "Codes d&#39;inscription" in page.text
    assert re.search(r'<tr data-account="agnes">.*administrateur.*actif', page.text)
    assert "<script" not in page.text
    english = admin.get("/admin", params={"lang": "en"})
    assert '<html lang="en">' in english.text
    assert "New reader account" in english.text and "Enrollment codes" in english.text
    assert "Nouveau" not in english.text


def test_an_administrator_creates_a_reader_whose_password_is_shown_once(
    served: Served, admin: httpx.Client
) -> None:
    page = admin.get("/admin")
    created = admin.post(
        "/admin/readers",
        # A role field is ignored: the web creates readers only.
        data={"name": "prevention", "role": "admin", "csrf": csrf_of(page), "lang": "fr"},
    )
    assert created.status_code == 200, created.text
    (password,) = shown_secrets(created)
    assert f"Compte lecteur «{NBSP}prevention{NBSP}» créé" in created.text
    assert f"une seule fois{NBSP}:" in created.text
    assert auth.check_password(served.storage, "prevention", password) == auth.Account(
        "prevention", auth.Role.READER
    )
    # Shown once: the page afterwards lists the account, never the password.
    again = admin.get("/admin")
    assert password not in again.text
    assert re.search(r'<tr data-account="prevention">.*lecteur.*actif', again.text)
    # It can log in, and sees the reports.
    with served.login("prevention", password) as newcomer:
        assert newcomer.get("/").status_code == 200

    twice = admin.post(
        "/admin/readers", data={"name": "prevention", "csrf": csrf_of(page), "lang": "fr"}
    )
    assert twice.status_code == 422
    assert f"Le compte «{NBSP}prevention{NBSP}» existe déjà." in twice.text
    blank = admin.post("/admin/readers", data={"name": "  ", "csrf": csrf_of(page), "lang": "en"})
    assert blank.status_code == 422 and "Invalid name" in blank.text
    assert [found.name for found in auth.accounts(served.storage)] == ["agnes", "prevention"]


def test_an_administrator_disables_a_reader_whose_session_ends_at_once(
    served: Served, admin: httpx.Client, reader: httpx.Client
) -> None:
    token = auth.create_api_token(served.storage, "prevention", DAY)
    assert reader.get("/").status_code == 200
    csrf = csrf_of(admin.get("/admin"))
    disabled = admin.post("/admin/disable", data={"name": "prevention", "csrf": csrf, "lang": "en"})
    assert disabled.status_code == 200
    assert "Account “prevention” disabled" in disabled.text
    assert re.search(r'<tr data-account="prevention">.*disabled', disabled.text)
    home = reader.get("/")
    assert (home.status_code, home.headers["location"]) == (303, "/login")
    with httpx.Client(base_url=served.url, timeout=30) as script:
        bearer = {"Authorization": f"Bearer {token}"}
        assert (
            script.get("/api/v1/stats?group=dept&month=2026-02", headers=bearer).status_code == 401
        )

    enabled = admin.post("/admin/enable", data={"name": "prevention", "csrf": csrf, "lang": "fr"})
    assert enabled.status_code == 200
    assert f"Compte «{NBSP}prevention{NBSP}» réactivé." in enabled.text
    info = state_of(served.storage, "prevention")
    assert info is not None and not info.disabled


def test_administrators_are_not_run_from_the_web(served: Served, admin: httpx.Client) -> None:
    auth.create_account(served.storage, "bruno", auth.Role.ADMIN, DAY)
    csrf = csrf_of(admin.get("/admin"))
    for target in ("bruno", "agnes"):
        refused = admin.post("/admin/disable", data={"name": target, "csrf": csrf})
        assert refused.status_code == 422
        assert "Seuls les comptes lecteurs" in refused.text
        info = state_of(served.storage, target)
        assert info is not None and not info.disabled
    unknown = admin.post("/admin/disable", data={"name": "nobody", "csrf": csrf})
    assert unknown.status_code == 422 and f"Aucun compte «{NBSP}nobody{NBSP}»" in unknown.text


def test_an_administrator_issues_codes_shown_once_that_enroll_devices(
    served: Served, admin: httpx.Client
) -> None:
    page = admin.get("/admin")
    assert '<option value="team-a">' in page.text
    issued = admin.post(
        "/admin/codes", data={"team": "team-b", "count": "3", "csrf": csrf_of(page), "lang": "fr"}
    )
    assert issued.status_code == 200, issued.text
    shown = shown_secrets(issued)
    assert len(shown) == 3 and len(set(shown)) == 3
    assert f"3{NBSP}code(s) pour l'équipe «{NBSP}team-b{NBSP}»" in html.unescape(issued.text)
    assert all(codes.normalise(code) == code.replace("-", "") for code in shown)
    with httpx.Client(base_url=served.url, timeout=30) as device:
        typed = " " + shown[0].lower().replace("-", " ") + " "
        enrolled = device.post("/api/v1/enroll", json={"code": typed})
        assert enrolled.status_code == 201, enrolled.text
        assert enrolled.json()["team"] == "team-b"
        assert device.post("/api/v1/enroll", json={"code": shown[0]}).status_code == 403
    assert not set(shown) & set(admin.get("/admin").text.split())

    csrf = csrf_of(page)
    for data, reason in (
        ({"team": "nowhere", "count": "1"}, f"Aucune équipe «{NBSP}nowhere{NBSP}»"),
        ({"team": "team-a", "count": "0"}, f"Nombre de codes{NBSP}: de 1 à 100."),
        ({"team": "team-a", "count": "101"}, "de 1 à 100"),
        ({"team": "team-a", "count": "²"}, "de 1 à 100"),
        ({"team": "team-a", "count": "-1"}, "de 1 à 100"),
    ):
        refused = admin.post("/admin/codes", data={**data, "csrf": csrf})
        assert refused.status_code == 422, data
        assert reason in html.unescape(refused.text), data
    with served.storage.read() as db:
        assert db.execute("SELECT count(*) FROM enrollment_codes").fetchone() == (3,)


def test_the_agent_passes_a_typed_code_through_unchanged(
    tmp_path: Path, policies: dict[str, Policy], clock: Clock
) -> None:
    # SPLIT.md: a code from each server; the leader's is issued from its
    # admin page, and both are typed loosely.
    from tests.aggregator.split_pair import codes as helper_codes
    from tests.aggregator.split_pair import pair

    with pair(tmp_path, clock, policies) as servers:
        leader = Served(servers.leader_url, servers.leader.storage)
        password = auth.create_account(leader.storage, "agnes", auth.Role.ADMIN, DAY)
        with leader.login("agnes", password) as admin:
            page = admin.get("/admin")
            issued = admin.post(
                "/admin/codes", data={"team": "team-a", "count": "1", "csrf": csrf_of(page)}
            )
        (code,) = shown_secrets(issued)
        (helper_code,) = helper_codes(servers.helper, "team-a", 1)
        typed = ["  " + one.lower().replace("-", " - ") + "  " for one in (code, helper_code)]
        result = CliRunner().invoke(
            agent_cli,
            ["enroll", leader.url, *typed, "--language", "en", "--data-dir", str(tmp_path / "a")],
        )
    assert result.exit_code == 0, result.output
    assert "Enrolled in team team-a" in result.stderr


# -- what a reader, a script or a stranger would try -----------------------------------


ADMIN_FORMS = {
    "/admin/readers": {"name": "mallory"},
    "/admin/disable": {"name": "agnes"},
    "/admin/enable": {"name": "agnes"},
    "/admin/codes": {"team": "team-a", "count": "5"},
}


def nothing_changed(storage: Storage) -> None:
    names = {found.name: found for found in auth.accounts(storage)}
    assert "mallory" not in names
    assert not names["agnes"].disabled
    with storage.read() as db:
        assert db.execute("SELECT count(*) FROM enrollment_codes").fetchone() == (0,)


def test_a_reader_gets_403_on_every_admin_page_even_with_its_own_csrf(
    served: Served, admin: httpx.Client, reader: httpx.Client
) -> None:
    refused = reader.get("/admin")
    assert refused.status_code == 403
    assert "réservée aux administrateurs" in refused.text
    assert 'href="/admin' not in reader.get("/").text
    own_csrf = csrf_of(reader.get("/"))  # the reader's own session token, valid for logout
    admin_csrf = csrf_of(admin.get("/admin"))
    for path, data in ADMIN_FORMS.items():
        for csrf in (own_csrf, admin_csrf, ""):
            answer = reader.post(path, data={**data, "csrf": csrf, "role": "admin"})
            assert answer.status_code == 403, (path, csrf)
    nothing_changed(served.storage)


def test_api_tokens_open_no_admin_page_not_even_an_administrators(
    served: Served, admin: httpx.Client
) -> None:
    auth.create_account(served.storage, "prevention", auth.Role.READER, DAY)
    tokens = {
        "reader": auth.create_api_token(served.storage, "prevention", DAY),
        "admin": auth.create_api_token(served.storage, "agnes", DAY),
    }
    (code,) = auth.new_enrollment_codes(served.storage, "team-a", 1, DAY)
    enrolled = auth.enroll(served.storage, code, DAY)
    assert enrolled is not None
    tokens["device"] = enrolled[0]
    with served.storage.transaction() as db:
        db.execute("DELETE FROM enrollment_codes")
    csrf = csrf_of(admin.get("/admin"))
    with httpx.Client(base_url=served.url, timeout=30) as script:
        for who, token in tokens.items():
            bearer = {"Authorization": f"Bearer {token}"}
            assert script.get("/admin", headers=bearer).status_code == 403, who
            for path, data in ADMIN_FORMS.items():
                answer = script.post(path, data={**data, "csrf": csrf}, headers=bearer)
                assert answer.status_code == 403, (who, path)
    nothing_changed(served.storage)


def test_a_stranger_is_sent_to_the_login_page(served: Served, admin: httpx.Client) -> None:
    csrf = csrf_of(admin.get("/admin"))
    with httpx.Client(base_url=served.url, timeout=30) as stranger:
        answer = stranger.get("/admin")
        assert (answer.status_code, answer.headers["location"]) == (303, "/login")
        for path, data in ADMIN_FORMS.items():
            answer = stranger.post(path, data={**data, "csrf": csrf})
            assert (answer.status_code, answer.headers["location"]) == (303, "/login"), path
        # A forged session cookie is no session.
        stranger.cookies.set("repit_session", "forged")
        assert stranger.get("/admin").status_code == 303
    nothing_changed(served.storage)


def test_an_administrators_form_without_its_csrf_token_is_refused(
    served: Served, admin: httpx.Client
) -> None:
    admin.get("/admin")
    for path, data in ADMIN_FORMS.items():
        for csrf in ("", "guess"):
            answer = admin.post(path, data={**data, "csrf": csrf})
            assert answer.status_code == 403, (path, csrf)
            assert f"Le formulaire a expiré{NBSP}:" in answer.text
    nothing_changed(served.storage)


def test_a_disabled_administrators_session_opens_nothing(
    served: Served, admin: httpx.Client
) -> None:
    auth.create_account(served.storage, "bruno", auth.Role.ADMIN, DAY)
    csrf = csrf_of(admin.get("/admin"))
    auth.disable_account(served.storage, "agnes")
    answer = admin.post("/admin/readers", data={"name": "mallory", "csrf": csrf})
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    assert "mallory" not in {found.name for found in auth.accounts(served.storage)}
