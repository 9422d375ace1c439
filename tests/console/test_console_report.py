"""The charter report's figures against a hand-computed fixture, on SQLite and PostgreSQL.

October 2026 (East Africa Time), seen on 16 November 2026. Ten items fall in the period:

| item | dept | ward   | channel | kind        | acknowledged | resolved       | now            |
|------|------|--------|---------|-------------|--------------|----------------|----------------|
| A    | maji | Iwawa  | ussd    | lalamiko    | in time 1.0  | in time 3.0    | closed, 1      |
| B    | maji | Iwawa  | sms     | lalamiko    | late 4.0     | late 11.0      | appealed, 2    |
| C    | maji | Kitulo | ussd    | lalamiko    | in time 0.75 | -, past due    | open, overdue  |
| D    | maji | Kitulo | walkin  | maulizo     | in time 1.5  | -, not due yet | open           |
| E    | afya | Iwawa  | sms     | lalamiko    | in time 0.5  | in time 2.5    | appeal decided |
| F    | afya | Kitulo | ussd    | lalamiko    | missed       | -, past due    | breach appeal  |
| G    | afya | Iwawa  | walkin  | pongezi     | in time 1.5  | (none owed)    | done           |
| H    | afya | Iwawa  | ussd    | lalamiko    | in time 2.0  | -, paused      | waiting        |
| L    | maji | Iwawa  | letter  | mapendekezo | in time 1.0  | in time 20.0   | resolved       |
| M    | afya | Kitulo | sms     | lalamiko    | in time 1.0  | in time 3.5    | closed, 1      |

E's appeal was decided in time; F's (opened by the breach) and B's are pending past their
dates. H paused before its deadline. L arrived at 00:00 on 1 October, East Africa Time.
J (23:00 on 30 Sep) and K (00:30 on 1 Nov) fall just outside. Hand-computed:
acknowledged within 8 of 10 (B late, F missed) = 80.0%; resolved within 4 of 7 (A E L M; B late;
C and F missed while open; D not yet due and H paused are left out) = 57.1%; open now C D F H = 4;
overdue now C F = 2; median days to acknowledge of 0.5 0.75 1 1 1 1.5 1.5 2 4 = 1.0; to resolve
of 2.5 3 3.5 11 20 = 3.5; appeals B E F = 3 (F for no answer; E decided in time; B and F pending
past their dates); satisfied A M of A B E M = 50.0%.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal

import pytest
import time_machine
from flask import Flask
from sqlalchemy.orm import Session

from gateway.people.officers import NewOfficer, add_officer
from gateway.reporting.export import csv_rows
from gateway.reporting.figures import Figures
from gateway.reporting.periods import Period, last_month, parse_period, period_of
from gateway.reporting.report import build_report
from gateway.reporting.surveys import candidates, send_survey
from gateway.reporting.trend import MonthPoint
from gateway.runtime import Gateway
from store.models import (
    CharterFeedback,
    Complaint,
    Officer,
    OutboxMessage,
    Survey,
    SurveyRecipient,
)
from tests.console.console_factories import (
    DESK,
    PASSWORD,
    add_officers,
    eat,
    log_in,
    make_item,
)

NOW = eat(2026, 11, 16, 13)
OCTOBER = parse_period("2026-10")
KINDS = ["lalamiko", "mapendekezo", "pongezi", "maulizo"]


def _items(session: Session) -> dict[str, Complaint]:
    items = {
        "A": make_item(
            session,
            department="maji",
            ward="Iwawa",
            channel="ussd",
            status="closed",
            received_at=eat(2026, 10, 5),
            acknowledge_due_at=eat(2026, 10, 7, 15, 30),
            acknowledged_at=eat(2026, 10, 6),
            acknowledge_days=1.0,
            answer_due_at=eat(2026, 10, 12, 15, 30),
            resolved_at=eat(2026, 10, 8),
            resolve_days=3.0,
            satisfied=True,
            phone="+255754100001",
        ),
        "B": make_item(
            session,
            department="maji",
            ward="Iwawa",
            channel="sms",
            status="appealed",
            received_at=eat(2026, 10, 5),
            acknowledge_due_at=eat(2026, 10, 7, 15, 30),
            acknowledged_at=eat(2026, 10, 9),
            acknowledge_days=4.0,
            answer_due_at=eat(2026, 10, 12, 15, 30),
            resolved_at=eat(2026, 10, 20),
            resolve_days=11.0,
            satisfied=False,
            appeal_opened_at=eat(2026, 10, 21),
            appeal_due_at=eat(2026, 11, 10, 15, 30),
            phone="+255754100002",
        ),
        "C": make_item(
            session,
            department="maji",
            ward="Kitulo",
            channel="ussd",
            status="acknowledged",
            received_at=eat(2026, 10, 20),
            acknowledge_due_at=eat(2026, 10, 22, 15, 30),
            acknowledged_at=eat(2026, 10, 21),
            acknowledge_days=0.75,
            answer_due_at=eat(2026, 10, 27, 15, 30),
        ),
        "D": make_item(
            session,
            department="maji",
            ward="Kitulo",
            channel="walkin",
            kind="maulizo",
            status="acknowledged",
            received_at=eat(2026, 10, 30),
            acknowledge_due_at=eat(2026, 11, 3, 15, 30),
            acknowledged_at=eat(2026, 11, 2),
            acknowledge_days=1.5,
            answer_due_at=eat(2026, 11, 20, 15, 30),
        ),
        "E": make_item(
            session,
            department="afya",
            ward="Iwawa",
            channel="sms",
            status="appeal_decided",
            received_at=eat(2026, 10, 10),
            acknowledge_due_at=eat(2026, 10, 13, 15, 30),
            acknowledged_at=eat(2026, 10, 12),
            acknowledge_days=0.5,
            answer_due_at=eat(2026, 10, 30, 15, 30),
            resolved_at=eat(2026, 10, 14),
            resolve_days=2.5,
            satisfied=False,
            appeal_opened_at=eat(2026, 10, 15),
            appeal_due_at=eat(2026, 11, 4, 15, 30),
            appeal_decided_at=eat(2026, 11, 2),
        ),
        "F": make_item(
            session,
            department="afya",
            ward="Kitulo",
            channel="ussd",
            status="appealed",
            received_at=eat(2026, 10, 1, 8),
            acknowledge_due_at=eat(2026, 10, 5, 15, 30),
            answer_due_at=eat(2026, 10, 21, 15, 30),
            appeal_opened_at=eat(2026, 10, 23),
            appeal_due_at=eat(2026, 11, 12, 15, 30),
            escalation_level=2,
        ),
        "G": make_item(
            session,
            department="afya",
            ward="Iwawa",
            channel="walkin",
            kind="pongezi",
            status="acknowledged",
            received_at=eat(2026, 10, 15),
            acknowledge_due_at=eat(2026, 10, 19, 15, 30),
            acknowledged_at=eat(2026, 10, 16),
            acknowledge_days=1.5,
        ),
        "H": make_item(
            session,
            department="afya",
            ward="Iwawa",
            channel="ussd",
            status="waiting",
            received_at=eat(2026, 10, 26),
            acknowledge_due_at=eat(2026, 10, 28, 15, 30),
            acknowledged_at=eat(2026, 10, 27),
            acknowledge_days=2.0,
            answer_due_at=eat(2026, 11, 13, 15, 30),
            paused_at=eat(2026, 11, 5),
        ),
        "L": make_item(
            session,
            department="maji",
            ward="Iwawa",
            channel="letter",
            kind="mapendekezo",
            status="resolved",
            received_at=eat(2026, 10, 1, 0, 0),
            acknowledge_due_at=eat(2026, 10, 5, 15, 30),
            acknowledged_at=eat(2026, 10, 2),
            acknowledge_days=1.0,
            answer_due_at=eat(2026, 11, 2, 15, 30),
            resolved_at=eat(2026, 10, 30),
            resolve_days=20.0,
            phone="+255754100003",
        ),
        "M": make_item(
            session,
            department="afya",
            ward="Kitulo",
            channel="sms",
            status="closed",
            received_at=eat(2026, 10, 12),
            acknowledge_due_at=eat(2026, 10, 14, 15, 30),
            acknowledged_at=eat(2026, 10, 13),
            acknowledge_days=1.0,
            answer_due_at=eat(2026, 10, 30, 15, 30),
            resolved_at=eat(2026, 10, 16),
            resolve_days=3.5,
            satisfied=True,
            phone="+255754100004",
        ),
        # Just outside October in East Africa Time (which is already 1 Nov / still 30 Sep).
        "J": make_item(
            session,
            received_at=eat(2026, 9, 30, 23, 0),
            acknowledge_due_at=eat(2026, 10, 2, 15, 30),
            answer_due_at=eat(2026, 10, 7, 15, 30),
        ),
        "K": make_item(
            session,
            received_at=eat(2026, 11, 1, 0, 30),
            acknowledge_due_at=eat(2026, 11, 3, 15, 30),
            answer_due_at=eat(2026, 11, 6, 15, 30),
        ),
    }
    return items


def _sms(session: Session, items: dict[str, Complaint]) -> None:
    def message(complaint: str | None, status: str, sent: datetime | None, **more: object) -> None:
        created = more.pop("created", sent)
        session.add(
            OutboxMessage(
                phone="+255754100001",
                text="Makete DC: taarifa",
                purpose="test",
                complaint_id=items[complaint].id if complaint else None,
                status=status,
                due_at=created,
                attempts=1,
                created_at=created,
                sent_at=sent,
                **more,
            )
        )

    message("A", "delivered", eat(2026, 10, 5), parts=1, cost="TZS 22.0000")
    message("A", "sent", eat(2026, 10, 8), parts=2, cost="TZS 44.0000")
    message("E", "delivered", eat(2026, 10, 14), parts=1, cost="TZS 22.0000")
    message("C", "failed", None, created=eat(2026, 10, 20), failure_reason="InvalidPhoneNumber")
    message(None, "delivered", eat(2026, 10, 25), parts=1, cost="TZS 22.0000")
    message("A", "delivered", eat(2026, 11, 2), parts=1, cost="TZS 22.0000")  # November
    message("B", "failed", eat(2026, 10, 9), parts=1, cost="0")  # failed after sending


def _review(session: Session) -> None:
    for rating, comment, at in (
        (5, "Huduma nzuri", eat(2026, 10, 3)),
        (4, None, eat(2026, 10, 10)),
        (2, "Mnachelewa kujibu", eat(2026, 10, 20)),
        (None, "Mkataba uwekwe kila kijiji", eat(2026, 10, 28)),
        (1, "Septemba", eat(2026, 9, 28)),
    ):
        session.add(
            CharterFeedback(
                phone="+255754100009", rating=rating, comment=comment, channel="ussd", created_at=at
            )
        )
    for closed_from, closed_to, answers in (
        (date(2026, 10, 1), date(2026, 10, 31), ["1", "1", "2", None]),
        (date(2026, 8, 1), date(2026, 8, 31), ["2"]),
    ):
        survey = Survey(
            question_sw="?",
            question_en="?",
            closed_from=closed_from,
            closed_to=closed_to,
            created_at=eat(closed_to.year, closed_to.month + 1, 3),
        )
        session.add(survey)
        session.flush()
        for index, answer in enumerate(answers):
            session.add(
                SurveyRecipient(
                    survey_id=survey.id,
                    phone=f"+25575420000{index}",
                    asked_at=survey.created_at,
                    answer=answer,
                )
            )


@pytest.fixture()
def fixture_items(gateway: Gateway) -> dict[str, Complaint]:
    """The hand-computed fixture, stored."""
    with gateway.sessions.begin() as session:
        items = _items(session)
        _sms(session, items)
        _review(session)
    return items


def _line(lines: list[Figures], group: str | None) -> Figures:
    (found,) = [line for line in lines if line.group == group]
    return found


def test_periods_are_east_africa_months_quarters_and_years() -> None:
    assert OCTOBER == Period("month", date(2026, 10, 1), date(2026, 11, 1))
    assert OCTOBER.bounds() == (eat(2026, 10, 1, 0), eat(2026, 11, 1, 0))
    assert parse_period("2026-Q4") == Period("quarter", date(2026, 10, 1), date(2027, 1, 1))
    assert parse_period("2026") == Period("year", date(2026, 1, 1), date(2027, 1, 1))
    assert last_month(date(2026, 1, 15)).key == "2025-12"
    assert parse_period("2026-Q1").previous().key == "2025-Q4"
    assert period_of("month", date(2026, 12, 31)).next().key == "2027-01"
    for bad in ("2026-13", "26-10", "2026-Q5", "october", ""):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_overall_figures_match_the_hand_computed_fixture(
    gateway: Gateway, fixture_items: dict[str, Complaint]
) -> None:
    with gateway.sessions() as session:
        report = build_report(session, OCTOBER, NOW, KINDS)
    o = report.overall
    assert o.received == 10
    assert o.by_kind == {"lalamiko": 7, "maulizo": 1, "pongezi": 1, "mapendekezo": 1}
    assert (o.ack_within, o.ack_late, o.ack_missed, o.ack_pct) == (8, 1, 1, 80.0)
    # C and F (open past their deadline) are misses; A E L M on time; B late; D and H pending.
    assert (o.resolved_within, o.resolved_late, o.resolve_missed) == (4, 1, 2)
    assert o.resolve_pct == 57.1
    assert (o.open_now, o.overdue_now) == (4, 2)
    assert (o.median_ack_days, o.median_resolve_days) == (1.0, 3.5)
    assert (o.appeals_opened, o.appeals_no_answer, o.appeals_decided) == (3, 1, 1)
    assert (o.appeals_decided_in_time, o.appeals_pending_overdue) == (1, 2)
    assert (o.satisfied_yes, o.satisfied_answers, o.satisfied_pct) == (2, 4, 50.0)
    assert (o.sms_sent, o.sms_delivered, o.sms_failed, o.sms_parts) == (5, 3, 2, 6)
    assert o.sms_cost == {"TZS": Decimal("110.0000")}


def test_a_resolved_on_time_item_is_never_late_and_an_open_overdue_one_is_a_miss(
    gateway: Gateway, fixture_items: dict[str, Complaint]
) -> None:
    # Long after every deadline: E and A were resolved on time, so they stay on time; C and F
    # stay misses; D (not due on 16 Nov) has become a miss too, and H is still paused.
    with gateway.sessions() as session:
        later = build_report(session, OCTOBER, eat(2027, 6, 1), KINDS).overall
        earlier = build_report(session, OCTOBER, eat(2026, 10, 31, 12), KINDS).overall
    assert (later.resolved_within, later.resolved_late, later.resolve_missed) == (4, 1, 3)
    assert (later.open_now, later.overdue_now) == (4, 3)
    # On 31 Oct, C (due 27 Oct) and F (due 21 Oct) had already missed; the rest had not.
    assert (earlier.resolved_within, earlier.resolve_missed, earlier.overdue_now) == (4, 2, 2)


def test_by_department(gateway: Gateway, fixture_items: dict[str, Complaint]) -> None:
    with gateway.sessions() as session:
        lines = build_report(session, OCTOBER, NOW, KINDS).breakdowns["department"]
    maji, afya = _line(lines, "maji"), _line(lines, "afya")
    assert maji.received == 5
    assert maji.by_kind == {"lalamiko": 3, "maulizo": 1, "mapendekezo": 1}
    assert (maji.ack_within, maji.ack_decided, maji.ack_pct) == (4, 5, 80.0)
    assert (maji.resolved_within, maji.resolve_decided, maji.resolve_pct) == (2, 4, 50.0)
    assert (maji.open_now, maji.overdue_now) == (2, 1)
    assert (maji.median_ack_days, maji.median_resolve_days) == (1.0, 11.0)
    assert (maji.appeals_opened, maji.appeals_pending_overdue) == (1, 1)
    assert (maji.satisfied_yes, maji.satisfied_answers) == (1, 2)
    assert (maji.sms_sent, maji.sms_delivered, maji.sms_failed, maji.sms_parts) == (3, 1, 2, 4)
    assert maji.sms_cost == {"TZS": Decimal("66.0000")}

    assert afya.received == 5
    assert (afya.ack_within, afya.ack_missed, afya.ack_pct) == (4, 1, 80.0)
    assert (afya.resolved_within, afya.resolve_missed, afya.resolve_pct) == (2, 1, 66.7)
    assert (afya.open_now, afya.overdue_now) == (2, 1)
    assert (afya.median_ack_days, afya.median_resolve_days) == (1.25, 3.0)  # even counts
    assert (afya.appeals_opened, afya.appeals_no_answer, afya.appeals_decided_in_time) == (2, 1, 1)
    assert afya.satisfied_pct == 50.0
    assert (afya.sms_sent, afya.sms_parts, afya.sms_cost) == (1, 1, {"TZS": Decimal("22.0000")})

    no_item = _line(lines, "(no item)")
    assert (no_item.received, no_item.sms_sent, no_item.sms_parts) == (0, 1, 1)


def test_by_ward_and_channel(gateway: Gateway, fixture_items: dict[str, Complaint]) -> None:
    with gateway.sessions() as session:
        report = build_report(session, OCTOBER, NOW, KINDS)
    wards = report.breakdowns["ward"]
    iwawa, kitulo = _line(wards, "Iwawa"), _line(wards, "Kitulo")
    assert (iwawa.received, iwawa.ack_pct, iwawa.resolve_pct) == (6, 83.3, 75.0)
    assert (iwawa.open_now, iwawa.overdue_now) == (1, 0)
    assert (kitulo.received, kitulo.ack_pct, kitulo.resolve_pct) == (4, 75.0, 33.3)
    assert (kitulo.open_now, kitulo.overdue_now) == (3, 2)
    channels = {line.group: line.received for line in report.breakdowns["channel"]}
    assert channels == {"ussd": 4, "sms": 3, "walkin": 2, "letter": 1, "(no item)": 0}


def test_a_department_report_counts_only_its_items(
    gateway: Gateway, fixture_items: dict[str, Complaint]
) -> None:
    with gateway.sessions() as session:
        report = build_report(session, OCTOBER, NOW, KINDS, department="maji")
    o = report.overall
    assert (o.received, o.ack_pct, o.resolve_pct, o.open_now, o.overdue_now) == (
        5,
        80.0,
        50.0,
        2,
        1,
    )
    assert (o.sms_sent, o.sms_cost) == (3, {"TZS": Decimal("66.0000")})
    assert [line.group for line in report.breakdowns["department"]] == ["maji"]


def test_trend_and_charter_review(gateway: Gateway, fixture_items: dict[str, Complaint]) -> None:
    with gateway.sessions() as session:
        report = build_report(session, OCTOBER, NOW, KINDS)
    assert [p.month for p in report.trend][0] == "2025-11"
    assert [p.month for p in report.trend][-1] == "2026-10"
    points = {p.month: (p.received, p.resolved_within, p.resolve_decided) for p in report.trend}
    assert points["2026-10"] == (10, 4, 7)
    assert points["2026-09"] == (1, 0, 1)  # J, missed
    assert sum(p.received for p in report.trend) == 11

    feedback = report.feedback
    assert (feedback.count, feedback.average) == (3, 3.67)
    assert feedback.by_rating == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert [c.comment for c in feedback.comments] == [
        "Mkataba uwekwe kila kijiji",
        "Mnachelewa kujibu",
        "Huduma nzuri",
    ]
    (survey,) = report.surveys
    assert (survey.asked, survey.answered, survey.yes, survey.yes_pct) == (4, 3, 2, 66.7)


def _months(points: list[MonthPoint]) -> dict[str, tuple[int, int, int]]:
    """Each month with items: (received, resolved within standard, settled)."""
    return {
        p.month: (p.received, p.resolved_within, p.resolve_decided) for p in points if p.received
    }


def test_the_trend_within_standard_each_month_overall_and_per_department(
    gateway: Gateway, fixture_items: dict[str, Complaint]
) -> None:
    """Resolved within standard of those settled, a month at a time. October: maji A and L in
    time, B late, C missed (D not due yet) = 2 of 4; afya E and M in time, F missed (G owes no
    answer, H paused) = 2 of 3; the council 4 of 7. September: J, a maji item missed, 0 of 1."""
    with gateway.sessions() as session:
        report = build_report(session, OCTOBER, NOW, KINDS)
        afya = build_report(session, OCTOBER, NOW, KINDS, department="afya")
    assert _months(report.trend) == {"2026-09": (1, 0, 1), "2026-10": (10, 4, 7)}
    assert set(report.trend_by_department) == {"maji", "afya"}
    assert _months(report.trend_by_department["maji"]) == {
        "2026-09": (1, 0, 1),
        "2026-10": (5, 2, 4),
    }
    assert _months(report.trend_by_department["afya"]) == {"2026-10": (5, 2, 3)}
    every_month = [p.month for p in report.trend]
    assert every_month[0] == "2025-11" and len(every_month) == 12
    assert [p.month for p in report.trend_by_department["afya"]] == every_month
    # A department's report has its own months only.
    assert set(afya.trend_by_department) == {"afya"}
    assert _months(afya.trend) == {"2026-10": (5, 2, 3)}


def _cells(html: str) -> list[str]:
    """Every table cell's words."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_the_report_gives_no_percentage_from_fewer_than_5_and_a_count_beside_every_one(
    app: Flask, gateway: Gateway, fixture_items: dict[str, Complaint]
) -> None:
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, NOW)
    client = app.test_client()
    with time_machine.travel(NOW, tick=False):  # as the fixture was computed: 16 November
        log_in(client, DESK)
        page = client.get("/console/report?period=2026-10").text
    summary = page.split('id="summary"', 1)[1].split("</section>", 1)[0]
    # Resolved within standard, 4 of 7: a %, with its count.
    assert 'id="resolve-pct">57%<' in summary and "4 kati ya 7" in summary
    # Satisfied, 2 of 4 answers: the count and why, never "50%".
    assert 'id="satisfied-pct">-<' in summary
    assert "2 kati ya 4: chini ya 5, hivyo hakuna asilimia" in summary
    cells = _cells(page)
    assert "57% (4 kati ya 7)" in cells  # October in the trend's table
    assert "2 kati ya 4 (chini ya 5)" in cells  # maji's October, and its resolved line
    assert "2 kati ya 3 (chini ya 5)" in cells  # afya's
    assert "0 kati ya 1 (chini ya 5)" in cells  # September
    # Every % in a table has its count beside it, and not one is drawn from fewer than 5.
    with_pct = [cell for cell in cells if "%" in cell]
    # The standards 2, every standard 2, the public, October, and maji, afya and Iwawa acknowledged.
    assert len(with_pct) == 9
    for cell in with_pct:
        found = re.fullmatch(r"\d+% \((\d+) kati ya (\d+)\)", cell)
        assert found and int(found[2]) >= 5, cell
    # One small chart a department, in the charter's order.
    assert re.findall(r'<figure class="multiple" data-group="([^"]+)">', page) == ["afya", "maji"]


