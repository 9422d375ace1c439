"""The USSD menu as a pure state machine: (state, what the citizen typed) -> screen, state, effects.

No Flask, no database, no clock: the edge (gateway) keeps `Outcome.state` for the session, passes
it back with the next input, and applies `Outcome.effects` in one transaction before it answers.

Navigation rules, the same on every screen:

* ``0`` goes back one screen (on the first screen, to the main menu); ``00`` goes to the main menu.
  This holds on free-text screens too: a description or a name of exactly "0" or "00" (after
  trimming) is navigation, never text. Anything else typed there is kept as typed, ``*`` and
  ``#`` included (only runs of spaces are collapsed).
* On a list, ``1``-``8`` pick an item of the page shown, ``9`` shows the next page.
* Wrong input shows the same screen again with a one-line hint on top.

Filing path: department -> ward -> description -> named or anonymous (-> name) -> confirm.
On the ward screen the citizen may type the first letters of the ward instead of paging:
one match is taken at once, several are listed, none gives a hint.

When `step` files a complaint it returns `FileComplaint` and `DiscardDraft` with an empty
`screen`: the edge applies the effects, gets a reference and due date, and answers with
`filed_screen(...)`.

Track (main menu 3) lists the phone's last three items from `Context.recent` (the edge's
summaries, newest first) or takes a typed reference; the status is an END screen. A typed
reference is checked (Damm) before anything else and is looked up only among this phone's own
items, so a caller never sees someone else's complaint. Appeal (main menu 4) lists the items the
edge marked appealable -> the reason -> confirm, then returns `OpenAppeal` with an empty
`screen`; the edge opens the appeal and answers with `appeal_screen(...)`.

The state is a small JSON dict: {"screen", "page", "query" (ward search letters), "lang", "kind",
"department" (slug), "ward", "description", "name", "anonymous", "reference" (the item being
appealed), "reason", "back": [[screen, page, query], ...]}, plus "draft" (the saved state) while
the draft offer is shown. A saved draft is exactly such a state, so continuing it restores the
screen, the choices and the way back. A state that does not match the charter or the phone's
items any more (or was never ours) starts over at the main menu.

Every screen is at most 160 characters including "CON "/"END " and uses only the GSM-7 basic
set: lists are paginated by measuring each page with the longest hint that screen can carry.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from charter.gsm7 import to_gsm7_basic
from charter.model import Charter, FeedbackKind, Standard
from charter.reference import clean_reference, is_valid_reference
from menus.catalogue import (
    LANGUAGES,
    format_date,
    item_status,
    kind_values,
    language_or_default,
    status_name,
    text,
)

__all__ = [
    "MAX_DESCRIPTION",
    "MAX_NAME",
    "MIN_DESCRIPTION",
    "MIN_NAME",
    "SCREEN_LIMIT",
    "Context",
    "DiscardDraft",
    "Effect",
    "FileComplaint",
    "ItemSummary",
    "OpenAppeal",
    "Outcome",
    "RateService",
    "SaveDraft",
    "SetLanguage",
    "appeal_screen",
    "filed_screen",
    "limit_screen",
    "needs_items",
    "start",
    "step",
]

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
MIN_REASON, MAX_REASON = MIN_DESCRIPTION, MAX_DESCRIPTION  # an appeal's reason: like a description
ITEM_NAME_MAX = 14  # a department or kind next to a reference: the charter's short-name limit
ITEMS_SHOWN = 3  # items listed on the track and appeal screens; more would not fit with a hint
TYPE_REFERENCE = 4  # on the track list, after items 1-3: "4 Andika namba"

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
FILING_SCREENS = frozenset({DEPARTMENT, WARD, DESCRIPTION, IDENTITY, NAME, CONFIRM})
APPEAL_SCREENS = frozenset({APPEAL_LIST, APPEAL_REASON, APPEAL_CONFIRM})
SCREENS = (
    FILING_SCREENS
    | APPEAL_SCREENS
    | {MAIN, OTHER_KIND, STANDARDS, LANGUAGE, DRAFT_OFFER, DONE, TRACK, TRACK_REFERENCE, RATE}
)
# Screens "0" can return to: never one that only leads to an END screen or an effect.
BACK_SCREENS = SCREENS - {DRAFT_OFFER, DONE, CONFIRM, APPEAL_CONFIRM, TRACK_REFERENCE}

# What a screen needs already chosen before it can be shown (checked on every state and draft).
_REQUIRED: dict[str, tuple[str, ...]] = {
    DEPARTMENT: ("kind",),
    WARD: ("kind", "department"),
    DESCRIPTION: ("kind", "department", "ward"),
    IDENTITY: ("kind", "department", "ward", "description"),
    NAME: ("kind", "department", "ward", "description"),
    CONFIRM: ("kind", "department", "ward", "description", "anonymous"),
    DRAFT_OFFER: ("draft",),
    APPEAL_REASON: ("reference",),
    APPEAL_CONFIRM: ("reference", "reason"),
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
    due: date | None  # the date that matters now (the edge's gateway/item_dates.py), or None
    due_what: str  # what `due` is: "answer", "late" (passed unanswered), "decision" (the DED's)
    appeal_until: date | None  # the citizen may appeal until then; None: not now

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
    department: str
    ward: str
    description: str
    name: str | None
    anonymous: bool
    language: str


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
# Internal values


@dataclass(frozen=True)
class _Position:
    """A screen and where on it: the page of a list and, for wards, the search letters."""

    screen: str
    page: int = 0
    query: str = ""


@dataclass(frozen=True)
class _Session:
    """The parsed, validated state of one USSD session."""

    lang: str
    at: _Position
    back: tuple[_Position, ...] = ()
    kind: str | None = None
    department: str | None = None
    ward: str | None = None
    description: str | None = None
    name: str | None = None
    anonymous: bool | None = None
    reference: str | None = None  # the item being appealed
    reason: str | None = None  # the appeal's reason
    draft: dict[str, Any] | None = None  # only while offering to continue a draft


@dataclass(frozen=True)
class _Reply:
    """What a screen's handler decided: the next session, effects, and hint or final screen."""

    session: _Session
    effects: tuple[Effect, ...] = ()
    hint: str | None = None  # re-show the session's screen with this line on top
    screen: str | None = None  # a final screen (END, or "" for a filing) instead of rendering


