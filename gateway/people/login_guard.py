"""How fast anyone may guess at the console's passwords: the same for every phone typed,
officer's or not, and counted per source address as well.

Three counters hold each failed login (`login_throttles` rows, locked while counted, so
guesses sent in parallel are counted one after another):

* the phone from this address: 5 failures lock that pair for 15 minutes. An officer who
  mistypes is slowed; a stranger elsewhere guessing at their phone does not lock them out.
* the address, whatever phones it tries: 20 failures lock it for 15 minutes (spraying).
* the phone from every address together: 50 failures lock it for 15 minutes (guessing spread
  over many addresses), the only lock another address can impose, and a costly one.

An unknown phone counts exactly as an officer's does, so the answers (401, then 429) never
tell which phones are officers'. A right password clears the pair's and the phone's counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from store.models import LoginThrottle
from store.upsert import table_of

LOCK_FOR = timedelta(minutes=15)
# The failures each counter allows before it locks: (kind, limit).
LIMITS = {"pair": 5, "address": 20, "phone": 50}
FORGET_AFTER = timedelta(days=1)  # counts untouched this long (and not locked) are dropped


@dataclass(frozen=True)
class Counter:
    key: str
    limit: int
    failures: int
    locked_until: datetime | None


def keys(phone: str, address: str) -> dict[str, str]:
    """The counters' keys for a login from `address` for `phone` (as normalised, or as typed)."""
    return {
        "address": f"address:{address}",
        "phone": f"phone:{phone}",
        "pair": f"pair:{phone}|{address}",
    }


def hold(session: Session, phone: str, address: str, now: datetime) -> list[Counter]:
    """The login's counters, created if new and locked until the transaction ends, always in
    the same order (address, phone, pair), so two logins never wait on each other."""
    statement = _upsert(session.get_bind().dialect.name)
    held = []
    for kind, key in keys(phone, address).items():
        row = session.execute(statement, {"key": key, "now": now}).one()
        held.append(Counter(key, LIMITS[kind], row.failures, row.locked_until))
    return held


def locked(counters: list[Counter], now: datetime) -> bool:
    """Whether any of the login's counters is locked now."""
    return any(c.locked_until is not None and c.locked_until > now for c in counters)


def failed(session: Session, counters: list[Counter], now: datetime) -> bool:
    """Count a failure on each counter; True when this one locked any of them."""
    table = table_of(LoginThrottle)
    locked_now = False
    for counter in counters:
        failures = counter.failures + 1
        lock = failures >= counter.limit
        locked_now = locked_now or lock
        session.execute(
            table.update()
            .where(table.c.key == counter.key)
            .values(
                failures=0 if lock else failures,
                locked_until=now + LOCK_FOR if lock else counter.locked_until,
                updated_at=now,
            )
        )
    return locked_now


def succeeded(session: Session, counters: list[Counter], now: datetime) -> None:
    """A right password: the pair's and the phone's counts start again (not the address's)."""
    table = table_of(LoginThrottle)
    cleared = [c.key for c in counters if not c.key.startswith("address:")]
    session.execute(
        table.update()
        .where(table.c.key.in_(cleared))
        .values(failures=0, locked_until=None, updated_at=now)
    )


def forgive(session: Session, phone: str) -> None:
    """Lift every console lock on a phone (its own and its pairs'): the desk unlocking it."""
    table = table_of(LoginThrottle)
    session.execute(
        table.update()
        .where((table.c.key == f"phone:{phone}") | table.c.key.startswith(f"pair:{phone}|"))
        .values(failures=0, locked_until=None)
    )


def forget_old(session: Session, now: datetime) -> int:
    """Drop counts nobody has touched for a day and that lock nothing (the hourly clean-up)."""
    table = table_of(LoginThrottle)
    cutoff = now - FORGET_AFTER
    result = session.execute(
        delete(table).where(
            table.c.updated_at < cutoff,
            (table.c.locked_until.is_(None)) | (table.c.locked_until < now),
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@cache
def _upsert(dialect: str) -> ReturningInsert[tuple[int, datetime | None]]:
    # Updating the key to itself on conflict locks the row, as SELECT ... FOR UPDATE would.
    table = table_of(LoginThrottle)
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    return (
        insert.values(
            key=bindparam("key"), failures=0, updated_at=bindparam("now"), locked_until=None
        )
        .on_conflict_do_update(index_elements=[table.c.key], set_={"key": insert.excluded.key})
        .returning(table.c.failures, table.c.locked_until)
    )
