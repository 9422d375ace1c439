"""The simulator's server side: when the page is served, what it carries, and a phone's inbox."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, quote_plus

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from gateway.messaging.dispatcher import dispatch_due
from gateway.messaging.outbox import queue_sms
from gateway.messaging.providers.console import ConsoleProvider
from gateway.messaging.providers.fake import FakeProvider
from gateway.messaging.providers.simulator import SimulatorProvider
from tests.conftest import PHONE, sql
from tests.console.console_factories import (
    DED,
    DESK,
    WATER_HEAD,
    WATER_OFFICER,
    add_officers,
    log_in,
)

OTHER_PHONE = "+255713000001"
NOW = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


def settings_in(page: str) -> dict[str, object]:
    """The settings the page hands its script."""
    match = re.search(r'id="simulator-settings">(.*?)</script>', page, re.S)
    assert match, page[:500]
    settings: dict[str, object] = json.loads(match.group(1))
    return settings


SECRET = "s3cret key&"
SIMULATOR_URLS = {
    "ussd": "/simulator/ussd",
    "events": "/simulator/ussd/events",
    "incoming": "/simulator/sms/incoming",
    "delivery": "/simulator/sms/delivery",
    "inbox": "/simulator/inbox",
    "release": "/simulator/release",
}


def page_token(client: FlaskClient) -> dict[str, str]:
    """The header carrying the page's token, read from the page as its script does."""
    settings = settings_in(client.get("/simulator").get_data(as_text=True))
    return {str(settings["csrfHeader"]): str(settings["csrfToken"])}


