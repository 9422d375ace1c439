"""An officer's SMS command from a registered phone: PIN first, then the same action the
console takes, then a confirmation (or a short refusal that changed nothing)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.casework.actions import Refused, act
from gateway.channels.officer_reading import list_items, read_item
from gateway.people.officers import check_pin
from gateway.runtime import Gateway
from menus.officer_commands import OfficerCommand
from store.models import Complaint, Officer
from words import notices


def answer_officer(
    session: Session, gateway: Gateway, officer: Officer, command: OfficerCommand, now: datetime
) -> str:
    """Carry out the command and return the SMS that answers the officer."""
    language = officer.language
    if command.problem is not None:
        slugs = ", ".join(i.slug for i in gateway.charter.institutions)
        return notices.officer_refusal(language, "usage", command.reference, command.action, slugs)
    refusal = check_pin(officer, command.pin, now)
    if refusal is not None:
        return notices.officer_refusal(language, refusal, command.reference)
    if command.action == "list":
        return list_items(session, gateway, officer, now)
    # The item's row is locked while the officer acts on it: two officers acting at once (a
    # referral and an acknowledgement) are taken one after the other, the second seeing the first.
    complaint = session.scalar(
        select(Complaint)
        .where(Complaint.reference == command.reference)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    if complaint is None:
        return notices.officer_refusal(language, "not_found", command.reference)
    try:
        if command.action == "read":
            return read_item(session, gateway, officer, complaint, now)
        done = act(
            session,
            gateway,
            officer,
            complaint,
            command.action,
            now,
            text=command.text,
            department=command.department,
            days=command.days,
            institution=command.institution,
            citizen_words=command.citizen_words,
        )
    except Refused as refused:
        slugs = ", ".join(i.slug for i in gateway.charter.institutions)
        return notices.officer_refusal(
            language,
            refused.reason,
            command.reference,
            command.action,
            slugs,
            over=refused.over,
            parts=gateway.charter.sms_max_parts,
        )
    later = done.citizen_at if done.citizen_at is not None and done.citizen_at > now else None
    return notices.officer_done(
        language,
        command.action,
        complaint.reference,
        done.detail,
        done.parts,
        later,
        done.outcome,
    )
