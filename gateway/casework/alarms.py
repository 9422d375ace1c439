"""The charter's clock running: reminders before a deadline, escalation after it.

Each open item carries its next alarm in `next_alarm_at` (indexed); the scheduler asks only
"which alarms are due now?", so a stopped scheduler catches up and nothing is per-item jobs.
Alarms are claimed with row locks that other schedulers skip, and each kind is recorded in
`alarms_done` in the same transaction as the SMS it causes, so none is ever sent twice.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.clock import next_alarm
from gateway.casework.appeals import escalate_to_ded
from gateway.casework.routing import head_of
from gateway.lifecycle.events import record
from gateway.lifecycle.statuses import CLOCK_RUNNING
from gateway.messaging.notify import department_name, local_date, tell_officer
from gateway.runtime import Gateway
from store.models import Complaint, Officer
from words import notices

log = logging.getLogger(__name__)


def schedule_next_alarm(gateway: Gateway, complaint: Complaint) -> None:
    """Set the item's next alarm from its deadline and the alarms already sent."""
    alarm = None
    if complaint.status in CLOCK_RUNNING and complaint.answer_due_at is not None:
        alarm = next_alarm(
            complaint.received_at,
            complaint.answer_due_at,
            complaint.alarms_done.split(),
            gateway.charter,
            gateway.calendar,
        )
    complaint.next_alarm_at = alarm.at if alarm else None
    complaint.next_alarm = alarm.kind if alarm else None


def run_alarms(gateway: Gateway, now: datetime, batch: int = 200) -> int:
    """Fire every alarm that is due now, in batches; return how many fired.

    A scheduler that was down catches up here: an item may have several alarms due at once,
    and a reminder overtaken by a later alarm is recorded as skipped rather than sent late.
    """
    fired = 0
    for _ in range(len(_EVENT) + 1):  # an item has at most one round per kind of alarm
        with gateway.sessions.begin() as session:
            # Asked of the next_alarm_at index alone (a million items, nothing due, must cost
            # nothing); an item whose clock stopped without its alarm cleared is cleared here.
            due = session.scalars(
                select(Complaint)
                .where(Complaint.next_alarm_at <= now)
                .order_by(Complaint.next_alarm_at)
                .limit(batch)
                .with_for_update(skip_locked=True)
            ).all()
            for complaint in due:
                if complaint.status in CLOCK_RUNNING:
                    _fire(session, gateway, complaint, now)
                    fired += 1
                else:
                    complaint.next_alarm_at, complaint.next_alarm = None, None
        if not due:
            break
    if fired:
        log.info("alarms fired: %d", fired)
    return fired


def _fire(session: Session, gateway: Gateway, complaint: Complaint, now: datetime) -> None:
    kind = complaint.next_alarm or ""
    complaint.alarms_done = " ".join([*complaint.alarms_done.split(), kind])
    schedule_next_alarm(gateway, complaint)
    overtaken = (
        kind.startswith("remind")
        and complaint.next_alarm_at is not None
        and complaint.next_alarm_at <= now
    )
    record(session, complaint.id, _EVENT[kind], now, "gateway", alarm=kind, skipped=overtaken)
    if overtaken:
        return
    council, reference = gateway.charter.short_name, complaint.reference
    department = department_name(gateway, complaint.department) or "-"
    due = local_date(complaint.answer_due_at)
    officer = session.get(Officer, complaint.officer_id) if complaint.officer_id else None
    if kind in ("remind_half", "remind_last_day") and officer is not None:
        text = notices.officer_reminder(
            officer.language, council, reference, department, due, kind == "remind_last_day"
        )
        tell_officer(session, gateway, officer, text, f"officer_{kind}", now, complaint)
    elif kind == "escalate_head":
        complaint.escalation_level = max(complaint.escalation_level, 1)
        head = head_of(session, complaint.department)
        if head is not None:
            text = notices.officer_escalation(
                head.language,
                council,
                reference,
                department,
                due,
                officer.name if officer else None,
                "head",
            )
            tell_officer(session, gateway, head, text, "officer_escalation", now, complaint)
    elif kind == "escalate_ded":
        # Still no answer after the head's period: the DED takes it as an appeal (rufaa).
        escalate_to_ded(session, gateway, complaint, now)


_EVENT = {
    "remind_half": "reminded",
    "remind_last_day": "reminded",
    "escalate_head": "escalated",
    "escalate_ded": "escalated",
}
