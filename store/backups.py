"""Backups and restores of the gateway's database, taken while the gateway runs.

SQLite: the online backup API copies the database page by page inside one read transaction, so
the copy is the database as it stood at one moment however many writes go on beside it (WAL
lets them). PostgreSQL: `pg_dump` in its custom format, whose one transaction sees one snapshot.

A restore goes only into an empty database (no table holds a row): it never mixes a backup with
data, and never overwrites a council's records by a slip of DATABASE_URL.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, MetaData, select, text
from sqlalchemy.engine import URL

from store.database import database_url, make_engine
from store.search import modelled

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
VERSION_TABLE = "alembic_version"  # the schema's revision: not the council's data


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    """What a backup wrote."""

    path: Path
    kind: str  # "sqlite" or "postgresql"
    size: int  # bytes


def backup(raw_url: str, target: Path) -> Backup:
    """Write a consistent copy of the database at `raw_url` to `target` (replaced whole, and
    only once the copy is complete: a failed backup never leaves a half file there)."""
    url = database_url(raw_url)
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError(f"no folder {target.parent} to write the backup in")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_file(url), partial)
            kind = "sqlite"
        else:
            _pg_dump(url, partial)
            kind = "postgresql"
        os.chmod(partial, 0o600)  # it holds citizens' numbers and words: its owner's alone
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(target, kind, target.stat().st_size)


def restore(raw_url: str, source: Path) -> None:
    """Restore the backup `source` into the database at `raw_url`, which must be empty (its
    tables, if any, hold no row). The schema is the backup's: migrate it afterwards."""
    url = database_url(raw_url)
    kind = backup_kind(source)
    backend = url.get_backend_name()
    if kind != backend:
        raise BackupError(
            f"{source} is a {kind} backup and DATABASE_URL is {backend}: restore it into a "
            f"{kind} database"
        )
    engine = make_engine(raw_url)
    try:
        holding = tables_with_rows(engine)
        if holding:
            raise BackupError(
                f"the database at {_shown(url)} is not empty "
                f"({', '.join(holding)} hold rows): restore only into an empty database, a new "
                "one (createdb) or a new DATABASE_URL file; nothing was changed"
            )
        if backend == "postgresql":
            _drop_tables(engine)  # an empty schema migrated on start: the backup brings its own
    finally:
        engine.dispose()
    if backend == "sqlite":
        _sqlite_restore(source, _sqlite_file(url))
    else:
        _pg_restore(url, source)


def _shown(url: URL) -> str:
    """DATABASE_URL as the operator wrote it, without its password."""
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def backup_kind(path: Path) -> str:
    """'sqlite' or 'postgresql', from the file's first bytes; BackupError for anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup of the gateway (neither SQLite nor pg_dump's)")


def tables_with_rows(engine: Engine) -> list[str]:
    """The tables of the database that hold at least one row: the schema's revision and the
    word search's own tables aside (SQLite's FTS5 keeps its settings in rows of its own, and
    the search holds nothing the items do not)."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return [
            table.name
            for table in metadata.sorted_tables
            if table.name != VERSION_TABLE
            and modelled(table.name, "table", None)
            and connection.execute(select(text("1")).select_from(table).limit(1)).first()
        ]


def contents(engine: Engine) -> dict[str, int]:
    """How many items, record events, SMS out and SMS in the database holds."""
    with engine.connect() as connection:
        return {
            name: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for name, table in CONTENTS.items()
        }


CONTENTS = {
    "items": "complaints",
    "events": "complaint_events",
    "SMS out": "outbox",
    "SMS in": "inbound_sms",
}


def _drop_tables(engine: Engine) -> None:
    """Empty a PostgreSQL schema the gateway migrated: its tables, and the functions its
    migrations made (the word search's trigger), which the backup brings again."""
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    with engine.begin() as connection:
        made = connection.execute(
            text(
                "SELECT p.oid::regprocedure::text FROM pg_proc p"
                " JOIN pg_namespace n ON n.oid = p.pronamespace"
                " LEFT JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'"
                " WHERE n.nspname = 'public' AND d.objid IS NULL"
            )
        ).scalars()
        for signature in list(made):
            connection.execute(text(f"DROP FUNCTION IF EXISTS {signature} CASCADE"))


# --- SQLite --------------------------------------------------------------------------------------


def _sqlite_file(url: URL) -> Path:
    if url.database in (None, "", ":memory:"):
        raise BackupError("an in-memory SQLite database has nothing to back up or restore into")
    return Path(url.database).resolve()


def _sqlite_backup(database: Path, target: Path) -> None:
    """The online backup API, in one step (so it is one read transaction: one moment), then a
    check of the copy, which is left as one self-contained file (no WAL beside it)."""
    if not database.is_file():
        raise BackupError(f"no SQLite database at {database}")
    source = sqlite3.connect(database, timeout=15)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA quick_check").fetchone()
        if check != ("ok",):
            raise BackupError(f"the copy failed its check: {check}")
    finally:
        copy.close()
        source.close()


def _sqlite_restore(source: Path, database: Path) -> None:
    """Copy the backup into the database file through the backup API (through SQLite's own
    locks, so the WAL and the file stay one database)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(database, timeout=15)
    try:
        backup_file.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        backup_file.close()


# --- PostgreSQL ----------------------------------------------------------------------------------


def _pg_dump(url: URL, target: Path) -> None:
    program = _client("pg_dump")
    _check_client_version(program, url)
    _run([program, "--format=custom", f"--file={target}", f"--dbname={_libpq(url)}"], url)


def _pg_restore(url: URL, source: Path) -> None:
    program = _client("pg_restore")
    command = [program, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    _run([*command, f"--dbname={_libpq(url)}", str(source)], url)


def _client(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: apt-get install postgresql-client (of the server's "
            "major version or newer)"
        )
    return found


def _check_client_version(program: str, url: URL) -> None:
    """pg_dump refuses a server newer than itself: say so plainly, before it starts."""
    shown = subprocess.run([program, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"(\d+)\.", shown)
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as connection:
            server = int(connection.execute(text("SHOW server_version_num")).scalar_one())
    finally:
        engine.dispose()
    client = int(found.group(1)) if found else 0
    if client < server // 10000:
        raise BackupError(
            f"{program} is version {client} and the server {server // 10000}: install "
            f"postgresql-client-{server // 10000} (pg_dump cannot dump a newer server)"
        )


def _libpq(url: URL) -> str:
    """The URL as libpq reads it, without its password (passed in the environment, so that no
    process listing shows it)."""
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False)


def _run(command: list[str], url: URL) -> None:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        name = Path(command[0]).name
        raise BackupError(f"{name} failed: {done.stderr.strip() or done.returncode}")
