"""The queue as each officer's worklist, through the real console (login, pages, the real
services making the items' histories): each role's default tab and its counts, the next step in
words, escalations apart from citizens' appeals, a late date in words, search by words, and
pages to jump between."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import time_machine
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.casework.actions import act
from gateway.casework.appeals import escalate_to_ded, open_appeal
from gateway.casework.unowned import unowned
from gateway.casework.worklist import facts, next_action, verdict_of, waits_on, waits_on_officer
from gateway.runtime import Gateway
from gateway.web.console.items import available_actions
from gateway.web.texts import TEXTS
from store.models import Complaint, ExtensionRequest, Officer
from tests.console.console_factories import (
    DED,
    DESK,
    HEALTH_OFFICER,
    WATER_HEAD,
    WATER_OFFICER,
    add_officers,
    eat,
    log_in,
    make_item,
)

SW, EN = TEXTS["sw"], TEXTS["en"]
NOW = eat(2026, 12, 7, 10)  # a Monday morning
DAY = timedelta(days=1)
ROW = re.compile(r'<tr class="item[^"]*"[^>]*data-step="([^"]*)">(.*?)</tr>', re.S)
TAB = re.compile(r'<a id="tab-(\w+)" [^>]*?(aria-current="page")?>[^<]*<span class="count">(\d+)<')


@dataclass(frozen=True)
class Row:
    """One row of the queue as an officer reads it."""

    reference: str
    step: str  # the step's key (data-step)
    text: str  # every word of the row, tags taken out


def rows(page: str) -> dict[str, Row]:
    """The queue's rows by reference, in their order."""
    found = {}
    for step, cells in ROW.findall(page):
        reference = re.search(r'class="ref" href="/console/items/(\d+)"', cells)
        assert reference, cells
        words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cells)).split())
        found[reference.group(1)] = Row(reference.group(1), step, words)
    return found


def tabs(page: str) -> tuple[str, dict[str, int]]:
    """The tab shown, and each tab's count."""
    found = TAB.findall(page)
    assert [name for name, _, _ in found] == ["mine", "citizen", "others", "all"], found
    current = [name for name, shown, _ in found if shown]
    assert len(current) == 1, found
    return current[0], {name: int(count) for name, _, count in found}


def the_queue(client: FlaskClient, phone: str, at: datetime = NOW, **args: str) -> str:
    """The queue page of the officer with this phone, as at `at`."""
    with time_machine.travel(at, tick=False):
        log_in(client, phone)
        response = client.get("/console/", query_string=args)
    assert response.status_code == 200
    return response.text


@pytest.fixture()
def council(gateway: Gateway) -> dict[str, str]:
    """Items at every stage, made by the real services where a service makes them; their
    references by name."""
    with gateway.sessions.begin() as session:
        officers = add_officers(session, gateway, NOW - 90 * DAY)
        water, head, ded = officers["water"], officers["head"], officers["ded"]

        def item(**fields: object) -> Complaint:
            values: dict[str, object] = {
                "received_at": NOW - 3 * DAY,
                "acknowledge_due_at": NOW - DAY,
                "answer_due_at": NOW + 8 * DAY,
                "officer_id": water.id,
                "phone": "+255754123456",
            }
            return make_item(session, **{**values, **fields})

        acknowledged = {"status": "acknowledged", "acknowledged_at": NOW - 2 * DAY}
        made = {
            "new": item(answer_due_at=NOW + 2 * DAY),
            "acknowledged": item(**acknowledged),
            "waiting": item(status="waiting", paused_at=NOW - DAY, acknowledged_at=NOW - 2 * DAY),
            "extension": item(**acknowledged),
            "head_extension": item(officer_id=head.id, **acknowledged),
            "appeal": item(**{**acknowledged, "status": "resolved", "resolved_at": NOW - 4 * DAY}),
            "escalation": item(answer_due_at=NOW - 6 * DAY, **acknowledged),
            "decided": item(**{**acknowledged, "status": "resolved", "resolved_at": NOW - 9 * DAY}),
            "unrouted": item(department=None, officer_id=None),
            "nobody": item(department="afya", officer_id=None),
            "call_back": item(kind="simu"),
            "meeting": item(kind="miadi"),
            "health": item(department="afya", officer_id=officers["health"].id),
        }
        earlier = NOW - DAY
        act(session, gateway, water, made["extension"], "extend", earlier, text="Vifaa", days=5)
        act(session, gateway, head, made["head_extension"], "extend", earlier, text="Fundi", days=3)
        open_appeal(session, gateway, made["appeal"], "Bado maji hayatoki", "sms", earlier)
        escalate_to_ded(session, gateway, made["escalation"], earlier)
        open_appeal(session, gateway, made["decided"], "Hakuna kilichofanyika", "sms", earlier)
        act(session, gateway, ded, made["decided"], "decide", earlier, text="Fundi aende kesho")
    return {name: complaint.reference for name, complaint in made.items()}


