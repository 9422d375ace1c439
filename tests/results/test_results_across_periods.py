"""The public results across periods (issue 26, case 7): a quarter or a year, less the months
published beside it, must not give away a group too small to be shown in the month it fell in."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gateway.reporting.periods import parse_period
from gateway.reporting.public import MIN_GROUP, merged_groups
from gateway.runtime import Gateway
from tests.console.console_factories import eat, make_item

# 2025's last quarter, long over: received per department and month (each item settled).
OCTOBER, NOVEMBER, DECEMBER = "2025-10", "2025-11", "2025-12"
MONTHS = (OCTOBER, NOVEMBER, DECEMBER)
SIZES = {
    OCTOBER: {"maji": 6, "afya": 7, "sheria": 1},  # sheria's one item: late, late, unhappy
    NOVEMBER: {"maji": 6, "afya": 7, "sheria": 5},
    DECEMBER: {"maji": 6, "afya": 7, "sheria": 5},
}
COUNTED = ("received", "ack_within", "resolved_within", "satisfied_yes")


def item(gateway: Gateway, department: str, month: str, n: int, *, on_time: bool) -> None:
    """One settled item received in `month`, on time and satisfied or late and not."""
    year, number = (int(part) for part in month.split("-"))
    received = eat(year, number, 2 + n)
    late = timedelta(days=0 if on_time else 30)
    with gateway.sessions.begin() as session:
        make_item(
            session,
            department=department,
            status="closed",
            received_at=received,
            acknowledge_due_at=received + timedelta(days=2),
            acknowledged_at=received + timedelta(days=1) + late,
            acknowledge_days=1.0 if on_time else 20.0,
            answer_due_at=received + timedelta(days=10),
            resolved_at=received + timedelta(days=5) + late,
            resolve_days=4.0 if on_time else 25.0,
            satisfied=on_time,
        )


def fill(gateway: Gateway, sizes: dict[str, dict[str, int]]) -> None:
    for month, departments in sizes.items():
        for department, count in departments.items():
            for n in range(count):
                on_time = not (department == "sheria" and month == OCTOBER)
                item(gateway, department, month, n, on_time=on_time)


def published(client: FlaskClient, period: str) -> dict[str, Any]:
    """The period's JSON: its council line, and its lines by the departments they cover."""
    data = client.get(f"/matokeo.json?period={period}").get_json()
    assert data["period"] == period
    return data


def lines(data: dict[str, Any]) -> dict[frozenset[str], dict[str, Any]]:
    return {frozenset(line["departments"]): line for line in data["departments"]}


def counts(line: dict[str, Any] | None) -> dict[str, int]:
    """What anyone can work back from a published line: each item here is settled and answered,
    so every percentage is of the items received."""
    if line is None:  # no line: no items
        return dict.fromkeys(COUNTED, 0)
    assert line["published"]
    received = line["received"]

    def share(pct: float) -> int:
        return round(pct * received / 100)

    return {
        "received": received,
        "ack_within": share(line["acknowledged_within_standard_pct"]),
        "resolved_within": share(line["resolved_within_standard_pct"]),
        "satisfied_yes": share(line["satisfied_pct"]),
    }


def minus(whole: dict[str, int], *parts: dict[str, int]) -> dict[str, int]:
    return {name: whole[name] - sum(part[name] for part in parts) for name in COUNTED}


