"""The charter's clock end to end: officers act by SMS through /sms/incoming, alarms fire as
time passes (passed in, never slept), appeals climb to the DED, late holidays move deadlines."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import time_machine
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.security import check_password_hash

from gateway.casework.alarms import run_alarms
from gateway.runtime import Gateway
from tests.conftest import PHONE, sql
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on
from words import notices

WATER_OFFICER = "+255713000001"
WATER_HEAD = "+255713000002"
DESK = "+255713000003"
DED = "+255713000004"
HEALTH_OFFICER = "+255713000005"
PIN = "1234"


@pytest.fixture()
def officers(runner: FlaskCliRunner) -> None:
    """The council's officers, registered as an administrator would."""
    for args in (
        [
            "--name",
            "Asha Mwakyusa",
            "--phone",
            "0713 000 001",
            "--role",
            "officer",
            "--department",
            "maji",
        ],
        ["--name", "Juma Sanga", "--phone", "0713000002", "--role", "head", "--department", "maji"],
        ["--name", "Dawati", "--phone", "0713000003", "--role", "desk"],
        ["--name", "Mkurugenzi", "--phone", "0713000004", "--role", "ded"],
        [
            "--name",
            "Daudi Afya",
            "--phone",
            "0713000005",
            "--role",
            "officer",
            "--department",
            "afya",
        ],
    ):
        result = runner.invoke(args=["officers", "add", *args, "--pin", PIN])
        assert result.exit_code == 0, result.output


def to(gateway: Gateway, phone: str) -> list[tuple[str, str]]:
    """(purpose, text) of every SMS queued for a phone, oldest first."""
    rows = sql(
        gateway.engine, f"SELECT purpose, text FROM outbox WHERE phone='{phone}' ORDER BY id"
    )
    return [(str(purpose), str(text)) for purpose, text in rows]


def events(gateway: Gateway) -> list[str]:
    """The record's event kinds, in order."""
    return [
        str(kind)
        for (kind,) in sql(gateway.engine, "SELECT kind FROM complaint_events ORDER BY id")
    ]


def status(gateway: Gateway) -> str:
    """The status of the (only) item."""
    [(value,)] = sql(gateway.engine, "SELECT status FROM complaints")
    return str(value)


