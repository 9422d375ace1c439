"""More than one server: gunicorn instances behind one nginx upstream, schedulers beside them,
one PostgreSQL database, SMS to the fake Africa's Talking; for tests/test_two_servers.py and
bench/two_servers.py.

Each instance is started as makete-gateway-web.service starts it (its command line and
environment, tests/test_deploy.py reads them), in a process group of its own so a SIGKILL takes
the master and its workers at once, as a server losing power would. Each scheduler is
makete-gateway-scheduler.service's command. Citizens file whole USSD sessions through nginx's
HTTPS, each from a phone of its own, as Africa's Talking posts them (it never repeats a step).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import text

from store.database import make_engine
from tests.fake_africastalking import FakeAfricasTalking
from tests.test_deploy import (
    NGINX,
    ROOT,
    SECRET,
    UNITS,
    _self_signed,
    _site_config,
    command_line,
    filled_example,
    service_environment,
)
from tests.test_quick_start import free_port

DESCRIPTION = "Bomba la maji limevunjika tangu Jumatatu"
# Main menu, a complaint, water, the ward searched by name, the words, named (not anonymous),
# confirm: as tests/test_deploy.py files its first complaint.
ANSWERS = ("1", "5", "iwa", DESCRIPTION, "2", "1")
FILED = re.compile(r"Namba ya kumbukumbu: (\d{7,9})")


def phone_of(number: int) -> str:
    """A citizen's own phone number, one per filing."""
    return f"+25575{number:07d}"


@dataclass
class Filings:
    """What citizens were told: the reference shown to each session told "filed", and the
    sessions that ended any other way (a refused step, a broken connection, an apology)."""

    told: dict[int, str] = field(default_factory=dict)
    other: Counter[str] = field(default_factory=Counter)
    cut: set[int] = field(default_factory=set)  # sessions whose connection broke mid-step
    lock: threading.Lock = field(default_factory=threading.Lock)

    def file(self, http: requests.Session, base: str, number: int) -> None:
        """One whole USSD session, step by step, as Africa's Talking posts it."""
        typed: list[str] = []
        for answer in ("", *ANSWERS):
            if answer:
                typed.append(answer)
            try:
                reply = http.post(
                    f"{base}/ussd",
                    params={"key": SECRET},
                    data={
                        "sessionId": f"ATUid_scale_{number}",
                        "serviceCode": "*152*25#",
                        "phoneNumber": phone_of(number),
                        "networkCode": "64004",
                        "text": "*".join(typed),
                    },
                    timeout=30,
                )
            except requests.RequestException as error:
                with self.lock:
                    self.cut.add(number)
                self._ended(f"connection: {type(error).__name__}")
                return
            if reply.status_code != 200:
                self._ended(f"HTTP {reply.status_code}")
                return
            if reply.text.startswith("END "):
                found = FILED.search(reply.text)
                if found is None:
                    self._ended(f"END {reply.text[4:40]!r}")
                    return
                with self.lock:
                    self.told[number] = found.group(1)
                return
        self._ended("no END")

    def _ended(self, how: str) -> None:
        with self.lock:
            self.other[how] += 1


