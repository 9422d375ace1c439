"""Configuration from environment variables, validated at start-up; a mistake names its variable."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.exc import ArgumentError

from charter.loader import CharterError, load_charter
from charter.model import Charter
from store.database import Timeouts, database_url

SERVICE_CODE = re.compile(r"^\*\d{1,4}(\*\d{1,4})*#$")
SENDER_ID = re.compile(r"^[A-Za-z0-9 ]{1,11}$")
QUIET_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")

# Every variable the gateway reads, with its default; README.md and .env.example list the same.
DEFAULTS: dict[str, str] = {
    "DATABASE_URL": "",  # empty: a SQLite file under instance/
    "CHARTER_FILE": "",  # empty: the bundled Makete charter
    "AT_USERNAME": "",
    "AT_API_KEY": "",
    "AT_SENDER_ID": "",
    "AT_API_URL": "",
    "WEBHOOK_SECRET": "",
    "USSD_SERVICE_CODE": "*152*25#",
    "SECRET_KEY": "",  # empty: a random key kept in instance/secret_key
    "QUIET_HOURS": "21:00-07:00",
    "SMS_DISPATCH_SECONDS": "5",
    "PORT": "5000",
    "SIMULATOR": "",  # empty: on with the console backend, off with Africa's Talking
    "TRUSTED_PROXIES": "0",  # reverse proxies in front whose X-Forwarded-* headers are true
    "MIGRATE_ON_START": "",  # empty: on with SQLite, off with PostgreSQL (`flask db upgrade`)
    "DB_CONNECT_TIMEOUT": "5",  # seconds a PostgreSQL connection may take to open
    "DB_STATEMENT_TIMEOUT": "15",  # seconds a PostgreSQL statement may run
    "MIN_FREE_DISK_MB": "100",  # /readyz says 503 below this much free disk where it writes
    "INSTANCE_DIR": "",  # empty: the app's instance folder (instance/ beside app.py)
    # Watching it run (logs, /metrics, /readyz, the Africa's Talking balance).
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "text",  # or "json": one JSON object a line, for a log collector
    "METRICS_TOKEN": "",  # empty: /metrics answers loopback only
    "PROMETHEUS_MULTIPROC_DIR": "",  # gunicorn: a folder the workers' metrics are summed in
    "SCHEDULER_STALE_MINUTES": "5",  # /readyz says 503 when no scheduler job succeeded since
    "OUTBOX_LATE_MINUTES": "10",  # /readyz says 503 when a due SMS has waited longer
    "LOW_BALANCE_ALERT": "5000",  # in the account's currency; 0: no alert
}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
METRICS_TOKEN = re.compile(r"^[A-Za-z0-9._~+/=-]{16,}$")  # a bearer token, openssl rand -hex


class ConfigError(ValueError):
    """A configuration value the gateway cannot start with."""


@dataclass(frozen=True)
class Config:
    """The gateway's validated settings."""

    database_url: str
    charter: Charter
    charter_file: str
    at_username: str
    at_api_key: str = field(repr=False)  # secrets stay out of any log line that shows a Config
    at_sender_id: str | None
    at_api_url: str | None
    webhook_secret: str | None = field(repr=False)
    ussd_service_code: str
    secret_key: str = field(repr=False)
    quiet_hours: tuple[time, time] | None
    sms_dispatch_seconds: float
    port: int
    simulator: bool
    trusted_proxies: int
    migrate_on_start: bool
    timeouts: Timeouts
    min_free_disk_mb: float
    instance: Path  # the instance folder: the SQLite default and the kept secret key
    log_level: str
    log_format: str
    metrics_token: str | None = field(repr=False)
    metrics_folder: Path | None  # PROMETHEUS_MULTIPROC_DIR: the workers' metrics, summed
    scheduler_stale: timedelta
    outbox_late: timedelta
    low_balance_alert: Decimal | None  # None: never alert

    @property
    def sms_backend(self) -> str:
        """'africastalking' when credentials are set, else the console."""
        return "africastalking" if self.at_username else "console"

    def written_folders(self) -> list[Path]:
        """The folders the gateway writes to on this machine: the instance folder, and the
        SQLite database's (a PostgreSQL server watches its own disk)."""
        folders = [self.instance]
        url = database_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            folders.append(Path(url.database).resolve().parent)
        return list(dict.fromkeys(folders))  # once each: the default keeps SQLite in instance/


