"""The SMS port and its adapters: the real SDK against a fake AT server, and the pure judge."""

from __future__ import annotations

import ast
import io
import json
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from charter.gsm7 import sms_parts
from gateway.messaging.providers.africastalking import AfricasTalkingProvider
from gateway.messaging.providers.console import ConsoleProvider
from gateway.messaging.providers.fake import FakeProvider
from gateway.messaging.providers.provider import (
    STATUS_CODES,
    SendResult,
    judge_response,
    judge_responses,
)
from tests.fake_africastalking import FakeAfricasTalking

PHONE = "+255754123456"
TEXT = "Lalamiko lako limepokelewa. Namba ya kumbukumbu: 12345671"
SENDER = "MAKETE DC"

# From DOMAIN.md, written out again so a wrong entry in STATUS_CODES fails here.
EXPECTED_OUTCOMES: dict[int, tuple[str, str]] = {
    100: ("Processed", "accepted"),
    101: ("Sent", "accepted"),
    102: ("Queued", "accepted"),
    401: ("RiskHold", "retry"),
    405: ("InsufficientBalance", "retry"),
    409: ("DoNotDisturbRejection", "retry"),
    500: ("InternalServerError", "retry"),
    501: ("GatewayError", "retry"),
    502: ("RejectedByGateway", "retry"),
    402: ("InvalidSenderId", "failed"),
    403: ("InvalidPhoneNumber", "failed"),
    404: ("UnsupportedNumberType", "failed"),
    406: ("UserInBlacklist", "failed"),
    407: ("CouldNotRoute", "failed"),
}


def make_provider(
    fake_at: FakeAfricasTalking,
    *,
    username: str = "makete",
    sender_id: str | None = SENDER,
    timeout: tuple[float, float] = (1.0, 1.0),
) -> AfricasTalkingProvider:
    """The real adapter pointed at the fake."""
    return AfricasTalkingProvider(
        username, "test-api-key", sender_id=sender_id, api_url=fake_at.url + "/", timeout=timeout
    )


# -- the real SDK against the fake server --


def test_status_table_is_the_documented_one() -> None:
    assert STATUS_CODES == EXPECTED_OUTCOMES


@pytest.mark.parametrize(
    ("code", "name", "outcome"),
    [(code, name, outcome) for code, (name, outcome) in EXPECTED_OUTCOMES.items()],
)
def test_each_recipient_status_code(
    fake_at: FakeAfricasTalking, code: int, name: str, outcome: str
) -> None:
    fake_at.queue_status(code)

    result = make_provider(fake_at).send(PHONE, TEXT)

    assert result.outcome == outcome
    assert result.blacklisted is (code == 406)
    if outcome == "accepted":
        assert result.reason is None
        assert result.message_id is not None and result.message_id.startswith("ATXid_")
        assert (result.parts, result.cost) == (1, "TZS 22.0000")
    else:
        assert result.reason == f"{name} ({code})"
        assert result.message_id is None  # AT's "None" string is not an id
        assert (result.parts, result.cost) == (None, "0")


def test_unknown_status_code_is_retried_and_named(fake_at: FakeAfricasTalking) -> None:
    fake_at.queue_status(499, status="SomethingNew")

    result = make_provider(fake_at).send(PHONE, TEXT)

    assert result.outcome == "retry"
    assert result.reason == "unknown statusCode 499 (SomethingNew)"


def test_request_carries_what_at_needs(fake_at: FakeAfricasTalking) -> None:
    make_provider(fake_at).send(PHONE, TEXT)

    [request] = fake_at.requests
    assert request.path == "/version1/messaging"
    assert request.form == {
        "username": "makete",
        "to": PHONE,
        "message": TEXT,
        "from": SENDER,
        "bulkSMSMode": "1",
    }
    assert request.api_key == "test-api-key"
    assert request.headers["Accept"] == "application/json"


@pytest.mark.parametrize("sender_id", [None, ""])
def test_no_sender_id_sends_no_from(fake_at: FakeAfricasTalking, sender_id: str | None) -> None:
    result = make_provider(fake_at, sender_id=sender_id).send(PHONE, TEXT)

    assert result.outcome == "accepted"
    assert "from" not in fake_at.requests[0].form


def test_long_message_reports_parts_and_cost(fake_at: FakeAfricasTalking) -> None:
    result = make_provider(fake_at).send(PHONE, "a" * 161)

    assert (result.outcome, result.parts, result.cost) == ("accepted", 2, "TZS 44.0000")


