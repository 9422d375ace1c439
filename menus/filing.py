"""Filing: department -> ward -> description -> named or anonymous (-> name) -> confirm.

On the ward screen the citizen may type the first letters of the ward instead of paging:
one match is taken at once, several are listed, none gives a hint. When the citizen confirms,
the handler returns `FileComplaint` and `DiscardDraft` with an empty screen: the edge applies
the effects, gets a reference and due date, and answers with `filed_screen(...)`. A half-filed
complaint is saved as a draft (machine.py) and offered again on the next dial.
"""

from __future__ import annotations

from datetime import (
    date,
)
from functools import (
    lru_cache,
)

from charter.gsm7 import (
    to_gsm7_basic,
)
from charter.model import (
    Charter,
)
from menus.navigation import (
    BACK_MAX,
    CONFIRM,
    DEPARTMENT,
    DESCRIPTION,
    DRAFT_OFFER,
    IDENTITY,
    MAX_DESCRIPTION,
    MAX_NAME,
    MIN_DESCRIPTION,
    MIN_NAME,
    NAME,
    NAME_SHOWN_MAX,
    OTHER_KIND,
    QUERY_ECHO_MAX,
    QUERY_MAX,
    SCREEN_LIMIT,
    WARD,
    Context,
    DiscardDraft,
    FileComplaint,
    Handler,
    Position,
    Renderer,
    Reply,
    Session,
    chosen,
    clamp_page,
    collapse_spaces,
    complaint_kind,
    compose,
    con,
    done_screen,
    end_screen,
    finish,
    go_forward,
    invalid,
    kind_label,
    label,
    list_screen,
    main_session,
    menu_number,
    other_kinds,
    paginate,
    required,
    search_key,
    shorten,
    take_text,
)
from menus.state import (
    draft_session,
)
from words.catalogue import kind_values, language_or_default, text


def filed_screen(language: str, reference: str, due: date | None, sms: bool, kind: str = "") -> str:
    """The END screen once the edge has filed: reference, answer date (a call's or a meeting's
    as what it is), whether an SMS follows."""
    return done_screen(language, "filed", reference, due, sms, kind)


def limit_screen(language: str) -> str:
    """The END screen instead of a filing when the phone has filed its day's share already."""
    return end_screen(text(language_or_default(language), "filed_limit"))


def start_filing(session: Session, kind: str) -> Reply:
    """Begin a new filing of this kind at the department list, forgetting earlier choices."""
    back = (*session.back, session.at)[-BACK_MAX:]
    fresh = Session(lang=session.lang, at=Position(DEPARTMENT), back=back, kind=kind)
    return Reply(fresh)


def _on_other_kind(session: Session, raw: str, ctx: Context) -> Reply:
    """Suggestion, compliment or enquiry: the same path as a complaint with that kind."""
    kind = chosen(raw, other_kinds(ctx.charter))
    if kind is None:
        return invalid(session)
    return start_filing(session, kind.slug)


def _on_department(session: Session, raw: str, ctx: Context) -> Reply:
    """Department list: pick one, or 9 for the next page."""
    return pick_department(session, raw, ctx, DEPARTMENT, WARD)


def pick_department(session: Session, raw: str, ctx: Context, here: str, then: str) -> Reply:
    """A department list on screen `here`: pick one and go on to `then`, or 9 for the next
    page (the filing's and the appointment's list are the same)."""
    pages = department_pages(ctx.charter, session.lang)
    page = clamp_page(session.at.page, pages)
    if menu_number(raw) == 9 and page + 1 < len(pages):
        return Reply(go_forward(session, Position(here, page + 1)))
    slug = chosen(raw, pages[page])
    if slug is None:
        return invalid(session)
    department = ctx.charter.departments[slug]
    return Reply(go_forward(session, Position(then), department=department.slug))


def _on_ward(session: Session, raw: str, ctx: Context) -> Reply:
    """Ward list: pick one, 9 for the next page, or type the first letters of the ward."""
    query = session.at.query
    pages = _ward_pages(ctx.charter, session.lang, query)
    page = clamp_page(session.at.page, pages)
    number = menu_number(raw)
    if number == 9 and page + 1 < len(pages):
        return Reply(go_forward(session, Position(WARD, page + 1, query)))
    if number is not None:
        if not 1 <= number <= len(pages[page]):
            return invalid(session)
        return Reply(go_forward(session, Position(DESCRIPTION), ward=pages[page][number - 1]))
    letters = search_key(raw)
    if not letters:
        return invalid(session)
    return _search_ward(session, ctx.charter, raw, letters)


