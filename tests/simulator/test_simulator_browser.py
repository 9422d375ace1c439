"""The simulator page in a real browser: a citizen files a complaint, the water officer closes it.

The gateway runs for real (werkzeug on 127.0.0.1, the test database, WEBHOOK_SECRET set) and
Debian's Chromium drives the page, so every request is the page's own, through the webhooks.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from playwright.sync_api import ConsoleMessage, Locator, Page, Request, expect, sync_playwright
from werkzeug.serving import make_server

from gateway.dispatcher import dispatch_due
from gateway.runtime import Gateway
from gateway.sms.simulator import SimulatorProvider
from tests.browser import CHROMIUM, CHROMIUM_FLAGS
from tests.conftest import PHONE, sql
from tests.gateway.ussd_driver import reference_on

SECRET = "s3cret key&more"  # characters that must be URL-encoded on the way
OFFICER_PHONE = "+255713000001"
DESCRIPTION = "Bomba la maji limevunjika Iwawa"
WAIT_MS = 15_000  # the inbox polls every 2 s; a delivery needs a poll, a report and a poll
# The page posts to the simulator's own addresses; the gateway passes each to its webhook.
WEBHOOKS = (
    "/simulator/ussd",
    "/simulator/ussd/events",
    "/simulator/sms/incoming",
    "/simulator/sms/delivery",
)
USSD_FIELDS = {"sessionId", "serviceCode", "phoneNumber", "networkCode", "text"}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
)


@dataclass
class Served:
    """The app under test, where it listens, and every request the browser made."""

    app: Flask
    base: str
    requests: list[Request]

    @property
    def gateway(self) -> Gateway:
        """The served app's gateway."""
        gateway: Gateway = self.app.extensions["gateway"]
        return gateway

    def dispatch(self) -> None:
        """Run the SMS dispatcher once, as the scheduler would."""
        dispatch_due(self.gateway.sessions, self.gateway.provider, datetime.now(UTC))


