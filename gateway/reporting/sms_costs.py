"""The SMS the council paid for in a period: sent, delivered and failed, with parts and cost,
overall and per breakdown of the item they were about."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from gateway.messaging.outbox import DELIVERED, FAILED
from gateway.messaging.providers.provider import at_money
from gateway.reporting.breakdowns import BREAKDOWNS, NO_ITEM, grouped_by_breakdowns
from gateway.reporting.periods import Period
from gateway.reporting.rules import counted, in_scope
from store.models import Complaint, OutboxMessage


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
    session: Session,
    period: Period,
    department: str | None = None,
    ward: str | None = None,
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
            counted(o.status == DELIVERED).label("delivered"),
            func.coalesce(func.sum(o.parts), 0).label("parts"),
        )
        .select_from(o)
        .outerjoin(c, c.id == o.complaint_id)
        .where(o.sent_at >= start, o.sent_at < end, *in_scope(department, ward))
    )
    failed = (
        select(func.count().label("failed"))
        .select_from(o)
        .outerjoin(c, c.id == o.complaint_id)
        # Written out in the SQL, as the partial index says it, so the database uses the index.
        .where(o.status == literal(FAILED, literal_execute=True))
        .where(o.created_at >= start, o.created_at < end, *in_scope(department, ward))
    )
    totals: dict[str, dict[str | None, SmsFigures]] = {by: {} for by in BREAKDOWNS}
    # A plain condition, not a CASE: PostgreSQL then knows it has two values, and plans the
    # grouping as a hash for a few thousand groups.
    no_item = o.complaint_id.is_(None).label("no_item")
    for statement, keys in ((sent, (no_item, o.cost.label("cost"))), (failed, (no_item,))):
        for by, row in grouped_by_breakdowns(session, statement, keys):
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
    money = at_money(each)
    if money is None:
        return cost
    currency, amount = money
    return {**cost, currency: cost.get(currency, Decimal(0)) + amount * count}


def format_cost(cost: dict[str, Decimal]) -> str:
    """Money as people write it: "TZS 44.00" (several currencies joined by "; ")."""
    return "; ".join(f"{currency} {amount:.2f}" for currency, amount in sorted(cost.items()))
