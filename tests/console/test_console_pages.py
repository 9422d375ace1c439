"""The console's pages through Flask's test client: login, CSRF, lockout, roles, actions,
filing on behalf, and an anonymous complainant's phone never shown."""

from __future__ import annotations

import csv
import io
import re
import string
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from charter.gsm7 import gsm7_length, is_gsm7
from charter.model import Standard
from gateway.casework.intake import NewItem, file_item
from gateway.casework.satisfaction import not_satisfied
from gateway.people.login_guard import LOCK_FOR
from gateway.reporting.periods import local_today, period_of
from gateway.reporting.surveys import question
from gateway.runtime import Gateway
from gateway.web.texts import TEXTS
from store.models import Complaint, ExtensionRequest, Officer, OutboxMessage
from tests.conftest import sql
from tests.console.console_factories import (
    CONFIRM,
    DED,
    DESK,
    HEALTH_OFFICER,
    PASSWORD,
    WATER_HEAD,
    WATER_OFFICER,
    add_officers,
    confirmed,
    eat,
    log_in,
    make_item,
    token,
)
from tests.gateway.test_sms_callbacks import sms

CITIZEN = "+255754123456"
ANONYMOUS = "+255754999888"
# Every way the anonymous phone could be written on a page.
ANONYMOUS_FORMS = ("+255754999888", "255754999888", "0754999888", "754999888", "0754 999 888")


@pytest.fixture()
def people(gateway: Gateway) -> dict[str, str]:
    """Officers, a named water complaint and an anonymous health complaint; their references."""
    now = datetime.now(UTC)
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, now)
        water = file_item(
            session,
            gateway,
            NewItem(
                kind="lalamiko",
                department="maji",
                ward="Iwawa",
                description="Bomba la maji limevunjika karibu na soko",
                citizen_name="Baraka Mbilinyi",
                anonymous=False,
                language="sw",
                channel="ussd",
                phone=CITIZEN,
            ),
            now,
        )
        health = file_item(
            session,
            gateway,
            NewItem(
                kind="lalamiko",
                department="afya",
                ward="Kitulo",
                description="Zahanati haina dawa tangu wiki mbili, mpigie 0754 999 888",
                citizen_name=None,
                anonymous=True,
                language="sw",
                channel="ussd",
                phone=ANONYMOUS,
            ),
            now,
        )
        # An SMS text that happens to carry the number: the page must still hide it.
        session.add(
            OutboxMessage(
                phone=ANONYMOUS,
                text="Makete DC: tumekupigia 0754999888 bila kukupata.",
                purpose="test",
                complaint_id=health.id,
                status="sent",
                due_at=now,
                attempts=1,
                created_at=now,
                sent_at=now,
                parts=1,
                cost="TZS 22.0000",
            )
        )
    return {"water": water.reference, "health": health.reference}


def _status(gateway: Gateway, reference: str) -> str:
    with gateway.sessions() as session:
        status = session.scalar(select(Complaint.status).where(Complaint.reference == reference))
    assert status is not None
    return status


def _outbox(gateway: Gateway, purpose: str) -> list[OutboxMessage]:
    with gateway.sessions() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == purpose)))


