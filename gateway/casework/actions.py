"""What officers do to an item, from an SMS command or the console: one function per action.

Each checks who may act, changes the item, writes its event, tells the citizen and returns the
detail for the officer's confirmation. A refusal raises Refused and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from charter.gsm7 import sms_parts
from gateway.casework.appeals import carried_out_message, carry_out, decide_appeal
from gateway.casework.appointments import BadAppointment, set_appointment
from gateway.casework.referrals import ReferralRefused, refer, referral_message, undo_referral
from gateway.casework.routing import department_head, route, the_ded
from gateway.lifecycle.answering import mark_answered, working_days_taken
from gateway.lifecycle.dues import schedule_next_alarm, set_due_dates
from gateway.lifecycle.events import record
from gateway.lifecycle.pauses import resume_clock
from gateway.lifecycle.statuses import (
    ACKNOWLEDGED,
    APPEAL_DECIDED,
    APPEALED,
    RECEIVED,
    WAITING,
    WORKING,
)
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
from store.models import Complaint, ExtensionRequest, Officer, OutboxMessage
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
        "carry_out",
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
        "carry_out",
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
        "carry_out",
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
        "carry_out",
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
    """The action cannot be taken; `reason` is a refusal key the officer is told (`over`: how
    many characters an officer's words must lose to fit)."""

    def __init__(self, reason: str, over: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.over = over


@dataclass(frozen=True)
class Done:
    """What an action did, for the officer's confirmation: its detail (a new department, a new
    date, an institution), and the SMS it queued for the citizen, if any: in how many parts,
    and when it goes (at once, or after quiet hours)."""

    detail: str = ""
    parts: int = 0
    citizen_at: datetime | None = None
    # Where an item went when not where it was sent: "desk" (a transfer to a department with
    # no officer went to the complaints desk) or "nobody" (no desk either); else "".
    outcome: str = ""


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
    citizen_words: str | None = None,
) -> Done:
    """Do one action on an item; what it did, for the confirmation, or raise Refused."""
    to_citizen = and_(
        OutboxMessage.complaint_id == complaint.id, OutboxMessage.phone == complaint.phone
    )
    before = session.scalar(select(func.max(OutboxMessage.id)).where(to_citizen)) or 0
    detail = _act(
        session,
        gateway,
        officer,
        complaint,
        action,
        now,
        text,
        department,
        days,
        institution,
        citizen_words,
    )
    # What this action queued for the citizen (the item's row is locked: nobody else can).
    rows = session.execute(
        select(OutboxMessage.text, OutboxMessage.due_at).where(
            to_citizen, OutboxMessage.id > before
        )
    ).all()
    outcome = _where_it_went(session, complaint) if action == "transfer" else ""
    if not rows:
        return Done(detail, outcome=outcome)
    parts = sum(sms_parts(sms) for sms, _ in rows)
    return Done(detail, parts, max(due for _, due in rows), outcome)


def _where_it_went(session: Session, complaint: Complaint) -> str:
    """Whether a transferred item found an officer of its new department: "" if it did,
    "desk" if it went to the complaints desk instead, "nobody" if there is none either."""
    officer = session.get(Officer, complaint.officer_id) if complaint.officer_id else None
    if officer is None:
        return "nobody"
    return "desk" if officer.department != complaint.department else ""


def _act(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    action: str,
    now: datetime,
    text: str,
    department: str | None,
    days: int | None,
    institution: str | None,
    citizen_words: str | None,
) -> str:
    """The action itself; the detail for the confirmation."""
    check_allowed(officer, complaint, action)
    if action == "unrefer":
        detail = _referral(undo_referral, session, gateway, officer, complaint, now)
        schedule_next_alarm(gateway, complaint)  # back on the clock
        return detail
    if action == "decide":
        if complaint.status != APPEALED:
            raise Refused("no_appeal")
        message = _decision(gateway, complaint, text)
        decide_appeal(session, gateway, complaint, text, message, _actor(officer), now)
        return ""
    if action == "carry_out":
        if complaint.status != APPEAL_DECIDED:
            raise Refused("no_decision")
        carry_out(session, gateway, complaint, text, _actor(officer), now)
        return ""
    if action == "appoint":
        try:
            return set_appointment(session, gateway, officer, complaint, text, now)
        except BadAppointment as bad:
            raise Refused(bad.reason) from bad
    if action in ("approve", "refuse"):
        approve = action == "approve"
        return _decide_extension(session, gateway, officer, complaint, approve, now, text)
    if complaint.status not in WORKING:
        raise Refused("with_ded" if complaint.status == APPEALED else "not_open")
    if action == "refer":
        detail = _referral(refer, session, gateway, officer, complaint, institution, text, now)
        schedule_next_alarm(gateway, complaint)  # off the clock: no alarm
        return detail
    handler = _HANDLERS[action]
    detail = handler(
        session, gateway, officer, complaint, now, text, department, days, citizen_words
    )
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
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
    tell: bool = True,
) -> None:
    """The item taken up; the citizen told, unless the answer itself goes with it (a reply
    says more than "we have started", and costs one SMS, not two)."""
    complaint.acknowledged_at = now
    complaint.acknowledged_role = officer.role
    complaint.acknowledge_days = working_days_taken(gateway, complaint, now)
    if complaint.status == RECEIVED:
        complaint.status = ACKNOWLEDGED
    _event(session, complaint, "acknowledged", officer, now)
    if not tell:
        return
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