def test_an_empty_period_has_dashes_not_zeros(gateway: Gateway) -> None:
    with gateway.sessions() as session:
        o = build_report(session, OCTOBER, NOW, KINDS).overall
    assert o.received == 0
    assert (o.ack_pct, o.resolve_pct, o.satisfied_pct) == (None, None, None)
    assert (o.median_ack_days, o.median_resolve_days) == (None, None)
    assert o.sms_cost == {}


def test_csv_rows(gateway: Gateway, fixture_items: dict[str, Complaint]) -> None:
    with gateway.sessions() as session:
        rows = csv_rows(build_report(session, OCTOBER, NOW, KINDS), KINDS)
    header = rows[0]
    table = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    overall = table[0]
    assert overall["breakdown"] == "overall"
    assert overall["period"] == "2026-10"
    assert overall["received"] == "10"
    assert overall["received_lalamiko"] == "7"
    assert overall["acknowledged_within_pct"] == "80"
    assert overall["resolved_within_pct"] == "57.1"
    assert overall["resolve_missed_open"] == "2"
    assert (overall["open_now"], overall["overdue_now"]) == ("4", "2")
    assert overall["median_days_to_acknowledge"] == "1"
    assert overall["median_days_to_resolve"] == "3.5"
    assert overall["satisfied_pct"] == "50"
    assert overall["sms_cost"] == "TZS 110.00"
    maji = next(r for r in table if r["breakdown"] == "department" and r["group"] == "maji")
    assert (maji["received"], maji["resolved_within_pct"], maji["sms_parts"]) == ("5", "50", "4")
    assert {r["breakdown"] for r in table} == {"overall", "department", "ward", "channel"}


