"""The fault suite: the gateway's promises attacked the way a bad day in the field would.

Run: python bench/faults.py [kill|slow|outage|pgkill|fuzz|jibu|dbboot|dbsilent|all]
(results: bench/RESULTS.md)

Every scenario runs the real processes an operator runs (`flask --app app scheduler`,
gunicorn), the real `africastalking` SDK against the tests' fake Africa's Talking on
127.0.0.1, and real databases: SQLite files in a temporary folder, and PostgreSQL databases of
their own (FAULTS_PG, default postgresql://postgres@127.0.0.1:5432/, databases faults_*,
emptied first). Each prints one line of counts; "lost" must be 0 everywhere.

* kill: kill -9 the scheduler in the middle of a backlog of 1,000 SMS, start another. Lost 0;
  duplicates at most the rows that were in flight (a claim that died runs out after 2 minutes
  and is sent again: at least once). Takes about 3 minutes.
* slow: two schedulers and a provider taking 3 s a request, 200 SMS. Duplicates 0.
* outage: a 2-minute provider outage of each kind (connection refused, HTTP 500, 401 wrong
  key, whole-request InsufficientBalance, 406 UserInBlacklist for everyone, 502, answers slower
  than the SDK's timeout), each kind with its own scheduler and database, all at once. Lost 0,
  phones blocked 0. Takes about 5 minutes.
* pgkill: gunicorn on PostgreSQL under incoming SMS and USSD filings while every database
  connection is killed each second. The client retries a failed SMS callback as Africa's
  Talking does; lost SMS (acknowledged 200 but not stored and handled) 0, lost filings (an END
  screen with a reference that is not stored) 0.
* fuzz: 10,000 odd callbacks (tests/callback_fuzz.py) to gunicorn, on SQLite and PostgreSQL.
  5xx answers 0; every 200 from /ussd is CON or END.
* dbboot: gunicorn (4 workers) started while PostgreSQL is unreachable (a TCP proxy refusing
  connections, tests/tcp_proxy.py): the workers stay up answering 503 for a minute, and the
  service is back by itself once the database is, with no restart.
* dbsilent: a database whose packets are lost (the proxy accepts and never answers): USSD
  steps and console pages answer within the timeouts (the apology, 503), not after 30 s, and
  the service is back by itself when the network is.
* jibu: gunicorn on PostgreSQL; a citizen with one item of their own sends 200 `JIBU <ref>`
  from 16 threads at once. Relayed to the officer at most 3; replies to the phone at most the
  day's 10 and one "limit" notice (the rest held for the morning's 10); every message stored.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import MetaData, create_engine, func, insert, select, text  # noqa: E402

from store.database import make_engine, migrate  # noqa: E402
from store.models import Complaint, InboundSms, OutboxMessage, Phone  # noqa: E402
from tests.callback_fuzz import CALLBACKS, fuzzed_form  # noqa: E402
from tests.fake_africastalking import (  # noqa: E402
    CannedResponse,
    FakeAfricasTalking,
    RecordedRequest,
    recipients_body,
)

PG = os.environ.get("FAULTS_PG", "postgresql://postgres@127.0.0.1:5432/")
DESCRIPTION = "Bomba la maji limevunjika tangu Jumatatu"


# --- set-up -------------------------------------------------------------------------------------


def fresh_database(name: str, folder: str, postgres: bool = False) -> str:
    """An empty migrated database of this scenario's own; its URL."""
    if postgres:
        admin = create_engine(PG.replace("postgresql://", "postgresql+psycopg://") + "postgres")
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "faults_{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "faults_{name}"'))
        admin.dispose()
        url = f"{PG}faults_{name}"
    else:
        url = f"sqlite:///{folder}/{name}.sqlite3"
    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    migrate(engine)
    engine.dispose()
    return url


def queue_backlog(url: str, count: int) -> None:
    """`count` SMS due now, each to its own phone with its own text."""
    now = datetime.now(UTC)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            insert(OutboxMessage),
            [
                {
                    "phone": f"+25575{n:07d}",
                    "text": f"Makete DC: ujumbe {n:05d}",
                    "purpose": "fault",
                    "status": "queued",
                    "due_at": now,
                    "attempts": 0,
                    "created_at": now,
                }
                for n in range(count)
            ],
        )
    engine.dispose()


