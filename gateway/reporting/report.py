"""The charter report (Taarifa ya matokeo kwa kulinganisha na viwango): each standard against
what was achieved, aggregated in SQL.

Every function takes `session` first and runs GROUP BY queries; Python never sees an item row,
only aggregates (on SQLite, which has no GROUPING SETS, the breakdowns are sums of a few
thousand (department, ward, channel) groups). No Flask here: the console renders these
figures, bench/report.py times them on a million items.

The queries read covering indexes only, never the tables' rows (ix_complaints_report and the
ix_outbox_report_* indexes in store/models.py): a column a query here starts to read belongs in
its index too, or that query visits the table again and a year's report slows down.

How an item counts (items RECEIVED in the period, their state as at `now`):

* Acknowledged within standard: acknowledged_at <= acknowledge_due_at. Acknowledged after it is
  late; not acknowledged and past it is a miss too. Not acknowledged and not yet due is pending
  and left out of the percentage.
* Resolved within standard: resolved_at <= answer_due_at (the deadline with approved extensions
  and paused time). Resolved after it is late; unresolved and past it is a miss, whatever the
  status (an item escalated to the DED unanswered is a miss). A resolved-on-time item is never
  late, whatever happened after. Items owing no answer (a compliment) are left out.
* Open now: not resolved, still received/acknowledged/waiting/appealed, and still owing
  something (an answer, or for items owing no answer, an acknowledgement).
* Overdue now: open and past answer_due_at. An item waiting on the citizen is paused: it is
  overdue only if it was already late when the pause began.
* Medians: of the acknowledge_days / resolve_days columns (working days, fixed when it happened).
* Appeals: opened on the period's items; decided (in time or late) and pending.
* Satisfaction: the share of "1" (satisfied) among the answers given.
* SMS: messages accepted by Africa's Talking in the period (sent_at), with their parts and cost;
  failed: messages written in the period that failed for good.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Label,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from charter.calendar import EAT
from gateway.lifecycle.statuses import OPEN, REFERRED
from gateway.messaging.outbox import DELIVERED, FAILED
from store.models import CharterFeedback, Complaint, OutboxMessage, Survey, SurveyRecipient

# Statuses in which an item still awaits the council (the appeal is the DED's to answer).
# The breakdowns the charter report gives beside the overall figures.
DIMENSIONS: dict[str, InstrumentedAttribute[Any]] = {
    "department": Complaint.department,
    "ward": Complaint.ward,
    "channel": Complaint.channel,
}
BREAKDOWNS = ("overall", *DIMENSIONS)
NO_ITEM = "(no item)"  # the breakdowns' line for SMS about no item (a survey, a digest)
TREND_MONTHS = 12
RECENT_COMMENTS = 10
_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$")


# --- the period -------------------------------------------------------------------------------


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
        return _eat_midnight(self.start), _eat_midnight(self.end)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return _period_ending(self.kind, self.start)

    def next(self) -> Period:
        """The period of the same kind just after this one."""
        return period_of(self.kind, self.end)

    @property
    def last_day(self) -> date:
        """The period's last day (inclusive)."""
        return self.end - timedelta(days=1)


def _eat_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), EAT).astimezone(UTC)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(kind: str, day: date) -> Period:
    """The month, quarter or year that contains `day`."""
    if kind == "month":
        start = day.replace(day=1)
        return Period(kind, start, _add_months(start, 1))
    if kind == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(kind, start, _add_months(start, 3))
    if kind == "year":
        return Period(kind, date(day.year, 1, 1), date(day.year + 1, 1, 1))
    raise ValueError(f"unknown period kind {kind!r}")


def _period_ending(kind: str, end: date) -> Period:
    return period_of(kind, end - timedelta(days=1))


def last_month(today: date) -> Period:
    """The report's default: the last whole month before `today`."""
    return _period_ending("month", today.replace(day=1))


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


