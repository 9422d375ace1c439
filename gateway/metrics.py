"""What this process counts for /metrics: the events a web worker sees that no table keeps
(USSD steps and how long each took, SMS callbacks). Any room may count here: it imports
nothing of the gateway's, so it stands with `config` at the bottom of the rooms
(tests/test_layout.py ranks it so).

Under gunicorn every worker is a process of its own. With PROMETHEUS_MULTIPROC_DIR set before
the workers start, each writes its counts to files in that folder and `exposition` sums every
worker's (prometheus_client's multiprocess mode), whichever worker is asked. Without it
(`python app.py`, the tests) the counts are this process's.

Every metric here has labels, so a worker writes no file until it first counts something.
What the database knows (items, SMS and their cost, the outbox, the scheduler's jobs, the
balance) is not counted here: gateway/web/metrics.py reads it at each scrape, and it is the
same on every server.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR"
REGISTRY = CollectorRegistry()  # this process's own metrics (not the library's global one)

USSD_STEPS = Counter(
    "gateway_ussd_steps",
    "USSD steps answered, by reply: CON (a screen), END (the last), apology (a step that failed)",
    ["reply"],
    registry=REGISTRY,
)
USSD_STEP_SECONDS = Histogram(
    "gateway_ussd_step_seconds",
    "Server time to answer a USSD step, by reply (Africa's Talking waits about 10 s)",
    ["reply"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
SMS_INCOMING = Counter(
    "gateway_sms_incoming",
    "Incoming SMS callbacks, new or a repeat of one already stored (Africa's Talking retries)",
    ["repeat"],
    registry=REGISTRY,
)
DELIVERY_REPORTS = Counter(
    "gateway_sms_delivery_reports",
    "Delivery reports received, by Africa's Talking's status",
    ["status"],
    registry=REGISTRY,
)


def exposition() -> bytes:
    """Prometheus' text format of what this process, or every worker, counted."""
    folder = os.environ.get(MULTIPROCESS)
    if not folder:
        return generate_latest(REGISTRY)
    workers = CollectorRegistry()
    MultiProcessCollector(workers, path=folder)
    return generate_latest(workers)
