"""Statements on the driver (store/driver.py): what they write and read back is what
SQLAlchemy's own execution would write and read; a refused one shows no value; a dropped
connection is forgotten and named so, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from gateway.lifecycle.events import line, record_lines
from gateway.messaging.outbox import outgoing, queue_all
from gateway.ops.logs import JsonFormatter, TextFormatter
from gateway.people.quotas import lock_phone
from gateway.runtime import Gateway
from store import driver
from store.database import lost_connection, make_engine
from store.models import ComplaintEvent, Officer, OutboxMessage, Phone
from store.upsert import table_of

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
PHONE = "+255754123456"


def test_rows_written_on_the_driver_read_back_as_the_models_hold_them(gateway: Gateway) -> None:
    later = NOW + timedelta(hours=3)
    with gateway.sessions.begin() as session:
        queue_all(
            session,
            outgoing(phone=PHONE, text="Habari", purpose="acknowledgement", now=NOW),
            outgoing(phone=PHONE, text="Tena", purpose="reminder", now=NOW, send_at=later),
        )
    with gateway.sessions() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(r.text, r.purpose, r.status, r.attempts) for r in rows] == [
        ("Habari", "acknowledgement", "queued", 0),
        ("Tena", "reminder", "queued", 0),
    ]
    assert [r.due_at for r in rows] == [NOW, later]  # aware UTC, as written
    assert [r.created_at for r in rows] == [NOW, NOW]


def test_a_returned_time_reads_back_aware(gateway: Gateway) -> None:
    until = NOW + timedelta(days=2)
    with gateway.sessions.begin() as session:
        session.add(Phone(number=PHONE, language="en", created_at=NOW, awaiting_reason_until=until))
    with gateway.sessions.begin() as session:
        locked = lock_phone(session, PHONE, NOW)
    assert locked.language == "en"
    assert locked.awaiting_reason_until == until
    assert locked.awaiting_reason_until.tzinfo is not None
    assert locked.sms_blocked is False


_SESSION_ROW = (
    "INSERT INTO ussd_sessions (session_id, phone, seen_text, state, language, started_at, "
    "updated_at) VALUES (?, ?, ?, '{}', 'sw', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


def test_a_refused_statement_names_none_of_its_values(gateway: Gateway) -> None:
    with gateway.passing_engine.connect() as connection:
        driver.execute(connection, _SESSION_ROW, ("ATUid_1", PHONE, ""))
        # The same session again: refused, and what the citizen typed must not reach the
        # error's message, which is logged.
        with pytest.raises(IntegrityError) as refused:
            driver.execute(connection, _SESSION_ROW, ("ATUid_1", PHONE, "1*maneno-ya-siri"))
    assert "maneno-ya-siri" not in str(refused.value)
    assert not refused.value.connection_invalidated


def test_a_row_the_database_refused_is_logged_without_its_values(gateway: Gateway) -> None:
    # PostgreSQL names a refused row's values in its error's DETAIL: the log hides them.
    with gateway.passing_engine.connect() as connection:
        with pytest.raises(IntegrityError) as refused:
            driver.execute(
                connection,
                "INSERT INTO ussd_sessions (session_id, seen_text) VALUES (?, ?)",
                ("ATUid_2", "1*maneno-ya-siri"),
            )
    record = logging.LogRecord(
        "gateway.test", logging.ERROR, __file__, 1, "ussd step failed", None, None
    )
    record.exc_info = (IntegrityError, refused.value, refused.value.__traceback__)
    for formatter in (TextFormatter(), JsonFormatter()):
        logged = formatter.format(record)
        assert "IntegrityError" in logged
        assert "maneno-ya-siri" not in logged


def test_a_refused_core_statement_on_the_driver_names_none_of_its_values(
    gateway: Gateway,
) -> None:
    with gateway.sessions() as session:
        with pytest.raises(IntegrityError) as refused:
            record_lines(session, line(987_654, "received", NOW, "ussd", words="maneno-ya-siri"))
        session.rollback()
    assert "maneno-ya-siri" not in str(refused.value)
    with gateway.sessions() as session:
        assert session.scalars(select(ComplaintEvent)).all() == []


def test_a_dropped_connection_is_named_lost_and_forgotten(gateway: Gateway) -> None:
    engine = gateway.passing_engine
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            (backend,) = driver.execute(connection, "SELECT pg_backend_pid()", (), fetch=True)
            killer = make_engine(engine.url.render_as_string(hide_password=False))
            with killer.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            killer.dispose()
        else:
            connection.connection.dbapi_connection.close()  # type: ignore[union-attr]
        with pytest.raises(DBAPIError) as dropped:
            driver.execute(connection, "SELECT 1", (), fetch=True)
    assert dropped.value.connection_invalidated
    assert lost_connection(dropped.value)
    with engine.connect() as connection:  # the pool hands out a new, working one
        assert driver.execute(connection, "SELECT 1", (), fetch=True) == (1,)


def test_pending_changes_reach_the_database_before_a_statement_on_the_driver(
    gateway: Gateway,
) -> None:
    # As Session.execute does, a statement on the driver first flushes what the session holds:
    # the phone added here (not flushed by the caller) is the row the lock then finds.
    with gateway.sessions.begin() as session:
        session.add(Phone(number=PHONE, language="en", created_at=NOW))
        locked = lock_phone(session, PHONE, NOW)
    assert locked.language == "en"
    with gateway.sessions() as session:
        assert session.scalars(select(Phone.language)).all() == ["en"]


def test_a_statement_that_needs_python_defaults_is_refused(gateway: Gateway) -> None:
    # Officer.language and .active have Python-side defaults: SQLAlchemy's execution works
    # them out, the driver's path does not, so it refuses rather than write NULLs.
    statement = insert(table_of(Officer))
    with gateway.sessions() as session:
        with pytest.raises(ValueError, match="defaults"):
            driver.run(
                session,
                statement,
                {
                    "name": "Asha",
                    "phone": PHONE,
                    "role": "desk",
                    "pin_hash": "x",
                    "created_at": NOW,
                },
            )
