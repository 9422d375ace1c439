"""Reference numbers citizens type on a keypad: digits only, the last a Damm check digit.

Damm's algorithm catches every single-digit error and every swap of adjacent digits, the two
mistakes people make when copying a number from an SMS, so a mistyped reference is refused
before any lookup and never shows someone else's complaint.
"""

from __future__ import annotations

import re

# The quasigroup table of order 10 from H. Michael Damm's thesis (2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

MIN_DIGITS = 7
MAX_DIGITS = 9
_SEPARATORS = re.compile(r"[\s\-./]+")


def check_digit(body: str) -> str:
    """The Damm check digit for a string of digits."""
    interim = 0
    for char in body:
        interim = _DAMM[interim][int(char)]
    return str(interim)


def make_reference(body: int) -> str:
    """A reference from a positive number: its digits followed by their check digit."""
    digits = str(body)
    if not MIN_DIGITS - 1 <= len(digits) <= MAX_DIGITS - 1:
        raise ValueError(f"reference body must have {MIN_DIGITS - 1}-{MAX_DIGITS - 1} digits")
    return digits + check_digit(digits)


def clean_reference(typed: str) -> str:
    """What a citizen typed, without the spaces, dashes or dots they put in it."""
    return _SEPARATORS.sub("", typed.strip())


def is_valid_reference(typed: str) -> bool:
    """True when the typed text is a well-formed reference whose check digit matches."""
    digits = clean_reference(typed)
    if not (digits.isascii() and digits.isdigit()):
        return False
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return False
    return check_digit(digits) == "0"
