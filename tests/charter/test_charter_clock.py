"""The charter's clock: alarms, pauses, extensions and recomputed deadlines, worked out by hand.

Time is always passed in; nothing here reads the real clock. Office hours are 07:30-15:30 EAT
(one working day = 8 hours of working time).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from charter.calendar import EAT, WorkingCalendar
from charter.clock import (
    ALARM_ORDER,
    Alarm,
    add_working_time,
    alarms,
    extend,
    next_alarm,
    resume,
    working_days_left,
    working_time_between,
)
from charter.deadlines import ItemFacts, item_due
from charter.loader import load_charter
from charter.model import Charter, DatedHoliday, Standard

H = timedelta(hours=1)
MIN = timedelta(minutes=1)
DAY = 8 * H  # one office day, 07:30-15:30


def eat(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=EAT)


def days(n: int) -> Standard:
    return Standard(n, "working_days")


@pytest.fixture(scope="module")
def charter() -> Charter:
    return load_charter()


@pytest.fixture(scope="module")
def calendar(charter: Charter) -> WorkingCalendar:
    return WorkingCalendar.from_charter(charter)


# A Maji complaint (water fault, 5 working days) received Wednesday 2 December 2026 at 10:00.
# Working days after 2 Dec: Thu 3, Fri 4, Mon 7, Tue 8, (Wed 9 is Uhuru), Thu 10: due Thu 10 Dec
# at office close, 15:30.
MAJI_RECEIVED = eat(2026, 12, 2, 10, 0)
MAJI_DUE = eat(2026, 12, 10, 15, 30)


def recompute(
    received: datetime, extension_days: int, paused: timedelta, calendar: WorkingCalendar
) -> datetime | None:
    """A Maji complaint's answer date from scratch, by the one rule (charter.deadlines)."""
    facts = ItemFacts("lalamiko", "maji", received, extension_days=extension_days, paused=paused)
    return item_due(load_charter(), calendar, facts).answer


def test_maji_complaint_due_date(charter: Charter, calendar: WorkingCalendar) -> None:
    standard = charter.answer_standard("lalamiko", "maji")
    assert standard == days(5)
    assert calendar.add(MAJI_RECEIVED, standard) == MAJI_DUE


def test_maji_complaint_alarms(charter: Charter, calendar: WorkingCalendar) -> None:
    # Working time from Wed 2 Dec 10:00 to Thu 10 Dec 15:30:
    #   Wed 2 10:00-15:30 = 5.5 h; Thu 3, Fri 4, Mon 7, Tue 8 = 4 x 8 = 32 h; Wed 9 holiday;
    #   Thu 10 = 8 h. Total 45.5 h; half is 22.75 h = 22 h 45 min.
    # remind_half: Wed 5.5 h (17.25 left), Thu 3 8 h (9.25 left), Fri 4 8 h (1.25 left), weekend,
    #   Mon 7 07:30 + 1 h 15 = Mon 7 Dec 08:45 (not half the calendar time, which is ~Sun 6 Dec).
    # remind_last_day: 8 h of working time back from Thu 10 15:30 is Thu 10 07:30, the same point
    #   in working time as the close of the previous working day; Wed 9 is Uhuru, so that is
    #   Tue 8 Dec 15:30, and the earlier moment is the one used (the officer hears before the
    #   holiday that only one working day is left).
    # escalate_head: the deadline, Thu 10 Dec 15:30.
    # escalate_ded: 2 working days after 10 Dec: Fri 11, Mon 14: Mon 14 Dec 15:30.
    got = alarms(MAJI_RECEIVED, MAJI_DUE, charter, calendar)
    assert got == (
        Alarm("remind_half", eat(2026, 12, 7, 8, 45)),
        Alarm("remind_last_day", eat(2026, 12, 8, 15, 30)),
        Alarm("escalate_head", eat(2026, 12, 10, 15, 30)),
        Alarm("escalate_ded", eat(2026, 12, 14, 15, 30)),
    )
    assert all(alarm.at.tzinfo is UTC for alarm in got)
    assert got[2].at == datetime(2026, 12, 10, 12, 30, tzinfo=UTC)
    assert working_time_between(calendar, MAJI_RECEIVED, got[0].at) == 22 * H + 45 * MIN
    assert working_time_between(calendar, got[1].at, MAJI_DUE) == DAY
    assert charter.escalate_to_ded_after == days(2)
    assert working_time_between(calendar, MAJI_DUE, got[3].at) == 2 * DAY


