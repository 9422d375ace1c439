"""Working days, holidays and office hours, checked against dates worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from charter.calendar import EAT, WorkingCalendar, easter_sunday
from charter.loader import load_charter
from charter.model import DatedHoliday, Standard, Unit

DAYS: Unit = "working_days"
HOURS: Unit = "working_hours"


def eat(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=EAT)


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar.from_charter(load_charter())


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1961, date(1961, 4, 2)),
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "Mwaka Mpya"),
        (date(2026, 4, 3), "Ijumaa Kuu"),
        (date(2026, 4, 6), "Jumatatu ya Pasaka"),
        (date(2026, 4, 7), "Siku ya Karume"),
        (date(2026, 12, 9), "Uhuru na Jamhuri"),
        (date(2026, 3, 20), "Eid el-Fitr"),
        (date(2027, 3, 26), "Ijumaa Kuu"),
        (date(2026, 4, 8), None),
        (date(2026, 6, 9), None),
    ],
)
def test_holiday_name(calendar: WorkingCalendar, day: date, name: str | None) -> None:
    assert calendar.holiday_name(day) == name


def test_holidays_sharing_a_date_keep_both_names() -> None:
    charter = load_charter()
    # Easter Monday 2029 is 2 April; a declared holiday the same day keeps both names.
    cal = WorkingCalendar.from_charter(charter, [DatedHoliday(date(2029, 4, 2), "Siku Maalum")])
    assert cal.holiday_name(date(2029, 4, 2)) == "Jumatatu ya Pasaka / Siku Maalum"


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 6, 5), True),  # Friday
        (date(2026, 6, 6), False),  # Saturday
        (date(2026, 6, 7), False),  # Sunday
        (date(2026, 12, 9), False),  # Wednesday, Uhuru
        (date(2026, 12, 25), False),  # Friday, Krismasi
        (date(2026, 12, 24), True),  # Thursday
    ],
)
def test_is_working_day(calendar: WorkingCalendar, day: date, working: bool) -> None:
    assert calendar.is_working_day(day) is working


def test_easter_can_be_switched_off() -> None:
    cal = WorkingCalendar(time(7, 30), time(15, 30), easter_holidays=False)
    assert cal.is_working_day(date(2026, 4, 3))
    assert cal.holiday_name(date(2026, 4, 6)) is None


# received (EAT), standard, due (EAT): each worked out on a paper calendar.
ADD_CASES = [
    # Wed 2 Dec 2026, 14 working days: 3,4 | 7,8 (9 Uhuru) 10,11 | 14-18 | 21,22,23 -> Wed 23 Dec.
    (eat(2026, 12, 2, 10), Standard(14, DAYS), eat(2026, 12, 23, 15, 30)),
    # Wed 9 Dec 2026 (Uhuru), 14 days: 10,11 | 14-18 | 21-24 (25 Krismasi; 26 is Saturday)
    # | 28,29,30 -> Wed 30 Dec.
    (eat(2026, 12, 9, 9), Standard(14, DAYS), eat(2026, 12, 30, 15, 30)),
    # Mon 21 Dec 2026, 5 days: 22,23,24 (25 Krismasi, 26-27 weekend) 28,29 -> Tue 29 Dec.
    (eat(2026, 12, 21, 8), Standard(5, DAYS), eat(2026, 12, 29, 15, 30)),
    # Fri 24 Dec 2027, 2 days: 25-26 weekend (Krismasi and Zawadi fall on it, no substitute)
    # 27, 28 -> Tue 28 Dec.
    (eat(2027, 12, 24, 12), Standard(2, DAYS), eat(2027, 12, 28, 15, 30)),
    # Friday evening and Saturday, 2 days -> Tuesday at close.
    (eat(2026, 6, 5, 18), Standard(2, DAYS), eat(2026, 6, 9, 15, 30)),
    (eat(2026, 6, 6, 11), Standard(2, DAYS), eat(2026, 6, 9, 15, 30)),
    # The receipt day never counts, even at 07:00 before opening.
    (eat(2026, 6, 8, 7), Standard(1, DAYS), eat(2026, 6, 9, 15, 30)),
    # Thu 2 Apr 2026, 5 days over Easter: 3 Good Friday, 6 Easter Monday, 7 Karume;
    # 8,9,10 | 13,14 -> Tue 14 Apr.
    (eat(2026, 4, 2, 10), Standard(5, DAYS), eat(2026, 4, 14, 15, 30)),
    # Working hours: Fri 14:00 + 8h = 1.5h Friday + 6.5h Monday -> Mon 14:00.
    (eat(2026, 6, 5, 14), Standard(8, HOURS), eat(2026, 6, 8, 14)),
    # Saturday start waits for Monday's opening; 24h = three 8-hour days -> Wed 15:30.
    (eat(2026, 6, 6, 10), Standard(24, HOURS), eat(2026, 6, 10, 15, 30)),
    # Before opening counts from 07:30.
    (eat(2026, 6, 8, 6), Standard(2, HOURS), eat(2026, 6, 8, 9, 30)),
    # After close counts from the next opening.
    (eat(2026, 6, 8, 16), Standard(1, HOURS), eat(2026, 6, 9, 8, 30)),
    # Ending exactly at close stays at that close.
    (eat(2026, 6, 8, 13, 30), Standard(2, HOURS), eat(2026, 6, 8, 15, 30)),
    # Hours over Easter 2026: Thu 15:00 + 1h -> 0.5h Thu, then Wed 8 Apr 08:00.
    (eat(2026, 4, 2, 15), Standard(1, HOURS), eat(2026, 4, 8, 8)),
    # Calendar days (only how long a citizen may appeal): weekends and holidays count, and the
    # whole last day is the citizen's, whatever the hour it started.
    (eat(2026, 12, 2, 10), Standard(30, "days"), datetime(2027, 1, 1, 23, 59, 59, tzinfo=EAT)),
    (eat(2026, 12, 2, 23, 30), Standard(1, "days"), datetime(2026, 12, 3, 23, 59, 59, tzinfo=EAT)),
]


@pytest.mark.parametrize(("received", "standard", "due"), ADD_CASES)
def test_add(
    calendar: WorkingCalendar, received: datetime, standard: Standard, due: datetime
) -> None:
    result = calendar.add(received, standard)
    assert result == due
    assert result.tzinfo is UTC


def test_add_returns_utc_wall_time(calendar: WorkingCalendar) -> None:
    due = calendar.add(eat(2026, 12, 2, 10), Standard(14, DAYS))
    assert due == datetime(2026, 12, 23, 12, 30, tzinfo=UTC)
    assert (due.hour, due.minute, due.utcoffset()) == (12, 30, timedelta(0))


def test_input_in_another_zone_is_read_in_eat(calendar: WorkingCalendar) -> None:
    # 22:00 UTC on Monday is 01:00 EAT on Tuesday: the receipt day is Tuesday.
    received = datetime(2026, 6, 8, 22, tzinfo=UTC)
    assert calendar.add(received, Standard(1, DAYS)) == eat(2026, 6, 10, 15, 30)
    lagos = timezone(timedelta(hours=1))
    assert calendar.add(datetime(2026, 6, 8, 5, 30, tzinfo=lagos), Standard(1, HOURS)) == eat(
        2026, 6, 8, 8, 30
    )


def test_extra_holiday_moves_the_deadline_one_day() -> None:
    charter = load_charter()
    before = WorkingCalendar.from_charter(charter)
    late_eid = DatedHoliday(date(2026, 6, 8), "Siku ya kitaifa")
    after = WorkingCalendar.from_charter(charter, extra_holidays=[late_eid])
    received = eat(2026, 6, 5, 18)
    assert before.add(received, Standard(2, DAYS)) == eat(2026, 6, 9, 15, 30)
    assert after.add(received, Standard(2, DAYS)) == eat(2026, 6, 10, 15, 30)
    assert after.holiday_name(date(2026, 6, 8)) == "Siku ya kitaifa"


def test_zero_standard_is_due_at_once(calendar: WorkingCalendar) -> None:
    received = eat(2026, 6, 6, 11)
    assert calendar.add(received, Standard(0, DAYS)) == received


@pytest.mark.parametrize("standard", [Standard(2, DAYS), Standard(3, HOURS)])
def test_naive_datetime_raises(calendar: WorkingCalendar, standard: Standard) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.add(datetime(2026, 6, 8, 10), standard)


def test_naive_datetime_raises_in_between(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="end must be a timezone-aware"):
        calendar.working_days_between(eat(2026, 6, 8), datetime(2026, 6, 9))


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (eat(2026, 6, 8, 7, 30), eat(2026, 6, 8, 15, 30), 1.0),
        (eat(2026, 6, 8, 11, 30), eat(2026, 6, 8, 13, 30), 0.25),
        (eat(2026, 6, 8, 0), eat(2026, 6, 8, 23), 1.0),  # only office hours count
        (eat(2026, 6, 5, 18), eat(2026, 6, 9, 15, 30), 2.0),  # weekend is free
        (eat(2026, 6, 5, 14), eat(2026, 6, 8, 14), 1.0),  # 1.5h + 6.5h
        (eat(2026, 4, 2, 10), eat(2026, 4, 14, 15, 30), 5.0 + 5.5 / 8),  # over Easter
        (eat(2026, 12, 2, 10), eat(2026, 12, 23, 15, 30), 14.0 + 5.5 / 8),
        (eat(2026, 6, 6, 9), eat(2026, 6, 7, 17), 0.0),  # a weekend only
        (eat(2026, 6, 9, 15, 30), eat(2026, 6, 5, 18), -2.0),  # reversed: negative
        (eat(2026, 1, 1), eat(2027, 1, 1), 248.0),  # the whole of 2026, see below
    ],
)
def test_working_days_between(
    calendar: WorkingCalendar, start: datetime, end: datetime, days: float
) -> None:
    assert calendar.working_days_between(start, end) == pytest.approx(days)


def test_working_days_between_agrees_with_add(calendar: WorkingCalendar) -> None:
    # From an opening, N working days (or 8N hours) later is exactly N office days of work.
    start = eat(2026, 12, 3, 7, 30)
    for amount in (1, 5, 14, 21):
        due = calendar.add(start, Standard(8 * amount, HOURS))
        assert calendar.working_days_between(start, due) == pytest.approx(amount)


def test_count_working_days(calendar: WorkingCalendar) -> None:
    # 2026: 261 weekdays; holidays on weekdays: 1 Jan, 12 Jan, 20 Mar Eid, 3 Apr, 6 Apr,
    # 7 Apr, 1 May, 27 May Eid, 7 Jul, 26 Aug Maulid, 14 Oct, 9 Dec, 25 Dec = 13 -> 248.
    # (26 Apr, 8 Aug and 26 Dec fall on weekends.)
    assert calendar.count_working_days(date(2026, 1, 1), date(2026, 12, 31)) == 248
    assert calendar.count_working_days(date(2026, 6, 6), date(2026, 6, 7)) == 0
    assert calendar.count_working_days(date(2026, 6, 9), date(2026, 6, 8)) == 0
