"""Telling people: the names notices need, and queuing them with the right timing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from charter.calendar import EAT
from gateway.messaging.outbox import outgoing, queue_all, queue_sms
from gateway.people.phones import hide_phone_numbers
from gateway.runtime import Gateway
from store.models import Complaint, Officer
from words import notices


def kind_name(gateway: Gateway, complaint: Complaint, language: str) -> str:
    """The item's kind as the reader says it ("Lalamiko" / "Complaint")."""
    kind = gateway.charter.kind(complaint.kind)
    return kind.name_sw if language == "sw" else kind.name_en


def department_name(gateway: Gateway, slug: str | None) -> str | None:
    """A department's short screen name; None while the desk routes the item."""
    return gateway.charter.department(slug).short if slug else None


def who_acted(gateway: Gateway, officer: Officer, language: str, short: bool = False) -> str:
    """The role that acted, from the acting officer's record, as a citizen's SMS names it."""
    return notices.who_acted(
        language, officer.role, department_name(gateway, officer.department), officer.ward, short
    )


def for_officers(complaint: Complaint, words: str) -> str:
    """A citizen's words as officers may read them: an anonymous citizen's numbers hidden."""
    return hide_phone_numbers(words, complaint.phone) if complaint.anonymous else words


def local_date(moment: datetime | None) -> date | None:
    """The East Africa date of a moment, as people read it; None stays None."""
    return None if moment is None else moment.astimezone(EAT).date()


def tell_citizen(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    text: str,
    purpose: str,
    now: datetime,
    reply: bool = False,
) -> datetime | None:
    """Queue an SMS to the item's citizen, if there is a phone; news waits out quiet hours.
    When it will go (None: no phone to send to)."""
    if not complaint.phone:
        return None
    return queue_sms(
        session,
        phone=complaint.phone,
        text=text,
        purpose=purpose,
        now=now,
        complaint_id=complaint.id,
        quiet_hours=None if reply else gateway.config.quiet_hours,
    )


def tell_officer(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    text: str,
    purpose: str,
    now: datetime,
    complaint: Complaint | None = None,
    reply: bool = False,
) -> None:
    """Queue an SMS to an officer; a confirmation of their own action goes at once."""
    queue_all(session, officer_sms(gateway, officer, text, purpose, now, complaint, reply))


def officer_sms(
    gateway: Gateway,
    officer: Officer,
    text: str,
    purpose: str,
    now: datetime,
    complaint: Complaint | None = None,
    reply: bool = False,
) -> dict[str, Any]:
    """The outbox row of `tell_officer`'s SMS, for `queue_all` to write with others."""
    return outgoing(
        phone=officer.phone,
        text=text,
        purpose=purpose,
        now=now,
        complaint_id=complaint.id if complaint else None,
        quiet_hours=None if reply else gateway.config.quiet_hours,
    )
