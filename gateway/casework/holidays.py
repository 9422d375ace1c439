"""Holidays announced late (Eid after the moon is seen, one the President declares): adding one
sets every open item's dates again by the charter's one rule on the new calendar, so each moves
by the working time the holiday takes away (never to another standard); the citizens whose date
moved are told. An official date of a moon feast replaces the calendar's estimate of it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from charter.calendar import EAT, HolidayEntry
from charter.deadlines import appeal_due
from gateway.casework.routing import the_desk
from gateway.lifecycle.dues import schedule_next_alarm, set_due_dates
from gateway.lifecycle.events import record
from gateway.lifecycle.statuses import APPEALED, WORKING
from gateway.messaging.notify import local_date, tell_citizen, tell_officer
from gateway.runtime import Gateway
from store.models import Complaint, Holiday, HolidayWarning
from store.upsert import insert_missing
from words import notices

ESTIMATE_WARNING_DAYS = 60  # how far ahead the desk hears of a moon-dated holiday estimated


class HolidayError(ValueError):
    """A holiday that cannot be added; the message says why."""


def add_holiday(gateway: Gateway, day: date, name: str, now: datetime) -> int:
    """Store the holiday, move open dates, tell citizens; how many items' dates moved."""
    with gateway.sessions.begin() as session:
        if session.scalar(select(Holiday.id).where(Holiday.day == day)) is not None:
            raise HolidayError(f"{day.isoformat()} is already a holiday")
        official = [e for e in gateway.calendar.entries(day.year) if e.source != "calendar"]
        if any(entry.day == day for entry in official):
            raise HolidayError(f"{day.isoformat()} is already a holiday in the charter")
        session.add(Holiday(day=day, name=name.strip()[:64], added_at=now))
    gateway.refresh_calendar(force=True)
    moved = 0
    with gateway.sessions.begin() as session:
        open_items = session.scalars(
            select(Complaint)
            .where(Complaint.status.in_((*WORKING, APPEALED)))
            .with_for_update(key_share=True)
        ).all()
        for complaint in open_items:
            change = _set_again(gateway, complaint)
            if change is None:
                continue
            moved += 1
            old, new = change
            record(
                session,
                complaint.id,
                "deadline_moved",
                now,
                "gateway",
                holiday=name,
                **{"from": _iso(old), "to": _iso(new)},
            )
            if local_date(new) != local_date(old):
                text = notices.citizen_date_moved(
                    complaint.language,
                    gateway.charter.short_name,
                    complaint.reference,
                    local_date(new),
                    name,
                )
                tell_citizen(session, gateway, complaint, text, "date_moved", now)
    return moved


def _set_again(
    gateway: Gateway, complaint: Complaint
) -> tuple[datetime | None, datetime | None] | None:
    """Set the item's dates on the new calendar; (before, after) of the date its citizen was
    told (the answer's, or on appeal the DED's), or None when nothing moved."""
    told = _told(complaint)
    before = (complaint.acknowledge_due_at, complaint.answer_due_at, complaint.appeal_due_at)
    set_due_dates(gateway, complaint)
    if complaint.appeal_opened_at is not None and complaint.status == APPEALED:
        complaint.appeal_due_at = appeal_due(
            gateway.charter, gateway.calendar, complaint.appeal_opened_at
        )
    after = (complaint.acknowledge_due_at, complaint.answer_due_at, complaint.appeal_due_at)
    # paused_seconds is stored to the second: a sub-second difference is no move.
    if all(_same(old, new) for old, new in zip(before, after, strict=True)):
        (complaint.acknowledge_due_at, complaint.answer_due_at, complaint.appeal_due_at) = before
        return None
    schedule_next_alarm(gateway, complaint)
    return told, _told(complaint)


def _told(complaint: Complaint) -> datetime | None:
    return complaint.appeal_due_at if complaint.status == APPEALED else complaint.answer_due_at


def _same(old: datetime | None, new: datetime | None) -> bool:
    if old is None or new is None:
        return old is new
    return abs(new - old) < timedelta(seconds=1)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def holidays_ahead(gateway: Gateway, today: date, days: int) -> list[HolidayEntry]:
    """The public holidays from `today` for `days` days, as the calendar uses them."""
    last = today + timedelta(days=days)
    return [
        entry
        for year in range(today.year, last.year + 1)
        for entry in gateway.calendar.entries(year)
        if today <= entry.day <= last
    ]


def warn_estimated_holidays(gateway: Gateway, now: datetime) -> int:
    """Tell the desk, once a holiday, of each moon-dated holiday in the next 60 days that the
    calendar only estimates (a feast of two days is one holiday): an official date, added,
    moves every deadline it touches. How many holidays the desk was told of."""
    today = now.astimezone(EAT).date()
    feasts: dict[str, list[HolidayEntry]] = {}
    for entry in holidays_ahead(gateway, today, ESTIMATE_WARNING_DAYS):
        if entry.estimated:
            feasts.setdefault(entry.name, []).append(entry)
    warned = 0
    with gateway.sessions.begin() as session:
        desk = the_desk(session) if feasts else None
        for name, days in feasts.items():
            # Two schedulers at once: one inserts the rows, and only it warns.
            new = [
                insert_missing(session, HolidayWarning, day=e.day, name=name[:64], warned_at=now)
                for e in days
            ]
            if not any(new):
                continue
            warned += 1
            if desk is not None:
                text = notices.officer_holiday_estimate(
                    desk.language, gateway.charter.short_name, name, days[0].day
                )
                tell_officer(session, gateway, desk, text, "officer_holiday_estimate", now)
    return warned
