"""The bundled Makete charter loads as written, and every kind of mistake names its key."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from charter.loader import (
    CharterError,
    bundled_charter_path,
    load_charter,
    parse_charter,
)
from charter.model import Charter, DatedHoliday, External, FixedHoliday, Standard

Data = dict[str, Any]


@pytest.fixture(scope="module")
def charter() -> Charter:
    return load_charter()


@pytest.fixture()
def data() -> Data:
    with bundled_charter_path().open("rb") as handle:
        return tomllib.load(handle)


# --- the bundled file -------------------------------------------------------------------------


def test_bundled_council_and_contacts(charter: Charter) -> None:
    assert charter.council == "Halmashauri ya Wilaya ya Makete"
    assert charter.short_name == "Makete DC"
    assert charter.short_name_sw == "Halmashauri ya Makete"
    assert charter.short_name_en == "Makete District Council"
    assert charter.contacts.phone == "026 2740016"
    assert charter.contacts.address == "S.L.P. 6, Makete"
    assert charter.contacts.email == "ded@maketedc.go.tz"


def test_bundled_departments_and_units(charter: Charter) -> None:
    idara = [d.slug for d in charter.departments if not d.unit]
    vitengo = [d.slug for d in charter.departments if d.unit]
    assert idara == [
        "utawala", "msingi", "sekondari", "afya", "maji", "mipango", "ujenzi",
        "mazingira", "fedha", "jamii", "ardhi", "kilimo", "mifugo",
    ]  # fmt: skip
    assert vitengo == ["ukaguzi", "sheria", "manunuzi", "uchaguzi", "tehama", "nyuki"]
    assert charter.department("msingi").short == "Elimu Msingi"
    assert charter.department("ardhi").name == "Ardhi, Maliasili na Utalii"
    assert all(len(d.short) <= 14 for d in charter.departments)


def test_bundled_wards(charter: Charter) -> None:
    assert len(charter.wards) == 23
    assert len(set(charter.wards)) == 23
    assert charter.wards[0] == "Bulongwa"
    assert "Mang'oto" in charter.wards  # plain ASCII apostrophe: GSM-7


@pytest.mark.parametrize(
    ("slug", "name_en", "acknowledge", "answer"),
    [
        ("lalamiko", "Complaint", Standard(2, "working_days"), Standard(14, "working_days")),
        ("mapendekezo", "Suggestion", Standard(2, "working_days"), Standard(21, "working_days")),
        ("pongezi", "Compliment", Standard(2, "working_days"), None),
        ("maulizo", "Enquiry", Standard(2, "working_days"), Standard(7, "working_days")),
        # The charter's other standards: correspondence, appointments, the phone line, and a
        # key service's delay (its own answer is the service's standard from the day applied).
        ("barua", "Letter", Standard(7, "working_days"), Standard(21, "working_days")),
        ("miadi", "Meeting", None, Standard(3, "working_days")),
        ("simu", "Call back", None, Standard(1, "working_days")),
        ("huduma", "Delay", Standard(2, "working_days"), Standard(14, "working_days")),
    ],
)
def test_bundled_kinds(
    charter: Charter, slug: str, name_en: str, acknowledge: Standard, answer: Standard | None
) -> None:
    kind = charter.kind(slug)
    assert (kind.name_en, kind.acknowledge, kind.answer) == (name_en, acknowledge, answer)


def test_bundled_standards(charter: Charter) -> None:
    assert len(charter.kinds) == 8
    offered = [kind.slug for kind in charter.kinds if kind.offered]
    assert offered == ["lalamiko", "mapendekezo", "pongezi", "maulizo"]
    assert charter.answer_standard("lalamiko", "maji") == Standard(5, "working_days")
    assert charter.answer_standard("lalamiko", "afya") == Standard(14, "working_days")
    assert charter.answer_standard("lalamiko", None) == Standard(14, "working_days")
    assert charter.answer_standard("maulizo", "maji") == Standard(7, "working_days")
    assert charter.appeal == Standard(14, "working_days")
    assert charter.appeal_within == Standard(30, "days")
    assert charter.escalate_to_ded_after == Standard(2, "working_days")


@pytest.mark.parametrize(
    ("slug", "department", "days"),
    [
        ("leseni", "fedha", 2),
        ("kibali", "ujenzi", 3),
        ("hati", "ardhi", 7),
        ("kikundi", "jamii", 5),
        ("fidia", "fedha", 14),
    ],
)
def test_bundled_key_services(charter: Charter, slug: str, department: str, days: int) -> None:
    service = charter.key_service(slug)
    assert (service.department, service.standard) == (department, Standard(days, "working_days"))


def test_bundled_client_groups_start_with_the_public(charter: Charter) -> None:
    slugs = [group.slug for group in charter.client_groups]
    assert slugs == ["umma", "serikali", "wizara", "wafadhili", "wanasiasa"]


def test_a_key_service_of_no_department_is_refused() -> None:
    data = tomllib.loads(bundled_charter_path().read_text())
    data["key_services"][0]["department"] = "polisi"
    with pytest.raises(CharterError, match=r"key_services\[0\]\.department 'polisi'"):
        parse_charter(data)


def test_bundled_route_beyond_the_council(charter: Charter) -> None:
    # The Commission's number as published (to confirm with it); no free call number confirmed.
    assert charter.external == External("0754 460 259", None, "113")


def test_bundled_working_time_and_holidays(charter: Charter) -> None:
    assert (charter.office_open, charter.office_close) == (time(7, 30), time(15, 30))
    assert charter.easter_holidays is True
    assert len(charter.fixed_holidays) == 11
    assert FixedHoliday(12, 9, "Uhuru na Jamhuri") in charter.fixed_holidays
    assert FixedHoliday(4, 7, "Siku ya Karume") in charter.fixed_holidays
    assert DatedHoliday(date(2026, 3, 20), "Eid el-Fitr") in charter.dated_holidays
    assert DatedHoliday(date(2027, 8, 15), "Maulid") in charter.dated_holidays
    assert len(charter.dated_holidays) == 6


def test_load_charter_accepts_a_path(tmp_path: Path) -> None:
    copy_of = tmp_path / "council.toml"
    copy_of.write_bytes(bundled_charter_path().read_bytes())
    assert load_charter(copy_of) == load_charter(str(copy_of)) == load_charter()


# --- mistakes in the parsed data ----------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[Data], None]:
    """A mutation that sets data at a dotted path; [n] indexes into a list."""

    def mutate(data: Data) -> None:
        *parents, last = _steps(path)
        target: Any = data
        for step in parents:
            target = target[step]
        target[last] = value

    return mutate


def _delete(path: str) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        *parents, last = _steps(path)
        target: Any = data
        for step in parents:
            target = target[step]
        del target[last]

    return mutate


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.split("."):
        name, _, index = part.partition("[")
        steps.append(name)
        if index:
            steps.append(int(index.rstrip("]")))
    return steps


def _drop_lalamiko(data: Data) -> None:
    data["kinds"] = [k for k in data["kinds"] if k["slug"] != "lalamiko"]


BROKEN: list[tuple[str, Callable[[Data], None], str]] = [
    ("missing office_hours.open", _delete("office_hours.open"),
     "charter: missing key office_hours.open"),
    ("missing council", _delete("council"), "charter: missing key council"),
    ("capital slug", _set("departments[3].slug", "Maji"),
     "charter: departments[3].slug 'Maji' must be lowercase ASCII letters"),
    ("dashed slug", _set("departments[1].slug", "elimu-msingi"), "departments[1].slug"),
    ("duplicate slug", _set("departments[5].slug", "maji"),
     "departments[5].slug 'maji' is used twice"),
    ("short too long", _set("departments[1].short", "Elimu ya Msingi"),
     "departments[1].short 'Elimu ya Msingi' is 15 characters; at most 14 fit"),
    ("short_name too long", _set("council.short_name", "Makete District"),
     "council.short_name"),
    ("curly apostrophe", _set("council.wards[16]", "Mang\u2019oto"),
     "council.wards[16] 'Mang\u2019oto' has characters outside the GSM-7 basic set"),
    ("curly quote in a name", _set("departments[0].name", "\u201cUtawala\u201d"),
     "departments[0].name"),
    ("no wards", _set("council.wards", []), "council.wards must list at least one ward"),
    ("duplicate ward", _set("council.wards[1]", "Bulongwa"),
     "council.wards[1] 'Bulongwa' is listed twice"),
    ("wards not a list", _set("council.wards", "Iwawa"), "council.wards must be a list"),
    ("no lalamiko", _drop_lalamiko, "kinds must include a kind with slug 'lalamiko'"),
    ("bad unit", _set("kinds[0].answer.unit", "days"),
     "charter: kinds[0].answer.unit must be 'working_days' or 'working_hours'"),
    ("zero amount", _set("kinds[0].acknowledge.amount", 0), "kinds[0].acknowledge.amount 0"),
    ("bool amount", _set("appeal.amount", True), "appeal.amount must be a whole number"),
    ("text amount", _set("escalate_to_ded_after.amount", "2"),
     "escalate_to_ded_after.amount must be a whole number"),
    ("misspelt answer", _set("kinds[2].anwser", {"amount": 3, "unit": "working_days"}),
     "unknown key kinds[2].anwser"),
    ("override of unknown kind", _set("overrides[0].kind", "kero"),
     "overrides[0].kind 'kero' is not a slug listed in kinds"),
    ("override of unknown department", _set("overrides[0].department", "water"),
     "overrides[0].department 'water' is not a slug listed in departments"),
    ("override without answer", _delete("overrides[0].answer"),
     "missing key overrides[0].answer"),
    ("time not HH:MM", _set("office_hours.close", "3:30pm"), "office_hours.close '3:30pm'"),
    ("hour 24", _set("office_hours.open", "24:00"), "office_hours.open '24:00'"),
    ("open after close", _set("office_hours.open", "16:00"),
     "office_hours.open 16:00 must be before office_hours.close 15:30"),
    ("month 13", _set("holidays.fixed[0].month", 13), "holidays.fixed[0].month 13 must be 1 to 12"),
    ("31 April", _set("holidays.fixed[2].day", 31),
     "holidays.fixed[2].day 31 is not a day of month 4"),
    ("bad dated date", _set("holidays.dated[1].date", "2026-02-30"),
     "holidays.dated[1].date '2026-02-30' must be a date written YYYY-MM-DD"),
    ("easter not bool", _set("holidays.easter", "yes"), "holidays.easter must be true or false"),
    ("missing easter", _delete("holidays.easter"), "missing key holidays.easter"),
    ("empty name", _set("kinds[1].name_sw", "  "), "kinds[1].name_sw must not be empty"),
    ("number as name", _set("contacts.phone", 262740016), "contacts.phone must be text"),
    ("unknown top-level key", _set("standards", {}), "unknown key standards"),
    ("greeting too long", _set("council.short_name_sw", "Halmashauri ya Wilaya Makete"),
     "council.short_name_sw 'Halmashauri ya Wilaya Makete' is 28 characters; at most 23 fit"),
    ("appeal window in working days", _set("appeal_within.unit", "working_days"),
     "charter: appeal_within.unit must be 'days'"),
    ("calendar days elsewhere", _set("appeal.unit", "days"),
     "charter: appeal.unit must be 'working_days' or 'working_hours'"),
    ("zero appeal window", _set("appeal_within.amount", 0), "appeal_within.amount 0"),
    ("missing external", _delete("external"), "charter: missing key external"),
    ("missing TAARIFA number", _delete("external.chragg_sms"),
     "charter: missing key external.chragg_sms"),
    ("letters in a number", _set("external.chragg_call", "0800 FREE"),
     "charter: external.chragg_call '0800 FREE' must be a phone number"),
    ("number too long for the SMS", _set("external.chragg_sms", "+255 754 460 259"),
     "external.chragg_sms '+255 754 460 259' is 16 characters; at most 13 fit"),
    ("misspelt external key", _set("external.takukru", "113"), "unknown key external.takukru"),
    ("capital institution slug", _set("institutions[0].slug", "RUWASA"),
     "charter: institutions[0].slug 'RUWASA' must be lowercase ASCII letters"),
    ("duplicate institution", _set("institutions[1].slug", "ruwasa"),
     "institutions[1].slug 'ruwasa' is used twice"),
    ("institution without contact", _delete("institutions[2].contact"),
     "missing key institutions[2].contact"),
    ("contact too long for the SMS", _set("institutions[0].contact", "x" * 31),
     "institutions[0].contact"),
    ("curly quote in a contact", _set("institutions[3].contact", "\u201c112\u201d"),
     "institutions[3].contact"),
    ("ward_answers not bool", _set("kinds[0].ward_answers", "yes"),
     "kinds[0].ward_answers must be true or false"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "message"), [(m, msg) for _, m, msg in BROKEN], ids=[i for i, _, _ in BROKEN]
)
def test_broken_charter_names_the_key(
    data: Data, mutate: Callable[[Data], None], message: str
) -> None:
    broken = copy.deepcopy(data)
    mutate(broken)
    with pytest.raises(CharterError) as raised:
        parse_charter(broken)
    assert message in str(raised.value)
    assert str(raised.value).startswith("charter: ")


def test_bundled_institutions_outside_the_council(charter: Charter) -> None:
    assert [i.slug for i in charter.institutions] == ["ruwasa", "tarura", "tanesco", "polisi"]
    ruwasa = charter.institution("ruwasa")
    assert ruwasa is not None and ruwasa.name.startswith("RUWASA") and ruwasa.contact
    assert charter.institution("maji") is None  # a department is not an institution
    assert not any(kind.ward_answers for kind in charter.kinds)  # the departments answer


def test_optional_sections_may_be_left_out(data: Data) -> None:
    del data["institutions"]
    del data["overrides"]
    del data["holidays"]["fixed"]
    del data["holidays"]["dated"]
    assert "unit" not in data["departments"][0]  # an idara need not say unit = false
    charter = parse_charter(data)
    assert charter.department("utawala").unit is False
    assert charter.overrides == ()
    assert charter.fixed_holidays == charter.dated_holidays == ()
    assert charter.institutions == ()
    assert charter.answer_standard("lalamiko", "maji") == Standard(14, "working_days")


def test_the_greeting_and_the_appeal_window_have_defaults(data: Data) -> None:
    del data["council"]["short_name_sw"], data["council"]["short_name_en"], data["appeal_within"]
    data["external"]["chragg_call"] = "0800 110 000"
    charter = parse_charter(data)
    assert charter.short_name_sw == charter.short_name_en == "Makete DC"
    assert charter.appeal_within == Standard(30, "days")
    assert charter.external.chragg_call == "0800 110 000"


def test_quoted_date_and_native_time_are_accepted(data: Data) -> None:
    data["holidays"]["dated"][0]["date"] = "2026-03-21"
    data["office_hours"]["open"] = time(8, 0)
    charter = parse_charter(data)
    assert charter.dated_holidays[0].date == date(2026, 3, 21)
    assert charter.office_open == time(8, 0)


# --- mistakes in the file itself ------------------------------------------------------------------


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    text = bundled_charter_path().read_text(encoding="utf-8")
    broken = tmp_path / "makete.toml"
    broken.write_text(text.replace('short_name = "Makete DC"', 'short_name = "Makete DC'))
    with pytest.raises(CharterError, match=r"makete\.toml is not valid TOML"):
        load_charter(broken)


def test_edited_toml_text_is_validated(tmp_path: Path) -> None:
    text = bundled_charter_path().read_text(encoding="utf-8")
    edited = tmp_path / "edited.toml"
    edited.write_text(text.replace('unit = "working_days"\n\n# How long', 'unit = "days"\n\n# How'))
    with pytest.raises(CharterError, match=r"^charter: appeal\.unit must be"):
        load_charter(edited)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CharterError, match="not found"):
        load_charter(tmp_path / "nowhere.toml")
