"""Referring an item to an institution outside the council (RUWASA, TARURA, TANESCO, the police),
and the desk undoing a referral made in error.

A referred item leaves the council's clock: its status is `referred`, no reminder or escalation
fires, and the report counts it per institution, apart from the council's own results. The time
it spends referred is a pause, as while waiting on the citizen: undone, the clock runs again
with its deadline moved on by that time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.model import Institution
from gateway.lifecycle.events import record
from gateway.lifecycle.pauses import resume_clock
from gateway.lifecycle.statuses import REFERRED, WAITING
from gateway.messaging.notify import (
    for_officers,
    kind_name,
    local_date,
    tell_citizen,
    who_acted,
)
from gateway.messaging.outbox import queue_sms
from gateway.runtime import Gateway
from store.models import Complaint, ComplaintEvent, Officer
from words import notices


class ReferralRefused(Exception):
    """The referral cannot be made or undone; `reason` is a refusal key the officer is told."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def refer(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    slug: str | None,
    note: str,
    now: datetime,
) -> str:
    """Refer a working item outside the council and tell the citizen; the institution's name."""
    institution = gateway.charter.institution(slug or "")
    if institution is None:
        raise ReferralRefused("bad_institution")
    previous = complaint.status
    complaint.status = REFERRED
    complaint.referred_to = institution.slug
    complaint.referred_at = now
    if complaint.paused_at is None:  # off the council's clock from now
        complaint.paused_at = now
    record(
        session,
        complaint.id,
        "referred",
        now,
        f"officer:{officer.id}",
        institution=institution.slug,
        note=note,
        previous=previous,
        role=officer.role,
    )
    if institution.sms is not None:  # the charter gives its number: the item goes there
        _send_to_institution(session, gateway, complaint, institution.sms, now)
    message = referral_message(gateway, officer, complaint, institution)
    tell_citizen(session, gateway, complaint, message, "referred", now)
    return institution.name


def referral_message(
    gateway: Gateway, officer: Officer, complaint: Complaint, institution: Institution
) -> str:
    """The citizen's SMS of a referral: where the item went and how to reach it."""
    return notices.citizen_referred(
        complaint.language,
        gateway.charter.short_name,
        complaint.kind,
        kind_name(gateway, complaint, complaint.language),
        complaint.reference,
        institution.name,
        institution.contact,
        who_acted(gateway, officer, complaint.language, short=True),
        sent=institution.sms is not None,
    )


def _send_to_institution(
    session: Session, gateway: Gateway, complaint: Complaint, number: str, now: datetime
) -> None:
    """The item to the institution's own SMS number, in Swahili, with the citizen's name and
    number unless they filed anonymously (then the description is kept from naming them too)."""
    caller = None
    if not complaint.anonymous and complaint.phone:
        caller = f"{complaint.citizen_name or ''} {complaint.phone}".strip()
    queue_sms(
        session,
        phone=number,
        text=notices.institution_referral(
            "sw",
            gateway.charter.short_name,
            kind_name(gateway, complaint, "sw"),
            complaint.reference,
            complaint.ward,
            for_officers(complaint, complaint.description),
            caller,
        ),
        purpose="institution_referral",
        now=now,
        complaint_id=complaint.id,
        quiet_hours=gateway.config.quiet_hours,
    )


def _latest_referral(session: Session, complaint: Complaint) -> dict[str, Any]:
    """The detail of the item's latest referral in the record (empty if none)."""
    detail = session.scalar(
        select(ComplaintEvent.detail)
        .where(ComplaintEvent.complaint_id == complaint.id, ComplaintEvent.kind == "referred")
        .order_by(ComplaintEvent.id.desc())
        .limit(1)
    )
    return detail or {}


def previous_status(session: Session, complaint: Complaint) -> str | None:
    """The status the item had before its latest referral, from the record."""
    return _latest_referral(session, complaint).get("previous")


def referred_by(session: Session, complaint: Complaint) -> str:
    """The role of whoever made the item's latest referral, from the record."""
    return str(_latest_referral(session, complaint).get("role", "officer"))


def undo_referral(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
) -> str:
    """Bring a referred item back to the council's clock and tell the citizen."""
    if complaint.status != REFERRED:
        raise ReferralRefused("not_referred")
    institution = complaint.referred_to
    complaint.referred_to = None
    complaint.referred_at = None
    if previous_status(session, complaint) == WAITING:
        complaint.status = WAITING  # still waiting on the citizen: the pause goes on
    else:
        resume_clock(gateway, complaint, now)
    record(
        session,
        complaint.id,
        "referral_undone",
        now,
        f"officer:{officer.id}",
        institution=institution,
        role=officer.role,
    )
    tell_citizen(
        session,
        gateway,
        complaint,
        notices.citizen_referral_undone(
            complaint.language,
            gateway.charter.short_name,
            complaint.kind,
            complaint.reference,
            local_date(complaint.answer_due_at),
            who_acted(gateway, officer, complaint.language),
        ),
        "referral_undone",
        now,
    )
    return ""
