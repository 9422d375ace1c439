"""Call me back (huduma ya simu): about a new matter (a few words) or one of the phone's items
(its reference) -> confirm.

Confirming returns `FileComplaint` of the call-back kind with an empty screen: the edge files it
(a reference, the charter's phone-line standard as its deadline) and routes it to the desk, or,
about an item, to that item's department and officer, who calls and logs the outcome (`SIMU`).
A typed reference is checked (Damm) and looked up among this phone's items only, as tracking
does.
"""

from __future__ import annotations

from charter.gsm7 import to_gsm7_basic
from charter.reference import clean_reference, is_valid_reference
from menus.navigation import (
    BACK_MAX,
    CALL_ABOUT,
    CALL_BACK,
    CALL_CONFIRM,
    CALL_REFERENCE,
    CALL_TOPIC,
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
    find_item,
    finish,
    go_forward,
    invalid,
    label,
    required,
    shorten,
    take_text,
)
from words.catalogue import text


def start_call_back(session: Session, ctx: Context) -> Reply:
    """Begin a call-back request, forgetting earlier choices."""
    back = (*session.back, session.at)[-BACK_MAX:]
    return Reply(Session(lang=session.lang, at=Position(CALL_ABOUT), back=back))


def _on_about(session: Session, raw: str, ctx: Context) -> Reply:
    """1 a new matter, 2 one of the phone's items."""
    choice = raw.strip()
    if choice == "1":
        return Reply(go_forward(session, Position(CALL_TOPIC), reference=None))
    if choice == "2":
        return Reply(go_forward(session, Position(CALL_REFERENCE), description=None))
    return invalid(session)


def _on_topic(session: Session, raw: str, ctx: Context) -> Reply:
    """What the call is about, a few words within the description's limits."""
    return take_text(
        session, raw, Position(CALL_CONFIRM), "description", MIN_DESCRIPTION, MAX_DESCRIPTION
    )


def _on_reference(session: Session, raw: str, ctx: Context) -> Reply:
    """A typed reference: checked first, then looked up among this phone's items only."""
    reference = clean_reference(raw)
    if not is_valid_reference(reference):
        return Reply(session, hint=text(session.lang, "hint_bad_reference"))
    if find_item(ctx, reference) is None:
        # Someone else's reference and one never issued look the same: never say which.
        screen = end_screen(text(session.lang, "track_not_found", reference=reference))
        return finish(session, screen)
    return Reply(go_forward(session, Position(CALL_CONFIRM), reference=reference))


def _on_confirm(session: Session, raw: str, ctx: Context) -> Reply:
    """Confirm asks for the call (the edge renders filed_screen); cancel ends the session."""
    choice = raw.strip()
    if choice == "1":
        about = session.reference
        # About an anonymous item the edge files it apart, for the desk (see ussd_flow).
        description = session.description or text(session.lang, "call_about", reference=about)
        request = FileComplaint(
            kind=CALL_BACK,
            department=None,  # the desk, or (about an item) the edge routes it to that item's
            ward=None,
            description=description,
            name=None,
            anonymous=False,
            language=session.lang,
            about_reference=about,
        )
        return finish(session, "", (request,))
    if choice == "2":
        return finish(session, end_screen(text(session.lang, "cancelled")))
    return invalid(session)


def _anonymous(ctx: Context, reference: str) -> bool:
    """The phone's item with this reference was filed without a name."""
    item = find_item(ctx, reference)
    return item is not None and item.anonymous


def _render_about(session: Session, ctx: Context, hint: str | None) -> str:
    """A new matter or an item."""
    return con(hint, text(session.lang, "call_choose") + "\n" + text(session.lang, "back"))


def _render_topic(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask what the call is about."""
    lang = session.lang
    prompt = text(lang, "call_topic", min=MIN_DESCRIPTION, max=MAX_DESCRIPTION)
    return con(hint, prompt + "\n" + text(lang, "back_main"))


def _render_reference(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask for the reference."""
    return con(hint, text(session.lang, "track_prompt") + "\n" + text(session.lang, "back_main"))


def _render_confirm(session: Session, ctx: Context, hint: str | None) -> str:
    """We will call this phone about ...: confirm or cancel."""
    lang = session.lang
    choices = text(lang, "confirm_choices") + "\n" + text(lang, "back")
    if session.reference is not None:
        what = text(lang, "call_about", reference=label(session.reference))
        if _anonymous(ctx, session.reference):  # the council will see who asks
            what += "\n" + text(lang, "call_anonymous_warning")
        return con(hint, "\n".join([text(lang, "call_confirm"), what, choices]))
    frame = compose(hint, "\n".join([text(lang, "call_confirm"), '""', choices]))
    topic = shorten(to_gsm7_basic(required(session.description)), SCREEN_LIMIT - len(frame))
    return con(hint, "\n".join([text(lang, "call_confirm"), f'"{topic}"', choices]))


HANDLERS: dict[str, Handler] = {
    CALL_ABOUT: _on_about,
    CALL_TOPIC: _on_topic,
    CALL_REFERENCE: _on_reference,
    CALL_CONFIRM: _on_confirm,
}
RENDERERS: dict[str, Renderer] = {
    CALL_ABOUT: _render_about,
    CALL_TOPIC: _render_topic,
    CALL_REFERENCE: _render_reference,
    CALL_CONFIRM: _render_confirm,
}
