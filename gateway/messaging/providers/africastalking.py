"""The real SMS adapter: Africa's Talking through its official Python SDK; and the account's
balance, read through the SDK's application data call."""

from __future__ import annotations

import json
import logging
import queue
from collections.abc import Callable, Sequence
from typing import Any

import africastalking
import requests
from africastalking.Service import DEFAULT_TIMEOUT_S, AfricasTalkingException

from gateway.messaging.providers.provider import (
    SendResult,
    at_money,
    judge_response,
    mask_phone,
)

log = logging.getLogger(__name__)

_REASON_MAX = 100


class AfricasTalkingProvider:
    """Sends SMS with `africastalking.SMSService`, synchronously: one request a call, to one
    number or (`send_bulk`) to several with the same text."""

    def __init__(
        self,
        username: str,
        api_key: str,
        sender_id: str | None = None,
        api_url: str | None = None,
        timeout: tuple[float, float] = (3.05, 9.05),
    ) -> None:
        """Build the SDK service; `api_url` (a base like "http://127.0.0.1:8123") overrides AT's."""
        self._service = africastalking.SMSService(username, api_key)
        if api_url:
            # The SDK picks its host from the username (sandbox or production) and has no public
            # switch; the per-instance `_baseUrl` is what it builds "/messaging" URLs from. Set
            # here, on this instance only, so a fake AT can stand in and no module is patched.
            self._service._baseUrl = api_url.rstrip("/") + "/version1"
        # The SDK posts with `requests.post`: a new connection (with Africa's Talking, a new TLS
        # handshake) for every SMS. This instance's POSTs go through kept sessions instead.
        self._service._Service__make_post_request = _Sessions(self._service._baseUrl).post
        # An empty SENDER_ID from the environment means "AT's default", as does None.
        self._sender_id = sender_id or None
        self._timeout = timeout

    def send(self, phone: str, text: str) -> SendResult:
        """Send `text` to `phone`; every provider or network failure comes back as a result."""
        return self.send_bulk([phone], text)[phone]

    def send_bulk(self, phones: Sequence[str], text: str) -> dict[str, SendResult]:
        """Send one `text` to several phones in one request, judging each recipient apart."""
        outcome = self._request(list(phones), text)
        results = {
            phone: outcome if isinstance(outcome, SendResult) else judge_response(outcome, phone)
            for phone in phones
        }
        for phone, result in results.items():
            _log_result(phone, result)
        return results

    def _request(self, phones: list[str], text: str) -> dict[str, Any] | str | SendResult:
        """AT's answer to one send request, or the result every recipient gets when it failed."""
        try:
            # No callback: the SDK's async mode swallows network errors in its thread.
            body: dict[str, Any] | str = self._service.send(
                text, phones, sender_id=self._sender_id, timeout=self._timeout
            )
        except AfricasTalkingException as exc:
            # The SDK raises this for any non-2xx and keeps only the body, not the status. That
            # includes 401 "The supplied authentication is invalid": a wrong key is the operator's
            # mistake to fix, and the messages queued meanwhile must still go out once it is fixed.
            return SendResult("retry", reason=f"HTTP error: {_shorten(str(exc))}")
        except requests.exceptions.Timeout:
            # Includes a read timeout after AT may already have sent it: a retry can duplicate an
            # SMS, which beats a citizen never hearing back.
            return SendResult("retry", reason="timeout")
        except requests.exceptions.ConnectionError as exc:
            refused = "refused" in str(exc).lower()
            return SendResult(
                "retry", reason="connection refused" if refused else "connection error"
            )
        except requests.exceptions.JSONDecodeError as exc:
            # Labelled exactly "application/json" but not JSON (a proxy's error page, say); must
            # come before ValueError, which it also is.
            return SendResult("retry", reason=f"unparseable response: {_shorten(exc.doc)}")
        except requests.exceptions.RequestException as exc:
            return SendResult("retry", reason=f"request error: {type(exc).__name__}")
        except ValueError as exc:
            if not str(exc).startswith("Invalid phone number"):
                raise
            # The SDK's own check (+ then digits): no number fixes itself by waiting.
            return SendResult("failed", reason="invalid phone")
        return body


