"""SQLAlchemy 2 typed models: the gateway's whole state lives in these tables."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so migrations can refer to them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in Python, naive UTC in the database (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store as naive UTC; refuse naive input so local time never sneaks in."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Read back as aware UTC."""
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Phone(Base):
    """What the gateway remembers about one citizen's phone number."""

    __tablename__ = "phones"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)  # E.164 with '+'
    language: Mapped[str] = mapped_column(String(2), default="sw")
    # The first 406 UserInBlacklist since the last SMS that reached the phone: an outage can
    # answer 406 for minutes, so one proves nothing.
    sms_refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when a second 406 came long after the first: SMS cannot reach this phone.
    sms_blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The phone answered "2" (not satisfied) about this item and was asked why: its next message
    # is the appeal's reason, until `awaiting_reason_until`; then the scheduler opens the appeal
    # without one (gateway/casework/satisfaction.py).
    awaiting_reason_for: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    awaiting_reason_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


# Items referred outside the council (a literal, so both databases match the partial index).
_REFERRED = text("referred_to IS NOT NULL")
# Items someone at the council still owes the citizen something on (gateway.lifecycle.statuses
# OPEN), as the worklist's query says it (gateway/web/console/queue.py: literal values).
_OPEN = text("status IN ('received', 'acknowledged', 'waiting', 'appealed', 'appeal_decided')")


