"""Statements sent straight to the database's driver, on a connection SQLAlchemy still manages.

On the hot paths (a USSD step's session row, a filing's statements), SQLAlchemy's execution
machinery costs more than the statement: about 30 us of CPU a statement on SQLite against the
driver's 5, and 78 us more than the driver's 46 on PostgreSQL (bench/round_trips.py). There,
statements go to the driver: plain SQL through `execute`, or a Core statement through `run`,
compiled once for the connection's database and given its values as the columns' own types
bind them (and read them back). The connection is SQLAlchemy's, so its pool, its transaction
and its events (SQLite's writer's turn) are the same as for any other statement.

A driver's error is raised as SQLAlchemy raises one, with the values hidden as the engines hide
them (a phone, an SMS, a citizen's words stay out of a logged error), and a connection the
database dropped is forgotten first, as SQLAlchemy forgets one, so a retry gets a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

from store.database import forget_connection, lost_connection

Values = dict[str, Any]


def execute(
    connection: Connection, sql: str, parameters: Any, fetch: bool = False, many: bool = False
) -> Any:
    """Run plain SQL (? placeholders) on the connection's driver: the row fetched (`fetch`),
    else the number of rows changed. `many`: `parameters` is a list, one run for each."""
    return _send(connection, _in_style(sql, connection.dialect.paramstyle), parameters, fetch, many)


def _send(connection: Connection, statement: str, parameters: Any, fetch: bool, many: bool) -> Any:
    """Run a statement written in the driver's own placeholders."""
    dialect = connection.dialect
    dbapi_connection = connection.connection.dbapi_connection
    cursor = None
    try:
        # On a connection the database dropped, even the cursor fails (SQLite's closed one).
        cursor = dbapi_connection.cursor()  # type: ignore[union-attr]
        if many:
            cursor.executemany(statement, parameters)
        else:
            cursor.execute(statement, parameters)
        return cursor.fetchone() if fetch else cursor.rowcount
    except dialect.loaded_dbapi.Error as error:
        dropped = dialect.is_disconnect(error, dbapi_connection, cursor) or lost_connection(error)
        if dropped:
            forget_connection(connection, error)
        raise DBAPIError.instance(
            statement,
            parameters,
            error,
            dialect.loaded_dbapi.Error,
            hide_parameters=True,
            connection_invalidated=dropped,
            dialect=dialect,
            ismulti=many,
        ) from error
    finally:
        if cursor is not None:
            cursor.close()


def run(
    session: Session, statement: UpdateBase, values: Values | list[Values], fetch: bool = False
) -> Any:
    """Run a Core INSERT, UPDATE or DELETE in the session's transaction, on the driver.

    `values` as Session.execute takes them: a dict, or a list of dicts for one run each. With
    `fetch`, the row RETURNING gives (its values as the columns' types read them), or None.
    Like Session.execute, it first flushes the session's pending changes (unless autoflush is
    off), so statements reach the database in the order the caller made them.
    """
    if session.autoflush:
        session.flush()  # nothing to do, and next to no cost, when nothing is pending
    connection = session.connection()
    first = values[0] if isinstance(values, list) else values
    plan = _plan(statement, connection.dialect, frozenset(first))
    if isinstance(values, list):
        return _send(connection, plan.sql, [plan.bind(v) for v in values], False, True)
    row = _send(connection, plan.sql, plan.bind(values), fetch, False)
    return plan.read(row) if fetch else row


@dataclass(frozen=True)
class _Plan:
    """A statement compiled for one database: its SQL, how to bind its values, how to read
    what it returns."""

    sql: str  # in the driver's own placeholders
    bind: Callable[[Values], Any]
    read: Callable[[Any], tuple[Any, ...] | None]


_Processor = Callable[[Any], Any] | None


@cache
def _plan(statement: UpdateBase, dialect: Dialect, keys: frozenset[str]) -> _Plan:
    """Compile once for the values' names, as Session.execute would (statements here are built
    once, at import or in a cached function, so the cache stays small)."""
    compiled = statement.compile(dialect=dialect, column_keys=sorted(keys))
    if compiled.insert_prefetch or compiled.update_prefetch:
        # A column's Python-side default is SQLAlchemy's execution's to work out, not ours.
        raise ValueError("this statement needs SQLAlchemy's defaults: use Session.execute")
    processors: dict[str, _Processor] = {
        name: bind.type.dialect_impl(dialect).bind_processor(dialect)
        for name, bind in compiled.binds.items()
    }
    order = compiled.positiontup  # None when the driver takes named values (psycopg)

    def bind(values: Values) -> Any:
        named = compiled.construct_params(values)
        for name, processor in processors.items():
            if processor is not None and named.get(name) is not None:
                named[name] = processor(named[name])
        return named if order is None else [named[name] for name in order]

    readers: list[_Processor] = [
        column["type"].dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.returning_column_descriptions
    ]

    def read(row: Any) -> tuple[Any, ...] | None:
        if row is None:
            return None
        return tuple(
            value if reader is None or value is None else reader(value)
            for reader, value in zip(readers, row, strict=True)
        )

    return _Plan(compiled.string, bind, read)


@cache
def _in_style(sql: str, paramstyle: str) -> str:
    """Plain SQL's ? placeholders as the driver takes them: ? (sqlite3) or %s (psycopg)."""
    return sql if paramstyle == "qmark" else sql.replace("?", "%s")
