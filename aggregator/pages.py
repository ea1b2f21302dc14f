"""The server's own answers outside the reports: a database that cannot take writes (503).

JSON for the API and ``/healthz``, a short French page for people.
"""

from __future__ import annotations

import html
import sqlite3

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from aggregator.storage import Unusable, unusable_reason

HTML_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}

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
    body = (
        f"<h1>Répit — service indisponible</h1><p>{_UNUSABLE_FR[reason]} : "
        "rien n’a été enregistré. Réessayez dans quelques minutes ; "
        "si cela dure, prévenez l’administrateur.</p>"
    )
    return HTMLResponse(
        _page("Service indisponible", body),
        status_code=503,
        headers={**HTML_HEADERS, **headers},
    )


async def database_unusable(request: Request, error: Exception) -> Response:
    """The handler of ``sqlite3.OperationalError``: a 503 with the reason, or the usual 500."""
    reason = unusable_reason(error) if isinstance(error, sqlite3.Error) else None
    if reason is None:
        raise error  # a bug: the server's usual 500
    return unusable(request, reason)


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>{body}</body></html>"
    )
