"""Council officers: registering them, and checking the PIN they put in every SMS command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from charter.model import Charter
from gateway.people import login_guard
from gateway.people.phones import normalise_phone
from store.models import Officer

# officer: a department's items; head: approves extensions, first escalation; desk: the complaints
# desk; ded: appeals; weo: a ward's executive officer, told of every item in the ward.
ROLES = ("officer", "head", "desk", "ded", "weo")
MAX_WRONG_PINS = 5  # then the phone is locked for a while: a PIN has only 10^4-10^6 values
LOCK_FOR = timedelta(minutes=30)  # the console's password lock, and the PIN's first
# Each lock in a row (no right PIN between) lasts longer: 30 minutes, then 4 hours, then until
# the desk unlocks the phone (`flask --app app officers unlock PHONE`). Five guesses per 30
# minutes for ever would be 240 a day, and a 4-digit PIN would fall in about three weeks; this
# way a guesser gets 15 tries before a person must look.
PIN_LOCKS = (LOCK_FOR, timedelta(hours=4))
UNTIL_UNLOCKED = datetime(9999, 1, 1, tzinfo=UTC)  # locked until the desk unlocks it


class OfficerError(ValueError):
    """An officer's details that cannot be stored; the message says which."""


@dataclass(frozen=True)
class NewOfficer:
    """What the council registers about an officer."""

    name: str
    phone: str
    role: str
    pin: str
    department: str | None = None
    ward: str | None = None
    password: str | None = None


def add_officer(session: Session, charter: Charter, new: NewOfficer, now: datetime) -> Officer:
    """Register an officer, with the PIN (and password) hashed and the phone normalised."""
    try:
        phone = normalise_phone(new.phone)
    except ValueError:
        raise OfficerError(f"--phone {new.phone!r} is not a valid phone number") from None
    if new.role not in ROLES:
        raise OfficerError(f"--role must be one of {', '.join(ROLES)}")
    if new.role in ("officer", "head") and not new.department:
        raise OfficerError(f"a {new.role} needs --department")
    if new.role == "weo" and not new.ward:
        raise OfficerError("a weo needs --ward")
    if new.role == "weo" and new.department:
        raise OfficerError("a weo covers a ward, not a department: leave out --department")
    if new.department and new.department not in {d.slug for d in charter.departments}:
        raise OfficerError(f"--department {new.department!r} is not in the charter")
    if new.ward and new.ward not in charter.wards:
        raise OfficerError(f"--ward {new.ward!r} is not in the charter")
    if not (new.pin.isdigit() and 4 <= len(new.pin) <= 6):
        raise OfficerError("--pin must be 4 to 6 digits")
    if new.password is not None and len(new.password) < 8:
        raise OfficerError("--password must be at least 8 characters")
    if session.scalar(select(Officer.id).where(Officer.phone == phone)) is not None:
        raise OfficerError(f"an officer with phone {phone} is already registered")
    officer = Officer(
        name=new.name.strip()[:64],
        phone=phone,
        role=new.role,
        department=new.department if new.role in ("officer", "head") else None,
        ward=new.ward,
        pin_hash=generate_password_hash(new.pin),
        password_hash=generate_password_hash(new.password) if new.password else None,
        language="sw",
        active=True,
        failed_pins=0,
        created_at=now,
    )
    session.add(officer)
    session.flush()
    return officer


def officer_by_phone(session: Session, phone: str, lock: bool = False) -> Officer | None:
    """The active officer registered with this phone, if any.

    `lock` holds the officer's row until the transaction ends: whoever checks a PIN or password
    does, so guesses sent in parallel are counted one after another and the lock-out holds. On
    PostgreSQL it is FOR NO KEY UPDATE: it waits for other PIN checks, but not for the foreign-key
    checks of rows that name the officer (an item's officer_id), which would otherwise deadlock
    two officers acting on one item at once (each holding their own row, waiting for the item).
    """
    query = select(Officer).where(Officer.phone == phone, Officer.active.is_(True))
    if lock:
        query = query.with_for_update(key_share=True).execution_options(populate_existing=True)
    return session.scalar(query)


def check_pin(officer: Officer, pin: str | None, now: datetime) -> str | None:
    """None when the PIN is right; else why not, counting failures: "wrong_pin"; the lock this
    guess began ("locked", "locked_hours" or "locked_desk": told once); or "still_locked"
    (a guess while locked: nothing is checked, and the officer is not told again)."""
    if officer.locked_until is not None and officer.locked_until > now:
        return "still_locked"
    if pin and check_password_hash(officer.pin_hash, pin):
        officer.failed_pins = 0
        officer.pin_locks = 0
        officer.locked_until = None
        return None
    officer.failed_pins += 1
    if officer.failed_pins < MAX_WRONG_PINS:
        return "wrong_pin"
    officer.failed_pins = 0
    officer.pin_locks = (officer.pin_locks or 0) + 1
    if officer.pin_locks > len(PIN_LOCKS):
        officer.locked_until = UNTIL_UNLOCKED
        return "locked_desk"
    officer.locked_until = now + PIN_LOCKS[officer.pin_locks - 1]
    return "locked" if officer.pin_locks == 1 else "locked_hours"


def unlock_officer(session: Session, phone: str) -> Officer:
    """Lift an officer's PIN lock and the console's locks on their phone (the desk, once it
    has spoken to them)."""
    officer = _officer_with_phone(session, phone)
    officer.failed_pins, officer.pin_locks, officer.locked_until = 0, 0, None
    login_guard.forgive(session, officer.phone)
    return officer


def enable_officer(session: Session, phone: str) -> Officer:
    """Let a disabled officer act again; OfficerError if there is none."""
    officer = _officer_with_phone(session, phone)
    officer.active = True
    return officer


def _officer_with_phone(session: Session, phone: str) -> Officer:
    """The officer registered with this phone, active or not; OfficerError if there is none."""
    try:
        number = normalise_phone(phone)
    except ValueError:
        raise OfficerError(f"{phone!r} is not a valid phone number") from None
    officer = session.scalar(select(Officer).where(Officer.phone == number))
    if officer is None:
        raise OfficerError(f"no officer has phone {number}")
    return officer


def disable_officer(session: Session, phone: str) -> Officer:
    """Stop an officer acting (kept for the record); OfficerError if there is none."""
    officer = _officer_with_phone(session, phone)
    officer.active = False
    return officer
