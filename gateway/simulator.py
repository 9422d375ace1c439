"""The phone simulator page: feature phones in the browser that talk to the real webhooks.

The page is a client like Africa's Talking: it posts the same USSD, end-of-session, incoming-SMS
and delivery-report forms to /ussd, /ussd/events, /sms/incoming and /sms/delivery, with the
webhook key, so whatever works on it works on a real phone. The only thing served here beyond the
page itself is a phone's inbox: the outbox rows the gateway wrote for that number.

It is registered only when `Config.simulator` is on: by default on the embedded default (no
Africa's Talking credentials), or with SIMULATOR=1. The page carries WEBHOOK_SECRET, which is why
it must never be on by accident. In production (SIMULATOR=1 beside real credentials) every page
and inbox also needs a console login.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from gateway.config import Config
from gateway.console import login_redirect
from gateway.phones import normalise_phone
from gateway.runtime import current_gateway
from gateway.sms.simulator import MESSAGE_ID_PREFIX
from store.models import OutboxMessage

bp = Blueprint(
    "simulator",
    __name__,
    url_prefix="/simulator",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

SHORTCODE = "15025"  # what the simulated phones send SMS to; the gateway does not check `to`
INBOX_LIMIT = 50  # a phone shows its latest messages; a training day never needs more
SESSION_TIMEOUT_SECONDS = 180  # Africa's Talking drops a USSD session after about 180 s
POLL_SECONDS = 2

# Tanzanian networks as Africa's Talking names them in `networkCode` (MCC 640 + MNC).
NETWORKS: tuple[tuple[str, str], ...] = (
    ("64004", "Vodacom"),
    ("64005", "Airtel"),
    ("64002", "Tigo/Yas"),
    ("64009", "Halotel"),
    ("64007", "TTCL"),
    ("64003", "Zantel"),
)
# The phones a new page starts with (the second after "add phone"): a citizen and the officer
# a water complaint in Makete reaches, so a trainer can play both sides of one complaint.
PHONES: tuple[dict[str, str], ...] = (
    {"number": "+255754123456", "network": "64004", "label": "Citizen (mwananchi)"},
    {"number": "+255713000001", "network": "64002", "label": "Water officer (afisa maji)"},
)


def init_app(app: Flask, config: Config) -> None:
    """Serve the simulator on this app if the configuration turns it on."""
    if not config.simulator:
        return
    app.register_blueprint(bp)
    # The page asks for each phone's inbox every 2 s. The development server would log each
    # request line: a flood that hides the SMS lines, and a raw phone number in every line.
    access_log = logging.getLogger("werkzeug")
    if _QUIET_INBOX not in access_log.filters:
        access_log.addFilter(_QUIET_INBOX)


@bp.before_request
def _console_login_in_production() -> ResponseReturnValue | None:
    """With real Africa's Talking credentials the simulator is for logged-in council staff only:
    the page holds the webhook key and can send SMS that cost the council money."""
    if current_gateway().config.sms_backend != "africastalking":
        return None
    return login_redirect()


@bp.get("")
def page() -> Response:
    """The simulator: phones with a keypad, USSD screens, and an SMS inbox each."""
    response = Response(render_template("simulator.html", settings=page_settings()))
    # The page holds the webhook key: never cached, never framed by another site. Everything
    # it loads comes from the gateway, so the policy can forbid every other origin.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none';"
        " form-action 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def page_settings() -> dict[str, Any]:
    """What the page's script needs: webhook addresses with the key, service code, networks."""
    config = current_gateway().config
    # The key goes on each webhook address exactly as in the Africa's Talking dashboard.
    key: dict[str, Any] = {"key": config.webhook_secret} if config.webhook_secret else {}
    return {
        "serviceCode": config.ussd_service_code,
        "shortcode": SHORTCODE,
        "sessionTimeoutSeconds": SESSION_TIMEOUT_SECONDS,
        "pollSeconds": POLL_SECONDS,
        "simulatedIdPrefix": MESSAGE_ID_PREFIX,
        "networks": [{"code": code, "name": name} for code, name in NETWORKS],
        "phones": list(PHONES),
        "urls": {
            "ussd": url_for("ussd.ussd", **key),
            "events": url_for("ussd.ussd_events", **key),
            "incoming": url_for("sms.incoming", **key),
            "delivery": url_for("sms.delivery", **key),
            "inbox": url_for("simulator.inbox"),
        },
    }


@bp.get("/inbox")
def inbox() -> tuple[Response, int]:
    """The SMS the gateway wrote for one phone (`?phone=`), oldest first, as JSON."""
    try:
        phone = normalise_phone(request.args.get("phone", ""))
    except ValueError:
        return jsonify(error="phone is not a valid phone number (e.g. +255754123456)"), 400
    with current_gateway().sessions() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.phone == phone)
            .order_by(OutboxMessage.id.desc())
            .limit(INBOX_LIMIT)
        ).all()
        messages = [_message(row) for row in reversed(rows)]
    return jsonify(phone=phone, messages=messages), 200


def _message(row: OutboxMessage) -> dict[str, Any]:
    return {
        "id": row.id,
        "text": row.text,
        "purpose": row.purpose,
        "status": row.status,
        "created_at": _iso(row.created_at),
        "sent_at": _iso(row.sent_at),
        "delivered_at": _iso(row.delivered_at),
        "provider_message_id": row.provider_message_id,
        "failure_reason": row.failure_reason,
    }


def _iso(moment: datetime | None) -> str | None:
    # Milliseconds: enough to order messages, and what every browser's Date parses.
    return moment.isoformat(timespec="milliseconds") if moment is not None else None


class _InboxAccessFilter(logging.Filter):
    """Drops the development server's access-log lines for inbox polls."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for a line about /simulator/inbox, True for everything else."""
        return "/simulator/inbox" not in record.getMessage()


_QUIET_INBOX = _InboxAccessFilter()
