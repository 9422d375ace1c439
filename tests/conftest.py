"""Shared fixtures: an app on a real database (SQLite by default, PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, MetaData, make_url, text

from app import create_app
from charter.loader import bundled_charter_path
from gateway.messaging.providers.fake import FakeProvider
from gateway.runtime import Gateway
from store.database import make_engine
from store.models import Base
from tests.fake_africastalking import FakeAfricasTalking

PHONE = "+255754123456"
SERVICE_CODE = "*152*25#"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """DATABASE_URL when set (CI's PostgreSQL run), else a fresh SQLite file for the session."""
    url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'gateway.sqlite3'}"
    )
    engine = make_engine(url)
    _drop_everything(engine)  # start from nothing: the migrations must build the schema
    engine.dispose()
    yield url


def _drop_everything(engine: Engine) -> None:
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)


@pytest.fixture()
def settings(database_url: str, tmp_path: Path) -> dict[str, object]:
    """The settings a test app starts with: no credentials, no secret, quiet hours off."""
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "AT_USERNAME": "",
        "AT_API_KEY": "",
        "AT_API_URL": "",
        "AT_SENDER_ID": "",
        "WEBHOOK_SECRET": "",
        "CHARTER_FILE": "",
        "USSD_SERVICE_CODE": SERVICE_CODE,
        "QUIET_HOURS": "",
        "MIGRATE_ON_START": "1",  # each test app migrates, as a one-box gateway does
        "INSTANCE_DIR": str(tmp_path / "instance"),  # never the checkout's own
    }


@pytest.fixture()
def fake_sms() -> FakeProvider:
    """The SMS provider tests read what was sent from."""
    return FakeProvider()


@pytest.fixture()
def make_app(settings: dict[str, object]) -> Iterator[Callable[..., Flask]]:
    """Build migrated apps with empty tables from the test settings plus overrides."""
    apps: list[Flask] = []

    def build(**overrides: object) -> Flask:
        app = create_app({**settings, **overrides})
        _empty_tables(app.extensions["gateway"].engine)
        app.extensions["gateway"].refresh_calendar(force=True)  # forget earlier tests' holidays
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["gateway"].engine.dispose()


@pytest.fixture()
def app(make_app: Callable[..., Flask], fake_sms: FakeProvider) -> Flask:
    """A migrated app with empty tables, sending SMS to the fake provider."""
    return make_app(SMS_PROVIDER=fake_sms)


def _empty_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture()
def gateway(app: Flask) -> Gateway:
    """The app's loaded gateway (charter, calendar, sessions, provider)."""
    gateway: Gateway = app.extensions["gateway"]
    return gateway


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """An HTTP client for the app's webhooks."""
    return app.test_client()


@pytest.fixture()
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture()
def fake_at() -> Iterator[FakeAfricasTalking]:
    """A fake Africa's Talking HTTP server on 127.0.0.1."""
    with FakeAfricasTalking() as server:
        yield server


@contextmanager
def database_beside(database_url: str, suffix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database beside the suite's (its name and `_suffix`), dropped
    afterwards: for a test whose servers must not see the suite's rows. Its URL."""
    url = make_url(database_url)
    name = f"{url.database}_{suffix}"
    admin = make_engine(database_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def is_postgres(url: str) -> bool:
    """True when the suite runs against PostgreSQL."""
    return url.startswith(("postgres", "postgresql"))


def sql(engine: Engine, statement: str) -> list[tuple[object, ...]]:
    """Rows of a raw SQL query, to assert what was stored."""
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(statement))]


def edited_charter(folder: Path, old: str, new: str) -> Path:
    """The bundled charter file with `old` replaced by `new`, written in `folder`: a council
    that set something of its own."""
    bundled = bundled_charter_path().read_text(encoding="utf-8")
    assert old in bundled, old
    edited = folder / "council.toml"
    edited.write_text(bundled.replace(old, new), encoding="utf-8")
    return edited