# --- logging in -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/console/", "/console/report", "/console/report.csv", "/console/file", "/console/items/1"],
)
def test_without_a_login_only_the_login_page(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/console/login?next=")
    assert client.get("/console/login").status_code == 200


def test_login_sets_a_httponly_samesite_cookie_and_logout_ends_it(
    client: FlaskClient, people: dict[str, str]
) -> None:
    response = log_in(client, "0713 000 001")  # typed the local way
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/console/").status_code == 200
    logout = client.post("/console/logout", data={"csrf_token": token(client)})
    assert logout.location == "/console/login"
    assert client.get("/console/").status_code == 302


def test_wrong_password_and_unknown_phone_get_the_same_answer(
    client: FlaskClient, people: dict[str, str]
) -> None:
    wrong = log_in(client, WATER_OFFICER, "not-the-password")
    unknown = log_in(client, "0754000000", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert TEXTS["sw"]["login_bad_login"] in wrong.text
    assert TEXTS["sw"]["login_bad_login"] in unknown.text


def test_five_failures_lock_for_fifteen_minutes(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        answers = [log_in(client, WATER_OFFICER, "wrong-password").status_code for _ in range(5)]
        assert answers == [401, 401, 401, 401, 429]
        locked = log_in(client, WATER_OFFICER)  # the right password, but locked
        assert locked.status_code == 429
        assert TEXTS["sw"]["login_locked"] in locked.text
    with gateway.sessions() as session:
        officer = session.scalar(select(Officer).where(Officer.phone == WATER_OFFICER))
    assert officer is not None and officer.locked_until is None  # the SMS PIN: a separate lock
    assert LOCK_FOR == timedelta(minutes=15)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert log_in(client, WATER_OFFICER).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert log_in(client, WATER_OFFICER).status_code == 302


def test_every_post_needs_the_csrf_token(
    app: Flask, client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    no_token = client.post("/console/login", data={"phone": WATER_OFFICER, "password": PASSWORD})
    assert no_token.status_code == 400
    log_in(client, WATER_OFFICER)
    before = len(_outbox(gateway, "resolved"))
    for forged in ({}, {"csrf_token": "forged"}):
        # From the officer's own browser (its session cookie sent), a stale page: back to it,
        # nothing done. From another site no cookie comes (SameSite): a plain 400.
        response = client.post(
            f"/console/items/{people['water']}/act",
            data={"action": "resolve", "text": "Limerekebishwa", **forged},
        )
        assert response.status_code == 302
        assert response.location == f"/console/items/{people['water']}"
        elsewhere = app.test_client().post(
            f"/console/items/{people['water']}/act",
            data={"action": "resolve", "text": "Limerekebishwa", **forged},
        )
        assert elsewhere.status_code == 400
    assert _status(gateway, people["water"]) == "received"
    assert len(_outbox(gateway, "resolved")) == before
    assert client.post("/console/logout").status_code == 400


def test_language_switch_and_no_open_redirect(client: FlaskClient, people: dict[str, str]) -> None:
    log_in(client, DESK)
    assert "Foleni ya malalamiko" in client.get("/console/").text
    switched = client.get("/console/lang/en?next=/console/report")
    assert switched.location == "/console/report"
    assert "Complaints queue" in client.get("/console/").text
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        away = client.get("/console/lang/sw", query_string={"next": target})
        assert away.location == "/console/"


# --- who sees what ----------------------------------------------------------------------------


def test_an_officer_sees_only_their_department(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, WATER_OFFICER)
    queue = client.get("/console/").text
    assert people["water"] in queue
    assert people["health"] not in queue
    assert client.get(f"/console/items/{people['water']}").status_code == 200
    assert client.get(f"/console/items/{people['health']}").status_code == 404
    # Acting on another department's item through a hand-made form changes nothing.
    response = client.post(
        f"/console/items/{people['health']}/act",
        data={"action": "resolve", "text": "Sio yangu", "csrf_token": token(client)},
    )
    assert response.status_code == 404
    assert _status(gateway, people["health"]) == "received"
    # Their report is their department's only, whatever the query string asks for.
    report = client.get("/console/report.csv?period=2026-10&department=afya")
    assert report.headers["Content-Disposition"].endswith('-2026-10-maji.csv"')
    assert list(csv.reader(io.StringIO(report.text)))[1][:3] == ["2026-10", "overall", ""]


@pytest.mark.parametrize(
    ("phone", "sees_water", "sees_health"),
    [
        (WATER_OFFICER, True, False),
        (HEALTH_OFFICER, False, True),
        (WATER_HEAD, True, False),
        (DESK, True, True),
        (DED, True, True),
    ],
)
def test_roles(
    client: FlaskClient, people: dict[str, str], phone: str, sees_water: bool, sees_health: bool
) -> None:
    log_in(client, phone)
    queue = client.get("/console/?tab=all").text  # everything they may see, not only theirs
    assert (people["water"] in queue) is sees_water
    assert (people["health"] in queue) is sees_health
    assert client.get(f"/console/items/{people['water']}").status_code == (
        200 if sees_water else 404
    )
    assert client.get(f"/console/items/{people['health']}").status_code == (
        200 if sees_health else 404
    )


@pytest.mark.parametrize("phone", [DESK, DED, HEALTH_OFFICER])
def test_an_anonymous_complainants_phone_is_never_shown(
    client: FlaskClient, people: dict[str, str], phone: str
) -> None:
    log_in(client, phone)
    pages = [
        "/console/",
        "/console/?status=all",
        f"/console/items/{people['health']}",
        "/console/report",
        "/console/report?period=2026",
        "/console/report.csv",
        "/console/surveys/new",
        "/console/file",
    ]
    item_page = client.get(f"/console/items/{people['health']}").text
    assert "Zahanati haina dawa" in item_page  # the page is really there
    assert "***" in item_page  # the numbers in the description and the SMS were hidden
    for path in pages:
        body = client.get(path).text
        for form in ANONYMOUS_FORMS:
            assert form not in body, f"{form} shown on {path}"


def test_a_named_citizens_phone_is_shown_to_those_who_see_the_item(
    client: FlaskClient, people: dict[str, str]
) -> None:
    log_in(client, WATER_OFFICER)
    assert CITIZEN in client.get(f"/console/items/{people['water']}").text


# --- acting ------------------------------------------------------------------------------------


def test_resolving_goes_through_casework_and_tells_the_citizen(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, WATER_OFFICER)
    page = client.get(f"/console/items/{people['water']}").text
    for action in ("acknowledge", "reply", "ask", "resolve", "transfer", "extend"):
        assert f'id="action-{action}"' in page
    assert 'id="action-approve"' not in page  # an officer does not approve extensions
    act = f"/console/items/{people['water']}/act"
    data = {"action": "resolve", "text": "Bomba limerekebishwa", "csrf_token": token(client)}
    shown = client.post(act, data=data)  # closing cannot be undone: first, what will go
    assert TEXTS["sw"]["confirm_title"] in shown.text and "Bomba limerekebishwa" in shown.text
    assert _status(gateway, people["water"]) == "received" and not _outbox(gateway, "resolved")
    response = confirmed(client, act, data, follow_redirects=True)
    assert TEXTS["sw"]["done_resolve"] in response.text
    assert _status(gateway, people["water"]) == "resolved"
    (sms,) = _outbox(gateway, "resolved")
    assert sms.phone == CITIZEN
    assert "Bomba limerekebishwa" in sms.text
    # The item's page now lists that SMS and the event.
    page = client.get(f"/console/items/{people['water']}").text
    assert "Bomba limerekebishwa" in page
    assert TEXTS["sw"]["event_resolved"] in page


def test_a_refusal_is_shown_and_changes_nothing(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, WATER_OFFICER)
    for action, reason in (("approve", "not_allowed"), ("decide", "not_allowed")):
        response = client.post(
            f"/console/items/{people['water']}/act",
            data={"action": action, "text": "Ndiyo", "csrf_token": token(client)},
            follow_redirects=True,
        )
        assert TEXTS["sw"]["refused_" + reason] in response.text
    log_in(client, DED)
    response = client.post(
        f"/console/items/{people['water']}/act",
        data={"action": "decide", "text": "Rufaa imekubaliwa", "csrf_token": token(client)},
        follow_redirects=True,
    )
    assert TEXTS["sw"]["refused_no_appeal"] in response.text
    assert _status(gateway, people["water"]) == "received"


def test_an_action_without_its_text_is_refused_before_casework(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, WATER_OFFICER)
    response = client.post(
        f"/console/items/{people['water']}/act",
        data={"action": "reply", "text": "   ", "csrf_token": token(client)},
        follow_redirects=True,
    )
    assert TEXTS["sw"]["need_text"] in response.text
    bad_days = client.post(
        f"/console/items/{people['water']}/act",
        data={"action": "extend", "text": "Vifaa", "days": "0", "csrf_token": token(client)},
        follow_redirects=True,
    )
    assert "Siku lazima ziwe kati ya 1 na 60." in bad_days.text
    assert _outbox(gateway, "reply") == []


def test_extend_then_the_head_approves_and_the_date_moves(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    reference = people["water"]
    with gateway.sessions() as session:
        due_before = session.scalar(
            select(Complaint.answer_due_at).where(Complaint.reference == reference)
        )
    log_in(client, WATER_OFFICER)
    client.post(
        f"/console/items/{reference}/act",
        data={"action": "extend", "text": "Vifaa", "days": "3", "csrf_token": token(client)},
    )
    log_in(client, WATER_HEAD)
    page = client.get(f"/console/items/{reference}").text
    # The decision stands beside the request it decides: who asked, for how long, and why.
    request_box = page.split('id="extension-request"', 1)[1].split("</div>", 1)[0]
    assert "Limeombwa na Asha Mwakyusa" in request_box and "Vifaa" in request_box
    assert 'value="approve"' in request_box and 'value="refuse"' in request_box
    client.post(
        f"/console/items/{reference}/act",
        data={"action": "approve", "csrf_token": token(client)},
    )
    with gateway.sessions() as session:
        complaint = session.scalar(select(Complaint).where(Complaint.reference == reference))
        request = session.scalar(select(ExtensionRequest))
    assert complaint is not None and request is not None
    assert request.status == "approved"
    assert complaint.extension_days == 3
    assert due_before is not None and complaint.answer_due_at is not None
    assert complaint.answer_due_at > due_before
    assert [m.phone for m in _outbox(gateway, "extended")] == [CITIZEN]


def test_a_confirmation_sends_only_the_sms_that_was_shown(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    """The officer sees the closing SMS, then changes the words before pressing confirm: the new
    SMS is shown again and nothing goes until that one is confirmed."""
    log_in(client, WATER_OFFICER)
    act = f"/console/items/{people['water']}/act"
    first = {"action": "resolve", "text": "Bomba limerekebishwa", "csrf_token": token(client)}
    shown = CONFIRM.search(client.post(act, data=first).text)
    assert shown is not None
    changed = {**first, "text": "Bomba jipya limewekwa", "confirm": shown.group(1)}
    again = client.post(act, data=changed)
    assert again.status_code == 200 and TEXTS["sw"]["confirm_changed"] in again.text
    assert "Bomba jipya limewekwa" in again.text.split('id="preview-resolve"', 1)[1]
    assert _status(gateway, people["water"]) == "received" and not _outbox(gateway, "resolved")
    forged = client.post(act, data={**first, "confirm": "0" * 16})
    assert forged.status_code == 200 and not _outbox(gateway, "resolved")
    confirmed(client, act, {**first, "text": "Bomba jipya limewekwa"})
    (sms,) = _outbox(gateway, "resolved")
    assert "Bomba jipya limewekwa" in sms.text and "Bomba limerekebishwa" not in sms.text


def test_refusing_more_time_needs_a_reason_which_the_officer_who_asked_is_told(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    reference = people["water"]
    log_in(client, WATER_OFFICER)
    client.post(
        f"/console/items/{reference}/act",
        data={"action": "extend", "text": "Vifaa", "days": "3", "csrf_token": token(client)},
    )
    log_in(client, WATER_HEAD)
    act = f"/console/items/{reference}/act"
    bare = client.post(act, data={"action": "refuse", "csrf_token": token(client)})
    assert bare.status_code == 400 and TEXTS["sw"]["need_text"] in bare.text
    with gateway.sessions() as session:
        assert session.scalar(select(ExtensionRequest.status)) == "pending"
    client.post(
        act,
        data={"action": "refuse", "text": "Fundi yupo wiki hii", "csrf_token": token(client)},
    )
    with gateway.sessions() as session:
        assert session.scalar(select(ExtensionRequest.status)) == "refused"
    (told,) = _outbox(gateway, "officer_extension_decided")
    assert told.phone == WATER_OFFICER and "Fundi yupo wiki hii" in told.text
    assert _outbox(gateway, "extended") == []


def test_transfer_moves_the_item_out_of_the_officers_sight(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, WATER_OFFICER)
    client.post(
        f"/console/items/{people['water']}/act",
        data={"action": "transfer", "department": "ujenzi", "csrf_token": token(client)},
    )
    with gateway.sessions() as session:
        department = session.scalar(
            select(Complaint.department).where(Complaint.reference == people["water"])
        )
    assert department == "ujenzi"
    # Routed to the desk now (no ujenzi officer): the water officer no longer sees it.
    assert client.get(f"/console/items/{people['water']}").status_code == 404


# --- the queue ----------------------------------------------------------------------------------


def test_the_queue_puts_overdue_first_then_the_nearest_deadline(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    with gateway.sessions.begin() as session:
        late = make_item(
            session,
            received_at=now - timedelta(days=30),
            answer_due_at=now - timedelta(days=2),
            ward="Kitulo",
        )
        soon = make_item(
            session, received_at=now, answer_due_at=now + timedelta(hours=2), kind="maulizo"
        )
        later = make_item(session, received_at=now, answer_due_at=now + timedelta(days=40))
        done = make_item(session, received_at=now, status="closed", resolved_at=now)
    log_in(client, WATER_OFFICER)
    queue = client.get("/console/?tab=all").text  # nobody's items: the desk's, not the officer's
    positions = [queue.index(c.reference) for c in (late, soon, later)]
    assert positions == sorted(positions)
    assert done.reference not in queue
    overdue = client.get("/console/?tab=all&overdue=1").text
    assert late.reference in overdue and soon.reference not in overdue
    by_ward = client.get("/console/?tab=all&ward=Kitulo").text
    assert late.reference in by_ward and soon.reference not in by_ward
    by_kind = client.get("/console/?tab=all&kind=maulizo").text
    assert soon.reference in by_kind and late.reference not in by_kind
    assert done.reference in client.get("/console/?status=closed").text


# --- filing on behalf -----------------------------------------------------------------------


def test_the_desk_files_a_walk_in_and_gets_a_reference(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, DESK)
    form = {
        "channel": "walkin",
        "kind": "lalamiko",
        "department": "maji",
        "ward": "Iwawa",
        "description": "Hakuna maji kijijini kwa siku tatu",
        "citizen_name": "Rehema Sanga",
        "phone": "0754 321 987",
        "language": "sw",
        "csrf_token": token(client),
    }
    response = client.post("/console/file", data=form)
    assert response.status_code == 302
    reference = response.location.rsplit("/", 1)[1]
    page = client.get(response.location).text
    assert f"Namba ya kumbukumbu: {reference}" in page
    with gateway.sessions() as session:
        complaint = session.scalar(select(Complaint).where(Complaint.reference == reference))
        acks = session.scalars(
            select(OutboxMessage).where(OutboxMessage.purpose == "acknowledgement")
        ).all()
    assert complaint is not None
    assert (complaint.channel, complaint.phone, complaint.anonymous) == (
        "walkin",
        "+255754321987",
        False,
    )
    assert "+255754321987" in {m.phone for m in acks}


def test_filing_checks_the_form_and_is_for_the_desk_only(
    client: FlaskClient, people: dict[str, str]
) -> None:
    log_in(client, DESK)
    bad = client.post(
        "/console/file",
        data={
            "channel": "fax",
            "kind": "lalamiko",
            "description": "short",
            "phone": "12",
            "csrf_token": token(client),
        },
    )
    assert bad.status_code == 400
    for message in ("error_choose", "error_description", "error_phone"):
        assert TEXTS["sw"][message] in bad.text
    log_in(client, WATER_OFFICER)
    assert client.get("/console/file").status_code == 403
    assert client.get("/console/surveys/new").status_code == 403


def test_a_letter_without_a_phone_is_filed_anonymous_without_sms(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, DESK)
    response = client.post(
        "/console/file",
        data={
            "channel": "letter",
            "kind": "mapendekezo",
            "department": "",
            "ward": "",
            "description": "Barua: tunapendekeza ofisi ifunguliwe Jumamosi",
            "language": "sw",
            "csrf_token": token(client),
        },
    )
    reference = response.location.rsplit("/", 1)[1]
    with gateway.sessions() as session:
        complaint = session.scalar(select(Complaint).where(Complaint.reference == reference))
        assert complaint is not None
        sms = session.scalars(
            select(OutboxMessage).where(OutboxMessage.complaint_id == complaint.id)
        ).all()
    assert (complaint.channel, complaint.department, complaint.anonymous) == ("letter", None, True)
    assert {m.phone for m in sms} <= {DESK}  # only the desk is told; no citizen to tell
    # A letter is correspondence, whatever it asks: 7 working days to acknowledge and 21 to
    # answer, not a suggestion's 2 and 21 (nor a complaint's 14).
    assert (complaint.kind, complaint.client_group) == ("barua", "umma")
    calendar, received = gateway.calendar, complaint.received_at
    assert complaint.acknowledge_due_at == calendar.add(received, Standard(7, "working_days"))
    assert complaint.answer_due_at == calendar.add(received, Standard(21, "working_days"))


def test_the_desk_records_who_the_client_is(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, DESK)
    form = client.get("/console/file").text
    assert '<option value="wanasiasa" >Wanasiasa</option>' in form
    response = client.post(
        "/console/file",
        data={
            "channel": "walkin",
            "kind": "lalamiko",
            "client_group": "wanasiasa",
            "description": "Diwani: barabara ya kata imeharibika",
            "language": "sw",
            "csrf_token": token(client),
        },
    )
    reference = response.location.rsplit("/", 1)[1]
    with gateway.sessions() as session:
        complaint = session.scalar(select(Complaint).where(Complaint.reference == reference))
    assert complaint is not None and (complaint.kind, complaint.client_group) == (
        "lalamiko",
        "wanasiasa",
    )
    assert "<dd>Wanasiasa</dd>" in client.get(response.location).text
    bad = client.post(
        "/console/file",
        data={
            "channel": "walkin",
            "kind": "lalamiko",
            "client_group": "wageni",
            "description": "Diwani: barabara ya kata imeharibika",
            "csrf_token": token(client),
        },
    )
    assert bad.status_code == 400


# --- the survey page ------------------------------------------------------------------------------


def test_the_desk_sends_a_survey_from_the_page(
    app: Flask, client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    with gateway.sessions.begin() as session:
        make_item(
            session,
            status="closed",
            phone="+255754555111",
            received_at=now - timedelta(days=70),
            resolved_at=now - timedelta(days=45),
        )
    log_in(client, DESK)
    today = local_today(now)
    period = period_of("month", local_today(now - timedelta(days=45)))  # a month now over
    page = client.get(f"/console/surveys/new?period={period.key}").text
    assert "Simu 1 zitaulizwa." in page
    open_period = period_of("month", today).key
    assert (
        TEXTS["sw"]["survey_period_open"]
        in client.get(f"/console/surveys/new?period={open_period}").text
    )
    response = client.post(
        "/console/surveys/new",
        data={"period": period.key, "csrf_token": token(client)},
        follow_redirects=True,
    )
    assert "Utafiti umetumwa kwa simu 1." in response.text
    assert [m.phone for m in _outbox(gateway, "survey")] == ["+255754555111"]


def test_both_languages_have_every_text_with_the_same_placeholders() -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert TEXTS["sw"].keys() == TEXTS["en"].keys()
    for key, template in TEXTS["sw"].items():
        assert fields(template) == fields(TEXTS["en"][key]), key


def test_survey_sms_fits_one_gsm7_part() -> None:
    for language in ("sw", "en"):
        text = question(language, "Makete DC")
        assert is_gsm7(text) and gsm7_length(text) <= 160


@pytest.mark.parametrize(
    ("action", "text", "purpose", "status"),
    [
        ("acknowledge", "", "acknowledged", "acknowledged"),
        ("reply", "Fundi atafika kesho", "reply", "acknowledged"),
        ("ask", "Ni nyumba ipi hasa?", "question", "waiting"),
    ],
)
def test_each_action_tells_the_citizen(
    client: FlaskClient,
    gateway: Gateway,
    people: dict[str, str],
    action: str,
    text: str,
    purpose: str,
    status: str,
) -> None:
    log_in(client, WATER_OFFICER)
    client.post(
        f"/console/items/{people['water']}/act",
        data={"action": action, "text": text, "csrf_token": token(client)},
    )
    assert _status(gateway, people["water"]) == status
    (sms,) = _outbox(gateway, purpose)
    assert sms.phone == CITIZEN
    assert text in sms.text


def test_the_ded_decides_an_appeal(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    with gateway.sessions.begin() as session:
        appealed = make_item(
            session,
            status="appealed",
            phone=CITIZEN,
            received_at=now - timedelta(days=30),
            resolved_at=now - timedelta(days=5),
            appeal_opened_at=now - timedelta(days=4),
            appeal_due_at=now + timedelta(days=10),
        )
    log_in(client, WATER_OFFICER)
    page = client.get(f"/console/items/{appealed.reference}").text
    assert 'id="action-decide"' not in page  # only the DED decides appeals
    log_in(client, DED)
    page = client.get(f"/console/items/{appealed.reference}").text
    assert 'id="action-decide"' in page
    confirmed(
        client,
        f"/console/items/{appealed.reference}/act",
        {"action": "decide", "text": "Rufaa imekubaliwa", "csrf_token": token(client)},
    )
    assert _status(gateway, appealed.reference) == "appeal_decided"
    assert [m.phone for m in _outbox(gateway, "appeal_decided")] == [CITIZEN]
    # The department carries the decision out and says so; the item then closes.
    assert [m.phone for m in _outbox(gateway, "officer_decision_to_carry_out")]
    log_in(client, WATER_OFFICER)
    page = client.get(f"/console/items/{appealed.reference}").text
    assert 'id="action-carry_out"' in page and TEXTS["sw"]["carry_out_due"] in page
    confirmed(
        client,
        f"/console/items/{appealed.reference}/act",
        {"action": "carry_out", "text": "Fundi ametumwa", "csrf_token": token(client)},
    )
    assert _status(gateway, appealed.reference) == "carried_out"
    assert [m.phone for m in _outbox(gateway, "carried_out")] == [CITIZEN]
    page = client.get(f"/console/items/{appealed.reference}").text
    assert 'id="action-carry_out"' not in page


# --- error pages ------------------------------------------------------------------------------


def test_error_pages_are_in_the_consoles_style_and_language_with_a_way_back(
    app: Flask, client: FlaskClient, people: dict[str, str]
) -> None:
    app.add_url_rule("/console/boom", "boom", lambda: 1 / 0)
    log_in(client, WATER_OFFICER)
    sw = TEXTS["sw"]
    for path, code in (("/console/nothing", 404), ("/console/file", 403), ("/console/boom", 500)):
        response = client.get(path)
        assert response.status_code == code
        assert response.mimetype == "text/html"
        assert sw[f"error_title_{code}"] in response.text
        assert 'href="/console/"' in response.text and sw["error_back_queue"] in response.text
        assert "console.css" in response.text
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    forged = client.post("/console/logout", data={"csrf_token": "forged"})
    assert forged.status_code == 400 and sw["error_title_400"] in forged.text
    client.get("/console/lang/en")
    english = client.get("/console/nothing")
    assert TEXTS["en"]["error_title_404"] in english.text and 'lang="en"' in english.text


def test_webhooks_keep_their_plain_answers(make_app: Callable[..., Flask]) -> None:
    client = make_app(WEBHOOK_SECRET="s3cret").test_client()
    refused = client.post("/ussd", data={"sessionId": "x"})
    assert refused.status_code == 403
    assert refused.mimetype == "text/plain" and refused.text.startswith("forbidden")


# --- landing after an action, and what was typed ------------------------------------------------


def test_a_transfer_out_of_sight_lands_on_the_queue_with_the_confirmation(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, WATER_OFFICER)
    response = client.post(
        f"/console/items/{people['water']}/act",
        data={"action": "transfer", "department": "ujenzi", "csrf_token": token(client)},
    )
    assert response.status_code == 302 and response.location == "/console/"
    queue = client.get(response.location).text
    # Ujenzi has no officer: the confirmation says where the item went instead, and why.
    assert (
        "Limehamishwa kwenda Ujenzi, lakini idara hiyo haina afisa aliyesajiliwa: limeenda kwa "
        "dawati la malalamiko. Halipo tena kwenye foleni yako." in queue
    )
    assert people["water"] not in queue
    # The desk still sees it, so the desk lands back on the item.
    log_in(client, DESK)
    back = client.post(
        f"/console/items/{people['water']}/act",
        data={"action": "transfer", "department": "maji", "csrf_token": token(client)},
    )
    assert back.location == f"/console/items/{people['water']}"
    assert "Limehamishwa kwenda Maji." in client.get(back.location).text


def test_a_mistake_shows_the_page_again_with_what_was_typed(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, WATER_OFFICER)
    long_reply = "Fundi atafika kesho asubuhi " * 20  # over 500 characters
    response = client.post(
        f"/console/items/{people['water']}/act",
        data={"action": "reply", "text": long_reply, "csrf_token": token(client)},
    )
    assert response.status_code == 400
    assert "Maelezo ni marefu mno" in response.text
    assert long_reply.strip() in response.text  # still in the reply's box
    assert "<details open>\n<summary>Jibu</summary>" in response.text
    days = client.post(
        f"/console/items/{people['water']}/act",
        data={
            "action": "extend",
            "text": "Vifaa vya bomba",
            "days": "99",
            "csrf_token": token(client),
        },
    )
    assert days.status_code == 400
    assert ">Vifaa vya bomba</textarea>" in days.text and 'value="99"' in days.text
    assert _outbox(gateway, "reply") == []


# --- the record in words --------------------------------------------------------------------------


def test_the_record_is_in_words_local_time_and_names(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    log_in(client, WATER_OFFICER)
    confirmed(
        client,
        f"/console/items/{people['water']}/act",
        {"action": "resolve", "text": "Limerekebishwa", "csrf_token": token(client)},
    )
    with gateway.sessions.begin() as session:
        complaint = session.scalar(select(Complaint).where(Complaint.reference == people["water"]))
        assert complaint is not None
        not_satisfied(session, gateway, complaint, "Bado maji hayatoki", datetime.now(UTC))
        desk_item = file_item(
            session,
            gateway,
            NewItem(
                kind="maulizo",
                department=None,
                ward=None,
                description="Ofisi ya ardhi inafunguliwa saa ngapi?",
                citizen_name=None,
                anonymous=True,
                language="sw",
                channel="sms",
                phone=None,
            ),
            datetime.now(UTC),
        )
    page = client.get(f"/console/items/{people['water']}").text
    for raw in ("officer_id", "department:", "satisfied:", "False", "None", "+00:00"):
        assert raw not in page, raw
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d", page)  # no ISO moments, only local ones
    assert "Afisa: Asha Mwakyusa" in page  # routed to, by name
    assert "Ameridhika: Hapana" in page
    assert "Maelezo ya utatuzi: Limerekebishwa" in page
    assert "Mwisho: " in page  # the appeal's date, local
    assert TEXTS["sw"]["times_local"] in page
    log_in(client, DESK)
    desk_page = client.get(f"/console/items/{desk_item.reference}").text
    assert "Idara: Dawati (bila idara)" in desk_page and "Kata: Bila kata" in desk_page


# --- the queue: whole days, search, sorting -----------------------------------------------------


def test_the_queue_shows_whole_working_days(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    now = eat(2026, 11, 16, 9)  # a Monday
    with gateway.sessions.begin() as session:
        make_item(session, received_at=now, answer_due_at=eat(2026, 11, 19, 15, 30))
        make_item(session, received_at=now, answer_due_at=eat(2026, 11, 13, 15, 30))
    with time_machine.travel(now, tick=False):
        log_in(client, WATER_OFFICER)
        queue = client.get("/console/?tab=all").text
    assert "siku 4 za kazi zimebaki" in queue  # 3.8 working days (Monday to Thursday): 4
    assert "imechelewa tangu Ijumaa 13/11" in queue  # 0.2 of a working day late: never "0 days"
    assert ".0 " not in queue and ".8" not in queue and ".2" not in queue


def test_the_queue_is_searched_by_reference_and_by_phone_but_never_an_anonymous_phone(
    client: FlaskClient, people: dict[str, str]
) -> None:
    log_in(client, DESK)
    water, health = (f'href="/console/items/{people[k]}"' for k in ("water", "health"))
    ref = people["water"]
    for typed in (ref, f"{ref[:4]} {ref[4:]}", f"{ref[:4]}-{ref[4:]}", ref[:5]):
        found = client.get("/console/", query_string={"q": typed}).text
        assert water in found and health not in found, typed
    for typed in ("0754 123 456", "+255754123456", "255754123456"):
        found = client.get("/console/", query_string={"q": typed}).text
        assert water in found and health not in found, typed
    anonymous = client.get("/console/", query_string={"q": "0754999888"}).text
    assert health not in anonymous
    assert TEXTS["sw"]["queue_empty"] in anonymous
    # An officer's search stays inside what the officer may see.
    log_in(client, WATER_OFFICER)
    assert health not in client.get("/console/", query_string={"q": people["health"]}).text


def test_the_queue_sorts_by_due_date_either_way(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    with gateway.sessions.begin() as session:
        items = [
            make_item(session, received_at=now, answer_due_at=now + timedelta(days=days))
            for days in (5, -3, 20)
        ]
    log_in(client, WATER_OFFICER)

    def order(sort: str) -> list[str]:
        page = client.get("/console/", query_string={"sort": sort, "tab": "all"}).text
        return sorted((c.reference for c in items), key=page.index)

    soon, late, later = (c.reference for c in items)
    assert order("due") == [late, soon, later]
    assert order("-due") == [later, soon, late]
    assert 'aria-sort="descending"' in client.get("/console/?sort=-due").text


def test_a_period_not_begun_or_running_says_so(client: FlaskClient, people: dict[str, str]) -> None:
    log_in(client, DESK)
    assert TEXTS["sw"]["period_not_begun"] in client.get("/console/report?period=2999").text
    this_month = period_of("month", local_today(datetime.now(UTC))).key
    assert TEXTS["sw"]["period_running"] in client.get(f"/console/report?period={this_month}").text
    assert "period-timing" not in client.get("/console/report?period=2020-01").text


def test_a_right_to_left_override_in_a_citizens_words_never_reaches_the_console(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    """U+202E would show the officer "Maji hayatoki" as "ikotayah ijaM" and hide what follows."""
    sms(
        client, "LALAMIKO Maji \u202ehayatoki\u202c kijijini\u2066 Ivalalila\u2069 \u200ftangu jana"
    )
    [(description,)] = sql(
        gateway.engine, "SELECT description FROM complaints WHERE channel = 'sms'"
    )
    assert description == "Maji hayatoki kijijini Ivalalila tangu jana"
    log_in(client, DESK)
    [(reference,)] = sql(gateway.engine, "SELECT reference FROM complaints WHERE channel = 'sms'")
    page = client.get(f"/console/items/{reference}").text
    assert "Maji hayatoki kijijini Ivalalila tangu jana" in page
    assert not any(mark in page for mark in "\u202e\u202c\u2066\u2069\u200f")


# --- guessing at passwords (issue 26, case 6) ------------------------------------------------


def test_an_unknown_phone_is_answered_exactly_as_an_officers(
    client: FlaskClient, people: dict[str, str]
) -> None:
    officer = [log_in(client, WATER_OFFICER, "guess").status_code for _ in range(6)]
    stranger = [log_in(client, "0754000000", "guess").status_code for _ in range(6)]
    assert officer == stranger == [401, 401, 401, 401, 429, 429]


def test_a_stranger_elsewhere_cannot_lock_an_officer_out(
    client: FlaskClient, people: dict[str, str]
) -> None:
    far = "198.51.100.7"
    answers = [log_in(client, WATER_OFFICER, "guess", far).status_code for _ in range(6)]
    assert answers[-2:] == [429, 429]
    assert log_in(client, WATER_OFFICER, PASSWORD, far).status_code == 429  # that address waits
    assert log_in(client, WATER_OFFICER, PASSWORD, "10.0.0.8").status_code == 302  # not him


def test_one_address_trying_many_phones_is_slowed(
    client: FlaskClient, people: dict[str, str]
) -> None:
    spray = "203.0.113.9"
    answers = [
        log_in(client, f"07540000{n:02d}", "guess", spray).status_code
        for n in range(5)
        for _ in range(4)  # four each: never five on one phone
    ]
    assert answers[:19] == [401] * 19 and answers[19] == 429  # the address's twentieth failure
    assert log_in(client, WATER_OFFICER, PASSWORD, spray).status_code == 429
    assert log_in(client, WATER_OFFICER, PASSWORD, "10.0.0.8").status_code == 302


def test_guesses_from_many_addresses_at_one_phone_lock_it_after_fifty(
    client: FlaskClient, people: dict[str, str]
) -> None:
    answers = [
        log_in(client, WATER_OFFICER, "guess", f"192.0.2.{n}").status_code
        for n in range(25)
        for _ in range(2)
    ]
    assert answers[:49] == [401] * 49 and answers[49] == 429
    assert log_in(client, WATER_OFFICER, PASSWORD, "10.0.0.8").status_code == 429


def test_a_passed_deadline_reads_late_since_its_day_on_the_items_page(
    client: FlaskClient, gateway: Gateway, people: dict[str, str]
) -> None:
    """Due at Friday's close, seen on Saturday morning: no working time has passed since, yet
    the item is late, and its page says so in red (never "0 working days left")."""
    with gateway.sessions.begin() as session:
        reference = make_item(
            session,
            received_at=eat(2026, 11, 27, 9),
            acknowledge_due_at=eat(2026, 11, 30, 15, 30),
            acknowledged_at=eat(2026, 11, 27, 10),
            answer_due_at=eat(2026, 12, 4, 15, 30),
            status="acknowledged",
        ).reference
    with time_machine.travel(eat(2026, 12, 5, 9), tick=False):
        log_in(client, WATER_OFFICER)
        page = client.get(f"/console/items/{reference}").text
    row = page.split(f"<td>{TEXTS['sw']['answer_due']}</td>", 1)
    assert len(row) == 2, "no answer deadline on the page"
    assert row[0].rstrip().endswith('<tr class="late">')  # the row is red
    state = row[1].split("</tr>", 1)[0]
    assert '<span class="late">imechelewa tangu Ijumaa 04/12</span>' in state
    assert "zimebaki" not in state
