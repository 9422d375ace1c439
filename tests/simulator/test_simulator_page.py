"""The simulator's server side: when the page is served, what it carries, and a phone's inbox."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from gateway.outbox import queue_sms
from gateway.sms.console import ConsoleProvider
from gateway.sms.simulator import SimulatorProvider
from tests.conftest import PHONE

OTHER_PHONE = "+255713000001"
NOW = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


def settings_in(page: str) -> dict[str, object]:
    """The settings the page hands its script."""
    match = re.search(r'id="simulator-settings">(.*?)</script>', page, re.S)
    assert match, page[:500]
    settings: dict[str, object] = json.loads(match.group(1))
    return settings


def test_the_page_carries_the_webhook_key_and_loads_nothing_from_outside(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(WEBHOOK_SECRET="s3cret key&", SIMULATOR="1")
    client = app.test_client()

    response = client.get("/simulator")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    settings = settings_in(page)
    assert settings["serviceCode"] == "*152*25#"
    assert settings["urls"] == {
        "ussd": "/ussd?key=s3cret+key%26",
        "events": "/ussd/events?key=s3cret+key%26",
        "incoming": "/sms/incoming?key=s3cret+key%26",
        "delivery": "/sms/delivery?key=s3cret+key%26",
        "inbox": "/simulator/inbox",
    }
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    for asset in ("simulator.js", "simulator.css"):
        assert f"/simulator/static/{asset}" in page
        served = client.get(f"/simulator/static/{asset}")
        assert served.status_code == 200
        assert "http://" not in served.get_data(as_text=True)
        assert "https://" not in served.get_data(as_text=True)
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_without_a_secret_the_page_posts_to_the_bare_webhooks(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(SIMULATOR="1")

    settings = settings_in(app.test_client().get("/simulator").get_data(as_text=True))

    assert settings["urls"] == {
        "ussd": "/ussd",
        "events": "/ussd/events",
        "incoming": "/sms/incoming",
        "delivery": "/sms/delivery",
        "inbox": "/simulator/inbox",
    }


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
    with caplog.at_level(logging.INFO, logger="gateway.sms.simulator"):
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


def test_in_production_the_simulator_needs_a_console_login(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(AT_USERNAME="makete", AT_API_KEY="key", SIMULATOR="1")
    client = app.test_client()
    for path in ("/simulator", "/simulator/inbox?phone=0754123456"):
        response = client.get(path)
        assert response.status_code == 302 and "/console/login" in response.headers["Location"]
