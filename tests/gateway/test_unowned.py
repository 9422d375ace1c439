"""Nobody's items: an officer registered (or re-enabled) by the CLI takes the open items the
routing rule now gives them and is told in one SMS; a daily job routes whatever is still
unowned and tells the desk; two officers registered at once never take the same item."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask.testing import FlaskCliRunner

from gateway.casework.intake import NewItem, file_item
from gateway.casework.unowned import catch_unowned, claim_unowned
from gateway.ops.scheduler import jobs
from gateway.people.officers import NewOfficer, add_officer
from gateway.runtime import Gateway
from tests.conftest import is_postgres, sql
from tests.gateway.test_charter_engine import DESK, PIN, WATER_OFFICER, to
from tests.gateway.test_ussd_webhook import WEDNESDAY
from tests.gateway.test_ward_officers import WEO_IWAWA, register
from words import notices

SECOND_WATER_OFFICER = "+255713000021"


def file(gateway: Gateway, department: str = "maji", days_ago: int = 0) -> str:
    """An item filed `days_ago` days before Wednesday; its reference."""
    with gateway.sessions.begin() as session:
        item = NewItem("lalamiko", department, "Iwawa", "Bomba limevunjika", None, True, "sw",
                       "ussd", None)  # fmt: skip
        return file_item(session, gateway, item, WEDNESDAY - timedelta(days=days_ago)).reference


def owners(gateway: Gateway) -> dict[str, str | None]:
    """Each item's reference and its officer's phone (None: nobody)."""
    rows = sql(
        gateway.engine,
        "SELECT c.reference, o.phone FROM complaints c LEFT JOIN officers o ON o.id = c.officer_id",
    )
    return {str(reference): (str(phone) if phone else None) for reference, phone in rows}


def add(runner: FlaskCliRunner, phone: str, *role: str) -> str:
    return register(runner, "--name", "Afisa", "--phone", phone, "--role", *role)


def test_an_officer_registered_later_takes_the_items_nobody_had_and_is_told_once(
    runner: FlaskCliRunner, gateway: Gateway
) -> None:
    newest = file(gateway)
    oldest = file(gateway, days_ago=10)
    middle = file(gateway, days_ago=5)
    health = file(gateway, department="afya")
    assert set(owners(gateway).values()) == {None}  # nobody was registered
    output = add(runner, WATER_OFFICER, "officer", "--department", "maji")
    assert "3 item(s) that had no officer are now theirs" in output
    assert owners(gateway) == {
        oldest: WATER_OFFICER, middle: WATER_OFFICER, newest: WATER_OFFICER, health: None
    }  # fmt: skip
    [(purpose, told)] = to(gateway, WATER_OFFICER)
    assert purpose == "officer_unowned"
    assert told == notices.officer_unowned("sw", "Makete DC", 3, [oldest, middle, newest])
    # The record says who took them, and why.
    rows = sql(gateway.engine, "SELECT detail FROM complaint_events WHERE kind = 'routed'")
    assert sum("unowned" in str(detail) for (detail,) in rows) == 3
    # A WEO is told of new items, but answers only what the charter gives the ward: none here.
    assert "item(s)" not in add(runner, WEO_IWAWA, "weo", "--ward", "Iwawa")
    # The desk takes what no department officer covers.
    assert "1 item(s)" in add(runner, DESK, "desk")
    assert owners(gateway)[health] == DESK


def test_a_disabled_officers_items_go_to_the_officer_re_enabled(
    runner: FlaskCliRunner, gateway: Gateway
) -> None:
    add(runner, WATER_OFFICER, "officer", "--department", "maji")
    assert runner.invoke(args=["officers", "disable", WATER_OFFICER]).exit_code == 0
    reference = file(gateway)  # filed while nobody covers Maji
    assert owners(gateway)[reference] is None
    result = runner.invoke(args=["officers", "enable", "0713 000 001"])
    assert result.exit_code == 0, result.output
    assert "enabled" in result.output and "1 item(s)" in result.output
    assert owners(gateway)[reference] == WATER_OFFICER
    assert to(gateway, WATER_OFFICER)[-1][0] == "officer_unowned"
    assert "no officer has phone" in runner.invoke(args=["officers", "enable", "0713999999"]).output


def test_the_daily_job_routes_what_is_still_unowned_and_tells_the_desk(
    runner: FlaskCliRunner, gateway: Gateway
) -> None:
    assert route_unowned_job() in [job for job, _ in jobs(gateway)]
    add(runner, DESK, "desk")
    add(runner, WATER_OFFICER, "officer", "--department", "maji")
    reference = file(gateway)
    add(runner, SECOND_WATER_OFFICER, "officer", "--department", "maji")
    assert owners(gateway)[reference] == WATER_OFFICER  # owned: the second takes nothing
    runner.invoke(args=["officers", "disable", WATER_OFFICER])
    assert catch_unowned(gateway, WEDNESDAY + timedelta(days=1)) == 1
    assert owners(gateway)[reference] == SECOND_WATER_OFFICER
    assert to(gateway, SECOND_WATER_OFFICER)[-1][0] == "officer_unowned"
    assert to(gateway, DESK)[-1][1] == notices.officer_unowned_caught(
        "sw", "Makete DC", 1, [reference]
    )
    # The next day there is nothing to catch, and nobody is told again.
    sent = len(to(gateway, DESK))
    assert catch_unowned(gateway, WEDNESDAY + timedelta(days=2)) == 0
    assert len(to(gateway, DESK)) == sent


def route_unowned_job() -> object:
    from gateway.ops.scheduler import route_unowned_items

    return route_unowned_items


def test_two_officers_registered_at_once_never_take_the_same_item(
    gateway: Gateway, database_url: str
) -> None:
    if not is_postgres(database_url):
        pytest.skip("the race needs PostgreSQL's concurrent writers")
    references = [file(gateway) for _ in range(30)]
    barrier = threading.Barrier(4)
    taken: list[int] = [0] * 4

    def register_one(index: int) -> None:
        new = NewOfficer(f"Afisa {index}", f"+25571300010{index}", "officer", PIN, "maji")
        with gateway.sessions.begin() as session:
            officer = add_officer(session, gateway.charter, new, WEDNESDAY)
            barrier.wait()
            taken[index] = claim_unowned(session, gateway, officer, WEDNESDAY)

    threads = [threading.Thread(target=register_one, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(taken) == len(references)  # every item taken exactly once
    assert None not in owners(gateway).values()
    details = sql(gateway.engine, "SELECT detail FROM complaint_events WHERE kind = 'routed'")
    assert sum("unowned" in str(detail) for (detail,) in details) == len(references)
    told = sql(gateway.engine, "SELECT count(*) FROM outbox WHERE purpose = 'officer_unowned'")
    assert told == [(sum(1 for n in taken if n),)]
