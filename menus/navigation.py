"""The navigation core every USSD journey shares: values, moving between screens, rendering.

Navigation rules, the same on every screen:

* ``0`` goes back one screen (on the first screen, to the main menu); ``00`` goes to the main menu.
  This holds on free-text screens too: a description or a name of exactly "0" or "00" (after
  trimming) is navigation, never text. Anything else typed there is kept as typed, ``*`` and
  ``#`` included (only runs of spaces are collapsed).
* On a list, ``1``-``8`` pick an item of the page shown, ``9`` shows the next page.
* Wrong input shows the same screen again with a one-line hint on top.

Every screen is at most 160 characters including "CON "/"END " and uses only the GSM-7 basic
set: lists are paginated by measuring each page with the longest hint that screen can carry.

A journey (menus/filing.py, tracking.py, appeal.py, rating.py, about.py) is a module with a
`HANDLERS` table (screen -> what the citizen typed there does) and a `RENDERERS` table (screen
-> its CON screen); menus/machine.py joins them under the main menu.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from charter.calendar import WorkingCalendar
from charter.gsm7 import to_gsm7_basic
from charter.model import Charter, FeedbackKind
from charter.reference import clean_reference
from words.catalogue import TEXTS, format_date, language_or_default, text

T = TypeVar("T")  # an option in a numbered list

SCREEN_LIMIT = 160  # characters a screen, "CON "/"END " included (Safaricom's limit; AT's is 182)
MIN_DESCRIPTION = 10  # fewer characters cannot say what went wrong and where
MAX_DESCRIPTION = 300  # more than a USSD reply carries anyway; an officer follows up for detail
MIN_NAME, MAX_NAME = 2, 60
MAX_PER_PAGE = 8  # items 1-8 on a page: 9 is "more" and 0 is "back"
LABEL_MAX = 20  # a department or ward name on a screen; longer names (bad data) are cut
NAME_SHOWN_MAX = 20  # the citizen's name on the confirm screen
QUERY_MAX = 20  # letters of a ward search kept in the state
QUERY_ECHO_MAX = 10  # letters of a failed ward search repeated in the hint
BACK_MAX = 20  # screens remembered for "0": keeps the state small whatever the citizen does
COMPLAINT = "lalamiko"  # the kind filed from main menu item 1
APPOINTMENT = "miadi"  # the kind an appointment request is filed as
CALL_BACK = "simu"  # the kind a call-back request is filed as
SERVICE_DELAY = "huduma"  # the kind a key service's delay is filed as (its standard: the service's)
SERVICE_KINDS = frozenset({APPOINTMENT, CALL_BACK, SERVICE_DELAY})  # each filed by its journey
MIN_REASON, MAX_REASON = MIN_DESCRIPTION, MAX_DESCRIPTION  # an appeal's reason: like a description
ITEM_NAME_MAX = 14  # a department or kind next to a reference: the charter's short-name limit
ITEMS_SHOWN = 3  # items listed on the track and appeal screens; more would not fit with a hint
TYPE_REFERENCE = 4  # on the track list, after items 1-3: "4 Andika namba"
MAX_DAYS_CHOSEN = 3  # preferred days an appointment may name
DAYS_OFFERED = 5  # working days the appointment's days screen offers
MAX_APPLICATION = 20  # an application number as typed: longer is not a number but a story

# Screens. The filing screens are the ones a draft can be saved on and restored to.
MAIN = "main"
OTHER_KIND = "other_kind"
DEPARTMENT = "department"
WARD = "ward"
DESCRIPTION = "description"
IDENTITY = "identity"
NAME = "name"
CONFIRM = "confirm"
STANDARDS = "standards"
LANGUAGE = "language"
DRAFT_OFFER = "draft_offer"
DONE = "done"  # after an END screen: a later step starts again at the main menu
TRACK = "track"  # the phone's last items, or 4 to type a reference
TRACK_REFERENCE = "track_reference"  # type a reference
APPEAL_LIST = "appeal_list"  # the appealable items
APPEAL_REASON = "appeal_reason"
APPEAL_CONFIRM = "appeal_confirm"
RATE = "rate"  # charter review: a rating 1-5 and an optional comment in one answer
MORE = "more"  # main menu 7: the charter's other services
APPT_DEPARTMENT = "appt_department"  # an appointment: the department
APPT_WHOM = "appt_whom"  # ... an officer or the head of department
APPT_REASON = "appt_reason"  # ... the reason, free text
APPT_DAYS = "appt_days"  # ... up to three preferred working days
APPT_CONFIRM = "appt_confirm"
APPOINTMENT_SCREENS = frozenset({APPT_DEPARTMENT, APPT_WHOM, APPT_REASON, APPT_DAYS, APPT_CONFIRM})
CALL_ABOUT = "call_about"  # a call-back: about a new matter or one of the phone's items
CALL_TOPIC = "call_topic"  # ... a new matter in a few words
CALL_REFERENCE = "call_reference"  # ... the item's reference
CALL_CONFIRM = "call_confirm"
CALL_SCREENS = frozenset({CALL_ABOUT, CALL_TOPIC, CALL_REFERENCE, CALL_CONFIRM})
DELAY_SERVICE = "delay_service"  # a key service's delay: which service
DELAY_APPLIED = "delay_applied"  # ... the day the citizen applied
DELAY_NUMBER = "delay_number"  # ... their application number, or none
DELAY_CONFIRM = "delay_confirm"
DELAY_SCREENS = frozenset({DELAY_SERVICE, DELAY_APPLIED, DELAY_NUMBER, DELAY_CONFIRM})
FILING_SCREENS = frozenset({DEPARTMENT, WARD, DESCRIPTION, IDENTITY, NAME, CONFIRM})
APPEAL_SCREENS = frozenset({APPEAL_LIST, APPEAL_REASON, APPEAL_CONFIRM})
SCREENS = (
    FILING_SCREENS
    | APPEAL_SCREENS
    | {MAIN, OTHER_KIND, STANDARDS, LANGUAGE, DRAFT_OFFER, DONE, TRACK, TRACK_REFERENCE, RATE}
    | {MORE}
    | APPOINTMENT_SCREENS
    | CALL_SCREENS
    | DELAY_SCREENS
)
# Screens "0" can return to: never one that only leads to an END screen or an effect.
BACK_SCREENS = SCREENS - {
    DRAFT_OFFER,
    DONE,
    CONFIRM,
    APPEAL_CONFIRM,
    TRACK_REFERENCE,
    APPT_CONFIRM,
    CALL_CONFIRM,
    DELAY_CONFIRM,
}

# What a screen needs already chosen before it can be shown (checked on every state and draft).
REQUIRED: dict[str, tuple[str, ...]] = {
    DEPARTMENT: ("kind",),
    WARD: ("kind", "department"),
    DESCRIPTION: ("kind", "department", "ward"),
    IDENTITY: ("kind", "department", "ward", "description"),
    NAME: ("kind", "department", "ward", "description"),
    CONFIRM: ("kind", "department", "ward", "description", "anonymous"),
    DRAFT_OFFER: ("draft",),
    APPEAL_REASON: ("reference",),
    APPEAL_CONFIRM: ("reference", "reason"),
    APPT_WHOM: ("department",),
    APPT_REASON: ("department", "whom"),
    APPT_DAYS: ("department", "whom", "description"),
    APPT_CONFIRM: ("department", "whom", "description", "days"),
    DELAY_APPLIED: ("service",),
    DELAY_NUMBER: ("service", "applied"),
    DELAY_CONFIRM: ("service", "applied", "application"),
}


# ---------------------------------------------------------------------------------------------
# Public values


@dataclass(frozen=True)
class ItemSummary:
    """One of the caller's items as the track and appeal screens show it."""

    reference: str
    kind: str  # the charter's kind slug, e.g. "maulizo": Swahili agrees with it
    kind_name: str  # display name in the context's language, e.g. "Maulizo" / "Enquiry"
    department: str | None  # short name, None while the desk routes it
    # A status key: received, acknowledged, waiting, resolved, appealed, appeal_decided, closed.
    status: str
    due: date | None  # the date that matters now (the edge's lifecycle/item_dates.py), or None
    due_what: str  # what `due` is: "answer", "late" (passed unanswered), "decision" (the DED's)
    appeal_until: date | None  # the citizen may appeal until then; None: not now
    anonymous: bool = False  # filed without a name: a call-back about it must not name it

    @property
    def appealable(self) -> bool:
        """Whether the citizen may appeal the item now."""
        return self.appeal_until is not None


