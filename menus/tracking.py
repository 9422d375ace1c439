"""Tracking: the phone's last three items, or a typed reference; the status is an END screen.

A typed reference is checked (Damm) before anything else and is looked up only among this
phone's own items (`Context.recent`), so a caller never sees someone else's complaint.
"""

from __future__ import annotations

from charter.reference import (
    clean_reference,
    is_valid_reference,
)
from menus.navigation import (
    ITEMS_SHOWN,
    SCREEN_LIMIT,
    TRACK,
    TRACK_REFERENCE,
    TYPE_REFERENCE,
    Context,
    Handler,
    ItemSummary,
    Position,
    Renderer,
    Reply,
    Session,
    chosen,
    con,
    end_screen,
    find_item,
    finish,
    go_forward,
    invalid,
    item_label,
    item_name,
    label,
    menu_number,
)
from words.catalogue import format_date, item_status, text


def _on_track(session: Session, raw: str, ctx: Context) -> Reply:
    """The phone's last items: pick one for its status, or 4 to type a reference."""
    if menu_number(raw) == TYPE_REFERENCE:
        return Reply(go_forward(session, Position(TRACK_REFERENCE)))
    item = chosen(raw, ctx.recent[:ITEMS_SHOWN])
    if item is None:
        return invalid(session)
    return finish(session, status_screen(session.lang, item))


def _on_track_reference(session: Session, raw: str, ctx: Context) -> Reply:
    """A typed reference: checked first, then looked up among this phone's items only."""
    reference = clean_reference(raw)
    if not is_valid_reference(reference):
        return Reply(session, hint=text(session.lang, "hint_bad_reference"))
    item = find_item(ctx, reference)
    if item is not None:
        return finish(session, status_screen(session.lang, item))
    # Someone else's reference and a reference never issued look the same: never say which.
    return finish(session, end_screen(text(session.lang, "track_not_found", reference=reference)))


def _track_screen(ctx: Context, lang: str, hint: str | None) -> str:
    """The phone's last items, numbered, then "4 Andika namba" and "0 Rudi"."""
    shown = ctx.recent[:ITEMS_SHOWN]
    lines = [
        text(lang, "track"),
        *(f"{number} {item_label(item)}" for number, item in enumerate(shown, 1)),
        text(lang, "track_type"),
        text(lang, "back"),
    ]
    return con(hint, "\n".join(lines))


def status_screen(lang: str, item: ItemSummary) -> str:
    """The END screen for one item: what it is, the department, the date that matters now, how
    to answer a question, and until when it may be appealed (as HALI's SMS drops them to fit)."""
    appeal = (
        text(lang, "track_appealable", until=format_date(item.appeal_until))
        if item.appeal_until
        else ""
    )
    told = item_status(
        lang,
        item.kind,
        item_name(item.kind_name),
        label(item.reference),
        item.status,
        label(item.department) if item.department else None,
        item.due,
        item.due_what,
        appeal,
        join="\n",
        room=SCREEN_LIMIT - len("END "),
    )
    return end_screen(told)


def _render_track(session: Session, ctx: Context, hint: str | None) -> str:
    """The phone's last items."""
    return _track_screen(ctx, session.lang, hint)


def _render_track_reference(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask for a reference."""
    return con(hint, text(session.lang, "track_prompt") + "\n" + text(session.lang, "back_main"))


HANDLERS: dict[str, Handler] = {TRACK: _on_track, TRACK_REFERENCE: _on_track_reference}
RENDERERS: dict[str, Renderer] = {
    TRACK: _render_track,
    TRACK_REFERENCE: _render_track_reference,
}