# --- the rules, as SQL conditions -------------------------------------------------------------


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """Past the answer deadline and not paused before it (an open item's miss); an item referred
    outside the council is off its clock, counted apart (`referrals`)."""
    c = Complaint
    return and_(
        c.status != REFERRED,
        c.answer_due_at.is_not(None),
        c.answer_due_at < now,
        or_(c.paused_at.is_(None), c.paused_at > c.answer_due_at),
    )


def open_clause() -> ColumnElement[bool]:
    """The item still owes the citizen something (see the module's notes)."""
    c = Complaint
    return and_(
        c.resolved_at.is_(None),
        c.status.in_(OPEN),
        or_(c.answer_due_at.is_not(None), c.acknowledged_at.is_(None)),
    )


def _received_in(period: Period) -> ColumnElement[bool]:
    start, end = period.bounds()
    return and_(Complaint.received_at >= start, Complaint.received_at < end)


def _scope(department: str | None) -> list[ColumnElement[bool]]:
    return [] if department is None else [Complaint.department == department]


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count().filter(condition)


# --- the item figures -------------------------------------------------------------------------


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
        return _pct(self.ack_within, self.ack_decided)

    @property
    def resolve_pct(self) -> float | None:
        """Resolved within standard, % of those settled."""
        return _pct(self.resolved_within, self.resolve_decided)

    @property
    def satisfied_pct(self) -> float | None:
        """Satisfied (answered 1), % of answers."""
        return _pct(self.satisfied_yes, self.satisfied_answers)


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


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


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
        _count(and_(ack_due, acked, c.acknowledged_at <= c.acknowledge_due_at)).label("ack_within"),
        _count(and_(ack_due, acked, c.acknowledged_at > c.acknowledge_due_at)).label("ack_late"),
        _count(and_(ack_due, ~acked, c.acknowledge_due_at < now, c.status != REFERRED)).label(
            "ack_missed"
        ),
        _count(and_(answer_due, resolved, c.resolved_at <= c.answer_due_at)).label(
            "resolved_within"
        ),
        _count(and_(answer_due, resolved, c.resolved_at > c.answer_due_at)).label("resolved_late"),
        _count(and_(~resolved, overdue_clause(now))).label("resolve_missed"),
        _count(open_clause()).label("open_now"),
        _count(and_(open_clause(), overdue_clause(now))).label("overdue_now"),
        _count(appealed).label("appeals_opened"),
        _count(and_(appealed, ~resolved)).label("appeals_no_answer"),
        _count(decided).label("appeals_decided"),
        _count(and_(decided, c.appeal_decided_at <= c.appeal_due_at)).label(
            "appeals_decided_in_time"
        ),
        _count(and_(appealed, ~decided, c.appeal_due_at < now)).label("appeals_pending_overdue"),
        _count(c.satisfied.is_(True)).label("satisfied_yes"),
        _count(c.satisfied.is_not(None)).label("satisfied_answers"),
        _count(c.status == REFERRED).label("referred"),
        _count(c.acknowledged_role == "weo").label("ack_by_weo"),
    ]


# A column to group by: a model's attribute or an expression.
GroupColumn = ColumnElement[Any] | InstrumentedAttribute[Any]

# GROUPING(department, ward, channel) on PostgreSQL: a bit is set for each column rolled up.
_GROUPING_SET_OF_MASK = {0b111: "overall", 0b011: "department", 0b101: "ward", 0b110: "channel"}


def _breakdown_sets(
    dimensions: Sequence[GroupColumn], keys: Sequence[GroupColumn] = ()
) -> ColumnElement[Any]:
    """GROUPING SETS for overall, department, ward and channel, each also by `keys`."""
    department, ward, channel = dimensions
    chosen_sets = ((), (department,), (ward,), (channel,))
    return func.grouping_sets(*(tuple_(*keys, *chosen) for chosen in chosen_sets))


