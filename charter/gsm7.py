"""The GSM 03.38 alphabet: what fits a USSD screen and what an SMS costs.

Plain Swahili and English fit the 7-bit GSM alphabet. One character outside it (a curly quote from
a word processor, an en-dash, an emoji) turns a whole SMS into UCS-2: 70 characters a part instead
of 160, so the council pays two or three times as much. USSD screens are stricter still: operators
render only the basic set reliably, so screens avoid even the extension characters.
"""

from __future__ import annotations

import math
import unicodedata

__all__ = [
    "GSM7_BASIC",
    "GSM7_EXTENSION",
    "gsm7_length",
    "is_gsm7",
    "is_gsm7_basic",
    "sms_parts",
    "to_gsm7",
    "to_gsm7_basic",
]

# The basic character set, in the order of the GSM 03.38 table (0x1B, the escape to the extension
# table, is not a character and is left out).
GSM7_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)

# Reached through the escape character, so each costs two septets in an SMS. (The extension table
# also holds a form feed, which no message of ours should ever contain.)
GSM7_EXTENSION: frozenset[str] = frozenset("^{}\\[~]|€")

# SMS sizes in characters: one part, or each part of a concatenated message (its header eats
# the difference).
GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

# Look-alikes that word processors and smartphone keyboards slip into text.
_LOOK_ALIKES: dict[str, str] = {
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark (the usual "smart" apostrophe: Mang’oto)
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",  # prime
    "\u00b4": "'",  # acute accent on its own
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",  # horizontal bar
    "\u2212": "-",  # minus sign
    "\u2026": "...",  # ellipsis
    "\u2022": "*",  # bullet
    "\u00b7": ".",  # middle dot
    "\u00d7": "x",  # multiplication sign
    "\u2044": "/",  # fraction slash (what NFKD makes of ½)
    "\t": " ",
}

# Extension characters have a plain look-alike in the basic set; screens use those.
_EXTENSION_TO_BASIC: dict[str, str] = {
    "[": "(",
    "]": ")",
    "{": "(",
    "}": ")",
    "~": "-",
    "\\": "/",
    "|": "/",
    "^": "?",
    "€": "EUR",
}


def is_gsm7_basic(text: str) -> bool:
    """True if every character of text is in the GSM 03.38 basic set."""
    return all(char in GSM7_BASIC for char in text)


def is_gsm7(text: str) -> bool:
    """True if text can be sent as a GSM-7 SMS (basic set plus the extension table)."""
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def gsm7_length(text: str) -> int:
    """Septets text takes in GSM-7: extension characters count 2, everything else 1."""
    return sum(2 if char in GSM7_EXTENSION else 1 for char in text)


def to_gsm7(text: str) -> str:
    """Text with look-alikes replaced so it is all GSM-7; what cannot be mapped becomes '?'."""
    if _ALL_GSM7.issuperset(text):  # nearly always: checked in C, character by character
        return text
    return "".join(_char_to_gsm7(char) for char in text)


def to_gsm7_basic(text: str) -> str:
    """Text reduced to the GSM-7 basic set, for USSD screens: to_gsm7, then no extension chars."""
    if _BASIC_GSM7.issuperset(text):
        return text
    return "".join(_EXTENSION_TO_BASIC.get(char, char) for char in to_gsm7(text))


_BASIC_GSM7 = GSM7_BASIC
_ALL_GSM7 = GSM7_BASIC | GSM7_EXTENSION


def sms_parts(text: str) -> int:
    """How many SMS parts text is sent as (an empty message still costs one part)."""
    if is_gsm7(text):
        return _gsm7_parts(text)
    # UCS-2 counts UTF-16 code units: an emoji outside the BMP takes two.
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= UCS2_SINGLE else math.ceil(units / UCS2_PART)


def _gsm7_parts(text: str) -> int:
    """Parts for a GSM-7 text; an escape pair is never split across two parts."""
    if gsm7_length(text) <= GSM7_SINGLE:
        return 1
    parts, used = 1, 0
    for char in text:
        size = 2 if char in GSM7_EXTENSION else 1
        if used + size > GSM7_PART:
            parts, used = parts + 1, 0
        used += size
    return parts


def _char_to_gsm7(char: str) -> str:
    """One character as GSM-7: itself, a look-alike, its base letter, or '?'."""
    if char in GSM7_BASIC or char in GSM7_EXTENSION:
        return char
    if char in _LOOK_ALIKES:
        return _LOOK_ALIKES[char]
    if char.isspace():
        # Non-breaking, thin and other spaces: the reader sees a space.
        return " "
    # NFKD splits "ê" into "e" plus a combining accent, "ﬁ" into "fi" and "½" into "1⁄2":
    # drop the accents and map each remaining part the same way.
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed == char:
        return "?"
    parts = "".join(_char_to_gsm7(part) for part in decomposed if not unicodedata.combining(part))
    return parts or "?"