def test_holiday_week_fourteen_day_complaint(charter: Charter, calendar: WorkingCalendar) -> None:
    # Received Mon 21 Dec 2026 09:00, 14 working days. Holidays: Fri 25 Dec Krismasi, Sat 26 Dec
    # (a weekend, costs nothing), Fri 1 Jan 2027 Mwaka Mpya, Tue 12 Jan Mapinduzi.
    # Working days: 22 23 24 | 28 29 30 31 | 4 5 6 7 8 | 11 | 13 -> the 14th is Wed 13 Jan.
    received = eat(2026, 12, 21, 9, 0)
    due = calendar.add(received, charter.answer_standard("lalamiko", None) or days(0))
    assert due == eat(2027, 1, 13, 15, 30)
    # Working time: Mon 21 09:00-15:30 = 6.5 h + 14 x 8 h = 118.5 h; half = 59.25 h.
    # Mon 6.5 (52.75 left), Tue 22 (44.75), Wed 23 (36.75), Thu 24 (28.75), [25-27 off],
    # Mon 28 (20.75), Tue 29 (12.75), Wed 30 (4.75): Thu 31 Dec 07:30 + 4 h 45 = 12:15.
    # Last day: 8 h back from Wed 13 Jan 15:30 is Wed 07:30 = close of the previous working
    # day; Tue 12 is Mapinduzi, so Mon 11 Jan 15:30.
    # DED: 2 working days after 13 Jan: Thu 14, Fri 15 -> Fri 15 Jan 15:30.
    assert alarms(received, due, charter, calendar) == (
        Alarm("remind_half", eat(2026, 12, 31, 12, 15)),
        Alarm("remind_last_day", eat(2027, 1, 11, 15, 30)),
        Alarm("escalate_head", eat(2027, 1, 13, 15, 30)),
        Alarm("escalate_ded", eat(2027, 1, 15, 15, 30)),
    )
    assert working_days_left(eat(2026, 12, 24, 15, 30), due, calendar) == 11.0


def test_next_alarm_skips_done_kinds(charter: Charter, calendar: WorkingCalendar) -> None:
    def kind_after(done: list[str]) -> str | None:
        alarm = next_alarm(MAJI_RECEIVED, MAJI_DUE, done, charter, calendar)
        return alarm.kind if alarm else None

    assert kind_after([]) == "remind_half"
    assert kind_after(["remind_half"]) == "remind_last_day"
    assert kind_after(["remind_half", "remind_last_day"]) == "escalate_head"
    assert kind_after(["remind_half", "remind_last_day", "escalate_head"]) == "escalate_ded"
    assert kind_after(list(ALARM_ORDER)) is None
    # Any iterable works, unknown strings (e.g. an empty kind) are ignored.
    alarm = next_alarm(MAJI_RECEIVED, MAJI_DUE, iter(("", "remind_half")), charter, calendar)
    assert alarm == Alarm("remind_last_day", eat(2026, 12, 8, 15, 30))


