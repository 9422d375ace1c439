"""A console login lasts until logout, for every copy of its cookie; over HTTPS it stays there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient

from gateway.runtime import Gateway
from tests.console.console_factories import WATER_OFFICER, add_officers, log_in, token


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
