"""What the charter tells every citizen: the standards screen, and the language choice."""

from __future__ import annotations

from charter.model import (
    Charter,
    Standard,
)
from menus.catalogue import (
    text,
)
from menus.navigation import (
    LANGUAGE,
    SCREEN_LIMIT,
    STANDARDS,
    Context,
    Handler,
    Renderer,
    Reply,
    Session,
    SetLanguage,
    compose,
    con,
    invalid,
    kind_label,
    label,
    main_session,
)


def _on_standards(session: Session, raw: str, ctx: Context) -> Reply:
    """The standards screen only offers 0 and 00, handled before this."""
    return invalid(session)


def _on_language(session: Session, raw: str, ctx: Context) -> Reply:
    """1 Kiswahili, 2 English: remember it and show the main menu in that language."""
    chosen = {"1": "sw", "2": "en"}.get(raw.strip())
    if chosen is None:
        return invalid(session)
    return Reply(main_session(chosen), (SetLanguage(chosen),))


def standards_screen(charter: Charter, lang: str, hint: str | None) -> str:
    """What the charter promises: answer times by kind (with department exceptions), appeals."""
    lines = [text(lang, "standards")]
    footer = text(lang, "back_main")
    worst_hint = text(lang, "hint_invalid")
    for line in _standard_lines(charter, lang):
        # Measured with the hint so the screen looks the same when a hint is shown.
        if len(compose(worst_hint, "\n".join([*lines, line, footer]))) > SCREEN_LIMIT:
            break
        lines.append(line)
    return con(hint, "\n".join([*lines, footer]))


def _standard_lines(charter: Charter, lang: str) -> list[str]:
    """One line a kind that owes an answer, e.g. "Lalamiko 14 (Maji 5)", then the DED's time
    to decide an appeal and how long a citizen may appeal ("Kata rufaa ndani ya siku 30")."""
    slugs = {department.slug for department in charter.departments}
    lines = []
    for kind in charter.kinds:
        if kind.answer is None:
            continue  # compliments are acknowledged, not answered
        exceptions = [
            f"{label(charter.department(override.department).short)} "
            f"{_amount(override.answer, lang)}"
            for override in charter.overrides
            if override.kind == kind.slug and override.department in slugs
        ]
        line = f"{kind_label(kind, lang)} {_amount(kind.answer, lang)}"
        lines.append(line + (f" ({', '.join(exceptions)})" if exceptions else ""))
    lines.append(f"{text(lang, 'standards_appeal')} {_amount(charter.appeal, lang)}")
    lines.append(text(lang, "standards_appeal_within", days=charter.appeal_within.amount))
    return lines


def _amount(standard: Standard, lang: str) -> str:
    """A standard as the standards screen shows it: "14" (working days) or "48 hours"."""
    if standard.unit == "working_hours":
        return text(lang, "standards_hours", amount=standard.amount)
    return str(standard.amount)


def _render_standards(session: Session, ctx: Context, hint: str | None) -> str:
    """What the charter promises."""
    return standards_screen(ctx.charter, session.lang, hint)


def _render_language(session: Session, ctx: Context, hint: str | None) -> str:
    """1 Kiswahili, 2 English."""
    return con(hint, text(session.lang, "language") + "\n" + text(session.lang, "back"))


HANDLERS: dict[str, Handler] = {STANDARDS: _on_standards, LANGUAGE: _on_language}
RENDERERS: dict[str, Renderer] = {STANDARDS: _render_standards, LANGUAGE: _render_language}
