"""How long the charter report takes on a real history: a million items.

Run: python bench/report.py [--items 1000000] [--events-per-item 0.5] [--sms-per-item 1.0]
(DATABASE_URL picks the database; default a fresh SQLite file in a temporary folder). The
database must be empty or made only of this benchmark's rows: pass --reset to drop and recreate
every table first (never point it at a database you care about), or --reuse to time the rows an
earlier run loaded (after migrating them to the newest schema).

It bulk-inserts items spread over five years (with executemany through SQLAlchemy Core, no
COPY), plus events and outbox rows in proportion, then times the whole report (every query the
page runs: overall, by department, ward and channel, medians, SMS cost, trend, charter review)
for a year and for a month. Results: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))

from sqlalchemy import Engine, MetaData, insert, text  # noqa: E402

from charter.loader import load_charter  # noqa: E402
from gateway.reporting.periods import parse_period  # noqa: E402
from gateway.reporting.report import build_report  # noqa: E402
from gateway.reporting.standards import standards_figures  # noqa: E402
from store.database import make_engine, make_session_factory, migrate  # noqa: E402
from store.models import Complaint, ComplaintEvent, OutboxMessage  # noqa: E402

BATCH = 20_000
FIRST_DAY = datetime(2022, 1, 1, tzinfo=UTC)
DAYS = 5 * 365  # 2022-2026
NOW = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
CHANNELS = (("ussd", 60), ("sms", 25), ("walkin", 8), ("letter", 4), ("phone", 3))
KINDS = (("lalamiko", 70), ("maulizo", 15), ("mapendekezo", 10), ("pongezi", 5))
KIND_SLUGS = [name for name, _ in KINDS]


def weighted(pairs: tuple[tuple[str, int], ...]) -> list[str]:
    return [name for name, weight in pairs for _ in range(weight)]


def items(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """`count` stored items with a plausible spread of outcomes (not a working calendar)."""
    charter = load_charter(None)
    departments = [d.slug for d in charter.departments]
    wards = list(charter.wards)
    channels, kinds = weighted(CHANNELS), weighted(KINDS)
    rng = random.Random(seed)
    for number in range(count):
        received = FIRST_DAY + timedelta(seconds=rng.randrange(DAYS * 86_400))
        kind = rng.choice(kinds)
        ack_due = received + timedelta(days=3)
        answer_due = None if kind == "pongezi" else received + timedelta(days=rng.choice((7, 20)))
        outcome = rng.random()
        acknowledged = received + timedelta(hours=rng.uniform(1, 90)) if outcome < 0.93 else None
        resolved = None
        status = "received" if acknowledged is None else "acknowledged"
        if answer_due is not None and acknowledged is not None and outcome < 0.88:
            resolved = acknowledged + timedelta(days=rng.uniform(0.5, 26))
            status = "closed" if outcome < 0.6 else "resolved"
        if resolved is not None and resolved > NOW:
            resolved, status = None, "acknowledged"
        satisfied = None if resolved is None or outcome > 0.75 else outcome < 0.6
        appealed = resolved is not None and satisfied is False and rng.random() < 0.5
        row: dict[str, Any] = {
            "reference": f"{10_000_000 + number}",
            "kind": kind,
            "department": rng.choice(departments) if rng.random() > 0.03 else None,
            "ward": rng.choice(wards),
            "description": "Maelezo ya benchmark",
            "citizen_name": None,
            "phone": f"+2557{rng.randrange(10**8):08d}",
            "anonymous": rng.random() < 0.2,
            "channel": rng.choice(channels),
            "language": "sw",
            "status": "appealed" if appealed else status,
            "received_at": received,
            "acknowledge_due_at": ack_due,
            "answer_due_at": answer_due,
            "acknowledged_at": acknowledged,
            "resolved_at": resolved,
            "acknowledge_days": None if acknowledged is None else round(rng.uniform(0.1, 4), 2),
            "resolve_days": None if resolved is None else round(rng.uniform(0.5, 20), 2),
            "satisfied": satisfied,
            "appeal_opened_at": resolved + timedelta(days=1) if appealed and resolved else None,
            "appeal_due_at": resolved + timedelta(days=20) if appealed and resolved else None,
            "paused_seconds": 0,
            "extension_days": 0,
            "escalation_level": 0,
            "alarms_done": "",
        }
        yield row


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def load(engine: Engine, count: int, events_per_item: float, sms_per_item: float) -> None:
    """Bulk-insert the items, then events and outbox rows for a share of them."""
    rng = random.Random(11)
    started = time.perf_counter()
    inserted = events = sms = 0
    for batch in _batches(items(count)):
        with engine.begin() as connection:
            first_id = inserted + 1
            for offset, row in enumerate(batch):
                row["id"] = first_id + offset
            connection.execute(insert(Complaint.__table__), batch)
            event_rows = [
                {
                    "complaint_id": row["id"],
                    "kind": "received",
                    "at": row["received_at"],
                    "actor": row["channel"],
                    "detail": {"kind": row["kind"]},
                }
                for row in batch
                if rng.random() < events_per_item
            ]
            sms_rows = [
                _sms_row(rng, row) for row in batch for _ in range(_how_many(rng, sms_per_item))
            ]
            if event_rows:
                connection.execute(insert(ComplaintEvent.__table__), event_rows)
            if sms_rows:
                connection.execute(insert(OutboxMessage.__table__), sms_rows)
        inserted += len(batch)
        events += len(event_rows)
        sms += len(sms_rows)
        rate = inserted / (time.perf_counter() - started)
        print(
            f"\r  {inserted:>9,} items, {events:,} events, {sms:,} SMS ({rate:,.0f} items/s)",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)


def _how_many(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (1 if rng.random() < mean - whole else 0)


def _sms_row(rng: random.Random, item: dict[str, Any]) -> dict[str, Any]:
    sent = item["received_at"] + timedelta(seconds=rng.randrange(5, 3600))
    failed = rng.random() < 0.03
    parts = 1 if rng.random() < 0.8 else 2
    return {
        "phone": item["phone"],
        "text": "Makete DC: tumepokea lalamiko lako.",
        "purpose": "acknowledgement",
        "complaint_id": item["id"],
        "status": "failed" if failed else "delivered",
        "due_at": sent,
        "attempts": 1,
        "parts": None if failed else parts,
        "cost": None if failed else f"TZS {22 * parts}.0000",
        "created_at": sent,
        "sent_at": None if failed else sent,
    }


def time_report(engine: Engine, period_key: str, repeats: int) -> list[float]:
    """Seconds for each of `repeats` runs of the whole report page for one period: the figures
    and every standard's line with the client groups, as /console/report computes them."""
    sessions = make_session_factory(engine)
    period = parse_period(period_key)
    charter = load_charter(None)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        with sessions() as session:
            report = build_report(session, period, NOW, KIND_SLUGS)
            standards_figures(session, charter, period, NOW)
        timings.append(time.perf_counter() - started)
    assert report.overall.received > 0
    return timings


