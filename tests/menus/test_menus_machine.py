"""The USSD menu walked as a citizen walks it: every path, both languages, back and main menu."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from charter.loader import load_charter
from charter.model import Charter, Standard
from menus.machine import (
    Context,
    DiscardDraft,
    Effect,
    FileComplaint,
    Outcome,
    SaveDraft,
    SetLanguage,
    filed_screen,
    start,
    step,
)

DESCRIPTION = "Bomba la maji Kijiji cha Ivalalila limevunjika *hakuna* maji #msaada"
HINT = {"sw": "Chaguo si sahihi.", "en": "Invalid choice."}
MAIN_HEADER = {"sw": "CON Karibu Makete DC", "en": "CON Welcome to Makete DC"}
MORE = {"sw": "Zaidi", "en": "More"}


@pytest.fixture(scope="module")
def charter() -> Charter:
    return load_charter()


@pytest.fixture(params=["sw", "en"])
def ctx(request: pytest.FixtureRequest, charter: Charter) -> Context:
    return Context(charter=charter, language=request.param, draft=None)


class Phone:
    """A tiny driver: one session, the state kept as the edge keeps it (a JSON round trip)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.screens: list[str] = []
        self.effects: list[Effect] = []
        self.last: tuple[Effect, ...] = ()
        self._apply(start(ctx))

    def _apply(self, outcome: Outcome) -> None:
        self.state: dict[str, Any] = json.loads(json.dumps(outcome.state))
        self.screens.append(outcome.screen)
        self.effects.extend(outcome.effects)
        self.last = outcome.effects

    @property
    def screen(self) -> str:
        return self.screens[-1]

    def type(self, *inputs: str) -> str:
        """Type each input in turn; return the last screen."""
        for typed in inputs:
            self._apply(step(self.state, typed, self.ctx))
        return self.screen

    def pick(self, label: str) -> str:
        """Press the option labelled `label`, paging with 9 until it shows."""
        for _ in range(10):
            found = options(self.screen)
            if label in found:
                return self.type(found[label])
            assert MORE[self.ctx.language] in found, f"{label!r} not on:\n{self.screen}"
            self.type("9")
        raise AssertionError(label)

    def filed(self) -> FileComplaint:
        [effect] = [e for e in self.effects if isinstance(e, FileComplaint)]
        return effect


def run(inputs: list[str], ctx: Context) -> tuple[list[str], dict[str, Any], list[Effect]]:
    """Start a session, type the inputs; the screens shown, the final state, all effects."""
    phone = Phone(ctx)
    phone.type(*inputs)
    return phone.screens, phone.state, phone.effects


def run_phone(ctx: Context, *inputs: str) -> Phone:
    """A phone that has typed these inputs."""
    phone = Phone(ctx)
    phone.type(*inputs)
    return phone


def options(screen: str) -> dict[str, str]:
    """Label -> number for each "N label" line of a screen."""
    found = {}
    for line in screen.removeprefix("CON ").splitlines():
        match = re.fullmatch(r"(\d+) (.+)", line)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def body(screen: str) -> str:
    """A CON screen without its prefix."""
    return screen.removeprefix("CON ")


def to_confirm(phone: Phone, department: str = "Maji", ward: str = "Iwawa") -> str:
    phone.type("1")
    phone.pick(department)
    phone.pick(ward)
    phone.type(DESCRIPTION)
    return phone.type("2")


# ---------------------------------------------------------------------------------------------
# Filing


def test_a_citizen_files_a_complaint_in_swahili(charter: Charter) -> None:
    phone = Phone(Context(charter, "sw", None))
    assert phone.screen.startswith("CON Karibu Makete DC\n1 Tuma lalamiko\n")
    assert "Chagua idara:" in phone.type("1")
    assert "Chagua kata" in phone.pick("Maji")
    assert "Andika maelezo ya lalamiko" in phone.pick("Iwawa")
    assert "Ungependa kutaja jina lako?" in phone.type(DESCRIPTION)
    confirm = phone.type("2")
    assert confirm.startswith("CON Lalamiko: Maji, Iwawa\nBila kujitambulisha\n")
    assert "1 Thibitisha\n2 Ghairi" in confirm
    assert phone.type("1") == ""  # the edge files, then renders filed_screen
    assert phone.filed() == FileComplaint(
        kind="lalamiko",
        department="maji",
        ward="Iwawa",
        description=DESCRIPTION,
        name=None,
        anonymous=True,
        language="sw",
    )
    assert isinstance(phone.last[-1], DiscardDraft)