class Complaint(Base):
    """One item of feedback: a complaint, suggestion, compliment or enquiry (see `kind`)."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(9), unique=True)  # digits, Damm check digit
    kind: Mapped[str] = mapped_column(String(16))  # a charter feedback kind slug
    department: Mapped[str | None] = mapped_column(String(32))  # None: the desk routes it
    # The department whose answer standard the item was filed under: a transfer later keeps the
    # date the citizen was given, and a holiday recomputes it by the same standard (0007).
    filed_department: Mapped[str | None] = mapped_column(String(32))
    ward: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text)
    citizen_name: Mapped[str | None] = mapped_column(String(64))
    # The officers' own words in the record (replies, questions, notes, decisions, reasons),
    # one after the other: a copy for the word search (store/search.py), appended by a trigger
    # on complaint_events, never written by the gateway itself (migration 0014).
    officer_notes: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(16))  # kept even when anonymous, never shown
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(8))  # ussd, sms, desk
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16))  # see gateway.statuses
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledge_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The charter's clock. Every change here is also an event, so the record can replay it.
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))  # responsible
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The role of the officer who acknowledged it (officer, head, desk, weo, ded), from their
    # record at the time: the report counts the ward front line's share.
    acknowledged_role: Mapped[str | None] = mapped_column(String(8))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # waiting on the citizen
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0)  # working time paused so far
    extension_days: Mapped[int] = mapped_column(Integer, default=0)  # approved extensions
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)  # 1 head, 2 the DED
    alarms_done: Mapped[str] = mapped_column(String(300), default="")  # space-separated kinds
    next_alarm_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the scheduler's due
    next_alarm: Mapped[str | None] = mapped_column(String(32))  # an alarm kind (charter.clock)
    satisfied: Mapped[bool | None] = mapped_column(Boolean)
    # Working days taken, fixed when it happened, so reports aggregate in SQL (medians, %).
    acknowledge_days: Mapped[float | None] = mapped_column(Float)
    resolve_days: Mapped[float | None] = mapped_column(Float)
    appeal_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    appeal_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    appeal_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The DED's decision, carried out by the department (migration 0009): by when, and when
    # the department reported it done (TEKELEZA).
    carry_out_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    carried_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who the client is (wateja wetu): a charter client group slug; "umma" for USSD and SMS.
    client_group: Mapped[str] = mapped_column(String(16), default="umma", server_default="umma")
    # A key service's delay (kind "huduma"): the service, the citizen's application number if
    # they have one, and the day they applied, from which the service's standard is counted.
    service: Mapped[str | None] = mapped_column(String(16))
    application_number: Mapped[str | None] = mapped_column(String(32))
    applied_on: Mapped[date | None] = mapped_column(Date)
    # ... and, when the citizen reported it only after that promise had passed, the promise
    # (already missed): the key service's line counts it a miss; the answer is owed from the
    # day reported (migration 0007).
    promised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # An appointment (kind "miadi"): whom the citizen asks to see ("officer" or "head"), their
    # preferred working days ("2026-12-03 2026-12-07"), the date and time an officer set, and
    # when the citizen is reminded (the working day before; cleared once sent or cancelled).
    appointment_with: Mapped[str | None] = mapped_column(String(8))
    preferred_days: Mapped[str | None] = mapped_column(String(40))
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    appointment_remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # A call-back (kind "simu") about an item the citizen already has: its reference.
    about_reference: Mapped[str | None] = mapped_column(String(9))
    # Referred to an institution outside the council (a charter `institutions` slug), and when:
    # the item is off the council's clock. An undone referral clears both; the record keeps it.
    referred_to: Mapped[str | None] = mapped_column(String(32))
    referred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_complaints_next_alarm_at", "next_alarm_at"),
        # The report's referrals per institution: a small index, since few items are referred.
        Index(
            "ix_complaints_referred",
            "received_at",
            "referred_to",
            "department",
            postgresql_where=_REFERRED,
            sqlite_where=_REFERRED,
        ),
        # The charter report reads a period's items from this index alone, never the table (an
        # index-only scan on PostgreSQL, a covering index on SQLite): received_at first, then
        # every column the report counts, groups or takes medians of.
        Index(
            "ix_complaints_report",
            "received_at",
            "department",
            "ward",
            "channel",
            "kind",
            "status",
            "acknowledge_due_at",
            "answer_due_at",
            "acknowledged_at",
            "resolved_at",
            "paused_at",
            "appeal_opened_at",
            "appeal_due_at",
            "appeal_decided_at",
            "satisfied",
            "acknowledge_days",
            "resolve_days",
            "acknowledged_role",  # who acknowledged: desk, WEO, officer, head (migration 0005)
            # Every standard's line and the client groups (gateway/reporting/standards.py).
            "service",
            "client_group",
            "promised_at",  # a key service reported after its promise: a miss (migration 0007)
        ),
        # The report's SMS figures find each message's item groups here, without the table.
        Index("ix_complaints_report_groups", "id", "department", "ward", "channel"),
        Index("ix_complaints_status_answer_due_at", "status", "answer_due_at"),
        Index("ix_complaints_phone", "phone"),
        # An officer's own items (ORODHA), and the items nobody has (officer_id NULL, or an
        # officer since disabled): the daily job finds none on a million items at once.
        Index("ix_complaints_officer_id_status", "officer_id", "status"),
        # The worklist (gateway/casework/worklist.py, the console's queue) reads the open items
        # from this index alone, never the table: a small index (open items only), with every
        # column the rule, the scope, the filters and the order read (migration 0015).
        Index(
            "ix_complaints_open_work",
            "status",
            "department",
            "ward",
            "kind",
            "channel",
            "officer_id",
            "acknowledged_at",
            "answer_due_at",
            "paused_at",
            "appeal_due_at",
            "appeal_decided_at",
            "carry_out_due_at",
            "received_at",
            "id",
            postgresql_where=_OPEN,
            sqlite_where=_OPEN,
        ),
    )


class Officer(Base):
    """A council officer who acts on items by SMS or in the console."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(16), unique=True)  # E.164
    role: Mapped[str] = mapped_column(String(8))  # officer, head, desk, ded, weo
    department: Mapped[str | None] = mapped_column(String(32))  # for officers and heads
    ward: Mapped[str | None] = mapped_column(String(64))  # an officer who covers one ward
    pin_hash: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))  # for the web console
    language: Mapped[str] = mapped_column(String(2), default="sw")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # SMS commands
    # Locks of the SMS commands in a row, without a right PIN between: each lasts longer
    # (gateway/people/officers.py; migration 0010).
    pin_locks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OfficerAudit(Base):
    """One change the desk (or the command line) made to an officer: who did what to whom, and
    when (gateway/people/officers.py; migration 0012). Never a PIN or a password: only that one
    was given."""

    __tablename__ = "officer_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)  # to whom
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))  # None: the CLI
    action: Mapped[str] = mapped_column(String(16))  # added, edited, disabled, pin_set, ...
    # What changed, {field: [before, after]} for an edit; never a secret.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LoginThrottle(Base):
    """Failed console logins counted for one key: a phone from an address, an address, or a
    phone from anywhere (gateway/people/login_guard.py; migration 0010)."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ExtensionRequest(Base):
    """An officer's request for more time, which the head of department (the DED for a head, or
    where there is none) approves or refuses."""

    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)  # for whoever decides: never sent to the citizen
    citizen_words: Mapped[str | None] = mapped_column(Text)  # sent to the citizen if approved
    status: Mapped[str] = mapped_column(String(10))  # pending, approved, refused
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Holiday(Base):
    """A public holiday added after start-up: a moon-dated Eid, or one the President declares."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HolidayWarning(Base):
    """The desk was warned that a moon-dated holiday is only an estimate (once a holiday)."""

    __tablename__ = "holiday_warnings"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    warned_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ComplaintEvent(Base):
    """One append-only line of a complaint's record (kumbukumbu za malalamiko)."""

    __tablename__ = "complaint_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # received, routed, acknowledged, ...
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str | None] = mapped_column(String(64))  # channel or officer; never a raw phone
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# Outbox rows that failed for good (a literal, as the report's query says it, so that both
# databases can see that the query implies it and use the partial index).
_FAILED = text("status = 'failed'")