# ---------------------------------------------------------------------------------------------
# Public functions


def start(ctx: Context) -> Outcome:
    """The first screen of a session: the draft offer if a draft is waiting, else the main menu."""
    lang = language_or_default(ctx.language)
    if ctx.draft is None:
        return _outcome(_Reply(_main_session(lang)), ctx)
    if _draft_session(ctx.draft, ctx.charter, lang) is None:
        # A draft the charter no longer matches (a ward renamed, say) cannot be continued.
        return _outcome(_Reply(_main_session(lang), (DiscardDraft(),)), ctx)
    offer = _Session(lang=lang, at=_Position(DRAFT_OFFER), draft=ctx.draft)
    return _outcome(_Reply(offer), ctx)


def step(state: dict[str, Any], user_input: str, ctx: Context) -> Outcome:
    """The next screen after the citizen typed `user_input` on the screen `state` describes."""
    session = _session_from_state(state, ctx.charter, ctx.language)
    if session is None or session.at.screen == DONE or not _matches_items(session, ctx):
        # A state we did not write, a step after an END, or an appeal on an item that is no
        # longer appealable (decided in another session, say): start over rather than fail.
        return _outcome(_Reply(_main_session(language_or_default(ctx.language))), ctx)
    reply = _navigate(session, user_input.strip())
    if reply is None:
        reply = _HANDLERS[session.at.screen](session, user_input, ctx)
    return _outcome(reply, ctx)


def filed_screen(language: str, reference: str, due: date | None, sms: bool) -> str:
    """The END screen once the edge has filed: reference, answer date, whether an SMS follows."""
    lang = language_or_default(language)
    lines = [text(lang, "filed", reference=reference)]
    if due is not None:
        lines.append(text(lang, "filed_due", due=format_date(due)))
    lines.append(text(lang, "filed_sms" if sms else "filed_no_sms"))
    return _end("\n".join(lines))


def limit_screen(language: str) -> str:
    """The END screen instead of a filing when the phone has filed its day's share already."""
    return _end(text(language_or_default(language), "filed_limit"))


def needs_items(state: dict[str, Any] | None, user_input: str) -> bool:
    """Whether the step from `state` (None: a new session) reads `Context.recent`.

    Only tracking and appealing list the caller's items, so the edge reads them for these
    steps alone and every other step costs no query for them.
    """
    screen = state.get("screen") if isinstance(state, dict) else None
    if screen in (TRACK, TRACK_REFERENCE) or screen in APPEAL_SCREENS:
        return True
    return user_input.strip() in ("3", "4") and screen in (None, MAIN)


