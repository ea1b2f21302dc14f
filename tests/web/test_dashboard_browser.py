"""Every dashboard page in Debian's Chromium, French and English, 1400 px and 400 px, under axe.

One browser for the module. Each page is opened as a Prévention officer
would (logged in through the form), screenshotted into
``test-artifacts/screenshots/`` (git-ignored; the folder is printed), checked
by axe-core (``axe-playwright-python``) for serious or critical violations,
and at 400 px for a layout that cuts nothing: no horizontal scrolling, every
table cell inside the window, chart text at a readable size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.dashboard import LATEST, ORGANISATION, PASSWORD_OWNER, Dashboard, served_dashboard

CHROMIUM = Path("/usr/bin/chromium")
QUIET_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"wide": 1400, "narrow": 400}
LANGUAGES = ("fr", "en")
READABLE_PX = 9.0
"""The smallest chart text, as drawn on the screen, that still reads at 400 px."""
PAGE_DEADLINE_MS = 20_000

PAGES = {
    "home": "/?lang={lang}",
    "department": f"/groups/dept?month={LATEST}&lang={{lang}}",
    "team": f"/groups/team-a?month={LATEST}&lang={{lang}}",
    "held-back": f"/groups/team-c?month={LATEST}&lang={{lang}}",
    "compare": "/groups/dept/compare?lang={lang}",
    "guide": "/guide?lang={lang}",
}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is needed")


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    with served_dashboard(tmp_path_factory.mktemp("dashboard")) as served:
        yield served


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
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


@pytest.fixture(scope="module")
def axe() -> Any:
    return pytest.importorskip("axe_playwright_python.sync_playwright").Axe()


def logged_in(browser: Any, dashboard: Dashboard, width: int) -> Any:
    """A fresh context of ``width`` px, logged in through the login form."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="fr-FR", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_DEADLINE_MS)
    page.goto(dashboard.url + "/login")
    page.fill("input[name=name]", PASSWORD_OWNER)
    page.fill("input[name=password]", dashboard.password)
    page.click("button[type=submit]")
    page.wait_for_url(dashboard.url + "/")
    return context


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert path.stat().st_size > 5_000
    return path


def serious(axe: Any, page: Any) -> list[str]:
    # Playwright evaluates the script through the DevTools protocol, under no page CSP.
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


