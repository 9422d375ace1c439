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
from charter.reference import make_reference
from menus.machine import (
    Context,
    DiscardDraft,
    Effect,
    FileComplaint,
    ItemSummary,
    OpenAppeal,
    Outcome,
    SaveDraft,
    SetLanguage,
    appeal_screen,
    filed_screen,
    start,
    step,
)

DESCRIPTION = "Bomba la maji Kijiji cha Ivalalila limevunjika *hakuna* maji #msaada"
HINT = {"sw": "Chaguo si sahihi.", "en": "Invalid choice."}
MAIN_HEADER = {
    "sw": "CON Karibu Halmashauri ya Makete",
    "en": "CON Welcome to Makete District Council",
}
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
    assert phone.screen.startswith("CON Karibu Halmashauri ya Makete\n1 Tuma lalamiko\n")
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
    assert phone.screen.startswith("CON Welcome to Makete District Council\n1 Make a complaint\n")
    phone.type("1")
    phone.pick("Elimu Msingi")
    phone.pick("Mang'oto")
    assert "Type your complaint" in phone.screen
    phone.type("  Hakuna   walimu wa kutosha\nshule ya Mang'oto *  # ")
    assert "1 Yes, with my name" in phone.screen
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
        ([], "8"),
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
        shown = body(phone.type(*inputs))
        if not inputs:  # on the main menu the hint takes the greeting's line
            shown = shown.split("\n", 1)[1]
        assert phone.type(wrong) == f"CON {hint}\n{shown}", (inputs, wrong)
        assert phone.type(wrong) == f"CON {hint}\n{shown}"  # and again: no stacking


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
# Track (main menu 3) and appeal (main menu 4)

REFS = [make_reference(body) for body in (12345678, 23456789, 34567890, 45678901)]
SOMEONE_ELSES = make_reference(56789012)
MISTYPED = REFS[0][:-1] + str((int(REFS[0][-1]) + 1) % 10)  # one digit wrong: Damm catches it
LABELS = {"sw": ("Lalamiko", "Mapendekezo"), "en": ("Complaint", "Suggestion")}


def items(language: str) -> tuple[ItemSummary, ...]:
    """A phone's items, newest first: in hand, waiting at the desk, resolved x2 (one still
    appealable), as the edge sums them up with their dates (gateway/lifecycle/item_dates.py)."""
    complaint, suggestion = LABELS[language]
    return (
        ItemSummary(
            REFS[0],
            "lalamiko",
            complaint,
            "Maji",
            "acknowledged",
            date(2026, 12, 10),
            "answer",
            None,
        ),
        ItemSummary(REFS[1], "mapendekezo", suggestion, None, "waiting", None, "", None),
        ItemSummary(
            REFS[2], "lalamiko", complaint, "Afya", "resolved", None, "", date(2026, 12, 30)
        ),
        ItemSummary(REFS[3], "lalamiko", complaint, "Ardhi", "resolved", None, "", None),
    )


def with_items(ctx: Context) -> Context:
    return replace(ctx, recent=items(ctx.language))


def test_track_lists_the_last_three_items_and_a_way_to_type_one(ctx: Context) -> None:
    screen = Phone(with_items(ctx)).type("3")
    _, suggestion = LABELS[ctx.language]
    assert list(options(screen)) == [
        f"{REFS[0]} Maji",
        f"{REFS[1]} {suggestion}",  # no department yet: its kind
        f"{REFS[2]} Afya",
        "Andika namba" if ctx.language == "sw" else "Type a number",
        "Rudi" if ctx.language == "sw" else "Back",
    ]
    assert REFS[3] not in screen


