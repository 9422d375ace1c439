"""What every Africa's Talking callback shares: the secret check and strict form reading."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from datetime import UTC, datetime

from flask import Response, abort, make_response, request

from gateway.runtime import current_gateway


def plain(text: str, status: int = 200) -> Response:
    """A text/plain response, the only kind Africa's Talking reads."""
    response = make_response(text, status)
    response.mimetype = "text/plain"
    return response


def require_key() -> None:
    """403 unless the callback carries WEBHOOK_SECRET as its `key` query parameter (if set)."""
    secret = current_gateway().config.webhook_secret
    if secret is None:
        return
    given = request.args.get("key", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        abort(plain("forbidden: missing or wrong key\n", 403))


def require_fields(form: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """The named form fields, or a 400 that names the first missing one."""
    values = {}
    for name in names:
        value = form.get(name)
        if value is None:
            abort(plain(f"bad request: missing field {name}\n", 400))
        values[name] = value
    return values


def bad_request(reason: str) -> Response:
    """A 400 with its reason, for a callback we cannot read."""
    return plain(f"bad request: {reason}\n", 400)


AT_DATE_FORMATS = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%fZ")


def parse_at_date(value: str) -> datetime:
    """Africa's Talking's `date` in either of its formats (both UTC); ValueError otherwise."""
    for layout in AT_DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), layout).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(value)
