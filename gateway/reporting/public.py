"""The charter's results as the council publishes them (Taarifa ya matokeo): the report's
figures council-wide and per department, with no group small enough to single anyone out.

Only counts, percentages and medians leave here: never a name, phone, description, reference,
ward or comment. A department with fewer than MIN_GROUP items in the period is merged with
the other small ones into one line; if those together are still fewer, the smallest department
shown on its own joins them. A line that stays below MIN_GROUP (a council with only a few
items) is published as "fewer than 5" without figures, and so is a month of the trend.

No page shows a percentage drawn from fewer than MIN_GROUP answers either (`enough`): "100%"
of 2 answers says nothing, so the count is shown and the reason, never the %.

The trend's small multiples show each department line published on its own, a month at a time:
a month in which that department was merged (fewer than MIN_GROUP items, or joined to the
small ones) gives no figure (`department_trends`), as that month's own page gives none.

Periods overlap (a year holds quarters, a quarter months), so a quarter less two of its months
is the third: the rule holds across them (`merged_groups`). A department merged in any month
or quarter inside the period is merged in the period too, so every line a quarter or year shows
on its own is shown on its own in each of its months, and the longer period adds up what the
months publish and gives nothing more away. A month with fewer than MIN_GROUP items in all
(its council line unpublished) leaves the council and "others" lines of its quarter and year
unpublished too (`small_month`).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from gateway.reporting.breakdowns import NO_ITEM
from gateway.reporting.figures import COUNTS, Figures
from gateway.reporting.periods import Period, parse_period
from gateway.reporting.report import build_report
from gateway.reporting.rules import in_scope, received_in
from gateway.reporting.trend import MonthPoint
from store.models import Complaint

MIN_GROUP = 5  # the fewest items a published figure may be drawn from
COUNCIL = "council"
OTHERS = "others"  # small departments merged
DESK = "desk"  # items the desk has not yet given a department


@dataclass(frozen=True)
class Line:
    """One published line: the council, a department, or small departments merged."""

    group: str  # COUNCIL, a department's slug, DESK, or OTHERS
    departments: tuple[str | None, ...]  # the departments it covers (None: the desk's items)
    figures: Figures | None  # None: fewer than MIN_GROUP items, so no figures are given

    @property
    def published(self) -> bool:
        """True when the line's figures may be shown."""
        return self.figures is not None


def enough(answers: int) -> bool:
    """True when a percentage may be drawn from `answers` (items settled, people who answered):
    MIN_GROUP or more."""
    return answers >= MIN_GROUP


@dataclass(frozen=True)
class Month:
    """One month of the trend: items received, and resolved within standard if enough."""

    month: str  # YYYY-MM
    received: int
    resolve_pct: float | None
    resolved_within: int | None = None  # None: fewer than MIN_GROUP items that month
    resolve_decided: int | None = None


@dataclass(frozen=True)
class MonthShare:
    """One month of a department line's trend: resolved within standard of those settled, or
    None when the department was not published on its own that month."""

    month: str  # YYYY-MM
    resolved_within: int | None
    resolve_decided: int | None


@dataclass(frozen=True)
class DepartmentTrend:
    """A department line published on its own, and its 12 months."""

    line: Line
    months: list[MonthShare]


@dataclass(frozen=True)
class Results:
    """Everything the public page, its CSV and its JSON show for one period."""

    period: Period
    now: datetime
    council: Line  # the whole council's line, or the ward's when `ward` is set
    departments: list[Line]
    trend: list[Month]
    small_month: str | None = None  # a month inside with under MIN_GROUP items (YYYY-MM)
    ward: str | None = None  # one ward's items only (a ward executive officer's report)
    department_trends: list[DepartmentTrend] = field(default_factory=list)


def public_results(
    session: Session,
    period: Period,
    now: datetime,
    kinds: Sequence[str],
    ward: str | None = None,
) -> Results:
    """The period's published figures, built from the charter report's own: the whole
    council's, or one ward's under the same rules (what a ward executive officer sees)."""
    report = build_report(session, period, now, kinds, ward=ward)
    received = received_by_month(report.trend_by_department)
    merged = merged_groups(period, received)
    withheld = small_month(period, received)
    lines = [
        line for line in report.breakdowns["department"] if line.group != NO_ITEM and line.received
    ]
    shown = sorted((line for line in lines if line.group not in merged), key=_by_size)
    small = sorted((line for line in lines if line.group in merged), key=_by_size)
    departments = [_line(line.group or DESK, (line.group,), line) for line in shown]
    if small:
        together = _merged(session, period, small, ward)
        others = _line(OTHERS, tuple(s.group for s in small), together, withheld)
        departments.append(others)
    return Results(
        period=period,
        now=now,
        council=_line(COUNCIL, (), report.overall, withheld),
        departments=departments,
        trend=[_month(point) for point in report.trend],
        small_month=withheld,
        ward=ward,
        department_trends=department_trends(departments, report.trend_by_department, received),
    )


