"""What every page of ours shares (the console's, the public results', the simulator's, the
error pages): the strict headers, and the moment a page is drawn."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response


def page_now() -> datetime:
    """The current moment (UTC); one place, so tests can move time with time-machine."""
    return datetime.now(UTC)


def strict_headers(response: Response) -> Response:
    """Officers share phones and cybercafés: pages are not cached, framed, or given away."""
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
