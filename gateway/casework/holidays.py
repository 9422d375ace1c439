"""Holidays announced late (Eid after the moon is seen, one the President declares): adding one
moves every open deadline it touches, and the citizens whose date moved are told."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from charter.clock import recompute_due
from gateway.casework.alarms import schedule_next_alarm
from gateway.lifecycle.events import record
from gateway.lifecycle.statuses import WORKING
from gateway.messaging.notify import local_date, tell_citizen
from gateway.runtime import Gateway
from store.models import Complaint, Holiday
from words import notices


class HolidayError(ValueError):
    """A holiday that cannot be added; the message says why."""


def add_holiday(gateway: Gateway, day: date, name: str, now: datetime) -> int:
    """Store the holiday, move open deadlines, tell citizens; how many deadlines moved."""
    with gateway.sessions.begin() as session:
        if session.scalar(select(Holiday.id).where(Holiday.day == day)) is not None:
            raise HolidayError(f"{day.isoformat()} is already a holiday")
        if gateway.calendar.holiday_name(day):
            raise HolidayError(f"{day.isoformat()} is already a holiday in the charter")
        session.add(Holiday(day=day, name=name.strip()[:64], added_at=now))
    gateway.refresh_calendar(force=True)
    moved = 0
    with gateway.sessions.begin() as session:
        open_items = session.scalars(
            select(Complaint)
            .where(Complaint.status.in_(WORKING), Complaint.answer_due_at.is_not(None))
            .with_for_update()
        ).all()
        for complaint in open_items:
            standard = gateway.charter.answer_standard(complaint.kind, complaint.department)
            if standard is None or complaint.answer_due_at is None:
                continue
            new_due = recompute_due(
                complaint.received_at,
                standard,
                complaint.extension_days,
                timedelta(seconds=complaint.paused_seconds),
                gateway.calendar,
            )
            # paused_seconds is stored to the second: a sub-second difference is no move.
            if abs(new_due - complaint.answer_due_at) < timedelta(seconds=1):
                continue
            moved += 1
            record(
                session,
                complaint.id,
                "deadline_moved",
                now,
                "gateway",
                holiday=name,
                **{"from": complaint.answer_due_at.isoformat(), "to": new_due.isoformat()},
            )
            old_date, complaint.answer_due_at = local_date(complaint.answer_due_at), new_due
            schedule_next_alarm(gateway, complaint)
            if local_date(new_due) != old_date:
                tell_citizen(
                    session,
                    gateway,
                    complaint,
                    notices.citizen_date_moved(
                        complaint.language,
                        gateway.charter.short_name,
                        complaint.reference,
                        local_date(new_due),
                        name,
                    ),
                    "date_moved",
                    now,
                )
    return moved
