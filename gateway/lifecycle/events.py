"""An item's record (kumbukumbu za malalamiko): append-only events, each written at once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy.orm import Session

from store.driver import run
from store.models import ComplaintEvent
from store.upsert import table_of

_RECORD = insert(table_of(ComplaintEvent)).values(
    complaint_id=bindparam("r_complaint_id"),
    kind=bindparam("r_kind"),
    at=bindparam("r_at"),
    actor=bindparam("r_actor"),
    detail=bindparam("r_detail"),
)


def record(
    session: Session, complaint_id: int, kind: str, at: datetime, actor: str, /, **detail: Any
) -> None:
    """Add one line to the item's record, in the caller's transaction (in the order called)."""
    record_lines(session, line(complaint_id, kind, at, actor, **detail))


def line(
    complaint_id: int, kind: str, at: datetime, actor: str, /, **detail: Any
) -> dict[str, Any]:
    """One line of an item's record, for `record_lines`."""
    return {
        "r_complaint_id": complaint_id,
        "r_kind": kind,
        "r_at": at,
        "r_actor": actor,
        "r_detail": detail,
    }


def record_lines(session: Session, *lines: dict[str, Any]) -> None:
    """Add several lines to the record in one statement, in the order given (a filing's)."""
    run(session, _RECORD, lines[0] if len(lines) == 1 else list(lines))
