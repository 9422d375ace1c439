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

from gateway.casework.actions import citizen_answers
from gateway.casework.appeals import open_appeal, why_no_appeal
from gateway.casework.appointments import appointment_sms, cancel_appointment
from gateway.casework.intake import NewItem, ShareUsed, acknowledgement, file_item
from gateway.casework.referrals import referred_by
from gateway.casework.satisfaction import (
    appeal_with_reason,
    awaited_reason,
    not_satisfied,
    satisfied,
)
from gateway.channels.officer_sms import answer_officer
from gateway.lifecycle.item_dates import appeal_until, item_dates
from gateway.lifecycle.statuses import REFERRED, RESOLVED, WAITING
from gateway.messaging.notify import department_name, kind_name, local_date
from gateway.messaging.outbox import queue_sms
from gateway.people.officers import officer_by_phone
from gateway.people.quotas import (
    lock_phone,
    may_relay,
    reply_time,
)
from gateway.runtime import Gateway
from menus.officer_commands import OfficerCommand, parse_officer_sms, without_pins
from menus.sms_commands import SmsCommand, parse_sms
from store.models import Complaint, InboundSms, Officer, SurveyRecipient
from store.upsert import insert_missing
from words import notices
from words.catalogue import text

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
        # Anything from an officer's phone (enabled or not) may hold a PIN, however typed.
        officer = session.scalar(select(Officer.id).where(Officer.phone == message.phone))
        stored = insert_missing(
            session,
            InboundSms,
            provider_id=message.provider_id,
            phone=message.phone,
            shortcode=message.shortcode,
            text=without_pins(message.text, from_officer=officer is not None),
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
    reply: str | None
    if retry:
        reply = notices.officer_refusal(officer.language, "try_again", command.reference)
    else:
        reply = answer_officer(session, gateway, officer, command, now)
    inbound.replied = reply is not None
    if reply is not None:
        purpose = f"officer_{command.action}"
        queue_sms(session, phone=inbound.phone, text=reply, purpose=purpose, now=now)


def _act(
    session: Session,
    gateway: Gateway,
    inbound: InboundSms,
    message_text: str,
    command: SmsCommand,
    now: datetime,
) -> None:
    """A citizen's message: acted on at once, answered at once or within the daily allowance."""
    # The phone's row is locked while its allowance is counted and spent, and while the question
    # it may be answering ("why not satisfied?") is read and cleared, so messages arriving
    # together from one phone are taken one after another.
    phone = lock_phone(session, inbound.phone, now)
    asked_why = awaited_reason(session, phone, now)
    if asked_why is not None and command.command == "help":
        # No keyword: the words are the reason the phone was asked for (casework/satisfaction.py).
        command = SmsCommand("reason", asked_why.language, text=" ".join(message_text.split()))
    inbound.command = command.command
    reply = _reply(session, gateway, inbound, message_text, command, now, asked_why)
    # A 406 phone cannot receive a reply; the message is kept and acted on all the same.
    if reply is None or phone.sms_blocked:
        inbound.replied = False
        return
    when = reply_time(session, inbound.phone, inbound.command, now, gateway.charter.office_open)
    if when.limit_notice:
        limit = text(command.language, "sms_limit", council=gateway.charter.short_name)
        queue_sms(session, phone=inbound.phone, text=limit, purpose="reply_limit", now=now)
    inbound.replied, inbound.reply_at = when.at is not None, when.at
    if when.at is not None:
        queue_sms(
            session,
            phone=inbound.phone,
            text=reply,
            purpose=f"reply_{inbound.command}",
            now=now,
            complaint_id=inbound.complaint_id,
            send_at=when.at,
        )


def _reply(
    session: Session,
    gateway: Gateway,
    inbound: InboundSms,
    message_text: str,
    command: SmsCommand,
    now: datetime,
    asked_why: Complaint | None,
) -> str | None:
    """Act on the message; the SMS that answers it (None: nothing to say)."""
    language, council = command.language, gateway.charter.short_name
    if command.command == "reason" and asked_why is not None:
        inbound.complaint_id = asked_why.id
        return appeal_with_reason(session, gateway, asked_why, command.text, now)
    if command.command == "satisfaction":
        answered = _answer_satisfaction(session, gateway, inbound, command, now, asked_why)
        if answered is not None:
            return answered
        command = SmsCommand("help", language)  # nothing was asked: a "1" alone means nothing
        inbound.command = "help"
    if command.command == "help":
        if parse_officer_sms(message_text) is not None:  # an officer's keyword, unknown phone
            return notices.officer_refusal(language, "unknown_phone")
        return text(language, "sms_help", council=council, phone=gateway.charter.contacts.phone)
    if command.command == "rights":
        return text(language, "sms_rights", council=council, phone=gateway.charter.contacts.phone)
    if command.problem == "bad_reference":
        return text(language, "sms_bad_reference", council=council)
    if command.problem in ("too_short", "usage"):
        return text(language, f"sms_usage_{command.command}", council=council)
    if command.command in ("complaint", "feedback"):
        try:
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
                sms_blocked=True,  # the acknowledgement is this message's reply, sent below
                within_share=True,
            )
        except ShareUsed:
            return text(language, "sms_filed_limit", council=council)
        inbound.complaint_id = filed.id
        return acknowledgement(gateway.charter, filed)
    complaint = _own_complaint(session, command.reference, inbound.phone)
    if complaint is None:
        return text(language, "sms_not_found", council=council, reference=command.reference)
    inbound.complaint_id = complaint.id
    if command.command == "cancel":
        return cancel_appointment(session, gateway, complaint, now)
    if command.command == "answer":
        if complaint.status != WAITING:  # no question of the council's waits: counted
            inbound.command = "remark"
        relay = may_relay(session, complaint.id, now)
        citizen_answers(session, gateway, complaint, command.text, now, relay=relay)
        received = "sms_answer_received" if relay else "sms_answer_kept"
        return text(language, received, council=council, reference=complaint.reference)
    if command.command == "appeal":
        if appeal_until(gateway, complaint, now) is None:
            return _why_no_appeal(session, gateway, complaint, language, now)
        open_appeal(session, gateway, complaint, command.text, "sms", now, tell_the_citizen=False)
        return notices.citizen_appeal_opened(
            language, council, complaint.reference, local_date(complaint.appeal_due_at)
        )
    return status_sms(session, gateway, complaint, language, now)


