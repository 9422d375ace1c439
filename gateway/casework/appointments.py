"""Appointments (miadi): an officer sets the date and time, the citizen is reminded the working
day before, and may cancel.

An appointment is an item of the charter's appointment kind: filed like any other (a reference,
the charter's confirmation standard as its deadline, reminders and escalation while it waits).
Setting a date and time answers it (`resolved`, with the working days it took), so the report
measures the confirmation standard like any other; setting another later moves it. The reminder
is a due-time column (`appointment_remind_at`, indexed) the scheduler asks about.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.calendar import EAT
from gateway.casework.routing import department_head
from gateway.lifecycle.answering import mark_answered
from gateway.lifecycle.dues import schedule_next_alarm
from gateway.lifecycle.events import record
from gateway.lifecycle.pauses import resume_clock
from gateway.lifecycle.statuses import CLOSED, RESOLVED, WAITING, WORKING
from gateway.messaging.notify import department_name, tell_citizen, tell_officer
from gateway.runtime import Gateway
from store.models import Complaint, Officer
from words import notices

log = logging.getLogger(__name__)

APPOINTMENT = "miadi"  # the charter's kind slug for an appointment
_WHEN = re.compile(r"(\d{1,2})/(\d{1,2}) (\d{1,2})[:.](\d{2})")


class BadAppointment(Exception):
    """The date and time cannot be set; `reason` is a refusal key the officer is told."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def appointment_moment(gateway: Gateway, when: str, now: datetime) -> datetime:
    """The moment "dd/mm hh:mm" names: the next such date from today, in office hours on a
    working day, still to come; BadAppointment otherwise."""
    match = _WHEN.fullmatch(" ".join(when.split()))
    if match is None:
        raise BadAppointment("usage_appoint")
    day, month, hours, minutes = (int(group) for group in match.groups())
    today = now.astimezone(EAT).date()
    try:
        chosen = date(today.year, month, day)
        if chosen < today:
            chosen = date(today.year + 1, month, day)
        at = time(hours, minutes)
    except ValueError as error:
        raise BadAppointment("usage_appoint") from error
    charter = gateway.charter
    if not gateway.calendar.is_working_day(chosen):
        raise BadAppointment("not_working_day")
    if not charter.office_open <= at < charter.office_close:
        raise BadAppointment("outside_hours")
    moment = datetime.combine(chosen, at, tzinfo=EAT)
    if moment <= now:
        raise BadAppointment("past")
    return moment


SLOT_MINUTES = 30  # the console's picker offers office hours in half hours
PICKER_DAYS = 10  # ... on the next ten working days


def appointment_choices(gateway: Gateway, now: datetime) -> tuple[list[date], list[time]]:
    """What the console's picker offers: the next PICKER_DAYS working days (today too while
    office hours remain), and the office hours' times every SLOT_MINUTES; each one a moment
    `appointment_moment` accepts (on today, a time already past is refused as past)."""
    charter = gateway.charter
    local = now.astimezone(EAT)
    day = local.date() if local.time() < charter.office_close else local.date() + timedelta(1)
    days: list[date] = []
    while len(days) < PICKER_DAYS:
        if gateway.calendar.is_working_day(day):
            days.append(day)
        day += timedelta(1)
    times: list[time] = []
    moment = datetime.combine(local.date(), charter.office_open)
    while moment.time() < charter.office_close and moment.date() == local.date():
        times.append(moment.time())
        moment += timedelta(minutes=SLOT_MINUTES)
    return days, times


def set_appointment(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    when: str,
    now: datetime,
) -> str:
    """Set (or move) the appointment's date and time; the detail for the officer's confirmation.

    The item's row is locked first, so two officers confirming at once are taken one after the
    other: the second, finding the same date and time set, changes nothing and sends nothing.
    """
    if complaint.kind != APPOINTMENT:
        raise BadAppointment("not_appointment")
    moment = appointment_moment(gateway, when, now)
    session.refresh(complaint, with_for_update={"key_share": True})
    if complaint.status not in (*WORKING, RESOLVED):
        raise BadAppointment("not_open")
    shown = f"{moment:%d/%m/%Y %H:%M}"
    if complaint.appointment_at == moment:
        return shown  # already set so: one confirmation, one SMS
    first = complaint.appointment_at is None
    complaint.appointment_at = moment
    complaint.appointment_remind_at = _reminder_time(gateway, moment, now)
    if complaint.status != RESOLVED:  # answered: the confirmation standard is met or missed now
        if complaint.status == WAITING:
            resume_clock(gateway, complaint, now)
        mark_answered(gateway, officer, complaint, now)
    schedule_next_alarm(gateway, complaint)  # answered: no clock
    preferred = (complaint.preferred_days or "").split()
    proposed = moment.date().isoformat() not in preferred
    record(
        session,
        complaint.id,
        "appointment_set" if first else "appointment_moved",
        now,
        f"officer:{officer.id}",
        at=moment.isoformat(),
        proposed=proposed,
    )
    tell_citizen(
        session,
        gateway,
        complaint,
        appointment_sms(
            gateway, complaint, "proposed" if proposed else ("set" if first else "moved")
        ),
        "appointment_set",
        now,
    )
    booked = _booked(session, complaint)
    if booked is not None and booked.id != officer.id:  # the head the citizen asked for, say
        tell_officer(
            session,
            gateway,
            booked,
            notices.officer_appointment_booked(
                booked.language, gateway.charter.short_name, complaint.reference, moment
            ),
            "officer_appointment_booked",
            now,
            complaint,
        )
    return shown