def test_a_citizen_files_a_named_complaint_in_english(charter: Charter) -> None:
    phone = Phone(Context(charter, "en", None))
    assert phone.screen.startswith("CON Welcome to Makete DC\n1 Make a complaint\n")
    phone.type("1")
    phone.pick("Elimu Msingi")
    phone.pick("Mang'oto")
    assert "Type your complaint" in phone.screen
    phone.type("  Hakuna   walimu wa kutosha\nshule ya Mang'oto *  # ")
    assert "1 With my name" in phone.screen
    assert "Type your name" in phone.type("1")
    confirm = phone.type("Neema Mwakalinga")
    assert confirm.startswith("CON Complaint: Elimu Msingi, Mang'oto\nName: Neema Mwakalinga\n")
    phone.type("1")
    assert phone.filed() == FileComplaint(
        kind="lalamiko",
        department="msingi",
        ward="Mang'oto",
        description="Hakuna walimu wa kutosha shule ya Mang'oto * #",
        name="Neema Mwakalinga",
        anonymous=False,
        language="en",
    )


@pytest.mark.parametrize(
    ("number", "kind", "sw_word", "en_word"),
    [
        ("1", "mapendekezo", "mapendekezo", "suggestion"),
        ("2", "pongezi", "pongezi", "compliment"),
        ("3", "maulizo", "maulizo", "enquiry"),
    ],
)
def test_suggestions_compliments_and_enquiries_take_the_same_path(
    ctx: Context, number: str, kind: str, sw_word: str, en_word: str
) -> None:
    phone = Phone(ctx)
    submenu = phone.type("2")
    assert "1 Mapendekezo\n2 Pongezi\n3 Maulizo" in submenu or (
        "1 Suggestion\n2 Compliment\n3 Enquiry" in submenu
    )
    phone.type(number)
    phone.pick("Afya")
    phone.pick("Tandala")
    word = sw_word if ctx.language == "sw" else en_word
    assert word in phone.screen
    phone.type(DESCRIPTION, "2", "1")
    assert phone.filed().kind == kind and phone.filed().department == "afya"


def test_every_department_can_be_chosen(charter: Charter, ctx: Context) -> None:
    for department in charter.departments:
        phone = Phone(ctx)
        phone.type("1")
        phone.pick(department.short)
        phone.pick("Iwawa")
        phone.type(DESCRIPTION, "2", "1")
        assert phone.filed().department == department.slug


def test_every_ward_can_be_chosen_from_the_pages(charter: Charter, ctx: Context) -> None:
    for ward in charter.wards:
        phone = Phone(ctx)
        phone.type("1", "5")  # Maji is 5 on the first page
        phone.pick(ward)
        phone.type(DESCRIPTION, "2", "1")
        assert phone.filed().ward == ward


def test_cancel_files_nothing_and_forgets_the_draft(ctx: Context) -> None:
    phone = Phone(ctx)
    to_confirm(phone)
    end = phone.type("2")
    assert end in (
        "END Umeghairi. Hakuna kilichotumwa. Asante.",
        "END Cancelled. Nothing was sent. Thank you.",
    )
    assert phone.last == (DiscardDraft(),)
    assert not any(isinstance(e, FileComplaint) for e in phone.effects)


def test_the_confirm_screen_cuts_a_long_description_with_two_dots(ctx: Context) -> None:
    phone = Phone(ctx)
    phone.type("1")
    phone.pick("Maji")
    phone.pick("Iwawa")
    phone.type("Maji " * 60)  # 299 characters once trimmed
    confirm = phone.type("2")
    assert '"Maji Maji' in confirm and '.."' in confirm and len(confirm) <= 160
    phone.type("1")
    assert phone.filed().description == ("Maji " * 60).strip()


@pytest.mark.parametrize("sms", [True, False])
def test_the_filed_screen_shows_the_reference_and_the_answer_date(sms: bool) -> None:
    sw = filed_screen("sw", "12345678", date(2026, 12, 10), sms=sms)
    en = filed_screen("en", "12345678", date(2026, 12, 10), sms=sms)
    for screen in (sw, en):
        assert screen.startswith("END ") and "12345678" in screen and "10/12/2026" in screen
    if sms:
        assert "Utapokea SMS" in sw and "SMS with this number will follow" in en
    else:
        assert "hutapokea SMS" in sw and "no SMS will come" in en


