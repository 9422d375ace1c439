"""/matokeo: the charter's published results, without login, in Swahili with an English switch,
and the same figures as /matokeo.csv and /matokeo.json under an open licence.

The page needs no script and loads nothing from outside: its charts are inline SVG drawn by the
server, and it has the console's strict headers (but may be cached: it is public).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from gateway.reporting.periods import (
    Period,
    last_month,
    local_today,
    parse_period,
    period_choices,
    period_timing,
)
from gateway.reporting.public import (
    COUNCIL,
    DESK,
    MIN_GROUP,
    OTHERS,
    Line,
    Results,
    public_results,
)
from gateway.web import charts
from gateway.web.console.auth import current_language
from gateway.web.current import current_gateway
from gateway.web.pages import page_now, strict_headers
from gateway.web.texts import text

bp = Blueprint("results", __name__)


def init_app(app: Flask) -> None:
    """Serve the public results pages (no login)."""
    app.register_blueprint(bp)


# The licence the figures are published under, named on the page and in every file.
LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
CACHE_SECONDS = 300  # the figures are as at the moment asked: five minutes old is fine
FIELDS = (
    "received",
    "acknowledged_within_standard_pct",
    "resolved_within_standard_pct",
    "median_working_days_to_acknowledge",
    "median_working_days_to_resolve",
    "satisfied_pct",
    "appeals_opened",
)


@bp.after_request
def _public_headers(response: Response) -> Response:
    """The console's strict headers, but public data may be cached a little while."""
    response = strict_headers(response)
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _chosen_period(today: date) -> tuple[Period, bool]:
    """The period in ?period= (last month by default), and whether what was asked was bad."""
    raw = request.args.get("period", "")
    if not raw:
        return last_month(today), False
    try:
        return parse_period(raw), False
    except ValueError:
        return last_month(today), True


def _results(period: Period, now: datetime) -> Results:
    gateway = current_gateway()
    with gateway.sessions() as db:
        return public_results(db, period, now, [kind.slug for kind in gateway.charter.kinds])


@bp.get("/matokeo")
def page() -> str:
    """The results page for a month, quarter or year."""
    now = page_now()
    today = local_today(now)
    period, bad = _chosen_period(today)
    timing = period_timing(period, today)
    results = _results(period, now)
    return render_template(
        "results/matokeo.html",
        results=results,
        period=period,
        bad_period=bad,
        timing=timing,
        name=line_name,
        choices=period_choices(today),
        chart=charts,
        licence=LICENCE,
        lang_arg=None if current_language() == "sw" else current_language(),  # kept in links
    )


def line_name(line: Line, language: str, ward: str | None = None) -> str:
    """What a line is called: the council (or the ward, in a ward's results), a department, or
    the merged small departments."""
    if line.group == COUNCIL:
        if ward is not None:
            return text(language, "results_ward", ward=ward)
        return text(language, "results_council")
    if line.group == OTHERS:
        names = ", ".join(_department(slug, language) for slug in line.departments)
        return text(language, "results_others", names=names)
    return _department(None if line.group == DESK else line.group, language)


def _department(slug: str | None, language: str) -> str:
    if slug is None:
        return text(language, "no_department")
    return current_gateway().charter.department(slug).name


@bp.get("/matokeo.json")
def as_json() -> ResponseReturnValue:
    """The page's figures as JSON."""
    period, bad = _chosen_period(local_today(page_now()))
    if bad:
        return jsonify(error="period must look like 2026-10, 2026-Q4 or 2026"), 400
    results = _results(period, page_now())
    return jsonify(
        council=current_gateway().charter.council,
        title=text("sw", "report_title"),
        period=period.key,
        first_day=period.start.isoformat(),
        last_day=period.last_day.isoformat(),
        as_at=results.now.isoformat(timespec="seconds"),
        licence=LICENCE,
        smallest_group=MIN_GROUP,
        small_month=results.small_month,  # its council and "others" lines are not published
        council_wide=_json_line(results.council),
        departments=[_json_line(line) for line in results.departments],
        trend=[
            {
                "month": m.month,
                "received": m.received,
                "resolved_within_standard_pct": m.resolve_pct,
            }
            for m in results.trend
        ],
    )


def _json_line(line: Line) -> dict[str, Any]:
    return {
        "group": line.group,
        "name": line_name(line, "sw"),
        "departments": [slug or DESK for slug in line.departments],
        "published": line.published,
        **dict(zip(FIELDS, _figures(line), strict=True)),
    }


def _figures(line: Line) -> tuple[Any, ...]:
    """The published figures of a line, in FIELDS order (all None when it is too small)."""
    f = line.figures
    if f is None:
        return (None,) * len(FIELDS)
    return (
        f.received,
        f.ack_pct,
        f.resolve_pct,
        f.median_ack_days,
        f.median_resolve_days,
        f.satisfied_pct,
        f.appeals_opened,
    )


@bp.get("/matokeo.csv")
def as_csv() -> ResponseReturnValue:
    """The page's figures as CSV: the council, each department line, then each month."""
    period, bad = _chosen_period(local_today(page_now()))
    if bad:
        return Response(
            "period must look like 2026-10, 2026-Q4 or 2026\n", 400, mimetype="text/plain"
        )
    return csv_response(_results(period, page_now()), f"matokeo-{period.key}.csv")


def csv_response(results: Results, filename: str) -> Response:
    """Published results as a CSV download: the council (or ward), each department line, then
    each month."""
    period = results.period
    lines = [("council", results.council)] + [("department", d) for d in results.departments]
    rows = [
        (by, line.group, line_name(line, "sw", results.ward), _figures(line)) for by, line in lines
    ]
    for m in results.trend:
        month = (m.received, None, m.resolve_pct, None, None, None, None)
        rows.append(("month", m.month, m.month, month))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["period", "breakdown", "group", "name", *FIELDS, "licence"])
    for by, group, name, values in rows:
        cells = ["" if v is None else f"{v:g}" if isinstance(v, float) else str(v) for v in values]
        writer.writerow([period.key, by, group, name, *cells, LICENCE["name"]])
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
