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

Most steps cost two statements: a primary-key read and one write. Only tracking and appealing
read the phone's items; only a new session reads the phone's language and draft.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.appeals import appealable, open_appeal
from gateway.intake import NewItem, file_item
from gateway.notify import department_name, kind_name, local_date
from gateway.quotas import FILINGS_PER_DAY, filed_today, lock_phone
from gateway.runtime import Gateway
from gateway.statuses import APPEALED
from menus.catalogue import language_or_default
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
from store.models import CharterFeedback, Complaint, Phone, UssdSession
from store.upsert import insert_missing, table_of

DRAFT_LIFETIME = timedelta(hours=24)
REPLIES_KEPT = 8  # screens remembered per session for repeated requests: a session's usual length
RECENT_ITEMS = 10  # what "track" and "appeal" can list for a phone

_sessions = table_of(UssdSession)


@dataclass(frozen=True)
class UssdRequest:
    """One callback from Africa's Talking, already checked."""

    session_id: str
    service_code: str
    phone: str  # E.164
    network_code: str
    text: str  # cumulative: every input of the session joined by '*'


@dataclass(frozen=True)
class _Stored:
    """A session's row as a step reads it."""

    seen_text: str
    state: dict[str, Any]
    replies: list[list[str]]
    language: str


class _LostRace(Exception):
    """The same request (a repeat) wrote this step first: its stored answer is the answer."""


def handle_step(gateway: Gateway, request: UssdRequest, now: datetime) -> str:
    """The reply body (CON/END) for one USSD callback, applying the step's effects once."""
    digest = hashlib.sha256(request.text.encode()).hexdigest()[:32]
    gateway.refresh_calendar()
    for _ in range(3):  # a racing repeat wins at most once; then its stored answer is found
        stored = _read_session(gateway, request.session_id)
        if stored is not None:
            for seen, screen in reversed(stored.replies):
                if seen == digest:
                    return screen
        try:
            return _take_step(gateway, request, stored, digest, now)
        except _LostRace:
            continue
    raise RuntimeError(f"ussd step for {request.session_id} kept losing to repeats")


def _read_session(gateway: Gateway, session_id: str) -> _Stored | None:
    with gateway.reads() as session:
        row = session.execute(
            select(
                _sessions.c.seen_text, _sessions.c.state, _sessions.c.replies, _sessions.c.language
            ).where(_sessions.c.session_id == session_id)
        ).first()
    return None if row is None else _Stored(*row)