def count(url: str, statement: object) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        value = connection.scalar(statement)  # type: ignore[call-overload]
    engine.dispose()
    return int(value or 0)


def sent(url: str) -> int:
    return count(
        url,
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sent"),
    )


def env_for(url: str, fake: FakeAfricasTalking | None = None, **extra: str) -> dict[str, str]:
    values = {
        **os.environ,
        "DATABASE_URL": url,
        "AT_USERNAME": "sandbox" if fake else "",
        "AT_API_KEY": "fault-key" if fake else "",
        "AT_API_URL": fake.url if fake else "",
        "QUIET_HOURS": "",
        "WEBHOOK_SECRET": "",
        "PYTHONPATH": str(ROOT),
        "USSD_SERVICE_CODE": "*152*25#",
    }
    return {**values, **extra}


@contextmanager
def process(command: list[str], env: dict[str, str], cwd: str) -> Iterator[subprocess.Popen]:
    """A child process for the block; killed at the end if still running."""
    child = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield child
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()


SCHEDULER = [sys.executable, "-m", "flask", "--app", "app", "scheduler"]


def wait_until(condition: Callable[[], bool], limit: float) -> bool:
    """Poll a condition another process makes true (not a sleep standing in for a result)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def received(fake: FakeAfricasTalking) -> Counter[tuple[str, str]]:
    """How many times each (number, text) reached the fake with a success answer."""
    return Counter(
        (number, request.form.get("message", ""))
        for request in fake.sends
        for number in request.form.get("to", "").split(",")
        if number
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(url: str, folder: str, workers: int = 2) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--chdir",
        str(ROOT),
        "app:create_app()",
    ]
    with process(command, env_for(url), folder):
        base = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            try:
                return requests.get(f"{base}/healthz", timeout=5).status_code == 200
            except requests.RequestException:
                return False

        if not wait_until(answers, 60):
            raise RuntimeError("gunicorn did not start")
        yield base


# --- scenarios ----------------------------------------------------------------------------------


def kill_during_backlog(folder: str) -> str:
    url = fresh_database("kill", folder)
    queue_backlog(url, 1000)
    with FakeAfricasTalking() as fake:
        fake.default = lambda r: _success(r, delay=0.05)  # a real network's pace
        with process(SCHEDULER, env_for(url, fake), folder) as first:
            wait_until(lambda: len(fake.sends) >= 300, 120)
            first.send_signal(signal.SIGKILL)
            first.wait()
            in_flight = len(fake.sends) - sent(url)
        with process(SCHEDULER, env_for(url, fake), folder):
            wait_until(lambda: sent(url) >= 1000, 300)
        got = received(fake)
    lost = 1000 - len(got)
    duplicates = sum(times - 1 for times in got.values())
    return (
        f"kill -9 during 1,000: lost={lost} duplicates={duplicates} "
        f"(in flight at the kill: {in_flight}) sent={sent(url)}"
    )


def slow_provider(folder: str) -> str:
    url = fresh_database("slow", folder)
    queue_backlog(url, 200)
    with FakeAfricasTalking() as fake:
        fake.default = lambda r: _success(r, delay=3.0)
        env = env_for(url, fake)
        with process(SCHEDULER, env, folder), process(SCHEDULER, env, folder):
            wait_until(lambda: sent(url) >= 200, 600)
        got = received(fake)
    duplicates = sum(times - 1 for times in got.values())
    return f"two schedulers, 3 s a request: lost={200 - len(got)} duplicates={duplicates}"


def _success(request: RecordedRequest, delay: float = 0.0) -> CannedResponse:
    numbers = [n for n in request.form.get("to", "").split(",") if n]
    return CannedResponse(201, json.dumps(recipients_body(numbers)), delay=delay)


def _recipients(status_code: int) -> Callable[[RecordedRequest], CannedResponse]:
    def answer(request: RecordedRequest) -> CannedResponse:
        numbers = [n for n in request.form.get("to", "").split(",") if n]
        return CannedResponse(201, json.dumps(recipients_body(numbers, status_code)))

    return answer


OUTAGES: dict[str, Callable[[RecordedRequest], CannedResponse] | None] = {
    "connection refused": None,  # the fake is stopped
    "HTTP 500": lambda r: CannedResponse(500, "Internal Server Error", "text/plain"),
    "401 wrong key": lambda r: CannedResponse(
        401, "The supplied authentication is invalid", "text/plain"
    ),
    "InsufficientBalance": lambda r: CannedResponse(
        201, json.dumps({"SMSMessageData": {"Message": "InsufficientBalance", "Recipients": []}})
    ),
    "406 for everyone": _recipients(406),
    "502 RejectedByGateway": _recipients(502),
    "slower than the timeout": lambda r: _success(r, delay=12.0),
}


def outage(kind: str, url: str, folder: str, results: dict[str, str]) -> None:
    with FakeAfricasTalking() as fake:
        responder = OUTAGES[kind]
        if responder is None:
            fake.stop()
        else:
            fake.default = responder
        with process(SCHEDULER, env_for(url, fake), folder):
            time.sleep(120)  # the outage lasts two minutes of real time
            if responder is None:
                fake.start()
            fake.default = None
            wait_until(lambda: sent(url) >= 50, 900)
        got = received(fake)
    failed = count(
        url,
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "failed"),
    )
    blocked = count(
        url, select(func.count()).select_from(Phone).where(Phone.sms_blocked_at.is_not(None))
    )
    delivered = sent(url)
    results[kind] = (
        f"outage of 2 min, {kind}: lost={50 - delivered} failed={failed} "
        f"phones_blocked={blocked} requests={len(fake.sends)} reached={len(got)}"
    )


def outages(folder: str) -> str:
    results: dict[str, str] = {}
    urls = {}
    for kind in OUTAGES:  # one after the other: Alembic's migration context is not thread-safe
        urls[kind] = fresh_database("outage_" + re.sub(r"\W+", "_", kind), folder)
        queue_backlog(urls[kind], 50)
    threads = [
        threading.Thread(target=outage, args=(kind, urls[kind], folder, results))
        for kind in OUTAGES
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return "\n".join(results[kind] for kind in OUTAGES)


def killed_connections(folder: str) -> str:
    url = fresh_database("pgkill", folder, postgres=True)
    stop = threading.Event()
    kills = 0

    def killer() -> None:
        nonlocal kills
        admin = create_engine(PG.replace("postgresql://", "postgresql+psycopg://") + "postgres")
        while not stop.wait(1.0):
            with admin.connect() as connection:
                killed = connection.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = 'faults_pgkill' AND pid <> pg_backend_pid()"
                    )
                ).scalar()
                connection.commit()
            kills += int(killed or 0)
        admin.dispose()

    acknowledged_sms: set[str] = set()
    filed_references: set[str] = set()
    apologies = refused = 0

    def citizen(number: int, base: str) -> None:
        nonlocal apologies, refused
        phone = f"+2557540{number:05d}"
        for round_ in range(10):
            message_id = f"pgkill-{number}-{round_}"
            words = f"LALAMIKO {DESCRIPTION} {round_}" if round_ % 3 == 0 else "habari"
            form = {"from": phone, "to": "15025", "id": message_id, "text": words}
            for _ in range(50):  # Africa's Talking retries until it gets a 200
                try:
                    status = requests.post(f"{base}/sms/incoming", data=form, timeout=30)
                except requests.RequestException:
                    continue
                if status.status_code == 200:
                    acknowledged_sms.add(message_id)
                    break
                refused += 1
            session = f"pgkill-ussd-{number}-{round_}"
            inputs: list[str] = []
            screen = ""
            for answer in ["", "1", "5", "iwa", DESCRIPTION, "2", "1"]:
                if answer:
                    inputs.append(answer)
                form = {
                    "sessionId": session,
                    "serviceCode": "*152*25#",
                    "phoneNumber": phone,
                    "text": "*".join(inputs),
                }
                try:
                    screen = requests.post(f"{base}/ussd", data=form, timeout=30).text
                except requests.RequestException:
                    screen = ""
                if screen.startswith("END"):
                    break
            found = re.search(r"\b(\d{8})\b", screen)
            if screen.startswith("END") and found:
                filed_references.add(found.group(1))
            elif "Samahani" in screen:
                apologies += 1

    with gunicorn(url, folder) as base:
        killing = threading.Thread(target=killer)
        killing.start()
        citizens = [threading.Thread(target=citizen, args=(n, base)) for n in range(8)]
        for thread in citizens:
            thread.start()
        for thread in citizens:
            thread.join()
        stop.set()
        killing.join()
        # What failed to be acted on waits for the scheduler's retry job: run it.
        with process(SCHEDULER, env_for(url), folder):
            wait_until(
                lambda: (
                    count(
                        url,
                        select(func.count())
                        .select_from(InboundSms)
                        .where(InboundSms.handled_at.is_(None)),
                    )
                    == 0
                ),
                180,
            )
    engine = make_engine(url)
    with engine.connect() as connection:
        stored = set(connection.scalars(select(InboundSms.provider_id)))
        unhandled = connection.scalar(
            select(func.count()).select_from(InboundSms).where(InboundSms.handled_at.is_(None))
        )
        references = set(connection.scalars(select(Complaint.reference)))
    engine.dispose()
    return (
        f"PostgreSQL connections killed ({kills} kills): SMS acknowledged={len(acknowledged_sms)} "
        f"(after {refused} refused tries) lost={len(acknowledged_sms - stored)} "
        f"unhandled={unhandled}; "
        f"filings shown={len(filed_references)} lost={len(filed_references - references)} "
        f"apologies={apologies}"
    )


def fuzz(folder: str, postgres: bool) -> str:
    url = fresh_database("fuzz", folder, postgres=postgres)
    rng = random.Random(2026)
    statuses: Counter[int] = Counter()
    not_con_end = 0
    total = 10_000
    with gunicorn(url, folder) as base:
        http = requests.Session()
        paths = sorted(CALLBACKS)
        for attempt in range(total):
            path = paths[attempt % len(paths)]
            response = http.post(f"{base}{path}", data=fuzzed_form(rng, path, attempt), timeout=30)
            statuses[response.status_code // 100 * 100] += 1
            if path == "/ussd" and response.status_code == 200:
                not_con_end += not response.text.startswith(("CON ", "END "))
    backend = "PostgreSQL" if postgres else "SQLite"
    return (
        f"fuzz {total:,} callbacks on {backend}: 5xx={statuses[500]} 4xx={statuses[400]} "
        f"2xx={statuses[200]} ussd_not_con_end={not_con_end}"
    )


@contextmanager
def gunicorn_through(url: str, folder: str, workers: int = 4) -> Iterator[tuple[str, object]]:
    """gunicorn started as production starts it (no migration at boot), with no wait for the
    database; its address and its process."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"),
        *("--chdir", str(ROOT), "app:create_app()"),
    ]
    with process(command, env_for(url, MIGRATE_ON_START="0"), folder) as server:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: _status(f"{base}/healthz") != 0, 60)
        yield base, server