def test_the_filed_screen_without_a_due_date_promises_no_date() -> None:
    screen = filed_screen("sw", "1234567", None, sms=True)
    assert "ifikapo" not in screen and "1234567" in screen


# ---------------------------------------------------------------------------------------------
# Ward type-ahead


@pytest.mark.parametrize("typed", ["mang", "MANG", "Mang'", "mango", "Mang\u2019o", " m a n g "])
def test_typing_the_first_letters_of_one_ward_picks_it(ctx: Context, typed: str) -> None:
    phone = Phone(ctx)
    phone.type("1", "5", typed)
    assert "maelezo" in phone.screen or "Type your" in phone.screen
    phone.type(DESCRIPTION, "2", "1")
    assert phone.filed().ward == "Mang'oto"


def test_several_matches_are_listed_alone(ctx: Context) -> None:
    phone = Phone(ctx)
    screen = phone.type("1", "5", "ki")
    assert list(options(screen)) == [
        "Kigala",
        "Kigulu",
        "Kinyika",
        "Kipagalo",
        "Kitulo",
        "Rudi" if ctx.language == "sw" else "Back",
    ]
    phone.pick("Kinyika")
    phone.type(DESCRIPTION, "2", "1")
    assert phone.filed().ward == "Kinyika"


def test_back_from_the_matches_returns_to_the_full_list(ctx: Context) -> None:
    phone = Phone(ctx)
    full = phone.type("1", "5")
    phone.type("i")
    assert phone.type("0") == full


def test_no_match_re_shows_the_list_with_a_hint(ctx: Context) -> None:
    phone = Phone(ctx)
    full = phone.type("1", "5")
    screen = phone.type("Zzz")
    hint = (
        "Hakuna kata inayoanza na 'Zzz'."
        if ctx.language == "sw"
        else ("No ward starts with 'Zzz'.")
    )
    assert screen == f"CON {hint}\n{body(full)}"


# ---------------------------------------------------------------------------------------------
# Navigation: 0 back, 00 main menu, wrong input


def screens_of_the_filing_path(ctx: Context) -> list[tuple[list[str], str]]:
    """(inputs that reach a screen, that screen) for every screen of a named filing."""
    inputs = ["1", "9", "1", "9", "1", DESCRIPTION, "1", "Neema Mwakalinga"]
    reached: list[tuple[list[str], str]] = []
    phone = Phone(ctx)
    reached.append(([], phone.screen))
    for count in range(1, len(inputs) + 1):
        reached.append((inputs[:count], phone.type(inputs[count - 1])))
    return reached


def test_zero_goes_back_one_screen_everywhere_on_the_filing_path(ctx: Context) -> None:
    path = screens_of_the_filing_path(ctx)
    for (_, previous), (inputs, _) in zip(path, path[1:], strict=False):
        screens, _, _ = run([*inputs, "0"], ctx)
        assert screens[-1] == previous, inputs


def test_double_zero_goes_to_the_main_menu_everywhere(ctx: Context) -> None:
    main = Phone(ctx).screen
    for inputs, _ in screens_of_the_filing_path(ctx):
        screens, state, _ = run([*inputs, "00"], ctx)
        assert screens[-1] == main and state["screen"] == "main", inputs
    for inputs in (["2"], ["5"], ["6"], ["2", "1"]):
        assert run([*inputs, "00"], ctx)[0][-1] == main


def test_zero_and_double_zero_on_free_text_screens_are_navigation(ctx: Context) -> None:
    phone = Phone(ctx)
    phone.type("1", "5")
    wards = phone.screen
    phone.type("1")  # Bulongwa: the description prompt
    assert phone.type(" 0 ") == wards
    phone.type("1", "00")
    assert phone.screen == Phone(ctx).screen


def test_zero_on_the_main_menu_stays_there(ctx: Context) -> None:
    main = Phone(ctx).screen
    assert run(["0"], ctx)[0][-1] == main and run(["00"], ctx)[0][-1] == main


def test_wrong_input_re_shows_the_same_screen_with_a_hint(ctx: Context) -> None:
    hint = HINT[ctx.language]
    choice_screens = [
        ([], "7"),
        (["2"], "4"),
        (["1"], "12"),
        (["1", "9", "9"], "9"),  # the last page has no "more"
        (["1", "5"], "*#"),
        (["1", "5", "1", DESCRIPTION], "3"),
        (["5"], "1"),
        (["6"], "3"),
    ]
    for inputs, wrong in choice_screens:
        phone = Phone(ctx)
        shown = phone.type(*inputs)
        assert phone.type(wrong) == f"CON {hint}\n{body(shown)}", (inputs, wrong)
        assert phone.type(wrong) == f"CON {hint}\n{body(shown)}"  # and again: no stacking


