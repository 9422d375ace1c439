"""GET /healthz: liveness, 200 once the gateway can serve (database reachable). GET /readyz:
readiness, 200 only when it can also keep what it is given: 503 naming each cause otherwise (the
database unreachable, the disk where it writes nearly full)."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Blueprint, Response
from sqlalchemy import text

from gateway.runtime import Gateway
from gateway.web.callbacks import plain
from gateway.web.current import current_gateway

bp = Blueprint("health", __name__)
MB = 1024 * 1024


@bp.get("/healthz")
def healthz() -> Response:
    """200 'ok' when the database answers, 503 otherwise."""
    problem = _database_problem(current_gateway())
    return plain(problem + "\n", 503) if problem else plain("ok\n")


@bp.get("/readyz")
def readyz() -> Response:
    """200 'ready' when every check passes; 503 with one line per failing check."""
    gateway = current_gateway()
    problems = [_database_problem(gateway)] + [
        _disk_problem(folder, gateway.config.min_free_disk_mb)
        for folder in gateway.config.written_folders()
    ]
    found = [problem for problem in problems if problem]
    return plain("\n".join(found) + "\n", 503) if found else plain("ready\n")


def _database_problem(gateway: Gateway) -> str | None:
    try:
        with gateway.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return "database unavailable"
    return None


def _disk_problem(folder: Path, min_free_mb: float) -> str | None:
    """A folder's disk below the free space the gateway needs (a missing folder is measured where
    it would be made)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free = shutil.disk_usage(folder).free / MB
    if free < min_free_mb:
        return (
            f"disk nearly full: {free:.0f} MB free at {folder} (MIN_FREE_DISK_MB={min_free_mb:g})"
        )
    return None
