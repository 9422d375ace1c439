"""Nobody's items: open items with no active officer responsible (filed before anyone covered
them, or whose officer was disabled).

When an officer is registered or re-enabled, the unowned items that the routing rule now gives
them become theirs, and they are told in one SMS. A daily job routes whatever is still unowned
by the same rule and tells the desk. An item is taken with a conditional UPDATE (only while it
is still unowned), so two officers registered at once never both take the same item.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from gateway.casework.routing import responsible_officer, the_desk, ward_answers
from gateway.lifecycle.events import record
from gateway.lifecycle.statuses import WORKING
from gateway.messaging.notify import tell_officer
from gateway.runtime import Gateway
from store.models import Complaint, Officer
from words import notices

log = logging.getLogger(__name__)

MOST_URGENT = 3  # references named in the SMS; ORODHA lists them all
BATCH = 500  # the daily job takes this many at a time


def unowned() -> ColumnElement[bool]:
    """Open items that no active officer is responsible for."""
    return and_(Complaint.status.in_(WORKING), nobody_responsible())


def nobody_responsible() -> ColumnElement[bool]:
    """No active officer is responsible for the item (none given, or one since disabled)."""
    inactive = select(Officer.id).where(Officer.active.is_(False))
    return or_(Complaint.officer_id.is_(None), Complaint.officer_id.in_(inactive.scalar_subquery()))


def _in_reach(officer: Officer) -> ColumnElement[bool] | None:
    """The unowned items the routing rule could give this officer; None: none."""
    if officer.role in ("officer", "head") and officer.department:
        return Complaint.department == officer.department
    if officer.role == "weo" and officer.ward:
        return Complaint.ward == officer.ward
    if officer.role == "desk":
        return Complaint.id.is_not(None)
    return None  # the DED takes appeals, not routing


def _take(session: Session, complaint: Complaint, officer: Officer, now: datetime) -> bool:
    """Give the item to the officer if it is still unowned; whether it was taken."""
    taken = session.execute(
        update(Complaint)
        .where(Complaint.id == complaint.id, unowned())
        .values(officer_id=officer.id)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return False
    complaint.officer_id = officer.id
    record(
        session,
        complaint.id,
        "routed",
        now,
        "gateway",
        officer_id=officer.id,
        department=complaint.department,
        unowned=True,
    )
    return True


def _candidates(session: Session, *where: ColumnElement[bool], limit: int) -> list[Complaint]:
    """Unowned items, most urgent first.

    The disabled officers (a handful) are read first and named in the query, so it is asked of
    the officer_id index alone: no item unowned costs nothing on a million items.
    """
    disabled = list(session.scalars(select(Officer.id).where(Officer.active.is_(False))))
    nobody: ColumnElement[bool] = Complaint.officer_id.is_(None)
    if disabled:
        nobody = or_(nobody, Complaint.officer_id.in_(disabled))
    return list(
        session.scalars(
            select(Complaint)
            .where(nobody, Complaint.status.in_(WORKING), *where)
            .order_by(Complaint.answer_due_at.is_(None), Complaint.answer_due_at, Complaint.id)
            .limit(limit)
        )
    )


def _tell(
    session: Session, gateway: Gateway, officer: Officer, taken: list[Complaint], now: datetime
) -> None:
    """One SMS: how many items are now the officer's, and the most urgent references."""
    tell_officer(
        session,
        gateway,
        officer,
        notices.officer_unowned(
            officer.language,
            gateway.charter.short_name,
            len(taken),
            [c.reference for c in taken[:MOST_URGENT]],
        ),
        "officer_unowned",
        now,
    )


def claim_unowned(
    session: Session, gateway: Gateway, officer: Officer, now: datetime, limit: int = 10_000
) -> int:
    """A newly registered (or re-enabled) officer takes the unowned items the routing rule now
    gives them, and is told in one SMS; how many they took."""
    reach = _in_reach(officer)
    if reach is None or not officer.active:
        return 0
    taken = []
    for complaint in _candidates(session, reach, limit=limit):
        best = responsible_officer(
            session, complaint.department, complaint.ward, ward_answers(gateway, complaint.kind)
        )
        if best is not None and best.id == officer.id and _take(session, complaint, officer, now):
            taken.append(complaint)
    if taken:
        _tell(session, gateway, officer, taken, now)
    return len(taken)


def catch_unowned(gateway: Gateway, now: datetime) -> int:
    """The daily job: route every item still unowned by the usual rule, tell each new owner,
    and tell the desk what was caught; how many items were routed."""
    gateway.refresh_calendar()
    with gateway.sessions.begin() as session:
        if session.scalar(select(Officer.id).where(Officer.active.is_(True)).limit(1)) is None:
            return 0  # nobody to route to (a council setting up): nothing to read
        owners: dict[int, list[Complaint]] = defaultdict(list)
        officers: dict[int, Officer] = {}
        left = 0
        for complaint in _candidates(session, limit=BATCH):
            best = responsible_officer(
                session,
                complaint.department,
                complaint.ward,
                ward_answers(gateway, complaint.kind),
            )
            if best is None:
                left += 1
            elif _take(session, complaint, best, now):
                owners[best.id].append(complaint)
                officers[best.id] = best
        for officer_id, taken in owners.items():
            _tell(session, gateway, officers[officer_id], taken, now)
        caught = sorted(
            (c for taken in owners.values() for c in taken),
            key=lambda c: (c.answer_due_at is None, c.answer_due_at or now, c.id),
        )
        desk = the_desk(session)
        if caught and desk is not None and set(owners) != {desk.id}:
            _tell_desk(session, gateway, desk, caught, now)
    if caught or left:
        log.info("unowned items routed=%d still_unowned=%d", len(caught), left)
    return len(caught)


def _tell_desk(
    session: Session, gateway: Gateway, desk: Officer, caught: list[Complaint], now: datetime
) -> None:
    """The desk's SMS: items that had no officer, now routed, the most urgent named."""
    tell_officer(
        session,
        gateway,
        desk,
        notices.officer_unowned_caught(
            desk.language,
            gateway.charter.short_name,
            len(caught),
            [c.reference for c in caught[:MOST_URGENT]],
        ),
        "officer_unowned_caught",
        now,
    )