def _status(url: str, data: dict[str, str] | None = None) -> int:
    """The HTTP status of a GET (or a POST of `data`); 0 when nothing answered."""
    try:
        if data is None:
            return requests.get(url, timeout=60).status_code
        return requests.post(url, data=data, timeout=60).status_code
    except requests.RequestException:
        return 0


def database_away_at_boot(folder: str) -> str:
    from tests.tcp_proxy import TcpProxy

    url = fresh_database("boot", folder, postgres=True)
    with TcpProxy(5432) as proxy:
        proxy.refuse()
        with gunicorn_through(proxy.url(url), folder) as (base, server):
            during = Counter(_status(f"{base}/healthz") for _ in range(20))
            time.sleep(60)  # a minute of outage: the master must not give up
            alive = server.poll() is None  # type: ignore[attr-defined]
            proxy.accept()
            back = time.monotonic()
            wait_until(lambda: _status(f"{base}/healthz") == 200, 120)
            recovered = time.monotonic() - back
            form = {"sessionId": "boot", "serviceCode": "*152*25#", "phoneNumber": "+255754123456"}
            screen = requests.post(f"{base}/ussd", data={**form, "text": ""}, timeout=30).text
    return (
        f"database away at boot, 60 s: gunicorn alive={alive} healthz_during={dict(during)} "
        f"back {recovered:.1f} s after the database; first USSD screen {screen[:3]!r}"
    )


