"""Issue 25, points 3 and 4: /metrics (who may read it, and what it says), /readyz naming a
scheduler that stopped and an SMS left waiting, and the SMS credit: read through the real SDK
from the fake Africa's Talking, one SMS a day to the desk and the DED while it is below
LOW_BALANCE_ALERT, a banner in the console, the balance on /metrics; a read that fails changes
nothing and stops no job. The alert rules in deploy/alerts.yml name only metrics that exist."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
import yaml
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine

from charter.calendar import EAT
from gateway.messaging.providers.fake import FakeProvider
from gateway.ops.credit import check_balance
from gateway.ops.scheduler import dispatch_sms, forget_old_login_counts, read_sms_balance, run_job
from gateway.reporting.operations import job_runs
from gateway.runtime import Gateway
from tests.conftest import PHONE, sql
from tests.console.console_factories import DED, DESK, WATER_OFFICER, add_officers, log_in
from tests.fake_africastalking import APPLICATION_PATH, CannedResponse, FakeAfricasTalking
from tests.gateway.test_sms_callbacks import sms
from tests.gateway.test_ussd_webhook import WEDNESDAY, file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on
from tests.test_quick_start import ROOT

TOKEN = "0123456789abcdef0123456789abcdef"
OUTSIDE = {"REMOTE_ADDR": "203.0.113.5"}  # an address on the internet


def read_metrics(text: str) -> dict[str, float]:
    """Prometheus' reading of a /metrics answer: each sample as name{label=value,...}."""
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return samples


