"""When the council owes a response: the charter's standards applied to the working calendar.

One rule for every date. `item_due` computes an item's dates from its facts (what it is, when
it arrived, a key service's day applied, approved extensions, time paused), and everything that
sets or moves a date calls it: filing, the USSD confirm screens, an extension approved, a pause
ended, and a holiday added later (which therefore moves a date only by the working time it
takes away, never to another standard). The other stages have their own: `appeal_due` (the
DED's decision), `wait_until` and `wait_reminder` (the citizen's answer to a question).

Pure functions over a `Charter` and a `WorkingCalendar`; the caller passes timezone-aware
moments and gets back aware UTC datetimes, or None when the charter promises nothing (e.g. a
compliment is acknowledged but not answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from charter.calendar import EAT, WorkingCalendar
from charter.clock import moved
from charter.model import Charter

__all__ = [
    "ItemDue",
    "ItemFacts",
    "acknowledge_due",
    "answer_due",
    "appeal_closes",
    "appeal_due",
    "carry_out_due",
    "item_due",
    "service_promise",
    "wait_reminder",
    "wait_until",
]


@dataclass(frozen=True)
class ItemFacts:
    """What an item's dates are computed from."""

    kind: str
    department: str | None  # the department whose standard the item was filed under
    received_at: datetime
    service: str | None = None  # a key service's delay: the service ...
    applied_on: date | None = None  # ... and the day the citizen applied for it
    extension_days: int = 0  # approved extensions, in working days
    paused: timedelta = timedelta(0)  # working time the clock stood still (ended pauses)


@dataclass(frozen=True)
class ItemDue:
    """An item's dates: when it must be acknowledged and answered, and for a key service's
    delay the day the charter promised the service (counted from the day applied)."""

    acknowledge: datetime | None
    answer: datetime | None
    promised: datetime | None = None
    # A key service reported after its promise had passed: the promise is already missed, and
    # the council's answer is owed from the day it was reported.
    reported_late: bool = False


def item_due(charter: Charter, calendar: WorkingCalendar, facts: ItemFacts) -> ItemDue:
    """Every date of an item from its facts: the one rule intake, the menus, extensions, pauses
    and holidays all use.

    The answer is due by the kind's standard (with the department's override) from receipt; a
    key service's delay by the service's own standard from the day applied, or, reported after
    that promise passed, by the service's standard from the day reported. Then come approved
    extensions and paused working time, which commute (see `charter.clock`).
    """
    acknowledge = acknowledge_due(charter, calendar, facts.kind, facts.received_at)
    promised, late = None, False
    if facts.service is not None and facts.applied_on is not None:
        standard = charter.key_service(facts.service).standard
        promised = service_promise(charter, calendar, facts.service, facts.applied_on)
        late = promised <= facts.received_at
        base: datetime | None = calendar.add(facts.received_at, standard) if late else promised
    else:
        base = answer_due(charter, calendar, facts.kind, facts.department, facts.received_at)
    if base is None:
        return ItemDue(acknowledge, None, promised, late)
    return ItemDue(
        acknowledge, moved(base, facts.extension_days, facts.paused, calendar), promised, late
    )


def service_promise(
    charter: Charter, calendar: WorkingCalendar, service: str, applied_on: date
) -> datetime:
    """When the charter promised a key service: its standard counted from the day applied (from
    that day's office opening, as if the application were filed then)."""
    applied = datetime.combine(applied_on, charter.office_open, tzinfo=EAT)
    return calendar.add(applied, charter.key_service(service).standard)


def acknowledge_due(
    charter: Charter, calendar: WorkingCalendar, kind: str, received_at: datetime
) -> datetime | None:
    """When the responsible officer must acknowledge an item of `kind`; None if no standard."""
    standard = charter.kind(kind).acknowledge
    if standard is None:
        return None
    return calendar.add(received_at, standard)


def answer_due(
    charter: Charter,
    calendar: WorkingCalendar,
    kind: str,
    department: str | None,
    received_at: datetime,
) -> datetime | None:
    """When an item must be answered, with the department's override; None if none is owed."""
    # department is None for an item the desk routes: the kind's own standard applies, and a
    # transfer later keeps the date the citizen was given.
    charter.kind(kind)  # an unknown kind is a bug in the caller: fail loudly with KeyError
    standard = charter.answer_standard(kind, department)
    if standard is None:
        return None
    return calendar.add(received_at, standard)


def appeal_due(charter: Charter, calendar: WorkingCalendar, opened_at: datetime) -> datetime:
    """When the DED must decide an appeal (rufaa) opened at `opened_at`."""
    return calendar.add(opened_at, charter.appeal)


def carry_out_due(charter: Charter, calendar: WorkingCalendar, decided_at: datetime) -> datetime:
    """When the department must report the DED's decision (taken at `decided_at`) carried out."""
    return calendar.add(decided_at, charter.carry_out)


def appeal_closes(charter: Charter, calendar: WorkingCalendar, since: datetime) -> datetime:
    """The last moment a citizen may appeal, counted from the answer or the missed date."""
    return calendar.add(since, charter.appeal_within)


def wait_reminder(charter: Charter, calendar: WorkingCalendar, asked_at: datetime) -> datetime:
    """When a citizen who has not answered an officer's question is reminded of it."""
    return calendar.add(asked_at, charter.waiting.remind_after)


def wait_until(charter: Charter, calendar: WorkingCalendar, asked_at: datetime) -> datetime:
    """When the council stops waiting on the citizen's answer to a question asked then."""
    return calendar.add(asked_at, charter.waiting.wait_for)
