"""Council officers: what may be stored about one (one rule, which the console's form and the
CLI both use), registering them, and checking the PIN they put in every SMS command.

Changing an officer afterwards (editing, disabling, new PINs and passwords) is in
`officer_changes`; each change is a line of the audit (`officer_audit`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from charter.model import Charter
from gateway.people.officer_audit import record_change
from gateway.people.phones import normalise_phone
from store.models import Officer

# officer: a department's items; head: approves extensions, first escalation; desk: the complaints
# desk; ded: appeals; weo: a ward's executive officer, told of every item in the ward.
ROLES = ("officer", "head", "desk", "ded", "weo")
DEPARTMENT_ROLES = ("officer", "head")  # the roles that belong to a department
LANGUAGES = ("sw", "en")  # the SMS an officer gets
NAME_MAX = 64
PIN_DIGITS = (4, 6)  # a PIN typed at the CLI; the gateway gives PIN_GIVEN digits
PIN_GIVEN = 5
PASSWORD_MIN = 8
# A password the gateway gives: letters and digits nobody misreads on a phone's screen (no 0/o,
# 1/l/i), all plain GSM-7, in two groups of five: about 50 bits, behind the login's throttles.
PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_GROUPS = (5, 5)
MAX_WRONG_PINS = 5  # then the phone is locked for a while: a PIN has only 10^4-10^6 values
LOCK_FOR = timedelta(minutes=30)  # the console's password lock, and the PIN's first
# Each lock in a row (no right PIN between) lasts longer: 30 minutes, then 4 hours, then until
# the desk unlocks the phone (the console's officers page, or `flask --app app officers unlock
# PHONE`). Five guesses per 30 minutes for ever would be 240 a day, and a 4-digit PIN would
# fall in about three weeks; this way a guesser gets 15 tries before a person must look.
PIN_LOCKS = (LOCK_FOR, timedelta(hours=4))
UNTIL_UNLOCKED = datetime(9999, 1, 1, tzinfo=UTC)  # locked until the desk unlocks it

# What each problem means, in English, as the CLI says it (the console says it in Swahili and
# English from its own texts, by the same codes). {value} is what was typed.
PROBLEMS = {
    "name": f"--name must be 1 to {NAME_MAX} characters",
    "phone": "--phone {value!r} is not a Tanzanian phone number",
    "phone_taken": "an officer with phone {value} is already registered",
    "role": f"--role must be one of {', '.join(ROLES)}",
    "department_needed": "a {role} needs --department",
    "department_unknown": "--department {value!r} is not in the charter",
    "department_weo": "a weo covers a ward, not a department: leave out --department",
    "ward_needed": "a weo needs --ward",
    "ward_unknown": "--ward {value!r} is not in the charter",
    "language": f"--language must be one of {', '.join(LANGUAGES)}",
    "pin": f"--pin must be {PIN_DIGITS[0]} to {PIN_DIGITS[1]} digits",
    "password": f"--password must be at least {PASSWORD_MIN} characters",
    "not_found": "no officer has phone {value}",
    "self": "an officer cannot disable themselves, nor take away their own desk role",
    "last_desk": "this is the last complaints desk officer: register another desk first",
}


class OfficerError(ValueError):
    """Details that cannot be stored, or a change refused: `problems` maps each field (or
    "officer", for a refused change) to a code of PROBLEMS; str() says them in English."""

    def __init__(self, problems: dict[str, str], typed: dict[str, str] | None = None) -> None:
        typed = typed or {}
        said = [
            PROBLEMS[code].format(value=typed.get(field, ""), role=typed.get("role", ""))
            for field, code in problems.items()
        ]
        super().__init__("; ".join(said))
        self.problems = problems


@dataclass(frozen=True)
class OfficerDetails:
    """What the council records about an officer, apart from their PIN and password."""

    name: str
    phone: str
    role: str
    department: str | None = None
    ward: str | None = None
    language: str = "sw"


@dataclass(frozen=True)
class NewOfficer:
    """What the council registers about an officer: typed at the CLI, or with a PIN (and
    password) the gateway gave (`new_pin`, `new_password`) in the console."""

    name: str
    phone: str
    role: str
    pin: str
    department: str | None = None
    ward: str | None = None
    password: str | None = None
    language: str = "sw"

    def details(self) -> OfficerDetails:
        """The officer's details without the secrets."""
        return OfficerDetails(
            self.name, self.phone, self.role, self.department, self.ward, self.language
        )


