"""Reading a citizen's SMS to the shortcode: keyword, reference and text, in either language.

Pure: the edge stores the message and acts on the parsed command. Officers' commands (from their
registered phones) are read by menus/officer_commands.py, which shares `split_reference`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from charter.reference import clean_reference, is_valid_reference

__all__ = ["KEYWORDS", "MIN_ANSWER", "MIN_TEXT", "SmsCommand", "parse_sms", "split_reference"]

# Keyword -> (command, language of the reply).
KEYWORDS: dict[str, tuple[str, str]] = {
    "HALI": ("status", "sw"),
    "STATUS": ("status", "en"),
    "LALAMIKO": ("complaint", "sw"),
    "COMPLAINT": ("complaint", "en"),
    "RUFAA": ("appeal", "sw"),
    "APPEAL": ("appeal", "en"),
    "MAONI": ("feedback", "sw"),
    "MAPENDEKEZO": ("feedback", "sw"),
    "FEEDBACK": ("feedback", "en"),
    "SUGGESTION": ("feedback", "en"),
    # The citizen's answer to an officer's question (ULIZA); the clock waits for it.
    "JIBU": ("answer", "sw"),
    "REPLY": ("answer", "en"),
    # The charter's rights and duties, and the council's contacts.
    # Cancel an appointment (miadi).
    "GHAIRI": ("cancel", "sw"),
    "CANCEL": ("cancel", "en"),
    "HAKI": ("rights", "sw"),
    "RIGHTS": ("rights", "en"),
}
# Commands that are the keyword alone: whatever follows is not read.
_KEYWORD_ONLY = frozenset({"rights"})
# Commands whose keyword is followed by a reference number.
_WITH_REFERENCE = frozenset({"status", "appeal", "answer", "cancel"})
# One group of a reference as people type it: digits, maybe joined by dashes or dots.
_DIGIT_GROUP = re.compile(r"^[\d.\-]*\d[\d.\-]*$")
# The answer to "Umeridhika? Jibu 1 ndiyo, 2 hapana", as people answer it: the digit or the word,
# in any case, then maybe the reference ("2 1234-5678") and words ("Hapana, maji bado hayatoki").
SATISFIED_WORDS: dict[str, tuple[bool, str]] = {
    "1": (True, "sw"),
    "ndiyo": (True, "sw"),
    "ndio": (True, "sw"),
    "yes": (True, "en"),
    "2": (False, "sw"),
    "hapana": (False, "sw"),
    "no": (False, "en"),
}
_DIGITS_OF_A_REFERENCE = 7  # fewer digits after the answer are not a reference mistyped
MIN_TEXT = 10  # shorter than this is not a description anyone can act on
MIN_ANSWER = 2  # an answer to an officer's question may be short: "Ndiyo", "Kesho"


@dataclass(frozen=True)
class SmsCommand:
    """What a citizen's SMS asks for."""

    command: str  # status, complaint, appeal, feedback, answer, satisfaction, cancel, rights, help
    language: str  # the language of the keyword they used ("sw" when unknown)
    reference: str | None = None  # digits only; set for status, appeal and answer (satisfaction)
    text: str = ""  # the description, reason, feedback or answer; words after "1"/"2"
    # why it cannot be acted on: bad_reference, too_short, usage (the keyword with no number)
    problem: str | None = None
    satisfied: bool | None = None  # for satisfaction: 1/ndiyo/yes, or 2/hapana/no


def parse_sms(message: str) -> SmsCommand:
    """Parse one incoming SMS; anything unrecognised is a request for help."""
    words = message.strip().split(maxsplit=1)
    if not words:
        return SmsCommand("help", "sw")
    rest = words[1] if len(words) > 1 else ""
    answer = words[0].lower().rstrip(":.,!")
    if answer in SATISFIED_WORDS:
        return _satisfaction(*SATISFIED_WORDS[answer], rest)
    keyword = words[0].upper().rstrip(":.,")
    if keyword not in KEYWORDS:
        return SmsCommand("help", "sw")
    command, language = KEYWORDS[keyword]
    if command in _WITH_REFERENCE:
        return _with_reference(command, language, rest)
    if command in _KEYWORD_ONLY:
        return SmsCommand(command, language)
    text = " ".join(rest.split())
    problem = "too_short" if len(text) < MIN_TEXT else None
    return SmsCommand(command, language, text=text, problem=problem)


def split_reference(words: Sequence[str]) -> tuple[str | None, list[str]]:
    """The reference at the start of `words` ("12 34-5671" too) and the words after it.

    Takes the longest run of leading digit groups whose digits form a valid reference, so a PIN
    or a number in the text that follows is never swallowed into it. When no run is valid the
    reference is None and the words after the leading digit groups are returned.
    """
    groups = 0
    while groups < len(words) and _DIGIT_GROUP.match(words[groups]):
        groups += 1
    for count in range(groups, 0, -1):
        reference = clean_reference("".join(words[:count]))
        if is_valid_reference(reference):
            return reference, list(words[count:])
    return None, list(words[groups:])


def _satisfaction(satisfied: bool, language: str, rest: str) -> SmsCommand:
    """ "Ndiyo"/"2 1234-5678 maji bado hayatoki": the answer, the reference if any, the words."""
    words = rest.lstrip(",.:;! ").split()
    reference, after = split_reference(words)
    digits = sum(char.isdigit() for word in words[: len(words) - len(after)] for char in word)
    problem = "bad_reference" if reference is None and digits >= _DIGITS_OF_A_REFERENCE else None
    return SmsCommand(
        "satisfaction", language, reference, " ".join(after), problem, satisfied=satisfied
    )


def _with_reference(command: str, language: str, rest: str) -> SmsCommand:
    """A command whose keyword is followed by a reference, then (for some) text."""
    reference, words = split_reference(rest.split())
    text = " ".join(words)
    if reference is None and not any(char.isdigit() for char in rest):
        # A bare keyword (HALI alone, RUFAA and words): how to use it, not "wrong number".
        return SmsCommand(command, language, text=text, problem="usage")
    if reference is None:
        return SmsCommand(command, language, text=text, problem="bad_reference")
    minimum = {"appeal": MIN_TEXT, "answer": MIN_ANSWER}.get(command, 0)
    if len(text) < minimum:
        return SmsCommand(command, language, reference, text, problem="too_short")
    return SmsCommand(command, language, reference, text)
