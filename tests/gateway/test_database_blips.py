"""Issue 26, cases 1 and 2: the database away when a worker boots, connections killed under
sessions in progress, a database gone silent. PostgreSQL is reached through a TCP proxy the
test controls (tests/tcp_proxy.py); on SQLite the killed connections are its own closed ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest
import requests
from flask import Flask
from flask import request as request_now
from flask.testing import FlaskClient
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import DBAPIError

from app import create_app
from gateway.messaging.providers.fake import FakeProvider
from gateway.runtime import Gateway
from gateway.web.current import current_gateway
from gateway.web.ussd import APOLOGY
from store.models import Holiday
from tests.conftest import is_postgres
from tests.console.console_factories import WATER_OFFICER, add_officers, log_in
from tests.gateway.ussd_driver import Dial
from tests.tcp_proxy import TcpProxy
from tests.test_quick_start import ROOT, free_port

BUSY = 5  # connections each engine's pool holds after a busy moment (its pool_size)


@pytest.fixture()
def proxy(database_url: str) -> Iterator[TcpProxy]:
    """A proxy in front of the test PostgreSQL (skips the test on SQLite)."""
    if not is_postgres(database_url):
        pytest.skip("a TCP proxy stands in front of PostgreSQL only")
    with TcpProxy(make_url(database_url).port or 5432) as running:
        yield running


def phone_of(number: int) -> str:
    return f"+25575400{number:04d}"


def next_screens(client: FlaskClient, sessions: int) -> tuple[list[Dial], str]:
    """`sessions` USSD sessions in progress (dialled, "1" answered), and the screen each
    should get for its next answer, "1" (as a session that saw no trouble got it)."""
    control = Dial(client, "ATUid_control", phone=phone_of(9999))
    control.start()
    control.answer("1")
    expected = control.answer("1")
    assert expected.startswith("CON ") and "Samahani" not in expected
    dials = [Dial(client, f"ATUid_busy_{n}", phone=phone_of(n)) for n in range(sessions)]
    for dial in dials:
        dial.start()
        dial.answer("1")
    return dials, expected


def request_method() -> str:
    return request_now.method


def fill_pools(gateway: Gateway) -> None:
    """Leave BUSY connections in each engine's pool, as a threaded worker's after a busy
    moment: all of them will be dead at once."""
    for engine in (gateway.engine, gateway.read_engine, gateway.passing_engine):
        lines = [engine.connect() for _ in range(BUSY)]
        for line in lines:
            line.exec_driver_sql("SELECT 1")
        for line in lines:
            line.close()


def close_pooled(engine: Engine) -> None:
    """SQLite's lost connections: close the driver's connections under the pool's feet."""
    lines = [engine.connect() for _ in range(BUSY)]
    for line in lines:
        line.connection.dbapi_connection.close()  # type: ignore[union-attr]
    for line in lines:
        line.close()


def logged_in_console(app: Flask, gateway: Gateway) -> FlaskClient:
    with gateway.sessions.begin() as session:
        add_officers(session, gateway, datetime.now(UTC))
    console = app.test_client()
    assert log_in(console, WATER_OFFICER).status_code == 302
    assert console.get("/console/").status_code == 200
    return console


def test_killed_connections_cost_no_step_and_no_page(
    make_app: Callable[..., Flask], database_url: str, proxy: TcpProxy
) -> None:
    app = make_app(DATABASE_URL=proxy.url(database_url), SMS_PROVIDER=FakeProvider())
    gateway: Gateway = app.extensions["gateway"]
    console = logged_in_console(app, gateway)
    dials, expected = next_screens(app.test_client(), 10)
    fill_pools(gateway)
    proxy.kill()  # every connection of every pool: psycopg's "consuming input failed"
    assert [dial.answer("1") for dial in dials] == [expected] * 10
    assert console.get("/console/").status_code == 200
    proxy.kill()
    assert console.get("/console/").status_code == 200  # the page first, then the steps
    dials, expected = next_screens(app.test_client(), 2)
    assert [dial.answer("1") for dial in dials] == [expected] * 2


def test_closed_sqlite_connections_cost_no_step_and_no_page(
    make_app: Callable[..., Flask], database_url: str
) -> None:
    if is_postgres(database_url):
        pytest.skip("SQLite's own closed connections; PostgreSQL's are killed by the proxy")
    app = make_app(SMS_PROVIDER=FakeProvider())
    gateway: Gateway = app.extensions["gateway"]
    console = logged_in_console(app, gateway)
    dials, expected = next_screens(app.test_client(), 3)
    for engine in (gateway.engine, gateway.read_engine, gateway.passing_engine):
        close_pooled(engine)  # "Cannot operate on a closed database."
    assert [dial.answer("1") for dial in dials] == [expected] * 3
    assert console.get("/console/").status_code == 200


