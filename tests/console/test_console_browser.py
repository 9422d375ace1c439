"""The console in a real headless Chromium: the water officer logs in, sees only Maji items,
resolves one (the citizen's SMS is queued), opens the report and downloads the CSV."""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update
from werkzeug.serving import make_server

from gateway.casework.intake import NewItem, file_item
from gateway.messaging.providers.fake import FakeProvider
from gateway.reporting.periods import last_month, local_today
from gateway.runtime import Gateway
from gateway.web.texts import TEXTS
from store.models import Complaint, ConsoleSession, OutboxMessage
from tests.browser import CHROMIUM, CHROMIUM_FLAGS
from tests.console.console_factories import PASSWORD, add_officers, make_item

CITIZEN = "+255754123456"
# Nothing wider than the phone's screen (wide tables scroll inside their own box).
FITS_THE_SCREEN = "document.documentElement.scrollWidth <= window.innerWidth"
SW = TEXTS["sw"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)


@pytest.fixture()
def served(make_app: Callable[..., Flask]) -> Iterator[tuple[str, Gateway]]:
    """The real app on 127.0.0.1:<free port>, in a thread, for the browser to reach."""
    app = make_app(SMS_PROVIDER=FakeProvider())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app.extensions["gateway"]
    finally:
        server.shutdown()
        thread.join()


def _items(gateway: Gateway) -> dict[str, str]:
    """Two water items and a health one, filed like any other; their references."""
    now = datetime.now(UTC)
    found = {}
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, now)
        for key, department, phone, text in (
            ("water", "maji", CITIZEN, "Bomba la maji limevunjika karibu na soko"),
            ("water2", "maji", None, "Maji ni machafu kijijini Ikuwo"),
            ("health", "afya", "+255754999888", "Zahanati haina dawa tangu wiki mbili"),
        ):
            complaint = file_item(
                session,
                gateway,
                NewItem(
                    kind="lalamiko",
                    department=department,
                    ward="Iwawa",
                    description=text,
                    citizen_name=None,
                    anonymous=phone is None,
                    language="sw",
                    channel="ussd",
                    phone=phone,
                ),
                now,
            )
            found[key] = complaint.reference
        # Something in last month, so the default report has figures to show.
        month = last_month(local_today(now))
        start, _ = month.bounds()
        make_item(
            session,
            received_at=start + timedelta(days=2),
            acknowledge_due_at=start + timedelta(days=4),
            acknowledged_at=start + timedelta(days=3),
            answer_due_at=start + timedelta(days=9),
            resolved_at=start + timedelta(days=5),
            resolve_days=2.0,
            acknowledge_days=1.0,
            status="closed",
        )
    return found


