"""Inserting a row unless one with the same key is there: one statement on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.models import Base


def table_of(model: type[Base]) -> Table:
    """A model's Table, for SQLAlchemy Core statements on the hot paths."""
    return cast(Table, model.__table__)


def insert_missing(session: Session, model: type[Base], **values: Any) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when this call inserted the row.

    Two requests creating the same row at once then both go on, neither failing on the key.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = table_of(model)
    statement = (
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_nothing()
        # RETURNING, not rowcount: psycopg reports -1 rows for an INSERT ... ON CONFLICT.
        .returning(*table.primary_key.columns)
    )
    return session.execute(statement).first() is not None


def insert_or_update(
    session: Session, model: type[Base], values: dict[str, Any], update: tuple[str, ...]
) -> None:
    """INSERT the row, or UPDATE the `update` columns of the row with its key: one statement,
    so two processes writing the same row at once both succeed, one after the other."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = table_of(model)
    statement = dialect.insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=list(table.primary_key.columns),
        set_={name: statement.excluded[name] for name in update},
    )
    session.execute(statement)