LAYOUT_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width + 1)
    problems.push(`page ${document.documentElement.scrollWidth} px wide in ${width} px`);
  for (const cell of document.querySelectorAll("main td, main th")) {
    const box = cell.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 1 || box.left < -1))
      problems.push(`cell "${cell.textContent.trim().slice(0, 30)}" ends at ${box.right} px`);
  }
  for (const svg of document.querySelectorAll("svg.chart")) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll("text")) {
      const size = parseFloat(text.getAttribute("font-size") || svg.getAttribute("font-size"));
      if (size * scale < READABLE)
        problems.push(`chart text "${text.textContent}" drawn at ${(size * scale).toFixed(1)} px`);
    }
  }
  return problems;
}""".replace("READABLE", str(READABLE_PX))


@pytest.mark.timeout(600)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_in_both_languages_passes_axe_and_cuts_nothing(
    browser: Any, dashboard: Dashboard, axe: Any, width: str
) -> None:
    context = logged_in(browser, dashboard, WIDTHS[width])
    failures: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(PAGE_DEADLINE_MS)
        for lang in LANGUAGES:
            for name, path in PAGES.items():
                response = page.goto(dashboard.url + path.format(lang=lang))
                assert response is not None and response.status == 200, (name, lang)
                assert page.locator("html").get_attribute("lang") == lang
                # Finding 2: the guide is one click away from every page.
                assert page.locator("#guide-link").count() == 1, name
                screenshot(page, f"{name}-{lang}-{WIDTHS[width]}")
                failures += [f"{name} {lang} {width}: {found}" for found in serious(axe, page)]
                if width == "narrow":
                    problems = page.evaluate(LAYOUT_PROBLEMS)
                    failures += [f"{name} {lang} {width}: {found}" for found in problems]
        # The login page, logged out: the organisation and the tool's purpose (finding 7).
        context.clear_cookies()
        for lang in LANGUAGES:
            page.goto(f"{dashboard.url}/login?lang={lang}")
            assert ORGANISATION in page.locator("header").inner_text()
            assert page.locator("header img.logo").count() == 1
            assert page.locator("#purpose").inner_text()
            screenshot(page, f"login-{lang}-{WIDTHS[width]}")
            failures += [f"login {lang} {width}: {found}" for found in serious(axe, page)]
            if width == "narrow":
                failures += [f"login {lang}: {found}" for found in page.evaluate(LAYOUT_PROBLEMS)]
    finally:
        context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.timeout(300)
def test_a_zero_an_unpublished_and_a_held_back_month_draw_three_distinct_marks(
    browser: Any, dashboard: Dashboard
) -> None:
    context = logged_in(browser, dashboard, WIDTHS["wide"])
    try:
        page = context.new_page()
        page.goto(f"{dashboard.url}/groups/dept?month={LATEST}&lang=fr")
        chart = page.locator("figure[data-trend=after_hours] svg.chart")
        zero = chart.locator("g.month-zero")
        not_yet = chart.locator("g.month-not-yet")
        held = chart.locator("g.month-held")
        assert zero.count() == 1 and not_yet.count() == 1 and held.count() == 7
        assert zero.locator("text").text_content() == "0,0\u00a0%"
        assert not_yet.locator("text").text_content() == "pas encore publié"
        assert held.first.locator("text").text_content() == "pas assez de participants"
        fills = {
            "zero": zero.locator("rect").first.get_attribute("fill"),
            "not-yet": not_yet.locator("rect").first.get_attribute("fill"),
            "held": held.first.locator("rect").first.get_attribute("fill"),
            "shown": chart.locator("g.month-shown rect").first.get_attribute("fill"),
        }
        assert len(set(fills.values())) == 4, fills
        zero_box = zero.locator("rect").bounding_box()
        assert zero_box is not None and zero_box["width"] >= 3 and zero_box["height"] >= 10
        # Every shown month writes its value beside its bar, not only in a tooltip.
        shown = chart.locator("g.month-shown")
        assert shown.locator("text.value").count() == shown.count() == 3
        assert chart.locator("text.axis-title").all_text_contents() == [
            "Mois",
            "Part des jours actifs (en\u00a0%)",
        ]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        marks = SCREENSHOTS / "chart-three-marks-fr.png"
        chart.screenshot(path=str(marks))
        print(f"screenshot: {marks}")
    finally:
        context.close()


@pytest.mark.timeout(300)
def test_the_home_page_points_at_what_changed_and_who_stands_out(
    browser: Any, dashboard: Dashboard
) -> None:
    context = logged_in(browser, dashboard, WIDTHS["wide"])
    try:
        page = context.new_page()
        page.goto(f"{dashboard.url}/?lang=fr")
        department = page.locator("section[data-group=dept]")
        headline = department.locator("table.headline")
        assert "Chiffres clés de janvier 2026" in headline.locator("caption").inner_text()
        after_hours = headline.locator("tr[data-indicator=after_hours]").inner_text()
        # January against December's 0 % and against the department's own median.
        assert "+80,0\u00a0pts" in after_hours, after_hours
        assert "médiane de 4\u00a0mois publiés\u00a0: 80,0\u00a0%" in after_hours
        team_a = department.locator("li[data-group=team-a] strong.far").all_inner_texts()
        assert any("nettement" in mark and "«\u00a0" in mark for mark in team_a), team_a
        held = department.locator("li[data-group=team-c]").inner_text()
        assert "moins de 5\u00a0postes participants, ou masqué" in held
        screenshot(page, "home-far-team-fr-1400")
    finally:
        context.close()


def test_team_pages_link_back_and_show_the_department_and_last_month(
    browser: Any, dashboard: Dashboard
) -> None:
    context = logged_in(browser, dashboard, WIDTHS["wide"])
    try:
        page = context.new_page()
        page.goto(f"{dashboard.url}/groups/team-a?month={LATEST}&lang=en")
        header = page.locator("table.indicators thead").inner_text()
        assert "December 2025" in header and "Department" in header
        row = page.locator("tr[data-indicator=after_hours]")
        assert re.search(r"\d", row.locator("td.previous").inner_text())
        assert re.search(r"\d", row.locator("td.department").inner_text())
        page.click("#back-to-department")
        page.wait_for_url(f"**/groups/dept?month={LATEST}&lang=en")
    finally:
        context.close()