def test_a_quarter_less_two_months_does_not_give_away_the_third_months_small_department(
    app: Flask, gateway: Gateway
) -> None:
    fill(gateway, SIZES)
    client = app.test_client()
    months = {month: lines(published(client, month)) for month in MONTHS}
    quarter = lines(published(client, "2025-Q4"))
    year = lines(published(client, "2025"))

    # October: sheria's one item is merged (with maji, the smallest shown, to make 7).
    assert frozenset({"sheria"}) not in months[OCTOBER]
    assert months[OCTOBER][frozenset({"sheria", "maji"})]["received"] == 7
    # November and December: sheria has 5 items each month, shown on its own.
    for month in (NOVEMBER, DECEMBER):
        assert months[month][frozenset({"sheria"})]["received"] == 5

    # The differencing of the issue: Q4 less November and December, line by line.
    october_item = {"received": 1, "ack_within": 0, "resolved_within": 0, "satisfied_yes": 0}
    for departments, line in quarter.items():
        recovered = minus(
            counts(line), *(counts(months[month].get(departments)) for month in MONTHS[1:])
        )
        assert recovered != october_item, departments
        assert recovered["received"] == 0 or recovered["received"] >= MIN_GROUP, departments
    # Sheria, and maji that covered it in October, are merged in the quarter and in the year.
    for period in (quarter, year):
        assert frozenset({"sheria"}) not in period and frozenset({"maji"}) not in period
        assert set(period) == {frozenset({"afya"}), frozenset({"sheria", "maji"})}
    assert quarter[frozenset({"sheria", "maji"})]["received"] == 6 * 3 + 11
    # Every line the quarter shows on its own is shown on its own in each of its months, so
    # the quarter adds up what the months show and gives nothing more away.
    for departments in quarter:
        if len(departments) == 1:
            assert all(departments in months[month] for month in MONTHS)

    # The page and the CSV show the same lines.
    page = client.get("/matokeo?period=2025-Q4").text
    assert 'data-group="sheria"' not in page and 'data-group="maji"' not in page
    assert 'data-group="others"' in page
    rows = client.get("/matokeo.csv?period=2025").text.splitlines()
    assert [row.split(",")[2] for row in rows[2:4]] == ["afya", "others"]


def test_a_month_with_under_5_items_in_all_is_not_given_away_by_its_quarter(
    app: Flask, gateway: Gateway
) -> None:
    fill(gateway, {OCTOBER: {"sheria": 1}, NOVEMBER: {"maji": 6}, DECEMBER: {"maji": 6}})
    client = app.test_client()
    october = published(client, OCTOBER)
    assert october["council_wide"]["published"] is False
    quarter = published(client, "2025-Q4")
    # The council less November and December would be October's one item: not published.
    assert quarter["council_wide"]["published"] is False
    assert published(client, "2025")["council_wide"]["published"] is False
    assert {
        frozenset(line["departments"]): line["published"] for line in quarter["departments"]
    } == {frozenset({"sheria", "maji"}): False}
    assert quarter["small_month"] == OCTOBER
    page = client.get("/matokeo?period=2025").text
    assert "Mwezi 2025-10 ulikuwa na malalamiko chini ya 5 kwa jumla" in page
    assert "Hazichapishwi: mwezi 2025-10 ulikuwa chini ya 5" in page
    # The months around it are published as before.
    assert published(client, NOVEMBER)["council_wide"]["received"] == 6


def test_the_rule_merges_in_a_period_what_any_month_or_quarter_in_it_merges() -> None:
    received: dict[str, dict[str | None, int]] = {
        "2025-10": {"maji": 6, "afya": 7, "sheria": 1},
        "2025-11": {"maji": 6, "afya": 7, "sheria": 5},
        "2025-12": {"maji": 6, "afya": 7, "sheria": 5},
        "2025-01": {"ardhi": 2, "afya": 9},
    }

    assert merged_groups(parse_period("2025-10"), received) == {"sheria", "maji"}
    assert merged_groups(parse_period("2025-11"), received) == set()
    assert merged_groups(parse_period("2025-Q4"), received) == {"sheria", "maji"}
    assert merged_groups(parse_period("2025-01"), received) == {"ardhi", "afya"}
    assert merged_groups(parse_period("2025-Q1"), received) == {"ardhi", "afya"}
    assert merged_groups(parse_period("2025"), received) == {"sheria", "maji", "ardhi", "afya"}


def test_whatever_the_counts_a_longer_period_shows_alone_only_what_each_month_shows_alone() -> None:
    """Random councils: a department a quarter or year shows on its own is shown on its own in
    every month it has items in, and "others" holds 0 or at least MIN_GROUP items of each
    month that publishes its council line."""
    chance = random.Random(26_7)
    year = parse_period("2025")
    for _ in range(300):
        groups = [None, *chance.sample(["maji", "afya", "sheria", "ardhi", "fedha"], 4)]
        received = {
            month.key: {group: chance.choice([0, 0, 1, 2, 4, 5, 6, 9]) for group in groups}
            for month in year.months()
        }
        for period in [year, *year.parts(), *(m for q in year.parts() for m in q.parts())]:
            merged = merged_groups(period, received)
            for month in period.months():
                items = received[month.key]
                alone = merged_groups(month, received)
                for group, n in items.items():
                    assert n == 0 or group in merged or group not in alone, (period, month)
                others = sum(items[group] for group in merged)
                if sum(items.values()) >= MIN_GROUP:
                    assert others == 0 or others >= MIN_GROUP, (period, month)
