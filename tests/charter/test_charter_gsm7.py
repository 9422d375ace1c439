"""The GSM-7 alphabet: what a screen may show and what an SMS costs (DOMAIN.md section 4)."""

from __future__ import annotations

import pytest

from charter.gsm7 import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    gsm7_length,
    is_gsm7,
    is_gsm7_basic,
    sms_parts,
    to_gsm7,
    to_gsm7_basic,
)


def test_the_basic_set_has_the_128_characters_of_the_table_less_the_escape() -> None:
    assert len(GSM7_BASIC) == 127
    for char in "@£$¥èéùìòÇ\n\rØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà":
        assert char in GSM7_BASIC
    assert set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") <= GSM7_BASIC


def test_the_extension_table_is_separate_and_counts_two() -> None:
    assert GSM7_EXTENSION == set("^{}\\[~]|€")
    assert not GSM7_EXTENSION & GSM7_BASIC
    assert gsm7_length("a{b}€") == 8


@pytest.mark.parametrize(
    ("text", "basic", "gsm7"),
    [
        ("Mang'oto", True, True),
        ("Mang\u2019oto", False, False),  # the curly apostrophe a word processor types
        ("Bei ni 1000 [TZS]", False, True),
        ("Habari \U0001f600", False, False),
        ("Line one\nline two\r", True, True),
    ],
)
def test_which_texts_are_gsm7(text: str, basic: bool, gsm7: bool) -> None:
    assert is_gsm7_basic(text) is basic
    assert is_gsm7(text) is gsm7


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("Mang\u2019oto", "Mang'oto"),
        ("\u201cmaji\u201d \u2018safi\u2019", "\"maji\" 'safi'"),
        ("2019\u20132020 \u2014 sasa", "2019-2020 - sasa"),
        ("subiri\u2026", "subiri..."),
        ("Makete\u00a0DC", "Makete DC"),
        ("caf\u00ea na cr\u00e8me", "cafe na crème"),  # è is GSM-7 already, ê is not
        ("\u00e7a", "ca"),  # only the capital Ç is in the table
        ("\u00bd lita", "1/2 lita"),
        ("\ufb01le", "file"),
        ("emoji \U0001f600 na \u4e2d", "emoji ? na ?"),
        ("{sawa} ~ |", "{sawa} ~ |"),  # extension characters stay for SMS
    ],
)
def test_look_alikes_become_gsm7(typed: str, sent: str) -> None:
    assert to_gsm7(typed) == sent
    assert is_gsm7(to_gsm7(typed))


def test_screens_get_plain_look_alikes_for_extension_characters() -> None:
    assert to_gsm7_basic("{sawa} [x] ~ | \\ ^ \u20ac5") == "(sawa) (x) - / / ? EUR5"
    assert is_gsm7_basic(to_gsm7_basic("Mang\u2019oto \u2013 {\U0001f600}"))


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("{" * 80, 1),  # 160 septets
        ("{" * 81, 2),
        ("a" * 152 + "{" + "a" * 151, 2),  # 305 septets
        ("a" * 152 + "{" + "a" * 152, 3),  # 306, but an escape pair is never split
        ("a" * 70 + "\u2019", 2),  # one curly quote: UCS-2, 71 > 70
        ("\u2019" * 70, 1),
        ("\u2019" * 134, 2),
        ("\u2019" * 135, 3),
        ("\U0001f600" * 35, 1),  # an emoji is two UTF-16 units
        ("\U0001f600" * 36, 2),
    ],
)
def test_sms_parts(text: str, parts: int) -> None:
    assert sms_parts(text) == parts
