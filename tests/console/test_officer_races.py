"""Two desk officers changing the same officers at the same moment, over real HTTP with the real
login: on PostgreSQL in parallel transactions (the row locks keep the result whole), on SQLite
one after the other."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import requests
from flask import Flask
from werkzeug.security import check_password_hash

from gateway.people.officers import NewOfficer, add_officer
from gateway.runtime import Gateway
from tests.browser import serving
from tests.conftest import sql
from tests.console.console_factories import DESK, PASSWORD, WATER_OFFICER, add_officers, csrf_of
from tests.gateway.test_races import at_once

SECOND_DESK = "+255713000044"
PIN_SHOWN = re.compile(r'id="new-pin">(\d{5})<')
ROUNDS = 5


@pytest.fixture()
def ids(gateway: Gateway) -> dict[str, int]:
    """The usual council with a second desk officer; their ids."""
    now = datetime.now(UTC)
    with gateway.sessions.begin() as session:
        people = add_officers(session, gateway, now)
        second = NewOfficer("Rehema Dawati", SECOND_DESK, "desk", "1234", password=PASSWORD)
        people["second"] = add_officer(session, gateway.charter, second, now)
        return {key: officer.id for key, officer in people.items()}


def logged_in(base: str, phone: str) -> requests.Session:
    """A browser-like session logged in through the form, its CSRF token in its headers' place
    (read from a page, as a browser's form would carry it)."""
    browser = requests.Session()
    page = browser.get(f"{base}/console/login", timeout=30)
    answer = browser.post(
        f"{base}/console/login",
        data={"phone": phone, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302
    browser.csrf = csrf_of(browser.get(f"{base}/console/officers", timeout=30).text)  # type: ignore[attr-defined]
    return browser


def press(browser: requests.Session, base: str, path: str) -> requests.Response:
    """Post a change as the officer's page does, with the session's CSRF token."""
    token = browser.csrf  # type: ignore[attr-defined]
    return browser.post(
        f"{base}{path}", data={"csrf_token": token}, allow_redirects=False, timeout=60
    )


def outcome(answer: requests.Response) -> str:
    """What the officer who pressed met: the change done, the login page (their session ended)
    or a refusal by its status."""
    if answer.status_code != 302:
        return str(answer.status_code)
    where = answer.headers["Location"]
    if "/console/login" in where:
        return "ended"
    return "done" if "/console/officers/" in where else where


def test_two_desks_giving_one_officer_a_pin_at_once_leave_one_pin_that_works(
    app: Flask, gateway: Gateway, ids: dict[str, int]
) -> None:
    with serving(app) as base:
        desks = [logged_in(base, DESK), logged_in(base, SECOND_DESK)]
        path = f"/console/officers/{ids['water']}/pin"
        for _ in range(ROUNDS):
            answers = at_once(2, lambda i: press(desks[i], base, path))
            assert [a.status_code for a in answers] == [200, 200]
            shown = [PIN_SHOWN.search(a.text)[1] for a in answers]  # type: ignore[index]
            [(pin_hash,)] = sql(
                gateway.engine, f"SELECT pin_hash FROM officers WHERE id={ids['water']}"
            )
            works = [pin for pin in shown if check_password_hash(str(pin_hash), pin)]
            assert len(works) == 1 or shown[0] == shown[1], shown
            # The one SMS still to go carries the PIN that works; the other was taken back.
            waiting = sql(
                gateway.engine,
                f"SELECT text FROM outbox WHERE phone='{WATER_OFFICER}' AND purpose='officer_pin'"
                " AND status='queued'",
            )
            assert len(waiting) == 1 and works[0] in str(waiting[0][0]), waiting
    lines = sql(
        gateway.engine,
        "SELECT actor_id, count(*) FROM officer_audit WHERE action='pin_given' GROUP BY actor_id",
    )
    assert sorted(lines) == [(ids["desk"], ROUNDS), (ids["second"], ROUNDS)]
    taken_back = sql(
        gateway.engine, "SELECT count(*) FROM outbox WHERE failure_reason='replaced by a newer one'"
    )
    assert taken_back == [(2 * ROUNDS - 1,)]


def test_two_desks_disabling_each_other_at_once_leave_the_council_one_desk(
    app: Flask, gateway: Gateway, ids: dict[str, int]
) -> None:
    with serving(app) as base:
        desks = [logged_in(base, DESK), logged_in(base, SECOND_DESK)]
        targets = [ids["second"], ids["desk"]]
        answers = at_once(
            2, lambda i: press(desks[i], base, f"/console/officers/{targets[i]}/disable")
        )
    # One is done (back to the officer's page); the other finds itself disabled: its session
    # ended before the action (back to the login page) or inside it (403), or it was the last
    # desk (409).
    outcomes = [outcome(a) for a in answers]
    assert outcomes.count("done") == 1, outcomes
    assert set(outcomes) - {"done"} <= {"ended", "403", "409"}, outcomes
    active = sql(gateway.engine, "SELECT count(*) FROM officers WHERE role='desk' AND active")
    assert active == [(1,)]
    assert sql(gateway.engine, "SELECT count(*) FROM officer_audit WHERE action='disabled'") == [
        (1,)
    ]