@pytest.mark.parametrize(
    ("message", "outcome", "reason"),
    [
        ("InvalidSenderId", "failed", "InvalidSenderId"),
        ("UserInBlacklist", "failed", "UserInBlacklist"),
        ("InsufficientBalance", "retry", "InsufficientBalance"),
        ("Something odd happened", "retry", "no recipients: Something odd happened"),
        ("", "retry", "no recipients"),
    ],
)
def test_empty_recipients(
    fake_at: FakeAfricasTalking, message: str, outcome: str, reason: str
) -> None:
    fake_at.queue_empty_recipients(message)

    result = make_provider(fake_at).send(PHONE, TEXT)

    assert (result.outcome, result.reason, result.message_id) == (outcome, reason, None)


def test_json_with_charset_is_still_parsed(fake_at: FakeAfricasTalking) -> None:
    # The SDK returns the raw text for anything but exactly "application/json".
    fake_at.queue_success(content_type="application/json; charset=UTF-8")

    result = make_provider(fake_at).send(PHONE, TEXT)

    assert result.outcome == "accepted"
    assert result.message_id is not None and result.message_id.startswith("ATXid_")


def test_failure_with_charset_is_still_judged(fake_at: FakeAfricasTalking) -> None:
    fake_at.queue_status(403, content_type="application/json; charset=UTF-8")

    result = make_provider(fake_at).send(PHONE, TEXT)

    assert (result.outcome, result.reason) == ("failed", "InvalidPhoneNumber (403)")


@pytest.mark.parametrize(
    ("status", "body", "content_type", "reason"),
    [
        (500, "Internal Server Error", "text/plain", "HTTP error: Internal Server Error"),
        (
            401,
            "The supplied authentication is invalid",
            "text/plain",
            "HTTP error: The supplied authentication is invalid",
        ),
        (
            502,
            "<html>\n<body>Bad   Gateway</body></html>",
            "text/html",
            "HTTP error: <html> <body>Bad Gateway</body></html>",
        ),
        (
            201,
            "<html>maintenance</html>",
            "text/html",
            "unparseable response: <html>maintenance</html>",
        ),
        (201, "not json", "application/json", "unparseable response: not json"),
    ],
)
def test_http_trouble_is_retried(
    fake_at: FakeAfricasTalking, status: int, body: str, content_type: str, reason: str
) -> None:
    fake_at.queue_http(status, body, content_type)

    result = make_provider(fake_at).send(PHONE, TEXT)

    assert (result.outcome, result.reason, result.message_id) == ("retry", reason, None)


def test_long_http_error_reason_is_cut(fake_at: FakeAfricasTalking) -> None:
    fake_at.queue_http(500, "x" * 500)

    result = make_provider(fake_at).send(PHONE, TEXT)

    assert result.reason == "HTTP error: " + "x" * 100


def test_timeout_is_retried_quickly(fake_at: FakeAfricasTalking) -> None:
    fake_at.queue_delay(5.0)
    started = time.monotonic()

    result = make_provider(fake_at, timeout=(0.3, 0.3)).send(PHONE, TEXT)

    assert (result.outcome, result.reason) == ("retry", "timeout")
    assert time.monotonic() - started < 1.0


def test_server_down_is_retried_then_recovers(fake_at: FakeAfricasTalking) -> None:
    provider = make_provider(fake_at)
    fake_at.stop()

    down = provider.send(PHONE, TEXT)
    fake_at.start()  # same port: the provider's URL is valid again
    up = provider.send(PHONE, TEXT)

    assert (down.outcome, down.reason) == ("retry", "connection refused")
    assert up.outcome == "accepted"
    assert len(fake_at.requests) == 1


def test_one_connection_serves_sms_after_sms(fake_at: FakeAfricasTalking) -> None:
    provider = make_provider(fake_at)

    results = [provider.send(f"+25575412{n:04d}", TEXT) for n in range(20)]

    assert {result.outcome for result in results} == {"accepted"}
    assert len(fake_at.requests) == 20
    assert fake_at.connections == 1  # the SDK alone opens one per SMS (a TLS handshake with AT)


def test_sends_in_parallel_never_share_a_connection_and_each_goes_once(
    fake_at: FakeAfricasTalking,
) -> None:
    provider = make_provider(fake_at, timeout=(5.0, 5.0))  # a busy machine is not an outage
    phones = [f"+25575412{n:04d}" for n in range(400)]

    with ThreadPoolExecutor(8) as pool:  # as the dispatcher sends: several calls in flight
        results = list(pool.map(lambda phone: provider.send(phone, TEXT), phones))

    assert {result.outcome for result in results} == {"accepted"}
    assert sorted(request.form["to"] for request in fake_at.requests) == phones
    assert fake_at.connections <= 8


def test_a_kept_connection_the_server_dropped_is_opened_again(
    fake_at: FakeAfricasTalking,
) -> None:
    provider = make_provider(fake_at)
    first = provider.send(PHONE, TEXT)
    fake_at.stop()  # AT restarts: the kept connection is closed under the provider
    fake_at.start()

    again = provider.send(PHONE, TEXT)

    assert (first.outcome, again.outcome) == ("accepted", "accepted")
    assert len(fake_at.requests) == 2
    assert fake_at.connections == 2


