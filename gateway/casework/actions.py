"""What officers do to an item, from an SMS command or the console: one function per action.

Each checks who may act, changes the item, writes its event, tells the citizen and returns the
detail for the officer's confirmation. A refusal raises Refused and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.casework.appeals import decide_appeal
from gateway.casework.appointments import BadAppointment, set_appointment
from gateway.casework.referrals import ReferralRefused, refer, undo_referral
from gateway.casework.routing import head_of, route
from gateway.lifecycle.answering import mark_answered, working_days_taken
from gateway.lifecycle.dues import schedule_next_alarm, set_due_dates
from gateway.lifecycle.events import record
from gateway.lifecycle.pauses import resume_clock
from gateway.lifecycle.statuses import ACKNOWLEDGED, APPEALED, RECEIVED, WAITING, WORKING
from gateway.messaging.notify import (
    department_name,
    for_officers,
    kind_name,
    local_date,
    tell_citizen,
    tell_officer,
    who_acted,
)
from gateway.runtime import Gateway
from store.models import Complaint, ExtensionRequest, Officer
from words import notices
from words.catalogue import format_date

CALL_BACK = "simu"  # the charter's kind slug for a call-back (huduma ya simu)

# Who may do what: the DED anything; heads their department's items; the desk routes and
# answers but does not approve extensions; officers work their department's items.
ROLE_ACTIONS = {
    "ded": {
        "acknowledge",
        "reply",
        "resolve",
        "transfer",
        "extend",
        "ask",
        "approve",
        "refuse",
        "decide",
        "appoint",
        "call",
        "refer",
        "unrefer",
    },
    "head": {
        "acknowledge",
        "reply",
        "resolve",
        "transfer",
        "extend",
        "ask",
        "approve",
        "refuse",
        "appoint",
        "call",
        "refer",
    },
    # The desk may undo a referral made in error, whoever made it.
    "desk": {
        "acknowledge",
        "reply",
        "resolve",
        "transfer",
        "ask",
        "appoint",
        "call",
        "refer",
        "unrefer",
    },
    "officer": {
        "acknowledge",
        "reply",
        "resolve",
        "transfer",
        "extend",
        "ask",
        "appoint",
        "call",
        "refer",
    },
    # A ward's executive officer: any item in the ward; the answer (resolve, extend, refer, an
    # appointment's date, a call logged) only when the item is theirs, as when the charter gives
    # the kind to the ward.
    "weo": {
        "acknowledge",
        "reply",
        "resolve",
        "transfer",
        "extend",
        "ask",
        "appoint",
        "call",
        "refer",
    },
}
WARD_ACTIONS = frozenset({"acknowledge", "reply", "transfer", "ask"})


class Refused(Exception):
    """The action cannot be taken; `reason` is a refusal key the officer is told."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_allowed(officer: Officer, complaint: Complaint, action: str) -> None:
    """Refused("not_allowed") unless this officer's role and department allow the action."""
    if action not in ROLE_ACTIONS.get(officer.role, set()):
        raise Refused("not_allowed")
    if officer.role == "weo" and complaint.officer_id != officer.id:
        if complaint.ward is None or complaint.ward != officer.ward:
            raise Refused("other_ward")
        if action not in WARD_ACTIONS:  # the department's officer stays responsible
            raise Refused("not_allowed")
    in_department = officer.department is not None and officer.department == complaint.department
    if officer.role in ("officer", "head") and not (
        in_department or complaint.officer_id == officer.id
    ):
        raise Refused("not_allowed")