def test_report_page_and_csv_download(
    app: Flask, gateway: Gateway, fixture_items: dict[str, Complaint]
) -> None:
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, NOW)
    client = app.test_client()
    log_in(client, DESK)
    page = client.get("/console/report?period=2026-10")
    assert page.status_code == 200
    assert 'id="received">10<' in page.text
    assert "Oktoba 2026" in page.text
    assert "<svg" in page.text and "http" not in page.text.split("<svg", 1)[1].split("</svg>")[0]
    download = client.get("/console/report.csv?period=2026-10&department=maji")
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert 'filename="ripoti-2026-10-maji.csv"' in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.text)))
    assert rows[1][:4] == ["2026-10", "overall", "", "5"]


def test_survey_asks_each_closed_named_phone_once_a_quarter(
    fixture_items: dict[str, Complaint], gateway: Gateway
) -> None:
    # Resolved in October with a phone: A (closed), L (resolved), M (closed); B is appealed.
    with gateway.sessions.begin() as session:
        officers = add_officers(session, gateway, NOW)
        make_item(  # anonymous: never asked
            session,
            status="closed",
            anonymous=True,
            phone="+255754100077",
            received_at=eat(2026, 10, 2),
            resolved_at=eat(2026, 10, 9),
        )
        make_item(  # the same phone as A, a second item: asked once
            session,
            status="resolved",
            phone="+255754100001",
            received_at=eat(2026, 10, 3),
            resolved_at=eat(2026, 10, 10),
        )
        session.add(  # M's phone was asked already this quarter
            SurveyRecipient(survey_id=_survey_id(session), phone="+255754100004", asked_at=NOW)
        )
    with gateway.sessions() as session:
        found = candidates(session, OCTOBER, NOW)
    assert sorted(c.phone for c in found.asked) == ["+255754100001", "+255754100003"]
    assert found.surveyed_this_quarter == 1
    night = eat(2026, 11, 16, 22)  # inside the default quiet hours 21:00-07:00
    gateway.config = replace(gateway.config, quiet_hours=(time(21), time(7)))
    with gateway.sessions.begin() as session:
        desk = session.get(Officer, officers["desk"].id)
        assert desk is not None
        survey, asked = send_survey(session, gateway, desk, OCTOBER, night)
    assert asked == 2
    with gateway.sessions() as session:
        rows = session.query(OutboxMessage).filter(OutboxMessage.purpose == "survey").all()
        recipients = session.query(SurveyRecipient).filter_by(survey_id=survey.id).all()
    assert {r.phone for r in rows} == {"+255754100001", "+255754100003"}
    assert all(r.due_at == eat(2026, 11, 17, 7) for r in rows)  # waits for the morning
    assert all(len(r.text) <= 160 for r in rows)
    assert len(recipients) == 2
    with gateway.sessions() as session:
        again = candidates(session, OCTOBER, night)
    assert again.asked == [] and again.surveyed_this_quarter == 3