class OutboxMessage(Base):
    """One SMS to one phone, written in the same transaction as the change that caused it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # What `text` becomes once the SMS is sent or has failed: a new PIN or password masked, so
    # it stays in the table only while it waits to go (gateway/messaging/dispatcher.py).
    text_after_sending: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(32))  # acknowledgement, status, reminder, ...
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # see gateway.outbox for the lifecycle
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())  # not before: quiet hours, backoff
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider_message_id: Mapped[str | None] = mapped_column(String(64), index=True)
    parts: Mapped[int | None] = mapped_column(Integer)
    cost: Mapped[str | None] = mapped_column(String(32))
    failure_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_outbox_status_due_at", "status", "due_at"),
        # The report's SMS sent, parts and cost, read from the index alone.
        Index("ix_outbox_report_sent", "sent_at", "complaint_id", "status", "parts", "cost"),
        # The report's failed SMS: a small index, since few messages fail.
        Index(
            "ix_outbox_report_failed",
            "created_at",
            "complaint_id",
            postgresql_where=_FAILED,
            sqlite_where=_FAILED,
        ),
    )


class UssdSession(Base):
    """Where one USSD session stands, the answers it was given, and the draft it leaves behind.

    One row per session, written once per step: the menu state, the last few (text, screen)
    pairs so a repeated request gets the same screen, and the half-filed complaint (`draft`)
    that the phone's next dial within a day may continue.
    """

    __tablename__ = "ussd_sessions"

    session_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    phone: Mapped[str] = mapped_column(String(16))
    seen_text: Mapped[str] = mapped_column(Text, default="")  # cumulative `text` last handled
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    replies: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[text digest, screen], ...]
    # A filing to continue, if any; SQL NULL (not JSON null) when there is none.
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    language: Mapped[str] = mapped_column(String(2))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    # Only columns a step never changes are indexed (migration 0016), so a step's UPDATE
    # writes the row alone: no index page on SQLite, and on PostgreSQL a HOT update. The
    # phone's few rows are found by phone (its draft, its drafts let go); the clean-up finds
    # the old ones by started_at (a session is never updated before it started).
    __table_args__ = (
        Index("ix_ussd_sessions_phone", "phone"),
        Index("ix_ussd_sessions_started_at", "started_at"),
    )


class InboundSms(Base):
    """One SMS a citizen or officer sent to the shortcode, stored by Africa's Talking's id."""

    __tablename__ = "inbound_sms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(100), unique=True)  # AT's id, reused by retries
    phone: Mapped[str] = mapped_column(String(16))
    shortcode: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    link_id: Mapped[str | None] = mapped_column(String(100))
    network_code: Mapped[str | None] = mapped_column(String(8))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # AT's `date`
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    command: Mapped[str] = mapped_column(String(16))  # status, complaint, appeal, feedback, help
    replied: Mapped[bool] = mapped_column(Boolean, default=False)  # cost the council an SMS
    # When the reply goes: at once, or (past the phone's replies for the day) the next morning.
    reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    # Stored first, acted on second: an error in acting leaves the message here, unhandled,
    # for the scheduler to try again; it is never lost with the failed transaction.
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failures: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_inbound_sms_phone_received_at", "phone", "received_at"),
        Index("ix_inbound_sms_phone_reply_at", "phone", "reply_at"),
        Index("ix_inbound_sms_handled_at", "handled_at"),
    )


class DeliveryReport(Base):
    """One delivery report from Africa's Talking, kept as given (repeats are stored once)."""

    __tablename__ = "delivery_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_message_id: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))
    failure_reason: Mapped[str | None] = mapped_column(String(64))
    retry_count: Mapped[str | None] = mapped_column(String(8))
    network_code: Mapped[str | None] = mapped_column(String(8))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint(
            "provider_message_id", "status", "retry_count", name="uq_delivery_reports_report"
        ),
    )


