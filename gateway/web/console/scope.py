"""What an officer may see: the same rule for the queue, an item's page and the report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, or_, true

from gateway.lifecycle.statuses import WORKING
from gateway.reporting.rules import overdue_clause
from store.models import Complaint, Officer

EVERYTHING = ("desk", "ded")  # the complaints desk and the DED see every item


def visible_to(officer: Officer) -> ColumnElement[bool]:
    """Items this officer may see: desk and DED all; a WEO their ward's; others their
    department's; everyone their own."""
    if officer.role in EVERYTHING:
        return true()
    if officer.role == "weo":  # a ward executive officer: the ward's items, and their own
        return or_(Complaint.ward == officer.ward, Complaint.officer_id == officer.id)
    if officer.role not in ("officer", "head"):
        return false()
    mine = [Complaint.officer_id == officer.id]
    if officer.department:
        mine.append(Complaint.department == officer.department)
    return or_(*mine)


def report_department(officer: Officer, requested: str | None) -> str | None:
    """The department a report covers: a head's or officer's own; desk and DED choose (or all).
    A WEO's report is their ward's instead (`ward_report`)."""
    if officer.role in EVERYTHING:
        return requested or None
    return officer.department or "-"  # "-" matches no item: an officer without a department


def ward_report(officer: Officer) -> str | None:
    """The ward whose results this officer's report shows, under the public page's rules (small
    groups merged, no comments): a WEO's own; None for everyone else (the charter report)."""
    return officer.ward if officer.role == "weo" else None


def queue_overdue(now: datetime) -> ColumnElement[bool]:
    """Past the deadline that matters now (an answer, an appeal's decision, or its carrying
    out)."""
    return or_(
        and_(Complaint.status.in_(WORKING), overdue_clause(now)),
        and_(
            Complaint.status == "appealed",
            Complaint.appeal_decided_at.is_(None),
            Complaint.appeal_due_at < now,
        ),
        and_(Complaint.status == "appeal_decided", Complaint.carry_out_due_at < now),
    )
