"""POST /ussd end to end: what a citizen sees on the phone and what the council stores."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from flask import Flask, request
from flask.sessions import NullSession
from flask.testing import FlaskClient
from werkzeug.test import EnvironBuilder

from charter.reference import is_valid_reference, make_reference
from gateway.messaging.dispatcher import dispatch_due
from gateway.messaging.providers.fake import FakeProvider
from gateway.runtime import Gateway
from menus.machine import filed_screen
from store.models import Phone
from tests.conftest import PHONE, SERVICE_CODE, sql
from tests.gateway.ussd_driver import Dial, choose, reference_on

DESCRIPTION = "Bomba la maji Kijiji cha Ivalalila limevunjika wiki 2 *hakuna* maji #msaada"
DRAFTS = "SELECT count(*) FROM ussd_sessions WHERE draft IS NOT NULL"  # drafts left to continue
# Wednesday 2 December 2026, 10:00 East Africa Time.
WEDNESDAY = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


def file_water_complaint(dial: Dial, *, anonymous: bool = True) -> str:
    """Walk the complaint path to the END screen: Maji, Iwawa, the description, confirm."""
    dial.start()
    dial.answer("1")  # Lalamiko
    choose(dial, "Maji")
    choose(dial, "Iwawa")
    dial.answer(DESCRIPTION)
    if anonymous:
        dial.answer("2")
    else:
        dial.answer("1")
        dial.answer("Neema Mwakalinga")
    return dial.answer("1")  # Thibitisha


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_citizen_files_a_complaint_in_swahili(
    client: FlaskClient, gateway: Gateway, fake_sms: FakeProvider
) -> None:
    dial = Dial(client, "ATUid_swahili")
    assert "Tuma lalamiko" in dial.start()
    end = file_water_complaint(dial)

    assert end.startswith("END ")
    reference = reference_on(end)
    assert is_valid_reference(reference)
    # Maji answers within 5 working days: Wed 2 Dec -> Wed 9 Dec is Uhuru day -> Thu 10 Dec.
    assert "10/12/2026" in end
    rows = sql(
        gateway.engine,
        "SELECT kind, department, ward, description, anonymous, channel, language, status, phone"
        f" FROM complaints WHERE reference = '{reference}'",
    )
    assert rows == [
        ("lalamiko", "maji", "Iwawa", DESCRIPTION, True, "ussd", "sw", "received", PHONE)
    ] or rows == [("lalamiko", "maji", "Iwawa", DESCRIPTION, 1, "ussd", "sw", "received", PHONE)]
    events = sql(gateway.engine, "SELECT kind, actor FROM complaint_events")
    assert events == [("received", "ussd"), ("routed", "gateway")]
    queued = sql(gateway.engine, "SELECT phone, status, purpose, text FROM outbox")
    assert len(queued) == 1
    phone, status, purpose, text = queued[0]
    assert (phone, status, purpose) == (PHONE, "queued", "acknowledgement")
    assert reference in str(text) and "Maji" in str(text) and "10/12/2026" in str(text)
    assert len(str(text)) <= 160

    report = dispatch_due(gateway.sessions, gateway.provider, datetime.now(UTC))
    assert report.sent == 1
    assert [(p, t) for p, t in fake_sms.sent] == [(PHONE, text)]
    assert sql(gateway.engine, "SELECT status FROM outbox") == [("sent",)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_reference_already_taken_is_drawn_again(
    client: FlaskClient, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = reference_on(file_water_complaint(Dial(client, "ATUid_first")))
    fresh = make_reference(4_242_424)
    draws = iter([first, fresh])
    monkeypatch.setattr("gateway.casework.intake._new_reference", lambda: next(draws))

    end = file_water_complaint(Dial(client, "ATUid_second", phone="+255754000002"))

    assert reference_on(end) == fresh
    assert sql(gateway.engine, "SELECT reference, phone FROM complaints ORDER BY id") == [
        (first, PHONE),
        (fresh, "+255754000002"),
    ]
    acknowledged = sql(gateway.engine, "SELECT text FROM outbox ORDER BY id")
    assert [fresh in str(text) for (text,) in acknowledged] == [False, True]


@time_machine.travel(WEDNESDAY, tick=False)
def test_english_is_chosen_once_and_remembered_for_the_phone(
    client: FlaskClient, gateway: Gateway
) -> None:
    first = Dial(client, "ATUid_lang")
    first.start()
    assert "English" in first.answer("6")
    menu = first.answer("2")
    assert "Complaint" in menu or "complaint" in menu

    later = Dial(client, "ATUid_lang_again")
    assert "omplaint" in later.start()
    end = file_water_complaint(Dial(client, "ATUid_english"))
    assert "10/12/2026" in end
    ack = sql(gateway.engine, "SELECT text FROM outbox")[0][0]
    assert "Maji" in str(ack) and re.search(r"[Cc]omplaint", str(ack))
    assert sql(gateway.engine, "SELECT language FROM complaints") == [("en",)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_named_complaint_keeps_the_name(client: FlaskClient, gateway: Gateway) -> None:
    file_water_complaint(Dial(client, "ATUid_named"), anonymous=False)
    assert sql(gateway.engine, "SELECT citizen_name, anonymous FROM complaints") in (
        [("Neema Mwakalinga", False)],
        [("Neema Mwakalinga", 0)],
    )


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_repeated_request_gets_the_same_screen_and_files_once(
    client: FlaskClient, gateway: Gateway
) -> None:
    dial = Dial(client, "ATUid_repeat")
    end = file_water_complaint(dial)
    again = dial.post("*".join(dial.inputs))
    assert again == end
    first = Dial(client, "ATUid_repeat")
    assert first.start() == dial.screens[0]
    assert sql(gateway.engine, "SELECT count(*) FROM complaints") == [(1,)]
    assert sql(gateway.engine, "SELECT count(*) FROM outbox") == [(1,)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_dropped_session_leaves_a_draft_that_the_next_dial_continues(
    client: FlaskClient, gateway: Gateway
) -> None:
    dropped = Dial(client, "ATUid_dropped")
    dropped.start()
    dropped.answer("1")
    choose(dropped, "Maji")
    choose(dropped, "Iwawa")
    dropped.answer(DESCRIPTION)  # the signal goes here

    again = Dial(client, "ATUid_second")
    offer = again.start()
    assert offer.startswith("CON ")
    resumed = again.answer("1")  # Endelea
    assert resumed == dropped.screen  # back where the citizen was: named or anonymous
    again.answer("2")
    end = again.answer("1")
    assert is_valid_reference(reference_on(end))
    assert sql(gateway.engine, "SELECT department, ward, description FROM complaints") == [
        ("maji", "Iwawa", DESCRIPTION)
    ]
    assert sql(gateway.engine, DRAFTS) == [(0,)]
    # Filed: the next dial goes straight to the main menu.
    assert (
        Dial(client, "ATUid_third").start() == Dial(client, "ATUid_fresh", "+255713000111").start()
    )


def test_start_again_discards_the_draft(client: FlaskClient, gateway: Gateway) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        dropped = Dial(client, "ATUid_drop2")
        dropped.start()
        dropped.answer("1")
        choose(dropped, "Afya")
        again = Dial(client, "ATUid_restart")
        again.start()
        menu = again.answer("2")  # Anza upya
        assert "Tuma lalamiko" in menu
        assert sql(gateway.engine, DRAFTS) == [(0,)]


def test_a_draft_older_than_a_day_is_not_offered(client: FlaskClient) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        dropped = Dial(client, "ATUid_old")
        dropped.start()
        dropped.answer("1")
        choose(dropped, "Afya")
        main_menu = Dial(client, "ATUid_other_phone", "+255713000111").start()
    with time_machine.travel(WEDNESDAY + timedelta(hours=23), tick=False):
        assert Dial(client, "ATUid_within").start() != main_menu
    with time_machine.travel(WEDNESDAY + timedelta(hours=25), tick=False):
        assert Dial(client, "ATUid_after").start() == main_menu


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_blacklisted_phone_sees_its_reference_and_is_not_promised_an_sms(
    client: FlaskClient, gateway: Gateway
) -> None:
    with gateway.sessions.begin() as session:
        session.add(
            Phone(number=PHONE, language="sw", sms_blocked_at=WEDNESDAY, created_at=WEDNESDAY)
        )
    end = file_water_complaint(Dial(client, "ATUid_blocked"))
    reference = reference_on(end)
    assert end == filed_screen("sw", reference, date(2026, 12, 10), sms=False)
    assert end != filed_screen("sw", reference, date(2026, 12, 10), sms=True)
    assert sql(gateway.engine, "SELECT count(*) FROM outbox") == [(0,)]


@pytest.mark.parametrize(
    "form, reason",
    [
        ({"serviceCode": "*152*25#", "phoneNumber": PHONE, "text": ""}, "sessionId"),
        ({"sessionId": "s1", "serviceCode": "*152*25#", "text": ""}, "phoneNumber"),
        ({"sessionId": "s1", "serviceCode": "*152*25#", "phoneNumber": PHONE}, "text"),
        ({"sessionId": "s1", "phoneNumber": PHONE, "text": ""}, "serviceCode"),
        (
            {"sessionId": "s1", "serviceCode": "*152*25#", "phoneNumber": "12ab", "text": ""},
            "phone",
        ),
        (
            {"sessionId": "", "serviceCode": "*152*25#", "phoneNumber": PHONE, "text": ""},
            "sessionId",
        ),
    ],
)
def test_a_malformed_callback_gets_a_400_with_a_reason(
    client: FlaskClient, gateway: Gateway, form: dict[str, str], reason: str
) -> None:
    response = client.post("/ussd", data=form)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert sql(gateway.engine, "SELECT count(*) FROM ussd_sessions") == [(0,)]


def test_a_bug_in_a_step_still_ends_the_session_politely(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("gateway.channels.ussd_flow.start", broken)
    body = Dial(client, "ATUid_bug").start()
    assert body.startswith("END ") and "Samahani" in body


def test_a_callback_opens_no_cookie_session_but_the_console_does(client: FlaskClient) -> None:
    # A provider's callback carries no cookie; opening the signed session anyway (its signer is
    # built afresh each request) cost a USSD step more than its menu (issue 9).
    app = client.application
    for path, null in (("/ussd", True), ("/sms/incoming", True), ("/console/login", False)):
        with app.test_request_context(path, method="POST"):
            opened = app.session_interface.open_session(app, request)
            assert isinstance(opened, NullSession) is null, path


def test_healthz_answers_once_the_app_can_serve(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_citizen_rates_the_service_and_comments_on_the_charter(
    client: FlaskClient, gateway: Gateway
) -> None:
    dial = Dial(client, "ATUid_rate")
    dial.start()
    assert "1 Pima huduma yetu (1-5)" in dial.answer(
        "7"
    )  # main menu 7: more services, rating the first
    dial.answer("1")
    assert "1 (mbaya) hadi 5" in dial.screen
    assert "Anza na namba" in dial.answer("sita")
    end = dial.answer("4 Huduma ya maji *imeboreka* sana")
    assert end.startswith("END Asante")
    assert sql(gateway.engine, "SELECT phone, rating, comment, channel FROM charter_feedback") == [
        (PHONE, 4, "Huduma ya maji *imeboreka* sana", "ussd")
    ]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_session_is_its_phones_and_no_others(client: FlaskClient, gateway: Gateway) -> None:
    """Another phone posting a known session id (with a repeat of its text, or the next step)
    gets a 400 and sees none of the session's screens; the session goes on for its phone."""
    dial = Dial(client, "ATUid_mine")
    dial.start()
    menu = dial.answer("1")
    for text in ("", "1", "1*1"):
        stolen = client.post(
            "/ussd",
            data={
                "sessionId": "ATUid_mine",
                "serviceCode": SERVICE_CODE,
                "phoneNumber": "+255754999888",
                "networkCode": "64004",
                "text": text,
            },
        )
        assert stolen.status_code == 400 and "another phoneNumber" in stolen.text
        assert menu not in stolen.text
    assert dial.answer("1") != menu  # the citizen's session is untouched
    assert sql(gateway.engine, "SELECT phone FROM ussd_sessions") == [(PHONE,)]


