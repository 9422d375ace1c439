"""SQLite's writes: one writer's turn at a time, and a durable commit on disk before the caller
goes on, synced after the turn is handed on (so the next writer never waits for this one's disk)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from store.database import PASSING, make_engine, migrate
from store.models import Holiday

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "gateway.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    yield path


def _watch_syncs(monkeypatch: pytest.MonkeyPatch, database: Path) -> list[tuple[str, bool]]:
    """Every fsync from now on: the file synced, and whether the writer's turn was free then."""
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        turn = os.open(f"{database}-writer", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(turn, fcntl.LOCK_EX | fcntl.LOCK_NB)
            free = True
            fcntl.flock(turn, fcntl.LOCK_UN)
        except BlockingIOError:
            free = False
        finally:
            os.close(turn)
        synced.append((os.readlink(f"/proc/self/fd/{fd}"), free))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return synced


def _add_holiday(engine: Engine, day: int) -> None:
    with engine.begin() as connection:
        connection.execute(insert(Holiday).values(day=date(2027, 1, day), name="x", added_at=NOW))


def test_a_durable_commit_syncs_the_wal_once_the_writers_turn_is_handed_on(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(f"sqlite:///{database}")
    synced = _watch_syncs(monkeypatch, database)

    _add_holiday(engine, 4)

    assert synced == [(f"{database}-wal", True)]
    with engine.connect() as connection:
        assert connection.execute(select(Holiday.name)).scalars().all() == ["x"]
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_a_rolled_back_transaction_and_a_passing_write_sync_nothing(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(f"sqlite:///{database}")
    passing = make_engine(f"sqlite:///{database}", PASSING)
    synced = _watch_syncs(monkeypatch, database)

    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(insert(Holiday).values(day=date(2027, 1, 5), name="x", added_at=NOW))
        raise RuntimeError("the step failed")
    _add_holiday(passing, 6)

    assert synced == []
    with engine.connect() as connection:
        assert connection.execute(select(Holiday.day)).scalars().all() == [date(2027, 1, 6)]
