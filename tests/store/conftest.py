"""Fixtures of the store's tests: a database of their own, for migrating it step by step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from store.database import make_engine
from tests.conftest import is_postgres


@pytest.fixture()
def fresh_engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of its own: a SQLite file, or a scratch PostgreSQL database."""
    if not is_postgres(database_url):
        engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        yield engine
        engine.dispose()
        return
    url = make_url(database_url)
    scratch = f"{url.database}_migrations"
    admin = make_engine(database_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    engine = make_engine(url.set(database=scratch).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
    admin.dispose()