def _search_ward(session: Session, charter: Charter, raw: str, letters: str) -> Reply:
    """Wards starting with the typed letters: take a single match, list several, hint on none."""
    matches = _matching_wards(charter, letters)
    if len(matches) == 1:
        return Reply(go_forward(session, Position(DESCRIPTION), ward=matches[0]))
    if matches:
        return Reply(go_forward(session, Position(WARD, 0, letters[:QUERY_MAX])))
    echo = shorten(to_gsm7_basic(" ".join(raw.split())), QUERY_ECHO_MAX)
    return Reply(session, hint=text(session.lang, "hint_no_ward", query=echo))


def _on_description(session: Session, raw: str, ctx: Context) -> Reply:
    """Free-text description, kept as typed ('*' and '#' too), between the length limits."""
    return take_text(
        session, raw, Position(IDENTITY), "description", MIN_DESCRIPTION, MAX_DESCRIPTION
    )


def _on_identity(session: Session, raw: str, ctx: Context) -> Reply:
    """Named or anonymous."""
    choice = raw.strip()
    if choice == "1":
        return Reply(go_forward(session, Position(NAME)))
    if choice == "2":
        return Reply(go_forward(session, Position(CONFIRM), name=None, anonymous=True))
    return invalid(session)


def _on_name(session: Session, raw: str, ctx: Context) -> Reply:
    """The citizen's name: 2-60 characters with at least one letter."""
    name = collapse_spaces(raw)
    if not MIN_NAME <= len(name) <= MAX_NAME or not any(char.isalpha() for char in name):
        return Reply(session, hint=text(session.lang, "hint_name", min=MIN_NAME, max=MAX_NAME))
    return Reply(go_forward(session, Position(CONFIRM), name=name, anonymous=False))


def _on_confirm(session: Session, raw: str, ctx: Context) -> Reply:
    """Confirm files the complaint (the edge renders filed_screen); cancel ends the session."""
    choice = raw.strip()
    if choice == "1":
        return finish(session, "", (_file_complaint(session), DiscardDraft()))
    if choice == "2":
        return finish(session, end_screen(text(session.lang, "cancelled")), (DiscardDraft(),))
    return invalid(session)


def _file_complaint(session: Session) -> FileComplaint:
    """The FileComplaint effect from a session on the confirm screen (all fields are set)."""
    anonymous = bool(session.anonymous)
    return FileComplaint(
        kind=required(session.kind),
        department=required(session.department),
        ward=required(session.ward),
        description=required(session.description),
        name=None if anonymous else session.name,
        anonymous=anonymous,
        language=session.lang,
    )


def _on_draft_offer(session: Session, raw: str, ctx: Context) -> Reply:
    """1 continues the draft on the screen it was left on; 2 discards it."""
    choice = raw.strip()
    if choice == "1" and session.draft is not None:
        restored = draft_session(session.draft, ctx.charter, session.lang)
        if restored is not None:
            return Reply(restored)
        return Reply(main_session(session.lang), (DiscardDraft(),))
    if choice == "2":
        return Reply(main_session(session.lang), (DiscardDraft(),))
    return invalid(session)


def department_screen(charter: Charter, lang: str, page: int, hint: str | None) -> str:
    """One page of the department list."""
    pages = department_pages(charter, lang)
    page = clamp_page(page, pages)
    labels = _department_labels(charter)
    shown = [labels[index] for index in pages[page]]
    return list_screen(text(lang, "department"), shown, page + 1 < len(pages), lang, hint)


def _ward_screen(charter: Charter, lang: str, page: int, query: str, hint: str | None) -> str:
    """One page of the ward list, all wards or those starting with the searched letters."""
    pages = _ward_pages(charter, lang, query)
    page = clamp_page(page, pages)
    shown = [label(ward) for ward in pages[page]]
    return list_screen(text(lang, "ward"), shown, page + 1 < len(pages), lang, hint)


def _confirm_screen(session: Session, charter: Charter, hint: str | None) -> str:
    """Kind, department, ward, who, and as much of the description as fits."""
    lang = session.lang
    what = text(
        lang,
        "confirm_what",
        kind=kind_label(charter.kind(required(session.kind)), lang),
        department=label(charter.department(required(session.department)).short),
        ward=label(required(session.ward)),
    )
    if session.anonymous:
        who = text(lang, "confirm_anonymous")
    else:
        name = to_gsm7_basic(required(session.name))
        who = text(lang, "confirm_named", name=shorten(name, NAME_SHOWN_MAX))
    choices = text(lang, "confirm_choices") + "\n" + text(lang, "back")
    frame = compose(hint, "\n".join([what, who, '""', choices]))
    room = SCREEN_LIMIT - len(frame)
    description = shorten(to_gsm7_basic(required(session.description)), room)
    return con(hint, "\n".join([what, who, f'"{description}"', choices]))


