"""An item's record (kumbukumbu) in words: each event's stored detail as an officer reads it,
in the page's language, with names for departments, kinds and officers and local times."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from gateway.casework.appeals import BREACH_APPEAL_REASON
from gateway.casework.satisfaction import NO_REASON
from gateway.web.console.auth import t
from gateway.web.console.formats import local_moment

# Reasons the gateway writes itself (stored in Swahili, as the DED's SMS gives them), in words.
SYSTEM_REASONS = {BREACH_APPEAL_REASON: "reason_breach", NO_REASON: "reason_unexplained"}
DEPARTMENTS = frozenset({"department", "from", "to"})  # keys holding a department's slug
MOMENTS = frozenset({"due"})  # keys holding an ISO moment (UTC)


@dataclass(frozen=True)
class Names:
    """How the page names what events store as codes."""

    department: Callable[[str | None], str]
    kind: Callable[[str], str]
    officer: Callable[[int | None], str]
    redact: Callable[[str], str]  # hides an anonymous complainant's phone in free text
    institution: Callable[[str], str] = str  # an outside institution's name, by its slug


def describe(event_kind: str, detail: dict[str, Any], names: Names) -> list[tuple[str, str]]:
    """The event's detail as (label, value) lines; a line with no label is a sentence."""
    lines = []
    for key, value in detail.items():
        if key == "skipped":
            if value:
                lines.append(("", t("alarm_skipped")))
            continue
        lines.append((t("detail_" + key, default=key), _value(event_kind, key, value, names)))
    return lines


def _value(event_kind: str, key: str, value: Any, names: Names) -> str:
    # A moved deadline stores its old and new moments under "from" and "to".
    if key in MOMENTS or (event_kind == "deadline_moved" and key in ("from", "to")):
        if not value:
            return "-"
        moment = datetime.fromisoformat(value)
        return local_moment(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    if key in DEPARTMENTS:
        return names.department(value)
    if key == "kind":
        return names.kind(value)
    if key == "reason" and value in SYSTEM_REASONS:
        return t(SYSTEM_REASONS[value])
    if key == "ward":
        return value or t("no_ward")
    if key == "institution":
        return names.institution(value) if value else "-"
    if key == "previous":
        return t("status_" + str(value), default=str(value))
    if key == "role":
        return t("role_" + str(value), default=str(value))
    if key == "officer_id":
        return names.officer(value)
    if key == "alarm":
        return t("alarm_" + str(value), default=str(value))
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    return "-" if value is None else names.redact(str(value))
