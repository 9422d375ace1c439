"""The report's SMS cost: Africa's Talking's cost strings add up as money only when they are."""

from __future__ import annotations

from decimal import Decimal

from gateway.reporting.periods import parse_period
from gateway.reporting.sms_costs import sms_figures
from gateway.runtime import Gateway
from store.models import OutboxMessage
from tests.console.console_factories import eat, make_item


def test_sms_cost_adds_each_currency_and_skips_what_is_not_money(gateway: Gateway) -> None:
    sent = eat(2026, 10, 5)
    costs = ["TZS 22.0000", "TZS 22.0000", "TZS 44.0000", "KES 0.8000", "0", "TZS abc", None]
    with gateway.sessions.begin() as session:
        item = make_item(session, received_at=sent)
        for index, cost in enumerate(costs):
            session.add(
                OutboxMessage(
                    phone="+255754100001",
                    text="Makete DC: taarifa",
                    purpose="test",
                    complaint_id=item.id if index % 2 else None,
                    status="delivered",
                    due_at=sent,
                    attempts=1,
                    parts=1,
                    cost=cost,
                    created_at=sent,
                    sent_at=sent,
                )
            )
    with gateway.sessions() as session:
        figures = sms_figures(session, parse_period("2026-10"))
    overall = figures["overall"][None]
    assert (overall.sent, overall.parts) == (7, 7)
    assert overall.cost == {"TZS": Decimal("88.0000"), "KES": Decimal("0.8000")}
    # Split between the item's department and the messages about no item, money and all.
    assert figures["department"]["maji"].cost == {"TZS": Decimal("22"), "KES": Decimal("0.8")}
    assert figures["department"]["(no item)"].cost == {"TZS": Decimal("66")}
