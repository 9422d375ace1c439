"""The queue: the items an officer may see, most urgent first, filtered and searched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template, request
from sqlalchemy import ColumnElement, and_, case, false, func, or_, select

from gateway.lifecycle.item_dates import urgent_due, urgent_due_at
from gateway.lifecycle.statuses import OPEN
from gateway.people.phones import normalise_phone
from gateway.runtime import Gateway
from gateway.web.console.auth import current_officer
from gateway.web.console.blueprint import bp
from gateway.web.console.scope import queue_overdue, visible_to
from gateway.web.current import current_gateway
from gateway.web.pages import page_now
from store.models import Complaint, Officer

PAGE_SIZE = 50
STATUSES = (
    "received",
    "acknowledged",
    "waiting",
    "resolved",
    "closed",
    "appealed",
    "appeal_decided",
    "carried_out",
    "referred",
)
CHANNELS = ("ussd", "sms", "walkin", "letter", "phone", "desk")
SORTS = ("", "due", "-due")  # most urgent first (the default), or by due date either way
SEARCH_MAX = 32


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters, read from the query string (anything unknown is ignored)."""

    status: str = "open"
    department: str = ""
    ward: str = ""
    kind: str = ""
    channel: str = ""
    overdue: bool = False
    q: str = ""  # a reference or a phone number, typed any usual way
    sort: str = ""
    page: int = 1

    def args(self, **changes: object) -> dict[str, object]:
        """The query string for these filters with `changes`, leaving out the defaults."""
        values = {**self.__dict__, **changes}
        defaults = {"status": "open", "page": 1}
        # A ticked box is "1" in the query string, as the filter form sends it.
        return {k: "1" if v is True else v for k, v in values.items() if v and defaults.get(k) != v}


def read_filters(gateway: Gateway, args: Any) -> QueueFilters:
    """Filters from request args, each checked against the charter's own lists."""
    status = args.get("status", "open")
    department = args.get("department", "")
    ward = args.get("ward", "")
    kind = args.get("kind", "")
    channel = args.get("channel", "")
    charter = gateway.charter
    page = args.get("page", "1")
    return QueueFilters(
        status=status if status in ("open", "all", *STATUSES) else "open",
        department=department if department in {d.slug for d in charter.departments} else "",
        ward=ward if ward in charter.wards else "",
        kind=kind if kind in {k.slug for k in charter.kinds} else "",
        channel=channel if channel in CHANNELS else "",
        overdue=args.get("overdue") == "1",
        q=" ".join(args.get("q", "").split())[:SEARCH_MAX],
        sort=args.get("sort", "") if args.get("sort", "") in SORTS else "",
        page=int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1,
    )


def search_clause(query: str) -> ColumnElement[bool]:
    """Items whose reference is (or starts with) the digits typed, or filed from the phone typed.

    An anonymous item is never found by its phone: the search would tell who filed it.
    """
    found: list[ColumnElement[bool]] = []
    digits = "".join(query.replace("-", " ").split())
    if digits.isdigit() and 4 <= len(digits) <= 9:
        found.append(Complaint.reference.startswith(digits))
    try:
        phone = normalise_phone(query)
    except ValueError:
        phone = None
    if phone is not None:
        found.append(and_(Complaint.phone == phone, Complaint.anonymous.is_(False)))
    return or_(*found) if found else false()


@bp.get("/")
def queue() -> str:
    """Items this officer may see, most urgent first (overdue, then the nearest deadline), or by
    due date; filtered, and searched by reference or phone."""
    gateway = current_gateway()
    officer = current_officer()
    now = page_now()
    filters = read_filters(gateway, request.args)
    conditions = [visible_to(officer)]
    if filters.status == "open":
        conditions.append(Complaint.status.in_(OPEN))  # the queue's default
    elif filters.status != "all":
        conditions.append(Complaint.status == filters.status)
    for column, value in (
        (Complaint.department, filters.department),
        (Complaint.ward, filters.ward),
        (Complaint.kind, filters.kind),
        (Complaint.channel, filters.channel),
    ):
        if value:
            conditions.append(column == value)
    overdue = queue_overdue(now)
    if filters.overdue:
        conditions.append(overdue)
    if filters.q:
        conditions.append(search_clause(filters.q))
    due = urgent_due()
    undated_last = case((due.is_(None), 1), else_=0)
    order = {
        "": (case((overdue, 0), else_=1), undated_last, due),
        "due": (undated_last, due),
        "-due": (undated_last, due.desc()),
    }[filters.sort]
    with gateway.sessions() as db:
        total = db.scalar(select(func.count()).select_from(Complaint).where(*conditions)) or 0
        rows = db.execute(
            select(Complaint, overdue.label("overdue"))
            .where(*conditions)
            .order_by(*order, Complaint.received_at, Complaint.id)
            .limit(PAGE_SIZE)
            .offset((filters.page - 1) * PAGE_SIZE)
        ).all()
        officers = {id_: name for id_, name in db.execute(select(Officer.id, Officer.name))}
    items = [
        {
            "complaint": complaint,
            "overdue": bool(is_overdue),
            "due": urgent_due_at(complaint),
            "days_left": working_days_left(gateway, now, urgent_due_at(complaint)),
            "officer": officers.get(complaint.officer_id or 0, ""),
        }
        for complaint, is_overdue in rows
    ]
    return render_template(
        "console/queue.html",
        items=items,
        total=total,
        filters=filters,
        statuses=STATUSES,
        channels=CHANNELS,
        pages=(total + PAGE_SIZE - 1) // PAGE_SIZE,
    )


JUST_PASSED = 1e-6  # working days: a date passed with no working time since is still past


def working_days_left(gateway: Gateway, now: datetime, due: datetime | None) -> float | None:
    """Working days left (negative: over). A date passed is over even when no working time has
    passed since (Friday's close on Saturday), never "0 days left"."""
    if due is None:
        return None
    left = gateway.calendar.working_days_between(now, due)
    return min(left, -JUST_PASSED) if due < now else left