class BalanceUnavailable(Exception):
    """The balance could not be read; the message says why (no secret, no number)."""


def read_balance(
    username: str,
    api_key: str,
    api_url: str | None = None,
    timeout: tuple[float, float] = (3.05, 9.05),
) -> str:
    """The account's balance as Africa's Talking says it ("TZS 1785.5000"), from the SDK's
    application data call (GET /version1/user); BalanceUnavailable if it cannot be read."""
    service = africastalking.ApplicationService(username, api_key)
    if api_url:  # as for sending: this instance only, so a fake AT can stand in
        service._baseUrl = api_url.rstrip("/") + "/version1"
    try:
        body: dict[str, Any] | str = service.fetch_application_data(timeout=timeout)
    except AfricasTalkingException as exc:
        raise BalanceUnavailable(f"HTTP error: {_shorten(str(exc))}") from None
    except requests.exceptions.Timeout:
        raise BalanceUnavailable("timeout") from None
    except requests.exceptions.ConnectionError as exc:
        refused = "refused" in str(exc).lower()
        raise BalanceUnavailable("connection refused" if refused else "connection error") from None
    except requests.exceptions.JSONDecodeError:  # labelled JSON, but not JSON
        raise BalanceUnavailable("unparseable answer") from None
    except requests.exceptions.RequestException as exc:
        raise BalanceUnavailable(f"request error: {type(exc).__name__}") from None
    balance = _balance_in(body)
    if balance is None:
        raise BalanceUnavailable(f"unexpected answer: {_shorten(str(body))}")
    return balance


def _balance_in(body: dict[str, Any] | str) -> str | None:
    """UserData.balance of the answer (a str when its Content-Type carries a charset)."""
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return None
    data = body.get("UserData") if isinstance(body, dict) else None
    balance = data.get("balance") if isinstance(data, dict) else None
    return balance.strip() if isinstance(balance, str) and at_money(balance) else None


class _Sessions:
    """Kept `requests` sessions for the SDK's POSTs, so connections (and, with Africa's
    Talking, TLS sessions) are reused from one SMS to the next. Each call borrows a session (a
    new one when all are out, as when the dispatcher has several sends in flight) and gives it
    back, so no session serves two threads at once. A connection the server has closed since
    is noticed by urllib3 before reuse and opened again; one it closes in mid-request fails
    that send as a connection error, which the dispatcher retries.

    `post` stands in for the SDK's own `Service.__make_post_request` on one instance: the same
    arguments, answer and callback. If a later SDK renamed that method, sends would still work,
    a connection each (tests/sms/test_africastalking_adapter.py would say so).
    """

    def __init__(self, base_url: str) -> None:
        self._idle: queue.SimpleQueue[requests.Session] = queue.SimpleQueue()
        # What requests reads from the environment for each call (proxies and no_proxy, a CA
        # bundle) is read once, for the one host these sessions talk to: scanning the
        # environment was a sixth of a send's CPU. (No .netrc: AT authenticates by its header.)
        with requests.Session() as reader:
            settings = reader.merge_environment_settings(base_url, {}, None, None, None)
        self._proxies, self._verify = settings["proxies"], settings["verify"]

    def post(
        self,
        url: str,
        headers: Any,
        data: Any,
        params: Any,
        callback: Callable[[requests.Response], None] | None = None,
        timeout: Any = DEFAULT_TIMEOUT_S,
    ) -> requests.Response | None:
        try:
            session = self._idle.get_nowait()
        except queue.Empty:
            session = requests.Session()
            session.trust_env = False
            session.proxies, session.verify = self._proxies, self._verify
        try:
            response = session.post(
                url=url, headers=headers, params=params, data=data, timeout=timeout
            )
        finally:
            self._idle.put(session)
        if callback:
            callback(response)
            return None
        return response


def _log_result(phone: str, result: SendResult) -> None:
    if result.outcome == "accepted":
        log.debug(
            "sms accepted to=%s id=%s parts=%s", mask_phone(phone), result.message_id, result.parts
        )
    else:
        log.warning("sms %s to=%s reason=%s", result.outcome, mask_phone(phone), result.reason)


def _shorten(text: str) -> str:
    return " ".join(text.split())[:_REASON_MAX]
