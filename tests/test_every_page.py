"""Every page in a real Chromium at 1280 and 360 px, with a busy council's longest real data:
each fits the screen (wide tables scroll in their own box), has no serious or critical axe-core
violation, loads nothing from outside the gateway, and answers no request with an error it did
not mean to show. Set SCREENSHOTS=/some/dir to keep a picture of each, to look at by eye."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response, expect, sync_playwright
from sqlalchemy import update

from gateway.messaging.outbox import queue_sms
from gateway.runtime import Gateway
from store.models import OutboxMessage, SmsBalance
from tests.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    FITS_THE_SCREEN,
    WIDTHS,
    serious_violations,
    serving,
)
from tests.console.console_factories import DED, DESK, PASSWORD, WATER_OFFICER
from tests.console.council_data import LONGEST_NAME, WEO, Council, a_council_at_work

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)
SHOTS = os.environ.get("SCREENSHOTS")


def _boom() -> str:
    raise RuntimeError("a bug, to see the 500 page")


@pytest.fixture(scope="module")
def site(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Council]]:
    """The gateway (simulator on) serving a busy council, for every test of this module."""
    from app import create_app
    from tests.conftest import _empty_tables

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "tour",
            "AT_USERNAME": "",
            "AT_API_KEY": "",
            "WEBHOOK_SECRET": "s3cret",
            "QUIET_HOURS": "21:00-07:00",
            "SIMULATOR": "1",
            "CHARTER_FILE": "",
            "MIGRATE_ON_START": "1",
        }
    )
    app.add_url_rule("/console/boom", "boom", _boom)
    gateway: Gateway = app.extensions["gateway"]
    _empty_tables(gateway.engine)
    now = datetime.now(UTC)
    with gateway.sessions.begin() as session:
        council = a_council_at_work(session, gateway, now)
        # The SMS credit low: every officer's page shows its banner.
        session.add(SmsBalance(id=1, balance="TZS 4500.0000", read_at=now - timedelta(hours=1)))
        # Two SMS the officer's simulated phone is waiting for: one held for the morning.
        for text, wait in (("Makete DC: lalamiko jipya 1 la Maji.", 0), ("Kikumbusho.", 8)):
            queue_sms(session, phone=WATER_OFFICER, text=text, purpose="officer_new_item", now=now)
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.text == text)
                .values(due_at=now + timedelta(hours=wait))
            )
    with serving(app) as base:
        yield base, council
    _empty_tables(gateway.engine)
    gateway.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def log_in(page: Page, base: str, phone: str) -> None:
    """Log in through the form, as a person would."""
    page.goto(f"{base}/console/login")
    page.locator("#phone").fill(phone)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("nav")).to_be_visible()


def look(page: Page, name: str, width: int) -> None:
    """The page fits the screen and is axe-clean; keep a picture when asked."""
    assert page.evaluate(FITS_THE_SCREEN), f"{name} is wider than {width} px"
    assert serious_violations(page) == [], name
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def _watch(page: Page, base: str) -> list[str]:
    """Requests that left the gateway, and answers that were errors."""
    problems: list[str] = []

    def seen(response: Response) -> None:
        if not response.url.startswith(base):
            problems.append(f"outside: {response.url}")

    page.on("response", seen)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_the_console_pages(site: tuple[str, Council], browser: Browser, width: int) -> None:
    base, council = site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = _watch(page, base)
    statuses: list[tuple[str, int]] = []
    page.on("response", lambda r: statuses.append((r.url, r.status)))

    page.goto(f"{base}/console/login")
    look(page, "login", width)
    log_in(page, base, DESK)
    expect(page.locator("#tab-mine[aria-current=page]")).to_be_visible()  # the desk's own first
    look(page, "queue", width)
    page.goto(f"{base}/console/?tab=all")
    expect(page.locator("tr.item")).to_have_count(50)  # a page of the 200 open items
    look(page, "queue-all", width)
    page.goto(f"{base}/console/?tab=all&sort=due&page=2")
    look(page, "queue-by-due", width)
    page.goto(f"{base}/console/?tab=all&page=4")
    expect(page.locator(".pager [aria-current=page]")).to_have_text("4")
    look(page, "queue-last-page", width)
    page.goto(f"{base}/console/?q=kitongoji+mang")  # every item's first words say so
    expect(page.locator("#tab-all[aria-current=page]")).to_be_visible()
    look(page, "queue-search", width)
    page.goto(f"{base}/console/?tab=citizen")
    look(page, "queue-citizen", width)
    page.goto(f"{base}/console/items/{council.long_record}")
    expect(page.locator(".events > li")).to_have_count(15)
    look(page, "item", width)
    page.goto(f"{base}/console/items/{council.referred}")
    expect(page.locator("#action-unrefer")).to_be_visible()
    look(page, "item-referred", width)
    page.goto(f"{base}/console/report")
    look(page, "report", width)
    page.goto(f"{base}/console/report?period=2999-01")
    expect(page.locator("#period-timing")).to_be_visible()
    look(page, "report-future", width)
    page.goto(f"{base}/console/file")
    look(page, "file", width)
    page.goto(f"{base}/console/officers")
    expect(page.locator("tr.officer")).to_have_count(6)
    look(page, "officers", width)
    page.goto(f"{base}/console/officers/new")
    look(page, "officer-new", width)
    page.goto(f"{base}/console/officers")
    page.get_by_role("link", name=LONGEST_NAME).click()
    page.locator("#change-pin summary").click()
    page.locator("#change-pin button").click()
    expect(page.locator("#new-pin")).to_be_visible()  # the new PIN, shown once
    look(page, "officer", width)
    page.goto(f"{base}/console/items/99999999")
    look(page, "error-404", width)
    page.goto(f"{base}/console/boom")
    look(page, "error-500", width)
    page.goto(f"{base}/console/")
    page.locator("form.logout [name=csrf_token]").evaluate("input => input.value = 'forged'")
    page.locator("form.logout button").click()
    expect(page.locator("h1")).to_have_text("Ombi halikueleweka")
    look(page, "error-400", width)
    context.close()

    officer = browser.new_context(viewport={"width": width, "height": 900})
    page = officer.new_page()
    problems += _watch(page, base)
    log_in(page, base, WATER_OFFICER)
    look(page, "queue-officer", width)
    page.goto(f"{base}/console/file")
    look(page, "error-403", width)
    officer.close()

    ded = browser.new_context(viewport={"width": width, "height": 900})
    page = ded.new_page()
    problems += _watch(page, base)
    log_in(page, base, DED)
    expect(page.locator("tr.item[data-step=decide_appeal]").first).to_be_visible()
    look(page, "queue-ded", width)
    page.goto(f"{base}/console/lang/en?next=/console/?tab=others")
    look(page, "queue-ded-others-en", width)
    ded.close()

    weo = browser.new_context(viewport={"width": width, "height": 900})
    page = weo.new_page()
    problems += _watch(page, base)
    log_in(page, base, WEO)
    expect(page.locator("nav .who")).to_contain_text("Afisa Mtendaji wa Kata, Mang'oto")
    look(page, "queue-weo", width)
    page.goto(f"{base}/console/items/{council.referred}")
    look(page, "item-weo", width)
    page.goto(f"{base}/console/report")
    expect(page.locator("h2#council-heading")).to_contain_text("Kata ya Mang'oto")
    look(page, "report-weo", width)
    weo.close()

    assert problems == []
    # The only error answers are the ones asked for; no favicon or stylesheet is missing.
    errors = {(url.removeprefix(base), status) for url, status in statuses if status >= 400}
    assert errors == {
        ("/console/items/99999999", 404),
        ("/console/boom", 500),
        ("/console/logout", 400),
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_results_page(site: tuple[str, Council], browser: Browser, width: int) -> None:
    base, _ = site
    # It works without script: read it, switch to English, choose a period.
    plain = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page = plain.new_page()
    problems = _watch(page, base)
    page.goto(f"{base}/matokeo")
    expect(page.locator("#by-department tbody tr").first).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_contain_text("Our results")
    page.locator("#period").fill("2999")
    page.locator("form.period-form button").click()
    expect(page.locator("#period-timing")).to_be_visible()
    plain.close()
    # axe-core needs script to run: the same pages again, looked at.
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems += _watch(page, base)
    for name, path in (
        ("matokeo", "/matokeo"),
        ("matokeo-en", "/matokeo?lang=en"),
        ("matokeo-future", "/matokeo?period=2999"),
    ):
        page.goto(base + path)
        look(page, name, width)
    assert problems == []
    context.close()


# On the page as drawn: each trend label's size in px (its font size times the SVG's scale), each
# period link's box, and each table's first figure against the right edge of what shows of it.
LABEL_PX = """() => [...document.querySelectorAll('svg.trend text')].map(
    text => text.getScreenCTM().a * parseFloat(getComputedStyle(text).fontSize))"""
PERIOD_LINKS = """() => [...document.querySelectorAll('.quick a')].map(link => {
    const box = link.getBoundingClientRect();
    return [link.textContent.trim(), box.width, box.height];
})"""
FIRST_FIGURES = """() => [...document.querySelectorAll('td.headline')]
    .filter(cell => cell.offsetParent !== null)
    .map(cell => {
        const shown = (cell.closest('.scroll') || document.documentElement).getBoundingClientRect();
        return [cell.textContent.trim(), cell.getBoundingClientRect().right,
                Math.min(shown.right, window.innerWidth)];
    })"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_charts_and_tables_read_on_a_phone(
    site: tuple[str, Council], browser: Browser, width: int
) -> None:
    """The report, the ward's report and /matokeo: chart labels of 12 px or more, period links
    of 24 by 24 px or more (WCAG 2.2), and each table's % within standard in sight unscrolled."""
    base, _ = site
    for name, phone, path, multiples in (
        ("matokeo", None, "/matokeo", True),
        ("report", DESK, "/console/report", True),
        ("report-weo", WEO, "/console/report", False),  # its departments are all merged
    ):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        if phone:
            log_in(page, base, phone)
        page.goto(base + path)
        expect(page.locator("#trend svg.trend")).to_be_visible()
        if multiples:
            assert page.locator("figure.multiple svg.trend").count() > 1, name
        labels = page.evaluate(LABEL_PX)
        assert len(labels) > 15, name
        assert min(labels) >= 12, f"{name}: a chart label of {min(labels):.1f} px at {width}"
        links = page.evaluate(PERIOD_LINKS)
        assert len(links) >= 8, name
        for text, across, high in links:
            assert across >= 24 and high >= 24, f"{name}: {text} is {across:.0f}x{high:.0f} px"
        figures = page.evaluate(FIRST_FIGURES)
        assert len(figures) > 12, name
        for text, right, edge in figures:
            assert right <= edge + 0.5, f"{name}: {text} is hidden at {width} px"
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_simulator(site: tuple[str, Council], browser: Browser, width: int) -> None:
    base, _ = site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, base, DESK)  # with WEBHOOK_SECRET set, the desk or the DED trains here
    page.wait_for_load_state("networkidle")  # the queue's own requests done before leaving it
    problems = _watch(page, base)
    page.goto(f"{base}/simulator")
    page.get_by_test_id("add-phone").click()
    citizen, officer = page.get_by_test_id("phone").nth(0), page.get_by_test_id("phone").nth(1)
    expect(officer.get_by_test_id("sms-held")).to_contain_text("held until")
    citizen.get_by_test_id("key-call").click()
    expect(citizen).to_have_attribute("data-state", "con")
    citizen.get_by_test_id("entry").press_sequentially("1")
    citizen.get_by_test_id("entry").press("Enter")
    expect(citizen.get_by_test_id("screen")).to_contain_text("0 Rudi")
    look(page, "simulator", width)
    assert problems == []
    context.close()