def test_wrong_input_on_confirm_keeps_the_screen_and_shortens_the_description(
    ctx: Context,
) -> None:
    phone = Phone(ctx)
    confirm = to_confirm(phone)
    again = phone.type("5")
    assert again.startswith(f"CON {HINT[ctx.language]}\n" + body(confirm).split('"')[0])
    assert again.endswith(confirm.split('"')[-1]) and len(again) <= 160


@pytest.mark.parametrize(
    ("typed", "sw_hint", "en_hint"),
    [
        ("", "Maelezo mafupi mno", "Too short"),
        ("  maji     ", "Maelezo mafupi mno", "Too short"),
        ("x" * 301, "Maelezo marefu mno", "Too long"),
    ],
)
def test_a_description_outside_the_limits_is_asked_again(
    ctx: Context, typed: str, sw_hint: str, en_hint: str
) -> None:
    phone = Phone(ctx)
    prompt = phone.type("1", "5", "1")
    screen = phone.type(typed)
    assert screen.startswith("CON " + (sw_hint if ctx.language == "sw" else en_hint))
    assert screen.endswith(body(prompt)) and len(screen) <= 160


@pytest.mark.parametrize("typed", ["", "J", "12345", "x" * 61])
def test_a_name_outside_the_limits_is_asked_again(ctx: Context, typed: str) -> None:
    phone = Phone(ctx)
    prompt = phone.type("1", "5", "1", DESCRIPTION, "1")
    screen = phone.type(typed)
    assert screen.endswith(body(prompt)) and screen != prompt
    assert "Andika jina la herufi 2 hadi 60." in screen or "name of 2 to 60" in screen


# ---------------------------------------------------------------------------------------------
# Other main menu items


@pytest.mark.parametrize("item", ["3", "4"])
def test_tracking_and_appeals_say_they_are_coming(ctx: Context, item: str) -> None:
    screens, state, effects = run([item], ctx)
    assert screens[-1].startswith("END ") and "026 2740016" in screens[-1]
    assert "karibuni" in screens[-1] or "coming soon" in screens[-1]
    assert effects == [] and state["screen"] == "done"


def test_the_standards_screen_shows_what_the_charter_promises(ctx: Context) -> None:
    screen = run(["5"], ctx)[0][-1]
    if ctx.language == "sw":
        assert screen.startswith("CON Tunajibu ndani ya siku za kazi:\n")
        assert "Lalamiko 14 (Maji 5)\nMapendekezo 21\nMaulizo 7\nRufaa 14\n" in screen
        assert screen.endswith("0 Rudi 00 Menyu kuu")
    else:
        assert "Complaint 14 (Maji 5)\nSuggestion 21\nEnquiry 7\nAppeal 14\n" in screen
    assert run(["5", "0"], ctx)[0][-1] == Phone(ctx).screen


def test_the_standards_screen_follows_the_charter(charter: Charter) -> None:
    enquiry = replace(charter.kind("maulizo"), answer=Standard(7, "working_hours"))
    edited = replace(charter, kinds=(*charter.kinds[:3], enquiry))
    screen = run(["5"], Context(edited, "sw", None))[0][-1]
    assert "Maulizo saa 7" in screen


def test_choosing_english_switches_at_once_and_is_remembered(charter: Charter) -> None:
    phone = Phone(Context(charter, "sw", None))
    assert "1 Kiswahili\n2 English" in phone.type("6")
    assert phone.type("2").startswith(MAIN_HEADER["en"])
    assert phone.last == (SetLanguage("en"),)
    phone.type("1", "5", "1", DESCRIPTION, "2", "1")
    assert phone.filed().language == "en"
    back = Phone(Context(charter, "en", None))
    back.type("6", "1")
    assert back.screen.startswith(MAIN_HEADER["sw"]) and back.last == (SetLanguage("sw"),)


# ---------------------------------------------------------------------------------------------
# Drafts


def test_a_draft_is_saved_from_the_department_on(ctx: Context) -> None:
    phone = Phone(ctx)
    phone.type("1")
    assert not any(isinstance(e, SaveDraft) for e in phone.effects)
    for typed in ("5", "1", DESCRIPTION, "1", "Neema"):
        phone.type(typed)
        saved = [e for e in phone.last if isinstance(e, SaveDraft)]
        assert saved and saved[0].state == phone.state