def _grouped_by_breakdowns(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    keys: Sequence[Label[Any]] = (),
) -> Iterator[tuple[str, Any]]:
    """Run a `statement` of counts and sums grouped for every breakdown; yield (breakdown, row).

    The rows are grouped once by (keys, department, ward, channel) together: one hash
    aggregate into a few thousand groups at most. PostgreSQL then adds those groups up by
    GROUPING SETS (overall, department, ward, channel) in the same statement, so each row
    belongs to one breakdown; grouping the items themselves by GROUPING SETS would aggregate
    every item four times. SQLite has no GROUPING SETS: each group is yielded for every
    breakdown, for the caller to add up. Every column of `statement` must be a count or a sum
    (so that sums of them are right); labelled `keys` are grouped by in every set.
    """
    c = Complaint
    dimensions = (c.department, c.ward, c.channel)
    flat = statement.add_columns(*keys, *dimensions).group_by(*keys, *dimensions)
    if _dialect(session) != "postgresql":
        for row in session.execute(flat).mappings():
            for by in BREAKDOWNS:
                yield by, row
        return
    groups = flat.subquery()
    totals = [  # 0, not NULL, for the overall line of a period with no items
        cast(func.coalesce(func.sum(groups.c[name]), 0), BigInteger).label(name)
        for name in statement.selected_columns.keys()
    ]
    group_keys = [groups.c[key.name] for key in keys]
    group_dimensions = [groups.c.department, groups.c.ward, groups.c.channel]
    rolled_up = select(
        *totals,
        *group_keys,
        *group_dimensions,
        func.grouping(*group_dimensions).label("grouping_mask"),
    ).group_by(_breakdown_sets(group_dimensions, group_keys))
    for row in session.execute(rolled_up).mappings():
        yield _GROUPING_SET_OF_MASK[row["grouping_mask"]], row


def count_figures(
    session: Session,
    period: Period,
    now: datetime,
    kinds: Sequence[str],
    department: str | None = None,
) -> dict[str, dict[str | None, Figures]]:
    """Every count for the period's items: overall, and per department, ward and channel."""
    c = Complaint
    kind_columns = [_count(c.kind == kind).label(f"kind_{i}") for i, kind in enumerate(kinds)]
    names = (*COUNTS, *(f"kind_{i}" for i in range(len(kinds))))
    statement = select(*_figure_columns(now), *kind_columns).where(
        _received_in(period), *_scope(department)
    )
    sums: dict[str, dict[str | None, list[int]]] = {by: {} for by in BREAKDOWNS}
    for by, row in _grouped_by_breakdowns(session, statement):
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
    session: Session, period: Period, department: str | None = None
) -> dict[str, dict[str, dict[str | None, float | None]]]:
    """Medians of the working-days columns over the period's items, overall and per breakdown:
    `medians[column][breakdown][group]`, e.g. medians["resolve_days"]["ward"]["Iwawa"].
    """
    where = [_received_in(period), *_scope(department)]
    medians = _postgres_medians if _dialect(session) == "postgresql" else _sqlite_medians
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
        .group_by(_breakdown_sets(dimensions))
    )
    for row in session.execute(statement).mappings():
        by = _GROUPING_SET_OF_MASK[row["grouping_mask"]]
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


def _dialect(session: Session) -> str:
    bind = session.get_bind()
    return bind.dialect.name


# --- SMS ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmsFigures:
    """SMS sent in the period, overall or for one group of items."""

    group: str | None
    sent: int
    delivered: int
    failed: int
    parts: int
    cost: dict[str, Decimal]


