"""The worklist in a real headless Chromium, at a desk's width and a phone's: the DED first sees
the appeal waiting on them, the water officer what waits on him, and a word of a description
finds its item; every view fits the screen and is axe-clean."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect, sync_playwright

from gateway.casework.actions import act
from gateway.casework.appeals import open_appeal
from gateway.casework.intake import NewItem, file_item
from gateway.messaging.providers.fake import FakeProvider
from gateway.runtime import Gateway
from gateway.web.texts import TEXTS
from store.models import Complaint
from tests.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    FITS_THE_SCREEN,
    WIDTHS,
    serious_violations,
    serving,
)
from tests.console.console_factories import DED, PASSWORD, WATER_OFFICER, add_officers

SW = TEXTS["sw"]
SHOTS = os.environ.get("SCREENSHOTS")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)


@pytest.fixture()
def served(make_app: Callable[..., Flask]) -> Iterator[tuple[str, dict[str, str]]]:
    """The gateway serving three water complaints filed as citizens file them, one of them
    answered and appealed by its citizen; their references."""
    app = make_app(SMS_PROVIDER=FakeProvider())
    gateway: Gateway = app.extensions["gateway"]
    now = datetime.now(UTC)
    earlier = now - timedelta(hours=2)
    found = {}
    with gateway.sessions.begin() as session:
        officers = add_officers(session, gateway, earlier)
        for key, text, anonymous in (
            ("pipe", "Bomba la maji limevunjika karibu na soko la Iwawa", False),
            ("dirty", "Maji ni machafu kijijini Ikuwo, mpigie 0754 999 888", True),
            ("appeal", "Tangi la maji la shule limevuja tangu mwezi uliopita", False),
        ):
            filed = file_item(
                session,
                gateway,
                NewItem("lalamiko", "maji", "Iwawa", text, None, anonymous, "sw", "ussd",
                        "+255754999888" if anonymous else "+255754123456"),
                earlier,
            )  # fmt: skip
            found[key] = filed.reference
        appealed = session.query(Complaint).filter_by(reference=found["appeal"]).one()
        act(session, gateway, officers["water"], appealed, "resolve", earlier, text="Limezibwa")
        open_appeal(session, gateway, appealed, "Bado linavuja", "sms", now - timedelta(hours=1))
    with serving(app) as base:
        yield base, found


def log_in(page: Page, base: str, phone: str) -> None:
    """Through the login form, by keyboard."""
    page.goto(f"{base}/console/login")
    page.get_by_label(SW["phone"]).fill(phone)
    page.get_by_label(SW["password"]).fill(PASSWORD)
    page.get_by_label(SW["password"]).press("Enter")
    expect(page.get_by_role("heading", name=SW["queue_title"])).to_be_visible()


def tab(page: Page, key: str) -> object:
    """A worklist tab's link, by its words."""
    return page.get_by_role("navigation", name=SW["tabs_label"]).get_by_role(
        "link", name=re.compile(re.escape(SW[key]))
    )


def looked_at(page: Page, name: str, width: int) -> None:
    assert page.evaluate(FITS_THE_SCREEN), f"{name} is wider than {width} px"
    assert serious_violations(page) == [], name
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_each_officer_sees_their_work_first_and_finds_an_item_by_a_word(
    served: tuple[str, dict[str, str]], width: int
) -> None:
    base, items = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            # The DED: the citizen's appeal first, with what to do about it.
            log_in(page, base, DED)
            mine = tab(page, "tab_mine")
            expect(mine).to_have_attribute("aria-current", "page")
            expect(mine).to_contain_text("1")
            rows = page.locator("tr.item")
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text(items["appeal"])
            expect(rows.first).to_contain_text(SW["step_decide_appeal"])
            expect(rows.first).to_contain_text("Tangi la maji la shule limevuja")
            looked_at(page, "worklist-ded", width)
            # Everything they may see, by the keyboard.
            tab(page, "tab_all").focus()
            page.keyboard.press("Enter")
            expect(tab(page, "tab_all")).to_have_attribute("aria-current", "page")
            expect(rows).to_have_count(3)
            # A word's beginning finds the item; an anonymous citizen's number stays hidden.
            search = page.get_by_label(SW["search"])
            search.fill("bomb")
            search.press("Enter")
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text("Bomba la maji limevunjika karibu na soko")
            search = page.get_by_label(SW["search"])
            search.fill("machafu")
            search.press("Enter")
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text("Maji ni machafu kijijini Ikuwo, mpigie ***")
            # (the reference is random and may hold "999": look for the number)
            for written in ("0754 999 888", "999 888", "754999888"):
                assert written not in page.content()
            looked_at(page, "worklist-search", width)
            page.get_by_role("link", name=items["dirty"]).click()
            expect(page.get_by_role("heading", name=items["dirty"])).to_be_visible()
            page.get_by_role("button", name=SW["logout"]).click()

            # The water officer: two new complaints to acknowledge; the appeal is the DED's.
            log_in(page, base, WATER_OFFICER)
            expect(rows).to_have_count(2)
            for index in range(2):
                expect(rows.nth(index)).to_contain_text(SW["step_acknowledge"])
            expect(tab(page, "tab_others")).to_contain_text("1")
            tab(page, "tab_others").click()
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text(f"{SW['step_decide_appeal']} · {SW['by_ded']}")
            looked_at(page, "worklist-officer-others", width)
        finally:
            browser.close()
