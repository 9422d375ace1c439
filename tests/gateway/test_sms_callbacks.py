"""POST /sms/incoming, /sms/delivery and /ussd/events as Africa's Talking sends them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from charter.reference import make_reference
from gateway.messaging.dispatcher import dispatch_due
from gateway.messaging.providers.fake import FakeProvider
from gateway.people.quotas import REPLIES_PER_DAY
from gateway.runtime import Gateway
from store.models import Survey, SurveyRecipient
from tests.conftest import PHONE, sql
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on

OTHER_PHONE = "+255713000111"
_ids = iter(range(1, 10_000))


def sms(
    client: FlaskClient,
    text: str,
    phone: str = PHONE,
    message_id: str | None = None,
    date: str = "2026-12-02 07:00:00",
) -> str:
    """Post one incoming SMS; return the callback's answer text."""
    response = client.post(
        "/sms/incoming",
        data={
            "from": phone,
            "to": "15025",
            "text": text,
            "date": date,
            "id": message_id or f"ATSMSid_{next(_ids)}",
            "linkId": "",
            "networkCode": "64004",
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def replies(gateway: Gateway, phone: str = PHONE) -> list[str]:
    """Every SMS queued for a phone, oldest first."""
    rows = sql(gateway.engine, f"SELECT text FROM outbox WHERE phone = '{phone}' ORDER BY id")
    return [str(text) for (text,) in rows]


@time_machine.travel(WEDNESDAY, tick=False)
@pytest.mark.parametrize("keyword, language_word", [("HALI", "Idara"), ("status", "Dep")])
def test_status_by_sms_answers_the_phone_that_filed_it(
    client: FlaskClient, gateway: Gateway, keyword: str, language_word: str
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_status")))
    spaced = f"{reference[:4]} {reference[4:]}"
    sms(client, f"  {keyword}   {spaced} ")
    answer = replies(gateway)[-1]
    assert reference in answer and "Maji" in answer and "10/12/2026" in answer
    assert len(answer) <= 160


@time_machine.travel(WEDNESDAY, tick=False)
def test_status_never_shows_someone_elses_complaint(client: FlaskClient, gateway: Gateway) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_mine")))
    sms(client, f"HALI {reference}", phone=OTHER_PHONE)
    [answer] = replies(gateway, OTHER_PHONE)
    assert "Maji" not in answer and "10/12/2026" not in answer
    assert reference in answer  # "we have no item <ref> from this phone"


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_wrong_check_digit_is_refused_before_any_lookup(
    client: FlaskClient, gateway: Gateway
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_typo")))
    typo = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    sms(client, f"HALI {typo}")
    answer = replies(gateway)[-1]
    assert reference not in answer and "Maji" not in answer
    assert "si sahihi" in answer


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_complaint_by_sms_is_filed_for_the_desk_and_acknowledged(
    client: FlaskClient, gateway: Gateway
) -> None:
    sms(client, "lalamiko  Barabara ya Iwawa hadi Bulongwa haipitiki tangu mvua")
    [(reference, kind, department, channel, description)] = sql(
        gateway.engine, "SELECT reference, kind, department, channel, description FROM complaints"
    )
    assert (kind, department, channel) == ("lalamiko", None, "sms")
    assert description == "Barabara ya Iwawa hadi Bulongwa haipitiki tangu mvua"
    [ack] = replies(gateway)
    assert str(reference) in ack and len(ack) <= 160


def test_an_appeal_by_sms_opens_once_the_deadline_has_passed(
    client: FlaskClient, gateway: Gateway
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_appeal")))
        sms(client, f"RUFAA {reference} sijaridhika, maji bado hayatoki")
    # Still within the charter's time: the answer is the item's status and date, no appeal.
    assert "appeal_opened" not in [
        kind for (kind,) in sql(gateway.engine, "SELECT kind FROM complaint_events")
    ]
    assert "10/12/2026" in replies(gateway)[-1]
    with time_machine.travel(datetime(2026, 12, 11, 7, 0, tzinfo=UTC), tick=False):
        sms(client, f"RUFAA {reference} sijaridhika, maji bado hayatoki")
    [(detail,)] = sql(
        gateway.engine, "SELECT detail FROM complaint_events WHERE kind='appeal_opened'"
    )
    assert "maji bado hayatoki" in str(detail)
    assert sql(gateway.engine, "SELECT status FROM complaints") == [("appealed",)]
    assert reference in replies(gateway)[-1]


@time_machine.travel(WEDNESDAY, tick=False)
def test_feedback_by_sms_is_recorded_and_acknowledged(
    client: FlaskClient, gateway: Gateway
) -> None:
    sms(client, "FEEDBACK the new water point in Iwawa is excellent")
    assert sql(
        gateway.engine, "SELECT kind, channel, language FROM complaints WHERE channel='sms'"
    ) == [("mapendekezo", "sms", "en")]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_retried_callback_changes_nothing_and_sends_nothing(
    client: FlaskClient, gateway: Gateway
) -> None:
    sms(client, "LALAMIKO Hakuna dawa zahanati ya Ikuwo wiki mbili", message_id="ATSMSid_same")
    sms(client, "LALAMIKO Hakuna dawa zahanati ya Ikuwo wiki mbili", message_id="ATSMSid_same")
    assert sql(gateway.engine, "SELECT count(*) FROM complaints") == [(1,)]
    assert sql(gateway.engine, "SELECT count(*) FROM outbox") == [(1,)]
    assert sql(gateway.engine, "SELECT count(*) FROM inbound_sms") == [(1,)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_anything_else_gets_one_help_sms_a_day(client: FlaskClient, gateway: Gateway) -> None:
    sms(client, "habari")
    sms(client, "hello?")
    [help_text] = replies(gateway)
    assert "HALI" in help_text and "LALAMIKO" in help_text and len(help_text) <= 160
    assert "HAKI" in help_text and help_text.endswith("Simu 026 2740016")
    with time_machine.travel(WEDNESDAY + timedelta(days=1, minutes=1), tick=False):
        sms(client, "habari tena")
    assert len(replies(gateway)) == 2


@time_machine.travel(WEDNESDAY, tick=False)
@pytest.mark.parametrize(
    "keyword, opening", [("HAKI", "Makete DC: Haki: "), ("rights", "Makete DC: Your rights: ")]
)
def test_haki_tells_the_rights_duties_and_the_councils_phone(
    client: FlaskClient, gateway: Gateway, keyword: str, opening: str
) -> None:
    sms(client, keyword)
    [rights] = replies(gateway)
    assert rights.startswith(opening) and rights.endswith("026 2740016") and len(rights) <= 160
    assert sql(gateway.engine, "SELECT command, replied FROM inbound_sms") == [("rights", True)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_one_phone_cannot_burn_the_sms_budget(client: FlaskClient, gateway: Gateway) -> None:
    bad = make_reference(7654321)
    for _ in range(3 * REPLIES_PER_DAY):
        sms(client, f"HALI {bad}")
    # Today's replies, one "limit reached", tomorrow's replies held for the morning; no more.
    assert len(replies(gateway)) == 2 * REPLIES_PER_DAY + 1
    assert sql(gateway.engine, "SELECT count(*) FROM inbound_sms") == [(3 * REPLIES_PER_DAY,)]


@pytest.mark.parametrize(
    "form, reason",
    [
        ({"to": "15025", "text": "hi", "id": "x1"}, "from"),
        ({"from": PHONE, "to": "15025", "text": "hi"}, "id"),
        ({"from": "hello", "to": "15025", "text": "hi", "id": "x2"}, "from"),
        ({"from": PHONE, "to": "15025", "text": "hi", "id": "x3", "date": "yesterday"}, "date"),
    ],
)
def test_a_malformed_incoming_sms_gets_a_400(
    client: FlaskClient, gateway: Gateway, form: dict[str, str], reason: str
) -> None:
    response = client.post("/sms/incoming", data=form)
    assert response.status_code == 400 and reason in response.get_data(as_text=True)
    assert sql(gateway.engine, "SELECT count(*) FROM inbound_sms") == [(0,)]


def test_both_date_formats_are_read(client: FlaskClient, gateway: Gateway) -> None:
    sms(client, "habari", date="2017-05-03T06:04:45Z")
    sms(client, "habari", phone=OTHER_PHONE, date="2017-05-03 06:04:45")
    rows = sql(gateway.engine, "SELECT sent_at FROM inbound_sms")
    assert len({str(row[0])[:19] for row in rows}) == 1


def _sent_message(client: FlaskClient, gateway: Gateway, fake_sms: FakeProvider) -> str:
    file_water_complaint(Dial(client, "ATUid_dlr"))
    dispatch_due(gateway.sessions, fake_sms, datetime.now(UTC))
    [(message_id,)] = sql(gateway.engine, "SELECT provider_message_id FROM outbox")
    return str(message_id)


def report(client: FlaskClient, message_id: str, status: str, reason: str = "") -> int:
    """Post one delivery report; return the HTTP status."""
    data = {
        "id": message_id,
        "status": status,
        "phoneNumber": PHONE,
        "networkCode": "64004",
        "retryCount": "0",
    }
    if reason:
        data["failureReason"] = reason
    return client.post("/sms/delivery", data=data).status_code


@time_machine.travel(WEDNESDAY, tick=False)
def test_delivery_reports_move_a_message_forward_only(
    client: FlaskClient, gateway: Gateway, fake_sms: FakeProvider
) -> None:
    message_id = _sent_message(client, gateway, fake_sms)
    assert report(client, message_id, "Buffered") == 200
    assert sql(gateway.engine, "SELECT status FROM outbox") == [("sent",)]
    assert report(client, message_id, "Success") == 200
    assert report(client, message_id, "Success") == 200  # a repeat
    assert report(client, message_id, "Buffered") == 200  # late, out of order
    assert report(client, message_id, "Failed", "DeliveryFailure") == 200  # final stays final
    [(status, delivered_at)] = sql(gateway.engine, "SELECT status, delivered_at FROM outbox")
    assert status == "delivered" and delivered_at is not None
    # Buffered, Success and Failed are kept; the repeats of Success and Buffered are not.
    assert sql(gateway.engine, "SELECT count(*) FROM delivery_reports") == [(3,)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_failed_delivery_keeps_the_reason_as_given(
    client: FlaskClient, gateway: Gateway, fake_sms: FakeProvider
) -> None:
    message_id = _sent_message(client, gateway, fake_sms)
    assert report(client, message_id, "Rejected", "UserIsInactive") == 200
    assert sql(gateway.engine, "SELECT status, failure_reason FROM outbox") == [
        ("failed", "UserIsInactive")
    ]


def test_an_unknown_id_or_status_is_answered_without_a_5xx(
    client: FlaskClient, gateway: Gateway
) -> None:
    assert report(client, "ATXid_nobody", "Success") == 200
    assert report(client, "ATXid_nobody", "Exploded") == 200
    assert client.post("/sms/delivery", data={"status": "Success"}).status_code == 400


def test_ussd_end_of_session_notifications_are_stored_once(
    client: FlaskClient, gateway: Gateway
) -> None:
    form = {
        "date": "2026-12-02 07:03:10",
        "sessionId": "ATUid_end",
        "serviceCode": "*152*25#",
        "networkCode": "64004",
        "phoneNumber": PHONE,
        "status": "Incomplete",
        "cost": "TZS 0",
        "durationInMillis": "48211",
        "hopsCount": "4",
        "hopsMetadata": "",
        "input": "Bomba limevunjika",
        "lastAppResponse": "CON Ungependa kutaja jina lako?",
        "errorMessage": "",
    }
    assert client.post("/ussd/events", data=form).status_code == 200
    assert client.post("/ussd/events", data=form).status_code == 200
    assert sql(
        gateway.engine, "SELECT status, duration_ms, hops, last_input FROM ussd_session_ends"
    ) == [("Incomplete", 48211, 4, "Bomba limevunjika")]
    assert client.post("/ussd/events", data={**form, "status": "Weird"}).status_code == 400


@pytest.mark.parametrize("path", ["/ussd", "/ussd/events", "/sms/incoming", "/sms/delivery"])
def test_every_callback_needs_the_webhook_secret_when_set(
    make_app: Callable[..., Flask], fake_sms: FakeProvider, path: str
) -> None:
    app = make_app(WEBHOOK_SECRET="s3cret", SMS_PROVIDER=fake_sms)
    client = app.test_client()
    form = {
        "sessionId": "ATUid_k",
        "serviceCode": "*152*25#",
        "phoneNumber": PHONE,
        "text": "",
        "from": PHONE,
        "to": "15025",
        "id": "ATSMSid_k",
        "status": "Success",
        "date": "2026-12-02 07:00:00",
    }
    assert client.post(path, data=form).status_code == 403
    assert client.post(f"{path}?key=wrong", data=form).status_code == 403
    gateway: Gateway = app.extensions["gateway"]
    assert sql(gateway.engine, "SELECT count(*) FROM ussd_sessions") == [(0,)]
    assert sql(gateway.engine, "SELECT count(*) FROM inbound_sms") == [(0,)]
    assert client.post(f"{path}?key=s3cret", data=form).status_code == 200


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_1_answers_the_latest_question_asked_survey_or_satisfaction(
    client: FlaskClient, gateway: Gateway
) -> None:
    with gateway.sessions.begin() as session:
        survey = Survey(
            question_sw="Viwango vyetu vinakidhi mahitaji yako? 1 ndiyo 2 hapana",
            question_en="Do our standards meet your needs? 1 yes 2 no",
            closed_from=WEDNESDAY.date(),
            closed_to=WEDNESDAY.date(),
            created_at=WEDNESDAY,
        )
        session.add(survey)
        session.flush()
        session.add(SurveyRecipient(survey_id=survey.id, phone=PHONE, asked_at=WEDNESDAY))
    sms(client, "1")
    assert sql(gateway.engine, "SELECT answer FROM survey_recipients") == [("1",)]
    assert "Asante" in replies(gateway)[-1]
    sms(client, "2")  # nothing is waiting for an answer any more: help
    assert "HALI" in replies(gateway)[-1]
