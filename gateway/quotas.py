"""What one phone may cost the council in a day: items filed, SMS replies, help texts.

Each is counted while holding a lock on the phone's row (SELECT ... FOR UPDATE on PostgreSQL;
SQLite's writer lock does the same), so requests arriving together from one phone, however
many and on however many workers, are counted one after the other and cannot beat the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from store.models import Complaint, InboundSms, Phone
from store.upsert import table_of

DAY = timedelta(days=1)
FILINGS_PER_DAY = 10  # items one phone may file in a day, by USSD and SMS together
REPLIES_PER_DAY = 10  # SMS replies one phone may cost the council in a day
HELP_PER_DAY = 1  # a phone stuck in a loop with an auto-responder gets one help text a day


@dataclass(frozen=True)
class LockedPhone:
    """A phone whose row this transaction holds: what deciding about it needs."""

    number: str
    language: str
    sms_blocked: bool


def lock_phone(session: Session, number: str, now: datetime) -> LockedPhone:
    """The phone's row, created if new, locked until the transaction ends (one statement)."""
    statement = _lock_statement(session.get_bind().dialect.name)
    row = session.execute(statement, {"lock_number": number, "lock_created_at": now}).one()
    return LockedPhone(number, row.language, row.sms_blocked_at is not None)


@cache
def _lock_statement(dialect: str) -> ReturningInsert[tuple[str, datetime | None]]:
    # Updating the key to itself on conflict locks the row, as SELECT ... FOR UPDATE would.
    table = table_of(Phone)
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    return (
        insert.values(
            number=bindparam("lock_number"),
            language="sw",
            created_at=bindparam("lock_created_at"),
        )
        .on_conflict_do_update(
            index_elements=[table.c.number], set_={"number": insert.excluded.number}
        )
        .returning(table.c.language, table.c.sms_blocked_at)
    )


_FILED_SINCE = select(func.count()).where(
    table_of(Complaint).c.phone == bindparam("phone"),
    table_of(Complaint).c.received_at > bindparam("since"),
)


def filed_today(session: Session, number: str, now: datetime) -> int:
    """Items this phone filed in the last day (hold `lock_phone` while deciding on it)."""
    count = session.execute(_FILED_SINCE, {"phone": number, "since": now - DAY}).scalar()
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
