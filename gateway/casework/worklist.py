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
given, or one since disabled: as `unowned` says it); `department` is the department's head and
the item's officer, the desk where it has neither (as `appeals.carrying_out` tells them); a
request for more time is the department's head's to decide, the DED's when a head asked or the
department has no head (as `actions` sends it). An item waits on an officer ("mine") when its
party is theirs and their role may take its action (`actions.ROLE_ACTIONS`): a ward executive
officer never carries out the DED's decision, so it is never theirs.

Written as SQL expressions over an item's facts (`Facts`: its row, joined to its officer, its
department's head and its pending request for more time), so that the console counts and pages
a million items by the same rule it shows each row's step with, at a few comparisons an item.
Building them reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Subquery,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import aliased, outerjoin

from gateway.casework.actions import CALL_BACK, ROLE_ACTIONS
from gateway.casework.appeals import BREACH_APPEAL_REASON
from gateway.casework.appointments import APPOINTMENT
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
class Facts:
    """What the rule reads of an item, or of a group of items alike in all of it, as columns
    of a query (`facts()` for items, `with_officers` for any query of these facts)."""

    status: ColumnElement[str]
    kind: ColumnElement[str]
    department: ColumnElement[str | None]
    officer_id: ColumnElement[int | None]
    unacknowledged: ColumnElement[bool]
    pending: ColumnElement[bool]  # a request for more time waits for a decision
    asked_by_head: ColumnElement[bool]  # ... and a head asked for it
    owner_active: ColumnElement[bool]  # its officer's record (NULL when it has none)
    owner_role: ColumnElement[str]
    has_head: ColumnElement[bool]  # its department has an active head


def pending_requests() -> Subquery:
    """The items with a request for more time waiting for a decision (`complaint_id`), and
    whether a head asked for it (`by_head`: 1)."""
    asker = aliased(Officer, name="asker")
    return (
        select(
            ExtensionRequest.complaint_id,
            func.max(case((asker.role == "head", 1), else_=0)).label("by_head"),
        )
        .join(asker, asker.id == ExtensionRequest.officer_id)
        .where(ExtensionRequest.status == "pending")
        .group_by(ExtensionRequest.complaint_id)
        .subquery("pending")
    )


def with_officers(
    source: FromClause,
    status: ColumnElement[str],
    kind: ColumnElement[str],
    department: ColumnElement[str | None],
    officer_id: ColumnElement[int | None],
    unacknowledged: ColumnElement[bool],
    pending: ColumnElement[bool],
    asked_by_head: ColumnElement[bool],
) -> tuple[FromClause, Facts]:
    """`source`, whose columns give an item's own facts, joined to its officer and to its
    department's active head: what to select from, and the facts to read there."""
    owner = aliased(Officer, name="owner")
    heads = (
        select(Officer.department)
        .where(Officer.active.is_(True), Officer.role == "head")
        .distinct()
        .subquery("heads")
    )
    joined = source.outerjoin(owner, owner.id == officer_id).outerjoin(
        heads, heads.c.department == department
    )
    return joined, Facts(
        status,
        kind,
        department,
        officer_id,
        unacknowledged,
        pending,
        asked_by_head,
        owner_active=owner.active.expression,
        owner_role=owner.role.expression,
        has_head=heads.c.department.is_not(None),
    )


def facts() -> tuple[FromClause, Facts]:
    """The items joined to what the rule reads of them (select from the first, read the
    second): one row an item, each join a lookup in a small table."""
    pending = pending_requests()
    items = outerjoin(Complaint, pending, pending.c.complaint_id == Complaint.id)
    return with_officers(
        items,
        Complaint.status.expression,
        Complaint.kind.expression,
        Complaint.department.expression,
        Complaint.officer_id.expression,
        Complaint.acknowledged_at.is_(None),
        pending.c.complaint_id.is_not(None),
        pending.c.by_head == 1,
    )


@dataclass(frozen=True)
class Rule:
    """One line of the rule: when it holds, the step, the action that takes it, who it waits
    on (a party, or an SQL choice of one), and a narrower step for some of its items."""

    when: ColumnElement[bool]
    step: str
    action: str
    party: ColumnElement[str] | str


