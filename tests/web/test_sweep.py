"""Every reader's and administrator's page in Chromium, French and English, 1400 and 400 px.

Issue 14: each page of ``tests.web.sweep_pages`` is opened as its user
would (logged in through the form as the role that sees it; a form filled
and submitted), then checked:

- its answer's status, ``<html lang>``, the guide's link (finding 2), and
  that the served data made it non-empty;
- axe-core (``axe-playwright-python``): no serious or critical violation;
- at 400 px, a layout that cuts nothing (finding 8): no horizontal
  scrolling, every table cell and form field inside the window, chart text
  at a readable size;
- at 1400 px, its words: a French page holds no English word of the
  issue's list, a non-breaking space before ``:`` ``;`` ``%`` ``?`` ``!`` and
  no decimal point; an English page holds no French word (the data's own
  names, which are French, left aside).

A screenshot of each is kept as ``<page>-<lang>-<width>.png`` in
``test-artifacts/screenshots/`` (its path printed). One browser, and per
width one context for each role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute

from aggregator.app import Settings, create_app
from aggregator.storage import Storage
from aggregator.storage import tools as stored
from simulation.tools import HEAVY_PROPOSALS, PLEASING_PROPOSALS
from tests.texts.test_typography import english_words, missing_spaces
from tests.web.browser import (
    LANGUAGES,
    LAYOUT_PROBLEMS,
    PAGE_TEXT,
    WIDTHS,
    logged_in,
    new_context,
    screenshot,
    serious,
)
from tests.web.dashboard import ORGANISATION, PASSWORD_OWNER, Dashboard
from tests.web.sweep_pages import FORMS, NOT_FORMS, NOT_PAGES, PAGES, Role
from tests.web.tool_answers import TAKEN_INTO_ACCOUNT

ADMIN = "root"
FRENCH_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "et",
        "ou",
        "pour",
        "avec",
        "sans",
        "dans",
        "sur",
        "par",
        "une",
        "est",
        "pas",
        "qui",
        "que",
        "aucun",
        "mois",
        "équipe",
        "équipes",
        "réponse",
        "réponses",
        "publié",
        "publiés",
        "jours",
        "semaines",
    ]
)
"""French words an English page must not hold."""
WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
DECIMAL_POINT = re.compile(r"\d\.\d")


def data_names(dashboard: Dashboard) -> list[str]:
    """The served data's own words (French whatever the page's language), longest first."""
    names = [ORGANISATION, TAKEN_INTO_ACCOUNT, *HEAVY_PROPOSALS, *PLEASING_PROPOSALS]
    for policy in dashboard.policies.values():
        names += [policy.name, *(t.name for t in policy.teams), *(t.name for t in policy.tools)]
    with dashboard.storage.read() as db:
        names += [deployment.note for deployment in stored.deployments(db)]
    return sorted({name for name in names if name}, key=len, reverse=True)


def word_problems(text: str, lang: str, names: Iterable[str]) -> list[str]:
    """The page's words in the wrong language or typography, the data's names left aside."""
    for name in names:
        text = text.replace(name, "\n")
    if lang == "en":
        return [f"French word {w!r}" for w in WORD.findall(text) if w.lower() in FRENCH_WORDS]
    # Line by line: a sign that opens a line is a symbol on its own (the legend's "%").
    spaces = [found for line in text.splitlines() for found in missing_spaces(line)]
    return (
        [f"English word {word!r}" for word in english_words(text)]
        + [f"no non-breaking space in {found!r}" for found in spaces]
        + [f"decimal point in {found[0]!r}" for found in DECIMAL_POINT.finditer(text)]
    )


def address(path: str, lang: str, dashboard: Dashboard) -> str:
    return dashboard.url + path.format(lang=lang, study=dashboard.deployments[0])


def inspect(
    tab: Any,
    response: Any,
    where: tuple[str, str, str],
    expected: tuple[int, str, str],
    axe: Any,
    names: list[str],
) -> list[str]:
    """What is wrong with the page ``tab`` shows; ``where`` is (page, lang, width),
    ``expected`` (status, a selector that must match, words it must hold)."""
    name, lang, width = where
    status, shows, says = expected
    label = f"{name} {lang} {WIDTHS[width]}"
    if response is None or response.status != status:
        found = None if response is None else response.status
        return [f"{label}: status {found}, expected {status}"]
    problems = []
    if tab.locator("html").get_attribute("lang") != lang:
        problems.append("<html lang> is not the page's language")
    if tab.locator("#guide-link").count() != 1:
        problems.append("no link to the guide")
    if tab.locator(shows).count() == 0:
        problems.append(f"nothing matches {shows!r}: the page is empty")
    if says and says not in tab.locator("body").inner_text():
        problems.append(f"{says!r} is missing")
    screenshot(tab, f"{name}-{lang}-{WIDTHS[width]}")
    problems += serious(axe, tab)
    if width == "narrow":
        problems += tab.evaluate(LAYOUT_PROBLEMS)
    else:  # the words are the same at every width; PAGE_TEXT edits the page: last
        problems += word_problems(tab.evaluate(PAGE_TEXT, lang), lang, names)
    return [f"{label}: {problem}" for problem in problems]


@pytest.mark.timeout(900)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_in_both_languages_passes_axe_speaks_one_language_and_cuts_nothing(
    browser: Any, dashboard: Dashboard, axe: Any, width: str
) -> None:
    pixels = WIDTHS[width]
    names = data_names(dashboard)
    contexts = {
        Role.ANYONE: new_context(browser, pixels),
        Role.READER: logged_in(browser, dashboard.url, pixels, PASSWORD_OWNER, dashboard.password),
        Role.ADMIN: logged_in(browser, dashboard.url, pixels, ADMIN, dashboard.admin_password),
    }
    failures: list[str] = []
    try:
        tabs = {role: context.new_page() for role, context in contexts.items()}
        for lang in LANGUAGES:
            for page in PAGES:
                tab = tabs[page.role]
                response = tab.goto(address(page.path, lang, dashboard))
                expected = (page.status, page.shows, page.says)
                failures += inspect(tab, response, (page.name, lang, width), expected, axe, names)
            for form in FORMS:
                tab = tabs[form.role]
                tab.goto(address(form.start, lang, dashboard))
                with tab.expect_navigation() as navigation:
                    form.submit(tab, lang, f"lea-{lang}-{pixels}")
                expected = (form.status, form.shows, "")
                where = (form.name, lang, width)
                failures += inspect(tab, navigation.value, where, expected, axe, names)
    finally:
        for context in contexts.values():
            context.close()
    assert not failures, "\n".join(failures)


def server_routes() -> list[APIRoute]:
    """Every route of the server as ``create_app`` assembles it, its routers opened."""
    storage = Storage.in_memory()
    try:
        app = create_app(Settings(storage, {}))
    finally:
        storage.close()

    def opened(found: Iterable[Any]) -> Iterator[APIRoute]:
        for route in found:
            if isinstance(route, APIRoute):
                yield route
            inner = getattr(route, "original_router", None)  # FastAPI keeps included routers
            if inner is not None:
                assert not route.include_context.prefix, "a router included under a prefix"
                yield from opened(inner.routes)

    return list(opened(app.routes))


def routes(method: str) -> set[str]:
    """The server's routes of ``method`` outside ``/api/``."""
    return {
        route.path
        for route in server_routes()
        if method in (route.methods or ()) and not route.path.startswith("/api/")
    }