def load_config(values: Mapping[str, Any], instance_path: str | None = None) -> Config:
    """Validate raw settings (defaults, then environment, then overrides) into a Config.

    `instance_path` is the app's own instance folder (Flask's `instance_path`, which
    `create_app` passes), used unless INSTANCE_DIR is set; without either (a bench, a test) it
    is `instance/` under the working directory."""
    raw = {key: str(values.get(key, default) or "").strip() for key, default in DEFAULTS.items()}
    raw.update({k: v for k, v in values.items() if k not in DEFAULTS})
    _live_secrets(raw["AT_USERNAME"], raw["WEBHOOK_SECRET"], raw["SECRET_KEY"])
    instance = _instance(raw["INSTANCE_DIR"], instance_path)
    url = _database_url(raw["DATABASE_URL"], instance)
    return Config(
        database_url=url,
        charter=_charter(raw["CHARTER_FILE"]),
        charter_file=raw["CHARTER_FILE"] or "(bundled Makete charter)",
        at_username=raw["AT_USERNAME"],
        at_api_key=_api_key(raw["AT_USERNAME"], raw["AT_API_KEY"]),
        at_sender_id=_sender_id(raw["AT_SENDER_ID"]),
        at_api_url=_api_url(raw["AT_API_URL"]),
        webhook_secret=raw["WEBHOOK_SECRET"] or None,
        ussd_service_code=_service_code(raw["USSD_SERVICE_CODE"]),
        secret_key=raw["SECRET_KEY"] or instance_secret_key(instance),
        quiet_hours=_quiet_hours(raw["QUIET_HOURS"]),
        sms_dispatch_seconds=_positive_number("SMS_DISPATCH_SECONDS", raw["SMS_DISPATCH_SECONDS"]),
        port=_port(raw["PORT"]),
        simulator=_simulator(raw["SIMULATOR"], bool(raw["AT_USERNAME"])),
        trusted_proxies=_proxies(raw["TRUSTED_PROXIES"]),
        migrate_on_start=_migrate_on_start(raw["MIGRATE_ON_START"], url),
        timeouts=Timeouts(
            connect=_connect_timeout(raw["DB_CONNECT_TIMEOUT"]),
            statement=_positive_number("DB_STATEMENT_TIMEOUT", raw["DB_STATEMENT_TIMEOUT"]),
        ),
        min_free_disk_mb=_positive_number("MIN_FREE_DISK_MB", raw["MIN_FREE_DISK_MB"]),
        instance=instance,
        log_level=_choice("LOG_LEVEL", raw["LOG_LEVEL"].upper(), LOG_LEVELS),
        log_format=_choice("LOG_FORMAT", raw["LOG_FORMAT"].lower(), LOG_FORMATS),
        metrics_token=_metrics_token(raw["METRICS_TOKEN"]),
        metrics_folder=_metrics_folder(raw["PROMETHEUS_MULTIPROC_DIR"]),
        scheduler_stale=timedelta(
            minutes=_positive_number(
                "SCHEDULER_STALE_MINUTES", raw["SCHEDULER_STALE_MINUTES"], "minutes"
            )
        ),
        outbox_late=timedelta(
            minutes=_positive_number("OUTBOX_LATE_MINUTES", raw["OUTBOX_LATE_MINUTES"], "minutes")
        ),
        low_balance_alert=_low_balance(raw["LOW_BALANCE_ALERT"]),
    )


def _instance(value: str, instance_path: str | None) -> Path:
    """The instance folder: INSTANCE_DIR (absolute, so it never depends on where the process
    was started), else the app's own."""
    if value and not Path(value).is_absolute():
        raise ConfigError(f"INSTANCE_DIR {value!r} must be an absolute path")
    return Path(value or instance_path or "instance").resolve()


def _database_url(value: str, instance: Path) -> str:
    if not value:
        return f"sqlite:///{instance / 'gateway.sqlite3'}"
    try:
        url = database_url(value)
    except ArgumentError as error:
        raise ConfigError(f"DATABASE_URL is not a database URL: {error}") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError("DATABASE_URL must be sqlite:///PATH or postgresql://...")
    return value


def _charter(path: str) -> Charter:
    if path and not Path(path).is_file():
        raise ConfigError(f"CHARTER_FILE {path!r} does not exist")
    try:
        return load_charter(path or None)
    except CharterError as error:
        raise ConfigError(f"CHARTER_FILE: {error}") from None


def _api_key(username: str, api_key: str) -> str:
    if bool(username) != bool(api_key):
        raise ConfigError("AT_USERNAME and AT_API_KEY must be set together (or neither)")
    return api_key


def _sender_id(value: str) -> str | None:
    if value and not SENDER_ID.match(value):
        raise ConfigError("AT_SENDER_ID must be 1-11 letters, digits or spaces")
    return value or None


def _api_url(value: str) -> str | None:
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"AT_API_URL {value!r} must be an http(s) base URL")
    return value.rstrip("/")


