"""The queue as an officer's worklist: by default what waits on them, most urgent first, each row
with the first words of the item and its next step in words; tabs for what waits on the
citizen, on others, and everything they may see, with their counts; filters, a search by words,
reference or phone, and pages to jump between."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template, request
from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select

from gateway.casework.worklist import next_step as next_step_of
from gateway.casework.worklist import waits_on, waits_on_citizen, waits_on_officer
from gateway.lifecycle.item_dates import urgent_due, urgent_due_at
from gateway.lifecycle.statuses import OPEN
from gateway.messaging.notify import for_officers
from gateway.people.phones import normalise_phone
from gateway.runtime import Gateway
from gateway.web.console.auth import current_officer
from gateway.web.console.blueprint import bp
from gateway.web.console.formats import SNIPPET, first_words
from gateway.web.console.scope import queue_overdue, visible_to
from gateway.web.current import current_gateway
from gateway.web.pages import page_now
from store.models import Complaint, Officer
from store.search import words_match

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
SEARCH_MAX = 64
MAX_PAGE = 9_999
# The worklist's tabs: what waits on the officer, on the citizen, on others; and everything.
TABS = ("mine", "citizen", "others", "all")
PAGE_LINKS = 2  # page numbers shown either side of the current one


@dataclass(frozen=True)
class QueueFilters:
    """The queue's tab and filters, read from the query string (anything unknown is ignored)."""

    tab: str = "mine"
    status: str = "open"
    department: str = ""
    ward: str = ""
    kind: str = ""
    channel: str = ""
    overdue: bool = False
    q: str = ""  # words, a reference or a phone number, typed any usual way
    sort: str = ""
    page: int = 1

    @property
    def default_tab(self) -> str:
        """The officer's own work, or everything they may see while they search."""
        return "all" if self.q else "mine"

    @property
    def filtered(self) -> bool:
        """Whether any filter of the filters' form is set."""
        return bool(
            self.status != "open"
            or self.department
            or self.ward
            or self.kind
            or self.channel
            or self.overdue
        )

    def args(self, **changes: object) -> dict[str, object]:
        """The query string for these filters with `changes`, leaving out the defaults."""
        values = {**self.__dict__, **changes}
        tab = QueueFilters(q=str(values["q"])).default_tab
        defaults = {"status": "open", "page": 1, "tab": tab}
        # A ticked box is "1" in the query string, as the filter form sends it.
        return {k: "1" if v is True else v for k, v in values.items() if v and defaults.get(k) != v}

    def tab_args(self, tab: str) -> dict[str, object]:
        """The query string of a tab: the same filters, from its first page; the officer's own
        tabs hold open items only, so a filter on a finished status gives way."""
        status = self.status if tab == "all" or self.status in ("open", *OPEN) else "open"
        return self.args(tab=tab, status=status, page=1)


def read_filters(gateway: Gateway, args: Any) -> QueueFilters:
    """Filters from request args, each checked against the charter's own lists."""
    status = args.get("status", "open")
    status = status if status in ("open", "all", *STATUSES) else "open"
    department = args.get("department", "")
    ward = args.get("ward", "")
    kind = args.get("kind", "")
    channel = args.get("channel", "")
    charter = gateway.charter
    page = args.get("page", "1").strip()
    q = " ".join(args.get("q", "").split())[:SEARCH_MAX]
    tab = args.get("tab", "")
    if tab not in TABS:
        tab = QueueFilters(q=q).default_tab
    if status not in ("open", *OPEN):  # finished items wait on nobody: only "all" lists them
        tab = "all"
    return QueueFilters(
        tab=tab,
        status=status,
        department=department if department in {d.slug for d in charter.departments} else "",
        ward=ward if ward in charter.wards else "",
        kind=kind if kind in {k.slug for k in charter.kinds} else "",
        channel=channel if channel in CHANNELS else "",
        overdue=args.get("overdue") == "1",
        q=q,
        sort=args.get("sort", "") if args.get("sort", "") in SORTS else "",
        page=int(page) if page.isdigit() and 0 < int(page) <= MAX_PAGE else 1,
    )


def search_clause(dialect: str, query: str) -> ColumnElement[bool]:
    """Items whose reference is (or starts with) the digits typed, filed from the phone typed,
    or holding the words typed (store.search: description, name, officers' notes).

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
    words = words_match(dialect, query)
    if words is not None:
        found.append(words)
    return or_(*found) if found else false()


def _tab_clauses(officer: Officer) -> dict[str, ColumnElement[bool]]:
    """Each tab's condition on the open items this officer sees."""
    mine = waits_on_officer(officer)
    citizen = waits_on_citizen()
    elsewhere = case((or_(mine, citizen), 0), else_=1) == 1  # NULL-safe: neither of them
    return {"mine": mine, "citizen": citizen, "others": elsewhere}


