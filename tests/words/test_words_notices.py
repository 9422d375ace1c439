"""Every SMS of the charter engine, to officers and citizens, in both languages: one plain GSM-7
part with the longest real values, free text cut with "..", instructions never cut."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest

from charter.calendar import EAT, WorkingCalendar
from charter.gsm7 import gsm7_length, is_gsm7_basic, sms_parts
from charter.loader import load_charter
from charter.model import Charter
from menus.officer_commands import ACTIONS, OFFICER_KEYWORDS
from words import notices
from words.catalogue import LANGUAGES

LONGEST_REFERENCE = "999999999"  # references are 7 to 9 digits
LATE_DATE = date(2026, 12, 31)
OFFICER_NAME = "Mwanaisha Mwakalinga Mbwilo Sa"  # 30 characters, the longest we allow for
CALLER = "Mwanaisha Mwakalinga +255754123456"  # the longest name shown whole: 20 characters
LONG_CALLER = "Mwanaisha Mwakalinga Mbwilo Sanga Kyando +255754123456"  # names go up to 60
# Free text much longer than any SMS, with words, so a cut shows where it falls.
LONG_TEXT = " ".join(["Bomba la maji limevunjika karibu na shule"] * 12)
REFUSALS = (
    "unknown_phone",
    "wrong_pin",
    "locked",
    "locked_hours",
    "locked_desk",
    "not_allowed",
    "not_found",
    "usage",
    "no_pending_extension",
    "extension_pending",
    "bad_department",
    "not_open",
    "no_appeal",
    "other_ward",
    "bad_institution",
    "not_referred",
    "no_decision",
)
SATISFACTION = {"sw": "Umeridhika? Jibu 1 ndiyo, 2 hapana", "en": "Satisfied? Reply 1 yes, 2 no"}
# What gateway/lifecycle/item_dates.py can say of an item in each status:
# (status, due_what, may appeal).
REAL_DATES = [
    ("received", "answer", False),
    ("received", "late", True),
    ("acknowledged", "answer", False),
    ("acknowledged", "late", True),
    ("waiting", "", False),
    ("waiting", "", True),  # the answer date passed before the officer asked a question
    ("resolved", "", True),
    ("resolved", "", False),
    ("closed", "", False),
    ("appealed", "decision", False),
    ("appeal_decided", "carry_out", False),
    ("appeal_decided", "carry_out_late", False),
    ("carried_out", "", False),
]
LONGEST_NUMBER = "+255 75446025"  # the charter allows 13 characters for the Commission's
LONGEST_HOTLINE = "0800 113"  # and 8 for TAKUKURU's


@pytest.fixture(scope="module")
def charter() -> Charter:
    return load_charter()


ROLES = ("officer", "head", "desk", "weo", "ded")


def everyone(charter: Charter, language: str) -> list[str]:
    """Every role as a citizen's SMS names it, with the longest department and ward."""
    department = longest(d.short for d in charter.departments)
    ward = longest(charter.wards)
    return [notices.who_acted(language, role, department, ward) for role in ROLES]


def longest(values: Iterable[str]) -> str:
    return max(values, key=len)


def kind_names(charter: Charter, language: str) -> list[str]:
    return [kind.name_sw if language == "sw" else kind.name_en for kind in charter.kinds]


def kinds(charter: Charter, language: str) -> list[tuple[str, str]]:
    """(slug, name in the language) of every kind."""
    return [
        (kind.slug, kind.name_sw if language == "sw" else kind.name_en) for kind in charter.kinds
    ]


