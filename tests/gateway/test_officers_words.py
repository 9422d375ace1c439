"""An officer's answer reaches the citizen whole, notes for staff stay with staff, and the chain
of command is honest: through the SMS webhook and the console, with time passed in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from flask.testing import FlaskClient, FlaskCliRunner

from charter.gsm7 import sms_parts
from gateway.casework.alarms import run_alarms
from gateway.runtime import Gateway
from tests.conftest import PHONE, sql
from tests.console.console_factories import log_in, token
from tests.gateway.test_charter_engine import (  # noqa: F401  (the officers fixture)
    DED,
    DESK,
    PIN,
    WATER_HEAD,
    WATER_OFFICER,
    officers,
    to,
)
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on

pytestmark = pytest.mark.usefixtures("officers")

# An answer an officer really sends: 303 characters, three times what one SMS part holds.
ANSWER = (
    "Tumewasiliana na Mganga Mkuu wa Wilaya. Dawa za shinikizo la damu zimefika leo kutoka "
    "Bohari ya Dawa Njombe, na zitapatikana katika zahanati ya Iwawa kuanzia tarehe 10/12/2026 "
    "kwa wagonjwa wote wenye kadi. Ukikosa dawa hizo, piga simu 0755 123 456 kwa mfamasia wa "
    "wilaya, au njoo ofisini siku yoyote ya kazi."
)
MORNING = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)  # Thursday 09:00 in Makete
NIGHT = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)  # Thursday 22:00: quiet hours


def file_one(client: FlaskClient) -> str:
    with time_machine.travel(WEDNESDAY, tick=False):
        return reference_on(file_water_complaint(Dial(client, f"ATUid_words_{id(client)}")))


def last(gateway: Gateway, phone: str) -> tuple[str, str]:
    return to(gateway, phone)[-1]


def test_a_long_answer_reaches_the_citizen_whole_and_the_officer_hears_how_many_parts(
    client: FlaskClient, gateway: Gateway
) -> None:
    reference = file_one(client)
    with time_machine.travel(MORNING, tick=False):
        sms(client, f"JIBU {reference} {PIN} {ANSWER}", phone=WATER_OFFICER)
    purpose, answer = last(gateway, PHONE)
    assert purpose == "reply" and ANSWER in answer  # whole, to the last word
    assert sms_parts(answer) == 3
    done = last(gateway, WATER_OFFICER)[1]
    assert done == f"Sawa: umejibu {reference}. Mwananchi amejulishwa (SMS 3)."
    # The report's SMS counts come from the outbox's own measure of each message.
    [(parts,)] = sql(gateway.engine, "SELECT parts FROM outbox WHERE purpose = 'reply'")
    assert parts in (None, 3)


def test_an_answer_too_long_for_the_parts_is_refused_before_anything_is_sent(
    client: FlaskClient, gateway: Gateway
) -> None:
    reference = file_one(client)
    told_before = to(gateway, PHONE)
    too_long = (ANSWER + " " + ANSWER[:200]).strip()
    with time_machine.travel(MORNING, tick=False):
        sms(client, f"FUNGA {reference} {PIN} {too_long}", phone=WATER_OFFICER)
    refusal = last(gateway, WATER_OFFICER)[1]
    assert refusal.startswith(f"{reference}: Ujumbe ni mrefu mno: punguza herufi ")
    cut = int(refusal.split("punguza herufi ")[1].split()[0])
    assert 100 < cut < 260 and "Hakuna kilichotumwa" in refusal
    assert to(gateway, PHONE) == told_before  # nothing went to the citizen
    [(status,)] = sql(
        gateway.engine, f"SELECT status FROM complaints WHERE reference='{reference}'"
    )
    assert status == "received"  # and nothing changed
    # Cut as told, it goes whole.
    with time_machine.travel(MORNING, tick=False):
        sms(client, f"FUNGA {reference} {PIN} {too_long[:-cut]}", phone=WATER_OFFICER)
    assert last(gateway, PHONE)[0] == "resolved", last(gateway, WATER_OFFICER)
    assert " ".join(too_long[:-cut].split()) in last(gateway, PHONE)[1]


def test_a_confirmation_at_night_says_when_the_citizens_sms_goes(
    make_app, fake_sms, runner: FlaskCliRunner
) -> None:
    app = make_app(SMS_PROVIDER=fake_sms, QUIET_HOURS="21:00-07:00")
    client, gateway = app.test_client(), app.extensions["gateway"]
    args = ["--name", "Asha", "--phone", WATER_OFFICER, "--role", "officer", "--department", "maji"]
    added = app.test_cli_runner().invoke(args=["officers", "add", *args, "--pin", PIN])
    assert added.exit_code == 0, added.output
    reference = file_one(client)
    with time_machine.travel(NIGHT, tick=False):
        sms(client, f"JIBU {reference} {PIN} Fundi atakuja kesho asubuhi", phone=WATER_OFFICER)
    done = last(gateway, WATER_OFFICER)[1]
    assert "amejulishwa" not in done
    assert done.endswith("Mwananchi atajulishwa 04/12 saa 1:00 asubuhi (SMS 1).")


# --- notes for staff, words for citizens -----------------------------------------------------


def test_an_extensions_reason_stays_with_staff_and_its_words_for_the_citizen_go_on_approval(
    client: FlaskClient, gateway: Gateway
) -> None:
    reference = file_one(client)
    with time_machine.travel(MORNING, tick=False):
        sms(
            client,
            f"ONGEZA {reference} {PIN} 5 Tunasubiri vipuri vya chujio kutoka Njombe "
            "MWANANCHI: Vipuri vinakuja, tutamaliza wiki ijayo",
            phone=WATER_OFFICER,
        )
        [request] = [
            text for p, text in to(gateway, WATER_HEAD) if p == "officer_extension_request"
        ]
        assert "vipuri vya chujio kutoka Njombe" in request and "MWANANCHI" not in request
        assert last(gateway, WATER_OFFICER)[1].endswith("Ombi limetumwa kwa mkuu wa idara ya Maji.")
        sms(client, f"KUBALI {reference} {PIN}", phone=WATER_HEAD)
    purpose, told = last(gateway, PHONE)
    assert purpose == "extended" and "Vipuri vinakuja, tutamaliza wiki ijayo" in told
    assert "chujio" not in told  # the reason for the head never reaches the citizen
    # The officer who asked hears the outcome, with the new date.
    purpose, outcome = last(gateway, WATER_OFFICER)
    assert purpose == "officer_extension_decided" and "limekubaliwa" in outcome
    assert "Jibu ifikapo 17/12/2026" in outcome


def test_nobody_approves_their_own_request_and_a_heads_goes_to_the_ded(
    client: FlaskClient, gateway: Gateway
) -> None:
    reference = file_one(client)
    with time_machine.travel(MORNING, tick=False):
        sms(client, f"ONGEZA {reference} {PIN} 3 Fundi yuko likizo", phone=WATER_HEAD)
        assert last(gateway, WATER_HEAD)[1].endswith("Ombi limetumwa kwa Mkurugenzi Mtendaji.")
        assert [p for p, _ in to(gateway, DED)] == ["officer_extension_request"]
        sms(client, f"KUBALI {reference} {PIN}", phone=WATER_HEAD)  # his own: refused
        assert "Huwezi kuamua ombi lako mwenyewe" in last(gateway, WATER_HEAD)[1]
        sms(client, f"KATAA {reference} {PIN} Tumia fundi wa akiba", phone=DED)
    [(status,)] = sql(gateway.engine, "SELECT status FROM extension_requests")
    assert status == "refused"
    purpose, outcome = last(gateway, WATER_HEAD)
    assert purpose == "officer_extension_decided"
    assert 'limekataliwa: "Tumia fundi wa akiba"' in outcome and "10/12/2026" in outcome
    assert [p for p, _ in to(gateway, PHONE)][-1] != "extended"  # the citizen hears nothing


# --- the console: a counter and a preview, and the same refusal ---------------------------------


def test_the_console_previews_the_citizens_sms_and_refuses_one_too_long(
    client: FlaskClient, gateway: Gateway, runner: FlaskCliRunner
) -> None:
    reference = file_one(client)
    args = ["--name", "Dawati", "--phone", "0713000077", "--role", "desk", "--pin", PIN]
    added = runner.invoke(args=["officers", "add", *args, "--password", "dawati-pass"])
    assert added.exit_code == 0, added.output
    with time_machine.travel(MORNING, tick=False):
        log_in(client, "+255713000077", "dawati-pass")
        page = client.get(f"/console/items/{reference}").text
        assert 'data-counter="count-reply"' in page and "Hakiki SMS" in page
        preview = client.post(
            f"/console/items/{reference}/act",
            data={"action": "reply", "text": ANSWER, "preview": "1", "csrf_token": token(client)},
        )
        assert preview.status_code == 200 and "Mwananchi atapokea SMS 3:" in preview.text
        assert to(gateway, PHONE)[-1][0] == "acknowledgement"  # nothing sent by a preview
        too_long = client.post(
            f"/console/items/{reference}/act",
            data={
                "action": "reply",
                "text": ANSWER + " " + ANSWER[:190],
                "csrf_token": token(client),
            },
        )
        assert too_long.status_code == 409 and "punguza herufi" in too_long.text
        assert ANSWER[:190] in too_long.text  # what was typed is kept
        done = client.post(
            f"/console/items/{reference}/act",
            data={"action": "reply", "text": ANSWER, "csrf_token": token(client)},
            follow_redirects=True,
        )
    assert "Mwananchi amejulishwa kwa SMS (3)." in done.text
    assert ANSWER in last(gateway, PHONE)[1]


# --- help: a bare keyword gets its own usage, the lockout says how long ----------------------


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("POKEA", "Kupokea tuma: POKEA namba PIN"),
        ("JIBU", "Kujibu tuma: JIBU namba PIN ujumbe"),
        ("HAMISHA 1234", "Kuhamisha tuma: HAMISHA namba PIN idara"),
        ("ONGEZA", "Kuomba muda tuma: ONGEZA namba PIN siku sababu"),
        ("AMUA", "Kuamua rufaa tuma: AMUA namba PIN uamuzi"),
        ("SIMU", "Baada ya kupiga simu tuma: SIMU namba PIN matokeo. Miadi: MIADI"),
        ("TEKELEZA", "tuma: TEKELEZA namba PIN maelezo (kwa Mkurugenzi)"),
    ],
)
def test_an_officers_bare_command_gets_the_usage_of_that_command(
    client: FlaskClient, gateway: Gateway, command: str, usage: str
) -> None:
    with time_machine.travel(MORNING, tick=False):
        sms(client, command, phone=WATER_OFFICER)
    assert usage in last(gateway, WATER_OFFICER)[1]


def test_a_citizens_bare_status_gets_its_usage_not_a_bad_number(
    client: FlaskClient, gateway: Gateway
) -> None:
    with time_machine.travel(MORNING, tick=False):
        sms(client, "HALI", phone=PHONE)
        sms(client, "ghairi", phone=PHONE)
    told = [text for _, text in to(gateway, PHONE)]
    assert told[-2].endswith("Kujua hali, tuma HALI na namba ya kumbukumbu, mfano: HALI 12345678")
    assert "GHAIRI na namba ya miadi" in told[-1]
    assert not any("si sahihi" in text for text in told)


def test_the_lockout_says_after_how_many_tries_and_for_how_long(
    client: FlaskClient, gateway: Gateway
) -> None:
    reference = file_one(client)
    with time_machine.travel(MORNING, tick=False):
        for _ in range(5):
            sms(client, f"POKEA {reference} 0000", phone=WATER_OFFICER)
        sms(client, f"POKEA {reference} {PIN}", phone=WATER_OFFICER)
    locked = last(gateway, WATER_OFFICER)[1]
    assert "mara 5" in locked and "dakika 30" in locked


# --- the DED's decision is carried out, on its own clock ----------------------------------------


def test_the_deds_decision_goes_to_the_department_and_stays_open_until_carried_out(
    client: FlaskClient, gateway: Gateway
) -> None:
    reference = file_one(client)
    with time_machine.travel(WEDNESDAY, tick=False):
        sms(client, f"FUNGA {reference} {PIN} Tumekagua, hakuna tatizo", phone=WATER_OFFICER)
        sms(client, "2", phone=PHONE)
        sms(client, "Maji bado hayatoki kijijini", phone=PHONE)
    with time_machine.travel(MORNING, tick=False):  # Thursday 3 December
        sms(client, f"AMUA {reference} {PIN} {ANSWER}", phone=DED)
        sms(client, f"HALI {reference}", phone=PHONE)
    # The head and the officer get the decision whole, and the date to report back by:
    # 14 working days from 3 December, past Uhuru (9 December), is 24 December.
    for phone in (WATER_HEAD, WATER_OFFICER):
        purpose, told = last(gateway, phone)
        assert purpose == "officer_decision_to_carry_out"
        assert ANSWER in told and f"ifikapo 24/12/2026: TEKELEZA {reference} PIN" in told
    assert [p for p, _ in to(gateway, DED)].count("officer_decision_to_carry_out") == 0
    assert "Uamuzi wa Mkurugenzi utatekelezwa ifikapo 24/12/2026" in last(gateway, PHONE)[1]
    assert state(gateway, reference) == "appeal_decided"  # open until the department reports

    # Nobody reports: the department is reminded, then the DED and the head are told.
    for day in (15, 23, 24):  # half the time (15th, 12:15), the last day, the date
        run_alarms(gateway, datetime(2026, 12, day, 13, 0, tzinfo=UTC))  # 16:00 in Makete
    reminders = [p for p, _ in to(gateway, WATER_OFFICER)].count("officer_carry_out_reminder")
    assert reminders == 2
    purpose, late = last(gateway, DED)
    assert purpose == "officer_carry_out_late" and "ulitakiwa kutekelezwa 24/12/2026" in late
    assert f"Mkurugenzi, chukua hatua: TEKELEZA {reference} PIN" in late
    assert last(gateway, WATER_HEAD)[0] == "officer_carry_out_late"

    # The officer reports it carried out: the item closes, the DED reads what was done.
    with time_machine.travel(datetime(2026, 12, 28, 7, 0, tzinfo=UTC), tick=False):
        sms(client, f"TEKELEZA {reference} {PIN} Fundi amebadilisha bomba", phone=WATER_OFFICER)
        done = last(gateway, WATER_OFFICER)[1]
        sms(client, f"TEKELEZA {reference} {PIN} tena", phone=WATER_OFFICER)
    assert done.startswith(f"Sawa: umetoa taarifa kuwa uamuzi wa {reference} umetekelezwa.")
    assert state(gateway, reference) == "carried_out"
    purpose, report = last(gateway, DED)
    assert purpose == "officer_decision_carried_out" and "Fundi amebadilisha bomba" in report
    assert last(gateway, PHONE)[0] == "carried_out"
    assert "umetekelezwa" in last(gateway, PHONE)[1]
    assert "Hakuna uamuzi wa Mkurugenzi unaosubiri" in last(gateway, WATER_OFFICER)[1]
    [(next_alarm,)] = sql(
        gateway.engine, f"SELECT next_alarm_at FROM complaints WHERE reference='{reference}'"
    )
    assert next_alarm is None  # nothing owed, nothing to remind


def test_a_decision_is_never_sent_to_an_officer_who_has_left(
    client: FlaskClient, gateway: Gateway, runner: FlaskCliRunner
) -> None:
    """The item's officer was disabled before the DED decided: the decision goes to the head
    alone; with the head gone too, to the desk (as the worklist says the desk carries it out)."""
    with time_machine.travel(WEDNESDAY, tick=False):
        first, second = (
            reference_on(file_water_complaint(Dial(client, f"ATUid_left_{n}"))) for n in (1, 2)
        )
    for reference in (first, second):
        with time_machine.travel(WEDNESDAY, tick=False):
            sms(client, f"FUNGA {reference} {PIN} Tumekagua", phone=WATER_OFFICER)
            sms(client, "2", phone=PHONE)
            sms(client, "Maji bado hayatoki kijijini", phone=PHONE)
    assert runner.invoke(args=["officers", "disable", WATER_OFFICER]).exit_code == 0
    with time_machine.travel(MORNING, tick=False):
        sms(client, f"AMUA {first} {PIN} {ANSWER}", phone=DED)
    told = [p for p, _ in to(gateway, WATER_OFFICER)]
    assert "officer_decision_to_carry_out" not in told
    assert last(gateway, WATER_HEAD)[0] == "officer_decision_to_carry_out"
    assert runner.invoke(args=["officers", "disable", WATER_HEAD]).exit_code == 0
    with time_machine.travel(MORNING, tick=False):
        sms(client, f"AMUA {second} {PIN} {ANSWER}", phone=DED)
    purpose, decision = last(gateway, DESK)
    assert purpose == "officer_decision_to_carry_out" and second in decision
    assert "officer_decision_to_carry_out" not in [p for p, _ in to(gateway, WATER_OFFICER)]


def state(gateway: Gateway, reference: str) -> str:
    [(status,)] = sql(
        gateway.engine, f"SELECT status FROM complaints WHERE reference='{reference}'"
    )
    return str(status)


# --- a transfer that finds no officer says where the item went ------------------------------------


def test_a_transfer_to_a_department_with_no_officer_says_it_went_to_the_desk(
    client: FlaskClient, gateway: Gateway, runner: FlaskCliRunner
) -> None:
    reference = file_one(client)
    with time_machine.travel(MORNING, tick=False):
        sms(client, f"HAMISHA {reference} {PIN} msingi", phone=WATER_OFFICER)  # nobody in Msingi
    done = last(gateway, WATER_OFFICER)[1]
    assert done.startswith(f"Sawa: umehamisha {reference}, lakini idara hiyo haina afisa")
    assert "limeenda kwa dawati la malalamiko. Idara: Elimu Msingi." in done
    assert last(gateway, DESK)[0] == "officer_new_item"
    # From the console too: the head of Maji moves another item there.
    with time_machine.travel(WEDNESDAY, tick=False):
        second = reference_on(file_water_complaint(Dial(client, "ATUid_words_second")))
    args = ["--name", "Mkuu Maji", "--phone", "0713000078", "--role", "head"]
    added = runner.invoke(
        args=[
            "officers",
            "add",
            *args,
            "--department",
            "maji",
            "--pin",
            PIN,
            "--password",
            "mkuu-maji",
        ]
    )
    assert added.exit_code == 0, added.output
    with time_machine.travel(MORNING, tick=False):
        log_in(client, "+255713000078", "mkuu-maji")
        moved = client.post(
            f"/console/items/{second}/act",
            data={"action": "transfer", "department": "msingi", "csrf_token": token(client)},
            follow_redirects=True,
        )
    assert moved.status_code == 200
    assert "haina afisa aliyesajiliwa: limeenda kwa dawati la malalamiko" in moved.text


# --- messages an officer can act on ---------------------------------------------------------


def test_the_desks_new_item_sms_says_whose_it_is_and_fills_its_one_part(
    client: FlaskClient, gateway: Gateway
) -> None:
    description = (
        "Barabara ya kwenda kijiji cha Ivalalila imeharibika kabisa baada ya mvua, magari "
        "hayapiti na wagonjwa wanabebwa kwa machela hadi zahanati ya Iwawa kila siku"
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        sms(client, f"LALAMIKO {description}", phone=PHONE)
    purpose, new_item = last(gateway, DESK)
    assert purpose == "officer_new_item" and sms_parts(new_item) == 1
    assert new_item.startswith('Makete DC: Lalamiko, dawati, jibu hadi 23/12. "Barabara')
    # As much of the description as the part holds (SOMA gives the rest), and how to act.
    shown = new_item.split('"')[1].removesuffix("..")
    assert description.startswith(shown) and len(shown) > 60
    assert new_item.endswith(f"Simu: {PHONE}. POKEA {new_item.split()[-2]} PIN")