# Who sees what first: each role's own tab, with every tab's count.
DEFAULTS = {
    WATER_OFFICER: (
        {"new", "acknowledged", "decided", "call_back", "meeting"},
        {"mine": 5, "citizen": 1, "others": 4, "all": 10},
    ),
    WATER_HEAD: ({"extension", "decided"}, {"mine": 2, "citizen": 1, "others": 7, "all": 10}),
    DED: (
        {"appeal", "escalation", "head_extension"},
        {"mine": 3, "citizen": 1, "others": 9, "all": 13},
    ),
    DESK: ({"unrouted", "nobody"}, {"mine": 2, "citizen": 1, "others": 10, "all": 13}),
    HEALTH_OFFICER: ({"health"}, {"mine": 1, "citizen": 0, "others": 1, "all": 2}),
}


@pytest.mark.parametrize("phone", list(DEFAULTS))
def test_each_role_first_sees_what_waits_on_them_with_every_tabs_count(
    client: FlaskClient, council: dict[str, str], phone: str
) -> None:
    expected, counts = DEFAULTS[phone]
    page = the_queue(client, phone)
    assert tabs(page) == ("mine", counts)
    assert set(rows(page)) == {council[name] for name in expected}
    # Each tab lists what its count says, and "all" everything the officer may see.
    for tab, count in counts.items():
        listed = the_queue(client, phone, tab=tab)
        assert tabs(listed) == (tab, counts)
        assert len(rows(listed)) == count, tab


def test_the_next_step_is_said_in_words_with_who_takes_it(
    client: FlaskClient, council: dict[str, str]
) -> None:
    everything = rows(the_queue(client, DESK, tab="all"))
    said = {name: everything[reference] for name, reference in council.items()}
    for name, step, who in (
        ("new", "step_acknowledge", "Asha Mwakyusa"),
        ("acknowledged", "step_answer", "Asha Mwakyusa"),
        ("waiting", "step_citizen", None),
        ("extension", "step_approve_extension", "mkuu wa idara ya Maji"),
        ("head_extension", "step_approve_extension", "Mkurugenzi Mtendaji"),
        ("appeal", "step_decide_appeal", "Mkurugenzi Mtendaji"),
        ("escalation", "step_decide_escalation", "Mkurugenzi Mtendaji"),
        ("decided", "step_carry_out", "idara ya Maji"),
        ("unrouted", "step_route", "wewe"),
        ("nobody", "step_acknowledge", "wewe"),
        ("call_back", "step_call_back", "Asha Mwakyusa"),
        ("meeting", "step_set_meeting", "Asha Mwakyusa"),
    ):
        assert SW[step] in said[name].text, name
        if who:
            assert f"· {who}" in said[name].text, name
    # An escalation reads apart from a citizen's appeal, in the status too.
    assert SW["status_escalated"] in said["escalation"].text
    assert SW["status_escalated"] not in said["appeal"].text
    assert SW["status_appealed"] in said["appeal"].text
    # In English too.
    with time_machine.travel(NOW, tick=False):
        client.get("/console/lang/en")
        english = rows(client.get("/console/", query_string={"tab": "all"}).text)
    assert EN["step_decide_escalation"] in english[council["escalation"]].text
    assert EN["step_carry_out"] in english[council["decided"]].text


def test_every_item_on_an_officers_own_tab_is_one_they_may_act_on(
    gateway: Gateway, council: dict[str, str]
) -> None:
    with gateway.sessions() as session:
        officers = session.scalars(select(Officer)).all()
        seen = set()
        for officer in officers:
            joined, item = facts()
            own = session.execute(
                select(Complaint, next_action(item))
                .select_from(joined)
                .where(waits_on_officer(officer, verdict_of(item)))
            ).all()
            for complaint, action in own:
                pending = session.scalar(
                    select(ExtensionRequest.id).where(
                        ExtensionRequest.complaint_id == complaint.id,
                        ExtensionRequest.status == "pending",
                    )
                )
                actions = available_actions(officer, complaint, pending is not None)
                assert action in actions, (officer.role, complaint.reference, action, actions)
                seen.add(complaint.reference)
    # Everything open waits on someone, but what waits on the citizen.
    assert seen == set(council.values()) - {council["waiting"]}


