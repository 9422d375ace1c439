"""Every stage of an item on the charter's clock, through the webhooks, with time moved (never
slept): the DED's appeal, an officer's question, the acknowledgement, a key service reported
late, a holiday added under a key service, a late call-back, and the moon-dated holidays of
years the charter file does not list."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from flask.testing import FlaskClient, FlaskCliRunner

from charter.calendar import EAT
from gateway.casework.alarms import run_alarms
from gateway.casework.holidays import warn_estimated_holidays
from gateway.reporting.periods import parse_period
from gateway.reporting.standards import standards_figures
from gateway.runtime import Gateway
from tests.conftest import PHONE, sql
from tests.console.console_factories import log_in
from tests.gateway.test_charter_engine import DED, DESK, PIN, WATER_HEAD, WATER_OFFICER, to
from tests.gateway.test_other_services import (  # noqa: F401  (the officers fixture)
    ask_call_back,
    eat,
    file_delay,
    officers,
)
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on

pytestmark = pytest.mark.usefixtures("officers")


def purposes(gateway: Gateway, phone: str) -> list[str]:
    return [purpose for purpose, _ in to(gateway, phone)]


def stored(gateway: Gateway, column: str, reference: str) -> object:
    [(value,)] = sql(
        gateway.engine, f"SELECT {column} FROM complaints WHERE reference = '{reference}'"
    )
    return value


def local_day(value: object) -> str:
    """A stored UTC moment as the citizen reads its date."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{moment.astimezone(EAT):%d/%m/%Y}"


def moment(value: object) -> datetime:
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def status_reply(client: FlaskClient, gateway: Gateway, reference: str, at: datetime) -> str:
    """What HALI answers at `at`."""
    with time_machine.travel(at, tick=False):
        sms(client, f"HALI {reference}")
    purpose, text = to(gateway, PHONE)[-1]
    assert purpose == "reply_status"
    return text


def tracked(client: FlaskClient, at: datetime, session: str) -> str:
    """The USSD track screen of the phone's latest item at `at`."""
    with time_machine.travel(at, tick=False):
        dial = Dial(client, session)
        dial.start()
        dial.answer("3")
        return dial.answer("1")


# --- the DED's appeal has a clock -------------------------------------------------------------


