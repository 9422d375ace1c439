"""Send what the outbox holds: claim due rows, call the SMS provider, record each result.

Several dispatchers may run at once (scheduler processes, `flask sms dispatch`). A claim is one
UPDATE ... RETURNING over rows that, on PostgreSQL, another dispatcher has not locked (SKIP
LOCKED); it marks them `sending`, bumps `attempts` and sets `due_at` to the claim's end. The
pair (status `sending`, `attempts`) is the claim's identity: a result is recorded only while the
row still carries it, so a claim that ran out and was taken over is never overwritten.

A claim lasts CLAIM. A dispatcher starts no send after the first half of its claim: the rows
left are given back, due at once, and claimed afresh. A send in flight ends within the SDK's
timeouts (about 12 s) and its result is recorded within RECORD_SECONDS, long before the claim
runs out, so a slow provider can delay messages but never make two dispatchers send the same
row. A dispatcher that dies (or stalls for most of a minute) between the provider accepting
a message and the result being recorded loses nothing: the claim runs out and the row is sent
again (at least once; a duplicate is possible only for the rows in flight at that moment, or
answered in the last RECORD_SECONDS).

Throughput: up to SENDERS calls are in flight at once, and rows due at the same moment with the
same text go to the provider as one many-recipient request. One wake-up claims batch after batch
until nothing is due, so a backlog drains without waiting for the next tick.

Africa's Talking's 406 (UserInBlacklist) is believed only when it repeats: a phone's first 406 is
retried like an outage, and only another 406 at least BLOCK_AFTER later, with no success between,
marks the phone blocked (an outage answering 406 for minutes blocks nobody). Any later success,
or a delivery report that it arrived, lifts it. Officers' phones are never blocked.
"""

from __future__ import annotations

import logging
import queue
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, bindparam, case, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from gateway.messaging.outbox import FAILED, PENDING, RETRYING, SENDING, SENT
from gateway.messaging.providers.provider import SendResult, SmsProvider
from store.models import Officer, OutboxMessage, Phone
from store.upsert import insert_missing, table_of

log = logging.getLogger(__name__)

CLAIM = timedelta(minutes=2)  # how long claimed rows are ours before anyone may send them again
SEND_WINDOW = CLAIM / 2  # sends start only in the first half; the rest is for those in flight
BATCH = 500  # rows a claim takes: well under a second of sending at loopback speed
SENDERS = 8  # provider calls in flight at once
RECORD_EVERY = 32  # results recorded together: few transactions, few rows unrecorded at a crash
RECORD_SECONDS = 0.05  # ...or whatever came in within this long
MAX_RECIPIENTS = 100  # numbers in one many-recipient request
MAX_ATTEMPTS = 12  # with the backoff below: about four hours of trying
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=30)
BLOCK_AFTER = timedelta(hours=12)  # a second 406 this much later is no outage: the phone opted out

_outbox = table_of(OutboxMessage)


@dataclass(frozen=True)
class DispatchReport:
    """What one dispatch run did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


@dataclass(frozen=True)
class Claimed:
    """A row this dispatcher holds: its id, number and text, and the claim's `attempts`."""

    id: int
    phone: str
    text: str
    attempts: int


