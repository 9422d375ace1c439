"""The USSD session row on the hot path: one read and one write a step, in plain SQL.

This row is read and written on every USSD step, where SQLAlchemy's execution machinery costs
more than the database itself (bench/RESULTS.md), so its statements (and a new session's read
of its phone's language and draft) go straight to the driver (store/driver.py). The values are
converted here as the models' types would: JSON as text, times as naive UTC (SQLite: the same
text SQLAlchemy writes, so comparisons agree).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from store.driver import execute

_COLUMNS = "seen_text, state, replies, language, phone"
_READ = f"SELECT {_COLUMNS} FROM ussd_sessions WHERE session_id = ?"
_STEP = (
    "UPDATE ussd_sessions SET seen_text = ?, state = ?, replies = ?, language = ?, "
    "updated_at = ?{draft} WHERE session_id = ? AND seen_text = ?"
)
# A new session's two facts: the phone's language and its latest draft since a moment.
_PHONE = (
    "SELECT (SELECT language FROM phones WHERE number = ?), "
    "(SELECT draft FROM ussd_sessions WHERE phone = ? AND updated_at > ? "
    "AND draft IS NOT NULL ORDER BY updated_at DESC LIMIT 1)"
)
_START = (
    "INSERT INTO ussd_sessions (session_id, phone, seen_text, state, replies, language, "
    "updated_at, started_at, draft) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING RETURNING session_id"
)


# A filing or a cancel lets go of the phone's drafts in its other sessions (a dropped one's).
_DISCARD = (
    "UPDATE ussd_sessions SET draft = NULL "
    "WHERE phone = ? AND draft IS NOT NULL AND session_id <> ?"
)


@dataclass(frozen=True)
class SessionRow:
    """What a step reads of its session."""

    seen_text: str
    state: dict[str, Any]
    replies: list[list[str]]
    language: str
    phone: str  # the phone the session began on: it is that phone's, and no other's


@dataclass(frozen=True)
class StepValues:
    """What a step writes to its session's row (`draft` only when `set_draft`)."""

    session_id: str
    seen_text: str
    state: dict[str, Any]
    replies: list[list[str]]
    language: str
    at: datetime
    set_draft: bool = False
    draft: dict[str, Any] | None = None


def read(connection: Connection, session_id: str) -> SessionRow | None:
    """The session's row, or None for a session not seen yet."""
    row = execute(connection, _READ, (session_id,), fetch=True)
    if row is None:
        return None
    seen_text, state, replies, language, phone = row
    return SessionRow(seen_text, _loaded(state), _loaded(replies), language, phone)


def read_phone(
    connection: Connection, phone: str, drafts_since: datetime
) -> tuple[str | None, dict[str, Any] | None]:
    """The phone's language (None for a phone not seen yet) and its newest draft written
    after `drafts_since` (None if none), in one round trip."""
    language, draft = execute(
        connection, _PHONE, (phone, phone, _time(connection, drafts_since)), fetch=True
    )
    draft = _loaded(draft)
    return language, draft if isinstance(draft, dict) else None


def write_step(connection: Connection, values: StepValues, seen_before: str) -> bool:
    """Update the row for this step, only if it still holds the text the step read."""
    draft = ", draft = ?" if values.set_draft else ""
    parameters: list[Any] = [
        values.seen_text,
        json.dumps(values.state),
        json.dumps(values.replies),
        values.language,
        _time(connection, values.at),
    ]
    if values.set_draft:
        parameters.append(_json_or_null(values.draft))
    parameters += [values.session_id, seen_before]
    return execute(connection, _STEP.format(draft=draft), parameters) == 1


def write_start(connection: Connection, values: StepValues, phone: str) -> bool:
    """Insert a new session's row, unless one is there already (a racing repeat): inserted?"""
    at = _time(connection, values.at)
    parameters = (
        values.session_id,
        phone,
        values.seen_text,
        json.dumps(values.state),
        json.dumps(values.replies),
        values.language,
        at,
        at,
        _json_or_null(values.draft) if values.set_draft else None,
    )
    return execute(connection, _START, parameters, fetch=True) is not None


def discard_drafts(connection: Connection, phone: str, but_session: str) -> None:
    """Let go of the phone's drafts in every session of it but `but_session`."""
    execute(connection, _DISCARD, (phone, but_session))


def _loaded(value: Any) -> Any:
    """A JSON column's value: SQLite gives its text, PostgreSQL's driver the object."""
    return json.loads(value) if isinstance(value, str) else value


def _json_or_null(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value)


def _time(connection: Connection, moment: datetime) -> datetime | str:
    """A UTC moment as the UTCDateTime columns hold it."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    if connection.dialect.name == "sqlite":
        return naive.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite DATETIME text
    return naive
