"""A USSD session's state: the small JSON-able dict the edge keeps between requests.

The state is {"screen", "page", "query" (ward search letters), "lang", "kind", "department"
(slug), "ward", "description", "name", "anonymous", "reference" (the item being appealed),
"reason", "back": [[screen, page, query], ...]}, plus "draft" (the saved state) while the draft
offer is shown. A saved draft is exactly such a state, so continuing it restores the screen, the
choices and the way back. A state that does not match the charter any more (or was never ours)
reads as None, and the machine starts over at the main menu.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from charter.model import Charter
from charter.reference import clean_reference, is_valid_reference
from menus.navigation import (
    BACK_MAX,
    BACK_SCREENS,
    CALL_CONFIRM,
    CONFIRM,
    FILING_SCREENS,
    MAX_APPLICATION,
    MAX_DAYS_CHOSEN,
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_REASON,
    MIN_DESCRIPTION,
    MIN_NAME,
    MIN_REASON,
    QUERY_MAX,
    REQUIRED,
    SCREENS,
    Position,
    Session,
    search_key,
)
from words.catalogue import LANGUAGES, language_or_default


def state_from_session(session: Session) -> dict[str, Any]:
    """The session as the JSON-able dict the edge stores."""
    state: dict[str, Any] = {
        "screen": session.at.screen,
        "page": session.at.page,
        "query": session.at.query,
        "lang": session.lang,
        "kind": session.kind,
        "department": session.department,
        "ward": session.ward,
        "description": session.description,
        "name": session.name,
        "anonymous": session.anonymous,
        "reference": session.reference,
        "reason": session.reason,
        "whom": session.whom,
        "days": session.days,
        "service": session.service,
        "application": session.application,
        "applied": session.applied,
        "back": [[p.screen, p.page, p.query] for p in session.back],
    }
    if session.draft is not None:
        state["draft"] = session.draft
    return state


def session_from_state(state: Any, charter: Charter, language: str) -> Session | None:
    """The session a stored state describes, or None if it is malformed or the charter changed."""
    if not isinstance(state, dict):
        return None
    at = _position(state.get("screen"), state.get("page", 0), state.get("query", ""))
    back = _back_positions(state.get("back", []))
    if at is None or back is None:
        return None
    lang = state.get("lang")
    fields = _chosen_fields(state, charter)
    if fields is None:
        return None
    draft = state.get("draft")
    session = Session(
        lang=lang if lang in LANGUAGES else language_or_default(language),
        at=at,
        back=back,
        draft=draft if isinstance(draft, dict) else None,
        **fields,
    )
    return session if _complete(session) else None


def draft_session(draft: dict[str, Any], charter: Charter, lang: str) -> Session | None:
    """A saved draft as a session in today's language, if it still makes sense."""
    session = session_from_state(draft, charter, lang)
    if session is None or session.at.screen not in FILING_SCREENS or session.draft is not None:
        return None
    return replace(session, lang=lang)


def _position(screen: Any, page: Any, query: Any) -> Position | None:
    """A validated position, or None."""
    if screen not in SCREENS or type(page) is not int or page < 0 or not isinstance(query, str):
        return None
    if len(query) > QUERY_MAX or search_key(query) != query:
        return None
    return Position(screen, page, query)


def _back_positions(raw: Any) -> tuple[Position, ...] | None:
    """The back stack from its stored form [[screen, page, query], ...], or None."""
    if not isinstance(raw, list) or len(raw) > BACK_MAX:
        return None
    positions = []
    for item in raw:
        if not isinstance(item, list) or len(item) != 3:
            return None
        position = _position(*item)
        if position is None or position.screen not in BACK_SCREENS:
            return None
        positions.append(position)
    return tuple(positions)


def _chosen_fields(state: dict[str, Any], charter: Charter) -> dict[str, Any] | None:
    """What the citizen chose so far, checked against the charter; None if anything is off."""
    keys = ("kind", "department", "ward", "description", "name", "reference", "reason")
    fields = {key: state.get(key) for key in keys}
    if any(value is not None and not isinstance(value, str) for value in fields.values()):
        return None
    anonymous = state.get("anonymous")
    if anonymous is not None and not isinstance(anonymous, bool):
        return None
    if fields["kind"] is not None and fields["kind"] not in {k.slug for k in charter.kinds}:
        return None
    slugs = {department.slug for department in charter.departments}
    if fields["department"] is not None and fields["department"] not in slugs:
        return None
    if fields["ward"] is not None and fields["ward"] not in charter.wards:
        return None
    description, name = fields["description"], fields["name"]
    if description is not None and not MIN_DESCRIPTION <= len(description) <= MAX_DESCRIPTION:
        return None
    if name is not None and not MIN_NAME <= len(name) <= MAX_NAME:
        return None
    reference, reason = fields["reference"], fields["reason"]
    if reference is not None and not (
        is_valid_reference(reference) and clean_reference(reference) == reference
    ):
        return None
    if reason is not None and not MIN_REASON <= len(reason) <= MAX_REASON:
        return None
    services = _service_fields(state, charter)
    if services is None:
        return None
    return {**fields, "anonymous": anonymous, **services}


def _service_fields(state: dict[str, Any], charter: Charter) -> dict[str, Any] | None:
    """The appointment's and the key service's choices, checked; None if anything is off."""
    keys = ("whom", "days", "service", "application", "applied")
    fields = {key: state.get(key) for key in keys}
    if any(value is not None and not isinstance(value, str) for value in fields.values()):
        return None
    if fields["whom"] not in (None, "officer", "head"):
        return None
    days = fields["days"]
    if days is not None and not (
        days and len(days.split()) <= MAX_DAYS_CHOSEN and all(map(_is_date, days.split()))
    ):
        return None
    if fields["service"] is not None and fields["service"] not in {
        service.slug for service in charter.key_services
    }:
        return None
    application = fields["application"]
    if application is not None and not 1 <= len(application) <= MAX_APPLICATION:
        return None
    if fields["applied"] is not None and not _is_date(fields["applied"]):
        return None
    return fields


def _is_date(value: str) -> bool:
    """Whether the text is an ISO date (2026-12-03)."""
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == len("2026-12-03")


def _complete(session: Session) -> bool:
    """True if everything the current screen needs has been chosen."""
    needed = REQUIRED.get(session.at.screen, ())
    if any(getattr(session, field) is None for field in needed):
        return False
    if session.at.screen == CONFIRM and not session.anonymous and session.name is None:
        return False
    if session.at.screen == CALL_CONFIRM and session.description is None:
        return session.reference is not None  # a call about an item, or about a new matter
    return True
