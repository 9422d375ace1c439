"""The charter's clock running on every stage of an item: reminders before a date, and what
happens when it passes.

* Received, not yet acknowledged: the officer is reminded on the day the acknowledgement is due,
  and the head told when it passes.
* Owing an answer: the officer reminded at half the time and one working day before; the head
  told when the date passes; after the charter's `escalate_to_ded_after`, the DED takes it as
  an appeal. A call-back or an appointment climbs the same way as what it is, never as an
  appeal: the DED is told it is late, the citizen is told so, and SIMU / MIADI still close it.
* Waiting on the citizen's answer to a question: the citizen is reminded; when the charter's
  wait ends the clock runs again and the officer is told (or the item closes, as the charter
  file says).
* On appeal with the DED: the DED reminded at half the time and one working day before; when
  the date passes the DED is told, and the citizen is told the decision is late, with the
  route beyond the council.
* The DED's decision, carried out by the department: its head and officer reminded at half the
  time and one working day before the date to report back by; when it passes unreported, the
  DED and the head are told.

Each open item carries its next alarm in `next_alarm_at` (indexed); the scheduler asks only
"which alarms are due now?", so a stopped scheduler catches up and nothing is per-item jobs.
Alarms are claimed with row locks that other schedulers skip, and each kind is recorded in
`alarms_done` in the same transaction as the SMS it causes, so none is ever sent twice.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.deadlines import wait_until
from gateway.casework.appeals import carrying_out, escalate_to_ded, external_route
from gateway.casework.routing import head_of, the_ded
from gateway.lifecycle.dues import schedule_next_alarm, stage_alarms
from gateway.lifecycle.events import record
from gateway.lifecycle.pauses import resume_clock
from gateway.lifecycle.statuses import (
    APPEAL_DECIDED,
    APPEALED,
    CLOCK_RUNNING,
    CLOSED,
    WAITING,
)
from gateway.messaging.notify import (
    department_name,
    kind_name,
    local_date,
    tell_citizen,
    tell_officer,
)
from gateway.runtime import Gateway
from store.models import Complaint, Officer
from words import notices

log = logging.getLogger(__name__)

# Kinds whose late answer climbs to the DED as what it is, not as an appeal: the citizen asked
# for an action (a call, a meeting's date), not a decision.
REQUESTS = frozenset(notices.REQUEST_ACTIONS)
# Statuses in which an item's clock runs (in CLOCK_RUNNING), waits on the citizen, is the
# DED's, or is the department's to carry out: every other status has no alarm.
TIMED = frozenset({*CLOCK_RUNNING, WAITING, APPEALED, APPEAL_DECIDED})


def run_alarms(gateway: Gateway, now: datetime, batch: int = 200) -> int:
    """Fire every alarm that is due now, in batches; return how many fired.

    A scheduler that was down catches up here: an item may have several alarms due at once,
    and a reminder overtaken by a later alarm is recorded as skipped rather than sent late.
    """
    fired = 0
    for _ in range(len(_EVENT) + 1):  # an item has at most one round per kind of alarm
        with gateway.sessions.begin() as session:
            # Asked of the next_alarm_at index alone (a million items, nothing due, must cost
            # nothing); an item whose clock stopped without its alarm cleared is cleared here.
            due = session.scalars(
                select(Complaint)
                .where(Complaint.next_alarm_at <= now)
                .order_by(Complaint.next_alarm_at)
                .limit(batch)
                .with_for_update(skip_locked=True, key_share=True)
            ).all()
            for complaint in due:
                if complaint.status in TIMED:
                    _fire(session, gateway, complaint, now)
                    fired += 1
                else:
                    complaint.next_alarm_at, complaint.next_alarm = None, None
        if not due:
            break
    if fired:
        log.info("alarms fired: %d", fired)
    return fired


def _fire(session: Session, gateway: Gateway, complaint: Complaint, now: datetime) -> None:
    kind = complaint.next_alarm or ""
    if kind not in {alarm.kind for alarm in stage_alarms(gateway, complaint)}:
        schedule_next_alarm(gateway, complaint)  # a stage the item has left: nothing to send
        return
    complaint.alarms_done = " ".join([*complaint.alarms_done.split(), kind])
    schedule_next_alarm(gateway, complaint)
    # Catching up, a step that a later one (due too) makes stale is recorded as skipped: a
    # reminder, or the acknowledgement's lateness when the answer's is due as well.
    done = complaint.alarms_done.split()
    also_due = [
        a.kind for a in stage_alarms(gateway, complaint) if a.kind not in done and a.at <= now
    ]
    overtaken = bool(also_due) and (
        "remind" in kind or (kind == "ack_late" and any(k.startswith("escalate") for k in also_due))
    )
    record(session, complaint.id, _EVENT[kind], now, "gateway", alarm=kind, skipped=overtaken)
    if not overtaken:
        _ACTIONS[kind](session, gateway, complaint, kind, now)


def _remind_officer(
    session: Session, gateway: Gateway, complaint: Complaint, kind: str, now: datetime
) -> None:
    """The responsible officer reminded of the answer's date or the acknowledgement's."""
    officer = _officer(session, complaint)
    if officer is None:
        return
    ack = kind == "ack_remind"
    text = notices.officer_reminder(
        officer.language,
        gateway.charter.short_name,
        complaint.reference,
        department_name(gateway, complaint.department) or "-",
        local_date(complaint.acknowledge_due_at if ack else complaint.answer_due_at),
        kind == "remind_last_day",
        stage="acknowledge" if ack else "answer",
        kind=complaint.kind,
    )
    tell_officer(session, gateway, officer, text, f"officer_{kind}", now, complaint)


def _tell_head(
    session: Session, gateway: Gateway, complaint: Complaint, kind: str, now: datetime
) -> None:
    """A date passed (the answer's, or the acknowledgement's): the head is asked to act."""
    ack = kind == "ack_late"
    if not ack:
        complaint.escalation_level = max(complaint.escalation_level, 1)
    head = head_of(session, complaint.department)  # the desk where there is no head
    if head is not None:
        level = "desk" if head.role == "desk" else "head"
        _escalate(session, gateway, complaint, head, level, "acknowledge" if ack else "answer", now)


def _to_the_ded(
    session: Session, gateway: Gateway, complaint: Complaint, kind: str, now: datetime
) -> None:
    """Still no answer after the head's time. A request (a call, a meeting) climbs to the DED as
    what it is and stays open for SIMU / MIADI; anything else becomes the DED's appeal."""
    if complaint.kind not in REQUESTS:
        escalate_to_ded(session, gateway, complaint, now)
        return
    complaint.escalation_level = 2
    ded = the_ded(session)
    if ded is not None:
        _escalate(session, gateway, complaint, ded, "ded", "answer", now)
    tell_citizen(
        session,
        gateway,
        complaint,
        notices.citizen_request_late(
            complaint.language, gateway.charter.short_name, complaint.reference
        ),
        "request_late",
        now,
    )