def reset(engine: Engine) -> None:
    """Drop every table (and SQLite's word-search table, which reflection cannot drop), so the
    migrations build the schema from nothing."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS complaint_words"))
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)


def settle(engine: Engine) -> None:
    """Bring the freshly written tables to the state of a database that has lived a while.

    ANALYZE gives both planners their statistics. On PostgreSQL, VACUUM also sets the
    visibility map that autovacuum keeps for old rows in production: without it an index-only
    scan must still visit the table for every row written since the last vacuum.
    """
    if engine.dialect.name != "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("SET statement_timeout = 0"))  # a million rows take longer
        connection.execute(text("VACUUM ANALYZE"))  # VACUUM cannot run inside a transaction
        connection.execute(text("RESET statement_timeout"))


def loading_arguments(parser: argparse.ArgumentParser) -> None:
    """--reset and --reuse: how a bench finds its database (see `ready`)."""
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--reset", action="store_true", help="drop every table first")
    how.add_argument("--reuse", action="store_true", help="time the items already loaded")


def ready(engine: Engine, args: argparse.Namespace) -> int:
    """The bench's database migrated (emptied first with --reset); the items it holds. Stops
    when --reuse finds none, or items are there without --reuse (they would be timed twice)."""
    if args.reset:
        reset(engine)
    migrate(engine)
    with engine.connect() as connection:
        held = int(connection.execute(text("SELECT count(*) FROM complaints")).scalar() or 0)
    if args.reuse and not held:
        sys.exit("no items to reuse: load them first (without --reuse)")
    if held and not args.reuse:
        sys.exit("the database already holds items: pass --reset (it drops every table)")
    return held


def main() -> None:
    """Parse arguments, load, time, print the results as table rows for RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--events-per-item", type=float, default=0.5)
    parser.add_argument("--sms-per-item", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=3)
    loading_arguments(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        engine = make_engine(url)
        ready(engine, args)
        backend = engine.dialect.name
        if not args.reuse:
            print(f"loading {args.items:,} items into {backend}", file=sys.stderr)
            started = time.perf_counter()
            load(engine, args.items, args.events_per_item, args.sms_per_item)
            print(f"| load | {args.items:,} items | {time.perf_counter() - started:.0f} s |")
        settle(engine)
        for key in ("2025", "2026-06"):
            runs = time_report(engine, key, args.repeats)
            print(
                f"| {backend} | {key} | median {statistics.median(runs):.2f} s "
                f"| best {min(runs):.2f} s |",
                flush=True,
            )
        engine.dispose()


if __name__ == "__main__":
    main()
