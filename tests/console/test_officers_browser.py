"""The officers page in a real headless Chromium, as the desk uses it on a phone and at a desk:
register a ward executive officer (a mistake first, answered with what is allowed, what was
typed kept), read the PIN shown once, give a new PIN, disable the officer, and read it all in
the record of changes; each view axe-clean and fitting the screen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect, sync_playwright
from werkzeug.security import check_password_hash

from gateway.runtime import Gateway
from gateway.web.texts import TEXTS
from tests.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    FITS_THE_SCREEN,
    WIDTHS,
    serious_violations,
    serving,
)
from tests.conftest import sql
from tests.console.console_factories import DESK, PASSWORD, add_officers
from tests.console.council_data import LONGEST_NAME

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)
SW = TEXTS["sw"]
SHOTS = os.environ.get("SCREENSHOTS")
WEO_PHONE = "+255713000088"
LONGEST_WARD = "Mang'oto"


@pytest.fixture()
def site(app: Flask, gateway: Gateway) -> Iterator[str]:
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, datetime.now(UTC))
    with serving(app) as base:
        yield base


def look(page: Page, name: str, width: int) -> None:
    assert page.evaluate(FITS_THE_SCREEN), f"{name} is wider than {width} px"
    assert serious_violations(page) == [], name
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/officers-drive-{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_desk_registers_gives_a_pin_and_disables_an_officer(
    site: str, gateway: Gateway, width: int
) -> None:
    base = site
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            page.goto(f"{base}/console/login")
            page.get_by_label(SW["phone"]).fill(DESK)
            page.get_by_label(SW["password"]).fill(PASSWORD)
            page.get_by_role("button", name=SW["login"]).click()
            page.get_by_role("link", name=SW["nav_officers"]).click()
            expect(page.locator("tr.officer")).to_have_count(5)
            page.get_by_role("link", name=SW["officers_add"]).click()

            # A ward executive officer without a ward: refused, saying what is allowed.
            page.get_by_label(SW["officer_name"]).fill(LONGEST_NAME)
            page.get_by_label(SW["officer_phone"]).fill("0713 000 088")
            page.get_by_label(SW["officer_role"]).select_option("weo")
            page.get_by_role("button", name=SW["officer_add_submit"]).click()
            expect(page.locator("#ward-error")).to_have_text(SW["officer_problem_ward_needed"])
            expect(page.get_by_label(SW["officer_name"])).to_have_value(LONGEST_NAME)
            expect(page.get_by_label(SW["officer_phone"])).to_have_value("0713 000 088")
            look(page, "refused", width)

            page.get_by_label(SW["ward"]).select_option(LONGEST_WARD)
            page.get_by_label(SW["officer_give_password"]).check()
            page.get_by_role("button", name=SW["officer_add_submit"]).click()
            pin = page.locator("#new-pin").inner_text()
            password = page.locator("#new-password").inner_text()
            [(pin_hash, password_hash)] = sql(
                gateway.engine,
                f"SELECT pin_hash, password_hash FROM officers WHERE phone='{WEO_PHONE}'",
            )
            assert check_password_hash(str(pin_hash), pin)
            assert check_password_hash(str(password_hash), password)
            expect(page.locator(".flash.ok")).to_contain_text(f"{LONGEST_NAME} amesajiliwa.")
            look(page, "registered", width)

            # A new PIN: the one shown before no longer works.
            page.locator("#change-pin summary").click()  # opens the details
            page.locator("#change-pin button").click()
            new = page.locator("#new-pin").inner_text()
            [(pin_hash,)] = sql(
                gateway.engine, f"SELECT pin_hash FROM officers WHERE phone='{WEO_PHONE}'"
            )
            assert check_password_hash(str(pin_hash), new) and new != pin
            assert not check_password_hash(str(pin_hash), pin)

            # Disabled: the page says so, the list too, and the record tells the story.
            page.locator("#change-disable summary").click()
            page.locator("#change-disable button").click()
            expect(page.locator("#officer-state")).to_contain_text(SW["officer_disabled"])
            expect(page.locator("#new-pin")).to_have_count(0)  # not shown again
            expect(page.locator(".audit > li")).to_have_count(3)
            expect(page.locator(".audit > li").first).to_contain_text(
                f"Dawati Makete (dawati la malalamiko) amemzima {LONGEST_NAME}"
            )
            look(page, "disabled", width)
            page.get_by_role("link", name=SW["officer_back"]).click()
            row = page.locator(f'tr[data-phone="{WEO_PHONE}"]')
            expect(row).to_contain_text(SW["officer_disabled"])
            expect(page.locator(".audit > li")).to_have_count(8)
            look(page, "list", width)
        finally:
            browser.close()
