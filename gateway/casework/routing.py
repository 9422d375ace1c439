"""Who is responsible for an item: the department's officer (for its ward), else its head,
else the complaints desk; the ward's executive officer (WEO) for a kind the charter gives the
ward. The WEO is told of every new item in their ward either way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, literal, or_, select, union_all
from sqlalchemy.orm import Session

from gateway.lifecycle.events import line, record_lines
from gateway.messaging.notify import (
    department_name,
    for_officers,
    kind_name,
    local_date,
    officer_sms,
)
from gateway.messaging.outbox import queue_all
from gateway.runtime import Gateway
from store.models import Complaint, Officer
from words import notices


def _candidates() -> Select[Officer, int]:
    """Who could take an item of :department in :ward, best first, and the ward's WEO: at most
    two officers, in one query (built once; every filing asks it)."""
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
    best = (
        select(Officer.id, literal(0).label("weo"))
        .where(Officer.active.is_(True), or_(Officer.role == "desk", officer, head))
        .order_by(rank, Officer.id)
        .limit(1)
        .subquery()
    )
    weo = (
        select(Officer.id, literal(1).label("weo"))
        .where(Officer.active.is_(True), Officer.role == "weo", Officer.ward == bindparam("ward"))
        .order_by(Officer.id)
        .limit(1)
        .subquery()
    )
    chosen = union_all(select(best), select(weo)).subquery()
    return select(Officer, chosen.c.weo).join(chosen, Officer.id == chosen.c.id)


_CANDIDATES = _candidates()


@dataclass(frozen=True)
class Candidates:
    """Who a new item in a department and ward may go to."""

    ranked: Officer | None  # the department's officer for the ward ... its head, else the desk
    weo: Officer | None  # the ward's executive officer (told of every item in the ward)

    def responsible(self, ward_answers: bool) -> Officer | None:
        """The officer the item goes to: the WEO for a kind the ward answers, if there is one."""
        return self.weo if ward_answers and self.weo is not None else self.ranked


def candidates(session: Session, department: str | None, ward: str | None) -> Candidates:
    """The ranked officer and the ward's WEO for an item, by the rule above (one query)."""
    found = {
        weo: officer
        for officer, weo in session.execute(_CANDIDATES, {"department": department, "ward": ward})
    }
    return Candidates(ranked=found.get(0), weo=found.get(1))


def responsible_officer(
    session: Session, department: str | None, ward: str | None, ward_answers: bool = False
) -> Officer | None:
    """The officer a new item goes to, by the rule above; None if nobody is registered.

    The ranking: the department's officer for the ward, one covering the whole department, any
    of its officers, its head, the desk; first one wins. For a kind the ward answers
    (`ward_answers` in the charter), the ward's WEO comes first.
    """
    return candidates(session, department, ward).responsible(ward_answers)


def ward_answers(gateway: Gateway, kind: str) -> bool:
    """Whether the charter gives this kind to the ward's WEO to answer."""
    return gateway.charter.kind(kind).ward_answers


def department_head(session: Session, department: str | None) -> Officer | None:
    """The head of a department, if it has one registered and active."""
    if not department:
        return None
    return session.scalar(
        select(Officer)
        .where(Officer.active.is_(True), Officer.role == "head", Officer.department == department)
        .order_by(Officer.id)
    )


def head_of(session: Session, department: str | None) -> Officer | None:
    """The head of a department (the first escalation), else the desk."""
    return department_head(session, department) or the_desk(session)


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
    record_routing(session, gateway, complaint, officer, now)


def record_routing(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    officer: Officer | None,
    now: datetime,
    weo: Officer | None = None,
    received: dict[str, Any] | None = None,
    acknowledgement: dict[str, Any] | None = None,
) -> None:
    """Record who the item went to and tell them, and the ward's WEO if given (a new item: the
    WEO is told of each one in the ward; a move between departments is not news to them).
    A new item's "received" line comes first, in the same statement; its `acknowledgement`
    (an `outgoing` SMS) first of the SMS, in one statement with the officers'."""
    routed = line(
        complaint.id,
        "routed",
        now,
        "gateway",
        officer_id=complaint.officer_id,
        department=complaint.department,
    )
    record_lines(session, *([received] if received else []), routed)
    told = [officer] if officer is not None else []
    if weo is not None and (officer is None or weo.id != officer.id):
        told.append(weo)
    if complaint.appointment_with == "head":  # the head the citizen asked to meet hears too
        head = department_head(session, complaint.department)
        if head is not None and all(head.id != reader.id for reader in told):
            told.append(head)
    sms = [acknowledgement] if acknowledgement else []
    sms += [_new_item_sms(gateway, complaint, reader, now) for reader in told]
    if sms:
        queue_all(session, *sms)


def _new_item_sms(
    gateway: Gateway, complaint: Complaint, officer: Officer, now: datetime
) -> dict[str, Any]:
    """The new-item SMS to one officer (its outbox row)."""
    caller = None
    if not complaint.anonymous and complaint.phone:
        caller = f"{complaint.citizen_name or ''} {complaint.phone}".strip()
    return officer_sms(
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
            action_key=notices.REQUEST_ACTIONS.get(complaint.kind, "officer_new_item_action"),
            with_head=complaint.appointment_with == "head",
            department=department_name(gateway, complaint.department),
        ),
        "officer_new_item",
        now,
        complaint,
    )
