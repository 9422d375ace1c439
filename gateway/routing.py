"""Who is responsible for an item: the department's officer (for its ward), else its head,
else the complaints desk; the ward's executive officer (WEO) for a kind the charter gives the
ward. The WEO is told of every new item in their ward either way."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, and_, bindparam, case, or_, select
from sqlalchemy.orm import Session

from gateway.notify import for_officers, kind_name, local_date, tell_officer
from gateway.record import record
from gateway.runtime import Gateway
from menus import notices
from store.models import Complaint, Officer


def _ranked_officers() -> Select[Officer]:
    """Everyone who could take an item of :department in :ward, best first (built once)."""
    in_department = Officer.department == bindparam("department")
    officer = and_(Officer.role == "officer", in_department)
    head = and_(Officer.role == "head", in_department)
    rank = case(
        (and_(officer, Officer.ward == bindparam("ward")), 0),
        (and_(officer, Officer.ward.is_(None)), 1),
        (officer, 2),
        (head, 3),
        else_=4,
    )
    return (
        select(Officer)
        .where(Officer.active.is_(True), or_(Officer.role == "desk", officer, head))
        .order_by(rank, Officer.id)
        .limit(1)
    )


_RANKED = _ranked_officers()


def responsible_officer(
    session: Session, department: str | None, ward: str | None, ward_answers: bool = False
) -> Officer | None:
    """The officer a new item goes to, by the rule above; None if nobody is registered.

    One query ranks everyone who could take it: the department's officer for the ward, one
    covering the whole department, any of its officers, its head, the desk; first one wins.
    For a kind the ward answers (`ward_answers` in the charter), the ward's WEO comes first.
    """
    if ward_answers:
        weo = ward_officer(session, ward)
        if weo is not None:
            return weo
    return session.scalar(_RANKED, {"department": department, "ward": ward})


def ward_officer(session: Session, ward: str | None) -> Officer | None:
    """The ward's executive officer (WEO), if one is registered and active."""
    if not ward:
        return None
    return session.scalar(_WARD_OFFICER, {"ward": ward})


# Built once: a filing asks it on every new item (the WEO is told of each one in the ward).
_WARD_OFFICER = (
    select(Officer)
    .where(Officer.active.is_(True), Officer.role == "weo", Officer.ward == bindparam("ward"))
    .order_by(Officer.id)
    .limit(1)
)


def ward_answers(gateway: Gateway, kind: str) -> bool:
    """Whether the charter gives this kind to the ward's WEO to answer."""
    return gateway.charter.kind(kind).ward_answers


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


def the_desk(session: Session) -> Officer | None:
    """The complaints desk, if registered."""
    return session.scalar(
        select(Officer).where(Officer.active.is_(True), Officer.role == "desk").order_by(Officer.id)
    )


def the_ded(session: Session) -> Officer | None:
    """The Mkurugenzi Mtendaji (District Executive Director), if registered."""
    return session.scalar(
        select(Officer).where(Officer.active.is_(True), Officer.role == "ded").order_by(Officer.id)
    )


def route(session: Session, gateway: Gateway, complaint: Complaint, now: datetime) -> None:
    """Give an item (a transferred one) to its officer, record it and tell them."""
    officer = responsible_officer(
        session, complaint.department, complaint.ward, ward_answers(gateway, complaint.kind)
    )
    complaint.officer_id = officer.id if officer else None
    # The ward's WEO was told when the item arrived; a move between departments is not news.
    record_routing(session, gateway, complaint, officer, now, tell_ward=False)


def record_routing(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    officer: Officer | None,
    now: datetime,
    tell_ward: bool = True,
) -> None:
    """Record who the item went to and tell them, and the ward's WEO (the item names them)."""
    record(
        session,
        complaint.id,
        "routed",
        now,
        "gateway",
        officer_id=complaint.officer_id,
        department=complaint.department,
    )
    told = [officer] if officer is not None else []
    weo = ward_officer(session, complaint.ward) if tell_ward else None
    if weo is not None and (officer is None or weo.id != officer.id):
        told.append(weo)
    for reader in told:
        _tell_new_item(session, gateway, complaint, reader, now)


def _tell_new_item(
    session: Session, gateway: Gateway, complaint: Complaint, officer: Officer, now: datetime
) -> None:
    """The new-item SMS to one officer."""
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
            days=tuple(date.fromisoformat(d) for d in (complaint.preferred_days or "").split()),
            action_key=_ACTIONS.get(complaint.kind, "officer_new_item_action"),
            with_head=complaint.appointment_with == "head",
        ),
        "officer_new_item",
        now,
        complaint,
    )


# What a new item's officer is asked to answer, by kind: accept it, unless it is an appointment
# (set its date: MIADI) or a call-back (call, then log it: SIMU).
_ACTIONS = {"miadi": "officer_new_appointment_action", "simu": "officer_new_call_action"}
