"""When the council owes a response: the charter's standards applied to the working calendar.

Pure functions over a `Charter` and a `WorkingCalendar`; the caller passes the moment an item
was received or an appeal opened (timezone-aware) and gets back an aware UTC datetime, or None
when the charter promises nothing (e.g. a compliment is acknowledged but not answered).
"""

from __future__ import annotations

from datetime import datetime

from charter.calendar import WorkingCalendar
from charter.model import Charter

__all__ = ["acknowledge_due", "answer_due", "appeal_closes", "appeal_due"]


def acknowledge_due(
    charter: Charter, calendar: WorkingCalendar, kind: str, received_at: datetime
) -> datetime | None:
    """When the responsible officer must acknowledge an item of `kind`; None if no standard."""
    standard = charter.kind(kind).acknowledge
    if standard is None:
        return None
    return calendar.add(received_at, standard)


def answer_due(
    charter: Charter,
    calendar: WorkingCalendar,
    kind: str,
    department: str | None,
    received_at: datetime,
) -> datetime | None:
    """When an item must be answered, with the department's override; None if none is owed."""
    # department is None while the desk has not routed the item yet: the kind's own standard
    # applies until then, and the caller recomputes once a department is chosen.
    charter.kind(kind)  # an unknown kind is a bug in the caller: fail loudly with KeyError
    standard = charter.answer_standard(kind, department)
    if standard is None:
        return None
    return calendar.add(received_at, standard)


def appeal_due(charter: Charter, calendar: WorkingCalendar, opened_at: datetime) -> datetime:
    """When the DED must decide an appeal (rufaa) opened at `opened_at`."""
    return calendar.add(opened_at, charter.appeal)


def appeal_closes(charter: Charter, calendar: WorkingCalendar, since: datetime) -> datetime:
    """The last moment a citizen may appeal, counted from the answer or the missed date."""
    return calendar.add(since, charter.appeal_within)
