"""The charter's results in public (/matokeo, .csv, .json): no login, no script, the report's
figures, and no group small enough to single anyone out."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import expect, sync_playwright

from gateway.reporting.periods import last_month, local_today
from gateway.runtime import Gateway
from tests.browser import CHROMIUM, CHROMIUM_FLAGS, FITS_THE_SCREEN, serving
from tests.console.console_factories import make_item

NAME = "Baraka Mbilinyi"
SECRET_WORDS = "Bomba la siri karibu na nyumba ya mwalimu"


def fill(gateway: Gateway, sizes: dict[str, int]) -> list[str]:
    """Items received last month, settled, each with a phone, a name and a description."""
    start, _ = last_month(local_today(datetime.now(UTC))).bounds()
    references = []
    with gateway.sessions.begin() as session:
        for d, (department, count) in enumerate(sizes.items()):
            for n in range(count):
                received = start + timedelta(days=1 + n, hours=d)
                item = make_item(
                    session,
                    department=department,
                    phone=f"+25575422{d:02d}{n:02d}",
                    citizen_name=NAME,
                    description=f"{SECRET_WORDS}, piga 0754 22{d:02d} {n:02d}",
                    status="closed",
                    received_at=received,
                    acknowledge_due_at=received + timedelta(days=2),
                    acknowledged_at=received + timedelta(days=1),
                    acknowledge_days=1.0,
                    answer_due_at=received + timedelta(days=10),
                    resolved_at=received + timedelta(days=3 + n),
                    resolve_days=float(2 + n),
                    satisfied=n % 2 == 0,
                )
                references.append(item.reference)
    return references


def phones_of(references: list[str], sizes: dict[str, int]) -> list[str]:
    """Every spelling of every phone the items came from."""
    spelled = []
    for d, count in enumerate(sizes.values()):
        for n in range(count):
            local = f"75422{d:02d}{n:02d}"
            spelled += [f"+255{local}", f"0{local}", local, f"0754 22{d:02d} {n:02d}"]
    return spelled


def assert_private(body: str, references: list[str], sizes: dict[str, int]) -> None:
    """No reference, phone, name or description in what the public gets."""
    for secret in [*references, *phones_of(references, sizes), NAME, "Bomba la siri"]:
        assert secret not in body, secret


SIZES = {"maji": 6, "afya": 5, "ardhi": 3, "fedha": 2}


@pytest.fixture()
def public(app: Flask, gateway: Gateway) -> Iterator[tuple[FlaskClient, list[str]]]:
    """No one logged in; last month holds SIZES items per department."""
    yield app.test_client(), fill(gateway, SIZES)


def test_a_department_with_3_items_is_merged_and_nothing_personal_is_published_in_a_browser(
    app: Flask, gateway: Gateway
) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    references = fill(gateway, SIZES)
    with serving(app) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        context = browser.new_context(
            viewport={"width": 360, "height": 800}, java_script_enabled=False
        )
        page = context.new_page()
        page.goto(f"{base}/matokeo")  # no login: the public page
        rows = page.locator("#by-department tbody tr")
        expect(rows).to_have_count(3)
        assert [rows.nth(i).get_attribute("data-group") for i in range(3)] == [
            "maji",
            "afya",
            "others",
        ]
        others = page.locator('tr[data-group="others"]')
        expect(others).to_contain_text("Ardhi, Maliasili na Utalii")
        expect(others).to_contain_text("Fedha na Biashara")
        expect(others.locator("td.received")).to_have_text("5")  # 3 + 2, never 3 alone
        expect(page.locator("#received")).to_have_text("16")
        expect(page.locator("#licence")).to_contain_text("CC BY 4.0")
        assert page.evaluate(FITS_THE_SCREEN)
        assert_private(page.content(), references, SIZES)
        for data in ("csv", "json"):
            answer = page.request.get(base + (page.locator(f"#{data}").get_attribute("href") or ""))
            assert answer.status == 200
            assert_private(answer.text(), references, SIZES)
        browser.close()


def test_the_figures_as_json_and_csv(public: tuple[FlaskClient, list[str]]) -> None:
    client, references = public
    period = last_month(local_today(datetime.now(UTC))).key
    data = client.get("/matokeo.json").get_json()
    assert data["period"] == period and data["smallest_group"] == 5
    assert data["licence"]["name"] == "CC BY 4.0"
    council = data["council_wide"]
    assert council["published"] is True
    assert council["received"] == 16
    assert council["acknowledged_within_standard_pct"] == 100.0
    assert council["resolved_within_standard_pct"] == 100.0
    assert council["satisfied_pct"] == 56.2  # 9 of 16 answered 1
    groups = {line["group"]: line for line in data["departments"]}
    assert set(groups) == {"maji", "afya", "others"}
    assert groups["others"]["departments"] == ["ardhi", "fedha"]
    assert groups["others"]["received"] == 5
    assert groups["others"]["median_working_days_to_resolve"] == 3.0  # of 2 3 4 and 2 3
    assert groups["maji"]["median_working_days_to_resolve"] == 4.5  # of 2 3 4 5 6 7
    assert [m["received"] for m in data["trend"]][-1] == 16
    assert len(data["trend"]) == 12

    rows = list(csv.reader(io.StringIO(client.get("/matokeo.csv").text)))
    assert rows[0][:5] == ["period", "breakdown", "group", "name", "received"]
    assert rows[1][:5] == [period, "council", "council", "Halmashauri nzima", "16"]
    assert [row[2] for row in rows[2:5]] == ["maji", "afya", "others"]
    assert rows[4][3] == "Idara nyingine: Ardhi, Maliasili na Utalii, Fedha na Biashara"
    assert [row[1] for row in rows[5:]] == ["month"] * 12
    assert {row[-1] for row in rows[1:]} == {"CC BY 4.0"}
    json.dumps(data)  # plain data all through


def test_small_departments_together_under_5_take_in_the_smallest_other(
    app: Flask, gateway: Gateway
) -> None:
    fill(gateway, {"maji": 7, "afya": 5, "ardhi": 3})
    data = app.test_client().get("/matokeo.json").get_json()
    groups = {line["group"]: line for line in data["departments"]}
    assert set(groups) == {"maji", "others"}
    assert groups["others"]["departments"] == ["afya", "ardhi"]
    assert groups["others"]["received"] == 8


def test_fewer_than_5_items_in_all_publish_no_figures(app: Flask, gateway: Gateway) -> None:
    references = fill(gateway, {"maji": 2, "afya": 2})
    client = app.test_client()
    data = client.get("/matokeo.json").get_json()
    assert data["council_wide"]["published"] is False
    assert data["council_wide"]["received"] is None
    assert [line["published"] for line in data["departments"]] == [False]
    assert data["trend"][-1] == {
        "month": data["period"],
        "received": 4,
        "resolved_within_standard_pct": None,  # a % of 4 items would point at people
    }
    page = client.get("/matokeo").text
    assert "Chini ya 5: takwimu hazichapishwi" in page
    assert_private(page, references, {"maji": 2, "afya": 2})


def test_the_page_needs_no_login_no_script_and_loads_nothing_from_outside(
    public: tuple[FlaskClient, list[str]],
) -> None:
    client, _ = public
    response = client.get("/matokeo")
    assert response.status_code == 200
    page = response.text
    assert "<script" not in page
    assert 'src="http' not in page and 'href="//' not in page
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"].startswith("public")
    assert "Taarifa ya matokeo" in page and "CC BY 4.0" in page
    client.get("/console/lang/en")  # the console's language is the console's alone
    assert "Taarifa ya matokeo" in client.get("/matokeo").text
    assert "Our results" in client.get("/matokeo?lang=en").text


@pytest.mark.parametrize("path", ["/matokeo.json?period=2026-13", "/matokeo.csv?period=soon"])
def test_a_bad_period_in_the_data_is_a_400_that_says_why(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert "2026-Q4" in response.text


def test_a_period_not_begun_says_so(client: FlaskClient) -> None:
    page = client.get("/matokeo?period=2999").text
    assert "Kipindi hiki bado hakijaanza: hakuna takwimu." in page
    assert 'id="by-department"' not in page
