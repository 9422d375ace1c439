"""How long a /metrics scrape takes on a long history: every item and every SMS counted.

Run: python bench/metrics_scrape.py [--items 1000000] [--sms-per-item 3] [--repeats 5]
     [--reset | --reuse]
(DATABASE_URL picks the database; default a fresh SQLite file in a temporary folder.) It loads
items and outbox rows with bench/report.py's loader (the same rows, the same rules: --reset
drops every table first, --reuse times what an earlier run loaded), then asks /metrics from
loopback through the Flask app `--repeats` times, and times the two whole-table counts apart.
Results: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from report import load, loading_arguments, ready, settle  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app import create_app  # noqa: E402
from gateway.ops.scheduler import forget_old_login_counts, run_job  # noqa: E402
from gateway.reporting.operations import item_figures, sms_totals  # noqa: E402
from store.database import make_engine  # noqa: E402


def timed(call: object, repeats: int) -> list[float]:
    """Seconds each of `repeats` calls took."""
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        runs.append(time.perf_counter() - started)
    return runs


def main() -> None:
    """Load (unless reused), then time the scrape; print table rows for RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--sms-per-item", type=float, default=3.0)
    parser.add_argument("--repeats", type=int, default=5)
    loading_arguments(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        engine = make_engine(url)
        ready(engine, args)
        if not args.reuse:
            load(engine, args.items, 0.0, args.sms_per_item)
        settle(engine)
        engine.dispose()
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "LOG_LEVEL": "WARNING"})
        gateway = app.extensions["gateway"]
        run_job(gateway, forget_old_login_counts)  # a scheduler that runs
        client = app.test_client()
        with gateway.reads() as session:
            items = session.execute(text("SELECT count(*) FROM complaints")).scalar()
            sms = session.execute(text("SELECT count(*) FROM outbox")).scalar()
            now = datetime.now(UTC)
            parts = {
                "items filed, open, overdue": timed(lambda: item_figures(session, now), 3),
                "SMS by status and cost": timed(lambda: sms_totals(session), 3),
            }
        scrapes = timed(lambda: client.get("/metrics"), args.repeats)
        backend = engine.dialect.name
        print(f"| {backend} | {items:,} items, {sms:,} SMS | /metrics | ", end="")
        print(f"median {statistics.median(scrapes):.2f} s | best {min(scrapes):.2f} s |")
        for what, runs in parts.items():
            print(f"| {backend} | | {what} | median {statistics.median(runs):.2f} s | |")
        gateway.engine.dispose()


if __name__ == "__main__":
    main()
