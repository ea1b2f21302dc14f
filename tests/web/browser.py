"""Debian's Chromium under Playwright, and what the tests check on a page: axe, layout, shots.

Screenshots go to ``test-artifacts/screenshots/`` (git-ignored), named
``<page>-<lang>-<width>.png``; each path is printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
"""A page load, a click or a wait: generous, for a machine twice as slow as this one."""


def new_context(browser: Any, width: int) -> Any:
    """A fresh context (its own cookies) of ``width`` px."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="fr-FR", accept_downloads=True
    )
    context.set_default_timeout(PAGE_DEADLINE_MS)
    return context


def logged_in(browser: Any, url: str, width: int, name: str, password: str) -> Any:
    """A fresh context of ``width`` px, logged in as ``name`` through the login form."""
    context = new_context(browser, width)
    page = context.new_page()
    page.goto(url + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")
    page.close()
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
  // A form field stays inside the page's margins, where the text is.
  const inner = document.body.getBoundingClientRect().right
    - parseFloat(getComputedStyle(document.body).paddingRight);
  for (const field of document.querySelectorAll("input, select, button, textarea")) {
    const box = field.getBoundingClientRect();
    if (box.width > 0 && box.right > inner + 1)
      problems.push(`field "${field.name || field.textContent.trim()}" ends at ${box.right} px`);
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

PAGE_TEXT = """(lang) => {
  // The page's own words: a passage marked as another language (the language switch)
  // and the generated secrets (passwords, codes) are left out.
  for (const other of document.body.querySelectorAll("[lang], code"))
    if (other.tagName === "CODE" || other.getAttribute("lang") !== lang) other.remove();
  return document.body.innerText;
}"""
"""The visible text of the page, for the word scans. It removes nodes: call it last."""
