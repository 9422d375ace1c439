"""deploy/ as a council installs it (issue 25): the web unit's own command line and environment
serve the gateway under gunicorn, behind Debian's nginx with the shipped site and a self-signed
certificate; systemd accepts both units; the production environment file names every setting;
`deploy/makete-gateway` runs the CLI with it.

Only what a machine without systemd as PID 1 cannot do is left out: starting the units themselves
(their command line, environment and readiness notification are run here as systemd would).
"""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import text

from gateway.config import DEFAULTS, load_config
from store.database import make_engine
from tests.conftest import database_beside, is_postgres
from tests.fake_africastalking import FakeAfricasTalking
from tests.test_quick_start import free_port

ROOT = Path(__file__).parents[1]
DEPLOY = ROOT / "deploy"
UNITS = ("makete-gateway-web.service", "makete-gateway-scheduler.service")
APP_DIR = "/opt/makete-gateway"  # where the units and the wrapper expect the checkout
SECRET = "webhook-secret-for-the-nginx-test"
DESK = "+255713999001"
PASSWORD = "siri-ya-dawati-2026"

NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
)
needs_nginx = pytest.mark.skipif(
    NGINX is None or shutil.which("openssl") is None,
    reason="nginx or openssl is not installed (apt-get install nginx openssl; .ci/run does)",
)


# --- reading the shipped files as systemd reads them ------------------------------------------


def unit_settings(name: str) -> dict[str, list[str]]:
    """Each key of a unit file with every value it is given, in order."""
    found: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def env_file(path: Path) -> dict[str, str]:
    """An EnvironmentFile= as systemd reads ours: NAME=value lines, # comments, no quoting."""
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith(("#", ";")):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def service_environment(unit: str, production_env: Path) -> dict[str, str]:
    """The environment systemd gives the unit's process: the unit's Environment= defaults, then
    the environment file's values over them."""
    env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
    for assignments in unit_settings(unit).get("Environment", []):
        env.update(part.split("=", 1) for part in shlex.split(assignments))  # type: ignore[misc]
    env.update(env_file(production_env))
    return env


def command_line(unit: str, env: dict[str, str]) -> list[str]:
    """The unit's ExecStart with ${VAR} expanded, its checkout path pointed at this one."""
    (exec_start,) = unit_settings(unit)["ExecStart"]
    words = shlex.split(exec_start.replace(APP_DIR, str(ROOT)))
    return [re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], word) for word in words]


def filled_example(folder: Path, database_url: str, **values: str) -> Path:
    """deploy/env.production.example as an operator fills it, for this machine's test database
    (and the given values); every other line as shipped."""
    text = (DEPLOY / "env.production.example").read_text()
    settings = {
        "DATABASE_URL": database_url,
        "INSTANCE_DIR": str(folder / "state"),
        "MIGRATE_ON_START": "1",  # the test database may be new: the units run `db upgrade` first
        **values,
    }
    for name, value in settings.items():
        text, count = re.subn(rf"^{name}=.*$", f"{name}={value}", text, flags=re.MULTILINE)
        assert count == 1, name
    path = folder / "env"
    path.write_text(text)
    return path


# --- the environment file ---------------------------------------------------------------------


def test_the_production_environment_file_sets_every_setting_and_starts(
    database_url: str, tmp_path: Path
) -> None:
    example = env_file(DEPLOY / "env.production.example")
    missing = set(DEFAULTS) - set(example)
    assert not missing, f"deploy/env.production.example lacks {sorted(missing)}"
    assert {"WEB_CONCURRENCY", "WEB_BIND"} <= set(example)  # gunicorn's, for the web unit
    assert example["SECRET_KEY"].startswith("CHANGE") and example["WEBHOOK_SECRET"].startswith(
        "CHANGE"
    )
    filled = env_file(filled_example(tmp_path, database_url))
    config = load_config(filled)  # every shipped value passes the gateway's own checks
    assert config.trusted_proxies == 1 and config.webhook_secret and not config.simulator
    assert config.instance == tmp_path / "state"


