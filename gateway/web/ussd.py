"""POST /ussd: Africa's Talking's USSD session callback, thin over the pure menu.

A USSD step is the gateway's busiest request, so it is answered by `UssdDoor`, a WSGI layer in
front of Flask, and never reaches Flask's machinery: its app and request contexts, routing,
signals, form parser and response object cost about 0.26 ms a step, a quarter of a step's CPU
(bench/RESULTS.md). The door answers only the path /ussd (every method: anything but POST is a
405); every other request, /ussd/events included, goes on to Flask. The blueprint keeps a
build-only rule for /ussd, so `url_for("ussd.ussd")` still names it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from flask import Blueprint, Flask, Response, request

from gateway.channels.ussd_flow import OtherPhone, UssdRequest, handle_step
from gateway.metrics import USSD_STEP_SECONDS, USSD_STEPS
from gateway.people.phones import normalise_phone
from gateway.runtime import Gateway
from gateway.web.callbacks import (
    FORBIDDEN,
    bad_request,
    clean,
    field,
    key_matches,
    missing_field,
    parse_at_date,
    plain,
    refusal,
    require_fields,
    require_key,
    whole_number,
)
from gateway.web.current import current_gateway
from store.models import UssdSessionEnd

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)
bp = Blueprint("ussd", __name__)
bp.add_url_rule("/ussd", "ussd", build_only=True)  # answered by UssdDoor; named for url_for

PATH = "/ussd"
USSD_FIELDS = ("sessionId", "serviceCode", "phoneNumber", "text")
MAX_TEXT = 2000  # a whole session's answers; more is no citizen typing
# A bug must still end the session politely: AT shows an error for anything but CON/END.
APOLOGY = "END Samahani, kuna hitilafu. Jaribu tena baadaye.\nSorry, please try again later."
FORM = "application/x-www-form-urlencoded"  # what Africa's Talking posts


class UssdDoor:
    """The app's WSGI entry: POST /ussd answered here, everything else passed to Flask."""

    def __init__(self, app: Flask) -> None:
        self.inner: WSGIApplication = app.wsgi_app
        self.gateway: Gateway = app.extensions["gateway"]
        self.limit: int = app.config["MAX_CONTENT_LENGTH"]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.inner(environ, start_response)
        status, body = self.answer(environ)
        data = body.encode()
        headers = [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(data))),
        ]
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            headers.append(("Allow", "POST"))
        start_response(f"{status.value} {status.phrase}", headers)
        return [data]

    def answer(self, environ: WSGIEnvironment) -> tuple[HTTPStatus, str]:
        """The status and text for one request to /ussd."""
        if environ.get("REQUEST_METHOD") != "POST":
            return HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed: POST only\n"
        query = _first_values(str(environ.get("QUERY_STRING", "")))
        if not key_matches(query.get("key", ""), self.gateway.config.webhook_secret):
            return HTTPStatus.FORBIDDEN, FORBIDDEN
        form = self.form(environ)
        if isinstance(form, tuple):
            return form
        missing = missing_field(form, USSD_FIELDS)
        if missing is not None:
            return HTTPStatus.BAD_REQUEST, refusal(f"missing field {missing}")
        return ussd_step(self.gateway, form)

    def form(self, environ: WSGIEnvironment) -> dict[str, str] | tuple[HTTPStatus, str]:
        """The posted form, as Flask would read it (the first of repeated fields), or a refusal.
        A body that is not a form reads as an empty one, and its fields are then missing."""
        declared = str(environ.get("CONTENT_LENGTH") or "")
        if declared and not declared.isdigit():
            return HTTPStatus.BAD_REQUEST, refusal("Content-Length is not a number")
        length: int | None = int(declared or 0)
        if not declared and environ.get("wsgi.input_terminated"):
            length = None  # chunked: the server ends the stream (read up to the limit, and see)
        if length is not None and length > self.limit:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "payload too large\n"
        if not str(environ.get("CONTENT_TYPE", "")).lower().startswith(FORM) or length == 0:
            return {}
        body = environ["wsgi.input"].read(self.limit + 1 if length is None else length)
        if len(body) > self.limit:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "payload too large\n"
        try:
            text = body.decode()
        except UnicodeDecodeError:
            return HTTPStatus.BAD_REQUEST, refusal("the form is not UTF-8")
        return _first_values(text)


def _first_values(encoded: str) -> dict[str, str]:
    """A query string or form, as Flask reads one: blanks kept, the first of repeated names."""
    values: dict[str, str] = {}
    for name, value in parse_qsl(encoded, keep_blank_values=True, errors="werkzeug.url_quote"):
        values.setdefault(name, value)
    return values


def ussd_step(gateway: Gateway, form: dict[str, str]) -> tuple[HTTPStatus, str]:
    """Answer one USSD step with CON (more to come) or END (session over)."""
    session_id = clean(form["sessionId"]).strip()
    if not session_id or len(session_id) > 100:
        return HTTPStatus.BAD_REQUEST, refusal("sessionId must be 1-100 characters")
    try:
        phone = normalise_phone(form["phoneNumber"])
    except ValueError:
        return HTTPStatus.BAD_REQUEST, refusal("phoneNumber is not a valid phone number")
    if form["serviceCode"] != gateway.config.ussd_service_code:
        log.warning("ussd for another service code %r", form["serviceCode"])
    ussd_request = UssdRequest(
        session_id=session_id,
        service_code=clean(form["serviceCode"])[:32],
        phone=phone,
        network_code=field(form, "networkCode", 8) or "",
        text=clean(form["text"])[:MAX_TEXT],
    )
    started = time.perf_counter()
    try:
        body = handle_step(gateway, ussd_request, datetime.now(UTC))
    except OtherPhone:
        log.warning("ussd session=%s asked for from another phone", ussd_request.session_id)
        return HTTPStatus.BAD_REQUEST, refusal("sessionId belongs to another phoneNumber")
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
    return HTTPStatus.OK, body


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
