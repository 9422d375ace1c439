"""The item figures of the report: every count for the period's items (`Figures`), the
median working days, and the items referred outside the council."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session

from gateway.lifecycle.statuses import REFERRED
from gateway.reporting.breakdowns import (
    BREAKDOWNS,
    GROUPING_SET_OF_MASK,
    breakdown_sets,
    dialect,
    grouped_by_breakdowns,
)
from gateway.reporting.periods import Period
from gateway.reporting.rules import (
    counted,
    in_scope,
    open_clause,
    overdue_clause,
    percent,
    received_in,
)
from store.models import Complaint


@dataclass(frozen=True)
class Figures:
    """One line of the report: overall, or one department, ward or channel."""

    group: str | None
    received: int = 0
    ack_within: int = 0
    ack_late: int = 0
    ack_missed: int = 0
    resolved_within: int = 0
    resolved_late: int = 0
    resolve_missed: int = 0
    open_now: int = 0
    overdue_now: int = 0
    appeals_opened: int = 0
    appeals_no_answer: int = 0  # opened on an item that had no answer (a breach)
    appeals_decided: int = 0
    appeals_decided_in_time: int = 0
    appeals_pending_overdue: int = 0
    satisfied_yes: int = 0
    satisfied_answers: int = 0
    referred: int = 0  # sent to an institution outside the council: off the council's clock
    ack_by_weo: int = 0  # acknowledged by the ward's executive officer (the front line)
    median_ack_days: float | None = None
    median_resolve_days: float | None = None
    by_kind: dict[str, int] = field(default_factory=dict)
    sms_sent: int = 0
    sms_delivered: int = 0
    sms_failed: int = 0
    sms_parts: int = 0
    sms_cost: dict[str, Decimal] = field(default_factory=dict)  # currency -> amount

    @property
    def ack_decided(self) -> int:
        """Items whose acknowledgement standard is settled: on time, late or missed."""
        return self.ack_within + self.ack_late + self.ack_missed

    @property
    def resolve_decided(self) -> int:
        """Items whose answer standard is settled: on time, late or missed while open."""
        return self.resolved_within + self.resolved_late + self.resolve_missed

    @property
    def ack_pct(self) -> float | None:
        """Acknowledged within standard, % of those settled."""
        return percent(self.ack_within, self.ack_decided)

    @property
    def resolve_pct(self) -> float | None:
        """Resolved within standard, % of those settled."""
        return percent(self.resolved_within, self.resolve_decided)

    @property
    def satisfied_pct(self) -> float | None:
        """Satisfied (answered 1), % of answers."""
        return percent(self.satisfied_yes, self.satisfied_answers)


# The counted fields of Figures, as labelled in `_figure_columns`.
COUNTS = (
    "received",
    "ack_within",
    "ack_late",
    "ack_missed",
    "resolved_within",
    "resolved_late",
    "resolve_missed",
    "open_now",
    "overdue_now",
    "appeals_opened",
    "appeals_no_answer",
    "appeals_decided",
    "appeals_decided_in_time",
    "appeals_pending_overdue",
    "satisfied_yes",
    "satisfied_answers",
    "referred",
    "ack_by_weo",
)


def _figure_columns(now: datetime) -> list[ColumnElement[int]]:
    c = Complaint
    ack_due = c.acknowledge_due_at.is_not(None)
    answer_due = c.answer_due_at.is_not(None)
    acked = c.acknowledged_at.is_not(None)
    resolved = c.resolved_at.is_not(None)
    appealed = c.appeal_opened_at.is_not(None)
    decided = c.appeal_decided_at.is_not(None)
    return [
        func.count().label("received"),
        counted(and_(ack_due, acked, c.acknowledged_at <= c.acknowledge_due_at)).label(
            "ack_within"
        ),
        counted(and_(ack_due, acked, c.acknowledged_at > c.acknowledge_due_at)).label("ack_late"),
        counted(and_(ack_due, ~acked, c.acknowledge_due_at < now, c.status != REFERRED)).label(
            "ack_missed"
        ),
        counted(and_(answer_due, resolved, c.resolved_at <= c.answer_due_at)).label(
            "resolved_within"
        ),
        counted(and_(answer_due, resolved, c.resolved_at > c.answer_due_at)).label("resolved_late"),
        counted(and_(~resolved, overdue_clause(now))).label("resolve_missed"),
        counted(open_clause()).label("open_now"),
        counted(and_(open_clause(), overdue_clause(now))).label("overdue_now"),
        counted(appealed).label("appeals_opened"),
        counted(and_(appealed, ~resolved)).label("appeals_no_answer"),
        counted(decided).label("appeals_decided"),
        counted(and_(decided, c.appeal_decided_at <= c.appeal_due_at)).label(
            "appeals_decided_in_time"
        ),
        counted(and_(appealed, ~decided, c.appeal_due_at < now)).label("appeals_pending_overdue"),
        counted(c.satisfied.is_(True)).label("satisfied_yes"),
        counted(c.satisfied.is_not(None)).label("satisfied_answers"),
        counted(c.status == REFERRED).label("referred"),
        counted(c.acknowledged_role == "weo").label("ack_by_weo"),
    ]


def count_figures(
    session: Session,
    period: Period,
    now: datetime,
    kinds: Sequence[str],
    department: str | None = None,
    ward: str | None = None,
) -> dict[str, dict[str | None, Figures]]:
    """Every count for the period's items: overall, and per department, ward and channel."""
    c = Complaint
    kind_columns = [counted(c.kind == kind).label(f"kind_{i}") for i, kind in enumerate(kinds)]
    names = (*COUNTS, *(f"kind_{i}" for i in range(len(kinds))))
    statement = select(*_figure_columns(now), *kind_columns).where(
        received_in(period), *in_scope(department, ward)
    )
    sums: dict[str, dict[str | None, list[int]]] = {by: {} for by in BREAKDOWNS}
    for by, row in grouped_by_breakdowns(session, statement):
        key = None if by == "overall" else row[by]
        total = sums[by].setdefault(key, [0] * len(names))
        for index, name in enumerate(names):
            total[index] += row[name]
    sums["overall"].setdefault(None, [0] * len(names))
    lines: dict[str, dict[str | None, Figures]] = {}
    for by, groups in sums.items():
        lines[by] = {}
        for key, total in groups.items():
            values: dict[str, Any] = dict(zip(names, total, strict=True))
            by_kind = {kind: values[f"kind_{i}"] for i, kind in enumerate(kinds)}
            lines[by][key] = Figures(
                group=key,
                by_kind={kind: n for kind, n in by_kind.items() if n},
                **{name: values[name] for name in COUNTS},
            )
    return lines


