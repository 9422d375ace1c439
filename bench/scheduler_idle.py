"""What the scheduler costs when nothing is due: every job once, on a million items.

Run: python bench/scheduler_idle.py [--items 1000000] [--reuse] [--runs 50]
(DATABASE_URL picks the database; default a SQLite file bench/scheduler_idle.sqlite3 kept for
--reuse; a PostgreSQL database given here is emptied first unless --reuse, so give it one of
its own).

It loads items with bench/report.py's loader (events and outbox rows in proportion, all sent),
gives every open item a next alarm in the future, and adds a day of handled incoming SMS and
recent USSD sessions, so each job's question ("what is due now?") has a big table to ask and
nothing to find. Then it runs each job of gateway.ops.scheduler.jobs `--runs` times and prints
the median and worst time of one run. Results: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import MetaData, func, insert, select, update  # noqa: E402

from gateway.config import load_config  # noqa: E402
from gateway.lifecycle.statuses import CLOCK_RUNNING  # noqa: E402
from gateway.messaging.providers.fake import FakeProvider  # noqa: E402
from gateway.ops.scheduler import jobs  # noqa: E402
from gateway.runtime import build_gateway  # noqa: E402
from store.database import make_engine, migrate  # noqa: E402
from store.models import Complaint, InboundSms, UssdSession  # noqa: E402

NOW = datetime.now(UTC)
INBOUND_PER_DAY = 20_000  # a busy council's day of SMS, all handled
SESSIONS_PER_DAY = 20_000


def _report_loader():  # type: ignore[no-untyped-def]
    """bench/report.py's bulk loader (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("report_bench", ROOT / "bench" / "report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load


def fill(url: str, items: int) -> None:
    """An empty migrated database filled with `items` items and nothing due."""
    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    migrate(engine)
    _report_loader()(engine, items, 0.5, 1.0)
    with engine.begin() as connection:
        connection.execute(
            update(Complaint)
            .where(Complaint.status.in_(CLOCK_RUNNING))
            .values(next_alarm_at=NOW + timedelta(days=1), next_alarm="remind_half")
        )
        connection.execute(
            insert(InboundSms),
            [
                {
                    "provider_id": f"bench-{n}",
                    "phone": f"+2557{n:08d}",
                    "shortcode": "15025",
                    "text": "HALI 33769718",
                    "received_at": NOW - timedelta(seconds=n * 4),
                    "handled_at": NOW - timedelta(seconds=n * 4),
                    "command": "status",
                    "replied": True,
                    "failures": 0,
                }
                for n in range(INBOUND_PER_DAY)
            ],
        )
        connection.execute(
            insert(UssdSession),
            [
                {
                    "session_id": f"bench-{n}",
                    "phone": f"+2557{n:08d}",
                    "seen_text": "1*5",
                    "state": {"screen": "ward"},
                    "replies": [],
                    "draft": None,
                    "language": "sw",
                    "started_at": NOW - timedelta(seconds=n * 4),
                    "updated_at": NOW - timedelta(seconds=n * 4),
                }
                for n in range(SESSIONS_PER_DAY)
            ],
        )
    engine.dispose()


def time_jobs(url: str, runs: int) -> list[tuple[str, float, float]]:
    """(job, median ms, worst ms) for one run of each job."""
    settings = {**os.environ, "DATABASE_URL": url, "AT_USERNAME": "", "AT_API_KEY": ""}
    gateway = build_gateway(load_config(settings), FakeProvider())
    results = []
    for job, _seconds in jobs(gateway):
        job(gateway)  # warm: connections, compiled statements, the calendar
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            job(gateway)
            timings.append((time.perf_counter() - started) * 1000)
        results.append((job.__name__, statistics.median(timings), max(timings)))
    with gateway.engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Complaint))
    print(f"items: {count:,}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="time the database loaded before")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'bench' / 'scheduler_idle.sqlite3'}"
    if not args.reuse:
        started = time.monotonic()
        fill(url, args.items)
        print(f"\nloaded in {time.monotonic() - started:.0f} s")
    for name, median, worst in time_jobs(url, args.runs):
        print(f"{name:28s} median {median:7.2f} ms   worst {worst:7.2f} ms")


if __name__ == "__main__":
    main()