# POST /ussd is answered before Flask (gateway/web/ussd.py, UssdDoor): what the door decides
# itself, as a provider or a prober would meet it.
STEP = {"sessionId": "ATUid_door", "serviceCode": SERVICE_CODE, "phoneNumber": PHONE, "text": ""}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD"])
def test_anything_but_a_post_to_ussd_is_a_405_that_names_post(
    client: FlaskClient, gateway: Gateway, method: str
) -> None:
    response = client.open("/ussd", method=method, data=STEP)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.mimetype == "text/plain"
    assert sql(gateway.engine, "SELECT count(*) FROM ussd_sessions") == [(0,)]


def test_a_body_over_the_limit_is_a_413_and_nothing_is_kept(
    client: FlaskClient, gateway: Gateway
) -> None:
    response = client.post("/ussd", data={**STEP, "text": "1" * (300 * 1024)})
    assert response.status_code == 413
    assert sql(gateway.engine, "SELECT count(*) FROM ussd_sessions") == [(0,)]


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"sessionId=s%FF&text=\xff", "application/x-www-form-urlencoded", "not UTF-8"),
        (b'{"sessionId": "s1"}', "application/json", "missing field sessionId"),
        (b"", "application/x-www-form-urlencoded", "missing field sessionId"),
    ],
)
def test_a_body_that_is_not_a_form_gets_a_400_with_its_reason(
    client: FlaskClient, gateway: Gateway, body: bytes, content_type: str, reason: str
) -> None:
    response = client.post("/ussd", data=body, content_type=content_type)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert sql(gateway.engine, "SELECT count(*) FROM ussd_sessions") == [(0,)]


