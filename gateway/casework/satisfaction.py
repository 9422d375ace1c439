"""The citizen's answer to "Umeridhika?" after an item is resolved, by SMS.

"1" (ndiyo, yes) closes the item, and with it the right to appeal. "2" (hapana, no) asks the
citizen why, in one SMS, because the DED must read their reason to decide: the phone's next
message is the reason and opens the appeal with it. The question waits on the phone's row
(`Phone.awaiting_reason_for/_until`), written under the phone's lock, so it survives restarts
and races; when the wait ends unanswered the scheduler opens the appeal without a reason
(`appeal_unexplained`), since "2" already said the citizen wants one. A "2" followed by words
("2 maji bado hayatoki", at least as long as RUFAA's reason) gives its reason at once.

While the question waits (channels/sms_inbox.py reads it): a message that is not a keyword is
the reason; "1" means the citizen changed their mind; a bare "2" asks again; a keyword (HALI,
LALAMIKO, RUFAA, JIBU, MAONI) is that command and the question keeps waiting. An appeal opened
another way (RUFAA, USSD) or the item leaving "resolved" ends the wait.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.casework.appeals import open_appeal, why_no_appeal
from gateway.lifecycle.events import record
from gateway.lifecycle.item_dates import appeal_until
from gateway.lifecycle.statuses import CLOSED, RESOLVED
from gateway.messaging.notify import local_date
from gateway.people.quotas import LockedPhone
from gateway.runtime import Gateway
from menus.sms_commands import MIN_TEXT
from store.models import Complaint, Phone
from words import notices

log = logging.getLogger(__name__)

REASON_WAIT = timedelta(hours=24)  # a day: a farmer reads the SMS in the evening, answers later
NO_REASON = "Mwananchi hajaridhika; hakueleza sababu ndani ya saa 24"


def satisfied(session: Session, gateway: Gateway, complaint: Complaint, now: datetime) -> str:
    """A "1": the item closes, and with it the right to appeal; the thanks to send."""
    complaint.satisfied = True
    complaint.status = CLOSED
    record(session, complaint.id, "satisfaction", now, "citizen", satisfied=True)
    _stop_waiting(session, complaint)
    return notices.citizen_satisfied(
        complaint.language, gateway.charter.short_name, complaint.reference
    )


def not_satisfied(
    session: Session, gateway: Gateway, complaint: Complaint, reason: str, now: datetime
) -> str:
    """A "2": the appeal opens with the words after it, or without a reason ("2", "hapana asante")
    the phone is asked why; the reply."""
    complaint.satisfied = False
    record(session, complaint.id, "satisfaction", now, "citizen", satisfied=False)
    if appeal_until(gateway, complaint, now) is None:
        return why_no_appeal(gateway, complaint, complaint.language, now)
    if len(reason) >= MIN_TEXT:
        return appeal_with_reason(session, gateway, complaint, reason, now)
    session.execute(
        update(Phone)
        .where(Phone.number == complaint.phone)
        .values(awaiting_reason_for=complaint.id, awaiting_reason_until=now + REASON_WAIT)
    )
    return notices.citizen_ask_why(
        complaint.language,
        gateway.charter.short_name,
        complaint.reference,
        int(REASON_WAIT / timedelta(hours=1)),
    )


def appeal_with_reason(
    session: Session, gateway: Gateway, complaint: Complaint, reason: str, now: datetime
) -> str:
    """The citizen's reason: the appeal opens with it; the reply that says so."""
    open_appeal(session, gateway, complaint, reason, "sms", now, tell_the_citizen=False)
    _stop_waiting(session, complaint)
    return notices.citizen_appeal_opened(
        complaint.language,
        gateway.charter.short_name,
        complaint.reference,
        local_date(complaint.appeal_due_at),
    )


def awaited_reason(session: Session, phone: LockedPhone, now: datetime) -> Complaint | None:
    """The item the phone's next message is the reason for, while that question still waits."""
    until = phone.awaiting_reason_until
    if phone.awaiting_reason_for is None or until is None or until <= now:
        return None
    complaint = session.get(Complaint, phone.awaiting_reason_for)
    return complaint if complaint is not None and complaint.status == RESOLVED else None


def appeal_unexplained(gateway: Gateway, now: datetime, batch: int = 100) -> int:
    """Open the appeals whose citizen did not say why within the wait; how many opened.

    Each phone's row is locked (and skipped by another scheduler holding it), and the wait is
    cleared in the same transaction as the appeal, so an appeal opens once however many
    schedulers run, and never after the citizen's reason already opened it.
    """
    opened = 0
    with gateway.sessions.begin() as session:
        phones = session.scalars(
            select(Phone)
            .where(Phone.awaiting_reason_until <= now)
            .order_by(Phone.awaiting_reason_until)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).all()
        for phone in phones:
            complaint = session.get(Complaint, phone.awaiting_reason_for)
            phone.awaiting_reason_for = phone.awaiting_reason_until = None
            if complaint is not None and complaint.status == RESOLVED:
                open_appeal(session, gateway, complaint, NO_REASON, "gateway", now)
                opened += 1
    if opened:
        log.info("appeals opened without a reason after the wait: %d", opened)
    return opened


def _stop_waiting(session: Session, complaint: Complaint) -> None:
    """The phone's question about this item is answered: its next message is its own again."""
    session.execute(
        update(Phone)
        .where(Phone.number == complaint.phone, Phone.awaiting_reason_for == complaint.id)
        .values(awaiting_reason_for=None, awaiting_reason_until=None)
    )