# --- systemd ------------------------------------------------------------------------------------


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    for unit in UNITS:  # checked where this checkout is, so their commands exist
        (tmp_path / unit).write_text((DEPLOY / unit).read_text().replace(APP_DIR, str(ROOT)))
    checked = subprocess.run(
        [analyze, "verify", *(str(tmp_path / unit) for unit in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # verify exits 0 on an unknown key or a bad value, but says so: nothing must be said.
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")
    for unit in UNITS:
        settings = unit_settings(unit)
        assert settings["User"] == ["makete-gateway"] and settings["Restart"] == ["always"]
        assert settings["EnvironmentFile"] == ["/etc/makete-gateway/env"]


# --- gunicorn as the web unit runs it, behind nginx -----------------------------------------


@dataclass(frozen=True)
class Site:
    """The gateway served behind nginx: its HTTPS and HTTP addresses and what it was given."""

    https: str
    http: str
    certificate: Path
    env_file: Path
    workers: int
    access_log: Path
    africas_talking: FakeAfricasTalking
    gunicorn: str = ""  # gunicorn itself, on WEB_BIND, as Prometheus on the server reaches it


def _ready_socket(folder: Path) -> socket.socket:
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(folder / "notify"))
    notify.settimeout(60)
    return notify


def _workers_of(pid: int) -> int:
    """How many processes `pid` is the parent of (gunicorn's workers)."""
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        count += fields[1] == str(pid)
    return count


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for gateway.example and 127.0.0.1, as `openssl` makes one before Let's
    Encrypt's (README, "Going live")."""
    folder.mkdir()
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=gateway.example"),
            *("-addext", "subjectAltName=DNS:gateway.example,IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def _site_config(folder: Path, web_port: int, https_port: int, http_port: int) -> Path:
    """deploy/nginx-site.conf with this machine's ports and folders in place of the server's,
    inside the smallest nginx.conf that includes it as Debian's includes sites-enabled/."""
    site = (DEPLOY / "nginx-site.conf").read_text()
    for shipped, here in (
        ("server 127.0.0.1:8000 ", f"server 127.0.0.1:{web_port} "),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("listen [::]:443 ssl;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("/etc/ssl/makete-gateway/", f"{folder}/ssl/"),
        ("/var/log/nginx/", f"{folder}/"),
        ("/var/www/letsencrypt", f"{folder}/acme"),
    ):
        assert shipped in site, shipped
        site = site.replace(shipped, here)
    (folder / "makete-gateway.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read this test's folders
    main = folder / "nginx.conf"
    main.write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n  access_log {folder}/all.log;\n"
        + "".join(
            f"  {kind}_temp_path {folder}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {folder}/makete-gateway.conf;\n}}\n"
    )
    return main


@pytest.fixture(scope="module")
def deploy_database_url(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database of the site's own, new: a SQLite file, or a PostgreSQL database beside the
    suite's (so no other test's queued SMS is dispatched here)."""
    if not is_postgres(database_url):
        yield f"sqlite:///{tmp_path_factory.mktemp('site-db') / 'gateway.sqlite3'}"
        return
    with database_beside(database_url, "deploy") as url:
        yield url


@pytest.fixture(scope="module")
def site(deploy_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """gunicorn as makete-gateway-web.service starts it, nginx with the shipped site before it."""
    assert NGINX is not None
    database_url = deploy_database_url
    folder = tmp_path_factory.mktemp("deploy")
    short = Path(tempfile.mkdtemp(prefix="nginx-"))  # a unix socket's path must be short
    fake = FakeAfricasTalking().start()
    web_port, https_port, http_port = free_port(), free_port(), free_port()
    production = filled_example(
        folder,
        database_url,
        WEB_BIND=f"127.0.0.1:{web_port}",
        WEB_CONCURRENCY="2",
        WEBHOOK_SECRET=SECRET,
        SECRET_KEY="session-key-for-the-nginx-test",
        AT_USERNAME="sandbox",
        AT_API_KEY="nginx-test-key",
        AT_API_URL=fake.url,
        AT_SENDER_ID="MAKETE DC",  # a value with a space, as systemd and the wrapper read it
        QUIET_HOURS="",  # the acknowledgement goes whatever the hour the test runs
    )
    env = service_environment(UNITS[0], production)
    env["NOTIFY_SOCKET"] = str(short / "notify")
    notify = _ready_socket(short)
    web = subprocess.Popen(
        command_line(UNITS[0], env),
        cwd=ROOT,  # WorkingDirectory=
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    proxy: subprocess.Popen[str] | None = None
    try:
        try:
            told = notify.recv(1024).decode()
        except TimeoutError:
            pytest.fail(f"gunicorn never told systemd it was ready: {_stop(web)}")
        assert "READY=1" in told  # Type=notify: `systemctl start` waits for this
        (folder / "acme").mkdir()
        _self_signed(folder / "ssl")
        main = _site_config(folder, web_port, https_port, http_port)
        tested = subprocess.run(
            [NGINX, "-t", "-c", str(main), "-e", str(folder / "error.log")],
            capture_output=True,
            text=True,
        )
        assert tested.returncode == 0, tested.stderr
        proxy = subprocess.Popen(
            [NGINX, "-c", str(main), "-e", str(folder / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        https = f"https://127.0.0.1:{https_port}"
        certificate = folder / "ssl" / "fullchain.pem"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{https}/healthz", verify=certificate, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or proxy.poll() is not None or web.poll() is not None:
                pytest.fail(f"no answer through nginx: {_stop(proxy)} {_stop(web)}")
            time.sleep(0.1)
        yield Site(
            https=https,
            http=f"http://127.0.0.1:{http_port}",
            certificate=certificate,
            env_file=production,
            workers=_workers_of(web.pid),
            access_log=folder / "makete-gateway.access.log",
            africas_talking=fake,
            gunicorn=f"http://127.0.0.1:{web_port}",
        )
    finally:
        if proxy is not None:
            _stop(proxy)
        _stop(web)
        notify.close()
        shutil.rmtree(short, ignore_errors=True)
        fake.stop()


def _stop(process: subprocess.Popen[str]) -> str:
    """Stop a child, and what it said on stderr."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # gunicorn's and nginx's quick stop
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.stderr.read() if process.stderr else ""


def ussd(site: Site, typed: str, key: str | None = SECRET, **extra: str) -> requests.Response:
    """One USSD step as Africa's Talking posts it to the callback URL in its dashboard."""
    return requests.post(
        f"{site.https}/ussd",
        params={"key": key} if key else None,
        data={
            "sessionId": "ATUid_nginx",
            "serviceCode": "*152*25#",
            "phoneNumber": "+255754300001",
            "networkCode": "64004",
            "text": typed,
            **extra,
        },
        verify=site.certificate,
        timeout=30,
    )


def wrapper(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    """deploy/makete-gateway as an operator runs it (`sudo makete-gateway ...`)."""
    env = {
        **os.environ,
        "MAKETE_ENV_FILE": str(site.env_file),
        "MAKETE_APP_DIR": str(ROOT),
        "MAKETE_USER": pwd.getpwuid(os.geteuid()).pw_name,
    }
    return subprocess.run(
        ["sh", str(DEPLOY / "makete-gateway"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@needs_nginx
def test_https_serves_the_gateway_with_the_workers_the_environment_asks(site: Site) -> None:
    answer = requests.get(f"{site.https}/healthz", verify=site.certificate, timeout=10)
    assert (answer.status_code, answer.text) == (200, "ok\n")
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert site.workers == 2  # WEB_CONCURRENCY=2 from the environment file
    plain = requests.get(f"{site.http}/console/login", allow_redirects=False, timeout=10)
    assert plain.status_code == 301  # nothing is served in the clear...
    assert plain.headers["Location"].startswith("https://")  # ...it moves to HTTPS


@needs_nginx
def test_the_first_complaint_goes_through_nginx_from_dial_to_delivered(site: Site) -> None:
    description = "Bomba la maji limevunjika tangu Jumatatu"
    answers = ["", "1", "1*5", "1*5*iwa", f"1*5*iwa*{description}", f"1*5*iwa*{description}*2"]
    for text_so_far in answers:
        assert ussd(site, text_so_far).text.startswith("CON "), text_so_far
    done = ussd(site, f"{answers[-1]}*1")
    assert done.text.startswith("END ") and "Namba ya kumbukumbu" in done.text
    ended = requests.post(
        f"{site.https}/ussd/events",
        params={"key": SECRET},
        data={
            "sessionId": "ATUid_nginx",
            "serviceCode": "*152*25#",
            "phoneNumber": "+255754300001",
            "date": "2026-11-25 08:00:00",
            "status": "Success",
        },
        verify=site.certificate,
        timeout=30,
    )
    assert ended.status_code == 200
    sent = wrapper(site, "sms", "dispatch")  # the scheduler's work, once, by hand
    assert sent.returncode == 0 and sent.stdout.startswith("sent 1,"), sent.stdout + sent.stderr
    assert site.africas_talking.requests[-1].form["from"] == "MAKETE DC"  # the file's sender ID
    report = requests.post(
        f"{site.https}/sms/delivery",
        params={"key": SECRET},
        data={"id": _last_message_id(site), "status": "Success", "phoneNumber": "+255754300001"},
        verify=site.certificate,
        timeout=30,
    )
    assert (report.status_code, report.text) == (200, "ok\n")
    incoming = requests.post(
        f"{site.https}/sms/incoming",
        params={"key": SECRET},
        data={
            "from": "+255754300002",
            "to": "15025",
            "id": "ATSMS_nginx_1",
            "text": "LALAMIKO taa",
        },
        verify=site.certificate,
        timeout=30,
    )
    assert (incoming.status_code, incoming.text) == (200, "ok\n")
    assert SECRET not in site.access_log.read_text()  # nginx logged the paths, not the key
    assert 'POST /ussd HTTP/1.1" 200' in site.access_log.read_text()


def _last_message_id(site: Site) -> str:
    engine = make_engine(env_file(site.env_file)["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT provider_message_id, status FROM outbox ORDER BY id DESC LIMIT 1")
            ).one()
    finally:
        engine.dispose()
    assert row[1] == "sent"
    return str(row[0])


@needs_nginx
def test_metrics_answer_gunicorn_asked_on_the_server_and_never_through_nginx(site: Site) -> None:
    through = requests.get(f"{site.https}/metrics", verify=site.certificate, timeout=10)
    assert through.status_code == 403  # nginx on the same machine: the internet's way in
    assert "gateway_" not in through.text
    direct = requests.get(f"{site.gunicorn}/metrics", timeout=10)
    assert direct.status_code == 200 and "gateway_database_up 1.0" in direct.text


@needs_nginx
def test_a_callback_without_the_key_is_refused(site: Site) -> None:
    assert ussd(site, "", key=None).status_code == 403
    assert ussd(site, "", key="wrong").status_code == 403


@needs_nginx
def test_nginx_refuses_an_oversized_callback_before_the_gateway_sees_it(site: Site) -> None:
    # 100 KB: more than the site's 16 KB for a callback, less than the gateway's own 256 KB,
    # so only nginx can refuse it.
    answer = ussd(site, "", comment="x" * 100_000)
    assert answer.status_code == 413 and "nginx" in answer.text
    deadline = time.monotonic() + 10  # nginx logs it once it has read away the rest of the body
    while not (refused := [line for line in _log(site) if '" 413 ' in line]):
        assert time.monotonic() < deadline, "nginx never logged its 413"
        time.sleep(0.05)
    assert all(line.endswith(" -") for line in refused)  # no web server was asked


def _log(site: Site) -> list[str]:
    return site.access_log.read_text().splitlines()


@needs_nginx
def test_the_console_cookie_is_secure_through_nginx(site: Site) -> None:
    added = wrapper(
        site,
        *("officers", "add", "--name", "Dawati", "--phone", DESK, "--role", "desk"),
        *("--pin", "4821", "--password", PASSWORD),
    )
    assert added.returncode == 0, added.stdout + added.stderr
    browser = requests.Session()
    browser.trust_env = False  # a CA bundle named in the environment would replace ours
    browser.verify = str(site.certificate)
    page = browser.get(f"{site.https}/console/login", timeout=30)
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    login = browser.post(
        f"{site.https}/console/login",
        data={"phone": DESK, "password": PASSWORD, "csrf_token": csrf},
        allow_redirects=False,
        timeout=30,
    )
    assert login.status_code == 302
    cookie = login.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie  # X-Forwarded-Proto reached the app
    assert browser.get(f"{site.https}/console/", timeout=30).status_code == 200
