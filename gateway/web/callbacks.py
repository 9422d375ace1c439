"""What every Africa's Talking callback shares: the secret check and strict form reading."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Request, Response, abort, request
from flask.sessions import SecureCookieSessionInterface

from gateway.web.current import current_gateway

CALLBACK_PATHS = ("/ussd", "/sms/")  # Africa's Talking's: /ussd, /ussd/events, /sms/...


class CallbackSessions(SecureCookieSessionInterface):
    """The console's signed-cookie sessions, never opened for a provider's callback: it carries
    no cookie, and the cookie's signer, built afresh for every request, costs a USSD step more
    than the menu does."""

    def open_session(self, app: Flask, request: Request) -> Any:
        """A null session (nothing read, nothing written) for a callback; else the cookie's."""
        if request.path.startswith(CALLBACK_PATHS):
            return self.make_null_session(app)
        return super().open_session(app, request)


def plain(text: str, status: int = 200) -> Response:
    """A text/plain response, the only kind Africa's Talking reads."""
    return Response(text, status, mimetype="text/plain")


FORBIDDEN = "forbidden: missing or wrong key\n"


def key_matches(given: str, secret: str | None) -> bool:
    """Whether a callback's `key` query parameter is WEBHOOK_SECRET (any, when none is set)."""
    return secret is None or hmac.compare_digest(given.encode(), secret.encode())


def require_key() -> None:
    """403 unless the callback carries WEBHOOK_SECRET as its `key` query parameter (if set)."""
    if not key_matches(request.args.get("key", ""), current_gateway().config.webhook_secret):
        abort(plain(FORBIDDEN, 403))


def missing_field(form: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    """The first of the named fields the form lacks, or None."""
    return next((name for name in names if form.get(name) is None), None)


def require_fields(form: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """The named form fields, or a 400 that names the first missing one."""
    missing = missing_field(form, names)
    if missing is not None:
        abort(bad_request(f"missing field {missing}"))
    return {name: form[name] for name in names}


# C0 control characters but tab and newlines (NUL cannot be stored in PostgreSQL text at all),
# DEL and the C1 controls: none of them is anything a person typed. And the bidirectional
# controls (marks, embeddings, overrides, isolates): a right-to-left override in a citizen's
# words would show an officer text reversed, or hide what follows it.
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_CONTROL = dict.fromkeys(
    [c for c in range(32) if chr(c) not in "\t\n\r"] + list(range(0x7F, 0xA0)) + list(_BIDI)
)


def field(form: Mapping[str, str], name: str, limit: int) -> str | None:
    """An optional form field as the database may keep it: no control characters, at most
    `limit` characters, None when absent or empty. Providers' extra fields are kept, not trusted."""
    value = form.get(name)
    if not value:
        return None
    return clean(value)[:limit] or None


def clean(value: str) -> str:
    """Text without control or bidirectional-control characters (tab and newlines kept)."""
    return value.translate(_CONTROL)


def whole_number(value: str | None) -> int | None:
    """An integer field AT may leave empty or send as '1234.0'; None if absent, odd or huge."""
    try:
        number = int(float(value)) if value else None
    except (ValueError, OverflowError):
        return None
    return number if number is not None and 0 <= number < 2**31 else None


def refusal(reason: str) -> str:
    """A 400's body: its reason, for a callback we cannot read."""
    return f"bad request: {reason}\n"


def bad_request(reason: str) -> Response:
    """A 400 with its reason, for a callback we cannot read."""
    return plain(refusal(reason), 400)


AT_DATE_FORMATS = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%fZ")


def parse_at_date(value: str) -> datetime:
    """Africa's Talking's `date` in either of its formats (both UTC); ValueError otherwise."""
    for layout in AT_DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), layout).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(value)
