"""The SMS provider port: what the outbox dispatcher needs from any way of sending one SMS.

Pure on purpose (no Flask, no SQLAlchemy, no network): adapters (Africa's Talking, console, fake)
live beside it and all report through `SendResult`, so the dispatcher never sees provider details.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Protocol

Outcome = Literal["accepted", "retry", "failed"]

#: Africa's Talking per-recipient `statusCode` -> (name AT uses in `status`, what the outbox does).
#: The one place provider status becomes our outcome; adapters and tests read it from here.
STATUS_CODES: dict[int, tuple[str, Outcome]] = {
    100: ("Processed", "accepted"),
    101: ("Sent", "accepted"),
    102: ("Queued", "accepted"),
    # Account, platform or operator trouble on AT's side: the same message can go through later.
    401: ("RiskHold", "retry"),
    405: ("InsufficientBalance", "retry"),
    409: ("DoNotDisturbRejection", "retry"),
    500: ("InternalServerError", "retry"),
    501: ("GatewayError", "retry"),
    502: ("RejectedByGateway", "retry"),
    # Refusals that sending the same message to the same number again cannot fix.
    402: ("InvalidSenderId", "failed"),
    403: ("InvalidPhoneNumber", "failed"),
    404: ("UnsupportedNumberType", "failed"),
    406: ("UserInBlacklist", "failed"),
    407: ("CouldNotRoute", "failed"),
}

#: The citizen opted out (dialled the operator's STOP code): the outbox should stop trying them.
BLACKLISTED_CODE = 406

# Reverse view of STATUS_CODES for whole-request errors, where AT names the error but gives no code.
_OUTCOME_BY_NAME: dict[str, tuple[int, Outcome]] = {
    name: (code, outcome) for code, (name, outcome) in STATUS_CODES.items()
}

_REASON_MAX = 100


@dataclass(frozen=True)
class SendResult:
    """What happened to one SMS handed to a provider, in the outbox's terms."""

    outcome: Outcome
    message_id: str | None = None
    parts: int | None = None
    cost: str | None = None
    reason: str | None = None
    blacklisted: bool = False


class SmsProvider(Protocol):
    """Sends SMS to E.164 numbers; never raises for provider or network failures."""

    def send(self, phone: str, text: str) -> SendResult:
        """Hand `text` to the provider for `phone` (E.164 with '+') and report the outcome."""
        ...

    def send_bulk(self, phones: Sequence[str], text: str) -> dict[str, SendResult]:
        """Hand one `text` to the provider for several different phones, a result for each."""
        ...


def send_each(provider: SmsProvider, phones: Sequence[str], text: str) -> dict[str, SendResult]:
    """`send_bulk` for a provider without many-recipient requests: one send per phone."""
    return {phone: provider.send(phone, text) for phone in phones}


def judge_response(body: dict[str, Any] | str, phone: str) -> SendResult:
    """Turn Africa's Talking's answer to a send request into the result for `phone`."""
    return judge_responses(body, [phone])[phone]


def judge_responses(body: dict[str, Any] | str, phones: Sequence[str]) -> dict[str, SendResult]:
    """Turn Africa's Talking's answer to one send request into each phone's result: the answer
    is read once and its recipients found by number (a survey's 100 numbers, not 100 scans)."""
    data = _parse_body(body)
    if isinstance(data, SendResult):
        return dict.fromkeys(phones, data)
    message_data = data.get("SMSMessageData")
    if not isinstance(message_data, dict):
        return dict.fromkeys(phones, _retry("unexpected response: no SMSMessageData"))
    recipients = message_data.get("Recipients")
    if not recipients:
        return dict.fromkeys(phones, _judge_whole_request(message_data.get("Message")))
    if not isinstance(recipients, list):
        return dict.fromkeys(phones, _retry("unexpected response: Recipients is not a list"))
    by_number = _recipients_by_number(recipients)
    results = {}
    for phone in phones:
        recipient = by_number.get(_digits(phone))
        # We sent to exactly this number; if AT does not account for it we cannot claim it went.
        results[phone] = (
            _retry("no recipient for this phone in response")
            if recipient is None
            else _judge_recipient(recipient)
        )
    return results


