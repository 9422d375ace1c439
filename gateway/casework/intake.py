"""Filing an item: the complaint, its first record and its acknowledgement SMS, together."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from charter.model import Charter
from charter.reference import make_reference
from gateway.casework.routing import candidates, record_routing, ward_answers
from gateway.lifecycle.dues import schedule_next_alarm, set_due_dates
from gateway.lifecycle.events import line
from gateway.lifecycle.statuses import RECEIVED
from gateway.messaging.notify import local_date
from gateway.messaging.outbox import outgoing
from gateway.people.quotas import FILINGS_LEFT, FILINGS_PER_DAY, filed_today, filings_share
from gateway.runtime import Gateway
from store.driver import run
from store.models import Complaint
from store.upsert import table_of
from words.catalogue import ack_sms


@dataclass(frozen=True)
class NewItem:
    """What a citizen (or the desk on their behalf) files."""

    kind: str
    department: str | None
    ward: str | None
    description: str
    citizen_name: str | None
    anonymous: bool
    language: str
    channel: str  # ussd, sms, desk
    phone: str | None
    client_group: str = "umma"  # the charter's client group; the public by USSD and SMS
    service: str | None = None  # a key service's delay: the service's slug
    application_number: str | None = None  # ... and the citizen's application number, if any
    applied_on: date | None = None  # ... and the day they applied: the service's clock starts
    appointment_with: str | None = None  # an appointment: "officer" or "head"
    preferred_days: tuple[date, ...] = ()  # ... and the working days the citizen prefers
    about_reference: str | None = None  # a call-back about an item the citizen already has


class ShareUsed(Exception):
    """The phone has filed its day's share of items (`FILINGS_PER_DAY`): nothing was filed."""


def file_item(
    session: Session,
    gateway: Gateway,
    item: NewItem,
    now: datetime,
    sms_blocked: bool = False,
    within_share: bool = False,
) -> Complaint:
    """Store a new item with its deadlines and record, route it, queue its acknowledgement:
    `plan_filing` and `write_filing` together, for a caller with nothing to gain by working
    the item out before its transaction."""
    filing = plan_filing(gateway, item, now)
    return write_filing(session, gateway, filing, now, sms_blocked, within_share)


@dataclass(frozen=True)
class Filing:
    """An item worked out and not yet written (`plan_filing`): its row, with the charter's
    deadlines and its first alarm, and the citizen's acknowledgement. Nothing in it
    reads the database, so a filing can work it out before its transaction begins: on SQLite
    the one writer's turn is then held for the statements alone. Written once."""

    item: NewItem
    complaint: Complaint  # the value written (never attached to a session); its id once written
    acknowledgement: str | None  # the citizen's SMS, for an item with a phone


def plan_filing(gateway: Gateway, item: NewItem, now: datetime) -> Filing:
    """Work out a new item: its reference, deadlines (the charter's one rule) and first alarm,
    and its acknowledgement. The officer is chosen as it is written (`write_filing`)."""
    complaint = Complaint(
        reference=_new_reference(),
        kind=item.kind,
        department=item.department,
        ward=item.ward,
        description=item.description,
        citizen_name=None if item.anonymous else item.citizen_name,
        phone=item.phone,
        anonymous=item.anonymous,
        channel=item.channel,
        language=item.language,
        status=RECEIVED,
        received_at=now,
        filed_department=item.department,
        officer_id=None,
        alarms_done="",
        escalation_level=0,
        paused_seconds=0,
        extension_days=0,
        client_group=item.client_group,
        service=item.service,
        application_number=item.application_number,
        applied_on=item.applied_on,
        appointment_with=item.appointment_with,
        preferred_days=" ".join(day.isoformat() for day in item.preferred_days) or None,
        about_reference=item.about_reference,
    )
    set_due_dates(gateway, complaint)
    schedule_next_alarm(gateway, complaint)
    ack = acknowledgement(gateway.charter, complaint) if item.phone else None
    return Filing(item, complaint, ack)