def _answer_satisfaction(
    session: Session,
    gateway: Gateway,
    inbound: InboundSms,
    command: SmsCommand,
    now: datetime,
    asked_why: Complaint | None,
) -> str | None:
    """ "1"/"2" (ndiyo, hapana, yes, no), maybe with a reference: the answer to the latest
    question asked, or about the item named; None when no question waits for it."""
    language, council = command.language, gateway.charter.short_name
    # Only an answer to a question asked is free of the daily allowance; the rest is counted.
    inbound.command = "status"
    if command.problem == "bad_reference":
        return text(language, "sms_bad_reference", council=council)
    if command.reference is not None:
        complaint = _own_complaint(session, command.reference, inbound.phone)
        if complaint is None:
            return text(language, "sms_not_found", council=council, reference=command.reference)
        inbound.complaint_id = complaint.id
        if complaint.status != RESOLVED:  # nothing was asked about it now
            if command.satisfied:
                return status_sms(session, gateway, complaint, language, now)
            return _why_no_appeal(session, gateway, complaint, language, now)
    elif asked_why is not None:
        complaint = asked_why
    else:
        # The latest question this phone was asked: are you satisfied, or (charter review) do
        # our standards meet your needs.
        resolved = _awaiting_satisfaction(session, inbound.phone)
        survey = _awaiting_survey(session, inbound.phone, now)
        if survey is not None and (resolved is None or survey.asked_at > _asked(resolved)):
            survey.answer, survey.answered_at = ("1" if command.satisfied else "2"), now
            inbound.command = "satisfaction"
            return text(language, "sms_survey_thanks", council=council)
        if resolved is None:
            return None
        complaint = resolved
    inbound.complaint_id = complaint.id
    if complaint.satisfied is None or command.satisfied:  # a "2" again is counted like any SMS
        inbound.command = "satisfaction"
    if command.satisfied:
        return satisfied(session, gateway, complaint, now)
    return not_satisfied(session, gateway, complaint, command.text, now)


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


def _why_no_appeal(
    session: Session, gateway: Gateway, complaint: Complaint, language: str, now: datetime
) -> str:
    """Why the item cannot be appealed now; for one referred outside the council, where it went
    (the council owes no answer there is to appeal)."""
    if complaint.status == REFERRED:
        return status_sms(session, gateway, complaint, language, now)
    return why_no_appeal(gateway, complaint, language, now)


def status_sms(
    session: Session, gateway: Gateway, complaint: Complaint, language: str, now: datetime
) -> str:
    """The answer to HALI/STATUS: the item's status with the dates that matter now; for an item
    referred outside the council, where it went and how to reach them; for an appointment still
    to come, its day, time and place."""
    at = complaint.appointment_at
    if complaint.status == RESOLVED and at is not None and at > now:
        return appointment_sms(gateway, complaint, "set")
    institution = gateway.charter.institution(complaint.referred_to or "")
    if complaint.status == REFERRED and institution is not None:
        return notices.citizen_referred(
            language,
            gateway.charter.short_name,
            complaint.kind,
            kind_name(gateway, complaint, language),
            complaint.reference,
            institution.name,
            institution.contact,
            notices.who_acted(language, referred_by(session, complaint), short=True),
        )
    dates = item_dates(gateway, complaint, now)
    return notices.citizen_status(
        language,
        gateway.charter.short_name,
        complaint.kind,
        kind_name(gateway, complaint, language),
        complaint.reference,
        complaint.status,
        department_name(gateway, complaint.department),
        local_date(dates.due),
        dates.due_what,
        local_date(dates.appeal_until),
    )


def _own_complaint(session: Session, reference: str | None, phone: str) -> Complaint | None:
    """The item with this reference, only if this phone filed it (never someone else's)."""
    return session.scalar(
        select(Complaint).where(Complaint.reference == reference, Complaint.phone == phone)
    )
