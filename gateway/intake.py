"""Filing an item: the complaint, its first record and its acknowledgement SMS, together."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.deadlines import acknowledge_due, answer_due
from charter.model import Charter
from charter.reference import make_reference
from gateway.alarms import schedule_next_alarm
from gateway.notify import local_date
from gateway.outbox import queue_sms
from gateway.routing import route
from gateway.runtime import Gateway
from gateway.statuses import RECEIVED
from menus.catalogue import ack_sms
from store.models import Complaint, ComplaintEvent


@dataclass(frozen=True)
class NewItem:
    """What a citizen (or the desk on their behalf) files."""

    kind: str
    department: str | None
    ward: str | None
    description: str
    citizen_name: str | None
    anonymous: bool
    language: str
    channel: str  # ussd, sms, desk
    phone: str | None


def file_item(
    session: Session,
    gateway: Gateway,
    item: NewItem,
    now: datetime,
    sms_blocked: bool = False,
) -> Complaint:
    """Store a new item with its deadlines and record, route it, queue its acknowledgement."""
    charter, calendar = gateway.charter, gateway.calendar
    complaint = Complaint(
        reference=_new_reference(session),
        kind=item.kind,
        department=item.department,
        ward=item.ward,
        description=item.description,
        citizen_name=None if item.anonymous else item.citizen_name,
        phone=item.phone,
        anonymous=item.anonymous,
        channel=item.channel,
        language=item.language,
        status=RECEIVED,
        received_at=now,
        acknowledge_due_at=acknowledge_due(charter, calendar, item.kind, now),
        answer_due_at=answer_due(charter, calendar, item.kind, item.department, now),
    )
    session.add(complaint)
    session.flush()
    session.add(
        ComplaintEvent(
            complaint_id=complaint.id,
            kind="received",
            at=now,
            actor=item.channel,
            detail={"kind": item.kind, "department": item.department, "ward": item.ward},
        )
    )
    if item.phone and not sms_blocked:
        queue_sms(
            session,
            phone=item.phone,
            text=acknowledgement(charter, complaint),
            purpose="acknowledgement",
            now=now,
            complaint_id=complaint.id,
        )
    route(session, gateway, complaint, now)
    schedule_next_alarm(gateway, complaint)
    return complaint


def acknowledgement(charter: Charter, complaint: Complaint) -> str:
    """The acknowledgement SMS for a stored item, in the citizen's language."""
    kind = charter.kind(complaint.kind)
    department = charter.department(complaint.department) if complaint.department else None
    return ack_sms(
        complaint.language,
        charter.short_name,
        kind.name_sw if complaint.language == "sw" else kind.name_en,
        complaint.reference,
        department.short if department else None,
        local_date(complaint.answer_due_at),
    )


def _new_reference(session: Session) -> str:
    """A random unused 8-digit reference (random, so one citizen cannot guess another's)."""
    while True:
        reference = make_reference(1_000_000 + secrets.randbelow(9_000_000))
        taken = session.scalar(select(Complaint.id).where(Complaint.reference == reference))
        if taken is None:
            return reference
