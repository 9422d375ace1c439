"""Items that belong to another institution: an officer refers them by SMS (PELEKA) or in the
console, the citizen is told where and how to reach it, the item leaves the council's clock and
its report, and the desk can undo a referral made in error."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from charter.loader import CharterError, load_charter
from gateway.casework.alarms import run_alarms
from gateway.messaging.providers.fake import FakeProvider
from gateway.reporting.export import csv_rows
from gateway.reporting.periods import period_of
from gateway.reporting.report import build_report
from gateway.runtime import Gateway
from tests.conftest import PHONE, edited_charter, sql
from tests.console.console_factories import confirmed, log_in, token
from tests.gateway.test_charter_engine import PIN, WATER_OFFICER, events, status, to
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.test_ward_officers import WEO_IWAWA, register
from tests.gateway.ussd_driver import Dial, reference_on
from words import notices

HEALTH_OFFICER = "+255713000005"
DESK = "+255713000003"
RUWASA = "RUWASA Wilaya ya Makete"


@pytest.fixture()
def staff(runner: FlaskCliRunner) -> None:
    for args in (
        ["--name", "Asha", "--phone", WATER_OFFICER, "--role", "officer", "--department", "maji"],
        ["--name", "Daudi", "--phone", HEALTH_OFFICER, "--role", "officer", "--department", "afya"],
        ["--name", "Dawati", "--phone", DESK, "--role", "desk"],
        ["--name", "Elia", "--phone", WEO_IWAWA, "--role", "weo", "--ward", "Iwawa"],
    ):
        assert register(runner, *args).startswith("0 added"), args


def complaint_row(gateway: Gateway) -> tuple[object, ...]:
    [row] = sql(
        gateway.engine,
        "SELECT status, referred_to, next_alarm_at, answer_due_at, paused_at FROM complaints",
    )
    return row


@time_machine.travel(WEDNESDAY, tick=False)
def test_peleka_refers_the_item_and_tells_the_citizen_where_and_how(
    client: FlaskClient, gateway: Gateway, staff: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_refer")))
    sms(client, f"PELEKA {reference} {PIN} ruwasa mradi wa maji wa kijiji", phone=WATER_OFFICER)
    state, referred_to, next_alarm, _, _ = complaint_row(gateway)
    assert (state, referred_to, next_alarm) == ("referred", "ruwasa", None)  # off the clock
    purpose, told = to(gateway, PHONE)[-1]
    assert purpose == "referred" and RUWASA in told and "ofisi ya RUWASA Makete, Iwawa" in told
    assert told == notices.citizen_referred(
        "sw", "Makete DC", "lalamiko", "Lalamiko", reference, RUWASA,
        "ofisi ya RUWASA Makete, Iwawa", "afisa",
    )  # fmt: skip
    # Nothing is sent to RUWASA (the charter gives no number): the citizen is advised, and
    # the role that acted is named, from the record.
    assert f"ni kazi ya {RUWASA}. Afisa anakushauri uwasiliane nao" in told
    assert "amelipeleka" not in told
    assert to(gateway, WATER_OFFICER)[-1][1] == notices.officer_done(
        "sw", "refer", reference, RUWASA, parts=1
    )
    assert events(gateway) == ["received", "routed", "referred"]
    [(detail,)] = sql(gateway.engine, "SELECT detail FROM complaint_events WHERE kind='referred'")
    assert "mradi wa maji wa kijiji" in str(detail) and "ruwasa" in str(detail)
    # HALI says where it went; no reminder or escalation ever fires for it.
    sms(client, f"HALI {reference}")
    assert to(gateway, PHONE)[-1][1] == told
    # No appeal to the DED: the council owes no answer. RUFAA says where the item went.
    sms(client, f"RUFAA {reference} Hakuna aliyekuja kurekebisha bomba")
    assert to(gateway, PHONE)[-1][1] == told and status(gateway) == "referred"
    assert run_alarms(gateway, WEDNESDAY + timedelta(days=30)) == 0
    # Stored without the PIN.
    stored = sql(gateway.engine, "SELECT text FROM inbound_sms WHERE text LIKE 'PELEKA%'")
    assert stored == [(f"PELEKA {reference} **** ruwasa mradi wa maji wa kijiji",)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_referral_refusals_change_nothing(
    client: FlaskClient, gateway: Gateway, staff: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_refer_no")))
    sms(client, f"PELEKA {reference} {PIN} maji", phone=WATER_OFFICER)  # not an institution
    sms(client, f"PELEKA {reference} 9999 ruwasa", phone=WATER_OFFICER)  # wrong PIN
    sms(client, f"PELEKA {reference} {PIN}", phone=WATER_OFFICER)  # no institution
    sms(client, f"PELEKA {reference} {PIN} ruwasa", phone=HEALTH_OFFICER)  # not their department
    sms(client, f"PELEKA {reference} {PIN} ruwasa", phone=WEO_IWAWA)  # the answer is the dept's
    assert status(gateway) == "received"
    assert events(gateway) == ["received", "routed"]
    assert [text for _, text in to(gateway, WATER_OFFICER)[-3:]] == [
        f"{reference}: Taasisi haijulikani. Tumia mojawapo: ruwasa, tarura, tanesco, polisi.",
        notices.officer_refusal("sw", "wrong_pin", reference),
        f"{reference}: Kupeleka taasisi nyingine tuma: PELEKA namba PIN taasisi maelezo. "
        "Taasisi: ruwasa, tarura, tanesco, polisi",
    ]
    assert to(gateway, HEALTH_OFFICER)[-1][1] == notices.officer_refusal(
        "sw", "not_allowed", reference
    )
    assert to(gateway, WEO_IWAWA)[-1][1] == notices.officer_refusal("sw", "not_allowed", reference)
    assert [purpose for purpose, _ in to(gateway, PHONE)] == ["acknowledgement"]
    # A resolved item cannot be referred.
    sms(client, f"FUNGA {reference} {PIN} Limetengenezwa", phone=WATER_OFFICER)
    sms(client, f"PELEKA {reference} {PIN} ruwasa", phone=WATER_OFFICER)
    assert status(gateway) == "resolved"
    assert to(gateway, WATER_OFFICER)[-1][1] == notices.officer_refusal("sw", "not_open", reference)


def test_the_desk_undoes_a_referral_in_the_console_and_the_clock_runs_on(
    client: FlaskClient, gateway: Gateway, staff: None
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_unrefer")))
        _, _, _, due_before, _ = complaint_row(gateway)
        sms(client, f"PELEKA {reference} {PIN} tarura", phone=WATER_OFFICER)
    later = WEDNESDAY + timedelta(days=1)  # Thursday: one working day off the clock
    with time_machine.travel(later, tick=False):
        # The water officer cannot undo it: only the desk.
        log_in(client, WATER_OFFICER)
        page = client.get(f"/console/items/{reference}").text
        assert "Limepelekwa nje" in page and "TARURA Wilaya ya Makete" in page
        response = client.post(
            f"/console/items/{reference}/act",
            data={"action": "unrefer", "csrf_token": token(client)},
        )
        assert response.status_code == 409 and status(gateway) == "referred"
        client.post("/console/logout", data={"csrf_token": token(client)})
        desk = client.application.test_client()
        log_in(desk, DESK)
        assert "Rudisha halmashauri" in desk.get(f"/console/items/{reference}").text
        done = desk.post(
            f"/console/items/{reference}/act",
            data={"action": "unrefer", "csrf_token": token(desk)},
            follow_redirects=True,
        )
        assert "Limerudishwa halmashauri" in done.text
    state, referred_to, next_alarm, due_after, paused = complaint_row(gateway)
    assert (state, referred_to, paused) == ("received", None, None)
    assert next_alarm is not None  # back on the clock
    assert str(due_after) > str(due_before)  # moved on by the working day it was away
    assert events(gateway)[-2:] == ["referred", "referral_undone"]
    assert to(gateway, PHONE)[-1][0] == "referral_undone"


@time_machine.travel(WEDNESDAY, tick=False)
def test_an_officer_refers_in_the_console(
    client: FlaskClient, gateway: Gateway, staff: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_refer_console")))
    log_in(client, WATER_OFFICER)
    page = client.get(f"/console/items/{reference}").text
    assert 'name="institution"' in page and "TANESCO" in page
    refused = client.post(
        f"/console/items/{reference}/act",
        data={"action": "refer", "institution": "nasa", "csrf_token": token(client)},
    )
    assert refused.status_code == 409 and "Taasisi hiyo haipo" in refused.text
    done = confirmed(  # after the SMS the citizen will receive was shown
        client,
        f"/console/items/{reference}/act",
        {
            "action": "refer",
            "institution": "tanesco",
            "text": "Nguzo ya umeme",
            "csrf_token": token(client),
        },
        follow_redirects=True,
    )
    assert "Limepelekwa TANESCO" in done.text
    assert status(gateway) == "referred"


def test_the_report_counts_referrals_per_institution_apart_from_the_councils_results(
    client: FlaskClient, gateway: Gateway, staff: None
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        first = reference_on(file_water_complaint(Dial(client, "ATUid_rep1")))
        second = reference_on(file_water_complaint(Dial(client, "ATUid_rep2")))
        reference_on(file_water_complaint(Dial(client, "ATUid_rep3")))
        sms(client, f"PELEKA {first} {PIN} ruwasa", phone=WATER_OFFICER)
        sms(client, f"PELEKA {second} {PIN} tarura", phone=WATER_OFFICER)
    after = datetime(2027, 1, 20, 8, tzinfo=UTC)  # every deadline long past
    with gateway.sessions() as session:
        report = build_report(session, period_of("month", WEDNESDAY.date()), after, ["lalamiko"])
    assert report.referrals == {"ruwasa": 1, "tarura": 1}
    overall = report.overall
    assert (overall.received, overall.referred) == (3, 2)
    # Only the council's own item counts as a missed answer and as open.
    assert (overall.resolve_missed, overall.open_now, overall.overdue_now) == (1, 1, 1)
    rows = csv_rows(report, ["lalamiko"])
    referred = rows[0].index("referred")
    assert rows[1][referred] == "2"
    assert [row[1:3] + [row[referred]] for row in rows if row[1] == "institution"] == [
        ["institution", "ruwasa", "1"],
        ["institution", "tarura", "1"],
    ]
    # The console's CSV and page show them too.
    log_in(client, DESK)
    page = client.get("/console/report?period=2026-12").text
    assert "RUWASA Wilaya ya Makete" in page
    exported = client.get("/console/report.csv?period=2026-12").text
    assert ["2026-12", "institution", "ruwasa"] in [
        row[:3] for row in csv.reader(io.StringIO(exported))
    ]
    # The line of every standard leaves them out the same way: one acknowledgement and one
    # answer fell due, the council's own item's, and both were missed.
    with time_machine.travel(after, tick=False):
        log_in(client, DESK)
        exported = client.get("/console/report.csv?period=2026-12").text
    standards = {
        row[2]: row[-3:] for row in csv.reader(io.StringIO(exported)) if row[1] == "standard"
    }
    assert standards["lalamiko:acknowledge"] == ["1", "0", "0"]
    assert standards["lalamiko:answer"] == ["1", "0", "0"]


RUWASA_SMS = "+255754111222"


def test_where_the_charter_gives_an_institutions_number_the_referral_is_sent_there(
    make_app: Callable[..., Flask], fake_sms: FakeProvider, tmp_path: Path
) -> None:
    ruwasa = 'contact = "ofisi ya RUWASA Makete, Iwawa"'
    charter = edited_charter(tmp_path, ruwasa, f'{ruwasa}\nsms = "0754 111 222"')
    app = make_app(SMS_PROVIDER=fake_sms, CHARTER_FILE=str(charter))
    client, gateway = app.test_client(), app.extensions["gateway"]
    args = ["--name", "Asha", "--phone", WATER_OFFICER, "--role", "officer", "--department", "maji"]
    assert register(app.test_cli_runner(), *args).startswith("0 added")
    with time_machine.travel(WEDNESDAY, tick=False):
        named = reference_on(file_water_complaint(Dial(client, "ATUid_sent"), anonymous=False))
        sms(client, f"PELEKA {named} {PIN} ruwasa mradi wa kijiji", phone=WATER_OFFICER)
        anonymous = reference_on(file_water_complaint(Dial(client, "ATUid_sent_anon")))
        sms(client, f"PELEKA {anonymous} {PIN} ruwasa", phone=WATER_OFFICER)
    sent = to(gateway, RUWASA_SMS)
    assert [purpose for purpose, _ in sent] == ["institution_referral"] * 2
    first, second = (text for _, text in sent)
    assert first.startswith(f'Makete DC inawaletea Lalamiko {named} (kata Iwawa): "Bomba')
    assert first.endswith(f"Mwananchi: Neema Mwakalinga {PHONE}.") and len(first) <= 160
    assert anonymous in second and PHONE not in second
    assert second.endswith("Mwananchi hakutaka kujulikana.")
    told = [text for purpose, text in to(gateway, PHONE) if purpose == "referred"]
    assert len(told) == 2 and all("Afisa amelituma kwao. Wasiliana nao" in text for text in told)


def test_an_institutions_number_must_be_a_mobile_that_takes_sms(tmp_path: Path) -> None:
    tanesco = 'contact = "simu 0748 550 000"'
    charter = edited_charter(tmp_path, tanesco, f'{tanesco}\nsms = "026 2740016"')
    with pytest.raises(CharterError, match=r"institutions\[2\]\.sms '026 2740016' must be a"):
        load_charter(charter)
