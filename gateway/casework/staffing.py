"""The desk's changes to officers (the console's officers page, and the CLI), with what follows
from each for the casework: the items nobody owned that the routing rule now gives them, and
the officer told by SMS of a PIN or password the gateway gave them.

The details and the rules are `gateway.people`'s (officers, officer_changes); this room adds
the items and the SMS. A PIN or password the gateway gives is shown once to whoever gave it and
sent to the officer: the outbox keeps it only until the SMS is sent (`text_after_sending`), and
a newer one takes back an older one still waiting to go, so the officer never receives a PIN
that no longer works after the one that does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from gateway.casework.unowned import claim_unowned
from gateway.messaging.outbox import queue_sms, withdraw_unsent
from gateway.people.officer_changes import (
    edit_officer,
    enable_officer,
    set_password,
    set_pin,
)
from gateway.people.officers import (
    NewOfficer,
    OfficerDetails,
    add_officer,
    new_password,
    new_pin,
)
from gateway.runtime import Gateway
from store.models import Officer
from words import notices

PIN_SMS = "officer_pin"  # the outbox's purposes for an SMS carrying a secret
PASSWORD_SMS = "officer_password"
REACH = ("role", "department", "ward")  # the details the routing rule reads


@dataclass(frozen=True)
class Registered:
    """An officer just registered, and the items that are now theirs."""

    officer: Officer
    taken: int


def register(
    session: Session,
    gateway: Gateway,
    new: NewOfficer,
    now: datetime,
    by: Officer | None = None,
    tell: bool = False,
) -> Registered:
    """Register an officer; with `tell`, their PIN (and password) go to them by SMS (the
    console's, which the gateway gave: `new_pin`, `new_password`). The unowned items of their
    reach become theirs."""
    officer = add_officer(session, gateway.charter, new, now, by)
    if tell:
        _send_pin(session, gateway, officer, new.pin, now, welcome=True)
        if new.password is not None:
            _send_password(session, gateway, officer, new.password, now)
    return Registered(officer, claim_unowned(session, gateway, officer, now))


def change(
    session: Session,
    gateway: Gateway,
    officer: Officer,
    details: OfficerDetails,
    now: datetime,
    by: Officer | None,
) -> tuple[dict[str, list[object]], int]:
    """Store an officer's new details; what changed, and how many unowned items their new
    reach gave them."""
    changes = edit_officer(session, gateway.charter, officer, details, now, by)
    reach_changed = any(field in changes for field in REACH)
    taken = claim_unowned(session, gateway, officer, now) if reach_changed else 0
    return changes, taken


def enable(
    session: Session, gateway: Gateway, officer: Officer, now: datetime, by: Officer | None
) -> int | None:
    """Let a disabled officer act again; how many unowned items became theirs (None: they
    were active already)."""
    if not enable_officer(session, officer, now, by):
        return None
    return claim_unowned(session, gateway, officer, now)


def give_pin(
    session: Session, gateway: Gateway, officer: Officer, now: datetime, by: Officer | None
) -> str:
    """A new SMS PIN for the officer, sent to them by SMS; the PIN, to show once."""
    pin = new_pin()
    set_pin(session, officer, pin, now, by)
    _send_pin(session, gateway, officer, pin, now, welcome=False)
    return pin


def give_password(
    session: Session, gateway: Gateway, officer: Officer, now: datetime, by: Officer | None
) -> str:
    """A new console password for the officer, sent to them by SMS; it, to show once."""
    password = new_password()
    set_password(session, officer, password, now, by)
    _send_password(session, gateway, officer, password, now)
    return password


def _send_pin(
    session: Session, gateway: Gateway, officer: Officer, pin: str, now: datetime, welcome: bool
) -> None:
    council, language = gateway.charter.short_name, officer.language

    def words(secret: str) -> str:
        if welcome:
            return notices.officer_welcome(
                language, council, officer.role, _short(gateway, officer), officer.ward, secret
            )
        return notices.officer_new_pin(language, council, secret)

    _send_secret(session, officer, PIN_SMS, words(pin), words(notices.SECRET_MASK), now)


def _send_password(
    session: Session, gateway: Gateway, officer: Officer, password: str, now: datetime
) -> None:
    council, language = gateway.charter.short_name, officer.language
    told = notices.officer_new_password(language, council, password)
    masked = notices.officer_new_password(language, council, notices.SECRET_MASK)
    _send_secret(session, officer, PASSWORD_SMS, told, masked, now)


def _send_secret(
    session: Session, officer: Officer, purpose: str, text: str, masked: str, now: datetime
) -> None:
    """The SMS at once (the desk may be on the phone with the officer), any older one of the
    same kind still waiting taken back, the secret masked in the outbox once it has gone."""
    withdraw_unsent(session, phone=officer.phone, purpose=purpose, reason="replaced by a newer one")
    queue_sms(
        session,
        phone=officer.phone,
        text=text,
        purpose=purpose,
        now=now,
        text_after_sending=masked,
    )


def _short(gateway: Gateway, officer: Officer) -> str | None:
    """The officer's department's short name, as their SMS names it."""
    if officer.department is None:
        return None
    try:
        return gateway.charter.department(officer.department).short
    except KeyError:
        return None
