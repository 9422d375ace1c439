"""What every page of ours shares (the console's, the public results', the simulator's, the
error pages): the strict headers, the stylesheets' and scripts' addresses, and the moment a page
is drawn."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from flask import Flask, Response, request, url_for

STATIC = Path(__file__).parent / "static"
YEAR = 365 * 24 * 3600


def page_now() -> datetime:
    """The current moment (UTC); one place, so tests can move time with time-machine."""
    return datetime.now(UTC)


def asset(endpoint: str, filename: str) -> str:
    """A stylesheet's or script's address, with its content's fingerprint: browsers keep it a
    year, and a changed file (after an upgrade) has a new address."""
    return url_for(endpoint, filename=filename, v=_fingerprint(filename))


@cache
def _fingerprint(filename: str) -> str:
    return hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:12]


def init_assets(app: Flask) -> None:
    """`asset(...)` in every template."""
    app.jinja_env.globals["asset"] = asset


def strict_headers(response: Response) -> Response:
    """Officers share phones and cybercafés: pages are not cached, framed, or given away. A
    fingerprinted stylesheet or script is the same for everyone: cached for a year; the same
    without its fingerprint is checked with the server each time (never no-store)."""
    if (request.endpoint or "").endswith(".static") and response.status_code == 200:
        served = str((request.view_args or {}).get("filename", ""))
        fresh = request.args.get("v") == _fingerprint(served)  # a file that was served
        response.headers["Cache-Control"] = (
            f"public, max-age={YEAR}, immutable" if fresh else "no-cache"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    return response
