"""`flask simulate`: a scripted USSD session in the terminal files a real complaint."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from gateway.messaging.providers.fake import FakeProvider
from tests.conftest import PHONE, sql
from tests.gateway.ussd_driver import reference_on

# Complaint, Maji, the ward typed by its first letters, a description, anonymous, confirm.
COMPLAINT = "1\n5\niwa\nBomba la maji limevunjika Iwawa\n2\n1\n"


@pytest.fixture()
def keyed_app(make_app: Callable[..., Flask], fake_sms: FakeProvider) -> Flask:
    """An app whose webhooks demand a key: the terminal must send it like Africa's Talking."""
    return make_app(SMS_PROVIDER=fake_sms, WEBHOOK_SECRET="s3cret key&")


def test_a_scripted_session_files_a_complaint_and_queues_its_acknowledgement(
    keyed_app: Flask,
) -> None:
    result = keyed_app.test_cli_runner().invoke(
        args=["simulate", "--phone", "0754123456"], input=COMPLAINT
    )

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Karibu")  # the screen, without "CON "
    assert "CON " not in result.output and "END " not in result.output
    end_screen = result.output.rsplit("> 1\n", 1)[1]
    reference = reference_on(end_screen)
    engine = keyed_app.extensions["gateway"].engine
    assert sql(
        engine,
        "SELECT department, ward, description, phone FROM complaints"
        f" WHERE reference = '{reference}'",
    ) == [("maji", "Iwawa", "Bomba la maji limevunjika Iwawa", PHONE)]
    acknowledgements = sql(
        engine,
        f"SELECT text, status FROM outbox WHERE phone = '{PHONE}' AND purpose = 'acknowledgement'",
    )
    assert len(acknowledgements) == 1
    assert reference in str(acknowledgements[0][0])
    assert acknowledgements[0][1] == "queued"
    # The session ended on END: the end-of-session notification says Success, after 7 requests.
    assert sql(engine, "SELECT phone, status, hops, last_input FROM ussd_session_ends") == [
        (PHONE, "Success", 7, "1")
    ]


def test_a_script_that_stops_early_ends_the_session_as_incomplete(keyed_app: Flask) -> None:
    result = keyed_app.test_cli_runner().invoke(
        args=["simulate", "--phone", "+255754123456", "--network", "64005"], input="1\n"
    )

    assert result.exit_code == 0, result.output
    assert "Chagua idara" in result.output
    assert "session ended as Incomplete" in result.output
    engine = keyed_app.extensions["gateway"].engine
    assert sql(engine, "SELECT status, network_code, hops FROM ussd_session_ends") == [
        ("Incomplete", "64005", 2)
    ]
    assert sql(engine, "SELECT count(*) FROM complaints") == [(0,)]


@pytest.mark.parametrize("phone", ["123", "0754 12345", "not a phone"])
def test_a_bad_phone_is_refused_with_a_clear_error(keyed_app: Flask, phone: str) -> None:
    result = keyed_app.test_cli_runner().invoke(args=["simulate", "--phone", phone], input="1\n")

    assert result.exit_code == 2
    assert "Invalid value for --phone" in result.output
    assert "is not a valid phone number" in result.output
    engine = keyed_app.extensions["gateway"].engine
    assert sql(engine, "SELECT count(*) FROM ussd_sessions") == [(0,)]