def _escalate(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    reader: Officer,
    level: str,
    stage: str,
    now: datetime,
) -> None:
    """Ask the head or the DED to act on a date passed at this stage."""
    # The officer who let the date pass is named; an appeal's decision is the DED's own, and
    # carrying it out the department's.
    officer = None if stage in ("appeal", "carry_out") else _officer(session, complaint)
    due = {
        "acknowledge": complaint.acknowledge_due_at,
        "answer": complaint.answer_due_at,
        "appeal": complaint.appeal_due_at,
        "carry_out": complaint.carry_out_due_at,
    }[stage]
    text = notices.officer_escalation(
        reader.language,
        gateway.charter.short_name,
        complaint.reference,
        department_name(gateway, complaint.department) or "-",
        local_date(due),
        officer.name if officer else None,
        level,
        stage=stage,
        kind=complaint.kind,
    )
    tell_officer(session, gateway, reader, text, _ESCALATION_PURPOSE[stage], now, complaint)


_ESCALATION_PURPOSE = {
    "answer": "officer_escalation",
    "acknowledge": "officer_ack_late",
    "appeal": "officer_appeal_late",
    "carry_out": "officer_carry_out_late",
}


def _remind_citizen(
    session: Session, gateway: Gateway, complaint: Complaint, kind: str, now: datetime
) -> None:
    """The citizen has not answered the officer's question: one reminder, with the last day."""
    assert complaint.paused_at is not None  # a waiting item's question was asked then
    until = wait_until(gateway.charter, gateway.calendar, complaint.paused_at)
    tell_citizen(
        session,
        gateway,
        complaint,
        notices.citizen_wait_reminder(
            complaint.language, gateway.charter.short_name, complaint.reference, local_date(until)
        ),
        "wait_reminder",
        now,
    )