def test_the_deds_appeal_is_reminded_and_late_and_never_shown_as_still_to_come(
    client: FlaskClient, gateway: Gateway
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_rufaa")))
    with time_machine.travel(eat(3, 9), tick=False):
        sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    with time_machine.travel(eat(3, 10), tick=False):
        sms(client, f"RUFAA {reference} Maji bado hayatoki kijijini kwetu")
    assert stored(gateway, "status", reference) == "appealed"
    opened = moment(stored(gateway, "appeal_opened_at", reference))
    due = moment(stored(gateway, "appeal_due_at", reference))
    told = local_day(due)
    assert f"ifikapo {told}" in status_reply(client, gateway, reference, eat(4, 9))
    assert purposes(gateway, DED) == ["officer_appeal_opened"]

    # 14 working days from Thursday 3 December 10:00: Thursday 24 December 15:30. The DED is
    # reminded at half the working time (Tuesday 15 December 12:45), then one working day
    # before the date (Wednesday 23 December at close).
    assert (opened, due) == (eat(3, 10), eat(24, 15, 30))
    run_alarms(gateway, eat(15, 12, 40))
    assert purposes(gateway, DED) == ["officer_appeal_opened"]
    run_alarms(gateway, eat(15, 12, 50))
    assert purposes(gateway, DED)[1:] == ["officer_appeal_reminder"]
    run_alarms(gateway, eat(23, 16))
    assert purposes(gateway, DED)[1:] == ["officer_appeal_reminder"] * 2
    assert f"AMUA {reference} PIN" in to(gateway, DED)[-1][1]

    # The date passes undecided: the DED is told, the citizen is told it is late and where to go
    # beyond the council, each once.
    before = purposes(gateway, PHONE)
    run_alarms(gateway, due + timedelta(hours=1))
    run_alarms(gateway, due + timedelta(days=9))
    assert purposes(gateway, DED)[1:] == ["officer_appeal_reminder"] * 2 + ["officer_appeal_late"]
    assert purposes(gateway, PHONE)[len(before) :] == ["appeal_late", "external_route"]
    late, route = [text for _, text in to(gateway, PHONE)[len(before) :]]
    assert f"ulitakiwa {told}" in late and "umechelewa" in late
    external = gateway.charter.external
    assert f"TAARIFA kwenda {external.chragg_sms}" in route and external.takukuru in route

    # A week later HALI, RUFAA and the USSD track say the decision is late, never "ifikapo".
    week_later = due + timedelta(days=7)
    hali = status_reply(client, gateway, reference, week_later)
    assert f"Uamuzi wa rufaa ulitakiwa {told}." in hali and f"ifikapo {told}" not in hali
    with time_machine.travel(week_later, tick=False):
        sms(client, f"RUFAA {reference} bado sijapata jibu la rufaa yangu")
    assert f"uamuzi ulitakiwa {told} na umechelewa" in to(gateway, PHONE)[-1][1]
    screen = tracked(client, week_later, "ATUid_rufaa_track")
    assert f"ulitakiwa {told}" in screen and f"ifikapo {told}" not in screen
    # The DED still decides, late; the citizen gets the decision.
    with time_machine.travel(week_later, tick=False):
        sms(client, f"AMUA {reference} {PIN} Fundi atarudi kesho", phone=DED)
    assert stored(gateway, "status", reference) == "appeal_decided"


# --- an officer's question does not stop the clock for ever ------------------------------------


def test_an_unanswered_question_reminds_the_citizen_then_the_clock_runs_again(
    client: FlaskClient, gateway: Gateway
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_uliza")))
    with time_machine.travel(eat(3, 9), tick=False):  # Thursday 3 Dec
        sms(client, f"ULIZA {reference} {PIN} Bomba liko mtaa gani?", phone=WATER_OFFICER)
    assert stored(gateway, "status", reference) == "waiting"
    # Reminded after 5 working days (Fri 4, Mon 7, Tue 8, Thu 10, Fri 11), told the last day
    # to answer: 10 working days (Fri 18 December).
    run_alarms(gateway, eat(11, 15))
    assert "wait_reminder" not in purposes(gateway, PHONE)
    run_alarms(gateway, eat(11, 16))
    assert purposes(gateway, PHONE)[-1] == "wait_reminder"
    assert f"JIBU {reference}" in to(gateway, PHONE)[-1][1]
    assert "kabla ya 18/12/2026" in to(gateway, PHONE)[-1][1]
    run_alarms(gateway, eat(18, 15))
    assert stored(gateway, "status", reference) == "waiting"
    run_alarms(gateway, eat(18, 16))
    # The wait is over: the clock runs again from where it stopped, and both are told the date.
    assert stored(gateway, "status", reference) == "received"
    due = local_day(stored(gateway, "answer_due_at", reference))
    assert moment(stored(gateway, "answer_due_at", reference)) > eat(18, 16)
    assert purposes(gateway, PHONE)[-1] == "wait_over" and due in to(gateway, PHONE)[-1][1]
    [(purpose, text)] = [p for p in to(gateway, WATER_OFFICER) if p[0] == "officer_wait_over"]
    assert reference in text and due in text
    assert f"Jibu ifikapo {due}." in status_reply(client, gateway, reference, eat(21, 9))
    # Each once: later runs send nothing more about the wait.
    run_alarms(gateway, eat(22, 9))
    assert purposes(gateway, PHONE).count("wait_reminder") == 1
    assert purposes(gateway, PHONE).count("wait_over") == 1


def test_a_charter_that_closes_unanswered_questions_closes_the_item_with_a_notice(
    make_app, fake_sms, tmp_path: Path
) -> None:
    bundled = Path(__file__).parents[2] / "charter" / "makete.toml"
    closing = tmp_path / "closing.toml"
    closing.write_text(bundled.read_text().replace('then = "resume"', 'then = "close"'))
    app = make_app(SMS_PROVIDER=fake_sms, CHARTER_FILE=str(closing))
    gateway, client = app.extensions["gateway"], app.test_client()
    result = app.test_cli_runner().invoke(
        args=["officers", "add", "--name", "Asha", "--phone", WATER_OFFICER, "--role", "officer",
              "--department", "maji", "--pin", PIN],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_close")))
    with time_machine.travel(eat(3, 9), tick=False):
        sms(client, f"ULIZA {reference} {PIN} Bomba liko mtaa gani?", phone=WATER_OFFICER)
    run_alarms(gateway, eat(18, 16))
    assert stored(gateway, "status", reference) == "closed"
    closed = to(gateway, PHONE)[-1][1]
    assert "limefungwa" in closed and "LALAMIKO" in closed
    with time_machine.travel(eat(21, 9), tick=False):
        sms(client, f"RUFAA {reference} sikupata swali lenu")
    assert "hatukupata jibu lako" in to(gateway, PHONE)[-1][1]
    assert "umeridhika" not in to(gateway, PHONE)[-1][1]


# --- the acknowledgement standard is enforced ----------------------------------------------


def test_an_item_nobody_acknowledges_reminds_the_officer_then_tells_the_head(
    client: FlaskClient, gateway: Gateway
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):  # 2 working days: Friday 4 Dec 15:30
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_pokea")))
    run_alarms(gateway, eat(3, 15))
    assert purposes(gateway, WATER_OFFICER) == ["officer_new_item"]
    run_alarms(gateway, eat(3, 16))  # Thursday close: the acknowledgement is due tomorrow
    assert purposes(gateway, WATER_OFFICER) == ["officer_new_item", "officer_ack_remind"]
    assert f"POKEA {reference} PIN" in to(gateway, WATER_OFFICER)[-1][1]
    assert "04/12/2026" in to(gateway, WATER_OFFICER)[-1][1]
    run_alarms(gateway, eat(4, 15))
    assert purposes(gateway, WATER_HEAD) == []
    run_alarms(gateway, eat(4, 16))
    [(purpose, text)] = to(gateway, WATER_HEAD)
    assert purpose == "officer_ack_late" and reference in text and "Asha Mwakyusa" in text
    # Acknowledged late: the head heard once; the answer's own clock goes on.
    with time_machine.travel(eat(7, 8), tick=False):
        sms(client, f"POKEA {reference} {PIN}", phone=WATER_OFFICER)
    run_alarms(gateway, eat(7, 16))
    assert purposes(gateway, WATER_HEAD) == ["officer_ack_late"]


def test_an_item_acknowledged_in_time_has_no_acknowledgement_alarm(
    client: FlaskClient, gateway: Gateway
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_pokea_ok")))
    with time_machine.travel(eat(2, 11), tick=False):
        sms(client, f"POKEA {reference} {PIN}", phone=WATER_OFFICER)
    run_alarms(gateway, eat(4, 16))
    assert "officer_ack_remind" not in purposes(gateway, WATER_OFFICER)
    assert purposes(gateway, WATER_HEAD) == []


# --- a late key service is the council's to answer from the day it is reported ---------------


def test_a_key_service_reported_after_its_promise_is_answered_from_the_report(
    client: FlaskClient, gateway: Gateway
) -> None:
    # A business licence applied for on Friday 20 November: promised (2 working days) by
    # Tuesday 24 November. The citizen reports it on Wednesday 2 December.
    with time_machine.travel(WEDNESDAY, tick=False):
        screens = file_delay(client, "Leseni ya biashara", "20/11", "1")
    assert "24/11/2026" in screens[-2]  # the confirm screen shows what was promised
    reference = reference_on(screens[-1])
    # Answered by the licence's own standard from the report: Friday 4 December.
    assert "ifikapo 04/12/2026" in screens[-1]
    [(_, acknowledgement)] = to(gateway, PHONE)
    assert "04/12/2026" in acknowledgement and "24/11/2026" not in acknowledgement
    assert local_day(stored(gateway, "promised_at", reference)) == "24/11/2026"
    # A minute later nobody is told it is already late: it is not the council's miss yet.
    run_alarms(gateway, eat(2, 10, 1))
    assert purposes(gateway, DESK) == ["officer_new_item"] and purposes(gateway, DED) == []
    # RUFAA minutes later: not yet, with the answer date; never "ended on" an old date.
    with time_machine.travel(eat(2, 10, 5), tick=False):
        sms(client, f"RUFAA {reference} leseni yangu imechelewa sana")
    refusal = to(gateway, PHONE)[-1][1]
    assert "04/12/2026" in refusal and "ulikwisha" not in refusal
    # The report counts the promise a miss, on the licence's own line.
    with gateway.sessions() as db:
        lines, _ = standards_figures(db, gateway.charter, parse_period("2026-12"), eat(2, 11), None)
    [licence] = [line for line in lines if line.key == "huduma:leseni"]
    assert (licence.due, licence.met) == (1, 0)
    # The appeal window opens from the council's own missed date, not the old promise.
    run_alarms(gateway, eat(4, 16))
    with time_machine.travel(eat(7, 9), tick=False):
        sms(client, f"RUFAA {reference} leseni yangu bado haijatoka kabisa")
    assert stored(gateway, "status", reference) == "appealed"


# --- a holiday moves a key service by its own standard ----------------------------------------


def test_a_holiday_moves_a_key_services_date_by_a_day_not_to_another_standard(
    client: FlaskClient, runner: FlaskCliRunner, gateway: Gateway
) -> None:
    # A building permit applied for on Tuesday 1 December: 3 working days, Friday 4 December.
    with time_machine.travel(WEDNESDAY, tick=False):
        screens = file_delay(client, "Kibali cha ujenzi", "01/12/2026", "UJ/2026/200")
    reference = reference_on(screens[-1])
    assert "ifikapo 04/12/2026" in screens[-1]
    with time_machine.travel(eat(2, 12), tick=False):
        result = runner.invoke(args=["holidays", "add", "2026-12-03", "Siku ya mapumziko"])
    assert result.exit_code == 0, result.output
    # One working day taken away: Monday 7 December, not the generic 14 working days.
    assert local_day(stored(gateway, "answer_due_at", reference)) == "07/12/2026"
    moved = to(gateway, PHONE)[-1]
    assert moved[0] == "date_moved" and "ifikapo 07/12/2026" in moved[1]


# --- a call-back climbs as what it is, never as an appeal --------------------------------------


def test_a_late_call_back_climbs_to_the_ded_as_a_call_back_and_simu_still_closes_it(
    client: FlaskClient, gateway: Gateway
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(ask_call_back(client, "ATUid_simu_late"))
    run_alarms(gateway, eat(3, 16))  # Thursday: the call was due by 15:30; the desk has it
    assert purposes(gateway, DESK)[-1] == "officer_escalation"
    run_alarms(gateway, eat(7, 16))  # two more working days: the DED is told
    [(purpose, late)] = to(gateway, DED)
    assert purpose == "officer_escalation" and f"SIMU {reference} PIN" in late
    assert stored(gateway, "status", reference) == "received"  # not an appeal
    told = purposes(gateway, PHONE)
    assert told[-1] == "request_late" and "escalated_to_ded" not in told
    assert "external_route" not in told
    with time_machine.travel(eat(8, 9), tick=False):
        sms(client, f"SIMU {reference} {PIN} Nimeongea naye leo asubuhi", phone=DESK)
    assert to(gateway, DESK)[-1][1] == f"Sawa: simu {reference} imeandikwa."
    assert stored(gateway, "status", reference) == "resolved"


# --- moon-dated holidays of every year ----------------------------------------------------------


def test_moon_dated_holidays_beyond_the_charter_files_years_are_counted(
    client: FlaskClient, runner: FlaskCliRunner, gateway: Gateway
) -> None:
    listed = runner.invoke(args=["holidays", "list", "--year", "2028"])
    assert listed.exit_code == 0, listed.output
    assert "2028-02-28  Mon  Eid El-Fitri  [holidays package, estimate]" in listed.output
    assert "2028-12-25  Mon  Krismasi  [charter file]" in listed.output
    # A water complaint on Thursday 24 February 2028 (5 working days): Fri 25, (Mon 28 Eid),
    # Tue 29, Wed 1, Thu 2, Fri 3 March.
    with time_machine.travel(datetime(2028, 2, 24, 7, 0, tzinfo=UTC), tick=False):
        end = file_water_complaint(Dial(client, "ATUid_2028"))
    reference = reference_on(end)
    assert "ifikapo 03/03/2028" in end
    # The desk hears once that Eid el-Fitr is only an estimate (two days, one warning).
    assert warn_estimated_holidays(gateway, datetime(2028, 2, 1, 6, 0, tzinfo=UTC)) == 1
    assert warn_estimated_holidays(gateway, datetime(2028, 2, 2, 6, 0, tzinfo=UTC)) == 0
    [(purpose, warning)] = [p for p in to(gateway, DESK) if p[0] == "officer_holiday_estimate"]
    assert "27/02/2028" in warning and "makisio" in warning
    # The Government announces Eid on Saturday 26 February: the estimates give way, Monday 28
    # is a working day again, and the date comes back to Thursday 2 March.
    with time_machine.travel(datetime(2028, 2, 25, 7, 0, tzinfo=UTC), tick=False):
        added = runner.invoke(args=["holidays", "add", "2028-02-26", "Eid el-Fitr"])
    assert added.exit_code == 0, added.output
    assert local_day(stored(gateway, "answer_due_at", reference)) == "02/03/2028"
    assert gateway.calendar.is_working_day(date(2028, 2, 28))
    after = runner.invoke(args=["holidays", "list", "--year", "2028"])
    assert "2028-02-26  Sat  Eid el-Fitr  [added (holidays add)]" in after.output
    assert "2028-02-27" not in after.output and "2028-02-28" not in after.output


# --- the console never shows a date passed as still to come ------------------------------------


def test_a_date_passed_on_friday_is_over_on_saturday_in_the_console(
    client: FlaskClient, runner: FlaskCliRunner, gateway: Gateway
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):  # acknowledged by Friday 4 Dec 15:30
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_saturday")))
    args = ["--name", "Dawati Mkuu", "--phone", "0713000099", "--role", "desk"]
    added = runner.invoke(
        args=["officers", "add", *args, "--pin", PIN, "--password", "dawati-pass"]
    )
    assert added.exit_code == 0, added.output
    with time_machine.travel(eat(5, 10), tick=False):  # Saturday: no working time since close
        log_in(client, "+255713000099", "dawati-pass")
        page = client.get(f"/console/items/{reference}").text
    row = page.split("04/12/2026 15:30</td>", 1)[1].split("</tr>", 1)[0]
    assert "imechelewa tangu Ijumaa 04/12" in row and "imebaki" not in row  # late, in words
