"""The scheduler's jobs: registered once each, and the clean-up forgets only old USSD sessions."""

from __future__ import annotations

from datetime import UTC, timedelta

import time_machine
from apscheduler.schedulers.background import BackgroundScheduler
from flask.testing import FlaskClient

from gateway.ops.scheduler import add_jobs, forget_old_login_counts, forget_old_ussd_sessions
from gateway.runtime import Gateway
from tests.conftest import sql
from tests.gateway.test_ussd_webhook import WEDNESDAY
from tests.gateway.ussd_driver import Dial


def test_the_jobs_are_registered_once_each(gateway: Gateway) -> None:
    scheduler = add_jobs(BackgroundScheduler(timezone=UTC), gateway)
    assert sorted(job.id for job in scheduler.get_jobs()) == [
        "act_on_waiting_sms",
        "dispatch_sms",
        "end_reason_waits",
        "fire_alarms",
        "forget_old_login_counts",
        "forget_old_ussd_sessions",
        "read_sms_balance",
        "remind_appointment_holders",
        "route_unowned_items",
        "warn_of_estimated_holidays",
    ]


def test_old_ussd_sessions_are_forgotten_and_recent_ones_kept(
    client: FlaskClient, gateway: Gateway
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        Dial(client, "ATUid_old_session").start()
    with time_machine.travel(WEDNESDAY + timedelta(hours=23), tick=False):
        Dial(client, "ATUid_recent_session").start()
    forget_old_ussd_sessions(gateway, WEDNESDAY + timedelta(hours=25))
    assert sql(gateway.engine, "SELECT session_id FROM ussd_sessions") == [
        ("ATUid_recent_session",)
    ]
    [(replies,)] = sql(gateway.engine, "SELECT replies FROM ussd_sessions")
    assert "Tuma lalamiko" in str(replies)  # the recent session's screen, kept for a repeat


def test_a_session_started_over_a_day_ago_but_touched_since_is_kept(
    client: FlaskClient, gateway: Gateway
) -> None:
    """The clean-up finds old sessions by when they started (the indexed column), but forgets
    only those untouched for a day."""
    dial = Dial(client, "ATUid_long_session")
    with time_machine.travel(WEDNESDAY, tick=False):
        dial.start()
    with time_machine.travel(WEDNESDAY + timedelta(hours=23), tick=False):
        dial.answer("1")
    assert forget_old_ussd_sessions(gateway, WEDNESDAY + timedelta(hours=25)) == 0
    assert sql(gateway.engine, "SELECT seen_text FROM ussd_sessions") == [("1",)]
    assert forget_old_ussd_sessions(gateway, WEDNESDAY + timedelta(hours=48)) == 1


def test_the_clean_up_forgets_login_counts_a_day_old(client: FlaskClient, gateway: Gateway) -> None:
    from tests.console.console_factories import log_in

    with time_machine.travel(WEDNESDAY, tick=False):
        for _ in range(5):
            log_in(client, "0754000000", "guess", "198.51.100.1")  # locks the pair
        log_in(client, "0754000001", "guess", "198.51.100.2")  # one failure
    [(counted,)] = sql(gateway.engine, "SELECT count(*) FROM login_throttles")
    assert counted == 6
    # The next day: the lone failure's three counts go; the locked pair's too, its lock over.
    assert forget_old_login_counts(gateway, WEDNESDAY + timedelta(days=1, minutes=1)) == 6
    assert sql(gateway.engine, "SELECT count(*) FROM login_throttles") == [(0,)]