class UssdSessionEnd(Base):
    """Africa's Talking's end-of-session notification: where citizens finish or drop off."""

    __tablename__ = "ussd_session_ends"

    session_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    phone: Mapped[str] = mapped_column(String(16))
    service_code: Mapped[str] = mapped_column(String(32))
    network_code: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))  # Success, Incomplete, Failed
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    hops: Mapped[int | None] = mapped_column(Integer)
    last_input: Mapped[str | None] = mapped_column(Text)  # AT's `input`
    last_screen: Mapped[str | None] = mapped_column(Text)  # AT's `lastAppResponse`
    error: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[str | None] = mapped_column(String(32))
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CharterFeedback(Base):
    """A citizen's rating (1-5) of the council's service and comment on the charter."""

    __tablename__ = "charter_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str | None] = mapped_column(String(16))
    rating: Mapped[int | None] = mapped_column(Integer)  # 1 (poor) to 5 (excellent)
    comment: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(8))  # ussd, sms
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class Survey(Base):
    """A charter-review SMS survey the desk sent to citizens whose items closed in a period."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_sw: Mapped[str] = mapped_column(Text)
    question_en: Mapped[str] = mapped_column(Text)
    closed_from: Mapped[date] = mapped_column(Date)
    closed_to: Mapped[date] = mapped_column(Date)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SurveyRecipient(Base):
    """One phone asked in a survey, and its answer ("1" yes, "2" no)."""

    __tablename__ = "survey_recipients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    phone: Mapped[str] = mapped_column(String(16))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer: Mapped[str | None] = mapped_column(String(2))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_survey_recipients_phone_asked_at", "phone", "asked_at"),)


class ConsoleSession(Base):
    """One console login: the cookie carries its token, and logging out ends it here for good."""

    __tablename__ = "console_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SchedulerJob(Base):
    """One scheduler job's last run, kept where every process can see it: the scheduler is a
    process of its own, and /readyz and /metrics (in the web workers) ask whether it runs."""

    __tablename__ = "scheduler_jobs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # the job's function name
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The exception's type only: its message may quote a row (a phone, an SMS).
    last_error: Mapped[str | None] = mapped_column(String(64))


class SmsBalance(Base):
    """The Africa's Talking account's balance as last read (one row), and the day (East Africa
    Time) the desk and the DED were last told it is low: once a day, however many schedulers."""

    __tablename__ = "sms_balance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    balance: Mapped[str] = mapped_column(String(32))  # as Africa's Talking says it: "TZS 1785.5000"
    read_at: Mapped[datetime] = mapped_column(UTCDateTime())
    alerted_on: Mapped[date | None] = mapped_column(Date)
