"""The officers page, the desk's, through the real console (login, CSRF, forms): registering,
editing, disabling and enabling, new PINs and passwords (shown once, sent by SMS, and the new
one works where the old no longer does), the audit of every change, and the refusals."""

from __future__ import annotations

import logging
import re

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import update
from werkzeug.security import check_password_hash

from gateway.messaging.dispatcher import dispatch_due
from gateway.messaging.providers.fake import FakeProvider
from gateway.runtime import Gateway
from store.models import Officer
from tests.conftest import sql
from tests.console.console_factories import (
    DESK,
    PASSWORD,
    WATER_OFFICER,
    add_officers,
    log_in,
    make_item,
    token,
)
from tests.console.council_data import LONGEST_NAME
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import WEDNESDAY
from words import notices

NEW_PHONE = "+255713000077"
PIN_SHOWN = re.compile(r'id="new-pin">(\d{5})<')
PASSWORD_SHOWN = re.compile(r'id="new-password">([a-z2-9]{5}-[a-z2-9]{5})<')
SECOND_DESK = "+255713000044"

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture()
def frozen() -> object:
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture()
def council(gateway: Gateway) -> dict[str, int]:
    """The water officer, health officer, water head, desk and DED; their ids."""
    with gateway.sessions.begin() as session:
        people = add_officers(session, gateway, WEDNESDAY)
        return {key: officer.id for key, officer in people.items()}


@pytest.fixture()
def desk(app: Flask, council: dict[str, int]) -> FlaskClient:
    """The complaints desk, logged in."""
    client = app.test_client()
    assert log_in(client, DESK).status_code == 302
    return client


def post(client: FlaskClient, path: str, **form: str) -> object:
    """A form posted as the page would, with the session's CSRF token."""
    return client.post(path, data={"csrf_token": token(client), **form})


def officer_row(gateway: Gateway, phone: str) -> Officer:
    with gateway.sessions() as session:
        found = session.query(Officer).filter_by(phone=phone).one()
        session.expunge(found)
        return found


def texts_to(gateway: Gateway, phone: str) -> list[tuple[str, str, str]]:
    """(purpose, status, text) of every SMS to a phone, oldest first."""
    rows = sql(
        gateway.engine,
        f"SELECT purpose, status, text FROM outbox WHERE phone='{phone}' ORDER BY id",
    )
    return [(str(p), str(s), str(t)) for p, s, t in rows]


def audit(gateway: Gateway) -> list[tuple[str, str, str | None]]:
    """(action, whom, by whom) of every audit line, oldest first."""
    rows = sql(
        gateway.engine,
        "SELECT a.action, o.name, b.name FROM officer_audit a"
        " JOIN officers o ON o.id = a.officer_id"
        " LEFT JOIN officers b ON b.id = a.actor_id ORDER BY a.id",
    )
    return [(str(action), str(whom), None if by is None else str(by)) for action, whom, by in rows]


def orodha_answer(client: FlaskClient, gateway: Gateway, phone: str, pin: str) -> str:
    """The answer an officer's phone gets to ORODHA with this PIN."""
    sms(client, f"ORODHA {pin}", phone=phone)
    return texts_to(gateway, phone)[-1][2]


WRONG_PIN = notices.officer_refusal("sw", "wrong_pin")
NEW_OFFICER = {
    "name": "  Zawadi   Mbilinyi ",
    "phone": "0713 000 077",
    "role": "officer",
    "department": "maji",
    "ward": "",
    "language": "sw",
}


def test_the_officers_pages_are_the_desks_alone(
    app: Flask, desk: FlaskClient, council: dict[str, int]
) -> None:
    assert 'href="/console/officers"' in desk.get("/console/").text
    water = app.test_client()
    log_in(water, WATER_OFFICER)
    assert 'href="/console/officers"' not in water.get("/console/").text
    for path in (
        "/console/officers",
        "/console/officers/new",
        f"/console/officers/{council['desk']}",
    ):
        assert water.get(path).status_code == 403, path
    for path in (
        "/console/officers/new",
        f"/console/officers/{council['health']}",
        f"/console/officers/{council['health']}/disable",
        f"/console/officers/{council['desk']}/pin",
    ):
        assert post(water, path, **NEW_OFFICER).status_code == 403, path
    assert audit(app.extensions["gateway"]) == [("added", name, None) for name in (
        "Asha Mwakyusa", "Juma Sanga", "Neema Kyando", "Dawati Makete", "Mkurugenzi")]  # fmt: skip
    assert desk.get("/console/officers/9999").status_code == 404
    assert post(desk, "/console/officers/9999/pin").status_code == 404
    assert post(desk, f"/console/officers/{council['health']}/promote").status_code == 404
    # Without the token a form is refused before anything is looked at.
    assert desk.post(f"/console/officers/{council['health']}/disable").status_code == 400
    assert officer_row(app.extensions["gateway"], "+255713000002").active


