"""The SMS the charter engine sends: to officers (new work, reminders, escalations, answers to
their commands) and to citizens (each step of their item, the satisfaction question, appeals).

Pure: each builder takes the language first and returns the final SMS string, which the edge
queues as it is. Every message is GSM-7 basic (a single curly quote would make it UCS-2 and
double its cost) and fits ONE 160-character part with the longest real values. Text someone
typed (a description, reply, note, reason, question, decision) is the one part that can be long:
`fit_sms` cuts it with ".." to what the fixed parts leave, so the reference, the date and the
instructions (POKEA <ref> PIN, "Umeridhika? Jibu 1 ndiyo, 2 hapana") always arrive whole. The
DED's appeal SMS carries two such texts, the item's description and the citizen's reason, and
shares the room between them (`fit_sms_two`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from charter.calendar import EAT
from charter.gsm7 import gsm7_length, to_gsm7_basic
from words.catalogue import (
    TEXTS,
    THANKED_KINDS,
    due_sentence,
    format_date,
    item_status,
    kind_values,
    language_or_default,
    spoken_time,
    text,
)

__all__ = [
    "officer_appointment_booked",
    "officer_extension_decided",
    "whole_sms",
    "part_room",
    "TooLong",
    "REQUEST_ACTIONS",
    "officer_holiday_estimate",
    "officer_low_balance",
    "officer_wait_over",
    "citizen_wait_over",
    "citizen_wait_reminder",
    "citizen_appeal_late",
    "citizen_request_late",
    "CALLER_NAME_MAX",
    "LABEL_MAX",
    "OFFICER_LIMIT",
    "OFFICER_MAX_PARTS",
    "OFFICER_NAME_MAX",
    "SMS_LIMIT",
    "citizen_acknowledged",
    "citizen_appointment",
    "citizen_appointment_cancelled",
    "citizen_appointment_reminder",
    "citizen_cancel_refused",
    "citizen_appeal_decided",
    "citizen_appeal_opened",
    "citizen_decision_carried_out",
    "citizen_ask_why",
    "citizen_date_moved",
    "citizen_escalated",
    "citizen_extended",
    "citizen_external_route",
    "citizen_question",
    "citizen_referral_undone",
    "citizen_referred",
    "institution_referral",
    "citizen_reply",
    "citizen_resolved",
    "citizen_satisfied",
    "citizen_status",
    "citizen_transferred",
    "who_acted",
    "fit_sms",
    "fit_sms_two",
    "officer_appeal_opened",
    "officer_appointment_cancelled",
    "officer_citizen_answered",
    "officer_decision_carried_out",
    "officer_decision_to_carry_out",
    "officer_done",
    "officer_escalation",
    "officer_extension_request",
    "officer_list",
    "officer_read",
    "officer_unowned",
    "officer_welcome",
    "officer_new_pin",
    "officer_new_password",
    "SECRET_MASK",
    "officer_unowned_caught",
    "officer_new_item",
    "officer_pin_locked",
    "officer_refusal",
    "officer_reminder",
]

SMS_LIMIT = 160  # septets in one GSM-7 part: the council pays per part
# Officers are staff reading their work, not citizens: their lists and items may run to a few
# parts (153 septets each once split), never more: the charter file's `[sms] max_parts`, by
# default this.
OFFICER_MAX_PARTS = 3
OFFICER_LIMIT = 153 * OFFICER_MAX_PARTS
OFFICER_NAME_MAX = 30  # an officer's name in a message to their head
# A named complainant's name in the officer's SMS; the phone number after it is never cut, since
# it is how the officer reaches them.
CALLER_NAME_MAX = 20
LABEL_MAX = 20  # a ward or kind name from the charter file, as on USSD screens
_CUT = ".."
_FREE = "\x00"  # marks where the free text goes while a template is split around it


# ---------------------------------------------------------------------------------------------
# The one way a message is assembled


def fit_sms(head: str, free: str = "", tail: str = "", limit: int = SMS_LIMIT) -> str:
    """One GSM-7 SMS: fixed `head` and `tail` whole, the `free` text between cut to fit."""
    head, tail = to_gsm7_basic(head), to_gsm7_basic(tail)
    room = limit - gsm7_length(head) - gsm7_length(tail)
    message = head + _cut(to_gsm7_basic(" ".join(free.split())), room) + tail
    # A safety net for data nobody measured (a council renamed at 40 characters): one part,
    # even if the end goes. Tests render every message with the longest real values.
    return _cut(message, limit) if gsm7_length(message) > limit else message


class TooLong(ValueError):
    """An officer's own words do not fit the parts allowed: `over` characters (GSM-7 septets)
    must be cut; nothing is sent."""

    def __init__(self, over: int) -> None:
        super().__init__(f"{over} characters too long")
        self.over = over


def part_room(parts: int) -> int:
    """Septets a message of at most `parts` GSM-7 parts holds: 160 in one, 153 a part after."""
    return SMS_LIMIT if parts <= 1 else 153 * parts


def whole_sms(head: str, words: str, tail: str, parts: int) -> str:
    """An SMS carrying someone's `words` whole, in up to `parts` parts; TooLong otherwise."""
    message = to_gsm7_basic(head + " ".join(words.split()) + tail)
    over = gsm7_length(message) - part_room(parts)
    if over > 0:
        raise TooLong(over)
    return message


