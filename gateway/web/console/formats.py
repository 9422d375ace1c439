"""How the console writes moments, numbers and the charter's names, in the officer's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import g, request
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from charter.calendar import EAT
from gateway.reporting.operations import low_balance
from gateway.reporting.periods import Period, parse_period
from gateway.reporting.public import MIN_GROUP, enough
from gateway.reporting.rules import percent as percent_of
from gateway.reporting.sms_costs import format_cost
from gateway.reporting.standards import StandardLine
from gateway.web.console.auth import csrf_token, current_language, t
from gateway.web.console.blueprint import bp
from gateway.web.current import current_gateway
from words.catalogue import text as words_text
from words.notices import money as amount_of_money


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


def named_day(day: date) -> str:
    """A date with its weekday, as officers read it: "Jumanne 08/12/2026"."""
    return f"{words_text(current_language(), 'weekdays').split()[day.weekday()]} {local_day(day)}"


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


@dataclass(frozen=True)
class Share:
    """A part of a whole as the report's pages show it: the % with its count beside, "75% (6
    kati ya 8)"; under MIN_GROUP answers the count and why, never the %; a dash when none."""

    part: int | None  # None: not published
    whole: int | None
    of: str = "of_settled"  # how the count reads: "6 kati ya 8", "6 kati ya majibu 8"

    @property
    def too_few(self) -> bool:
        """Some answers, but fewer than MIN_GROUP: no % is given."""
        return self.whole is not None and 0 < self.whole and not enough(self.whole)

    @property
    def withheld(self) -> bool:
        """Not published (a group too small on the public page)."""
        return self.part is None or self.whole is None

    @property
    def value(self) -> str:
        """The % alone, for a summary figure ("75%"), or a dash."""
        if self.part is None or self.whole is None or self.too_few:
            return "-"
        return percent(percent_of(self.part, self.whole))

    @property
    def count(self) -> str:
        """The count under a summary figure, with the reason when there is no %."""
        if self.part is None or self.whole is None:
            return t("share_withheld")
        if self.too_few:
            return t("share_too_few_long", part=self.part, whole=self.whole, min=MIN_GROUP)
        return t(self.of, part=self.part, whole=self.whole)

    def _parts(self) -> tuple[str, str]:
        """The words of a table's cell: what is read first, then what qualifies it."""
        if self.part is None or self.whole is None:
            return t("share_withheld"), ""
        of = t("of_settled", part=self.part, whole=self.whole)
        if self.too_few:
            return of, t("share_under", min=MIN_GROUP)
        if self.whole == 0:
            return "-", ""
        return self.value, f"({of})"

    def __str__(self) -> str:
        """The share in words: "75% (6 kati ya 8)", "2 kati ya 3 (chini ya 5)", "-"."""
        return " ".join(part for part in self._parts() if part)

    def __html__(self) -> Markup:
        """The share in a table's cell, its qualifier in small type that wraps as one."""
        first, more = self._parts()
        css = "too-few" if self.too_few else "withheld" if self.withheld else "share"
        if not more:
            return Markup('<span class="{}">{}</span>').format(css, first)
        return Markup('<span class="{}">{} <small>{}</small></span>').format(css, first, more)


def month_name(month: str, short: bool = False) -> str:
    """A month of the trend (YYYY-MM) in words: "Oktoba 2026", or short: "Okt 2026"."""
    if not short:
        return period_label(parse_period(month))
    year, number = month.split("-")
    return f"{t('months_short').split()[int(number) - 1]} {year}"


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


def whole_days(value: float) -> int:
    """Working days as officers count them: whole, and at least 1 once any part has passed."""
    return max(1, int(abs(value) + 0.5)) if value else 0


def days_left(value: float | None) -> str:
    """Working days left, or how many are past, in whole days and in words."""
    if value is None:
        return "-"
    days = whole_days(value)
    if days == 0:  # no working time left before the date (Friday evening, due at opening)
        return t("days_left_zero")
    key = "days_over" if value < 0 else "days_left"
    return t(key + "_one") if days == 1 else t(key, days=days)