@dataclass(frozen=True)
class Statements:
    """The worklist's two queries: each tab's count, and the chosen tab's rows in order (for a
    page of them: `.limit().offset()`)."""

    counts: Select[*tuple[Any, ...]]
    rows: Select[*tuple[Any, ...]]


def statements(officer: Officer, filters: QueueFilters, now: datetime, dialect: str) -> Statements:
    """The queries of this officer's worklist under these filters, as at `now`."""
    scope = [visible_to(officer)]
    for column, value in (
        (Complaint.department, filters.department),
        (Complaint.ward, filters.ward),
        (Complaint.kind, filters.kind),
        (Complaint.channel, filters.channel),
    ):
        if value:
            scope.append(column == value)
    overdue = queue_overdue(now)
    if filters.overdue:
        scope.append(overdue)
    if filters.q:
        scope.append(search_clause(dialect, filters.q))
    is_open = Complaint.status.in_(OPEN)
    # The status filter is the "all" tab's; the officer's own tabs hold open items, under the
    # status filter when it names an open one.
    listed = {"open": is_open, "all": Complaint.id.is_not(None)}.get(
        filters.status, Complaint.status == filters.status
    )
    in_tabs = listed if filters.status in OPEN else is_open
    tabs = {name: and_(in_tabs, clause) for name, clause in _tab_clauses(officer).items()}
    tabs["all"] = listed
    due = urgent_due()
    undated_last = case((due.is_(None), 1), else_=0)
    order = {
        "": (case((overdue, 0), else_=1), undated_last, due),
        "due": (undated_last, due),
        "-due": (undated_last, due.desc()),
    }[filters.sort]
    counts = (
        select(*(func.count().filter(tabs[name]) for name in TABS))
        .select_from(Complaint)
        .where(*scope, or_(is_open, tabs["all"]))
    )
    rows = (
        select(
            Complaint,
            overdue.label("overdue"),
            next_step_of().label("step"),
            waits_on().label("waits_on"),
            case((tabs["mine"], 1), else_=0).label("mine"),
        )
        .where(*scope, tabs[filters.tab])
        .order_by(*order, Complaint.received_at, Complaint.id)
    )
    return Statements(counts, rows)


@bp.get("/")
def queue() -> str:
    """The officer's worklist: a tab of what waits on them (by default), on the citizen, on
    others, or everything they may see; filtered, searched by words, reference or phone; most
    urgent first (overdue, then the nearest deadline) or by due date."""
    gateway = current_gateway()
    officer = current_officer()
    now = page_now()
    filters = read_filters(gateway, request.args)
    asked = statements(officer, filters, now, gateway.engine.dialect.name)
    with gateway.reads() as db:  # reads only: no writer's turn on SQLite
        counted = db.execute(asked.counts).one()
        counts = dict(zip(TABS, (number or 0 for number in counted), strict=True))
        total = counts[filters.tab]
        pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
        page = min(filters.page, pages)
        rows = db.execute(asked.rows.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
        officers = {id_: name for id_, name in db.execute(select(Officer.id, Officer.name))}
    items = [
        {
            "complaint": complaint,
            "snippet": _snippet(complaint),
            "overdue": bool(is_overdue),
            "due": urgent_due_at(complaint),
            "days_left": working_days_left(gateway, now, urgent_due_at(complaint)),
            "officer": officers.get(complaint.officer_id or 0, ""),
            "step": step or "",
            "waits_on": party or "",
            "mine": bool(is_mine),
        }
        for complaint, is_overdue, step, party, is_mine in rows
    ]
    return render_template(
        "console/queue.html",
        items=items,
        total=total,
        counts=counts,
        tabs=TABS,
        filters=filters,
        statuses=STATUSES,
        channels=CHANNELS,
        page=page,
        pages=pages,
        page_links=page_links(page, pages),
        now=now,
    )


def _snippet(complaint: Complaint) -> str:
    """The first words of the item's description, an anonymous citizen's numbers hidden (a
    number that begins in the words shown ends within the part masked)."""
    return first_words(for_officers(complaint, complaint.description[: SNIPPET * 2]))


def page_links(page: int, pages: int) -> list[int | None]:
    """The page numbers to link to: the first, the last, and those near `page`; None where
    some are left out."""
    near = range(max(1, page - PAGE_LINKS), min(pages, page + PAGE_LINKS) + 1)
    shown = sorted({1, pages, *near})
    links: list[int | None] = []
    for number in shown:
        if links and number - (links[-1] or 0) > 1:
            links.append(None)
        links.append(number)
    return links


JUST_PASSED = 1e-6  # working days: a date passed with no working time since is still past


def working_days_left(gateway: Gateway, now: datetime, due: datetime | None) -> float | None:
    """Working days left (negative: over). A date passed is over even when no working time has
    passed since (Friday's close on Saturday), never "0 days left"."""
    if due is None:
        return None
    left = gateway.calendar.working_days_between(now, due)
    return min(left, -JUST_PASSED) if due < now else left
