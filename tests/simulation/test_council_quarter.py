"""Ninety days of the council, hour by hour, through the real gateway: every promise checked
after every simulated hour (see tests/council_simulation.py). Runs on SQLite and, in CI, on
PostgreSQL; the year is bench/council_year.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask

from tests.council_simulation import Council
from tests.fake_africastalking import FakeAfricasTalking

START = datetime(2027, 1, 4, 3, 0, tzinfo=UTC)  # Monday 4 January 2027, 06:00 in Makete
DAYS = 90
ALARMS = (
    "ack_remind",
    "ack_late",
    "remind_half",
    "remind_last_day",
    "escalate_head",
    "escalate_ded",
    "wait_remind",
    "wait_over",
    "appeal_remind_half",
    "appeal_remind_last_day",
    "appeal_late",
)


def test_a_quarter_of_the_council_keeps_every_promise_every_hour(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    app = make_app(
        AT_USERNAME="sandbox",
        AT_API_KEY="test-api-key",
        AT_API_URL=fake_at.url,
        QUIET_HOURS="21:00-07:00",
    )
    summary = Council(app, fake_at, seed=2027, start=START, days=DAYS).run()
    print("\n".join(summary.lines()))
    assert summary.hours_checked == DAYS * 24
    # The crowd did everything the charter covers, and every stage's clock ran out somewhere.
    assert set(summary.filed) == {
        "complaint", "other", "sms_complaint", "delay", "appointment", "call_back", "letter"
    }  # fmt: skip
    assert {alarm for alarm, count in summary.alarms.items() if count} >= set(ALARMS)
    for action in ("ask", "citizen_answers", "appeal", "decide", "extend", "transfer", "cancel"):
        assert summary.actions[action] > 0, action
    assert summary.dates_moved > 0  # the holiday announced midway moved open dates
    assert summary.sms_sent > 1000