def sms_figures(
    session: Session, period: Period, department: str | None = None
) -> dict[str, dict[str | None, SmsFigures]]:
    """SMS accepted in the period (with parts and cost) and SMS that failed: overall, and per
    department, ward and channel of the item they were about.

    Messages about no item (a survey, an officer's digest) count in the overall line and, in a
    breakdown, on a line of their own (NO_ITEM); a department's report counts only its items'.
    Sent and failed are two statements, so each reads its own index (the period's messages by
    sent_at; the few failed ones by created_at). Messages are counted by their cost string (a
    handful of distinct "TZS 22.0000"), and each string is turned into money once, afterwards.
    """
    start, end = period.bounds()
    o, c = OutboxMessage, Complaint
    sent = (
        select(
            func.count().label("sent"),
            _count(o.status == DELIVERED).label("delivered"),
            func.coalesce(func.sum(o.parts), 0).label("parts"),
        )
        .select_from(o)
        .outerjoin(c, c.id == o.complaint_id)
        .where(o.sent_at >= start, o.sent_at < end, *_scope(department))
    )
    failed = (
        select(func.count().label("failed"))
        .select_from(o)
        .outerjoin(c, c.id == o.complaint_id)
        # Written out in the SQL, as the partial index says it, so the database uses the index.
        .where(o.status == literal(FAILED, literal_execute=True))
        .where(o.created_at >= start, o.created_at < end, *_scope(department))
    )
    totals: dict[str, dict[str | None, SmsFigures]] = {by: {} for by in BREAKDOWNS}
    # A plain condition, not a CASE: PostgreSQL then knows it has two values, and plans the
    # grouping as a hash for a few thousand groups.
    no_item = o.complaint_id.is_(None).label("no_item")
    for statement, keys in ((sent, (no_item, o.cost.label("cost"))), (failed, (no_item,))):
        for by, row in _grouped_by_breakdowns(session, statement, keys):
            key = None if by == "overall" else NO_ITEM if row["no_item"] else row[by]
            line = totals[by].get(key) or SmsFigures(key, 0, 0, 0, 0, {})
            totals[by][key] = SmsFigures(
                key,
                line.sent + row.get("sent", 0),
                line.delivered + row.get("delivered", 0),
                line.failed + row.get("failed", 0),
                line.parts + int(row.get("parts") or 0),
                _add_cost(line.cost, row.get("cost"), row.get("sent", 0)),
            )
    totals["overall"].setdefault(None, SmsFigures(None, 0, 0, 0, 0, {}))
    return totals


def _add_cost(cost: dict[str, Decimal], each: str | None, count: int) -> dict[str, Decimal]:
    """`cost` plus `count` messages that cost `each` ("TZS 22.0000", as Africa's Talking says)."""
    money = _money(each)
    if money is None:
        return cost
    currency, amount = money
    return {**cost, currency: cost.get(currency, Decimal(0)) + amount * count}


def _money(cost: str | None) -> tuple[str, Decimal] | None:
    """Currency and amount of a cost string like "TZS 22.0000"; None for anything else."""
    # Anything not shaped "CCC 1.23" (a bare "0", a missing cost) adds nothing: a guess would
    # put money in the report that was not spent.
    if cost is None or len(cost) < 5 or cost[3] != " ":
        return None
    try:
        amount = Decimal(cost[4:])
    except InvalidOperation:
        return None
    return (cost[:3], amount) if amount.is_finite() else None


# --- referrals -----------------------------------------------------------------------------------


def referrals(session: Session, period: Period, department: str | None = None) -> dict[str, int]:
    """The period's items now referred outside the council, per institution (its slug), read
    from the small partial index of referred items."""
    c = Complaint
    rows = session.execute(
        select(c.referred_to, func.count())
        .where(c.referred_to.is_not(None), _received_in(period), *_scope(department))
        .group_by(c.referred_to)
        .order_by(c.referred_to)
    ).all()
    return {str(slug): int(count) for slug, count in rows}


# --- the monthly trend ------------------------------------------------------------------------


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
        return _pct(self.resolved_within, self.resolve_decided)


def monthly_trend(
    session: Session, period: Period, now: datetime, department: str | None = None
) -> list[MonthPoint]:
    """The 12 months ending with the period: items received, and resolved within standard."""
    first = _add_months(period.end, -TREND_MONTHS)
    months = [period_of("month", _add_months(first, index)) for index in range(TREND_MONTHS)]
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
        select(month.label("month"), func.count(), _count(within), _count(decided))
        .where(_received_in(window), *_scope(department))
        .group_by(month)
    ).all()
    found = {int(row[0]): row[1:] for row in rows}
    return [
        MonthPoint(f"{month.start:%Y-%m}", *found.get(index, (0, 0, 0)))
        for index, month in enumerate(months)
    ]


