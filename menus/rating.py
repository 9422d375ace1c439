"""Rating the service (Tathmini): a number 1-5 and, if they like, a comment, in one answer."""

from __future__ import annotations

from menus.navigation import (
    MAX_DESCRIPTION,
    RATE,
    Context,
    Handler,
    RateService,
    Renderer,
    Reply,
    Session,
    collapse_spaces,
    con,
    end_screen,
    finish,
)
from words.catalogue import text


def _on_rate(session: Session, raw: str, ctx: Context) -> Reply:
    """A rating 1-5, optionally followed by a comment ("4 huduma nzuri")."""
    words = raw.split(maxsplit=1)
    if not words or words[0] not in ("1", "2", "3", "4", "5"):
        return Reply(session, hint=text(session.lang, "hint_rate"))
    comment = collapse_spaces(words[1])[:MAX_DESCRIPTION] if len(words) > 1 else None
    effect = RateService(int(words[0]), comment or None, session.lang)
    return finish(session, end_screen(text(session.lang, "rate_done")), (effect,))


def _render_rate(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask for a rating and a comment."""
    return con(hint, text(session.lang, "rate") + "\n" + text(session.lang, "back_main"))


HANDLERS: dict[str, Handler] = {RATE: _on_rate}
RENDERERS: dict[str, Renderer] = {RATE: _render_rate}
