"""Appointment (miadi): department -> an officer or the head -> the reason -> up to three
preferred working days -> confirm.

The days screen offers the next working days from the calendar the edge passes in `Context`
(public holidays, those added at runtime too, are never offered). Confirming returns
`FileComplaint` of the appointment kind with an empty screen: the edge files it like any item
(a reference, the charter's confirmation standard as its deadline, the department's officer
told) and answers with `filed_screen(...)`. The officer then confirms a date and time by SMS
(`MIADI`) or in the console.
"""

from __future__ import annotations

from datetime import date

from charter.calendar import WorkingCalendar
from charter.gsm7 import to_gsm7_basic
from menus.filing import department_screen, pick_department
from menus.navigation import (
    APPOINTMENT,
    APPT_CONFIRM,
    APPT_DAYS,
    APPT_DEPARTMENT,
    APPT_REASON,
    APPT_WHOM,
    BACK_MAX,
    DAYS_OFFERED,
    MAX_DAYS_CHOSEN,
    MAX_DESCRIPTION,
    MIN_DESCRIPTION,
    SCREEN_LIMIT,
    Context,
    FileComplaint,
    Handler,
    Position,
    Renderer,
    Reply,
    Session,
    compose,
    con,
    end_screen,
    finish,
    go_forward,
    invalid,
    label,
    required,
    shorten,
    take_text,
)
from words.catalogue import text

WHOM = {"1": "officer", "2": "head"}


def start_appointment(session: Session, ctx: Context) -> Reply:
    """Begin an appointment at the department list, forgetting earlier choices."""
    back = (*session.back, session.at)[-BACK_MAX:]
    return Reply(Session(lang=session.lang, at=Position(APPT_DEPARTMENT), back=back))


def offered_days(ctx: Context) -> tuple[date, ...]:
    """The working days the days screen offers: the next DAYS_OFFERED after today."""
    if ctx.today is None or ctx.calendar is None:
        return ()
    return _next_working_days(ctx.calendar, ctx.today, DAYS_OFFERED)


def _next_working_days(calendar: WorkingCalendar, today: date, count: int) -> tuple[date, ...]:
    days: list[date] = []
    day = today
    while len(days) < count:
        day = calendar.next_working_day(day)
        days.append(day)
    return tuple(days)


def _on_department(session: Session, raw: str, ctx: Context) -> Reply:
    """Department list: pick one, or 9 for the next page."""
    return pick_department(session, raw, ctx, APPT_DEPARTMENT, APPT_WHOM)


def _on_whom(session: Session, raw: str, ctx: Context) -> Reply:
    """1 an officer of the department, 2 its head."""
    whom = WHOM.get(raw.strip())
    if whom is None:
        return invalid(session)
    return Reply(go_forward(session, Position(APPT_REASON), whom=whom))


def _on_reason(session: Session, raw: str, ctx: Context) -> Reply:
    """The reason, free text kept as typed, between the description's limits."""
    return take_text(
        session, raw, Position(APPT_DAYS), "description", MIN_DESCRIPTION, MAX_DESCRIPTION
    )


def _on_days(session: Session, raw: str, ctx: Context) -> Reply:
    """Up to three of the offered days, by number: "1 3", "1,3" or "13"."""
    offered = offered_days(ctx)
    numbers = _day_numbers(raw)
    if not offered or numbers is None or not all(1 <= n <= len(offered) for n in numbers):
        hint = text(session.lang, "hint_days", max=len(offered), most=MAX_DAYS_CHOSEN)
        return Reply(session, hint=hint)
    chosen = " ".join(offered[n - 1].isoformat() for n in sorted(set(numbers)))
    return Reply(go_forward(session, Position(APPT_CONFIRM), days=chosen))


def _day_numbers(raw: str) -> list[int] | None:
    """The day numbers typed, separated or not; None unless one to three single digits."""
    digits = [char for char in raw if not char.isspace() and char not in ",.-"]
    if not digits or len(digits) > MAX_DAYS_CHOSEN:
        return None
    if not all(char.isascii() and char.isdigit() for char in digits):
        return None
    return [int(char) for char in digits]


def _on_confirm(session: Session, raw: str, ctx: Context) -> Reply:
    """Confirm asks for the appointment (the edge renders filed_screen); cancel ends it."""
    choice = raw.strip()
    if choice == "1":
        request = FileComplaint(
            kind=APPOINTMENT,
            department=required(session.department),
            ward=None,
            description=required(session.description),
            name=None,
            anonymous=False,
            language=session.lang,
            appointment_with=required(session.whom),
            preferred_days=tuple(date.fromisoformat(d) for d in required(session.days).split()),
        )
        return finish(session, "", (request,))
    if choice == "2":
        return finish(session, end_screen(text(session.lang, "cancelled")))
    return invalid(session)


def _render_department(session: Session, ctx: Context, hint: str | None) -> str:
    """The department list, on the page the session is at."""
    return department_screen(ctx.charter, session.lang, session.at.page, hint)


def _render_whom(session: Session, ctx: Context, hint: str | None) -> str:
    """An officer or the head."""
    return con(hint, text(session.lang, "appt_whom") + "\n" + text(session.lang, "back"))


def _render_reason(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask for the reason."""
    lang = session.lang
    prompt = text(lang, "appt_reason", min=MIN_DESCRIPTION, max=MAX_DESCRIPTION)
    return con(hint, prompt + "\n" + text(lang, "back_main"))


def _render_days(session: Session, ctx: Context, hint: str | None) -> str:
    """The offered working days, numbered, with their weekday names."""
    lang = session.lang
    lines = [text(lang, "appt_days", most=MAX_DAYS_CHOSEN)]
    lines += [f"{n} {day_label(lang, day)}" for n, day in enumerate(offered_days(ctx), 1)]
    lines.append(text(lang, "back"))
    return con(hint, "\n".join(lines))


def day_label(lang: str, day: date) -> str:
    """A day as the screens show it: "Alhamisi 03/12"."""
    return f"{text(lang, 'weekdays').split()[day.weekday()]} {day:%d/%m}"


def _render_confirm(session: Session, ctx: Context, hint: str | None) -> str:
    """Whom, which department, which days, as much of the reason as fits; confirm or cancel."""
    lang = session.lang
    whom = text(lang, f"appt_with_{required(session.whom)}")
    days = ", ".join(f"{date.fromisoformat(d):%d/%m}" for d in required(session.days).split())
    department = label(ctx.charter.department(required(session.department)).short)
    what = text(lang, "appt_confirm", whom=whom, department=department, days=days)
    choices = text(lang, "confirm_choices") + "\n" + text(lang, "back")
    frame = compose(hint, "\n".join([what, '""', choices]))
    room = SCREEN_LIMIT - len(frame)
    reason = shorten(to_gsm7_basic(required(session.description)), room)
    return con(hint, "\n".join([what, f'"{reason}"', choices]))


HANDLERS: dict[str, Handler] = {
    APPT_DEPARTMENT: _on_department,
    APPT_WHOM: _on_whom,
    APPT_REASON: _on_reason,
    APPT_DAYS: _on_days,
    APPT_CONFIRM: _on_confirm,
}
RENDERERS: dict[str, Renderer] = {
    APPT_DEPARTMENT: _render_department,
    APPT_WHOM: _render_whom,
    APPT_REASON: _render_reason,
    APPT_DAYS: _render_days,
    APPT_CONFIRM: _render_confirm,
}