# --- charter review ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    """A citizen's comment on the charter (never with the phone it came from)."""

    at: datetime
    rating: int | None
    comment: str


@dataclass(frozen=True)
class FeedbackSummary:
    """Citizens' ratings of the council's service (1-5) in the period, and recent comments."""

    count: int
    average: float | None
    by_rating: dict[int, int]
    comments: list[Comment]


def feedback_summary(session: Session, period: Period) -> FeedbackSummary:
    """Average rating, how many of each 1-5, and the latest comments of the period."""
    start, end = period.bounds()
    f = CharterFeedback
    in_period = and_(f.created_at >= start, f.created_at < end)
    rated = and_(in_period, f.rating.between(1, 5))
    count, average = session.execute(select(func.count(), func.avg(f.rating)).where(rated)).one()
    by_rating = {rating: 0 for rating in range(1, 6)}
    for rating, n in session.execute(
        select(f.rating, func.count()).where(rated).group_by(f.rating)
    ):
        if rating is not None:
            by_rating[rating] = n
    comments = [
        Comment(at, rating, text or "")
        for at, rating, text in session.execute(
            select(f.created_at, f.rating, f.comment)
            .where(in_period, f.comment.is_not(None), f.comment != "")
            .order_by(f.created_at.desc(), f.id.desc())
            .limit(RECENT_COMMENTS)
        )
    ]
    return FeedbackSummary(
        count, None if average is None else round(float(average), 2), by_rating, comments
    )


@dataclass(frozen=True)
class SurveyResult:
    """One charter-review survey: how many were asked, answered, and answered "1" (yes)."""

    survey_id: int
    closed_from: date
    closed_to: date
    created_at: datetime
    asked: int
    answered: int
    yes: int

    @property
    def yes_pct(self) -> float | None:
        """Share of "1" among the answers, %."""
        return _pct(self.yes, self.answered)


def survey_results(
    session: Session, period: Period | None = None, limit: int = 20
) -> list[SurveyResult]:
    """Surveys about items closed in the period (all, when None), newest first."""
    s, r = Survey, SurveyRecipient
    statement = (
        select(
            s.id,
            s.closed_from,
            s.closed_to,
            s.created_at,
            func.count(r.id),
            _count(r.answer.in_(("1", "2"))),
            _count(r.answer == "1"),
        )
        .select_from(s)
        .outerjoin(r, r.survey_id == s.id)
        .group_by(s.id, s.closed_from, s.closed_to, s.created_at)
        .order_by(s.created_at.desc(), s.id.desc())
        .limit(limit)
    )
    if period is not None:
        statement = statement.where(s.closed_from <= period.last_day, s.closed_to >= period.start)
    return [SurveyResult(*row) for row in session.execute(statement)]


# --- the whole report -------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """Everything the report page and the CSV show."""

    period: Period
    now: datetime
    department: str | None
    overall: Figures
    breakdowns: dict[str, list[Figures]]
    trend: list[MonthPoint]
    feedback: FeedbackSummary
    surveys: list[SurveyResult]
    referrals: dict[str, int] = field(default_factory=dict)  # institution slug -> items


