"""The README's promise: `python app.py` and gunicorn serve the gateway on the embedded default."""

from __future__ import annotations

import os
import socket
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
def serving(command: list[str], cwd: Path, port: int) -> Iterator[str]:
    """Run a server process until /healthz answers (at most 30 s), then stop it."""
    env = {**os.environ, "PORT": str(port), "PYTHONPATH": str(ROOT)}
    for name in ("DATABASE_URL", "AT_USERNAME", "AT_API_KEY", "WEBHOOK_SECRET", "CHARTER_FILE"):
        env.pop(name, None)
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
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                # Waiting for another process to bind (or, on PostgreSQL, for a worker still
                # migrating behind the other's lock), not for time to pass.
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
        timeout=5,
    )
    assert response.status_code == 200
    return response.text


def test_python_app_py_creates_its_database_and_serves(tmp_path: Path) -> None:
    with serving([sys.executable, str(ROOT / "app.py")], tmp_path, free_port()) as base:
        assert dial(base, "ATUid_quick", "").startswith("CON ")
        assert dial(base, "ATUid_quick", "1").startswith("CON ")
    assert (tmp_path / "instance" / "gateway.sqlite3").exists()


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
    with serving(command, tmp_path, port) as base:
        assert dial(base, "ATUid_gunicorn", "").startswith("CON ")
