"""Every screen, in both languages, filled with the longest real data, fits a phone.

"Fits" means what operators enforce: at most 160 characters including "CON "/"END ", only the
GSM-7 basic set, and a CON or END prefix. The screens are found by exploring the menu from the
start (every page, every hint), then every kind x department x ward on the data-bearing screens
with a maximum-length description and name; a fuzz run then throws random input at it.
"""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from charter.calendar import WorkingCalendar
from charter.gsm7 import is_gsm7_basic
from charter.loader import load_charter
from charter.model import Charter
from charter.reference import make_reference
from menus import navigation
from menus.machine import (
    MAX_DESCRIPTION,
    MAX_NAME,
    Context,
    FileComplaint,
    ItemSummary,
    OpenAppeal,
    Outcome,
    SaveDraft,
    appeal_screen,
    filed_screen,
    start,
    step,
)
from menus.navigation import MAX_APPLICATION
from words.catalogue import LANGUAGES, TEXTS, text

LIMIT = 160
LONGEST_DESCRIPTION = ("Bomba la maji limevunjika *kijijini* #msaada " * 10)[:MAX_DESCRIPTION]
LONGEST_NAME = ("Mwanaisha Mwakalinga Mbwilo Sanga " * 3)[:MAX_NAME]
LONGEST_REFERENCE = "999999999"
# The phone's items as the edge passes them: nine-digit references (valid check digits).
ITEM_REFERENCES = [make_reference(body) for body in range(99999999, 99999989, -1)]
NOT_THIS_PHONES = make_reference(99999900)
MISTYPED = ITEM_REFERENCES[0][:-1] + str((int(ITEM_REFERENCES[0][-1]) + 1) % 10)
STATUSES = ("received", "acknowledged", "waiting", "resolved", "appealed", "appeal_decided")
LATE = date(2026, 12, 31)
# What the edge (gateway/lifecycle/item_dates.py) can say of an item in each status:
# (status, due_what, whether it may be appealed); "" means no date is owed.
REAL_DATES = (
    ("received", "answer", False),
    ("received", "late", True),
    ("acknowledged", "answer", False),
    ("acknowledged", "late", True),
    ("waiting", "", False),
    ("waiting", "", True),  # the answer date passed before the officer asked a question
    ("resolved", "", True),
    ("resolved", "", False),
    ("closed", "", False),
    ("appealed", "decision", False),
    ("appeal_decided", "", False),
)
# What the exploration types on every screen: each menu number, navigation, wrong input, ward
# searches (one match, several, none with a long echo), and free text too short, valid, too long.
EXPLORE_INPUTS = (
    *"0123456789",
    "1 3 5",
    "00",
    "",
    "x",
    "*#",
    "i",
    "k",
    "mang",
    "W" * 40,
    LONGEST_DESCRIPTION,
    "W" * (MAX_DESCRIPTION + 1),
    LONGEST_NAME,
    "J",
    ITEM_REFERENCES[0],
    NOT_THIS_PHONES,
    MISTYPED,
    "16/11/2026",  # the day a key service was applied for; then the longest application number
    "W" * MAX_APPLICATION,
)


@pytest.fixture(scope="module")
def charter() -> Charter:
    return load_charter()


def longest_items(
    charter: Charter, language: str, appealable: bool = True
) -> tuple[ItemSummary, ...]:
    """Ten items with the longest realistic values: the longest department and kind names,
    each status with the dates it can have, the appealable ones only when `appealable`."""
    department = max((d.short for d in charter.departments), key=len)
    kind = max(charter.kinds, key=lambda k: len(k.name_sw if language == "sw" else k.name_en))
    dates = [row for row in REAL_DATES if appealable or not row[2]]
    return tuple(
        ItemSummary(
            reference=reference,
            kind=kind.slug,
            kind_name=kind.name_sw if language == "sw" else kind.name_en,
            department=None if index % 3 == 1 else department,
            status=dates[index % len(dates)][0],
            due=LATE if dates[index % len(dates)][1] else None,
            due_what=dates[index % len(dates)][1],
            appeal_until=LATE if dates[index % len(dates)][2] else None,
        )
        for index, reference in enumerate(ITEM_REFERENCES)
    )


