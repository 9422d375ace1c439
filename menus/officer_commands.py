"""Reading an officer's SMS: `<KEYWORD> <ref> <PIN> [text]`, from a registered feature phone.

Pure: the edge tries this parser only for phones registered to an officer, checks the PIN and
the officer's role, then acts. A message whose first word is not an officer keyword is None, and
the edge reads it as a citizen's (an officer may complain too). A malformed command is still a
command, with a `problem` the edge answers with the usage line: an officer who typed POKEA meant
to act, and silence or the citizens' help text would leave them guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from menus.sms_commands import split_reference

__all__ = [
    "ACTIONS",
    "MAX_DAYS",
    "MIN_DAYS",
    "MIN_OFFICER_TEXT",
    "OFFICER_KEYWORDS",
    "READINGS",
    "OfficerCommand",
    "parse_officer_sms",
    "without_pins",
]

# Keyword -> action. Swahili only: officers learn one set, printed on the card they are given.
OFFICER_KEYWORDS: dict[str, str] = {
    "POKEA": "acknowledge",
    "JIBU": "reply",  # relayed to the citizen
    "FUNGA": "resolve",  # with a note; the citizen is asked whether they are satisfied
    "HAMISHA": "transfer",  # to another department, by its slug
    "ONGEZA": "extend",  # ask the head for more days, with a reason
    "KUBALI": "approve",  # heads: approve a pending extension
    "KATAA": "refuse",  # heads: refuse a pending extension
    "ULIZA": "ask",  # ask the citizen; the charter clock pauses until they answer
    "AMUA": "decide",  # the DED decides an appeal; relayed to the citizen
    "MIADI": "appoint",  # set an appointment's date and time: dd/mm hh:mm
    "SIMU": "call",  # a call-back made: the outcome, recorded
    "PELEKA": "refer",  # to an institution outside the council, by its slug, with a note
    "TEKELEZA": "carry_out",  # the DED's decision carried out, with what was done
    # Reading work: the officer's open items, and one item's whole description and record.
    "ORODHA": "list",  # ORODHA <PIN>: no reference
    "SOMA": "read",
}
# Reading work changes nothing: its answer is what was read, not a confirmation.
READINGS: tuple[str, ...] = ("list", "read")
ACTIONS: tuple[str, ...] = tuple(a for a in OFFICER_KEYWORDS.values() if a not in READINGS)
# Actions whose text is required (and relayed or recorded): reply, note, reason, question, decision.
_NEEDS_TEXT = frozenset({"reply", "resolve", "extend", "ask", "decide", "call", "carry_out"})
MIN_OFFICER_TEXT = 2  # "Ok" is an answer; one character is a slip of the thumb
MIN_DAYS, MAX_DAYS = 1, 60  # an extension longer than two months is a new plan, not an extension
_PIN = re.compile(r"^\d{4,6}$")
_GLUED_PIN = re.compile(r"(?<![\d/])\d{4,6}(?![\d/])")  # a PIN typed against other characters
_TRAILING = ".,:;"  # punctuation a phone's keyboard adds after a word
_WHEN = re.compile(r"\d{1,2}/\d{1,2} \d{1,2}[:.]\d{2}")  # an appointment's "03/12 10:00"
# In ONGEZA, what follows this is for the citizen; what comes before, the reason, is for the
# head only ("ONGEZA 12345678 1234 5 Tunasubiri vipuri MWANANCHI: Tutamaliza wiki ijayo").
CITIZEN_MARK = re.compile(r"\b(?:MWANANCHI|CITIZEN)\s*:", re.IGNORECASE)
# Actions whose text may be left out: a refusal's reason.
_OPTIONAL_TEXT = frozenset({"refuse"})


@dataclass(frozen=True)
class OfficerCommand:
    """What an officer's SMS asks for; `problem` set when it cannot be acted on as typed."""

    # acknowledge, reply, resolve, transfer, extend, approve, refuse, ask, decide, appoint, call,
    # refer, carry_out, list, read
    action: str
    reference: str | None
    pin: str | None
    text: str = ""  # reply / note / reason / question / decision / "dd/mm hh:mm"
    department: str | None = None  # transfer target slug
    institution: str | None = None  # referral target slug (an institution outside the council)
    days: int | None = None  # extension
    # An extension's words for the citizen, after "MWANANCHI:" (its reason is for the head only).
    citizen_words: str | None = None
    # "bad_reference", "missing_pin", "missing_text", "bad_days", "missing_department",
    # "bad_when" (an appointment's date and time), "missing_institution":
    # the gateway answers with the usage line and changes nothing.
    problem: str | None = None


