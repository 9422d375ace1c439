"""Reading a citizen's SMS to the shortcode: keyword, reference and text, in either language.

Pure: the edge stores the message and acts on the parsed command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from charter.reference import clean_reference, is_valid_reference

# Keyword -> (command, language of the reply).
KEYWORDS: dict[str, tuple[str, str]] = {
    "HALI": ("status", "sw"),
    "STATUS": ("status", "en"),
    "LALAMIKO": ("complaint", "sw"),
    "COMPLAINT": ("complaint", "en"),
    "RUFAA": ("appeal", "sw"),
    "APPEAL": ("appeal", "en"),
    "MAONI": ("feedback", "sw"),
    "FEEDBACK": ("feedback", "en"),
}
# One group of a reference as people type it: digits, maybe joined by dashes or dots.
_DIGIT_GROUP = re.compile(r"^[\d.\-]*\d[\d.\-]*$")
MIN_TEXT = 10  # shorter than this is not a description anyone can act on


@dataclass(frozen=True)
class SmsCommand:
    """What a citizen's SMS asks for."""

    command: str  # status, complaint, appeal, feedback, help
    language: str  # the language of the keyword they used ("sw" when unknown)
    reference: str | None = None  # digits only; set for status and appeal
    text: str = ""  # the description, reason or feedback
    problem: str | None = None  # why it cannot be acted on: bad_reference, too_short


def parse_sms(message: str) -> SmsCommand:
    """Parse one incoming SMS; anything unrecognised is a request for help."""
    words = message.strip().split(maxsplit=1)
    if not words:
        return SmsCommand("help", "sw")
    keyword = words[0].upper().rstrip(":.,")
    rest = words[1] if len(words) > 1 else ""
    if keyword not in KEYWORDS:
        return SmsCommand("help", "sw")
    command, language = KEYWORDS[keyword]
    if command in ("status", "appeal"):
        return _with_reference(command, language, rest)
    text = " ".join(rest.split())
    problem = "too_short" if len(text) < MIN_TEXT else None
    return SmsCommand(command, language, text=text, problem=problem)


def _with_reference(command: str, language: str, rest: str) -> SmsCommand:
    """Take the longest run of leading digit groups that is a valid reference ("12 34-5671")."""
    words = rest.split()
    groups = 0
    while groups < len(words) and _DIGIT_GROUP.match(words[groups]):
        groups += 1
    for count in range(groups, 0, -1):
        reference = clean_reference("".join(words[:count]))
        if is_valid_reference(reference):
            text = " ".join(words[count:])
            if command == "appeal" and len(text) < MIN_TEXT:
                return SmsCommand(command, language, reference, text, problem="too_short")
            return SmsCommand(command, language, reference, text)
    return SmsCommand(command, language, text=" ".join(words[groups:]), problem="bad_reference")