def _rules(item: Facts) -> tuple[Rule, ...]:
    # Nobody responsible: no officer given, or one since disabled (`unowned.unowned`).
    nobody = or_(item.officer_id.is_(None), item.owner_active.is_not(True))
    owner = case((nobody, DESK), else_=OFFICER)
    carriers = case(
        (and_(~item.has_head, or_(nobody, item.owner_role == "ded")), DESK), else_=DEPARTMENT
    )
    approver = case(
        (or_(item.asked_by_head, item.department.is_(None), ~item.has_head), DED), else_=HEAD
    )
    status = item.status
    return (
        Rule(status == APPEALED, "decide_appeal", "decide", DED),
        Rule(status == APPEAL_DECIDED, "carry_out", "carry_out", carriers),
        Rule(status == REFERRED, "outside", "", OUTSIDE),
        Rule(status.not_in(WORKING), "", "", ""),
        Rule(item.pending, "approve_extension", "approve", approver),
        Rule(status == WAITING, "citizen", "", CITIZEN),
        Rule(item.department.is_(None), "route", "transfer", DESK),
        Rule(item.kind == CALL_BACK, "call_back", "call", owner),
        Rule(item.kind == APPOINTMENT, "set_meeting", "appoint", owner),
        Rule(item.unacknowledged, "acknowledge", "acknowledge", owner),
        Rule(true(), "answer", "resolve", owner),
    )


def _value(value: ColumnElement[str] | str) -> ColumnElement[str]:
    return literal(value) if isinstance(value, str) else value


def escalated() -> ColumnElement[bool]:
    """The item's appeal was opened by the gateway because the council missed its date, not
    by the citizen (appeals.escalate_to_ded): a look in its record, for the few items shown."""
    return exists(
        select(ComplaintEvent.id).where(
            ComplaintEvent.complaint_id == Complaint.id,
            ComplaintEvent.kind == "appeal_opened",
            ComplaintEvent.actor == "gateway",
            ComplaintEvent.detail["reason"].as_string() == BREACH_APPEAL_REASON,
        )
    )


def next_step(item: Facts) -> ColumnElement[str]:
    """The item's next step, one of STEPS ('' when it has none: answered or closed); read
    from the items themselves (`facts()`), for whose record it looks."""
    return case(
        (and_(item.status == APPEALED, escalated()), "decide_escalation"),
        *((rule.when, literal(rule.step)) for rule in _rules(item)),
    )


def next_action(item: Facts) -> ColumnElement[str]:
    """The action (`actions.act`) that takes the item's next step; '' when nobody at the
    council has one to take."""
    return case(*((rule.when, literal(rule.action)) for rule in _rules(item)))


def waits_on(item: Facts) -> ColumnElement[str]:
    """Who the item waits on: DED, HEAD (of its department), DEPARTMENT, OFFICER (its own),
    DESK, CITIZEN or OUTSIDE; '' when on nobody."""
    return case(*((rule.when, _value(rule.party)) for rule in _rules(item)))


# The actions that take a step: those an officer's role must allow for the step to be theirs.
ACTIONS = frozenset(rule.action for rule in _rules(facts()[1])) - {""}


@dataclass(frozen=True)
class Verdict:
    """What the rule says of an item, as columns of a query that worked it out once (a CTE):
    who it waits on, the next action, and the item's own officer and department."""

    party: ColumnElement[str]
    action: ColumnElement[str]
    officer_id: ColumnElement[int | None]
    department: ColumnElement[str | None]


def waits_on_officer(officer: Officer, verdict: Verdict) -> ColumnElement[bool]:
    """The items whose next step is this officer's to take ("mine")."""
    may = sorted(ACTIONS & ROLE_ACTIONS.get(officer.role, set()))
    party = verdict.party
    theirs = [and_(party.in_((OFFICER, DEPARTMENT)), verdict.officer_id == officer.id)]
    if officer.role == "ded":
        theirs.append(party == DED)
    if officer.role == "desk":
        theirs.append(party == DESK)
    if officer.role == "head" and officer.department:
        in_department = verdict.department == officer.department
        theirs.append(and_(party.in_((HEAD, DEPARTMENT)), in_department))
    return and_(verdict.action.in_(may), or_(*theirs))


def waits_on_citizen(verdict: Verdict) -> ColumnElement[bool]:
    """The items waiting on the citizen's answer to an officer's question."""
    return verdict.party == CITIZEN


def verdict_of(item: Facts) -> Verdict:
    """The rule's verdict read straight from an item's facts (worked out where it is read)."""
    return Verdict(waits_on(item), next_action(item), item.officer_id, item.department)
