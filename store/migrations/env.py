"""Alembic environment: runs on the connection the gateway hands it, or on DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from store.database import make_engine
from store.models import Base
from store.search import modelled

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Migrate over the given connection (app start, tests) or a fresh one (alembic CLI)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(os.environ.get("DATABASE_URL", "sqlite:///instance/gateway.sqlite3"))
    with engine.begin() as fresh:
        _run(fresh)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        include_name=modelled,  # the word search's own tables (migration 0014)
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
