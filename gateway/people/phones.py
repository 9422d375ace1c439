"""Tanzanian phone numbers: whatever a citizen or Africa's Talking sends, one E.164 form."""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache

import phonenumbers


@lru_cache(maxsize=4096)
def normalise_phone(raw: str) -> str:
    """E.164 ('+255754123456') for a valid number typed any usual way; ValueError otherwise."""
    text = raw.strip()
    if not text or len(text) > 20:
        raise ValueError("not a phone number")
    try:
        number = phonenumbers.parse(text, "TZ")
    except phonenumbers.NumberParseException:
        raise ValueError("not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_tag(phone: str, key: bytes) -> str:
    """A short stable tag for logs, so a phone can be followed without writing it down. Keyed
    (HMAC with the server's secret): Tanzania's few hundred million numbers could be hashed
    one by one to read a plain hash back, but not a keyed one."""
    return hmac.new(key, phone.encode(), hashlib.sha256).hexdigest()[:8]


HIDDEN = "***"


def hide_phone_numbers(text: str, own: str | None = None) -> str:
    """`text` with every phone number in it replaced by ***.

    phonenumbers' matcher finds the usual spellings (0754 111 111, 0754.111.111, (0754)111111,
    +255 754 111 111, 754111111, other countries' numbers); `own`, the complainant's E.164
    number, is also hidden however its digits are spaced or joined.
    """
    found = phonenumbers.PhoneNumberMatcher(text, "TZ", leniency=phonenumbers.Leniency.POSSIBLE)
    pieces, last = [], 0
    for match in found:
        pieces += [text[last : match.start], HIDDEN]
        last = match.end
    hidden = "".join([*pieces, text[last:]])
    if own and own.startswith("+255"):
        digits = r"[\s.()-]*".join(re.escape(d) for d in own.removeprefix("+255"))
        hidden = re.sub(rf"(?:\+?255[\s.()-]*|0)?{digits}", HIDDEN, hidden)
    return hidden