def _end_wait(
    session: Session, gateway: Gateway, complaint: Complaint, kind: str, now: datetime
) -> None:
    """The charter's wait on the citizen ended unanswered: the clock runs again (the officer and
    the citizen told the date), or the item closes with a notice, as the charter file says."""
    closed = gateway.charter.waiting.then == "close"
    if closed:
        complaint.status = CLOSED
    else:
        resume_clock(gateway, complaint, now)
    schedule_next_alarm(gateway, complaint)
    due = None if closed else local_date(complaint.answer_due_at)
    officer = _officer(session, complaint)
    if officer is not None:
        text = notices.officer_wait_over(
            officer.language,
            gateway.charter.short_name,
            complaint.reference,
            department_name(gateway, complaint.department) or "-",
            due,
            closed,
        )
        tell_officer(session, gateway, officer, text, "officer_wait_over", now, complaint)
    tell_citizen(
        session,
        gateway,
        complaint,
        notices.citizen_wait_over(
            complaint.language,
            gateway.charter.short_name,
            complaint.kind,
            kind_name(gateway, complaint, complaint.language),
            complaint.reference,
            due,
            closed,
        ),
        "wait_over",
        now,
    )


def _remind_ded(
    session: Session, gateway: Gateway, complaint: Complaint, kind: str, now: datetime
) -> None:
    """The DED reminded of an appeal's date."""
    ded = the_ded(session)
    readers = [ded] if ded is not None else []
    _remind(session, gateway, complaint, readers, "appeal", complaint.appeal_due_at, kind, now)


def _remind(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    readers: list[Officer],
    stage: str,
    due: datetime | None,
    kind: str,
    now: datetime,
) -> None:
    """Remind each reader of a stage's date (at half the time, or on the last day)."""
    for reader in readers:
        text = notices.officer_reminder(
            reader.language,
            gateway.charter.short_name,
            complaint.reference,
            department_name(gateway, complaint.department) or "-",
            local_date(due),
            kind.endswith("_last_day"),
            stage=stage,
        )
        tell_officer(session, gateway, reader, text, f"officer_{stage}_reminder", now, complaint)


def _appeal_late(
    session: Session, gateway: Gateway, complaint: Complaint, kind: str, now: datetime
) -> None:
    """The DED's date passed undecided: the DED told, and the citizen told it is late, with
    the route beyond the council (THBUB/CHRAGG, TAKUKURU) the charter promises."""
    ded = the_ded(session)
    if ded is not None:
        _escalate(session, gateway, complaint, ded, "ded", "appeal", now)
    late = notices.citizen_appeal_late(
        complaint.language,
        gateway.charter.short_name,
        complaint.reference,
        local_date(complaint.appeal_due_at),
    )
    tell_citizen(session, gateway, complaint, late, "appeal_late", now)
    route = external_route(gateway, complaint.language)
    tell_citizen(session, gateway, complaint, route, "external_route", now)


def _remind_department(
    session: Session, gateway: Gateway, complaint: Complaint, kind: str, now: datetime
) -> None:
    """The department's head and officer reminded to report the DED's decision carried out."""
    readers = carrying_out(session, complaint)
    _remind(
        session, gateway, complaint, readers, "carry_out", complaint.carry_out_due_at, kind, now
    )


def _carry_out_late(
    session: Session, gateway: Gateway, complaint: Complaint, kind: str, now: datetime
) -> None:
    """The department did not report the DED's decision carried out by its date: the DED and
    the head (the desk where there is none) told, to act."""
    ded = the_ded(session)
    if ded is not None:
        _escalate(session, gateway, complaint, ded, "ded", "carry_out", now)
    head = head_of(session, complaint.department)
    if head is not None and (ded is None or head.id != ded.id):
        level = "desk" if head.role == "desk" else "head"
        _escalate(session, gateway, complaint, head, level, "carry_out", now)


def _officer(session: Session, complaint: Complaint) -> Officer | None:
    return session.get(Officer, complaint.officer_id) if complaint.officer_id else None


_ACTIONS = {
    "ack_remind": _remind_officer,
    "ack_late": _tell_head,
    "remind_half": _remind_officer,
    "remind_last_day": _remind_officer,
    "escalate_head": _tell_head,
    "escalate_ded": _to_the_ded,
    "wait_remind": _remind_citizen,
    "wait_over": _end_wait,
    "appeal_remind_half": _remind_ded,
    "appeal_remind_last_day": _remind_ded,
    "appeal_late": _appeal_late,
    "carry_out_remind_half": _remind_department,
    "carry_out_remind_last_day": _remind_department,
    "carry_out_late": _carry_out_late,
}
_EVENT = {
    "ack_remind": "reminded",
    "ack_late": "escalated",
    "remind_half": "reminded",
    "remind_last_day": "reminded",
    "escalate_head": "escalated",
    "escalate_ded": "escalated",
    "wait_remind": "reminded",
    "wait_over": "wait_ended",
    "appeal_remind_half": "reminded",
    "appeal_remind_last_day": "reminded",
    "appeal_late": "escalated",
    "carry_out_remind_half": "reminded",
    "carry_out_remind_last_day": "reminded",
    "carry_out_late": "escalated",
}
