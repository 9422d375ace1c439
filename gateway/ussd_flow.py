"""One USSD step: find where the session stands, run the pure menu, apply its effects at once.

Everything a step changes (session, draft, language, complaint, its record, the queued SMS and
the reply remembered for a repeat) is written in one transaction, so a repeated request finds
its answer already stored and nothing is filed twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.appeals import appealable, open_appeal
from gateway.intake import NewItem, file_item
from gateway.notify import department_name, kind_name, local_date
from gateway.runtime import Gateway
from gateway.statuses import APPEALED
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
    start,
    step,
)
from store.models import CharterFeedback, Complaint, Phone, UssdDraft, UssdReply, UssdSession

DRAFT_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class UssdRequest:
    """One callback from Africa's Talking, already checked."""

    session_id: str
    service_code: str
    phone: str  # E.164
    network_code: str
    text: str  # cumulative: every input of the session joined by '*'


def handle_step(gateway: Gateway, request: UssdRequest, now: datetime) -> str:
    """The reply body (CON/END) for one USSD callback, applying the step's effects once."""
    digest = hashlib.sha256(request.text.encode()).hexdigest()
    gateway.refresh_calendar()
    try:
        with gateway.sessions.begin() as session:
            stored = _stored_reply(session, request.session_id, digest)
            if stored is not None:
                return stored
            screen = _run_step(session, gateway, request, now)
            session.add(
                UssdReply(
                    session_id=request.session_id, text_digest=digest, screen=screen, created_at=now
                )
            )
            return screen
    except IntegrityError:
        # The same request raced us and won: its transaction holds the only answer.
        with gateway.sessions() as session:
            stored = _stored_reply(session, request.session_id, digest)
        if stored is None:
            raise
        return stored


def _stored_reply(session: Session, session_id: str, digest: str) -> str | None:
    return session.scalar(
        select(UssdReply.screen).where(
            UssdReply.session_id == session_id, UssdReply.text_digest == digest
        )
    )


def _run_step(session: Session, gateway: Gateway, request: UssdRequest, now: datetime) -> str:
    phone = session.get(Phone, request.phone)
    if phone is None:
        phone = Phone(number=request.phone, language="sw", created_at=now)
        session.add(phone)
    ussd = session.get(UssdSession, request.session_id)
    context = Context(
        charter=gateway.charter,
        language=phone.language,
        draft=_fresh_draft(session, request.phone, now) if ussd is None else None,
        sms_blocked=phone.sms_blocked_at is not None,
        recent=_recent_items(session, gateway, request.phone, phone.language, now),
    )
    if ussd is None:
        ussd = UssdSession(
            session_id=request.session_id,
            phone=request.phone,
            seen_text="",
            state={},
            language=phone.language,
            started_at=now,
            updated_at=now,
        )
        session.add(ussd)
        outcome = start(context)
        if request.text:  # dialled with the first answer in the code, e.g. *152*25*1#
            outcome = step(outcome.state, request.text, context)
    else:
        outcome = step(ussd.state, new_input(ussd.seen_text, request.text), context)
    screen = _apply(session, gateway, outcome, phone, request.phone, context, now)
    ussd.seen_text = request.text
    ussd.state = outcome.state
    ussd.language = phone.language
    ussd.updated_at = now
    return screen


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


RECENT_ITEMS = 10  # what "track" and "appeal" can list for a phone


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


def _fresh_draft(session: Session, phone: str, now: datetime) -> dict[str, Any] | None:
    draft = session.get(UssdDraft, phone)
    if draft is None or now - draft.saved_at > DRAFT_LIFETIME:
        return None
    return draft.state


def _apply(
    session: Session,
    gateway: Gateway,
    outcome: Outcome,
    phone: Phone,
    number: str,
    context: Context,
    now: datetime,
) -> str:
    screen = outcome.screen
    for effect in outcome.effects:
        if isinstance(effect, SetLanguage):
            phone.language = effect.language
        elif isinstance(effect, SaveDraft):
            draft = session.get(UssdDraft, number)
            if draft is None:
                session.add(UssdDraft(phone=number, state=effect.state, saved_at=now))
            else:
                draft.state, draft.saved_at = effect.state, now
        elif isinstance(effect, DiscardDraft):
            draft = session.get(UssdDraft, number)
            if draft is not None:
                session.delete(draft)
        elif isinstance(effect, FileComplaint):
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
                sms_blocked=context.sms_blocked,
            )
            screen = filed_screen(
                effect.language,
                complaint.reference,
                local_date(complaint.answer_due_at),
                sms=not context.sms_blocked,
            )
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
            appealed = session.scalar(
                select(Complaint).where(
                    Complaint.reference == effect.reference, Complaint.phone == number
                )
            )
            if appealed is None or not appealable(appealed, now):
                raise LookupError("the menu offered an item this phone cannot appeal")
            open_appeal(session, gateway, appealed, effect.reason, "ussd", now)
            screen = appeal_screen(
                effect.language,
                appealed.reference,
                local_date(appealed.appeal_due_at),
                sms=not context.sms_blocked,
            )
    session.flush()
    return screen
