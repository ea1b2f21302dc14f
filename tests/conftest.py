"""Fixtures shared by the whole suite; the desktop ones live in ``tests.fixtures.desktop``.

Every test is also marked by what it needs (the markers are declared in
pyproject.toml), so that ``make test-fast`` can run the pure ones alone:

- ``desktop``: a private X server, session bus, tray host or notification
  daemon, known from the fixtures the test uses;
- ``process``: the real agent, a server or another process that lives through
  the test, known from the test's folder or module;
- ``system``: installs Debian packages on this machine (tests/packaging);
- ``slow``: marked by hand on the tests that take long by design.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.desktop"]

TESTS = Path(__file__).resolve().parent

DESKTOP_FIXTURES = frozenset(
    {
        "x_display",
        "desktop",
        "desktop_without_screensaver",
        "notification_daemon",
        "tray_host",
        "bus_without_daemon",
        "fake_system_bus",
    }
)
PROCESS_PLACES = (
    "run",
    "demo",
    "e2e",
    "packaging",
    "tray/test_tray_desktop.py",
    "aggregator/test_http.py",
    "aggregator/test_split_http.py",
    "aggregator/test_split_attacks.py",
    "aggregator/test_split_operator.py",
    "aggregator/test_split_faults.py",
    "aggregator/test_cli.py",
    "aggregator/test_account_storage.py",
    "aggregator/test_admin_web.py",
    "aggregator/test_commands_under_load.py",
    "aggregator/test_database_trouble.py",
    "aggregator/test_final_releases.py",
    "aggregator/test_findings.py",
    "aggregator/test_limits.py",
    "aggregator/test_nginx.py",
    "agent/test_hostile_aggregator.py",
    "tools/test_proposals_server.py",
    "tools/test_tool_pages.py",
    "tools/test_window_process.py",
    "tools/test_launch.py",
)
SYSTEM_PLACES = ("packaging", "aggregator/test_database_trouble.py", "aggregator/test_nginx.py")


def _under(path: Path, places: tuple[str, ...]) -> bool:
    relative = path.resolve().relative_to(TESTS).as_posix()
    return any(relative == place or relative.startswith(f"{place}/") for place in places)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DESKTOP_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.desktop)
        if _under(item.path, PROCESS_PLACES):
            item.add_marker(pytest.mark.process)
        if _under(item.path, SYSTEM_PLACES):
            item.add_marker(pytest.mark.system)


MACHINE_CONFIG_PLACES = ("packaging",)
"""Where tests install the real ``/etc/repit/agent.toml`` on purpose."""


@pytest.fixture(scope="session")
def absent_machine_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("etc-repit") / "agent.toml"


@pytest.fixture(autouse=True)
def no_machine_config(
    request: pytest.FixtureRequest, absent_machine_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads this machine's ``/etc/repit``: ``REPIT_CONFIG`` names an absent file.

    A test that wants a machine configuration sets ``REPIT_CONFIG`` itself.
    """
    if _under(request.node.path, MACHINE_CONFIG_PLACES):
        return
    monkeypatch.setenv("REPIT_CONFIG", str(absent_machine_config))