def retry_delay(attempts: int) -> timedelta:
    """Backoff after the given number of tries: 30 s, 1 min, 2 min, ... at most 30 min."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def dispatch_due(
    sessions: sessionmaker[Session],
    provider: SmsProvider,
    now: datetime,
    limit: int = BATCH,
    clock: Callable[[], float] = time.monotonic,
) -> DispatchReport:
    """Send every outbox row due, `limit` rows a claim, until none is due.

    `now` is the wake-up's moment; later claims in the same run are dated by the time `clock`
    (seconds, monotonic) says has passed since, so a long drain keeps its claims honest.
    """
    started = clock()
    totals: dict[str, int] = defaultdict(int)
    at = now  # each claim's moment: the wake-up's, then as much later as time has passed
    with ThreadPoolExecutor(SENDERS, thread_name_prefix="sms-send") as pool:
        while claimed := claim(sessions, at, limit):
            window = _Window(clock, clock() + SEND_WINDOW.total_seconds())
            counts = _send_and_record(pool, sessions, provider, claimed, window, at)
            for status, count in counts.items():
                totals[status] += count
            if not counts:
                break  # a provider too slow to send anything: leave it to the next wake-up
            at = now + timedelta(seconds=clock() - started)
    report = DispatchReport(totals[SENT], totals[RETRYING], totals[FAILED])
    if any(totals.values()):
        log.info("sms dispatch: sent=%d retrying=%d failed=%d", *vars(report).values())
    return report


def claim(sessions: sessionmaker[Session], now: datetime, limit: int) -> list[Claimed]:
    """Take up to `limit` due rows for this dispatcher, in one statement."""
    due = (
        select(_outbox.c.id)
        .where(_outbox.c.status.in_(PENDING), _outbox.c.due_at <= now)
        .order_by(_outbox.c.due_at, _outbox.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        update(_outbox)
        .where(_outbox.c.id.in_(due))
        .values(status=SENDING, due_at=now + CLAIM, attempts=_outbox.c.attempts + 1)
        .returning(_outbox.c.id, _outbox.c.phone, _outbox.c.text, _outbox.c.attempts)
    )
    with sessions.begin() as session:
        rows = session.execute(statement).all()
    return sorted((Claimed(*row) for row in rows), key=lambda row: row.id)


@dataclass(frozen=True)
class _Window:
    """The part of a claim in which sends may start."""

    clock: Callable[[], float]
    ends: float

    def open(self) -> bool:
        return self.clock() < self.ends


def _send_and_record(
    pool: ThreadPoolExecutor,
    sessions: sessionmaker[Session],
    provider: SmsProvider,
    claimed: Sequence[Claimed],
    window: _Window,
    now: datetime,
) -> dict[str, int]:
    """Send the claimed rows, request by request in parallel, recording results as they come.

    Results are recorded in small batches (RECORD_EVERY rows, or RECORD_SECONDS), so a
    dispatcher killed mid-claim leaves unrecorded only the requests in flight and the last
    moment's answers: those are the only rows sent twice when its claim runs out.
    """
    # Answers come back through a queue as each send ends: waiting on the claim's few hundred
    # futures at once, again after every answer, cost more CPU than recording the results.
    answers: queue.SimpleQueue[Future[dict[int, SendResult | None]]] = queue.SimpleQueue()
    requests = _requests(claimed)
    sent_by: dict[Future[dict[int, SendResult | None]], list[Claimed]] = {}
    for request in requests:
        future = pool.submit(_send, provider, request, window)
        sent_by[future] = request
        future.add_done_callback(answers.put)
    counts: dict[str, int] = defaultdict(int)
    answered: list[tuple[list[Claimed], dict[int, SendResult | None]]] = []
    recorded_at = window.clock()
    waiting = len(requests)
    while waiting:
        done = _answers_in(answers, RECORD_SECONDS)
        waiting -= len(done)
        answered += [(sent_by[future], future.result()) for future in done]
        rows = sum(len(request) for request, _ in answered)
        if answered and (
            not waiting or rows >= RECORD_EVERY or window.clock() - recorded_at >= RECORD_SECONDS
        ):
            batch = [row for request, _ in answered for row in request]
            results = {row_id: r for _, found in answered for row_id, r in found.items()}
            for status, count in _record(sessions, batch, results, now).items():
                counts[status] += count
            answered, recorded_at = [], window.clock()
    return counts


def _answers_in(answers: queue.SimpleQueue[Future[Any]], timeout: float) -> list[Future[Any]]:
    """The sends that ended: the first within `timeout` (none if none did), and all after it."""
    try:
        done = [answers.get(timeout=timeout)]
    except queue.Empty:
        return []
    while True:
        try:
            done.append(answers.get_nowait())
        except queue.Empty:
            return done


def _send(
    provider: SmsProvider, request: list[Claimed], window: _Window
) -> dict[int, SendResult | None]:
    """Each row's result; None for rows not sent because their claim was running out."""
    if not window.open():
        return {row.id: None for row in request}
    try:
        if len(request) == 1:
            return {request[0].id: provider.send(request[0].phone, request[0].text)}
        by_phone = provider.send_bulk([row.phone for row in request], request[0].text)
        return {row.id: by_phone[row.phone] for row in request}
    except Exception as error:  # a bug must not stall the batch: retry these rows later
        log.exception("sms provider failed on %d rows", len(request))
        failure = SendResult("retry", reason=f"error: {type(error).__name__}")
        return {row.id: failure for row in request}


