"""Africa's Talking's SMS callbacks: incoming messages and delivery reports."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import Blueprint, Response, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from gateway.channels.sms_inbox import IncomingSms, receive_sms
from gateway.messaging.dispatcher import lift_block
from gateway.messaging.outbox import (
    DELIVERED,
    DELIVERY_STATUSES,
    FAILED,
    after_delivery_report,
)
from gateway.metrics import DELIVERY_REPORTS, SMS_INCOMING
from gateway.people.phones import normalise_phone
from gateway.web.callbacks import (
    bad_request,
    clean,
    field,
    parse_at_date,
    plain,
    require_fields,
    require_key,
)
from gateway.web.current import current_gateway
from store.models import DeliveryReport, OutboxMessage

log = logging.getLogger(__name__)
bp = Blueprint("sms", __name__, url_prefix="/sms")


@bp.post("/incoming")
def incoming() -> Response:
    """Store an SMS to the shortcode once and act on it; a retry gets 200 and changes nothing."""
    require_key()
    fields = require_fields(request.form, ("from", "to", "text", "id"))
    provider_id = clean(fields["id"]).strip()
    if not provider_id or len(provider_id) > 100:
        return bad_request("id must be 1-100 characters")
    try:
        phone = normalise_phone(fields["from"])
    except ValueError:
        return bad_request("from is not a valid phone number")
    sent_at = None
    if request.form.get("date"):
        try:
            sent_at = parse_at_date(request.form["date"])
        except ValueError:
            return bad_request("date is not in an Africa's Talking date format")
    message = IncomingSms(
        provider_id=provider_id,
        phone=phone,
        shortcode=clean(fields["to"])[:32],
        text=clean(fields["text"])[:2000],
        link_id=field(request.form, "linkId", 100),
        network_code=field(request.form, "networkCode", 8),
        sent_at=sent_at,
    )
    new = receive_sms(current_gateway(), message, datetime.now(UTC))
    SMS_INCOMING.labels("no" if new else "yes").inc()
    log.info("sms incoming id=%s new=%s", message.provider_id, new)
    return plain("ok\n")


@bp.post("/delivery")
def delivery() -> Response:
    """Move a sent message forward by its delivery report; repeats and late reports are no-ops."""
    require_key()
    fields = require_fields(request.form, ("id", "status"))
    status = fields["status"]
    if status not in DELIVERY_STATUSES:
        DELIVERY_REPORTS.labels("unknown").inc()
        log.warning("delivery report with unknown status %r for id=%s", status, fields["id"])
        return plain("ignored: unknown status\n")
    report = DeliveryReport(
        provider_message_id=clean(fields["id"])[:64],
        status=status,
        failure_reason=field(request.form, "failureReason", 64),
        retry_count=field(request.form, "retryCount", 8),
        network_code=field(request.form, "networkCode", 8),
        received_at=datetime.now(UTC),
    )
    DELIVERY_REPORTS.labels(status).inc()
    gateway = current_gateway()
    try:
        with gateway.sessions.begin() as session:
            session.add(report)
            session.flush()
            message = session.scalar(
                select(OutboxMessage).where(
                    OutboxMessage.provider_message_id == report.provider_message_id
                )
            )
            if message is None:
                log.warning("delivery report for unknown id=%s", report.provider_message_id)
                return plain("ignored: unknown id\n")
            new = after_delivery_report(message.status, status)
            if new is not None:
                message.status = new
                if new == DELIVERED:
                    message.delivered_at = report.received_at
                    lift_block(session, [message.phone])  # it reached the phone after all
                if new == FAILED:
                    message.failure_reason = report.failure_reason or status
    except IntegrityError:
        log.info("repeated delivery report id=%s status=%s", report.provider_message_id, status)
    log.info("delivery report id=%s status=%s", report.provider_message_id, status)
    return plain("ok\n")
