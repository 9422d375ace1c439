"""The council's charter as plain, frozen values: what the rest of the gateway reads."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, time
from functools import cached_property
from typing import Literal

# Calendar "days" only for how long a citizen may still appeal (`Charter.appeal_within`): a
# right of the citizen's, counted as people count days, not a promise of office work.
Unit = Literal["working_days", "working_hours", "days"]


@dataclass(frozen=True)
class Standard:
    """A response time, in Tanzanian working days or working hours (or calendar days)."""

    amount: int
    unit: Unit


@dataclass(frozen=True)
class Department:
    """An idara (department) or kitengo (unit) a complaint can be routed to."""

    slug: str  # short lowercase ASCII key used in SMS commands and URLs, e.g. "maji"
    name: str  # full Swahili name, e.g. "Maji"
    short: str  # screen name, at most 14 characters, e.g. "Elimu Msingi"
    unit: bool  # True for a kitengo, False for an idara


@dataclass(frozen=True)
class FeedbackKind:
    """A kind of feedback the public gives, with the charter's standards for it."""

    slug: str  # "lalamiko", "mapendekezo", "pongezi", "maulizo"
    name_sw: str  # e.g. "Lalamiko"
    name_en: str  # e.g. "Complaint"
    acknowledge: Standard | None  # officer acknowledges within this
    answer: Standard | None  # answered / resolved within this; None: no answer is owed
    # False for the kinds a journey of their own files (an appointment, a call-back, a service
    # delay) or the desk files (a letter): they are not on the USSD's "other kinds" list.
    offered: bool = True
    # The ward's executive officer (WEO), not the department's officer, answers this kind.
    ward_answers: bool = False


@dataclass(frozen=True)
class AnswerOverride:
    """A department whose answer standard for one kind differs (e.g. water faults: 5 days)."""

    kind: str
    department: str
    answer: Standard


@dataclass(frozen=True)
class KeyService:
    """A key service (huduma muhimu) the charter promises within its own standard."""

    slug: str  # "kibali"
    name_sw: str  # "Kibali cha ujenzi"
    name_en: str  # "Building permit"
    department: str  # the department that gives it, a department slug
    standard: Standard  # given within this, counted from the day the citizen applied


@dataclass(frozen=True)
class ClientGroup:
    """One of the charter's clients (wateja wetu): Umma, Serikali, Wafadhili, ..."""

    slug: str  # "umma"
    name_sw: str  # "Umma"
    name_en: str  # "The public"


@dataclass(frozen=True)
class FixedHoliday:
    """A public holiday on the same day every year."""

    month: int
    day: int
    name: str


@dataclass(frozen=True)
class DatedHoliday:
    """A holiday on one date only: moon-dated (Eid, Maulid) or declared by the President."""

    date: date
    name: str


@dataclass(frozen=True)
class Waiting:
    """How long the council waits on a citizen's answer to an officer's question (ULIZA)."""

    remind_after: Standard  # the citizen is reminded once, this long after the question
    wait_for: Standard  # then, this long after the question, the wait ends:
    # "resume": the clock runs again and the officer is told; "close": the item closes with a
    # notice to the citizen.
    then: Literal["resume", "close"]


# The department reports the DED's decision carried out (TEKELEZA) within this: a gateway
# default, no published source.
DEFAULT_CARRY_OUT = Standard(14, "working_days")

DEFAULT_WAITING = Waiting(
    remind_after=Standard(5, "working_days"), wait_for=Standard(10, "working_days"), then="resume"
)


@dataclass(frozen=True)
class Contacts:
    """How citizens reach the council."""

    phone: str
    address: str
    email: str
    # Where a citizen meets an officer, as an appointment's SMS names it (at most 30 characters).
    office: str | None = None


@dataclass(frozen=True)
class External:
    """Where a citizen goes beyond the council, as the last SMS after an appeal says."""

    chragg_sms: str  # Tume ya Haki za Binadamu na Utawala Bora: SMS starting TAARIFA
    chragg_call: str | None  # the Commission's free call number, once confirmed
    takukuru: str  # TAKUKURU (PCCB), corruption: its hotline


