"""What the dashboard's pages say, in Debian's Chromium: the charts' marks, the home page's
pointers, the team page's comparisons (issue 14, findings 1 to 3).

Every page under axe, in both languages and both widths, is ``test_sweep``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.browser import SCREENSHOTS, WIDTHS, logged_in, screenshot
from tests.web.dashboard import LATEST, PASSWORD_OWNER, Dashboard


def reader(browser: Any, dashboard: Dashboard, width: int) -> Any:
    return logged_in(browser, dashboard.url, width, PASSWORD_OWNER, dashboard.password)


@pytest.mark.timeout(300)
def test_a_zero_an_unpublished_and_a_held_back_month_draw_three_distinct_marks(
    browser: Any, dashboard: Dashboard
) -> None:
    context = reader(browser, dashboard, WIDTHS["wide"])
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
    context = reader(browser, dashboard, WIDTHS["wide"])
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
    context = reader(browser, dashboard, WIDTHS["wide"])
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
