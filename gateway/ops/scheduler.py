"""The scheduler's jobs: each asks the database what is due now, so restarts lose nothing.

Every run goes through `run_job`: one log line (the job, ok or failed, how long), and the
job's last success or failure written to `scheduler_jobs`, where /readyz and /metrics (in the
web workers, other processes) see whether the scheduler runs. A job that fails is logged and
recorded, never raised: the other jobs, and its own next run, go on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy import delete

from gateway.casework.alarms import run_alarms
from gateway.casework.appointments import remind_appointments
from gateway.casework.holidays import warn_estimated_holidays
from gateway.casework.satisfaction import appeal_unexplained
from gateway.casework.unowned import catch_unowned
from gateway.channels.sms_inbox import handle_waiting_sms
from gateway.messaging.dispatcher import dispatch_due
from gateway.ops.credit import check_balance
from gateway.people import login_guard
from gateway.runtime import Gateway
from store.models import SchedulerJob, UssdSession
from store.upsert import insert_or_update

log = logging.getLogger(__name__)

# USSD sessions last minutes; a day keeps repeats answerable, drafts continuable (they live in
# the session that left them, for as long) and the table small.
KEEP_USSD_SESSIONS = timedelta(days=1)


def fire_alarms(gateway: Gateway) -> None:
    """Send the reminders and escalations that are due now."""
    gateway.refresh_calendar()
    run_alarms(gateway, datetime.now(UTC))


def dispatch_sms(gateway: Gateway) -> None:
    """Send every SMS that is due now."""
    dispatch_due(gateway.sessions, gateway.provider, datetime.now(UTC))


def act_on_waiting_sms(gateway: Gateway) -> None:
    """Act again on incoming SMS that were stored but failed to be acted on."""
    handle_waiting_sms(gateway, datetime.now(UTC))


def end_reason_waits(gateway: Gateway) -> None:
    """Open the appeals whose citizen, asked why they are not satisfied, did not say in time."""
    gateway.refresh_calendar()
    appeal_unexplained(gateway, datetime.now(UTC))


def remind_appointment_holders(gateway: Gateway) -> None:
    """Remind the citizens whose appointment is the next working day."""
    remind_appointments(gateway, datetime.now(UTC))


def route_unowned_items(gateway: Gateway) -> None:
    """Route the items nobody is responsible for, and tell the desk (daily)."""
    catch_unowned(gateway, datetime.now(UTC))


def warn_of_estimated_holidays(gateway: Gateway) -> None:
    """Tell the desk of moon-dated holidays ahead that are only estimates (once each)."""
    gateway.refresh_calendar()
    warn_estimated_holidays(gateway, datetime.now(UTC))


def forget_old_ussd_sessions(gateway: Gateway, now: datetime | None = None) -> int:
    """Delete USSD sessions (their replies and drafts with them) untouched for a day."""
    cutoff = (now or datetime.now(UTC)) - KEEP_USSD_SESSIONS
    with gateway.sessions.begin() as session:
        # started_at is the indexed bound; updated_at says "untouched" (never before started_at)
        old = (UssdSession.started_at < cutoff) & (UssdSession.updated_at < cutoff)
        forgotten = session.execute(delete(UssdSession).where(old))
    count: int = forgotten.rowcount  # type: ignore[attr-defined]
    if count:
        log.info("forgot %d old ussd sessions", count)
    return count


def forget_old_login_counts(gateway: Gateway, now: datetime | None = None) -> int:
    """Drop failed-login counts untouched for a day that lock nothing."""
    with gateway.sessions.begin() as session:
        return login_guard.forget_old(session, now or datetime.now(UTC))


def read_sms_balance(gateway: Gateway) -> None:
    """Read the Africa's Talking balance; below LOW_BALANCE_ALERT, tell the desk and the DED
    (once a day)."""
    check_balance(gateway, datetime.now(UTC))


Job = Callable[[Gateway], object]


def jobs(gateway: Gateway) -> tuple[tuple[Job, float], ...]:
    """Every recurring job and how often it runs, in seconds (each runs once at start too)."""
    return (
        (dispatch_sms, gateway.config.sms_dispatch_seconds),
        (fire_alarms, 60.0),
        (act_on_waiting_sms, 60.0),
        (end_reason_waits, 60.0),
        (remind_appointment_holders, 60.0),
        (forget_old_ussd_sessions, 3600.0),
        (forget_old_login_counts, 3600.0),
        (warn_of_estimated_holidays, 3600.0),
        (read_sms_balance, 3600.0),
        (route_unowned_items, 86400.0),
    )


def run_job(gateway: Gateway, job: Job) -> bool:
    """Run one job: log it, and record its success or failure for every process to see.
    Whether it succeeded; an exception is logged and recorded, never raised."""
    started = time.perf_counter()
    try:
        job(gateway)
    except Exception as error:
        ms = (time.perf_counter() - started) * 1000
        log.exception("scheduler job=%s failed ms=%.1f", job.__name__, ms)
        _record_run(gateway, job.__name__, failure=type(error).__name__)
        return False
    ms = (time.perf_counter() - started) * 1000
    _record_run(gateway, job.__name__)
    log.info("scheduler job=%s ok ms=%.1f", job.__name__, ms)
    return True


def _record_run(gateway: Gateway, name: str, failure: str | None = None) -> None:
    """The job's last success (or failure, by the exception's type), as of now."""
    now = datetime.now(UTC)
    values: dict[str, object] = {"name": name}
    if failure is None:
        values["last_success_at"] = now
    else:
        values.update(last_failure_at=now, last_error=failure[:64])
    try:
        with gateway.sessions.begin() as session:
            insert_or_update(session, SchedulerJob, values, tuple(values)[1:])
    except Exception as error:  # the database away: /readyz says so by itself
        log.warning("scheduler job=%s not recorded: %s", name, type(error).__name__)


def add_jobs(scheduler: BaseScheduler, gateway: Gateway) -> BaseScheduler:
    """Register the gateway's recurring jobs on an APScheduler scheduler.

    Each job asks the database what is due, so one run at a time is enough (max_instances=1)
    and runs missed while busy or stopped collapse into one (coalesce).
    """
    for job, seconds in jobs(gateway):
        scheduler.add_job(
            run_job,
            "interval",
            seconds=seconds,
            args=[gateway, job],
            id=job.__name__,
            name=job.__name__,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
    return scheduler
