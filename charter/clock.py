"""The charter's clock for one open item: reminders, escalation, pauses and extensions.

Pure: no clock, no I/O. Every datetime passed in must be timezone-aware (a naive one raises
ValueError); every datetime returned is aware and in UTC. Working time is the calendar's:
office hours on working days, in East Africa Time (see `charter.calendar`).

Working time is measured as a `timedelta` of office time (one working day = one `office_day`,
8 hours for 07:30-15:30). Seen that way the working week is one straight line: nights,
weekends and holidays take no room on it, so office close on one working day and opening on
the next are the same point. Wherever a result lands on such a point, we return the EARLIER
moment (the close), as `WorkingCalendar.add` does for "due at close, not at the next opening".
Because of that one rule, moments computed in different ways compare consistently.

The alarms of an item whose deadline is `due_at` (the issue's "Reminders and escalation"):

* remind_half: to the officer at half the working time from receipt to the deadline (half the
  office hours, not half the calendar days: a weekend in the middle must not pull it forward).
  Left out when there is no working time at all (a deadline at or before receipt): it would
  coincide with the breach.
* remind_last_day: to the officer one office day of working time before the deadline. For the
  usual deadline at close on day N that is close of the working day before day N (the same
  point as opening on day N, see above), so the officer hears "tomorrow is the last day"
  before a holiday or weekend, not on the morning of the last day. Left out when it would not
  fall after remind_half or after receipt: an item with at most about two office days (e.g.
  1 working day, or a few working hours) gets only the half-time reminder.
* escalate_head: at the deadline itself (the breach); the head of department is told.
* escalate_ded: `charter.escalate_to_ded_after` later, by `WorkingCalendar.add` (for 2 working
  days: office close on the 2nd working day after the breach date).

In time order these are always in ALARM_ORDER (ties keep that order), so "the first alarm not
done" is the same whichever order one reads.

Every other stage of an item has a clock of its own, built the same way:

* the acknowledgement (while nobody has acknowledged the item): `ack_remind` to the officer on
  the day it is due (one office day before, or at half the time when it is shorter), and
  `ack_late` when it passes (the head is told);
* the citizen's answer to an officer's question (while the item waits on them): `wait_remind`
  to the citizen, then `wait_over` when the charter's wait ends;
* the DED's appeal: `appeal_remind_half` and `appeal_remind_last_day` to the DED, as the
  officer's reminders, and `appeal_late` when its date passes (the DED and the citizen told);
* the DED's decision, carried out by the department: `carry_out_remind_half` and
  `carry_out_remind_last_day` to its head and officer, and `carry_out_late` when its date
  passes unreported (the DED and the head told).

Each kind has its own name, so an item's `alarms_done` says of every stage what was sent.

Moving a deadline. A pause (waiting on the citizen), an extension and recomputing under a new
calendar all add working time, so they commute: pausing then extending gives the same deadline
as extending then pausing, and as `recompute_due` from scratch. A holiday added later therefore
moves only the deadlines it really touches.

Speed: the calendar caches each year's holidays; these functions walk at most one step per day
crossed, with no parsing, so they are cheap enough to call for every item on a scheduler tick.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from charter.calendar import EAT, WorkingCalendar
from charter.model import Charter

__all__ = [
    "ACK_ORDER",
    "ALARM_ORDER",
    "APPEAL_ORDER",
    "CARRY_OUT_ORDER",
    "WAIT_ORDER",
    "Alarm",
    "acknowledge_alarms",
    "add_working_time",
    "alarms",
    "appeal_alarms",
    "carry_out_alarms",
    "extend",
    "first_due",
    "moved",
    "next_alarm",
    "resume",
    "wait_alarms",
    "working_days_left",
    "working_time_between",
]

ALARM_ORDER = ("remind_half", "remind_last_day", "escalate_head", "escalate_ded")
ACK_ORDER = ("ack_remind", "ack_late")
WAIT_ORDER = ("wait_remind", "wait_over")
APPEAL_ORDER = ("appeal_remind_half", "appeal_remind_last_day", "appeal_late")
CARRY_OUT_ORDER = ("carry_out_remind_half", "carry_out_remind_last_day", "carry_out_late")

_ZERO = timedelta(0)
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Alarm:
    """One alarm of an item: what to send (`kind`, one of ALARM_ORDER) and when (`at`, UTC)."""

    kind: str
    at: datetime


# --- working time ---------------------------------------------------------------------------


def working_time_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    """Office time on working days from `start` to `end`; zero if `end` is not after `start`."""
    begin = _to_eat(start, "start")
    finish = _to_eat(end, "end")
    if finish <= begin:
        return _ZERO
    first, last = begin.date(), finish.date()
    if first == last:
        return _worked_on(calendar, first, begin, finish)
    # Whole days in between by the calendar's arithmetic count: O(years), not O(days).
    middle = calendar.count_working_days(first + _ONE_DAY, last - _ONE_DAY)
    return (
        _worked_on(calendar, first, begin, _close_of(calendar, first))
        + calendar.office_day * middle
        + _worked_on(calendar, last, _open_of(calendar, last), finish)
    )


def add_working_time(calendar: WorkingCalendar, start: datetime, amount: timedelta) -> datetime:
    """`start` plus `amount` of office time, skipping nights, weekends and holidays (UTC)."""
    local = _to_eat(start, "start")
    if amount < _ZERO:
        raise ValueError(f"working time to add cannot be negative: {amount}")
    if amount == _ZERO:
        # Nothing to add: `start` itself, even outside office hours (like a standard of 0).
        return local.astimezone(UTC)
    day = local.date()
    if not calendar.is_working_day(day) or local >= _close_of(calendar, day):
        day = calendar.next_working_day(day)
        cursor = _open_of(calendar, day)
    else:
        cursor = max(local, _open_of(calendar, day))
    while True:
        available = _close_of(calendar, day) - cursor
        if amount <= available:  # ending exactly at close stays at close (the earlier point)
            return (cursor + amount).astimezone(UTC)
        amount -= available
        day = calendar.next_working_day(day)
        cursor = _open_of(calendar, day)


def _subtract_working_time(calendar: WorkingCalendar, end: datetime, amount: timedelta) -> datetime:
    """`end` minus `amount` of office time; landing on an opening gives the previous close."""
    local = _to_eat(end, "end")
    if amount == _ZERO:
        return local.astimezone(UTC)
    day = local.date()
    if not calendar.is_working_day(day) or local <= _open_of(calendar, day):
        day = _previous_working_day(calendar, day)
        cursor = _close_of(calendar, day)
    else:
        cursor = min(local, _close_of(calendar, day))
    while True:
        available = cursor - _open_of(calendar, day)
        # Strictly less: using up the whole day lands on its opening, which is the same point
        # as the previous working day's close; the next round returns that close.
        if amount < available:
            return (cursor - amount).astimezone(UTC)
        amount -= available
        day = _previous_working_day(calendar, day)
        cursor = _close_of(calendar, day)


def working_days_left(now: datetime, due_at: datetime, calendar: WorkingCalendar) -> float:
    """Working days (office days, fractional) from `now` to `due_at`; negative when overdue."""
    return calendar.working_days_between(now, due_at)


# --- moving a deadline ----------------------------------------------------------------------


def resume(
    due_at: datetime, paused_at: datetime, resumed_at: datetime, calendar: WorkingCalendar
) -> datetime:
    """The deadline moved later by the working time between `paused_at` and `resumed_at`."""
    _to_eat(due_at, "due_at")  # fail on a naive deadline even when the pause cost nothing
    paused = working_time_between(calendar, paused_at, resumed_at)
    return add_working_time(calendar, due_at, paused)


def extend(due_at: datetime, days: int, calendar: WorkingCalendar) -> datetime:
    """The deadline after an approved extension of `days` working days (UTC)."""
    # `days` office days of working time. From office close (every working-days deadline) this
    # is close on the Nth working day after due_at's date, as `calendar.add` with a
    # working-days standard would give; from inside office hours (a working-hours standard,
    # or a deadline moved by a pause) it is the same time of day N working days later, so the
    # paused time is kept. Being working time, it commutes with `resume` and `recompute_due`.
    if days < 0:
        raise ValueError(f"an extension cannot be negative: {days}")
    return add_working_time(calendar, due_at, calendar.office_day * days)


def moved(
    due_at: datetime, extension_days: int, paused: timedelta, calendar: WorkingCalendar
) -> datetime:
    """A standard's date moved by approved extensions, then by working time paused (UTC)."""
    # Both add working time, so the order does not matter and a date recomputed from scratch
    # (a holiday added later) equals one moved step by step.
    due = extend(due_at, extension_days, calendar) if extension_days else due_at
    return add_working_time(calendar, due, paused) if paused else due.astimezone(UTC)