@pytest.fixture(autouse=True)
def no_safety_net(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if a screen only fits because the machine's last-resort cut had to act.

    The machine cuts an oversized screen rather than fail a citizen's session (a charter edited
    later might be too long); with the real charter that must never happen, so here the cut
    becomes an assertion on the screen as composed.
    """

    def strict(screen: str) -> str:
        assert len(screen) <= LIMIT, f"{len(screen)} characters:\n{screen}"
        assert is_gsm7_basic(screen), screen
        return screen

    monkeypatch.setattr(navigation, "fit", strict)


def assert_fits(screen: str) -> None:
    """The screen is one a phone shows whole."""
    assert screen.startswith(("CON ", "END ")), screen
    assert len(screen) <= LIMIT, f"{len(screen)} characters:\n{screen}"
    assert is_gsm7_basic(screen), screen


def shape(state: dict[str, Any]) -> str:
    """What makes a screen look different, less the particular department or ward chosen."""
    keep = ("screen", "page", "query", "lang", "kind", "anonymous", "reference", "service")
    return json.dumps([state.get(key) for key in keep] + ["draft" in state])


def explore(ctx: Context) -> Iterator[tuple[dict[str, Any], str]]:
    """(state, screen) for every screen reachable from the start, breadth first."""
    first = start(ctx)
    queue: deque[Outcome] = deque([first])
    seen = {shape(first.state)}
    yield first.state, first.screen
    while queue:
        outcome = queue.popleft()
        if outcome.state["screen"] == "done":
            continue
        for typed in EXPLORE_INPUTS:
            reached = step(outcome.state, typed, ctx)
            if reached.screen:
                yield reached.state, reached.screen
            if shape(reached.state) not in seen:
                seen.add(shape(reached.state))
                queue.append(reached)


def a_draft(charter: Charter) -> dict[str, Any]:
    """A draft saved on the confirm screen with the longest description and name."""
    ctx = Context(charter, "sw", None)
    outcome = start(ctx)
    saved: list[dict[str, Any]] = []
    for typed in ("2", "1", "1", "1", LONGEST_DESCRIPTION, "1", LONGEST_NAME):
        outcome = step(outcome.state, typed, ctx)
        saved += [e.state for e in outcome.effects if isinstance(e, SaveDraft)]
    assert outcome.state["screen"] == "confirm"
    return saved[-1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reachable_screen_fits(charter: Charter, language: str) -> None:
    visited: set[tuple[str, int]] = set()
    screens: set[str] = set()
    # The appointment's days screen offers the working days after a Wednesday.
    dated = {"today": date(2026, 12, 2), "calendar": WorkingCalendar.from_charter(charter)}
    contexts = (
        Context(charter, language, None, **dated),
        Context(
            charter, language, a_draft(charter), recent=longest_items(charter, language), **dated
        ),
        Context(charter, language, None, recent=longest_items(charter, language, False)),
    )
    for ctx in contexts:
        for state, screen in explore(ctx):
            assert_fits(screen)
            visited.add((state["screen"], state["page"]))
            screens.add(screen)
    expected = {
        "main",
        "other_kind",
        "department",
        "ward",
        "description",
        "identity",
        "name",
        "confirm",
        "standards",
        "language",
        "draft_offer",
        "done",
        "track",
        "track_reference",
        "appeal_list",
        "appeal_reason",
        "appeal_confirm",
        "rate",
        "more",
        "appt_department",
        "appt_whom",
        "appt_reason",
        "appt_days",
        "appt_confirm",
        "call_about",
        "call_topic",
        "call_reference",
        "call_confirm",
        "delay_service",
        "delay_applied",
        "delay_number",
        "delay_confirm",
    }
    assert {name for name, _ in visited} == expected
    # Every page of the standards was shown.
    assert {page for name, page in visited if name == "standards"} >= {0, 1}
    # Every page of both lists was shown.
    assert {page for name, page in visited if name == "department"} == {0, 1, 2}
    ward_pages = {page for name, page in visited if name == "ward"}
    assert len(ward_pages) >= 4 and max(ward_pages) == len(ward_pages) - 1
    # Every hint was shown.
    hints = ("hint_invalid", "hint_too_short", "hint_too_long", "hint_name", "hint_no_ward")
    for key in (*hints, "hint_bad_reference", "hint_rate"):
        first_words = TEXTS[language][key].split("{")[0]
        assert any(first_words in screen for screen in screens), key
    # Every END screen of track and appeal was shown too.
    for key in ("track_appealable", "track_not_found", "track_none", "appeal_none_items", "rights"):
        first_words = TEXTS[language][key].split("{")[0]
        assert any(first_words in screen for screen in screens), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_item_status_and_appeal_screen_fits(charter: Charter, language: str) -> None:
    department = max((d.short for d in charter.departments), key=len)
    for kind in charter.kinds:
        name = kind.name_sw if language == "sw" else kind.name_en
        for where in (department, None):
            for status, what, appealable in REAL_DATES:
                recent = tuple(
                    ItemSummary(
                        ref,
                        kind.slug,
                        name,
                        where,
                        status,
                        LATE if what else None,
                        what,
                        LATE if appealable else None,
                    )
                    for ref in ITEM_REFERENCES[:3]
                )
                ctx = Context(charter, language, None, recent=recent)
                listed = walk(ctx, "3")
                assert_fits(listed.screen)
                assert_fits(step(listed.state, "x", ctx).screen)
                for number in "123":
                    assert_fits(step(listed.state, number, ctx).screen)
                if appealable:
                    check_the_appeal_screens(ctx)
    longest_status = max(
        STATUSES, key=lambda status: len(text(language, f"status_{status}", li="ya", lako=""))
    )
    nothing = tuple(
        ItemSummary(ref, "mapendekezo", "Mapendekezo", department, longest_status, None, "", None)
        for ref in ITEM_REFERENCES
    )
    assert_fits(walk(Context(charter, language, None, recent=nothing), "4").screen)


def check_the_appeal_screens(ctx: Context) -> None:
    """List, reason prompt (plain and with each hint), confirm with the longest reason."""
    listed = walk(ctx, "4")
    screens = [listed.screen, step(listed.state, "7", ctx).screen]
    for number in "123":
        prompt = step(listed.state, number, ctx)
        assert prompt.state["screen"] == "appeal_reason"
        screens += [prompt.screen, step(prompt.state, "fupi", ctx).screen]
        screens.append(step(prompt.state, "W" * (MAX_DESCRIPTION + 1), ctx).screen)
        confirm = step(prompt.state, LONGEST_DESCRIPTION, ctx)
        assert confirm.state["screen"] == "appeal_confirm"
        assert '.."' in confirm.screen  # the reason was cut, not the menu
        screens += [confirm.screen, step(confirm.state, "7", ctx).screen]
    for screen in screens:
        assert_fits(screen)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("sms", [True, False])
@pytest.mark.parametrize("due", [date(2026, 12, 31), None])
def test_the_appeal_screen_fits(language: str, sms: bool, due: date | None) -> None:
    screen = appeal_screen(language, LONGEST_REFERENCE, due, sms)
    assert_fits(screen)
    assert LONGEST_REFERENCE in screen and screen.startswith("END ")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_department_and_ward_fits_the_data_screens(
    charter: Charter, language: str
) -> None:
    ctx = Context(charter, language, None)
    for kind in ("1", "2*1", "2*2", "2*3"):
        on_departments = walk(ctx, *kind.split("*"))
        for department_page in range(3):
            page_state = walk_from(on_departments, ctx, *["9"] * department_page)
            for number in "12345678":
                on_wards = step(page_state.state, number, ctx)
                if on_wards.state["screen"] != "ward":
                    continue
                for ward in charter.wards:
                    check_the_filing_screens(ctx, on_wards, ward)


def check_the_filing_screens(ctx: Context, on_wards: Outcome, ward: str) -> None:
    """Description prompt, identity, name and confirm, plain and with every hint."""
    described = step(on_wards.state, ward.replace("'", ""), ctx)  # type-ahead: exactly one match
    assert described.state["ward"] == ward
    screens = [described.screen, step(described.state, "abc", ctx).screen]
    identity = step(described.state, LONGEST_DESCRIPTION, ctx)
    named = step(identity.state, "1", ctx)
    screens += [identity.screen, named.screen, step(named.state, "J", ctx).screen]
    for confirm in (step(identity.state, "2", ctx), step(named.state, LONGEST_NAME, ctx)):
        assert confirm.state["screen"] == "confirm"
        screens += [confirm.screen, step(confirm.state, "7", ctx).screen]
        assert '.."' in confirm.screen  # the description was cut, not the menu
    for screen in screens:
        assert_fits(screen)


def walk(ctx: Context, *inputs: str) -> Outcome:
    """The outcome after typing these inputs from the start."""
    return walk_from(start(ctx), ctx, *inputs)


def walk_from(outcome: Outcome, ctx: Context, *inputs: str) -> Outcome:
    for typed in inputs:
        outcome = step(outcome.state, typed, ctx)
    return outcome


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_ward_search_result_fits(charter: Charter, language: str) -> None:
    ctx = Context(charter, language, None)
    on_wards = walk(ctx, "1", "5")
    prefixes = {ward.lower()[:length] for ward in charter.wards for length in range(1, 5)}
    for prefix in sorted(prefixes):
        found = step(on_wards.state, prefix, ctx)
        assert_fits(found.screen)
        assert_fits(step(found.state, "x", ctx).screen)
        if found.state["screen"] == "ward":
            for _ in range(3):
                found = step(found.state, "9", ctx)
                assert_fits(found.screen)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("sms", [True, False])
@pytest.mark.parametrize("due", [date(2026, 12, 31), None])
def test_the_filed_screen_fits(language: str, sms: bool, due: date | None) -> None:
    screen = filed_screen(language, LONGEST_REFERENCE, due, sms)
    assert_fits(screen)
    assert LONGEST_REFERENCE in screen and screen.startswith("END ")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_draft_offer_fits_for_every_kind(charter: Charter, language: str) -> None:
    draft = a_draft(charter)
    for kind in charter.kinds:
        offer = start(Context(charter, language, {**draft, "kind": kind.slug}))
        assert offer.state["screen"] == "draft_offer"
        assert_fits(offer.screen)
        assert_fits(step(offer.state, "5", Context(charter, language, None)).screen)


def test_the_longest_hint_is_measured_into_the_pages(charter: Charter) -> None:
    # A failed search echoes up to 10 letters; the page it re-shows must still fit.
    for language in LANGUAGES:
        ctx = Context(charter, language, None)
        page = walk(ctx, "1", "5")
        for _ in range(4):
            assert_fits(step(page.state, "Wxyzwxyzwxyzwxyz", ctx).screen)
            page = step(page.state, "9", ctx)
        # The echo is cut to 10 characters, the length the pages were measured with.
        echoed = text(language, "hint_no_ward", query="WWWWWWWW..")
        assert step(walk(ctx, "1", "5").state, "W" * 40, ctx).screen.startswith(f"CON {echoed}\n")


FUZZ_WORDS = (
    "0",
    "00",
    "9",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "8",
    "12",
    "",
    " ",
    "*#",
    "#",
    "*",
    "abc",
    "mang",
    "I",
    "k",
    "Zz",
    "Mang\u2019oto",
    "\u20ac{}[]",
    "\U0001f600",
    "0*0",
    "00 ",
    "\n",
    "x" * 400,
    "Sikuridhika na jibu",
    ITEM_REFERENCES[0],
    ITEM_REFERENCES[1],
    MISTYPED,
)


def fuzz_input(rng: random.Random) -> str:
    """A random thing to type: a likely menu answer, or random text of random length."""
    if rng.random() < 0.8:
        return rng.choice(FUZZ_WORDS)
    alphabet = "abcMNO 019*#'\u2019\u2013\u00e9\u00ea\n\t{}\U0001f600"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 320)))


def test_random_input_never_breaks_a_screen(charter: Charter) -> None:
    rng = random.Random(20261202)
    draft = a_draft(charter)
    filed = appealed = 0
    outcome: Outcome | None = None
    ctx = Context(charter, "sw", None)
    for _ in range(6000):
        if outcome is None or outcome.screen.startswith("END ") or outcome.screen == "":
            language = rng.choice(LANGUAGES)
            ctx = Context(
                charter,
                language,
                draft if rng.random() < 0.2 else None,
                sms_blocked=rng.random() < 0.1,
                recent=longest_items(charter, language) if rng.random() < 0.5 else (),
            )
            outcome = start(ctx)
        else:
            state = json.loads(json.dumps(outcome.state))
            assert state == outcome.state  # JSON-serialisable, unchanged by the round trip
            outcome = step(state, fuzz_input(rng), ctx)
        assert len(json.dumps(outcome.state)) < 4096
        if outcome.screen == "" and any(isinstance(e, OpenAppeal) for e in outcome.effects):
            [appeal] = outcome.effects
            assert isinstance(appeal, OpenAppeal)
            assert appeal.reference in {item.reference for item in ctx.recent if item.appealable}
            assert 10 <= len(appeal.reason) <= 300
            assert_fits(appeal_screen(appeal.language, appeal.reference, None, True))
            appealed += 1
        elif outcome.screen == "":
            [effect] = [e for e in outcome.effects if isinstance(e, FileComplaint)]
            assert effect.department in {d.slug for d in charter.departments}
            assert effect.ward in charter.wards
            assert_fits(filed_screen(effect.language, "12345678", None, not ctx.sms_blocked))
            filed += 1
        else:
            assert_fits(outcome.screen)
    # The fuzz got all the way through the filing path and the appeal path at least once.
    assert filed > 0 and appealed > 0


def test_pages_fit_the_longest_names_the_charter_allows(charter: Charter) -> None:
    # Department short names may be 14 characters; ward names have no limit in the file and are
    # cut to 20 on screens. A council editing its charter must not break a screen.
    departments = tuple(
        replace(department, short=f"{department.short[:4]}{'W' * 10}")
        for department in charter.departments
    )
    wards = tuple(f"{ward}{'W' * 30}" for ward in charter.wards)
    # The main menu's greeting may be 23 characters in each language.
    edited = replace(
        charter,
        departments=departments,
        wards=wards,
        short_name_sw="W" * 23,
        short_name_en="W" * 23,
    )
    for language in LANGUAGES:
        ctx = Context(edited, language, None)
        assert_fits(start(ctx).screen)
        assert "W" * 23 in start(ctx).screen
        assert_fits(step(start(ctx).state, "x", ctx).screen)
        page = walk(ctx, "1")
        for _ in range(6):
            assert_fits(page.screen)
            assert_fits(step(page.state, "x", ctx).screen)
            page = step(page.state, "9", ctx)
        page = step(page.state, "1", ctx)
        assert page.state["screen"] == "ward"
        for _ in range(6):
            assert_fits(page.screen)
            assert_fits(step(page.state, "Wxyzwxyzwxyzwxyz", ctx).screen)
            page = step(page.state, "9", ctx)
        confirm = walk_from(page, ctx, "1", LONGEST_DESCRIPTION, "1", LONGEST_NAME)
        assert confirm.state["screen"] == "confirm"
        assert_fits(confirm.screen)
        assert_fits(step(confirm.state, "x", ctx).screen)
