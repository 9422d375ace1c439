"""The phone simulator page: feature phones in the browser that talk to the real webhooks.

The page is a client like Africa's Talking: it posts the same USSD, end-of-session, incoming-SMS
and delivery-report forms Africa's Talking posts. It posts them to the simulator's own addresses
(/simulator/ussd, ...), which hand each form unchanged to the real webhook (/ussd, ...) inside
the gateway, adding WEBHOOK_SECRET on the way: the same handler runs on the same fields, so
whatever works here works on a real phone, and the secret never reaches the browser.

Beyond that the simulator serves a phone's inbox (the outbox rows the gateway wrote for that
number, with when and why a message waits) and, for training, lets the page send messages
held for quiet hours at once.

It is registered only when `Config.simulator` is on: by default on the embedded default (no
Africa's Talking credentials), or with SIMULATOR=1. Beside real credentials, and wherever
WEBHOOK_SECRET is set, every address here needs a console login of the complaints desk or the
DED: the inbox shows any phone's SMS, the page can make the council send SMS that cost money,
and what it forwards carries the webhooks' secret.
"""

from __future__ import annotations

import hmac
import logging
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlalchemy import select, update
from werkzeug.test import EnvironBuilder

from charter.calendar import EAT
from gateway.config import Config
from gateway.messaging.outbox import QUEUED, RETRYING
from gateway.messaging.providers.simulator import MESSAGE_ID_PREFIX
from gateway.people.phones import normalise_phone
from gateway.web.console import login_redirect
from gateway.web.console.auth import CSRF_FIELD, csrf_token, current_officer
from gateway.web.current import current_gateway
from gateway.web.pages import page_now
from store.models import OutboxMessage

log = logging.getLogger(__name__)

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
TRAINERS = ("desk", "ded")  # who may use the simulator beside real credentials
CSRF_HEADER = "X-CSRF-Token"
# The simulator's address for each Africa's Talking callback, and the real webhook it feeds.
WEBHOOKS = {
    "ussd": "ussd.ussd",
    "ussd/events": "ussd.ussd_events",
    "sms/incoming": "sms.incoming",
    "sms/delivery": "sms.delivery",
}

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


def trainers_only(config: Config) -> bool:
    """Whether only the desk and the DED may use the simulator: beside real credentials, and
    wherever the webhooks need WEBHOOK_SECRET, which the simulator adds to what it forwards
    (else anyone could send officers' commands as their phones through it)."""
    return config.sms_backend == "africastalking" or config.webhook_secret is not None


@bp.before_request
def _guard() -> ResponseReturnValue | None:
    """Where the webhooks are guarded: the desk and the DED only. Every POST carries the
    page's token."""
    if trainers_only(current_gateway().config):
        needs_login = login_redirect()
        if needs_login is not None:
            return needs_login
        if current_officer().role not in TRAINERS:
            abort(403)
    if request.method == "POST":
        # The page sends the token in a header, so the forms it forwards stay exactly
        # Africa's Talking's; another site can neither read the token nor set the header.
        expected = session.get(CSRF_FIELD)
        given = request.headers.get(CSRF_HEADER, "")
        if not isinstance(expected, str) or not hmac.compare_digest(given, expected):
            abort(400)
    return None


@bp.get("")
def page() -> Response:
    """The simulator: phones with a keypad, USSD screens, and an SMS inbox each."""
    response = Response(render_template("simulator.html", settings=page_settings()))
    # Never cached (it carries the session's token), never framed by another site. Everything
    # it loads comes from the gateway, so the policy can forbid every other origin.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none';"
        " form-action 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def page_settings() -> dict[str, Any]:
    """What the page's script needs: the simulator's addresses, service code, networks."""
    config = current_gateway().config
    return {
        "serviceCode": config.ussd_service_code,
        "shortcode": SHORTCODE,
        "sessionTimeoutSeconds": SESSION_TIMEOUT_SECONDS,
        "pollSeconds": POLL_SECONDS,
        "simulatedIdPrefix": MESSAGE_ID_PREFIX,
        "csrfHeader": CSRF_HEADER,
        "csrfToken": csrf_token(),
        "networks": [{"code": code, "name": name} for code, name in NETWORKS],
        "phones": list(PHONES),
        "urls": {
            "ussd": url_for("simulator.webhook", hook="ussd"),
            "events": url_for("simulator.webhook", hook="ussd/events"),
            "incoming": url_for("simulator.webhook", hook="sms/incoming"),
            "delivery": url_for("simulator.webhook", hook="sms/delivery"),
            "inbox": url_for("simulator.inbox"),
            "release": url_for("simulator.release"),
        },
    }


@bp.post("/<path:hook>")
def webhook(hook: str) -> Response:
    """Hand the page's form, unchanged, to the real webhook, with the key Africa's Talking
    would put on its address; answer with whatever that webhook answered."""
    endpoint = WEBHOOKS.get(hook)
    if endpoint is None:
        abort(404)
    secret = current_gateway().config.webhook_secret
    key: dict[str, Any] = {"key": secret} if secret else {}
    path = url_for(endpoint, **key)
    environ = EnvironBuilder(
        path=path.removeprefix(request.script_root),
        base_url=request.root_url,
        method="POST",
        data=request.get_data(),
        content_type=request.content_type,
        environ_base={"REMOTE_ADDR": request.remote_addr or "127.0.0.1"},
    ).get_environ()
    answer = current_app.response_class.from_app(current_app.wsgi_app, environ)
    return current_app.make_response(answer)


@bp.get("/inbox")
def inbox() -> tuple[Response, int]:
    """The SMS the gateway wrote for one phone (`?phone=`), oldest first, as JSON."""
    try:
        phone = normalise_phone(request.args.get("phone", ""))
    except ValueError:
        return jsonify(error="phone is not a valid phone number (e.g. +255754123456)"), 400
    now = page_now()
    with current_gateway().sessions() as db:
        rows = db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.phone == phone)
            .order_by(OutboxMessage.id.desc())
            .limit(INBOX_LIMIT)
        ).all()
        messages = [_message(row, now) for row in reversed(rows)]
    return jsonify(phone=phone, messages=messages), 200


@bp.post("/release")
def release() -> tuple[Response, int]:
    """For training: send now what these phones' outbox holds for quiet hours (`phone` fields,
    form-encoded). Only messages waiting for the morning move; nothing else changes."""
    phones = set()
    for raw in request.form.getlist("phone"):
        try:
            phones.add(normalise_phone(raw))
        except ValueError:
            continue
    now = page_now()
    with current_gateway().sessions.begin() as db:
        released = db.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.phone.in_(phones),
                OutboxMessage.status == QUEUED,
                OutboxMessage.due_at > now,
            )
            .values(due_at=now)
        ).rowcount  # type: ignore[attr-defined]
    if released:
        log.info("simulator released %d sms held for quiet hours", released)
    return jsonify(released=released), 200


def _message(row: OutboxMessage, now: datetime) -> dict[str, Any]:
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
        "held": _held(row, now),
    }


def _held(row: OutboxMessage, now: datetime) -> dict[str, str] | None:
    """Why and until when a message waits: quiet hours (queued for the morning) or a retry."""
    if row.status not in (QUEUED, RETRYING) or row.due_at <= now:
        return None
    return {
        "reason": "quiet_hours" if row.status == QUEUED else "retry",
        # Quiet hours are East Africa Time, and end within a day: the trainer is told the clock.
        "clock": f"{row.due_at.astimezone(EAT):%H:%M}",
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