def test_the_page_never_carries_the_webhook_secret_and_loads_nothing_from_outside(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(WEBHOOK_SECRET=SECRET, SIMULATOR="1")
    with app.extensions["gateway"].sessions.begin() as session:
        add_officers(session, app.extensions["gateway"], NOW)
    client = app.test_client()
    log_in(client, DESK)

    response = client.get("/simulator")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    settings = settings_in(page)
    assert settings["serviceCode"] == "*152*25#"
    assert settings["urls"] == SIMULATOR_URLS
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    served = {"page": page}
    for asset in ("simulator.js", "simulator.css", "favicon.svg"):
        assert f"/simulator/static/{asset}" in page
        answer = client.get(f"/simulator/static/{asset}")
        assert answer.status_code == 200
        served[asset] = answer.get_data(as_text=True)
    for name, body in served.items():
        for spelling in (SECRET, quote_plus(SECRET), quote(SECRET), "s3cret"):
            assert spelling not in body, f"the webhook secret is in {name}"
        assert "http://" not in body.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in body
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_the_simulator_passes_the_form_to_the_webhook_with_the_key(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(WEBHOOK_SECRET=SECRET, SIMULATOR="1")
    with app.extensions["gateway"].sessions.begin() as session:
        add_officers(session, app.extensions["gateway"], NOW)
    client = app.test_client()
    log_in(client, DESK)  # the webhooks are guarded: only the desk or the DED trains here
    form = {
        "sessionId": "ATUid_sim_1",
        "serviceCode": "*152*25#",
        "phoneNumber": PHONE,
        "networkCode": "64004",
        "text": "",
    }
    assert client.post("/ussd", data=form).status_code == 403  # the webhook wants the key

    answer = client.post("/simulator/ussd", data=form, headers=page_token(client))

    assert answer.status_code == 200
    assert answer.get_data(as_text=True).startswith("CON ")
    ended = client.post(
        "/simulator/ussd/events",
        data={**form, "status": "Incomplete", "date": "2026-12-02 07:00:00"},
        headers=page_token(client),
    )
    assert ended.status_code == 200
    assert sql(app.extensions["gateway"].engine, "SELECT status FROM ussd_session_ends") == [
        ("Incomplete",)
    ]


def test_a_post_without_the_pages_token_is_refused(make_app: Callable[..., Flask]) -> None:
    app = make_app(SIMULATOR="1")
    client = app.test_client()
    client.get("/simulator")
    form = {"sessionId": "ATUid_x", "serviceCode": "*152*25#", "phoneNumber": PHONE, "text": ""}

    for headers in ({}, {"X-CSRF-Token": "forged"}):
        assert client.post("/simulator/ussd", data=form, headers=headers).status_code == 400
    assert sql(app.extensions["gateway"].engine, "SELECT count(*) FROM ussd_sessions") == [(0,)]


def test_switched_off_there_is_no_page_and_sms_go_to_the_console(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(SIMULATOR="0", WEBHOOK_SECRET="s3cret")
    client = app.test_client()

    assert client.get("/simulator").status_code == 404
    assert client.get(f"/simulator/inbox?phone={PHONE}").status_code == 404
    assert isinstance(app.extensions["gateway"].provider, ConsoleProvider)


def test_the_embedded_default_uses_the_simulator_backend(make_app: Callable[..., Flask]) -> None:
    app = make_app(SIMULATOR="")

    assert isinstance(app.extensions["gateway"].provider, SimulatorProvider)
    assert app.test_client().get("/simulator").status_code == 200


@pytest.fixture()
def simulator_app(make_app: Callable[..., Flask]) -> Flask:
    """An app with the simulator on and a few SMS in its outbox for two phones."""
    app = make_app(SIMULATOR="1")
    gateway = app.extensions["gateway"]
    with gateway.sessions.begin() as session:
        for minute, (phone, text) in enumerate(
            [(PHONE, "kwanza"), (OTHER_PHONE, "afisa"), (PHONE, "pili")]
        ):
            queue_sms(
                session, phone=phone, text=text, purpose="test", now=NOW + timedelta(minutes=minute)
            )
    return app


@pytest.mark.parametrize("typed", [PHONE, "0754123456", "255754123456", "+255 754 123 456"])
def test_the_inbox_holds_that_phones_messages_oldest_first(
    simulator_app: Flask, typed: str
) -> None:
    response = simulator_app.test_client().get("/simulator/inbox", query_string={"phone": typed})

    assert response.status_code == 200
    data = response.get_json()
    assert data["phone"] == PHONE
    assert [m["text"] for m in data["messages"]] == ["kwanza", "pili"]
    first = data["messages"][0]
    assert first["status"] == "queued"
    assert first["created_at"] == "2026-12-02T07:00:00.000+00:00"
    assert first["sent_at"] is None and first["provider_message_id"] is None
    assert set(first) >= {"id", "text", "status", "created_at", "sent_at", "provider_message_id"}


@pytest.mark.parametrize("typed", ["", "12345", "hello"])
def test_a_bad_phone_gets_a_400_that_says_why(simulator_app: Flask, typed: str) -> None:
    response = simulator_app.test_client().get("/simulator/inbox", query_string={"phone": typed})

    assert response.status_code == 400
    assert "not a valid phone number" in response.get_json()["error"]


def test_the_simulator_backend_accepts_at_once_and_logs_no_number(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="gateway.messaging.providers.simulator"):
        result = SimulatorProvider().send(PHONE, "Makete DC: " + "a" * 160)

    assert result.outcome == "accepted"
    assert result.message_id is not None and re.fullmatch(r"SIM[0-9a-f]{16}", result.message_id)
    assert result.parts == 2 and result.cost is None
    assert len(caplog.records) == 1
    assert PHONE not in caplog.text and "754123456" not in caplog.text
    assert "***456" in caplog.text and result.message_id in caplog.text


def test_inbox_polls_stay_out_of_the_access_log(make_app: Callable[..., Flask]) -> None:
    make_app(SIMULATOR="1")
    access_log = logging.getLogger("werkzeug")
    poll = access_log.makeRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '"%s" 200 -',
        ("GET /simulator/inbox?phone=%2B255754123456 HTTP/1.1",),
        None,
    )
    webhook = access_log.makeRecord(
        "werkzeug", logging.INFO, __file__, 1, '"%s" 200 -', ("POST /ussd HTTP/1.1",), None
    )

    assert not access_log.filter(poll)
    assert access_log.filter(webhook)


@pytest.fixture(params=["live credentials", "a webhook secret alone"])
def production_app(
    make_app: Callable[..., Flask], fake_sms: FakeProvider, request: pytest.FixtureRequest
) -> Flask:
    """The simulator where the webhooks are guarded: beside real Africa's Talking credentials,
    or with WEBHOOK_SECRET alone (the simulator would add the key for anyone), with the
    council's officers."""
    live = (
        {"AT_USERNAME": "makete", "AT_API_KEY": "key"} if request.param.startswith("live") else {}
    )
    app = make_app(**live, SIMULATOR="1", WEBHOOK_SECRET=SECRET, SMS_PROVIDER=fake_sms)
    gateway = app.extensions["gateway"]
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, NOW)
    return app


PRODUCTION_GETS = (
    "/simulator",
    f"/simulator/inbox?phone={PHONE}",
    "/simulator/static/simulator.js",
)
PRODUCTION_POSTS = ("/simulator/ussd", "/simulator/sms/incoming", "/simulator/release")


def test_in_production_the_simulator_needs_a_console_login(production_app: Flask) -> None:
    client = production_app.test_client()
    for path in PRODUCTION_GETS:
        response = client.get(path)
        assert response.status_code == 302 and "/console/login" in response.headers["Location"]


@pytest.mark.parametrize("officer", [WATER_OFFICER, WATER_HEAD])
def test_in_production_an_officer_gets_403_everywhere(production_app: Flask, officer: str) -> None:
    client = production_app.test_client()
    log_in(client, officer)
    for path in PRODUCTION_GETS:
        assert client.get(path).status_code == 403, path
    for path in PRODUCTION_POSTS:
        assert client.post(path, data={"phone": PHONE}).status_code == 403, path
    assert sql(production_app.extensions["gateway"].engine, "SELECT count(*) FROM inbound_sms") == [
        (0,)
    ]


@pytest.mark.parametrize("trainer", [DESK, DED])
def test_in_production_the_desk_and_the_ded_may_train(production_app: Flask, trainer: str) -> None:
    client = production_app.test_client()
    log_in(client, trainer)
    for path in PRODUCTION_GETS:
        assert client.get(path).status_code == 200, path
    page = client.get("/simulator").get_data(as_text=True)
    assert SECRET not in page and quote_plus(SECRET) not in page
    sms = client.post(
        "/simulator/sms/incoming",
        data={"from": PHONE, "to": "15025", "text": "HALI 12345678", "id": "ATSMS_sim_1"},
        headers=page_token(client),
    )
    assert sms.status_code == 200
    assert sql(production_app.extensions["gateway"].engine, "SELECT phone FROM inbound_sms") == [
        (PHONE,)
    ]


# --- messages that wait -------------------------------------------------------------------------

EVENING = datetime(2026, 12, 2, 19, 30, tzinfo=UTC)  # 22:30 in Makete: quiet hours


def test_the_inbox_says_until_when_and_why_a_message_waits_and_training_sends_it_now(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(SIMULATOR="1", QUIET_HOURS="21:00-07:00")
    gateway = app.extensions["gateway"]
    with gateway.sessions.begin() as session:
        queue_sms(
            session,
            phone=OTHER_PHONE,
            text="afisa",
            purpose="officer_new_item",
            now=EVENING,
            quiet_hours=gateway.config.quiet_hours,
        )
        queue_sms(session, phone=PHONE, text="jibu", purpose="status", now=EVENING)
    client = app.test_client()
    with time_machine.travel(EVENING + timedelta(minutes=5), tick=False):
        held = client.get("/simulator/inbox", query_string={"phone": OTHER_PHONE}).get_json()
        reply = client.get("/simulator/inbox", query_string={"phone": PHONE}).get_json()
        assert held["messages"][0]["held"] == {"reason": "quiet_hours", "clock": "07:00"}
        assert reply["messages"][0]["held"] is None  # a reply goes at once

        released = client.post(
            "/simulator/release", data={"phone": "0713000001"}, headers=page_token(client)
        )

        assert released.get_json() == {"released": 1}
        after = client.get("/simulator/inbox", query_string={"phone": OTHER_PHONE}).get_json()
        assert after["messages"][0]["held"] is None
        report = dispatch_due(gateway.sessions, gateway.provider, datetime.now(UTC))
    assert report.sent == 2
    assert sql(gateway.engine, "SELECT phone, status FROM outbox ORDER BY id") == [
        (OTHER_PHONE, "sent"),
        (PHONE, "sent"),
    ]
