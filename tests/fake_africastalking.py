"""A fake Africa's Talking SMS API on 127.0.0.1 for tests, using only the standard library.

The real SDK talks to it over real HTTP, so tests cover the SDK's quirks (Content-Type handling,
exceptions, timeouts) as well as our adapter. Answers are queued per request; with nothing queued
each POST /version1/messaging gets AT's documented success shape for every number in `to`.
GET /version1/user (the SDK's `ApplicationService.fetch_application_data`) answers the
account's balance, `{"UserData": {"balance": "TZS 12000.0000"}}` (set `.balance`), or what
`.balance_answer` builds (slow, refused, odd).
Like AT's API it speaks HTTP/1.1 and keeps connections open between requests; `stop()` drops
them, as a server going down would.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs

from charter.gsm7 import sms_parts

MESSAGING_PATH = "/version1/messaging"
APPLICATION_PATH = "/version1/user"  # the application data call: the account's balance
COST_PER_PART = 22

#: AT's own names for recipient status codes, kept apart from the provider port's STATUS_CODES
#: (gateway/messaging/providers/provider.py) on purpose: the tests check our table against this
#: copy of the documentation.
AT_STATUS_NAMES: dict[int, str] = {
    100: "Processed",
    101: "Success",  # AT sends "Success" in `status` for 101 Sent.
    102: "Queued",
    401: "RiskHold",
    402: "InvalidSenderId",
    403: "InvalidPhoneNumber",
    404: "UnsupportedNumberType",
    405: "InsufficientBalance",
    406: "UserInBlacklist",
    407: "CouldNotRoute",
    409: "DoNotDisturbRejection",
    500: "InternalServerError",
    501: "GatewayError",
    502: "RejectedByGateway",
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received: path, parsed form fields and headers."""

    path: str
    form: dict[str, str]  # the POST's form, or a GET's query
    headers: dict[str, str]
    method: str = "POST"

    @property
    def api_key(self) -> str | None:
        """The apiKey header, as AT authenticates it."""
        # HTTP header names are case-insensitive; requests keeps the SDK's "apiKey" spelling.
        return next((v for k, v in self.headers.items() if k.lower() == "apikey"), None)


@dataclass(frozen=True)
class CannedResponse:
    """An HTTP answer: status, body, Content-Type and how long to wait before sending it."""

    status: int = 201
    body: str = ""
    content_type: str = "application/json"
    delay: float = 0.0


Responder = Callable[[RecordedRequest], CannedResponse]


def recipients_body(
    numbers: list[str], status_code: int = 101, status: str | None = None, parts: int = 1
) -> dict[str, Any]:
    """AT's JSON for one send where every number got `status_code`."""
    name = status if status is not None else AT_STATUS_NAMES.get(status_code, "Unknown")
    accepted = status_code in (100, 101, 102)
    recipients: list[dict[str, Any]] = []
    for number in numbers:
        recipient: dict[str, Any] = {
            "statusCode": status_code,
            "number": number,
            "status": name,
            "cost": f"TZS {COST_PER_PART * parts:.4f}" if accepted else "0",
            "messageId": f"ATXid_{uuid.uuid4().hex}" if accepted else "None",
        }
        # As seen from AT: failed recipients carry no messageParts.
        if accepted:
            recipient["messageParts"] = parts
        recipients.append(recipient)
    sent = len(recipients) if accepted else 0
    total = f"TZS {COST_PER_PART * parts * sent:.4f}" if sent else "0"
    return {
        "SMSMessageData": {
            "Message": f"Sent to {sent}/{len(recipients)} Total Cost: {total}",
            "Recipients": recipients,
        }
    }


