"""The dispatcher: several at once never double-send; quiet hours hold back what may wait."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, time, timedelta

from gateway.messaging.dispatcher import claim as claim_due
from gateway.messaging.dispatcher import dispatch_due
from gateway.messaging.outbox import after_quiet_hours, queue_sms
from gateway.messaging.providers.africastalking import AfricasTalkingProvider
from gateway.messaging.providers.fake import FakeProvider
from gateway.messaging.providers.provider import SendResult
from gateway.people.officers import NewOfficer, add_officer
from gateway.runtime import Gateway
from tests.conftest import sql
from tests.fake_africastalking import (
    CannedResponse,
    FakeAfricasTalking,
    RecordedRequest,
    recipients_body,
)

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


def queue_many(gateway: Gateway, count: int, text: str | None = None) -> None:
    """`count` SMS due now, to different phones, each its own text unless `text` is given."""
    with gateway.sessions.begin() as session:
        for number in range(count):
            queue_sms(
                session,
                phone=f"+255754{number:06d}",
                text=text or f"m{number}",
                purpose="test",
                now=NOW,
            )


def test_one_wake_up_drains_a_backlog_larger_than_a_claim(gateway: Gateway) -> None:
    queue_many(gateway, 450)
    provider = CountingProvider(threading.Barrier(1))
    report = dispatch_due(gateway.sessions, provider, NOW, limit=100)
    assert report.sent == 450
    assert sorted(provider.sent) == sorted(f"m{n}" for n in range(450))
    assert sql(gateway.engine, "SELECT status, count(*) FROM outbox GROUP BY status") == [
        ("sent", 450)
    ]


class SlowClock:
    """A monotonic clock the provider moves on: each send takes `per_send` seconds."""

    def __init__(self, per_send: float) -> None:
        self.now = 0.0
        self.per_send = per_send
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def advance(self) -> float:
        with self.lock:
            self.now += self.per_send
            return self.now


def test_a_slow_provider_never_lets_two_dispatchers_send_a_row_twice(gateway: Gateway) -> None:
    """A batch slower than its claim: no row is sent by both dispatchers.

    Dispatcher A sends through a provider taking 25 s a message, so its 30 rows take far longer
    than a claim lasts. After each of its sends a second dispatcher B wakes up at that moment
    with a fast provider and takes whatever it may. A starts no send late in its claim: it gives
    the rest back, and B or A's next claim sends them; B never finds a row A is sending.
    """
    queue_many(gateway, 30)
    clock = SlowClock(per_send=25.0)
    fast = CountingProvider(threading.Barrier(1))
    b_reports = []

    class SlowProvider(CountingProvider):
        def send(self, phone: str, text: str) -> SendResult:
            result = super().send(phone, text)
            elapsed = clock.advance()
            runner = threading.Thread(
                target=lambda: b_reports.append(
                    dispatch_due(gateway.sessions, fast, NOW + timedelta(seconds=elapsed))
                )
            )
            runner.start()
            runner.join(timeout=60)
            return result

    slow = SlowProvider(threading.Barrier(1))
    a_report = dispatch_due(gateway.sessions, slow, NOW, clock=clock)
    everything = slow.sent + fast.sent
    assert sorted(everything) == sorted(f"m{n}" for n in range(30))  # each once, none lost
    assert b_reports  # B tried, after A's sends, at the moment each ended
    assert a_report.sent + sum(report.sent for report in b_reports) == 30
    assert sql(gateway.engine, "SELECT status, count(*) FROM outbox GROUP BY status") == [
        ("sent", 30)
    ]


def test_one_text_to_many_phones_goes_in_few_requests_each_recipient_judged_apart(
    gateway: Gateway, fake_at: FakeAfricasTalking
) -> None:
    """A survey: the same words to 250 phones leave in three requests of at most 100 numbers;
    one recipient refused by the operator is retried alone, the others are sent."""
    queue_many(gateway, 250, text="Je, viwango vyetu vinakidhi mahitaji yako? Jibu 1 au 2.")
    refused = "+255754000007"

    def answer(request: RecordedRequest) -> CannedResponse:
        numbers = request.form["to"].split(",")
        body = recipients_body(numbers)
        for recipient in body["SMSMessageData"]["Recipients"]:
            if recipient["number"] == refused:
                recipient.update(statusCode=500, status="InternalServerError", messageId="None")
        return CannedResponse(201, json.dumps(body))

    for _ in range(3):
        fake_at.respond_with(answer)
    provider = AfricasTalkingProvider("makete", "key", api_url=fake_at.url)
    report = dispatch_due(gateway.sessions, provider, NOW)
    assert (report.sent, report.retrying) == (249, 1)
    assert sorted(len(r.form["to"].split(",")) for r in fake_at.requests) == [50, 100, 100]
    ids = sql(gateway.engine, "SELECT provider_message_id FROM outbox WHERE status = 'sent'")
    assert len({message_id for (message_id,) in ids}) == 249  # each recipient its own id
    assert sql(gateway.engine, f"SELECT status FROM outbox WHERE phone = '{refused}'") == [
        ("retrying",)
    ]


def test_an_officers_phone_is_never_blocked_by_406s(gateway: Gateway) -> None:
    water_officer = "+255713000001"
    with gateway.sessions.begin() as session:
        add_officer(
            session,
            gateway.charter,
            NewOfficer("Asha", water_officer, "officer", "1234", department="maji"),
            NOW,
        )
    blacklisted = SendResult("failed", reason="UserInBlacklist (406)", blacklisted=True)
    provider = FakeProvider([blacklisted])
    with gateway.sessions.begin() as session:
        queue_sms(session, phone=water_officer, text="new item", purpose="test", now=NOW)
    assert dispatch_due(gateway.sessions, provider, NOW).retrying == 1
    later = NOW + timedelta(days=2)
    provider.script.append(blacklisted)
    assert dispatch_due(gateway.sessions, provider, later).retrying == 1  # still trying
    assert sql(gateway.engine, f"SELECT count(*) FROM phones WHERE number = '{water_officer}'") == [
        (0,)
    ]
