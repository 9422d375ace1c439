"""An item answered: resolved now, with the working days it took (less the time it waited on
the citizen), and acknowledged by the same act if nobody had acknowledged it yet. One rule for
every way an item is answered: FUNGA, a call-back logged, an appointment set."""

from __future__ import annotations

from datetime import datetime, timedelta

from gateway.lifecycle.statuses import RESOLVED
from gateway.runtime import Gateway
from store.models import Complaint, Officer


def working_days_taken(gateway: Gateway, complaint: Complaint, now: datetime) -> float:
    """Working days since the item arrived, less the time it waited on the citizen."""
    elapsed = gateway.calendar.working_days_between(complaint.received_at, now)
    paused = timedelta(seconds=complaint.paused_seconds) / gateway.calendar.office_day
    return round(max(elapsed - paused, 0.0), 2)


def mark_answered(gateway: Gateway, officer: Officer, complaint: Complaint, now: datetime) -> None:
    """Resolve the item now; an item nobody acknowledged is acknowledged by the same officer."""
    complaint.status = RESOLVED
    complaint.resolved_at = now
    complaint.resolve_days = working_days_taken(gateway, complaint, now)
    if complaint.acknowledged_at is None:
        complaint.acknowledged_at = now
        complaint.acknowledged_role = officer.role
        complaint.acknowledge_days = complaint.resolve_days