def test_the_fake_is_quiet_about_a_sender_that_died_but_not_about_its_own_errors(
    fake_at: FakeAfricasTalking, capsys: pytest.CaptureFixture[str]
) -> None:
    # A killed scheduler resets its kept connections (bench/faults.py kills one mid-send).
    server = fake_at._server
    assert server is not None
    for error in (ConnectionResetError(104, "Connection reset by peer"), KeyError("form")):
        try:
            raise error
        except Exception:
            server.handle_error(None, ("127.0.0.1", 40000))

    printed = capsys.readouterr().err
    assert "ConnectionResetError" not in printed
    assert "KeyError: 'form'" in printed  # a bug in the fake still shows


def test_a_proxy_set_in_the_environment_is_used(
    fake_at: FakeAfricasTalking, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A council's server may reach the internet only through its proxy.
    for name in ("NO_PROXY", "no_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", fake_at.url)  # the fake stands in for the proxy

    AfricasTalkingProvider("makete", "k", api_url="http://at.invalid").send(PHONE, TEXT)

    assert [request.path for request in fake_at.requests] == [
        "http://at.invalid/version1/messaging"  # a proxy is asked for the whole URL
    ]


def test_sandbox_username_still_goes_to_api_url(fake_at: FakeAfricasTalking) -> None:
    result = make_provider(fake_at, username="sandbox").send(PHONE, TEXT)

    assert result.outcome == "accepted"
    assert fake_at.requests[0].form["username"] == "sandbox"


@pytest.mark.parametrize("phone", ["0754123456", "+255 754 123 456", ""])
def test_invalid_phone_fails_without_a_request(fake_at: FakeAfricasTalking, phone: str) -> None:
    result = make_provider(fake_at).send(phone, TEXT)

    assert (result.outcome, result.reason) == ("failed", "invalid phone")
    assert fake_at.requests == []


def test_logs_never_hold_the_phone(
    fake_at: FakeAfricasTalking, caplog: pytest.LogCaptureFixture
) -> None:
    fake_at.queue_status(405)
    caplog.set_level(logging.DEBUG)

    make_provider(fake_at).send(PHONE, TEXT)
    make_provider(fake_at).send(PHONE, TEXT)

    assert "***456" in caplog.text
    assert "754123" not in caplog.text


def test_default_base_url_is_left_alone_without_api_url() -> None:
    production = AfricasTalkingProvider("makete", "k")
    sandbox = AfricasTalkingProvider("sandbox", "k")

    assert production._service._baseUrl == "https://api.africastalking.com/version1"
    assert sandbox._service._baseUrl == "https://api.sandbox.africastalking.com/version1"


# -- judge_response, pure --


def at_body(**recipient: Any) -> dict[str, Any]:
    """AT's response with one recipient, defaults being a 101 success for PHONE."""
    base = {
        "statusCode": 101,
        "number": PHONE,
        "status": "Success",
        "cost": "TZS 22.0000",
        "messageId": "ATXid_abc",
        "messageParts": 1,
    }
    base.update(recipient)
    return {"SMSMessageData": {"Message": "Sent to 1/1", "Recipients": [base]}}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (at_body(), SendResult("accepted", "ATXid_abc", 1, "TZS 22.0000")),
        (json.dumps(at_body()), SendResult("accepted", "ATXid_abc", 1, "TZS 22.0000")),
        (
            at_body(messageParts=3, cost="TZS 66.0000"),
            SendResult("accepted", "ATXid_abc", 3, "TZS 66.0000"),
        ),
        (
            at_body(statusCode="102", status="Queued"),
            SendResult("accepted", "ATXid_abc", 1, "TZS 22.0000"),
        ),
        (at_body(number="255754123456"), SendResult("accepted", "ATXid_abc", 1, "TZS 22.0000")),
        (
            at_body(
                statusCode=406,
                status="UserInBlacklist",
                messageId="None",
                cost="0",
                messageParts=None,
            ),
            SendResult("failed", None, None, "0", "UserInBlacklist (406)", blacklisted=True),
        ),
        (
            at_body(statusCode=405, status="InsufficientBalance", messageId="None", cost="0"),
            SendResult("retry", None, 1, "0", "InsufficientBalance (405)"),
        ),
        (
            at_body(statusCode=None, status="Could Not Send", messageId="None", cost="0"),
            SendResult("retry", None, 1, "0", "missing statusCode (Could Not Send)"),
        ),
        (
            at_body(number="+255713000111"),
            SendResult("retry", reason="no recipient for this phone in response"),
        ),
        (
            {"SMSMessageData": {"Message": "InvalidSenderId", "Recipients": []}},
            SendResult("failed", reason="InvalidSenderId"),
        ),
        (
            {"SMSMessageData": {"Message": "InvalidSenderId"}},
            SendResult("failed", reason="InvalidSenderId"),
        ),
        (
            {"SMSMessageData": {"Message": "Gateway busy", "Recipients": []}},
            SendResult("retry", reason="no recipients: Gateway busy"),
        ),
        ({"error": "nope"}, SendResult("retry", reason="unexpected response: no SMSMessageData")),
        ("", SendResult("retry", reason="unparseable response: (empty)")),
        (
            "<html>\n oops</html>",
            SendResult("retry", reason="unparseable response: <html> oops</html>"),
        ),
        ("[1, 2]", SendResult("retry", reason="unexpected response: [1, 2]")),
    ],
)
def test_judge_response(body: dict[str, Any] | str, expected: SendResult) -> None:
    assert judge_response(body, PHONE) == expected


