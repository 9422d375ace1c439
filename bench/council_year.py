"""A year of the council: the simulation of tests/council_simulation.py over 365 days (or
`--days`), every promise checked after every simulated hour.

Run: python bench/council_year.py [--days 365] [--seed 2027] [--filings-per-day 8]
(DATABASE_URL picks the database; default a fresh SQLite file in a temporary folder; a
PostgreSQL database given here is emptied first, so give it one of its own).

The real gateway (webhooks, the scheduler's jobs, the `africastalking` SDK against the tests'
fake Africa's Talking on 127.0.0.1) runs in this process with time moved hour by hour. It
prints what the crowd did, which alarms fired, the statuses at the end and how long it took;
an AssertionError names the first promise broken. Results: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import MetaData  # noqa: E402

from app import create_app  # noqa: E402
from store.database import make_engine  # noqa: E402
from tests.council_simulation import Council  # noqa: E402
from tests.fake_africastalking import FakeAfricasTalking  # noqa: E402

START = datetime(2027, 1, 4, 3, 0, tzinfo=UTC)  # Monday 4 January 2027, 06:00 in Makete


def main() -> None:
    """Run the simulation and print its summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--filings-per-day", type=float, default=8.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/year.sqlite3"
        engine = make_engine(url)
        metadata = MetaData()
        metadata.reflect(engine)
        metadata.drop_all(engine)  # from nothing: the migrations build the schema
        engine.dispose()
        with FakeAfricasTalking() as fake_at:
            app = create_app(
                {
                    "DATABASE_URL": url,
                    "SECRET_KEY": "bench",
                    "AT_USERNAME": "sandbox",
                    "AT_API_KEY": "bench-key",
                    "AT_API_URL": fake_at.url,
                    "WEBHOOK_SECRET": "",
                    "CHARTER_FILE": "",
                    "QUIET_HOURS": "21:00-07:00",
                    "MIGRATE_ON_START": "1",
                }
            )
            council = Council(
                app,
                fake_at,
                seed=options.seed,
                start=START,
                days=options.days,
                filings_per_day=options.filings_per_day,
            )

            def progress(now: datetime) -> None:
                hours = council.summary.hours_checked
                if hours % (24 * 30) == 0:
                    print(f"day {hours // 24}: {now:%Y-%m-%d}, all invariants held", flush=True)

            summary = council.run(after_hour=progress)
        print(f"database {make_engine(url).url.get_backend_name()}, seed {options.seed}")
        print("\n".join(summary.lines()))
        print("every invariant held after every simulated hour")


if __name__ == "__main__":
    main()