def silent_database(folder: str) -> str:
    from tests.tcp_proxy import TcpProxy

    url = fresh_database("silent", folder, postgres=True)
    phone = "+255754123456"
    with TcpProxy(5432) as proxy, gunicorn_through(proxy.url(url), folder) as (base, _):
        wait_until(lambda: _status(f"{base}/healthz") == 200, 60)
        proxy.blackhole()
        answers: Counter[str] = Counter()
        slowest = 0.0
        for n in range(8):
            started = time.monotonic()
            form = {"sessionId": f"silent-{n}", "serviceCode": "*152*25#", "phoneNumber": phone}
            try:
                reply = requests.post(f"{base}/ussd", data={**form, "text": ""}, timeout=60)
                answers["apology" if "Samahani" in reply.text else reply.text[:3]] += 1
            except requests.RequestException:
                answers["no answer"] += 1
            slowest = max(slowest, time.monotonic() - started)
        pages = Counter(_status(f"{base}/matokeo") for _ in range(4))
        proxy.accept()
        back = time.monotonic()
        wait_until(lambda: _status(f"{base}/healthz") == 200, 120)
        recovered = time.monotonic() - back
    return (
        f"silent database: ussd={dict(answers)} slowest={slowest:.1f} s public_page={dict(pages)} "
        f"back {recovered:.1f} s after the network"
    )


