"""Ward executive officers (WEO): registered by the CLI, told of every item in their ward, and
acting on it by SMS through /sms/incoming; the department's officer keeps the answer unless
the charter gives the kind to the ward."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from charter.loader import bundled_charter_path
from gateway.messaging.providers.fake import FakeProvider
from gateway.runtime import Gateway
from tests.conftest import PHONE, sql
from tests.console.console_factories import PASSWORD, log_in
from tests.gateway.test_charter_engine import PIN, WATER_OFFICER, events, status, to
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on
from words import notices

WEO_IWAWA = "+255713000011"
WEO_BULONGWA = "+255713000012"


def register(runner: FlaskCliRunner, *args: str) -> str:
    """Run `officers add` with a PIN and password; its output (exit code checked by caller)."""
    result = runner.invoke(args=["officers", "add", *args, "--pin", PIN, "--password", PASSWORD])
    return f"{result.exit_code} {result.output}"


@pytest.fixture()
def ward_officers(runner: FlaskCliRunner) -> None:
    """A water officer for the district, and the WEOs of Iwawa and Bulongwa."""
    for args in (
        ["--name", "Asha Mwakyusa", "--phone", WATER_OFFICER, "--role", "officer"]
        + ["--department", "maji"],
        ["--name", "Elia Mahenge", "--phone", WEO_IWAWA, "--role", "weo", "--ward", "Iwawa"],
        ["--name", "Rose Sanga", "--phone", WEO_BULONGWA, "--role", "weo", "--ward", "Bulongwa"],
    ):
        assert register(runner, *args).startswith("0 added"), args


def test_the_cli_registers_a_weo_by_ward_and_no_department(runner: FlaskCliRunner) -> None:
    assert "a weo needs --ward" in register(
        runner, "--name", "Elia", "--phone", WEO_IWAWA, "--role", "weo"
    )
    assert "leave out --department" in register(
        runner, "--name", "Elia", "--phone", WEO_IWAWA, "--role", "weo", "--ward", "Iwawa",
        "--department", "maji",
    )  # fmt: skip
    assert "not in the charter" in register(
        runner, "--name", "Elia", "--phone", WEO_IWAWA, "--role", "weo", "--ward", "Atlantis"
    )
    assert register(
        runner, "--name", "Elia", "--phone", WEO_IWAWA, "--role", "weo", "--ward", "Iwawa"
    ).startswith("0 added weo")
    listed = runner.invoke(args=["officers", "list"]).output
    assert "weo" in listed and "Iwawa" in listed and "Elia" in listed


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_weo_is_told_of_a_ward_item_and_may_acknowledge_reply_and_ask(
    client: FlaskClient, gateway: Gateway, ward_officers: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_weo")))
    # The department's officer stays responsible; the ward's WEO gets the same new-item SMS.
    [(officer_id, weo_id)] = sql(
        gateway.engine,
        f"SELECT c.officer_id, o.id FROM complaints c, officers o WHERE o.phone='{WEO_IWAWA}'",
    )
    assert officer_id != weo_id
    [(purpose, notice)] = to(gateway, WEO_IWAWA)
    assert purpose == "officer_new_item" and reference in notice and "Iwawa" in notice
    assert to(gateway, WEO_BULONGWA) == []  # another ward's WEO hears nothing

    sms(client, f"POKEA {reference} {PIN}", phone=WEO_IWAWA)
    assert status(gateway) == "acknowledged"
    # The citizen is told who acted: the WEO, not "the Maji officer".
    told = to(gateway, PHONE)[-1][1]
    assert "Afisa Mtendaji wa Kata ya Iwawa ameanza kulishughulikia" in told
    assert "wa Maji" not in told
    sms(client, f"ULIZA {reference} {PIN} Bomba lipi, la shule au la soko?", phone=WEO_IWAWA)
    assert status(gateway) == "waiting"
    sms(client, f"JIBU {reference} {PIN} Fundi atafika kesho asubuhi", phone=WEO_IWAWA)
    citizen = [purpose for purpose, _ in to(gateway, PHONE)]
    assert citizen == ["acknowledgement", "acknowledged", "question", "reply"]
    assert "Fundi atafika kesho asubuhi" in to(gateway, PHONE)[-1][1]
    # The answer stays the department's: the WEO cannot resolve it or ask for more days.
    sms(client, f"FUNGA {reference} {PIN} Limetengenezwa", phone=WEO_IWAWA)
    sms(client, f"ONGEZA {reference} {PIN} 3 Fundi yuko mbali", phone=WEO_IWAWA)
    assert status(gateway) == "waiting"
    assert [text for _, text in to(gateway, WEO_IWAWA)[-2:]] == [
        notices.officer_refusal("sw", "not_allowed", reference)
    ] * 2
    assert events(gateway) == ["received", "routed", "acknowledged", "asked", "replied"]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_weo_of_another_ward_is_refused_and_nothing_changes(
    client: FlaskClient, gateway: Gateway, ward_officers: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_weo_other")))
    sms(client, f"POKEA {reference} {PIN}", phone=WEO_BULONGWA)
    sms(client, f"HAMISHA {reference} {PIN} afya", phone=WEO_BULONGWA)
    sms(client, f"POKEA {reference} 9999", phone=WEO_IWAWA)  # the right ward, a wrong PIN
    assert status(gateway) == "received"
    assert events(gateway) == ["received", "routed"]
    assert [text for _, text in to(gateway, WEO_BULONGWA)] == [
        notices.officer_refusal("sw", "other_ward", reference)
    ] * 2
    assert to(gateway, WEO_IWAWA)[-1][1] == notices.officer_refusal("sw", "wrong_pin", reference)


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_weo_transfers_a_ward_item_to_another_department(
    client: FlaskClient, gateway: Gateway, ward_officers: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_weo_move")))
    sms(client, f"HAMISHA {reference} {PIN} afya", phone=WEO_IWAWA)
    [(department,)] = sql(gateway.engine, "SELECT department FROM complaints")
    assert department == "afya"
    assert to(gateway, PHONE)[-1][0] == "transferred"
    # The WEO is not told of their own ward's item again: only the confirmation comes.
    assert [purpose for purpose, _ in to(gateway, WEO_IWAWA)] == [
        "officer_new_item",
        "officer_transfer",
    ]


@pytest.fixture()
def ward_charter(tmp_path: Path) -> str:
    """The bundled charter, with complaints given to the ward to answer."""
    charter = bundled_charter_path().read_text(encoding="utf-8")
    marker = 'slug = "lalamiko"\n'
    assert marker in charter
    path = tmp_path / "ward.toml"
    path.write_text(charter.replace(marker, marker + "ward_answers = true\n"), encoding="utf-8")
    return str(path)


def test_a_kind_the_charter_gives_the_ward_is_the_weos_to_answer(
    make_app: Callable[..., Flask], fake_sms: FakeProvider, ward_charter: str
) -> None:
    app = make_app(SMS_PROVIDER=fake_sms, CHARTER_FILE=ward_charter)
    client, runner, gateway = app.test_client(), app.test_cli_runner(), app.extensions["gateway"]
    register(runner, "--name", "Asha", "--phone", WATER_OFFICER, "--role", "officer",
             "--department", "maji")  # fmt: skip
    register(runner, "--name", "Elia", "--phone", WEO_IWAWA, "--role", "weo", "--ward", "Iwawa")
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_weo_owns")))
        [(owner,)] = sql(
            gateway.engine,
            "SELECT o.phone FROM complaints c JOIN officers o ON o.id = c.officer_id",
        )
        assert owner == WEO_IWAWA
        assert to(gateway, WATER_OFFICER) == []  # the department is not told: not theirs
        sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WEO_IWAWA)
        assert status(gateway) == "resolved"


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_console_shows_a_weo_their_wards_items_only(
    client: FlaskClient, gateway: Gateway, ward_officers: None
) -> None:
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_weo_console")))
    log_in(client, WEO_IWAWA)
    queue = client.get("/console/")
    assert reference in queue.text and "Afisa Mtendaji wa Kata, Iwawa" in queue.text
    assert client.get(f"/console/items/{reference}").status_code == 200
    # A ward's items span every department: the WEO's report is the ward's, under the public
    # page's rules (one item: too few for figures).
    exported = client.get("/console/report.csv?period=2026-12")
    assert exported.headers["Content-Disposition"].endswith('-2026-12-Iwawa.csv"')
    council = exported.text.splitlines()[1].split(",")
    assert council[1:4] == ["council", "council", "Kata ya Iwawa"]
    assert council[4] == ""  # fewer than 5 items: no figure published
    client.post("/console/logout", data={})
    other = app_client_for(client)
    log_in(other, WEO_BULONGWA)
    assert reference not in other.get("/console/").text
    assert other.get(f"/console/items/{reference}").status_code == 404


def app_client_for(client: FlaskClient) -> FlaskClient:
    """A second browser on the same app (its own cookies)."""
    return client.application.test_client()


@time_machine.travel(WEDNESDAY, tick=False)
def test_every_citizen_notice_names_the_role_that_acted(
    client: FlaskClient, gateway: Gateway, runner: FlaskCliRunner
) -> None:
    desk, head, ded = "+255713000003", "+255713000002", "+255713000004"
    register(runner, "--name", "Dawati", "--phone", desk, "--role", "desk")
    register(runner, "--name", "Juma", "--phone", head, "--role", "head", "--department", "afya")
    register(runner, "--name", "DED", "--phone", ded, "--role", "ded")
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_who")))
    # Water has no officer and no head: the desk has it. Its acknowledgement is the desk's,
    # never "the Maji officer's" guessed from the item's department.
    sms(client, f"POKEA {reference} {PIN}", phone=desk)
    assert "afisa wa dawati la malalamiko ameanza" in to(gateway, PHONE)[-1][1]
    sms(client, f"HAMISHA {reference} {PIN} afya", phone=desk)
    assert to(gateway, PHONE)[-1][1].startswith(
        f"Makete DC: Afisa wa dawati la malalamiko amehamisha {reference}"
    )
    sms(client, f"JIBU {reference} {PIN} Zahanati itapata dawa kesho", phone=head)
    assert "Jibu la mkuu wa idara ya Afya kuhusu" in to(gateway, PHONE)[-1][1]
    sms(client, f"ULIZA {reference} {PIN} Zahanati ipi?", phone=ded)
    assert "Mkurugenzi Mtendaji anauliza kuhusu" in to(gateway, PHONE)[-1][1]
    # The record keeps each role, as the citizen was told.
    details = sql(
        gateway.engine,
        "SELECT detail FROM complaint_events WHERE actor LIKE 'officer:%' ORDER BY id",
    )
    roles = [(json.loads(d) if isinstance(d, str) else d)["role"] for (d,) in details]
    assert roles == ["desk", "desk", "head", "ded"]


def test_the_item_page_the_report_and_the_csv_show_the_wards_officer(
    client: FlaskClient, gateway: Gateway, ward_officers: None, runner: FlaskCliRunner
) -> None:
    register(runner, "--name", "Dawati", "--phone", "+255713000003", "--role", "desk")
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = reference_on(file_water_complaint(Dial(client, "ATUid_weo_report")))
        reference_on(file_water_complaint(Dial(client, "ATUid_weo_report2")))
        sms(client, f"POKEA {reference} {PIN}", phone=WEO_IWAWA)
        log_in(client, "+255713000003")
        page = client.get(f"/console/items/{reference}").text
        report = client.get("/console/report?period=2026-12").text
        exported = client.get("/console/report.csv?period=2026-12").text
    assert "Asha Mwakyusa (afisa)" in page  # responsible, with the role
    assert "<dt>Afisa Mtendaji wa Kata</dt><dd>Elia Mahenge</dd>" in page
    assert "Elia Mahenge" in page and "Limepokelewa na afisa" in page
    assert "Yamepokelewa na WEO" in report
    rows = list(csv.reader(io.StringIO(exported)))
    column = rows[0].index("acknowledged_by_weo")
    overall = rows[1]
    assert overall[1] == "overall" and overall[column] == "1"
    iwawa = [row for row in rows if row[1] == "ward" and row[2] == "Iwawa"]
    assert iwawa[0][column] == "1"
