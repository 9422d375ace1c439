"""The README's promise: `python app.py` and gunicorn serve the gateway on the embedded default."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).parents[1]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(command: list[str], cwd: Path, port: int, **settings: str) -> Iterator[str]:
    """Run a server process until /healthz answers (at most 30 s), then stop it."""
    env = {**os.environ, "PORT": str(port), "PYTHONPATH": str(ROOT)}
    for name in (
        "DATABASE_URL",
        "AT_USERNAME",
        "AT_API_KEY",
        "WEBHOOK_SECRET",
        "CHARTER_FILE",
        "SECRET_KEY",
        "INSTANCE_DIR",
    ):
        env.pop(name, None)
    env.update(settings)
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"server exited: {process.stdout.read() if process.stdout else ''}")
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                # Not listening yet, or (a busy 2-core machine) too slow to answer while the
                # workers migrate and start: ask again, for at most the deadline.
                time.sleep(0.1)
        else:
            pytest.fail("server did not answer /healthz within 30 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def dial(base: str, session_id: str, text: str) -> str:
    """One USSD callback exactly as the README's curl line sends it."""
    response = requests.post(
        f"{base}/ussd",
        data={
            "sessionId": session_id,
            "serviceCode": "*152*25#",
            "phoneNumber": "+255754123456",
            "networkCode": "64004",
            "text": text,
        },
        timeout=30,
    )
    assert response.status_code == 200
    return response.text


def test_python_app_py_creates_its_database_beside_itself_wherever_it_is_started(
    tmp_path: Path,
) -> None:
    """`python /path/to/app.py` keeps its instance folder (the SQLite file, the secret key)
    beside app.py, not in the directory it was started from: a second start from elsewhere
    finds the same database. (A copy of app.py, so the checkout's own instance/ is left alone.)"""
    checkout, elsewhere, another = tmp_path / "checkout", tmp_path / "home", tmp_path / "tmp"
    for folder in (checkout, elsewhere, another):
        folder.mkdir()
    shutil.copy(ROOT / "app.py", checkout / "app.py")
    with serving([sys.executable, str(checkout / "app.py")], elsewhere, free_port()) as base:
        assert dial(base, "ATUid_quick", "").startswith("CON ")
        assert dial(base, "ATUid_quick", "1").startswith("CON ")
    database = checkout / "instance" / "gateway.sqlite3"
    assert database.exists() and (checkout / "instance" / "secret_key").exists()
    assert list(elsewhere.iterdir()) == []  # nothing written where it was started
    key = (checkout / "instance" / "secret_key").read_text()
    with serving([sys.executable, str(checkout / "app.py")], another, free_port()) as base:
        assert dial(base, "ATUid_again", "").startswith("CON ")
    assert list(another.iterdir()) == []
    assert (checkout / "instance" / "secret_key").read_text() == key  # the same key, kept
    sessions = sqlite3.connect(database).execute("SELECT count(*) FROM ussd_sessions").fetchone()
    assert sessions == (2,)  # both starts wrote to the one database


def test_instance_dir_puts_the_instance_folder_where_it_says(tmp_path: Path) -> None:
    """INSTANCE_DIR (a service's state directory, say) overrides the folder beside app.py."""
    state = tmp_path / "state"
    command = [sys.executable, str(ROOT / "app.py")]
    with serving(command, tmp_path, free_port(), INSTANCE_DIR=str(state)) as base:
        assert dial(base, "ATUid_state", "").startswith("CON ")
    assert sorted(p.name for p in state.iterdir() if not p.name.startswith("gateway.sqlite3-")) == [
        "gateway.sqlite3",
        "secret_key",
    ]


def test_gunicorn_serves_the_app_factory(tmp_path: Path) -> None:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(tmp_path),
        "app:create_app()",
    ]
    with serving(command, tmp_path, port, INSTANCE_DIR=str(tmp_path / "instance")) as base:
        assert dial(base, "ATUid_gunicorn", "").startswith("CON ")
