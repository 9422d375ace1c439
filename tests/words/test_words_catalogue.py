"""The text catalogue: both languages complete, plain GSM-7, the acknowledgement SMS in one part."""

from __future__ import annotations

import string
from datetime import date

import pytest

from charter.gsm7 import gsm7_length, is_gsm7, is_gsm7_basic, sms_parts
from charter.loader import load_charter
from charter.model import Charter
from words.catalogue import (
    LANGUAGES,
    TEXTS,
    ack_sms,
    format_date,
    kind_values,
    status_name,
    text,
)

LONGEST_REFERENCE = "999999999"  # references are 7 to 9 digits
LATE_DATE = date(2026, 12, 31)
AGREEMENT = {"li", "lako"}  # Swahili's noun-class agreement: English needs none


@pytest.fixture(scope="module")
def charter() -> Charter:
    return load_charter()


def fields(template: str) -> set[str]:
    """The {placeholders} of a format string ({Who} is {who} at the start of a sentence)."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {"who" if name == "Who" else name for name in names}


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    assert set(TEXTS["sw"]) == set(TEXTS["en"])
    for key in TEXTS["sw"]:
        assert fields(TEXTS["sw"][key]) - AGREEMENT == fields(TEXTS["en"][key]), key
        assert not fields(TEXTS["en"][key]) & AGREEMENT, key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_plain_gsm7(language: str) -> None:
    for key, template in TEXTS[language].items():
        filled = template.format(**{name: "x" for name in fields(template) | {"Who"}})
        assert is_gsm7_basic(filled), (key, filled)


def test_an_unknown_language_falls_back_to_swahili() -> None:
    assert text("fr", "hint_invalid") == "Chaguo si sahihi."
    assert text("en", "hint_invalid") == "Invalid choice."


def test_dates_are_shown_day_first() -> None:
    assert format_date(date(2026, 3, 5)) == "05/03/2026"


def test_the_swahili_acknowledgement_reads_as_the_council_writes_it() -> None:
    sms = ack_sms("sw", "Makete DC", "lalamiko", "Lalamiko", "12345678", "Maji", date(2026, 12, 15))
    assert sms == (
        "Makete DC: Lalamiko lako limepokelewa. Namba ya kumbukumbu: 12345678. Idara: Maji. "
        "Jibu ifikapo 15/12/2026. Fuatilia: tuma HALI 12345678"
    )


def test_the_english_acknowledgement() -> None:
    sms = ack_sms(
        "en", "Makete DC", "lalamiko", "Complaint", "12345678", "Maji", date(2026, 12, 15)
    )
    assert sms == (
        "Makete DC: Your complaint was received. Reference: 12345678. Department: Maji. "
        "Answer by 15/12/2026. Track: send STATUS 12345678"
    )


@pytest.mark.parametrize(
    ("kind", "received"),
    [
        ("lalamiko", "Lalamiko lako limepokelewa."),
        ("mapendekezo", "Mapendekezo yako yamepokelewa."),
        ("pongezi", "Pongezi zako zimepokelewa."),
        ("maulizo", "Maulizo yako yamepokelewa."),
        ("kero", "Kero yako imepokelewa."),
        ("ombi", "Ombi lako limepokelewa."),  # a kind not in the table reads as li- (lalamiko)
    ],
)
def test_swahili_agreement_follows_the_noun_class(kind: str, received: str) -> None:
    assert received in ack_sms("sw", "Makete DC", kind, kind.title(), "1234567", "Maji", None)


@pytest.mark.parametrize(
    ("kind", "status", "words"),
    [
        ("lalamiko", "received", "limepokelewa"),
        ("maulizo", "received", "yamepokelewa"),
        ("pongezi", "received", "zimepokelewa"),
        ("mapendekezo", "acknowledged", "yanashughulikiwa"),
        ("maulizo", "waiting", "yanasubiri jibu lako"),
        ("pongezi", "appealed", "ziko kwenye rufaa"),
        ("lalamiko", "appeal_decided", "limeamuliwa kwa rufaa"),
    ],
)
def test_swahili_statuses_agree_with_the_kind(kind: str, status: str, words: str) -> None:
    assert text("sw", f"status_{status}", **kind_values("sw", kind, "")) == words


def test_no_due_date_and_no_department_leave_their_parts_out() -> None:
    sms = ack_sms("sw", "Makete DC", "pongezi", "Pongezi", "1234567", None, None)
    assert "ifikapo" not in sms and "Idara" not in sms and "1234567" in sms


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_real_acknowledgement_is_one_gsm7_sms(charter: Charter, language: str) -> None:
    for kind in charter.kinds:
        name = kind.name_sw if language == "sw" else kind.name_en
        for department in charter.departments:
            sms = ack_sms(
                language,
                charter.short_name,
                kind.slug,
                name,
                LONGEST_REFERENCE,
                department.short,
                LATE_DATE,
            )
            assert is_gsm7(sms) and gsm7_length(sms) <= 160 and sms_parts(sms) == 1, sms
            assert LONGEST_REFERENCE in sms and "31/12/2026" in sms
            assert department.short in sms


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_template_leaves_room_for_the_longest_names_the_charter_allows(
    language: str,
) -> None:
    # Council short names are at most 11 characters and department short names at most 14.
    sms = ack_sms(
        language, "W" * 11, "mapendekezo", "Mapendekezo", LONGEST_REFERENCE, "W" * 14, LATE_DATE
    )
    assert gsm7_length(sms) <= 160 and ("HALI" in sms or "STATUS" in sms)


def test_a_curly_quote_in_the_data_never_makes_the_sms_ucs2() -> None:
    sms = ack_sms(
        "sw", "Makete DC", "lalamiko", "Lalamiko", "1234567", "Ardhi\u2013Mang\u2019oto", None
    )
    assert is_gsm7(sms) and "Ardhi-Mang'oto" in sms


def test_data_too_long_for_one_sms_drops_the_tracking_tip_not_the_reference() -> None:
    sms = ack_sms("sw", "Makete DC", "lalamiko", "Lalamiko", LONGEST_REFERENCE, "W" * 60, LATE_DATE)
    assert gsm7_length(sms) <= 160
    assert LONGEST_REFERENCE in sms and "31/12/2026" in sms and "HALI" not in sms


SMS_VALUES = {
    "council": "W" * 11,
    "reference": LONGEST_REFERENCE,
    "department": "W" * 20,  # the longest of a 14-character short name and the desk's name
    "due": "31/12/2026",
    "until": "31/12/2026",
    "date": "31/12/2026",
    "phone": "9" * 13,  # the longest the charter allows (contacts.phone)
    "service": "W" * 20,  # a key service's name: at most 20 characters (charter loader)
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sms_reply_fits_one_sms_with_the_longest_kind(
    charter: Charter, language: str
) -> None:
    # The whole answers (HALI, RUFAA refused, ...) are measured in test_menus_notices.py.
    for key in TEXTS[language]:
        if not key.startswith("sms_"):
            continue
        for kind in charter.kinds:
            name = kind.name_sw if language == "sw" else kind.name_en
            values = {**SMS_VALUES, **kind_values(language, kind.slug, name)}
            reply = text(language, key, **values)
            assert is_gsm7_basic(reply) and len(reply) <= 160, (key, reply)


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_and_rights_give_the_councils_phone(charter: Charter, language: str) -> None:
    phone = charter.contacts.phone
    for key in ("sms_help", "sms_rights"):
        sms = text(language, key, council=charter.short_name, phone=phone)
        assert sms.endswith(phone) and len(sms) <= 160, sms
    assert "HAKI" in text(language, "sms_help", council="x", phone=phone)


@pytest.mark.parametrize(
    ("language", "kind", "status", "words"),
    [
        ("sw", "miadi", "resolved", "imepangwa"),
        ("sw", "miadi", "closed", "imeghairiwa"),
        ("sw", "simu", "resolved", "imepigwa"),
        ("sw", "miadi", "received", "imepokelewa"),
        ("sw", "lalamiko", "resolved", "limejibiwa"),
        ("en", "miadi", "resolved", "is set"),
        ("en", "simu", "resolved", "was made"),
    ],
)
def test_appointments_and_calls_have_their_own_words(
    language: str, kind: str, status: str, words: str
) -> None:
    assert status_name(language, kind, status) == words
