"""The real SMS adapter: Africa's Talking through its official Python SDK; and the account's
balance, read through the SDK's application data call."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

import africastalking
import requests
import urllib3
from africastalking.Service import DEFAULT_TIMEOUT_S, AfricasTalkingException
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPConnectionPool, Timeout
from urllib3.exceptions import (
    ClosedPoolError,
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)

from gateway.messaging.providers.provider import (
    SendResult,
    at_money,
    judge_responses,
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
        # handshake) for every SMS. This instance's POSTs go through kept connections instead.
        self._service._Service__make_post_request = _KeptConnections(self._service._baseUrl).post
        # An empty SENDER_ID from the environment means "AT's default", as does None.
        self._sender_id = sender_id or None
        self._timeout = timeout

    def send(self, phone: str, text: str) -> SendResult:
        """Send `text` to `phone`; every provider or network failure comes back as a result."""
        return self.send_bulk([phone], text)[phone]

    def send_bulk(self, phones: Sequence[str], text: str) -> dict[str, SendResult]:
        """Send one `text` to several phones in one request, judging each recipient apart."""
        outcome = self._request(list(phones), text)
        results = (
            dict.fromkeys(phones, outcome)
            if isinstance(outcome, SendResult)
            else judge_responses(outcome, phones)
        )
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


class _KeptConnections:
    """The SDK's POSTs over kept connections, so connections (and, with Africa's Talking, TLS
    sessions) are reused from one SMS to the next. The connections come from one urllib3 pool
    (what requests itself sends through), shared by the threads: each request takes an idle
    connection or opens one, and gives it back once the answer is read. A connection the server
    has closed since is noticed by urllib3 before reuse and opened again; one it closes in
    mid-request fails that send as a connection error, which the dispatcher retries.

    requests' `Session.post` around that pool cost about half a send's CPU (merging settings,
    cookies and hooks, preparing the request, and a stat of the CA bundle for every call), and
    a backlog's drain is CPU-bound. So the pool is found once, through requests' own adapter
    (proxies, CA bundle and TLS as requests would set them up), and each POST goes to it
    directly: the answer is still a `requests.Response`, and its failures are requests'
    exceptions, mapped as requests maps them, so the SDK and `_request` see what they always
    did. No redirect is followed: Africa's Talking's API does not redirect, and a 3xx is an
    answer to retry, not a POST to repeat elsewhere.

    `post` stands in for the SDK's own `Service.__make_post_request` on one instance: the same
    arguments, answer and callback. If a later SDK renamed that method, sends would still work,
    a connection each (tests/sms/test_africastalking_adapter.py would say so).
    """

    def __init__(self, base_url: str) -> None:
        # What requests reads from the environment for each call (proxies and no_proxy, a CA
        # bundle) is read once, for the one host these connections talk to: scanning the
        # environment was a sixth of a send's CPU. (No .netrc: AT authenticates by its header.)
        with requests.Session() as reader:
            settings = reader.merge_environment_settings(base_url, {}, None, None, None)
            self._headers = dict(reader.headers)  # requests' own: gzip, keep-alive
        self._proxies, self._verify = settings["proxies"], settings["verify"]
        self._adapter = HTTPAdapter()
        self._targets: dict[str, tuple[HTTPConnectionPool, str]] = {}
        self._lock = threading.Lock()

    def post(
        self,
        url: str,
        headers: Any,
        data: Any,
        params: Any,
        callback: Callable[[requests.Response], None] | None = None,
        timeout: Any = DEFAULT_TIMEOUT_S,
    ) -> requests.Response | None:
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
        pool, target = self._target(url)
        body = urlencode(data, doseq=True).encode()
        sent_headers = {
            **self._headers,
            **headers,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
        try:
            raw = pool.urlopen(
                "POST",
                target,
                body=body,
                headers=sent_headers,
                redirect=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=False,
                release_conn=False,  # the answer gives it back once read (as in requests)
                retries=self._adapter.max_retries,
                timeout=Timeout(connect=connect, read=read),
            )
        except Exception as error:
            raise _as_requests_error(error) from error
        response = requests.Response()
        response.status_code = raw.status
        response.headers = CaseInsensitiveDict(raw.headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw, response.url, response.reason = raw, url, raw.reason or ""
        _ = response.content  # read it all now, as requests does: its errors are requests' too
        if callback:
            callback(response)
            return None
        return response

    def _target(self, url: str) -> tuple[HTTPConnectionPool, str]:
        """The pool for `url` and what to ask it for (the whole URL, through a plain proxy)."""
        found = self._targets.get(url)
        if found is None:
            with self._lock:
                request = requests.Request("POST", url).prepare()
                pool = self._adapter.get_connection_with_tls_context(
                    request, self._verify, self._proxies
                )
                found = self._targets[url] = (
                    pool,
                    self._adapter.request_url(request, self._proxies),
                )
        return found


def _as_requests_error(error: Exception) -> Exception:
    """urllib3's failure as requests' `HTTPAdapter.send` reports it (the adapter's `_request`
    reads the kind: timeout, refused, other connection error)."""
    if isinstance(error, (ProtocolError, OSError)):
        return requests.exceptions.ConnectionError(error)
    if isinstance(error, MaxRetryError):
        reason = error.reason
        if isinstance(reason, ConnectTimeoutError) and not isinstance(reason, NewConnectionError):
            return requests.exceptions.ConnectTimeout(error)
        if isinstance(reason, ResponseError):
            return requests.exceptions.RetryError(error)
        if isinstance(reason, urllib3.exceptions.ProxyError):
            return requests.exceptions.ProxyError(error)
        if isinstance(reason, urllib3.exceptions.SSLError):
            return requests.exceptions.SSLError(error)
        return requests.exceptions.ConnectionError(error)
    if isinstance(error, ClosedPoolError):
        return requests.exceptions.ConnectionError(error)
    if isinstance(error, urllib3.exceptions.ProxyError):
        return requests.exceptions.ProxyError(error)
    if isinstance(error, urllib3.exceptions.SSLError):
        return requests.exceptions.SSLError(error)
    if isinstance(error, ReadTimeoutError):
        return requests.exceptions.ReadTimeout(error)
    return error  # anything else requests lets through as it is


def _log_result(phone: str, result: SendResult) -> None:
    if result.outcome == "accepted":
        log.debug(
            "sms accepted to=%s id=%s parts=%s", mask_phone(phone), result.message_id, result.parts
        )
    else:
        log.warning("sms %s to=%s reason=%s", result.outcome, mask_phone(phone), result.reason)


def _shorten(text: str) -> str:
    return " ".join(text.split())[:_REASON_MAX]
