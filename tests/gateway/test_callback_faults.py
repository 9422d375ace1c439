"""Odd callbacks get a clear answer and lose nothing: no 5xx, no lost citizen SMS, no PIN kept."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
import time_machine
from flask.testing import FlaskClient

from charter.reference import make_reference
from gateway.channels.sms_inbox import handle_waiting_sms
from gateway.runtime import Gateway
from tests.callback_fuzz import CALLBACKS, fuzzed_form
from tests.conftest import PHONE, sql
from tests.console.console_factories import WATER_OFFICER, add_officers
from tests.gateway.test_ussd_webhook import DESCRIPTION, WEDNESDAY

REFERENCE = make_reference(3_376_971)


def incoming(client: FlaskClient, text: str, message_id: str, phone: str = PHONE) -> int:
    form = {"from": phone, "to": "15025", "text": text, "id": message_id, "networkCode": "64004"}
    return client.post("/sms/incoming", data=form).status_code


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_fault_while_acting_keeps_the_sms_and_the_scheduler_acts_on_it_later(
    client: FlaskClient, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the database dropped the connection")

    with monkeypatch.context() as patched:
        patched.setattr("gateway.channels.sms_inbox.file_item", broken)
        assert incoming(client, f"LALAMIKO {DESCRIPTION}", "ATSMS_fault") == 200
        assert incoming(client, f"LALAMIKO {DESCRIPTION}", "ATSMS_fault") == 200  # AT's retry
    stored = "SELECT text, handled_at IS NULL, failures FROM inbound_sms"
    assert sql(gateway.engine, stored) in (
        [(f"LALAMIKO {DESCRIPTION}", True, 1)],
        [(f"LALAMIKO {DESCRIPTION}", 1, 1)],
    )
    assert sql(gateway.engine, "SELECT count(*) FROM complaints") == [(0,)]
    # Too soon: the webhook's own try has the first minute.
    assert handle_waiting_sms(gateway, WEDNESDAY + timedelta(seconds=10)) == 0
    assert handle_waiting_sms(gateway, WEDNESDAY + timedelta(minutes=1)) == 1
    assert sql(gateway.engine, "SELECT description, channel FROM complaints") == [
        (DESCRIPTION, "sms")
    ]
    # The acknowledgement is the message's reply.
    assert sql(gateway.engine, "SELECT purpose FROM outbox WHERE phone = '+255754123456'") == [
        ("reply_complaint",)
    ]
    assert handle_waiting_sms(gateway, WEDNESDAY + timedelta(minutes=2)) == 0  # once only


@time_machine.travel(WEDNESDAY, tick=False)
def test_an_officers_pin_is_never_stored_and_a_failed_command_is_asked_for_again(
    client: FlaskClient, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, WEDNESDAY)
    assert incoming(client, f"POKEA {REFERENCE} 1234", "ATSMS_pin", WATER_OFFICER) == 200
    assert incoming(client, f"POKEA 1234 {REFERENCE}", "ATSMS_typo", WATER_OFFICER) == 200
    texts = sql(gateway.engine, "SELECT text FROM inbound_sms ORDER BY id")
    assert texts == [(f"POKEA {REFERENCE} ****",), (f"POKEA **** {REFERENCE}",)]

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("a bug")

    with monkeypatch.context() as patched:
        patched.setattr("gateway.channels.sms_inbox.answer_officer", broken)
        assert incoming(client, f"FUNGA {REFERENCE} 1234 Tumerekebisha", "ATSMS_x", WATER_OFFICER)
    assert handle_waiting_sms(gateway, WEDNESDAY + timedelta(minutes=1)) == 1
    last = sql(
        gateway.engine, f"SELECT text FROM outbox WHERE phone = '{WATER_OFFICER}' ORDER BY id"
    )[-1][0]
    assert "utume tena" in str(last)  # asked to send again: the stored copy has no PIN
    assert sql(
        gateway.engine, f"SELECT failed_pins FROM officers WHERE phone = '{WATER_OFFICER}'"
    ) == [(0,)]  # and the missing PIN was not counted as a wrong one


@pytest.mark.parametrize("path", sorted(CALLBACKS))
def test_fuzzed_callbacks_never_get_a_5xx(client: FlaskClient, path: str) -> None:
    """Random fields from a seeded generator: a clear 2xx/4xx every time, and USSD CON/END."""
    rng = random.Random(path)
    for attempt in range(150):
        form = fuzzed_form(rng, path, attempt)
        response = client.post(path, data=form)
        assert response.status_code < 500, (path, form, response.get_data(as_text=True))
        if path == "/ussd" and response.status_code == 200:
            assert response.get_data(as_text=True).startswith(("CON ", "END ")), form