def test_nobodys_items_wait_on_the_desk_exactly_as_the_daily_job_finds_them(
    gateway: Gateway, council: dict[str, str]
) -> None:
    with gateway.sessions.begin() as session:  # the health officer left: their item is nobody's
        health = session.scalar(select(Officer).where(Officer.phone == HEALTH_OFFICER))
        assert health is not None
        health.active = False
    owners_steps = ("acknowledge", "resolve", "call", "appoint")  # the item's own officer's
    with gateway.sessions() as session:
        joined, item = facts()
        desk = set(
            session.scalars(
                select(Complaint.reference)
                .select_from(joined)
                .where(waits_on(item) == "desk", next_action(item).in_(owners_steps))
            )
        )
        unowned_now = set(
            session.scalars(
                select(Complaint.reference)
                .select_from(joined)
                .where(unowned(), next_action(item).in_(owners_steps))
            )
        )
    assert desk == unowned_now == {council["nobody"], council["health"]}


def test_a_late_item_says_since_when_in_red_never_zero_days_left(
    client: FlaskClient, gateway: Gateway
) -> None:
    with gateway.sessions.begin() as session:
        officers = add_officers(session, gateway, NOW - 90 * DAY)
        mine = {"officer_id": officers["water"].id, "received_at": NOW - 20 * DAY}
        friday = make_item(session, answer_due_at=eat(2026, 12, 4, 15, 30), **mine)
        last_year = make_item(session, answer_due_at=eat(2025, 12, 30, 15, 30), **mine)
        coming = make_item(session, answer_due_at=eat(2026, 12, 10, 15, 30), **mine)
    page = the_queue(client, WATER_OFFICER)
    shown = rows(page)
    assert "imechelewa tangu Ijumaa 04/12" in shown[friday.reference].text
    assert '<span class="late">imechelewa tangu Ijumaa 04/12</span>' in page
    assert "imechelewa tangu Jumanne 30/12/2025" in shown[last_year.reference].text
    assert "siku 0" not in page and "zimepita" not in page
    # Monday 10:00 to Thursday's close, 9 December (Uhuru) a holiday: 2.7 working days.
    assert "10/12/2026 siku 3 za kazi zimebaki" in shown[coming.reference].text
    with time_machine.travel(NOW, tick=False):
        client.get("/console/lang/en")
        english = client.get("/console/").text
    assert '<span class="late">late since Fri 04/12</span>' in english
    # Friday after the office closed, due at Monday's opening: no working day left, not late.
    client.get("/console/lang/sw")
    with gateway.sessions.begin() as session:
        opening = make_item(session, answer_due_at=eat(2026, 12, 7, 7, 30), **mine)
    friday_evening = rows(the_queue(client, WATER_OFFICER, at=eat(2026, 12, 4, 17)))
    assert SW["days_left_zero"] in friday_evening[opening.reference].text
    assert "siku 0" not in friday_evening[opening.reference].text


