"""What one phone may cost the council in a day: items filed, SMS replies, help texts.

Each is counted while holding a lock on the phone's row (SELECT ... FOR UPDATE on PostgreSQL;
SQLite's writer lock does the same), so requests arriving together from one phone, however
many and on however many workers, are counted one after the other and cannot beat the limit.

Replies are counted by the day they go out (East Africa Time). Past the day's share a phone is
told so once, and its messages are answered the next morning, within that day's share: a phone
costs the council at most REPLIES_PER_DAY replies a day, plus that one notice. A citizen's
answer to the council's own question (JIBU, "1"/"2", the reason after a "2") is never counted
nor held back: the council asked for it. Only a first answer is that: a JIBU on an item that
waits on no question of the council's, or a second one to the same question, is counted like
any message. And however many a phone sends, one item's citizen words reach its officer at
most RELAYS_PER_ITEM_PER_DAY times a day; the rest are kept in the item's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cache

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from charter.calendar import EAT
from store.driver import run
from store.models import Complaint, InboundSms, OutboxMessage, Phone
from store.upsert import table_of

DAY = timedelta(days=1)
FILINGS_PER_DAY = 10  # items one phone may file in a day, by USSD and SMS together
REPLIES_PER_DAY = 10  # SMS replies one phone may cost the council in a day
HELP_PER_DAY = 1  # a phone stuck in a loop with an auto-responder gets one help text a day
RELAYS_PER_ITEM_PER_DAY = 3  # a citizen's words relayed to an item's officer by SMS
# Answers to a question the council asked: always answered at once, never counted.
ANSWERS = frozenset({"answer", "satisfaction", "reason"})


@dataclass(frozen=True)
class LockedPhone:
    """A phone whose row this transaction holds: what deciding about it needs."""

    number: str
    language: str
    sms_blocked: bool
    awaiting_reason_for: int | None  # the item it was asked "why not satisfied?" about
    awaiting_reason_until: datetime | None


def lock_phone(session: Session, number: str, now: datetime) -> LockedPhone:
    """The phone's row, created if new, locked until the transaction ends (one statement)."""
    statement = _lock_statement(session.get_bind().dialect.name)
    language, sms_blocked_at, awaiting_reason_for, awaiting_reason_until = run(
        session, statement, {"lock_number": number, "lock_created_at": now}, fetch=True
    )
    return LockedPhone(
        number, language, sms_blocked_at is not None, awaiting_reason_for, awaiting_reason_until
    )


@cache
def _lock_statement(
    dialect: str,
) -> ReturningInsert[tuple[str, datetime | None, int | None, datetime | None]]:
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
        .returning(
            table.c.language,
            table.c.sms_blocked_at,
            table.c.awaiting_reason_for,
            table.c.awaiting_reason_until,
        )
    )


_FILED_SINCE = select(func.count()).where(
    table_of(Complaint).c.phone == bindparam("share_phone"),
    table_of(Complaint).c.received_at >= bindparam("share_since"),
)


def may_relay(session: Session, complaint_id: int, now: datetime) -> bool:
    """Whether a citizen's words about the item may still go to its officer today (hold
    `lock_phone` of the item's phone while deciding: only its own phone answers about it)."""
    relayed = session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.complaint_id == complaint_id,
            OutboxMessage.purpose == "officer_citizen_answered",
            OutboxMessage.created_at >= _day_start(now),
        )
    )
    return int(relayed or 0) < RELAYS_PER_ITEM_PER_DAY


def filed_today(session: Session, number: str, now: datetime) -> int:
    """Items this phone filed today (hold `lock_phone` while deciding on it)."""
    count = session.execute(_FILED_SINCE, filings_share(number, now)).scalar()
    return int(count or 0)


def filings_share(number: str, now: datetime) -> dict[str, object]:
    """The values `FILINGS_LEFT` (and `filed_today`) count the phone's day with."""
    return {"share_phone": number, "share_since": _day_start(now)}


# Whether the phone has filed fewer than its day's share: a condition a filing's INSERT
# carries (gateway.casework.intake), so the count costs no statement of its own. A statement
# run after `lock_phone` sees every filing of the phone committed before it took the lock.
FILINGS_LEFT = _FILED_SINCE.scalar_subquery() < FILINGS_PER_DAY


@dataclass(frozen=True)
class ReplyTime:
    """When a citizen's message is answered, and whether this is the day's "limit reached"."""

    at: datetime | None  # now, the next morning, or None: no reply at all
    limit_notice: bool  # the first message past today's share: tell the phone, once


def reply_time(
    session: Session, number: str, command: str, now: datetime, opens: time
) -> ReplyTime:
    """When to answer this message from `number` (hold `lock_phone` while deciding on it)."""
    if command in ANSWERS:
        return ReplyTime(now, False)
    today = _day_start(now)
    tomorrow = today + DAY
    if command == "help":
        helped = _replies(session, number, today, tomorrow, InboundSms.command == "help")
        return ReplyTime(
            now if helped < HELP_PER_DAY and _room(session, number, today) else None, False
        )
    if _room(session, number, today):
        return ReplyTime(now, False)
    # Past today's share: the first such message tells the phone; each is answered the next
    # morning while that day's share lasts (one phone's flood stays one day's replies).
    first = (
        _replies(session, number, tomorrow, tomorrow + DAY, InboundSms.received_at >= today) == 0
    )
    morning = datetime.combine(tomorrow.astimezone(EAT).date(), opens, EAT).astimezone(UTC)
    return ReplyTime(morning if _room(session, number, tomorrow) else None, first)


def _day_start(now: datetime) -> datetime:
    """Midnight East Africa Time that began `now`'s day."""
    return datetime.combine(now.astimezone(EAT).date(), time(0), EAT).astimezone(UTC)


def _room(session: Session, number: str, day: datetime) -> bool:
    """Whether the phone's replies going out on `day` leave room for one more."""
    return _replies(session, number, day, day + DAY) < REPLIES_PER_DAY


def _replies(
    session: Session, number: str, start: datetime, end: datetime, *more: ColumnElement[bool]
) -> int:
    """Counted replies to the phone that go out from `start` to `end`."""
    count = session.scalar(
        select(func.count(InboundSms.id)).where(
            InboundSms.phone == number,
            InboundSms.reply_at >= start,
            InboundSms.reply_at < end,
            InboundSms.replied.is_(True),
            InboundSms.command.not_in(ANSWERS),
            *more,
        )
    )
    return int(count or 0)