def _draft_offer_screen(session: Session, charter: Charter, hint: str | None) -> str:
    """You did not finish your complaint: 1 continue, 2 start again."""
    draft = draft_session(session.draft or {}, charter, session.lang)
    kind = charter.kind(draft.kind) if draft and draft.kind else complaint_kind(charter)
    words = kind_values(session.lang, kind.slug, kind_label(kind, session.lang))
    body = text(session.lang, "draft_offer", **{**words, "kind": words["kind"].lower()})
    return con(hint, body)


@lru_cache(maxsize=64)
def _department_labels(charter: Charter) -> tuple[str, ...]:
    """Each department's short name as a screen shows it."""
    return tuple(label(department.short) for department in charter.departments)


@lru_cache(maxsize=64)
def department_pages(charter: Charter, lang: str) -> tuple[tuple[int, ...], ...]:
    """Department indices grouped into pages that fit with the longest hint."""
    labels = _department_labels(charter)
    hint = text(lang, "hint_invalid")
    groups = paginate(text(lang, "department"), labels, lang, hint)
    return tuple(tuple(range(first, first + size)) for first, size in groups)


@lru_cache(maxsize=512)
def _ward_pages(charter: Charter, lang: str, query: str) -> tuple[tuple[str, ...], ...]:
    """Wards (all, or those starting with `query`) grouped into pages that fit."""
    wards = _matching_wards(charter, query) if query else charter.wards
    labels = [label(ward) for ward in wards]
    hint = max(
        text(lang, "hint_invalid"),
        text(lang, "hint_no_ward", query="W" * QUERY_ECHO_MAX),
        key=len,
    )
    groups = paginate(text(lang, "ward"), labels, lang, hint)
    return tuple(tuple(wards[first : first + size]) for first, size in groups)


@lru_cache(maxsize=64)
def _ward_keys(charter: Charter) -> tuple[tuple[str, str], ...]:
    """(search key, ward) for every ward: "mangoto" for "Mang'oto"."""
    return tuple((search_key(ward), ward) for ward in charter.wards)


@lru_cache(maxsize=512)
def _matching_wards(charter: Charter, letters: str) -> tuple[str, ...]:
    """Wards whose name starts with these letters (case, accents and apostrophes ignored)."""
    return tuple(ward for key, ward in _ward_keys(charter) if key.startswith(letters))


def _render_other_kind(session: Session, ctx: Context, hint: str | None) -> str:
    """Suggestion, compliment or enquiry."""
    names = [kind_label(kind, session.lang) for kind in other_kinds(ctx.charter)]
    return list_screen(text(session.lang, "other_kind"), names, False, session.lang, hint)


def _render_department(session: Session, ctx: Context, hint: str | None) -> str:
    """The department list, on the page the session is at."""
    return department_screen(ctx.charter, session.lang, session.at.page, hint)


def _render_ward(session: Session, ctx: Context, hint: str | None) -> str:
    """The ward list, on the page and for the letters the session is at."""
    return _ward_screen(ctx.charter, session.lang, session.at.page, session.at.query, hint)


def _render_description(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask for the description, naming the kind."""
    lang = session.lang
    kind = kind_label(ctx.charter.kind(required(session.kind)), lang).lower()
    prompt = text(lang, "description", kind=kind, min=MIN_DESCRIPTION, max=MAX_DESCRIPTION)
    return con(hint, prompt + "\n" + text(lang, "back_main"))


def _render_identity(session: Session, ctx: Context, hint: str | None) -> str:
    """Named or anonymous."""
    return con(hint, text(session.lang, "identity") + "\n" + text(session.lang, "back"))


def _render_name(session: Session, ctx: Context, hint: str | None) -> str:
    """Ask for the citizen's name."""
    return con(hint, text(session.lang, "name") + "\n" + text(session.lang, "back_main"))


def _render_confirm(session: Session, ctx: Context, hint: str | None) -> str:
    """What will be filed, confirm or cancel."""
    return _confirm_screen(session, ctx.charter, hint)


def _render_draft_offer(session: Session, ctx: Context, hint: str | None) -> str:
    """Continue the draft or start again."""
    return _draft_offer_screen(session, ctx.charter, hint)


HANDLERS: dict[str, Handler] = {
    OTHER_KIND: _on_other_kind,
    DEPARTMENT: _on_department,
    WARD: _on_ward,
    DESCRIPTION: _on_description,
    IDENTITY: _on_identity,
    NAME: _on_name,
    CONFIRM: _on_confirm,
    DRAFT_OFFER: _on_draft_offer,
}
RENDERERS: dict[str, Renderer] = {
    OTHER_KIND: _render_other_kind,
    DEPARTMENT: _render_department,
    WARD: _render_ward,
    DESCRIPTION: _render_description,
    IDENTITY: _render_identity,
    NAME: _render_name,
    CONFIRM: _render_confirm,
    DRAFT_OFFER: _render_draft_offer,
}
