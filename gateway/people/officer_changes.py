"""Changing a registered officer: their details, disabling one who left and enabling them again,
lifting their locks, a new PIN or password. The console's officers page and the CLI call these
same functions, and each change is a line of the audit (`by`: the officer who made it; None:
the command line).

Two rules keep the council able to work: an officer cannot disable themselves (nor take away
their own desk role), and the last active complaints desk officer cannot be disabled or given
another role. Whoever changes an officer first holds the rows they need (`hold_for_change`):
the active desks, in id order, then the officer, so two desks disabling each other at once are
taken one after the other, and the second finds the last desk.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from charter.model import Charter
from gateway.people import login_guard
from gateway.people.officer_audit import record_change
from gateway.people.officers import (
    OfficerDetails,
    OfficerError,
    check_secrets,
    checked_details,
)
from store.models import ConsoleSession, Officer

EDITABLE = ("name", "phone", "role", "department", "ward", "language")


def hold_for_change(session: Session, officer_id: int, desks: bool = False) -> Officer | None:
    """The officer's row, locked until the transaction ends (None: no such officer); with
    `desks`, the active desks' rows first, always in the same order, for a change that could
    leave the council without one."""
    if desks:
        session.execute(
            select(Officer.id)
            .where(Officer.role == "desk", Officer.active.is_(True))
            .order_by(Officer.id)
            .with_for_update(key_share=True)
        ).all()
    return session.scalar(
        select(Officer)
        .where(Officer.id == officer_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )


def _keep_a_desk(session: Session, officer: Officer) -> None:
    """OfficerError if this officer is the only active desk (the rows held: see above)."""
    if officer.role != "desk" or not officer.active:
        return
    others = session.scalar(
        select(Officer.id)
        .where(Officer.role == "desk", Officer.active.is_(True), Officer.id != officer.id)
        .limit(1)
    )
    if others is None:
        raise OfficerError({"officer": "last_desk"})


def _not_themselves(officer: Officer, by: Officer | None) -> None:
    if by is not None and by.id == officer.id:
        raise OfficerError({"officer": "self"})


def edit_officer(
    session: Session,
    charter: Charter,
    officer: Officer,
    details: OfficerDetails,
    now: datetime,
    by: Officer | None,
) -> dict[str, list[Any]]:
    """Store the officer's new details, by the same rule as registering; what changed,
    {field: [before, after]} (nothing: no audit line)."""
    checked = checked_details(session, charter, details, officer_id=officer.id)
    changes = {
        field: [getattr(officer, field), getattr(checked, field)]
        for field in EDITABLE
        if getattr(officer, field) != getattr(checked, field)
    }
    if "role" in changes and officer.role == "desk":
        _not_themselves(officer, by)
        _keep_a_desk(session, officer)
    if not changes:
        return {}
    for field, (_, after) in changes.items():
        setattr(officer, field, after)
    record_change(session, officer, "edited", now, by, **changes)
    return changes


def disable_officer(session: Session, officer: Officer, now: datetime, by: Officer | None) -> bool:
    """Stop an officer acting (kept for the record): their SMS commands are refused as a
    stranger's and every console session they have ends now. False if they were already."""
    _not_themselves(officer, by)
    if not officer.active:
        return False
    _keep_a_desk(session, officer)
    officer.active = False
    end_console_sessions(session, officer, now)
    record_change(session, officer, "disabled", now, by)
    return True


def enable_officer(session: Session, officer: Officer, now: datetime, by: Officer | None) -> bool:
    """Let a disabled officer act again (with their PIN and password as they were; their old
    console sessions stay ended). False if they were active."""
    if officer.active:
        return False
    officer.active = True
    record_change(session, officer, "enabled", now, by)
    return True


def unlock_officer(session: Session, officer: Officer, now: datetime, by: Officer | None) -> None:
    """Lift an officer's PIN lock and the console's locks on their phone (the desk, once it
    has spoken to them)."""
    officer.failed_pins, officer.pin_locks, officer.locked_until = 0, 0, None
    login_guard.forgive(session, officer.phone)
    record_change(session, officer, "unlocked", now, by)


def set_pin(
    session: Session, officer: Officer, pin: str, now: datetime, by: Officer | None
) -> None:
    """Give the officer a new SMS PIN: the old one stops working at once, and the count of
    wrong PINs (and any PIN lock) starts again, since the guesses were at the old one."""
    check_secrets(pin, None)
    officer.pin_hash = generate_password_hash(pin)
    officer.failed_pins, officer.pin_locks, officer.locked_until = 0, 0, None
    record_change(session, officer, "pin_given", now, by)


def set_password(
    session: Session, officer: Officer, password: str, now: datetime, by: Officer | None
) -> None:
    """Give the officer a new console password: every console session they have ends, and the
    console's locks on their phone are lifted."""
    check_secrets(None, password)
    first = officer.password_hash is None
    officer.password_hash = generate_password_hash(password)
    end_console_sessions(session, officer, now)
    login_guard.forgive(session, officer.phone)
    record_change(session, officer, "password_given", now, by, first=first)


def end_console_sessions(session: Session, officer: Officer, now: datetime) -> int:
    """End every console session the officer has: a copy of a cookie stops working too."""
    result = session.execute(
        update(ConsoleSession)
        .where(ConsoleSession.officer_id == officer.id, ConsoleSession.ended_at.is_(None))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
