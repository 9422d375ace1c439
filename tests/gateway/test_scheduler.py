"""The scheduler's jobs: registered once each, and the clean-up forgets only old USSD sessions."""

from __future__ import annotations

from datetime import UTC, timedelta

import time_machine
from apscheduler.schedulers.background import BackgroundScheduler
from flask.testing import FlaskClient

from gateway.ops.scheduler import add_jobs, forget_old_ussd_sessions
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
        "forget_old_ussd_sessions",
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
