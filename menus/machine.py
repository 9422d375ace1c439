"""The USSD menu as a pure state machine: (state, what the citizen typed) -> screen, state, effects.

No Flask, no database, no clock: the edge (gateway) keeps `Outcome.state` for the session, passes
it back with the next input, and applies `Outcome.effects` in one transaction before it answers.

This module is the main menu and the dispatcher: each journey lives in its own module over the
shared navigation core (menus/navigation.py: values, moving, rendering; menus/state.py: the
stored state):

* filing (menus/filing.py): main menu 1 and 2, and the draft offer;
* tracking (menus/tracking.py): main menu 3;
* appeal (menus/appeal.py): main menu 4;
* standards and language (menus/about.py): main menu 5 and 6;
* more services (main menu 7): rating (menus/rating.py), rights and duties (menus/about.py),
  an appointment (menus/appointment.py), a call-back (menus/callback.py), a key service's
  delay (menus/service_delay.py).

The names other packages use are re-exported here, so `from menus.machine import ...` is the
one door into the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from menus import about, appeal, appointment, callback, filing, rating, service_delay, tracking
from menus.about import rights_screen
from menus.appeal import appeal_screen, matches_items, no_appeal_screen
from menus.appointment import start_appointment
from menus.callback import start_call_back
from menus.filing import filed_screen, limit_screen, start_filing
from menus.navigation import (
    APPEAL_LIST,
    APPEAL_SCREENS,
    CALL_REFERENCE,
    DONE,
    DRAFT_OFFER,
    FILING_SCREENS,
    LANGUAGE,
    MAIN,
    MAX_DESCRIPTION,
    MAX_NAME,
    MIN_DESCRIPTION,
    MIN_NAME,
    MORE,
    OTHER_KIND,
    RATE,
    SCREEN_LIMIT,
    STANDARDS,
    TRACK,
    TRACK_REFERENCE,
    Context,
    DiscardDraft,
    Effect,
    FileComplaint,
    Handler,
    ItemSummary,
    OpenAppeal,
    Outcome,
    Position,
    RateService,
    Renderer,
    Reply,
    SaveDraft,
    Session,
    SetLanguage,
    appealable_items,
    chosen,
    complaint_kind,
    con,
    end_screen,
    enter_journey,
    finish,
    go_forward,
    invalid,
    list_screen,
    main_session,
    navigate,
    other_kinds,
)
from menus.service_delay import start_service_delay
from menus.state import draft_session, session_from_state, state_from_session
from words.catalogue import language_or_default, text

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

_JOURNEYS = (filing, tracking, appeal, rating, about, appointment, callback, service_delay)
_HANDLERS: dict[str, Handler] = {}
_RENDERERS: dict[str, Renderer] = {}
for _journey in _JOURNEYS:
    _HANDLERS.update(_journey.HANDLERS)
    _RENDERERS.update(_journey.RENDERERS)


def start(ctx: Context) -> Outcome:
    """The first screen of a session: the draft offer if a draft is waiting, else the main menu."""
    lang = language_or_default(ctx.language)
    if ctx.draft is None:
        return _outcome(Reply(main_session(lang)), ctx)
    if draft_session(ctx.draft, ctx.charter, lang) is None:
        # A draft the charter no longer matches (a ward renamed, say) cannot be continued.
        return _outcome(Reply(main_session(lang), (DiscardDraft(),)), ctx)
    offer = Session(lang=lang, at=Position(DRAFT_OFFER), draft=ctx.draft)
    return _outcome(Reply(offer), ctx)


def step(state: dict[str, Any], user_input: str, ctx: Context) -> Outcome:
    """The next screen after the citizen typed `user_input` on the screen `state` describes."""
    session = session_from_state(state, ctx.charter, ctx.language)
    if session is None or session.at.screen == DONE or not matches_items(session, ctx):
        # A state we did not write, a step after an END, or an appeal on an item that is no
        # longer appealable (decided in another session, say): start over rather than fail.
        return _outcome(Reply(main_session(language_or_default(ctx.language))), ctx)
    reply = navigate(session, user_input.strip())
    if reply is None:
        reply = _HANDLERS[session.at.screen](session, user_input, ctx)
    return _outcome(reply, ctx)


def needs_items(state: dict[str, Any] | None, user_input: str) -> bool:
    """Whether the step from `state` (None: a new session) reads `Context.recent`.

    Only tracking, appealing and a call-back about a reference look at the caller's items, so
    the edge reads them for these steps alone and every other step costs no query for them.
    """
    screen = state.get("screen") if isinstance(state, dict) else None
    if screen in (TRACK, TRACK_REFERENCE, CALL_REFERENCE) or screen in APPEAL_SCREENS:
        return True
    return user_input.strip() in ("3", "4") and screen in (None, MAIN)


def _outcome(reply: Reply, ctx: Context) -> Outcome:
    """Render the reply and, on a filing screen with a department chosen, save the draft."""
    session = reply.session
    state = state_from_session(session)
    effects = reply.effects
    if reply.screen is not None:
        return Outcome(screen=reply.screen, state=state, effects=effects)
    # A draft is worth offering only once something was chosen beyond "I want to complain".
    if session.at.screen in FILING_SCREENS and session.department is not None:
        effects = (*effects, SaveDraft(state))
    screen = _render(session, ctx, reply.hint)
    return Outcome(screen=screen, state=state, effects=effects)


def _on_main(session: Session, raw: str, ctx: Context) -> Reply:
    """Main menu: complaint, other feedback, track, appeal, standards, language, more."""
    choice = raw.strip()
    if choice == "1":
        return start_filing(session, complaint_kind(ctx.charter).slug)
    if choice == "2" and other_kinds(ctx.charter):
        return Reply(go_forward(session, Position(OTHER_KIND)))
    if choice == "3":
        if not ctx.recent:
            return finish(session, end_screen(text(session.lang, "track_none")))
        return Reply(enter_journey(session, TRACK))
    if choice == "4":
        if not appealable_items(ctx):
            return finish(session, no_appeal_screen(session.lang, ctx))
        return Reply(enter_journey(session, APPEAL_LIST))
    if choice == "5":
        return Reply(go_forward(session, Position(STANDARDS)))
    if choice == "6":
        return Reply(go_forward(session, Position(LANGUAGE)))
    if choice == "7":
        return Reply(go_forward(session, Position(MORE)))
    return invalid(session)


def _on_more(session: Session, raw: str, ctx: Context) -> Reply:
    """More services: each line starts its journey."""
    line = chosen(raw, _MORE)
    if line is None:
        return invalid(session)
    return line[1](session, ctx)


def _render_more(session: Session, ctx: Context, hint: str | None) -> str:
    """The list of the charter's other services."""
    names = [text(session.lang, key) for key, _ in _MORE]
    return list_screen(text(session.lang, "more_services"), names, False, session.lang, hint)


