"""The charter's clock paused (waiting on the citizen, or referred outside the council) and
running again: the deadline moves on by the working time the item was paused."""

from __future__ import annotations

from datetime import datetime, timedelta

from charter.clock import resume, working_time_between
from gateway.lifecycle.statuses import ACKNOWLEDGED, RECEIVED
from gateway.runtime import Gateway
from store.models import Complaint


def resume_clock(gateway: Gateway, complaint: Complaint, now: datetime) -> None:
    """Move the deadline on by the working time the item spent paused; the clock runs again."""
    if complaint.paused_at is not None:
        paused = working_time_between(gateway.calendar, complaint.paused_at, now)
        complaint.paused_seconds += int(paused / timedelta(seconds=1))
        if complaint.answer_due_at is not None:
            complaint.answer_due_at = resume(
                complaint.answer_due_at, complaint.paused_at, now, gateway.calendar
            )
        complaint.paused_at = None
    complaint.status = ACKNOWLEDGED if complaint.acknowledged_at else RECEIVED
