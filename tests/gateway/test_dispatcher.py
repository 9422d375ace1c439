"""The dispatcher: several at once never double-send; quiet hours hold back what may wait."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta

from gateway.dispatcher import _claim as claim_due
from gateway.dispatcher import dispatch_due
from gateway.outbox import after_quiet_hours, queue_sms
from gateway.runtime import Gateway
from gateway.sms.provider import SendResult
from tests.conftest import sql

NOW = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)  # 10:00 in Makete
QUIET = (time(21, 0), time(7, 0))


class CountingProvider:
    """A thread-safe provider that lets two dispatchers start sending at the same moment."""

    def __init__(self, barrier: threading.Barrier) -> None:
        self.barrier = barrier
        self.sent: list[str] = []
        self.lock = threading.Lock()

    def send(self, phone: str, text: str) -> SendResult:
        """Record the message; accepted."""
        with self.lock:
            self.sent.append(text)
        return SendResult("accepted", f"id-{text}", 1, "TZS 22.0000")


def test_two_dispatchers_at_once_send_each_message_once(gateway: Gateway) -> None:
    with gateway.sessions.begin() as session:
        for number in range(60):
            queue_sms(session, phone="+255754123456", text=f"m{number}", purpose="test", now=NOW)
    barrier = threading.Barrier(2)
    provider = CountingProvider(barrier)
    reports = []

    def run() -> None:
        barrier.wait()
        reports.append(dispatch_due(gateway.sessions, provider, NOW, limit=100))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(provider.sent) == sorted(f"m{n}" for n in range(60))
    assert sum(report.sent for report in reports) == 60
    assert sql(gateway.engine, "SELECT status, count(*) FROM outbox GROUP BY status") == [
        ("sent", 60)
    ]


def test_a_claim_that_was_never_finished_is_sent_again_later(gateway: Gateway) -> None:
    """A dispatcher that died mid-send loses nothing: its claim runs out."""
    with gateway.sessions.begin() as session:
        queue_sms(session, phone="+255754123456", text="hello", purpose="test", now=NOW)
    assert len(claim_due(gateway.sessions, NOW, 10)) == 1  # ...and the dispatcher dies here
    provider = CountingProvider(threading.Barrier(1))
    assert dispatch_due(gateway.sessions, provider, NOW + timedelta(minutes=1)).sent == 0
    later = NOW + timedelta(minutes=3)
    assert dispatch_due(gateway.sessions, provider, later).sent == 1
    assert provider.sent == ["hello"]


def test_quiet_hours_hold_messages_that_may_wait_until_the_morning(gateway: Gateway) -> None:
    night = datetime(2026, 12, 2, 19, 30, tzinfo=UTC)  # 22:30 in Makete
    with gateway.sessions.begin() as session:
        queue_sms(session, phone="+255754123456", text="reply", purpose="reply", now=night)
        queue_sms(
            session,
            phone="+255754123456",
            text="reminder",
            purpose="notice",
            now=night,
            quiet_hours=QUIET,
        )
    provider = CountingProvider(threading.Barrier(1))
    dispatch_due(gateway.sessions, provider, night)
    assert provider.sent == ["reply"]
    dispatch_due(gateway.sessions, provider, datetime(2026, 12, 3, 3, 59, tzinfo=UTC))
    assert provider.sent == ["reply"]
    dispatch_due(gateway.sessions, provider, datetime(2026, 12, 3, 4, 0, tzinfo=UTC))  # 07:00
    assert provider.sent == ["reply", "reminder"]


def test_after_quiet_hours() -> None:
    assert after_quiet_hours(NOW, QUIET) == NOW
    assert after_quiet_hours(NOW, None) == NOW
    late = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)  # 21:00 EAT: quiet starts
    assert after_quiet_hours(late, QUIET) == datetime(2026, 12, 3, 4, 0, tzinfo=UTC)
    small_hours = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)  # 04:00 EAT
    assert after_quiet_hours(small_hours, QUIET) == datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    daytime_quiet = (time(12, 0), time(14, 0))
    lunch = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # 13:00 EAT
    assert after_quiet_hours(lunch, daytime_quiet) == datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
