"""Issue 24's smaller points, as a member of the public and an officer meet them: the public's
404 speaks to the public, English on /matokeo leaves the console's language alone, reasons the
gateway wrote read in the console's language, and the stylesheet is cached by its fingerprint
rather than downloaded on every page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask

from gateway.casework.appeals import open_appeal
from gateway.casework.satisfaction import NO_REASON
from gateway.runtime import Gateway
from gateway.web.texts import TEXTS
from tests.console.console_factories import DESK, add_officers, log_in, make_item

SW, EN = TEXTS["sw"], TEXTS["en"]
YEAR = "public, max-age=31536000, immutable"


def registered(app: Flask) -> Flask:
    gateway: Gateway = app.extensions["gateway"]
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, datetime.now(UTC))
    return app


def test_a_public_address_that_does_not_exist_speaks_to_the_public(app: Flask) -> None:
    client = app.test_client()
    for address in ("/matokeo/2026", "/ripoti", "/"):
        page = client.get(address)
        assert page.status_code == 404
        assert SW["error_text_404_public"] in page.text
        assert "foleni" not in page.text.lower() and 'href="/console/"' not in page.text
        assert 'href="/matokeo"' in page.text
    officer = registered(app).test_client()
    log_in(officer, DESK)
    inside = officer.get("/console/items/99999999")
    assert inside.status_code == 404 and SW["error_text_404"] in inside.text


def test_english_on_the_results_page_does_not_switch_the_console(app: Flask) -> None:
    client = registered(app).test_client()
    log_in(client, DESK)
    swahili = client.get("/matokeo?period=2026-10").text
    assert 'href="/matokeo?period=2026-10&amp;lang=en"' in swahili  # the switch is a link
    english = client.get("/matokeo?period=2026-10&lang=en").text
    assert f"<h1>{EN['results_title']}" in english
    assert 'href="/matokeo?period=2026-09&amp;lang=en"' in english  # the language is kept
    assert 'name="lang" value="en"' in english  # ... and by the period form
    assert SW["queue_title"] in client.get("/console/").text  # the console is still Swahili
    assert f"<h1>{SW['results_title']}" in client.get("/matokeo?period=2026-10").text


def test_the_stylesheet_is_kept_by_the_browser_until_it_changes(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/console/login")
    assert page.headers["Cache-Control"] == "no-store"  # pages are never kept
    found = re.search(
        r'<link rel="stylesheet" href="(/console/static/console\.css\?v=\w+)"', page.text
    )
    assert found is not None
    styles = client.get(found.group(1))
    assert styles.status_code == 200 and styles.headers["Cache-Control"] == YEAR
    plain = client.get("/console/static/console.css")  # an old address: checked each time
    assert plain.headers["Cache-Control"] == "no-cache"
    stale = client.get("/console/static/console.css?v=000000000000")
    assert stale.headers["Cache-Control"] == "no-cache"


def test_reasons_the_gateway_wrote_itself_read_in_the_consoles_language(app: Flask) -> None:
    """An appeal the gateway opened (no reason given within the wait) is stored in Swahili, as
    the DED's SMS says it; the English console shows it in English."""
    gateway: Gateway = registered(app).extensions["gateway"]
    now = datetime.now(UTC)
    with gateway.sessions.begin() as session:
        complaint = make_item(session, status="resolved", phone="+255754123456", received_at=now)
        open_appeal(session, gateway, complaint, NO_REASON, "gateway", now)
        reference = complaint.reference
    client = app.test_client()
    log_in(client, DESK)
    assert SW["reason_unexplained"] in client.get(f"/console/items/{reference}").text
    client.get("/console/lang/en")
    english = client.get(f"/console/items/{reference}").text
    assert EN["reason_unexplained"] in english and NO_REASON not in english