def fit_sms_two(head: str, first: str, middle: str, second: str, tail: str) -> str:
    """One GSM-7 SMS with two free texts, cut to share the room the fixed parts leave.

    The second (the newer words: an appeal's reason) has first claim on three fifths of the
    room; a text shorter than its share is kept whole and the other gets the rest.
    """
    head, middle, tail = (to_gsm7_basic(part) for part in (head, middle, tail))
    first, second = (to_gsm7_basic(" ".join(free.split())) for free in (first, second))
    room = SMS_LIMIT - sum(gsm7_length(part) for part in (head, middle, tail))
    second = _cut(second, max(room * 3 // 5, room - gsm7_length(first)))
    first = _cut(first, room - gsm7_length(second))
    return fit_sms(head + first + middle + second + tail)


def _cut(value: str, room: int) -> str:
    """Value within `room` septets, ending in ".." when something was cut."""
    if gsm7_length(value) <= room:
        return value
    if room < len(_CUT) + 1:
        return _prefix(value, max(room, 0))
    return _prefix(value, room - len(_CUT)).rstrip() + _CUT


def _prefix(value: str, septets: int) -> str:
    """The longest prefix of value that takes at most `septets` septets."""
    used = 0
    for index, char in enumerate(value):
        used += gsm7_length(char)
        if used > septets:
            return value[:index]
    return value


def _around(language: str, key: str, free: str, **values: object) -> tuple[str, str]:
    """The text `key` split into what comes before and after its free-text placeholder."""
    template = TEXTS[language_or_default(language)][key]
    head, _, tail = template.format(**values, **{free: _FREE}).partition(_FREE)
    return head, tail


def _with_free(language: str, key: str, free: str, value: str, **values: object) -> str:
    """The text `key` as one SMS, its placeholder `free` filled with `value` cut to fit."""
    head, tail = _around(language, key, free, **values)
    return fit_sms(head, value, tail)


def _whole(language: str, key: str, free: str, value: str, parts: int, **values: object) -> str:
    """The text `key` with an officer's own words (`free`) whole, in up to `parts` parts."""
    head, tail = _around(language, key, free, **values)
    return whole_sms(head, value, tail, parts)


def _sentences(*parts: str) -> str:
    """Non-empty parts joined by spaces."""
    return " ".join(part for part in parts if part)


def _day(day: date | None) -> str:
    """A date as the SMS shows it; "-" when the edge has none."""
    return format_date(day) if day is not None else "-"


def _named(department: str | None) -> str | None:
    """A department's short name, or None for none (the edge may pass "-" or "")."""
    if department is None or department.strip() in ("", "-"):
        return None
    return " ".join(department.split())


def _item(reference: str, department: str | None) -> str:
    """ "123456789 (Maji)", or the reference alone while the desk routes it."""
    named = _named(department)
    return f"{reference} ({named})" if named else reference


def _short(value: str, limit: int) -> str:
    """A bounded value (a name) cut to `limit` with ".."."""
    return _cut(to_gsm7_basic(" ".join(value.split())), limit)


# ---------------------------------------------------------------------------------------------
# To officers


def officer_new_item(
    language: str,
    council: str,
    kind: str,
    reference: str,
    ward: str | None,
    description: str,
    due: date | None,
    caller: str | None,
    days: tuple[date, ...] = (),
    action_key: str = "officer_new_item_action",
    with_head: bool = False,
    department: str | None = None,
) -> str:
    """New work for an officer: kind, department (the desk's when none), ward (or, for an
    appointment, whether the citizen asks for the head and the preferred days), due date,
    as much of the description as the one part allows (SOMA gives the rest), caller, and what
    to answer (accept; set an appointment; log a call)."""
    shown_days = " ".join(f"{day:%d/%m}" for day in days)
    named = _named(department)
    first = ", ".join(
        part
        for part in (
            text(language, "officer_new_item", council=council, kind=_short(kind, LABEL_MAX)),
            text(language, "officer_new_item_department", department=named)
            if named
            else text(language, "officer_new_item_desk"),
            text(language, "officer_new_item_ward", ward=_short(ward, LABEL_MAX)) if ward else "",
            text(language, "officer_new_item_head") if with_head else "",
            text(language, "officer_new_item_days", days=shown_days) if days else "",
            text(language, "officer_new_item_due", due=f"{due:%d/%m}") if due else "",
        )
        if part
    )
    quoted_head, quoted_tail = _around(language, "officer_new_item_description", "description")
    # An anonymous complainant's number never reaches the officer: nothing about them is shown.
    who = text(language, "officer_new_item_caller", caller=_caller(caller)) if caller else ""
    action = text(language, action_key, reference=reference)
    return fit_sms(
        f"{first}. {quoted_head}", description, f"{quoted_tail} {_sentences(who, action)}"
    )


def _caller(caller: str) -> str:
    """ "Name +255..." with the name cut so the phone number always fits whole."""
    name, _, phone = " ".join(caller.split()).rpartition(" ")
    if not name or not phone.startswith("+"):
        return _short(caller, CALLER_NAME_MAX)
    return f"{_short(name, CALLER_NAME_MAX)} {phone}"


# What a new item's officer is asked to answer, by kind: accept it, unless it is an appointment
# (set its date: MIADI) or a call-back (call, then log it: SIMU). Reminders and escalations about
# them ask for the same.
REQUEST_ACTIONS = {"miadi": "officer_new_appointment_action", "simu": "officer_new_call_action"}
_REMINDERS = {
    "answer": "officer_reminder",
    "acknowledge": "officer_reminder_acknowledge",
    "appeal": "officer_reminder_appeal",
    "carry_out": "officer_reminder_carry_out",
}
_ESCALATIONS = {
    "answer": "officer_escalation",
    "acknowledge": "officer_escalation_acknowledge",
    "appeal": "officer_escalation_appeal",
    "carry_out": "officer_escalation_carry_out",
}


def _act(language: str, stage: str, kind: str, reference: str, escalation: bool) -> str:
    """What the officer is asked to send about the item at this stage."""
    if stage == "appeal":
        key = "officer_appeal_act"
    elif stage == "carry_out":
        key = "officer_carry_out_act"
    elif stage == "acknowledge":
        key = "officer_new_item_action"
    elif kind in REQUEST_ACTIONS:
        key = f"officer_act_{kind}"  # the bare command: an escalation has the least room
    else:
        key = "officer_escalation_act" if escalation else "officer_act"
    return text(language, key, reference=reference)


def officer_reminder(
    language: str,
    council: str,
    reference: str,
    department: str,
    due: date | None,
    last_day: bool,
    stage: str = "answer",
    kind: str = "",
) -> str:
    """A reminder before a date: to the officer (the answer at half the time or one working day
    before, the acknowledgement on its day) or to the DED (an appeal's decision)."""
    when = "officer_reminder_last" if last_day else "officer_reminder_half"
    return fit_sms(
        _sentences(
            text(
                language,
                _REMINDERS[stage],
                council=council,
                item=_item(reference, department),
                due=_day(due),
            ),
            "" if stage == "acknowledge" else text(language, when),
            _act(language, stage, kind, reference, escalation=False),
        )
    )


def officer_escalation(
    language: str,
    council: str,
    reference: str,
    department: str,
    due: date | None,
    officer_name: str | None,
    level: str,
    stage: str = "answer",
    kind: str = "",
) -> str:
    """A date passed, climbing to the head ("head") or the DED ("ded"), asking them to act: the
    answer's, the acknowledgement's, or an appeal's decision (the DED's own)."""
    officer = (
        text(language, "officer_escalation_officer", officer=_short(officer_name, OFFICER_NAME_MAX))
        if officer_name
        else ""
    )
    ask = f"officer_escalation_{level}"  # head, desk (where there is no head) or ded
    return fit_sms(
        _sentences(
            text(
                language,
                _ESCALATIONS[stage],
                council=council,
                item=_item(reference, department),
                due=_day(due),
            ),
            officer,
            text(language, ask),
            _act(language, stage, kind, reference, escalation=True),
        )
    )


def officer_wait_over(
    language: str, council: str, reference: str, department: str, due: date | None, closed: bool
) -> str:
    """The citizen never answered the officer's question: the clock runs again (with the new
    date), or the item closed, as the charter says."""
    key = "officer_wait_closed" if closed else "officer_wait_over"
    return fit_sms(
        text(language, key, council=council, item=_item(reference, department), due=_day(due))
    )


def officer_holiday_estimate(language: str, council: str, holiday: str, day: date) -> str:
    """To the desk: a moon-dated holiday ahead is only the calendar's estimate."""
    return fit_sms(
        text(
            language,
            "officer_holiday_estimate",
            council=council,
            holiday=_short(holiday, LABEL_MAX),
            date=format_date(day),
        )
    )


def officer_low_balance(
    language: str, council: str, currency: str, balance: Decimal, threshold: Decimal
) -> str:
    """To the desk and the DED: the SMS account's credit is below the council's alert."""
    return fit_sms(
        text(
            language,
            "officer_low_balance",
            council=council,
            balance=money(currency, balance),
            threshold=money(currency, threshold),
        )
    )


def money(currency: str, amount: Decimal) -> str:
    """An amount as the council writes it: "TZS 4,500.00"."""
    return f"{currency} {amount:,.2f}"


def officer_extension_request(
    language: str, council: str, reference: str, officer_name: str, days: int, reason: str
) -> str:
    """To the head: an officer asks for more days, why, and how to approve or refuse."""
    return _with_free(
        language,
        "officer_extension_request",
        "reason",
        reason,
        council=council,
        officer=_short(officer_name, OFFICER_NAME_MAX),
        days=days,
        reference=reference,
    )


def officer_appeal_opened(
    language: str,
    council: str,
    reference: str,
    department: str,
    description: str,
    reason: str,
    due: date | None,
) -> str:
    """To the DED: an appeal, what the item says, the reason, the date to decide by and how."""
    template = TEXTS[language_or_default(language)]["officer_appeal_opened"]
    filled = template.format(
        council=council,
        item=_item(reference, department),
        description=_FREE,
        reason=_FREE,
        due=_day(due),
        reference=reference,
    )
    head, middle, tail = filled.split(_FREE)
    return fit_sms_two(head, description, middle, reason, tail)


def officer_decision_to_carry_out(
    language: str,
    council: str,
    reference: str,
    department: str,
    decision: str,
    due: date | None,
    parts: int,
) -> str:
    """To the department's head and officer: the DED's decision, whole (in up to `parts`), to
    carry out and report back on by `due`. A decision that somehow does not fit is cut to the
    parts rather than lost (SOMA reads the record)."""
    head, tail = _around(
        language,
        "officer_decision_to_carry_out",
        "decision",
        council=council,
        item=_item(reference, department),
        due=_day(due),
        reference=reference,
    )
    try:
        return whole_sms(head, decision, tail, parts)
    except TooLong:
        return fit_sms(head, decision, tail, limit=part_room(parts))


def officer_decision_carried_out(
    language: str, council: str, reference: str, department: str, note: str
) -> str:
    """To the DED: the department reports the decision carried out, with what it did."""
    return _with_free(
        language,
        "officer_decision_carried_out",
        "note",
        note,
        council=council,
        item=_item(reference, department),
    )


def officer_pin_locked(
    language: str, council: str, name: str, phone: str, tries: int, until_unlocked: bool
) -> str:
    """To the desk: an officer's phone locked a second time in a row (for hours), or for good."""
    how = text(
        language,
        "officer_pin_locked_desk" if until_unlocked else "officer_pin_locked_hours",
        phone=phone,
    )
    return fit_sms(
        text(
            language,
            "officer_pin_locked",
            council=council,
            name=_short(name, OFFICER_NAME_MAX),
            phone=phone,
            tries=tries,
            how=how,
        )
    )


def officer_citizen_answered(language: str, council: str, reference: str, answer: str) -> str:
    """The citizen's answer to the officer's question (ULIZA), forwarded; the clock runs again."""
    return _with_free(
        language,
        "officer_citizen_answered",
        "answer",
        answer,
        council=council,
        reference=reference,
    )


def officer_done(
    language: str,
    action: str,
    reference: str,
    detail: str = "",
    parts: int = 0,
    later: datetime | None = None,
    outcome: str = "",
) -> str:
    """The confirmation of an officer's action, with its detail (new department, new date),
    and what became of the citizen's SMS, if one was queued: in how many `parts`, told now or
    `later` (after quiet hours), never "told" while it still waits. An `outcome` says where the
    item went when not where it was sent (a transfer to a department with no officer)."""
    catalogue = TEXTS[language_or_default(language)]
    key = f"officer_done_{action}"
    if outcome and f"{key}_{outcome}" in catalogue:
        key = f"{key}_{outcome}"
    done = text(language, key if key in catalogue else "officer_done_other", reference=reference)
    sms = ""
    if parts:
        sms = " " + (
            text(language, "officer_sms_later", when=_when(language, later), parts=parts)
            if later is not None
            else text(language, "officer_sms_now", parts=parts)
        )
    if not detail:
        return fit_sms(done + sms)
    if f"{key}_detail" in catalogue:
        head, tail = _around(language, f"{key}_detail", "detail")
        return fit_sms(f"{done} {head}", detail, tail + sms)
    return fit_sms(f"{done} ", detail, sms)


def _when(language: str, moment: datetime | None) -> str:
    """When an SMS waiting out quiet hours goes: "07/12 saa 1:00 asubuhi" ("07/12 07:00")."""
    if moment is None:
        return "-"
    local = moment.astimezone(EAT)
    return f"{local:%d/%m} {spoken_time(language, local.time())}"


def officer_extension_decided(
    language: str,
    council: str,
    reference: str,
    days: int,
    approved: bool,
    due: date | None,
    reason: str = "",
) -> str:
    """To the officer who asked for more time: the head's (or the DED's) answer, with the date
    the item is now due, and the reason for a refusal if one was given."""
    values = {"council": council, "reference": reference, "days": days, "due": _day(due)}
    if approved:
        return fit_sms(text(language, "officer_extension_approved", **values))
    head, tail = _around(language, "officer_extension_refused", "reason", **values)
    return fit_sms(head, f': "{reason}"' if reason else "", tail)


def officer_list(
    language: str,
    council: str,
    items: list[tuple[str, str | None, int | None]],
    total: int | None = None,
    parts: int = OFFICER_MAX_PARTS,
) -> str:
    """ORODHA: the officer's open items, most urgent first, as many as fit in `parts` parts.

    Each item is (reference, ward, whole working days left: negative when overdue, None when
    no date is owed); `total` counts items beyond those given, and what does not fit is counted
    at the end.
    """
    count = max(total or 0, len(items))
    if count == 0:
        return fit_sms(text(language, "officer_list_empty", council=council))
    head = text(language, "officer_list", council=council, count=count)
    lines: list[str] = []
    for index, (reference, ward, days) in enumerate(items):
        place = _short(ward, LABEL_MAX) if ward else ""
        line = " ".join(part for part in (reference, place, _left(language, days)) if part)
        rest = count - index - 1
        more = [text(language, "officer_list_more", count=rest)] if rest else []
        if gsm7_length(to_gsm7_basic("\n".join([head, *lines, line, *more]))) > part_room(parts):
            more = [text(language, "officer_list_more", count=count - index)]
            return fit_sms("\n".join([head, *lines, *more]), limit=part_room(parts))
        lines.append(line)
    rest = count - len(items)
    more = [text(language, "officer_list_more", count=rest)] if rest else []
    return fit_sms("\n".join([head, *lines, *more]), limit=part_room(parts))


def _left(language: str, days: int | None) -> str:
    """ "siku 3" left, "imechelewa siku 2", "leo", or nothing when no date is owed."""
    if days is None:
        return ""
    if days == 0:
        return text(language, "officer_list_today")
    if days < 0:
        return text(language, "officer_list_late", days=-days)
    return text(language, "officer_list_left", days=days)


def officer_read(
    language: str,
    council: str,
    reference: str,
    kind: str,
    department: str | None,
    ward: str | None,
    status: str,
    due: date | None,
    description: str,
    caller: str | None,
    events: list[tuple[date, str]],
    parts: int = OFFICER_MAX_PARTS,
) -> str:
    """SOMA: one item's whole description (cut only past `parts` parts) and its last events."""
    first = ", ".join(
        part
        for part in (
            f"{council}: {reference} {_short(kind, LABEL_MAX)}",
            _named(department) or "",
            text(language, "officer_new_item_ward", ward=_short(ward, LABEL_MAX)) if ward else "",
            _known(language, f"officer_status_{status}", status),
            text(language, "officer_new_item_due", due=format_date(due)) if due else "",
        )
        if part
    )
    who = text(language, "officer_new_item_caller", caller=_caller(caller)) if caller else ""
    whole = to_gsm7_basic(" ".join(description.split()))
    # The description first: the oldest of the events shown give way to it, one by one.
    for shown in range(len(events), -1, -1):
        record = "; ".join(
            f"{day.strftime('%d/%m')} {_known(language, 'event_' + event, event)}"
            for day, event in events[len(events) - shown :]
        )
        said = text(language, "officer_read_events", events=record) if record else ""
        head, tail = f'{first}. "', f'" {_sentences(who, said)}'.rstrip()
        if gsm7_length(to_gsm7_basic(head + whole + tail)) <= part_room(parts):
            break
    return fit_sms(head, description, tail, limit=part_room(parts))


def _known(language: str, key: str, fallback: str) -> str:
    """The catalogue's text for `key`, or `fallback` when it has none."""
    return text(language, key) if key in TEXTS[language_or_default(language)] else fallback


def officer_unowned(language: str, council: str, count: int, references: list[str]) -> str:
    """Items that had nobody responsible, now the officer's: how many and the most urgent."""
    return fit_sms(
        text(
            language,
            "officer_unowned",
            council=council,
            count=count,
            references=", ".join(references),
        )
    )


def officer_unowned_caught(language: str, council: str, count: int, references: list[str]) -> str:
    """To the desk: items found with no officer, now routed; how many and the most urgent."""
    return fit_sms(
        text(
            language,
            "officer_unowned_caught",
            council=council,
            count=count,
            references=", ".join(references),
        )
    )


# What stands for a PIN or password in the SMS kept once it is sent (as "****" stands for a PIN
# in an officer's stored command).
SECRET_MASK = "****"


def officer_welcome(
    language: str, council: str, role: str, department: str | None, ward: str | None, pin: str
) -> str:
    """To a newly registered officer: their role and their SMS PIN (or SECRET_MASK)."""
    who = who_acted(language, role, department, ward)
    return fit_sms(text(language, "officer_welcome", council=council, who=who, pin=pin))


def officer_new_pin(language: str, council: str, pin: str) -> str:
    """To an officer: the SMS PIN the desk gave them (or SECRET_MASK); the old one is gone."""
    return fit_sms(text(language, "officer_new_pin", council=council, pin=pin))


def officer_new_password(language: str, council: str, password: str) -> str:
    """To an officer: the console password the desk gave them (or SECRET_MASK)."""
    return fit_sms(text(language, "officer_new_password", council=council, password=password))


def officer_refusal(
    language: str,
    reason: str,
    reference: str | None = None,
    action: str | None = None,
    slugs: str = "",
    over: int | None = None,
    parts: int = 0,
) -> str:
    """A short refusal that changed nothing; the usage line for a malformed command (the
    command's own, for those that have one; `slugs` lists the institutions PELEKA takes). The
    card of every command, for a word that is none, takes two parts: it lists them all."""
    catalogue = TEXTS[language_or_default(language)]
    key = f"officer_refusal_{reason}"
    if reason.startswith("usage") and f"officer_usage_{action}" in catalogue:
        key = f"officer_usage_{action}"
    if key not in catalogue:
        key = "officer_refusal_usage"
    refusal = text(language, key, slugs=slugs, over=over, parts=parts)
    limit = part_room(2) if key == "officer_refusal_usage" else SMS_LIMIT
    return fit_sms(f"{reference}: {refusal}" if reference else refusal, limit=limit)


# ---------------------------------------------------------------------------------------------
# To citizens


def who_acted(
    language: str,
    role: str,
    department: str | None = None,
    ward: str | None = None,
    short: bool = False,
) -> str:
    """The role that acted, as a citizen's SMS names it ("afisa wa Maji", "the head of Maji",
    "Afisa Mtendaji wa Kata ya Iwawa"); `short` leaves out the department or ward."""
    role = role if role in ("officer", "head", "desk", "weo", "ded") else "officer"
    place = _named(ward if role == "weo" else department)
    key = f"who_{role}"
    if short or (role in ("officer", "head", "weo") and place is None):
        key += "_any"
    return text(
        language,
        key,
        department=_short(place or "", LABEL_MAX),
        ward=_short(place or "", LABEL_MAX),
    )


def _who(who: str) -> dict[str, str]:
    """`{who}` in a sentence, and `{Who}` at its start."""
    return {"who": who, "Who": who[:1].upper() + who[1:]}


def citizen_acknowledged(
    language: str,
    council: str,
    kind: str,
    kind_name: str,
    reference: str,
    who: str,
    due: date | None,
) -> str:
    """Who has the item (`who_acted`): working on a complaint or an enquiry, thankful for a
    suggestion or a compliment; the answer date, when one is owed."""
    key = "citizen_thanked" if kind in THANKED_KINDS else "citizen_acknowledged"
    taken = text(
        language,
        key,
        council=council,
        reference=reference,
        **_who(who),
        **kind_values(language, kind, _short(kind_name, LABEL_MAX)),
    )
    return fit_sms(_sentences(taken, due_sentence(language, due)))


def citizen_status(
    language: str,
    council: str,
    kind: str,
    kind_name: str,
    reference: str,
    status: str,
    department: str | None,
    due: date | None,
    due_what: str,
    appeal_until: date | None,
) -> str:
    """The answer to HALI: what the item is, its department, the date that matters now, how to
    answer a question, and while it may be appealed, how and until when."""
    appeal = (
        text(language, "sms_appealable", reference=reference, until=format_date(appeal_until))
        if appeal_until
        else ""
    )
    head = f"{council}: "
    told = item_status(
        language,
        kind,
        _short(kind_name, LABEL_MAX),
        reference,
        status,
        _named(department),
        due,
        due_what,
        appeal,
        join=" ",
        room=SMS_LIMIT - gsm7_length(to_gsm7_basic(head)),
    )
    return fit_sms(head + told)


def citizen_reply(
    language: str, council: str, reference: str, reply: str, who: str, parts: int
) -> str:
    """The officer's reply (JIBU), relayed whole to the citizen, naming who replied."""
    return _whole(
        language,
        "citizen_reply",
        "reply",
        reply,
        parts,
        council=council,
        reference=reference,
        **_who(who),
    )


def citizen_question(
    language: str, council: str, reference: str, question: str, who: str, parts: int
) -> str:
    """The officer's question (ULIZA), whole, and how to answer: JIBU <ref> kisha jibu lako."""
    return _whole(
        language,
        "citizen_question",
        "question",
        question,
        parts,
        council=council,
        reference=reference,
        **_who(who),
    )


def citizen_transferred(
    language: str, council: str, reference: str, department: str, due: date | None, who: str
) -> str:
    """The item moved to another department; the answer date (which may have changed)."""
    moved = text(
        language,
        "citizen_transferred",
        council=council,
        reference=reference,
        department=_named(department) or text(language, "sms_desk"),
        **_who(who),
    )
    return fit_sms(_sentences(moved, due_sentence(language, due)))


def citizen_extended(
    language: str,
    council: str,
    reference: str,
    new_due: date | None,
    words: str | None,
    who: str,
    parts: int,
) -> str:
    """More time approved: who, the new date, and the officer's words for the citizen, whole,
    if they gave any (their reason to the head is staff's, never sent)."""
    values = {"council": council, "reference": reference, "due": _day(new_due), **_who(who)}
    if not words:
        return fit_sms(text(language, "citizen_extended_plain", **values))
    return _whole(language, "citizen_extended", "words", words, parts, **values)


def citizen_resolved(
    language: str, council: str, reference: str, note: str, who: str, parts: int
) -> str:
    """The officer's closing note, whole, then the satisfaction question."""
    return _whole(
        language,
        "citizen_resolved",
        "note",
        note,
        parts,
        council=council,
        reference=reference,
        **_who(who),
    )


def citizen_date_moved(
    language: str, council: str, reference: str, new_due: date | None, holiday_name: str
) -> str:
    """A holiday added later moved the answer date."""
    return _with_free(
        language,
        "citizen_date_moved",
        "holiday",
        holiday_name,
        council=council,
        reference=reference,
        due=_day(new_due),
    )


def citizen_satisfied(language: str, council: str, reference: str) -> str:
    """Thanks for a "1": satisfied, the item closes."""
    return fit_sms(text(language, "citizen_satisfied", council=council, reference=reference))


def citizen_ask_why(language: str, council: str, reference: str, hours: int) -> str:
    """After a "2": why not satisfied? The next SMS, within `hours`, is the appeal's reason."""
    return fit_sms(
        text(language, "citizen_ask_why", council=council, reference=reference, hours=hours)
    )


def citizen_appeal_opened(language: str, council: str, reference: str, due: date | None) -> str:
    """The appeal is with the DED, who decides by `due`."""
    opened = text(language, "citizen_appeal_opened", council=council, reference=reference)
    due_part = text(language, "citizen_appeal_due", due=format_date(due)) if due else ""
    return fit_sms(_sentences(opened, due_part))


def citizen_referred(
    language: str,
    council: str,
    kind: str,
    kind_name: str,
    reference: str,
    institution: str,
    contact: str,
    who: str,
    sent: bool = False,
) -> str:
    """The item is another institution's: what the council did (`sent` it to the institution's
    SMS number, or advised the citizen to contact it), who (`who_acted(..., short=True)`: the
    SMS has no room for a place) and how to reach them."""
    return fit_sms(
        text(
            language,
            "citizen_referred_sent" if sent else "citizen_referred",
            council=council,
            reference=reference,
            institution=institution,
            contact=contact,
            **_who(who),
            **kind_values(language, kind, _short(kind_name, LABEL_MAX)),
        )
    )


def institution_referral(
    language: str,
    council: str,
    kind_name: str,
    reference: str,
    ward: str | None,
    description: str,
    caller: str | None,
) -> str:
    """To an institution's own SMS number: an item referred to it, with its ward, as much of
    the description as one part allows, and the citizen's name and number (never cut) unless
    they filed anonymously."""
    who = (
        text(language, "institution_referral_caller", caller=_caller(caller))
        if caller
        else text(language, "institution_referral_anonymous")
    )
    head, tail = _around(
        language,
        "institution_referral",
        "description",
        council=council,
        kind=_short(kind_name, LABEL_MAX),
        reference=reference,
        ward=(
            " (" + text(language, "officer_new_item_ward", ward=_short(ward, LABEL_MAX)) + ")"
            if ward
            else ""
        ),
    )
    return fit_sms(head, description, f"{tail} {who}")


def citizen_referral_undone(
    language: str, council: str, kind: str, reference: str, due: date | None, who: str
) -> str:
    """A referral made in error was undone: the council works on the item, by `due`."""
    back = text(
        language,
        "citizen_referral_undone",
        council=council,
        reference=reference,
        **_who(who),
        **kind_values(language, kind, ""),
    )
    return fit_sms(_sentences(back, due_sentence(language, due)))


def citizen_escalated(
    language: str,
    council: str,
    kind: str,
    reference: str,
    missed: date | None,
    due: date | None,
) -> str:
    """The council missed its date, so the DED took the item up and answers by `due`."""
    return fit_sms(
        text(
            language,
            "citizen_escalated",
            council=council,
            reference=reference,
            missed=_day(missed),
            due=_day(due),
            **kind_values(language, kind, ""),
        )
    )


def citizen_request_late(language: str, council: str, reference: str) -> str:
    """A call-back or an appointment late at the DED's level: the DED is told (no appeal)."""
    return fit_sms(text(language, "citizen_request_late", council=council, reference=reference))


def citizen_appeal_late(language: str, council: str, reference: str, due: date | None) -> str:
    """The DED's decision on the citizen's appeal is late (the route beyond follows)."""
    return fit_sms(
        text(language, "citizen_appeal_late", council=council, reference=reference, due=_day(due))
    )


def citizen_wait_reminder(language: str, council: str, reference: str, until: date | None) -> str:
    """The council still waits for the citizen's answer to its question, until `until`."""
    return fit_sms(
        text(
            language,
            "citizen_wait_reminder",
            council=council,
            reference=reference,
            date=_day(until),
        )
    )


def citizen_wait_over(
    language: str,
    council: str,
    kind: str,
    kind_name: str,
    reference: str,
    due: date | None,
    closed: bool,
) -> str:
    """The wait for the citizen's answer ended: the council goes on without it (and answers by
    `due`), or the item closed, as the charter says."""
    if closed:
        return fit_sms(
            text(
                language,
                "citizen_wait_closed",
                council=council,
                reference=reference,
                **kind_values(language, kind, kind_name),
            )
        )
    return fit_sms(
        text(language, "citizen_wait_over", council=council, reference=reference, due=_day(due))
    )


def citizen_appeal_decided(
    language: str, council: str, reference: str, decision: str, parts: int
) -> str:
    """The DED's decision on the appeal, relayed whole."""
    return _whole(
        language,
        "citizen_appeal_decided",
        "decision",
        decision,
        parts,
        council=council,
        reference=reference,
    )


def citizen_decision_carried_out(language: str, council: str, reference: str) -> str:
    """The department reports the DED's decision carried out: the item is done."""
    return fit_sms(
        text(language, "citizen_decision_carried_out", council=council, reference=reference)
    )


def citizen_external_route(
    language: str, council: str, sms: str, call: str | None, takukuru: str
) -> str:
    """After the appeal: THBUB/CHRAGG (free: the number for TAARIFA, and its free call number
    when the charter has one) and TAKUKURU for corruption."""
    return fit_sms(
        text(
            language,
            "citizen_external_route" if call else "citizen_external_route_sms",
            council=council,
            sms=sms,
            call=call,
            takukuru=takukuru,
        )
    )


# ---------------------------------------------------------------------------------------------
# Appointments (gateway/casework/appointments.py)


def citizen_appointment(
    language: str,
    council: str,
    reference: str,
    whom: str,
    at: datetime,
    how: str,
    place: str | None = None,
) -> str:
    """The date and time an officer set ("set"), moved to ("moved": the earlier one is
    cancelled) or proposes ("proposed"), with whom and where; the time the Swahili way."""
    return _appointment(language, f"citizen_appointment_{how}", council, reference, whom, at, place)


def citizen_appointment_reminder(
    language: str, council: str, reference: str, whom: str, at: datetime, place: str | None
) -> str:
    """The working day before: the appointment's date, time and place."""
    key = "citizen_appointment_reminder"
    return _appointment(language, key, council, reference, whom, at, place)


def officer_appointment_booked(language: str, council: str, reference: str, at: datetime) -> str:
    """To the officer or head the citizen booked, when someone else set the meeting."""
    local = at.astimezone(EAT)
    return fit_sms(
        text(
            language,
            "officer_appointment_booked",
            council=council,
            reference=reference,
            day=text(language, "weekdays").split()[local.weekday()],
            date=format_date(local.date()),
            time=f"{local:%H:%M}",
        )
    )


def _appointment(
    language: str,
    key: str,
    council: str,
    reference: str,
    whom: str,
    at: datetime,
    place: str | None,
) -> str:
    """An appointment's SMS: whom, the day, the time the citizen's way, the place (left out
    rather than cut should a council's names not leave it room)."""
    values = {"council": council, "reference": reference, "whom": whom, **_moment(language, at)}
    with_place = text(language, key, place=f", {place}" if place else "", **values)
    if gsm7_length(to_gsm7_basic(with_place)) <= SMS_LIMIT:
        return fit_sms(with_place)
    return fit_sms(text(language, key, place="", **values))


def citizen_appointment_cancelled(language: str, council: str, reference: str) -> str:
    """The citizen's GHAIRI took effect."""
    return fit_sms(
        text(language, "citizen_appointment_cancelled", council=council, reference=reference)
    )


def citizen_cancel_refused(language: str, council: str, reference: str) -> str:
    """GHAIRI on an item that is not an appointment still to come."""
    return fit_sms(text(language, "citizen_cancel_refused", council=council, reference=reference))


def officer_appointment_cancelled(
    language: str, council: str, reference: str, at: datetime | None
) -> str:
    """The citizen cancelled: the officer need not keep the time."""
    return fit_sms(
        text(language, "officer_appointment_cancelled", council=council, reference=reference)
    )


def _moment(language: str, at: datetime) -> dict[str, str]:
    """An appointment's day name, date and time in East Africa Time."""
    local = at.astimezone(EAT)
    return {
        "day": text(language, "weekdays").split()[local.weekday()],
        "date": format_date(local.date()),
        "time": spoken_time(language, local.time()),
    }
