"""Issue 26, case 11: /healthz says the process is alive; /readyz says whether it can keep what
it is given, and 503 names each cause: a disk filled for real (a small tmpfs, when this machine
lets the test mount one), free space under MIN_FREE_DISK_MB, and the database away. (The
scheduler's and the outbox's causes are in test_watching.py; here the scheduler has just run.)"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine

from gateway.ops.scheduler import forget_old_login_counts, run_job
from gateway.web.ussd import APOLOGY
from tests.conftest import SERVICE_CODE

MOUNT_MB = 8
USSD_DIAL = {
    "sessionId": "ATUid_full",
    "serviceCode": SERVICE_CODE,
    "phoneNumber": "+255754000001",
    "networkCode": "64004",
    "text": "",
}


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of MOUNT_MB megabytes, unmounted afterwards (skips where mounting is refused)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={MOUNT_MB}m", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("this machine does not let the test mount a small disk")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Write until the disk refuses; the filler file."""
    filler = folder / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


def scheduled(app: Flask) -> Flask:
    """The app, its scheduler having just run a job (as it does every few seconds)."""
    assert run_job(app.extensions["gateway"], forget_old_login_counts)
    return app


def test_readyz_is_ready_on_a_disk_with_room(make_app: Callable[..., Flask]) -> None:
    client = scheduled(make_app()).test_client()
    assert (client.get("/readyz").status_code, client.get("/readyz").text) == (200, "ready\n")


def test_readyz_says_503_below_the_free_space_the_council_set(
    make_app: Callable[..., Flask],
) -> None:
    client = scheduled(make_app(MIN_FREE_DISK_MB="100000000")).test_client()  # 100 TB: none has it
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.text.startswith("disk nearly full: ")
    assert "MIN_FREE_DISK_MB=1e+08" in answer.text
    assert client.get("/healthz").status_code == 200  # alive all the same


def test_readyz_says_503_with_the_disk_really_full_and_ready_once_it_has_room(
    make_app: Callable[..., Flask], small_disk: Path
) -> None:
    app = make_app(DATABASE_URL=f"sqlite:///{small_disk / 'gateway.sqlite3'}", MIN_FREE_DISK_MB="1")
    client = scheduled(app).test_client()
    assert client.get("/readyz").text == "ready\n"
    filler = fill(small_disk)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert f"disk nearly full: 0 MB free at {small_disk}" in answer.text
    assert client.get("/healthz").status_code == 200  # the database still answers a read
    dial = client.post("/ussd", data=USSD_DIAL)  # a citizen dialling meanwhile: an apology
    assert (dial.status_code, dial.text.split("\n")[0]) == (200, APOLOGY.split("\n")[0])
    filler.unlink()
    assert client.get("/readyz").text == "ready\n"
    again = client.post("/ussd", data={**USSD_DIAL, "sessionId": "ATUid_room"})
    assert again.text.startswith("CON ")


def test_readyz_names_the_database_when_it_is_away(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    nowhere = create_engine(  # the same gateway, its database now behind a closed port
        "postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 2}
    )
    app.extensions["gateway"] = replace(app.extensions["gateway"], engine=nowhere)
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.text == "database unavailable\n"
