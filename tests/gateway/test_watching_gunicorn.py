"""Issue 25, points 2 and 3, in the processes a council runs: gunicorn with two workers (and
the repository's gunicorn.conf.py), `flask --app app scheduler` and a `flask` command. Each
logs its lines (the per-step USSD line, the scheduler's job lines) as text or, asked, as one
JSON object a line; no line holds a PIN, a password or an anonymous citizen's number; and
/metrics sums both workers' counts."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import sql
from tests.console.console_factories import csrf_of
from tests.gateway.test_database_blips import health_of
from tests.gateway.test_ussd_webhook import file_water_complaint
from tests.gateway.ussd_driver import Dial, reference_on
from tests.test_quick_start import ROOT, free_port

OFFICER, DESK = "+255713000001", "+255713000004"
PIN, WRONG_PIN = "97531", "24680"
PASSWORD = "siri-ya-afisa-2026"
ANONYMOUS = "+255754111222"
# The anonymous citizen's number in every spelling a line could carry it.
ANONYMOUS_SPELLINGS = ("255754111222", "0754111222", "754111222", "754 111 222", "%2B255754111")
# Our settings, which each test sets afresh; the rest of the environment is the test run's.
OURS = (
    "DATABASE_URL",
    "AT_USERNAME",
    "AT_API_KEY",
    "AT_API_URL",
    "WEBHOOK_SECRET",
    "CHARTER_FILE",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "METRICS_TOKEN",
    "PROMETHEUS_MULTIPROC_DIR",
    "MIGRATE_ON_START",
)


class Http:
    """What tests.gateway.ussd_driver.Dial needs of a client, over real HTTP."""

    def __init__(self, base: str) -> None:
        self.base = base

    def post(self, url: str, data: dict[str, str]) -> Any:
        return Answer(requests.post(self.base + url, data=data, timeout=10))


class Answer:
    """A requests response as a Flask test response looks to Dial."""

    def __init__(self, response: requests.Response) -> None:
        self.status_code = response.status_code
        self.mimetype = response.headers.get("Content-Type", "").split(";")[0]
        self._text = response.text

    def get_data(self, as_text: bool = False) -> str:
        return self._text


def environment(database_url: str, **settings: str) -> dict[str, str]:
    """The test run's environment with our settings: the console backend, no secrets."""
    env = {k: v for k, v in os.environ.items() if k not in OURS}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=database_url, SECRET_KEY="watching")
    env.update(QUIET_HOURS="", **settings)
    return env


@contextmanager
def gunicorn(env: dict[str, str], folder: Path) -> Iterator[tuple[str, Path, int]]:
    """gunicorn with 2 workers and the repository's gunicorn.conf.py, started in `folder`;
    its base URL, the file its output goes to and its pid. Stopped (its output complete)
    after."""
    port = free_port()
    output = folder / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")]
    command += ["--workers", "2", "--bind", f"127.0.0.1:{port}", "app:create_app()"]
    with output.open("w") as sink:
        server = subprocess.Popen(command, cwd=folder, env=env, stdout=sink, stderr=sink)
        base = f"http://127.0.0.1:{port}"
        try:
            assert health_of(base, server) == 200
            yield base, output, server.pid
        finally:
            server.terminate()
            server.wait(timeout=20)


