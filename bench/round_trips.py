"""What one database round trip costs, and how many a filing session makes.

Run: python bench/round_trips.py [--times 3000]   (DATABASE_URL picks the database; default a
fresh SQLite file). Prints, for each kind of statement, its wall time and the CPU it costs the
worker (this process) and, on a PostgreSQL on this machine, the server (its backend's CPU, read
from /proc), a statement at a time:

* the floor: `SELECT 1` on the driver;
* the session row's read, as a menu step sends it (store/session_rows.py, on the driver);
* a statement like the filing's lock of the phone through the ORM session (SQLAlchemy's
  execution), and the same through `store.driver.run`: what SQLAlchemy's execution adds;

then how many statements one whole filing session (seven steps) sends: listed one a line by
`python bench/filing_statements.py --session` (on PostgreSQL, add its BEGIN and COMMIT).
Results: bench/RESULTS.md, "Round trips (issue 27)".
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))

from sqlalchemy import Connection, bindparam  # noqa: E402
from sqlalchemy.dialects import postgresql, sqlite  # noqa: E402

from bench.filing_statements import bench_app, filing_statements  # noqa: E402
from store import driver, session_rows  # noqa: E402
from store.models import Phone  # noqa: E402
from store.upsert import table_of  # noqa: E402


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


def backend_pid(connection: Connection) -> int | None:
    """The PostgreSQL backend serving `connection` (None on SQLite: no server)."""
    if connection.dialect.name != "postgresql":
        return None
    return int(driver.execute(connection, "SELECT pg_backend_pid()", (), fetch=True)[0])


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--times", type=int, default=3000, help="runs of each statement")
    times = parser.parse_args().times
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/round_trips.sqlite3"
        app = bench_app(url)
        gateway = app.extensions["gateway"]
        now = datetime.now(UTC)
        print(f"database: {gateway.passing_engine.dialect.name}, {times} times each")
        with gateway.passing_engine.connect() as line:
            dbapi = line.connection.dbapi_connection
            pid = backend_pid(line)

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
            pid = backend_pid(connection)
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
        seen = filing_statements(False, True)
        events = sum(s.startswith("<") for s in seen)  # BEGIN and COMMIT
        print(f"\none filing session: {len(seen) - events} statements and {events} BEGIN/COMMIT")


if __name__ == "__main__":
    main()