def metrics(client: FlaskClient) -> dict[str, float]:
    answer = client.get("/metrics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
    return read_metrics(answer.text)


def at_settings(fake_at: FakeAfricasTalking) -> dict[str, str]:
    """Africa's Talking's sandbox credentials, its API the fake one."""
    return {"AT_USERNAME": "sandbox", "AT_API_KEY": "test-api-key", "AT_API_URL": fake_at.url}


# --- /metrics: who may read it ------------------------------------------------------------------


@pytest.mark.parametrize(
    "environ, headers, token, status",
    [
        ({"REMOTE_ADDR": "127.0.0.1"}, {}, "", 200),  # Prometheus on this machine
        ({"REMOTE_ADDR": "::1"}, {}, "", 200),
        ({"REMOTE_ADDR": "::ffff:127.0.0.1"}, {}, "", 200),
        (OUTSIDE, {}, "", 403),
        # A proxy on this machine forwards the internet's requests: never loopback.
        ({"REMOTE_ADDR": "127.0.0.1"}, {"X-Forwarded-For": "203.0.113.5"}, "", 403),
        ({"REMOTE_ADDR": "127.0.0.1"}, {"X-Forwarded-For": "127.0.0.1"}, "", 403),
        ({"REMOTE_ADDR": "127.0.0.1"}, {"Forwarded": "for=127.0.0.1"}, "", 403),
        # With a token, only the token.
        ({"REMOTE_ADDR": "127.0.0.1"}, {}, TOKEN, 401),
        (OUTSIDE, {"Authorization": f"Bearer {TOKEN}"}, TOKEN, 200),
        (OUTSIDE, {"Authorization": f"bearer {TOKEN}"}, TOKEN, 200),
        (OUTSIDE, {"Authorization": f"Bearer {TOKEN[:-1]}x"}, TOKEN, 401),
        (OUTSIDE, {"Authorization": f"Basic {TOKEN}"}, TOKEN, 401),
        (OUTSIDE, {"Authorization": "Bearer"}, TOKEN, 401),
        (OUTSIDE, {"Authorization": "Bearer caf\u00e9-0123456789abcdef"}, TOKEN, 401),
    ],
)
def test_metrics_answer_only_whom_they_should(
    make_app: Callable[..., Flask],
    environ: dict[str, str],
    headers: dict[str, str],
    token: str,
    status: int,
) -> None:
    client = make_app(METRICS_TOKEN=token).test_client()
    answer = client.get("/metrics", headers=headers, environ_base=environ)
    assert answer.status_code == status, answer.text
    if status == 200:
        assert "gateway_database_up 1.0" in answer.text
    else:
        assert "gateway_" not in answer.text and answer.text.startswith("metrics: ")
    if status == 401:
        assert answer.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'


def test_behind_a_trusted_proxy_a_forwarded_request_is_not_from_this_machine(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(TRUSTED_PROXIES="1").test_client()
    forwarded = {"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "https"}
    # ProxyFix believes the proxy: the client is "127.0.0.1", but it came through the proxy.
    assert client.get("/metrics", headers=forwarded).status_code == 403
    assert client.get("/metrics").status_code == 200  # straight to the gateway, on this machine


def test_a_metrics_token_must_look_like_one(make_app: Callable[..., Flask]) -> None:
    from gateway.config import ConfigError

    with pytest.raises(ConfigError, match="METRICS_TOKEN"):
        make_app(METRICS_TOKEN="short")


# --- /metrics: what it says ---------------------------------------------------------------------


def test_metrics_count_steps_items_sms_their_cost_jobs_and_the_balance(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(**at_settings(fake_at))
    gateway: Gateway = app.extensions["gateway"]
    client = app.test_client()
    before = metrics(client)
    caplog.set_level(logging.INFO)
    with time_machine.travel(WEDNESDAY, tick=False):
        dial = Dial(client, "ATUid_counted")
        reference = reference_on(file_water_complaint(dial))
        assert run_job(gateway, dispatch_sms)  # the acknowledgement, through the real SDK
        assert run_job(gateway, read_sms_balance)
        [(message_id,)] = sql(gateway.engine, "SELECT provider_message_id FROM outbox")
        report = {"id": str(message_id), "status": "Success", "phoneNumber": PHONE}
        assert client.post("/sms/delivery", data=report).status_code == 200
        sms(client, f"HALI {reference}")  # its reply waits for the next dispatch
        now = metrics(client)
    steps = {reply: now[f"gateway_ussd_steps_total{{reply={reply}}}"] for reply in ("CON", "END")}
    screens = [screen[:3] for screen in dial.screens]
    for reply in ("CON", "END"):
        counted = steps[reply] - before.get(f"gateway_ussd_steps_total{{reply={reply}}}", 0)
        assert counted == screens.count(reply) > 0
    assert now["gateway_ussd_step_seconds_count{reply=END}"] == steps["END"]
    assert now["gateway_items_filed_total{channel=ussd,kind=lalamiko}"] == 1
    assert (now["gateway_items_open{}"], now["gateway_items_overdue{}"]) == (1, 0)
    assert now["gateway_sms_queued_total{}"] == 2  # the acknowledgement, HALI's reply
    assert now["gateway_sms_sent_total{}"] == 1
    assert now["gateway_sms_delivered_total{}"] == 1
    assert now["gateway_sms_failed_total{}"] == 0
    assert now["gateway_sms_cost_total{currency=TZS}"] == 22.0
    assert now["gateway_outbox_due{}"] == 1
    assert now["gateway_outbox_oldest_due_seconds{}"] == 0
    delivered = before.get("gateway_sms_delivery_reports_total{status=Success}", 0) + 1
    assert now["gateway_sms_delivery_reports_total{status=Success}"] == delivered
    stamp = WEDNESDAY.timestamp()
    assert now["gateway_scheduler_last_success_timestamp_seconds{name=dispatch_sms}"] == stamp
    assert now["gateway_scheduler_last_success_timestamp_seconds{name=read_sms_balance}"] == stamp
    assert now["gateway_sms_balance{currency=TZS}"] == 12000.0
    assert now["gateway_sms_balance_read_timestamp_seconds{}"] == stamp
    assert now["gateway_sms_balance_alert{}"] == 5000.0
    assert now["gateway_ready{check=outbox}"] == 1 and now["gateway_ready{check=scheduler}"] == 1
    # One line each: the SMS out, the SMS in, the job, the balance; no number, no words.
    said = caplog.text
    assert re.search(r"sms out id=\d+ status=sent try=1 parts=1 reason=-", said)
    assert re.search(r"sms incoming id=ATSMSid_\d+ new=True", said)
    assert re.search(r"scheduler job=read_sms_balance ok ms=[\d.]+", said)
    assert "sms balance TZS 12000.0000" in said
    assert "255754123456" not in said
    with time_machine.travel(WEDNESDAY + timedelta(days=30), tick=False):
        later = metrics(client)
    assert later["gateway_items_overdue{}"] == 1  # 14 working days passed, unanswered
    assert later["gateway_outbox_oldest_due_seconds{}"] == timedelta(days=30).total_seconds()


def test_metrics_still_answer_with_the_database_away_and_say_so(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    nowhere = create_engine(  # the same gateway, its database now behind a closed port
        "postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 2}
    )
    gateway = app.extensions["gateway"]
    app.extensions["gateway"] = replace(gateway, engine=nowhere, read_engine=nowhere)
    figures = metrics(app.test_client())
    assert figures["gateway_database_up{}"] == 0
    assert figures["gateway_ready{check=database}"] == 0
    assert "gateway_items_open{}" not in figures  # nothing made up
    assert app.test_client().get("/readyz").text == "database unavailable\n"


# --- /readyz ------------------------------------------------------------------------------------


def test_readyz_says_503_when_the_scheduler_has_not_run_for_minutes(
    make_app: Callable[..., Flask],
) -> None:
    patient = make_app(SCHEDULER_STALE_MINUTES="10").test_client()
    app = make_app()  # the same database
    gateway: Gateway = app.extensions["gateway"]
    client = app.test_client()
    with time_machine.travel(WEDNESDAY, tick=False):
        answer = client.get("/readyz")
        assert (answer.status_code, answer.text) == (
            503,
            "scheduler not running: no job has ever succeeded (SCHEDULER_STALE_MINUTES=5)\n",
        )
        assert run_job(gateway, forget_old_login_counts)
        assert client.get("/readyz").text == "ready\n"
    with time_machine.travel(WEDNESDAY + timedelta(minutes=5), tick=False):
        assert client.get("/readyz").text == "ready\n"
    with time_machine.travel(WEDNESDAY + timedelta(minutes=6, seconds=10), tick=False):
        answer = client.get("/readyz")
        assert (answer.status_code, answer.text) == (
            503,
            "scheduler not running: no job has succeeded for 6 minutes "
            "(SCHEDULER_STALE_MINUTES=5)\n",
        )
        assert metrics(client)["gateway_ready{check=scheduler}"] == 0
        assert client.get("/healthz").text == "ok\n"  # alive all the same
        assert patient.get("/readyz").text == "ready\n"


def test_readyz_says_503_when_a_due_sms_has_waited_too_long(
    make_app: Callable[..., Flask], fake_sms: FakeProvider
) -> None:
    app = make_app(SMS_PROVIDER=fake_sms)
    gateway: Gateway = app.extensions["gateway"]
    client = app.test_client()
    with time_machine.travel(WEDNESDAY, tick=False):
        file_water_complaint(Dial(client, "ATUid_waiting"))  # its acknowledgement is due now
    with time_machine.travel(WEDNESDAY + timedelta(minutes=10), tick=False):
        assert run_job(gateway, forget_old_login_counts)  # the scheduler runs; nothing sends
        assert client.get("/readyz").text == "ready\n"
    with time_machine.travel(WEDNESDAY + timedelta(minutes=11), tick=False):
        assert run_job(gateway, forget_old_login_counts)
        answer = client.get("/readyz")
        assert (answer.status_code, answer.text) == (
            503,
            "outbox late: an SMS due 11 minutes ago is still waiting (OUTBOX_LATE_MINUTES=10)\n",
        )
        figures = metrics(client)
        assert figures["gateway_outbox_oldest_due_seconds{}"] == 660
        assert figures["gateway_ready{check=outbox}"] == 0
        assert run_job(gateway, dispatch_sms)
        assert client.get("/readyz").text == "ready\n"
    assert len(fake_sms.sent) == 1


# --- the SMS credit -----------------------------------------------------------------------------


def eat_day(moment: datetime) -> str:
    return moment.astimezone(EAT).date().isoformat()


def low_balance_sms(fake_at: FakeAfricasTalking) -> list[tuple[str, str]]:
    """(number, words) of each SMS about the balance the fake Africa's Talking received (the
    desk's and the DED's, the same words, may go in one request)."""
    return [
        (number, r.form["message"])
        for r in fake_at.requests
        if r.method == "POST" and "Salio la SMS" in r.form.get("message", "")
        for number in r.form["to"].split(",")
    ]


def test_a_low_balance_tells_the_desk_and_the_ded_once_a_day_through_the_real_sdk(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    app = make_app(**at_settings(fake_at), LOW_BALANCE_ALERT="5000")
    gateway: Gateway = app.extensions["gateway"]
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, WEDNESDAY)
    fake_at.balance = "TZS 4500.0000"
    told: dict[str, list[str]] = {}
    # Hourly reads from Wednesday 10:00 to Friday 10:00 (East Africa Time), each followed by a
    # dispatch, as the scheduler does; the day changes at midnight EAT (21:00 UTC).
    for hour in range(49):
        moment = WEDNESDAY + timedelta(hours=hour, minutes=3)
        seen = len(low_balance_sms(fake_at))
        with time_machine.travel(moment, tick=False):
            assert run_job(gateway, read_sms_balance)
            assert run_job(gateway, dispatch_sms)
        for number, _ in low_balance_sms(fake_at)[seen:]:
            told.setdefault(eat_day(moment), []).append(number)
    three_days = ("2026-12-02", "2026-12-03", "2026-12-04")
    assert {day: sorted(numbers) for day, numbers in told.items()} == {
        day: [DESK, DED] for day in three_days
    }
    reads = [r for r in fake_at.requests if r.method == "GET"]
    assert len(reads) == 49 and {r.path for r in reads} == {APPLICATION_PATH}
    assert all(r.form == {"username": "sandbox"} and r.api_key == "test-api-key" for r in reads)
    [(_, words), *_] = low_balance_sms(fake_at)
    assert words == (
        "Makete DC: Salio la SMS (Africa's Talking) ni TZS 4,500.00, chini ya TZS 5,000.00. "
        "Likiisha, wananchi hawatapata SMS: ongezeni salio leo."
    )
    # Topped up on Friday: no more; low again on Saturday: told again.
    fake_at.balance = "TZS 90000.0000"
    with time_machine.travel(WEDNESDAY + timedelta(days=2, hours=4), tick=False):
        assert check_balance(gateway, datetime.now(UTC)) == Decimal("90000.0000")
    fake_at.balance = "TZS 120.5000"
    for hours in (0, 1):
        with time_machine.travel(WEDNESDAY + timedelta(days=3, hours=hours), tick=False):
            assert check_balance(gateway, datetime.now(UTC)) == Decimal("120.5000")
            assert run_job(gateway, dispatch_sms)
    assert len(low_balance_sms(fake_at)) == 8
    assert "TZS 120.50" in low_balance_sms(fake_at)[-1][1]


def test_no_alert_when_the_council_turned_it_off_or_nobody_is_registered(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    fake_at.balance = "TZS 10.0000"
    off = make_app(**at_settings(fake_at), LOW_BALANCE_ALERT="0").extensions["gateway"]
    with off.sessions.begin() as session:
        add_officers(session, off, WEDNESDAY)
    with time_machine.travel(WEDNESDAY, tick=False):
        assert check_balance(off, datetime.now(UTC)) == Decimal("10.0000")
    assert sql(off.engine, "SELECT count(*) FROM outbox") == [(0,)]
    lonely = make_app(**at_settings(fake_at)).extensions["gateway"]  # no officer at all
    with time_machine.travel(WEDNESDAY, tick=False):
        check_balance(lonely, datetime.now(UTC))
    assert sql(lonely.engine, "SELECT count(*) FROM outbox") == [(0,)]
    assert sql(lonely.engine, "SELECT alerted_on FROM sms_balance") == [(None,)]  # nobody told


def test_two_schedulers_reading_a_low_balance_at_once_tell_each_officer_once(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    fake_at.balance = "TZS 4500.0000"
    first = make_app(**at_settings(fake_at)).extensions["gateway"]
    second = make_app(**at_settings(fake_at)).extensions["gateway"]  # its own engines
    with first.sessions.begin() as session:
        add_officers(session, first, WEDNESDAY)
    start = threading.Barrier(2)
    done: list[Decimal | None] = []

    def read(gateway: Gateway) -> None:
        start.wait()
        done.append(check_balance(gateway, WEDNESDAY))

    with time_machine.travel(WEDNESDAY, tick=False):
        threads = [threading.Thread(target=read, args=(g,)) for g in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert done == [Decimal("4500.0000")] * 2
    assert sorted(sql(first.engine, "SELECT phone FROM outbox")) == [(DESK,), (DED,)]


def test_the_console_shows_a_banner_while_the_balance_is_low(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    app = make_app(**at_settings(fake_at))
    gateway: Gateway = app.extensions["gateway"]
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, WEDNESDAY)
    banner = re.compile(r'<p class="flash error credit" role="status">([^<]+)</p>')
    with time_machine.travel(WEDNESDAY, tick=False):
        client = app.test_client()
        assert log_in(client, WATER_OFFICER).status_code == 302
        assert not banner.search(client.get("/console/").text)  # never read: nothing to say
        fake_at.balance = "TZS 4500.0000"
        check_balance(gateway, datetime.now(UTC))
        [shown] = banner.findall(client.get("/console/").text)
        assert shown == (
            "Salio la SMS (Africa&#39;s Talking) ni TZS 4,500.00, chini ya TZS 5,000.00 "
            "(lilisomwa 02/12/2026 10:00). Likiisha, wananchi hawatapata SMS za majibu wala "
            "vikumbusho: ongezeni salio leo."
        )
        client.get("/console/lang/en")
        assert (
            "The SMS credit (Africa&#39;s Talking) is TZS 4,500.00" in client.get("/console/").text
        )
        assert not banner.search(app.test_client().get("/matokeo").text)  # the public's page
        fake_at.balance = "TZS 90000.0000"
        check_balance(gateway, datetime.now(UTC))
        assert not banner.search(client.get("/console/").text)


@pytest.mark.parametrize(
    "answer, why",
    [
        (CannedResponse(401, "The supplied authentication is invalid", "text/plain"), "HTTP error"),
        (CannedResponse(500, "<html>Bad gateway</html>", "text/html"), "HTTP error"),
        (CannedResponse(200, "{not json", "application/json"), "unparseable answer"),
        (CannedResponse(200, '{"UserData": {}}'), "unexpected answer"),
        (CannedResponse(200, '{"UserData": {"balance": "0"}}'), "unexpected answer"),
        (CannedResponse(200, '{"SMSMessageData": []}'), "unexpected answer"),
        (CannedResponse(200, "", "text/plain"), "unexpected answer"),
    ],
)
def test_an_odd_answer_is_no_balance(
    make_app: Callable[..., Flask],
    fake_at: FakeAfricasTalking,
    caplog: pytest.LogCaptureFixture,
    answer: CannedResponse,
    why: str,
) -> None:
    gateway: Gateway = make_app(**at_settings(fake_at)).extensions["gateway"]
    fake_at.balance_answer = lambda _request: answer
    assert check_balance(gateway, WEDNESDAY) is None
    assert f"sms balance not read: {why}" in caplog.text
    assert sql(gateway.engine, "SELECT count(*) FROM sms_balance") == [(0,)]


def test_a_charset_in_the_answers_content_type_is_still_read(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    gateway: Gateway = make_app(**at_settings(fake_at)).extensions["gateway"]
    body = json.dumps({"UserData": {"balance": "TZS -1.4572"}})  # the SDK gives back a str
    fake_at.balance_answer = lambda _request: CannedResponse(
        200, body, "application/json; charset=UTF-8"
    )
    assert check_balance(gateway, WEDNESDAY) == Decimal("-1.4572")


def test_a_balance_read_that_fails_changes_nothing_and_stops_no_job(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(**at_settings(fake_at))
    gateway: Gateway = app.extensions["gateway"]
    with time_machine.travel(WEDNESDAY, tick=False):
        assert run_job(gateway, read_sms_balance)  # TZS 12000, read at 10:00
    kept = sql(gateway.engine, "SELECT balance, read_at FROM sms_balance")
    # Slow: Africa's Talking answers after the read has given up.
    fake_at.balance_answer = lambda _request: CannedResponse(200, "{}", delay=3.0)
    with time_machine.travel(WEDNESDAY + timedelta(hours=1), tick=False):
        assert check_balance(gateway, datetime.now(UTC), timeout=(0.5, 0.5)) is None
    assert "sms balance not read: timeout" in caplog.text
    # Away: the scheduler's job runs (and is recorded) all the same, and the next job too.
    fake_at.stop()
    with time_machine.travel(WEDNESDAY + timedelta(hours=2), tick=False):
        assert run_job(gateway, read_sms_balance)
        file_water_complaint(Dial(app.test_client(), "ATUid_after"))
        assert run_job(gateway, dispatch_sms)
    assert "sms balance not read: connection refused" in caplog.text
    assert sql(gateway.engine, "SELECT balance, read_at FROM sms_balance") == kept
    with gateway.reads() as session:
        runs = {run.name: run.last_success_at for run in job_runs(session)}
    assert runs["read_sms_balance"] == WEDNESDAY + timedelta(hours=2)
    figures = metrics(app.test_client())
    assert figures["gateway_sms_balance_read_timestamp_seconds{}"] == WEDNESDAY.timestamp()
    assert figures["gateway_sms_retrying{}"] == 1  # the acknowledgement: AT is away


def test_a_job_that_fails_is_logged_recorded_and_raised_no_further(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    gateway: Gateway = make_app().extensions["gateway"]

    def broken_job(_gateway: Gateway) -> None:
        raise RuntimeError("a bug")

    with time_machine.travel(WEDNESDAY, tick=False):
        assert run_job(gateway, broken_job) is False
    assert "scheduler job=broken_job failed ms=" in caplog.text
    assert sql(gateway.engine, "SELECT name, last_success_at, last_error FROM scheduler_jobs") == [
        ("broken_job", None, "RuntimeError")
    ]


# --- the alert rules ----------------------------------------------------------------------------

ALERTS = ROOT / "deploy" / "alerts.yml"


def failing_job(_gateway: Gateway) -> None:
    raise RuntimeError("a bug")


def client_metrics_text(client: FlaskClient) -> str:
    answer = client.get("/metrics")
    assert answer.status_code == 200
    return answer.text


def test_every_alert_rule_is_complete_and_names_metrics_the_gateway_gives(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    app = make_app(**at_settings(fake_at))
    gateway: Gateway = app.extensions["gateway"]
    with time_machine.travel(WEDNESDAY, tick=False):  # every metric has a value to give
        file_water_complaint(Dial(app.test_client(), "ATUid_alerts"))
        run_job(gateway, dispatch_sms)
        run_job(gateway, read_sms_balance)
        run_job(gateway, failing_job)
        scrape = client_metrics_text(app.test_client())
    given = {re.sub(r"\{.*", "", name) for name in read_metrics(scrape)}
    given |= {family.name for family in text_string_to_metric_families(scrape)}
    rules = [
        rule for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]
    ]
    assert len(rules) >= 8
    for rule in rules:
        assert set(rule) >= {"alert", "expr", "labels", "annotations"}, rule
        assert rule["labels"]["severity"] in ("critical", "warning"), rule
        assert rule["annotations"]["summary"] and rule["annotations"]["description"], rule
        for name in re.findall(r"\bgateway_[a-z_]+", rule["expr"]):
            assert name in given, (rule["alert"], name)


def test_promtool_accepts_the_alert_rules_and_the_metrics(
    make_app: Callable[..., Flask], fake_at: FakeAfricasTalking
) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool (Debian's prometheus package) is not installed here")
    checked = subprocess.run([promtool, "check", "rules", str(ALERTS)], capture_output=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    app = make_app(**at_settings(fake_at))
    with time_machine.travel(WEDNESDAY, tick=False):
        file_water_complaint(Dial(app.test_client(), "ATUid_promtool"))
        run_job(app.extensions["gateway"], dispatch_sms)
        run_job(app.extensions["gateway"], read_sms_balance)
        scrape = client_metrics_text(app.test_client())
    linted = subprocess.run(
        [promtool, "check", "metrics"], input=scrape.encode(), capture_output=True
    )
    assert linted.returncode == 0 and not linted.stdout + linted.stderr, linted