def build_report(
    session: Session,
    period: Period,
    now: datetime,
    kinds: Sequence[str],
    department: str | None = None,
) -> Report:
    """The whole report for a period (optionally one department's items only).

    `kinds` are the charter's feedback kinds, counted for every line.
    """
    counts = count_figures(session, period, now, kinds, department)
    sms = sms_figures(session, period, department)
    medians = median_days(session, period, department)
    lines: dict[str, list[Figures]] = {}
    for by in BREAKDOWNS:
        ack, resolve = medians["acknowledge_days"][by], medians["resolve_days"][by]
        merged = []
        for key in {**counts[by], **sms[by]}:
            line = counts[by].get(key) or Figures(group=key)
            text = sms[by].get(key)
            merged.append(
                replace(
                    line,
                    median_ack_days=ack.get(key),
                    median_resolve_days=resolve.get(key),
                    sms_sent=text.sent if text else 0,
                    sms_delivered=text.delivered if text else 0,
                    sms_failed=text.failed if text else 0,
                    sms_parts=text.parts if text else 0,
                    sms_cost=text.cost if text else {},
                )
            )
        lines[by] = sorted(merged, key=_group_order)
    return Report(
        period=period,
        now=now,
        department=department,
        overall=lines.pop("overall")[0],
        breakdowns=lines,
        trend=monthly_trend(session, period, now, department),
        feedback=feedback_summary(session, period),
        surveys=survey_results(session, period),
        referrals=referrals(session, period, department),
    )


def _group_order(line: Figures) -> tuple[int, str]:
    # Named groups first, then items with no group, then SMS about no item at all.
    rank = 2 if line.group == NO_ITEM else 1 if line.group is None else 0
    return (rank, line.group or "")


def csv_rows(report: Report, kinds: Sequence[str]) -> list[list[str]]:
    """The report as CSV rows: a header, then overall and every group of every breakdown."""
    header = [
        "period",
        "breakdown",
        "group",
        "received",
        *(f"received_{kind}" for kind in kinds),
        "acknowledged_within",
        "acknowledged_late",
        "acknowledge_missed_open",
        "acknowledged_within_pct",
        "resolved_within",
        "resolved_late",
        "resolve_missed_open",
        "resolved_within_pct",
        "open_now",
        "overdue_now",
        "median_days_to_acknowledge",
        "median_days_to_resolve",
        "appeals_opened",
        "appeals_no_answer",
        "appeals_decided",
        "appeals_decided_in_time",
        "appeals_pending_overdue",
        "satisfied_yes",
        "satisfaction_answers",
        "satisfied_pct",
        "sms_sent",
        "sms_delivered",
        "sms_failed",
        "sms_parts",
        "sms_cost",
        "referred",
        "acknowledged_by_weo",
    ]
    rows = [header]
    lines = [("overall", report.overall)] + [
        (by, line) for by, group in report.breakdowns.items() for line in group
    ]
    for by, line in lines:
        rows.append(
            [
                report.period.key,
                by,
                "" if by == "overall" else (line.group or "-"),
                str(line.received),
                *(str(line.by_kind.get(kind, 0)) for kind in kinds),
                str(line.ack_within),
                str(line.ack_late),
                str(line.ack_missed),
                _text(line.ack_pct),
                str(line.resolved_within),
                str(line.resolved_late),
                str(line.resolve_missed),
                _text(line.resolve_pct),
                str(line.open_now),
                str(line.overdue_now),
                _text(line.median_ack_days),
                _text(line.median_resolve_days),
                str(line.appeals_opened),
                str(line.appeals_no_answer),
                str(line.appeals_decided),
                str(line.appeals_decided_in_time),
                str(line.appeals_pending_overdue),
                str(line.satisfied_yes),
                str(line.satisfied_answers),
                _text(line.satisfied_pct),
                str(line.sms_sent),
                str(line.sms_delivered),
                str(line.sms_failed),
                str(line.sms_parts),
                format_cost(line.sms_cost),
                str(line.referred),
                str(line.ack_by_weo),
            ]
        )
    # Referrals per institution, apart from the council's own results: only `referred` is set.
    for slug, count in report.referrals.items():
        rows.append(
            [report.period.key, "institution", slug, *[""] * (len(header) - 5), str(count), ""]
        )
    return rows


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def format_cost(cost: dict[str, Decimal]) -> str:
    """Money as people write it: "TZS 44.00" (several currencies joined by "; ")."""
    return "; ".join(f"{currency} {amount:.2f}" for currency, amount in sorted(cost.items()))