def every_notice(charter: Charter, language: str, free: str) -> Iterator[tuple[str, str]]:
    """(name, SMS) for every builder with the longest real values and `free` as free text."""
    council = charter.short_name
    department = longest(d.short for d in charter.departments)
    ward = longest(charter.wards)
    ref, due = LONGEST_REFERENCE, LATE_DATE
    for slug, kind in kinds(charter, language):
        for caller in (CALLER, LONG_CALLER, None):
            for where in (ward, None):
                yield (
                    "officer_new_item",
                    notices.officer_new_item(
                        language, council, kind, ref, where, free, due, caller
                    ),
                )
        for who in everyone(charter, language):
            yield (
                "citizen_acknowledged",
                notices.citizen_acknowledged(language, council, slug, kind, ref, who, due),
            )
        yield "citizen_escalated", notices.citizen_escalated(language, council, slug, ref, due, due)
        # The charter allows 24 characters for an institution's name and 30 for its contact.
        for role in ROLES:
            for sent in (False, True):
                yield (
                    "citizen_referred",
                    notices.citizen_referred(
                        language, council, slug, kind, ref, "N" * 24, "0" * 30,
                        notices.who_acted(language, role, department, ward, short=True), sent,
                    ),
                )  # fmt: skip
        for caller in (LONG_CALLER, None):
            yield (
                "institution_referral",
                notices.institution_referral(language, council, kind, ref, ward, free, caller),
            )
        for who in everyone(charter, language):
            yield (
                "citizen_referral_undone",
                notices.citizen_referral_undone(language, council, slug, ref, due, who),
            )
        for status, what, until in REAL_DATES:
            for named in (department, None):
                yield (
                    "citizen_status",
                    notices.citizen_status(
                        language,
                        council,
                        slug,
                        kind,
                        ref,
                        status,
                        named,
                        due if what else None,
                        what,
                        due if until else None,
                    ),
                )
    # Every stage's reminders and escalations, with what each kind asks the officer to send.
    for stage in ("answer", "acknowledge", "appeal", "carry_out"):
        for slug in ("lalamiko", *notices.REQUEST_ACTIONS):
            for last_day in (True, False):
                yield (
                    "officer_reminder",
                    notices.officer_reminder(
                        language, council, ref, department, due, last_day, stage, slug
                    ),
                )
            for level in ("ded",) if stage == "appeal" else ("head", "desk", "ded"):
                unnamed = stage in ("appeal", "carry_out")  # the DED's, the department's
                for name in (None,) if unnamed else (OFFICER_NAME, None):
                    yield (
                        "officer_escalation",
                        notices.officer_escalation(
                            language, council, ref, department, due, name, level, stage, slug
                        ),
                    )
    for closed in (True, False):
        yield (
            "officer_wait_over",
            notices.officer_wait_over(language, council, ref, department, due, closed),
        )
        for slug, kind in kinds(charter, language):
            yield (
                "citizen_wait_over",
                notices.citizen_wait_over(language, council, slug, kind, ref, due, closed),
            )
    # The desk is warned of moon-dated holidays the calendar only estimates.
    estimates = WorkingCalendar.from_charter(charter).entries(2028)
    for holiday in {entry.name for entry in estimates if entry.estimated}:
        yield (
            "officer_holiday_estimate",
            notices.officer_holiday_estimate(language, council, holiday, due),
        )
    # Appointments: the longest whom, every weekday, the longest Swahili time, the office.
    place = charter.contacts.office
    for role in ("officer", "head"):
        whom = notices.who_acted(language, role, department)
        for weekday in range(7):
            at = datetime(2026, 12, 7 + weekday, 11, 30, tzinfo=EAT)  # "saa 5:30 asubuhi"
            for how in ("set", "moved", "proposed"):
                yield (
                    "citizen_appointment",
                    notices.citizen_appointment(language, council, ref, whom, at, how, place),
                )
            yield (
                "citizen_appointment_reminder",
                notices.citizen_appointment_reminder(language, council, ref, whom, at, place),
            )
            yield (
                "officer_appointment_booked",
                notices.officer_appointment_booked(language, council, ref, at),
            )
    yield "citizen_wait_reminder", notices.citizen_wait_reminder(language, council, ref, due)
    yield "citizen_appeal_late", notices.citizen_appeal_late(language, council, ref, due)
    yield "citizen_request_late", notices.citizen_request_late(language, council, ref)
    yield (
        "officer_extension_request",
        notices.officer_extension_request(language, council, ref, OFFICER_NAME, 60, free),
    )
    for description in (free, "Maji hayatoki wiki 2"):
        yield (
            "officer_appeal_opened",
            notices.officer_appeal_opened(
                language, council, ref, department, description, free, due
            ),
        )
    yield (
        "officer_citizen_answered",
        notices.officer_citizen_answered(language, council, ref, free),
    )
    for for_good in (False, True):
        yield (
            "officer_pin_locked",
            notices.officer_pin_locked(
                language, council, OFFICER_NAME, "+255754123456", 15, for_good
            ),
        )
    for balance in (Decimal("-99999999.99"), Decimal("4500")):  # the longest, a usual one
        yield (
            "officer_low_balance",
            notices.officer_low_balance(language, council, "TZS", balance, Decimal("99999999")),
        )
    yield (
        "officer_decision_carried_out",
        notices.officer_decision_carried_out(language, council, ref, department, free),
    )
    yield (
        "citizen_decision_carried_out",
        notices.citizen_decision_carried_out(language, council, ref),
    )
    # A PIN or password the desk gave: the longest PIN, a password as the gateway makes them,
    # and each as the outbox keeps it once sent.
    for secret in ("999999", notices.SECRET_MASK):
        for role in ROLES:
            yield (
                "officer_welcome",
                notices.officer_welcome(language, council, role, department, ward, secret),
            )
        yield "officer_new_pin", notices.officer_new_pin(language, council, secret)
    for secret in ("kx7mp-3qawz", notices.SECRET_MASK):
        yield "officer_new_password", notices.officer_new_password(language, council, secret)
    yield "officer_unowned", notices.officer_unowned(language, council, 999, [ref] * 3)
    yield (
        "officer_unowned_caught",
        notices.officer_unowned_caught(language, council, 999, [ref] * 3),
    )
    details = {"transfer": department, "extend": "60", "approve": "31/12/2026"}
    for action in ACTIONS:
        yield "officer_done", notices.officer_done(language, action, ref, details.get(action, ""))
        yield "officer_done", notices.officer_done(language, action, ref)
    slugs = ", ".join(i.slug for i in charter.institutions)
    for reason in REFUSALS:
        if reason == "usage":  # the card of every command: two parts (its own test)
            continue
        yield "officer_refusal", notices.officer_refusal(language, reason, ref, None, slugs)
        yield "officer_refusal", notices.officer_refusal(language, reason)
    for action in OFFICER_KEYWORDS.values():  # each command's own usage
        yield "officer_refusal", notices.officer_refusal(language, "usage", ref, action, slugs)
    for who in everyone(charter, language):
        yield (
            "citizen_transferred",
            notices.citizen_transferred(language, council, ref, department, due, who),
        )
        yield (  # more time, with no words of the officer's for the citizen
            "citizen_extended",
            notices.citizen_extended(language, council, ref, due, None, who, 1),
        )
    for holiday in [h.name for h in charter.fixed_holidays] + ["Eid el-Hajj", free]:
        yield (
            "citizen_date_moved",
            notices.citizen_date_moved(language, council, ref, due, holiday),
        )
    yield "citizen_satisfied", notices.citizen_satisfied(language, council, ref)
    yield "citizen_ask_why", notices.citizen_ask_why(language, council, ref, 24)
    yield "citizen_appeal_opened", notices.citizen_appeal_opened(language, council, ref, due)
    for call in (LONGEST_NUMBER, None):
        yield (
            "citizen_external_route",
            notices.citizen_external_route(
                language, council, LONGEST_NUMBER, call, LONGEST_HOTLINE
            ),
        )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("free", [LONG_TEXT, "Sawa", "x" * 1000])
