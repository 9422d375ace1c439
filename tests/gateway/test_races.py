"""Promises that parallel requests could break, attacked in parallel over real HTTP.

A threaded server runs the app on 127.0.0.1 and many threads post to it at the same moment, as
Africa's Talking's workers and an attacker's scripts do. On PostgreSQL (CI's second pass) the
requests run in parallel transactions; the row locks are what keep each count exact.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
import time_machine
from flask import Flask
from sqlalchemy import select

from charter.reference import make_reference
from gateway.casework.actions import act
from gateway.casework.alarms import run_alarms
from gateway.casework.appeals import open_appeal
from gateway.casework.intake import NewItem, file_item
from gateway.casework.satisfaction import appeal_unexplained
from gateway.messaging.dispatcher import dispatch_due
from gateway.messaging.providers.fake import FakeProvider
from gateway.people.officers import NewOfficer, add_officer
from gateway.people.quotas import FILINGS_PER_DAY, REPLIES_PER_DAY
from gateway.runtime import Gateway
from store.models import Complaint, Officer
from tests.browser import serving
from tests.conftest import PHONE, sql
from tests.console.console_factories import (
    DED,
    DESK,
    PASSWORD,
    WATER_HEAD,
    WATER_OFFICER,
    add_officers,
    csrf_of,
)
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
    # One SMS tells of the lock; the guesses while locked are not answered at all.
    assert sum("imezuiwa" in text for text in texts) == 1 and len(texts) == 5
    [(locked_until,)] = sql(
        gateway.engine, f"SELECT locked_until FROM officers WHERE phone = '{WATER_OFFICER}'"
    )
    assert locked_until is not None


def test_pin_guessing_locks_longer_each_time_and_then_until_the_desk_unlocks(
    app: Flask, gateway: Gateway, officers: None
) -> None:
    """Rounds of 20 guesses at once, each as soon as the last lock ends: 30 minutes, then 4
    hours (the desk told), then locked for good (the desk told) until the desk unlocks it."""
    start = WEDNESDAY
    with serving(app) as base:
        for round_, wait in enumerate((timedelta(0), timedelta(minutes=31), timedelta(hours=4))):
            start += wait
            with time_machine.travel(start, tick=False):
                at_once(
                    PARALLEL,
                    lambda i, r=round_: post_sms(
                        base, WATER_OFFICER, f"POKEA {REFERENCE} {1000 + i}", f"pin-{r}-{i}"
                    ),
                )
        [(locked_until, locks)] = sql(
            gateway.engine,
            f"SELECT locked_until, pin_locks FROM officers WHERE phone = '{WATER_OFFICER}'",
        )
        assert str(locked_until).startswith("9999") and locks == 3
        told = [
            str(t)
            for (t,) in sql(
                gateway.engine,
                f"SELECT text FROM outbox WHERE phone = '{WATER_OFFICER}' ORDER BY id",
            )
        ]
        assert len(told) == 15  # 4 wrong and 1 lock a round: no answer to guesses while locked
        assert [t.split(": ", 1)[1] for t in told if "imezuiwa" in t] == [
            "PIN imekosewa mara 5: simu hii imezuiwa kwa dakika 30. Jaribu tena baadaye.",
            "PIN imekosewa tena mara 5: simu hii imezuiwa kwa saa 4. Dawati la malalamiko "
            "limejulishwa.",
            "PIN imekosewa mara 15: simu hii imezuiwa hadi dawati la malalamiko liifungue. "
            "Wasiliana nalo.",
        ]
        desk = [
            str(t)
            for (t,) in sql(
                gateway.engine, f"SELECT text FROM outbox WHERE phone = '{DESK}' ORDER BY id"
            )
        ]
        assert len(desk) == 2 and "mara 10" in desk[0] and "mara 15" in desk[1]
        assert "+255713000001" in desk[1] and "(dashibodi: Maafisa)" in desk[1]
        # A day later it is still locked; the desk unlocks it and the right PIN works again.
        with time_machine.travel(start + timedelta(days=1), tick=False):
            post_sms(base, WATER_OFFICER, "ORODHA 1234", "pin-later")
            assert queued(gateway, WATER_OFFICER).count("officer_list") == 0
            unlocked = app.test_cli_runner().invoke(args=["officers", "unlock", WATER_OFFICER])
            assert unlocked.exit_code == 0, unlocked.output
            post_sms(base, WATER_OFFICER, "ORODHA 1234", "pin-unlocked")
            assert queued(gateway, WATER_OFFICER).count("officer_list") == 1


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
    # Today's share now, one "limit reached", tomorrow morning's share held; the rest unanswered.
    due = sql(gateway.engine, f"SELECT purpose, due_at FROM outbox WHERE phone = '{PHONE}'")
    assert Counter(purpose for purpose, _ in due) == {
        "reply_status": 2 * REPLIES_PER_DAY,
        "reply_limit": 1,
    }
    assert Counter(str(due_at)[:16] for _, due_at in due) == {
        "2026-12-02 07:00": REPLIES_PER_DAY + 1,
        "2026-12-03 04:30": REPLIES_PER_DAY,  # 07:30 East Africa Time, office opening
    }
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


@time_machine.travel(WEDNESDAY, tick=False)
def test_twenty_messages_past_the_days_replies_at_once_get_one_limit_notice(
    app: Flask, gateway: Gateway
) -> None:
    with serving(app) as base:
        for i in range(REPLIES_PER_DAY):  # the day's share, used up one by one
            post_sms(base, PHONE, f"HALI {REFERENCE}", f"before-{i}")
        statuses = at_once(
            PARALLEL, lambda i: post_sms(base, PHONE, f"HALI {REFERENCE}", f"past-{i}")
        )
    assert set(statuses) == {200}
    purposes = Counter(queued(gateway, PHONE))
    # One notice however many raced past the share; tomorrow's share held; the rest unanswered.
    assert purposes == {"reply_status": 2 * REPLIES_PER_DAY, "reply_limit": 1}


def test_the_next_mornings_answers_go_out_once_with_two_schedulers(
    app: Flask, gateway: Gateway, fake_sms: FakeProvider
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False), serving(app) as base:
        for i in range(REPLIES_PER_DAY + 6):
            post_sms(base, PHONE, f"HALI {REFERENCE}", f"hali-{i}")
    dispatch_due(gateway.sessions, fake_sms, WEDNESDAY)
    assert len(fake_sms.sent) == REPLIES_PER_DAY + 1  # today's replies and the notice
    morning = datetime(2026, 12, 3, 4, 31, tzinfo=UTC)  # 07:31 East Africa Time
    at_once(2, lambda _: dispatch_due(gateway.sessions, fake_sms, morning))
    assert len(fake_sms.sent) == REPLIES_PER_DAY + 1 + 6  # each held answer sent once
    assert sql(gateway.engine, "SELECT count(*) FROM outbox WHERE status <> 'sent'") == [(0,)]


def test_the_reason_and_the_end_of_the_wait_at_once_open_one_appeal(
    app: Flask, gateway: Gateway, officers: None
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False), serving(app) as base:
        form = {"sessionId": "ATUid_race_why", "serviceCode": "*152*25#", "phoneNumber": PHONE}
        inputs: list[str] = []
        for answer in ("", "1", "5", "iwa", DESCRIPTION, "2", "1"):  # Maji, Iwawa, anonymous
            inputs = [*inputs, answer] if answer else []
            end = requests.post(
                f"{base}/ussd", data={**form, "text": "*".join(inputs)}, timeout=60
            ).text
        reference = end.split(": ")[1].split("\n")[0]
        post_sms(base, WATER_OFFICER, f"FUNGA {reference} 1234 Bomba limetengenezwa", "funga")
        post_sms(base, PHONE, "2", "two")
    ends = WEDNESDAY + timedelta(hours=24)
    with time_machine.travel(ends - timedelta(seconds=1), tick=False), serving(app) as base:
        # The reason arrives in the last second of the wait, as two schedulers end it.
        at_once(
            3,
            lambda i: (
                post_sms(base, PHONE, "Maji bado hayatoki", "reason")
                if i == 0
                else appeal_unexplained(gateway, ends + timedelta(seconds=1))
            ),
        )
    assert sql(gateway.engine, "SELECT status FROM complaints") == [("appealed",)]
    assert sql(
        gateway.engine, "SELECT count(*) FROM complaint_events WHERE kind = 'appeal_opened'"
    ) == [(1,)]
    assert queued(gateway, DED).count("officer_appeal_opened") == 1
    assert sql(
        gateway.engine, "SELECT count(*) FROM phones WHERE awaiting_reason_for IS NOT NULL"
    ) == [(0,)]


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_referral_and_an_acknowledgement_at_once_tell_the_citizen_a_consistent_story(
    app: Flask, gateway: Gateway, runner_officers: None
) -> None:
    references = [file_for_race(gateway, i) for i in range(10)]
    with serving(app) as base:

        def send(index: int) -> int:
            reference = references[index // 2]
            if index % 2:
                return post_sms(base, WEO, f"POKEA {reference} 1234", f"ack-{index}")
            return post_sms(base, WATER_OFFICER, f"PELEKA {reference} 1234 ruwasa", f"ref-{index}")

        assert set(at_once(2 * len(references), send)) == {200}
    for reference in references:
        [(status, referred_to)] = sql(
            gateway.engine,
            f"SELECT status, referred_to FROM complaints WHERE reference = '{reference}'",
        )
        assert (status, referred_to) == ("referred", "ruwasa")  # the referral always holds
        kinds = record_of(gateway, reference)
        told = [
            str(purpose)
            for (purpose,) in sql(
                gateway.engine,
                "SELECT o.purpose FROM outbox o JOIN complaints c ON c.id = o.complaint_id"
                f" WHERE c.reference = '{reference}' AND o.phone = c.phone ORDER BY o.id",
            )
        ]
        # Either the acknowledgement came first and the referral after it, or the referral came
        # first and the acknowledgement was refused: never "started work" after "sent away".
        assert kinds[2:] in (["acknowledged", "referred"], ["referred"]), kinds
        assert told[1:] in (["acknowledged", "referred"], ["referred"]), told


WEO = "+255713000011"


def record_of(gateway: Gateway, reference: str) -> list[str]:
    """The kinds of an item's record, in order."""
    rows = sql(
        gateway.engine,
        "SELECT e.kind FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id"
        f" WHERE c.reference = '{reference}' ORDER BY e.id",
    )
    return [str(kind) for (kind,) in rows]


