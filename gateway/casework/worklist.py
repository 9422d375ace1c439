"""What waits on whom: each item's next step, and who is to take it.

One rule, read top to bottom; the first line that holds is the item's next step:

| the item                                    | next step         | action      | waits on   |
|---------------------------------------------|-------------------|-------------|------------|
| on appeal, opened by a missed date          | decide_escalation | decide      | ded        |
| on appeal, opened by the citizen            | decide_appeal     | decide      | ded        |
| the DED decided                             | carry_out         | carry_out   | department |
| referred outside the council                | outside           | -           | outside    |
| answered or closed                          | (none)            | -           | -          |
| a request for more time pending             | approve_extension | approve     | head / ded |
| waiting on the citizen's answer             | citizen           | -           | citizen    |
| no department yet                           | route             | transfer    | desk       |
| a call-back                                 | call_back         | call        | officer    |
| an appointment                              | set_meeting       | appoint     | officer    |
| not acknowledged                            | acknowledge       | acknowledge | officer    |
| otherwise                                   | answer            | resolve     | officer    |

Who: `officer` is the item's active officer, and the desk when nobody is responsible (none
given, or one since disabled: `unowned`); `department` is the department's head and the item's
officer, the desk where it has neither (as `appeals.carrying_out` tells them); a request for
more time is the department's head's to decide, the DED's when a head asked or the department
has no head (as `actions` sends it). An item waits on an officer ("mine") when its party is
theirs and their role may take its action (`actions.ROLE_ACTIONS`): a ward executive officer
never carries out the DED's decision, so it is never theirs.

Written as SQL expressions (building them reads nothing), so the console counts and pages a
million items by the same rule it shows each row's step with.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, exists, literal, or_, select, true

from gateway.casework.actions import CALL_BACK, ROLE_ACTIONS
from gateway.casework.appeals import BREACH_APPEAL_REASON
from gateway.casework.appointments import APPOINTMENT
from gateway.casework.unowned import nobody_responsible
from gateway.lifecycle.statuses import APPEAL_DECIDED, APPEALED, REFERRED, WAITING, WORKING
from store.models import Complaint, ComplaintEvent, ExtensionRequest, Officer

# Who an item waits on (`waits_on`).
DED, HEAD, DEPARTMENT, OFFICER, DESK, CITIZEN, OUTSIDE = (
    "ded",
    "head",
    "department",
    "officer",
    "desk",
    "citizen",
    "outside",
)
STEPS = (
    "decide_escalation",
    "decide_appeal",
    "carry_out",
    "outside",
    "approve_extension",
    "citizen",
    "route",
    "call_back",
    "set_meeting",
    "acknowledge",
    "answer",
)


@dataclass(frozen=True)
class Rule:
    """One line of the rule: when it holds, the step, the action that takes it, who it waits
    on (a party, or an SQL choice of one), and a narrower step for some of its items."""

    when: ColumnElement[bool]
    step: str
    action: str
    party: ColumnElement[str] | str
    variant: tuple[ColumnElement[bool], str] | None = None


def _escalated() -> ColumnElement[bool]:
    """The appeal was opened by the gateway because the council missed its date, not by the
    citizen (appeals.escalate_to_ded)."""
    return exists(
        select(ComplaintEvent.id).where(
            ComplaintEvent.complaint_id == Complaint.id,
            ComplaintEvent.kind == "appeal_opened",
            ComplaintEvent.actor == "gateway",
            ComplaintEvent.detail["reason"].as_string() == BREACH_APPEAL_REASON,
        )
    )


def _rules() -> tuple[Rule, ...]:
    pending = select(ExtensionRequest.complaint_id).where(ExtensionRequest.status == "pending")
    asked_by_head = pending.join(Officer, Officer.id == ExtensionRequest.officer_id).where(
        Officer.role == "head"
    )
    heads = select(Officer.department).where(Officer.active.is_(True), Officer.role == "head")
    has_head = Complaint.department.in_(heads)
    the_ded = select(Officer.id).where(Officer.role == "ded")
    owner = case((nobody_responsible(), DESK), else_=OFFICER)
    carriers = case(
        (and_(~has_head, or_(nobody_responsible(), Complaint.officer_id.in_(the_ded))), DESK),
        else_=DEPARTMENT,
    )
    approver = case(
        (or_(Complaint.id.in_(asked_by_head), Complaint.department.is_(None), ~has_head), DED),
        else_=HEAD,
    )
    status = Complaint.status
    escalation = (_escalated(), "decide_escalation")
    return (
        Rule(status == APPEALED, "decide_appeal", "decide", DED, escalation),
        Rule(status == APPEAL_DECIDED, "carry_out", "carry_out", carriers),
        Rule(status == REFERRED, "outside", "", OUTSIDE),
        Rule(status.not_in(WORKING), "", "", ""),
        Rule(Complaint.id.in_(pending), "approve_extension", "approve", approver),
        Rule(status == WAITING, "citizen", "", CITIZEN),
        Rule(Complaint.department.is_(None), "route", "transfer", DESK),
        Rule(Complaint.kind == CALL_BACK, "call_back", "call", owner),
        Rule(Complaint.kind == APPOINTMENT, "set_meeting", "appoint", owner),
        Rule(Complaint.acknowledged_at.is_(None), "acknowledge", "acknowledge", owner),
        Rule(true(), "answer", "resolve", owner),
    )


RULES = _rules()


def _value(value: ColumnElement[str] | str) -> ColumnElement[str]:
    return literal(value) if isinstance(value, str) else value


def next_step() -> ColumnElement[str]:
    """The item's next step, one of STEPS ('' when it has none: answered or closed)."""
    return case(
        *(
            (
                rule.when,
                case((rule.variant[0], rule.variant[1]), else_=rule.step)
                if rule.variant
                else literal(rule.step),
            )
            for rule in RULES
        )
    )


def next_action() -> ColumnElement[str]:
    """The action (`actions.act`) that takes the item's next step; '' when nobody at the
    council has one to take."""
    return case(*((rule.when, literal(rule.action)) for rule in RULES))


def waits_on() -> ColumnElement[str]:
    """Who the item waits on: DED, HEAD (of its department), DEPARTMENT, OFFICER (its own),
    DESK, CITIZEN or OUTSIDE; '' when on nobody."""
    return case(*((rule.when, _value(rule.party)) for rule in RULES))


def waits_on_officer(officer: Officer) -> ColumnElement[bool]:
    """The items whose next step is this officer's to take ("mine")."""
    may = sorted({r.action for r in RULES if r.action in ROLE_ACTIONS.get(officer.role, ())})
    party = waits_on()
    theirs = [and_(party.in_((OFFICER, DEPARTMENT)), Complaint.officer_id == officer.id)]
    if officer.role == "ded":
        theirs.append(party == DED)
    if officer.role == "desk":
        theirs.append(party == DESK)
    if officer.role == "head" and officer.department:
        in_department = Complaint.department == officer.department
        theirs.append(and_(party.in_((HEAD, DEPARTMENT)), in_department))
    return and_(next_action().in_(may), or_(*theirs))


def waits_on_citizen() -> ColumnElement[bool]:
    """The items waiting on the citizen's answer to an officer's question."""
    return waits_on() == CITIZEN