def test_extension_moves_pending_alarms_but_never_repeats_one(
    charter: Charter, calendar: WorkingCalendar
) -> None:
    # 5 working days after Thu 10 Dec 15:30: Fri 11, Mon 14, Tue 15, Wed 16, Thu 17 -> 15:30.
    new_due = extend(MAJI_DUE, 5, calendar)
    assert new_due == eat(2026, 12, 17, 15, 30)
    assert new_due == calendar.add(MAJI_DUE, days(5))  # same as a working-days standard
    # remind_half was sent; the next one is the moved last-day reminder, Wed 16 Dec 15:30.
    assert next_alarm(MAJI_RECEIVED, new_due, ["remind_half"], charter, calendar) == Alarm(
        "remind_last_day", eat(2026, 12, 16, 15, 30)
    )
    # Had it not been sent, half-time would have moved too: 45.5 h + 40 h = 85.5 h, half 42.75 h:
    # Wed 2 5.5, Thu 3 8, Fri 4 8, Mon 7 8, Tue 8 8 (37.5), Thu 10 07:30 + 5 h 15 = 12:45.
    assert next_alarm(MAJI_RECEIVED, new_due, [], charter, calendar) == Alarm(
        "remind_half", eat(2026, 12, 10, 12, 45)
    )
    # Extended after the breach: the head was told once; only the DED alarm is left, moved to
    # 2 working days after the new deadline (Fri 18, Mon 21).
    done = ["remind_half", "remind_last_day", "escalate_head"]
    assert next_alarm(MAJI_RECEIVED, new_due, done, charter, calendar) == Alarm(
        "escalate_ded", eat(2026, 12, 21, 15, 30)
    )
    assert extend(MAJI_DUE, 0, calendar) == MAJI_DUE
    with pytest.raises(ValueError):
        extend(MAJI_DUE, -1, calendar)


def test_extension_inside_office_hours_keeps_the_time_of_day(calendar: WorkingCalendar) -> None:
    # A deadline at 11:00 (a working-hours standard, or one moved by a pause) keeps 11:00:
    # Fri 4 Dec 11:00 + 2 working days -> Mon 7, Tue 8 -> Tue 8 Dec 11:00.
    assert extend(eat(2026, 12, 4, 11, 0), 2, calendar) == eat(2026, 12, 8, 11, 0)
    # Across Uhuru: Tue 8 Dec 11:00 + 1 -> Thu 10 Dec 11:00.
    assert extend(eat(2026, 12, 8, 11, 0), 1, calendar) == eat(2026, 12, 10, 11, 0)


def test_resume_after_a_pause_over_a_weekend(calendar: WorkingCalendar) -> None:
    # Paused Fri 4 Dec 14:00, resumed Mon 7 Dec 09:00: Fri 14:00-15:30 (1.5 h) + Mon 07:30-09:00
    # (1.5 h) = 3 h of working time; the weekend costs nothing.
    paused_at, resumed_at = eat(2026, 12, 4, 14, 0), eat(2026, 12, 7, 9, 0)
    assert working_time_between(calendar, paused_at, resumed_at) == 3 * H
    # Thu 10 Dec 15:30 + 3 h: counting from the next opening, Fri 11 Dec 07:30 + 3 h = 10:30.
    new_due = resume(MAJI_DUE, paused_at, resumed_at, calendar)
    assert new_due == eat(2026, 12, 11, 10, 30)
    assert working_time_between(calendar, MAJI_DUE, new_due) == 3 * H
    # A pause entirely outside office hours (Fri evening to Mon before opening) moves nothing.
    assert resume(MAJI_DUE, eat(2026, 12, 4, 16), eat(2026, 12, 7, 7), calendar) == MAJI_DUE
    # Resumed before it paused (clock skew): nothing either.
    assert resume(MAJI_DUE, resumed_at, paused_at, calendar) == MAJI_DUE


