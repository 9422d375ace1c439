"""The simulator page in a real browser: a citizen files a complaint, the water officer closes it.

The gateway runs for real (werkzeug on 127.0.0.1, the test database, WEBHOOK_SECRET set) and
Debian's Chromium drives the page, so every request is the page's own, through the webhooks.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from playwright.sync_api import ConsoleMessage, Locator, Page, Request, expect, sync_playwright
from werkzeug.serving import make_server

from charter.calendar import EAT
from gateway.messaging.dispatcher import dispatch_due
from gateway.messaging.providers.simulator import SimulatorProvider
from gateway.runtime import Gateway
from tests.browser import CHROMIUM, CHROMIUM_FLAGS, serving
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


TRAINER_PHONE, TRAINER_PASSWORD = "+255713000099", "mafunzo-ya-simulator"


@pytest.fixture()
def served(served_app: Flask, browser_page: Page) -> Served:
    """The served app with the browser's requests recorded, logged in as the trainer (the DED:
    with WEBHOOK_SECRET set, only the desk or the DED may use the simulator)."""
    added = served_app.test_cli_runner().invoke(
        args=[
            *("officers", "add", "--name", "Mkurugenzi", "--phone", TRAINER_PHONE),
            *("--role", "ded", "--pin", "9876", "--password", TRAINER_PASSWORD),
        ]
    )
    assert added.exit_code == 0, added.output
    base = served_app.config["TEST_BASE_URL"]
    browser_page.goto(f"{base}/console/login")
    browser_page.fill("#phone", TRAINER_PHONE)
    browser_page.fill("#password", TRAINER_PASSWORD)
    browser_page.locator("form button[type=submit]").first.click()
    browser_page.wait_for_url(f"{base}/console/")
    requests: list[Request] = []
    browser_page.on("request", lambda request: requests.append(request))
    return Served(served_app, base, requests)


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


# --- the phone as people use it -------------------------------------------------------------------

MENU_LINES = ("Chagua idara:", "1 Utawala", "5 Maji", "8 Mazingira", "9 Zaidi", "0 Rudi")
ALL_SHOWN = "s => s.scrollHeight <= s.clientHeight"
AT_THE_BOTTOM = "s => s.scrollTop + s.clientHeight >= s.scrollHeight - 1"


def dial(phone: Locator) -> None:
    """Press CALL on an empty line (it redials the service code) and wait for the menu."""
    phone.get_by_test_id("key-call").click()
    expect(phone).to_have_attribute("data-state", "con")


@pytest.mark.parametrize("width", [1280, 360])
def test_the_whole_menu_is_readable_and_a_longer_screen_scrolls(
    served: Served, browser_page: Page, width: int
) -> None:
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{served.base}/simulator")
    phone = page.get_by_test_id("phone").nth(0)
    screen = phone.get_by_test_id("screen")
    dial(phone)
    expect(screen).to_contain_text("7 Zaidi")
    assert screen.evaluate(ALL_SHOWN)  # the main menu, every line on the screen
    answer(phone, "1")
    for line in MENU_LINES:
        expect(screen).to_contain_text(line)
    assert screen.evaluate(ALL_SHOWN)  # ... and the department list to "0 Rudi"
    expect(phone.get_by_test_id("more-below")).to_be_hidden()
    box, lcd = screen.bounding_box(), phone.locator(".lcd").bounding_box()
    assert box is not None and lcd is not None and lcd["x"] + lcd["width"] <= width

    # Larger text on the screen: it says there is more, and scrolls.
    screen.evaluate("s => { s.style.fontSize = '1.5rem'; }")
    phone.get_by_test_id("entry").press("ArrowUp")  # redraws the cue; nothing to go up to
    assert not screen.evaluate(ALL_SHOWN)
    expect(phone.get_by_test_id("more-below")).to_be_visible()
    expect(phone.get_by_test_id("more-above")).to_be_hidden()
    for _ in range(20):
        phone.get_by_test_id("entry").press("ArrowDown")
    assert screen.evaluate(AT_THE_BOTTOM)
    expect(phone.get_by_test_id("more-below")).to_be_hidden()
    expect(phone.get_by_test_id("more-above")).to_be_visible()
    for _ in range(20):
        phone.get_by_test_id("key-up").click()  # the keypad's navigation key
    assert screen.evaluate("s => s.scrollTop === 0")
    screen.focus()  # the screen itself takes the focus and scrolls with the keyboard
    page.keyboard.press("End")
    expect(phone.get_by_test_id("more-below")).to_be_hidden()


def test_the_focus_stays_on_the_phone_after_an_end_screen(
    served: Served, browser_page: Page
) -> None:
    page = browser_page
    page.goto(f"{served.base}/simulator")
    phone = page.get_by_test_id("phone").nth(0)
    entry = phone.get_by_test_id("entry")
    file_complaint(phone)  # ends on the END screen with the reference
    expect(entry).to_be_focused()
    page.keyboard.type("*152*25#")  # typed with nothing clicked first
    page.keyboard.press("Enter")
    expect(phone).to_have_attribute("data-state", "con")
    expect(phone.get_by_test_id("screen")).to_contain_text("Tuma lalamiko")
    expect(entry).to_be_focused()
    page.keyboard.press("Escape")  # cancelled: still on the phone
    expect(entry).to_be_focused()
    page.keyboard.press("Enter")  # redial
    expect(phone).to_have_attribute("data-state", "con")


def test_soft_keys_multi_tap_letters_and_the_remove_button(
    served: Served, browser_page: Page
) -> None:
    page = browser_page
    page.clock.install()
    page.goto(f"{served.base}/simulator")
    phone = page.get_by_test_id("phone").nth(0)
    expect(phone.get_by_test_id("remove-phone")).to_be_hidden()  # the only phone stays

    phone.get_by_test_id("soft-left").click()  # "Call"
    expect(phone).to_have_attribute("data-state", "con")
    expect(phone.get_by_test_id("soft-right")).to_have_text("Cancel")
    for key in ("1", "5"):  # complaint, Maji: on the keypad
        phone.locator(f'.keypad [data-key="{key}"]').click()
        expect(phone.get_by_test_id("soft-right")).to_have_text("Clear")
        phone.get_by_test_id("soft-left").click()  # "Send"
        expect(phone).to_have_attribute("data-state", "con")
    expect(phone.get_by_test_id("screen")).to_contain_text("Chagua kata")

    phone.get_by_test_id("key-mode").click()
    expect(phone.get_by_test_id("mode")).to_have_text("abc")
    entry = phone.get_by_test_id("entry")
    for key in "444":  # g h i
        phone.locator(f'.keypad [data-key="{key}"]').click()
    expect(entry).to_have_value("i")
    phone.locator('.keypad [data-key="9"]').click()  # another key keeps the "i"
    phone.locator('.keypad [data-key="2"]').click()
    expect(entry).to_have_value("iwa")
    page.clock.run_for(1500)  # a pause keeps the "a"; the same key again starts a new letter
    phone.locator('.keypad [data-key="2"]').click()
    expect(entry).to_have_value("iwaa")
    phone.get_by_test_id("key-clear").click()
    expect(entry).to_have_value("iwa")
    phone.get_by_test_id("soft-left").click()  # "iwa" finds one ward, Iwawa: on to the text
    expect(phone.get_by_test_id("screen")).to_contain_text("Andika maelezo")

    phone.get_by_test_id("soft-right").click()  # "Cancel": the session ends, reported
    expect(phone).to_have_attribute("data-state", "idle")
    expect(phone.get_by_test_id("session-note")).to_have_attribute("data-status", "Incomplete")

    page.get_by_test_id("add-phone").click()
    phones = page.get_by_test_id("phone")
    expect(phones.nth(1).get_by_test_id("remove-phone")).to_be_visible()
    expect(phones.nth(0).get_by_test_id("remove-phone")).to_be_visible()
    phones.nth(1).get_by_test_id("remove-phone").click()
    expect(phones).to_have_count(1)
    expect(phones.nth(0).get_by_test_id("remove-phone")).to_be_hidden()


def test_an_sms_held_for_quiet_hours_says_so_and_training_sends_it_now(
    make_app: Callable[..., Flask], browser_page: Page
) -> None:
    # Quiet hours around now, whatever the time of the test: officers' news waits for the end.
    now = datetime.now(UTC).astimezone(EAT)
    start, end = now - timedelta(hours=1), now + timedelta(hours=2)
    app = make_app(SIMULATOR="1", QUIET_HOURS=f"{start:%H:%M}-{end:%H:%M}")
    assert register_water_officer(app) is None
    with serving(app) as base:
        served = Served(app, base, [])
        page = browser_page
        page.goto(f"{base}/simulator")
        citizen = page.get_by_test_id("phone").nth(0)
        reference = file_complaint(citizen)
        page.get_by_test_id("add-phone").click()
        officer = page.get_by_test_id("phone").nth(1)
        news = sms_with(officer, reference)
        expect(news.get_by_test_id("sms-held")).to_contain_text(
            f"held until {end:%H:%M}: quiet hours", timeout=WAIT_MS
        )
        served.dispatch()  # the dispatcher leaves it alone: it is not due
        expect(news).to_have_attribute("data-status", "queued")

        page.get_by_test_id("send-held").check()

        expect(news.get_by_test_id("sms-held")).to_have_count(0, timeout=WAIT_MS)
        served.dispatch()
        expect(news).to_have_attribute("data-status", "delivered", timeout=WAIT_MS)


def test_an_appointment_booked_on_the_simulated_phone_is_set_by_sms_and_cancelled(
    served: Served, browser_page: Page
) -> None:
    officer_missing = register_water_officer(served.app)
    if officer_missing:
        pytest.skip(officer_missing)
    page = browser_page
    page.goto(f"{served.base}/simulator")
    citizen = page.get_by_test_id("phone").nth(0)
    screen = citizen.get_by_test_id("screen")
    dial(citizen)
    for value in ("7", "3", "5", "1", "Nataka kuonana na afisa wa maji kuhusu mradi"):
        answer(citizen, value)
    expect(screen).to_contain_text("Chagua hadi siku 3")
    first_day = screen.inner_text().splitlines()[1].split()[-1]  # "1 Jumanne 01/12" -> "01/12"
    answer(citizen, "1")
    answer(citizen, "1")
    expect(citizen).to_have_attribute("data-state", "end")
    reference = reference_on(screen.inner_text())

    page.get_by_test_id("add-phone").click()
    officer = page.get_by_test_id("phone").nth(1)
    expect(sms_with(officer, f"MIADI {reference} PIN").first).to_be_visible(timeout=WAIT_MS)
    send_sms(officer, f"MIADI {reference} 1234 {first_day} 10:00")
    served.dispatch()
    expect(sms_with(citizen, "saa 4:00 asubuhi").first).to_be_visible(timeout=WAIT_MS)
    send_sms(citizen, f"GHAIRI {reference}")
    served.dispatch()
    expect(sms_with(citizen, "imeghairiwa").first).to_be_visible(timeout=WAIT_MS)
    engine = served.gateway.engine
    assert sql(engine, f"SELECT status FROM complaints WHERE reference = '{reference}'") == [
        ("closed",)
    ]