def write_filing(
    session: Session,
    gateway: Gateway,
    filing: Filing,
    now: datetime,
    sms_blocked: bool = False,
    within_share: bool = False,
) -> Complaint:
    """Write a planned item: route it, INSERT it, add its record, queue its SMS.

    The officer is chosen before the item is written, so it is one INSERT. With
    `within_share` (a citizen filing from their phone, whose row the caller has locked with
    `lock_phone`), the INSERT itself counts the phone's items filed today and writes nothing
    past the day's share: ShareUsed, and nothing else is written either.
    The item returned is a value (not attached to the session): to change it later, load it.
    """
    item, complaint = filing.item, filing.complaint
    found = candidates(session, item.department, item.ward)
    officer = found.responsible(ward_answers(gateway, item.kind))
    complaint.officer_id = officer.id if officer else None
    # One Core INSERT (a filing is on the USSD hot path): the object is not added to the
    # session; it is the value the notices below (and the caller) read.
    values: dict[str, object] = {column.key: getattr(complaint, column.key) for column in _INSERTED}
    counted = within_share and item.phone is not None
    if counted:
        assert item.phone is not None
        values.update(filings_share(item.phone, now))
    statement = _file_statement(session.get_bind().dialect.name, counted)
    ack_text = filing.acknowledgement
    while (filed := _filed_id(run(session, statement, values, fetch=True))) is None:
        if counted and filed_today(session, item.phone or "", now) >= FILINGS_PER_DAY:
            raise ShareUsed(item.phone)
        # The reference was taken (1 in 9 million per item on file): draw again.
        complaint.reference = values["reference"] = _new_reference()
        ack_text = ack_text and acknowledgement(gateway.charter, complaint)
    complaint.id = filed
    received = line(
        complaint.id,
        "received",
        now,
        item.channel,
        kind=item.kind,
        department=item.department,
        ward=item.ward,
    )
    ack = None
    if item.phone and ack_text and not sms_blocked:
        ack = outgoing(
            phone=item.phone,
            text=ack_text,
            purpose="acknowledgement",
            now=now,
            complaint_id=complaint.id,
        )
    record_routing(
        session,
        gateway,
        complaint,
        officer,
        now,
        weo=found.weo,
        received=received,
        acknowledgement=ack,
    )
    return complaint


def service_name(charter: Charter, complaint: Complaint) -> str | None:
    """A late key service's name in the citizen's language ("Leseni ya biashara")."""
    if complaint.service is None:
        return None
    service = charter.key_service(complaint.service)
    return service.name_sw if complaint.language == "sw" else service.name_en


def acknowledgement(charter: Charter, complaint: Complaint) -> str:
    """The acknowledgement SMS for a stored item, in the citizen's language."""
    kind = charter.kind(complaint.kind)
    department = charter.department(complaint.department) if complaint.department else None
    due = complaint.answer_due_at
    return ack_sms(
        complaint.language,
        charter.short_name,
        kind.slug,
        kind.name_sw if complaint.language == "sw" else kind.name_en,
        complaint.reference,
        department.short if department else None,
        local_date(due),
        service_name(charter, complaint),
    )


_COMPLAINTS = table_of(Complaint)
_INSERTED = [column for column in _COMPLAINTS.columns if column.key != "id"]


@cache
def _file_statement(dialect: str, within_share: bool) -> ReturningInsert[int]:
    """INSERT the item unless its reference is taken (or, `within_share`, its phone has filed
    its day's share): its id, or no row (draw again, or tell the phone)."""
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(_COMPLAINTS)
    if within_share:
        # INSERT ... SELECT <the values> WHERE <the phone's day has room>: the count is part
        # of the filing's statement, run under the phone's lock, not a round trip of its own.
        row = select(*(bindparam(column.key, type_=column.type) for column in _INSERTED))
        insert = insert.from_select(_INSERTED, row.where(FILINGS_LEFT))
    return insert.on_conflict_do_nothing(index_elements=[_COMPLAINTS.c.reference]).returning(
        _COMPLAINTS.c.id
    )


def _filed_id(row: tuple[int] | None) -> int | None:
    """The id the filing's INSERT returned, or None: nothing was written."""
    return None if row is None else row[0]


def _new_reference() -> str:
    """A random 8-digit reference (random, so one citizen cannot guess another's); the INSERT
    finds out whether it is unused."""
    return make_reference(1_000_000 + secrets.randbelow(9_000_000))