def test_every_notice_is_one_plain_gsm7_sms(charter: Charter, language: str, free: str) -> None:
    for name, sms in every_notice(charter, language, free):
        assert is_gsm7_basic(sms), (name, sms)
        assert gsm7_length(sms) <= 160 and sms_parts(sms) == 1, (name, len(sms), sms)


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_free_text_is_ever_cut(charter: Charter, language: str) -> None:
    # With short free text nothing is cut at all: the fixed parts fit with the longest values
    # (a complainant's name beyond 20 characters is the one bounded value shortened).
    for name, sms in every_notice(charter, language, "Sawa"):
        assert ".." not in sms.replace("Mwanaisha Mwakalin.. +255", ""), (name, sms)
        about_no_item = (
            "citizen_external_route",
            "officer_holiday_estimate",
            "officer_pin_locked",
            "officer_welcome",
            "officer_new_pin",
            "officer_new_password",
            "officer_low_balance",
        )
        if name not in ("officer_refusal", *about_no_item):
            assert LONGEST_REFERENCE in sms, (name, sms)


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_free_text_is_cut_with_two_dots_and_leaves_room_to_read(
    charter: Charter, language: str
) -> None:
    ref, council = LONGEST_REFERENCE, charter.short_name
    ward = longest(charter.wards)
    kind = longest(kind_names(charter, language))
    carrying_free_text = {
        "officer_new_item": notices.officer_new_item(
            language, council, kind, ref, ward, LONG_TEXT, LATE_DATE, LONG_CALLER
        ),
        "officer_extension_request": notices.officer_extension_request(
            language, council, ref, OFFICER_NAME, 60, LONG_TEXT
        ),
        "officer_citizen_answered": notices.officer_citizen_answered(
            language, council, ref, LONG_TEXT
        ),
    }
    for name, sms in carrying_free_text.items():
        assert len(sms) in (159, 160), (name, sms)  # filled up to the last word's edge
        kept = sms.split("..")[0]
        # At least the first words of the text arrive, whatever else the SMS carries.
        assert "Bomba la maji limevunjika" in kept, (name, sms)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("description", "reason"),
    [(LONG_TEXT, LONG_TEXT), ("Bomba la maji", LONG_TEXT), (LONG_TEXT, "Bado")],
)
def test_the_ded_reads_the_item_and_the_reason_sharing_the_room(
    language: str, description: str, reason: str
) -> None:
    sms = notices.officer_appeal_opened(
        language, "Makete DC", LONGEST_REFERENCE, "Elimu Msingi", description, reason, LATE_DATE
    )
    assert len(sms) <= 160 and sms.endswith(
        f"AMUA {LONGEST_REFERENCE} PIN " + ("uamuzi" if language == "sw" else "decision")
    )
    shown_description, shown_reason = sms.split('"')[1], sms.split('"')[3]
    assert shown_description.startswith("Bomba la maji")
    assert shown_reason.startswith(reason[:4])
    # A short text is whole and the other takes the rest; of two long ones the reason gets 3/5.
    if description != LONG_TEXT:
        assert shown_description == description and shown_reason.endswith("..")
    if reason != LONG_TEXT:
        assert shown_reason == reason and shown_description.endswith("..")
    if description == reason == LONG_TEXT:
        assert 1.2 < len(shown_reason) / len(shown_description) < 1.8
    assert len(sms) >= 158  # the room is used, not wasted