@dataclass(frozen=True)
class Institution:
    """A public body outside the council that some complaints belong to (RUWASA, TARURA, ...):
    an officer refers such an item there, and the citizen is told how to reach it."""

    slug: str  # lowercase ASCII, typed in PELEKA <ref> <PIN> <slug>, e.g. "ruwasa"
    name: str  # as the citizen's SMS names it, e.g. "RUWASA (maji vijijini)"
    contact: str  # its public contact, as the SMS gives it: a number, an office
    # A mobile number of its district office that takes referrals by SMS (E.164), if the
    # charter file gives one: a referral is then sent there; else the citizen is advised to
    # contact the institution, and told so.
    sms: str | None = None


@dataclass(frozen=True)
class Charter:
    """Everything the gateway knows about one council's Client Service Charter."""

    council: str  # "Halmashauri ya Wilaya ya Makete"
    short_name: str  # sender label in SMS, at most 11 characters, e.g. "Makete DC"
    short_name_sw: str  # the main menu's greeting: "Karibu Halmashauri ya Makete"
    short_name_en: str  # "Welcome to Makete District Council"
    contacts: Contacts
    external: External
    departments: tuple[Department, ...]
    wards: tuple[str, ...]
    kinds: tuple[FeedbackKind, ...]
    overrides: tuple[AnswerOverride, ...]
    appeal: Standard  # the DED decides an appeal (rufaa) within this
    # A citizen may appeal within this (calendar days) after the answer, or after the date the
    # answer was due and missed; a "1" (satisfied) closes it at once.
    appeal_within: Standard
    escalate_to_ded_after: Standard  # a breach not acted on by the head climbs to the DED
    office_open: time
    office_close: time
    easter_holidays: bool  # Good Friday and Easter Monday
    fixed_holidays: tuple[FixedHoliday, ...]
    dated_holidays: tuple[DatedHoliday, ...]
    key_services: tuple[KeyService, ...] = ()
    # The first is the default: everyone filing by USSD or SMS is of the public (Umma).
    client_groups: tuple[ClientGroup, ...] = (ClientGroup("umma", "Umma", "The public"),)
    # Institutions outside the council that items may be referred to; none by default.
    institutions: tuple[Institution, ...] = ()
    # The citizen's answer to an officer's question: a reminder, then the end of the wait.
    waiting: Waiting = DEFAULT_WAITING
    # The most SMS parts a message may take when it must arrive whole: an officer's own words
    # to a citizen (a reply, a note, a decision), and officers reading their work (ORODHA,
    # SOMA). Every other message to a citizen is one part.
    sms_max_parts: int = 3
    # The department carries out the DED's decision on an appeal and reports back within this.
    carry_out: Standard = DEFAULT_CARRY_OUT
    # The `holidays` package's calendar (a country code) as the default source of every
    # year's public holidays, fixed and moon-dated; the charter's own and those added at
    # runtime override it. None: the charter's holidays only.
    holiday_calendar: str | None = "TZ"

    def institution(self, slug: str) -> Institution | None:
        """The outside institution with this slug; None if the charter has none."""
        for institution in self.institutions:
            if institution.slug == slug:
                return institution
        return None

    def __hash__(self) -> int:
        """Hashed once: the menus cache what they derive from the charter, keyed by it, on
        every USSD step, and a frozen dataclass would otherwise hash every nested field each
        time."""
        return self._value_hash

    @cached_property
    def _value_hash(self) -> int:
        return hash(tuple(getattr(self, field.name) for field in fields(self)))

    def department(self, slug: str) -> Department:
        """The department with this slug; KeyError if there is none."""
        for department in self.departments:
            if department.slug == slug:
                return department
        raise KeyError(slug)

    def kind(self, slug: str) -> FeedbackKind:
        """The feedback kind with this slug; KeyError if there is none."""
        for kind in self.kinds:
            if kind.slug == slug:
                return kind
        raise KeyError(slug)

    def key_service(self, slug: str) -> KeyService:
        """The key service with this slug; KeyError if there is none."""
        for service in self.key_services:
            if service.slug == slug:
                return service
        raise KeyError(slug)

    def answer_standard(self, kind: str, department: str | None) -> Standard | None:
        """The answer standard for this kind, with any department override applied."""
        for override in self.overrides:
            if override.kind == kind and override.department == department:
                return override.answer
        return self.kind(kind).answer
