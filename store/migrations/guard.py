"""A downgrade that would drop a council's data refuses, unless forced.

A migration's downgrade() drops the columns and tables its upgrade() added. Before it drops
any, it names them to `refuse_data_loss`, which counts, with one SELECT per table on the
migration's own connection, the rows holding something there (any row, for a whole table).
If one does, the downgrade stops with `DataLossRefused`, naming the revision, each
table.column and its rows. The alembic CLI prints it (`FAILED: ...`) and exits non-zero.

Nothing is changed: a downgrade runs in one transaction (store/migrations/env.py), and the
error rolls it back, with the steps of a longer downgrade already taken. That holds on
PostgreSQL and on SQLite, whose batch mode copies a table within the same transaction.

To drop the data anyway, give the downgrade ALLOW_DATA_LOSS=1 in its environment:

    ALLOW_DATA_LOSS=1 PYTHONPATH=. DATABASE_URL=... alembic -c store/alembic.ini downgrade 0008
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from alembic import context, op
from alembic.util import CommandError
from sqlalchemy import Connection, text

FORCE = "ALLOW_DATA_LOSS"

log = logging.getLogger(__name__)


class DataLossRefused(CommandError):
    """A downgrade stopped before dropping data; its transaction is rolled back."""


@dataclass(frozen=True)
class Dropped:
    """A column a downgrade drops, or (no column) a whole table.

    `empty_when`, an SQL condition, says when the column's value carries nothing the upgrade
    would not give it again: its server default, or a copy of another column.
    """

    table: str
    column: str | None = None
    empty_when: str | None = None

    @property
    def name(self) -> str:
        """table.column, or the table's name."""
        return self.table if self.column is None else f"{self.table}.{self.column}"


def columns(table: str, *names: str) -> list[Dropped]:
    """Columns of one table, each holding data when it is not NULL."""
    return [Dropped(table, name) for name in names]


def tables(*names: str) -> list[Dropped]:
    """Whole tables, each holding data when it has a row."""
    return [Dropped(name) for name in names]


def refuse_data_loss(revision: str, *dropped: Dropped) -> None:
    """Raise DataLossRefused if anything `dropped` holds data, unless ALLOW_DATA_LOSS=1."""
    if context.is_offline_mode():
        return  # writing an SQL script (--sql): there are no rows to count
    losses = [(drop, rows) for drop, rows in rows_held(op.get_bind(), dropped) if rows]
    if not losses:
        return
    listed = ", ".join(f"{drop.name} ({_rows(rows)})" for drop, rows in losses)
    if os.environ.get(FORCE) == "1":
        log.warning("%s=1: the downgrade of revision %s drops %s", FORCE, revision, listed)
        return
    raise DataLossRefused(
        f"Refused to downgrade revision {revision}: it would drop data in {listed}. "
        f"Nothing was changed. To drop it anyway, keep a copy of the database, then run the "
        f"downgrade again with {FORCE}=1 in its environment."
    )


def rows_held(connection: Connection, dropped: tuple[Dropped, ...]) -> list[tuple[Dropped, int]]:
    """Each dropped thing with the number of rows holding data in it."""
    by_table: dict[str, list[Dropped]] = {}
    for drop in dropped:
        by_table.setdefault(drop.table, []).append(drop)
    held: list[tuple[Dropped, int]] = []
    for table, drops in by_table.items():
        counts = ", ".join(_count(drop) for drop in drops)
        row = connection.execute(text(f"SELECT {counts} FROM {table}")).one()
        held.extend(zip(drops, (int(count) for count in row), strict=True))
    return held


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _count(drop: Dropped) -> str:
    if drop.column is None:
        return "count(*)"
    holds = f"{drop.column} IS NOT NULL"
    if drop.empty_when:
        holds += f" AND NOT ({drop.empty_when})"
    return f"count(CASE WHEN {holds} THEN 1 END)"
