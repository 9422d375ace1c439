"""The queue as an officer's worklist: by default what waits on them, most urgent first, each row
with the first words of the item and its next step in words; tabs for what waits on the
citizen, on others, and everything they may see, with their counts; filters, a search by words,
reference or phone, and pages to jump between."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template, request
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import outerjoin

from gateway.casework.worklist import (
    Verdict,
    facts,
    next_action,
    next_step,
    pending_requests,
    verdict_of,
    waits_on,
    waits_on_citizen,
    waits_on_officer,
    with_officers,
)
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


@dataclass(frozen=True)
class Worklist:
    """An officer's worklist under some filters, as queries: `page(n)` gives each tab's count
    and the ids of page n of the chosen tab in one statement; `details(ids)` what a page shows
    of its items."""

    officer: Officer
    now: datetime
    counts: tuple[ColumnElement[int], ...]  # each tab's, in TABS' order
    listed: Select[*tuple[Any, ...]]  # the chosen tab's ids, then the keys they are ordered by
    descending: tuple[bool, ...]  # for each key, whether the order is descending

    def page(self, number: int) -> Select[*tuple[Any, ...]]:
        """One row per item of page `number` (or one row with no item past the last page):
        each tab's count, then the item's id, most urgent first."""
        shown = self.listed.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE).subquery("shown")
        counted = select(*self.counts).subquery("counted")
        keys = list(shown.c)[1:]
        ordered = [k.desc() if down else k for k, down in zip(keys, self.descending, strict=True)]
        return (
            select(*counted.c, shown.c.id)
            .select_from(counted.outerjoin(shown, true()))
            .order_by(*ordered, shown.c.id)
        )

    def details(self, ids: list[int]) -> Select[*tuple[Any, ...]]:
        """The items with these ids, each with whether it is overdue, its next step, who takes
        it, and whether that is this officer."""
        joined, item = facts()
        mine = waits_on_officer(self.officer, verdict_of(item))
        return (
            select(
                Complaint,
                queue_overdue(self.now).label("overdue"),
                next_step(item).label("step"),
                waits_on(item).label("waits_on"),
                case((mine, 1), else_=0).label("mine"),
            )
            .select_from(joined)
            .where(Complaint.id.in_(ids))
        )


def worklist(officer: Officer, filters: QueueFilters, now: datetime, dialect: str) -> Worklist:
    """The queries of this officer's worklist under these filters, as at `now`.

    The rule (gateway/casework/worklist.py) is worked out once for each group of items alike
    in everything it reads (status, kind, department, officer, acknowledged, a request for more
    time and who asked): a few hundred groups among thousands of open items. Each tab counts
    its groups' items; a tab's page is its items (joined to their groups), most urgent first;
    counts and page come from one statement, the steps and names shown from the page's items.
    """
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
    # Open items as ix_complaints_open_work's predicate says it (values written out, so each
    # database proves the index covers the query, however the statement is prepared).
    is_open = Complaint.status.in_(bindparam("open", list(OPEN), literal_execute=True))
    # The status filter is the "all" tab's; the officer's own tabs hold open items, under the
    # status filter when it names an open one.
    if filters.status == "open":
        scope.append(is_open)
    elif filters.status != "all":
        scope.append(or_(is_open, Complaint.status == filters.status))
    pending = pending_requests()
    items = outerjoin(Complaint, pending, pending.c.complaint_id == Complaint.id)
    # What the rule reads of an item (a missing department or officer as '' and 0), and all
    # of it as one text: the key of its group, the items alike in everything the rule reads.
    alike: dict[str, ColumnElement[Any]] = {
        "status": Complaint.status.expression,
        "kind": Complaint.kind.expression,
        "department": func.coalesce(Complaint.department, ""),
        "officer_id": func.coalesce(Complaint.officer_id, 0),
        "unacked": Complaint.acknowledged_at.is_(None),
        "pending": pending.c.complaint_id.is_not(None),
        "by_head": func.coalesce(pending.c.by_head, 0),
    }
    # Most urgent first (overdue, then the nearest date), or by the date either way; then the
    # oldest received.
    due = urgent_due()
    orders = {
        "late_first": case((overdue, 0), else_=1),
        "undated_last": case((due.is_(None), 1), else_=0),
        "due": due,
        "received": Complaint.received_at.expression,
    }
    # The items in scope, read once (the search too), each with its group and order.
    scoped = (
        select(
            Complaint.id.label("id"),
            _joined_text(tuple(alike.values())).label("key"),
            *(value.label(name) for name, value in (alike | orders).items()),
        )
        .select_from(items)
        .where(*scope)
        .cte("scoped")
        .prefix_with("MATERIALIZED")
    )
    s = scoped.c
    groups = (
        select(s.key, *(s[name] for name in alike), func.count().label("n"))
        .group_by(s.key, *(s[name] for name in alike))
        .cte("groups")
        .prefix_with("MATERIALIZED")
    )
    g = groups.c
    joined, item = with_officers(
        groups,
        g.status,
        g.kind,
        func.nullif(g.department, ""),
        func.nullif(g.officer_id, 0),
        g.unacked,
        g.pending,
        g.by_head == 1,
    )
    # The rule, once a group: which of the officer's own tabs it is in (theirs, the
    # citizen's, someone else's).
    verdict = Verdict(waits_on(item), next_action(item), g.officer_id, g.department)
    in_tabs = g.status == filters.status if filters.status in OPEN else g.status.in_(OPEN)
    tab = case(
        (and_(in_tabs, waits_on_officer(officer, verdict)), "mine"),
        (and_(in_tabs, waits_on_citizen(verdict)), "citizen"),
        (in_tabs, "others"),
        else_="",
    )
    verdicts = (
        select(g.key, g.status, g.n, tab.label("tab"))
        .select_from(joined)
        .cte("verdicts")
        .prefix_with("MATERIALIZED")
    )
    v = verdicts.c
    tabs = {name: v.tab == name for name in ("mine", "citizen", "others")}
    tabs["all"] = {"open": v.status.in_(OPEN), "all": true()}.get(
        filters.status, v.status == filters.status
    )
    counts = tuple(func.sum(v.n).filter(tabs[name]).label(name) for name in TABS)
    # The chosen tab's items: "all" by the status filter, the others by their group's tab.
    if filters.tab == "all":
        chosen = {"open": s.status.in_(OPEN), "all": true()}.get(
            filters.status, s.status == filters.status
        )
    else:
        chosen = s.key.in_(select(v.key).where(tabs[filters.tab]))
    keys, descending = {
        "": ((s.late_first, s.undated_last, s.due), (False, False, False)),
        "due": ((s.undated_last, s.due), (False, False)),
        "-due": ((s.undated_last, s.due), (False, True)),
    }[filters.sort]
    keys, descending = (*keys, s.received), (*descending, False)
    ordered = [key.desc() if down else key for key, down in zip(keys, descending, strict=True)]
    page_of = select(s.id, *keys).where(chosen).order_by(*ordered, s.id)
    return Worklist(officer, now, counts, page_of, descending)


@bp.get("/")
def queue() -> str:
    """The officer's worklist: a tab of what waits on them (by default), on the citizen, on
    others, or everything they may see; filtered, searched by words, reference or phone; most
    urgent first (overdue, then the nearest deadline) or by due date."""
    gateway = current_gateway()
    officer = current_officer()
    now = page_now()
    filters = read_filters(gateway, request.args)
    asked = worklist(officer, filters, now, gateway.engine.dialect.name)
    with gateway.reads() as db:  # reads only: no writer's turn on SQLite
        found = db.execute(asked.page(filters.page)).all()
        counts = dict(zip(TABS, (int(n or 0) for n in found[0][: len(TABS)]), strict=True))
        pages = max(1, (counts[filters.tab] + PAGE_SIZE - 1) // PAGE_SIZE)
        page = min(filters.page, pages)
        if page != filters.page:  # past the last page: the last page
            found = db.execute(asked.page(page)).all()
        ids = [row[-1] for row in found if row[-1] is not None]
        shown = {row[0].id: row for row in db.execute(asked.details(ids))} if ids else {}
        rows = [shown[id_] for id_ in ids if id_ in shown]
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
        total=counts[filters.tab],
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


def _joined_text(parts: tuple[ColumnElement[Any], ...]) -> ColumnElement[str]:
    """The parts as one text, "|" between them (the same on both databases)."""
    joined: ColumnElement[str] = cast(parts[0], String)
    for part in parts[1:]:
        joined = joined.op("||")("|").op("||")(cast(part, String))
    return joined


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