def test_pause_and_extension_commute_with_recompute(
    charter: Charter, calendar: WorkingCalendar
) -> None:
    paused_at, resumed_at = eat(2026, 12, 4, 14, 0), eat(2026, 12, 7, 9, 0)
    paused = working_time_between(calendar, paused_at, resumed_at)
    pause_first = extend(resume(MAJI_DUE, paused_at, resumed_at, calendar), 5, calendar)
    extend_first = resume(extend(MAJI_DUE, 5, calendar), paused_at, resumed_at, calendar)
    from_scratch = recompute(MAJI_RECEIVED, 5, paused, calendar)
    # Thu 17 Dec 15:30 + 3 h -> Fri 18 Dec 10:30, whichever happened first.
    assert pause_first == extend_first == from_scratch == eat(2026, 12, 18, 10, 30)
    # Nothing changed: recomputing gives back the stored deadline, so no citizen is told.
    assert recompute(MAJI_RECEIVED, 0, timedelta(0), calendar) == MAJI_DUE


def test_recompute_due_with_a_holiday_added_later(charter: Charter) -> None:
    # The President declares Mon 7 Dec 2026 a holiday after the Maji complaint was received.
    before = WorkingCalendar.from_charter(charter)
    after = WorkingCalendar.from_charter(
        charter, extra_holidays=[DatedHoliday(date(2026, 12, 7), "Siku ya mapumziko")]
    )
    old = recompute(MAJI_RECEIVED, 0, timedelta(0), before)
    new = recompute(MAJI_RECEIVED, 0, timedelta(0), after)
    # Thu 3, Fri 4, (Mon 7 now off), Tue 8, (Wed 9 Uhuru), Thu 10, Fri 11.
    assert (old, new) == (MAJI_DUE, eat(2026, 12, 11, 15, 30))
    assert after.working_days_between(old, new) == 1.0
    # With an extension and a pause the holiday still costs exactly one working day:
    # Fri 11 15:30 + 5 days -> Fri 18 15:30, + 3 h -> Mon 21 10:30 (was Fri 18 10:30).
    old = recompute(MAJI_RECEIVED, 5, 3 * H, before)
    new = recompute(MAJI_RECEIVED, 5, 3 * H, after)
    assert (old, new) == (eat(2026, 12, 18, 10, 30), eat(2026, 12, 21, 10, 30))
    assert working_time_between(after, old, new) == DAY
    # A holiday after the deadline touches nothing.
    later = WorkingCalendar.from_charter(
        charter, extra_holidays=[DatedHoliday(date(2026, 12, 14), "Siku ya mapumziko")]
    )
    assert recompute(MAJI_RECEIVED, 0, timedelta(0), later) == MAJI_DUE


def test_short_standards_have_no_last_day_reminder(
    charter: Charter, calendar: WorkingCalendar
) -> None:
    # 1 working day from Mon 30 Nov 10:00: due Tue 1 Dec 15:30. Working time 5.5 + 8 = 13.5 h,
    # half 6.75 h -> Tue 1 Dec 08:45. One day before the deadline is Mon 30 Nov 15:30, which is
    # before the half-time reminder: left out (at most two office days never get one).
    received = eat(2026, 11, 30, 10, 0)
    due = calendar.add(received, days(1))
    assert due == eat(2026, 12, 1, 15, 30)
    assert [(a.kind, a.at) for a in alarms(received, due, charter, calendar)] == [
        ("remind_half", eat(2026, 12, 1, 8, 45)),
        ("escalate_head", eat(2026, 12, 1, 15, 30)),
        ("escalate_ded", eat(2026, 12, 3, 15, 30)),
    ]
    # Even received before opening (16 h of working time) the two would coincide: left out.
    early = eat(2026, 11, 30, 6, 0)
    kinds = [a.kind for a in alarms(early, calendar.add(early, days(1)), charter, calendar)]
    assert kinds == ["remind_half", "escalate_head", "escalate_ded"]
    # A few working hours: Mon 10:00 + 4 h = Mon 14:00; half at 12:00, no last-day reminder.
    due = calendar.add(received, Standard(4, "working_hours"))
    assert [a.kind for a in alarms(received, due, charter, calendar)] == [
        "remind_half",
        "escalate_head",
        "escalate_ded",
    ]
    # 2 working days (the officer's acknowledgement) does get one: due Wed 2 Dec 15:30, half
    # after 10.75 h -> Tue 1 Dec 12:45, last day Tue 1 Dec 15:30.
    due = calendar.add(received, days(2))
    assert alarms(received, due, charter, calendar)[:2] == (
        Alarm("remind_half", eat(2026, 12, 1, 12, 45)),
        Alarm("remind_last_day", eat(2026, 12, 1, 15, 30)),
    )


