"""The rules by which an item counts in the charter report, as SQL conditions every figure
shares (and the percentage they all use).

The report's queries read covering indexes only, never the tables' rows (ix_complaints_report and
the ix_outbox_report_* indexes in store/models.py): a column a query starts to read belongs in
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

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_

from gateway.lifecycle.statuses import OPEN, REFERRED
from gateway.reporting.periods import Period
from store.models import Complaint


def overdue_clause(now: datetime, due: Any = Complaint.answer_due_at) -> ColumnElement[bool]:
    """Past the answer deadline (or another date, `due`) and not paused before it (an open
    item's miss); an item referred outside the council is off its clock, counted apart
    (`referrals`)."""
    c = Complaint
    return and_(
        c.status != REFERRED,
        due.is_not(None),
        due < now,
        or_(c.paused_at.is_(None), c.paused_at > due),
    )


def open_clause() -> ColumnElement[bool]:
    """The item still owes the citizen something (see the module's notes)."""
    c = Complaint
    return and_(
        c.resolved_at.is_(None),
        c.status.in_(OPEN),
        or_(c.answer_due_at.is_not(None), c.acknowledged_at.is_(None)),
    )


def received_in(period: Period) -> ColumnElement[bool]:
    """The item was received in the period."""
    start, end = period.bounds()
    return and_(Complaint.received_at >= start, Complaint.received_at < end)


def in_scope(department: str | None, ward: str | None = None) -> list[ColumnElement[bool]]:
    """Conditions for one department's items, or one ward's (none for the whole council)."""
    conditions = [] if department is None else [Complaint.department == department]
    return conditions + ([] if ward is None else [Complaint.ward == ward])


def counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows meet `condition`."""
    return func.count().filter(condition)


def percent(part: int, whole: int) -> float | None:
    """`part` in % of `whole`, to one decimal; None when `whole` is 0."""
    return None if whole == 0 else round(100.0 * part / whole, 1)
