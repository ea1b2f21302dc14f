"""The frame of the tool pages (TOOLS.md): the reports' stylesheet, navigation, the guide's link.

``tools.html.j2`` extends the reports' ``base.html.j2``: every tool page
opens with a bar (home, the tools' index, the other language, log out) and
ends with the guide's link; the same document without the bar is what its
PDF prints. The pages carry the reports' security headers (their one inline
stylesheet allowed by its hash).
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

import html
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from aggregator.reports.render import ENVIRONMENT, STYLE_HASH, STYLESHEET
from aggregator.tools_text import TEXT
from aggregator.web import page_headers
from contract.wording import Language

_HEADERS = page_headers(STYLE_HASH)


def _navigation(request: Request, lang: Language, csrf: str | None) -> dict[str, str | None]:
    """The bar every tool page opens with: home, the tools, the other language, log out."""
    t = TEXT[lang]
    other = "en" if lang == "fr" else "fr"
    if request.method == "GET":
        query = {key: value for key, value in request.query_params.items() if key != "lang"}
        switch = request.url.path + "?" + urlencode({**query, "lang": other})
    else:  # the answer to a form: its page in the other language is the tools' index
        switch = f"/tools?lang={other}"
    return {
        "home": t["nav_home"],
        "tools": t["index_title"],
        "switch": switch,
        "switch_text": t["switch"],
        "other": other,
        "logout": t["logout"],
        "csrf": csrf,
    }


def document(
    title: str, body: str, lang: Language, navigation: dict[str, str | None] | None = None
) -> str:
    """A tool page in the reports' frame (their stylesheet, whose hash is in the pages' CSP,
    and the guide's link); without ``navigation``, the document a PDF prints."""
    return ENVIRONMENT.get_template("tools.html.j2").render(
        lang=lang,
        title=f"{title} — Répit",
        style=Markup(STYLESHEET),
        heading=title,
        body=Markup(body),
        nav=navigation,
        offline=navigation is None,
    )


def page(
    request: Request,
    title: str,
    body: str,
    lang: Language,
    status_code: int = 200,
    csrf: str | None = None,
) -> HTMLResponse:
    document_ = document(title, body, lang, _navigation(request, lang, csrf))
    return HTMLResponse(document_, status_code=status_code, headers=_HEADERS)


def not_found(request: Request, lang: Language, csrf: str | None = None) -> HTMLResponse:
    t = TEXT[lang]
    return page(
        request, t["not_found_title"], f"<p>{html.escape(t['not_found'])}</p>", lang, 404, csrf
    )
