"""Appeals (rufaa) to the Mkurugenzi Mtendaji: opened by the citizen (within the charter's
`appeal_within`, see gateway/lifecycle/item_dates.py) or by a breach the head did not act
on, decided by the DED, with their own clock; then the DED's decision carried out by the
department, which reports back (TEKELEZA) by the charter's `carry_out` date."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from charter.deadlines import appeal_due, carry_out_due
from gateway.casework.routing import department_head, the_ded, the_desk
from gateway.lifecycle.dues import schedule_next_alarm
from gateway.lifecycle.events import record
from gateway.lifecycle.item_dates import appeal_window_closes, item_dates
from gateway.lifecycle.statuses import APPEAL_DECIDED, APPEALED, CARRIED_OUT, CLOSED
from gateway.messaging.notify import (
    department_name,
    for_officers,
    local_date,
    tell_citizen,
    tell_officer,
)
from gateway.runtime import Gateway
from store.models import Complaint, Officer
from words import notices
from words.catalogue import format_date, text

BREACH_APPEAL_REASON = "Hakuna jibu ndani ya muda wa mkataba"  # opened by the gateway itself


def open_appeal(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    reason: str,
    actor: str,
    now: datetime,
    tell_the_citizen: bool = True,
) -> None:
    """Open an appeal to the DED: its own deadline, the DED told, the citizen told."""
    _to_the_ded(session, gateway, complaint, reason, actor, now)
    if tell_the_citizen:
        tell_citizen(
            session,
            gateway,
            complaint,
            notices.citizen_appeal_opened(
                complaint.language,
                gateway.charter.short_name,
                complaint.reference,
                local_date(complaint.appeal_due_at),
            ),
            "appeal_opened",
            now,
            reply=actor in ("ussd", "sms"),
        )


def escalate_to_ded(
    session: Session, gateway: Gateway, complaint: Complaint, now: datetime
) -> None:
    """The head let a missed date pass too: the DED takes the item as an appeal, and the citizen
    (who never appealed) is told the council missed its date and when the DED will answer."""
    missed = local_date(complaint.answer_due_at)
    _to_the_ded(session, gateway, complaint, BREACH_APPEAL_REASON, "gateway", now)
    tell_citizen(
        session,
        gateway,
        complaint,
        notices.citizen_escalated(
            complaint.language,
            gateway.charter.short_name,
            complaint.kind,
            complaint.reference,
            missed,
            local_date(complaint.appeal_due_at),
        ),
        "escalated_to_ded",
        now,
    )


def _to_the_ded(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    reason: str,
    actor: str,
    now: datetime,
) -> None:
    """The item on appeal with its own deadline, recorded, and the DED told what to decide."""
    complaint.status = APPEALED
    complaint.appeal_opened_at = now
    complaint.appeal_due_at = appeal_due(gateway.charter, gateway.calendar, now)
    schedule_next_alarm(gateway, complaint)  # the appeal's clock replaces the item's
    complaint.escalation_level = 2
    record(
        session,
        complaint.id,
        "appeal_opened",
        now,
        actor,
        reason=reason,
        due=complaint.appeal_due_at.isoformat(),
    )
    due = local_date(complaint.appeal_due_at)
    ded = the_ded(session)
    if ded is not None:
        tell_officer(
            session,
            gateway,
            ded,
            notices.officer_appeal_opened(
                ded.language,
                gateway.charter.short_name,
                complaint.reference,
                department_name(gateway, complaint.department) or "-",
                for_officers(complaint, complaint.description),
                for_officers(complaint, reason),
                due,
            ),
            "officer_appeal_opened",
            now,
            complaint,
        )


def decide_appeal(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    decision: str,
    message: str,
    actor: str,
    now: datetime,
) -> None:
    """Record the DED's decision and tell the citizen (`message`: the decision, whole), with
    the route beyond the council; the department's head and officer get the decision to carry
    out, with the date to report back by."""
    complaint.status = APPEAL_DECIDED
    complaint.appeal_decided_at = now
    complaint.carry_out_due_at = carry_out_due(gateway.charter, gateway.calendar, now)
    schedule_next_alarm(gateway, complaint)  # the decision's clock replaces the appeal's
    due = local_date(complaint.carry_out_due_at)
    record(
        session,
        complaint.id,
        "appeal_decided",
        now,
        actor,
        decision=decision,
        due=complaint.carry_out_due_at.isoformat(),
    )
    tell_citizen(session, gateway, complaint, message, "appeal_decided", now)
    route = external_route(gateway, complaint.language)
    tell_citizen(session, gateway, complaint, route, "external_route", now)
    for reader in carrying_out(session, complaint):
        tell_officer(
            session,
            gateway,
            reader,
            notices.officer_decision_to_carry_out(
                reader.language,
                gateway.charter.short_name,
                complaint.reference,
                department_name(gateway, complaint.department) or "-",
                decision,
                due,
                gateway.charter.sms_max_parts + 1,  # the citizen's parts and room for the header
            ),
            "officer_decision_to_carry_out",
            now,
            complaint,
        )


def carrying_out(session: Session, complaint: Complaint) -> list[Officer]:
    """Who carries out the DED's decision: the department's head and the item's officer (the
    desk where the department has neither, or its officer was disabled), each once; never the
    DED, who decided."""
    found: list[Officer] = []
    officer = session.get(Officer, complaint.officer_id) if complaint.officer_id else None
    if officer is not None and not officer.active:  # since disabled: nobody's, as `unowned`
        officer = None
    for reader in (department_head(session, complaint.department), officer):
        if reader is None or reader.role == "ded" or any(r.id == reader.id for r in found):
            continue
        found.append(reader)
    if not found:
        desk = the_desk(session)
        if desk is not None:
            found.append(desk)
    return found


def carry_out(
    session: Session,
    gateway: Gateway,
    complaint: Complaint,
    note: str,
    actor: str,
    now: datetime,
) -> None:
    """The department reports the DED's decision carried out (`note`: what was done): the item
    closes, the DED is told with the note, the citizen told in one part."""
    complaint.status = CARRIED_OUT
    complaint.carried_out_at = now
    schedule_next_alarm(gateway, complaint)  # nothing owed: no alarm
    record(session, complaint.id, "carried_out", now, actor, note=note)
    ded = the_ded(session)
    if ded is not None:
        tell_officer(
            session,
            gateway,
            ded,
            notices.officer_decision_carried_out(
                ded.language,
                gateway.charter.short_name,
                complaint.reference,
                department_name(gateway, complaint.department) or "-",
                for_officers(complaint, note),
            ),
            "officer_decision_carried_out",
            now,
            complaint,
        )
    tell_citizen(
        session, gateway, complaint, carried_out_message(gateway, complaint), "carried_out", now
    )


def carried_out_message(gateway: Gateway, complaint: Complaint) -> str:
    """The citizen's SMS when the DED's decision on their appeal has been carried out."""
    return notices.citizen_decision_carried_out(
        complaint.language, gateway.charter.short_name, complaint.reference
    )


def why_no_appeal(gateway: Gateway, complaint: Complaint, language: str, now: datetime) -> str:
    """Why the citizen cannot appeal the item now (lifecycle.item_dates says they cannot), and
    when they can: already with the DED, decided, closed by a "1" or by time, or not yet."""
    council, reference = gateway.charter.short_name, complaint.reference

    def dated(key: str, day: datetime | None) -> str:
        shown = local_date(day)
        return text(
            language,
            key,
            council=council,
            reference=reference,
            date=format_date(shown) if shown else "-",
        )

    if complaint.status == APPEALED:
        due = complaint.appeal_due_at
        late = due is not None and due < now
        return dated("sms_appeal_pending_late" if late else "sms_appeal_pending", due)
    if complaint.status in (APPEAL_DECIDED, CARRIED_OUT):
        return external_route(gateway, language)
    if complaint.status == CLOSED and complaint.satisfied:
        return text(language, "sms_appeal_closed_satisfied", council=council, reference=reference)
    if complaint.status == CLOSED:  # the charter's wait on the citizen's answer ran out
        return text(language, "sms_appeal_closed_no_answer", council=council, reference=reference)
    closed = appeal_window_closes(gateway, complaint, now)
    if closed is not None:
        return dated("sms_appeal_closed", closed)
    due = item_dates(gateway, complaint, now).due
    if due is None:
        return text(language, "sms_appeal_not_yet_no_due", council=council, reference=reference)
    return dated("sms_appeal_not_yet", due)


def external_route(gateway: Gateway, language: str) -> str:
    """Where to go beyond the council, with the numbers from the charter file."""
    external = gateway.charter.external
    return notices.citizen_external_route(
        language,
        gateway.charter.short_name,
        external.chragg_sms,
        external.chragg_call,
        external.takukuru,
    )
