"""Appeal (rufaa): the appealable items -> the reason -> confirm.

Confirming returns `OpenAppeal` with an empty screen; the edge opens the appeal and answers with
`appeal_screen(...)`. An appeal screen whose item is no longer appealable starts over.
"""

from __future__ import annotations

from datetime import (
    date,
)

from charter.gsm7 import (
    to_gsm7_basic,
)
from menus.navigation import (
    APPEAL_CONFIRM,
    APPEAL_LIST,
    APPEAL_REASON,
    APPEAL_SCREENS,
    ITEMS_SHOWN,
    MAX_REASON,
    MIN_REASON,
    SCREEN_LIMIT,
    Context,
    Handler,
    OpenAppeal,
    Position,
    Renderer,
    Reply,
    Session,
    appealable_items,
    chosen,
    compose,
    con,
    done_screen,
    end_screen,
    find_item,
    finish,
    go_forward,
    invalid,
    item_label,
    item_name,
    label,
    list_screen,
    required,
    shorten,
    take_text,
)
from words.catalogue import status_name, text


def appeal_screen(language: str, reference: str, due: date | None, sms: bool) -> str:
    """The END screen once the edge has opened the appeal: reference, decision date, SMS or not."""
    return done_screen(language, "appeal_done", reference, due, sms)


def _on_appeal_list(session: Session, raw: str, ctx: Context) -> Reply:
    """The appealable items: pick the one to appeal."""
    item = chosen(raw, appealable_items(ctx))
    if item is None:
        return invalid(session)
    return Reply(
        go_forward(session, Position(APPEAL_REASON), reference=item.reference, reason=None)
    )


def _on_appeal_reason(session: Session, raw: str, ctx: Context) -> Reply:
    """The appeal's reason, free text kept as typed ('*' and '#' too), within the limits."""
    return take_text(session, raw, Position(APPEAL_CONFIRM), "reason", MIN_REASON, MAX_REASON)


def _on_appeal_confirm(session: Session, raw: str, ctx: Context) -> Reply:
    """Confirm opens the appeal (the edge renders appeal_screen); cancel ends the session."""
    choice = raw.strip()
    if choice == "1":
        appeal = OpenAppeal(
            reference=required(session.reference),
            reason=required(session.reason),
            language=session.lang,
        )
        return finish(session, "", (appeal,))
    if choice == "2":
        return finish(session, end_screen(text(session.lang, "cancelled")))
    return invalid(session)


def no_appeal_screen(lang: str, ctx: Context) -> str:
    """Nothing to appeal: when an appeal is possible, then the phone's items as far as they fit."""
    lines = [text(lang, "appeal_none", days=ctx.charter.appeal_within.amount)]
    items = [
        f"{label(item.reference)} {status_name(lang, item.kind, item.status)}"
        for item in ctx.recent[:ITEMS_SHOWN]
    ]
    listed = [text(lang, "appeal_none_items")]
    for line in items:
        if len("END " + "\n".join([*lines, *listed, line])) > SCREEN_LIMIT:
            break
        listed.append(line)
    if len(listed) > 1:
        lines += listed
    return end_screen("\n".join(lines))


def _appeal_confirm_screen(session: Session, ctx: Context, hint: str | None) -> str:
    """The item appealed, as much of the reason as fits, confirm or cancel."""
    lang = session.lang
    reference = required(session.reference)
    item = find_item(ctx, reference)
    what = text(
        lang,
        "appeal_confirm",
        reference=label(reference),
        name=item_name(item.department or item.kind_name) if item else "-",
    )
    choices = text(lang, "confirm_choices") + "\n" + text(lang, "back")
    frame = compose(hint, "\n".join([what, '""', choices]))
    room = SCREEN_LIMIT - len(frame)
    reason = shorten(to_gsm7_basic(required(session.reason)), room)
    return con(hint, "\n".join([what, f'"{reason}"', choices]))


def matches_items(session: Session, ctx: Context) -> bool:
    """False when an appeal screen's item is no longer one the caller can appeal."""
    if session.at.screen == APPEAL_LIST:
        return bool(appealable_items(ctx))
    if session.at.screen in APPEAL_SCREENS:
        return any(item.reference == session.reference for item in appealable_items(ctx))
    return True


def _render_appeal_list(session: Session, ctx: Context, hint: str | None) -> str:
    """The appealable items."""
    labels = [item_label(item) for item in appealable_items(ctx)]
    return list_screen(text(session.lang, "appeal_list"), labels, False, session.lang, hint)


def _render_appeal_reason(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask for the appeal's reason."""
    lang = session.lang
    prompt = text(
        lang,
        "appeal_reason",
        reference=required(session.reference),
        min=MIN_REASON,
        max=MAX_REASON,
    )
    return con(hint, prompt + "\n" + text(lang, "back_main"))


def _render_appeal_confirm(session: Session, ctx: Context, hint: str | None) -> str:
    """The item appealed and the reason, confirm or cancel."""
    return _appeal_confirm_screen(session, ctx, hint)


HANDLERS: dict[str, Handler] = {
    APPEAL_LIST: _on_appeal_list,
    APPEAL_REASON: _on_appeal_reason,
    APPEAL_CONFIRM: _on_appeal_confirm,
}
RENDERERS: dict[str, Renderer] = {
    APPEAL_LIST: _render_appeal_list,
    APPEAL_REASON: _render_appeal_reason,
    APPEAL_CONFIRM: _render_appeal_confirm,
}
