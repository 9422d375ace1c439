"""Promises that parallel requests could break, attacked in parallel over real HTTP.

A threaded server runs the app on 127.0.0.1 and many threads post to it at the same moment, as
Africa's Talking's workers and an attacker's scripts do. On PostgreSQL (CI's second pass) the
requests run in parallel transactions; the row locks are what keep each count exact.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import requests
import time_machine
from flask import Flask

from charter.reference import make_reference
from gateway.quotas import FILINGS_PER_DAY, REPLIES_PER_DAY
from gateway.runtime import Gateway
from tests.browser import serving
from tests.conftest import PHONE, sql
from tests.console.console_factories import DESK, PASSWORD, WATER_OFFICER, add_officers, csrf_of
from tests.gateway.test_ussd_webhook import DESCRIPTION, WEDNESDAY

PARALLEL = 20
REFERENCE = make_reference(3_376_971)  # a well-formed reference (its check digit is right)


def at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(0..count-1)` in `count` threads released together; their results, in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        results[index] = work(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def post_sms(base: str, phone: str, text: str, message_id: str) -> int:
    """One incoming-SMS callback as Africa's Talking sends it; the HTTP status."""
    form = {"from": phone, "to": "15025", "text": text, "id": message_id, "networkCode": "64004"}
    return requests.post(f"{base}/sms/incoming", data=form, timeout=60).status_code


def queued(gateway: Gateway, phone: str) -> list[str]:
    """The purposes of every SMS queued for a phone."""
    rows = sql(gateway.engine, f"SELECT purpose FROM outbox WHERE phone = '{phone}'")
    return [str(purpose) for (purpose,) in rows]


@pytest.fixture()
def officers(gateway: Gateway) -> None:
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, WEDNESDAY)


@time_machine.travel(WEDNESDAY, tick=False)
def test_twenty_wrong_passwords_at_once_lock_the_console_after_five(
    app: Flask, gateway: Gateway, officers: None
) -> None:
    with serving(app) as base:

        def guess(index: int) -> int:
            browser = requests.Session()
            page = browser.get(f"{base}/console/login", timeout=60)
            form = {"phone": WATER_OFFICER, "password": f"guess-{index}", "csrf_token": ""}
            form["csrf_token"] = csrf_of(page.text)
            return browser.post(f"{base}/console/login", data=form, timeout=60).status_code

        answers = Counter(at_once(PARALLEL, guess))
        # Four wrong passwords are told so; the fifth locks the console, and so does every
        # guess after it: none of the twenty is checked against a counter it did not see.
        assert answers == {401: 4, 429: PARALLEL - 4}
        browser = requests.Session()
        page = browser.get(f"{base}/console/login", timeout=60)
        right = {"phone": WATER_OFFICER, "password": PASSWORD, "csrf_token": csrf_of(page.text)}
        locked = browser.post(f"{base}/console/login", data=right, timeout=60)
        assert locked.status_code == 429  # even the right password waits out the lock


@time_machine.travel(WEDNESDAY, tick=False)
def test_twenty_wrong_pins_at_once_lock_the_sms_commands_after_five(
    app: Flask, gateway: Gateway, officers: None
) -> None:
    with serving(app) as base:
        statuses = at_once(
            PARALLEL,
            lambda i: post_sms(base, WATER_OFFICER, f"POKEA {REFERENCE} {1000 + i}", f"pin-{i}"),
        )
    assert set(statuses) == {200}
    rows = sql(gateway.engine, f"SELECT text FROM outbox WHERE phone = '{WATER_OFFICER}'")
    texts = [str(text) for (text,) in rows]
    assert sum("PIN si sahihi" in text for text in texts) == 4
    assert sum("imezuiwa" in text for text in texts) == PARALLEL - 4
    [(locked_until,)] = sql(
        gateway.engine, f"SELECT locked_until FROM officers WHERE phone = '{WATER_OFFICER}'"
    )
    assert locked_until is not None


@time_machine.travel(WEDNESDAY, tick=False)
def test_junk_from_many_phones_at_once_gets_one_help_sms_per_phone(
    app: Flask, gateway: Gateway
) -> None:
    phones = [f"+2557540{n:05d}" for n in range(PARALLEL)]
    with serving(app) as base:
        at_once(
            PARALLEL * 3,
            lambda i: post_sms(base, phones[i % PARALLEL], "habari yako rafiki", f"junk-{i}"),
        )
    helps = sql(gateway.engine, "SELECT phone, count(*) FROM outbox GROUP BY phone")
    assert sorted(helps) == sorted((phone, 1) for phone in phones)
    assert sql(gateway.engine, "SELECT count(*) FROM inbound_sms") == [(PARALLEL * 3,)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_forty_status_requests_at_once_from_one_phone_get_the_days_replies_only(
    app: Flask, gateway: Gateway
) -> None:
    with serving(app) as base:
        statuses = at_once(40, lambda i: post_sms(base, PHONE, f"HALI {REFERENCE}", f"hali-{i}"))
    assert set(statuses) == {200}
    assert len(queued(gateway, PHONE)) == REPLIES_PER_DAY
    assert sql(gateway.engine, "SELECT count(*) FROM inbound_sms") == [(40,)]  # all kept


@time_machine.travel(WEDNESDAY, tick=False)
def test_thirty_complaints_at_once_from_one_phone_file_the_days_share_only(
    app: Flask, gateway: Gateway, officers: None
) -> None:
    text = f"LALAMIKO {DESCRIPTION}"
    with serving(app) as base:
        at_once(30, lambda i: post_sms(base, PHONE, text, f"lalamiko-{i}"))
    assert sql(gateway.engine, "SELECT count(*) FROM complaints") == [(FILINGS_PER_DAY,)]
    assert queued(gateway, DESK).count("officer_new_item") == FILINGS_PER_DAY
    assert sql(gateway.engine, "SELECT count(*) FROM inbound_sms") == [(30,)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_one_phone_filing_in_many_ussd_sessions_at_once_files_the_days_share_only(
    app: Flask, gateway: Gateway
) -> None:
    sessions = FILINGS_PER_DAY + 5

    def dial(base: str, session_id: str, inputs: list[str]) -> str:
        form = {"sessionId": session_id, "serviceCode": "*152*25#", "phoneNumber": PHONE}
        response = requests.post(
            f"{base}/ussd", data={**form, "text": "*".join(inputs)}, timeout=60
        )
        assert response.status_code == 200
        return response.text

    with serving(app) as base:
        walked = []
        for index in range(sessions):
            session_id, inputs = f"ATUid_many_{index}", []
            if "Hukumaliza" in dial(base, session_id, inputs):
                inputs.append("2")  # the last session's draft is offered: start again
                dial(base, session_id, inputs)
            for answer in ("1", "5", "iwa", DESCRIPTION, "2"):  # Maji, Iwawa, anonymous
                inputs.append(answer)
                dial(base, session_id, inputs)
            assert "1 Thibitisha" in dial(base, session_id, inputs)
            walked.append((session_id, [*inputs, "1"]))
        ends = at_once(sessions, lambda i: dial(base, *walked[i]))
    assert sql(gateway.engine, "SELECT count(*) FROM complaints") == [(FILINGS_PER_DAY,)]
    assert sum("kesho" in end for end in ends) == sessions - FILINGS_PER_DAY
    assert all(end.startswith("END ") for end in ends)
