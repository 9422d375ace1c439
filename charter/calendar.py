"""Tanzanian public-service working time: which days count, and when a standard falls due.

Pure: no clock, no I/O. The rules (our reading of the charter and the Standing Orders):

* Time zone. Every datetime passed in must be timezone-aware (a naive one raises ValueError,
  because guessing its zone would shift deadlines by three hours). Working time is computed in
  East Africa Time (EAT, UTC+3, no daylight saving); results are aware datetimes in UTC.
* Working day. Monday to Friday and not a public holiday. Holidays are the charter's fixed ones
  (same day each year), Good Friday and Easter Monday if the charter says so, the charter's
  dated holidays (moon-dated Eid and Maulid, one-off declared days) and any `extra_holidays`
  added at runtime; and, beneath them, the `holidays` package's calendar of the charter's
  country for every year (`charter.public_holidays`): its days the charter does not name are
  holidays too, except an estimate of a moon feast the charter or a runtime addition dates
  officially within a week of it (the official announcement wins). A holiday that falls on a
  weekend is not moved to a weekday: Tanzania has no substitute-day rule, so it simply costs
  nothing.
* Office hours. The charter's open-close (07:30-15:30), the same on every working day.
* N working days. The day of receipt never counts, whatever the hour (so an item received at
  07:31 and one received at 23:59 get the same deadline). The deadline is office close on the
  Nth working day after the receipt date in EAT. A complaint filed on Friday evening or Saturday
  with 2 working days is due on Tuesday at 15:30 when Monday and Tuesday are working days.
* N working hours. Only time inside office hours on working days counts, starting at `start`,
  or at the next opening if `start` is outside office hours. 24 working hours from an opening
  is office close two working days later (3 days of 8 hours). An amount that ends exactly at
  close is due at that close, not at the next opening.
* N days (calendar days: only how long a citizen may appeal). The end of the Nth day after
  `start`'s date, 23:59:59 EAT, whatever the hour of `start`.
* A standard of 0 (in any unit) is due at `start` itself.
* `working_days_between(start, end)` is working time elapsed from `start` to `end`, counted in
  office hours on working days, in units of one office day (8 hours = 1.0). It is negative
  when `end` is before `start` (the same magnitude, swapped), so reports can show "x days
  early" without a special case.

Speed: the holidays of each year are computed once, on first use, and cached on the instance;
`add` and `is_working_day` then cost a few dictionary look-ups per day crossed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import partial
from types import MappingProxyType

from charter.model import Charter, DatedHoliday, FixedHoliday, Standard
from charter.public_holidays import ProvidedHoliday, country_holidays, feast_of

__all__ = ["EAT", "HolidayEntry", "WorkingCalendar", "easter_sunday"]

# How far from the package's estimate of a moon feast an official date of it replaces it.
_FEAST_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class HolidayEntry:
    """One public holiday the calendar uses, and where it came from: "charter" (the charter
    file), "added" (at runtime), or "calendar" (the package's; `estimated` when moon-dated and
    not yet announced)."""

    day: date
    name: str
    source: str
    estimated: bool = False


EAT = timezone(timedelta(hours=3), "EAT")

_ONE_DAY = timedelta(days=1)
_END_OF_DAY = time(23, 59, 59)


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday of `year`, by the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _to_eat(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {moment!r}")
    return moment.astimezone(EAT)


class WorkingCalendar:
    """Working days and office hours of one council, with its public holidays."""

    def __init__(
        self,
        office_open: time,
        office_close: time,
        fixed_holidays: Iterable[FixedHoliday] = (),
        dated_holidays: Iterable[DatedHoliday] = (),
        easter_holidays: bool = True,
        added_holidays: Iterable[DatedHoliday] = (),
        provided: Callable[[int], Iterable[ProvidedHoliday]] | None = None,
    ) -> None:
        """A calendar from office hours and holiday rules; see `from_charter` for the usual way.

        `added_holidays` were added at runtime; `provided` gives a year's holidays beneath the
        charter's (the `holidays` package's, in `from_charter`)."""
        if not office_open < office_close:
            raise ValueError("office_open must be before office_close")
        self.office_open = office_open.replace(tzinfo=None)
        self.office_close = office_close.replace(tzinfo=None)
        self.easter_holidays = easter_holidays
        self._fixed = tuple(fixed_holidays)
        self._dated: dict[int, list[tuple[DatedHoliday, str]]] = {}
        for holidays, source in ((dated_holidays, "charter"), (added_holidays, "added")):
            for holiday in holidays:
                self._dated.setdefault(holiday.date.year, []).append((holiday, source))
        self._provided = provided
        self._office_day = datetime.combine(date.min, self.office_close) - datetime.combine(
            date.min, self.office_open
        )
        # year -> {date: name}; filled lazily. A race between threads only computes a year twice.
        self._years: dict[int, Mapping[date, str]] = {}
        self._entries: dict[int, tuple[HolidayEntry, ...]] = {}

    @classmethod
    def from_charter(
        cls, charter: Charter, extra_holidays: Iterable[DatedHoliday] = ()
    ) -> WorkingCalendar:
        """The calendar a charter describes, plus holidays added at runtime (e.g. a late Eid)."""
        country = charter.holiday_calendar
        return cls(
            office_open=charter.office_open,
            office_close=charter.office_close,
            fixed_holidays=charter.fixed_holidays,
            dated_holidays=charter.dated_holidays,
            easter_holidays=charter.easter_holidays,
            added_holidays=extra_holidays,
            provided=partial(country_holidays, country) if country else None,
        )

    @property
    def office_day(self) -> timedelta:
        """Length of one office day (8 hours for 07:30-15:30)."""
        return self._office_day

    # --- days -----------------------------------------------------------------------------------

    def holidays(self, year: int) -> Mapping[date, str]:
        """All public holidays of `year`, date to name (names joined if two share a date)."""
        cached = self._years.get(year)
        if cached is None:
            cached = self._compute_year(year)
            self._years[year] = cached
        return cached

    def _compute_year(self, year: int) -> Mapping[date, str]:
        found: dict[date, list[str]] = {}
        for entry in self.entries(year):
            names = found.setdefault(entry.day, [])
            if entry.name not in names:
                names.append(entry.name)
        return MappingProxyType({day: " / ".join(names) for day, names in sorted(found.items())})

    def entries(self, year: int) -> tuple[HolidayEntry, ...]:
        """Every public holiday of `year` the calendar uses, with where it came from, by date."""
        cached = self._entries.get(year)
        if cached is None:
            cached = self._compute_entries(year)
            self._entries[year] = cached
        return cached

    def _compute_entries(self, year: int) -> tuple[HolidayEntry, ...]:
        official: list[HolidayEntry] = []
        for fixed in self._fixed:
            try:
                official.append(
                    HolidayEntry(date(year, fixed.month, fixed.day), fixed.name, "charter")
                )
            except ValueError:
                continue  # 29 February in a common year: no holiday that year
        if self.easter_holidays:
            easter = easter_sunday(year)
            official.append(HolidayEntry(easter - timedelta(days=2), "Ijumaa Kuu", "charter"))
            official.append(
                HolidayEntry(easter + timedelta(days=1), "Jumatatu ya Pasaka", "charter")
            )
        for dated, source in self._dated.get(year, ()):
            official.append(HolidayEntry(dated.date, dated.name, source))
        named = {entry.day for entry in official}
        # A feast dated officially (this year or across the new year) replaces its estimate.
        feasts = [
            (feast_of(holiday.name), holiday.date)
            for near in (year - 1, year, year + 1)
            for holiday, _ in self._dated.get(near, ())
        ]
        below = []
        for provided in self._provided(year) if self._provided else ():
            if provided.day in named:
                continue  # the charter names the day: its name, not the package's
            if provided.feast is not None and any(
                feast == provided.feast and abs(day - provided.day) <= _FEAST_WINDOW
                for feast, day in feasts
            ):
                continue
            below.append(HolidayEntry(provided.day, provided.name, "calendar", provided.estimated))
        return tuple(sorted([*official, *below], key=lambda entry: entry.day))

    def holiday_name(self, d: date) -> str | None:
        """The name of the public holiday on `d`, or None if it is not a holiday."""
        return self.holidays(d.year).get(d)

    def is_working_day(self, d: date) -> bool:
        """True on Monday to Friday when the day is not a public holiday."""
        return d.weekday() < 5 and d not in self.holidays(d.year)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        d += _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def working_days_after(self, d: date, n: int) -> date:
        """The Nth working day strictly after `d` (n >= 1)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def count_working_days(self, first: date, last: date) -> int:
        """How many working days lie in first..last, both included (0 if last < first)."""
        if last < first:
            return 0
        # Weekdays by arithmetic, then take off weekday holidays: O(years), not O(days).
        span = (last - first).days + 1
        weeks, rest = divmod(span, 7)
        weekdays = weeks * 5
        start = first.weekday()
        weekdays += sum(1 for offset in range(rest) if (start + offset) % 7 < 5)
        for year in range(first.year, last.year + 1):
            weekdays -= sum(
                1 for day in self.holidays(year) if first <= day <= last and day.weekday() < 5
            )
        return weekdays

    # --- moments --------------------------------------------------------------------------------

    def add(self, start: datetime, standard: Standard) -> datetime:
        """When `standard` (working days or hours, or days) counted from `start` falls due (UTC)."""
        local = _to_eat(start, "start")
        if standard.amount < 0:
            raise ValueError(f"a standard cannot be negative: {standard.amount}")
        if standard.amount == 0:
            return local.astimezone(UTC)
        if standard.unit == "working_days":
            due_day = self.working_days_after(local.date(), standard.amount)
            return self._close_of(due_day).astimezone(UTC)
        if standard.unit == "working_hours":
            return self._add_working_time(local, timedelta(hours=standard.amount)).astimezone(UTC)
        if standard.unit == "days":
            last_day = local.date() + timedelta(days=standard.amount)
            return datetime.combine(last_day, _END_OF_DAY, EAT).astimezone(UTC)
        raise ValueError(f"unknown standard unit {standard.unit!r}")

    def working_days_between(self, start: datetime, end: datetime) -> float:
        """Working time from `start` to `end` in office days (fractional; negative if reversed)."""
        begin = _to_eat(start, "start")
        finish = _to_eat(end, "end")
        if finish < begin:
            return -self.working_days_between(end, start)
        first, last = begin.date(), finish.date()
        if first == last:
            worked = self._worked_on(first, begin, finish)
        else:
            worked = self._worked_on(first, begin, self._close_of(first))
            worked += self._worked_on(last, self._open_of(last), finish)
            worked += self._office_day * self.count_working_days(first + _ONE_DAY, last - _ONE_DAY)
        return worked / self._office_day

    # --- helpers --------------------------------------------------------------------------------

    def _open_of(self, d: date) -> datetime:
        return datetime.combine(d, self.office_open, EAT)

    def _close_of(self, d: date) -> datetime:
        return datetime.combine(d, self.office_close, EAT)

    def _worked_on(self, d: date, begin: datetime, finish: datetime) -> timedelta:
        """Office time on day `d` inside [begin, finish] (both on `d`, in EAT)."""
        if not self.is_working_day(d):
            return timedelta(0)
        lo = max(begin, self._open_of(d))
        hi = min(finish, self._close_of(d))
        return max(hi - lo, timedelta(0))

    def _add_working_time(self, local: datetime, remaining: timedelta) -> datetime:
        day = local.date()
        if not self.is_working_day(day) or local >= self._close_of(day):
            day = self.next_working_day(day)
            cursor = self._open_of(day)
        else:
            cursor = max(local, self._open_of(day))
        while True:
            available = self._close_of(day) - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
            day = self.next_working_day(day)
            cursor = self._open_of(day)
