"""Officers' SMS commands as they type them on a feature phone: every form, every slip."""

from __future__ import annotations

import pytest

from charter.reference import make_reference
from menus.officer_commands import OfficerCommand, parse_officer_sms, without_pins

REF = make_reference(12345678)  # nine digits, a valid check digit
SHORT_REF = make_reference(123456)  # seven digits
WRONG_CHECK = REF[:-1] + str((int(REF[-1]) + 1) % 10)
SPACED = f"{REF[:3]} {REF[3:6]} {REF[6:]}"
DASHED = f"{REF[:4]}-{REF[4:]}"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (f"POKEA {REF} 1234", OfficerCommand("acknowledge", REF, "1234")),
        (f"pokea {REF} 123456", OfficerCommand("acknowledge", REF, "123456")),
        (f"  Pokea   {SPACED}   4321  ", OfficerCommand("acknowledge", REF, "4321")),
        (f"POKEA {DASHED} 4321.", OfficerCommand("acknowledge", REF, "4321")),
        (f"POKEA: {SHORT_REF} 0000", OfficerCommand("acknowledge", SHORT_REF, "0000")),
        (
            f"JIBU {REF} 1234 Fundi atafika kesho asubuhi",
            OfficerCommand("reply", REF, "1234", "Fundi atafika kesho asubuhi"),
        ),
        (
            f"jibu {SPACED} 1234  Fundi\natafika   kesho",
            OfficerCommand("reply", REF, "1234", "Fundi atafika kesho"),
        ),
        (
            f"FUNGA {REF} 1234 Bomba limetengenezwa",
            OfficerCommand("resolve", REF, "1234", "Bomba limetengenezwa"),
        ),
        (
            f"HAMISHA {REF} 1234 Afya",
            OfficerCommand("transfer", REF, "1234", department="afya"),
        ),
        (
            f"hamisha {REF} 1234 MSINGI, shule ya msingi",
            OfficerCommand("transfer", REF, "1234", "shule ya msingi", department="msingi"),
        ),
        (
            f"ONGEZA {REF} 1234 5 Vifaa vinasubiriwa kutoka Njombe",
            OfficerCommand("extend", REF, "1234", "Vifaa vinasubiriwa kutoka Njombe", days=5),
        ),
        (f"ongeza {REF} 1234 60 Ok", OfficerCommand("extend", REF, "1234", "Ok", days=60)),
        (f"KUBALI {REF} 1234", OfficerCommand("approve", REF, "1234")),
        (f"kataa {DASHED} 1234", OfficerCommand("refuse", REF, "1234")),
        (
            f"ULIZA {REF} 1234 Kijiji gani hasa?",
            OfficerCommand("ask", REF, "1234", "Kijiji gani hasa?"),
        ),
        (
            f"AMUA {REF} 1234 Fundi atatumwa tena wiki hii",
            OfficerCommand("decide", REF, "1234", "Fundi atatumwa tena wiki hii"),
        ),
        ("ORODHA 1234", OfficerCommand("list", None, "1234")),
        ("orodha 123456.", OfficerCommand("list", None, "123456")),
        (f"SOMA {DASHED} 1234", OfficerCommand("read", REF, "1234")),
        (
            f"PELEKA {REF} 1234 RUWASA, mradi wa maji wa kijiji",
            OfficerCommand("refer", REF, "1234", "mradi wa maji wa kijiji", institution="ruwasa"),
        ),
        (f"peleka {REF} 1234 tarura", OfficerCommand("refer", REF, "1234", institution="tarura")),
        # A number at the start of the text is text, not part of the reference or the PIN.
        (
            f"JIBU {REF} 1234 2 mafundi watakuja",
            OfficerCommand("reply", REF, "1234", "2 mafundi watakuja"),
        ),
    ],
)
def test_every_form_parses(message: str, expected: OfficerCommand) -> None:
    assert parse_officer_sms(message) == expected


