"""A citizen's SMS to the shortcode: stored once by Africa's Talking's id, then acted on.

Everything one message causes (its row, a filed item, the record, the reply in the outbox) is
written in one transaction; a retried callback finds the row and does nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.appeals import appealable, open_appeal
from gateway.casework import citizen_answers, citizen_satisfaction
from gateway.intake import NewItem, file_item
from gateway.notify import department_name, local_date
from gateway.officer_sms import answer_officer
from gateway.officers import officer_by_phone
from gateway.outbox import queue_sms
from gateway.runtime import Gateway
from gateway.statuses import RESOLVED
from menus import notices
from menus.catalogue import format_date, text
from menus.officer_commands import OfficerCommand, parse_officer_sms
from menus.sms_commands import SmsCommand, parse_sms
from store.models import Complaint, InboundSms, Officer, Phone, SurveyRecipient

# Replies cost the council an SMS each: one phone gets at most this many a day, and at most one
# help text a day (a phone stuck in a loop with an auto-responder must not burn the budget).
REPLIES_PER_DAY = 10
HELP_PER_DAY = 1
DAY = timedelta(days=1)


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
    """Store and act on one incoming SMS; False when it was a repeat (nothing done)."""
    gateway.refresh_calendar()
    try:
        with gateway.sessions.begin() as session:
            if _already_stored(session, message.provider_id):
                return False
            officer = officer_by_phone(session, message.phone)
            command = parse_officer_sms(message.text) if officer else None
            if officer is not None and command is not None:
                _act_for_officer(session, gateway, message, officer, command, now)
            else:
                _act(session, gateway, message, parse_sms(message.text), now)
            return True
    except IntegrityError:
        # A concurrent retry of the same callback stored it first.
        with gateway.sessions() as session:
            if _already_stored(session, message.provider_id):
                return False
        raise


def _already_stored(session: Session, provider_id: str) -> bool:
    found = session.scalar(select(InboundSms.id).where(InboundSms.provider_id == provider_id))
    return found is not None


def _stored(message: IncomingSms, command: str, now: datetime) -> InboundSms:
    return InboundSms(
        provider_id=message.provider_id,
        phone=message.phone,
        shortcode=message.shortcode,
        text=message.text,
        link_id=message.link_id,
        network_code=message.network_code,
        sent_at=message.sent_at,
        received_at=now,
        command=command,
        replied=False,
    )


def _act_for_officer(
    session: Session,
    gateway: Gateway,
    message: IncomingSms,
    officer: Officer,
    command: OfficerCommand,
    now: datetime,
) -> None:
    """An officer's command: always answered at once (it is their work, not the budget's)."""
    inbound = _stored(message, "officer", now)
    inbound.replied = True
    session.add(inbound)
    reply = answer_officer(session, gateway, officer, command, now)
    queue_sms(
        session, phone=message.phone, text=reply, purpose=f"officer_{command.action}", now=now
    )


def _act(
    session: Session, gateway: Gateway, message: IncomingSms, command: SmsCommand, now: datetime
) -> None:
    inbound = _stored(message, command.command, now)
    session.add(inbound)
    # A 406 phone cannot receive a reply and a phone over its budget gets none; either way the
    # message is kept and acted on.
    may_reply = not _sms_blocked(session, message.phone) and _may_reply(
        session, message.phone, command, now
    )
    reply = _reply(session, gateway, message, command, inbound, now, may_reply)
    inbound.replied = may_reply
    if reply is None or not may_reply:
        return
    queue_sms(
        session,
        phone=message.phone,
        text=reply,
        purpose=f"reply_{command.command}",
        now=now,
        complaint_id=inbound.complaint_id,
    )


def _reply(
    session: Session,
    gateway: Gateway,
    message: IncomingSms,
    command: SmsCommand,
    inbound: InboundSms,
    now: datetime,
    may_reply: bool,
) -> str | None:
    """What to answer (None when the reply is the acknowledgement file_item queues itself)."""
    language, council = command.language, gateway.charter.short_name
    if command.command == "satisfaction":
        # "1"/"2" answers the latest question we asked this phone: are you satisfied, or
        # (charter review) do our standards meet your needs.
        resolved = _awaiting_satisfaction(session, message.phone)
        survey = _awaiting_survey(session, message.phone, now)
        if survey is not None and (resolved is None or survey.asked_at > _asked(resolved)):
            survey.answer, survey.answered_at = command.text, now
            return text(language, "sms_survey_thanks", council=council)
        if resolved is not None:
            inbound.complaint_id = resolved.id
            citizen_satisfaction(session, gateway, resolved, command.text == "1", now)
            return None
        command = SmsCommand("help", language)
    if command.command == "help":
        if parse_officer_sms(message.text) is not None:  # an officer's keyword, unknown phone
            return notices.officer_refusal(language, "unknown_phone")
        return text(language, "sms_help", council=council)
    if command.problem == "bad_reference":
        return text(language, "sms_bad_reference", council=council)
    if command.problem == "too_short":
        return text(language, f"sms_usage_{command.command}", council=council)
    if command.command in ("complaint", "feedback"):
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
                phone=message.phone,
            ),
            now,
            sms_blocked=not may_reply,
        )
        inbound.complaint_id = filed.id
        return None
    complaint = _own_complaint(session, command.reference, message.phone)
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


def _sms_blocked(session: Session, phone: str) -> bool:
    row = session.get(Phone, phone)
    return row is not None and row.sms_blocked_at is not None


def _may_reply(session: Session, phone: str, command: SmsCommand, now: datetime) -> bool:
    """Within the phone's daily reply budget (and its one help text a day)."""
    since = now - DAY
    replied = select(func.count(InboundSms.id)).where(
        InboundSms.phone == phone, InboundSms.replied.is_(True), InboundSms.received_at > since
    )
    if (session.scalar(replied) or 0) >= REPLIES_PER_DAY:
        return False
    if command.command == "help":
        helped = replied.where(InboundSms.command == "help")
        return (session.scalar(helped) or 0) < HELP_PER_DAY
    return True
