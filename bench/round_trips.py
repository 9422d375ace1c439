"""What one database round trip costs, and how many a filing session makes.

Run: python bench/round_trips.py [--times 3000]   (DATABASE_URL picks the database; default a
fresh SQLite file). Prints, for each kind of statement, its wall time and the CPU it costs the
worker (this process) and, on a PostgreSQL on this machine, the server (its backend's CPU, read
from /proc), a statement at a time:

* the floor: `SELECT 1` on the driver;
* the session row's read, as a menu step sends it (store/session_rows.py, on the driver);
* a statement like the filing's lock of the phone through the ORM session (SQLAlchemy's
  execution), and the same through `store.driver.run`: what SQLAlchemy's execution adds;

then the statements of one whole filing session (seven steps) through the Flask app, with
PostgreSQL's BEGIN counted, since it is a round trip of its own there.
Results: bench/RESULTS.md, "Round trips (issue 27)".
"""

from __future__ import annotations

import argparse
import itertools
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))

from sqlalchemy import bindparam, event  # noqa: E402
from sqlalchemy.dialects import postgresql, sqlite  # noqa: E402

from app import create_app  # noqa: E402
from gateway.messaging.providers.fake import FakeProvider  # noqa: E402
from store import driver, session_rows  # noqa: E402
from store.models import Phone  # noqa: E402
from store.upsert import table_of  # noqa: E402

ANSWERS = ["", "1", "5", "iwa", "Bomba la maji limevunjika tangu Jumatatu", "2", "1"]


def phone_lock(dialect: str) -> Any:
    """A statement like the filing's lock of the phone's row (gateway/people/quotas.py)."""
    phones = table_of(Phone)
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(phones)
    return (
        insert.values(number=bindparam("number"), language="sw", created_at=bindparam("at"))
        .on_conflict_do_update(
            index_elements=[phones.c.number], set_={"number": insert.excluded.number}
        )
        .returning(phones.c.language, phones.c.sms_blocked_at)
    )


def backend_ticks(pid: int | None) -> int | None:
    """A local PostgreSQL backend's CPU so far, in clock ticks (None: not readable here)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])


def timed(name: str, times: int, pid: int | None, call: Callable[[], Any]) -> None:
    """Run `call` `times` times after a warm-up; print its wall, worker and server CPU."""
    for _ in range(100):
        call()
    ticks, cpu, wall = backend_ticks(pid), time.process_time(), time.perf_counter()
    for _ in range(times):
        call()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = backend_ticks(pid)
    server = "n/a"
    if ticks is not None and after is not None:
        server = f"{(after - ticks) / os.sysconf('SC_CLK_TCK') / times * 1e6:6.1f}"
    print(
        f"{name:38s} wall {wall / times * 1e6:6.1f} us  worker {cpu / times * 1e6:6.1f} us"
        f"  server {server} us"
    )


def _note_begin(connection: Any, seen: list[str]) -> None:
    if not connection.connection.dbapi_connection.autocommit:
        seen.append("BEGIN")


def file_once(client: Any) -> None:
    """One whole filing session, a new phone's, through the Flask app."""
    session_id = f"ATUid_round_trips_{secrets.token_hex(4)}"
    phone = f"+2557{secrets.randbelow(10**8):08d}"
    for depth in range(len(ANSWERS)):
        client.post(
            "/ussd",
            data={
                "sessionId": session_id,
                "serviceCode": "*152*25#",
                "phoneNumber": phone,
                "networkCode": "64004",
                "text": "*".join(ANSWERS[1 : depth + 1]),
            },
        )


def statements_of_a_session(app: Any) -> list[str]:
    """Every statement (and PostgreSQL BEGIN) one filing session sends, in order (the
    second: the first also loads the holidays)."""
    gateway = app.extensions["gateway"]
    client = app.test_client()
    file_once(client)
    seen: list[str] = []
    engines = {id(e): e for e in vars(gateway).values() if hasattr(e, "pool")}
    for engine in engines.values():
        event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
        if engine.dialect.name == "postgresql":  # psycopg's BEGIN, outside autocommit
            event.listen(engine, "begin", lambda connection: _note_begin(connection, seen))
    send = driver._send

    def noted(connection: Any, sql: str, *rest: Any) -> Any:
        seen.append(sql)
        return send(connection, sql, *rest)

    driver._send = noted  # type: ignore[assignment]
    file_once(client)
    driver._send = send  # type: ignore[assignment]
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--times", type=int, default=3000, help="runs of each statement")
    times = parser.parse_args().times
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/round_trips.sqlite3"
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "SMS_PROVIDER": FakeProvider(),
                "AT_USERNAME": "",
                "AT_API_KEY": "",
                "WEBHOOK_SECRET": "",
                "QUIET_HOURS": "",
                "MIGRATE_ON_START": "1",
            }
        )
        gateway = app.extensions["gateway"]
        now = datetime.now(UTC)
        print(f"database: {gateway.passing_engine.dialect.name}, {times} times each")
        with gateway.passing_engine.connect() as line:
            dbapi = line.connection.dbapi_connection
            pid = None
            if line.dialect.name == "postgresql":
                pid = driver.execute(line, "SELECT pg_backend_pid()", (), fetch=True)[0]

            def select_one() -> Any:
                cursor = dbapi.cursor()  # type: ignore[union-attr]
                cursor.execute("SELECT 1")
                row = cursor.fetchone()
                cursor.close()
                return row

            timed("SELECT 1 on the driver", times, pid, select_one)
            timed(
                "session row read (session_rows)",
                times,
                pid,
                lambda: session_rows.read(line, "ATUid_not_there"),
            )
        lock = phone_lock(gateway.passing_engine.dialect.name)
        numbers = (f"+2557{n:08d}" for n in itertools.count(10_000_000))  # each a new phone
        with gateway.steps.begin() as session:
            connection = session.connection()
            pid = None
            if connection.dialect.name == "postgresql":
                pid = driver.execute(connection, "SELECT pg_backend_pid()", (), fetch=True)[0]
            timed(
                "phone's lock, Session.execute",
                times,
                pid,
                lambda: session.execute(lock, {"number": next(numbers), "at": now}).one(),
            )
            timed(
                "phone's lock, driver.run",
                times,
                pid,
                lambda: driver.run(session, lock, {"number": next(numbers), "at": now}, True),
            )
            session.rollback()
        seen = statements_of_a_session(app)
        print(f"\none filing session: {len(seen)} statements")
        for statement in seen:
            print("  " + " ".join(statement.split())[:90])


if __name__ == "__main__":
    main()