@pytest.mark.parametrize(
    ("message", "action", "problem"),
    [
        (f"POKEA {WRONG_CHECK} 1234", "acknowledge", "bad_reference"),
        ("POKEA 1234", "acknowledge", "bad_reference"),
        ("POKEA", "acknowledge", "bad_reference"),
        ("JIBU habari 1234 sawa", "reply", "bad_reference"),
        (f"POKEA {REF}", "acknowledge", "missing_pin"),
        (f"POKEA {REF} 123", "acknowledge", "missing_pin"),  # PINs are 4 to 6 digits
        (f"POKEA {REF} 1234567", "acknowledge", "missing_pin"),
        (f"POKEA {REF} abcd", "acknowledge", "missing_pin"),
        (f"KUBALI {REF} \u0661\u0662\u0663\u0664", "approve", "missing_pin"),  # not ASCII digits
        (f"JIBU {REF} 1234", "reply", "missing_text"),
        (f"JIBU {REF} 1234 k", "reply", "missing_text"),
        (f"FUNGA {REF} 1234", "resolve", "missing_text"),
        (f"ULIZA {REF} 1234", "ask", "missing_text"),
        (f"AMUA {REF} 1234 ", "decide", "missing_text"),
        (f"ONGEZA {REF} 1234 5", "extend", "missing_text"),
        (f"ONGEZA {REF} 1234", "extend", "bad_days"),
        (f"ONGEZA {REF} 1234 0 sababu ndefu", "extend", "bad_days"),
        (f"ONGEZA {REF} 1234 61 sababu ndefu", "extend", "bad_days"),
        (f"ONGEZA {REF} 1234 tano sababu", "extend", "bad_days"),
        (f"ONGEZA {REF} 1234 -5 sababu", "extend", "bad_days"),
        (f"HAMISHA {REF} 1234", "transfer", "missing_department"),
        (f"PELEKA {REF} 1234", "refer", "missing_institution"),
        ("ORODHA", "list", "missing_pin"),
        (f"ORODHA {REF}", "list", "missing_pin"),
        ("SOMA 1234", "read", "bad_reference"),
        (f"SOMA {REF}", "read", "missing_pin"),
    ],
)
def test_a_malformed_command_is_still_the_officers_with_its_problem(
    message: str, action: str, problem: str
) -> None:
    command = parse_officer_sms(message)
    assert command is not None
    assert (command.action, command.problem) == (action, problem)


def test_a_problem_keeps_what_was_read_so_far() -> None:
    command = parse_officer_sms(f"JIBU {REF} 1234")
    assert command == OfficerCommand("reply", REF, "1234", problem="missing_text")
    assert parse_officer_sms(f"POKEA {WRONG_CHECK} 1234") == OfficerCommand(
        "acknowledge", None, None, problem="bad_reference"
    )


@pytest.mark.parametrize(
    "message",
    ["", "   ", "HALI 123", "LALAMIKO maji hayatoki", "1", "Habari", "POKEAA 123 1234", "REPLY"],
)
def test_anything_else_is_not_an_officer_command(message: str) -> None:
    assert parse_officer_sms(message) is None


def test_the_pin_is_never_read_into_the_reference() -> None:
    # Seven-digit reference + four-digit PIN is eleven digits, more than any reference: the
    # longest valid run is the reference alone, whatever the grouping.
    typed = f"POKEA {SHORT_REF[:3]} {SHORT_REF[3:]} 9876"
    assert parse_officer_sms(typed) == OfficerCommand("acknowledge", SHORT_REF, "9876")


@pytest.mark.parametrize(
    ("message", "stored"),
    [
        (f"POKEA {REF} 1234", f"POKEA {REF} ****"),
        ("ORODHA 1234", "ORODHA ****"),
        ("orodha 123456.", "orodha ****"),
        (f"SOMA {REF} 4321", f"SOMA {REF} ****"),
        (f"PELEKA {REF} 1234 ruwasa mradi 2019", f"PELEKA {REF} **** ruwasa mradi ****"),
        (f"HALI {REF}", f"HALI {REF}"),  # a citizen's message is stored as sent
    ],
)
def test_every_command_is_stored_without_its_pin(message: str, stored: str) -> None:
    assert without_pins(message) == stored


@pytest.mark.parametrize(
    ("message", "stored"),
    [
        (f"POKEA,{REF} 4821", f"POKEA,{REF} ****"),
        (f"P0KEA {REF} 4821", f"P0KEA {REF} ****"),
        (f"SOMA{REF} 4821", f"SOMA{REF} ****"),
        ("ORODHA4821", "ORODHA****"),
        (f"4821 POKEA {REF}", f"**** POKEA {REF}"),
        (
            f"JIBU {REF} 4821 Tutakuja 10/12/2026 saa 4",
            f"JIBU {REF} **** Tutakuja 10/12/2026 saa 4",
        ),
        ("Habari, nimesahau PIN", "Habari, nimesahau PIN"),
    ],
)
def test_anything_from_an_officers_phone_is_stored_without_a_pin_however_typed(
    message: str, stored: str
) -> None:
    assert without_pins(message, from_officer=True) == stored
    if message.split()[0].upper() not in ("POKEA", "JIBU"):  # a citizen's words are their own
        assert without_pins(message) == message
