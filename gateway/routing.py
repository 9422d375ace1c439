"""Who is responsible for an item: the department's officer (for its ward), else its head,
else the complaints desk."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.notify import for_officers, kind_name, local_date, tell_officer
from gateway.runtime import Gateway
from menus import notices
from store.models import Complaint, ComplaintEvent, Officer


def responsible_officer(
    session: Session, department: str | None, ward: str | None
) -> Officer | None:
    """The officer a new item goes to, by the rule above; None if nobody is registered."""
    active = select(Officer).where(Officer.active.is_(True)).order_by(Officer.id)
    if department:
        officers = session.scalars(
            active.where(Officer.role == "officer", Officer.department == department)
        ).all()
        # The ward's own officer first, then one who covers the whole department, then anyone.
        for_ward = [o for o in officers if ward and o.ward == ward]
        general = [o for o in officers if o.ward is None]
        chosen = for_ward or general or list(officers)
        if chosen:
            return chosen[0]
        head = session.scalar(
            active.where(Officer.role == "head", Officer.department == department)
        )
        if head is not None:
            return head
    return session.scalar(active.where(Officer.role == "desk"))


def head_of(session: Session, department: str | None) -> Officer | None:
    """The head of a department (the first escalation), else the desk."""
    active = select(Officer).where(Officer.active.is_(True)).order_by(Officer.id)
    if department:
        head = session.scalar(
            active.where(Officer.role == "head", Officer.department == department)
        )
        if head is not None:
            return head
    return session.scalar(active.where(Officer.role == "desk"))


def the_ded(session: Session) -> Officer | None:
    """The Mkurugenzi Mtendaji (District Executive Director), if registered."""
    return session.scalar(
        select(Officer).where(Officer.active.is_(True), Officer.role == "ded").order_by(Officer.id)
    )


def route(session: Session, gateway: Gateway, complaint: Complaint, now: datetime) -> None:
    """Give a new (or transferred) item to its officer and tell them."""
    officer = responsible_officer(session, complaint.department, complaint.ward)
    complaint.officer_id = officer.id if officer else None
    session.add(
        ComplaintEvent(
            complaint_id=complaint.id,
            kind="routed",
            at=now,
            actor="gateway",
            detail={"officer_id": complaint.officer_id, "department": complaint.department},
        )
    )
    if officer is not None:
        caller = None
        if not complaint.anonymous and complaint.phone:
            caller = f"{complaint.citizen_name or ''} {complaint.phone}".strip()
        tell_officer(
            session,
            gateway,
            officer,
            notices.officer_new_item(
                officer.language,
                gateway.charter.short_name,
                kind_name(gateway, complaint, officer.language),
                complaint.reference,
                complaint.ward,
                for_officers(complaint, complaint.description),
                local_date(complaint.answer_due_at),
                caller,
            ),
            "officer_new_item",
            now,
            complaint,
        )
