"""Read and validate a council's charter file (TOML) into a frozen `Charter`.

Every mistake raises `CharterError` with a message naming the key in the file, e.g.
"charter: departments[3].slug 'Maji' must be lowercase ASCII letters", so a council clerk
who edited the file can find the line. Unknown keys are mistakes too: a misspelt optional key
(say `anwser`) would otherwise silently mean "no answer is owed".

Layout (see the bundled makete.toml for a commented example)::

    [council]        name, short_name, short_name_sw, short_name_en (both optional), wards
    [contacts]       phone, address, email
    [external]       chragg_sms, chragg_call (optional), takukuru
    [[departments]]  slug, name, short, unit (optional, default false)
    [[kinds]]        slug, name_sw, name_en, acknowledge (optional), answer (optional),
                     offered (optional, default true: on the USSD's "other kinds" list),
                     ward_answers (optional, default false: the WEO answers this kind)
    [[overrides]]    kind, department, answer          (optional table array)
    [[key_services]] slug, name_sw, name_en, department, standard   (optional table array)
    [[client_groups]] slug, name_sw, name_en; the first is the default (optional: Umma)
    [[institutions]] slug, name, contact, sms (optional) (optional: bodies outside the council;
                     sms: a mobile number that takes referrals by SMS)
    [appeal]                 amount, unit
    [appeal_within]          amount, unit = "days"   (optional: 30 days)
    [escalate_to_ded_after]  amount, unit
    [carry_out]              amount, unit            (optional: 14 working days)
    [office_hours]   open = "HH:MM", close = "HH:MM"
    [holidays]       easter = bool, fixed = [{month, day, name}], dated = [{date, name}],
                     calendar = "TZ" (optional: the `holidays` package's country; "" for none)
    [waiting]        remind_after, wait_for (standards), then = "resume" | "close"
                     (optional: 5 and 10 working days, then "resume")
    [sms]            max_parts = 1..10 (optional: 3): the parts an officer's own words to a
                     citizen, and officers' ORODHA/SOMA, may take

A standard is `{ amount = <positive int>, unit = "working_days" | "working_hours" }`; only
`appeal_within` is counted in calendar days (`unit = "days"`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from importlib import resources
from pathlib import Path
from typing import Any, cast

import phonenumbers

from charter.gsm7 import GSM7_BASIC
from charter.model import (
    DEFAULT_CARRY_OUT,
    DEFAULT_WAITING,
    AnswerOverride,
    Charter,
    ClientGroup,
    Contacts,
    DatedHoliday,
    Department,
    External,
    FeedbackKind,
    FixedHoliday,
    Institution,
    KeyService,
    Standard,
    Unit,
    Waiting,
)

__all__ = ["CharterError", "load_charter", "parse_charter"]

MAX_SHORT = 14  # department name on a USSD screen
MAX_LABEL = 20  # a key service's name on a USSD list
MAX_SHORT_NAME = 11  # alphanumeric SMS sender IDs are limited to 11 characters
MAX_GREETING_NAME = 23  # "Karibu <name>" heads the main menu, which has no room to spare
# Numbers as printed in the last SMS after an appeal, which has little room: "0754 460 259", and
# TAKUKURU's short hotline, "113".
MAX_PHONE, MAX_HOTLINE = 13, 8
MAX_ADDRESS = 20  # "S.L.P. 6, Makete": the council's address on the rights screen
# An outside institution as the citizen's referral SMS names it, and how to reach it: both
# whole in one 160-character SMS with the longest reference and kind.
MAX_INSTITUTION_NAME, MAX_INSTITUTION_CONTACT = 24, 30
UNITS: tuple[Unit, ...] = ("working_days", "working_hours")
DEFAULT_APPEAL_WITHIN = Standard(30, "days")
MAX_OFFICE = 30  # the meeting place in an appointment's SMS
DEFAULT_SMS_MAX_PARTS = 3  # 459 GSM-7 characters: an answer whole, at three times the cost
DEFAULT_HOLIDAY_CALENDAR = "TZ"  # the `holidays` package's Tanzania: every year's holidays

_PHONE = re.compile(r"\+?[0-9][0-9 ]*")

_SLUG = re.compile(r"[a-z]+")
_HHMM = re.compile(r"(\d{2}):(\d{2})")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 Feb allowed: leap years


class CharterError(ValueError):
    """The charter file is missing, unreadable or wrong; the message names the key."""


def bundled_charter_path() -> Path:
    """The path of the charter file shipped with this package (Makete DC)."""
    return Path(str(resources.files("charter").joinpath("makete.toml")))


def load_charter(path: str | os.PathLike[str] | None = None) -> Charter:
    """Read, parse and validate a charter TOML file; None means the bundled Makete charter."""
    file = Path(path) if path is not None else bundled_charter_path()
    try:
        with file.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as error:
        raise CharterError(f"charter: file {file} not found") from error
    except OSError as error:
        raise CharterError(f"charter: cannot read {file}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise CharterError(f"charter: {file} is not valid TOML: {error}") from error
    except UnicodeDecodeError as error:
        raise CharterError(f"charter: {file} is not UTF-8 text: {error}") from error
    return parse_charter(data)


def parse_charter(data: Mapping[str, Any]) -> Charter:
    """Validate a charter already parsed from TOML (a plain dict) and build the `Charter`."""
    root = _table(data, "")
    _no_unknown_keys(
        root,
        "",
        {
            "council",
            "contacts",
            "departments",
            "kinds",
            "overrides",
            "appeal",
            "appeal_within",
            "escalate_to_ded_after",
            "carry_out",
            "waiting",
            "sms",
            "external",
            "institutions",
            "office_hours",
            "holidays",
            "key_services",
            "client_groups",
        },
    )

    council = _table(_require(root, "", "council"), "council")
    _no_unknown_keys(
        council, "council", {"name", "short_name", "short_name_sw", "short_name_en", "wards"}
    )
    council_name = _text(council, "council", "name")
    short_name = _text(council, "council", "short_name", max_len=MAX_SHORT_NAME)
    greeting = {
        key: _text(council, "council", key, max_len=MAX_GREETING_NAME)
        if key in council
        else short_name
        for key in ("short_name_sw", "short_name_en")
    }
    wards = _wards(council)

    contacts = _contacts(_table(_require(root, "", "contacts"), "contacts"))
    external = _external(_table(_require(root, "", "external"), "external"))
    departments = _departments(_require(root, "", "departments"))
    kinds = _kinds(_require(root, "", "kinds"))
    overrides = _overrides(root.get("overrides", []), kinds, departments)
    institutions = _institutions(root.get("institutions", []))
    appeal = _standard(_require(root, "", "appeal"), "appeal")
    appeal_within = (
        _standard(root["appeal_within"], "appeal_within", units=("days",))
        if "appeal_within" in root
        else DEFAULT_APPEAL_WITHIN
    )
    escalate = _standard(_require(root, "", "escalate_to_ded_after"), "escalate_to_ded_after")
    carry_out = (
        _standard(root["carry_out"], "carry_out") if "carry_out" in root else DEFAULT_CARRY_OUT
    )
    office_open, office_close = _office_hours(root)
    easter, fixed, dated, holiday_calendar = _holidays(root)
    waiting = _waiting(root.get("waiting"))
    sms_max_parts = _sms_max_parts(root.get("sms"))
    key_services = _key_services(root.get("key_services", []), departments)
    client_groups = _client_groups(root.get("client_groups"))

    return Charter(
        council=council_name,
        short_name=short_name,
        short_name_sw=greeting["short_name_sw"],
        short_name_en=greeting["short_name_en"],
        contacts=contacts,
        external=external,
        departments=departments,
        wards=wards,
        kinds=kinds,
        overrides=overrides,
        appeal=appeal,
        appeal_within=appeal_within,
        escalate_to_ded_after=escalate,
        office_open=office_open,
        office_close=office_close,
        easter_holidays=easter,
        fixed_holidays=fixed,
        dated_holidays=dated,
        key_services=key_services,
        client_groups=client_groups,
        institutions=institutions,
        waiting=waiting,
        holiday_calendar=holiday_calendar,
        sms_max_parts=sms_max_parts,
        carry_out=carry_out,
    )


# --- sections ---------------------------------------------------------------------------------


def _wards(council: Mapping[str, Any]) -> tuple[str, ...]:
    raw = _list(_require(council, "council", "wards"), "council.wards")
    if not raw:
        raise CharterError("charter: council.wards must list at least one ward")
    wards: list[str] = []
    for index, value in enumerate(raw):
        ward = _text_value(value, f"council.wards[{index}]")
        if ward in wards:
            raise CharterError(f"charter: council.wards[{index}] {ward!r} is listed twice")
        wards.append(ward)
    return tuple(wards)


def _contacts(table: Mapping[str, Any]) -> Contacts:
    _no_unknown_keys(table, "contacts", {"phone", "address", "email", "office"})
    return Contacts(
        # Both are told on the rights screen and in the help SMS, which have little room.
        phone=_phone(table, "contacts", "phone", MAX_PHONE),
        address=_text(table, "contacts", "address", max_len=MAX_ADDRESS),
        email=_text(table, "contacts", "email"),
        office=(
            _text(table, "contacts", "office", max_len=MAX_OFFICE) if "office" in table else None
        ),
    )


def _external(table: Mapping[str, Any]) -> External:
    _no_unknown_keys(table, "external", {"chragg_sms", "chragg_call", "takukuru"})
    return External(
        chragg_sms=_phone(table, "external", "chragg_sms", MAX_PHONE),
        chragg_call=(
            _phone(table, "external", "chragg_call", MAX_PHONE) if "chragg_call" in table else None
        ),
        takukuru=_phone(table, "external", "takukuru", MAX_HOTLINE),
    )


def _institutions(value: Any) -> tuple[Institution, ...]:
    seen: set[str] = set()
    institutions: list[Institution] = []
    for index, item in enumerate(_table_list(value, "institutions")):
        where = f"institutions[{index}]"
        _no_unknown_keys(item, where, {"slug", "name", "contact", "sms"})
        institutions.append(
            Institution(
                slug=_slug(item, where, seen),
                name=_text(item, where, "name", max_len=MAX_INSTITUTION_NAME),
                contact=_text(item, where, "contact", max_len=MAX_INSTITUTION_CONTACT),
                sms=_mobile(item, where, "sms") if "sms" in item else None,
            )
        )
    return tuple(institutions)


def _departments(value: Any) -> tuple[Department, ...]:
    items = _table_list(value, "departments")
    if not items:
        raise CharterError("charter: departments must list at least one department")
    seen: set[str] = set()
    departments: list[Department] = []
    for index, item in enumerate(items):
        where = f"departments[{index}]"
        _no_unknown_keys(item, where, {"slug", "name", "short", "unit"})
        slug = _slug(item, where, seen)
        departments.append(
            Department(
                slug=slug,
                name=_text(item, where, "name"),
                short=_text(item, where, "short", max_len=MAX_SHORT),
                unit=_bool(item, where, "unit", default=False),
            )
        )
    return tuple(departments)


def _kinds(value: Any) -> tuple[FeedbackKind, ...]:
    items = _table_list(value, "kinds")
    seen: set[str] = set()
    kinds: list[FeedbackKind] = []
    for index, item in enumerate(items):
        where = f"kinds[{index}]"
        _no_unknown_keys(
            item,
            where,
            {"slug", "name_sw", "name_en", "acknowledge", "answer", "offered", "ward_answers"},
        )
        slug = _slug(item, where, seen)
        kinds.append(
            FeedbackKind(
                slug=slug,
                name_sw=_text(item, where, "name_sw"),
                name_en=_text(item, where, "name_en"),
                acknowledge=_optional_standard(item, where, "acknowledge"),
                answer=_optional_standard(item, where, "answer"),
                offered=_bool(item, where, "offered", default=True),
                ward_answers=_bool(item, where, "ward_answers", False),
            )
        )
    if "lalamiko" not in seen:
        # The whole gateway is built around complaints: a charter without them is a broken file.
        raise CharterError("charter: kinds must include a kind with slug 'lalamiko'")
    return tuple(kinds)


def _overrides(
    value: Any, kinds: Iterable[FeedbackKind], departments: Iterable[Department]
) -> tuple[AnswerOverride, ...]:
    kind_slugs = {kind.slug for kind in kinds}
    department_slugs = {department.slug for department in departments}
    seen: set[tuple[str, str]] = set()
    overrides: list[AnswerOverride] = []
    for index, item in enumerate(_table_list(value, "overrides")):
        where = f"overrides[{index}]"
        _no_unknown_keys(item, where, {"kind", "department", "answer"})
        kind = _text(item, where, "kind")
        if kind not in kind_slugs:
            raise CharterError(f"charter: {where}.kind {kind!r} is not a slug listed in kinds")
        department = _text(item, where, "department")
        if department not in department_slugs:
            raise CharterError(
                f"charter: {where}.department {department!r} is not a slug listed in departments"
            )
        if (kind, department) in seen:
            raise CharterError(f"charter: {where} repeats an override for {kind}/{department}")
        seen.add((kind, department))
        answer = _standard(_require(item, where, "answer"), f"{where}.answer")
        overrides.append(AnswerOverride(kind=kind, department=department, answer=answer))
    return tuple(overrides)


def _key_services(value: Any, departments: Iterable[Department]) -> tuple[KeyService, ...]:
    department_slugs = {department.slug for department in departments}
    seen: set[str] = set()
    services: list[KeyService] = []
    for index, item in enumerate(_table_list(value, "key_services")):
        where = f"key_services[{index}]"
        _no_unknown_keys(item, where, {"slug", "name_sw", "name_en", "department", "standard"})
        slug = _slug(item, where, seen)
        department = _text(item, where, "department")
        if department not in department_slugs:
            raise CharterError(
                f"charter: {where}.department {department!r} is not a slug listed in departments"
            )
        services.append(
            KeyService(
                slug=slug,
                name_sw=_text(item, where, "name_sw", max_len=MAX_LABEL),
                name_en=_text(item, where, "name_en", max_len=MAX_LABEL),
                department=department,
                standard=_standard(_require(item, where, "standard"), f"{where}.standard"),
            )
        )
    return tuple(services)


def _client_groups(value: Any) -> tuple[ClientGroup, ...]:
    if value is None:
        return (ClientGroup("umma", "Umma", "The public"),)
    items = _table_list(value, "client_groups")
    if not items:
        raise CharterError("charter: client_groups must list at least one group")
    seen: set[str] = set()
    groups: list[ClientGroup] = []
    for index, item in enumerate(items):
        where = f"client_groups[{index}]"
        _no_unknown_keys(item, where, {"slug", "name_sw", "name_en"})
        groups.append(
            ClientGroup(
                slug=_slug(item, where, seen),
                name_sw=_text(item, where, "name_sw"),
                name_en=_text(item, where, "name_en"),
            )
        )
    return tuple(groups)


def _office_hours(root: Mapping[str, Any]) -> tuple[time, time]:
    table = _table(_require(root, "", "office_hours"), "office_hours")
    _no_unknown_keys(table, "office_hours", {"open", "close"})
    opens = _time(_require(table, "office_hours", "open"), "office_hours.open")
    closes = _time(_require(table, "office_hours", "close"), "office_hours.close")
    if not opens < closes:
        raise CharterError(
            f"charter: office_hours.open {opens:%H:%M} must be before "
            f"office_hours.close {closes:%H:%M}"
        )
    return opens, closes


def _holidays(
    root: Mapping[str, Any],
) -> tuple[bool, tuple[FixedHoliday, ...], tuple[DatedHoliday, ...], str | None]:
    table = _table(_require(root, "", "holidays"), "holidays")
    _no_unknown_keys(table, "holidays", {"easter", "fixed", "dated", "calendar"})
    easter = _bool(table, "holidays", "easter", default=None)
    calendar = table.get("calendar", DEFAULT_HOLIDAY_CALENDAR)
    if not isinstance(calendar, str) or not re.fullmatch(r"([A-Z]{2})?", calendar):
        raise CharterError(
            f"charter: holidays.calendar {calendar!r} must be a two-letter country code "
            'such as "TZ", or "" for none'
        )

    fixed: list[FixedHoliday] = []
    for index, item in enumerate(_table_list(table.get("fixed", []), "holidays.fixed")):
        where = f"holidays.fixed[{index}]"
        _no_unknown_keys(item, where, {"month", "day", "name"})
        month = _int(item, where, "month")
        if not 1 <= month <= 12:
            raise CharterError(f"charter: {where}.month {month} must be 1 to 12")
        day = _int(item, where, "day")
        if not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
            raise CharterError(f"charter: {where}.day {day} is not a day of month {month}")
        fixed.append(FixedHoliday(month=month, day=day, name=_text(item, where, "name")))

    dated: list[DatedHoliday] = []
    for index, item in enumerate(_table_list(table.get("dated", []), "holidays.dated")):
        where = f"holidays.dated[{index}]"
        _no_unknown_keys(item, where, {"date", "name"})
        when = _date(_require(item, where, "date"), f"{where}.date")
        dated.append(DatedHoliday(date=when, name=_text(item, where, "name")))

    return easter, tuple(fixed), tuple(dated), calendar or None


def _sms_max_parts(value: Any) -> int:
    if value is None:
        return DEFAULT_SMS_MAX_PARTS
    table = _table(value, "sms")
    _no_unknown_keys(table, "sms", {"max_parts"})
    parts = _int(table, "sms", "max_parts") if "max_parts" in table else DEFAULT_SMS_MAX_PARTS
    if not 1 <= parts <= 10:
        raise CharterError(f"charter: sms.max_parts {parts} must be 1 to 10")
    return parts


def _waiting(value: Any) -> Waiting:
    if value is None:
        return DEFAULT_WAITING
    table = _table(value, "waiting")
    _no_unknown_keys(table, "waiting", {"remind_after", "wait_for", "then"})
    remind = _standard(_require(table, "waiting", "remind_after"), "waiting.remind_after")
    wait_for = _standard(_require(table, "waiting", "wait_for"), "waiting.wait_for")
    if remind.unit != wait_for.unit or remind.amount >= wait_for.amount:
        raise CharterError(
            "charter: waiting.remind_after must be shorter than waiting.wait_for, in the same unit"
        )
    then = table.get("then", "resume")
    if then not in ("resume", "close"):
        raise CharterError(f'charter: waiting.then {then!r} must be "resume" or "close"')
    return Waiting(remind_after=remind, wait_for=wait_for, then=then)


# --- values -----------------------------------------------------------------------------------


def _optional_standard(table: Mapping[str, Any], where: str, key: str) -> Standard | None:
    if key not in table:
        return None
    return _standard(table[key], f"{where}.{key}")


def _standard(value: Any, where: str, units: tuple[Unit, ...] = UNITS) -> Standard:
    table = _table(value, where)
    _no_unknown_keys(table, where, {"amount", "unit"})
    amount = _int(table, where, "amount")
    if amount < 1:
        raise CharterError(f"charter: {where}.amount {amount} must be a positive whole number")
    unit = _require(table, where, "unit")
    if unit not in units:
        allowed = " or ".join(f"'{name}'" for name in units)
        raise CharterError(f"charter: {where}.unit must be {allowed}")
    return Standard(amount=amount, unit=cast(Unit, unit))


def _phone(table: Mapping[str, Any], where: str, key: str, max_len: int) -> str:
    number = _text(table, where, key, max_len=max_len)
    if not _PHONE.fullmatch(number):
        raise CharterError(
            f"charter: {where}.{key} {number!r} must be a phone number: digits and spaces"
        )
    return number


def _mobile(table: Mapping[str, Any], where: str, key: str) -> str:
    """A Tanzanian mobile number that takes SMS, as written ("0754 123 456"), in E.164."""
    number = _text(table, where, key, max_len=MAX_PHONE + 4)
    try:
        parsed = phonenumbers.parse(number, "TZ")
    except phonenumbers.NumberParseException:
        parsed = None
    mobile = phonenumbers.PhoneNumberType.MOBILE
    if parsed is None or phonenumbers.number_type(parsed) != mobile:
        raise CharterError(
            f"charter: {where}.{key} {number!r} must be a Tanzanian mobile number, "
            'e.g. "0754 123 456"'
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _slug(table: Mapping[str, Any], where: str, seen: set[str]) -> str:
    slug = _require(table, where, "slug")
    if not isinstance(slug, str):
        raise CharterError(f"charter: {where}.slug must be text")
    if not _SLUG.fullmatch(slug):
        raise CharterError(f"charter: {where}.slug {slug!r} must be lowercase ASCII letters")
    if slug in seen:
        raise CharterError(f"charter: {where}.slug {slug!r} is used twice")
    seen.add(slug)
    return slug


def _text(table: Mapping[str, Any], where: str, key: str, max_len: int | None = None) -> str:
    path = _join(where, key)
    text = _text_value(_require(table, where, key), path)
    if max_len is not None and len(text) > max_len:
        raise CharterError(
            f"charter: {path} {text!r} is {len(text)} characters; at most {max_len} fit"
        )
    return text


def _text_value(value: Any, path: str) -> str:
    # Every text in the charter can reach a citizen's phone, so all of it must be plain GSM-7.
    if not isinstance(value, str):
        raise CharterError(f"charter: {path} must be text in double quotes")
    text = value.strip()
    if not text:
        raise CharterError(f"charter: {path} must not be empty")
    bad = sorted({ch for ch in text if ch not in GSM7_BASIC})
    if bad:
        shown = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in bad)
        raise CharterError(
            f"charter: {path} {text!r} has characters outside the GSM-7 basic set: {shown}"
        )
    return text


def _int(table: Mapping[str, Any], where: str, key: str) -> int:
    value = _require(table, where, key)
    # bool is a subclass of int: `amount = true` must not read as 1.
    if not isinstance(value, int) or isinstance(value, bool):
        raise CharterError(f"charter: {_join(where, key)} must be a whole number")
    return value


def _bool(table: Mapping[str, Any], where: str, key: str, default: bool | None) -> bool:
    if key not in table:
        if default is None:
            raise CharterError(f"charter: missing key {_join(where, key)}")
        return default
    value = table[key]
    if not isinstance(value, bool):
        raise CharterError(f"charter: {_join(where, key)} must be true or false")
    return value


def _time(value: Any, path: str) -> time:
    # TOML has a native local time (07:30:00); a quoted "07:30" is what clerks will write.
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        match = _HHMM.fullmatch(value)
        if match:
            hours, minutes = int(match[1]), int(match[2])
            if hours < 24 and minutes < 60:
                return time(hours, minutes)
    raise CharterError(f'charter: {path} {value!r} must be a time written "HH:MM"')


def _date(value: Any, path: str) -> date:
    # TOML's native date (2026-03-20) arrives as a date; a quoted ISO date is accepted too.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CharterError(f"charter: {path} {value!r} must be a date written YYYY-MM-DD")


# --- structure --------------------------------------------------------------------------------


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _require(table: Mapping[str, Any], where: str, key: str) -> Any:
    if key not in table:
        raise CharterError(f"charter: missing key {_join(where, key)}")
    return table[key]


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CharterError(f"charter: {where or 'the file'} must be a table")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise CharterError(f"charter: {where} must be a list")
    return value


def _table_list(value: Any, where: str) -> list[Mapping[str, Any]]:
    items = _list(value, where)
    for index, item in enumerate(items):
        _table(item, f"{where}[{index}]")
    return items


def _no_unknown_keys(table: Mapping[str, Any], where: str, allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise CharterError(
            f"charter: unknown key {_join(where, unknown[0])} "
            f"(expected one of: {', '.join(sorted(allowed))})"
        )
