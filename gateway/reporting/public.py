"""The charter's results as the council publishes them (Taarifa ya matokeo): the report's
figures council-wide and per department, with no group small enough to single anyone out.

Only counts, percentages and medians leave here: never a name, phone, description, reference,
ward or comment. A department with fewer than MIN_GROUP items in the period is merged with
the other small ones into one line; if those together are still fewer, the smallest department
shown on its own joins them. A line that stays below MIN_GROUP (a council with only a few
items) is published as "fewer than 5" without figures, and so is a month of the trend.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from gateway.reporting.breakdowns import NO_ITEM
from gateway.reporting.figures import COUNTS, Figures
from gateway.reporting.periods import Period
from gateway.reporting.report import build_report
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


@dataclass(frozen=True)
class Month:
    """One month of the trend: items received, and resolved within standard if enough."""

    month: str  # YYYY-MM
    received: int
    resolve_pct: float | None


@dataclass(frozen=True)
class Results:
    """Everything the public page, its CSV and its JSON show for one period."""

    period: Period
    now: datetime
    council: Line
    departments: list[Line]
    trend: list[Month]


def public_results(
    session: Session, period: Period, now: datetime, kinds: Sequence[str]
) -> Results:
    """The period's published figures, built from the charter report's own."""
    report = build_report(session, period, now, kinds)
    lines = [
        line for line in report.breakdowns["department"] if line.group != NO_ITEM and line.received
    ]
    shown, small = _split(lines)
    departments = [_line(line.group or DESK, (line.group,), line) for line in shown]
    if small:
        merged = _merged(session, period, small)
        departments.append(_line(OTHERS, tuple(s.group for s in small), merged))
    return Results(
        period=period,
        now=now,
        council=_line(COUNCIL, (), report.overall),
        departments=departments,
        trend=[_month(point) for point in report.trend],
    )


def _split(lines: list[Figures]) -> tuple[list[Figures], list[Figures]]:
    """Departments big enough to stand alone, and the small ones to merge (at least MIN_GROUP
    together, taking in the smallest of the others if need be)."""
    shown = sorted((line for line in lines if line.received >= MIN_GROUP), key=_by_size)
    small = [line for line in lines if line.received < MIN_GROUP]
    if small and sum(line.received for line in small) < MIN_GROUP and shown:
        small.append(shown.pop())  # the smallest shown: sorted largest first
    return shown, sorted(small, key=_by_size)


def _by_size(line: Figures) -> tuple[int, str]:
    return (-line.received, line.group or "")


def _line(group: str, departments: tuple[str | None, ...], figures: Figures) -> Line:
    return Line(group, departments, figures if figures.received >= MIN_GROUP else None)


def _merged(session: Session, period: Period, lines: list[Figures]) -> Figures:
    """The small departments' figures added up, with the medians of their items together."""
    counts = {name: sum(getattr(line, name) for line in lines) for name in COUNTS}
    by_kind: Counter[str] = Counter()
    for line in lines:
        by_kind.update(line.by_kind)
    acknowledge, resolve = _medians(session, period, [line.group for line in lines])
    return replace(
        Figures(group=OTHERS, by_kind=dict(by_kind), **counts),
        median_ack_days=acknowledge,
        median_resolve_days=resolve,
    )


def _medians(
    session: Session, period: Period, departments: Iterable[str | None]
) -> tuple[float | None, float | None]:
    """Median working days to acknowledge and to resolve over the merged departments' items.

    The merged line covers fewer than MIN_GROUP items per department, so the values are few;
    the median is taken as the report takes it (the middle value, or the mean of the two).
    """
    departments = list(departments)
    named = [slug for slug in departments if slug is not None]
    start, end = period.bounds()
    rows = session.execute(
        select(Complaint.acknowledge_days, Complaint.resolve_days).where(
            Complaint.received_at >= start,
            Complaint.received_at < end,
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
    pct = point.resolve_pct if point.received >= MIN_GROUP else None
    return Month(point.month, point.received, pct)
