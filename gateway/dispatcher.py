"""Send what the outbox holds: claim due rows, call the SMS provider, record each result.

Several dispatchers may run at once (scheduler processes, `flask sms dispatch`): a row is claimed
by a conditional update inside a transaction that, on PostgreSQL, skips rows another dispatcher
has locked, so each row goes to one dispatcher. The provider is called outside any transaction.
If a process dies between the provider accepting a message and the result being recorded, the
claim runs out and the message is sent again: at least once, never silently lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from gateway.outbox import FAILED, PENDING, RETRYING, SENDING, SENT
from gateway.sms.provider import SendResult, SmsProvider
from store.models import OutboxMessage, Phone

log = logging.getLogger(__name__)

CLAIM = timedelta(minutes=2)  # longer than the SDK's worst case (3.05 s + 9.05 s) per row
MAX_ATTEMPTS = 12  # with the backoff below: about four hours of trying
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=30)


@dataclass(frozen=True)
class DispatchReport:
    """What one dispatch run did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    """Backoff after the given number of tries: 30 s, 1 min, 2 min, ... at most 30 min."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def dispatch_due(
    sessions: sessionmaker[Session], provider: SmsProvider, now: datetime, limit: int = 100
) -> DispatchReport:
    """Send every due outbox row (up to `limit`) once, and record what happened to each."""
    claimed = _claim(sessions, now, limit)
    counts = {SENT: 0, RETRYING: 0, FAILED: 0}
    for message_id, phone, text in claimed:
        result = provider.send(phone, text)
        with sessions.begin() as session:
            status = _record(session, message_id, result, now)
        counts[status] += 1
    report = DispatchReport(counts[SENT], counts[RETRYING], counts[FAILED])
    if claimed:
        log.info("sms dispatch: sent=%d retrying=%d failed=%d", *vars(report).values())
    return report


def _claim(
    sessions: sessionmaker[Session], now: datetime, limit: int
) -> list[tuple[int, str, str]]:
    with sessions.begin() as session:
        due = session.execute(
            select(OutboxMessage.id, OutboxMessage.phone, OutboxMessage.text, OutboxMessage.status)
            .where(OutboxMessage.status.in_(PENDING), OutboxMessage.due_at <= now)
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        claimed = []
        for message_id, phone, text, status in due:
            taken = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.status == status)
                .values(
                    status=SENDING,
                    due_at=now + CLAIM,
                    attempts=OutboxMessage.attempts + 1,
                )
            )
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append((message_id, phone, text))
        return claimed


def _record(session: Session, message_id: int, result: SendResult, now: datetime) -> str:
    message = session.get_one(OutboxMessage, message_id)
    if result.outcome == "accepted":
        message.status = SENT
        message.provider_message_id = result.message_id
        message.parts = result.parts
        message.cost = result.cost
        message.sent_at = now
        message.failure_reason = None
    elif result.outcome == "retry" and message.attempts < MAX_ATTEMPTS:
        message.status = RETRYING
        message.due_at = now + retry_delay(message.attempts)
        message.failure_reason = result.reason
    else:
        message.status = FAILED
        message.failure_reason = _reason(result, message.attempts)
        if result.blacklisted:
            _remember_blocked(session, message.phone, now)
    return message.status


def _reason(result: SendResult, attempts: int) -> str:
    reason = result.reason or "unknown"
    if result.outcome == "retry":
        reason = f"gave up after {attempts} tries: {reason}"
    return reason[:200]


def _remember_blocked(session: Session, phone: str, now: datetime) -> None:
    """A 406 phone gets its reference on the USSD screen, not a promise of an SMS."""
    row = session.get(Phone, phone)
    if row is None:
        session.add(Phone(number=phone, language="sw", sms_blocked_at=now, created_at=now))
    else:
        row.sms_blocked_at = now
