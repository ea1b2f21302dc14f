"""The server's own answers outside the reports: a database that cannot take writes (503).

JSON for the API and ``/healthz``, the reports' message page for people (French, or
English with ``?lang=en``).
"""

from __future__ import annotations

import sqlite3

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from aggregator.reports.render import STYLE_HASH, render_message
from aggregator.reports.text import language
from aggregator.storage import Unusable, unusable_reason
from aggregator.web import page_headers

_UNUSABLE_FR = {
    Unusable.FULL: "Le disque du serveur est plein",
    Unusable.READ_ONLY: "La base de données du serveur est en lecture seule",
    Unusable.DISK: "Le disque du serveur ne peut pas être écrit",
    Unusable.BUSY: "La base de données du serveur est occupée",
    Unusable.SILENT: "La base de données du serveur ne répond pas",
}
RETRY_UNUSABLE_SECONDS = 60


def unusable(request: Request, reason: Unusable) -> Response:
    """The 503 of a database that cannot take writes: JSON for the API, a page for people."""
    headers = {"Retry-After": str(RETRY_UNUSABLE_SECONDS)}
    path = request.url.path
    if path.startswith("/api/") or path == "/healthz":
        return JSONResponse(
            {"detail": f"{reason.value}: nothing was recorded, retry later"},
            status_code=503,
            headers=headers,
        )
    lang = language(request.query_params.get("lang"))
    if lang == "fr":
        said = (
            f"{_UNUSABLE_FR[reason]}\u00a0: rien n’a été enregistré. Réessayez dans quelques "
            "minutes\u00a0; si cela dure, prévenez l’administrateur."
        )
    else:
        said = (
            f"{reason.value[0].upper()}{reason.value[1:]}: nothing was recorded. Try again in a "
            "few minutes; if it lasts, tell the administrator."
        )
    # The reports' message page: their stylesheet (allowed by its hash) and the guide's link.
    return HTMLResponse(
        render_message(said, lang),
        status_code=503,
        headers={**page_headers(STYLE_HASH), **headers},
    )


async def database_unusable(request: Request, error: Exception) -> Response:
    """The handler of ``sqlite3.OperationalError``: a 503 with the reason, or the usual 500."""
    reason = unusable_reason(error) if isinstance(error, sqlite3.Error) else None
    if reason is None:
        raise error  # a bug: the server's usual 500
    return unusable(request, reason)
