"""POST /ussd: Africa's Talking's USSD session callback, thin over the pure menu."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from flask import Blueprint, Response, request

from gateway.channels.ussd_flow import OtherPhone, UssdRequest, handle_step
from gateway.metrics import USSD_STEP_SECONDS, USSD_STEPS
from gateway.people.phones import normalise_phone
from gateway.web.callbacks import (
    bad_request,
    clean,
    field,
    parse_at_date,
    plain,
    require_fields,
    require_key,
    whole_number,
)
from gateway.web.current import current_gateway
from store.models import UssdSessionEnd

log = logging.getLogger(__name__)
bp = Blueprint("ussd", __name__)

USSD_FIELDS = ("sessionId", "serviceCode", "phoneNumber", "text")
MAX_TEXT = 2000  # a whole session's answers; more is no citizen typing
# A bug must still end the session politely: AT shows an error for anything but CON/END.
APOLOGY = "END Samahani, kuna hitilafu. Jaribu tena baadaye.\nSorry, please try again later."


@bp.post("/ussd")
def ussd() -> Response:
    """Answer one USSD step with CON (more to come) or END (session over)."""
    require_key()
    fields = require_fields(request.form, USSD_FIELDS)
    session_id = clean(fields["sessionId"]).strip()
    if not session_id or len(session_id) > 100:
        return bad_request("sessionId must be 1-100 characters")
    try:
        phone = normalise_phone(fields["phoneNumber"])
    except ValueError:
        return bad_request("phoneNumber is not a valid phone number")
    gateway = current_gateway()
    if fields["serviceCode"] != gateway.config.ussd_service_code:
        log.warning("ussd for another service code %r", fields["serviceCode"])
    ussd_request = UssdRequest(
        session_id=session_id,
        service_code=clean(fields["serviceCode"])[:32],
        phone=phone,
        network_code=field(request.form, "networkCode", 8) or "",
        text=clean(fields["text"])[:MAX_TEXT],
    )
    started = time.perf_counter()
    try:
        body = handle_step(gateway, ussd_request, datetime.now(UTC))
    except OtherPhone:
        log.warning("ussd session=%s asked for from another phone", ussd_request.session_id)
        return bad_request("sessionId belongs to another phoneNumber")
    except Exception:
        log.exception("ussd step failed session=%s", ussd_request.session_id)
        body = APOLOGY
    seconds = time.perf_counter() - started
    reply = "apology" if body == APOLOGY else body[:3]
    USSD_STEPS.labels(reply).inc()
    USSD_STEP_SECONDS.labels(reply).observe(seconds)
    log.info(
        "ussd session=%s hops=%d reply=%s ms=%.1f",
        ussd_request.session_id,
        ussd_request.text.count("*") + bool(ussd_request.text),
        reply,
        seconds * 1000,
    )
    return plain(body)


EVENT_FIELDS = ("sessionId", "serviceCode", "phoneNumber", "status", "date")
EVENT_STATUSES = ("Success", "Incomplete", "Failed")


@bp.post("/ussd/events")
def ussd_events() -> Response:
    """Store an end-of-session notification, so the council sees where citizens drop off."""
    require_key()
    fields = require_fields(request.form, EVENT_FIELDS)
    if fields["status"] not in EVENT_STATUSES:
        return bad_request(f"status must be one of {', '.join(EVENT_STATUSES)}")
    try:
        phone = normalise_phone(fields["phoneNumber"])
        ended_at = parse_at_date(fields["date"])
    except ValueError:
        return bad_request("phoneNumber or date is not valid")
    form = request.form
    end = UssdSessionEnd(
        session_id=clean(fields["sessionId"])[:100],
        phone=phone,
        service_code=clean(fields["serviceCode"])[:32],
        network_code=field(form, "networkCode", 8),
        status=fields["status"],
        duration_ms=whole_number(form.get("durationInMillis")),
        hops=whole_number(form.get("hopsCount")),
        last_input=field(form, "input", MAX_TEXT),
        last_screen=field(form, "lastAppResponse", MAX_TEXT),
        error=field(form, "errorMessage", MAX_TEXT),
        cost=field(form, "cost", 32),
        ended_at=ended_at,
    )
    with current_gateway().sessions.begin() as session:
        if session.get(UssdSessionEnd, end.session_id) is None:  # a repeat changes nothing
            session.add(end)
    log.info("ussd session end session=%s status=%s", end.session_id, end.status)
    return plain("ok\n")
