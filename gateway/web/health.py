"""GET /healthz: 200 once the gateway can serve (database reachable)."""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy import text

from gateway.web.callbacks import plain
from gateway.web.current import current_gateway

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """200 'ok' when the database answers, 503 otherwise."""
    try:
        with current_gateway().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return plain("database unavailable\n", 503)
    return plain("ok\n")