def checked_details(
    session: Session, charter: Charter, details: OfficerDetails, officer_id: int | None = None
) -> OfficerDetails:
    """The details as stored (name tidied, phone in E.164, no department where the role has
    none), or OfficerError naming every field that is wrong. `officer_id` is the officer being
    edited, whose own phone is not "taken"."""
    problems: dict[str, str] = {}
    name = " ".join(details.name.split())
    if not 1 <= len(name) <= NAME_MAX:
        problems["name"] = "name"
    phone = details.phone
    try:
        phone = normalise_phone(details.phone)
        if not phone.startswith("+255"):
            raise ValueError("not Tanzanian")
    except ValueError:
        problems["phone"] = "phone"
    else:
        holder = session.scalar(select(Officer.id).where(Officer.phone == phone))
        if holder is not None and holder != officer_id:
            problems["phone"] = "phone_taken"
    role = details.role
    if role not in ROLES:
        problems["role"] = "role"
    department = details.department or None
    if department is not None and department not in {d.slug for d in charter.departments}:
        problems["department"] = "department_unknown"
    elif role in DEPARTMENT_ROLES and department is None:
        problems["department"] = "department_needed"
    elif role == "weo" and department is not None:
        problems["department"] = "department_weo"
    ward = details.ward or None
    if ward is not None and ward not in charter.wards:
        problems["ward"] = "ward_unknown"
    elif role == "weo" and ward is None:
        problems["ward"] = "ward_needed"
    if details.language not in LANGUAGES:
        problems["language"] = "language"
    if problems:
        raise OfficerError(problems, {**details.__dict__, "phone": phone})
    return OfficerDetails(
        name=name,
        phone=phone,
        role=role,
        department=department if role in DEPARTMENT_ROLES else None,
        ward=ward,
        language=details.language,
    )


def check_secrets(pin: str | None, password: str | None) -> None:
    """OfficerError unless a typed PIN is 4 to 6 digits and a typed password 8 characters or
    more (the gateway's own are always right)."""
    problems = {}
    if pin is not None and not (pin.isdigit() and PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]):
        problems["pin"] = "pin"
    if password is not None and len(password) < PASSWORD_MIN:
        problems["password"] = "password"
    if problems:
        raise OfficerError(problems)


def new_pin() -> str:
    """A PIN for an officer, from the system's secure random source (leading zeros allowed)."""
    return "".join(secrets.choice("0123456789") for _ in range(PIN_GIVEN))


def new_password() -> str:
    """A console password for an officer: two groups of five plain letters and digits."""
    groups = ("".join(secrets.choice(PASSWORD_LETTERS) for _ in range(n)) for n in PASSWORD_GROUPS)
    return "-".join(groups)


def add_officer(
    session: Session, charter: Charter, new: NewOfficer, now: datetime, by: Officer | None = None
) -> Officer:
    """Register an officer, with the PIN (and password) hashed and the phone normalised; a
    line of the audit says who did it (`by`; None: the command line)."""
    details = checked_details(session, charter, new.details())
    check_secrets(new.pin, new.password)
    officer = Officer(
        name=details.name,
        phone=details.phone,
        role=details.role,
        department=details.department,
        ward=details.ward,
        pin_hash=generate_password_hash(new.pin),
        password_hash=generate_password_hash(new.password) if new.password else None,
        language=details.language,
        active=True,
        failed_pins=0,
        pin_locks=0,
        created_at=now,
    )
    session.add(officer)
    session.flush()
    record_change(
        session,
        officer,
        "added",
        now,
        by,
        role=details.role,
        department=details.department,
        ward=details.ward,
        password=new.password is not None,
    )
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


def officer_with_phone(session: Session, phone: str) -> Officer:
    """The officer registered with this phone, active or not; OfficerError if there is none."""
    try:
        number = normalise_phone(phone)
    except ValueError:
        raise OfficerError({"phone": "phone"}, {"phone": phone}) from None
    officer = session.scalar(select(Officer).where(Officer.phone == number))
    if officer is None:
        raise OfficerError({"phone": "not_found"}, {"phone": number})
    return officer


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