def test_a_page_that_loses_its_connection_midway_is_served_once_more(
    make_app: Callable[..., Flask], database_url: str, request: pytest.FixtureRequest
) -> None:
    """The console's pages are read on engines that test a connection before use; one lost
    between that test and a later statement costs the page nothing either."""
    proxy = request.getfixturevalue("proxy") if is_postgres(database_url) else None
    app = make_app(**({"DATABASE_URL": proxy.url(database_url)} if proxy else {}))
    runs: list[str] = []

    def midway() -> str:
        with current_gateway().reads() as db:
            db.execute(text("SELECT 1"))
            runs.append(request_method())
            if len(runs) == 1:  # the database drops the page's connection after its first read
                if proxy is not None:
                    proxy.kill()
                else:
                    db.connection().connection.dbapi_connection.close()  # type: ignore[union-attr]
            return str(db.execute(text("SELECT 2")).scalar())

    app.add_url_rule("/midway", "midway", midway, methods=["GET", "POST"])
    client = app.test_client()
    assert (client.get("/midway").text, runs) == ("2", ["GET", "GET"])
    runs.clear()
    with pytest.raises(DBAPIError):  # a POST's change may have been made: never run twice
        app.testing = True
        client.post("/midway")
    assert runs == ["POST"]


def test_a_worker_boots_while_the_database_is_away_and_serves_once_it_is_back(
    make_app: Callable[..., Flask],
    settings: dict[str, object],
    database_url: str,
    proxy: TcpProxy,
) -> None:
    migrated = make_app()  # the schema is there: `flask db upgrade` ran before the workers
    with migrated.extensions["gateway"].sessions.begin() as session:
        session.add(Holiday(day=date(2031, 3, 3), name="Siku ya Blip", added_at=datetime.now(UTC)))
    proxy.refuse()
    production = {**settings, "DATABASE_URL": proxy.url(database_url), "MIGRATE_ON_START": ""}
    app = create_app({**production, "SMS_PROVIDER": FakeProvider()})  # no database needed
    gateway: Gateway = app.extensions["gateway"]
    try:
        client = app.test_client()
        health = client.get("/healthz")
        assert (health.status_code, health.text) == (503, "database unavailable\n")
        assert Dial(client, "ATUid_away").start() == APOLOGY
        page = client.get("/console/login")
        assert (page.status_code, "Hifadhidata haipatikani" in page.text) == (503, True)
        proxy.accept()  # the database is back: the same app serves, nobody restarted it
        assert client.get("/healthz").status_code == 200
        assert Dial(client, "ATUid_back").start().startswith("CON ")
        assert client.get("/console/login").status_code == 200
        assert (date(2031, 3, 3), "Siku ya Blip") in gateway.holidays_seen  # loaded lazily
    finally:
        for engine in (gateway.engine, gateway.read_engine, gateway.passing_engine):
            engine.dispose()


def test_a_silent_database_fails_a_request_in_seconds_and_recovers(
    make_app: Callable[..., Flask], database_url: str, proxy: TcpProxy
) -> None:
    app = make_app(
        DATABASE_URL=proxy.url(database_url),
        DB_CONNECT_TIMEOUT="2",
        DB_STATEMENT_TIMEOUT="1",
        SMS_PROVIDER=FakeProvider(),
    )
    client = app.test_client()
    assert Dial(client, "ATUid_before").start().startswith("CON ")
    proxy.blackhole()
    started = time.monotonic()
    assert Dial(client, "ATUid_silent").start() == APOLOGY
    assert client.get("/healthz").status_code == 503
    assert time.monotonic() - started < 8  # the connect timeout twice, not a worker's 30 s
    proxy.accept()
    assert Dial(client, "ATUid_after").start().startswith("CON ")
    assert client.get("/healthz").status_code == 200


