"""Appeals (rufaa) to the Mkurugenzi Mtendaji: opened by the citizen or by a breach, decided by
the DED, with their own clock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from charter.deadlines import appeal_due
from gateway.notify import department_name, for_officers, local_date, tell_citizen, tell_officer
from gateway.record import record
from gateway.routing import the_ded
from gateway.runtime import Gateway
from gateway.statuses import APPEAL_DECIDED, APPEALED, CLOSED, RESOLVED, WORKING
from menus import notices
from store.models import Complaint


def appealable(complaint: Complaint, now: datetime) -> bool:
    """A citizen may appeal once the item is resolved, or once its deadline has passed."""
    if complaint.status in (RESOLVED, CLOSED):
        return True
    overdue = complaint.answer_due_at is not None and complaint.answer_due_at < now
    return overdue and complaint.status in WORKING


def open_appeal(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    reason: str,
    actor: str,
    now: datetime,
    tell_the_citizen: bool = True,
) -> None:
    """Open an appeal to the DED: its own deadline, the DED told, the citizen told."""
    complaint.status = APPEALED
    complaint.appeal_opened_at = now
    complaint.appeal_due_at = appeal_due(gateway.charter, gateway.calendar, now)
    complaint.next_alarm_at = None  # the appeal's clock replaces the item's
    complaint.next_alarm = None
    complaint.escalation_level = 2
    record(
        session,
        complaint.id,
        "appeal_opened",
        now,
        actor,
        reason=reason,
        due=complaint.appeal_due_at.isoformat(),
    )
    due = local_date(complaint.appeal_due_at)
    ded = the_ded(session)
    if ded is not None:
        tell_officer(
            session,
            gateway,
            ded,
            notices.officer_appeal_opened(
                ded.language,
                gateway.charter.short_name,
                complaint.reference,
                department_name(gateway, complaint.department) or "-",
                for_officers(complaint, reason),
                due,
            ),
            "officer_appeal_opened",
            now,
            complaint,
        )
    if tell_the_citizen:
        tell_citizen(
            session,
            gateway,
            complaint,
            notices.citizen_appeal_opened(
                complaint.language, gateway.charter.short_name, complaint.reference, due
            ),
            "appeal_opened",
            now,
            reply=actor in ("ussd", "sms"),
        )


def decide_appeal(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    decision: str,
    actor: str,
    now: datetime,
) -> None:
    """Record the DED's decision and tell the citizen, with the route beyond the council."""
    complaint.status = APPEAL_DECIDED
    complaint.appeal_decided_at = now
    record(session, complaint.id, "appeal_decided", now, actor, decision=decision)
    council = gateway.charter.short_name
    for purpose, text in (
        (
            "appeal_decided",
            notices.citizen_appeal_decided(
                complaint.language, council, complaint.reference, decision
            ),
        ),
        (
            "external_route",
            notices.citizen_external_route(complaint.language, council, complaint.reference),
        ),
    ):
        tell_citizen(session, gateway, complaint, text, purpose, now)
