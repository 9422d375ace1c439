"""Officers read their work by SMS through /sms/incoming: ORODHA lists their open items, most
urgent first, and SOMA sends one item's whole description and last events; a few parts at
most, sent and costed like any other SMS, and never a PIN stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from charter.gsm7 import gsm7_length, sms_parts
from gateway.casework.intake import NewItem, file_item
from gateway.reporting.breakdowns import NO_ITEM
from gateway.reporting.periods import period_of
from gateway.reporting.report import build_report
from gateway.runtime import Gateway
from tests.conftest import sql
from tests.fake_africastalking import FakeAfricasTalking
from tests.gateway.test_charter_engine import PIN, WATER_OFFICER, to
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import WEDNESDAY
from tests.gateway.test_ward_officers import WEO_BULONGWA, WEO_IWAWA, register
from words import notices

HEALTH_OFFICER = "+255713000005"
# Longer than any one SMS: the new-item SMS cuts it, SOMA must not.
LONG_DESCRIPTION = (
    "Bomba la maji la kijiji cha Ikonda limevunjika tangu Jumatatu iliyopita karibu na shule ya "
    "msingi. Watoto wanachota maji mtoni na wazazi wana wasiwasi wa magonjwa ya tumbo. Fundi "
    "wa kijiji alisema anahitaji vipuri kutoka Njombe. Tafadhali tumeni fundi mapema."
)


def officers(runner: FlaskCliRunner) -> None:
    """The water officer, a health officer, and the WEOs of Iwawa and Bulongwa."""
    for args in (
        ["--name", "Asha", "--phone", WATER_OFFICER, "--role", "officer", "--department", "maji"],
        ["--name", "Daudi", "--phone", HEALTH_OFFICER, "--role", "officer", "--department", "afya"],
        ["--name", "Elia", "--phone", WEO_IWAWA, "--role", "weo", "--ward", "Iwawa"],
        ["--name", "Rose", "--phone", WEO_BULONGWA, "--role", "weo", "--ward", "Bulongwa"],
    ):
        assert register(runner, *args).startswith("0 added"), args


def file(
    gateway: Gateway,
    when: datetime,
    department: str = "maji",
    ward: str = "Iwawa",
    description: str = "Bomba la maji limevunjika",
) -> str:
    """File an item as the USSD menu would; its reference."""
    with gateway.sessions.begin() as session:
        item = NewItem("lalamiko", department, ward, description, None, True, "sw", "ussd", None)
        return file_item(session, gateway, item, when).reference


@pytest.fixture()
def registered(runner: FlaskCliRunner) -> None:
    officers(runner)


def last_to(gateway: Gateway, phone: str) -> str:
    return to(gateway, phone)[-1][1]


def test_orodha_lists_open_items_most_urgent_first_with_days_left_or_late(
    client: FlaskClient, gateway: Gateway, registered: None
) -> None:
    older = file(gateway, WEDNESDAY - timedelta(days=14))  # due before today: late
    newer = file(gateway, WEDNESDAY)  # due in 5 working days and a half: 6, as the console rounds
    elsewhere = file(gateway, WEDNESDAY, ward="Bulongwa")
    health = file(gateway, WEDNESDAY, department="afya")
    with time_machine.travel(WEDNESDAY, tick=False):
        sms(client, f"ORODHA {PIN}", phone=WATER_OFFICER)
    listing = last_to(gateway, WATER_OFFICER)
    assert listing.startswith("Makete DC: Kazi zako 3, za haraka kwanza:")
    lines = listing.splitlines()[1:]
    assert lines[0].startswith(f"{older} Iwawa imechelewa siku ")
    assert lines[1:] == [f"{newer} Iwawa siku 6", f"{elsewhere} Bulongwa siku 6"]
    assert health not in listing
    # A WEO's list is their ward's items, whatever the department.
    with time_machine.travel(WEDNESDAY, tick=False):
        sms(client, f"orodha {PIN}", phone=WEO_IWAWA)
    weo = last_to(gateway, WEO_IWAWA)
    assert older in weo and newer in weo and health in weo and elsewhere not in weo
    # The stored messages keep the command, never the PIN.
    stored = [text for (text,) in sql(gateway.engine, "SELECT text FROM inbound_sms ORDER BY id")]
    assert stored == ["ORODHA ****", "orodha ****"]


def test_a_long_list_takes_a_few_parts_at_most_and_counts_the_rest(
    client: FlaskClient, gateway: Gateway, registered: None
) -> None:
    references = [file(gateway, WEDNESDAY + timedelta(minutes=i)) for i in range(40)]
    with time_machine.travel(WEDNESDAY + timedelta(hours=1), tick=False):
        sms(client, f"ORODHA {PIN}", phone=WATER_OFFICER)
    listing = last_to(gateway, WATER_OFFICER)
    assert 1 < sms_parts(listing) <= notices.OFFICER_MAX_PARTS
    assert gsm7_length(listing) <= notices.OFFICER_LIMIT
    shown = [line.split()[0] for line in listing.splitlines()[1:-1]]
    assert shown == references[: len(shown)]  # the first filed is the most urgent
    assert listing.splitlines()[-1] == f"na {40 - len(shown)} zaidi kwenye dashibodi."


def test_soma_sends_the_whole_description_and_the_last_events(
    client: FlaskClient, gateway: Gateway, registered: None
) -> None:
    reference = file(gateway, WEDNESDAY, description=LONG_DESCRIPTION)
    new_item = [
        text for purpose, text in to(gateway, WATER_OFFICER) if purpose == "officer_new_item"
    ]
    assert LONG_DESCRIPTION not in new_item[0]  # the new-item SMS had to cut it
    with time_machine.travel(WEDNESDAY, tick=False):
        sms(client, f"POKEA {reference} {PIN}", phone=WATER_OFFICER)
        sms(client, f"SOMA {reference} {PIN}", phone=WATER_OFFICER)
    item = last_to(gateway, WATER_OFFICER)
    assert LONG_DESCRIPTION in item
    assert reference in item and "Iwawa" in item and "jibu hadi 10/12/2026" in item
    assert "Kumbukumbu: 02/12 limepokelewa; 02/12 kwa afisa; 02/12 limepokelewa na afisa." in item
    assert sms_parts(item) <= notices.OFFICER_MAX_PARTS
    assert sql(gateway.engine, "SELECT text FROM inbound_sms ORDER BY id")[-1] == (
        f"SOMA {reference} ****",
    )


def test_reading_refusals_change_nothing(
    client: FlaskClient, gateway: Gateway, registered: None
) -> None:
    reference = file(gateway, WEDNESDAY)
    with time_machine.travel(WEDNESDAY, tick=False):
        sms(client, f"SOMA {reference} {PIN}", phone=WEO_BULONGWA)  # another ward
        sms(client, f"SOMA {reference} {PIN}", phone=HEALTH_OFFICER)  # another department
        sms(client, f"SOMA {reference} 9999", phone=WATER_OFFICER)  # wrong PIN
        sms(client, "ORODHA 0000", phone=WATER_OFFICER)  # wrong PIN
        sms(client, "ORODHA", phone=WATER_OFFICER)  # no PIN
        sms(client, f"ORODHA {PIN}", phone="+255713999999")  # not an officer
    assert last_to(gateway, WEO_BULONGWA) == notices.officer_refusal("sw", "other_ward", reference)
    assert last_to(gateway, HEALTH_OFFICER) == notices.officer_refusal(
        "sw", "not_allowed", reference
    )
    assert [text for _, text in to(gateway, WATER_OFFICER)[-3:]] == [
        notices.officer_refusal("sw", "wrong_pin", reference),
        notices.officer_refusal("sw", "wrong_pin"),
        "Kuona kazi zako tuma: ORODHA PIN",  # the command's own usage
    ]
    assert last_to(gateway, "+255713999999") == notices.officer_refusal("sw", "unknown_phone")
    [(failed,)] = sql(
        gateway.engine, f"SELECT failed_pins FROM officers WHERE phone='{WATER_OFFICER}'"
    )
    assert failed == 2


def test_an_officers_list_is_sent_and_costed_like_any_sms(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    app = make_app(AT_USERNAME="sandbox", AT_API_KEY="test-api-key", AT_API_URL=fake_at.url)
    gateway: Gateway = app.extensions["gateway"]
    officers(app.test_cli_runner())
    for i in range(20):
        file(gateway, WEDNESDAY + timedelta(minutes=i))
    with time_machine.travel(WEDNESDAY + timedelta(hours=1), tick=False):
        sms(app.test_client(), f"ORODHA {PIN}", phone=WATER_OFFICER)
        app.test_cli_runner().invoke(args=["sms", "dispatch"])
    [(parts, cost)] = sql(
        gateway.engine, "SELECT parts, cost FROM outbox WHERE purpose = 'officer_list'"
    )
    assert parts == 3 and cost == "TZS 66.0000"
    with gateway.sessions() as session:
        report = build_report(
            session,
            period_of("month", WEDNESDAY.date()),
            datetime(2027, 1, 5, tzinfo=UTC),
            ["lalamiko"],
        )
    [no_item] = [line for line in report.breakdowns["department"] if line.group == NO_ITEM]
    assert no_item.sms_parts == 3 and str(no_item.sms_cost["TZS"]) == "66.0000"
