"""The 12-month trend: items received each month, and resolved within standard, for the whole
scope and for each department in it (the charts' small multiples), in one grouped read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.orm import Session

from gateway.reporting.periods import Period, add_months, period_of
from gateway.reporting.rules import counted, in_scope, overdue_clause, percent, received_in
from store.models import Complaint

TREND_MONTHS = 12


@dataclass(frozen=True)
class MonthPoint:
    """One month of the trend chart."""

    month: str  # YYYY-MM in East Africa Time
    received: int
    resolved_within: int
    resolve_decided: int  # settled: resolved (in time or late) or missed while open

    @property
    def resolve_pct(self) -> float | None:
        """Resolved within standard, % of those settled."""
        return percent(self.resolved_within, self.resolve_decided)


@dataclass(frozen=True)
class Trend:
    """The trend of the whole scope, and of each department with an item in its 12 months."""

    overall: list[MonthPoint]
    by_department: dict[str | None, list[MonthPoint]] = field(default_factory=dict)  # None: desk


def trend_months(period: Period) -> list[Period]:
    """The 12 months ending with the period's last."""
    first = add_months(period.end, -TREND_MONTHS)
    return [period_of("month", add_months(first, index)) for index in range(TREND_MONTHS)]


def monthly_trend(
    session: Session,
    period: Period,
    now: datetime,
    department: str | None = None,
    ward: str | None = None,
) -> Trend:
    """The 12 months ending with the period: items received, and resolved within standard,
    overall and per department."""
    months = trend_months(period)
    c = Complaint
    # The month as a CASE over its East Africa boundaries: plain comparisons on the indexed
    # column, the same on both databases, and cheaper per row than formatting a date.
    month = case(
        *[
            (c.received_at < month.bounds()[1], literal_column(str(index)))
            for index, month in enumerate(months)
        ],
        else_=literal_column("-1"),
    )
    answer_due = c.answer_due_at.is_not(None)
    resolved = c.resolved_at.is_not(None)
    within = and_(answer_due, resolved, c.resolved_at <= c.answer_due_at)
    decided = or_(and_(answer_due, resolved), and_(~resolved, overdue_clause(now)))
    window = Period("months", months[0].start, period.end)
    rows = session.execute(
        select(month.label("month"), c.department, func.count(), counted(within), counted(decided))
        .where(received_in(window), *in_scope(department, ward))
        .group_by(month, c.department)
    ).all()
    found: dict[str | None, dict[int, tuple[int, int, int]]] = {}
    for index, slug, received, resolved_within, resolve_decided in rows:
        counts = (int(received), int(resolved_within), int(resolve_decided))
        found.setdefault(slug, {})[int(index)] = counts
    by_department = {slug: _points(months, counts) for slug, counts in found.items()}
    overall = [
        MonthPoint(
            month.key,
            sum(points[index].received for points in by_department.values()),
            sum(points[index].resolved_within for points in by_department.values()),
            sum(points[index].resolve_decided for points in by_department.values()),
        )
        for index, month in enumerate(months)
    ]
    return Trend(overall=overall, by_department=by_department)


def _points(months: list[Period], counts: dict[int, tuple[int, int, int]]) -> list[MonthPoint]:
    """One point a month, from the counts found by month index (none found: zeros)."""
    return [
        MonthPoint(month.key, *counts.get(index, (0, 0, 0))) for index, month in enumerate(months)
    ]
