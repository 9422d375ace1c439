"""Filings per second through nginx with one gunicorn instance and with two (issue 25).

Run: python bench/two_servers.py [--citizens 2000] [--workers 2] [--threads 8]
(results: bench/RESULTS.md; deploy/SCALING.md draws on them)

Each run starts a new PostgreSQL database (BENCH_PG, default
postgresql://postgres@127.0.0.1:5432/, database bench_two_servers, dropped first), the
instances as makete-gateway-web.service starts them (WEB_CONCURRENCY=--workers each) behind one
nginx upstream (deploy/nginx-site.conf, HTTPS with a self-signed certificate), two schedulers
sending to the tests' fake Africa's Talking, and --threads citizens filing whole USSD sessions
(7 steps each) through nginx, each from a phone of its own (tests/two_servers.py). Three runs:

* one: one instance; two: two instances; the filings per second of each, timed from the
  first step to the last answer.
* two, killed: two instances, one of them and one scheduler killed (SIGKILL) after a sixth of
  the filings and restarted after a third, as tests/test_two_servers.py does with fewer.

After each run, once the schedulers have drained the outbox, it checks what the test checks:
every session told "filed" has its one item, none twice, every acknowledgement reached the
provider once, nothing queued. Each row of the table says so ("ok") or what was wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tests.fake_africastalking import FakeAfricasTalking  # noqa: E402
from tests.two_servers import (  # noqa: E402
    Farm,
    Filings,
    file_in_parallel,
    phone_of,
    received,
    wait_until,
)

PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/")
NAME = "bench_two_servers"


def fresh_database() -> str:
    """An empty database for one run (the instances migrate it as they start)."""
    admin = create_engine(PG.replace("postgresql://", "postgresql+psycopg://") + "postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{NAME}"'))
    admin.dispose()
    return f"{PG}{NAME}"


def run(instances: int, killed: bool, citizens: int, workers: int, threads: int) -> str:
    """One run; its table row."""
    filings = Filings()
    with (
        tempfile.TemporaryDirectory(prefix="two-servers-") as folder,
        FakeAfricasTalking() as fake,
        Farm(
            Path(folder),
            fresh_database(),
            fake,
            instances=instances,
            workers=workers,
            SMS_DISPATCH_SECONDS="1",
        ) as farm,
    ):
        started = time.monotonic()
        filing = threading.Thread(
            target=file_in_parallel,
            args=(farm.https, farm.certificate, range(citizens), threads, filings),
        )
        filing.start()
        if killed:
            wait_until(lambda: len(filings.told) >= citizens // 6, 600)
            farm.kill_web(0)
            farm.kill_scheduler_between_sends(0)
            wait_until(lambda: len(filings.told) >= citizens // 3, 600)
            farm.start_web(0)
            farm.start_scheduler(0)
        filing.join()
        seconds = time.monotonic() - started
        drained = wait_until(lambda: farm.outbox_left() == 0, 300)
        served = {line.rsplit(" ", 1)[1] for line in farm.access_log()}
        items = farm.rows("SELECT reference, phone FROM complaints")
        statuses = dict(farm.rows("SELECT status, count(*) FROM outbox GROUP BY status"))
        problems = _problems(filings, items, received(fake), statuses, drained)
    label = f"{instances} instance{'s' * (instances > 1)}" + (", one killed" if killed else "")
    return (
        f"| {label} | {workers} | {threads} | {len(filings.told):,} | {seconds:.1f} s | "
        f"{len(filings.told) / seconds:.1f} | {len(filings.told) * 7 / seconds:.0f} | "
        f"{len(served)} | {problems or 'ok'} |"
    )


def _problems(
    filings: Filings,
    items: list[tuple[object, ...]],
    acknowledgements: object,
    statuses: dict[object, object],
    drained: bool,
) -> str:
    told = {(reference, phone_of(number)) for number, reference in filings.told.items()}
    wanted = {(phone_of(number), ref): 1 for number, ref in filings.told.items()}
    found = []
    if filings.other:
        found.append(f"not told filed: {dict(filings.other)}")
    if len(items) != len({item[0] for item in items}):
        found.append("an item twice")
    if not told <= set(items):
        found.append(f"{len(told - set(items))} told filed without their item")
    if acknowledgements != wanted:
        found.append("acknowledgements not each sent once")
    if not drained or set(statuses) != {"sent"}:
        found.append(f"outbox left {statuses}")
    return "; ".join(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--citizens", type=int, default=2000, help="filings per run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers an instance")
    parser.add_argument("--threads", type=int, default=8, help="citizens filing at once")
    parser.add_argument("--runs", default="one,two,killed", help="which runs, in order")
    args = parser.parse_args()
    plans = {"one": (1, False), "two": (2, False), "killed": (2, True)}
    print(
        "| run | workers an instance | citizens at once | filed | time | filings/s | "
        "steps/s | instances that served | checks |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.runs.split(","):
        instances, killed = plans[name]
        print(run(instances, killed, args.citizens, args.workers, args.threads), flush=True)


if __name__ == "__main__":
    main()