@dataclass(frozen=True)
class Context:
    """What the edge knows about the caller, passed to every step."""

    charter: Charter
    language: str  # "sw" or "en": remembered for this phone
    draft: dict[str, Any] | None  # a saved half-filed complaint (< 24 h old), or None
    sms_blocked: bool = False  # phone blacklisted at the SMS provider: don't promise an SMS
    recent: tuple[ItemSummary, ...] = ()  # the phone's items, newest first (at most 10)
    # Today in East Africa Time and the working calendar (with holidays added at runtime): the
    # appointment and service-delay journeys offer and check dates with them.
    today: date | None = None
    calendar: WorkingCalendar | None = None


@dataclass(frozen=True)
class SetLanguage:
    """Remember this language for the caller's phone."""

    language: str


@dataclass(frozen=True)
class SaveDraft:
    """Keep the half-filed complaint so far; a later dial within 24 h may continue it."""

    state: dict[str, Any]


@dataclass(frozen=True)
class DiscardDraft:
    """Forget the caller's draft: filed, cancelled, or the citizen chose to start again."""


@dataclass(frozen=True)
class FileComplaint:
    """File this feedback; the edge then answers with `filed_screen`."""

    kind: str
    department: str | None  # None: the desk routes it (a call-back about a new matter)
    ward: str | None  # None for the services that are not about a place
    description: str
    name: str | None
    anonymous: bool
    language: str
    service: str | None = None  # a key service's delay: the service's slug
    application_number: str | None = None  # ... the citizen's application number, if any
    applied_on: date | None = None  # ... the day they applied
    appointment_with: str | None = None  # an appointment: "officer" or "head"
    preferred_days: tuple[date, ...] = ()  # ... the working days the citizen prefers
    about_reference: str | None = None  # a call-back about one of the citizen's items