def _whole_words(build: Callable[[int], str], gateway: Gateway) -> str:
    """An SMS carrying an officer's own words whole, in up to the charter's parts; a refusal
    naming how much to cut, before anything changes, when they do not fit."""
    try:
        return build(gateway.charter.sms_max_parts)
    except notices.TooLong as too_long:
        raise Refused("too_long", over=too_long.over) from None


def _words_to_citizen(
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    notice: Callable[[str, str, str, str, str, int], str],
    words: str,
) -> str:
    """The citizen's SMS of an officer's words (a reply, a question, a closing note), whole,
    naming the role that acted."""
    language = complaint.language
    who = who_acted(gateway, officer, language)
    council, reference = gateway.charter.short_name, complaint.reference
    return _whole_words(
        lambda parts: notice(language, council, reference, words, who, parts), gateway
    )


# The notice that carries an officer's own words to the citizen, by action.
_WORDS_NOTICES: dict[str, Callable[[str, str, str, str, str, int], str]] = {
    "reply": notices.citizen_reply,
    "ask": notices.citizen_question,
    "resolve": notices.citizen_resolved,
}


def citizen_message(
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    action: str,
    words: str,
    institution: str | None = None,
) -> str | None:
    """The SMS the citizen would receive for this action with these words (a referral: to this
    institution), whole (Refused "too_long" when they do not fit), without doing anything: the
    console's preview and its confirmation of a step that cannot be undone. None for an action
    that sends the citizen nothing of its own."""
    if action in _WORDS_NOTICES:
        return _words_to_citizen(gateway, officer, complaint, _WORDS_NOTICES[action], words)
    if action == "decide":
        return _decision(gateway, complaint, words)
    if action == "extend":
        return _extension_words(gateway, officer, complaint, words or None)
    if action == "refer":
        found = gateway.charter.institution(institution or "")
        if found is None:
            raise Refused("bad_institution")
        return referral_message(gateway, officer, complaint, found)
    if action == "carry_out":
        return carried_out_message(gateway, complaint)
    return None


def _decision(gateway: Gateway, complaint: Complaint, decision: str) -> str:
    """The citizen's SMS of the DED's decision, whole."""
    council, reference = gateway.charter.short_name, complaint.reference
    return _whole_words(
        lambda parts: notices.citizen_appeal_decided(
            complaint.language, council, reference, decision, parts
        ),
        gateway,
    )


