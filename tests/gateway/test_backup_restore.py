"""`flask backup` copies the database while the gateway takes complaints; `flask restore` brings
the copy back into an empty database, whole: every item with its record and its SMS (issue 25)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, text

from store.database import make_engine
from tests.conftest import database_beside, is_postgres, sql


@pytest.fixture()
def new_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A database of its own to restore into, created empty: a SQLite file not yet made, or a
    new PostgreSQL database beside the suite's."""
    if not is_postgres(database_url):
        yield f"sqlite:///{tmp_path / 'restored' / 'gateway.sqlite3'}"
        return
    with database_beside(database_url, "restore") as url:
        yield url


def file_by_sms(app: Flask, number: int) -> None:
    """A citizen's complaint by SMS, through the webhook as Africa's Talking posts it."""
    answer = app.test_client().post(
        "/sms/incoming",
        data={
            "from": f"+2557540{number:05d}",
            "to": "15025",
            "id": f"ATSMS_backup_{number}",
            "date": "2026-11-25 08:00:00",
            "text": f"LALAMIKO bomba la maji namba {number} limevunjika",
        },
    )
    assert answer.status_code == 200, answer.text


# Each table and the column naming the item a row belongs to.
TABLES = {
    "complaints": "id",
    "complaint_events": "complaint_id",
    "outbox": "complaint_id",
    "inbound_sms": "complaint_id",
}


def rows(engine: Engine, table: str) -> dict[int, tuple[Any, ...]]:
    """Every row of a table by id, as stored, its item's id first."""
    with engine.connect() as connection:
        found = connection.execute(text(f"SELECT {TABLES[table]}, * FROM {table} ORDER BY id"))
        return {row[1]: tuple(row) for row in found}


def test_a_backup_taken_while_complaints_arrive_restores_whole_into_a_new_database(
    make_app: Callable[..., Flask], new_database_url: str, tmp_path: Path
) -> None:
    app = make_app()
    for number in range(20):
        file_by_sms(app, number)
    filed_before = sql(app.extensions["gateway"].engine, "SELECT count(*) FROM complaints")[0][0]
    assert filed_before == 20

    # Another thread files complaint after complaint while the backup is taken.
    stop, written = threading.Event(), [0]

    def keep_filing() -> None:
        number = 100
        while not stop.is_set() and number < 2000:
            file_by_sms(app, number)
            written[0] += 1
            number += 1

    writer = threading.Thread(target=keep_filing)
    writer.start()
    try:
        while written[0] < 5 and writer.is_alive():
            threading.Event().wait(0.01)  # until the writer is busy (it files in milliseconds)
        during = written[0]
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "council.backup")])
        after = written[0]
        while written[0] < after + 5 and writer.is_alive():
            threading.Event().wait(0.01)  # and it goes on filing after the copy is taken
    finally:
        stop.set()
        writer.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert "backed up the" in result.output
    assert during < after or after < written[0]  # writes went on beside the backup

    source = app.extensions["gateway"].engine
    restored_app = make_app(DATABASE_URL=new_database_url)
    restored = restored_app.test_cli_runner().invoke(
        args=["restore", str(tmp_path / "council.backup")]
    )
    assert restored.exit_code == 0, restored.output
    assert "the database is up to date" in restored.output

    engine = make_engine(new_database_url)
    try:
        copy = {table: rows(engine, table) for table in TABLES}
        now = {table: rows(source, table) for table in TABLES}
    finally:
        engine.dispose()
    items = copy["complaints"]
    # Every item filed before the backup began, and those filed during it up to one moment.
    assert 20 + during <= len(items) <= 20 + written[0]
    assert f"items: {len(items):,}," in restored.output
    assert (tmp_path / "council.backup").stat().st_mode & 0o077 == 0  # its owner's alone
    for table in ("complaints", "complaint_events", "outbox"):
        # Each row as it was stored, and for each restored item its whole record and SMS:
        # nothing of an item's one transaction is missing, nothing is from after the moment.
        kept = {key: row for key, row in now[table].items() if row[0] in items}
        assert copy[table] == kept, table
    assert set(copy["inbound_sms"]) <= set(now["inbound_sms"])
    assert len(copy["complaint_events"]) >= 2 * len(items)  # received and routed, each
    assert len(copy["outbox"]) >= len(items)  # each acknowledgement


def test_restore_refuses_a_database_that_holds_anything(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app()
    file_by_sms(app, 1)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "b")]).exit_code == 0
    file_by_sms(app, 2)
    refused = runner.invoke(args=["restore", str(tmp_path / "b")])
    assert refused.exit_code == 1
    assert "is not empty" in refused.output and "complaints" in refused.output
    assert "nothing was changed" in refused.output
    count = sql(app.extensions["gateway"].engine, "SELECT count(*) FROM complaints")[0][0]
    assert count == 2  # the second item is still there


def test_restore_says_what_it_cannot_read(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    runner = make_app().test_cli_runner()
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    answer = runner.invoke(args=["restore", str(junk)])
    assert answer.exit_code == 1 and "is not a backup of the gateway" in answer.output
    missing = runner.invoke(args=["backup", str(tmp_path / "no" / "such" / "folder" / "b")])
    assert missing.exit_code == 1 and "no folder" in missing.output


def test_a_pg_dump_older_than_the_server_is_named_with_what_to_install(
    make_app: Callable[..., Flask],
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not is_postgres(database_url):
        pytest.skip("pg_dump is PostgreSQL's")
    old = tmp_path / "bin" / "pg_dump"
    old.parent.mkdir()
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", f"{old.parent}:{os.environ['PATH']}")
    answer = make_app().test_cli_runner().invoke(args=["backup", str(tmp_path / "b")])
    assert answer.exit_code == 1
    assert "is version 9 and the server" in answer.output
    assert "install postgresql-client-" in answer.output
    assert not (tmp_path / "b").exists()
