"""One USSD step: read where the session stands, run the pure menu, write the step once.

A session is one row (`ussd_sessions`): the menu state, the cumulative text last handled, the
last few screens given (a repeated request gets the same one back) and the half-filed complaint
(`draft`) a dropped session leaves for the phone's next dial. A step reads that row outside any
write transaction, runs the menu, then writes it with one conditional statement: an INSERT that
yields to a row already there, or an UPDATE only while the row still holds the text this step
read. A duplicate request racing this one therefore finds its answer stored, and nothing is
filed twice. A step with effects beyond the session (filing, an appeal, a rating, a language)
applies them in that same transaction, so the complaint, its record and its SMS are written
together or not at all.

Most steps cost two statements, a primary-key read and one write, in plain SQL
(store/session_rows.py); a menu step's write does not wait for the disk. Only tracking and
appealing read the phone's items; only a new session reads the phone's language and draft.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from charter.calendar import EAT
from gateway.casework.appeals import open_appeal
from gateway.casework.intake import Filing, NewItem, ShareUsed, plan_filing, write_filing
from gateway.lifecycle.item_dates import appeal_until, item_dates
from gateway.messaging.notify import department_name, kind_name, local_date
from gateway.people.quotas import LockedPhone, lock_phone
from gateway.runtime import Gateway
from menus.machine import (
    Context,
    DiscardDraft,
    FileComplaint,
    ItemSummary,
    OpenAppeal,
    Outcome,
    RateService,
    SaveDraft,
    SetLanguage,
    appeal_screen,
    filed_screen,
    limit_screen,
    needs_items,
    start,
    step,
)
from store import session_rows
from store.database import lost_connection
from store.models import CharterFeedback, Complaint, Phone, UssdSession
from store.session_rows import SessionRow
from store.upsert import table_of
from words.catalogue import language_or_default, text

DRAFT_LIFETIME = timedelta(hours=24)
REPLIES_KEPT = 8  # screens remembered per session for repeated requests: a session's usual length
RECENT_ITEMS = 10  # what "track" and "appeal" can list for a phone
LOST_TRIES = 2  # lost connections a step runs again after: one per untested pool it uses

_sessions = table_of(UssdSession)
_c = _sessions.c


@dataclass(frozen=True)
class UssdRequest:
    """One callback from Africa's Talking, already checked."""

    session_id: str
    service_code: str
    phone: str  # E.164
    network_code: str
    text: str  # cumulative: every input of the session joined by '*'


class _LostRace(Exception):
    """The same request (a repeat) wrote this step first: its stored answer is the answer."""


class OtherPhone(ValueError):
    """The session id is another phone's session: Africa's Talking never reuses one, so this
    is a forged or broken request, and nothing of the session is shown or changed."""


def handle_step(gateway: Gateway, request: UssdRequest, now: datetime) -> str:
    """The reply body (CON/END) for one USSD callback, applying the step's effects once."""
    digest = hashlib.sha256(request.text.encode()).hexdigest()[:32]
    # A session's first request (empty text) is nearly always new: try writing it first, and
    # read only if the session turns out to exist (a repeated dial).
    known, lost = bool(request.text), 0
    # A racing repeat wins at most once; a lost connection is retried once for each of the two
    # pools a step draws from untested (the passing engine's, and the step engine's for a
    # filing), since a database that dropped one connection usually dropped them all.
    for _ in range(1 + 1 + LOST_TRIES):
        try:
            gateway.refresh_calendar()
            return _answer(gateway, request, digest, now, known)
        except _LostRace:
            known = True
        except DBAPIError as error:
            if lost == LOST_TRIES or not lost_connection(error):
                raise
            lost += 1
            # A connection the database dropped (a restart, a killed backend): it is gone from
            # the pool now, with every one pooled before it, and the next try gets a fresh one.
            # Whatever it had not committed was rolled back; if it had, the next try finds the
            # step's answer stored.
    raise RuntimeError(f"ussd step for {request.session_id} kept losing to repeats")


def _answer(gateway: Gateway, request: UssdRequest, digest: str, now: datetime, known: bool) -> str:
    """The stored answer to a repeated request, else the step taken now.

    One connection of the passing engine (autocommit) serves the session row's read and the
    menu step's write: the read goes to the driver directly (no transaction, so no writer's
    turn on SQLite), and the pool is visited once a step, not twice.
    """
    with gateway.passing_engine.connect() as line:
        stored = session_rows.read(line, request.session_id) if known else None
        if stored is not None and stored.phone != request.phone:
            raise OtherPhone(request.session_id)
        if stored is not None:
            for seen, screen in reversed(stored.replies):
                if seen == digest:
                    return screen
        return _take_step(gateway, line, request, stored, digest, now)