# Items received per month (YYYY-MM) and department (None: the desk's): all the rule reads.
Received = Mapping[str, Mapping[str | None, int]]


def merged_groups(period: Period, received: Received) -> set[str | None]:
    """The departments merged into "others" when `period` is published.

    Those with fewer than MIN_GROUP items in the period, and every department merged in a
    month or quarter inside it (a year's quarters hold their months'); if those together are
    still fewer than MIN_GROUP, the smallest of the others joins them.
    """
    sizes: Counter[str | None] = Counter()
    for month in period.months():
        sizes.update(received.get(month.key, {}))
    inside = set().union(*(merged_groups(part, received) for part in period.parts()))
    present = {group: n for group, n in sizes.items() if n > 0}
    merged = {group for group, n in present.items() if n < MIN_GROUP or group in inside}
    shown = [group for group in present if group not in merged]
    if merged and sum(present[group] for group in merged) < MIN_GROUP and shown:
        merged.add(max(shown, key=lambda group: (-present[group], group or "")))  # smallest
    return merged


def small_month(period: Period, received: Received) -> str | None:
    """The first month inside a quarter or year with some items but fewer than MIN_GROUP.

    That month's council line is unpublished; its quarter's and year's council and "others"
    lines, less the other months, would publish it, so they are not published either.
    """
    if period.kind == "month":
        return None  # the month's own lines are held to MIN_GROUP as they are
    for month in period.months():
        if 0 < sum(received.get(month.key, {}).values()) < MIN_GROUP:
            return month.key
    return None


def received_by_month(trends: Mapping[str | None, Sequence[MonthPoint]]) -> Received:
    """Items received per month (the trend's 12, which hold the period's) and department."""
    found: dict[str, dict[str | None, int]] = {}
    for department, points in trends.items():
        for point in points:
            if point.received:
                found.setdefault(point.month, {})[department] = point.received
    return found


def department_trends(
    lines: Sequence[Line],
    trends: Mapping[str | None, Sequence[MonthPoint]],
    received: Received,
) -> list[DepartmentTrend]:
    """The trend of each department line published on its own (not "others"): each month's
    figures where that department was on its own that month, else None."""
    merged: dict[str, set[str | None]] = {}
    shown = []
    for line in lines:
        if line.group == OTHERS or not line.published:
            continue
        (department,) = line.departments
        months = []
        for point in trends.get(department, []):
            if point.month not in merged:
                merged[point.month] = merged_groups(parse_period(point.month), received)
            alone = department not in merged[point.month]  # a month with none: 0 of 0
            months.append(
                MonthShare(
                    point.month,
                    point.resolved_within if alone else None,
                    point.resolve_decided if alone else None,
                )
            )
        shown.append(DepartmentTrend(line, months))
    return shown


def _by_size(line: Figures) -> tuple[int, str]:
    return (-line.received, line.group or "")


def _line(
    group: str,
    departments: tuple[str | None, ...],
    figures: Figures,
    withheld: str | None = None,
) -> Line:
    """A line, with no figures under MIN_GROUP items or when a month inside is withheld."""
    published = figures.received >= MIN_GROUP and withheld is None
    return Line(group, departments, figures if published else None)


def _merged(session: Session, period: Period, lines: list[Figures], ward: str | None) -> Figures:
    """The small departments' figures added up, with the medians of their items together."""
    counts = {name: sum(getattr(line, name) for line in lines) for name in COUNTS}
    by_kind: Counter[str] = Counter()
    for line in lines:
        by_kind.update(line.by_kind)
    acknowledge, resolve = _medians(session, period, [line.group for line in lines], ward)
    return replace(
        Figures(group=OTHERS, by_kind=dict(by_kind), **counts),
        median_ack_days=acknowledge,
        median_resolve_days=resolve,
    )


def _medians(
    session: Session, period: Period, departments: Iterable[str | None], ward: str | None
) -> tuple[float | None, float | None]:
    """Median working days to acknowledge and to resolve over the merged departments' items.

    The merged line covers fewer than MIN_GROUP items per department, so the values are few;
    the median is taken as the report takes it (the middle value, or the mean of the two).
    """
    departments = list(departments)
    named = [slug for slug in departments if slug is not None]
    rows = session.execute(
        select(Complaint.acknowledge_days, Complaint.resolve_days).where(
            received_in(period),
            *in_scope(None, ward),
            or_(
                Complaint.department.in_(named),
                Complaint.department.is_(None) if None in departments else false(),
            ),
        )
    ).all()
    return (
        _median(row[0] for row in rows),
        _median(row[1] for row in rows),
    )


def _median(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return round(statistics.median(present), 2) if present else None


def _month(point: MonthPoint) -> Month:
    if 0 < point.received < MIN_GROUP:
        return Month(point.month, point.received, None)
    return Month(
        point.month,
        point.received,
        point.resolve_pct,
        point.resolved_within,
        point.resolve_decided,
    )
