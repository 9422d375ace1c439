"""The acknowledgement leaves through the outbox: the console by default, or the real SDK."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from gateway.messaging.dispatcher import BLOCK_AFTER, MAX_ATTEMPTS, dispatch_due, retry_delay
from gateway.messaging.outbox import queue_sms
from gateway.messaging.providers.console import ConsoleProvider
from gateway.messaging.providers.fake import FakeProvider
from gateway.messaging.providers.provider import SendResult
from gateway.runtime import Gateway
from tests.conftest import PHONE, sql
from tests.fake_africastalking import FakeAfricasTalking
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_acknowledgement_reaches_africas_talking_through_the_real_sdk(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    app = make_app(
        AT_USERNAME="sandbox",
        AT_API_KEY="test-api-key",
        AT_SENDER_ID="MAKETE",
        AT_API_URL=fake_at.url,
    )
    gateway: Gateway = app.extensions["gateway"]
    end = file_water_complaint(Dial(app.test_client(), "ATUid_sdk"))
    reference = reference_on(end)
    assert fake_at.requests == []  # nothing is sent inside the webhook

    result = app.test_cli_runner().invoke(args=["sms", "dispatch"])
    assert "sent 1" in result.output, result.output
    [posted] = fake_at.requests
    assert posted.path == "/version1/messaging"
    assert posted.form["username"] == "sandbox"
    assert posted.form["to"] == PHONE
    assert posted.form["from"] == "MAKETE"
    assert posted.api_key == "test-api-key"
    assert reference in posted.form["message"]
    [(status, message_id, parts, cost)] = sql(
        gateway.engine, "SELECT status, provider_message_id, parts, cost FROM outbox"
    )
    assert status == "sent" and str(message_id).startswith("ATXid_")
    assert (parts, cost) == (1, "TZS 22.0000")


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_console_backend_logs_the_sms_and_marks_it_sent(
    client: FlaskClient, gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    file_water_complaint(Dial(client, "ATUid_console"))
    with caplog.at_level(logging.INFO):
        dispatch_due(gateway.sessions, ConsoleProvider(), datetime.now(UTC))
    [(text,)] = sql(gateway.engine, "SELECT text FROM outbox")
    assert str(text) in caplog.text
    assert PHONE not in caplog.text  # masked
    assert sql(gateway.engine, "SELECT status FROM outbox") == [("sent",)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_provider_outage_retries_with_backoff_then_sends(
    client: FlaskClient, gateway: Gateway, fake_sms: FakeProvider
) -> None:
    file_water_complaint(Dial(client, "ATUid_outage"))
    now = datetime.now(UTC)
    fake_sms.script.append(SendResult("retry", None, None, None, "connection refused"))
    assert dispatch_due(gateway.sessions, fake_sms, now).retrying == 1
    assert sql(gateway.engine, "SELECT status, attempts FROM outbox") == [("retrying", 1)]
    assert dispatch_due(gateway.sessions, fake_sms, now + timedelta(seconds=10)).sent == 0
    assert dispatch_due(gateway.sessions, fake_sms, now + retry_delay(1)).sent == 1
    assert sql(gateway.engine, "SELECT status, attempts FROM outbox") == [("sent", 2)]
    assert len(fake_sms.sent) == 2  # the failed try and the one that went


def test_backoff_starts_within_a_minute_and_is_capped() -> None:
    assert retry_delay(1) <= timedelta(minutes=1)
    assert [retry_delay(n) for n in (1, 2, 3)] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
    ]
    assert retry_delay(MAX_ATTEMPTS) == timedelta(minutes=30)


BLACKLISTED = SendResult("failed", None, None, None, "UserInBlacklist (406)", blacklisted=True)


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_406_blocks_a_phone_only_when_it_repeats_long_after_and_a_success_lifts_it(
    client: FlaskClient, gateway: Gateway, fake_sms: FakeProvider
) -> None:
    file_water_complaint(Dial(client, "ATUid_406"))
    blocked = (
        f"SELECT sms_refused_at IS NOT NULL, sms_blocked_at FROM phones WHERE number='{PHONE}'"
    )
    fake_sms.script.append(BLACKLISTED)
    now = datetime.now(UTC)
    # An outage can answer 406 for minutes: the first one is retried, and blocks nobody.
    assert dispatch_due(gateway.sessions, fake_sms, now).retrying == 1
    assert sql(gateway.engine, blocked) in ([(True, None)], [(1, None)])
    fake_sms.script.append(BLACKLISTED)
    assert dispatch_due(gateway.sessions, fake_sms, now + timedelta(hours=1)).retrying == 1
    assert sql(gateway.engine, blocked) in ([(True, None)], [(1, None)])
    # Half a day later it still refuses: the citizen opted out. The message fails, and the
    # phone's USSD screens stop promising SMS.
    fake_sms.script.append(BLACKLISTED)
    assert dispatch_due(gateway.sessions, fake_sms, now + BLOCK_AFTER).failed == 1
    assert sql(gateway.engine, "SELECT status, failure_reason FROM outbox") == [
        ("failed", "UserInBlacklist (406)")
    ]
    [(_, blocked_at)] = sql(gateway.engine, blocked)
    assert blocked_at is not None
    # A later SMS that reaches the phone lifts the block.
    with gateway.sessions.begin() as session:
        queue_sms(session, phone=PHONE, text="habari", purpose="test", now=now + BLOCK_AFTER)
    assert dispatch_due(gateway.sessions, fake_sms, now + BLOCK_AFTER).sent == 1
    assert sql(gateway.engine, blocked) in ([(False, None)], [(0, None)])


def test_an_outage_of_a_minute_loses_nothing_through_the_real_sdk(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    app = make_app(AT_USERNAME="sandbox", AT_API_KEY="test-api-key", AT_API_URL=fake_at.url)
    gateway: Gateway = app.extensions["gateway"]
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(app.test_client(), "ATUid_outage")))
    fake_at.stop()  # Africa's Talking unreachable: connections are refused
    assert dispatch_due(gateway.sessions, gateway.provider, WEDNESDAY).retrying == 1
    later = WEDNESDAY + retry_delay(1)
    assert dispatch_due(gateway.sessions, gateway.provider, later).retrying == 1
    [(status, attempts, reason)] = sql(
        gateway.engine, "SELECT status, attempts, failure_reason FROM outbox"
    )
    assert (status, attempts) == ("retrying", 2) and "connection" in str(reason)
    fake_at.start()  # back a minute later, on the same port
    back = later + retry_delay(2)
    assert back - WEDNESDAY <= timedelta(minutes=2)
    assert dispatch_due(gateway.sessions, gateway.provider, back).sent == 1
    [posted] = fake_at.requests
    assert reference in posted.form["message"]
    assert sql(gateway.engine, "SELECT status, attempts FROM outbox") == [("sent", 3)]
