"""A console login lasts until logout, for every copy of its cookie; over HTTPS it stays there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.runtime import Gateway
from gateway.web.console.auth import SESSION_LIFETIME
from gateway.web.texts import TEXTS
from store.models import OutboxMessage
from tests.console.console_factories import (
    DESK,
    PASSWORD,
    WATER_OFFICER,
    add_officers,
    csrf_of,
    log_in,
    make_item,
    token,
)


def registered(app: Flask) -> Flask:
    gateway: Gateway = app.extensions["gateway"]
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, datetime.now(UTC))
    return app


def test_a_copied_cookie_stops_working_when_its_session_logs_out(app: Flask) -> None:
    registered(app)
    officer = app.test_client()
    assert log_in(officer, WATER_OFFICER).status_code == 302
    stolen = app.test_client()
    cookie = officer.get_cookie("session")
    assert cookie is not None
    stolen.set_cookie("session", cookie.value)
    assert stolen.get("/console/").status_code == 200  # a copy works while the session lives
    officer.post("/console/logout", data={"csrf_token": token(officer)})
    assert stolen.get("/console/").status_code == 302  # ...and not a moment after logout
    assert stolen.get("/console/").location.startswith("/console/login")


def test_logging_out_ends_only_that_session(app: Flask) -> None:
    registered(app)
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, WATER_OFFICER)
    log_in(laptop, WATER_OFFICER)
    phone.post("/console/logout", data={"csrf_token": token(phone)})
    assert laptop.get("/console/").status_code == 200


def cookie_after_login(
    client: FlaskClient, base_url: str = "http://localhost", **headers: str
) -> str:
    page = client.get("/console/login", headers=headers, base_url=base_url)
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/console/login",
        data={"phone": WATER_OFFICER, "password": "siri-ya-afisa-2026", "csrf_token": csrf},
        headers=headers,
        base_url=base_url,
    )
    assert response.status_code == 302
    return response.headers["Set-Cookie"]


def test_the_cookie_is_secure_over_https_and_not_over_plain_http(app: Flask) -> None:
    registered(app)
    assert "Secure" in cookie_after_login(app.test_client(), "https://makete.example")
    assert "Secure" not in cookie_after_login(app.test_client())


def test_behind_a_trusted_https_proxy_the_cookie_is_secure(make_app: Callable[..., Flask]) -> None:
    proxied = registered(make_app(TRUSTED_PROXIES="1"))
    forwarded = {"X-Forwarded-Proto": "https"}
    assert "Secure" in cookie_after_login(proxied.test_client(), **forwarded)
    direct = registered(make_app())  # no proxy trusted: a forged header changes nothing
    assert "Secure" not in cookie_after_login(direct.test_client(), **forwarded)


# --- forgiving sessions: what an officer typed survives a session that ended -----------------

REPLY = "Fundi atafika kesho saa nne asubuhi kurekebisha bomba"
MORNING = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)  # 09:00 in Makete, a Wednesday


def an_item(app: Flask) -> str:
    gateway: Gateway = app.extensions["gateway"]
    with gateway.sessions.begin() as session:
        return make_item(session, phone="+255754123456", received_at=MORNING).reference


def log_in_from(client: FlaskClient, login_url: str, phone: str) -> Any:
    """Log in on the login page the console sent the officer to (its ?next= kept)."""
    page = client.get(login_url)
    return client.post(
        login_url, data={"phone": phone, "password": PASSWORD, "csrf_token": csrf_of(page.text)}
    )


def replies(app: Flask) -> list[str]:
    with app.extensions["gateway"].sessions() as session:
        return list(
            session.scalars(select(OutboxMessage.text).where(OutboxMessage.purpose == "reply"))
        )


LATER = MORNING + SESSION_LIFETIME + timedelta(minutes=1)  # the morning's session has ended


def reply_as_the_session_ends(app: Flask) -> tuple[FlaskClient, str, Any]:
    """The water officer opens an item in the morning and sends a reply once the session's
    hours are up: the browser, the item's reference, and the answer to the reply."""
    registered(app)
    reference = an_item(app)
    client = app.test_client()
    with time_machine.travel(MORNING, tick=False):
        log_in(client, WATER_OFFICER)
        form = client.get(f"/console/items/{reference}").text
    with time_machine.travel(LATER, tick=False):
        sent = client.post(
            f"/console/items/{reference}/act",
            data={"action": "reply", "text": REPLY, "csrf_token": csrf_of(form)},
        )
    return client, reference, sent


def test_a_session_that_ends_as_the_officer_sends_keeps_the_text_for_after_login(
    app: Flask,
) -> None:
    client, reference, sent = reply_as_the_session_ends(app)
    with time_machine.travel(LATER, tick=False):
        assert sent.status_code == 302
        assert sent.location == f"/console/login?next=/console/items/{reference}"
        login = client.get(sent.location).text
        assert TEXTS["sw"]["session_ended_kept"] in login
        assert replies(app) == []  # nothing went
        back = log_in_from(client, sent.location, WATER_OFFICER)
        assert back.location == f"/console/items/{reference}"  # the item, not a 405
        page = client.get(back.location).text
        assert TEXTS["sw"]["kept_typing"] in page
        reply_form = page.split('id="action-reply"', 1)[1].split("</details>", 1)[0]
        assert "<details open>" in reply_form and f">{REPLY}</textarea>" in reply_form
        assert REPLY not in client.get(back.location).text  # given back once
    assert replies(app) == []


def test_what_one_officer_typed_is_not_given_to_another_on_the_same_browser(
    app: Flask,
) -> None:
    client, _, sent = reply_as_the_session_ends(app)
    with time_machine.travel(LATER, tick=False):
        back = log_in_from(client, sent.location, DESK)  # the desk sees every item
        page = client.get(back.location).text
        assert page.count(REPLY) == 0 and TEXTS["sw"]["kept_typing"] not in page


def test_a_page_left_open_across_a_new_login_sends_nothing_and_keeps_the_text(
    app: Flask,
) -> None:
    registered(app)
    reference = an_item(app)
    client = app.test_client()
    log_in(client, WATER_OFFICER)
    stale = csrf_of(client.get(f"/console/items/{reference}").text)
    client.post("/console/logout", data={"csrf_token": token(client)})
    log_in(client, WATER_OFFICER)  # a new session: a new token
    sent = client.post(
        f"/console/items/{reference}/act",
        data={"action": "reply", "text": REPLY, "csrf_token": stale},
    )
    assert (sent.status_code, sent.location) == (302, f"/console/items/{reference}")
    page = client.get(sent.location).text
    assert TEXTS["sw"]["page_expired"] in page and f">{REPLY}</textarea>" in page
    assert replies(app) == []


def test_the_desks_filing_form_is_kept_over_an_ended_session(app: Flask) -> None:
    registered(app)
    client = app.test_client()
    with time_machine.travel(MORNING, tick=False):
        log_in(client, DESK)
        form = client.get("/console/file").text
    words = "Barua kuhusu maji ya kijiji cha Iwawa kukatika kwa wiki mbili"
    with time_machine.travel(LATER, tick=False):
        sent = client.post(
            "/console/file",
            data={"kind": "lalamiko", "description": words, "csrf_token": csrf_of(form)},
        )
        assert sent.location == "/console/login?next=/console/file"
        back = log_in_from(client, sent.location, DESK)
        assert back.location == "/console/file"
        page = client.get("/console/file").text
        assert words in page and TEXTS["sw"]["kept_typing"] in page