def test_a_statement_stuck_behind_a_lock_is_cancelled_by_the_statement_timeout(
    make_app: Callable[..., Flask], database_url: str, proxy: TcpProxy
) -> None:
    app = make_app(DATABASE_URL=proxy.url(database_url), DB_STATEMENT_TIMEOUT="1")
    client = app.test_client()
    assert Dial(client, "ATUid_before").start().startswith("CON ")
    conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(conninfo) as holder:
        holder.execute("LOCK TABLE ussd_sessions IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        assert Dial(client, "ATUid_stuck").start() == APOLOGY
        assert time.monotonic() - started < 4  # the statement timeout, not for ever
        holder.rollback()
    assert Dial(client, "ATUid_after").start().startswith("CON ")


def test_gunicorn_started_while_the_database_is_away_serves_once_it_is_back(
    make_app: Callable[..., Flask], database_url: str, proxy: TcpProxy, tmp_path: Path
) -> None:
    make_app()  # migrated beforehand, as `flask db upgrade` does
    proxy.refuse()
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": proxy.url(database_url),
        "SECRET_KEY": "blips",
        "AT_USERNAME": "",
        "AT_API_KEY": "",
        "WEBHOOK_SECRET": "",
        "MIGRATE_ON_START": "",
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind"]
    command += [f"127.0.0.1:{port}", "app:create_app()"]
    server = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert health_of(base, server) == 503  # up, and honest about its database
        proxy.accept()
        assert health_of(base, server) == 200
        answer = requests.post(
            f"{base}/ussd",
            data={"sessionId": "ATUid_gunicorn", "serviceCode": "*152*25#", "text": ""}
            | {"phoneNumber": phone_of(1)},
            timeout=10,
        )
        assert answer.text.startswith("CON ")
        assert server.poll() is None
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "Worker failed to boot" not in output


def health_of(base: str, server: subprocess.Popen[str]) -> int:
    """/healthz's status once the server answers (at most 20 s); fails if it exits."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = server.stdout.read() if server.stdout else ""
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{output}")
        try:
            return requests.get(f"{base}/healthz", timeout=10).status_code
        except requests.ConnectionError:
            time.sleep(0.1)  # not listening yet: ask again
    pytest.fail("gunicorn did not answer /healthz within 20 s")


# Up to the confirm screen of a water complaint: the next answer, "1", files it.
TO_CONFIRM = ("1", "5", "iwa", "Bomba la maji limevunjika tangu Jumatatu", "2")


def at_confirm(client: FlaskClient, sessions: int) -> list[Dial]:
    """`sessions` USSD sessions, each on the screen whose "1" files its complaint."""
    dials = [Dial(client, f"ATUid_filing_{n}", phone=phone_of(n)) for n in range(sessions)]
    for dial in dials:
        dial.start()
        for answer in TO_CONFIRM:
            dial.answer(answer)
        assert dial.screen.startswith("CON ")
    return dials


def filed_and_acknowledged(gateway: Gateway) -> tuple[int, int]:
    with gateway.read_engine.connect() as connection:
        filed = connection.execute(text("SELECT count(*) FROM complaints")).scalar()
        acks = connection.execute(
            text("SELECT count(*) FROM outbox WHERE purpose = 'acknowledgement'")
        ).scalar()
    return int(filed or 0), int(acks or 0)


def test_killed_connections_cost_no_filing(
    make_app: Callable[..., Flask], database_url: str, proxy: TcpProxy
) -> None:
    """A filing's transaction takes its connection untested (issue 27): one the database
    dropped, in the step engine's pool as in the passing engine's, runs the step again."""
    app = make_app(DATABASE_URL=proxy.url(database_url), SMS_PROVIDER=FakeProvider())
    gateway: Gateway = app.extensions["gateway"]
    dials = at_confirm(app.test_client(), 3)
    fill_pools(gateway)
    lines = [gateway.step_engine.connect() for _ in range(BUSY)]
    for line in lines:
        line.exec_driver_sql("SELECT 1")
    for line in lines:
        line.close()
    proxy.kill()
    ends = [dial.answer("1") for dial in dials]
    assert all(end.startswith("END Asante") for end in ends), ends
    assert filed_and_acknowledged(gateway) == (3, 3)


def test_closed_sqlite_connections_cost_no_filing(
    make_app: Callable[..., Flask], database_url: str
) -> None:
    if is_postgres(database_url):
        pytest.skip("SQLite's own closed connections; PostgreSQL's are killed by the proxy")
    app = make_app(SMS_PROVIDER=FakeProvider())
    gateway: Gateway = app.extensions["gateway"]
    dials = at_confirm(app.test_client(), 3)
    for engine in (gateway.passing_engine, gateway.step_engine):
        close_pooled(engine)
    ends = [dial.answer("1") for dial in dials]
    assert all(end.startswith("END Asante") for end in ends), ends
    assert filed_and_acknowledged(gateway) == (3, 3)