def appeal_screen(language: str, reference: str, due: date | None, sms: bool) -> str:
    """The END screen once the edge has opened the appeal: reference, decision date, SMS or not."""
    lang = language_or_default(language)
    lines = [text(lang, "appeal_done", reference=reference)]
    if due is not None:
        lines.append(text(lang, "appeal_done_due", due=format_date(due)))
    lines.append(text(lang, "appeal_done_sms" if sms else "appeal_done_no_sms"))
    return _end("\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Moving between screens


def _main_session(lang: str) -> _Session:
    """A fresh session on the main menu: nothing chosen, nothing to go back to."""
    return _Session(lang=lang, at=_Position(MAIN))


def _forward(session: _Session, to: _Position, **chosen: Any) -> _Session:
    """Go to another screen, remembering this one for "0"."""
    back = (*session.back, session.at)[-BACK_MAX:]
    return replace(session, at=to, back=back, **chosen)


def _back(session: _Session) -> _Session:
    """The previous screen, keeping what was chosen; the main menu when there is none."""
    if not session.back:
        return _main_session(session.lang)
    return replace(session, at=session.back[-1], back=session.back[:-1], draft=None)


def _navigate(session: _Session, choice: str) -> _Reply | None:
    """Handle "0" (back) and "00" (main menu), the same on every screen; None for other input."""
    if choice == "00":
        return _Reply(_main_session(session.lang))
    if choice == "0":
        return _Reply(_back(session))
    return None


def _outcome(reply: _Reply, ctx: Context) -> Outcome:
    """Render the reply and, on a filing screen with a department chosen, save the draft."""
    session = reply.session
    state = _state_from_session(session)
    effects = reply.effects
    if reply.screen is not None:
        return Outcome(screen=reply.screen, state=state, effects=effects)
    # A draft is worth offering only once something was chosen beyond "I want to complain".
    if session.at.screen in FILING_SCREENS and session.department is not None:
        effects = (*effects, SaveDraft(state))
    screen = _render(session, ctx, reply.hint)
    return Outcome(screen=screen, state=state, effects=effects)


def _invalid(session: _Session) -> _Reply:
    """The same screen again with the "invalid choice" hint."""
    return _Reply(session, hint=text(session.lang, "hint_invalid"))


def _finish(session: _Session, screen: str, effects: tuple[Effect, ...] = ()) -> _Reply:
    """End the session with this END screen."""
    done = _Session(lang=session.lang, at=_Position(DONE))
    return _Reply(done, effects, screen=screen)


# ---------------------------------------------------------------------------------------------
# Screen handlers: one per screen, each given the session, the raw input and the context


def _on_main(session: _Session, raw: str, ctx: Context) -> _Reply:
    """Main menu: complaint, other feedback, track, appeal, standards, language, rating."""
    choice = raw.strip()
    if choice == "1":
        return _start_filing(session, _complaint_kind(ctx.charter).slug)
    if choice == "2" and _other_kinds(ctx.charter):
        return _Reply(_forward(session, _Position(OTHER_KIND)))
    if choice == "3":
        if not ctx.recent:
            return _finish(session, _end(text(session.lang, "track_none")))
        return _Reply(_enter(session, TRACK))
    if choice == "4":
        if not _appealable(ctx):
            return _finish(session, _no_appeal_screen(session.lang, ctx))
        return _Reply(_enter(session, APPEAL_LIST))
    if choice == "5":
        return _Reply(_forward(session, _Position(STANDARDS)))
    if choice == "6":
        return _Reply(_forward(session, _Position(LANGUAGE)))
    if choice == "7":
        return _Reply(_forward(session, _Position(RATE)))
    return _invalid(session)


def _on_rate(session: _Session, raw: str, ctx: Context) -> _Reply:
    """A rating 1-5, optionally followed by a comment ("4 huduma nzuri")."""
    words = raw.split(maxsplit=1)
    if not words or words[0] not in ("1", "2", "3", "4", "5"):
        return _Reply(session, hint=text(session.lang, "hint_rate"))
    comment = _collapse_spaces(words[1])[:MAX_DESCRIPTION] if len(words) > 1 else None
    effect = RateService(int(words[0]), comment or None, session.lang)
    return _finish(session, _end(text(session.lang, "rate_done")), (effect,))


def _start_filing(session: _Session, kind: str) -> _Reply:
    """Begin a new filing of this kind at the department list, forgetting earlier choices."""
    back = (*session.back, session.at)[-BACK_MAX:]
    fresh = _Session(lang=session.lang, at=_Position(DEPARTMENT), back=back, kind=kind)
    return _Reply(fresh)


def _enter(session: _Session, screen: str) -> _Session:
    """Go to track or appeal from the main menu, forgetting any filing choices."""
    back = (*session.back, session.at)[-BACK_MAX:]
    return _Session(lang=session.lang, at=_Position(screen), back=back)


def _on_other_kind(session: _Session, raw: str, ctx: Context) -> _Reply:
    """Suggestion, compliment or enquiry: the same path as a complaint with that kind."""
    kinds = _other_kinds(ctx.charter)
    number = _number(raw)
    if number is None or not 1 <= number <= len(kinds):
        return _invalid(session)
    return _start_filing(session, kinds[number - 1].slug)


def _on_department(session: _Session, raw: str, ctx: Context) -> _Reply:
    """Department list: pick one, or 9 for the next page."""
    pages = _department_pages(ctx.charter, session.lang)
    page = _clamp(session.at.page, pages)
    number = _number(raw)
    if number == 9 and page + 1 < len(pages):
        return _Reply(_forward(session, _Position(DEPARTMENT, page + 1)))
    if number is None or not 1 <= number <= len(pages[page]):
        return _invalid(session)
    department = ctx.charter.departments[pages[page][number - 1]]
    return _Reply(_forward(session, _Position(WARD), department=department.slug))


def _on_ward(session: _Session, raw: str, ctx: Context) -> _Reply:
    """Ward list: pick one, 9 for the next page, or type the first letters of the ward."""
    query = session.at.query
    pages = _ward_pages(ctx.charter, session.lang, query)
    page = _clamp(session.at.page, pages)
    number = _number(raw)
    if number == 9 and page + 1 < len(pages):
        return _Reply(_forward(session, _Position(WARD, page + 1, query)))
    if number is not None:
        if not 1 <= number <= len(pages[page]):
            return _invalid(session)
        return _Reply(_forward(session, _Position(DESCRIPTION), ward=pages[page][number - 1]))
    letters = _search_key(raw)
    if not letters:
        return _invalid(session)
    return _search_ward(session, ctx.charter, raw, letters)


def _search_ward(session: _Session, charter: Charter, raw: str, letters: str) -> _Reply:
    """Wards starting with the typed letters: take a single match, list several, hint on none."""
    matches = _matching_wards(charter, letters)
    if len(matches) == 1:
        return _Reply(_forward(session, _Position(DESCRIPTION), ward=matches[0]))
    if matches:
        return _Reply(_forward(session, _Position(WARD, 0, letters[:QUERY_MAX])))
    echo = _shorten(to_gsm7_basic(" ".join(raw.split())), QUERY_ECHO_MAX)
    return _Reply(session, hint=text(session.lang, "hint_no_ward", query=echo))


def _on_description(session: _Session, raw: str, ctx: Context) -> _Reply:
    """Free-text description, kept as typed ('*' and '#' too), between the length limits."""
    description = _collapse_spaces(raw)
    if len(description) < MIN_DESCRIPTION:
        return _Reply(session, hint=text(session.lang, "hint_too_short", min=MIN_DESCRIPTION))
    if len(description) > MAX_DESCRIPTION:
        return _Reply(session, hint=text(session.lang, "hint_too_long", max=MAX_DESCRIPTION))
    return _Reply(_forward(session, _Position(IDENTITY), description=description))


def _on_identity(session: _Session, raw: str, ctx: Context) -> _Reply:
    """Named or anonymous."""
    choice = raw.strip()
    if choice == "1":
        return _Reply(_forward(session, _Position(NAME)))
    if choice == "2":
        chosen = _forward(session, _Position(CONFIRM), name=None, anonymous=True)
        return _Reply(chosen)
    return _invalid(session)


def _on_name(session: _Session, raw: str, ctx: Context) -> _Reply:
    """The citizen's name: 2-60 characters with at least one letter."""
    name = _collapse_spaces(raw)
    if not MIN_NAME <= len(name) <= MAX_NAME or not any(char.isalpha() for char in name):
        return _Reply(session, hint=text(session.lang, "hint_name", min=MIN_NAME, max=MAX_NAME))
    return _Reply(_forward(session, _Position(CONFIRM), name=name, anonymous=False))


def _on_confirm(session: _Session, raw: str, ctx: Context) -> _Reply:
    """Confirm files the complaint (the edge renders filed_screen); cancel ends the session."""
    choice = raw.strip()
    if choice == "1":
        return _finish(session, "", (_file_complaint(session), DiscardDraft()))
    if choice == "2":
        return _finish(session, _end(text(session.lang, "cancelled")), (DiscardDraft(),))
    return _invalid(session)


def _file_complaint(session: _Session) -> FileComplaint:
    """The FileComplaint effect from a session on the confirm screen (all fields are set)."""
    anonymous = bool(session.anonymous)
    return FileComplaint(
        kind=_required(session.kind),
        department=_required(session.department),
        ward=_required(session.ward),
        description=_required(session.description),
        name=None if anonymous else session.name,
        anonymous=anonymous,
        language=session.lang,
    )


def _on_track(session: _Session, raw: str, ctx: Context) -> _Reply:
    """The phone's last items: pick one for its status, or 4 to type a reference."""
    number = _number(raw)
    shown = ctx.recent[:ITEMS_SHOWN]
    if number == TYPE_REFERENCE:
        return _Reply(_forward(session, _Position(TRACK_REFERENCE)))
    if number is None or not 1 <= number <= len(shown):
        return _invalid(session)
    return _finish(session, _status_screen(session.lang, shown[number - 1]))


def _on_track_reference(session: _Session, raw: str, ctx: Context) -> _Reply:
    """A typed reference: checked first, then looked up among this phone's items only."""
    reference = clean_reference(raw)
    if not is_valid_reference(reference):
        return _Reply(session, hint=text(session.lang, "hint_bad_reference"))
    item = _find(ctx, reference)
    if item is not None:
        return _finish(session, _status_screen(session.lang, item))
    # Someone else's reference and a reference never issued look the same: never say which.
    return _finish(session, _end(text(session.lang, "track_not_found", reference=reference)))


def _on_appeal_list(session: _Session, raw: str, ctx: Context) -> _Reply:
    """The appealable items: pick the one to appeal."""
    items = _appealable(ctx)
    number = _number(raw)
    if number is None or not 1 <= number <= len(items):
        return _invalid(session)
    chosen = items[number - 1].reference
    return _Reply(_forward(session, _Position(APPEAL_REASON), reference=chosen, reason=None))


def _on_appeal_reason(session: _Session, raw: str, ctx: Context) -> _Reply:
    """The appeal's reason, free text kept as typed ('*' and '#' too), within the limits."""
    reason = _collapse_spaces(raw)
    if len(reason) < MIN_REASON:
        return _Reply(session, hint=text(session.lang, "hint_too_short", min=MIN_REASON))
    if len(reason) > MAX_REASON:
        return _Reply(session, hint=text(session.lang, "hint_too_long", max=MAX_REASON))
    return _Reply(_forward(session, _Position(APPEAL_CONFIRM), reason=reason))


def _on_appeal_confirm(session: _Session, raw: str, ctx: Context) -> _Reply:
    """Confirm opens the appeal (the edge renders appeal_screen); cancel ends the session."""
    choice = raw.strip()
    if choice == "1":
        appeal = OpenAppeal(
            reference=_required(session.reference),
            reason=_required(session.reason),
            language=session.lang,
        )
        return _finish(session, "", (appeal,))
    if choice == "2":
        return _finish(session, _end(text(session.lang, "cancelled")))
    return _invalid(session)


def _on_standards(session: _Session, raw: str, ctx: Context) -> _Reply:
    """The standards screen only offers 0 and 00, handled before this."""
    return _invalid(session)


def _on_language(session: _Session, raw: str, ctx: Context) -> _Reply:
    """1 Kiswahili, 2 English: remember it and show the main menu in that language."""
    chosen = {"1": "sw", "2": "en"}.get(raw.strip())
    if chosen is None:
        return _invalid(session)
    return _Reply(_main_session(chosen), (SetLanguage(chosen),))


def _on_draft_offer(session: _Session, raw: str, ctx: Context) -> _Reply:
    """1 continues the draft on the screen it was left on; 2 discards it."""
    choice = raw.strip()
    if choice == "1" and session.draft is not None:
        restored = _draft_session(session.draft, ctx.charter, session.lang)
        if restored is not None:
            return _Reply(restored)
        return _Reply(_main_session(session.lang), (DiscardDraft(),))
    if choice == "2":
        return _Reply(_main_session(session.lang), (DiscardDraft(),))
    return _invalid(session)


_HANDLERS = {
    MAIN: _on_main,
    RATE: _on_rate,
    OTHER_KIND: _on_other_kind,
    DEPARTMENT: _on_department,
    WARD: _on_ward,
    DESCRIPTION: _on_description,
    IDENTITY: _on_identity,
    NAME: _on_name,
    CONFIRM: _on_confirm,
    STANDARDS: _on_standards,
    LANGUAGE: _on_language,
    DRAFT_OFFER: _on_draft_offer,
    TRACK: _on_track,
    TRACK_REFERENCE: _on_track_reference,
    APPEAL_LIST: _on_appeal_list,
    APPEAL_REASON: _on_appeal_reason,
    APPEAL_CONFIRM: _on_appeal_confirm,
}


# ---------------------------------------------------------------------------------------------
# Rendering


def _render(session: _Session, ctx: Context, hint: str | None) -> str:
    """The CON screen for the session's current screen, with an optional hint line on top."""
    lang, at, charter = session.lang, session.at, ctx.charter
    if at.screen == OTHER_KIND:
        names = [_kind_name(kind, lang) for kind in _other_kinds(charter)]
        return _list_screen(text(lang, "other_kind"), names, False, lang, hint)
    if at.screen == DEPARTMENT:
        return _department_screen(charter, lang, at.page, hint)
    if at.screen == WARD:
        return _ward_screen(charter, lang, at.page, at.query, hint)
    if at.screen == DESCRIPTION:
        kind = _kind_name(charter.kind(_required(session.kind)), lang).lower()
        prompt = text(lang, "description", kind=kind, min=MIN_DESCRIPTION, max=MAX_DESCRIPTION)
        return _con(hint, prompt + "\n" + text(lang, "back_main"))
    if at.screen == IDENTITY:
        return _con(hint, text(lang, "identity") + "\n" + text(lang, "back"))
    if at.screen == NAME:
        return _con(hint, text(lang, "name") + "\n" + text(lang, "back_main"))
    if at.screen == CONFIRM:
        return _confirm_screen(session, charter, hint)
    if at.screen == STANDARDS:
        return _standards_screen(charter, lang, hint)
    if at.screen == LANGUAGE:
        return _con(hint, text(lang, "language") + "\n" + text(lang, "back"))
    if at.screen == DRAFT_OFFER:
        return _draft_offer_screen(session, charter, hint)
    if at.screen == TRACK:
        return _track_screen(ctx, lang, hint)
    if at.screen == TRACK_REFERENCE:
        return _con(hint, text(lang, "track_prompt") + "\n" + text(lang, "back_main"))
    if at.screen == APPEAL_LIST:
        labels = [_item_label(item) for item in _appealable(ctx)]
        return _list_screen(text(lang, "appeal_list"), labels, False, lang, hint)
    if at.screen == APPEAL_REASON:
        prompt = text(
            lang,
            "appeal_reason",
            reference=_required(session.reference),
            min=MIN_REASON,
            max=MAX_REASON,
        )
        return _con(hint, prompt + "\n" + text(lang, "back_main"))
    if at.screen == APPEAL_CONFIRM:
        return _appeal_confirm_screen(session, ctx, hint)
    if at.screen == RATE:
        return _con(hint, text(lang, "rate") + "\n" + text(lang, "back_main"))
    greeting = charter.short_name_sw if lang == "sw" else charter.short_name_en
    menu = text(lang, "main", council=greeting)
    if hint:  # the hint takes the greeting's line, so the whole menu still fits
        menu = menu.split("\n", 1)[1]
    return _con(hint, menu)


def _con(hint: str | None, body: str) -> str:
    """A continue screen: "CON ", the hint line if any, the body."""
    return _fit(_compose(hint, body))


def _compose(hint: str | None, body: str) -> str:
    """The continue screen before the safety net: what pages and cuts are measured on."""
    return "CON " + (hint + "\n" if hint else "") + body


def _end(body: str) -> str:
    """A final screen."""
    return _fit("END " + body)


def _fit(screen: str) -> str:
    """The screen in the GSM-7 basic set and within the limit.

    A safety net only: pages are measured and texts checked by tests so that real data never
    reaches the cut, but a charter edited later must never turn into a failed session.
    """
    return to_gsm7_basic(screen)[:SCREEN_LIMIT]


def _list_screen(
    header: str, labels: Sequence[str], more: bool, lang: str, hint: str | None
) -> str:
    """A numbered list: header, "1 ...", "2 ...", then "9 More" if there is more, "0 Back"."""
    return _con(hint, _list_body(header, labels, more, lang))


def _list_body(header: str, labels: Sequence[str], more: bool, lang: str) -> str:
    """The lines of a numbered list screen, without prefix or hint."""
    lines = [header, *(f"{number} {label}" for number, label in enumerate(labels, 1))]
    if more:
        lines.append(text(lang, "more"))
    lines.append(text(lang, "back"))
    return "\n".join(lines)


def _department_screen(charter: Charter, lang: str, page: int, hint: str | None) -> str:
    """One page of the department list."""
    pages = _department_pages(charter, lang)
    page = _clamp(page, pages)
    labels = _department_labels(charter)
    shown = [labels[index] for index in pages[page]]
    return _list_screen(text(lang, "department"), shown, page + 1 < len(pages), lang, hint)


def _ward_screen(charter: Charter, lang: str, page: int, query: str, hint: str | None) -> str:
    """One page of the ward list, all wards or those starting with the searched letters."""
    pages = _ward_pages(charter, lang, query)
    page = _clamp(page, pages)
    shown = [_label(ward) for ward in pages[page]]
    return _list_screen(text(lang, "ward"), shown, page + 1 < len(pages), lang, hint)


def _confirm_screen(session: _Session, charter: Charter, hint: str | None) -> str:
    """Kind, department, ward, who, and as much of the description as fits."""
    lang = session.lang
    what = text(
        lang,
        "confirm_what",
        kind=_kind_name(charter.kind(_required(session.kind)), lang),
        department=_label(charter.department(_required(session.department)).short),
        ward=_label(_required(session.ward)),
    )
    if session.anonymous:
        who = text(lang, "confirm_anonymous")
    else:
        name = to_gsm7_basic(_required(session.name))
        who = text(lang, "confirm_named", name=_shorten(name, NAME_SHOWN_MAX))
    choices = text(lang, "confirm_choices") + "\n" + text(lang, "back")
    frame = _compose(hint, "\n".join([what, who, '""', choices]))
    room = SCREEN_LIMIT - len(frame)
    description = _shorten(to_gsm7_basic(_required(session.description)), room)
    return _con(hint, "\n".join([what, who, f'"{description}"', choices]))


def _track_screen(ctx: Context, lang: str, hint: str | None) -> str:
    """The phone's last items, numbered, then "4 Andika namba" and "0 Rudi"."""
    shown = ctx.recent[:ITEMS_SHOWN]
    lines = [
        text(lang, "track"),
        *(f"{number} {_item_label(item)}" for number, item in enumerate(shown, 1)),
        text(lang, "track_type"),
        text(lang, "back"),
    ]
    return _con(hint, "\n".join(lines))


def _status_screen(lang: str, item: ItemSummary) -> str:
    """The END screen for one item: what it is, the department, the date that matters now, how
    to answer a question, and until when it may be appealed (as HALI's SMS drops them to fit)."""
    appeal = (
        text(lang, "track_appealable", until=format_date(item.appeal_until))
        if item.appeal_until
        else ""
    )
    told = item_status(
        lang,
        item.kind,
        _item_name(item.kind_name),
        _label(item.reference),
        item.status,
        _label(item.department) if item.department else None,
        item.due,
        item.due_what,
        appeal,
        join="\n",
        room=SCREEN_LIMIT - len("END "),
    )
    return _end(told)


def _no_appeal_screen(lang: str, ctx: Context) -> str:
    """Nothing to appeal: when an appeal is possible, then the phone's items as far as they fit."""
    lines = [text(lang, "appeal_none", days=ctx.charter.appeal_within.amount)]
    items = [
        f"{_label(item.reference)} {status_name(lang, item.kind, item.status)}"
        for item in ctx.recent[:ITEMS_SHOWN]
    ]
    listed = [text(lang, "appeal_none_items")]
    for line in items:
        if len("END " + "\n".join([*lines, *listed, line])) > SCREEN_LIMIT:
            break
        listed.append(line)
    if len(listed) > 1:
        lines += listed
    return _end("\n".join(lines))


def _appeal_confirm_screen(session: _Session, ctx: Context, hint: str | None) -> str:
    """The item appealed, as much of the reason as fits, confirm or cancel."""
    lang = session.lang
    reference = _required(session.reference)
    item = _find(ctx, reference)
    what = text(
        lang,
        "appeal_confirm",
        reference=_label(reference),
        name=_item_name(item.department or item.kind_name) if item else "-",
    )
    choices = text(lang, "confirm_choices") + "\n" + text(lang, "back")
    frame = _compose(hint, "\n".join([what, '""', choices]))
    room = SCREEN_LIMIT - len(frame)
    reason = _shorten(to_gsm7_basic(_required(session.reason)), room)
    return _con(hint, "\n".join([what, f'"{reason}"', choices]))


def _standards_screen(charter: Charter, lang: str, hint: str | None) -> str:
    """What the charter promises: answer times by kind (with department exceptions), appeals."""
    lines = [text(lang, "standards")]
    footer = text(lang, "back_main")
    worst_hint = text(lang, "hint_invalid")
    for line in _standard_lines(charter, lang):
        # Measured with the hint so the screen looks the same when a hint is shown.
        if len(_compose(worst_hint, "\n".join([*lines, line, footer]))) > SCREEN_LIMIT:
            break
        lines.append(line)
    return _con(hint, "\n".join([*lines, footer]))


def _standard_lines(charter: Charter, lang: str) -> list[str]:
    """One line a kind that owes an answer, e.g. "Lalamiko 14 (Maji 5)", then the DED's time
    to decide an appeal and how long a citizen may appeal ("Kata rufaa ndani ya siku 30")."""
    slugs = {department.slug for department in charter.departments}
    lines = []
    for kind in charter.kinds:
        if kind.answer is None:
            continue  # compliments are acknowledged, not answered
        exceptions = [
            f"{_label(charter.department(override.department).short)} "
            f"{_amount(override.answer, lang)}"
            for override in charter.overrides
            if override.kind == kind.slug and override.department in slugs
        ]
        line = f"{_kind_name(kind, lang)} {_amount(kind.answer, lang)}"
        lines.append(line + (f" ({', '.join(exceptions)})" if exceptions else ""))
    lines.append(f"{text(lang, 'standards_appeal')} {_amount(charter.appeal, lang)}")
    lines.append(text(lang, "standards_appeal_within", days=charter.appeal_within.amount))
    return lines


def _amount(standard: Standard, lang: str) -> str:
    """A standard as the standards screen shows it: "14" (working days) or "48 hours"."""
    if standard.unit == "working_hours":
        return text(lang, "standards_hours", amount=standard.amount)
    return str(standard.amount)


def _draft_offer_screen(session: _Session, charter: Charter, hint: str | None) -> str:
    """You did not finish your complaint: 1 continue, 2 start again."""
    draft = _draft_session(session.draft or {}, charter, session.lang)
    kind = charter.kind(draft.kind) if draft and draft.kind else _complaint_kind(charter)
    words = kind_values(session.lang, kind.slug, _kind_name(kind, session.lang))
    body = text(session.lang, "draft_offer", **{**words, "kind": words["kind"].lower()})
    return _con(hint, body)


# ---------------------------------------------------------------------------------------------
# Charter data prepared once per charter and language (Charter is frozen, so hashable)


@lru_cache(maxsize=64)
def _department_labels(charter: Charter) -> tuple[str, ...]:
    """Each department's short name as a screen shows it."""
    return tuple(_label(department.short) for department in charter.departments)


@lru_cache(maxsize=64)
def _department_pages(charter: Charter, lang: str) -> tuple[tuple[int, ...], ...]:
    """Department indices grouped into pages that fit with the longest hint."""
    labels = _department_labels(charter)
    hint = text(lang, "hint_invalid")
    groups = _paginate(text(lang, "department"), labels, lang, hint)
    return tuple(tuple(range(first, first + size)) for first, size in groups)


@lru_cache(maxsize=512)
def _ward_pages(charter: Charter, lang: str, query: str) -> tuple[tuple[str, ...], ...]:
    """Wards (all, or those starting with `query`) grouped into pages that fit."""
    wards = _matching_wards(charter, query) if query else charter.wards
    labels = [_label(ward) for ward in wards]
    hint = max(
        text(lang, "hint_invalid"),
        text(lang, "hint_no_ward", query="W" * QUERY_ECHO_MAX),
        key=len,
    )
    groups = _paginate(text(lang, "ward"), labels, lang, hint)
    return tuple(tuple(wards[first : first + size]) for first, size in groups)


@lru_cache(maxsize=64)
def _ward_keys(charter: Charter) -> tuple[tuple[str, str], ...]:
    """(search key, ward) for every ward: "mangoto" for "Mang'oto"."""
    return tuple((_search_key(ward), ward) for ward in charter.wards)


@lru_cache(maxsize=512)
def _matching_wards(charter: Charter, letters: str) -> tuple[str, ...]:
    """Wards whose name starts with these letters (case, accents and apostrophes ignored)."""
    return tuple(ward for key, ward in _ward_keys(charter) if key.startswith(letters))


def _paginate(
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
            body = _list_body(header, candidate, more, lang)
            if len(_compose(worst_hint, body)) > SCREEN_LIMIT:
                break
            count += 1
        pages.append((first, count))
        first += count
    return tuple(pages) or ((0, 0),)


# ---------------------------------------------------------------------------------------------
# State: a small JSON-able dict the edge keeps between requests


def _state_from_session(session: _Session) -> dict[str, Any]:
    """The session as the JSON-able dict the edge stores."""
    state: dict[str, Any] = {
        "screen": session.at.screen,
        "page": session.at.page,
        "query": session.at.query,
        "lang": session.lang,
        "kind": session.kind,
        "department": session.department,
        "ward": session.ward,
        "description": session.description,
        "name": session.name,
        "anonymous": session.anonymous,
        "reference": session.reference,
        "reason": session.reason,
        "back": [[p.screen, p.page, p.query] for p in session.back],
    }
    if session.draft is not None:
        state["draft"] = session.draft
    return state


def _session_from_state(state: Any, charter: Charter, language: str) -> _Session | None:
    """The session a stored state describes, or None if it is malformed or the charter changed."""
    if not isinstance(state, dict):
        return None
    at = _position(state.get("screen"), state.get("page", 0), state.get("query", ""))
    back = _back_positions(state.get("back", []))
    if at is None or back is None:
        return None
    lang = state.get("lang")
    fields = _chosen_fields(state, charter)
    if fields is None:
        return None
    draft = state.get("draft")
    session = _Session(
        lang=lang if lang in LANGUAGES else language_or_default(language),
        at=at,
        back=back,
        draft=draft if isinstance(draft, dict) else None,
        **fields,
    )
    return session if _complete(session) else None


def _draft_session(draft: dict[str, Any], charter: Charter, lang: str) -> _Session | None:
    """A saved draft as a session in today's language, if it still makes sense."""
    session = _session_from_state(draft, charter, lang)
    if session is None or session.at.screen not in FILING_SCREENS or session.draft is not None:
        return None
    return replace(session, lang=lang)


def _position(screen: Any, page: Any, query: Any) -> _Position | None:
    """A validated position, or None."""
    if screen not in SCREENS or type(page) is not int or page < 0 or not isinstance(query, str):
        return None
    if len(query) > QUERY_MAX or _search_key(query) != query:
        return None
    return _Position(screen, page, query)


def _back_positions(raw: Any) -> tuple[_Position, ...] | None:
    """The back stack from its stored form [[screen, page, query], ...], or None."""
    if not isinstance(raw, list) or len(raw) > BACK_MAX:
        return None
    positions = []
    for item in raw:
        if not isinstance(item, list) or len(item) != 3:
            return None
        position = _position(*item)
        if position is None or position.screen not in BACK_SCREENS:
            return None
        positions.append(position)
    return tuple(positions)


def _chosen_fields(state: dict[str, Any], charter: Charter) -> dict[str, Any] | None:
    """What the citizen chose so far, checked against the charter; None if anything is off."""
    keys = ("kind", "department", "ward", "description", "name", "reference", "reason")
    fields = {key: state.get(key) for key in keys}
    if any(value is not None and not isinstance(value, str) for value in fields.values()):
        return None
    anonymous = state.get("anonymous")
    if anonymous is not None and not isinstance(anonymous, bool):
        return None
    if fields["kind"] is not None and fields["kind"] not in {k.slug for k in charter.kinds}:
        return None
    slugs = {department.slug for department in charter.departments}
    if fields["department"] is not None and fields["department"] not in slugs:
        return None
    if fields["ward"] is not None and fields["ward"] not in charter.wards:
        return None
    description, name = fields["description"], fields["name"]
    if description is not None and not MIN_DESCRIPTION <= len(description) <= MAX_DESCRIPTION:
        return None
    if name is not None and not MIN_NAME <= len(name) <= MAX_NAME:
        return None
    reference, reason = fields["reference"], fields["reason"]
    if reference is not None and not (
        is_valid_reference(reference) and clean_reference(reference) == reference
    ):
        return None
    if reason is not None and not MIN_REASON <= len(reason) <= MAX_REASON:
        return None
    return {**fields, "anonymous": anonymous}


def _complete(session: _Session) -> bool:
    """True if everything the current screen needs has been chosen."""
    needed = _REQUIRED.get(session.at.screen, ())
    if any(getattr(session, field) is None for field in needed):
        return False
    if session.at.screen == CONFIRM and not session.anonymous and session.name is None:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Small helpers


def _appealable(ctx: Context) -> tuple[ItemSummary, ...]:
    """The caller's items the edge says may be appealed, as many as the screen lists."""
    return tuple(item for item in ctx.recent if item.appealable)[:ITEMS_SHOWN]


def _find(ctx: Context, reference: str) -> ItemSummary | None:
    """The caller's item with this reference, or None (never anyone else's)."""
    for item in ctx.recent:
        if clean_reference(item.reference) == reference:
            return item
    return None


def _matches_items(session: _Session, ctx: Context) -> bool:
    """False when an appeal screen's item is no longer one the caller can appeal."""
    if session.at.screen == APPEAL_LIST:
        return bool(_appealable(ctx))
    if session.at.screen in APPEAL_SCREENS:
        return any(item.reference == session.reference for item in _appealable(ctx))
    return True


def _item_label(item: ItemSummary) -> str:
    """An item on a list: "123456789 Maji", or its kind while the desk routes it."""
    return f"{_label(item.reference)} {_item_name(item.department or item.kind_name)}"


def _item_name(name: str) -> str:
    """A department or kind name next to a reference: as short as the charter's short names."""
    return _shorten(_label(name), ITEM_NAME_MAX)


def _complaint_kind(charter: Charter) -> FeedbackKind:
    """The kind filed from main menu item 1: lalamiko, or the charter's first kind."""
    for kind in charter.kinds:
        if kind.slug == COMPLAINT:
            return kind
    return charter.kinds[0]


def _other_kinds(charter: Charter) -> tuple[FeedbackKind, ...]:
    """The kinds offered under main menu item 2 (suggestion, compliment, enquiry)."""
    complaint = _complaint_kind(charter).slug
    return tuple(kind for kind in charter.kinds if kind.slug != complaint)


def _kind_name(kind: FeedbackKind, lang: str) -> str:
    """The kind's name in the citizen's language, as a screen shows it."""
    return _label(kind.name_sw if lang == "sw" else kind.name_en)


def _label(name: str) -> str:
    """A name from the charter made safe for a screen: GSM-7 basic, at most LABEL_MAX long."""
    return _shorten(to_gsm7_basic(_collapse_spaces(name)), LABEL_MAX)


def _shorten(value: str, limit: int) -> str:
    """Value cut to `limit` characters, ending in ".." when something was cut."""
    if len(value) <= limit:
        return value
    if limit < 3:
        return value[: max(limit, 0)]
    return value[: limit - 2].rstrip() + ".."


def _collapse_spaces(value: str) -> str:
    """Trimmed, with every run of whitespace (newlines included) turned into one space."""
    return " ".join(value.split())


def _search_key(value: str) -> str:
    """Letters only, lowercase, accents dropped: what ward search compares."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(char for char in decomposed if char.isalpha())


def _number(raw: str) -> int | None:
    """The menu number typed, or None if the input is not a (short) number."""
    choice = raw.strip()
    if not choice or len(choice) > 3 or not choice.isascii() or not choice.isdigit():
        return None
    return int(choice)


def _clamp(page: int, pages: Sequence[object]) -> int:
    """A page number that exists (a draft may come back to a list that has since shrunk)."""
    return min(max(page, 0), len(pages) - 1)


def _required(value: str | None) -> str:
    """A field the screen's requirements guarantee is set (checked when the state was read)."""
    if value is None:
        raise ValueError("state checked by _complete lacks a required field")
    return value
