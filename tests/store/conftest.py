"""Fixtures of the store's tests: a database of their own, for migrating it step by step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from store.database import make_engine
from tests.conftest import database_beside, is_postgres


@pytest.fixture()
def fresh_engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of its own: a SQLite file, or a scratch PostgreSQL database."""
    if not is_postgres(database_url):
        engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        yield engine
        engine.dispose()
        return
    with database_beside(database_url, "migrations") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()
