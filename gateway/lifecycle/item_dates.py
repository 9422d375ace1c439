"""The dates a citizen is told about an item now: one source for every screen and SMS.

While the council owes an answer: the date it is due, or, once that has passed, that it was
missed. While the DED has the item on appeal: the date of the decision, or that it is late; once
decided, the date the department is to carry the decision out by, or that it is late. And
while the citizen may appeal: until when. The right to appeal opens with the answer (resolution)
or with the missed answer date, and lasts the charter's `appeal_within`; a "1" (satisfied)
closes it at once, and an item already appealed or decided has none. HALI, the USSD track and
appeal screens, RUFAA and the "2" all read these functions, so no two of them can disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case

from charter.deadlines import appeal_closes
from gateway.lifecycle.statuses import APPEAL_DECIDED, APPEALED, RESOLVED, WAITING, WORKING
from gateway.runtime import Gateway
from store.models import Complaint


@dataclass(frozen=True)
class ItemDates:
    """What is due about an item now, and until when its citizen may appeal."""

    due: datetime | None  # the council's next promise; None when it owes none now
    # "answer", "late" (its date passed unanswered), "decision" (the DED's), "decision_late" (the
    # DED's date passed undecided), "carry_out" (the department's, for the DED's decision),
    # "carry_out_late"; or "". No date that has passed is ever told as to come.
    due_what: str
    appeal_until: datetime | None  # the citizen may appeal until then; None: not now


def item_dates(gateway: Gateway, complaint: Complaint, now: datetime) -> ItemDates:
    """The dates that matter about `complaint` at `now`."""
    until = appeal_until(gateway, complaint, now)
    if complaint.status == APPEALED:
        due = complaint.appeal_due_at
        late = due is not None and due < now
        return ItemDates(due, "decision_late" if late else "decision", until)
    if complaint.status == APPEAL_DECIDED and complaint.carry_out_due_at is not None:
        due = complaint.carry_out_due_at
        return ItemDates(due, "carry_out_late" if due < now else "carry_out", until)
    # While the officer waits on the citizen's answer the clock is stopped and the date will
    # move: what matters is their answer (the status says so), not a date.
    if complaint.status in WORKING and complaint.status != WAITING and complaint.answer_due_at:
        late = _missed(complaint, now) is not None
        return ItemDates(complaint.answer_due_at, "late" if late else "answer", until)
    return ItemDates(None, "", until)


def urgent_due_at(complaint: Complaint) -> datetime | None:
    """The date an officer must meet now: the DED's decision while appealed, the department's
    carrying it out once decided, the answer while working; None when nothing is owed."""
    if complaint.status == APPEALED:
        return complaint.appeal_due_at
    if complaint.status == APPEAL_DECIDED:
        return complaint.carry_out_due_at
    return complaint.answer_due_at if complaint.status in WORKING else None


def urgent_due() -> ColumnElement[datetime | None]:
    """`urgent_due_at` in SQL, to sort a worklist by (the answer's date for every other
    status, which lists of open items never hold)."""
    return case(
        (Complaint.status == APPEALED, Complaint.appeal_due_at),
        (Complaint.status == APPEAL_DECIDED, Complaint.carry_out_due_at),
        else_=Complaint.answer_due_at,
    )


def appeal_window_closes(gateway: Gateway, complaint: Complaint, now: datetime) -> datetime | None:
    """The end of the citizen's right to appeal, once it has opened (even if it has ended)."""
    if complaint.status == RESOLVED and complaint.resolved_at is not None:
        opened: datetime | None = complaint.resolved_at
    else:
        opened = _missed(complaint, now)
    return None if opened is None else appeal_closes(gateway.charter, gateway.calendar, opened)


def appeal_until(gateway: Gateway, complaint: Complaint, now: datetime) -> datetime | None:
    """Until when the citizen may appeal the item; None when they may not appeal it now."""
    closes = appeal_window_closes(gateway, complaint, now)
    return closes if closes is not None and now <= closes else None


def _missed(complaint: Complaint, now: datetime) -> datetime | None:
    """The answer date, if it passed unanswered (before any question stopped the clock)."""
    if complaint.status not in WORKING or complaint.answer_due_at is None:
        return None
    stopped = complaint.paused_at or now
    return complaint.answer_due_at if complaint.answer_due_at < stopped else None
