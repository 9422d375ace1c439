"""Helpers the console tests share: officers, items inserted as stored, logging in."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from charter.calendar import EAT
from charter.reference import make_reference
from gateway.people.officers import NewOfficer, add_officer
from gateway.runtime import Gateway
from store.models import Complaint, Officer

PASSWORD = "siri-ya-afisa-2026"
WATER_OFFICER = "+255713000001"
HEALTH_OFFICER = "+255713000002"
WATER_HEAD = "+255713000003"
DESK = "+255713000004"
DED = "+255713000005"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def eat(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An East Africa Time wall-clock moment, as the aware UTC datetime the store keeps."""
    return datetime(year, month, day, hour, minute, tzinfo=EAT).astimezone(UTC)


def add_officers(session: Session, gateway: Gateway, now: datetime) -> dict[str, Officer]:
    """A water officer, a health officer, the water head, the desk and the DED."""
    people = {
        "water": NewOfficer("Asha Mwakyusa", WATER_OFFICER, "officer", "1234", "maji", None),
        "health": NewOfficer("Juma Sanga", HEALTH_OFFICER, "officer", "1234", "afya", None),
        "head": NewOfficer("Neema Kyando", WATER_HEAD, "head", "1234", "maji", None),
        "desk": NewOfficer("Dawati Makete", DESK, "desk", "1234"),
        "ded": NewOfficer("Mkurugenzi", DED, "ded", "1234"),
    }
    return {
        key: add_officer(
            session,
            gateway.charter,
            NewOfficer(new.name, new.phone, new.role, new.pin, new.department, new.ward, PASSWORD),
            now,
        )
        for key, new in people.items()
    }


_drawn: set[int] = set()  # reference bodies this test process has given out


def fresh_reference() -> str:
    """A random reference not given out before in this process: 560 items drawn at random from
    nine million collide about once in sixty runs, and the store refuses a reference twice."""
    body = 1_000_000 + secrets.randbelow(9_000_000)
    while body in _drawn:
        body = 1_000_000 + secrets.randbelow(9_000_000)
    _drawn.add(body)
    return make_reference(body)


def make_item(session: Session, **fields: Any) -> Complaint:
    """An item stored exactly as given (no routing, no SMS), with plain defaults."""
    values: dict[str, Any] = {
        "reference": fresh_reference(),
        "kind": "lalamiko",
        "department": "maji",
        "ward": "Iwawa",
        "description": "Bomba la maji limevunjika",
        "citizen_name": None,
        "phone": None,
        "anonymous": False,
        "channel": "ussd",
        "language": "sw",
        "status": "received",
        "paused_seconds": 0,
        "extension_days": 0,
        "escalation_level": 0,
        "alarms_done": "",
    }
    values.update(fields)
    complaint = Complaint(**values)
    session.add(complaint)
    session.flush()
    return complaint


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    match = CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def log_in(
    client: FlaskClient, phone: str, password: str = PASSWORD, address: str = "127.0.0.1"
) -> Any:
    """Log in through the real form (CSRF token included), from `address`; the response."""
    where = {"REMOTE_ADDR": address}
    page = client.get("/console/login", environ_base=where)
    return client.post(
        "/console/login",
        data={"phone": phone, "password": password, "csrf_token": csrf_of(page.text)},
        environ_base=where,
    )


def token(client: FlaskClient, path: str = "/console/") -> str:
    """The logged-in session's CSRF token, read from a page like a browser would."""
    return csrf_of(client.get(path).text)


CONFIRM = re.compile(r'name="confirm" value="([0-9a-f]{16})"')


def confirmed(client: FlaskClient, url: str, data: dict[str, str], **options: Any) -> Any:
    """An action that cannot be undone, as an officer takes it: the first press shows the SMS
    the citizen will receive and does nothing; the confirm button on that page sends it."""
    shown = client.post(url, data=data)
    assert shown.status_code == 200, shown.text
    match = CONFIRM.search(shown.text)
    assert match, "no confirmation step on the page"
    return client.post(url, data={**data, "confirm": match.group(1)}, **options)