# --- alarms ---------------------------------------------------------------------------------


def alarms(
    received_at: datetime, due_at: datetime, charter: Charter, calendar: WorkingCalendar
) -> tuple[Alarm, ...]:
    """Every alarm of an item received at `received_at` and due at `due_at`, in time order."""
    found = _reminders("remind", received_at, due_at, calendar)
    due = _to_eat(due_at, "due_at")
    found.append(Alarm("escalate_head", due.astimezone(UTC)))
    found.append(Alarm("escalate_ded", calendar.add(due, charter.escalate_to_ded_after)))
    return tuple(found)


def acknowledge_alarms(
    received_at: datetime, due_at: datetime, calendar: WorkingCalendar
) -> tuple[Alarm, ...]:
    """The acknowledgement's alarms: the officer reminded on the day it is due (one office day
    before it; at half the time when the standard is shorter), the head told when it passes."""
    reminders = _reminders("remind", received_at, due_at, calendar)
    remind = [Alarm("ack_remind", reminders[-1].at)] if reminders else []
    return (*remind, Alarm("ack_late", _to_eat(due_at, "due_at").astimezone(UTC)))


def appeal_alarms(
    opened_at: datetime, due_at: datetime, calendar: WorkingCalendar
) -> tuple[Alarm, ...]:
    """The DED's appeal: reminded at half the time and one office day before, and told (with
    the citizen) when its date passes."""
    found = _reminders("appeal_remind", opened_at, due_at, calendar)
    found.append(Alarm("appeal_late", _to_eat(due_at, "due_at").astimezone(UTC)))
    return tuple(found)