@dataclass(frozen=True)
class OpenAppeal:
    """Open an appeal (rufaa) on the caller's item; the edge then answers with `appeal_screen`."""

    reference: str
    reason: str
    language: str


@dataclass(frozen=True)
class RateService:
    """Keep a citizen's rating of the service (1-5) and comment on the charter."""

    rating: int
    comment: str | None
    language: str


Effect = SetLanguage | SaveDraft | DiscardDraft | FileComplaint | OpenAppeal | RateService


@dataclass(frozen=True)
class Outcome:
    """The reply to one request: the screen, the state to keep, and what should happen."""

    # "CON ..." or "END ..."; "" when effects hold FileComplaint or OpenAppeal (see filed_screen
    # and appeal_screen).
    screen: str
    state: dict[str, Any]  # JSON-serialisable; given back to `step` with the next input
    effects: tuple[Effect, ...]


# ---------------------------------------------------------------------------------------------
# A session as the journeys see it


@dataclass(frozen=True)
class Position:
    """A screen and where on it: the page of a list and, for wards, the search letters."""

    screen: str
    page: int = 0
    query: str = ""


@dataclass(frozen=True)
class Session:
    """The parsed, validated state of one USSD session."""

    lang: str
    at: Position
    back: tuple[Position, ...] = ()
    kind: str | None = None
    department: str | None = None
    ward: str | None = None
    description: str | None = None
    name: str | None = None
    anonymous: bool | None = None
    reference: str | None = None  # the item being appealed
    reason: str | None = None  # the appeal's reason
    draft: dict[str, Any] | None = None  # only while offering to continue a draft
    whom: str | None = None  # an appointment: "officer" or "head"
    days: str | None = None  # an appointment's preferred days, ISO dates joined by spaces
    service: str | None = None  # a key service's slug
    application: str | None = None  # a key service's application number ("-": none)
    applied: str | None = None  # the ISO date the citizen applied for the key service


@dataclass(frozen=True)
class Reply:
    """What a screen's handler decided: the next session, effects, and hint or final screen."""

    session: Session
    effects: tuple[Effect, ...] = ()
    hint: str | None = None  # re-show the session's screen with this line on top
    screen: str | None = None  # a final screen (END, or "" for a filing) instead of rendering


# A screen's handler: the session, the raw input and the context -> what happens next.
Handler = Callable[[Session, str, Context], Reply]
# A screen's renderer: the session, the context and an optional hint -> its CON screen.
Renderer = Callable[[Session, Context, "str | None"], str]


