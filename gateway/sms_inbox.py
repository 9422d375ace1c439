"""An SMS to the shortcode: stored first, by Africa's Talking's id, then acted on.

Storing and acting are two transactions on purpose. The message is written alone (with any
officer's PIN already taken out of its text), so nothing that goes wrong in acting on it (a bug,
odd data, a dropped database connection) can take the citizen's words with it: the row stays
unhandled and the scheduler acts on it again (`handle_waiting_sms`). Everything acting causes
(a filed item, its record, the reply in the outbox) is written in the second transaction, which
locks the row and marks it handled, so a message is acted on once however often it is retried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.appeals import appealable, open_appeal
from gateway.casework import citizen_answers, citizen_satisfaction
from gateway.intake import NewItem, file_item
from gateway.notify import department_name, local_date
from gateway.officer_sms import answer_officer
from gateway.officers import officer_by_phone
from gateway.outbox import queue_sms
from gateway.quotas import FILINGS_PER_DAY, filed_today, lock_phone, may_reply
from gateway.runtime import Gateway
from gateway.statuses import RESOLVED
from menus import notices
from menus.catalogue import format_date, text
from menus.officer_commands import OfficerCommand, parse_officer_sms, without_pins
from menus.sms_commands import SmsCommand, parse_sms
from store.models import Complaint, InboundSms, Officer, SurveyRecipient
from store.upsert import insert_missing

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=1)  # the webhook's own try comes first
MAX_TRIES = 10  # then the message stays stored, marked handled, for the desk to read


@dataclass(frozen=True)
class IncomingSms:
    """Africa's Talking's incoming-message callback, already checked."""

    provider_id: str
    phone: str  # E.164
    shortcode: str
    text: str
    link_id: str | None
    network_code: str | None
    sent_at: datetime | None


def receive_sms(gateway: Gateway, message: IncomingSms, now: datetime) -> bool:
    """Store one incoming SMS, then act on it; False when it was a repeat (nothing done).

    Only a failure to store raises (Africa's Talking then retries). A failure in acting is
    logged and left to `handle_waiting_sms`: the message is safe.
    """
    gateway.refresh_calendar()
    with gateway.sessions.begin() as session:
        stored = insert_missing(
            session,
            InboundSms,
            provider_id=message.provider_id,
            phone=message.phone,
            shortcode=message.shortcode,
            text=without_pins(message.text),
            link_id=message.link_id,
            network_code=message.network_code,
            sent_at=message.sent_at,
            received_at=now,
            command="pending",
            replied=False,
            failures=0,
        )
    if not stored:
        return False
    try:
        _handle(gateway, message.provider_id, message.text, now)
    except Exception:
        log.exception("sms incoming id=%s stored, acting on it failed", message.provider_id)
        _count_failure(gateway, message.provider_id, now)
    return True


def handle_waiting_sms(gateway: Gateway, now: datetime) -> int:
    """Act on stored messages that acting failed on before; how many were handled now."""
    gateway.refresh_calendar()
    with gateway.reads() as session:
        waiting = session.execute(
            select(InboundSms.provider_id, InboundSms.text)
            .where(InboundSms.handled_at.is_(None), InboundSms.received_at <= now - RETRY_AFTER)
            .order_by(InboundSms.id)
            .limit(100)
        ).all()
    handled = 0
    for provider_id, stored_text in waiting:
        try:
            handled += _handle(gateway, provider_id, stored_text, now, retry=True)
        except Exception:
            log.exception("sms incoming id=%s: acting failed again", provider_id)
            _count_failure(gateway, provider_id, now)
    return handled


def _handle(
    gateway: Gateway, provider_id: str, message_text: str, now: datetime, retry: bool = False
) -> bool:
    """Act on the stored message once, in one transaction; False if it was handled already."""
    with gateway.sessions.begin() as session:
        inbound = session.scalars(
            select(InboundSms)
            .where(InboundSms.provider_id == provider_id, InboundSms.handled_at.is_(None))
            .with_for_update(skip_locked=retry)
        ).first()
        if inbound is None:
            return False
        officer = officer_by_phone(session, inbound.phone, lock=True)
        command = parse_officer_sms(message_text) if officer else None
        if officer is not None and command is not None:
            _act_for_officer(session, gateway, inbound, officer, command, now, retry)
        else:
            _act(session, gateway, inbound, message_text, parse_sms(message_text), now)
        inbound.handled_at = now
        return True


def _count_failure(gateway: Gateway, provider_id: str, now: datetime) -> None:
    """One more failed try; after MAX_TRIES the message is left for people to read."""
    with gateway.sessions.begin() as session:
        inbound = session.scalar(select(InboundSms).where(InboundSms.provider_id == provider_id))
        if inbound is None or inbound.handled_at is not None:
            return
        inbound.failures += 1
        if inbound.failures >= MAX_TRIES:
            inbound.command = "failed"
            inbound.handled_at = now


def _act_for_officer(
    session: Session,
    gateway: Gateway,
    inbound: InboundSms,
    officer: Officer,
    command: OfficerCommand,
    now: datetime,
    retry: bool,
) -> None:
    """An officer's command: always answered at once (it is their work, not the budget's).

    A retry has only the stored text, whose PIN is gone: it asks the officer to send again
    rather than guessing, and never counts a missing PIN as a wrong one.
    """
    inbound.command = "officer"
    inbound.replied = True
    if retry:
        reply = notices.officer_refusal(officer.language, "try_again", command.reference)
    else:
        reply = answer_officer(session, gateway, officer, command, now)
    queue_sms(
        session, phone=inbound.phone, text=reply, purpose=f"officer_{command.action}", now=now
    )


def _act(
    session: Session,
    gateway: Gateway,
    inbound: InboundSms,
    message_text: str,
    command: SmsCommand,
    now: datetime,
) -> None:
    """A citizen's message: acted on always; answered within the phone's daily allowance."""
    inbound.command = command.command
    # The phone's row is locked while its allowance is counted and spent, so messages arriving
    # together from one phone are counted one after another.
    phone = lock_phone(session, inbound.phone, now)
    # A 406 phone cannot receive a reply and a phone over its allowance gets none; either way
    # the message is kept and acted on.
    replying = not phone.sms_blocked and may_reply(session, inbound.phone, command.command, now)
    reply = _reply(session, gateway, inbound, message_text, command, now, replying)
    inbound.replied = replying
    if reply is None or not replying:
        return
    queue_sms(
        session,
        phone=inbound.phone,
        text=reply,
        purpose=f"reply_{command.command}",
        now=now,
        complaint_id=inbound.complaint_id,
    )


def _reply(
    session: Session,
    gateway: Gateway,
    inbound: InboundSms,
    message_text: str,
    command: SmsCommand,
    now: datetime,
    replying: bool,
) -> str | None:
    """What to answer (None when the reply is the acknowledgement file_item queues itself)."""
    language, council = command.language, gateway.charter.short_name
    if command.command == "satisfaction":
        # "1"/"2" answers the latest question we asked this phone: are you satisfied, or
        # (charter review) do our standards meet your needs.
        resolved = _awaiting_satisfaction(session, inbound.phone)
        survey = _awaiting_survey(session, inbound.phone, now)
        if survey is not None and (resolved is None or survey.asked_at > _asked(resolved)):
            survey.answer, survey.answered_at = command.text, now
            return text(language, "sms_survey_thanks", council=council)
        if resolved is not None:
            inbound.complaint_id = resolved.id
            citizen_satisfaction(session, gateway, resolved, command.text == "1", now)
            return None
        command = SmsCommand("help", language)
        inbound.command = "help"
    if command.command == "help":
        if parse_officer_sms(message_text) is not None:  # an officer's keyword, unknown phone
            return notices.officer_refusal(language, "unknown_phone")
        return text(language, "sms_help", council=council)
    if command.problem == "bad_reference":
        return text(language, "sms_bad_reference", council=council)
    if command.problem == "too_short":
        return text(language, f"sms_usage_{command.command}", council=council)
    if command.command in ("complaint", "feedback"):
        if filed_today(session, inbound.phone, now) >= FILINGS_PER_DAY:
            return text(language, "sms_filed_limit", council=council)
        filed = file_item(
            session,
            gateway,
            NewItem(
                kind="lalamiko" if command.command == "complaint" else "mapendekezo",
                department=None,  # the complaints desk routes what arrives by SMS
                ward=None,
                description=command.text,
                citizen_name=None,
                anonymous=False,
                language=language,
                channel="sms",
                phone=inbound.phone,
            ),
            now,
            sms_blocked=not replying,
        )
        inbound.complaint_id = filed.id
        return None
    complaint = _own_complaint(session, command.reference, inbound.phone)
    if complaint is None:
        return text(language, "sms_not_found", council=council, reference=command.reference)
    inbound.complaint_id = complaint.id
    if command.command == "answer":
        citizen_answers(session, gateway, complaint, command.text, now)
        return None
    if command.command == "appeal" and appealable(complaint, now):
        open_appeal(session, gateway, complaint, command.text, "sms", now)
        return None
    # A status query, or an appeal before the item was answered or its deadline passed: the
    # status (with its date) is the useful answer.
    return status_sms(gateway, complaint, language)


SURVEY_ANSWER_WINDOW = timedelta(days=30)  # a "1" weeks after a survey is not its answer


def _awaiting_survey(session: Session, phone: str, now: datetime) -> SurveyRecipient | None:
    """The phone's latest unanswered charter-review survey question, if recent."""
    return session.scalar(
        select(SurveyRecipient)
        .where(
            SurveyRecipient.phone == phone,
            SurveyRecipient.answer.is_(None),
            SurveyRecipient.asked_at > now - SURVEY_ANSWER_WINDOW,
        )
        .order_by(SurveyRecipient.asked_at.desc())
        .limit(1)
    )