def file_in_parallel(
    base: str, certificate: Path, numbers: Iterable[int], threads: int, filings: Filings
) -> None:
    """File a session for each number, `threads` citizens at a time, each thread over its own
    kept HTTPS connection."""
    pending = list(numbers)
    lock = threading.Lock()

    def citizen() -> None:
        with requests.Session() as http:
            http.trust_env = False
            http.verify = str(certificate)
            while True:
                with lock:
                    if not pending:
                        return
                    number = pending.pop(0)
                filings.file(http, base, number)

    workers = [threading.Thread(target=citizen) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


class Farm:
    """`instances` gunicorn instances of `workers` each behind one nginx, and `schedulers`
    scheduler processes, over one database. Use as a context manager."""

    def __init__(
        self,
        folder: Path,
        database_url: str,
        fake: FakeAfricasTalking,
        instances: int = 2,
        workers: int = 2,
        schedulers: int = 2,
        **settings: str,
    ) -> None:
        assert NGINX is not None
        self.folder = folder
        self.database_url = database_url
        self.ports = [free_port() for _ in range(instances)]
        self.workers = workers
        self.env_file = filled_example(
            folder,
            database_url,
            WEB_CONCURRENCY=str(workers),
            WEBHOOK_SECRET=SECRET,
            SECRET_KEY="one-session-key-for-every-instance",
            AT_USERNAME="sandbox",
            AT_API_KEY="two-servers-key",
            AT_API_URL=fake.url,
            QUIET_HOURS="",  # the acknowledgement goes whatever the hour
            **settings,
        )
        self.webs: list[subprocess.Popen[bytes] | None] = [None] * instances
        self.schedulers: list[subprocess.Popen[bytes] | None] = [None] * schedulers
        self.proxy: subprocess.Popen[bytes] | None = None
        self.https = ""
        self.certificate = folder / "ssl" / "fullchain.pem"

    # -- the processes --

    def _spawn(self, unit: str, log: str, **env: str) -> subprocess.Popen[bytes]:
        environment = {**service_environment(unit, self.env_file), **env}
        with open(self.folder / log, "ab") as output:  # a file: a full pipe would stall it
            return subprocess.Popen(
                command_line(unit, environment),
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=output,
                start_new_session=True,  # its own process group: killed whole
            )

    def start_web(self, index: int) -> None:
        """Start instance `index` on its port (again, after a kill) and wait until it answers."""
        self.webs[index] = self._spawn(
            UNITS[0], f"web{index}.log", WEB_BIND=f"127.0.0.1:{self.ports[index]}"
        )
        self._wait(f"http://127.0.0.1:{self.ports[index]}/healthz", f"web{index}.log")

    def start_scheduler(self, index: int) -> None:
        self.schedulers[index] = self._spawn(UNITS[1], f"scheduler{index}.log")

    def kill_web(self, index: int) -> None:
        """SIGKILL the instance's master and workers at once, mid-request as it may be."""
        _kill(self.webs[index])
        self.webs[index] = None

    def kill_scheduler_between_sends(self, index: int) -> None:
        """SIGKILL scheduler `index` at a moment it holds no claimed row: frozen (SIGSTOP)
        where it is, it is killed once the outbox shows no row `sending`, else let go on a
        moment and tried again. (A dispatcher killed between the provider's acceptance and
        its record sends those rows again when their claim runs out, 2 minutes later: at
        least once, as gateway/messaging/dispatcher.py says; bench/faults.py `kill` counts
        those.)"""
        scheduler = self.schedulers[index]
        assert scheduler is not None
        engine = make_engine(self.database_url)
        try:
            while True:
                os.killpg(scheduler.pid, signal.SIGSTOP)
                # What it sent just before it froze (a claim's COMMIT, say) may still be on its
                # way to the database: a moment for the database to take it in, so that a
                # claim it commits shows below, and is not committed after the kill.
                time.sleep(0.05)
                with engine.connect() as connection:
                    sending = connection.scalar(
                        text("SELECT count(*) FROM outbox WHERE status = 'sending'")
                    )
                if not sending:
                    break
                os.killpg(scheduler.pid, signal.SIGCONT)
                time.sleep(0.02)
        finally:
            engine.dispose()
        _kill(scheduler)
        self.schedulers[index] = None

    def _wait(self, url: str, log: str, verify: str | bool = False) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url, timeout=5, verify=verify).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} never answered: {(self.folder / log).read_text()}")
            time.sleep(0.1)

    def __enter__(self) -> Farm:
        try:
            starting = [threading.Thread(target=self.start_web, args=(i,)) for i in self._webs]
            for thread in starting:  # at once: the migration's advisory lock keeps them apart
                thread.start()
            for thread in starting:
                thread.join()
            missing = [i for i in self._webs if self.webs[i] is None]
            assert not missing, f"instances {missing} did not start"
            self._start_nginx()
            for index in range(len(self.schedulers)):
                self.start_scheduler(index)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    @property
    def _webs(self) -> range:
        return range(len(self.webs))

    def _start_nginx(self) -> None:
        (self.folder / "acme").mkdir()
        _self_signed(self.folder / "ssl")
        https_port = free_port()
        main = _site_config(self.folder, self.ports[0], https_port, free_port())
        site = self.folder / "makete-gateway.conf"
        first = f"server 127.0.0.1:{self.ports[0]} max_fails=3 fail_timeout=10s;"
        every = "\n    ".join(first.replace(str(self.ports[0]), str(port)) for port in self.ports)
        assert first in site.read_text()
        site.write_text(site.read_text().replace(first, every))
        # Room for the bench's citizens: each holds a connection in and one to an instance.
        main.write_text(main.read_text().replace("worker_connections 64", "worker_connections 512"))
        self.proxy = subprocess.Popen(
            [NGINX, "-c", str(main), "-e", str(self.folder / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.https = f"https://127.0.0.1:{https_port}"
        self._wait(f"{self.https}/healthz", "error.log", verify=str(self.certificate))

    def __exit__(self, *_: object) -> None:
        for process in [*self.schedulers, *self.webs]:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)  # their quick, clean stop
        for process in [*self.schedulers, *self.webs]:
            if process is not None:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    _kill(process)
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.send_signal(signal.SIGINT)
            self.proxy.wait(timeout=20)

    # -- what the database and the provider hold --

    def rows(self, statement: str) -> list[tuple[object, ...]]:
        engine = make_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(statement))]
        finally:
            engine.dispose()

    def access_log(self) -> list[str]:
        """nginx's access log of the site, a line a request, ending in the instance's address."""
        path = self.folder / "makete-gateway.access.log"
        return path.read_text().splitlines() if path.exists() else []

    def served_by(self, path: str) -> str:
        """GET a path through nginx: the instance that served it, as nginx logged it ("" if
        no line came). nginx writes a request's line just after answering it, so the line is
        looked for among those written after the request, and waited for."""
        before = len(self.access_log())
        requests.get(f"{self.https}{path}", verify=str(self.certificate), timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            lines = [line for line in self.access_log()[before:] if f" {path} " in line]
            if lines:
                return lines[-1].rsplit(" ", 1)[1]
            time.sleep(0.01)
        return ""

    def outbox_left(self) -> int:
        """Outbox rows not yet sent or failed for good (queued, retrying, claimed)."""
        (left,) = self.rows("SELECT count(*) FROM outbox WHERE status NOT IN ('sent', 'failed')")
        return int(left[0])  # type: ignore[call-overload]


def _kill(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def received(fake: FakeAfricasTalking) -> Counter[tuple[str, str]]:
    """How many times each (number, reference named in the text) reached the fake provider."""
    counted: Counter[tuple[str, str]] = Counter()
    for request in fake.sends:
        found = re.search(r"\b(\d{7,9})\b", request.form.get("message", ""))
        for number in request.form.get("to", "").split(","):
            if number:
                counted[number, found.group(1) if found else ""] += 1
    return counted


def wait_until(condition: Callable[[], bool], limit: float) -> bool:
    """Poll what other processes make true."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return True