# ---------------------------------------------------------------------------------------------
# Moving between screens


def main_session(lang: str) -> Session:
    """A fresh session on the main menu: nothing chosen, nothing to go back to."""
    return Session(lang=lang, at=Position(MAIN))


def go_forward(session: Session, to: Position, **chosen: Any) -> Session:
    """Go to another screen, remembering this one for "0"."""
    back = (*session.back, session.at)[-BACK_MAX:]
    return replace(session, at=to, back=back, **chosen)


def go_back(session: Session) -> Session:
    """The previous screen, keeping what was chosen; the main menu when there is none."""
    if not session.back:
        return main_session(session.lang)
    return replace(session, at=session.back[-1], back=session.back[:-1], draft=None)


def enter_journey(session: Session, screen: str) -> Session:
    """Start a journey from the main menu at this screen, forgetting any earlier choices."""
    back = (*session.back, session.at)[-BACK_MAX:]
    return Session(lang=session.lang, at=Position(screen), back=back)


def navigate(session: Session, choice: str) -> Reply | None:
    """Handle "0" (back) and "00" (main menu), the same on every screen; None for other input."""
    if choice == "00":
        return Reply(main_session(session.lang))
    if choice == "0":
        return Reply(go_back(session))
    return None


def invalid(session: Session) -> Reply:
    """The same screen again with the "invalid choice" hint."""
    return Reply(session, hint=text(session.lang, "hint_invalid"))


def finish(session: Session, screen: str, effects: tuple[Effect, ...] = ()) -> Reply:
    """End the session with this END screen."""
    done = Session(lang=session.lang, at=Position(DONE))
    return Reply(done, effects, screen=screen)


# ---------------------------------------------------------------------------------------------
# Rendering


def take_text(
    session: Session, raw: str, to: Position, field: str, shortest: int, longest: int
) -> Reply:
    """Free text kept as typed (spaces collapsed) into `field`, then on to `to`; a hint and the
    same screen again when it is shorter than `shortest` or longer than `longest`."""
    typed = collapse_spaces(raw)
    if len(typed) < shortest:
        return Reply(session, hint=text(session.lang, "hint_too_short", min=shortest))
    if len(typed) > longest:
        return Reply(session, hint=text(session.lang, "hint_too_long", max=longest))
    return Reply(go_forward(session, to, **{field: typed}))


def done_screen(
    language: str, key: str, reference: str, due: date | None, sms: bool, kind: str = ""
) -> str:
    """The END screen once the edge has acted (filed, opened an appeal): the reference, the
    date it is due by, and whether an SMS follows (catalogue keys `key`, `key`_due, `key`_sms
    and `key`_no_sms; `key`_due_`kind` for a kind told as what it is: a call, a meeting)."""
    lang = language_or_default(language)
    lines = [text(lang, key, reference=reference)]
    if due is not None:
        due_key = f"{key}_due_{kind}" if f"{key}_due_{kind}" in TEXTS[lang] else f"{key}_due"
        lines.append(text(lang, due_key, due=format_date(due)))
    lines.append(text(lang, f"{key}_sms" if sms else f"{key}_no_sms"))
    return end_screen("\n".join(lines))


def con(hint: str | None, body: str) -> str:
    """A continue screen: "CON ", the hint line if any, the body."""
    return fit(compose(hint, body))


def compose(hint: str | None, body: str) -> str:
    """The continue screen before the safety net: what pages and cuts are measured on."""
    return "CON " + (hint + "\n" if hint else "") + body


def end_screen(body: str) -> str:
    """A final screen."""
    return fit("END " + body)


def fit(screen: str) -> str:
    """The screen in the GSM-7 basic set and within the limit.

    A safety net only: pages are measured and texts checked by tests so that real data never
    reaches the cut, but a charter edited later must never turn into a failed session.
    """
    return to_gsm7_basic(screen)[:SCREEN_LIMIT]


def list_screen(header: str, labels: Sequence[str], more: bool, lang: str, hint: str | None) -> str:
    """A numbered list: header, "1 ...", "2 ...", then "9 More" if there is more, "0 Back"."""
    return con(hint, list_body(header, labels, more, lang))