def _take_step(
    gateway: Gateway,
    line: Connection,
    request: UssdRequest,
    stored: SessionRow | None,
    digest: str,
    now: datetime,
) -> str:
    """Run the menu on what was read, then write the step (or raise _LostRace)."""
    if stored is None:
        language, draft = _phone_language_and_draft(line, request.phone, now)
        context = _context(gateway, request, language, draft, None, request.text, now)
        outcome = start(context)
        if request.text:  # dialled with the first answer in the code, e.g. *152*25*1#
            outcome = step(outcome.state, request.text, context)
    else:
        typed = new_input(stored.seen_text, request.text)
        context = _context(gateway, request, stored.language, None, stored.state, typed, now)
        outcome = step(stored.state, typed, context)
    earlier = stored.replies if stored is not None else []
    if not _outside_effects(outcome):
        # A step that only moves the menu knows its screen now: one statement writes it, and
        # need not wait for the disk (a power cut ends the session anyway).
        replies = _remembered(earlier, digest, outcome.screen)
        with line.begin():
            _write_session(line, request, stored, outcome, replies, now)
        return outcome.screen
    # An item filed is worked out first, outside the transaction (on SQLite, outside the one
    # writer's turn): the transaction then holds only its statements.
    filings = _plan_filings(gateway, outcome, request.phone, now)
    # On the step engine: the pool hands out its connection untested (no round trip); a lost
    # one runs the step again (handle_step), which finds the step stored if it was committed.
    with gateway.steps.begin() as session:
        # The phone first, always: a filing counts the phone's items under this lock and a
        # discarded draft may sit in another of the phone's sessions, so taking the phone
        # before any session row keeps two of its sessions from waiting on each other. The
        # session row is written last, with the screen the effects led to: if a repeat of this
        # request got there first, everything here is rolled back with _LostRace.
        phone = lock_phone(session, request.phone, now)
        screen = _apply(session, gateway, outcome, phone, request.session_id, now, filings)
        replies = _remembered(earlier, digest, screen)
        _write_session(session.connection(), request, stored, outcome, replies, now)
        return screen


def _write_session(
    connection: Connection,
    request: UssdRequest,
    stored: SessionRow | None,
    outcome: Outcome,
    replies: list[list[str]],
    now: datetime,
) -> None:
    """Write the session's row for this step, unless a repeat of it wrote first (_LostRace)."""
    draft = _draft_after(outcome)
    values = session_rows.StepValues(
        session_id=request.session_id,
        seen_text=request.text,
        state=outcome.state,
        replies=replies,
        language=language_or_default(str(outcome.state.get("lang", ""))),
        at=now,
        set_draft=draft is not _KEEP,
        draft=None if draft is _KEEP else draft,
    )
    if stored is None:
        written = session_rows.write_start(connection, values, request.phone)
    else:
        written = session_rows.write_step(connection, values, stored.seen_text)
    if not written:
        raise _LostRace


def _remembered(earlier: list[list[str]], digest: str, screen: str) -> list[list[str]]:
    """The session's remembered screens with this step's added, the oldest let go."""
    return [*earlier, [digest, screen]][-REPLIES_KEPT:]


_KEEP: Any = object()  # the session's draft stays as it is


def _draft_after(outcome: Outcome) -> dict[str, Any] | None:
    """The session's draft after the step: saved, discarded (None), or _KEEP."""
    draft = _KEEP
    for effect in outcome.effects:
        if isinstance(effect, SaveDraft):
            draft = effect.state
        elif isinstance(effect, DiscardDraft):
            draft = None
    return draft


_OUTSIDE = (SetLanguage, DiscardDraft, FileComplaint, RateService, OpenAppeal)


def _outside_effects(outcome: Outcome) -> bool:
    """Whether the step changes anything beyond its own session row."""
    return any(isinstance(effect, _OUTSIDE) for effect in outcome.effects)


def _context(
    gateway: Gateway,
    request: UssdRequest,
    language: str,
    draft: dict[str, Any] | None,
    state: dict[str, Any] | None,
    typed: str,
    now: datetime,
) -> Context:
    recent: tuple[ItemSummary, ...] = ()
    if needs_items(state, typed):
        with gateway.reads() as session:
            recent = _recent_items(session, gateway, request.phone, language, now)
    return Context(
        charter=gateway.charter,
        language=language,
        draft=draft,
        recent=recent,
        today=now.astimezone(EAT).date(),
        calendar=gateway.calendar,
    )


def _phone_language_and_draft(
    line: Connection, phone: str, now: datetime
) -> tuple[str, dict[str, Any] | None]:
    """A new session's two facts in one round trip: the phone's language and its fresh draft
    (on the step's own connection, straight to the driver: no transaction, no writer's turn)."""
    language, draft = session_rows.read_phone(line, phone, now - DRAFT_LIFETIME)
    return language or "sw", draft


def new_input(seen: str, text: str) -> str:
    """What the citizen typed this time: `text` less what the session already saw.

    Free text may itself hold '*', so the input is never split back out of `text`; a `text` that
    does not continue what we saw (an operator's oddity) is taken whole as the new input.
    """
    if not seen:
        return text
    if text.startswith(seen + "*"):
        return text[len(seen) + 1 :]
    return text


