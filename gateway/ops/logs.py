"""How the gateway logs: set up once a process by `create_app`, so `python app.py`, every
gunicorn worker and every `flask --app app ...` command (the scheduler too) log alike, to
stderr (systemd's journal), at LOG_LEVEL, as text or (LOG_FORMAT=json) one JSON object a line.

What a line holds: ids (a USSD session, a reference, an outbox row, an officer's number in the
table), counts, kinds and timings. Never a PIN, a password, the words of an SMS or a USSD
answer, or a citizen's phone number: each line is written so, and `scrub` takes out, as a last
guard, what could still slip into one (a run of 9 or more digits, as a phone number is; a
secret in a URL's query; the values of a row PostgreSQL refused, in its error's DETAIL), in
the message and in a traceback alike.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TextIO

TEXT_FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"
# A phone number however it arrives: +255754123456, %2B255754123456, 0754123456, 754123456.
_LONG_NUMBER = re.compile(r"(?:\+|%2[Bb])?\d{9,}")  # a whole run: the match starts at its first
# The webhook secret (?key=), or a PIN or password in a query string.
_SECRET_IN_QUERY = re.compile(r"([?&](?:key|pin|password)=)[^&\s\"']+", re.IGNORECASE)
# PostgreSQL's detail of a refused row: the row's values ("Failing row contains (...)"), or a
# key's ("Key (phone)=(...) already exists"), a citizen's words among them.
_ROW_DETAIL = re.compile(r"(DETAIL:[ \t]+)[^\n]*")
# Libraries whose line per event adds nothing to ours (the scheduler's "Running job ...").
QUIET = ("apscheduler", "alembic")


def scrub(line: str) -> str:
    """`line` with every long run of digits, every secret in a query string and the values of
    a row the database refused hidden."""
    line = _ROW_DETAIL.sub(r"\1***", line)
    return _SECRET_IN_QUERY.sub(r"\1***", _LONG_NUMBER.sub("***", line))


class TextFormatter(logging.Formatter):
    """One line of text: time, level, process, logger and message (a traceback below it)."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for a log collector: time (UTC), level, logger, pid, message,
    and the traceback as one string when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "pid": record.process,
            "message": scrub(record.getMessage()),
        }
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exception"] = scrub(record.exc_text)
        return json.dumps(line, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the moment of writing (a test runner swaps it)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass  # always sys.stderr


def configure_logging(level: str = "INFO", form: str = "text") -> logging.Handler:
    """Log at `level` ("DEBUG" ... "ERROR") to stderr, as "text" or "json"; the handler.

    Idempotent: a second call (another app in the same process) replaces the first's handler.
    Other handlers on the root logger (a test runner's) are left as they are.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter() if form == "json" else TextFormatter())
    handler.setLevel(level)  # also for loggers that set their own level (werkzeug's INFO)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    return handler


@contextmanager
def only_warnings() -> Iterator[None]:
    """Below WARNING nothing is logged meanwhile (the terminal simulator: the terminal is the
    phone's screen, and a line per step would land between its screens)."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        root.setLevel(level)


def gunicorn_logging(level: str) -> dict[str, Any]:
    """gunicorn's `logconfig_dict` for LOG_FORMAT=json: its own lines (starting, a worker
    booting or timing out) as JSON to stderr, like the gateway's; the gateway's own lines are
    set up by each worker's `create_app`. No access log (a logging config would turn gunicorn's
    on): the proxy in front keeps one, and the gateway logs each callback itself."""
    level = level.strip().upper() or "INFO"
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        level = "INFO"  # the worker's create_app names the mistake
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "root": {"level": level, "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
        "handlers": {"stderr": {"class": f"{__name__}.StderrHandler", "formatter": "json"}},
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
    }