def test_judge_response_picks_this_phone_among_several() -> None:
    body = at_body()
    other = dict(body["SMSMessageData"]["Recipients"][0], number="+255713000111", statusCode=403)
    body["SMSMessageData"]["Recipients"].insert(0, other)

    assert judge_response(body, PHONE).outcome == "accepted"


def test_judge_responses_judges_each_of_a_survey_apart() -> None:
    # One answer for many numbers, as AT gives it to a many-recipient request: each number gets
    # its own recipient's result; a number AT leaves out is retried, never counted as sent.
    phones = [f"+25575400{n:04d}" for n in range(100)]
    body = at_body()
    template = body["SMSMessageData"]["Recipients"][0]
    body["SMSMessageData"]["Recipients"] = [
        dict(template, number=phone.lstrip("+"), statusCode=403 if n % 10 == 0 else 101)
        for n, phone in enumerate(phones[:-1])  # AT says nothing of the last one
    ]

    results = judge_responses(json.dumps(body), phones)  # as text: read once for all

    assert [results[phone].outcome for phone in phones] == [
        "failed" if n % 10 == 0 else "accepted" for n in range(99)
    ] + ["retry"]
    assert results[phones[-1]].reason == "no recipient for this phone in response"
    assert results == {phone: judge_response(json.dumps(body), phone) for phone in phones}


@pytest.mark.parametrize("char", list("^{}[]~\\|€"))
def test_each_extension_character_counts_double(char: str) -> None:
    assert sms_parts(char * 80) == 1
    assert sms_parts(char * 81) == 2


# -- console and fake providers --


def test_console_provider_writes_masked_line() -> None:
    stream = io.StringIO()

    result = ConsoleProvider(stream).send(PHONE, TEXT)

    assert result.outcome == "accepted"
    assert result.message_id is not None
    assert re.fullmatch(r"console-[0-9a-f]{16}", result.message_id)
    assert (result.parts, result.cost, result.reason) == (1, None, None)
    [line] = stream.getvalue().splitlines()
    assert TEXT in line and "***456" in line and result.message_id in line
    assert "754123" not in line


def test_console_provider_logs_without_stream(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="gateway.messaging.providers.console")

    first = ConsoleProvider().send(PHONE, "a" * 161)
    second = ConsoleProvider().send(PHONE, "b")

    assert first.parts == 2
    assert first.message_id != second.message_id
    assert [r.name for r in caplog.records] == ["gateway.messaging.providers.console"] * 2
    assert "754123" not in caplog.text


def test_fake_provider_records_and_accepts() -> None:
    fake = FakeProvider()

    results = [fake.send(PHONE, "one"), fake.send("+255713000111", "two")]

    assert fake.sent == [(PHONE, "one"), ("+255713000111", "two")]
    assert [r.message_id for r in results] == ["fake-1", "fake-2"]
    assert {r.outcome for r in results} == {"accepted"}


def test_fake_provider_follows_its_script() -> None:
    retry = SendResult("retry", reason="timeout")
    fake = FakeProvider([retry])
    fake.script.append(SendResult("failed", reason="InvalidPhoneNumber (403)"))

    results = [fake.send(PHONE, "x") for _ in range(3)]

    assert [r.outcome for r in results] == ["retry", "failed", "accepted"]
    assert results[2].message_id == "fake-3"
    assert len(fake.sent) == 3


# -- the port stays pure --


def test_sms_package_imports_neither_flask_nor_sqlalchemy() -> None:
    package = Path(__file__).resolve().parents[2] / "gateway" / "messaging" / "providers"
    imported: set[str] = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert imported.isdisjoint({"flask", "sqlalchemy"})
    assert "africastalking" in imported  # the walk really saw the adapter