def test_a_deadline_at_receipt_has_no_reminders(
    charter: Charter, calendar: WorkingCalendar
) -> None:
    # A standard of 0 is due at receipt: there is no working time to remind half-way through.
    received = eat(2026, 12, 5, 10, 0)  # a Saturday
    assert [a.kind for a in alarms(received, received, charter, calendar)] == [
        "escalate_head",
        "escalate_ded",
    ]


def test_weekend_receipt_counts_from_monday(charter: Charter, calendar: WorkingCalendar) -> None:
    # Received Sat 5 Dec 10:00 with 2 working days: due Tue 8 Dec 15:30. 16 h of working time,
    # half = 8 h from Mon 07:30 = Mon 7 Dec 15:30; the last-day point is the same moment: left out.
    received = eat(2026, 12, 5, 10, 0)
    due = calendar.add(received, days(2))
    assert alarms(received, due, charter, calendar)[:2] == (
        Alarm("remind_half", eat(2026, 12, 7, 15, 30)),
        Alarm("escalate_head", eat(2026, 12, 8, 15, 30)),
    )


def test_add_working_time_by_hand(calendar: WorkingCalendar) -> None:
    assert add_working_time(calendar, eat(2026, 12, 4, 14, 0), 1.5 * H) == eat(2026, 12, 4, 15, 30)
    assert add_working_time(calendar, eat(2026, 12, 4, 14, 0), 2 * H) == eat(2026, 12, 7, 8, 0)
    # Starting on a holiday, or after close, counts from the next opening.
    assert add_working_time(calendar, eat(2026, 12, 9, 12, 0), H) == eat(2026, 12, 10, 8, 30)
    assert add_working_time(calendar, eat(2026, 12, 8, 20, 0), H) == eat(2026, 12, 10, 8, 30)
    # Nothing to add: the moment itself, in UTC.
    saturday = eat(2026, 12, 5, 10, 0)
    assert add_working_time(calendar, saturday, timedelta(0)) == saturday
    assert add_working_time(calendar, saturday, timedelta(0)).tzinfo is UTC
    with pytest.raises(ValueError):
        add_working_time(calendar, saturday, -H)


def test_working_time_between_by_hand(calendar: WorkingCalendar) -> None:
    assert working_time_between(calendar, MAJI_RECEIVED, MAJI_DUE) == 45 * H + 30 * MIN
    assert working_time_between(calendar, MAJI_DUE, MAJI_RECEIVED) == timedelta(0)
    assert working_time_between(calendar, MAJI_DUE, MAJI_DUE) == timedelta(0)
    # Any aware zone is accepted: 07:30 UTC is 10:30 EAT.
    utc_start = datetime(2026, 12, 2, 7, 30, tzinfo=UTC)
    assert working_time_between(calendar, utc_start, eat(2026, 12, 2, 15, 30)) == 5 * H
    other = timezone(timedelta(hours=-5))
    assert working_time_between(calendar, MAJI_RECEIVED.astimezone(other), MAJI_DUE) == (
        45 * H + 30 * MIN
    )


