"""A call-back about an anonymous item: the citizen is warned the council will see the number,
and the item stays anonymous (the call-back is its own item, not linked to it)."""

from __future__ import annotations

import pytest
import time_machine
from flask.testing import FlaskClient

from gateway.runtime import Gateway
from tests.conftest import PHONE, sql
from tests.gateway.test_charter_engine import DESK, WATER_OFFICER, officers, to  # noqa: F401
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on


@pytest.mark.usefixtures("officers")
def test_a_call_back_about_an_anonymous_item_warns_and_keeps_it_anonymous(
    client: FlaskClient, gateway: Gateway
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        hidden = reference_on(file_water_complaint(Dial(client, "ATUid_hidden")))
        dial = Dial(client, "ATUid_call_hidden")
        dial.start()
        dial.answer("7")
        dial.answer("4")
        dial.answer("2")
        confirm = dial.answer(hidden)
        assert "tutaiona namba yako" in confirm
        end = dial.answer("1")
    call = reference_on(end)
    [(department, about, description, anonymous)] = sql(
        gateway.engine,
        "SELECT department, about_reference, description, anonymous FROM complaints"
        f" WHERE reference = '{call}'",
    )
    # Its own item, for the desk: no link to the anonymous one, in any field.
    assert (department, about, anonymous) == (None, None, False)
    assert hidden not in str(description)
    new_item = [text for purpose, text in to(gateway, DESK) if purpose == "officer_new_item"]
    assert len(new_item) == 1 and hidden not in new_item[0] and PHONE in new_item[0]
    # The water officer, who has the anonymous item, hears nothing of the call.
    assert not [text for _, text in to(gateway, WATER_OFFICER) if call in text]
    [(still_anonymous,)] = sql(
        gateway.engine, f"SELECT anonymous FROM complaints WHERE reference = '{hidden}'"
    )
    assert still_anonymous