@pytest.fixture()
def runner_officers(gateway: Gateway) -> None:
    """The console's officers, and the WEO of Iwawa; every PIN 1234."""
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, WEDNESDAY)
        add_officer(
            session,
            gateway.charter,
            NewOfficer("Elia", WEO, "weo", "1234", ward="Iwawa"),
            WEDNESDAY,
        )


def file_for_race(gateway: Gateway, index: int) -> str:
    """A water complaint in Iwawa from its own phone; its reference."""
    with gateway.sessions.begin() as session:
        item = NewItem(
            "lalamiko", "maji", "Iwawa", DESCRIPTION, None, False, "sw", "ussd",
            f"+2557541000{index:02d}",
        )  # fmt: skip
        return file_item(session, gateway, item, WEDNESDAY).reference


def test_the_decision_reported_carried_out_from_three_phones_and_its_alarm_at_once_closes_once(
    app: Flask, gateway: Gateway, runner_officers: None
) -> None:
    """The officer, the head and the desk all send TEKELEZA while two schedulers find the
    report late: each item closes once, the DED and the citizen are told once, and no lateness
    is told after it was reported."""
    with time_machine.travel(WEDNESDAY, tick=False):
        references = [file_for_race(gateway, i) for i in range(8)]
        with gateway.sessions.begin() as session:
            ded = session.scalar(select(Officer).where(Officer.role == "ded"))
            for reference in references:
                item = session.scalar(select(Complaint).where(Complaint.reference == reference))
                open_appeal(session, gateway, item, "Hakuna jibu", "sms", WEDNESDAY)
                act(session, gateway, ded, item, "decide", WEDNESDAY, text="Rekebisheni bomba")
                due = item.carry_out_due_at
        phones = (WATER_OFFICER, WATER_HEAD, DESK)
        with serving(app) as base:

            def send(index: int) -> object:
                if index >= 3 * len(references):  # a scheduler, at the late moment
                    return run_alarms(gateway, due + timedelta(hours=1))
                reference, phone = references[index // 3], phones[index % 3]
                text = f"TEKELEZA {reference} 1234 Bomba limerekebishwa"
                return post_sms(base, phone, text, f"done-{index}")

            results = at_once(3 * len(references) + 2, send)
    assert set(results[: 3 * len(references)]) == {200}
    for reference in references:
        [(status,)] = sql(
            gateway.engine, f"SELECT status FROM complaints WHERE reference = '{reference}'"
        )
        assert status == "carried_out"
        kinds = record_of(gateway, reference)
        assert kinds.count("carried_out") == 1
        after = kinds[kinds.index("carried_out") :]
        assert "escalated" not in after and "reminded" not in after, kinds
        told = Counter(
            str(purpose)
            for (purpose,) in sql(
                gateway.engine,
                "SELECT o.purpose FROM outbox o JOIN complaints c ON c.id = o.complaint_id"
                f" WHERE c.reference = '{reference}'",
            )
        )
        assert told["carried_out"] == 1 and told["officer_decision_carried_out"] == 1, told
        assert told["officer_carry_out_late"] <= 2  # the DED and the head, once, if at all


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_flood_of_jibu_on_ones_own_item_is_counted_and_reaches_the_officer_three_times(
    app: Flask, gateway: Gateway, officers: None
) -> None:
    """A phone with one item of its own sends 60 JIBU at once (the webhook secret proves
    nothing about the sender's intent): the officer gets at most the day's relays, the phone
    the day's replies, and every word is kept in the item's record."""
    with gateway.sessions.begin() as session:
        item = NewItem("lalamiko", "maji", "Iwawa", DESCRIPTION, None, False, "sw", "ussd", PHONE)
        reference = file_item(session, gateway, item, WEDNESDAY).reference
    with serving(app) as base:
        statuses = at_once(
            60, lambda i: post_sms(base, PHONE, f"JIBU {reference} ujumbe {i}", f"jibu-{i}")
        )
    assert set(statuses) == {200}
    assert queued(gateway, WATER_OFFICER).count("officer_citizen_answered") == 3
    replies = Counter(queued(gateway, PHONE))
    assert replies["reply_remark"] == 2 * REPLIES_PER_DAY and replies["reply_limit"] == 1
    kept = record_of(gateway, reference).count("citizen_answered")
    assert kept == 60  # nothing the citizen wrote is lost


@time_machine.travel(WEDNESDAY, tick=False)
def test_ten_requests_for_more_time_at_once_leave_one_waiting_for_the_head(
    app: Flask, gateway: Gateway, officers: None
) -> None:
    """An officer's phone resends ONGEZA (weak signal, impatience) ten times at once: one
    request waits for the head's decision and the head is asked once; the others are told a
    request already waits. Once it is decided, the officer may ask again."""
    with gateway.sessions.begin() as session:
        item = NewItem("lalamiko", "maji", "Iwawa", DESCRIPTION, None, False, "sw", "ussd", PHONE)
        reference = file_item(session, gateway, item, WEDNESDAY).reference
    asking = f"ONGEZA {reference} 1234 5 Tunasubiri bomba jipya kutoka Njombe"
    with serving(app) as base:
        statuses = at_once(10, lambda i: post_sms(base, WATER_OFFICER, asking, f"ongeza-{i}"))
        assert set(statuses) == {200}
        pending = "SELECT count(*) FROM extension_requests WHERE status = 'pending'"
        assert sql(gateway.engine, pending) == [(1,)]
        assert queued(gateway, WATER_HEAD).count("officer_extension_request") == 1
        told = sql(gateway.engine, f"SELECT text FROM outbox WHERE phone = '{WATER_OFFICER}'")
        waits = sum("linasubiri uamuzi tayari" in str(text) for (text,) in told)
        assert waits == 9
        assert post_sms(base, WATER_HEAD, f"KUBALI {reference} 1234", "kubali") == 200
        assert post_sms(base, WATER_OFFICER, asking, "ongeza-again") == 200
    assert sql(gateway.engine, pending) == [(1,)]
    assert queued(gateway, WATER_HEAD).count("officer_extension_request") == 2