def act(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    action: str,
    now: datetime,
    text: str = "",
    department: str | None = None,
    days: int | None = None,
    institution: str | None = None,
) -> str:
    """Do one action on an item; the detail for the confirmation, or raise Refused."""
    check_allowed(officer, complaint, action)
    if action == "unrefer":
        detail = _referral(undo_referral, session, gateway, officer, complaint, now)
        schedule_next_alarm(gateway, complaint)  # back on the clock
        return detail
    if action == "decide":
        if complaint.status != APPEALED:
            raise Refused("no_appeal")
        decide_appeal(session, gateway, complaint, text, _actor(officer), now)
        return ""
    if action == "appoint":
        try:
            return set_appointment(session, gateway, officer, complaint, text, now)
        except BadAppointment as bad:
            raise Refused(bad.reason) from bad
    if action in ("approve", "refuse"):
        return _decide_extension(session, gateway, officer, complaint, action == "approve", now)
    if complaint.status not in WORKING:
        raise Refused("not_open")
    if action == "refer":
        detail = _referral(refer, session, gateway, officer, complaint, institution, text, now)
        schedule_next_alarm(gateway, complaint)  # off the clock: no alarm
        return detail
    handler = _HANDLERS[action]
    detail = handler(session, gateway, officer, complaint, now, text, department, days)
    schedule_next_alarm(gateway, complaint)
    return detail


def _referral(service: Callable[..., str], *arguments: object) -> str:
    """A referral made or undone; its refusal as the officer's."""
    try:
        return service(*arguments)
    except ReferralRefused as refused:
        raise Refused(refused.reason) from None


def _actor(officer: Officer) -> str:
    return f"officer:{officer.id}"


def _event(
    session: Session,
    complaint: Complaint,
    kind: str,
    officer: Officer | None,
    now: datetime,
    **detail: object,
) -> None:
    if officer is not None:  # the record keeps the role that acted, as the citizen was told
        detail = {**detail, "role": officer.role}
    record(session, complaint.id, kind, now, _actor(officer) if officer else "citizen", **detail)


def _acknowledge(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
    *_: object,
) -> str:
    if complaint.acknowledged_at is None:
        _mark_acknowledged(session, gateway, officer, complaint, now)
    return ""


def _mark_acknowledged(
    session: Session, gateway: Gateway, officer: Officer, complaint: Complaint, now: datetime
) -> None:
    complaint.acknowledged_at = now
    complaint.acknowledged_role = officer.role
    complaint.acknowledge_days = working_days_taken(gateway, complaint, now)
    if complaint.status == RECEIVED:
        complaint.status = ACKNOWLEDGED
    _event(session, complaint, "acknowledged", officer, now)
    tell_citizen(
        session,
        gateway,
        complaint,
        notices.citizen_acknowledged(
            complaint.language,
            gateway.charter.short_name,
            complaint.kind,
            kind_name(gateway, complaint, complaint.language),
            complaint.reference,
            who_acted(gateway, officer, complaint.language),
            local_date(complaint.answer_due_at),
        ),
        "acknowledged",
        now,
    )


def _relay(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    notice: Callable[[str, str, str, str, str], str],
    free_text: str,
    purpose: str,
    now: datetime,
) -> None:
    """Tell the citizen an officer's words (reply, question, closing note) in their notice,
    naming the role that acted."""
    language = complaint.language
    who = who_acted(gateway, officer, language)
    text = notice(language, gateway.charter.short_name, complaint.reference, free_text, who)
    tell_citizen(session, gateway, complaint, text, purpose, now)


def _reply(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
    text: str,
    *_: object,
) -> str:
    if complaint.acknowledged_at is None:
        _mark_acknowledged(session, gateway, officer, complaint, now)
    _event(session, complaint, "replied", officer, now, text=text)
    _relay(session, gateway, officer, complaint, notices.citizen_reply, text, "reply", now)
    return ""


def _ask(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
    text: str,
    *_: object,
) -> str:
    if complaint.status != WAITING:
        complaint.status = WAITING
        complaint.paused_at = now  # the charter's clock stops while we wait on the citizen
    _event(session, complaint, "asked", officer, now, question=text)
    _relay(session, gateway, officer, complaint, notices.citizen_question, text, "question", now)
    return ""


def _resolve(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
    text: str,
    *_: object,
) -> str:
    if complaint.status == WAITING:
        resume_clock(gateway, complaint, now)
    mark_answered(gateway, officer, complaint, now)
    _event(session, complaint, "resolved", officer, now, note=text)
    _relay(session, gateway, officer, complaint, notices.citizen_resolved, text, "resolved", now)
    return ""


def _log_call(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
    text: str,
    *_: object,
) -> str:
    """A call-back made: its outcome recorded, the item answered. The citizen was on the line,
    so no SMS follows."""
    if complaint.kind != CALL_BACK:
        raise Refused("not_call_back")
    if complaint.status == WAITING:
        resume_clock(gateway, complaint, now)
    mark_answered(gateway, officer, complaint, now)
    _event(session, complaint, "called", officer, now, note=text)
    return ""