def dropped_after(phone: Phone) -> dict[str, Any]:
    """The draft the edge kept for a session that stopped where `phone` is now."""
    [*_, draft] = [e for e in phone.effects if isinstance(e, SaveDraft)]
    return json.loads(json.dumps(draft.state))


def dropped_at_identity(ctx: Context) -> tuple[Phone, dict[str, Any]]:
    """A session that stopped on "named or anonymous" after Ardhi, Itundu and a description."""
    phone = Phone(ctx)
    phone.type("1")
    phone.pick("Ardhi")
    phone.pick("Itundu")
    phone.type(DESCRIPTION)
    return phone, dropped_after(phone)


def test_the_next_dial_offers_the_draft_and_continues_exactly(ctx: Context) -> None:
    dropped, draft = dropped_at_identity(ctx)
    again = Phone(replace(ctx, draft=draft))
    offer = again.screen
    assert offer in (
        "CON Hukumaliza kutuma lalamiko.\n1 Endelea\n2 Anza upya",
        "CON You did not finish your complaint.\n1 Continue\n2 Start again",
    )
    assert again.type("1") == dropped.screen
    assert again.type("0") == dropped.screens[-2]  # back works as before the drop
    again.type(DESCRIPTION, "1", "Neema Mwakalinga", "1")
    filed = again.filed()
    assert (filed.department, filed.ward, filed.name) == ("ardhi", "Itundu", "Neema Mwakalinga")


def test_a_draft_continues_in_the_language_chosen_since(charter: Charter) -> None:
    draft = dropped_after(run_phone(Context(charter, "sw", None), "1", "5", "1"))
    again = Phone(Context(charter, "en", draft))
    assert "Type your complaint" in again.type("1")


def test_start_again_discards_the_draft(ctx: Context) -> None:
    draft = dropped_after(run_phone(ctx, "1", "5"))
    again = Phone(replace(ctx, draft=draft))
    assert again.type("2").startswith(MAIN_HEADER[ctx.language])
    assert again.last == (DiscardDraft(),)


def test_the_draft_offer_takes_back_and_main_menu_without_discarding(ctx: Context) -> None:
    draft = dropped_after(run_phone(ctx, "1", "5"))
    for typed in ("0", "00"):
        again = Phone(replace(ctx, draft=draft))
        assert again.type(typed).startswith(MAIN_HEADER[ctx.language])
        assert again.effects == []
    again = Phone(replace(ctx, draft=draft))
    assert again.type("3") == f"CON {HINT[ctx.language]}\n{body(again.screens[0])}"


def test_a_draft_the_charter_no_longer_matches_is_dropped(ctx: Context) -> None:
    draft = dropped_after(run_phone(ctx, "1", "5", "1"))
    for broken in ({**draft, "ward": "Atlantis"}, {**draft, "screen": "nowhere"}, {"x": 1}):
        outcome = start(replace(ctx, draft=broken))
        assert outcome.screen.startswith(MAIN_HEADER[ctx.language])
        assert outcome.effects == (DiscardDraft(),)


# ---------------------------------------------------------------------------------------------
# Robustness and speed


@pytest.mark.parametrize(
    "state",
    [
        {},
        {"screen": "confirm"},
        {"screen": "ward", "page": "x"},
        {"screen": "main", "back": 5},
        {"screen": "done"},
        {"screen": "department", "kind": "nope"},
    ],
)
def test_a_state_we_did_not_write_starts_over_at_the_main_menu(
    ctx: Context, state: dict[str, Any]
) -> None:
    outcome = step(state, "1", ctx)
    assert outcome.screen.startswith(MAIN_HEADER[ctx.language]) and outcome.effects == ()


def test_a_page_beyond_the_list_shows_the_last_page(ctx: Context) -> None:
    state = {**run(["1"], ctx)[1], "page": 99}
    last = run(["1", "9", "9"], ctx)[0][-1]
    assert step(state, "x", ctx).screen.endswith(body(last))


def test_a_step_takes_microseconds(ctx: Context) -> None:
    _, state, _ = run(["1", "5"], ctx)
    step(state, "mang", ctx)  # warm the per-charter caches
    started = time.perf_counter()
    for _ in range(1000):
        step(state, "mang", ctx)
        step(state, "3", ctx)
    per_step = (time.perf_counter() - started) / 2000
    assert per_step < 0.001  # typically ~20 microseconds; a millisecond would mean a regression
