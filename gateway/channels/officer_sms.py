"""An officer's SMS command from a registered phone: PIN first, then the same action the
console takes, then a confirmation (or a short refusal that changed nothing)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.casework.actions import Refused, act
from gateway.casework.routing import the_desk
from gateway.channels.officer_reading import list_items, read_item
from gateway.messaging.notify import tell_officer
from gateway.people.officers import MAX_WRONG_PINS, check_pin
from gateway.runtime import Gateway
from menus.officer_commands import OfficerCommand
from store.models import Complaint, Officer
from words import notices

log = logging.getLogger(__name__)


def _tell_the_desk_of_the_lock(
    session: Session, gateway: Gateway, officer: Officer, for_good: bool, now: datetime
) -> None:
    """A second lock in a row (or the last): someone may be guessing; the desk should talk to
    the officer, and only the desk lifts the last lock."""
    desk = the_desk(session)
    if desk is None or desk.id == officer.id:
        return
    tries = MAX_WRONG_PINS * officer.pin_locks
    told = notices.officer_pin_locked(
        desk.language, gateway.charter.short_name, officer.name, officer.phone, tries, for_good
    )
    tell_officer(session, gateway, desk, told, "officer_pin_locked", now)


def answer_officer(
    session: Session, gateway: Gateway, officer: Officer, command: OfficerCommand, now: datetime
) -> str | None:
    """Carry out the command and return the SMS that answers the officer (None: no answer,
    for a guess while the phone is locked: the officer was told of the lock once)."""
    language = officer.language
    if command.problem is not None:
        _log(officer, command, "usage")
        slugs = ", ".join(i.slug for i in gateway.charter.institutions)
        return notices.officer_refusal(language, "usage", command.reference, command.action, slugs)
    refusal = check_pin(officer, command.pin, now)
    if refusal is not None:
        _log(officer, command, refusal)
    if refusal == "still_locked":
        return None
    if refusal in ("locked_hours", "locked_desk"):
        _tell_the_desk_of_the_lock(session, gateway, officer, refusal == "locked_desk", now)
    if refusal is not None:
        return notices.officer_refusal(language, refusal, command.reference)
    if command.action == "list":
        _log(officer, command, "done")
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
        _log(officer, command, "not_found")
        return notices.officer_refusal(language, "not_found", command.reference)
    try:
        if command.action == "read":
            _log(officer, command, "done")
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
        _log(officer, command, refused.reason)
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
    _log(officer, command, "done")
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


def _log(officer: Officer, command: OfficerCommand, outcome: str) -> None:
    """One line per officer's SMS command: who (their number in the table), what, on which
    item, and how it ended (done, or the refusal: a wrong PIN, not allowed, ...). Never the PIN
    or the words."""
    log.info(
        "officer sms officer=%d action=%s item=%s outcome=%s",
        officer.id,
        command.action,
        command.reference or "-",
        outcome,
    )