class _Server(ThreadingHTTPServer):
    """The standard threading server with room for many connections at once: its default
    backlog of 5 drops a dispatcher's parallel connections, which then wait a second to retry."""

    request_queue_size = 128
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a killed scheduler resets its kept connections) is no
        error of the fake's; anything else is printed, as the standard server does."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeAfricasTalking:
    """The fake server: `.start()`/`.stop()` or `with`, `.url`, `.requests`, queued answers."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Configure (not start) a server; port 0 takes any free port at start()."""
        self.host = host
        self.port = port
        self.requests: list[RecordedRequest] = []
        self.connections = 0  # connections accepted: a client that keeps one opens one
        # What answers when nothing is queued; None: AT's success. Set it for an outage that
        # lasts (every request refused, slow, or failing) until it is set back to None.
        self.default: Responder | None = None
        self.balance = "TZS 12000.0000"  # what the application data call answers
        self.balance_answer: Responder | None = None  # or this, for every balance request
        self._queue: deque[Responder] = deque()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()

    @property
    def sends(self) -> list[RecordedRequest]:
        """The requests to send SMS (not the balance reads a scheduler makes)."""
        with self._lock:
            return [r for r in self.requests if r.path == MESSAGING_PATH]

    @property
    def url(self) -> str:
        """Base URL to give the adapter as api_url; stays valid after stop() (then refused)."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> FakeAfricasTalking:
        """Listen (on a free port the first time, the same port after a stop) in a thread."""
        self._stopping.clear()
        self._server = _Server((self.host, self.port), self._handler_class())
        self.port = self._server.server_address[1]
        # A short poll keeps stop() (and so each test's teardown) fast: shutdown() waits a poll.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="fake-africastalking",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; later requests get connection refused. Safe to call twice."""
        self._stopping.set()  # wakes handlers sleeping on a delay
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._lock:
            kept, self._open = self._open, set()
        for connection in kept:  # clients' kept connections end too, as with a dead server
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the client
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeAfricasTalking:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- programming the answers (each queued answer serves one request, in order) --

    def respond_with(self, responder: Responder | CannedResponse) -> None:
        """Queue a fixed answer, or a function of the request that builds one."""
        if isinstance(responder, CannedResponse):
            canned = responder
            self._queue.append(lambda _request: canned)
        else:
            self._queue.append(responder)

    def queue_success(
        self, content_type: str = "application/json", parts: int | None = None
    ) -> None:
        """Queue AT's success answer; e.g. content_type "application/json; charset=UTF-8"."""
        self.queue_status(101, content_type=content_type, parts=parts)

    def queue_status(
        self,
        status_code: int,
        status: str | None = None,
        content_type: str = "application/json",
        parts: int | None = None,
    ) -> None:
        """Queue an HTTP 201 whose recipients all carry `status_code` (failures: no id, cost 0)."""

        def answer(request: RecordedRequest) -> CannedResponse:
            body = recipients_body(_numbers(request), status_code, status, parts or _parts(request))
            return CannedResponse(201, json.dumps(body), content_type)

        self._queue.append(answer)

    def queue_empty_recipients(self, message: str = "InvalidSenderId") -> None:
        """Queue AT's whole-request refusal: Recipients [] with the error's name as Message."""
        body = {"SMSMessageData": {"Message": message, "Recipients": []}}
        self.respond_with(CannedResponse(201, json.dumps(body)))

    def queue_http(self, status: int, body: str, content_type: str = "text/plain") -> None:
        """Queue a raw HTTP answer, e.g. 500 text/plain or 401 'The supplied authentication...'."""
        self.respond_with(CannedResponse(status, body, content_type))

    def queue_delay(self, seconds: float) -> None:
        """Queue a success answer sent only after `seconds`, to trip the client's read timeout."""

        def answer(request: RecordedRequest) -> CannedResponse:
            body = recipients_body(_numbers(request), parts=_parts(request))
            return CannedResponse(201, json.dumps(body), delay=seconds)

        self._queue.append(answer)

    # -- the server side --

    def _answer(self, request: RecordedRequest) -> CannedResponse:
        with self._lock:
            self.requests.append(request)
            responder = self._queue.popleft() if self._queue else self.default
        if request.path != MESSAGING_PATH:
            return CannedResponse(404, "Not Found", "text/plain")
        if responder is None:
            body = recipients_body(_numbers(request), parts=_parts(request))
            return CannedResponse(201, json.dumps(body))
        return responder(request)

    def _answer_get(self, request: RecordedRequest) -> CannedResponse:
        with self._lock:
            self.requests.append(request)
            responder = self.balance_answer
        if request.path != APPLICATION_PATH:
            return CannedResponse(404, "Not Found", "text/plain")
        if responder is not None:
            return responder(request)
        return CannedResponse(200, json.dumps({"UserData": {"balance": self.balance}}))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as AT's API
            disable_nagle_algorithm = True  # else a kept connection waits on delayed ACKs

            def setup(self) -> None:
                super().setup()
                with fake._lock:
                    fake.connections += 1
                    fake._open.add(self.connection)

            def finish(self) -> None:
                with fake._lock:
                    fake._open.discard(self.connection)
                super().finish()

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                form = {key: values[0] for key, values in parse_qs(raw, True).items()}
                request = RecordedRequest(self.path, form, dict(self.headers.items()))
                self._reply(fake._answer(request))

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path, _, query = self.path.partition("?")
                form = {key: values[0] for key, values in parse_qs(query, True).items()}
                request = RecordedRequest(path, form, dict(self.headers.items()), "GET")
                self._reply(fake._answer_get(request))

            def _reply(self, canned: CannedResponse) -> None:
                if canned.delay and fake._stopping.wait(canned.delay):
                    self.close_connection = True
                    return  # stopped while waiting: drop the connection like a dead server
                payload = canned.body.encode("utf-8")
                try:
                    self.send_response(canned.status)
                    self.send_header("Content-Type", canned.content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its timeout): nothing to answer

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # keep test output quiet; `.requests` is the record

        return Handler


def _numbers(request: RecordedRequest) -> list[str]:
    return [n for n in request.form.get("to", "").split(",") if n]


def _parts(request: RecordedRequest) -> int:
    return sms_parts(request.form.get("message", ""))