def late_since(due: datetime, now: datetime) -> str:
    """A date passed, as officers read it: "imechelewa tangu Ijumaa 04/12" ("late since Fri
    04/12"), with the year when it is not this year's; never "0 working days left"."""
    day = due.astimezone(EAT).date()
    shown = f"{day:%d/%m}" if day.year == now.astimezone(EAT).year else f"{day:%d/%m/%Y}"
    return t("late_since", day=f"{t('weekdays_short').split()[day.weekday()]} {shown}")


SNIPPET = 90  # characters of a description shown in a list


def first_words(text: str, limit: int = SNIPPET) -> str:
    """The first words of a text, cut at a word's end within `limit` characters, with "…"
    when there is more."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[: limit + 1].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
    return cut.rstrip(" ,;:.") + "…"


def department_name(slug: str | None) -> str:
    """A department's short name; items without one are the desk's to route."""
    try:
        return current_gateway().charter.department(slug or "").short
    except KeyError:
        return t("no_department")


def kind_name(slug: str) -> str:
    """A feedback kind in the page's language ("Lalamiko" / "Complaint")."""
    try:
        found = current_gateway().charter.kind(slug)
    except KeyError:
        return slug
    return found.name_sw if current_language() == "sw" else found.name_en


def standard_name(line: StandardLine) -> str:
    """A standard as the report names it: "Lalamiko: kujibu", "Kibali cha ujenzi", "Rufaa"."""
    if line.what == "appeal":
        return t("std_appeal")
    if line.what == "service":
        return service_name(line.service or "-")
    plain = t(f"std_{line.what}", kind=kind_name(line.kind or ""))
    return t(f"std_{line.kind}_{line.what}", default=plain)


def service_name(slug: str) -> str:
    """A key service in the page's language ("Kibali cha ujenzi" / "Building permit")."""
    try:
        service = current_gateway().charter.key_service(slug)
    except KeyError:
        return slug
    return service.name_sw if current_language() == "sw" else service.name_en


def client_group_name(slug: str) -> str:
    """One of the charter's client groups in the page's language ("Umma" / "The public")."""
    for group in current_gateway().charter.client_groups:
        if group.slug == slug:
            return group.name_sw if current_language() == "sw" else group.name_en
    return slug


def low_credit() -> str | None:
    """The banner's words when the SMS balance last read is under LOW_BALANCE_ALERT."""
    gateway = current_gateway()
    threshold = gateway.config.low_balance_alert
    try:
        with gateway.reads() as session:
            balance = low_balance(session, threshold)
    except SQLAlchemyError:  # the page (an error page, even) is drawn all the same
        return None
    if balance is None or threshold is None:
        return None
    return t(
        "low_credit",
        balance=amount_of_money(balance.currency, balance.amount),
        threshold=amount_of_money(balance.currency, threshold),
        read=local_moment(balance.read_at),
    )


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    """What every console template may use (app-wide: error pages and the public results
    page are drawn in the console's style, outside its blueprint)."""
    charter = current_gateway().charter
    language = current_language()
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
        "standard_name": standard_name,
        "client_group_name": client_group_name,
        "service_name": service_name,
        "status_name": lambda s: t("status_" + s, default=s),
        "channel_name": lambda c: t("channel_" + c, default=c),
        "moment": local_moment,
        "day": local_day,
        "named_day": named_day,
        "number": number,
        "percent": percent,
        "share": Share,
        "month_name": month_name,
        "min_group": MIN_GROUP,
        "money": money,
        "days_left": days_left,
        "late_since": late_since,
        "low_credit": low_credit,  # read only where a page asks (an officer's)
        "period_label": period_label,
        "here": request.full_path.rstrip("?"),
    }