def test_a_form_is_read_whatever_the_case_of_its_content_type(
    client: FlaskClient, gateway: Gateway
) -> None:
    body = urlencode(STEP)
    response = client.post("/ussd", data=body, content_type="Application/X-WWW-Form-URLEncoded")
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("CON ")


def test_a_field_sent_twice_counts_once_the_first_as_flask_reads_it(
    client: FlaskClient, gateway: Gateway
) -> None:
    body = "&".join(
        [f"sessionId=ATUid_twice&serviceCode=%2A152%2A25%23&phoneNumber=%2B{PHONE[1:]}"]
        + ["text=", "text=1", "networkCode=64004"]
    )
    response = client.post("/ussd", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("CON ")
    assert sql(gateway.engine, "SELECT seen_text FROM ussd_sessions") == [("",)]


def test_the_rest_of_the_app_is_still_flasks(client: FlaskClient) -> None:
    # /ussd/events and /ussd/ are not the door's: Flask answers them as before.
    assert client.post("/ussd/events", data={}).status_code == 400
    assert client.post("/ussd/", data=STEP).status_code == 404


@pytest.mark.parametrize(("length", "status"), [("-5", 400), ("12x", 400), (None, 200)])
def test_the_body_is_read_as_its_length_says_or_to_its_end_when_chunked(
    app: Flask, gateway: Gateway, length: str | None, status: int
) -> None:
    # What gunicorn hands the app: a declared length, or none and a stream it ends (chunked).
    body = urlencode({**STEP, "sessionId": f"ATUid_len{status}"}).encode()
    form = "application/x-www-form-urlencoded"
    environ = EnvironBuilder("/ussd", method="POST", data=body, content_type=form).get_environ()
    del environ["CONTENT_LENGTH"]
    if length is None:
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = length
    answered: list[str] = []
    reply = b"".join(app.wsgi_app(environ, lambda code, _headers: answered.append(code)))
    assert int(answered[0].split()[0]) == status
    assert reply.startswith(b"CON ") == (status == 200)
    stored = sql(gateway.engine, "SELECT count(*) FROM ussd_sessions")
    assert stored == [(1 if status == 200 else 0,)]
