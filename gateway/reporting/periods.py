"""The report's periods: a calendar month, quarter or year in East Africa Time, by its key
(2026-10, 2026-Q4, 2026) as written in a URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from charter.calendar import EAT

_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$")


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year in East Africa Time; `end` is the first day after it."""

    kind: str  # month, quarter, year
    start: date
    end: date

    @property
    def key(self) -> str:
        """The period as written in a URL: 2026-10, 2026-Q4 or 2026."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as UTC moments [start, end): East Africa midnights."""
        return eat_midnight(self.start), eat_midnight(self.end)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return period_ending(self.kind, self.start)

    def next(self) -> Period:
        """The period of the same kind just after this one."""
        return period_of(self.kind, self.end)

    @property
    def last_day(self) -> date:
        """The period's last day (inclusive)."""
        return self.end - timedelta(days=1)

    def parts(self) -> list[Period]:
        """The published periods just inside this one: a year's quarters, a quarter's months."""
        inner = {"year": ("quarter", 3), "quarter": ("month", 1)}.get(self.kind)
        if inner is None:
            return []
        kind, step = inner
        return [period_of(kind, start) for start in _starts(self.start, self.end, step)]

    def months(self) -> list[Period]:
        """The calendar months the period covers."""
        return [period_of("month", start) for start in _starts(self.start, self.end, 1)]


def _starts(start: date, end: date, months: int) -> list[date]:
    """The first days, `months` apart, from `start` (a month's first day) until `end`."""
    found = []
    while start < end:
        found.append(start)
        start = add_months(start, months)
    return found


def eat_midnight(day: date) -> datetime:
    """The first moment of `day` in East Africa Time, as UTC."""
    return datetime.combine(day, time(0), EAT).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(kind: str, day: date) -> Period:
    """The month, quarter or year that contains `day`."""
    if kind == "month":
        start = day.replace(day=1)
        return Period(kind, start, add_months(start, 1))
    if kind == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(kind, start, add_months(start, 3))
    if kind == "year":
        return Period(kind, date(day.year, 1, 1), date(day.year + 1, 1, 1))
    raise ValueError(f"unknown period kind {kind!r}")


def period_ending(kind: str, end: date) -> Period:
    """The month, quarter or year that ends the day before `end`."""
    return period_of(kind, end - timedelta(days=1))


def last_month(today: date) -> Period:
    """The report's default: the last whole month before `today`."""
    return period_ending("month", today.replace(day=1))


def parse_period(text: str) -> Period:
    """A period from its key (2026-10, 2026-Q4, 2026); ValueError for anything else."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise ValueError(f"not a period: {text!r}")
    year, month, quarter = match.groups()
    if not 2000 <= int(year) <= 2999:
        raise ValueError(f"year out of range: {year}")
    if month:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"not a month: {month}")
        return period_of("month", date(int(year), int(month), 1))
    if quarter:
        return period_of("quarter", date(int(year), (int(quarter) - 1) * 3 + 1, 1))
    return period_of("year", date(int(year), 1, 1))


def local_today(now: datetime) -> date:
    """Today's date in East Africa Time."""
    return now.astimezone(EAT).date()


def period_timing(period: Period, today: date) -> str | None:
    """Whether the period has not begun ("not_begun"), is running ("running"), or is over."""
    if period.start > today:
        return "not_begun"
    if period.end > today:
        return "running"
    return None


def period_choices(today: date) -> list[tuple[str, Period]]:
    """Quick links: this and last month, quarter and year."""
    choices = []
    for kind in ("month", "quarter", "year"):
        current = period_of(kind, today)
        choices += [(f"this_{kind}", current), (f"last_{kind}", current.previous())]
    return choices
