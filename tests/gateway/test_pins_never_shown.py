"""No record, page, CSV or log line shows an officer's PIN, whatever command carried it."""

from __future__ import annotations

import logging
import re

import pytest
import time_machine
from flask.testing import FlaskClient, FlaskCliRunner

from gateway.runtime import Gateway
from tests.conftest import sql
from tests.console.console_factories import PASSWORD, log_in
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on

OFFICER, DESK = "+255713000001", "+255713000003"
PIN = "97531"
# The PIN as a word of its own (a reference's 8 digits may hold the same 5 by chance).
SHOWN = re.compile(rf"(?<!\d){PIN}(?!\d)")


@time_machine.travel(WEDNESDAY, tick=False)
def test_no_record_page_csv_or_log_shows_a_pin(
    client: FlaskClient,
    gateway: Gateway,
    runner: FlaskCliRunner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for args in (
        ["--name", "Asha", "--phone", OFFICER, "--role", "officer", "--department", "maji"],
        ["--name", "Dawati", "--phone", DESK, "--role", "desk"],
    ):
        result = runner.invoke(
            args=["officers", "add", *args, "--pin", PIN, "--password", PASSWORD]
        )
        assert result.exit_code == 0, result.output
    reference = reference_on(file_water_complaint(Dial(client, "ATUid_pins")))
    other = reference_on(file_water_complaint(Dial(client, "ATUid_pins2")))
    for command in (
        f"ORODHA {PIN}",
        f"SOMA {reference} {PIN}",
        f"POKEA {reference} {PIN}",
        f"ULIZA {reference} {PIN} Bomba lipi?",
        f"JIBU {reference} {PIN} Fundi atakuja",
        f"ONGEZA {reference} {PIN} 3 Vifaa",
        f"PELEKA {other} {PIN}. tarura barabara",
        f"FUNGA {reference} {PIN} Limetengenezwa",
        f"soma {reference} {PIN[:4]}",  # a wrong PIN is not stored either
        # Mistyped: no keyword the parser knows, but the PIN is still the officer's.
        f"POKEA,{reference} {PIN}",
        f"P0KEA {reference} {PIN}",
        f"SOMA{reference} {PIN}",
        f"ORODHA{PIN}",
        f"{PIN} POKEA {reference}",
    ):
        sms(client, command, phone=OFFICER)
    stored = [str(text) for (text,) in sql(gateway.engine, "SELECT text FROM inbound_sms")]
    assert len(stored) == 14 and all(text.count("****") == 1 for text in stored), stored
    assert not any(PIN[:4] in text.split() for text in stored)
    for table in ("inbound_sms", "outbox", "complaint_events", "complaints"):
        for row in sql(gateway.engine, f"SELECT * FROM {table}"):
            assert not SHOWN.search(" ".join(map(str, row))), (table, row)
    hashes = sql(gateway.engine, "SELECT pin_hash FROM officers")
    assert all(str(pin_hash).startswith(("scrypt:", "pbkdf2:")) for (pin_hash,) in hashes)
    log_in(client, DESK)
    for page in (
        "/console/?tab=all&status=all",  # every item, with the first words of each
        f"/console/items/{reference}",
        f"/console/items/{other}",
        "/console/report?period=2026-12",
        "/console/report.csv?period=2026-12",
    ):
        assert not SHOWN.search(client.get(page).text), page
    assert not SHOWN.search(caplog.text)
