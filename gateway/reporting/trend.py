"""The 12-month trend: items received each month, and resolved within standard."""

from __future__ import annotations

from dataclasses import dataclass
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
    resolve_decided: int

    @property
    def resolve_pct(self) -> float | None:
        """Resolved within standard, % of those settled."""
        return percent(self.resolved_within, self.resolve_decided)


def monthly_trend(
    session: Session,
    period: Period,
    now: datetime,
    department: str | None = None,
    ward: str | None = None,
) -> list[MonthPoint]:
    """The 12 months ending with the period: items received, and resolved within standard."""
    first = add_months(period.end, -TREND_MONTHS)
    months = [period_of("month", add_months(first, index)) for index in range(TREND_MONTHS)]
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
    window = Period("months", first, period.end)
    rows = session.execute(
        select(month.label("month"), func.count(), counted(within), counted(decided))
        .where(received_in(window), *in_scope(department, ward))
        .group_by(month)
    ).all()
    found = {int(row[0]): row[1:] for row in rows}
    return [
        MonthPoint(f"{month.start:%Y-%m}", *found.get(index, (0, 0, 0)))
        for index, month in enumerate(months)
    ]
