"""How the console writes moments, numbers and the charter's names, in the officer's language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import g, request

from charter.calendar import EAT
from gateway.console.auth import csrf_token, current_language, t
from gateway.console.blueprint import bp
from gateway.report import Period, format_cost
from gateway.runtime import current_gateway


def local_moment(moment: datetime | None) -> str:
    """A moment in East Africa Time as officers read it: 05/11/2026 14:30."""
    return "-" if moment is None else moment.astimezone(EAT).strftime("%d/%m/%Y %H:%M")


def local_day(moment: datetime | date | None) -> str:
    """A date as officers read it: 05/11/2026."""
    if moment is None:
        return "-"
    if isinstance(moment, datetime):
        moment = moment.astimezone(EAT).date()
    return moment.strftime("%d/%m/%Y")


def number(value: float | int | None, digits: int = 1) -> str:
    """A figure, or a dash when there is none (no items: not zero)."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    """A percentage, or a dash when nothing was settled."""
    return "-" if value is None else f"{value:.0f}%"


def money(cost: dict[str, Decimal]) -> str:
    """The SMS cost as the council reads it."""
    return format_cost(cost) or "-"


def period_label(period: Period) -> str:
    """A period in words: "Oktoba 2026", "Robo ya 4, 2026", "Mwaka 2026"."""
    if period.kind == "month":
        month = t("months").split()[period.start.month - 1]
        return f"{month} {period.start.year}"
    if period.kind == "quarter":
        return t("quarter_label", quarter=(period.start.month - 1) // 3 + 1, year=period.start.year)
    return t("year_label", year=period.start.year)


def days_left(value: float | None) -> str:
    """Working days left, or how many are past, in words."""
    if value is None:
        return "-"
    if value < 0:
        return t("days_over", days=f"{-value:.1f}")
    return t("days_left", days=f"{value:.1f}")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    """What every console template may use."""
    gateway = current_gateway()
    charter = gateway.charter
    language = current_language()
    departments = {d.slug: d for d in charter.departments}
    kinds = {k.slug: k for k in charter.kinds}

    def department_name(slug: str | None) -> str:
        found = departments.get(slug or "")
        return found.short if found else t("no_department")

    def kind_name(slug: str) -> str:
        found = kinds.get(slug)
        if found is None:
            return slug
        return found.name_sw if language == "sw" else found.name_en

    return {
        "t": t,
        "lang": language,
        "other_lang": "en" if language == "sw" else "sw",
        "officer": g.get("officer"),
        "csrf_token": csrf_token,
        "council": charter.short_name,
        "council_name": charter.council,
        "charter": charter,
        "department_name": department_name,
        "kind_name": kind_name,
        "status_name": lambda s: t("status_" + s, default=s),
        "channel_name": lambda c: t("channel_" + c, default=c),
        "moment": local_moment,
        "day": local_day,
        "number": number,
        "percent": percent,
        "money": money,
        "days_left": days_left,
        "period_label": period_label,
        "here": request.full_path.rstrip("?"),
    }
