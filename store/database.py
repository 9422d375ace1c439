"""Engines, sessions and migrations: how the gateway reaches its database, and what it does
when the database is away.

Every PostgreSQL connection is bounded: it must connect within `Timeouts.connect` seconds, a
statement that runs longer than `Timeouts.statement` is cancelled by the server, and TCP
keepalives and a user timeout cut a connection whose peer went silent. A connection the
database dropped (a restart, a failover, killed backends) is recognised by `lost_connection`,
on psycopg's and SQLite's error shapes alike, and forgotten with every connection pooled before
it; the callers that may safely run again (a USSD step, a page that only reads) run once more.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 7_270_001  # any constant number shared by every process of the gateway


def database_url(raw: str) -> URL:
    """Parse DATABASE_URL; plain postgresql:// means the psycopg 3 driver we install."""
    url = make_url(raw)
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    return url


WRITES, STEPS, PASSING, READS = "writes", "steps", "passing", "reads"


@dataclass(frozen=True)
class Timeouts:
    """How long a PostgreSQL connection may take to open, and a statement to run (seconds)."""

    connect: int = 5  # libpq counts whole seconds, at least 2
    statement: float = 15.0


def make_engine(raw_url: str, use: str = WRITES, timeouts: Timeouts = Timeouts()) -> Engine:
    """An engine for DATABASE_URL, tuned for the backend it points at and for its `use`:

    * WRITES (the default): transactions, each committed durably (on SQLite, each takes the
      one writer's turn at BEGIN, and is on disk before the caller goes on; see `_WriterTurns`).
    * STEPS: WRITES for a caller that runs its work again on a lost connection (a USSD
      step's filing): the same durable transactions, without the pool's test of a connection.
    * READS: work that only reads. Autocommit: no transaction to open or close (a round trip
      less each way on PostgreSQL), and on SQLite no writer's turn (WAL reads beside a writer).
    * PASSING: writes a power cut may lose without harm, a USSD menu step (the session is gone
      with the power anyway). Autocommit, a step being one statement, and not waiting for the
      disk, which is most of a write's cost; the next durable commit (a filing, an SMS) makes
      them durable with its own. Never use it for a write someone is told happened.

    Each use is its own engine and pool, so no connection switches modes on every checkout.
    WRITES and READS test a pooled connection before handing it out (a round trip); PASSING
    and STEPS, the hot path, do not: their caller runs the step again on a lost connection.
    """
    url = database_url(raw_url)
    # Autocommit engines have no transaction to reset when a connection goes back to the pool.
    options: dict[str, Any] = (
        {"isolation_level": "AUTOCOMMIT", "pool_reset_on_return": None}
        if use in (READS, PASSING)
        else {}
    )
    # A statement's values (a phone, an SMS, a description) stay out of its error's message,
    # which is logged: the statement and the error are enough to mend it.
    options["hide_parameters"] = True
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15}, **options)
        writer_file = _writer_file(url.database or ":memory:")
        event.listen(engine, "connect", partial(_sqlite_pragmas, writer_file))
        if use != READS:
            _WriterTurns(url.database or ":memory:", begins=use in (WRITES, STEPS)).watch(engine)
    else:
        engine = create_engine(
            url,
            pool_pre_ping=use in (WRITES, READS),
            pool_size=5,
            max_overflow=10,
            connect_args=_postgresql_settings(use, timeouts),
            **options,
        )
    event.listen(engine, "handle_error", _notice_lost_connection)
    return engine


def _postgresql_settings(use: str, timeouts: Timeouts) -> dict[str, Any]:
    """libpq's connection settings: the timeouts, keepalives, and the passing engine's
    commits that do not wait for the disk."""
    statement_ms = max(1, round(timeouts.statement * 1000))
    options = f"-c statement_timeout={statement_ms}"
    if use == PASSING:
        options += " -c synchronous_commit=off"
    return {
        "connect_timeout": timeouts.connect,
        "options": options,
        # An idle connection whose server vanished is found within a minute; one whose
        # bytes go unacknowledged for as long as a statement may run is cut.
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "tcp_user_timeout": statement_ms,
    }


# How a dropped connection shows, in the words of libpq (psycopg) and of sqlite3.
_LOST_WORDS = (
    "server closed the connection unexpectedly",
    "consuming input failed",
    "terminating connection",
    "connection is closed",
    "connection is lost",
    "could not receive data from server",
    "could not send data to server",
    "ssl syscall error",
    "cannot operate on a closed database",
    "cannot operate on a closed cursor",
)
# SQLSTATEs of a connection that is gone: admin shutdown, crash shutdown, cannot connect now.
_LOST_STATES = ("57P01", "57P02", "57P03")


def lost_connection(error: BaseException) -> bool:
    """Whether `error` means the database dropped the connection in use (not that it refused
    a new one, timed out, or rejected the statement): the work may run again on a fresh one.

    SQLAlchemy's own rule (`connection_invalidated`) goes first; then the driver's error by its
    SQLSTATE (class 08 is "connection exception") and its words."""
    cause: BaseException | None = error
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        cause = error.orig
    state = str(getattr(cause, "sqlstate", None) or "")
    if state.startswith("08") or state in _LOST_STATES:
        return True
    words = str(cause).lower()
    return any(lost in words for lost in _LOST_WORDS)


def _notice_lost_connection(context: ExceptionContext) -> None:
    """Teach SQLAlchemy our `lost_connection`: it then drops the connection and every one
    pooled before it, and a pre-ping that meets it opens a fresh connection instead."""
    if not context.is_disconnect and lost_connection(context.original_exception):
        context.is_disconnect = True


