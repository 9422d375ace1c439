"""Every word a citizen reads, through the real webhooks, in Swahili and English (issue 10):
status in agreement with the item's kind, one date that matters on every screen and SMS, an
escalation told as what it is, the route beyond the council with its numbers, "Ndiyo"/"no"
taken, "why not satisfied?" asked and its answer made the appeal's reason, RUFAA saying when,
the appeal window, the daily limit told once and answered the next morning, JIBU confirmed,
compliments thanked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from gateway.casework.alarms import run_alarms
from gateway.casework.satisfaction import NO_REASON, appeal_unexplained
from gateway.messaging.dispatcher import dispatch_due
from gateway.messaging.providers.fake import FakeProvider
from gateway.people.quotas import REPLIES_PER_DAY
from gateway.runtime import Gateway
from tests.conftest import PHONE, edited_charter, sql
from tests.gateway.test_charter_engine import DED, HEALTH_OFFICER, PIN, WATER_OFFICER, to
from tests.gateway.test_charter_engine import officers as officers  # a fixture the tests use
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import DESCRIPTION, WEDNESDAY
from tests.gateway.ussd_driver import Dial, choose, reference_on

LANGUAGES = ("sw", "en")
STATUS = {"sw": "HALI", "en": "STATUS"}
APPEAL = {"sw": "RUFAA", "en": "APPEAL"}
ANSWER = {"sw": "JIBU", "en": "REPLY"}
REASON = "Maji bado hayatoki kijijini kwetu"
_sessions = iter(range(1, 10_000))


def file_by_ussd(
    client: FlaskClient,
    language: str = "sw",
    kind: str = "",
    department: str = "Maji",
    phone: str = PHONE,
) -> str:
    """File an item as a citizen would on USSD, in `language`; its reference.

    `kind` is "" for a complaint, else "1", "2" or "3" under menu 2 (suggestion, compliment,
    enquiry).
    """
    if language == "en":
        chooser = Dial(client, f"ATUid_lang_{next(_sessions)}", phone=phone)
        chooser.start()
        chooser.answer("6")
        chooser.answer("2")
    dial = Dial(client, f"ATUid_words_{next(_sessions)}", phone=phone)
    dial.start()
    if kind:
        dial.answer("2")
        dial.answer(kind)
    else:
        dial.answer("1")
    choose(dial, department)
    choose(dial, "Iwawa")
    dial.answer(DESCRIPTION)
    dial.answer("2")  # anonymous
    return reference_on(dial.answer("1"))


def track(client: FlaskClient, reference: str, phone: str = PHONE) -> str:
    """The USSD track screen of one item, its reference typed in."""
    dial = Dial(client, f"ATUid_track_{next(_sessions)}", phone=phone)
    dial.start()
    dial.answer("3")
    dial.answer("4")
    return dial.answer(reference)


def last(gateway: Gateway, phone: str = PHONE) -> str:
    """The latest SMS queued for a phone."""
    return to(gateway, phone)[-1][1]


def at(day: int, hour: int = 10, month: int = 12, year: int = 2026) -> datetime:
    """A moment in East Africa Time, as UTC."""
    return datetime(year, month, day, hour - 3, 0, tzinfo=UTC)


def events(gateway: Gateway) -> list[str]:
    return [str(kind) for (kind,) in sql(gateway.engine, "SELECT kind FROM complaint_events")]


def status_of(gateway: Gateway, reference: str) -> str:
    [(status,)] = sql(
        gateway.engine, f"SELECT status FROM complaints WHERE reference='{reference}'"
    )
    return str(status)


# --- HALI names the item's kind, in agreement, and a date only when one is owed -----------------


@time_machine.travel(WEDNESDAY, tick=False)
@pytest.mark.parametrize(
    ("kind", "sw", "en"),
    [
        ("3", "Maulizo yako {ref} yamepokelewa. Idara: Afya. Jibu ifikapo 14/12/2026.",
         "Your enquiry {ref} has been received. Department: Afya. Answer by 14/12/2026."),
        ("2", "Pongezi zako {ref} zimepokelewa. Idara: Afya.",
         "Your compliment {ref} has been received. Department: Afya."),
        ("1", "Mapendekezo yako {ref} yamepokelewa. Idara: Afya. Jibu ifikapo 05/01/2027.",
         "Your suggestion {ref} has been received. Department: Afya. Answer by 05/01/2027."),
        ("", "Lalamiko lako {ref} limepokelewa. Idara: Afya. Jibu ifikapo 23/12/2026.",
         "Your complaint {ref} has been received. Department: Afya. Answer by 23/12/2026."),
    ],
)  # fmt: skip
def test_status_names_the_kind_in_agreement_and_no_date_when_none_is_owed(
    client: FlaskClient, gateway: Gateway, kind: str, sw: str, en: str
) -> None:
    reference = file_by_ussd(client, kind=kind, department="Afya")
    for language, expected in (("sw", sw), ("en", en)):
        sms(client, f"{STATUS[language]} {reference}")
        assert last(gateway) == "Makete DC: " + expected.format(ref=reference)


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_track_screen_agrees_with_the_kind_too(client: FlaskClient, gateway: Gateway) -> None:
    reference = file_by_ussd(client, kind="3", department="Afya")
    assert track(client, reference) == (
        f"END Maulizo yako {reference} yamepokelewa.\nIdara: Afya.\nJibu ifikapo 14/12/2026."
    )


# --- one date that matters now, the same on USSD and by SMS ---------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_date_that_matters_is_the_same_on_ussd_and_by_sms(
    client: FlaskClient, gateway: Gateway, officers: None, language: str
) -> None:
    def both() -> tuple[str, str]:
        sms(client, f"{STATUS[language]} {reference}")
        return last(gateway), track(client, reference)

    with time_machine.travel(WEDNESDAY, tick=False):
        reference = file_by_ussd(client, language)
        status, screen = both()
        answer_by = "Jibu ifikapo 10/12/2026." if language == "sw" else "Answer by 10/12/2026."
        assert answer_by in status and answer_by in screen
        sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
        status, screen = both()
        # Answered: no answer date any more; the citizen may appeal for 30 days.
        assert "10/12/2026" not in status + screen
        assert "01/01/2027" in status and "01/01/2027" in screen
        assert f"{APPEAL[language]} {reference}" in status and "4" in screen.splitlines()[-1]
    with time_machine.travel(at(3), tick=False):
        sms(client, f"{APPEAL[language]} {reference} {REASON}")
        status, screen = both()
        # On appeal: the DED's date, in both, and nothing else.
        decision = (
            "Uamuzi wa rufaa ifikapo 24/12/2026."
            if language == "sw"
            else "Appeal decision by 24/12/2026."
        )
        assert decision in status and decision in screen
        assert "01/01/2027" not in status + screen and "10/12/2026" not in status + screen
        sms(client, f"AMUA {reference} {PIN} Fundi atarudi Jumatatu", phone=DED)
        status, screen = both()
        # Decided: the date the department is to carry the decision out by, in both.
        carried = (
            "Uamuzi wa Mkurugenzi utatekelezwa ifikapo 24/12/2026."
            if language == "sw"
            else "The Director's decision is to be carried out by 24/12/2026."
        )
        assert carried in status and carried in screen
        assert f"{APPEAL[language]} {reference}" not in status


# --- the council missed its date: the citizen is told so, not that they appealed -----------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sw", "Makete DC: Samahani, hatukujibu {ref} ifikapo 10/12/2026. Tumelipeleka kwa "
               "Mkurugenzi Mtendaji; atakujibu ifikapo 05/01/2027."),
        ("en", "Makete DC: Sorry, we did not answer {ref} by 10/12/2026. The Executive Director "
               "has taken it up and will answer you by 05/01/2027."),
    ],
)  # fmt: skip
def test_a_missed_date_that_goes_to_the_ded_is_told_as_what_it_is(
    client: FlaskClient, gateway: Gateway, officers: None, language: str, expected: str
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = file_by_ussd(client, language)
    run_alarms(gateway, at(14, 16))  # Monday 14 Dec: two working days after the breach
    assert status_of(gateway, reference) == "appealed"
    purpose, told = to(gateway, PHONE)[-1]
    assert purpose == "escalated_to_ded" and told == expected.format(ref=reference)
    assert "Rufaa yako" not in told and "Your appeal" not in told


# --- after the DED's decision: the Commission's numbers from the charter file --------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_last_sms_gives_the_commissions_number_and_takukuru(
    client: FlaskClient, gateway: Gateway, officers: None, language: str
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = file_by_ussd(client, language)
        sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
        sms(client, f"{APPEAL[language]} {reference} {REASON}")
        sms(client, f"AMUA {reference} {PIN} Fundi atarudi Jumatatu", phone=DED)
    (decided, decision), (route, external) = to(gateway, PHONE)[-2:]
    assert (decided, route) == ("appeal_decided", "external_route")
    assert "Fundi atarudi Jumatatu" in decision
    assert "TAARIFA" in external and "0754 460 259" in external and "TAKUKURU 113" in external
    assert len(external) <= 160


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_council_sets_the_commissions_numbers_in_its_charter(
    make_app: Callable[..., Flask], fake_sms: FakeProvider, tmp_path: Path
) -> None:
    charter = edited_charter(
        tmp_path,
        'chragg_sms = "0754 460 259"',
        'chragg_sms = "0700 111 222"\nchragg_call = "0800 110 000"',
    )
    app = make_app(SMS_PROVIDER=fake_sms, CHARTER_FILE=str(charter))
    client, gateway = app.test_client(), app.extensions["gateway"]
    register_officers(app)
    reference = file_by_ussd(client)
    sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    sms(client, f"RUFAA {reference} {REASON}")
    sms(client, f"AMUA {reference} {PIN} Fundi atarudi Jumatatu", phone=DED)
    external = last(gateway)
    assert "TAARIFA kwenda 0700 111 222, au piga 0800 110 000" in external
    assert "0754 460 259" not in external and len(external) <= 160


def register_officers(app: Flask) -> None:
    """The water officer and the DED, as an administrator adds them."""
    runner = app.test_cli_runner()
    for args in (
        ["--name", "Asha Mwakyusa", "--phone", WATER_OFFICER, "--role", "officer",
         "--department", "maji"],
        ["--name", "Mkurugenzi", "--phone", DED, "--role", "ded"],
    ):  # fmt: skip
        assert runner.invoke(args=["officers", "add", *args, "--pin", PIN]).exit_code == 0


# --- "are you satisfied?" answered in words, with or without the reference ------------------------


@time_machine.travel(WEDNESDAY, tick=False)
@pytest.mark.parametrize(
    ("answer", "language", "closed", "reply"),
    [
        ("Ndiyo", "sw", True, "Tunafurahi umeridhika"),
        ("ndio asante sana", "sw", True, "Tunafurahi umeridhika"),
        ("YES", "en", True, "glad you are satisfied"),
        ("1 {ref}", "sw", True, "Tunafurahi umeridhika"),
        ("yes {ref} thank you", "en", True, "glad you are satisfied"),
        ("Hapana", "sw", False, "Samahani kwamba hukuridhika"),
        ("NO", "en", False, "sorry you are not satisfied"),
        ("2 {ref}", "en", False, "sorry you are not satisfied"),
        ("hapana {ref}", "sw", False, "Samahani kwamba hukuridhika"),
        ("Hapana asante", "sw", False, "Samahani kwamba hukuridhika"),  # too short to be a reason
    ],
)
def test_yes_and_no_in_words_answer_are_you_satisfied(
    client: FlaskClient,
    gateway: Gateway,
    officers: None,
    answer: str,
    language: str,
    closed: bool,
    reply: str,
) -> None:
    reference = file_by_ussd(client, language)
    sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    sms(client, answer.format(ref=reference))
    assert reply in last(gateway) and reference in last(gateway)
    assert status_of(gateway, reference) == ("closed" if closed else "resolved")
    assert sql(gateway.engine, "SELECT satisfied FROM complaints") in (
        [(closed,)],
        [(int(closed),)],
    )
    assert "appeal_opened" not in events(gateway)


# --- "2": asked why, and the next message is the appeal's reason ----------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_2_asks_why_and_the_next_message_is_the_reason_the_ded_reads(
    client: FlaskClient, gateway: Gateway, officers: None, language: str
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = file_by_ussd(client, language)
        sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
        sms(client, "2")
        asked = last(gateway)
        assert ("saa 24" if language == "sw" else "24 hours") in asked
        assert status_of(gateway, reference) == "resolved" and to(gateway, DED) == []
    with time_machine.travel(WEDNESDAY + timedelta(hours=3), tick=False):
        # A keyword while the question waits is that command, and the question keeps waiting.
        sms(client, f"{STATUS[language]} {reference}")
        assert reference in last(gateway) and status_of(gateway, reference) == "resolved"
        sms(client, REASON)
    assert status_of(gateway, reference) == "appealed"
    [(detail,)] = sql(
        gateway.engine, "SELECT detail FROM complaint_events WHERE kind = 'appeal_opened'"
    )
    assert REASON in str(detail)
    [(purpose, to_ded)] = to(gateway, DED)
    assert purpose == "officer_appeal_opened"
    assert '"Bomba la maji' in to_ded and f'"{REASON}"' in to_ded and len(to_ded) <= 160
    opened = last(gateway)
    assert ("Rufaa yako" if language == "sw" else "Your appeal") in opened
    # The question is answered: the phone's next message is its own again.
    with time_machine.travel(WEDNESDAY + timedelta(hours=4), tick=False):
        sms(client, "habari za asubuhi")
    assert "LALAMIKO" in last(gateway) or "COMPLAINT" in last(gateway)


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_2_with_words_gives_its_reason_at_once(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    reference = file_by_ussd(client)
    sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    sms(client, f"Hapana, {REASON}")
    assert status_of(gateway, reference) == "appealed"
    assert f'"{REASON}"' in to(gateway, DED)[0][1]


def test_an_unanswered_why_opens_the_appeal_when_the_wait_ends(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        reference = file_by_ussd(client)
        sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
        sms(client, "2")
    assert appeal_unexplained(gateway, WEDNESDAY + timedelta(hours=23)) == 0
    assert status_of(gateway, reference) == "resolved"
    assert appeal_unexplained(gateway, WEDNESDAY + timedelta(hours=24, minutes=1)) == 1
    assert appeal_unexplained(gateway, WEDNESDAY + timedelta(hours=25)) == 0  # once
    assert status_of(gateway, reference) == "appealed"
    [(detail,)] = sql(
        gateway.engine, "SELECT detail FROM complaint_events WHERE kind = 'appeal_opened'"
    )
    assert NO_REASON in str(detail)
    assert to(gateway, PHONE)[-1][0] == "appeal_opened" and "Rufaa yako" in last(gateway)
    with time_machine.travel(WEDNESDAY + timedelta(hours=26), tick=False):
        sms(client, REASON)  # too late to be the reason: the help text
    assert "LALAMIKO" in last(gateway) and events(gateway).count("appeal_opened") == 1


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_1_while_the_question_waits_means_the_citizen_changed_their_mind(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    reference = file_by_ussd(client)
    sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    sms(client, "2")
    sms(client, "Ndiyo")
    assert status_of(gateway, reference) == "closed"
    assert appeal_unexplained(gateway, WEDNESDAY + timedelta(days=2)) == 0
    assert status_of(gateway, reference) == "closed"


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_question_survives_a_restart(
    client: FlaskClient,
    gateway: Gateway,
    officers: None,
    settings: dict[str, object],
    fake_sms: FakeProvider,
) -> None:
    reference = file_by_ussd(client)
    sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    sms(client, "2")
    restarted = create_app({**settings, "SMS_PROVIDER": fake_sms})  # the same database, kept
    try:
        sms(restarted.test_client(), REASON)
    finally:
        restarted.extensions["gateway"].engine.dispose()
    assert status_of(gateway, reference) == "appealed"
    assert REASON in to(gateway, DED)[0][1]


# --- RUFAA on an item that cannot be appealed: when it can be ------------------------------------


@time_machine.travel(WEDNESDAY, tick=False)
@pytest.mark.parametrize(
    ("kind", "language", "expected"),
    [
        ("", "sw", "Makete DC: Unaweza kukata rufaa kuhusu {ref} ukipata jibu na hujaridhika, au "
                   "tusipojibu ifikapo 10/12/2026."),
        ("", "en", "Makete DC: You can appeal on {ref} once you have an answer you are not "
                   "satisfied with, or if we have not answered by 10/12/2026."),
        ("2", "sw", "Makete DC: Unaweza kukata rufaa kuhusu {ref} ukipata jibu na hujaridhika."),
    ],
)  # fmt: skip
def test_rufaa_too_early_says_when_it_can_be(
    client: FlaskClient, gateway: Gateway, kind: str, language: str, expected: str
) -> None:
    reference = file_by_ussd(client, kind=kind)
    sms(client, f"{APPEAL[language]} {reference} {REASON}")
    assert last(gateway) == expected.format(ref=reference)
    assert "appeal_opened" not in events(gateway)


@time_machine.travel(WEDNESDAY, tick=False)
def test_rufaa_on_an_item_already_on_appeal_gives_the_decision_date(
    client: FlaskClient, gateway: Gateway, officers: None
) -> None:
    reference = file_by_ussd(client)
    sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    sms(client, f"RUFAA {reference} {REASON}")
    sms(client, f"RUFAA {reference} {REASON} tena")
    assert last(gateway) == (
        f"Makete DC: Rufaa kuhusu {reference} iko kwa Mkurugenzi Mtendaji; ataamua ifikapo "
        "23/12/2026."
    )
    assert events(gateway).count("appeal_opened") == 1


# --- the appeal window: 30 days, closed by a "1" -------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_appeal_window_closes_after_thirty_days(
    client: FlaskClient, gateway: Gateway, officers: None, language: str
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        late, in_time = file_by_ussd(client, language), file_by_ussd(client, language)
        for reference in (late, in_time):
            sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    with time_machine.travel(at(1, 23, month=1, year=2027), tick=False):  # the 30th day
        sms(client, f"{APPEAL[language]} {in_time} {REASON}")
        assert status_of(gateway, in_time) == "appealed"
    with time_machine.travel(at(2, 8, month=1, year=2027), tick=False):  # the 31st
        sms(client, f"{APPEAL[language]} {late} {REASON}")
        assert status_of(gateway, late) == "resolved"
        ended = "ulikwisha 01/01/2027" if language == "sw" else "ended on 01/01/2027"
        assert ended in last(gateway) and late in last(gateway)
        sms(client, f"2 {late}")  # "not satisfied" after the window: the same answer
        assert ended in last(gateway) and status_of(gateway, late) == "resolved"
        dial = Dial(client, "ATUid_window")
        dial.start()
        nothing = dial.answer("4")
        assert nothing.startswith("END ") and ("siku 30" in nothing or "30 days" in nothing)


@time_machine.travel(WEDNESDAY, tick=False)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_1_closes_the_appeal_window(
    client: FlaskClient, gateway: Gateway, officers: None, language: str
) -> None:
    reference = file_by_ussd(client, language)
    sms(client, f"FUNGA {reference} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    sms(client, "1")
    sms(client, f"{APPEAL[language]} {reference} {REASON}")
    assert status_of(gateway, reference) == "closed"
    said = "Ulijibu kuwa umeridhika" if language == "sw" else "You told us you were satisfied"
    assert said in last(gateway)
    dial = Dial(client, "ATUid_closed")
    dial.start()
    assert dial.answer("4").startswith(("END Rufaa inawezekana", "END You can appeal"))


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_standards_screen_gives_the_appeal_window(client: FlaskClient) -> None:
    dial = Dial(client, "ATUid_standards")
    assert dial.start().startswith("CON Karibu Halmashauri ya Makete\n")
    dial.answer("5")
    assert "Kata rufaa ndani ya siku 30 za kalenda\n" in dial.answer("9")


# --- the daily limit: told once, answered the next morning; answers to questions always free ---


@time_machine.travel(WEDNESDAY, tick=False)
def test_past_the_days_replies_the_phone_is_told_once_and_answered_next_morning(
    client: FlaskClient, gateway: Gateway, officers: None, fake_sms: FakeProvider
) -> None:
    reference, resolved = file_by_ussd(client), file_by_ussd(client)
    sms(client, f"ULIZA {reference} {PIN} Bomba lipo kijiji gani?", phone=WATER_OFFICER)
    sms(client, f"FUNGA {resolved} {PIN} Bomba limetengenezwa", phone=WATER_OFFICER)
    for _ in range(REPLIES_PER_DAY + 3):
        sms(client, f"HALI {reference}")
    # The council's own questions: answered at once, never counted.
    sms(client, f"JIBU {reference} Kijiji cha Ivalalila")
    sms(client, "Ndiyo")
    rows = sql(
        gateway.engine,
        f"SELECT purpose, due_at FROM outbox WHERE phone = '{PHONE}' AND purpose LIKE 'reply_%'"
        " ORDER BY id",
    )
    now = [purpose for purpose, due_at in rows if str(due_at).startswith("2026-12-02")]
    held = [purpose for purpose, due_at in rows if str(due_at).startswith("2026-12-03 04:30")]
    assert now == [
        *["reply_status"] * REPLIES_PER_DAY,
        "reply_limit",
        "reply_answer",
        "reply_satisfaction",
    ]
    assert held == ["reply_status"] * 3
    assert status_of(gateway, resolved) == "closed"
    limit = [text for purpose, text in to(gateway, PHONE) if purpose == "reply_limit"]
    assert limit == [
        "Makete DC: Simu hii imefikia kikomo cha SMS za leo. Tutajibu ujumbe wako kesho asubuhi."
    ]
    dispatch_due(gateway.sessions, fake_sms, WEDNESDAY + timedelta(hours=1))
    # Two acknowledgements, the question, the resolution, today's replies, the notice, the
    # confirmation of the answer and the thanks for the "Ndiyo".
    sent_today = 4 + REPLIES_PER_DAY + 3
    assert len([p for p, _ in fake_sms.sent if p == PHONE]) == sent_today
    dispatch_due(gateway.sessions, fake_sms, at(3, 7) + timedelta(minutes=29))
    assert len([p for p, _ in fake_sms.sent if p == PHONE]) == sent_today
    dispatch_due(gateway.sessions, fake_sms, at(3, 7) + timedelta(minutes=31))  # 07:31
    assert len([p for p, _ in fake_sms.sent if p == PHONE]) == sent_today + 3


@pytest.mark.parametrize("language", LANGUAGES)
@time_machine.travel(WEDNESDAY, tick=False)
def test_a_citizens_answer_is_confirmed(
    client: FlaskClient, gateway: Gateway, officers: None, language: str
) -> None:
    reference = file_by_ussd(client, language)
    sms(client, f"ULIZA {reference} {PIN} Bomba lipo kijiji gani?", phone=WATER_OFFICER)
    assert ("kisha jibu lako" if language == "sw" else "then your answer") in last(gateway)
    sms(client, f"{ANSWER[language]} {reference} Kijiji cha Ivalalila")
    assert last(gateway) == (
        f"Makete DC: Asante, tumepokea jibu lako kuhusu {reference} na kumpelekea afisa."
        if language == "sw"
        else f"Makete DC: Thank you, we received your answer on {reference} and passed it to "
        "the officer."
    )
    assert "Kijiji cha Ivalalila" in to(gateway, WATER_OFFICER)[-1][1]


# --- compliments and suggestions are thanked, complaints and enquiries worked on ----------------


@time_machine.travel(WEDNESDAY, tick=False)
@pytest.mark.parametrize(
    ("kind", "language", "expected"),
    [
        ("2", "sw", "Makete DC: Pongezi zako {ref} zimefika kwa afisa wa Afya. Asante!"),
        ("2", "en", "Makete DC: Your compliment {ref} has reached the Afya officer. Thank you!"),
        ("1", "sw", "Makete DC: Mapendekezo yako {ref} yamefika kwa afisa wa Afya. Asante! "
                    "Jibu ifikapo 05/01/2027."),
        ("", "sw", "Makete DC: Lalamiko lako {ref}: afisa wa Afya ameanza kulishughulikia. "
                   "Jibu ifikapo 23/12/2026."),
        ("3", "sw", "Makete DC: Maulizo yako {ref}: afisa wa Afya ameanza kuyashughulikia. "
                    "Jibu ifikapo 14/12/2026."),
        ("3", "en", "Makete DC: The Afya officer has started work on your enquiry {ref}. "
                    "Answer by 14/12/2026."),
    ],
)  # fmt: skip
def test_each_kind_is_acknowledged_in_words_that_fit_it(
    client: FlaskClient,
    gateway: Gateway,
    officers: None,
    kind: str,
    language: str,
    expected: str,
) -> None:
    reference = file_by_ussd(client, language, kind=kind, department="Afya")
    sms(client, f"POKEA {reference} {PIN}", phone=HEALTH_OFFICER)
    assert to(gateway, PHONE)[-1] == ("acknowledged", expected.format(ref=reference))