def _recent_items(
    session: Session, gateway: Gateway, phone: str, language: str, now: datetime
) -> tuple[ItemSummary, ...]:
    """The phone's latest items, as the track and appeal menus show them, with the dates that
    matter now (the same as HALI's: gateway/lifecycle/item_dates.py)."""
    rows = session.scalars(
        select(Complaint)
        .where(Complaint.phone == phone)
        .order_by(Complaint.received_at.desc(), Complaint.id.desc())
        .limit(RECENT_ITEMS)
    ).all()
    summaries = []
    for row in rows:
        dates = item_dates(gateway, row, now)
        summaries.append(
            ItemSummary(
                reference=row.reference,
                kind=row.kind,
                kind_name=kind_name(gateway, row, language),
                department=department_name(gateway, row.department),
                status=row.status,
                due=local_date(dates.due),
                due_what=dates.due_what,
                appeal_until=local_date(dates.appeal_until),
                anonymous=row.anonymous,
            )
        )
    return tuple(summaries)


def _apply(
    session: Session,
    gateway: Gateway,
    outcome: Outcome,
    phone: LockedPhone,
    session_id: str,
    now: datetime,
    filings: dict[FileComplaint, Filing],
) -> str:
    """Apply the step's effects beyond its session row (an item filed as `filings` planned
    it); the screen to show after them."""
    screen, number = outcome.screen, phone.number
    for effect in outcome.effects:
        if isinstance(effect, SetLanguage):
            session.execute(
                update(Phone).where(Phone.number == number).values(language=effect.language)
            )
        elif isinstance(effect, DiscardDraft):
            # The draft may be another (dropped) session's: every one of this phone's goes
            # (this session's own goes with the write of its row).
            session_rows.discard_drafts(session.connection(), number, session_id)
        elif isinstance(effect, FileComplaint):
            screen = _file(session, gateway, filings[effect], phone, now)
        elif isinstance(effect, RateService):
            session.add(
                CharterFeedback(
                    phone=number,
                    rating=effect.rating,
                    comment=effect.comment,
                    channel="ussd",
                    created_at=now,
                )
            )
        elif isinstance(effect, OpenAppeal):
            screen = _appeal(session, gateway, effect, phone, now)
    session.flush()
    return screen


def _plan_filings(
    gateway: Gateway, outcome: Outcome, phone: str, now: datetime
) -> dict[FileComplaint, Filing]:
    """The items the step files, worked out (none for most steps)."""
    return {
        effect: plan_filing(gateway, _new_item(gateway, effect, phone), now)
        for effect in outcome.effects
        if isinstance(effect, FileComplaint)
    }


def _new_item(gateway: Gateway, effect: FileComplaint, phone: str) -> NewItem:
    """The item the menu confirmed, as the phone files it."""
    department, about, description = effect.department, effect.about_reference, effect.description
    if about is not None:
        # A call-back about one of the phone's items goes to that item's department, unless
        # that item is anonymous: then it is its own item, for the desk, never linked to it
        # (the confirm screen warned the council will see the number).
        with gateway.reads() as session:
            about_item = session.execute(
                select(Complaint.department, Complaint.anonymous).where(
                    Complaint.reference == about, Complaint.phone == phone
                )
            ).first()
        if about_item is not None and about_item.anonymous:
            about, description = None, text(effect.language, "call_private")
        elif about_item is not None:
            department = about_item.department
    return NewItem(
        kind=effect.kind,
        department=department,
        ward=effect.ward,
        description=description,
        citizen_name=effect.name,
        anonymous=effect.anonymous,
        language=effect.language,
        channel="ussd",
        phone=phone,
        service=effect.service,
        application_number=effect.application_number,
        applied_on=effect.applied_on,
        appointment_with=effect.appointment_with,
        preferred_days=effect.preferred_days,
        about_reference=about,
    )


def _file(
    session: Session, gateway: Gateway, filing: Filing, phone: LockedPhone, now: datetime
) -> str:
    """File the planned item, unless the phone has filed its day's share: the END screen
    either way."""
    language, blocked = filing.item.language, phone.sms_blocked
    try:
        complaint = write_filing(
            session, gateway, filing, now, sms_blocked=blocked, within_share=True
        )
    except ShareUsed:
        return limit_screen(language)
    due = local_date(complaint.answer_due_at)  # never before the filing (charter.deadlines)
    return filed_screen(language, complaint.reference, due, not blocked, complaint.kind)


def _appeal(
    session: Session, gateway: Gateway, effect: OpenAppeal, phone: LockedPhone, now: datetime
) -> str:
    """Open the appeal the menu confirmed; its END screen."""
    appealed = session.scalar(
        select(Complaint).where(
            Complaint.reference == effect.reference, Complaint.phone == phone.number
        )
    )
    if appealed is None or appeal_until(gateway, appealed, now) is None:
        raise LookupError("the menu offered an item this phone cannot appeal")
    open_appeal(session, gateway, appealed, effect.reason, "ussd", now)
    return appeal_screen(
        effect.language,
        appealed.reference,
        local_date(appealed.appeal_due_at),
        sms=not phone.sms_blocked,
    )
