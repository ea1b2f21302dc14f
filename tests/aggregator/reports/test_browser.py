"""The dashboard in a real headless Chromium (Debian's, driven by Playwright).

Log in through the form, open a department, see the SVG charts, switch to
English, download the CSV; a screenshot is kept under ``tmp_path`` (and
copied to /tmp/repit-dashboard.png for a person to look at).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from aggregator import auth
from contract.policy.model import Policy
from tests.aggregator.reports.fleet import served_fleet
from tests.web.browser import CHROMIUM, QUIET_FLAGS

SHARED_SCREENSHOT = Path("/tmp/repit-dashboard.png")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is needed")


@pytest.mark.timeout(120)
def test_dashboard_in_headless_chromium(policies: dict[str, Policy], tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with served_fleet(policies) as served:
        password = auth.create_account(served.storage, "agnes", auth.Role.READER, date(2026, 1, 1))
        with sync_api.sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / "profile"),  # a fresh user-data-dir
                executable_path=str(CHROMIUM),
                headless=True,
                chromium_sandbox=False,  # --no-sandbox: the tests run as root
                args=QUIET_FLAGS,
                accept_downloads=True,
                viewport={"width": 1280, "height": 900},
                locale="fr-FR",
            )
            try:
                page = context.new_page()
                page.set_default_timeout(10_000)

                page.goto(served.url + "/")
                assert page.url.endswith("/login")
                page.fill("input[name=name]", "agnes")
                page.fill("input[name=password]", password)
                page.click("button[type=submit]")
                page.wait_for_url(served.url + "/")
                assert page.locator("h1").inner_text() == "Répit — statistiques d'équipe"

                page.click("section[data-group=dept] h3 a")
                page.wait_for_url("**/groups/dept?month=2026-02&lang=fr")
                assert page.locator("h1").inner_text() == "Département d'essai — février 2026"
                charts = page.locator("svg.chart")
                assert charts.count() == 3
                for index in range(3):
                    box = charts.nth(index).bounding_box()
                    assert box is not None and box["width"] > 300 and box["height"] > 80
                assert charts.first.locator("rect.bar").count() == 5  # October to February
                assert charts.first.locator("g.month-held").count() == 7  # March to September 2025
                held = page.locator("tr[data-team=team-c]").inner_text()
                assert "pas assez de participants" in held

                page.click("#switch-language")
                page.wait_for_url("**lang=en")
                assert page.locator("h1").inner_text() == "Département d'essai — February 2026"
                assert (
                    "not enough participants" in page.locator("tr[data-team=team-c]").inner_text()
                )
                figure = page.locator("tr[data-indicator=over_7h] td.value").inner_text()

                with page.expect_download() as download_info:
                    page.click("#download-csv")
                download = download_info.value
                saved = tmp_path / download.suggested_filename
                download.save_as(saved)
                assert saved.name == "repit-dept-2026-02-en.csv"
                rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
                shown = {row[4]: row[6] for row in rows[1:] if row[0] == "indicators"}
                assert shown["over_7h"] == figure
                assert shown["devices"] == "15"

                page.click("#switch-language")
                page.wait_for_url("**lang=fr")
                screenshot = tmp_path / "repit-dashboard.png"
                page.screenshot(path=str(screenshot), full_page=True)
                assert screenshot.stat().st_size > 10_000
                if os.access(SHARED_SCREENSHOT.parent, os.W_OK):
                    shutil.copyfile(screenshot, SHARED_SCREENSHOT)
            finally:
                context.close()
