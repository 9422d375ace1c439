"""The audit of changes to officers: who did what to whom, and when, one line per change,
written in the change's own transaction. Never a PIN or a password: only that one was given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from store.models import Officer, OfficerAudit

# added; edited ({field: [before, after]}); disabled and enabled (the officer left, came
# back); unlocked (their PIN and console locks lifted); pin_given and password_given (a new
# one, shown once to whoever gave it and sent to the officer by SMS).
ACTIONS = ("added", "edited", "disabled", "enabled", "unlocked", "pin_given", "password_given")
PAGE_LINES = 50  # the latest lines the officers' page shows


def record_change(
    session: Session,
    officer: Officer,
    action: str,
    now: datetime,
    by: Officer | None,
    **detail: Any,
) -> None:
    """One line of the audit: `by` (None: the command line) did `action` to `officer`."""
    session.add(
        OfficerAudit(
            at=now,
            officer_id=officer.id,
            actor_id=by.id if by is not None else None,
            action=action,
            detail={key: value for key, value in detail.items() if value is not None},
        )
    )


@dataclass(frozen=True)
class AuditLine:
    """A line as the page shows it: when, who (None: the command line), what, to whom."""

    at: datetime
    action: str
    officer_id: int
    officer_name: str
    actor_name: str | None
    actor_role: str | None
    detail: dict[str, Any]


def audit_lines(
    session: Session, officer_id: int | None = None, limit: int = PAGE_LINES
) -> list[AuditLine]:
    """The latest lines first: every officer's, or one officer's."""
    whom, actor = aliased(Officer), aliased(Officer)
    query = (
        select(OfficerAudit, whom.name, actor.name, actor.role)
        .join(whom, whom.id == OfficerAudit.officer_id)
        .outerjoin(actor, actor.id == OfficerAudit.actor_id)
        .order_by(OfficerAudit.at.desc(), OfficerAudit.id.desc())
        .limit(limit)
    )
    if officer_id is not None:
        query = query.where(OfficerAudit.officer_id == officer_id)
    return [
        AuditLine(line.at, line.action, line.officer_id, name, actor_name, actor_role, line.detail)
        for line, name, actor_name, actor_role in session.execute(query)
    ]
