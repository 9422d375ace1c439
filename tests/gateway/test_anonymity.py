"""An anonymous citizen's phone numbers never reach an officer, however they were typed."""

from __future__ import annotations

import pytest
import time_machine
from flask.testing import FlaskClient

from gateway.people.phones import hide_phone_numbers
from gateway.runtime import Gateway
from tests.conftest import PHONE, sql
from tests.console.console_factories import WATER_OFFICER, add_officers, log_in
from tests.gateway.test_ussd_webhook import WEDNESDAY
from tests.gateway.ussd_driver import Dial, choose, reference_on

SHAPES = [
    "0754 111 111",
    "0754.444.444",
    "(0754)444444",
    "+255 754 111 111",
    "255754111111",
    "754111111",
    "0754-111-111",
    "+254 712 345678",  # a Kenyan number is a number too
]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_spelling_of_a_number_is_hidden(shape: str) -> None:
    hidden = hide_phone_numbers(f"Nipigie {shape} kesho asubuhi")
    assert hidden == "Nipigie *** kesho asubuhi"


def test_the_complainants_own_number_is_hidden_however_its_digits_are_spaced() -> None:
    assert hide_phone_numbers("namba 0 7 5 4 1 2 3 4 5 6", own=PHONE) == "namba ***"


def test_references_dates_and_amounts_are_not_numbers() -> None:
    words = "Kumbukumbu 33769718, tangu 12/11/2026, nililipa 20000 shilingi"
    assert hide_phone_numbers(words) == words


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_officer_reads_an_anonymous_complaint_without_its_numbers(
    client: FlaskClient, gateway: Gateway
) -> None:
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, WEDNESDAY)
    description = "Bomba limevunjika. Nipigie 0754 111 111 au 0754.444.444 au (0754)444444"
    dial = Dial(client, "ATUid_anonymous_numbers")
    dial.start()
    dial.answer("1")
    choose(dial, "Maji")
    choose(dial, "Iwawa")
    dial.answer(description)
    dial.answer("2")  # Bila kujitambulisha
    reference = reference_on(dial.answer("1"))
    [(new_item,)] = sql(
        gateway.engine,
        f"SELECT text FROM outbox WHERE phone = '{WATER_OFFICER}' AND purpose = 'officer_new_item'",
    )
    assert "Bomba limevunjika" in str(new_item) and "***" in str(new_item)
    for shape in ("0754 111 111", "0754.444.444", "(0754)444444", "444444"):
        assert shape not in str(new_item)
    # The console shows the record, with the numbers hidden too.
    log_in(client, WATER_OFFICER)
    page = client.get(f"/console/items/{reference}").text
    assert "Bomba limevunjika" in page
    for shape in ("0754 111 111", "0754.444.444", "(0754)444444", PHONE):
        assert shape not in page


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_named_citizens_words_are_passed_on_as_written(
    client: FlaskClient, gateway: Gateway
) -> None:
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, WEDNESDAY)
    dial = Dial(client, "ATUid_named_numbers")
    dial.start()
    dial.answer("1")
    choose(dial, "Maji")
    choose(dial, "Iwawa")
    dial.answer("Mpigie jirani 0754 111 111")
    dial.answer("1")
    dial.answer("Neema Mwakalinga")
    dial.answer("1")
    [(new_item,)] = sql(
        gateway.engine,
        f"SELECT text FROM outbox WHERE phone = '{WATER_OFFICER}' AND purpose = 'officer_new_item'",
    )
    assert "0754 111 111" in str(new_item)
