"""What one phone may cost the council in a day: items filed, SMS replies, help texts.

Each is counted while holding a lock on the phone's row (SELECT ... FOR UPDATE on PostgreSQL;
SQLite's writer lock does the same), so requests arriving together from one phone, however
many and on however many workers, are counted one after the other and cannot beat the limit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Complaint, InboundSms, Phone
from store.upsert import insert_missing

DAY = timedelta(days=1)
FILINGS_PER_DAY = 10  # items one phone may file in a day, by USSD and SMS together
REPLIES_PER_DAY = 10  # SMS replies one phone may cost the council in a day
HELP_PER_DAY = 1  # a phone stuck in a loop with an auto-responder gets one help text a day


def lock_phone(session: Session, number: str, now: datetime) -> Phone:
    """The phone's row, created if new, locked until the transaction ends."""
    insert_missing(session, Phone, number=number, language="sw", created_at=now)
    return session.scalars(
        select(Phone)
        .where(Phone.number == number)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def filed_today(session: Session, number: str, now: datetime) -> int:
    """Items this phone filed in the last day (hold `lock_phone` while deciding on it)."""
    count = session.scalar(
        select(func.count(Complaint.id)).where(
            Complaint.phone == number, Complaint.received_at > now - DAY
        )
    )
    return int(count or 0)


def may_reply(session: Session, number: str, command: str, now: datetime) -> bool:
    """Within the phone's daily replies, and its one help text a day for "help"."""
    replied = select(func.count(InboundSms.id)).where(
        InboundSms.phone == number,
        InboundSms.replied.is_(True),
        InboundSms.received_at > now - DAY,
    )
    if (session.scalar(replied) or 0) >= REPLIES_PER_DAY:
        return False
    if command == "help":
        helped = replied.where(InboundSms.command == "help")
        return (session.scalar(helped) or 0) < HELP_PER_DAY
    return True