@pytest.mark.parametrize(
    ("number", "sw_lines", "en_lines"),
    [
        (
            "1",
            [f"Lalamiko lako {REFS[0]} linashughulikiwa.", "Idara: Maji.",
             "Jibu ifikapo 10/12/2026."],
            [f"Your complaint {REFS[0]} is being handled.", "Department: Maji.",
             "Answer by 10/12/2026."],
        ),
        (
            "2",
            [f"Mapendekezo yako {REFS[1]} yanasubiri jibu lako.", "Idara: Dawati la malalamiko.",
             f"Tuma JIBU {REFS[1]} kisha jibu lako."],
            [f"Your suggestion {REFS[1]} is waiting for your answer.",
             "Department: Complaints desk.", f"Send REPLY {REFS[1]} then your answer."],
        ),
        (
            "3",
            [f"Lalamiko lako {REFS[2]} limejibiwa.", "Idara: Afya.",
             "Unaweza kukata rufaa ifikapo 30/12/2026: menyu kuu 4."],
            [f"Your complaint {REFS[2]} has been answered.", "Department: Afya.",
             "You may appeal by 30/12/2026: main menu 4."],
        ),
    ],
)  # fmt: skip
def test_choosing_an_item_shows_its_status(
    ctx: Context, number: str, sw_lines: list[str], en_lines: list[str]
) -> None:
    phone = Phone(with_items(ctx))
    screen = phone.type("3", number)
    lines = sw_lines if ctx.language == "sw" else en_lines
    assert screen == "END " + "\n".join(lines)
    assert phone.effects == [] and phone.state["screen"] == "done"


@pytest.mark.parametrize(
    "typed",
    [REFS[3], f"{REFS[3][:4]} {REFS[3][4:]}", f"{REFS[3][:3]}-{REFS[3][3:]}", f" {REFS[3]} "],
)
def test_a_typed_reference_of_this_phone_shows_its_status(ctx: Context, typed: str) -> None:
    phone = Phone(with_items(ctx))
    prompt = phone.type("3", "4")
    assert "Andika namba ya kumbukumbu" in prompt or "Type the reference" in prompt
    screen = phone.type(typed)
    assert screen.startswith("END ") and REFS[3] in screen and "Ardhi" in screen
    assert "02/11/2026" not in screen  # resolved: no answer date is owed any more


@pytest.mark.parametrize("typed", [MISTYPED, "123", "abc", REFS[0] + "1", "*#"])
def test_a_mistyped_reference_is_asked_again(ctx: Context, typed: str) -> None:
    phone = Phone(with_items(ctx))
    prompt = phone.type("3", "4")
    hint = "Namba si sahihi." if ctx.language == "sw" else "That number is not valid."
    assert phone.type(typed) == f"CON {hint}\n{body(prompt)}"
    assert phone.type("0") == Phone(with_items(ctx)).type("3")


def test_someone_elses_reference_is_never_shown(ctx: Context) -> None:
    screen = Phone(with_items(ctx)).type("3", "4", SOMEONE_ELSES)
    assert screen in (
        f"END Hatuna lalamiko lenye namba {SOMEONE_ELSES} kutoka simu hii.",
        f"END We have nothing with number {SOMEONE_ELSES} from this phone.",
    )


def test_a_phone_with_no_items_is_told_how_to_file(ctx: Context) -> None:
    screens, state, effects = run(["3"], ctx)
    assert screens[-1].startswith("END ") and (
        "1 Tuma lalamiko" in screens[-1] or ("1 Make a complaint" in screens[-1])
    )
    assert effects == [] and state["screen"] == "done"


def test_wrong_input_on_the_track_list_is_asked_again(ctx: Context) -> None:
    phone = Phone(replace(ctx, recent=items(ctx.language)[:1]))
    shown = phone.type("3")
    for wrong in ("2", "5", "x"):  # only one item: 2 and 3 are not on the list
        assert phone.type(wrong) == f"CON {HINT[ctx.language]}\n{body(shown)}"
    assert phone.type("00") == Phone(ctx).screen