def test_the_water_officer_works_an_item_and_takes_the_report_away(
    served: tuple[str, Gateway], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, gateway = served
    references = _items(gateway)
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            # A small Android phone's screen.
            context = browser.new_context(
                viewport={"width": 360, "height": 640}, accept_downloads=True
            )
            page = context.new_page()
            page.on("request", lambda request: requested.append(request.url))

            page.goto(f"{base}/console/")
            expect(page.get_by_role("heading", name=SW["login_title"])).to_be_visible()
            page.get_by_label(SW["phone"]).fill("0713 000 001")
            page.get_by_label(SW["password"]).fill(PASSWORD)
            page.get_by_role("button", name=SW["login"]).click()

            # The queue: only the two Maji items.
            expect(page.get_by_role("heading", name=SW["queue_title"])).to_be_visible()
            rows = page.locator("tr.item")
            expect(rows).to_have_count(2)
            for index in range(2):
                expect(rows.nth(index)).to_have_attribute("data-department", "maji")
            expect(page.get_by_text(references["health"])).to_have_count(0)
            assert page.evaluate(FITS_THE_SCREEN)

            # Resolve one; the citizen's SMS is queued and listed on the item's page.
            page.get_by_text(references["water"]).click()
            expect(page.get_by_role("heading", name=references["water"])).to_be_visible()
            resolve = page.locator("#action-resolve")
            resolve.get_by_text(SW["action_resolve"]).first.click()  # open the folded form
            resolve.get_by_role("textbox").fill("Bomba limerekebishwa leo asubuhi")
            resolve.get_by_role("button", name=SW["action_resolve"]).click()
            # Closing cannot be undone: a second step shows the SMS the citizen will get,
            # and nothing is done until it is confirmed.
            confirm = page.locator("#preview-resolve")
            expect(confirm).to_contain_text(SW["confirm_title"])
            expect(confirm.locator(".text")).to_contain_text("Bomba limerekebishwa leo asubuhi")
            expect(page.locator(".status-line")).not_to_have_text(SW["status_resolved"])
            assert page.evaluate(FITS_THE_SCREEN)
            confirm_button = SW["confirm_button"].format(action=SW["action_resolve"])
            resolve.get_by_role("button", name=confirm_button).click()
            told = SW["sms_now"].format(parts=1)  # the closing note went in one SMS
            expect(page.get_by_role("status")).to_have_text(f"{SW['done_resolve']} {told}")
            expect(page.locator(".status-line")).to_have_text(SW["status_resolved"])
            expect(page.locator("ol.sms")).to_contain_text("Bomba limerekebishwa leo asubuhi")
            with gateway.sessions() as session:
                complaint = session.scalar(
                    select(Complaint).where(Complaint.reference == references["water"])
                )
                sms = session.scalars(
                    select(OutboxMessage).where(OutboxMessage.purpose == "resolved")
                ).all()
            assert complaint is not None and complaint.status == "resolved"
            assert [(m.phone, m.complaint_id) for m in sms] == [(CITIZEN, complaint.id)]
            assert "Bomba limerekebishwa leo asubuhi" in sms[0].text

            # The report, then its CSV.
            page.get_by_role("link", name=SW["nav_report"]).click()
            expect(page.get_by_role("heading", name=SW["report_title"])).to_be_visible()
            expect(page.locator("#received")).to_have_text("1")
            expect(page.locator("svg").first).to_be_visible()
            assert page.evaluate(FITS_THE_SCREEN)
            with page.expect_download() as info:
                page.get_by_role("link", name=SW["download_csv"]).click()
            download = info.value
            assert download.suggested_filename.endswith("-maji.csv")
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            with saved.open(newline="") as handle:
                rows_read = list(csv.reader(handle))
            assert rows_read[0][:4] == ["period", "breakdown", "group", "received"]
            assert rows_read[1][1:4] == ["overall", "", "1"]
            context.close()
        finally:
            browser.close()
    # Every page, stylesheet and download came from the gateway itself.
    assert requested and all(url.startswith(base) for url in requested)


@pytest.mark.parametrize("width", [1280, 360])
def test_a_transfer_lands_on_the_queue_and_the_desk_finds_items_by_reference_or_phone(
    served: tuple[str, Gateway], width: int
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, gateway = served
    references = _items(gateway)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": width, "height": 800})

        def log_in(phone: str) -> None:
            page.goto(f"{base}/console/login")
            page.get_by_label(SW["phone"]).fill(phone)
            page.get_by_label(SW["password"]).fill(PASSWORD)
            page.get_by_role("button", name=SW["login"]).click()
            expect(page.get_by_role("heading", name=SW["queue_title"])).to_be_visible()

        # The water officer sends an item to Ujenzi: it leaves their sight, so they land on
        # their queue with the confirmation, not on a page they may no longer see.
        log_in("0713000001")
        page.get_by_role("link", name=references["water"]).click()
        transfer = page.locator("#action-transfer")
        transfer.get_by_text(SW["action_transfer"]).first.click()
        transfer.get_by_role("combobox").select_option("ujenzi")
        transfer.get_by_role("button").click()
        expect(page.get_by_role("heading", name=SW["queue_title"])).to_be_visible()
        # Ujenzi has no officer: the confirmation says where the item went instead, and why.
        expect(page.get_by_role("status")).to_have_text(
            "Limehamishwa kwenda Ujenzi, lakini idara hiyo haina afisa aliyesajiliwa: limeenda "
            "kwa dawati la malalamiko. Halipo tena kwenye foleni yako. Mwananchi amejulishwa kwa "
            "SMS (1)."
        )
        expect(page.get_by_role("link", name=references["water"])).to_have_count(0)
        assert page.evaluate(FITS_THE_SCREEN)
        page.get_by_role("button", name=SW["logout"]).click()

        # The desk sees every item; a reference read out over the phone finds its one item,
        # and so does a named citizen's number (an anonymous one never: test_console_pages).
        log_in("0713000004")
        search = page.get_by_label(SW["search"])
        search.fill(f"{references['health'][:4]} {references['health'][4:]}")
        search.press("Enter")
        expect(page.locator("tr.item")).to_have_count(1)
        expect(page.get_by_role("link", name=references["health"])).to_be_visible()
        page.get_by_label(SW["search"]).fill("0754 123 456")
        page.get_by_role("button", name=SW["search_button"]).click()
        expect(page.locator("tr.item")).to_have_count(1)
        expect(page.get_by_role("link", name=references["water"])).to_be_visible()
        page.get_by_label(SW["search"]).fill("+255 754 999 888")  # the health item: named
        page.get_by_role("button", name=SW["search_button"]).click()
        expect(page.locator("tr.item")).to_have_count(1)
        assert page.evaluate(FITS_THE_SCREEN)
        browser.close()


# An answer of 303 characters: three SMS parts once the message's own words are around it.
LONG_ANSWER = (
    "Tumewasiliana na Mganga Mkuu wa Wilaya. Dawa za shinikizo la damu zimefika leo kutoka "
    "Bohari ya Dawa Njombe, na zitapatikana katika zahanati ya Iwawa kuanzia tarehe 10/12/2026 "
    "kwa wagonjwa wote wenye kadi. Ukikosa dawa hizo, piga simu 0755 123 456 kwa mfamasia wa "
    "wilaya, au njoo ofisini siku yoyote ya kazi."
)


@pytest.mark.parametrize("width", (1280, 360))
def test_an_officer_sees_the_sms_parts_as_they_type_and_previews_the_answer(
    served: tuple[str, Gateway], width: int
) -> None:
    import os

    from playwright.sync_api import expect, sync_playwright

    from tests.browser import serious_violations

    base, gateway = served
    water = _items(gateway)["water"]
    shots = os.environ.get("SCREENSHOTS")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(f"{base}/console/login")
            page.get_by_label(SW["phone"]).fill("0713 000 001")
            page.get_by_label(SW["password"]).fill(PASSWORD)
            page.get_by_role("button", name=SW["login"]).click()
            page.goto(f"{base}/console/items/{water}")
            reply = page.locator("#action-reply")
            reply.get_by_text(SW["action_reply"]).first.click()
            counter = page.locator("#count-reply")
            reply.get_by_role("textbox").fill("Fundi atakuja kesho")
            expect(counter).to_contain_text("SMS 1")
            reply.get_by_role("textbox").fill(LONG_ANSWER)
            expect(counter).to_contain_text("SMS 3")
            expect(counter).to_contain_text(f"herufi {len(LONG_ANSWER)} kati ya")
            reply.get_by_role("textbox").fill(LONG_ANSWER * 2)
            expect(counter).to_have_class("counter over")
            reply.get_by_role("textbox").fill(LONG_ANSWER)
            reply.get_by_role("button", name=SW["preview_button"]).click()
            preview = page.locator("#preview-reply")
            expect(preview).to_contain_text(SW["preview_title"].format(parts=3))
            expect(preview).to_contain_text("njoo ofisini siku yoyote ya kazi")
            assert page.evaluate(FITS_THE_SCREEN)
            assert serious_violations(page) == []
            if shots:
                page.screenshot(path=f"{shots}/item-reply-preview-{width}.png", full_page=True)
            with gateway.sessions() as db:  # a preview sends nothing
                sent = db.scalars(select(OutboxMessage.purpose)).all()
            assert "reply" not in sent
        finally:
            browser.close()


def test_a_session_ended_while_typing_keeps_the_officers_text_through_the_login(
    served: tuple[str, Gateway],
) -> None:
    """The water officer types a long reply; meanwhile the session ends (logged out on another
    device, or the day's 12 hours are up). Sending it lands on the login page, which says so;
    after logging in the officer is back on the item, the reply in its form, nothing sent."""
    from playwright.sync_api import expect, sync_playwright

    base, gateway = served
    references = _items(gateway)
    reply = "Fundi wa maji atafika kesho saa nne asubuhi kurekebisha bomba karibu na soko"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            page = browser.new_context(viewport={"width": 360, "height": 640}).new_page()
            page.goto(f"{base}/console/items/{references['water']}")
            page.get_by_label(SW["phone"]).fill("0713 000 001")
            page.get_by_label(SW["password"]).fill(PASSWORD)
            page.get_by_role("button", name=SW["login"]).click()
            expect(page.get_by_role("heading", name=references["water"])).to_be_visible()
            form = page.locator("#action-reply")
            form.get_by_text(SW["action_reply"]).first.click()
            form.get_by_role("textbox").fill(reply)
            with gateway.sessions.begin() as session:  # the session ends meanwhile
                session.execute(update(ConsoleSession).values(ended_at=datetime.now(UTC)))
            form.get_by_role("button", name=SW["action_reply"]).click()
            expect(page.get_by_role("heading", name=SW["login_title"])).to_be_visible()
            expect(page.get_by_text(SW["session_ended_kept"])).to_be_visible()
            page.get_by_label(SW["phone"]).fill("0713 000 001")
            page.get_by_label(SW["password"]).fill(PASSWORD)
            page.get_by_role("button", name=SW["login"]).click()
            expect(page.get_by_role("heading", name=references["water"])).to_be_visible()
            expect(page.get_by_text(SW["kept_typing"])).to_be_visible()
            expect(page.locator("#action-reply textarea")).to_have_value(reply)
        finally:
            browser.close()
    with gateway.sessions() as session:
        sent = session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "reply"))
        assert list(sent) == []
