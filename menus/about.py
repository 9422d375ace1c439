"""What the charter tells every citizen: its standards, rights and duties; the language choice."""

from __future__ import annotations

from functools import lru_cache

from charter.model import (
    Charter,
    FeedbackKind,
    Standard,
)
from menus.navigation import (
    LANGUAGE,
    SCREEN_LIMIT,
    SERVICE_DELAY,
    STANDARDS,
    Context,
    Handler,
    Position,
    Renderer,
    Reply,
    Session,
    SetLanguage,
    clamp_page,
    compose,
    con,
    end_screen,
    go_forward,
    invalid,
    kind_label,
    label,
    main_session,
    menu_number,
)
from words.catalogue import TEXTS, text


def _on_standards(session: Session, raw: str, ctx: Context) -> Reply:
    """9 shows the next page of standards; 0 and 00 are handled before this."""
    pages = _standard_pages(ctx.charter, session.lang)
    page = clamp_page(session.at.page, pages)
    if menu_number(raw) == 9 and page + 1 < len(pages):
        return Reply(go_forward(session, Position(STANDARDS, page + 1)))
    return invalid(session)


def _on_language(session: Session, raw: str, ctx: Context) -> Reply:
    """1 Kiswahili, 2 English: remember it and show the main menu in that language."""
    chosen = {"1": "sw", "2": "en"}.get(raw.strip())
    if chosen is None:
        return invalid(session)
    return Reply(main_session(chosen), (SetLanguage(chosen),))


def standards_screen(charter: Charter, lang: str, page: int, hint: str | None) -> str:
    """What the charter promises, a page at a time: answer times by kind (with department
    exceptions), appeals, the council's phone, then letters, appointments, calls, key services."""
    pages = _standard_pages(charter, lang)
    page = clamp_page(page, pages)
    more = [text(lang, "more")] if page + 1 < len(pages) else []
    lines = [text(lang, "standards"), *pages[page], *more, text(lang, "back_main")]
    return con(hint, "\n".join(lines))


def rights_screen(charter: Charter, lang: str) -> str:
    """The END screen of the citizen's main rights and duties, and the council's contacts."""
    contacts = charter.contacts
    return end_screen(text(lang, "rights", phone=contacts.phone, address=contacts.address))


@lru_cache(maxsize=64)
def _standard_pages(charter: Charter, lang: str) -> tuple[tuple[str, ...], ...]:
    """The standards' lines grouped into pages that fit with the hint and "9 More"."""
    header, footer = text(lang, "standards"), text(lang, "back_main")
    worst_hint, more = text(lang, "hint_invalid"), text(lang, "more")
    pages: list[tuple[str, ...]] = []
    shown: list[str] = []
    for line in _standard_lines(charter, lang):
        # Measured with the hint and "9 More", so a page looks the same whatever is shown.
        body = "\n".join([header, *shown, line, more, footer])
        if shown and len(compose(worst_hint, body)) > SCREEN_LIMIT:
            pages.append(tuple(shown))
            shown = []
        shown.append(line)
    pages.append(tuple(shown))
    return tuple(pages)


def _standard_lines(charter: Charter, lang: str) -> list[str]:
    """One line a public kind that owes an answer, e.g. "Lalamiko 14 (Maji 5)", the DED's time
    to decide an appeal, how long a citizen may appeal ("Kata rufaa ndani ya siku 30"), the
    council's phone, then the other kinds' (letters, appointments, calls) and each key
    service's standard."""
    slugs = {department.slug for department in charter.departments}
    lines: list[str] = []
    later: list[str] = []
    for kind in charter.kinds:
        if kind.answer is None or kind.slug == SERVICE_DELAY:
            continue  # compliments are acknowledged, not answered; delays go by service
        exceptions = [
            f"{label(charter.department(override.department).short)} "
            f"{_amount(override.answer, lang)}"
            for override in charter.overrides
            if override.kind == kind.slug and override.department in slugs
        ]
        line = f"{_standard_label(kind, lang)} {_amount(kind.answer, lang)}"
        line += f" ({', '.join(exceptions)})" if exceptions else ""
        (lines if kind.offered else later).append(line)
    lines.append(f"{text(lang, 'standards_appeal')} {_amount(charter.appeal, lang)}")
    lines.append(text(lang, "standards_appeal_within", days=charter.appeal_within.amount))
    lines.append(text(lang, "standards_phone", phone=charter.contacts.phone))
    for service in charter.key_services:
        name = service.name_sw if lang == "sw" else service.name_en
        later.append(f"{label(name)} {_amount(service.standard, lang)}")
    return lines + later


def _standard_label(kind: FeedbackKind, lang: str) -> str:
    """What a kind's standard is called on the screen: the promise itself where the catalogue
    words it ("Kukupigia simu 1", not "Simu 1"), else the kind's name."""
    key = f"standards_kind_{kind.slug}"
    return text(lang, key) if key in TEXTS[lang] else kind_label(kind, lang)


def _amount(standard: Standard, lang: str) -> str:
    """A standard as the standards screen shows it: "14" (working days) or "48 hours"."""
    if standard.unit == "working_hours":
        return text(lang, "standards_hours", amount=standard.amount)
    return str(standard.amount)


def _render_standards(session: Session, ctx: Context, hint: str | None) -> str:
    """What the charter promises."""
    return standards_screen(ctx.charter, session.lang, session.at.page, hint)


def _render_language(session: Session, ctx: Context, hint: str | None) -> str:
    """1 Kiswahili, 2 English."""
    return con(hint, text(session.lang, "language") + "\n" + text(session.lang, "back"))


HANDLERS: dict[str, Handler] = {
    STANDARDS: _on_standards,
    LANGUAGE: _on_language,
}
RENDERERS: dict[str, Renderer] = {
    STANDARDS: _render_standards,
    LANGUAGE: _render_language,
}