def appointment_sms(gateway: Gateway, complaint: Complaint, how: str) -> str:
    """The citizen's SMS of their appointment: set, moved, proposed, a reminder, or as HALI
    tells it ("set"): whom, the day, the time the Swahili way, the place."""
    language = complaint.language
    if complaint.appointment_at is None:
        raise ValueError(f"no appointment is set on {complaint.reference}")
    whom = notices.who_acted(
        language,
        "head" if complaint.appointment_with == "head" else "officer",
        department_name(gateway, complaint.department),
    )
    council, reference = gateway.charter.short_name, complaint.reference
    place = gateway.charter.contacts.office
    if how == "reminder":
        return notices.citizen_appointment_reminder(
            language, council, reference, whom, complaint.appointment_at, place
        )
    return notices.citizen_appointment(
        language, council, reference, whom, complaint.appointment_at, how, place
    )


def _booked(session: Session, complaint: Complaint) -> Officer | None:
    """Whom the citizen asked to meet: the head of the department, or the item's officer."""
    if complaint.appointment_with == "head":
        return department_head(session, complaint.department)
    return session.get(Officer, complaint.officer_id) if complaint.officer_id else None


def cancel_appointment(
    session: Session, gateway: Gateway, complaint: Complaint, now: datetime
) -> str:
    """The citizen cancels: closed, no reminder, the officer told; the citizen's reply SMS."""
    language, council = complaint.language, gateway.charter.short_name
    session.refresh(complaint, with_for_update={"key_share": True})
    if complaint.kind != APPOINTMENT or complaint.status not in (*WORKING, RESOLVED):
        return notices.citizen_cancel_refused(language, council, complaint.reference)
    complaint.status = CLOSED
    complaint.appointment_remind_at = None
    schedule_next_alarm(gateway, complaint)  # closed: no clock
    record(session, complaint.id, "appointment_cancelled", now, "citizen")
    officer = session.get(Officer, complaint.officer_id) if complaint.officer_id else None
    if officer is not None:
        tell_officer(
            session,
            gateway,
            officer,
            notices.officer_appointment_cancelled(
                officer.language, council, complaint.reference, complaint.appointment_at
            ),
            "officer_appointment_cancelled",
            now,
            complaint,
        )
    return notices.citizen_appointment_cancelled(language, council, complaint.reference)


def remind_appointments(gateway: Gateway, now: datetime, batch: int = 200) -> int:
    """Remind every citizen whose appointment is the next working day; return how many."""
    sent = 0
    with gateway.sessions.begin() as session:
        due = session.scalars(
            select(Complaint)
            .where(Complaint.appointment_remind_at <= now)
            .order_by(Complaint.appointment_remind_at)
            .limit(batch)
            .with_for_update(skip_locked=True, key_share=True)
        ).all()
        for complaint in due:
            complaint.appointment_remind_at = None
            if complaint.status != RESOLVED or complaint.appointment_at is None:
                continue
            record(session, complaint.id, "appointment_reminded", now, "gateway")
            reminder = appointment_sms(gateway, complaint, "reminder")
            tell_citizen(session, gateway, complaint, reminder, "appointment_reminder", now)
            sent += 1
    if sent:
        log.info("appointment reminders sent: %d", sent)
    return sent


def _reminder_time(gateway: Gateway, moment: datetime, now: datetime) -> datetime | None:
    """Office opening of the working day before the appointment; None when that has passed
    (an appointment set for tomorrow: the confirmation is the reminder)."""
    calendar, day = gateway.calendar, moment.astimezone(EAT).date() - timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    remind = datetime.combine(day, gateway.charter.office_open, tzinfo=EAT)
    return remind if remind > now else None
