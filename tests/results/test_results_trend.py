"""/matokeo's trend (issue 24): resolved within standard each month, for the council and for
each department published on its own, under the page's privacy rules, and no % anywhere from
fewer than 5 answers (satisfaction included): the count and why instead.

The last quarter of 2025, long over. Received per department and month (hand-computed):

| month   | maji                         | afya       | ardhi | published on its own |
|---------|------------------------------|------------|-------|----------------------|
| 2025-10 | 6: 3 in time, 3 not yet due  |            |       | maji                 |
| 2025-11 | 6: all in time               | 2: in time |       | none: maji joins afya (2 < 5) |
| 2025-12 | 6: 5 in time, 1 late; 2 of   | 5: in time | 3     | maji; afya joins ardhi (3 < 5) |
|         | them answered "satisfied"    |            |       |                      |

On December's page, maji's small chart gives October "3 kati ya 3 (chini ya 5)" (no %),
November nothing (it was merged then: its figures less November's "others" line would give
afya's two away) and December "83% (5 kati ya 6)".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from gateway.runtime import Gateway
from tests.console.console_factories import eat, make_item

NEVER = datetime(2099, 1, 1, tzinfo=UTC)


def settled(gateway: Gateway, department: str, received: datetime, **more: object) -> None:
    """One item received at `received`, resolved in time unless `more` says otherwise."""
    values: dict[str, object] = {
        "department": department,
        "status": "closed",
        "received_at": received,
        "acknowledge_due_at": received + timedelta(days=2),
        "acknowledged_at": received + timedelta(days=1),
        "acknowledge_days": 1.0,
        "answer_due_at": received + timedelta(days=10),
        "resolved_at": received + timedelta(days=5),
        "resolve_days": 4.0,
    }
    values.update(more)
    with gateway.sessions.begin() as session:
        make_item(session, **values)


@pytest.fixture()
def quarter(gateway: Gateway) -> None:
    """The table above, stored."""
    for n in range(6):
        day = eat(2025, 10, 2 + n)
        if n < 3:
            settled(gateway, "maji", day)
        else:  # owed an answer long after any page is read: not settled
            settled(gateway, "maji", day, status="acknowledged", resolved_at=None,
                    resolve_days=None, answer_due_at=NEVER)  # fmt: skip
    for n in range(6):
        settled(gateway, "maji", eat(2025, 11, 2 + n))
    for n in range(2):
        settled(gateway, "afya", eat(2025, 11, 10 + n))
    for n in range(6):
        day = eat(2025, 12, 2 + n)
        late = {"resolved_at": day + timedelta(days=20), "resolve_days": 14.0} if n == 5 else {}
        settled(gateway, "maji", day, satisfied=True if n < 2 else None, **late)
    for n in range(5):
        settled(gateway, "afya", eat(2025, 12, 10 + n))
    for n in range(3):
        settled(gateway, "ardhi", eat(2025, 12, 16 + n))


def words(html: str) -> str:
    """An element's text, its tags and extra spaces gone."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def rows(html: str) -> dict[str, str]:
    """A table's rows: each row's header (the month, the department) -> its cells' words."""
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        head = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if head and cells:
            found[words(head[1])] = " | ".join(words(cell) for cell in cells)
    return found


def section(page: str, id_: str) -> str:
    """The page's <section id=...>."""
    return page.split(f'id="{id_}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.usefixtures("quarter")
def test_a_department_s_trend_shows_only_the_months_it_was_published_on_its_own(
    client: FlaskClient,
) -> None:
    december = client.get("/matokeo.json?period=2025-12").get_json()
    assert [line["group"] for line in december["departments"]] == ["maji", "others"]
    november = client.get("/matokeo.json?period=2025-11").get_json()
    assert [line["group"] for line in november["departments"]] == ["others"]  # maji and afya

    page = client.get("/matokeo?period=2025-12").text
    charts = section(page, "departments-trend")
    # Only maji's: "others" is not one line month to month, and afya is never alone.
    assert re.findall(r'<figure class="multiple" data-group="([^"]+)">', charts) == ["maji"]
    assert "Kipindi hiki: 83% (5 kati ya 6)" in words(charts)
    maji = rows(charts)
    assert maji["Okt 2025"] == "3 kati ya 3 (chini ya 5)"
    assert maji["Nov 2025"] == "Haichapishwi (kundi dogo)"
    assert maji["Des 2025"] == "83% (5 kati ya 6)"
    assert maji["Sep 2025"] == "-"  # no items: nothing settled
    # The chart draws December's column only; October and November stand as dashes.
    columns = re.findall(r'<g class="month" data-month="([^"]+)">(.*?)</g>', charts, re.S)
    drawn = [month for month, svg in columns if "<rect" in svg]
    assert drawn == ["2025-12"]
    # The council's months, with the count beside every %.
    council = rows(section(page, "trend"))
    assert council["Okt 2025"] == "3 kati ya 3 (chini ya 5) | 6"
    assert council["Nov 2025"] == "100% (8 kati ya 8) | 8"
    assert council["Des 2025"] == "93% (13 kati ya 14) | 14"

    # November's own page publishes no department alone, so it draws no department's chart.
    assert 'id="departments-trend"' not in client.get("/matokeo?period=2025-11").text


@pytest.mark.usefixtures("quarter")
def test_no_percentage_from_fewer_than_5_answers_satisfaction_included(
    client: FlaskClient,
) -> None:
    page = client.get("/matokeo?period=2025-12").text
    # Two answered "satisfied", both yes: not "100%", the count and why.
    summary = page.split('id="summary"', 1)[1].split('id="by-department"', 1)[0]
    assert 'id="satisfied-pct">-<' in summary
    assert "2 kati ya majibu 2" not in summary
    assert "2 kati ya 2: chini ya 5, hivyo hakuna asilimia" in summary
    departments = rows(section(page, "by-department"))
    maji = departments["Maji"].split(" | ")
    assert maji[0] == "83% (5 kati ya 6)"  # resolved within standard comes first
    assert maji[4] == "2 kati ya 2 (chini ya 5)"  # satisfied
    # Every % on the page's tables and figures has its count beside it, from 5 or more.
    cells = re.findall(r'<td[^>]*>(.*?)</td>|<span class="of">(.*?)</span>', page, re.S)
    shares = [words(a or b) for a, b in cells]
    assert "100%" not in " ".join(share for share in shares if "2 kati ya 2" in share)
    for share in shares:
        for count in re.findall(r"\d+% \((\d+) kati ya (\d+)\)", share):
            assert int(count[1]) >= 5, share
        assert not re.search(r"\d%(?! \(\d+ kati ya \d+\))", share), share

    english = client.get("/matokeo?period=2025-12&lang=en")
    assert "83% (5 of 6)" in words(english.text)
    assert "2 of 2 (under 5)" in words(english.text)