def carry_out_alarms(
    decided_at: datetime, due_at: datetime, calendar: WorkingCalendar
) -> tuple[Alarm, ...]:
    """The DED's decision to carry out: the department reminded at half the time and one
    office day before, and the DED told when its date passes unreported."""
    found = _reminders("carry_out_remind", decided_at, due_at, calendar)
    found.append(Alarm("carry_out_late", _to_eat(due_at, "due_at").astimezone(UTC)))
    return tuple(found)


def wait_alarms(remind_at: datetime, over_at: datetime) -> tuple[Alarm, ...]:
    """The wait on the citizen's answer: a reminder to them, then the end of the wait."""
    return (
        Alarm("wait_remind", _to_eat(remind_at, "remind_at").astimezone(UTC)),
        Alarm("wait_over", _to_eat(over_at, "over_at").astimezone(UTC)),
    )


def _reminders(
    prefix: str, start_at: datetime, due_at: datetime, calendar: WorkingCalendar
) -> list[Alarm]:
    """`{prefix}_half` at half the working time from start to due, and `{prefix}_last_day` one
    office day before due (when that falls after the half and after the start)."""
    start = _to_eat(start_at, "received_at")
    due = _to_eat(due_at, "due_at")
    found: list[Alarm] = []
    total = working_time_between(calendar, start, due)
    half: datetime | None = None
    if total > _ZERO:
        half = add_working_time(calendar, start, total / 2)
        found.append(Alarm(f"{prefix}_half", half))
    last_day = _subtract_working_time(calendar, due, calendar.office_day)
    if last_day > start and (half is None or last_day > half):
        found.append(Alarm(f"{prefix}_last_day", last_day))
    return found


def first_due(found: Iterable[Alarm], done: Iterable[str]) -> Alarm | None:
    """The earliest alarm whose kind is not in `done` (ties in the order given); None if none."""
    sent = frozenset(done)
    waiting = [alarm for alarm in found if alarm.kind not in sent]
    return min(waiting, key=lambda alarm: alarm.at) if waiting else None


def next_alarm(
    received_at: datetime,
    due_at: datetime,
    done: Iterable[str],
    charter: Charter,
    calendar: WorkingCalendar,
) -> Alarm | None:
    """The first alarm whose kind is not in `done`; None when every alarm has been sent."""
    # Kinds already sent stay sent when the deadline moves; the others move with it.
    return first_due(alarms(received_at, due_at, charter, calendar), done)


# --- helpers --------------------------------------------------------------------------------


def _to_eat(moment: datetime, name: str) -> datetime:
    # Guessing the zone of a naive datetime would shift every deadline by three hours.
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {moment!r}")
    return moment.astimezone(EAT)


def _open_of(calendar: WorkingCalendar, d: date) -> datetime:
    return datetime.combine(d, calendar.office_open, EAT)


def _close_of(calendar: WorkingCalendar, d: date) -> datetime:
    return datetime.combine(d, calendar.office_close, EAT)


def _previous_working_day(calendar: WorkingCalendar, d: date) -> date:
    d -= _ONE_DAY
    while not calendar.is_working_day(d):
        d -= _ONE_DAY
    return d


def _worked_on(calendar: WorkingCalendar, d: date, begin: datetime, finish: datetime) -> timedelta:
    """Office time on day `d` inside [begin, finish] (both on `d`, in EAT)."""
    if not calendar.is_working_day(d):
        return _ZERO
    lo = max(begin, _open_of(calendar, d))
    hi = min(finish, _close_of(calendar, d))
    return max(hi - lo, _ZERO)
