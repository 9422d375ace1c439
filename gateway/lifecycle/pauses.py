"""The charter's clock paused (waiting on the citizen, or referred outside the council) and
running again: the deadline moves on by the working time the item was paused."""

from __future__ import annotations

from datetime import datetime, timedelta

from charter.clock import WAIT_ORDER, working_time_between
from gateway.lifecycle.dues import set_due_dates
from gateway.lifecycle.statuses import ACKNOWLEDGED, RECEIVED
from gateway.runtime import Gateway
from store.models import Complaint


def resume_clock(gateway: Gateway, complaint: Complaint, now: datetime) -> None:
    """The clock runs again: the time paused is added to the item's facts and its dates set
    from them (the charter's one rule), and the next wait gets a clock of its own."""
    if complaint.paused_at is not None:
        paused = working_time_between(gateway.calendar, complaint.paused_at, now)
        complaint.paused_seconds += int(paused / timedelta(seconds=1))
        complaint.paused_at = None
        set_due_dates(gateway, complaint)
    complaint.alarms_done = " ".join(
        kind for kind in complaint.alarms_done.split() if kind not in WAIT_ORDER
    )
    complaint.status = ACKNOWLEDGED if complaint.acknowledged_at else RECEIVED
