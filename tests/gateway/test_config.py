"""Start-up refuses a bad setting with a message that names it."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from app import create_app
from gateway.config import ConfigError, instance_secret_key, load_config


@pytest.mark.parametrize(
    "name, value",
    [
        ("DATABASE_URL", "not a url"),
        ("DATABASE_URL", "mysql://root@127.0.0.1/test"),
        ("CHARTER_FILE", "/nowhere/charter.toml"),
        ("AT_USERNAME", "sandbox"),  # without AT_API_KEY
        ("AT_API_KEY", "abc123"),  # without AT_USERNAME
        ("AT_SENDER_ID", "MAKETE-DC-COUNCIL"),
        ("AT_API_URL", "ftp://127.0.0.1:9"),
        ("USSD_SERVICE_CODE", "152*25"),
        ("QUIET_HOURS", "9pm-7am"),
        ("SMS_DISPATCH_SECONDS", "0"),
        ("PORT", "http"),
        ("MIGRATE_ON_START", "yes"),
        ("DB_CONNECT_TIMEOUT", "1"),  # libpq waits at least 2 s
        ("DB_STATEMENT_TIMEOUT", "-5"),
        ("INSTANCE_DIR", "instance"),  # relative: it would depend on where it was started
        ("LOG_LEVEL", "CHATTY"),
        ("LOG_FORMAT", "xml"),
        ("METRICS_TOKEN", "short"),
        ("METRICS_TOKEN", "has spaces in it, sixteen+"),
        ("SCHEDULER_STALE_MINUTES", "0"),
        ("OUTBOX_LATE_MINUTES", "ten"),
        ("LOW_BALANCE_ALERT", "-1"),
        ("LOW_BALANCE_ALERT", "TZS 5000"),
        ("PROMETHEUS_MULTIPROC_DIR", "/proc/no-folder-here"),
    ],
)
def test_a_bad_value_stops_start_up_and_names_the_variable(
    settings: dict[str, object], name: str, value: str
) -> None:
    with pytest.raises(ConfigError) as error:
        create_app({**settings, name: value})
    shown = "AT_USERNAME" if name in ("AT_USERNAME", "AT_API_KEY") else name
    assert shown in str(error.value)


def test_a_charter_file_with_a_mistake_names_the_key(
    settings: dict[str, object], tmp_path: Path
) -> None:
    bundled = (Path(__file__).parents[2] / "charter" / "makete.toml").read_text()
    broken = tmp_path / "broken.toml"
    broken.write_text(bundled.replace('slug = "maji"', 'slug = "Maji Safi"', 1))
    with pytest.raises(ConfigError) as error:
        create_app({**settings, "CHARTER_FILE": str(broken)})
    assert "CHARTER_FILE" in str(error.value) and "slug" in str(error.value)


def test_defaults_need_nothing_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config({})
    assert config.database_url.endswith("instance/gateway.sqlite3")
    assert config.sms_backend == "console"
    assert config.ussd_service_code == "*152*25#"
    assert len(config.secret_key) == 64
    assert load_config({}).secret_key == config.secret_key  # kept for every worker and restart
    assert config.charter.short_name == "Makete DC"
    assert config.migrate_on_start  # SQLite: the quick start migrates as it starts
    assert (config.timeouts.connect, config.timeouts.statement) == (5, 15.0)


def test_instance_dir_holds_the_sqlite_default_and_the_kept_key(tmp_path: Path) -> None:
    config = load_config({"INSTANCE_DIR": str(tmp_path / "state")}, "/nowhere/instance")
    assert config.instance == tmp_path / "state"
    assert config.database_url == f"sqlite:///{tmp_path / 'state' / 'gateway.sqlite3'}"
    assert (tmp_path / "state" / "secret_key").read_text() == config.secret_key
    assert config.written_folders() == [tmp_path / "state"]
    beside_app = load_config({"SECRET_KEY": "k"}, str(tmp_path / "app" / "instance"))
    assert beside_app.instance == tmp_path / "app" / "instance"  # the app's own, unless told


def test_only_sqlite_migrates_on_start_unless_told() -> None:
    postgresql = {"DATABASE_URL": "postgresql://gateway@127.0.0.1:5432/gateway", "SECRET_KEY": "k"}
    assert not load_config(postgresql).migrate_on_start  # its workers boot without it
    assert load_config({**postgresql, "MIGRATE_ON_START": "1"}).migrate_on_start
    sqlite = {"DATABASE_URL": "sqlite:////tmp/unused.sqlite3", "SECRET_KEY": "k"}
    assert not load_config({**sqlite, "MIGRATE_ON_START": "0"}).migrate_on_start


def test_postgres_urls_use_the_installed_driver(settings: dict[str, object]) -> None:
    from store.database import database_url

    assert database_url("postgresql://postgres@127.0.0.1:5432/test").drivername == (
        "postgresql+psycopg"
    )


# --- a live gateway keeps its secrets (issue 26, cases 4 and 10) ------------------------------


@pytest.mark.parametrize("missing", ["WEBHOOK_SECRET", "SECRET_KEY"])
def test_live_credentials_without_a_secret_refuse_to_start(
    settings: dict[str, object], missing: str
) -> None:
    live = {
        **settings,
        "AT_USERNAME": "makete",
        "AT_API_KEY": "live-key",
        "WEBHOOK_SECRET": "callback-secret",
        "SECRET_KEY": "session-secret",
    }
    load_config({**live})  # both set: it starts
    with pytest.raises(ConfigError) as error:
        load_config({**live, missing: ""})
    assert missing in str(error.value) and "makete" in str(error.value)
    # The sandbox is not live: trying it needs neither.
    load_config({**live, "AT_USERNAME": "sandbox", missing: ""})


def _key_at_once(folder: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    results.put(instance_secret_key(Path(folder)))


def test_processes_starting_together_all_read_the_one_secret_key(tmp_path: Path) -> None:
    """Eight processes released together on a fresh instance folder, thirty times: one key,
    never an empty one."""
    context = multiprocessing.get_context("fork")
    for trial in range(30):
        folder = tmp_path / f"instance-{trial}"
        barrier, results = context.Barrier(8), context.Queue()
        workers = [
            context.Process(target=_key_at_once, args=(str(folder), barrier, results))
            for _ in range(8)
        ]
        for worker in workers:
            worker.start()
        keys = [results.get(timeout=30) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
        assert len(set(keys)) == 1 and len(keys[0]) == 64, (trial, keys)
        assert (folder / "secret_key").stat().st_mode & 0o777 == 0o600
        assert sorted(p.name for p in folder.iterdir()) == ["secret_key"]  # nothing left over


def test_every_setting_is_in_the_readme_and_the_example_environment() -> None:
    from gateway.config import DEFAULTS

    root = Path(__file__).parents[2]
    readme = (root / "README.md").read_text()
    example = (root / ".env.example").read_text()
    for name in DEFAULTS:
        assert f"| `{name}`" in readme or f", `{name}`" in readme, f"README: {name}"
        assert f"\n{name}=" in example, f".env.example: {name}"
