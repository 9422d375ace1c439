"""The SMS outbox: every message is a row, queued with the change that caused it.

The constants below are the lifecycle of a row (`OutboxMessage.status`): queued -> sending ->
sent -> delivered, or retrying (back to sending at due_at) -> failed with a reason.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import bindparam, func, insert, update
from sqlalchemy.orm import Session

from charter.calendar import EAT
from charter.gsm7 import to_gsm7
from store.driver import run
from store.models import OutboxMessage
from store.upsert import table_of

QUEUED = "queued"  # written, waiting for its due_at (now, or the end of quiet hours)
SENDING = "sending"  # claimed by a dispatcher; due_at is the claim's end, then anyone may retry
SENT = "sent"  # Africa's Talking accepted it (messageId kept); no delivery report yet
DELIVERED = "delivered"  # the operator reported it reached the phone
RETRYING = "retrying"  # a transient failure; tried again at due_at
FAILED = "failed"  # given up for good; failure_reason says why

PENDING = (QUEUED, RETRYING, SENDING)


def queue_sms(
    session: Session,
    *,
    phone: str,
    text: str,
    purpose: str,
    now: datetime,
    complaint_id: int | None = None,
    quiet_hours: tuple[time, time] | None = None,
    send_at: datetime | None = None,
    text_after_sending: str | None = None,
) -> datetime:
    """Add one SMS to the outbox (the caller commits it with the change that caused it); when it
    will go (now, or after quiet hours).

    Pass quiet_hours only for messages that may wait for the morning; a reply to something the
    citizen just did goes at once, or at `send_at` (a reply held for the next morning). The row
    is written at once (an append-only table needs no unit of work), in the caller's transaction.
    An SMS carrying a secret (a new PIN or password) gives `text_after_sending`, the same words
    with it masked: the dispatcher puts that in place of `text` once the SMS is sent or failed.
    """
    row = outgoing(
        phone=phone,
        text=text,
        purpose=purpose,
        now=now,
        complaint_id=complaint_id,
        quiet_hours=quiet_hours,
        send_at=send_at,
        text_after_sending=text_after_sending,
    )
    queue_all(session, row)
    return due_at(row)


def outgoing(
    *,
    phone: str,
    text: str,
    purpose: str,
    now: datetime,
    complaint_id: int | None = None,
    quiet_hours: tuple[time, time] | None = None,
    send_at: datetime | None = None,
    text_after_sending: str | None = None,
) -> dict[str, Any]:
    """One SMS's outbox row, as `queue_sms` writes it, for `queue_all` to write with others."""
    return {
        "q_phone": phone,
        "q_text": to_gsm7(text),
        "q_purpose": purpose,
        "q_complaint_id": complaint_id,
        "q_due_at": after_quiet_hours(send_at or now, quiet_hours),
        "q_created_at": now,
        "q_after": to_gsm7(text_after_sending) if text_after_sending is not None else None,
    }


def due_at(row: dict[str, Any]) -> datetime:
    """When an `outgoing` SMS will go."""
    return cast(datetime, row["q_due_at"])


def queue_all(session: Session, *rows: dict[str, Any]) -> None:
    """Write `outgoing` SMS to the outbox in one statement, in the order given (a filing's)."""
    run(session, _QUEUE, rows[0] if len(rows) == 1 else list(rows))


_QUEUE = insert(table_of(OutboxMessage)).values(
    phone=bindparam("q_phone"),
    text=bindparam("q_text"),
    text_after_sending=bindparam("q_after"),
    purpose=bindparam("q_purpose"),
    complaint_id=bindparam("q_complaint_id"),
    status=QUEUED,
    due_at=bindparam("q_due_at"),
    attempts=0,
    created_at=bindparam("q_created_at"),
)


def withdraw_unsent(session: Session, *, phone: str, purpose: str, reason: str) -> int:
    """Take back the SMS of this purpose to this phone that have not gone yet (a newer one says
    otherwise: a PIN replaced by another): failed with `reason`, any secret masked. One being
    sent at this moment is left to finish. How many were taken back."""
    table = table_of(OutboxMessage)
    result = session.execute(
        update(table)
        .where(
            table.c.phone == phone,
            table.c.purpose == purpose,
            table.c.status.in_((QUEUED, RETRYING)),
        )
        .values(
            status=FAILED,
            failure_reason=reason[:200],
            text=func.coalesce(table.c.text_after_sending, table.c.text),
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def after_quiet_hours(now: datetime, quiet_hours: tuple[time, time] | None) -> datetime:
    """`now`, or the end of the quiet hours (East Africa Time) if `now` falls inside them."""
    if quiet_hours is None:
        return now
    start, end = quiet_hours
    local = now.astimezone(EAT)
    clock = local.time()
    overnight = start > end  # e.g. 21:00-07:00 spans midnight
    inside = (clock >= start or clock < end) if overnight else (start <= clock < end)
    if not inside:
        return now
    morning = datetime.combine(local.date(), end, tzinfo=EAT)
    if morning <= local:
        morning += timedelta(days=1)
    return morning.astimezone(UTC)


# Africa's Talking's delivery statuses, mapped once: not final ones mean "sent" to us.
DELIVERY_STATUSES = {
    "Sent": SENT,
    "Submitted": SENT,
    "Buffered": SENT,
    "Success": DELIVERED,
    "Rejected": FAILED,
    "Failed": FAILED,
    "Expired": FAILED,
}
# How far along the lifecycle a status is: a report may only move a message forward.
_PROGRESS = {QUEUED: 0, RETRYING: 0, SENDING: 1, SENT: 2, DELIVERED: 3, FAILED: 3}


def after_delivery_report(current: str, report_status: str) -> str | None:
    """The message's new status after a delivery report, or None if it must not change.

    Reports arrive twice and out of order: a late "Buffered" after "Success" changes nothing,
    and a final status is never replaced by another.
    """
    new = DELIVERY_STATUSES.get(report_status)
    if new is None or _PROGRESS[new] <= _PROGRESS.get(current, 0):
        return None
    return new
