"""One Chromium, one axe and one served dashboard for all the browser tests of ``tests/web``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.browser import CHROMIUM, QUIET_FLAGS
from tests.web.dashboard import Dashboard, served_dashboard


@pytest.fixture(scope="session")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    with served_dashboard(tmp_path_factory.mktemp("dashboard")) as served:
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is needed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            chromium_sandbox=False,  # --no-sandbox: the tests run as root
            args=QUIET_FLAGS,
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def axe() -> Any:
    return pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