def _survey_id(session: Session) -> int:
    survey = Survey(
        question_sw="?",
        question_en="?",
        closed_from=date(2026, 9, 1),
        closed_to=date(2026, 9, 30),
        created_at=eat(2026, 10, 2),
    )
    session.add(survey)
    session.flush()
    return survey.id


def test_a_ward_executive_officer_sees_their_wards_results_under_the_public_rules(
    app: Flask, gateway: Gateway, fixture_items: dict[str, Complaint]
) -> None:
    """Iwawa had six October items (A B L of maji, E G H of afya): each department under five,
    so both are merged into one line; Kitulo's four are not counted, and the citizens'
    comments (one with a phone number in it) are not shown."""
    weo_phone = "+255754300001"
    with gateway.sessions.begin() as session:
        add_officer(
            session,
            gateway.charter,
            NewOfficer(
                "Afisa Mtendaji Iwawa", weo_phone, "weo", "1234", ward="Iwawa", password=PASSWORD
            ),
            NOW,
        )
        session.add(
            CharterFeedback(
                phone="+255754100010",
                rating=1,
                comment="Nipigie 0754 100 010 kuhusu maji",
                channel="ussd",
                created_at=eat(2026, 10, 15),
            )
        )
    client = app.test_client()
    log_in(client, weo_phone)
    page = client.get("/console/report?period=2026-10")
    assert page.status_code == 200
    assert "Kata ya Iwawa" in page.text
    assert 'id="received">6<' in page.text
    rows = re.findall(r'<tr data-group="([^"]+)">', page.text)
    assert rows == ["others"]  # maji (3) and afya (3) merged, neither on its own
    for comment in ("Huduma nzuri", "Mnachelewa kujibu", "0754 100 010", "Nipigie"):
        assert comment not in page.text
    assert "Kitulo" not in page.text
    download = client.get("/console/report.csv?period=2026-10")
    assert download.status_code == 200
    assert 'filename="matokeo-2026-10-Iwawa.csv"' in download.headers["Content-Disposition"]
    rows_csv = list(csv.reader(io.StringIO(download.text)))
    council = rows_csv[1]
    assert council[1:5] == ["council", "council", "Kata ya Iwawa", "6"]
    assert [row[2] for row in rows_csv if row[1] == "department"] == ["others"]
    # A ward with fewer than five items in the period publishes no figures at all.
    with gateway.sessions.begin() as session:
        weo = session.query(Officer).filter_by(phone=weo_phone).one()
        weo.ward = "Kitulo"
    page = client.get("/console/report?period=2026-10")
    assert "Kata ya Kitulo" in page.text
    assert 'id="received"' not in page.text and 'id="council-too-few"' in page.text