def _reply(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    now: datetime,
    text: str,
    *_: object,
) -> str:
    message = _words_to_citizen(gateway, officer, complaint, _WORDS_NOTICES["reply"], text)
    if complaint.acknowledged_at is None:
        _mark_acknowledged(session, gateway, officer, complaint, now, tell=False)
    _event(session, complaint, "replied", officer, now, text=text)
    tell_citizen(session, gateway, complaint, message, "reply", now)
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
    message = _words_to_citizen(gateway, officer, complaint, _WORDS_NOTICES["ask"], text)
    if complaint.status != WAITING:
        complaint.status = WAITING
        complaint.paused_at = now  # the charter's clock stops while we wait on the citizen
    _event(session, complaint, "asked", officer, now, question=text)
    tell_citizen(session, gateway, complaint, message, "question", now)
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
    message = _words_to_citizen(gateway, officer, complaint, _WORDS_NOTICES["resolve"], text)
    if complaint.status == WAITING:
        resume_clock(gateway, complaint, now)
    mark_answered(gateway, officer, complaint, now)
    _event(session, complaint, "resolved", officer, now, note=text)
    tell_citizen(session, gateway, complaint, message, "resolved", now)
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
    citizen_words: str | None = None,
) -> str:
    """Ask for more days: the reason goes to whoever decides (the head, or the DED when the head
    asks or there is none), never to the citizen; the citizen's own words, if any, go with the
    approval and must fit now. One request at a time: a second waits on the first's decision.
    The detail: who decides."""
    waiting = select(ExtensionRequest.id).where(
        ExtensionRequest.complaint_id == complaint.id, ExtensionRequest.status == "pending"
    )
    if session.scalar(waiting.limit(1)) is not None:
        raise Refused("extension_pending")
    if citizen_words:
        _extension_words(gateway, officer, complaint, citizen_words)  # refused now if too long
    request = ExtensionRequest(
        complaint_id=complaint.id,
        officer_id=officer.id,
        days=days or 0,
        reason=text,
        citizen_words=citizen_words or None,
        status="pending",
        requested_at=now,
    )
    session.add(request)
    _event(session, complaint, "extension_requested", officer, now, days=days, reason=text)
    approver = _approver(session, officer, complaint)
    if approver is None:
        return ""
    tell_officer(
        session,
        gateway,
        approver,
        notices.officer_extension_request(
            approver.language,
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
    return who_acted(gateway, approver, officer.language)


def _approver(session: Session, officer: Officer, complaint: Complaint) -> Officer | None:
    """Who decides an officer's request for more time: the head of the item's department, or
    the DED when a head asks or the department has none. Never the one who asked."""
    head = department_head(session, complaint.department)
    if officer.role == "head" or head is None or head.id == officer.id:
        ded = the_ded(session)
        return ded if ded is not None and ded.id != officer.id else None
    return head


def _extension_words(
    gateway: Gateway, officer: Officer, complaint: Complaint, words: str | None
) -> str:
    """The citizen's SMS when more time is approved: the new date, and the officer's words for
    the citizen whole (if any)."""
    language = complaint.language
    who = who_acted(gateway, officer, language)
    due = local_date(complaint.answer_due_at)
    council, reference = gateway.charter.short_name, complaint.reference
    return _whole_words(
        lambda parts: notices.citizen_extended(
            language, council, reference, due, words, who, parts
        ),
        gateway,
    )


def _decide_extension(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    complaint: Complaint,
    approve: bool,
    now: datetime,
    reason: str = "",
) -> str:
    """Approve or refuse the pending request: never one's own, and a head's only by the DED.
    The officer who asked is told the outcome with the date; approved, the citizen too."""
    request = session.scalar(
        select(ExtensionRequest)
        .where(ExtensionRequest.complaint_id == complaint.id, ExtensionRequest.status == "pending")
        .order_by(ExtensionRequest.id.desc())
    )
    if request is None:
        raise Refused("no_pending_extension")
    asker = session.get(Officer, request.officer_id)
    if request.officer_id == officer.id:
        raise Refused("own_request")
    if asker is not None and asker.role == "head" and officer.role != "ded":
        raise Refused("ded_decides")
    request.status = "approved" if approve else "refused"
    request.decided_at = now
    if approve:
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
        try:
            message = _extension_words(gateway, officer, complaint, request.citizen_words)
        except Refused:  # the charter allows fewer parts than when it was asked: no words
            message = _extension_words(gateway, officer, complaint, None)
        tell_citizen(session, gateway, complaint, message, "extended", now)
        schedule_next_alarm(gateway, complaint)
    else:
        _event(
            session, complaint, "extension_refused", officer, now, days=request.days, reason=reason
        )
    due = local_date(complaint.answer_due_at)
    if asker is not None:
        tell_officer(
            session,
            gateway,
            asker,
            notices.officer_extension_decided(
                asker.language,
                gateway.charter.short_name,
                complaint.reference,
                request.days,
                approve,
                due,
                reason,
            ),
            "officer_extension_decided",
            now,
            complaint,
        )
    return format_date(due) if approve and due else ""


def citizen_answers(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    answer: str,
    now: datetime,
    relay: bool = True,
) -> None:
    """The citizen answered an officer's question (or wrote more about the item): the words
    kept in the record, the clock running again, and the officer told unless `relay` is False
    (the day's relays about the item are spent: gateway/people/quotas.py)."""
    _event(session, complaint, "citizen_answered", None, now, answer=answer, relayed=relay)
    if complaint.status == WAITING:
        resume_clock(gateway, complaint, now)
        schedule_next_alarm(gateway, complaint)
    officer = session.get(Officer, complaint.officer_id) if complaint.officer_id else None
    if officer is not None and relay:
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
