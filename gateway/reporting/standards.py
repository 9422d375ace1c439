"""Every standard in the charter file against what was achieved, and the results by client group.

One GROUP BY over the period's items (kind, key service, client group: a few dozen groups), read
from the report's covering index like the rest of the report (gateway/reporting/); each
standard's line is then a sum of those groups in Python. A standard "fell due" on an item once
it is settled: met in time, met late, or missed while still open (items still within their time
are left out, as the main figures leave them out, and so are items referred outside the council
before they were met).

The lines, in the charter file's order: for each kind, its acknowledgement standard and its
answer standard (a letter's, an appointment's confirmation, a call-back); a key service's delay
is measured against each key service's own standard, one line a service; then the DED's
standard for appeals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from charter.model import Charter
from gateway.lifecycle.statuses import REFERRED
from gateway.reporting.periods import Period
from gateway.reporting.rules import overdue_clause
from store.models import Complaint

SERVICE_DELAY = "huduma"  # the kind whose answer standard is each key service's own


@dataclass(frozen=True)
class StandardLine:
    """One standard of the charter: how many items it fell due on, and on how many it was met."""

    kind: str | None  # the charter's kind slug; None for appeals
    what: str  # "acknowledge", "answer", "service" (a key service's own), "appeal"
    service: str | None  # the key service's slug, for "service"
    due: int
    met: int

    @property
    def key(self) -> str:
        """The line's name in the CSV: "lalamiko:answer", "huduma:kibali", "appeal"."""
        if self.what == "appeal":
            return "appeal"
        return f"{self.kind}:{self.service if self.what == 'service' else self.what}"

    @property
    def pct(self) -> float | None:
        """Met, % of those due."""
        return None if self.due == 0 else round(100.0 * self.met / self.due, 1)


@dataclass(frozen=True)
class ClientGroupLine:
    """The results for one of the charter's client groups (wateja wetu)."""

    group: str
    received: int
    due: int  # answers that fell due
    met: int  # answered within standard

    @property
    def pct(self) -> float | None:
        """Answered within standard, % of those due."""
        return None if self.due == 0 else round(100.0 * self.met / self.due, 1)


def standards_figures(
    session: Session,
    charter: Charter,
    period: Period,
    now: datetime,
    department: str | None = None,
) -> tuple[list[StandardLine], list[ClientGroupLine]]:
    """Every standard's line, and one line a client group, for the period's items."""
    groups = _groups(session, period, now, department)
    standards: list[StandardLine] = []
    for kind in charter.kinds:
        mine = [row for row in groups if row["kind"] == kind.slug]
        if kind.acknowledge is not None:
            standards.append(_line(kind.slug, "acknowledge", None, mine, "ack"))
        if kind.answer is None:
            continue
        if kind.slug != SERVICE_DELAY:
            standards.append(_line(kind.slug, "answer", None, mine, "answer"))
            continue
        for service in charter.key_services:
            of_service = [row for row in mine if row["service"] == service.slug]
            standards.append(_line(kind.slug, "service", service.slug, of_service, "service"))
    standards.append(_line(None, "appeal", None, groups, "appeal"))
    clients: list[ClientGroupLine] = []
    for group in charter.client_groups:
        rows = [row for row in groups if row["client_group"] == group.slug]
        clients.append(
            ClientGroupLine(
                group=group.slug,
                received=sum(row["received"] for row in rows),
                due=sum(row["answer_due"] for row in rows),
                met=sum(row["answer_within"] for row in rows),
            )
        )
    return standards, clients


def with_standards(
    rows: list[list[str]],
    period: str,
    standards: Sequence[StandardLine],
    clients: Sequence[ClientGroupLine],
) -> list[list[str]]:
    """The report's CSV rows with three columns more (due, met, met_pct), then a row for every
    standard (breakdown "standard") and every client group (breakdown "client_group")."""
    header, body = rows[0], rows[1:]
    blank = [""] * (len(header) - 3)
    out = [[*header, "due", "met", "met_pct"], *([*row, "", "", ""] for row in body)]
    for line in standards:
        out.append(
            [period, "standard", line.key, *blank, str(line.due), str(line.met), _pct(line.pct)]
        )
    for client in clients:
        out.append(
            [
                period,
                "client_group",
                client.group,
                str(client.received),
                *blank[1:],
                str(client.due),
                str(client.met),
                _pct(client.pct),
            ]
        )
    return out


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _line(
    kind: str | None, what: str, service: str | None, rows: Sequence[Any], counts: str
) -> StandardLine:
    due = sum(row[f"{counts}_due"] for row in rows)
    met = sum(row[f"{counts}_{'in_time' if counts == 'appeal' else 'within'}"] for row in rows)
    return StandardLine(kind=kind, what=what, service=service, due=due, met=met)


def _groups(session: Session, period: Period, now: datetime, department: str | None) -> list[Any]:
    """The period's items counted by (kind, key service, client group)."""
    c = Complaint
    start, end = period.bounds()
    ack_set, acked = c.acknowledge_due_at.is_not(None), c.acknowledged_at.is_not(None)
    answer_set, resolved = c.answer_due_at.is_not(None), c.resolved_at.is_not(None)
    opened, decided = c.appeal_opened_at.is_not(None), c.appeal_decided_at.is_not(None)
    promise = func.coalesce(c.promised_at, c.answer_due_at)
    counted = [
        func.count().label("received"),
        func.count()
        .filter(and_(ack_set, acked, c.acknowledged_at <= c.acknowledge_due_at))
        .label("ack_within"),
        func.count()
        .filter(and_(ack_set, acked | and_(c.acknowledge_due_at < now, c.status != REFERRED)))
        .label("ack_due"),
        func.count()
        .filter(and_(answer_set, resolved, c.resolved_at <= c.answer_due_at))
        .label("answer_within"),
        func.count().filter(and_(answer_set, (resolved | overdue_clause(now)))).label("answer_due"),
        # A key service against its own promise: the answer date, or the promise already
        # missed when the citizen reported the delay (promised_at), which counts as a miss.
        func.count()
        .filter(and_(promise.is_not(None), resolved, c.resolved_at <= promise))
        .label("service_within"),
        func.count()
        .filter(and_(promise.is_not(None), resolved | overdue_clause(now, promise)))
        .label("service_due"),
        func.count()
        .filter(and_(decided, c.appeal_decided_at <= c.appeal_due_at))
        .label("appeal_in_time"),
        func.count().filter(and_(opened, (decided | (c.appeal_due_at < now)))).label("appeal_due"),
    ]
    where = [c.received_at >= start, c.received_at < end]
    if department is not None:
        where.append(c.department == department)
    statement = (
        select(c.kind, c.service, c.client_group, *counted)
        .where(*where)
        .group_by(c.kind, c.service, c.client_group)
    )
    return list(session.execute(statement).mappings())