@pytest.fixture()
def words(gateway: Gateway) -> dict[str, str]:
    """Items to find by their words; one anonymous, one with an officer's reply."""
    with gateway.sessions.begin() as session:
        officers = add_officers(session, gateway, NOW - 90 * DAY)
        water = officers["water"].id
        dated = {"received_at": NOW - DAY, "answer_due_at": NOW + 5 * DAY}
        found = {
            "pipe": make_item(
                session,
                **dated,
                description="Bomba la maji limevunjika karibu na soko",
                citizen_name="Baraka Mbilinyi",
                phone="+255754123456",
                officer_id=water,
            ),
            "clinic": make_item(
                session,
                **dated,
                department="afya",
                description="Zahanati haina dawa tangu wiki mbili, mpigie 0754 999 888 jioni",
                anonymous=True,
                phone="+255754999888",
            ),
            "road": make_item(session, **dated, description="Barabara ya Mang'oto imeharibika"),
            "lights": make_item(session, **dated, description="Taa za barabarani hazifanyi kazi"),
        }
        # An officer's reply, through the real service: its words are found too.
        act(session, gateway, officers["water"], found["lights"], "reply", NOW,
            text="Fundi wa TANESCO ameitwa")  # fmt: skip
    return {name: complaint.reference for name, complaint in found.items()}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("bomba", {"pipe"}),
        ("Bomb", {"pipe"}),  # the beginning of a word, in any case
        ("BOMBA maji", {"pipe"}),  # every word
        ("bomba zahanati", set()),
        ("mbilinyi", {"pipe"}),  # the citizen's name
        ("mang'oto", {"road"}),
        ("oto", {"road"}),
        ("barabara", {"road", "lights"}),
        ("tanesco", {"lights"}),  # an officer's reply
        ("fundi ameitwa", {"lights"}),
        ("zahanati", {"clinic"}),
        ("0754 999 888", set()),  # numbers in an anonymous citizen's words are never searched
        ("mpigie 0754", set()),
    ],
)
def test_the_desk_finds_items_by_any_of_their_words(
    client: FlaskClient, words: dict[str, str], typed: str, expected: set[str]
) -> None:
    page = the_queue(client, DESK, q=typed)
    assert set(rows(page)) == {words[name] for name in expected}
    # A search looks through everything the officer may see, whatever waits on whom.
    assert tabs(page)[0] == "all"


def test_an_anonymous_items_first_words_show_with_its_numbers_hidden(
    client: FlaskClient, words: dict[str, str]
) -> None:
    page = the_queue(client, DESK, q="zahanati")
    clinic = rows(page)[words["clinic"]]
    assert "Zahanati haina dawa tangu wiki mbili, mpigie *** jioni" in clinic.text
    # The number is hidden wherever it might show, however written (the
    # reference is random and may itself hold "999", so look for the number).
    for written in ("0754 999 888", "999 888", "754999888"):
        assert written not in page
    assert "0754" not in clinic.text
    pipe = rows(the_queue(client, DESK, q="bomba"))[words["pipe"]]
    assert "Bomba la maji limevunjika karibu na soko" in pipe.text


def test_an_officers_search_stays_within_what_they_may_see(
    client: FlaskClient, words: dict[str, str]
) -> None:
    assert rows(the_queue(client, WATER_OFFICER, q="zahanati")) == {}
    assert set(rows(the_queue(client, WATER_OFFICER, q="bomba"))) == {words["pipe"]}
    # Within a tab when one is chosen: the pipe is the water officer's own.
    assert set(rows(the_queue(client, WATER_OFFICER, q="bomba", tab="mine"))) == {words["pipe"]}
    assert rows(the_queue(client, WATER_OFFICER, q="bomba", tab="others")) == {}


def test_pages_jump_to_the_first_the_last_and_any(client: FlaskClient, gateway: Gateway) -> None:
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, NOW - 90 * DAY)
        made = [
            make_item(
                session,
                officer_id=None,  # nobody's: the desk's own
                received_at=NOW - DAY,
                answer_due_at=NOW + timedelta(hours=index + 1),
            ).reference
            for index in range(560)
        ]
    first = the_queue(client, DESK)
    assert tabs(first) == ("mine", {"mine": 560, "citizen": 0, "others": 0, "all": 560})
    assert list(rows(first)) == made[:50]  # the nearest deadline first
    assert 'href="/console/?page=12" id="page-last"' in first
    assert SW["page_of"].format(page=1, pages=12) in first
    middle = the_queue(client, DESK, page="6")
    assert list(rows(middle)) == made[250:300]
    numbers = re.findall(r'aria-label="Ukurasa (\d+)"', middle)
    assert numbers == ["1", "4", "5", "6", "7", "8", "12"]
    assert 'aria-label="Ukurasa 6" aria-current="page"' in middle
    assert 'id="page-first"' in middle and 'rel="prev"' in middle and 'rel="next"' in middle
    assert 'name="page" type="number" min="1" max="12" value="6"' in middle  # any page by number
    last = the_queue(client, DESK, page="12")
    assert list(rows(last)) == made[550:]
    assert 'id="page-last"' not in last and 'rel="next"' not in last
    assert list(rows(the_queue(client, DESK, page="99"))) == made[550:]  # past the end: the last
    assert list(rows(the_queue(client, DESK, page="x"))) == made[:50]