@time_machine.travel(WEDNESDAY, tick=False)
def test_an_officer_works_a_complaint_by_sms_and_the_citizen_is_told_each_step(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_life")))
    [(purpose, notice)] = to(gateway, WATER_OFFICER)
    assert purpose == "officer_new_item" and reference in notice and "Iwawa" in notice
    assert PHONE not in notice and PHONE[4:] not in notice  # anonymous: never the number

    sms(client, f"pokea {reference} {PIN}", phone=WATER_OFFICER)
    sms(
        client,
        f"JIBU {reference[:4]}-{reference[4:]} {PIN} Fundi atafika kesho",
        phone=WATER_OFFICER,
    )
    sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    citizen = [purpose for purpose, _ in to(gateway, PHONE)]
    assert citizen == ["acknowledgement", "acknowledged", "reply", "resolved"]
    assert "Fundi atafika kesho" in to(gateway, PHONE)[2][1]
    assert "1" in to(gateway, PHONE)[3][1] and "2" in to(gateway, PHONE)[3][1]
    confirmations = [purpose for purpose, _ in to(gateway, WATER_OFFICER)[1:]]
    assert confirmations == ["officer_acknowledge", "officer_reply", "officer_resolve"]

    sms(client, " 1 ")
    assert status(gateway) == "closed"
    assert events(gateway) == [
        "received",
        "routed",
        "acknowledged",
        "replied",
        "resolved",
        "satisfaction",
    ]


@time_machine.travel(WEDNESDAY, tick=False)
def test_refusals_change_nothing(client: FlaskClient, gateway: Gateway, officers: None) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_refuse")))
    sms(client, f"POKEA {reference} 9999", phone=WATER_OFFICER)  # wrong PIN
    sms(client, f"POKEA {reference} {PIN}", phone=HEALTH_OFFICER)  # another department
    sms(client, f"POKEA {reference} {PIN}", phone="+255713999999")  # not an officer
    sms(client, f"KUBALI {reference} {PIN}", phone=WATER_OFFICER)  # an officer is not a head
    assert status(gateway) == "received"
    assert events(gateway) == ["received", "routed"]
    assert [text for _, text in to(gateway, WATER_OFFICER)[1:]] == [
        notices.officer_refusal("sw", "wrong_pin", reference),
        notices.officer_refusal("sw", "not_allowed", reference),
    ]
    assert [text for _, text in to(gateway, HEALTH_OFFICER)] == [
        notices.officer_refusal("sw", "not_allowed", reference)
    ]
    assert [text for _, text in to(gateway, "+255713999999")] == [
        notices.officer_refusal("sw", "unknown_phone")
    ]


@time_machine.travel(WEDNESDAY, tick=False)
def test_repeated_wrong_pins_lock_the_phone(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_lock")))
    for _ in range(5):
        sms(client, f"POKEA {reference} 0000", phone=WATER_OFFICER)
    sms(client, f"POKEA {reference} {PIN}", phone=WATER_OFFICER)  # right PIN, but locked
    assert status(gateway) == "received"
    with time_machine.travel(datetime(2026, 12, 2, 8, 0, tzinfo=UTC), tick=False):
        sms(client, f"POKEA {reference} {PIN}", phone=WATER_OFFICER)
    assert status(gateway) == "acknowledged"


def test_reminders_then_escalation_to_the_head_then_the_ded(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):  # Wed 2 Dec 10:00; Maji: 5 working days
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_breach")))

    def at(day: int, hour_utc: int) -> list[str]:
        run_alarms(gateway, datetime(2026, 12, day, hour_utc, 0, tzinfo=UTC))
        return [
            p for p, _ in to(gateway, WATER_OFFICER) + to(gateway, WATER_HEAD) + to(gateway, DED)
        ]

    # Friday 15:00: under half the answer's working time; the acknowledgement is due today.
    assert at(4, 12) == ["officer_new_item", "officer_ack_remind"]
    # Monday afternoon: the acknowledgement passed on Friday (the head told), half the time gone.
    told = ["officer_new_item", "officer_ack_remind", "officer_remind_half", "officer_ack_late"]
    assert at(7, 12) == told
    last_day = [*told[:3], "officer_remind_last_day", told[3]]
    assert at(8, 13) == last_day
    assert at(8, 13) == last_day
    breached = at(10, 13)  # Thursday 10 Dec 16:00: past 15:30, the head is told
    assert breached[-1] == "officer_escalation"
    assert [p for p, _ in to(gateway, WATER_HEAD)] == ["officer_ack_late", "officer_escalation"]
    assert at(11, 13) == breached  # nothing new on Friday
    assert [p for p, _ in to(gateway, DED)] == []
    at(14, 13)  # two more working days with no answer: the DED takes it as an appeal
    assert [p for p, _ in to(gateway, DED)] == ["officer_appeal_opened"]
    assert status(gateway) == "appealed"
    # The citizen never appealed: they are told the council missed its date, and the DED's.
    purpose, told = to(gateway, PHONE)[-1]
    assert purpose == "escalated_to_ded" and "imepokelewa" not in told
    assert f"hatukujibu {reference} ifikapo 10/12/2026" in told and "ifikapo 05/01/2027" in told
    at(20, 13)
    assert len(to(gateway, DED)) == 1  # each alarm once
    assert reference in to(gateway, DED)[0][1]


def test_a_scheduler_that_was_down_catches_up_without_stale_reminders(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        file_water_complaint(Dial(client, "ATUid_catchup"))
    run_alarms(gateway, datetime(2026, 12, 10, 13, 0, tzinfo=UTC))  # first run after the breach
    assert [p for p, _ in to(gateway, WATER_OFFICER)] == ["officer_new_item"]
    assert [p for p, _ in to(gateway, WATER_HEAD)] == ["officer_escalation"]


@time_machine.travel(WEDNESDAY, tick=False)
def test_an_extension_asked_by_the_officer_and_approved_by_the_head_moves_the_date(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_extend")))
    sms(
        client,
        f"ONGEZA {reference} {PIN} 5 Tunasubiri bomba jipya kutoka Njombe",
        phone=WATER_OFFICER,
    )
    [(purpose, request)] = to(gateway, WATER_HEAD)
    assert purpose == "officer_extension_request" and "KUBALI" in request
    sms(client, f"KUBALI {reference} {PIN}", phone=WATER_HEAD)
    [(due,)] = sql(gateway.engine, "SELECT answer_due_at FROM complaints")
    assert str(due).startswith("2026-12-17")  # Thu 10 Dec + 5 working days
    assert to(gateway, PHONE)[-1][0] == "extended" and "17/12/2026" in to(gateway, PHONE)[-1][1]
    sms(client, f"KUBALI {reference} {PIN}", phone=WATER_HEAD)  # nothing pending any more
    assert events(gateway).count("extension_approved") == 1


def test_the_clock_pauses_while_the_council_waits_on_the_citizen(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_pause")))
        sms(client, f"ULIZA {reference} {PIN} Bomba lipo kijiji gani hasa?", phone=WATER_OFFICER)
    assert status(gateway) == "waiting"
    assert "JIBU" in to(gateway, PHONE)[-1][1]
    run_alarms(gateway, datetime(2026, 12, 11, 13, 0, tzinfo=UTC))
    assert [p for p, _ in to(gateway, WATER_HEAD)] == []  # paused: no breach
    # The citizen answers on Friday 4 Dec at 10:00: two working days after the question.
    with time_machine.travel(datetime(2026, 12, 4, 7, 0, tzinfo=UTC), tick=False):
        sms(client, f"JIBU {reference} Kijiji cha Ivalalila karibu na shule")
    assert status(gateway) == "received"
    assert to(gateway, WATER_OFFICER)[-1][0] == "officer_citizen_answered"
    [(due,)] = sql(gateway.engine, "SELECT answer_due_at FROM complaints")
    assert str(due).startswith("2026-12-14")  # Thu 10 Dec moved on by 2 working days


@time_machine.travel(WEDNESDAY, tick=False)
def test_an_unsatisfied_citizen_appeals_and_the_ded_decides(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_unhappy")))
    sms(client, f"FUNGA {reference} {PIN} Tumekagua, hakuna tatizo", phone=WATER_OFFICER)
    sms(client, "2")
    assert status(gateway) == "resolved"  # asked why first: the DED must read the reason
    sms(client, "Maji bado hayatoki kijijini")
    assert status(gateway) == "appealed"
    assert [p for p, _ in to(gateway, DED)] == ["officer_appeal_opened"]
    sms(client, f"AMUA {reference} {PIN} Fundi atatumwa tena wiki hii", phone=WATER_OFFICER)
    assert status(gateway) == "appealed"  # only the DED decides
    sms(client, f"AMUA {reference} {PIN} Fundi atatumwa tena wiki hii", phone=DED)
    assert status(gateway) == "appeal_decided"
    purposes = [p for p, _ in to(gateway, PHONE)]
    assert purposes[-2:] == ["appeal_decided", "external_route"]
    assert "Fundi atatumwa tena" in to(gateway, PHONE)[-2][1]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_transfer_goes_to_the_new_departments_officer(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_move")))
    sms(client, f"HAMISHA {reference} {PIN} afya", phone=WATER_OFFICER)
    assert sql(gateway.engine, "SELECT department FROM complaints") == [("afya",)]
    assert [p for p, _ in to(gateway, HEALTH_OFFICER)] == ["officer_new_item"]
    assert to(gateway, PHONE)[-1][0] == "transferred"
    sms(client, f"HAMISHA {reference} {PIN} nowhere", phone=HEALTH_OFFICER)
    assert sql(gateway.engine, "SELECT department FROM complaints") == [("afya",)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_late_holiday_moves_open_deadlines_and_tells_the_citizen(
    client: FlaskClient, gateway: Gateway, runner: FlaskCliRunner, officers: None
) -> None:
    file_water_complaint(Dial(client, "ATUid_eid"))
    result = runner.invoke(args=["holidays", "add", "2026-12-07", "Sikukuu ya kitaifa"])
    assert result.exit_code == 0 and "1 open deadline" in result.output, result.output
    [(due,)] = sql(gateway.engine, "SELECT answer_due_at FROM complaints")
    assert str(due).startswith("2026-12-11")
    assert to(gateway, PHONE)[-1][0] == "date_moved" and "11/12/2026" in to(gateway, PHONE)[-1][1]
    again = runner.invoke(args=["holidays", "add", "2026-12-07", "Tena"])
    assert again.exit_code != 0 and "already" in again.output


def test_two_schedulers_fire_each_alarm_once(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        for number in range(8):
            file_water_complaint(Dial(client, f"ATUid_two_{number}"))
    later = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    barrier = threading.Barrier(2)

    def scheduler() -> None:
        barrier.wait()
        run_alarms(gateway, later, batch=3)

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    reminders = [p for p, _ in to(gateway, WATER_OFFICER) if p == "officer_remind_half"]
    assert len(reminders) == 8


def test_officers_cli_checks_what_it_is_given(runner: FlaskCliRunner, officers: None) -> None:
    listed = runner.invoke(args=["officers", "list"]).output
    assert "+255713000001" in listed and "maji" in listed
    bad = runner.invoke(
        args=[
            "officers",
            "add",
            "--name",
            "X",
            "--phone",
            "0713000009",
            "--role",
            "officer",
            "--department",
            "bahari",
            "--pin",
            "1234",
        ]
    )
    assert bad.exit_code != 0 and "bahari" in bad.output
    assert runner.invoke(args=["officers", "disable", "0713000001"]).exit_code == 0
    assert "(disabled)" in runner.invoke(args=["officers", "list"]).output
    engine = runner.app.extensions["gateway"].engine
    [(pin_hash,)] = sql(engine, "SELECT pin_hash FROM officers WHERE phone='+255713000001'")
    # Stored as a salted hash, never the PIN (a random hash may hold "1234" by chance: check
    # its form, and that it verifies the PIN, rather than the absence of four digits).
    assert str(pin_hash).startswith(("scrypt:", "pbkdf2:")) and str(pin_hash) != PIN
    assert check_password_hash(str(pin_hash), PIN)


def test_ussd_track_shows_only_this_phones_items_and_appeal_opens_one(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_track_file")))
        someone_else = reference_on(
            file_water_complaint(Dial(client, "ATUid_other", phone="+255713555555"))
        )
        track = Dial(client, "ATUid_track")
        track.start()
        listed = track.answer("3")
        assert reference in listed and someone_else not in listed
        shown = track.answer("1")
        assert shown.startswith("END ") and reference in shown and "Maji" in shown
        assert "10/12/2026" in shown

        typed = Dial(client, "ATUid_track_typed")
        typed.start()
        typed.answer("3")
        typed.answer("4")
        assert "Namba si sahihi" in typed.answer(
            someone_else[:-1] + str((int(someone_else[-1]) + 1) % 10)
        )
        assert someone_else in typed.answer(someone_else) and "Maji" not in typed.screen

        sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
        appeal = Dial(client, "ATUid_appeal_ussd")
        appeal.start()
        assert reference in appeal.answer("4")
        appeal.answer("1")
        appeal.answer("Maji bado hayatoki kijijini kwetu")
        end = appeal.answer("1")
    assert end.startswith("END ") and reference in end
    rows = sql(gateway.engine, f"SELECT status FROM complaints WHERE reference='{reference}'")
    assert rows == [("appealed",)]
    assert [p for p, _ in to(gateway, DED)] == ["officer_appeal_opened"]
