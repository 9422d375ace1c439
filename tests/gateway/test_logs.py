"""How a line is written (gateway/ops/logs.py): text or one JSON object, at LOG_LEVEL, and the
last guard that keeps a phone number or a URL's secret out of a line and its traceback. (The
lines the gateway writes, under gunicorn and its commands, are in test_watching_gunicorn.py.)"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from gateway.ops.logs import StderrHandler, configure_logging, scrub
from tests.conftest import SERVICE_CODE


@pytest.fixture(autouse=True)
def restored() -> Iterator[None]:
    """The root logger as it was (the test runner's own handlers) after each test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize(
    "line, shown",
    [
        ("sms to +255754123456 failed", "sms to *** failed"),
        ("POST /ussd phoneNumber=%2B255754123456", "POST /ussd phoneNumber=***"),
        ("typed 0754123456 or 754123456", "typed *** or ***"),
        ("POST /ussd?key=s3cret-key&x=1 HTTP/1.1", "POST /ussd?key=***&x=1 HTTP/1.1"),
        ("GET /x?pin=1234 and &password=siri", "GET /x?pin=*** and &password=***"),
        (
            'null value in column "phone"\nDETAIL:  Failing row contains (ATUid_1, 1*Bomba).',
            'null value in column "phone"\nDETAIL:  ***',
        ),
        (
            "duplicate key\nDETAIL:  Key (session_id)=(ATUid_1) already exists.\n[SQL: x]",
            "duplicate key\nDETAIL:  ***\n[SQL: x]",
        ),
        # What a line is for stays: references, ids, timings, counts.
        ("ussd session=ATUid_5d3b hops=3 reply=CON ms=12.5", None),
        ("officer sms officer=12 action=acknowledge item=33769718 outcome=done", None),
        ("sms out id=123456 status=sent try=1 parts=1 reason=-", None),
    ],
)
def test_a_line_never_carries_a_phone_number_or_a_secret(line: str, shown: str | None) -> None:
    assert scrub(line) == (shown or line)


def emit(message: str, *args: object, level: int = logging.INFO) -> None:
    logging.getLogger("gateway.test").log(level, message, *args)


def test_json_is_one_object_a_line_and_its_traceback_is_scrubbed_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO", "json")
    emit("ussd session=%s hops=%d", "ATUid_1", 2)
    try:
        raise ValueError("no such phone +255754123456\nsecond line")
    except ValueError:
        logging.getLogger("gateway.test").exception("step failed for %s", "0754123456")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "ussd session=ATUid_1 hops=2"
    assert (first["level"], first["logger"]) == ("INFO", "gateway.test")
    assert first["time"].endswith("+00:00") and isinstance(first["pid"], int)
    assert second["message"] == "step failed for ***"
    assert "ValueError: no such phone ***" in second["exception"]
    assert "255754123456" not in lines[1]


def test_text_lines_and_the_level_set(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("WARNING", "text")
    emit("not shown at WARNING")
    emit("shown %s", "+255754123456", level=logging.WARNING)
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith(f" WARNING [{os.getpid()}] gateway.test: shown ***")


def test_a_second_app_replaces_the_handler_and_keeps_the_runners(
    make_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    others = [h for h in logging.getLogger().handlers if not isinstance(h, StderrHandler)]
    make_app(LOG_FORMAT="json")
    make_app(LOG_FORMAT="json", LOG_LEVEL="debug")
    root = logging.getLogger()
    assert len([h for h in root.handlers if isinstance(h, StderrHandler)]) == 1
    assert [h for h in root.handlers if not isinstance(h, StderrHandler)] == others
    assert root.level == logging.DEBUG
    capsys.readouterr()
    emit("once")
    assert [json.loads(line)["message"] for line in capsys.readouterr().err.splitlines()] == [
        "once"
    ]


@pytest.mark.parametrize("name, value", [("LOG_LEVEL", "LOUD"), ("LOG_FORMAT", "xml")])
def test_a_bad_log_setting_names_itself(
    make_app: Callable[..., Flask], name: str, value: str
) -> None:
    from gateway.config import ConfigError

    with pytest.raises(ConfigError, match=name):
        make_app(**{name: value})


def test_the_ussd_step_line_is_logged_by_the_app(
    make_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_app().test_client()
    capsys.readouterr()
    form = {"sessionId": "ATUid_line", "serviceCode": SERVICE_CODE, "text": ""}
    client.post("/ussd", data=form | {"phoneNumber": "+255754123456"})
    said = capsys.readouterr().err
    assert (
        " INFO [" in said
        and "gateway.web.ussd: ussd session=ATUid_line hops=0 reply=CON ms=" in said
    )
    assert "255754123456" not in said


def test_a_refused_console_login_names_the_phone_by_a_keyed_tag(
    make_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    """The line lets the phone be followed (the same tag for the same phone), but hashing the
    country's numbers one by one does not read it back: the tag is keyed by the secret."""
    import hashlib
    import re

    def refused_tag(app: Flask, phone: str) -> str:
        client = app.test_client()
        page = client.get("/console/login").text
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        capsys.readouterr()
        form = {"phone": phone, "password": "si-yenyewe", "csrf_token": token}
        client.post("/console/login", data=form)
        said = capsys.readouterr().err
        found = re.search(r"console login refused phone=(\w+) why=", said)
        assert found, said
        assert "754999888" not in said
        return found.group(1)

    app = make_app()
    tag = refused_tag(app, "0754 999 888")
    assert refused_tag(app, "+255754999888") == tag  # the same phone, however typed
    assert tag != hashlib.sha256(b"+255754999888").hexdigest()[:8]
    other = make_app(SECRET_KEY="another-council's-secret-key-0123456789")
    assert refused_tag(other, "0754999888") != tag
