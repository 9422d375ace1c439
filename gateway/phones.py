"""Tanzanian phone numbers: whatever a citizen or Africa's Talking sends, one E.164 form."""

from __future__ import annotations

import hashlib

import phonenumbers


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


def phone_tag(phone: str) -> str:
    """A short stable tag for logs, so a phone can be followed without writing it down."""
    return hashlib.sha256(phone.encode()).hexdigest()[:8]
