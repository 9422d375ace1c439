"""An item's due dates, set from its facts by the charter's one rule (`charter.deadlines`):
when it is filed, when an extension is approved, when a pause ends, when a holiday is added;
and its next alarm, from the dates of the stage it is in (`charter.clock`)."""

from __future__ import annotations

from datetime import timedelta

from charter.clock import (
    Alarm,
    acknowledge_alarms,
    alarms,
    appeal_alarms,
    carry_out_alarms,
    first_due,
    wait_alarms,
)
from charter.deadlines import ItemDue, ItemFacts, item_due, wait_reminder, wait_until
from gateway.lifecycle.statuses import APPEAL_DECIDED, APPEALED, CLOCK_RUNNING, WAITING
from gateway.runtime import Gateway
from store.models import Complaint


def facts_of(complaint: Complaint) -> ItemFacts:
    """The facts of a stored (or about to be stored) item that its dates depend on."""
    return ItemFacts(
        kind=complaint.kind,
        department=complaint.filed_department,
        received_at=complaint.received_at,
        service=complaint.service,
        applied_on=complaint.applied_on,
        extension_days=complaint.extension_days or 0,
        paused=timedelta(seconds=complaint.paused_seconds or 0),
    )


def due_dates(gateway: Gateway, complaint: Complaint) -> ItemDue:
    """The item's dates on the calendar as it is now."""
    return item_due(gateway.charter, gateway.calendar, facts_of(complaint))


def set_due_dates(gateway: Gateway, complaint: Complaint) -> ItemDue:
    """Store the item's dates from its facts; the dates, for the caller to compare or tell."""
    due = due_dates(gateway, complaint)
    complaint.acknowledge_due_at = due.acknowledge
    complaint.answer_due_at = due.answer
    complaint.promised_at = due.promised if due.reported_late else None
    return due


def stage_alarms(gateway: Gateway, complaint: Complaint) -> tuple[Alarm, ...]:
    """Every alarm of the item's present stage (or stages: an acknowledgement and an answer
    run side by side), in the charter's order."""
    charter, calendar = gateway.charter, gateway.calendar
    if complaint.status in CLOCK_RUNNING:
        found: list[Alarm] = []
        if complaint.acknowledged_at is None and complaint.acknowledge_due_at is not None:
            found += acknowledge_alarms(
                complaint.received_at, complaint.acknowledge_due_at, calendar
            )
        if complaint.answer_due_at is not None:
            found += alarms(complaint.received_at, complaint.answer_due_at, charter, calendar)
        return tuple(found)
    if complaint.status == WAITING and complaint.paused_at is not None:
        asked = complaint.paused_at
        return wait_alarms(
            wait_reminder(charter, calendar, asked), wait_until(charter, calendar, asked)
        )
    opened, due = complaint.appeal_opened_at, complaint.appeal_due_at
    if complaint.status == APPEALED and opened is not None and due is not None:
        return appeal_alarms(opened, due, calendar)
    decided, due = complaint.appeal_decided_at, complaint.carry_out_due_at
    if complaint.status == APPEAL_DECIDED and decided is not None and due is not None:
        return carry_out_alarms(decided, due, calendar)
    return ()


def schedule_next_alarm(gateway: Gateway, complaint: Complaint) -> None:
    """Set the item's next alarm from its stage's dates and the alarms already sent."""
    alarm = first_due(stage_alarms(gateway, complaint), complaint.alarms_done.split())
    complaint.next_alarm_at = alarm.at if alarm else None
    complaint.next_alarm = alarm.kind if alarm else None