MEDIAN_COLUMNS = ("acknowledge_days", "resolve_days")


def median_days(
    session: Session,
    period: Period,
    department: str | None = None,
    ward: str | None = None,
) -> dict[str, dict[str, dict[str | None, float | None]]]:
    """Medians of the working-days columns over the period's items, overall and per breakdown:
    `medians[column][breakdown][group]`, e.g. medians["resolve_days"]["ward"]["Iwawa"].
    """
    where = [received_in(period), *in_scope(department, ward)]
    medians = _postgres_medians if dialect(session) == "postgresql" else _sqlite_medians
    found: dict[str, dict[str, dict[str | None, float | None]]] = {
        name: {by: {} for by in BREAKDOWNS} for name in MEDIAN_COLUMNS
    }
    for column_name, by, group, median in medians(session, where):
        if median is not None:  # a group with no value has no median, as it has no line
            found[column_name][by][group] = _float(median)
    return found


# (column, breakdown, group, median) for every median the report shows.
MedianRows = Iterator[tuple[str, str, str | None, Any]]


def _postgres_medians(session: Session, where: Sequence[ColumnElement[bool]]) -> MedianRows:
    """Both medians for every breakdown in one pass: percentile_cont by GROUPING SETS."""
    c = Complaint
    dimensions = (c.department, c.ward, c.channel)
    medians = [
        func.percentile_cont(0.5).within_group(getattr(c, name)).label(name)
        for name in MEDIAN_COLUMNS
    ]
    statement = (
        select(*medians, *dimensions, func.grouping(*dimensions).label("grouping_mask"))
        .where(*where)
        .group_by(breakdown_sets(dimensions))
    )
    for row in session.execute(statement).mappings():
        by = GROUPING_SET_OF_MASK[row["grouping_mask"]]
        for column_name in MEDIAN_COLUMNS:
            yield column_name, by, None if by == "overall" else row[by], row[column_name]


def _sqlite_medians(session: Session, where: Sequence[ColumnElement[bool]]) -> MedianRows:
    """The medians on SQLite, which has no percentile_cont: the middle row(s) of each group.

    One statement: the period's rows are read once into a common table expression, and each
    (column, breakdown) pair is a member of a UNION ALL over it, which finds the middle row(s)
    of the ordered values with ROW_NUMBER per group and averages them, as percentile_cont(0.5)
    does.
    """
    c = Complaint
    base = (
        select(c.department, c.ward, c.channel, c.acknowledge_days, c.resolve_days)
        .where(*where)
        .cte("period_items")
        .prefix_with("MATERIALIZED")
    )
    members = []
    for column_name in MEDIAN_COLUMNS:
        value = base.c[column_name]
        for by in BREAKDOWNS:
            group = base.c[by] if by != "overall" else None
            tag: ColumnElement[str] = literal_column(f"'{column_name}:{by}'")  # our constants
            key = group if group is not None else literal_column("NULL")
            partition = [group] if group is not None else None
            ranked = (
                select(
                    key.label("grp"),
                    value.label("v"),
                    func.row_number().over(partition_by=partition, order_by=value).label("rn"),
                    # The same window as row_number (with the whole partition as its frame),
                    # so SQLite sorts each group once for both.
                    func.count()
                    .over(partition_by=partition, order_by=value, rows=(None, None))
                    .label("n"),
                )
                .where(value.is_not(None))
                .subquery()
            )
            middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
            members.append(
                select(tag, ranked.c.grp, func.avg(ranked.c.v)).where(middle).group_by(ranked.c.grp)
            )
    for tag_value, group, median in session.execute(union_all(*members)):
        column_name, by = tag_value.split(":")
        yield column_name, by, group, median


def _float(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def referrals(
    session: Session, period: Period, department: str | None = None, ward: str | None = None
) -> dict[str, int]:
    """The period's items now referred outside the council, per institution (its slug), read
    from the small partial index of referred items."""
    c = Complaint
    rows = session.execute(
        select(c.referred_to, func.count())
        .where(c.referred_to.is_not(None), received_in(period), *in_scope(department, ward))
        .group_by(c.referred_to)
        .order_by(c.referred_to)
    ).all()
    return {str(slug): int(count) for slug, count in rows}