def reached(paths: Iterable[str], among: set[str]) -> set[str]:
    """The routes of ``among`` that serve one of ``paths`` (their query left aside)."""
    known = server_routes()
    found = set()
    for path in paths:
        bare = path.split("?")[0].format(lang="fr", study=1)
        found |= {route.path for route in known if route.path_regex.match(bare)}
    return found & among


def test_every_html_route_is_swept_or_excluded_with_a_reason() -> None:
    pages = routes("GET")
    swept = reached([page.path for page in PAGES] + [form.start for form in FORMS], pages)
    assert pages - swept - set(NOT_PAGES) == set(), "a GET route the sweep does not open"
    assert set(NOT_PAGES) <= pages, "an exclusion of a route that no longer exists"
    assert not set(NOT_PAGES) & swept, "an excluded route that the sweep opens after all"
    forms = routes("POST")
    assert forms - {form.action for form in FORMS} - set(NOT_FORMS) == set(), (
        "a form's route the sweep does not submit"
    )
    assert set(NOT_FORMS) <= forms


def test_the_coverage_check_sees_a_new_page() -> None:
    pages = routes("GET") | {"/tools/new-page"}
    swept = reached([page.path for page in PAGES] + [form.start for form in FORMS], pages)
    assert pages - swept - set(NOT_PAGES) == {"/tools/new-page"}