def officers_words(
    charter: Charter, language: str, words: str, parts: int
) -> Iterator[tuple[str, Callable[[], str]]]:
    """(name, builder) of every SMS that carries an officer's own words to a citizen whole."""
    council, ref, due = charter.short_name, LONGEST_REFERENCE, LATE_DATE
    who = max(everyone(charter, language), key=len)
    yield "citizen_reply", lambda: notices.citizen_reply(language, council, ref, words, who, parts)
    yield (
        "citizen_question",
        lambda: notices.citizen_question(language, council, ref, words, who, parts),
    )
    yield (
        "citizen_resolved",
        lambda: notices.citizen_resolved(language, council, ref, words, who, parts),
    )
    yield (
        "citizen_extended",
        lambda: notices.citizen_extended(language, council, ref, due, words, who, parts),
    )
    yield (
        "citizen_appeal_decided",
        lambda: notices.citizen_appeal_decided(language, council, ref, words, parts),
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("parts", [1, 3])
def test_an_officers_words_arrive_whole_in_up_to_the_charters_parts(
    charter: Charter, language: str, parts: int
) -> None:
    room = 160 if parts == 1 else 153 * parts
    for name, build in officers_words(charter, language, "Fundi atakuja kesho", parts):
        sms = build()
        assert is_gsm7_basic(sms) and "Fundi atakuja kesho" in sms, (name, sms)
        assert sms_parts(sms) == 1 and ".." not in sms, (name, sms)
        # As long as the parts allow: the words whole, to the last character.
        fixed = gsm7_length(sms) - len("Fundi atakuja kesho")
        longest_words = ("Maji yatarudi " * 40)[: room - fixed].strip()
        whole = dict(officers_words(charter, language, longest_words, parts))[name]()
        assert longest_words in whole and sms_parts(whole) <= parts, (name, whole)
        # One character more than the room: refused, saying how many to cut.
        too_long = longest_words + " " + "x" * 10
        with pytest.raises(notices.TooLong) as refused:
            dict(officers_words(charter, language, too_long, parts))[name]()
        over = gsm7_length(whole) + 11 - room
        assert refused.value.over == over, name


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("note", ["Fundi amerekebisha bomba.", "Maji yamerudi " * 20, ""])
def test_the_satisfaction_question_is_never_cut(language: str, note: str) -> None:
    who = notices.who_acted(language, "weo", ward="Isapulano")
    sms = notices.citizen_resolved(language, "Makete DC", LONGEST_REFERENCE, note, who, 3)
    assert sms.endswith(SATISFACTION[language]) and note.strip() in sms


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_officer_is_told_how_to_accept_and_the_citizen_how_to_answer(
    language: str,
) -> None:
    new = notices.officer_new_item(
        language, "Makete DC", "Lalamiko", "12345674", "Iwawa", LONG_TEXT, LATE_DATE, None
    )
    assert new.endswith("POKEA 12345674 PIN")
    question = notices.citizen_question(
        language,
        "Makete DC",
        "12345674",
        LONG_TEXT[:300],
        notices.who_acted(language, "officer"),
        3,
    )
    assert question.endswith(
        "Tuma JIBU 12345674 kisha jibu lako."
        if language == "sw"
        else "Send REPLY 12345674 then your answer."
    )
    request = notices.officer_extension_request(
        language, "Makete DC", "12345674", OFFICER_NAME, 5, LONG_TEXT
    )
    assert "KUBALI" in request and request.endswith("KATAA 12345674 PIN")
    appeal = notices.officer_appeal_opened(
        language, "Makete DC", "12345674", "Maji", LONG_TEXT, LONG_TEXT, LATE_DATE
    )
    assert "AMUA 12345674 PIN" in appeal and "31/12/2026" in appeal
    for level in ("head", "ded"):
        escalation = notices.officer_escalation(
            language, "Makete DC", "12345674", "Maji", LATE_DATE, OFFICER_NAME, level
        )
        assert "FUNGA 12345674 PIN" in escalation and OFFICER_NAME in escalation


def test_the_swahili_new_item_reads_as_the_council_writes_it() -> None:
    sms = notices.officer_new_item(
        "sw",
        "Makete DC",
        "Lalamiko",
        "12345674",
        "Iwawa",
        "Maji hayatoki wiki 2",
        date(2026, 12, 15),
        "Neema Mwakalinga +255754123456",
        department="Maji",
    )
    assert sms == (
        'Makete DC: Lalamiko, idara Maji, kata Iwawa, jibu hadi 15/12. "Maji hayatoki wiki 2" '
        "Simu: Neema Mwakalinga +255754123456. POKEA 12345674 PIN"
    )


def test_an_anonymous_complainant_is_never_shown_to_the_officer() -> None:
    for language in LANGUAGES:
        sms = notices.officer_new_item(
            language, "Makete DC", "Lalamiko", "12345674", None, "Maji hayatoki", None, None
        )
        assert "+255" not in sms and "Kutoka" not in sms and "From" not in sms
        assert "kata" not in sms and "ifikapo" not in sms  # no ward, no date: nothing invented


def test_a_long_caller_name_is_cut_but_the_number_arrives_whole() -> None:
    sms = notices.officer_new_item(
        "sw", "Makete DC", "Lalamiko", "12345674", "Iwawa", LONG_TEXT, LATE_DATE, LONG_CALLER
    )
    assert "Simu: Mwanaisha Mwakalin.. +255754123456." in sms


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_action_is_confirmed_with_its_detail(language: str) -> None:
    confirmations = {notices.officer_done(language, action, "12345674") for action in ACTIONS}
    assert len(confirmations) == len(ACTIONS)  # each action says what was done
    assert all("12345674" in sms for sms in confirmations)
    assert "Elimu Msingi" in notices.officer_done(language, "transfer", "12345674", "Elimu Msingi")
    assert "17/12/2026" in notices.officer_done(language, "approve", "12345674", "17/12/2026")
    assert "5" in notices.officer_done(language, "extend", "12345674", "5").split("12345674")[1]
    # An action the catalogue does not know yet still gets a plain confirmation.
    assert "12345674" in notices.officer_done(language, "reopen", "12345674", "x")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_refusal_is_distinct_and_names_the_reference(language: str) -> None:
    refusals = [notices.officer_refusal(language, reason) for reason in REFUSALS]
    assert len(set(refusals)) == len(REFUSALS)
    assert notices.officer_refusal(language, "wrong_pin", "12345674").startswith("12345674: ")
    assert notices.officer_refusal(language, "no_such_reason") == notices.officer_refusal(
        language, "usage"
    )
    # A word that is no command gets the card of them all, whole, in two parts at most.
    usage = notices.officer_refusal(language, "usage", "999999999")
    for keyword in OFFICER_KEYWORDS:
        assert keyword in usage, keyword
    assert ".." not in usage and is_gsm7_basic(usage) and sms_parts(usage) <= 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_departments_copy_of_a_decision_the_citizen_can_get_is_whole(
    charter: Charter, language: str
) -> None:
    """A decision as long as the citizen's parts allow reaches the department whole too, in at
    most one part more (its header and the TEKELEZA line)."""
    parts = charter.sms_max_parts
    fixed = gsm7_length(notices.citizen_appeal_decided(language, "Makete DC", "999999999", "", 1))
    decision = ("Rekebisheni bomba " * 40)[: 153 * parts - fixed].strip()
    notices.citizen_appeal_decided(language, "Makete DC", "999999999", decision, parts)
    staff = notices.officer_decision_to_carry_out(
        language,
        "Makete DC",
        "999999999",
        longest(d.name for d in charter.departments),
        decision,
        LATE_DATE,
        parts + 1,
    )
    assert decision in staff and "TEKELEZA 999999999 PIN" in staff
    assert is_gsm7_basic(staff) and sms_parts(staff) <= parts + 1
    # Longer than any decision the citizen could get: cut to the parts, never refused.
    cut = notices.officer_decision_to_carry_out(
        language, "Makete DC", "999999999", "Maji", decision * 3, LATE_DATE, parts + 1
    )
    assert "TEKELEZA 999999999 PIN" in cut and sms_parts(cut) == parts + 1 and ".." in cut


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_external_route_after_an_appeal_gives_the_numbers(language: str) -> None:
    sms = notices.citizen_external_route(
        language, "Makete DC", "0754 460 259", "0800 110 000", "113"
    )
    for needed in ("TAARIFA", "0754 460 259", "0800 110 000", "TAKUKURU 113"):
        assert needed in sms
    assert ("Tume ya Haki za Binadamu (THBUB)" in sms) == (language == "sw")
    assert ("Human Rights Commission (CHRAGG)" in sms) == (language == "en")
    without_call = notices.citizen_external_route(
        language, "Makete DC", "0754 460 259", None, "113"
    )
    assert "0754 460 259" in without_call and "None" not in without_call


def test_the_desk_is_named_when_no_department_is() -> None:
    desk = notices.who_acted("sw", "desk")
    ack = notices.citizen_acknowledged(
        "sw", "Makete DC", "lalamiko", "Lalamiko", "12345674", desk, LATE_DATE
    )
    assert "afisa wa dawati la malalamiko ameanza kulishughulikia" in ack and " - " not in ack
    moved = notices.citizen_transferred(
        "en", "Makete DC", "12345674", "", LATE_DATE, notices.who_acted("en", "desk")
    )
    assert "Complaints desk" in moved and moved.startswith("Makete DC: The complaints desk moved")
    reminder = notices.officer_reminder("sw", "Makete DC", "12345674", "-", LATE_DATE, True)
    assert "12345674," in reminder  # no "(-)" after the reference


def test_look_alikes_in_typed_text_never_make_an_sms_ucs2() -> None:
    typed = "Mang\u2019oto \u2013 \u201cbomba\u201d {limevunjika} \U0001f600 \u20ac5"
    for sms in (
        notices.citizen_reply("sw", "Makete DC", "12345674", typed, "afisa wa Maji", 1),
        notices.officer_new_item("sw", "Makete DC", "Lalamiko", "1234567", None, typed, None, None),
    ):
        assert is_gsm7_basic(sms) and "Mang'oto - " in sms and "(limevunjika)" in sms


def test_fit_sms_cuts_only_the_free_part() -> None:
    assert notices.fit_sms("A: ", "short", " END") == "A: short END"
    cut = notices.fit_sms("A: ", "word " * 100, " END")
    assert cut.startswith("A: word") and cut.endswith(".. END") and len(cut) <= 160
    # Extension characters cost two septets; the SMS is measured in septets, then made basic.
    assert gsm7_length(notices.fit_sms("", "[" * 200)) <= 160
    # Fixed parts nobody measured (a council name of 200 characters) still give one part.
    assert len(notices.fit_sms("W" * 200, "free", "tail")) <= 160


def officer_reading(charter: Charter, language: str, free: str) -> Iterator[tuple[str, str]]:
    """(name, SMS) of ORODHA and SOMA answers with the longest values: a few parts allowed."""
    council, ref = charter.short_name, LONGEST_REFERENCE
    ward = longest(charter.wards)
    department = longest(d.short for d in charter.departments)
    for count in (0, 1, 5, 500):
        items = [(ref, ward, days) for days in (-999, 0, 60, None)] * count
        yield "officer_list", notices.officer_list(language, council, items[:count], count * 3)
    events = [(LATE_DATE, "extension_requested")] * 4
    for status in ("received", "acknowledged", "waiting", "appealed", "referred"):
        for caller in (LONG_CALLER, None):
            yield (
                "officer_read",
                notices.officer_read(
                    language, council, ref, longest(kind_names(charter, language)),
                    department, ward, status, LATE_DATE, free, caller, events,
                ),
            )  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("free", [LONG_TEXT, "Sawa", "x" * 1000])
def test_an_officers_reading_takes_a_few_plain_gsm7_parts_at_most(
    charter: Charter, language: str, free: str
) -> None:
    for name, sms in officer_reading(charter, language, free):
        assert is_gsm7_basic(sms), (name, sms)
        assert gsm7_length(sms) <= notices.OFFICER_LIMIT, (name, len(sms), sms)
        assert sms_parts(sms) <= notices.OFFICER_MAX_PARTS, (name, sms)
        assert "{" not in sms and "}" not in sms, (name, sms)


@pytest.mark.parametrize("language", LANGUAGES)
def test_soma_keeps_a_300_character_description_whole(charter: Charter, language: str) -> None:
    description = ("Maji hayatoki kijijini " * 20)[:300].strip()
    sms = notices.officer_read(
        language, charter.short_name, LONGEST_REFERENCE, "Lalamiko", "Elimu Sekondari",
        longest(charter.wards), "acknowledged", LATE_DATE, description, LONG_CALLER,
        [(LATE_DATE, "extension_requested")] * 4,
    )  # fmt: skip
    assert description in sms


@pytest.mark.parametrize(
    ("language", "role", "named"),
    [
        ("sw", "officer", "afisa wa Maji"),
        ("sw", "head", "mkuu wa idara ya Maji"),
        ("sw", "desk", "afisa wa dawati la malalamiko"),
        ("sw", "weo", "Afisa Mtendaji wa Kata ya Iwawa"),
        ("sw", "ded", "Mkurugenzi Mtendaji"),
        ("en", "officer", "the Maji officer"),
        ("en", "head", "the head of Maji"),
        ("en", "desk", "the complaints desk"),
        ("en", "weo", "the Ward Executive Officer of Iwawa"),
        ("en", "ded", "the District Executive Director"),
    ],
)
def test_every_notice_names_the_role_that_acted(language: str, role: str, named: str) -> None:
    who = notices.who_acted(language, role, "Maji", "Iwawa")
    assert who == named
    ack = notices.citizen_acknowledged(
        language, "Makete DC", "lalamiko", "Lalamiko", "12345674", who, LATE_DATE
    )
    assert named in ack or named[:1].upper() + named[1:] in ack
    reply = notices.citizen_reply(language, "Makete DC", "12345674", "Fundi atakuja", who, 1)
    assert named in reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pin_or_password_arrives_whole_and_only_the_secret_is_masked(
    charter: Charter, language: str
) -> None:
    department = longest(d.short for d in charter.departments)
    ward = longest(charter.wards)
    council = charter.short_name
    for role in ROLES:
        told = notices.officer_welcome(language, council, role, department, ward, "999999")
        kept = notices.officer_welcome(language, council, role, department, ward, "****")
        assert "999999" in told and ".." not in told
        assert told.replace("999999", "****") == kept
    told = notices.officer_new_password(language, council, "kx7mp-3qawz")
    assert "kx7mp-3qawz" in told and ".." not in told
