"""How fast a backlog of SMS leaves: the real scheduler process against a loopback fake AT.

Run: python bench/sms_throughput.py [--messages 10000] [--same-text] [--schedulers 1]
                                    [--entry scheduler|app]
(DATABASE_URL picks the database; default a fresh SQLite file in a temporary folder; a
PostgreSQL database given here is emptied first, so give it one of its own).

It queues `--messages` due outbox rows (each its own text, like the notices of a holiday that
moved every open deadline; or with --same-text one text to every phone, like a survey), starts
the fake Africa's Talking of the tests on 127.0.0.1 in this process, then starts the gateway's
scheduler exactly as an operator does (`flask --app app scheduler`, or with `--entry app` the
whole gateway, `python app.py`, its scheduler beside the web server; default settings, the real
`africastalking` SDK pointed at the fake) and times how long until every row is sent. It also
counts what the fake received: no message may arrive twice. Results: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import MetaData, func, insert, select  # noqa: E402

from store.database import make_engine, migrate  # noqa: E402
from store.models import OutboxMessage  # noqa: E402
from tests.fake_africastalking import FakeAfricasTalking  # noqa: E402


def queue(url: str, count: int, same_text: bool) -> None:
    """An empty, migrated database with `count` SMS due now."""
    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    migrate(engine)
    now = datetime.now(UTC)
    rows = [
        {
            "phone": f"+25575{number:07d}",
            "text": (
                "Makete DC: Je, viwango vyetu vinakidhi mahitaji yako? Jibu 1 ndiyo, 2 hapana."
                if same_text
                else f"Makete DC: Lalamiko {number:08d}: sikukuu imeongezwa; jibu ifikapo "
                "10/12/2026."
            ),
            "purpose": "bench",
            "status": "queued",
            "due_at": now,
            "attempts": 0,
            "created_at": now,
        }
        for number in range(count)
    ]
    with engine.begin() as connection:
        connection.execute(insert(OutboxMessage), rows)
    engine.dispose()


def sent(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sent")
        )
    engine.dispose()
    return int(count or 0)


ENTRIES = {
    "scheduler": ["-m", "flask", "--app", "app", "scheduler"],
    "app": [str(ROOT / "app.py")],
}


def run(url: str, count: int, same_text: bool, schedulers: int, entry: str) -> dict[str, float]:
    """Time the drain; the figures of one run."""
    queue(url, count, same_text)
    with FakeAfricasTalking() as fake, tempfile.TemporaryDirectory() as instance:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "AT_USERNAME": "sandbox",
            "AT_API_KEY": "bench-key",
            "AT_API_URL": fake.url,
            "QUIET_HOURS": "",  # the bench must not wait for the morning
            "PYTHONPATH": str(ROOT),
            "INSTANCE_DIR": instance,  # its secret key in the temporary folder
        }
        started = time.monotonic()
        processes = [
            subprocess.Popen(
                [sys.executable, *ENTRIES[entry]],
                cwd=instance,
                env={**env, "PORT": str(_free_port())},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(schedulers)
        ]
        try:
            deadline = started + 600
            while sent(url) < count and time.monotonic() < deadline:
                time.sleep(0.2)  # polling a separate process, not waiting for time to pass
            elapsed = time.monotonic() - started
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=30)
        received = Counter(
            (number, request.form["message"])
            for request in fake.sends
            for number in request.form["to"].split(",")
        )
    return {
        "seconds": elapsed,
        "sms_per_second": count / elapsed,
        "requests": len(fake.sends),
        "delivered": len(received),
        "duplicates": sum(times - 1 for times in received.values()),
        "sent": sent(url),
    }


def _free_port() -> int:
    """A port nobody listens on now, for `python app.py`'s web server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--same-text", action="store_true")
    parser.add_argument("--schedulers", type=int, default=1)
    parser.add_argument("--entry", choices=sorted(ENTRIES), default="scheduler")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        result = run(url, args.messages, args.same_text, args.schedulers, args.entry)
    backend = url.split(":", 1)[0]
    print(
        f"{backend} messages={args.messages} same_text={args.same_text} "
        f"schedulers={args.schedulers} entry={args.entry} "
        + " ".join(
            f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
        )
    )


if __name__ == "__main__":
    main()