def _transfer(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
    text: str,
    department: str | None,
    *_: object,
) -> str:
    slugs = {d.slug for d in gateway.charter.departments}
    if department not in slugs:
        raise Refused("bad_department")
    previous = complaint.department
    complaint.department = department
    _event(session, complaint, "transferred", officer, now, **{"from": previous, "to": department})
    route(session, gateway, complaint, now)
    tell_citizen(
        session,
        gateway,
        complaint,
        notices.citizen_transferred(
            complaint.language,
            gateway.charter.short_name,
            complaint.reference,
            department_name(gateway, department) or "-",
            local_date(complaint.answer_due_at),
            who_acted(gateway, officer, complaint.language),
        ),
        "transferred",
        now,
    )
    return department_name(gateway, department) or ""


def _request_extension(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
    text: str,
    department: str | None,
    days: int | None,
) -> str:
    request = ExtensionRequest(
        complaint_id=complaint.id,
        officer_id=officer.id,
        days=days or 0,
        reason=text,
        status="pending",
        requested_at=now,
    )
    session.add(request)
    _event(session, complaint, "extension_requested", officer, now, days=days, reason=text)
    head = head_of(session, complaint.department)
    if head is not None and head.id != officer.id:
        tell_officer(
            session,
            gateway,
            head,
            notices.officer_extension_request(
                head.language,
                gateway.charter.short_name,
                complaint.reference,
                officer.name,
                days or 0,
                text,
            ),
            "officer_extension_request",
            now,
            complaint,
        )
    return str(days)


def _decide_extension(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    approve: bool,
    now: datetime,
) -> str:
    request = session.scalar(
        select(ExtensionRequest)
        .where(ExtensionRequest.complaint_id == complaint.id, ExtensionRequest.status == "pending")
        .order_by(ExtensionRequest.id.desc())
    )
    if request is None:
        raise Refused("no_pending_extension")
    request.status = "approved" if approve else "refused"
    request.decided_at = now
    if not approve:
        _event(session, complaint, "extension_refused", officer, now, days=request.days)
        return ""
    complaint.extension_days += request.days
    set_due_dates(gateway, complaint)  # the charter's one rule, with the days approved
    _event(
        session,
        complaint,
        "extension_approved",
        officer,
        now,
        days=request.days,
        due=complaint.answer_due_at.isoformat() if complaint.answer_due_at else None,
    )
    tell_citizen(
        session,
        gateway,
        complaint,
        notices.citizen_extended(
            complaint.language,
            gateway.charter.short_name,
            complaint.reference,
            local_date(complaint.answer_due_at),
            request.reason,
            who_acted(gateway, officer, complaint.language),
        ),
        "extended",
        now,
    )
    schedule_next_alarm(gateway, complaint)
    due = local_date(complaint.answer_due_at)
    return format_date(due) if due else ""


def citizen_answers(
    session: Session, gateway: Gateway, complaint: Complaint, answer: str, now: datetime
) -> None:
    """The citizen answered an officer's question: the clock runs again, the officer is told."""
    _event(session, complaint, "citizen_answered", None, now, answer=answer)
    if complaint.status == WAITING:
        resume_clock(gateway, complaint, now)
        schedule_next_alarm(gateway, complaint)
    officer = session.get(Officer, complaint.officer_id) if complaint.officer_id else None
    if officer is not None:
        tell_officer(
            session,
            gateway,
            officer,
            notices.officer_citizen_answered(
                officer.language,
                gateway.charter.short_name,
                complaint.reference,
                for_officers(complaint, answer),
            ),
            "officer_citizen_answered",
            now,
            complaint,
        )


# Each takes (session, gateway, officer, complaint, now, text, department, days).
_HANDLERS: dict[str, Callable[..., str]] = {
    "acknowledge": _acknowledge,
    "reply": _reply,
    "ask": _ask,
    "resolve": _resolve,
    "transfer": _transfer,
    "extend": _request_extension,
    "call": _log_call,
}