def _rate(session: Session, ctx: Context) -> Reply:
    """Rate the service."""
    return Reply(go_forward(session, Position(RATE)))


def _rights(session: Session, ctx: Context) -> Reply:
    """Rights and duties, and how to reach the council: an END screen."""
    return finish(session, rights_screen(ctx.charter, session.lang))


# Main menu 7, in order: (catalogue key of the line, what choosing it does).
_MORE: tuple[tuple[str, Callable[[Session, Context], Reply]], ...] = (
    ("more_rate", _rate),
    ("more_rights", _rights),
    ("more_appointment", start_appointment),
    ("more_call", start_call_back),
    ("more_delay", start_service_delay),
)


def _render(session: Session, ctx: Context, hint: str | None) -> str:
    """The CON screen for the session's current screen, with an optional hint line on top."""
    renderer = _RENDERERS.get(session.at.screen)
    if renderer is not None:
        return renderer(session, ctx, hint)
    lang, charter = session.lang, ctx.charter
    greeting = charter.short_name_sw if lang == "sw" else charter.short_name_en
    menu = text(lang, "main", council=greeting)
    if hint:  # the hint takes the greeting's line, so the whole menu still fits
        menu = menu.split("\n", 1)[1]
    return con(hint, menu)


_HANDLERS[MAIN] = _on_main
_HANDLERS[MORE] = _on_more
_RENDERERS[MORE] = _render_more
