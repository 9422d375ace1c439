"""GET /healthz: liveness, 200 once the gateway can serve (database reachable). GET /readyz:
readiness, 200 only when it can also keep what it is given and keep its promises: 503 naming
each cause otherwise (the database unreachable, the disk where it writes nearly full, the
scheduler not running for SCHEDULER_STALE_MINUTES, an SMS due for longer than
OUTBOX_LATE_MINUTES). /metrics gives the same checks as `gateway_ready`."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Blueprint, Response
from sqlalchemy import text

from gateway.messaging.dispatcher import oldest_due_at
from gateway.reporting.operations import last_scheduler_success
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
    found = [problem for _, problem in readiness(current_gateway(), datetime.now(UTC)) if problem]
    return plain("\n".join(found) + "\n", 503) if found else plain("ready\n")


def readiness(gateway: Gateway, now: datetime) -> list[tuple[str, str | None]]:
    """Each check's name (database, disk, scheduler, outbox) and its problem (None: fine). With
    the database away, the scheduler and the outbox are not asked: the database is the cause."""
    checks: list[tuple[str, str | None]] = [("database", _database_problem(gateway))]
    checks += [
        ("disk", _disk_problem(folder, gateway.config.min_free_disk_mb))
        for folder in gateway.config.written_folders()
    ]
    if checks[0][1] is not None:
        return checks
    try:
        with gateway.reads() as session:
            last_run = last_scheduler_success(session)
            oldest = oldest_due_at(session, now)
    except Exception:  # gone between the two
        return [("database", "database unavailable"), *checks[1:]]
    checks.append(("scheduler", _scheduler_problem(last_run, now, gateway.config.scheduler_stale)))
    checks.append(("outbox", _outbox_problem(oldest, now, gateway.config.outbox_late)))
    return checks


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


def _scheduler_problem(last_run: datetime | None, now: datetime, stale: timedelta) -> str | None:
    """No scheduler job has succeeded for longer than `stale`: nothing sends SMS or reminders."""
    setting = f"SCHEDULER_STALE_MINUTES={_minutes(stale):g}"
    if last_run is None:
        return f"scheduler not running: no job has ever succeeded ({setting})"
    if now - last_run <= stale:
        return None
    return (
        f"scheduler not running: no job has succeeded for {_minutes(now - last_run):.0f} "
        f"minutes ({setting})"
    )


def _outbox_problem(oldest: datetime | None, now: datetime, late: timedelta) -> str | None:
    """An SMS has been due for longer than `late` and not sent: the dispatcher is stuck."""
    if oldest is None or now - oldest <= late:
        return None
    return (
        f"outbox late: an SMS due {_minutes(now - oldest):.0f} minutes ago is still waiting "
        f"(OUTBOX_LATE_MINUTES={_minutes(late):g})"
    )


def _minutes(span: timedelta) -> float:
    return span.total_seconds() / 60