def test_the_desk_registers_an_officer_whose_pin_and_password_are_shown_once_and_sent(
    app: Flask,
    desk: FlaskClient,
    gateway: Gateway,
    fake_sms: FakeProvider,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    unowned = None
    with gateway.sessions.begin() as session:
        # An item of Maji nobody owns: the new water officer takes it.
        unowned = make_item(session, received_at=WEDNESDAY, answer_due_at=WEDNESDAY).reference
        session.execute(update(Officer).where(Officer.phone == WATER_OFFICER).values(active=False))
    form = desk.get("/console/officers/new")
    assert form.status_code == 200 and 'name="give_password"' in form.text
    done = post(desk, "/console/officers/new", **NEW_OFFICER, give_password="1")
    assert done.status_code == 200
    pin, password = PIN_SHOWN.search(done.text)[1], PASSWORD_SHOWN.search(done.text)[1]  # type: ignore[index]
    assert "Zawadi Mbilinyi amesajiliwa." in done.text
    assert "Inaonyeshwa mara hii moja tu" in done.text and NEW_PHONE in done.text
    assert "Kazi 1 zilizokosa afisa sasa ni zake" in done.text
    stored = officer_row(gateway, NEW_PHONE)
    assert (stored.name, stored.role, stored.department, stored.active) == (
        "Zawadi Mbilinyi", "officer", "maji", True)  # fmt: skip
    assert check_password_hash(stored.pin_hash, pin) and pin not in stored.pin_hash
    # The officer is told by SMS, at once: their role and PIN, then their password.
    told = texts_to(gateway, NEW_PHONE)
    assert [(purpose, status) for purpose, status, _ in told] == [
        ("officer_pin", "queued"),
        ("officer_password", "queued"),
        ("officer_unowned", "queued"),
    ]
    assert told[0][2] == notices.officer_welcome("sw", "Makete DC", "officer", "Maji", None, pin)
    assert "afisa wa Maji" in told[0][2] and password in told[1][2] and unowned in told[2][2]
    # Shown once: the officer's page drawn again has neither.
    again = desk.get(f"/console/officers/{stored.id}")
    assert pin not in again.text and password not in again.text and "new-pin" not in again.text
    # Sent, the outbox keeps the words with the secrets masked; the phone got them whole.
    dispatch_due(gateway.sessions, fake_sms, WEDNESDAY)
    assert [text for _, text in fake_sms.sent if pin in text] == [told[0][2]]
    kept = [text for _, status, text in texts_to(gateway, NEW_PHONE) if status == "sent"]
    assert len(kept) == 3 and not any(pin in t or password in t for t in kept)
    assert kept[0] == notices.officer_welcome("sw", "Makete DC", "officer", "Maji", None, "****")
    # The PIN works by SMS, the password in the console.
    assert orodha_answer(app.test_client(), gateway, NEW_PHONE, pin) != WRONG_PIN
    assert log_in(app.test_client(), NEW_PHONE, password).status_code == 302
    # The audit says who did what; the page shows it in words.
    assert audit(gateway)[-1] == ("added", "Zawadi Mbilinyi", "Dawati Makete")
    listed = desk.get("/console/officers").text
    assert "Dawati Makete (dawati la malalamiko)" in listed
    assert "amemsajili Zawadi Mbilinyi" in listed and "pamoja na nenosiri la dashibodi" in listed
    [(detail,)] = sql(gateway.engine, "SELECT detail FROM officer_audit WHERE action='added' "
                      "ORDER BY id DESC LIMIT 1")  # fmt: skip
    assert pin not in str(detail) and password not in str(detail)
    assert pin not in caplog.text and password not in caplog.text


@pytest.mark.parametrize(
    ("changes", "field", "sw", "en"),
    [
        ({"phone": "0713 00"}, "phone", "Namba ya simu ya Tanzania tu", "A Tanzanian phone"),
        ({"phone": "+254712345678"}, "phone", "Namba ya simu ya Tanzania tu", "A Tanzanian phone"),
        ({"phone": WATER_OFFICER}, "phone", "tayari ni ya afisa mwingine", "already has this"),
        ({"role": "weo", "department": ""}, "ward", "Afisa Mtendaji wa Kata anahitaji kata",
         "A Ward Executive Officer needs a ward"),
        ({"role": "weo", "ward": "Iwawa"}, "department", "ana kata, si idara", "not a department"),
        ({"department": ""}, "department", "wanahitaji idara", "need a department"),
        ({"name": " "}, "name", "herufi 1 hadi 64", "1 to 64 characters"),
        ({"role": "mfalme"}, "role", "Chagua cheo kimoja", "Choose one of the roles"),
        ({"ward": "Atlantis"}, "ward", "Chagua kata iliyo kwenye orodha", "Choose a ward from"),
    ],
)  # fmt: skip
def test_registering_refuses_what_is_not_allowed_saying_what_is_and_keeps_what_was_typed(
    desk: FlaskClient, gateway: Gateway, changes: dict[str, str], field: str, sw: str, en: str
) -> None:
    typed = {**NEW_OFFICER, "name": LONGEST_NAME, **changes}
    before = audit(gateway)
    for language, said in (("sw", sw), ("en", en)):
        desk.get(f"/console/lang/{language}")
        refused = post(desk, "/console/officers/new", **typed)
        assert refused.status_code == 400
        assert said in refused.text
        assert f'id="{field}-error"' in refused.text and 'aria-invalid="true"' in refused.text
        if typed["name"].strip():
            assert f'value="{LONGEST_NAME}"' in refused.text  # what was typed, kept
        assert f'value="{typed["phone"]}"' in refused.text
    assert audit(gateway) == before
    assert sql(gateway.engine, "SELECT count(*) FROM officers") == [(5,)]
    assert texts_to(gateway, NEW_PHONE) == []


def test_the_desk_edits_an_officer_and_the_audit_says_what_changed(
    desk: FlaskClient, gateway: Gateway, council: dict[str, int]
) -> None:
    page = f"/console/officers/{council['water']}"
    drawn = desk.get(page).text
    assert 'value="Asha Mwakyusa"' in drawn and 'value="+255713000001"' in drawn
    typed = {"name": "Asha M. Mwakyusa", "phone": "0713 000 001", "role": "weo",
             "department": "maji", "ward": "Iwawa", "language": "en"}  # fmt: skip
    refused = post(desk, page, **typed)
    assert refused.status_code == 400 and "ana kata, si idara" in refused.text
    assert 'value="Asha M. Mwakyusa"' in refused.text  # kept as typed, not the stored name
    assert officer_row(gateway, WATER_OFFICER).role == "officer"
    saved = post(desk, page, **{**typed, "department": ""})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(page)
    stored = officer_row(gateway, WATER_OFFICER)
    assert (stored.name, stored.role, stored.department, stored.ward, stored.language) == (
        "Asha M. Mwakyusa", "weo", None, "Iwawa", "en")  # fmt: skip
    shown = desk.get(page).text
    assert "Mabadiliko ya Asha M. Mwakyusa yamehifadhiwa." in shown
    assert "amebadilisha taarifa za Asha M. Mwakyusa" in shown
    for line in (
        "Cheo: afisa &rarr; Afisa Mtendaji wa Kata",
        "Idara: Maji &rarr; - hakuna -",
        "Kata: - hakuna - &rarr; Iwawa",
        "Lugha ya SMS zake: Kiswahili &rarr; English",
    ):
        assert line in shown, line
    # The same details again change nothing and write no line.
    assert post(desk, page, **{**typed, "department": ""}).status_code == 302
    assert "Hakuna kilichobadilika." in desk.get(page).text
    assert [a for a, _, _ in audit(gateway)].count("edited") == 1


def test_disabling_ends_the_officers_sessions_and_sms_commands_until_enabled(
    app: Flask, desk: FlaskClient, gateway: Gateway, council: dict[str, int]
) -> None:
    water = app.test_client()
    log_in(water, WATER_OFFICER)
    assert water.get("/console/").status_code == 200
    with gateway.sessions.begin() as session:
        item = make_item(session, received_at=WEDNESDAY, officer_id=council["water"]).reference
    disabled = post(desk, f"/console/officers/{council['water']}/disable")
    assert disabled.status_code == 302
    assert "Asha Mwakyusa amezimwa" in desk.get(f"/console/officers/{council['water']}").text
    assert water.get("/console/").status_code == 302  # the session ended
    assert sql(gateway.engine, f"SELECT count(*) FROM console_sessions WHERE officer_id="
               f"{council['water']} AND ended_at IS NULL") == [(0,)]  # fmt: skip
    assert log_in(app.test_client(), WATER_OFFICER).status_code == 401
    sms(app.test_client(), f"POKEA {item} 1234", phone=WATER_OFFICER)
    assert sql(gateway.engine, f"SELECT status FROM complaints WHERE reference='{item}'") == [
        ("received",)
    ]
    listed = desk.get("/console/officers").text
    assert "Amezimwa" in listed and "amemzima Asha Mwakyusa" in listed
    assert post(desk, f"/console/officers/{council['water']}/enable").status_code == 302
    assert water.get("/console/").status_code == 302  # an old session stays ended
    assert log_in(app.test_client(), WATER_OFFICER).status_code == 302
    sms(app.test_client(), f"POKEA {item} 1234", phone=WATER_OFFICER)
    assert sql(gateway.engine, f"SELECT status FROM complaints WHERE reference='{item}'") == [
        ("acknowledged",)
    ]
    assert [a for a, _, by in audit(gateway) if by == "Dawati Makete"] == ["disabled", "enabled"]
    assert "amemwasha tena Asha Mwakyusa" in desk.get("/console/officers").text


def test_a_new_pin_works_by_sms_and_the_old_one_no_longer_does(
    app: Flask, desk: FlaskClient, gateway: Gateway, council: dict[str, int]
) -> None:
    phone = app.test_client()
    # Locked after guesses at the old PIN: a new PIN starts the count again.
    for _ in range(5):
        orodha_answer(phone, gateway, WATER_OFFICER, "9999")
    assert officer_row(gateway, WATER_OFFICER).locked_until is not None
    given = post(desk, f"/console/officers/{council['water']}/pin")
    assert given.status_code == 200
    pin = PIN_SHOWN.search(given.text)[1]  # type: ignore[index]
    assert "Asha Mwakyusa amepewa PIN mpya." in given.text
    [(purpose, _, told)] = texts_to(gateway, WATER_OFFICER)[-1:]
    assert purpose == "officer_pin" and told == notices.officer_new_pin("sw", "Makete DC", pin)
    assert orodha_answer(phone, gateway, WATER_OFFICER, "1234") == WRONG_PIN
    assert orodha_answer(phone, gateway, WATER_OFFICER, pin) != WRONG_PIN
    assert pin not in desk.get(f"/console/officers/{council['water']}").text
    shown = desk.get("/console/officers").text
    assert "amempa Asha Mwakyusa PIN mpya ya SMS" in shown
    assert audit(gateway)[-1] == ("pin_given", "Asha Mwakyusa", "Dawati Makete")


def test_a_new_password_logs_in_ends_the_old_sessions_and_the_old_password(
    app: Flask, desk: FlaskClient, gateway: Gateway, council: dict[str, int]
) -> None:
    water = app.test_client()
    log_in(water, WATER_OFFICER)
    given = post(desk, f"/console/officers/{council['water']}/password")
    assert given.status_code == 200
    password = PASSWORD_SHOWN.search(given.text)[1]  # type: ignore[index]
    assert texts_to(gateway, WATER_OFFICER)[-1][2] == notices.officer_new_password(
        "sw", "Makete DC", password
    )
    assert water.get("/console/").status_code == 302
    assert log_in(app.test_client(), WATER_OFFICER, PASSWORD).status_code == 401
    assert log_in(app.test_client(), WATER_OFFICER, password).status_code == 302
    assert audit(gateway)[-1] == ("password_given", "Asha Mwakyusa", "Dawati Makete")
    assert "amempa Asha Mwakyusa nenosiri jipya la dashibodi" in desk.get("/console/officers").text


def test_the_desk_unlocks_an_officer_from_the_page(
    app: Flask, desk: FlaskClient, gateway: Gateway, council: dict[str, int]
) -> None:
    phone = app.test_client()
    for _ in range(5):
        orodha_answer(phone, gateway, WATER_OFFICER, "9999")
    page = f"/console/officers/{council['water']}"
    assert "SMS zimezuiwa hadi 02/12/2026 10:30" in desk.get(page).text
    assert post(desk, f"{page}/unlock").status_code == 302
    assert "SMS zimezuiwa" not in desk.get(page).text
    assert orodha_answer(phone, gateway, WATER_OFFICER, "1234") != WRONG_PIN
    assert audit(gateway)[-1] == ("unlocked", "Asha Mwakyusa", "Dawati Makete")


def test_the_desk_cannot_disable_itself_nor_take_away_its_own_desk_role(
    desk: FlaskClient, gateway: Gateway, council: dict[str, int]
) -> None:
    page = f"/console/officers/{council['desk']}"
    assert 'action="' + page + '/disable"' not in desk.get(page).text  # no button for it
    refused = post(desk, f"{page}/disable")
    assert refused.status_code == 409 and "Huwezi kuzima akaunti yako mwenyewe" in refused.text
    typed = {"name": "Dawati Makete", "phone": DESK, "role": "officer", "department": "maji",
             "ward": "", "language": "sw"}  # fmt: skip
    moved = post(desk, page, **typed)
    assert moved.status_code == 409 and "kujiondolea cheo cha dawati" in moved.text
    stored = officer_row(gateway, DESK)
    assert (stored.active, stored.role) == (True, "desk")
    assert [a for a, _, _ in audit(gateway)] == ["added"] * 5


def test_the_cli_keeps_the_last_desk_and_shares_the_rules_and_the_audit(
    app: Flask, runner: FlaskCliRunner, desk: FlaskClient, gateway: Gateway
) -> None:
    refused = runner.invoke(args=["officers", "disable", DESK])
    assert refused.exit_code != 0 and "last complaints desk officer" in refused.output
    assert officer_row(gateway, DESK).active
    weo = ["officers", "add", "--name", "Elia", "--phone", "0713000011", "--role", "weo"]
    said = runner.invoke(args=[*weo, "--pin", "1234"]).output
    assert "a weo needs --ward" in said
    assert runner.invoke(args=[*weo, "--ward", "Iwawa", "--pin", "1234"]).exit_code == 0
    reset = runner.invoke(args=["officers", "reset-pin", "0713 000 011"])
    assert reset.exit_code == 0, reset.output
    pin = re.search(r": (\d{5}) \(sent", reset.output)[1]  # type: ignore[index]
    assert orodha_answer(app.test_client(), gateway, "+255713000011", pin) != WRONG_PIN
    assert audit(gateway)[-2:] == [("added", "Elia", None), ("pin_given", "Elia", None)]
    listed = desk.get("/console/officers").text
    assert "Amri ya mfumo (CLI)" in listed and "amempa Elia PIN mpya ya SMS" in listed


def test_a_newer_pin_takes_back_one_still_waiting_to_go(
    desk: FlaskClient, gateway: Gateway, council: dict[str, int]
) -> None:
    first = PIN_SHOWN.search(post(desk, f"/console/officers/{council['water']}/pin").text)[1]  # type: ignore[index]
    second = PIN_SHOWN.search(post(desk, f"/console/officers/{council['water']}/pin").text)[1]  # type: ignore[index]
    told = [(status, text) for purpose, status, text in texts_to(gateway, WATER_OFFICER)]
    assert told == [
        ("failed", notices.officer_new_pin("sw", "Makete DC", "****")),
        ("queued", notices.officer_new_pin("sw", "Makete DC", second)),
    ]
    assert first not in str(sql(gateway.engine, "SELECT * FROM outbox WHERE status='failed'"))
    assert [a for a, _, _ in audit(gateway)][-2:] == ["pin_given", "pin_given"]