def _take_step(
    gateway: Gateway, request: UssdRequest, stored: _Stored | None, digest: str, now: datetime
) -> str:
    """Run the menu on what was read, then write the step (or raise _LostRace)."""
    if stored is None:
        language, draft = _phone_language_and_draft(gateway, request.phone, now)
        context = _context(gateway, request, language, draft, None, request.text, now)
        outcome = start(context)
        if request.text:  # dialled with the first answer in the code, e.g. *152*25*1#
            outcome = step(outcome.state, request.text, context)
    else:
        typed = new_input(stored.seen_text, request.text)
        context = _context(gateway, request, stored.language, None, stored.state, typed, now)
        outcome = step(stored.state, typed, context)
    row = _session_values(request, outcome, now)
    outside = _outside_effects(outcome)
    earlier = stored.replies if stored is not None else []
    # A step that only moves the menu knows its screen now and is written in one statement.
    replies = earlier if outside else _remembered(earlier, digest, outcome.screen)
    with gateway.sessions.begin() as session:
        if outside:
            # The phone first, always: a filing counts the phone's items under this lock and a
            # discarded draft may sit in another of the phone's sessions, so taking the phone
            # before any session row keeps two of its sessions from waiting on each other.
            lock_phone(session, request.phone, now)
        if stored is None:
            if not insert_missing(session, UssdSession, **row, replies=replies, started_at=now):
                raise _LostRace
        else:
            claimed = session.execute(
                update(_sessions)
                .where(
                    _sessions.c.session_id == request.session_id,
                    _sessions.c.seen_text == stored.seen_text,
                )
                .values(**row, replies=replies)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise _LostRace
        if not outside:
            return outcome.screen
        screen = _apply(session, gateway, outcome, request.phone, now)
        session.execute(
            update(_sessions)
            .where(_sessions.c.session_id == request.session_id)
            .values(replies=_remembered(earlier, digest, screen))
        )
        return screen


def _remembered(earlier: list[list[str]], digest: str, screen: str) -> list[list[str]]:
    """The session's remembered screens with this step's added, the oldest let go."""
    return [*earlier, [digest, screen]][-REPLIES_KEPT:]


def _session_values(request: UssdRequest, outcome: Outcome, now: datetime) -> dict[str, Any]:
    """The session row after this step, but for its remembered screens."""
    values: dict[str, Any] = {
        "session_id": request.session_id,
        "phone": request.phone,
        "seen_text": request.text,
        "state": outcome.state,
        "language": language_or_default(str(outcome.state.get("lang", ""))),
        "updated_at": now,
    }
    for effect in outcome.effects:
        if isinstance(effect, SaveDraft):
            values["draft"] = effect.state
        elif isinstance(effect, DiscardDraft):
            values["draft"] = None
    return values


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
    return Context(charter=gateway.charter, language=language, draft=draft, recent=recent)


def _phone_language_and_draft(
    gateway: Gateway, phone: str, now: datetime
) -> tuple[str, dict[str, Any] | None]:
    """A new session's two facts in one round trip: the phone's language and its fresh draft."""
    language = select(Phone.language).where(Phone.number == phone).scalar_subquery()
    draft = (
        select(_sessions.c.draft)
        .where(
            _sessions.c.phone == phone,
            _sessions.c.updated_at > now - DRAFT_LIFETIME,
            _sessions.c.draft.is_not(None),
        )
        .order_by(_sessions.c.updated_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    with gateway.reads() as session:
        found_language, found_draft = session.execute(select(language, draft)).one()
    return found_language or "sw", found_draft if isinstance(found_draft, dict) else None


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
    """The phone's latest items, as the track and appeal menus show them."""
    rows = session.scalars(
        select(Complaint)
        .where(Complaint.phone == phone)
        .order_by(Complaint.received_at.desc(), Complaint.id.desc())
        .limit(RECENT_ITEMS)
    ).all()
    return tuple(
        ItemSummary(
            reference=row.reference,
            kind=kind_name(gateway, row, language),
            department=department_name(gateway, row.department),
            status=row.status,
            due=local_date(row.appeal_due_at if row.status == APPEALED else row.answer_due_at),
            appealable=appealable(row, now),
        )
        for row in rows
    )


def _apply(session: Session, gateway: Gateway, outcome: Outcome, number: str, now: datetime) -> str:
    """Apply the step's effects beyond its session row; the screen to show after them."""
    screen = outcome.screen
    for effect in outcome.effects:
        if isinstance(effect, SetLanguage):
            lock_phone(session, number, now).language = effect.language
        elif isinstance(effect, DiscardDraft):
            # The draft may be another (dropped) session's: every one of this phone's goes.
            session.execute(
                update(_sessions)
                .where(_sessions.c.phone == number, _sessions.c.draft.is_not(None))
                .values(draft=None)
            )
        elif isinstance(effect, FileComplaint):
            screen = _file(session, gateway, effect, number, now)
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
            screen = _appeal(session, gateway, effect, number, now)
    session.flush()
    return screen


def _file(
    session: Session, gateway: Gateway, effect: FileComplaint, number: str, now: datetime
) -> str:
    """File the item, unless the phone has filed its day's share: the END screen either way."""
    phone = lock_phone(session, number, now)
    if filed_today(session, number, now) >= FILINGS_PER_DAY:
        return limit_screen(effect.language)
    blocked = phone.sms_blocked_at is not None
    complaint = file_item(
        session,
        gateway,
        NewItem(
            kind=effect.kind,
            department=effect.department,
            ward=effect.ward,
            description=effect.description,
            citizen_name=effect.name,
            anonymous=effect.anonymous,
            language=effect.language,
            channel="ussd",
            phone=number,
        ),
        now,
        sms_blocked=blocked,
    )
    return filed_screen(
        effect.language, complaint.reference, local_date(complaint.answer_due_at), sms=not blocked
    )


def _appeal(
    session: Session, gateway: Gateway, effect: OpenAppeal, number: str, now: datetime
) -> str:
    """Open the appeal the menu confirmed; its END screen."""
    appealed = session.scalar(
        select(Complaint).where(Complaint.reference == effect.reference, Complaint.phone == number)
    )
    if appealed is None or not appealable(appealed, now):
        raise LookupError("the menu offered an item this phone cannot appeal")
    open_appeal(session, gateway, appealed, effect.reason, "ussd", now)
    blocked = session.scalar(select(Phone.sms_blocked_at).where(Phone.number == number))
    return appeal_screen(
        effect.language,
        appealed.reference,
        local_date(appealed.appeal_due_at),
        sms=blocked is None,
    )