def forget_connection(connection: Connection, error: BaseException) -> None:
    """For statements sent to the driver directly (`store.session_rows`): forget a lost
    connection as SQLAlchemy forgets one of its own, with every connection pooled before it
    (a database that dropped one usually dropped them all: a retry must not find another)."""
    connection.engine.pool._invalidate(connection.connection, error)  # SQLAlchemy's own step
    connection.invalidate(error)


def _writer_file(database: str) -> str | None:
    """The file whose flock is SQLite's one writer's turn (see `_WriterTurns`)."""
    return None if database in ("", ":memory:") else f"{database}-writer"


def _sqlite_pragmas(writer_file: str | None, dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers go on while one writes; enforce foreign keys; we issue BEGIN ourselves.
    Commits do not wait for the disk (synchronous NORMAL): a durable one is synced afterwards,
    outside the writer's turn (`_WriterTurns`)."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=15000")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        _into_wal(cursor, writer_file)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _into_wal(cursor: Any, writer_file: str | None) -> None:
    """Switch a new database to WAL in the writer's turn. Processes opening a new database at
    once (gunicorn's workers migrating on start) otherwise meet each other's locks while
    switching, and SQLite answers one of them "database is locked" at once, without waiting."""
    if writer_file is None:
        cursor.execute("PRAGMA journal_mode=WAL")
        return
    turn = os.open(writer_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(turn, fcntl.LOCK_EX)
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        os.close(turn)  # and the turn with it


class _WriterTurns:
    """Takes SQLite's one writer's turn for a transaction, and hands it on the moment it ends.

    SQLite lets one connection write at a time. One that finds the database locked sleeps in
    growing steps (1, 2, 5, 10, ... ms) and tries again, so under load a write waits tens of
    milliseconds for a lock that was free after one. Here every write first takes an exclusive
    flock on a file beside the database (per connection, so threads exclude each other too);
    the kernel wakes the next writer the instant the turn is released, after COMMIT or
    ROLLBACK. A process that dies loses its flock with it. A READS engine takes no turn.

    A write transaction begins IMMEDIATE (so a transaction that reads first and writes second
    never fails with "database is locked"); an autocommit connection (a passing engine) writes
    one statement, which commits by itself, and gives the turn back at its COMMIT event.

    A transaction's COMMIT is made durable after the turn is handed on: SQLite commits into the
    WAL without waiting for the disk (synchronous NORMAL), and this process then fsyncs the WAL
    before the caller goes on (tells a citizen their item is filed). The WAL then holds the
    commit on disk: a power cut after it loses nothing, as with synchronous FULL, but the next
    writer does not wait for this one's disk. (A checkpoint that moved the frames into the
    database file synced that file first: they are on disk either way.)
    """

    def __init__(self, database: str, begins: bool) -> None:
        self.path = _writer_file(database)
        self.wal = None if self.path is None else f"{database}-wal"
        self.begins = begins  # transactions, durable; not autocommit statements

    def watch(self, engine: Engine) -> None:
        """Listen to the engine's transactions (and the pool's check-ins, as a backstop)."""
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)
        event.listen(engine, "checkin", self._checkin)

    def _begin(self, connection: Connection) -> None:
        self._take(connection.connection.dbapi_connection, connection.connection.info)
        if self.begins:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    def _commit(self, connection: Connection) -> None:
        self._end(connection, "commit")

    def _rollback(self, connection: Connection) -> None:
        self._end(connection, "rollback")

    def _end(self, connection: Connection, how: str) -> None:
        info = connection.connection.info
        if not info.get("writer_turn"):
            return
        try:
            # SQLAlchemy ends the transaction right after this event; end it now instead, so
            # the turn is handed on only once it is really over (its second call is a no-op).
            getattr(connection.connection.dbapi_connection, how)()
        finally:
            self._give_back(info)
        if how == "commit" and self.begins:
            self._sync_wal()

    def _sync_wal(self) -> None:
        """Put the WAL, with the commit just made, on disk (outside the writer's turn)."""
        assert self.wal is not None
        try:
            wal = os.open(self.wal, os.O_RDONLY)
        except FileNotFoundError:
            return  # checkpointed into the database file, which the checkpoint synced
        try:
            os.fsync(wal)
        finally:
            os.close(wal)

    def _checkin(self, _dbapi_connection: Any, record: Any) -> None:
        if record.info.get("writer_turn"):
            self._give_back(record.info)

    def _take(self, dbapi_connection: Any, info: dict[str, Any]) -> None:
        if self.path is None:
            return
        if "writer_file" not in info:
            info["writer_file"] = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(info["writer_file"], fcntl.LOCK_EX)
        info["writer_turn"] = True

    def _give_back(self, info: dict[str, Any]) -> None:
        info["writer_turn"] = False
        fcntl.flock(info["writer_file"], fcntl.LOCK_UN)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (the caller owns the lifecycle)."""
    return sessionmaker(engine, expire_on_commit=False)


def _alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def schema_revisions(engine: Engine) -> tuple[str | None, str | None]:
    """The database's migration revision (None before the first), and the newest this code has."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision(), head


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration."""
    config = _alembic_config()
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # A migration may rebuild a big table: no statement timeout for it.
            connection.execute(text("SET LOCAL statement_timeout = 0"))
            # Several processes may migrate at once: one migrates, the others wait for it.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