def parse_officer_sms(message: str) -> OfficerCommand | None:
    """Parse an officer's SMS; None when the first word is not an officer keyword."""
    words = message.split()
    if not words:
        return None
    action = OFFICER_KEYWORDS.get(words[0].upper().rstrip(_TRAILING))
    if action is None:
        return None
    if action == "list":  # ORODHA <PIN>: the officer's own items, no reference
        pin = words[1].rstrip(_TRAILING) if len(words) > 1 else ""
        if not (pin.isascii() and _PIN.match(pin)):
            return OfficerCommand(action, None, None, problem="missing_pin")
        return OfficerCommand(action, None, pin)
    reference, rest = split_reference(words[1:])
    if reference is None:
        return OfficerCommand(action, None, None, problem="bad_reference")
    pin = rest[0].rstrip(_TRAILING) if rest else ""
    if not (pin.isascii() and _PIN.match(pin)):
        return OfficerCommand(action, reference, None, problem="missing_pin")
    return _with_arguments(action, reference, pin, rest[1:])


def without_pins(message: str, from_officer: bool = False) -> str:
    """The message as it may be stored or shown: in an officer's command, or in anything sent
    from an officer's phone (`from_officer`) however it was typed ("P0KEA ...", "SOMA29141051
    4821", "4821 POKEA ..."), every run of 4-6 digits that could be a PIN is replaced by ****:
    a whole word (with the punctuation a keyboard adds), or digits glued to letters
    ("ORODHA4821"). References (7-9 digits) and dates ("10/12/2026") stay."""
    words = message.split()
    if not words:
        return message
    if not from_officer and words[0].upper().rstrip(_TRAILING) not in OFFICER_KEYWORDS:
        return message
    return " ".join(
        "****" if _PIN.match(word.rstrip(_TRAILING)) else _GLUED_PIN.sub("****", word)
        for word in words
    )


def _with_arguments(action: str, reference: str, pin: str, words: list[str]) -> OfficerCommand:
    """The command with what follows the PIN: a department, days, and/or text."""
    if action == "appoint":
        when = " ".join(word.rstrip(_TRAILING) for word in words)
        if not _WHEN.fullmatch(when):
            return OfficerCommand(action, reference, pin, when, problem="bad_when")
        return OfficerCommand(action, reference, pin, when)
    if action in ("transfer", "refer"):
        slug = words[0].rstrip(_TRAILING).lower() if words else ""
        note = " ".join(words[1:])
        if action == "refer":
            if not slug:
                return OfficerCommand(action, reference, pin, problem="missing_institution")
            return OfficerCommand(action, reference, pin, note, institution=slug)
        if not slug:
            return OfficerCommand(action, reference, pin, problem="missing_department")
        return OfficerCommand(action, reference, pin, note, department=slug)
    days: int | None = None
    if action == "extend":
        days = _days(words[0] if words else "")
        if days is None:
            return OfficerCommand(action, reference, pin, problem="bad_days")
        words = words[1:]
    if action in _OPTIONAL_TEXT:
        return OfficerCommand(action, reference, pin, " ".join(words))
    if action not in _NEEDS_TEXT:
        return OfficerCommand(action, reference, pin)
    text, citizen_words = " ".join(words), None
    if action == "extend":
        text, citizen_words = split_citizen_words(text)
    if len(text) < MIN_OFFICER_TEXT:
        return OfficerCommand(action, reference, pin, text, days=days, problem="missing_text")
    return OfficerCommand(action, reference, pin, text, days=days, citizen_words=citizen_words)


def split_citizen_words(text: str) -> tuple[str, str | None]:
    """An extension's reason (for the head) and its words for the citizen, if marked."""
    found = CITIZEN_MARK.search(text)
    if found is None:
        return text.strip(), None
    return text[: found.start()].strip(), text[found.end() :].strip() or None


def _days(word: str) -> int | None:
    """Days of an extension, 1 to 60, or None."""
    digits = word.rstrip(_TRAILING)
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 3:
        return None
    days = int(digits)
    return days if MIN_DAYS <= days <= MAX_DAYS else None