def _asked(complaint: Complaint) -> datetime:
    """When the satisfaction question went out: at resolution."""
    return complaint.resolved_at or complaint.received_at


def _awaiting_satisfaction(session: Session, phone: str) -> Complaint | None:
    """The phone's most recently resolved item that has no satisfaction answer yet."""
    return session.scalar(
        select(Complaint)
        .where(
            Complaint.phone == phone,
            Complaint.status == RESOLVED,
            Complaint.satisfied.is_(None),
        )
        .order_by(Complaint.resolved_at.desc())
        .limit(1)
    )


def status_sms(gateway: Gateway, complaint: Complaint, language: str) -> str:
    """The answer to HALI/STATUS: status, department and due date of the citizen's own item."""
    department = department_name(gateway, complaint.department) or text(language, "sms_desk")
    due = local_date(complaint.answer_due_at)
    return text(
        language,
        "sms_status",
        council=gateway.charter.short_name,
        reference=complaint.reference,
        status=text(language, f"status_{complaint.status}"),
        department=department,
        due=format_date(due) if due else "-",
    )


def _own_complaint(session: Session, reference: str | None, phone: str) -> Complaint | None:
    """The item with this reference, only if this phone filed it (never someone else's)."""
    return session.scalar(
        select(Complaint).where(Complaint.reference == reference, Complaint.phone == phone)
    )
