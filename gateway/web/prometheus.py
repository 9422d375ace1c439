"""GET /metrics in Prometheus' text format: what the web workers counted (gateway.metrics,
summed over gunicorn's workers) and what the database says at this moment (items, SMS and
their cost, the outbox's backlog, the scheduler's jobs, the SMS balance, the readiness checks).

Who may ask: with METRICS_TOKEN set, only a request bearing it (`Authorization: Bearer ...`);
without it, only a request made on this machine straight to the gateway. A request a proxy
forwarded is never that, even from a proxy on this machine (it carries the internet's
requests): its peer is no loopback address once TRUSTED_PROXIES believes the proxy, and it
carries X-Forwarded-For (or Forwarded) either way.

The database's figures are the same on every server: a Prometheus scraping several servers
should take their max, not their sum (deploy/alerts.yml does).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

from flask import Blueprint, Response, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from gateway.messaging.dispatcher import due_count, oldest_due_at
from gateway.metrics import exposition
from gateway.reporting.operations import (
    JobRun,
    item_figures,
    job_runs,
    last_balance,
    sms_totals,
)
from gateway.runtime import Gateway
from gateway.web.callbacks import plain
from gateway.web.current import current_gateway
from gateway.web.health import readiness

log = logging.getLogger(__name__)
bp = Blueprint("prometheus", __name__)
FORWARDED = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


@bp.get("/metrics")
def metrics() -> Response:
    """Every metric, to a request allowed to read them."""
    gateway = current_gateway()
    refused = _refusal(gateway.config.metrics_token)
    if refused is not None:
        return refused
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseFigures(gateway, datetime.now(UTC)))
    body = exposition() + generate_latest(registry)
    return Response(body, content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def _refusal(token: str | None) -> Response | None:
    """None when the request may read the metrics, else the answer that says why not."""
    if token is not None:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        offered = given.strip().encode("utf-8", "surrogateescape")  # any bytes a header holds
        if scheme.lower() == "bearer" and hmac.compare_digest(offered, token.encode()):
            return None
        answer = plain("metrics: a bearer token is required (METRICS_TOKEN)\n", 401)
        answer.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return answer
    if from_this_machine():
        return None
    return plain("metrics: only from this machine, or with METRICS_TOKEN set\n", 403)


def from_this_machine() -> bool:
    """The request came straight from a loopback address, through no proxy."""
    if any(name in request.headers for name in FORWARDED):
        return False
    # Behind TRUSTED_PROXIES, remote_addr is the client the proxy named; the peer is kept here.
    original = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR")
    for address in (request.remote_addr, original):
        if address is not None and not _loopback(address):
            return False
    return request.remote_addr is not None


def _loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False  # a unix socket's peer, say: not provably this machine's loopback
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


class DatabaseFigures(Collector):
    """The figures read from the database at a scrape; if it is away, only that it is."""

    def __init__(self, gateway: Gateway, now: datetime) -> None:
        self.gateway, self.now = gateway, now

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        checks = readiness(self.gateway, self.now)
        ready = GaugeMetricFamily(
            "gateway_ready", "1 when the /readyz check passes, else 0", labels=["check"]
        )
        passing: dict[str, bool] = {}
        for name, problem in checks:  # one line a check (the disk's covers every folder)
            passing[name] = passing.get(name, True) and problem is None
        for name, passed in passing.items():
            ready.add_metric([name], int(passed))
        yield ready
        database_up = dict(checks)["database"] is None
        yield GaugeMetricFamily(
            "gateway_database_up", "1 when the database answers", value=int(database_up)
        )
        if database_up:
            try:
                yield from self._figures()
            except Exception as error:  # lost since the check: the next scrape reads them
                log.warning("metrics: the database's figures not read: %s", type(error).__name__)

    def _figures(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        now, config = self.now, self.gateway.config
        with self.gateway.reads() as session:
            items = item_figures(session, now)
            sms = sms_totals(session)
            due, oldest = due_count(session, now), oldest_due_at(session, now)
            runs = job_runs(session)
            balance = last_balance(session)
        filed = CounterMetricFamily(
            "gateway_items_filed", "Items filed, by kind and channel", labels=["kind", "channel"]
        )
        for (kind, channel), count in sorted(items.filed.items()):
            filed.add_metric([kind, channel], count)
        yield filed
        yield GaugeMetricFamily("gateway_items_open", "Items open now", value=items.open)
        yield GaugeMetricFamily(
            "gateway_items_overdue", "Open items past their answer date", value=items.overdue
        )
        for name, value, what in (
            ("queued", sms.written, "SMS written to the outbox"),
            ("sent", sms.sent, "SMS accepted by the provider"),
            ("delivered", sms.delivered, "SMS the operator reported delivered"),
            ("failed", sms.failed, "SMS given up for good"),
        ):
            yield CounterMetricFamily(f"gateway_sms_{name}", what, value=value)
        yield GaugeMetricFamily(
            "gateway_sms_retrying", "SMS waiting to be tried again", value=sms.retrying
        )
        cost = CounterMetricFamily(
            "gateway_sms_cost", "What the accepted SMS cost, by currency", labels=["currency"]
        )
        for currency, amount in sorted(sms.cost.items()):
            cost.add_metric([currency], float(amount))
        yield cost
        yield GaugeMetricFamily("gateway_outbox_due", "SMS due to be sent now", value=due)
        yield GaugeMetricFamily(
            "gateway_outbox_oldest_due_seconds",
            "How long the longest-waiting due SMS has waited (0: none waits)",
            value=(now - oldest).total_seconds() if oldest else 0,
        )
        yield from _job_runs(runs)
        if balance is not None:
            credit = GaugeMetricFamily(
                "gateway_sms_balance", "The SMS account's balance as last read", labels=["currency"]
            )
            credit.add_metric([balance.currency], float(balance.amount))
            yield credit
            yield GaugeMetricFamily(
                "gateway_sms_balance_read_timestamp_seconds",
                "When the balance was last read",
                value=balance.read_at.timestamp(),
            )
        if config.low_balance_alert is not None:
            yield GaugeMetricFamily(
                "gateway_sms_balance_alert",
                "LOW_BALANCE_ALERT: below it the desk and the DED are told daily",
                value=float(config.low_balance_alert),
            )


def _job_runs(runs: list[JobRun]) -> Iterator[GaugeMetricFamily]:
    """Each scheduler job's last success and last failure, as Unix times. The label is `name`:
    Prometheus keeps `job` for the scrape's own."""
    success = GaugeMetricFamily(
        "gateway_scheduler_last_success_timestamp_seconds",
        "When each scheduler job last succeeded, by its name",
        labels=["name"],
    )
    failure = GaugeMetricFamily(
        "gateway_scheduler_last_failure_timestamp_seconds",
        "When each scheduler job last failed, by its name",
        labels=["name"],
    )
    for run in runs:
        if run.last_success_at is not None:
            success.add_metric([run.name], run.last_success_at.timestamp())
        if run.last_failure_at is not None:
            failure.add_metric([run.name], run.last_failure_at.timestamp())
    yield success
    yield failure