@pytest.fixture()
def served_app(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    """The gateway with its simulator SMS backend, served on a free port in a thread."""
    app = make_app(WEBHOOK_SECRET=SECRET, SIMULATOR="1")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["TEST_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture()
def browser_page() -> Iterator[Page]:
    """A page in headless Chromium; fails the test on any script error it shows."""
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.extend(_script_error(message)))
        yield page
        browser.close()
    assert errors == []


def _script_error(message: ConsoleMessage) -> list[str]:
    # A 400 the page asked for (a bad number's inbox) is logged too: that is the page working.
    if message.type != "error" or message.text.startswith("Failed to load resource"):
        return []
    return [message.text]


@pytest.fixture()
def served(served_app: Flask, browser_page: Page) -> Served:
    """The served app with the browser's requests recorded."""
    requests: list[Request] = []
    browser_page.on("request", lambda request: requests.append(request))
    return Served(served_app, served_app.config["TEST_BASE_URL"], requests)


def register_water_officer(app: Flask) -> str | None:
    """Add the water officer with the CLI; the reason it could not, or None."""
    result = app.test_cli_runner().invoke(
        args=[
            *("officers", "add", "--name", "Asha Mwakyusa", "--phone", "0713000001"),
            *("--role", "officer", "--department", "maji", "--pin", "1234"),
        ]
    )
    if result.exit_code != 0:
        return f"`flask officers add` is not usable yet: {result.output.strip()[:200]}"
    return None


def answer(phone: Locator, value: str) -> None:
    """Type an answer on the keyboard, send it with Enter, and wait for the gateway's screen."""
    entry = phone.get_by_test_id("entry")
    expect(phone).to_have_attribute("data-state", "con")
    entry.press_sequentially(value)
    entry.press("Enter")
    expect(phone).not_to_have_attribute("data-state", "busy")


def file_complaint(phone: Locator) -> str:
    """Dial with the keypad and file the water complaint; the reference on the END screen."""
    for key in "*152*25#":
        phone.locator(f'.key[data-key="{key}"]').click()
    expect(phone.get_by_test_id("entry")).to_have_value("*152*25#")
    phone.get_by_test_id("key-call").click()
    screen = phone.get_by_test_id("screen")
    expect(screen).to_contain_text("Tuma lalamiko")
    phone.locator('.key[data-key="1"]').click()  # the keypad works inside a session too
    phone.get_by_test_id("key-call").click()
    expect(screen).to_contain_text("Maji")
    for value in ("5", "iwa", DESCRIPTION, "2", "1"):
        answer(phone, value)
    expect(phone).to_have_attribute("data-state", "end")
    expect(screen).to_contain_text("Namba ya kumbukumbu")
    return reference_on(screen.inner_text())


def sms_with(phone: Locator, text: str) -> Locator:
    """The phone's inbox messages holding `text`."""
    return phone.get_by_test_id("inbox").get_by_test_id("sms").filter(has_text=text)


def send_sms(phone: Locator, text: str) -> None:
    """Send an SMS to the shortcode from the phone and wait until the gateway took it."""
    phone.get_by_test_id("sms-text").fill(text)
    phone.get_by_test_id("sms-send").click()
    sent = phone.get_by_test_id("sms-out").filter(has_text=text).last
    expect(sent).to_have_attribute("data-state", "sent", timeout=WAIT_MS)


def test_a_complaint_filed_on_the_simulated_phone_is_closed_by_the_water_officer(
    served: Served, browser_page: Page, tmp_path: Path
) -> None:
    assert isinstance(served.gateway.provider, SimulatorProvider)
    # A picture of the end state, to look at when something seems off (SIMULATOR_SCREENSHOT).
    screenshot = os.environ.get("SIMULATOR_SCREENSHOT") or str(tmp_path / "simulator.png")
    officer_missing = register_water_officer(served.app)
    page = browser_page
    page.goto(f"{served.base}/simulator")
    citizen = page.get_by_test_id("phone").nth(0)
    expect(citizen.get_by_test_id("phone-number")).to_have_value(PHONE)

    reference = file_complaint(citizen)
    engine = served.gateway.engine
    assert sql(engine, f"SELECT phone FROM complaints WHERE reference = '{reference}'") == [
        (PHONE,)
    ]
    expect(citizen.get_by_test_id("session-note")).to_have_attribute("data-status", "Success")
    assert sql(engine, "SELECT phone, status, network_code, hops FROM ussd_session_ends") == [
        (PHONE, "Success", "64004", 7)
    ]

    # The acknowledgement waits in the outbox until the dispatcher sends it...
    acknowledgement = sms_with(citizen, reference)
    expect(acknowledgement).to_have_attribute("data-status", "queued", timeout=WAIT_MS)
    served.dispatch()
    # ...then the page sees it sent and posts the delivery report, which makes it delivered.
    expect(acknowledgement).to_have_attribute("data-status", "delivered", timeout=WAIT_MS)
    rows = sql(
        engine,
        "SELECT o.status, r.status FROM outbox o JOIN delivery_reports r"
        " ON r.provider_message_id = o.provider_message_id"
        f" WHERE o.phone = '{PHONE}' AND o.purpose = 'acknowledgement'",
    )
    assert rows == [("delivered", "Success")]

    if officer_missing:
        page.screenshot(path=screenshot, full_page=True)
        pytest.skip(officer_missing)
    page.get_by_test_id("add-phone").click()
    officer = page.get_by_test_id("phone").nth(1)
    expect(officer.get_by_test_id("phone-number")).to_have_value(OFFICER_PHONE)
    # The officer was told of the new item when it was routed.
    expect(sms_with(officer, reference).first).to_be_visible(timeout=WAIT_MS)

    send_sms(officer, f"FUNGA {reference} 1234 Bomba limetengenezwa")
    served.dispatch()
    resolution = sms_with(citizen, "Bomba limetengenezwa")
    expect(resolution).to_have_attribute("data-status", "delivered", timeout=WAIT_MS)
    expect(resolution).to_contain_text(reference)
    assert sql(engine, f"SELECT status FROM complaints WHERE reference = '{reference}'") == [
        ("resolved",)
    ]

    send_sms(citizen, "1")  # satisfied
    assert sql(engine, f"SELECT status FROM complaints WHERE reference = '{reference}'") == [
        ("closed",)
    ]
    served.dispatch()
    thanks = sms_with(citizen, reference).nth(2)
    expect(thanks).to_have_attribute("data-status", "delivered", timeout=WAIT_MS)
    page.screenshot(path=screenshot, full_page=True)

    check_requests_are_africas_talkings(served.requests)


def check_requests_are_africas_talkings(requests: list[Request]) -> None:
    """Every request was a form POST without the key, /ussd with exactly AT's fields."""
    posts = [r for r in requests if r.method == "POST"]
    paths = {urlsplit(r.url).path for r in posts}
    assert paths == set(WEBHOOKS)
    for request in posts:
        assert urlsplit(request.url).query == "", request.url
        assert SECRET not in (request.post_data or "") + str(request.headers)
        content_type = request.header_value("content-type") or ""
        assert content_type.startswith("application/x-www-form-urlencoded"), content_type
        fields = parse_qs(request.post_data or "", keep_blank_values=True)
        if urlsplit(request.url).path == "/simulator/ussd":
            assert set(fields) == USSD_FIELDS
            assert fields["sessionId"][0].startswith("ATUid_sim_")
            assert fields["serviceCode"] == ["*152*25#"]
        if urlsplit(request.url).path == "/simulator/sms/incoming":
            assert fields["id"][0].startswith("ATSMS_sim_")
            assert fields["to"] == ["15025"]
            assert set(fields) == {"from", "to", "text", "date", "id", "networkCode"}


def test_a_session_left_waiting_times_out_and_is_reported_incomplete(
    served: Served, browser_page: Page
) -> None:
    page = browser_page
    page.clock.install()
    page.goto(f"{served.base}/simulator")
    phone = page.get_by_test_id("phone").nth(0)
    phone.get_by_test_id("network").select_option("64005")
    phone.get_by_test_id("key-call").click()  # CALL on an empty line dials the service code
    expect(phone).to_have_attribute("data-state", "con")
    answer(phone, "1")
    expect(phone.get_by_test_id("screen")).to_contain_text("Maji")

    page.clock.run_for(181_000)

    expect(phone.get_by_test_id("screen")).to_contain_text("Session timed out")
    expect(phone.get_by_test_id("session-note")).to_have_attribute("data-status", "Incomplete")
    [(status, network, hops, last_input, duration)] = sql(
        served.gateway.engine,
        "SELECT status, network_code, hops, last_input, duration_ms FROM ussd_session_ends",
    )
    assert (status, network, hops, last_input) == ("Incomplete", "64005", 2, "1")
    assert isinstance(duration, int) and duration >= 180_000


def test_a_bad_number_shows_why_and_a_small_screen_stacks_the_phones(
    served: Served, browser_page: Page
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{served.base}/simulator")
    page.get_by_test_id("add-phone").click()
    first, second = page.get_by_test_id("phone").nth(0), page.get_by_test_id("phone").nth(1)
    expect(second).to_be_visible()
    one, two = first.bounding_box(), second.bounding_box()
    assert one is not None and two is not None
    assert two["y"] >= one["y"] + one["height"]  # under, not beside
    assert one["x"] + one["width"] <= 390  # and no wider than the screen

    number = second.get_by_test_id("phone-number")
    number.fill("12345")
    number.press("Tab")
    expect(second.get_by_test_id("inbox-error")).to_contain_text("not a valid phone number")