def list_body(header: str, labels: Sequence[str], more: bool, lang: str) -> str:
    """The lines of a numbered list screen, without prefix or hint."""
    lines = [header, *(f"{number} {label}" for number, label in enumerate(labels, 1))]
    if more:
        lines.append(text(lang, "more"))
    lines.append(text(lang, "back"))
    return "\n".join(lines)


def paginate(
    header: str, labels: Sequence[str], lang: str, worst_hint: str
) -> tuple[tuple[int, int], ...]:
    """(first index, count) of each page: as many items as fit 160 with the worst-case hint."""
    pages: list[tuple[int, int]] = []
    first = 0
    while first < len(labels):
        count = 1  # one item always goes, even if (bad data) it alone is too long
        while count < MAX_PER_PAGE and first + count < len(labels):
            candidate = labels[first : first + count + 1]
            more = first + count + 1 < len(labels)
            body = list_body(header, candidate, more, lang)
            if len(compose(worst_hint, body)) > SCREEN_LIMIT:
                break
            count += 1
        pages.append((first, count))
        first += count
    return tuple(pages) or ((0, 0),)


# ---------------------------------------------------------------------------------------------
# Small helpers


def appealable_items(ctx: Context) -> tuple[ItemSummary, ...]:
    """The caller's items the edge says may be appealed, as many as the screen lists."""
    return tuple(item for item in ctx.recent if item.appealable)[:ITEMS_SHOWN]


def find_item(ctx: Context, reference: str) -> ItemSummary | None:
    """The caller's item with this reference, or None (never anyone else's)."""
    for item in ctx.recent:
        if clean_reference(item.reference) == reference:
            return item
    return None


def item_label(item: ItemSummary) -> str:
    """An item on a list: "123456789 Maji", or its kind while the desk routes it."""
    return f"{label(item.reference)} {item_name(item.department or item.kind_name)}"


def item_name(name: str) -> str:
    """A department or kind name next to a reference: as short as the charter's short names."""
    return shorten(label(name), ITEM_NAME_MAX)


def complaint_kind(charter: Charter) -> FeedbackKind:
    """The kind filed from main menu item 1: lalamiko, or the charter's first kind."""
    for kind in charter.kinds:
        if kind.slug == COMPLAINT:
            return kind
    return charter.kinds[0]


def other_kinds(charter: Charter) -> tuple[FeedbackKind, ...]:
    """The kinds offered under main menu item 2 (suggestion, compliment, enquiry)."""
    complaint = complaint_kind(charter).slug
    return tuple(kind for kind in charter.kinds if kind.slug != complaint and kind.offered)


def kind_label(kind: FeedbackKind, lang: str) -> str:
    """The kind's name in the citizen's language, as a screen shows it."""
    return label(kind.name_sw if lang == "sw" else kind.name_en)


def label(name: str) -> str:
    """A name from the charter made safe for a screen: GSM-7 basic, at most LABEL_MAX long."""
    return shorten(to_gsm7_basic(collapse_spaces(name)), LABEL_MAX)


def shorten(value: str, limit: int) -> str:
    """Value cut to `limit` characters, ending in ".." when something was cut."""
    if len(value) <= limit:
        return value
    if limit < 3:
        return value[: max(limit, 0)]
    return value[: limit - 2].rstrip() + ".."


def collapse_spaces(value: str) -> str:
    """Trimmed, with every run of whitespace (newlines included) turned into one space."""
    return " ".join(value.split())


def search_key(value: str) -> str:
    """Letters only, lowercase, accents dropped: what ward search compares."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(char for char in decomposed if char.isalpha())


def menu_number(raw: str) -> int | None:
    """The menu number typed, or None if the input is not a (short) number."""
    choice = raw.strip()
    if not choice or len(choice) > 3 or not choice.isascii() or not choice.isdigit():
        return None
    return int(choice)


def chosen(raw: str, options: Sequence[T]) -> T | None:
    """The option a typed number picks from a numbered list (1 is the first), or None."""
    number = menu_number(raw)
    if number is None or not 1 <= number <= len(options):
        return None
    return options[number - 1]


def clamp_page(page: int, pages: Sequence[object]) -> int:
    """A page number that exists (a draft may come back to a list that has since shrunk)."""
    return min(max(page, 0), len(pages) - 1)


def required(value: str | None) -> str:
    """A field the screen's requirements guarantee is set (checked when the state was read)."""
    if value is None:
        raise ValueError("state checked by _complete lacks a required field")
    return value