def _requests(claimed: Iterable[Claimed]) -> list[list[Claimed]]:
    """The rows grouped into provider requests: one text to up to MAX_RECIPIENTS phones."""
    by_text: dict[str, list[list[Claimed]]] = defaultdict(list)
    for row in claimed:
        requests = by_text[row.text]
        room = next(
            (
                request
                for request in requests
                if len(request) < MAX_RECIPIENTS and all(r.phone != row.phone for r in request)
            ),
            None,
        )
        if room is None:
            requests.append([row])
        else:
            room.append(row)
    return [request for requests in by_text.values() for request in requests]


_RECORD = (
    update(_outbox)
    .where(
        _outbox.c.id == bindparam("claimed_id"),
        _outbox.c.status == SENDING,
        _outbox.c.attempts == bindparam("claimed_attempts"),
    )
    .values(
        status=bindparam("new_status"),
        # Sent or failed for good: a secret it carried (a new PIN or password) is masked now.
        text=case(
            (
                bindparam("new_final", type_=Boolean),
                func.coalesce(_outbox.c.text_after_sending, _outbox.c.text),
            ),
            else_=_outbox.c.text,
        ),
        due_at=bindparam("new_due_at"),
        attempts=bindparam("new_attempts"),
        provider_message_id=bindparam("new_message_id"),
        parts=bindparam("new_parts"),
        cost=bindparam("new_cost"),
        sent_at=bindparam("new_sent_at"),
        failure_reason=bindparam("new_reason"),
    )
)


def _record(
    sessions: sessionmaker[Session],
    claimed: Sequence[Claimed],
    results: dict[int, SendResult | None],
    now: datetime,
) -> dict[str, int]:
    """Store every result in one transaction, only where the claim is still ours."""
    counts: dict[str, int] = defaultdict(int)
    answered: list[tuple[Claimed, dict[str, Any]]] = []
    with sessions.begin() as session:
        refused = _refusals(session, claimed, results, now)
        rows = []
        for row in claimed:
            result = results[row.id]
            values = _outcome(row, result, now, refused.get(row.phone))
            if result is not None:
                counts[values["new_status"]] += 1
                answered.append((row, values))
            rows.append(values)
        updated = session.connection().execute(_RECORD, rows).rowcount
        if updated != len(rows):
            # Only a dispatcher stalled for most of its claim gets here: its rows were taken over.
            log.warning("sms dispatch: %d results not recorded, claim lost", len(rows) - updated)
        _remember_refusals(session, refused, now)
        accepted = {row.phone for row in claimed if _accepted(results[row.id])}
        if accepted:
            lift_block(session, accepted)
    # Written once stored, outside the transaction: on SQLite it holds the one writer's turn,
    # which the web's writes (a filing, a USSD step) wait for.
    for row, values in answered:
        _log_sent(row, values)
    return counts


def _log_sent(row: Claimed, values: dict[str, Any]) -> None:
    """One line per SMS out: the outbox row, what became of it, never its number or words."""
    log.info(
        "sms out id=%d status=%s try=%d parts=%s reason=%s",
        row.id,
        values["new_status"],
        row.attempts,
        values["new_parts"] or "-",
        values["new_reason"] or "-",
    )


def _accepted(result: SendResult | None) -> bool:
    return result is not None and result.outcome == "accepted"


