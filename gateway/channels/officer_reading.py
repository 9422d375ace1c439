"""Officers reading their work by SMS, on a feature phone: ORODHA (my open items, most urgent
first) and SOMA (one item's whole description and its last events)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session

from gateway.casework.actions import Refused
from gateway.lifecycle.item_dates import urgent_due, urgent_due_at
from gateway.lifecycle.statuses import APPEALED, OPEN
from gateway.messaging.notify import department_name, for_officers, kind_name, local_date
from gateway.runtime import Gateway
from store.models import Complaint, ComplaintEvent, Officer
from words import notices

LIST_AT_MOST = 60  # more never fits in the few parts an officer's SMS may take
LAST_EVENTS = 4  # the record's tail SOMA shows; the console has the whole of it


def my_items(officer: Officer) -> ColumnElement[bool]:
    """The open items an officer answers for: theirs, and a WEO's ward, the desk's unrouted
    items, the DED's appeals."""
    mine: list[ColumnElement[bool]] = [Complaint.officer_id == officer.id]
    if officer.role == "weo" and officer.ward:
        mine.append(Complaint.ward == officer.ward)
    if officer.role == "desk":
        mine.append(Complaint.department.is_(None))
    if officer.role == "ded":
        mine.append(Complaint.status == APPEALED)
    return or_(*mine) if mine else false()


def may_read(officer: Officer, complaint: Complaint) -> None:
    """Refused unless the officer may see this item (the console's rule, for one item)."""
    if officer.role in ("desk", "ded") or complaint.officer_id == officer.id:
        return
    if officer.role == "weo":
        if complaint.ward is None or complaint.ward != officer.ward:
            raise Refused("other_ward")
        return
    if officer.department is None or officer.department != complaint.department:
        raise Refused("not_allowed")


def list_items(session: Session, gateway: Gateway, officer: Officer, now: datetime) -> str:
    """ORODHA: the officer's open items, most urgent first, in as few parts as they fit."""
    due = urgent_due()
    rows = session.execute(
        select(Complaint.reference, Complaint.ward, due.label("due"))
        .where(Complaint.status.in_(OPEN), my_items(officer))
        .order_by(due.is_(None), due, Complaint.id)
        .limit(LIST_AT_MOST)
    ).all()
    total = session.scalar(
        select(func.count()).where(Complaint.status.in_(OPEN), my_items(officer))
    )
    items = [(reference, ward, days_left(gateway, now, moment)) for reference, ward, moment in rows]
    # Items past the ones read are only counted: the SMS says how many more there are.
    return notices.officer_list(
        officer.language, gateway.charter.short_name, items, total, gateway.charter.sms_max_parts
    )


def days_left(gateway: Gateway, now: datetime, due: datetime | None) -> int | None:
    """Whole working days left (0 due today, negative when late); None when nothing is owed."""
    if due is None:
        return None
    if local_date(due) == local_date(now):
        return 0
    left = gateway.calendar.working_days_between(now, due)
    days = max(1, round(abs(left)))
    return days if left > 0 else -days


def read_item(
    session: Session, gateway: Gateway, officer: Officer, complaint: Complaint, now: datetime
) -> str:
    """SOMA: the item's whole description and its last events; Refused if not the officer's."""
    may_read(officer, complaint)
    events = session.execute(
        select(ComplaintEvent.at, ComplaintEvent.kind)
        .where(ComplaintEvent.complaint_id == complaint.id)
        .order_by(ComplaintEvent.id.desc())
        .limit(LAST_EVENTS)
    ).all()
    caller = None
    if not complaint.anonymous and complaint.phone:
        caller = f"{complaint.citizen_name or ''} {complaint.phone}".strip()
    due = urgent_due_at(complaint)
    language = officer.language
    return notices.officer_read(
        language,
        gateway.charter.short_name,
        complaint.reference,
        kind_name(gateway, complaint, language),
        department_name(gateway, complaint.department),
        complaint.ward,
        complaint.status,
        local_date(due),
        for_officers(complaint, complaint.description),
        caller,
        [(local_date(at) or now.date(), kind) for at, kind in reversed(events)],
        gateway.charter.sms_max_parts,
    )
