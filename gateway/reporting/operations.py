"""The running gateway's own figures, read only, for /metrics, /readyz and the console's
banner: items (filed by kind and channel, open, overdue), SMS (written, sent, delivered,
failed, retrying, and their cost), each scheduler job's last run, and the Africa's Talking
balance as last read. The outbox's backlog is the dispatcher's (`due_count`, `oldest_due_at`).

Items filed and SMS by status are counts over the whole table: 0.06 s and 0.1 s at ten years
of Makete's volume; about 0.5 s and 1 s on a million items and three million SMS on PostgreSQL
(bench/metrics_scrape.py). Open and overdue items are read by status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from gateway.lifecycle.statuses import OPEN
from gateway.messaging.outbox import DELIVERED, FAILED, RETRYING
from gateway.messaging.providers.provider import at_money
from gateway.reporting.rules import counted, open_clause, overdue_clause
from store.models import Complaint, OutboxMessage, SchedulerJob, SmsBalance


@dataclass(frozen=True)
class ItemFigures:
    """Every item filed, by (kind, channel); those open now, and those overdue now."""

    filed: dict[tuple[str, str], int]
    open: int
    overdue: int


@dataclass(frozen=True)
class SmsTotals:
    """Every SMS written to the outbox, accepted by the provider (sent), delivered, failed for
    good, retrying now, and what the accepted ones cost, by currency."""

    written: int
    sent: int
    delivered: int
    failed: int
    retrying: int
    cost: dict[str, Decimal]


@dataclass(frozen=True)
class JobRun:
    """A scheduler job's last success and last failure (the exception's type)."""

    name: str
    last_success_at: datetime | None
    last_failure_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class Balance:
    """The Africa's Talking balance as last read, and the day the desk was last told."""

    currency: str
    amount: Decimal
    read_at: datetime
    alerted_on: date | None


def item_figures(session: Session, now: datetime) -> ItemFigures:
    """Items filed by kind and channel, and open and overdue now (the report's rules)."""
    c = Complaint
    filed = session.execute(
        select(c.kind, c.channel, func.count()).group_by(c.kind, c.channel)
    ).all()
    open_now = open_clause()
    row = session.execute(
        select(counted(open_now), counted(and_(open_now, overdue_clause(now)))).where(
            c.status.in_(OPEN)
        )
    ).one()
    return ItemFigures({(kind, channel): n for kind, channel, n in filed}, row[0], row[1])


def sms_totals(session: Session) -> SmsTotals:
    """Every SMS by what became of it: two counts, each read from an index of its own (the
    outbox's by status; the accepted ones' cost from the report's index by sent_at)."""
    o = OutboxMessage
    by_status: dict[str, int] = {
        status: count
        for status, count in session.execute(select(o.status, func.count()).group_by(o.status))
    }
    costs = session.execute(
        select(o.cost, func.count()).where(o.sent_at.is_not(None)).group_by(o.cost)
    )
    sent = 0
    cost: dict[str, Decimal] = {}
    for each, count in costs:
        sent += count
        money = at_money(each)
        if money is not None:
            currency, amount = money
            cost[currency] = cost.get(currency, Decimal(0)) + amount * count
    return SmsTotals(
        written=sum(by_status.values()),
        sent=sent,
        delivered=by_status.get(DELIVERED, 0),
        failed=by_status.get(FAILED, 0),
        retrying=by_status.get(RETRYING, 0),
        cost=cost,
    )


def job_runs(session: Session) -> list[JobRun]:
    """Every scheduler job that has run, by name."""
    rows = session.scalars(select(SchedulerJob).order_by(SchedulerJob.name)).all()
    return [JobRun(r.name, r.last_success_at, r.last_failure_at, r.last_error) for r in rows]


def last_scheduler_success(session: Session) -> datetime | None:
    """When any scheduler job last succeeded (None: none ever has)."""
    last: datetime | None = session.scalar(select(func.max(SchedulerJob.last_success_at)))
    return last


def last_balance(session: Session) -> Balance | None:
    """The balance as last read (None: never read, or not money)."""
    row = session.get(SmsBalance, 1)
    money = at_money(row.balance) if row is not None else None
    if row is None or money is None:
        return None
    return Balance(money[0], money[1], row.read_at, row.alerted_on)


def low_balance(session: Session, threshold: Decimal | None) -> Balance | None:
    """The balance as last read, if it is below `threshold` (None: not low, or no alert)."""
    if threshold is None:
        return None
    balance = last_balance(session)
    return balance if balance is not None and balance.amount < threshold else None
