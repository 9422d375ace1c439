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
    ("message", "answer"),
    [("1", "1"), ("2", "2"), (" 1 ", "1"), ("2.", "2"), (" 1. ", "1"), ("\n2\n", "2"), ("1,", "1")],
)
def test_a_lone_1_or_2_answers_are_you_satisfied(message: str, answer: str) -> None:
    assert parse_sms(message) == SmsCommand("satisfaction", "sw", text=answer)


@pytest.mark.parametrize("message", ["3", "12", "1 2", "1 ndiyo", "0", "1..", "one"])
def test_anything_more_than_the_digit_is_not_a_satisfaction_answer(message: str) -> None:
    assert parse_sms(message).command != "satisfaction"


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