def test_working_days_left(calendar: WorkingCalendar) -> None:
    assert working_days_left(MAJI_RECEIVED, MAJI_DUE, calendar) == pytest.approx(45.5 / 8)
    assert working_days_left(eat(2026, 12, 10, 11, 30), MAJI_DUE, calendar) == 0.5
    # Overdue: negative. Mon 14 Dec 15:30 is two working days after Thu 10 Dec 15:30.
    assert working_days_left(eat(2026, 12, 14, 15, 30), MAJI_DUE, calendar) == -2.0


def _random_moment(rng: random.Random) -> datetime:
    # Any minute of 2026-2027, office hours or not, weekend or holiday.
    start = eat(2026, 1, 1)
    return start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))


def test_add_and_between_are_inverses(calendar: WorkingCalendar) -> None:
    rng = random.Random(20261202)
    for _ in range(400):
        start = _random_moment(rng)
        amount = timedelta(seconds=rng.randrange(30 * 8 * 3600))  # up to 30 office days
        end = add_working_time(calendar, start, amount)
        assert end.tzinfo is UTC
        assert end >= start
        assert working_time_between(calendar, start, end) == amount, (start, amount)
        if amount:
            # It lands inside office hours on a working day (a close, never the next opening).
            local = end.astimezone(EAT)
            assert calendar.is_working_day(local.date())
            assert calendar.office_open < local.time() <= calendar.office_close
        # The other way: adding the working time up to any later moment reaches that moment,
        # or the earliest moment with no working time left before it (e.g. the close before).
        other = start + timedelta(minutes=rng.randrange(60 * 24 * 40))
        reached = add_working_time(calendar, start, working_time_between(calendar, start, other))
        assert reached <= other
        assert working_time_between(calendar, reached, other) == timedelta(0)


def test_alarm_properties_over_random_items(charter: Charter, calendar: WorkingCalendar) -> None:
    rng = random.Random(14)
    standards = [days(n) for n in (1, 2, 3, 5, 7, 14, 21)] + [
        Standard(n, "working_hours") for n in (4, 8, 24)
    ]
    for _ in range(300):
        received = _random_moment(rng)
        due = calendar.add(received, rng.choice(standards))
        got = alarms(received, due, charter, calendar)
        kinds = [alarm.kind for alarm in got]
        assert kinds == [kind for kind in ALARM_ORDER if kind in kinds]  # time order = ALARM_ORDER
        assert [alarm.at for alarm in got] == sorted(alarm.at for alarm in got)
        total = working_time_between(calendar, received, due)
        at = {alarm.kind: alarm.at for alarm in got}
        assert working_time_between(calendar, received, at["remind_half"]) == total / 2
        if "remind_last_day" in at:
            assert at["remind_half"] < at["remind_last_day"] < due
            assert working_time_between(calendar, at["remind_last_day"], due) == DAY
        else:
            assert total <= 2 * DAY
        assert at["escalate_head"] == due
        assert at["escalate_ded"] == calendar.add(due, charter.escalate_to_ded_after)


def test_naive_datetimes_are_refused(charter: Charter, calendar: WorkingCalendar) -> None:
    naive = datetime(2026, 12, 2, 10, 0)
    calls = [
        lambda: alarms(naive, MAJI_DUE, charter, calendar),
        lambda: alarms(MAJI_RECEIVED, naive, charter, calendar),
        lambda: next_alarm(naive, MAJI_DUE, [], charter, calendar),
        lambda: working_time_between(calendar, naive, MAJI_DUE),
        lambda: working_time_between(calendar, MAJI_RECEIVED, naive),
        lambda: add_working_time(calendar, naive, H),
        lambda: add_working_time(calendar, naive, timedelta(0)),
        lambda: resume(naive, MAJI_RECEIVED, MAJI_RECEIVED, calendar),
        lambda: resume(MAJI_DUE, naive, MAJI_RECEIVED, calendar),
        lambda: extend(naive, 2, calendar),
        lambda: working_days_left(naive, MAJI_DUE, calendar),
        lambda: recompute(naive, 0, timedelta(0), calendar),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="timezone-aware"):
            call()