def _outcome(
    row: Claimed, result: SendResult | None, now: datetime, refusal: str | None
) -> dict[str, Any]:
    """The columns a result writes: sent, retrying (with backoff) or failed; or given back."""
    values: dict[str, Any] = {
        "claimed_id": row.id,
        "claimed_attempts": row.attempts,
        "new_status": RETRYING,
        "new_attempts": row.attempts,
        "new_due_at": now,
        "new_message_id": None,
        "new_parts": None,
        "new_cost": None,
        "new_sent_at": None,
        "new_reason": None,
        "new_final": False,
    }
    if result is None:  # not sent, its claim running out: due again at once, the try uncounted
        values["new_attempts"] = row.attempts - 1
    elif result.outcome == "accepted":
        values.update(
            new_status=SENT,
            new_message_id=result.message_id,
            new_parts=result.parts,
            new_cost=result.cost,
            new_sent_at=now,
        )
    elif result.outcome == "failed" and (not result.blacklisted or refusal == "confirmed"):
        values.update(new_status=FAILED, new_reason=(result.reason or "unknown")[:200])
    elif row.attempts < MAX_ATTEMPTS:
        values.update(new_due_at=now + retry_delay(row.attempts), new_reason=result.reason)
    else:
        reason = f"gave up after {row.attempts} tries: {result.reason or 'unknown'}"
        values.update(new_status=FAILED, new_reason=reason[:200])
    values["new_final"] = values["new_status"] in (SENT, FAILED)
    return values


def _refusals(
    session: Session,
    claimed: Sequence[Claimed],
    results: dict[int, SendResult | None],
    now: datetime,
) -> dict[str, str]:
    """For each phone refused with a 406 here: "first", "confirmed" or "officer" (never blocked)."""
    phones = sorted({row.phone for row in claimed if (r := results[row.id]) and r.blacklisted})
    if not phones:
        return {}
    officers = set(session.scalars(select(Officer.phone).where(Officer.phone.in_(phones))))
    earlier = dict(
        session.execute(
            select(Phone.number, Phone.sms_refused_at)
            .where(Phone.number.in_(phones), Phone.sms_refused_at.is_not(None))
            .order_by(Phone.number)
            .with_for_update()
        ).all()
    )
    verdicts = {}
    for phone in phones:
        first = earlier.get(phone)
        if phone in officers:
            verdicts[phone] = "officer"
        elif first is not None and now - first >= BLOCK_AFTER:
            verdicts[phone] = "confirmed"
        else:
            verdicts[phone] = "first"
    return verdicts


def _remember_refusals(session: Session, refused: dict[str, str], now: datetime) -> None:
    """Keep when each phone was first refused; block it once the refusal is confirmed."""
    for phone, verdict in sorted(refused.items()):
        if verdict == "officer":
            continue
        insert_missing(session, Phone, number=phone, language="sw", created_at=now)
        row = session.get_one(Phone, phone)
        row.sms_refused_at = row.sms_refused_at or now
        if verdict == "confirmed":
            row.sms_blocked_at = row.sms_blocked_at or now


def lift_block(session: Session, phones: Iterable[str]) -> None:
    """An SMS reached these phones: forget any 406 held against them (one statement; rows
    without one are not touched, and rows are taken in the primary key's order)."""
    session.execute(
        update(Phone)
        .where(
            Phone.number.in_(sorted(phones)),
            or_(Phone.sms_refused_at.is_not(None), Phone.sms_blocked_at.is_not(None)),
        )
        .values(sms_refused_at=None, sms_blocked_at=None)
        .execution_options(synchronize_session=False)
    )


def due_count(session: Session, now: datetime) -> int:
    """How many outbox rows are waiting to go at `now`."""
    count = session.scalar(
        select(func.count())
        .select_from(_outbox)
        .where(_outbox.c.status.in_(PENDING), _outbox.c.due_at <= now)
    )
    return int(count or 0)


def oldest_due_at(session: Session, now: datetime) -> datetime | None:
    """When the longest-waiting outbox row due at `now` fell due (None: nothing is due).

    Rows retrying after a failure fall due again after their backoff, so this measures the
    dispatcher (is anything sending what is due?), not Africa's Talking's outages."""
    oldest: datetime | None = session.scalar(
        select(func.min(OutboxMessage.due_at)).where(
            OutboxMessage.status.in_(PENDING), OutboxMessage.due_at <= now
        )
    )
    return oldest