def flask_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`flask --app app ...` as an operator runs it."""
    command = [sys.executable, "-m", "flask", "--app", "app", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def first_steps(base: str, count: int, prefix: str) -> None:
    """`count` phones dialling at once, 6 at a time: both workers get some."""

    def dial(n: int) -> None:
        phone = f"+2557540{n:05d}"
        Dial(Http(base), f"ATUid_{prefix}{n}", phone=phone).start()  # type: ignore[arg-type]

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(dial, range(count)))


@contextmanager
def step_in_two_halves(base: str, session_id: str) -> Iterator[None]:
    """A USSD step sent but for its last byte: the sync worker that took it waits on it (and
    takes no other request) until the block ends, when the byte goes and it answers."""
    form = f"sessionId={session_id}&serviceCode=%2A152%2A25%23&phoneNumber=%2B255754999999&text="
    head = (
        "POST /ussd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(form)}\r\n\r\n"
    )
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as held:
        # Connections are accepted in the order they came: this one first, by either worker.
        held.sendall((head + form[:-1]).encode())
        yield
        held.sendall(form[-1:].encode())
        answer = b""
        while chunk := held.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and b"\r\n\r\nCON " in answer, answer


def scrape(base: str) -> dict[str, float]:
    """/metrics, read as Prometheus reads it: each sample by its name and labels."""
    answer = requests.get(f"{base}/metrics", timeout=10)
    assert answer.status_code == 200, answer.text
    samples = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return samples


def step_pids(lines: list[str]) -> list[str]:
    """The worker pid of each text line saying a USSD step was answered."""
    step = re.compile(r"INFO \[(\d+)\] gateway\.web\.ussd: ussd session=\S+ hops=0 reply=CON ms=")
    return [match.group(1) for line in lines if (match := step.search(line))]


def test_under_gunicorn_each_step_is_a_line_and_metrics_sum_both_workers(
    make_app: Callable[..., Flask], database_url: str, tmp_path: Path
) -> None:
    make_app()  # migrated, tables empty
    with gunicorn(environment(database_url), tmp_path) as (base, output, master):
        made = f"gateway-metrics-{master}-*"  # no PROMETHEUS_MULTIPROC_DIR: its own folder
        # One worker reads a step that has not all arrived; meanwhile the other answers 30.
        with step_in_two_halves(base, "ATUid_held"):
            first_steps(base, 30, "text")
        steps = 31
        samples = scrape(base)
        [counts] = Path(tempfile.gettempdir()).glob(made)
        assert len(list(counts.glob("*.db"))) >= 2  # the workers' counts
    lines = output.read_text().splitlines()
    pids = step_pids(lines)
    assert len(pids) == steps and len(set(pids)) == 2, lines[-40:]  # both workers answered
    assert samples["gateway_ussd_steps_total{reply=CON}"] == steps  # one scrape, both workers
    assert samples["gateway_ussd_step_seconds_count{reply=CON}"] == steps
    assert samples["gateway_database_up{}"] == 1
    assert not list(Path(tempfile.gettempdir()).glob(made))  # removed as gunicorn stopped


def test_json_lines_from_gunicorn_and_a_command_hold_no_pin_password_or_anonymous_number(
    make_app: Callable[..., Flask], database_url: str, tmp_path: Path
) -> None:
    make_app()
    metrics = tmp_path / "metrics"
    env = environment(
        database_url, LOG_FORMAT="json", LOG_LEVEL="DEBUG", PROMETHEUS_MULTIPROC_DIR=str(metrics)
    )
    commands: list[subprocess.CompletedProcess[str]] = []
    for args in (
        [
            "--name",
            "Asha Mwakyusa",
            "--phone",
            OFFICER,
            "--role",
            "officer",
            "--department",
            "maji",
        ],
        ["--name", "Dawati Makete", "--phone", DESK, "--role", "desk"],
    ):
        added = flask_command(env, "officers", "add", *args, "--pin", PIN, "--password", PASSWORD)
        assert added.returncode == 0, added.stderr
        commands.append(added)
    # An earlier run's counts, left in the folder: gunicorn starts without them.
    earlier = "from gateway.metrics import USSD_STEPS; USSD_STEPS.labels('CON').inc(1000)"
    subprocess.run([sys.executable, "-c", earlier], cwd=ROOT, env=env, check=True)
    assert list(metrics.glob("*.db"))
    with gunicorn(env, tmp_path) as (base, output, _):
        citizen = Dial(Http(base), "ATUid_anonymous", phone=ANONYMOUS)  # type: ignore[arg-type]
        reference = reference_on(file_water_complaint(citizen, anonymous=True))
        for phone, words in (
            (ANONYMOUS, f"HALI {reference}"),
            (OFFICER, f"SOMA {reference} {WRONG_PIN}"),
            (OFFICER, f"POKEA {reference} {PIN}"),
        ):
            form = {"from": phone, "to": "15025", "text": words, "id": f"ATSMS_{words[:4]}"}
            assert requests.post(f"{base}/sms/incoming", data=form, timeout=10).ok
        console = requests.Session()
        page = console.get(f"{base}/console/login", timeout=10)
        login = {"phone": DESK, "password": PASSWORD, "csrf_token": csrf_of(page.text)}
        assert console.post(f"{base}/console/login", data=login, timeout=10).url.endswith(
            "/console/"
        )
        first_steps(base, 12, "json")
        samples = scrape(base)
    steps = len(citizen.screens) + 12
    assert (
        samples["gateway_ussd_steps_total{reply=CON}"]
        + samples["gateway_ussd_steps_total{reply=END}"]
        == steps
    )  # the earlier run's 1000 are gone
    assert samples["gateway_sms_incoming_total{repeat=no}"] == 3
    assert samples["gateway_items_filed_total{channel=ussd,kind=lalamiko}"] == 1

    said = output.read_text() + "".join(c.stdout + c.stderr for c in commands)
    records = [json.loads(line) for c in commands for line in c.stderr.splitlines()]
    records += [json.loads(line) for line in output.read_text().splitlines()]  # every line
    assert all(set(r) >= {"time", "level", "logger", "pid", "message"} for r in records)
    messages = [r["message"] for r in records]
    assert len([m for m in messages if m.startswith("ussd session=")]) == steps
    officer_lines = [m for m in messages if m.startswith("officer sms ")]
    assert [re.sub(r"officer=\d+", "officer=N", m) for m in officer_lines] == [
        f"officer sms officer=N action=read item={reference} outcome=wrong_pin",
        f"officer sms officer=N action=acknowledge item={reference} outcome=done",
    ]
    assert any(m.startswith("Booting worker") for m in messages)  # gunicorn's own, as JSON
    assert not re.search(rf"(?<!\d)({PIN}|{WRONG_PIN})(?!\d)", said)
    assert PASSWORD not in said
    for spelling in ANONYMOUS_SPELLINGS:
        assert spelling not in said, spelling


def test_the_scheduler_command_logs_each_job_and_records_its_success(
    make_app: Callable[..., Flask], database_url: str, tmp_path: Path
) -> None:
    app = make_app()
    output = tmp_path / "scheduler.log"
    env = environment(database_url, LOG_FORMAT="json")
    command = [sys.executable, "-m", "flask", "--app", "app", "scheduler"]
    with output.open("w") as sink:
        scheduler = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
        try:
            lines = wait_for_line(output, '"scheduler job=dispatch_sms ok ms=', scheduler)
        finally:
            scheduler.terminate()
            scheduler.wait(timeout=30)
    messages = [json.loads(line)["message"] for line in lines if line.startswith("{")]
    assert "scheduler started: 10 jobs (database " in " ".join(messages)
    [(success,)] = sql(
        app.extensions["gateway"].engine,
        "SELECT last_success_at FROM scheduler_jobs WHERE name = 'dispatch_sms'",
    )
    assert success is not None


def wait_for_line(path: Path, needle: str, process: subprocess.Popen[bytes]) -> list[str]:
    """The file's lines once one holds `needle` (at most 30 s); fails if the process exits."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = path.read_text()
        if needle in text:
            return text.splitlines()
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}:\n{text}")
        time.sleep(0.1)  # its output is not there yet: read it again
    pytest.fail(f"no {needle!r} within 30 s:\n{path.read_text()}")