def test_a_citizen_appeals_a_resolved_complaint(ctx: Context) -> None:
    phone = Phone(with_items(ctx))
    listed = phone.type("4")
    assert list(options(listed)) == [f"{REFS[2]} Afya", "Rudi" if ctx.language == "sw" else "Back"]
    prompt = phone.type("1")
    assert REFS[2] in prompt and ("Andika sababu" in prompt or "Type your reason" in prompt)
    reason = "Dawa hazipo *bado* #zahanati ya Iwawa"
    confirm = phone.type(reason)
    assert confirm.startswith(("CON Rufaa: ", "CON Appeal: "))
    assert f'{REFS[2]} (Afya)\n"{reason}"\n' in confirm
    assert phone.type("1") == ""  # the edge opens the appeal, then renders appeal_screen
    assert phone.last == (OpenAppeal(REFS[2], reason, ctx.language),)
    assert phone.state["screen"] == "done"


def test_the_appeal_path_goes_back_and_cancels(ctx: Context) -> None:
    phone = Phone(with_items(ctx))
    listed = phone.type("4")
    prompt = phone.type("1")
    assert phone.type("0") == listed
    phone.type("1")
    assert "Maelezo mafupi mno" in phone.type("fupi") or "Too short" in phone.screen
    assert "Maelezo marefu mno" in phone.type("x" * 301) or "Too long" in phone.screen
    assert phone.screen.endswith(body(prompt))
    confirm = phone.type(DESCRIPTION)
    assert phone.type("7") == f"CON {HINT[ctx.language]}\n{body(confirm)}"
    assert phone.type("0") == prompt
    phone.type(DESCRIPTION)
    assert phone.type("2") in (
        "END Umeghairi. Hakuna kilichotumwa. Asante.",
        "END Cancelled. Nothing was sent. Thank you.",
    )
    assert not any(isinstance(e, OpenAppeal) for e in phone.effects)


def test_nothing_to_appeal_explains_when_an_appeal_is_possible(ctx: Context) -> None:
    unappealable = tuple(replace(item, appeal_until=None) for item in items(ctx.language))
    screen = run(["4"], replace(ctx, recent=unappealable))[0][-1]
    assert screen.startswith(
        ("END Rufaa inawezekana ndani ya siku 30 baada", "END You can appeal within 30 days")
    )
    assert f"Ulichotuma:\n{REFS[0]} linashughulikiwa\n{REFS[1]} yanasubiri" in screen or (
        f"Your items:\n{REFS[0]} is being handled\n{REFS[1]} is waiting" in screen
    )
    bare = run(["4"], ctx)[0][-1]
    assert bare.startswith("END ") and REFS[0] not in bare and "Malalamiko yako" not in bare


def test_an_appeal_on_an_item_no_longer_appealable_starts_over(ctx: Context) -> None:
    phone = Phone(with_items(ctx))
    phone.type("4", "1", DESCRIPTION)
    assert phone.state["screen"] == "appeal_confirm"
    decided = tuple(replace(item, appeal_until=None) for item in items(ctx.language))
    outcome = step(phone.state, "1", replace(ctx, recent=decided))
    assert outcome.screen.startswith(MAIN_HEADER[ctx.language]) and outcome.effects == ()


@pytest.mark.parametrize("sms", [True, False])
def test_the_appeal_screen_gives_the_decision_date(sms: bool) -> None:
    sw = appeal_screen("sw", "12345674", date(2026, 12, 21), sms=sms)
    en = appeal_screen("en", "12345674", date(2026, 12, 21), sms=sms)
    assert sw.startswith("END Rufaa imepokelewa.") and "Mkurugenzi ataamua ifikapo 21/12/2026" in sw
    assert en.startswith("END Appeal received.") and "21/12/2026" in en
    assert ("SMS." in sw) == sms
    assert "ataamua" not in appeal_screen("sw", "12345674", None, sms=sms)


# ---------------------------------------------------------------------------------------------
# Other main menu items


def test_the_standards_screen_shows_what_the_charter_promises(ctx: Context) -> None:
    screen = run(["5"], ctx)[0][-1]
    if ctx.language == "sw":
        assert screen == (
            "CON Viwango (siku za kazi):\nLalamiko 14 (Maji 5)\nMapendekezo 21\n"
            "Maulizo 7\nRufaa 14\n9 Zaidi\n0 Rudi 00 Menyu kuu"
        )
    else:
        assert screen == (
            "CON Time to answer (working days):\nComplaint 14 (Maji 5)\nSuggestion 21\n"
            "Enquiry 7\nAppeal 14\n9 More\n0 Back 00 Main menu"
        )
    assert run(["5", "0"], ctx)[0][-1] == Phone(ctx).screen


