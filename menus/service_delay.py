"""A key service's delay (huduma muhimu): the service -> the day the citizen applied -> their
application number (or none) -> confirm.

The confirm screen shows the date the charter promised: the service's own standard counted from
the day they applied, on the calendar the edge passes in `Context`. Confirming returns
`FileComplaint` of the service-delay kind for the service's department with an empty screen;
the edge files it with that same deadline, so a delay already past its promise climbs to the
head of department at once, and the report measures each key service against its own standard.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from charter.calendar import EAT
from charter.deadlines import service_promise
from charter.gsm7 import to_gsm7_basic
from charter.model import Charter, KeyService
from menus.navigation import (
    BACK_MAX,
    DELAY_APPLIED,
    DELAY_CONFIRM,
    DELAY_NUMBER,
    DELAY_SERVICE,
    MAX_APPLICATION,
    SERVICE_DELAY,
    Context,
    FileComplaint,
    Handler,
    Position,
    Renderer,
    Reply,
    Session,
    chosen,
    collapse_spaces,
    con,
    end_screen,
    finish,
    go_forward,
    invalid,
    label,
    list_screen,
    required,
)
from words.catalogue import format_date, text

NO_NUMBER = "-"  # stored in the session when the citizen has no application number
OLDEST_APPLICATION = timedelta(days=366)  # older than a year is a dispute, not a delay
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?")


def start_service_delay(session: Session, ctx: Context) -> Reply:
    """Begin a service delay at the list of key services, forgetting earlier choices."""
    if not ctx.charter.key_services:
        return invalid(session)
    back = (*session.back, session.at)[-BACK_MAX:]
    return Reply(Session(lang=session.lang, at=Position(DELAY_SERVICE), back=back))


def promised(ctx: Context, service: KeyService, applied: date) -> date | None:
    """The day the charter promised the service: its standard from the day they applied."""
    if ctx.calendar is None:
        return None
    promise = service_promise(ctx.charter, ctx.calendar, service.slug, applied)
    return promise.astimezone(EAT).date()


def _on_service(session: Session, raw: str, ctx: Context) -> Reply:
    """Pick the key service."""
    service = chosen(raw, ctx.charter.key_services)
    if service is None:
        return invalid(session)
    return Reply(go_forward(session, Position(DELAY_APPLIED), service=service.slug, applied=None))


def _on_applied(session: Session, raw: str, ctx: Context) -> Reply:
    """The day they applied: dd/mm (this year, or last if still to come) or dd/mm/yyyy."""
    applied = _applied_on(raw, ctx.today)
    if applied is None:
        return Reply(session, hint=text(session.lang, "hint_applied"))
    return Reply(go_forward(session, Position(DELAY_NUMBER), applied=applied.isoformat()))


def _applied_on(raw: str, today: date | None) -> date | None:
    """The date typed, if it is a real day in the past year; None otherwise."""
    match = _DATE.fullmatch(raw.strip())
    if match is None or today is None:
        return None
    day, month, year = match.groups()
    try:
        if year is None:
            applied = date(today.year, int(month), int(day))
            if applied > today:
                applied = date(today.year - 1, int(month), int(day))
        else:
            applied = date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    except ValueError:
        return None
    if applied > today or today - applied > OLDEST_APPLICATION:
        return None
    return applied


def _on_number(session: Session, raw: str, ctx: Context) -> Reply:
    """The application number as typed, or 1 for none."""
    typed = collapse_spaces(raw)
    if typed == "1":
        return Reply(go_forward(session, Position(DELAY_CONFIRM), application=NO_NUMBER))
    if not typed or len(typed) > MAX_APPLICATION:
        return Reply(session, hint=text(session.lang, "hint_application", max=MAX_APPLICATION))
    return Reply(go_forward(session, Position(DELAY_CONFIRM), application=typed))


def _on_confirm(session: Session, raw: str, ctx: Context) -> Reply:
    """Confirm files the delay (the edge renders filed_screen); cancel ends the session."""
    choice = raw.strip()
    if choice == "1":
        service = ctx.charter.key_service(required(session.service))
        applied = date.fromisoformat(required(session.applied))
        number = None if session.application == NO_NUMBER else session.application
        description = text(
            session.lang,
            "delay_description",
            service=_service_name(service, session.lang),
            applied=format_date(applied),
            number=number or "-",
        )
        request = FileComplaint(
            kind=SERVICE_DELAY,
            department=service.department,
            ward=None,
            description=description,
            name=None,
            anonymous=False,
            language=session.lang,
            service=service.slug,
            application_number=number,
            applied_on=applied,
        )
        return finish(session, "", (request,))
    if choice == "2":
        return finish(session, end_screen(text(session.lang, "cancelled")))
    return invalid(session)


def _service_name(service: KeyService, lang: str) -> str:
    return label(service.name_sw if lang == "sw" else service.name_en)


def _service_names(charter: Charter, lang: str) -> list[str]:
    return [_service_name(service, lang) for service in charter.key_services]


def _render_service(session: Session, ctx: Context, hint: str | None) -> str:
    """The key services."""
    names = _service_names(ctx.charter, session.lang)
    return list_screen(text(session.lang, "delay_service"), names, False, session.lang, hint)


def _render_applied(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask the day they applied."""
    return con(hint, text(session.lang, "delay_applied") + "\n" + text(session.lang, "back_main"))


def _render_number(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask the application number."""
    return con(hint, text(session.lang, "delay_number") + "\n" + text(session.lang, "back_main"))


def _render_confirm(session: Session, ctx: Context, hint: str | None) -> str:
    """The service, the day applied and the day promised, the number; confirm or cancel."""
    lang = session.lang
    service = ctx.charter.key_service(required(session.service))
    applied = date.fromisoformat(required(session.applied))
    due = promised(ctx, service, applied)
    number = session.application if session.application != NO_NUMBER else "-"
    what = text(
        lang,
        "delay_confirm",
        service=_service_name(service, lang),
        applied=format_date(applied),
        due=format_date(due) if due else "-",
        number=to_gsm7_basic(number or "-"),
    )
    choices = text(lang, "confirm_choices") + "\n" + text(lang, "back")
    return con(hint, what + "\n" + choices)


HANDLERS: dict[str, Handler] = {
    DELAY_SERVICE: _on_service,
    DELAY_APPLIED: _on_applied,
    DELAY_NUMBER: _on_number,
    DELAY_CONFIRM: _on_confirm,
}
RENDERERS: dict[str, Renderer] = {
    DELAY_SERVICE: _render_service,
    DELAY_APPLIED: _render_applied,
    DELAY_NUMBER: _render_number,
    DELAY_CONFIRM: _render_confirm,
}