def jibu_flood(folder: str) -> str:
    url = fresh_database("jibu", folder, postgres=True)
    officer = "+255713000001"
    added = subprocess.run(
        [
            *(sys.executable, "-m", "flask", "--app", "app", "officers", "add"),
            *("--name", "Asha", "--phone", officer, "--role", "officer"),
            *("--department", "maji", "--pin", "1234"),
        ],
        env=env_for(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if added.returncode != 0:
        raise RuntimeError(added.stderr)
    citizen = "+255754123456"
    with gunicorn(url, folder, workers=4) as base:
        form = {"sessionId": "jibu", "serviceCode": "*152*25#", "phoneNumber": citizen}
        steps = ["", "1", "1*5", "1*5*iwa", f"1*5*iwa*{DESCRIPTION}", f"1*5*iwa*{DESCRIPTION}*2"]
        for typed in [*steps, f"1*5*iwa*{DESCRIPTION}*2*1"]:
            screen = requests.post(f"{base}/ussd", data={**form, "text": typed}, timeout=30).text
        found = re.search(r"\d{7,9}", screen)
        if found is None:
            raise RuntimeError(f"no reference on {screen!r}")
        reference = found.group(0)
        statuses: Counter[int] = Counter()
        lock = threading.Lock()

        def send(index: int) -> None:
            sms = {"from": citizen, "to": "15025", "id": f"jibu-{index}"}
            sms["text"] = f"JIBU {reference} bado maji hayatoki {index}"
            answer = requests.post(f"{base}/sms/incoming", data=sms, timeout=60).status_code
            with lock:
                statuses[answer] += 1

        threads = [
            threading.Thread(target=lambda first=n: [send(i) for i in range(first, 200, 16)])
            for n in range(16)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def outbox(phone: str, purpose: str) -> int:
        where = (OutboxMessage.phone == phone, OutboxMessage.purpose.like(purpose))
        return count(url, select(func.count()).select_from(OutboxMessage).where(*where))

    stored = count(url, select(func.count()).select_from(InboundSms))
    return (
        f"200 JIBU at once on PostgreSQL: 5xx={statuses[500]} stored={stored} "
        f"relayed_to_officer={outbox(officer, 'officer_citizen_answered')} "
        f"replies={outbox(citizen, 'reply_remark')} (today's and the morning's) "
        f"limit_notices={outbox(citizen, 'reply_limit')}"
    )


SCENARIOS: dict[str, Callable[[str], str]] = {
    "kill": kill_during_backlog,
    "slow": slow_provider,
    "outage": outages,
    "pgkill": killed_connections,
    "fuzz": lambda folder: fuzz(folder, False) + "\n" + fuzz(folder, True),
    "jibu": jibu_flood,
    "dbboot": database_away_at_boot,
    "dbsilent": silent_database,
}


def main() -> None:
    chosen = sys.argv[1:] or ["all"]
    names = list(SCENARIOS) if chosen == ["all"] else chosen
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            started = time.monotonic()
            print(SCENARIOS[name](folder), f"[{time.monotonic() - started:.0f} s]", flush=True)


if __name__ == "__main__":
    main()