def test_the_standards_go_on_to_the_phone_line_and_every_other_standard(ctx: Context) -> None:
    second = run(["5", "9"], ctx)[0][-1]
    third = run(["5", "9", "9"], ctx)[0][-1]
    last = run(["5", "9", "9", "9"], ctx)[0][-1]
    if ctx.language == "sw":
        # The appeal's window in calendar days, and each promise named as what it is.
        assert second == (
            "CON Viwango (siku za kazi):\nKata rufaa ndani ya siku 30 za kalenda\n"
            "Tupigie: 026 2740016\nBarua 21\nKupanga miadi 3\n9 Zaidi\n0 Rudi 00 Menyu kuu"
        )
        assert third == (
            "CON Viwango (siku za kazi):\nKukupigia simu 1\nLeseni ya biashara 2\n"
            "Kibali cha ujenzi 3\nHati miliki 7\n9 Zaidi\n0 Rudi 00 Menyu kuu"
        )
        assert last == (
            "CON Viwango (siku za kazi):\nUsajili wa kikundi 5\nFidia na madai 14\n"
            "0 Rudi 00 Menyu kuu"
        )
    else:
        assert "Appeal within 30 calendar days\nCall us: 026 2740016\nLetter 21" in second
        assert "Setting a meeting 3" in second and "Calling you back 1" in third
        assert "Compensation 14\n0 Back" in last
    assert run(["5", "9", "9", "9", "9"], ctx)[0][-1] == f"CON {HINT[ctx.language]}\n" + last[4:]
    assert run(["5", "9", "0"], ctx)[0][-1] == run(["5"], ctx)[0][-1]


def test_rights_and_duties_end_with_the_councils_contacts(ctx: Context) -> None:
    more = run(["7"], ctx)[0][-1]
    assert more.splitlines()[1:] == (
        ["1 Pima huduma yetu (1-5)", "2 Haki na wajibu wako", "3 Omba miadi", "4 Nipigie simu"]
        + ["5 Huduma imechelewa", "0 Rudi"]
        if ctx.language == "sw"
        else [
            "1 Rate our service (1-5)",
            "2 Your rights and duties",
            "3 Book a meeting",
            "4 Call me back",
        ]
        + ["5 Late service", "0 Back"]
    )
    screen = run(["7", "2"], ctx)[0][-1]
    assert screen.startswith("END Haki: " if ctx.language == "sw" else "END Rights: ")
    assert "026 2740016, S.L.P. 6, Makete" in screen


def test_the_standards_screen_follows_the_charter(charter: Charter) -> None:
    enquiry = replace(charter.kind("maulizo"), answer=Standard(7, "working_hours"))
    edited = replace(charter, kinds=(*charter.kinds[:3], enquiry))
    edited = replace(edited, appeal_within=Standard(60, "days"))
    pages = [run(keys, Context(edited, "sw", None))[0][-1] for keys in (["5"], ["5", "9"])]
    assert "Maulizo saa 7" in pages[0] and "Kata rufaa ndani ya siku 60" in pages[1]


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
        "CON Hukumaliza kutuma lalamiko lako.\n1 Endelea\n2 Anza upya",
        "CON You did not finish sending your complaint.\n1 Continue\n2 Start again",
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
        {"screen": "appeal_reason"},
        {"screen": "appeal_reason", "reference": "1234"},
        {"screen": "appeal_reason", "reference": MISTYPED},
        {"screen": "appeal_reason", "reference": REFS[2]},  # not appealable from this phone
        {"screen": "appeal_confirm", "reference": REFS[2], "reason": "fupi"},
        {"screen": "appeal_list"},  # nothing appealable any more
        {"screen": "track", "reference": 12345678},
        {"screen": "track", "back": [["appeal_confirm", 0, ""]]},
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