def _service_code(value: str) -> str:
    if not SERVICE_CODE.match(value):
        raise ConfigError(f"USSD_SERVICE_CODE {value!r} must look like *152*25#")
    return value


def _quiet_hours(value: str) -> tuple[time, time] | None:
    if not value:
        return None
    match = QUIET_HOURS.match(value)
    try:
        if not match:
            raise ValueError
        start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
        return time(start_h, start_m), time(end_h, end_m)
    except ValueError:
        raise ConfigError(f"QUIET_HOURS {value!r} must be HH:MM-HH:MM or empty") from None


def _positive_number(name: str, value: str, unit: str = "seconds") -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0
    if not 0 < number < float("inf"):
        raise ConfigError(f"{name} must be a positive number of {unit}")
    return number


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(f"{name} {value!r} must be one of {', '.join(choices)}")
    return value


def _metrics_token(value: str) -> str | None:
    if value and not METRICS_TOKEN.match(value):
        raise ConfigError(
            "METRICS_TOKEN must be 16 or more letters, digits or ._~+/=- (openssl rand -hex 32)"
        )
    return value or None


def _metrics_folder(value: str) -> Path | None:
    """The folder gunicorn's workers write their metrics in, made if missing: a worker must
    never fail a request because it cannot count it."""
    if not value:
        return None
    folder = Path(value)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"PROMETHEUS_MULTIPROC_DIR {value!r}: {error.strerror}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"PROMETHEUS_MULTIPROC_DIR {value!r} is not a folder this user can write")
    return folder


def _low_balance(value: str) -> Decimal | None:
    """The balance below which the desk and the DED are told (None or 0: never)."""
    try:
        amount = Decimal(value or "0")
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0:
        raise ConfigError(f"LOW_BALANCE_ALERT {value!r} must be an amount, e.g. 5000 (0: off)")
    return amount or None


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ConfigError(f"PORT {value!r} must be a TCP port number")
    return int(value)


def _proxies(value: str) -> int:
    if not value.isdigit() or int(value) > 5:
        raise ConfigError(f"TRUSTED_PROXIES {value!r} must be a number of proxies from 0 to 5")
    return int(value)


def _simulator(value: str, africas_talking: bool) -> bool:
    """The phone simulator: on by default only on the embedded default (no credentials)."""
    if value not in ("", "0", "1"):
        raise ConfigError("SIMULATOR must be 1 (on), 0 (off) or empty (on without AT credentials)")
    return value == "1" or (value == "" and not africas_talking)


def _migrate_on_start(value: str, url: str) -> bool:
    """Whether `create_app` migrates the database: on by default only for SQLite, a file
    beside the process that is there whenever the process is. A PostgreSQL server may be
    away when a web worker boots, and a worker must boot anyway: its schema is migrated by its
    own step (`flask --app app db upgrade`) before the workers start."""
    if value not in ("", "0", "1"):
        raise ConfigError("MIGRATE_ON_START must be 1 (on), 0 (off) or empty (on with SQLite)")
    return value == "1" or (value == "" and database_url(url).get_backend_name() == "sqlite")


def _connect_timeout(value: str) -> int:
    if not value.isdigit() or int(value) < 2:
        raise ConfigError("DB_CONNECT_TIMEOUT must be a whole number of seconds, 2 or more")
    return int(value)


def _live_secrets(username: str, webhook_secret: str, secret_key: str) -> None:
    """Live Africa's Talking credentials (any username but the sandbox's) mean a gateway the
    internet reaches: callbacks must prove they come from Africa's Talking (WEBHOOK_SECRET),
    or anyone could send officers' commands as their phones, and the console's sessions must
    be signed with a key the operator keeps (SECRET_KEY), the same on every server."""
    if not username or username == "sandbox":
        return
    missing = [
        name
        for name, value in (("WEBHOOK_SECRET", webhook_secret), ("SECRET_KEY", secret_key))
        if not value
    ]
    if missing:
        raise ConfigError(
            f"{' and '.join(missing)} must be set with live Africa's Talking credentials "
            f"(AT_USERNAME={username!r}); e.g. openssl rand -hex 32"
        )


def instance_secret_key(folder: Path) -> str:
    """A random key created once and kept, so every worker and restart signs alike.

    Created atomically: the key is written whole to a file of this process's own, then linked
    into place, which fails if another process got there first; so processes starting together
    all read the one key, never a half-written or empty one."""
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        mine = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        try:
            descriptor = os.open(mine, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
                handle.flush()
                os.fsync(handle.fileno())
            os.link(mine, path)
        except FileExistsError:
            pass  # another process's key is in place: read it
        finally:
            mine.unlink(missing_ok=True)
    key = path.read_text().strip()
    if not key:
        raise ConfigError(f"{path} is empty: delete it, or set SECRET_KEY")
    return key
