"""Deadlines from the bundled Makete charter, as a complaint desk would see them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from charter.calendar import EAT, WorkingCalendar
from charter.deadlines import acknowledge_due, answer_due, appeal_due
from charter.loader import load_charter
from charter.model import Charter, DatedHoliday


def eat(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=EAT)


@pytest.fixture(scope="module")
def charter() -> Charter:
    return load_charter()


@pytest.fixture(scope="module")
def calendar(charter: Charter) -> WorkingCalendar:
    return WorkingCalendar.from_charter(charter)


RECEIVED = eat(2026, 12, 2, 10)  # Wednesday


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        ("lalamiko", eat(2026, 12, 4, 15, 30)),
        ("mapendekezo", eat(2026, 12, 4, 15, 30)),
        ("pongezi", eat(2026, 12, 4, 15, 30)),
        ("maulizo", eat(2026, 12, 4, 15, 30)),
    ],
)
def test_acknowledge_due(
    charter: Charter, calendar: WorkingCalendar, kind: str, due: datetime
) -> None:
    assert acknowledge_due(charter, calendar, kind, RECEIVED) == due


@pytest.mark.parametrize(
    ("kind", "department", "due"),
    [
        # 14 working days, skipping Uhuru (9 Dec).
        ("lalamiko", "afya", eat(2026, 12, 23, 15, 30)),
        ("lalamiko", None, eat(2026, 12, 23, 15, 30)),
        # Water faults: 5 working days: 3, 4, 7, 8, (9 Uhuru) 10.
        ("lalamiko", "maji", eat(2026, 12, 10, 15, 30)),
        # Enquiry: 7 working days: 3, 4, 7, 8, 10, 11, 14.
        ("maulizo", "maji", eat(2026, 12, 14, 15, 30)),
        # Suggestion: 21 working days: 3, 4, 7, 8, 10, 11, 14-18, 21-24 (15 so far),
        # (25 Krismasi) 28, 29, 30, 31, (1 Jan Mwaka Mpya, 2-3 weekend) 4, 5 Jan.
        ("mapendekezo", "ardhi", eat(2027, 1, 5, 15, 30)),
        ("pongezi", "afya", None),
    ],
)
def test_answer_due(
    charter: Charter,
    calendar: WorkingCalendar,
    kind: str,
    department: str | None,
    due: datetime | None,
) -> None:
    assert answer_due(charter, calendar, kind, department, RECEIVED) == due


def test_appeal_due(charter: Charter, calendar: WorkingCalendar) -> None:
    # Appeal opened Thursday 2 Apr 2026, 14 working days over Easter and Karume day:
    # 8,9,10 | 13-17 | 20-24 | 27 -> Mon 27 Apr (26 Apr Muungano is a Sunday).
    assert appeal_due(charter, calendar, eat(2026, 4, 2, 9)) == eat(2026, 4, 27, 15, 30)


def test_announced_eid_moves_an_open_deadline(charter: Charter) -> None:
    # A water complaint received Friday 12 Mar 2027 is due in 5 working days: 15-19 Mar,
    # so Friday 19 Mar.
    # If Eid el-Fitr is announced for Tuesday 16 Mar instead of the estimated 10 Mar, the
    # recomputed deadline moves to Monday 22 Mar.
    received = eat(2027, 3, 12, 11)
    before = WorkingCalendar.from_charter(charter)
    after = WorkingCalendar.from_charter(charter, [DatedHoliday(date(2027, 3, 16), "Eid el-Fitr")])
    assert answer_due(charter, before, "lalamiko", "maji", received) == eat(2027, 3, 19, 15, 30)
    assert answer_due(charter, after, "lalamiko", "maji", received) == eat(2027, 3, 22, 15, 30)


def test_unknown_kind_is_a_key_error(charter: Charter, calendar: WorkingCalendar) -> None:
    with pytest.raises(KeyError):
        answer_due(charter, calendar, "kero", "maji", RECEIVED)
    with pytest.raises(KeyError):
        acknowledge_due(charter, calendar, "kero", RECEIVED)


def test_naive_received_at_raises(charter: Charter, calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        answer_due(charter, calendar, "lalamiko", "afya", datetime(2026, 12, 2, 10))
