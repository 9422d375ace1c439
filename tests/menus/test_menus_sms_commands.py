"""Citizens' SMS keywords: the answer to an officer's question, the satisfaction reply, and the
shared reference reader."""

from __future__ import annotations

import pytest

from charter.reference import make_reference
from menus.sms_commands import SmsCommand, parse_sms, split_reference

REF = make_reference(12345678)
WRONG_CHECK = REF[:-1] + str((int(REF[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            f"JIBU {REF} Kijiji cha Ivalalila",
            SmsCommand("answer", "sw", REF, "Kijiji cha Ivalalila"),
        ),
        (f"jibu {REF[:4]} {REF[4:]} Ndiyo", SmsCommand("answer", "sw", REF, "Ndiyo")),
        (
            f"REPLY {REF[:4]}-{REF[4:]} The pipe near the school",
            SmsCommand("answer", "en", REF, "The pipe near the school"),
        ),
        (f"Reply: {REF}  Yes\n  at night", SmsCommand("answer", "en", REF, "Yes at night")),
        (f"JIBU {REF}", SmsCommand("answer", "sw", REF, "", problem="too_short")),
        (f"JIBU {REF} k", SmsCommand("answer", "sw", REF, "k", problem="too_short")),
        (
            f"JIBU {WRONG_CHECK} Ndiyo",
            SmsCommand("answer", "sw", text="Ndiyo", problem="bad_reference"),
        ),
    ],
)
def test_a_citizen_answers_the_officers_question(message: str, expected: SmsCommand) -> None:
    assert parse_sms(message) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("1", SmsCommand("satisfaction", "sw", satisfied=True)),
        (" 2. ", SmsCommand("satisfaction", "sw", satisfied=False)),
        ("\n1,\n", SmsCommand("satisfaction", "sw", satisfied=True)),
        ("Ndiyo", SmsCommand("satisfaction", "sw", satisfied=True)),
        ("ndio asante", SmsCommand("satisfaction", "sw", text="asante", satisfied=True)),
        ("NDIYO!", SmsCommand("satisfaction", "sw", satisfied=True)),
        ("yes", SmsCommand("satisfaction", "en", satisfied=True)),
        ("No", SmsCommand("satisfaction", "en", satisfied=False)),
        (
            "Hapana, maji bado hayatoki",
            SmsCommand("satisfaction", "sw", text="maji bado hayatoki", satisfied=False),
        ),
        (f"2 {REF}", SmsCommand("satisfaction", "sw", REF, satisfied=False)),
        (
            f"hapana {REF[:4]}-{REF[4:]} fundi hakuja",
            SmsCommand("satisfaction", "sw", REF, "fundi hakuja", satisfied=False),
        ),
        (
            f"YES {REF} thank you",
            SmsCommand("satisfaction", "en", REF, "thank you", satisfied=True),
        ),
        (
            f"2 {WRONG_CHECK}",
            SmsCommand("satisfaction", "sw", problem="bad_reference", satisfied=False),
        ),
        ("1 2", SmsCommand("satisfaction", "sw", satisfied=True)),  # too few digits: no reference
    ],
)
def test_the_answer_to_are_you_satisfied_in_digits_or_words(
    message: str, expected: SmsCommand
) -> None:
    assert parse_sms(message) == expected


@pytest.mark.parametrize("message", ["3", "12", "0", "one", "ndiyoo", "sawa", "nope"])
def test_other_words_are_not_a_satisfaction_answer(message: str) -> None:
    assert parse_sms(message).command != "satisfaction"


@pytest.mark.parametrize(
    ("message", "language"),
    [("MAPENDEKEZO Taa za barabarani Iwawa", "sw"), ("suggestion " * 3, "en")],
)
def test_suggestions_have_their_own_keyword_too(message: str, language: str) -> None:
    parsed = parse_sms(message)
    assert (parsed.command, parsed.language, parsed.problem) == ("feedback", language, None)


@pytest.mark.parametrize(
    ("message", "command", "problem"),
    [
        (f"HALI {REF}", "status", None),
        (f"STATUS {REF[:3]} {REF[3:]}", "status", None),
        (f"RUFAA {REF} sikuridhika na jibu hata kidogo", "appeal", None),
        (f"RUFAA {REF} hapana", "appeal", "too_short"),
        (f"HALI {WRONG_CHECK}", "status", "bad_reference"),
        ("LALAMIKO Maji hayatoki kijiji cha Iwawa", "complaint", None),
        ("MAONI fupi", "feedback", "too_short"),
        ("Habari za asubuhi", "help", None),
        ("haki", "rights", None),
        ("HAKI tafadhali", "rights", None),
        ("Rights", "rights", None),
        ("", "help", None),
    ],
)
def test_the_earlier_keywords_read_as_before(
    message: str, command: str, problem: str | None
) -> None:
    parsed = parse_sms(message)
    assert (parsed.command, parsed.problem) == (command, problem)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([REF, "1234", "maji"], (REF, ["1234", "maji"])),
        ([REF[:3], REF[3:6], REF[6:], "1234"], (REF, ["1234"])),
        ([f"{REF[:4]}-{REF[4:]}", "sababu"], (REF, ["sababu"])),
        ([f"{REF[:4]}.{REF[4:]}"], (REF, [])),
        ([WRONG_CHECK, "1234", "maji"], (None, ["maji"])),
        (["maji", REF], (None, ["maji", REF])),
        ([], (None, [])),
    ],
)
def test_split_reference_takes_the_longest_valid_run_of_digit_groups(
    words: list[str], expected: tuple[str | None, list[str]]
) -> None:
    assert split_reference(words) == expected