def at_money(text: str | None) -> tuple[str, Decimal] | None:
    """Currency and amount of Africa's Talking's money ("TZS 22.0000", a cost; "TZS -1.4572", a
    balance); None for anything else."""
    # Anything not shaped "CCC 1.23" (a bare "0", a missing cost) is no money: a guess would put
    # money in the report that was not spent, or tell the desk of a balance nobody read.
    currency, _, amount = (text or "").strip().partition(" ")
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        return None
    try:
        value = Decimal(amount.replace(",", ""))
    except InvalidOperation:
        return None
    return (currency, value) if value.is_finite() else None


def mask_phone(phone: str) -> str:
    """The phone number as logs may show it: only the last three digits."""
    return "***" + phone[-3:] if len(phone) > 3 else "***"


def _parse_body(body: dict[str, Any] | str) -> dict[str, Any] | SendResult:
    if isinstance(body, dict):
        return body
    if not isinstance(body, str):
        return _retry(f"unexpected response type: {type(body).__name__}")
    try:
        # The SDK hands back the raw text whenever Content-Type is not exactly
        # "application/json" (e.g. "application/json; charset=UTF-8"), so parse it here.
        parsed = json.loads(body)
    except ValueError:
        return _retry(f"unparseable response: {_shorten(body) or '(empty)'}")
    if not isinstance(parsed, dict):
        return _retry(f"unexpected response: {_shorten(body)}")
    return parsed


def _judge_whole_request(message: object) -> SendResult:
    # AT refuses a whole request with Recipients [] and the error's name in Message. A name from
    # the table gets that name's outcome (InvalidSenderId fails: resending cannot fix a sender id
    # AT does not know); anything else (an empty or unfamiliar Message) is retried, because
    # nothing says the message is unsendable and a lost complaint reply costs more than a retry.
    text = message.strip() if isinstance(message, str) else ""
    known = _OUTCOME_BY_NAME.get(text)
    if known is not None:
        code, outcome = known
        return SendResult(outcome=outcome, reason=text, blacklisted=code == BLACKLISTED_CODE)
    return _retry(f"no recipients: {_shorten(text)}" if text else "no recipients")


def _recipients_by_number(recipients: list[Any]) -> dict[str, dict[str, Any]]:
    """The answer's recipients by the digits of their number (the first, if one repeats)."""
    found: dict[str, dict[str, Any]] = {}
    for recipient in recipients:
        if isinstance(recipient, dict):
            found.setdefault(_digits(str(recipient.get("number", ""))), recipient)
    return found


def _judge_recipient(recipient: dict[str, Any]) -> SendResult:
    raw_id = recipient.get("messageId")
    # Failed recipients carry the string "None", not null.
    message_id = raw_id if isinstance(raw_id, str) and raw_id not in ("", "None") else None
    parts = _int_or_none(recipient.get("messageParts"))
    cost = recipient.get("cost")
    cost = str(cost) if cost is not None else None
    code = _int_or_none(recipient.get("statusCode"))
    status = str(recipient.get("status", ""))
    known = STATUS_CODES.get(code) if code is not None else None
    if known is None:
        # Unknown or missing codes are retried, not failed: such a code says nothing about
        # permanence, a needless retry costs one request (the dispatcher caps attempts), while a
        # wrong failure silently drops a citizen's reply. The reason names the code for the logs.
        what = f"unknown statusCode {code}" if code is not None else "missing statusCode"
        why = f"{what} ({_shorten(status)})" if status else what
        return SendResult("retry", message_id, parts, cost, why)
    name, outcome = known
    reason = None if outcome == "accepted" else f"{name} ({code})"
    return SendResult(outcome, message_id, parts, cost, reason, code == BLACKLISTED_CODE)


def _retry(reason: str) -> SendResult:
    return SendResult(outcome="retry", reason=reason)


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def _shorten(text: str) -> str:
    return " ".join(text.split())[:_REASON_MAX]
