"""The charter report page, its CSV, and sending the charter-review survey (desk only)."""

from __future__ import annotations

import csv
import io
import logging
from datetime import datetime

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from gateway.reporting.breakdowns import DIMENSIONS
from gateway.reporting.export import csv_rows
from gateway.reporting.feedback import survey_results
from gateway.reporting.periods import (
    Period,
    last_month,
    local_today,
    parse_period,
    period_choices,
    period_timing,
)
from gateway.reporting.public import Results, public_results
from gateway.reporting.report import build_report
from gateway.reporting.standards import standards_figures, with_standards
from gateway.reporting.surveys import (
    SurveyError,
    candidates,
    check_period,
    question,
    send_survey,
)
from gateway.runtime import Gateway
from gateway.web import charts
from gateway.web.console.auth import current_officer, t
from gateway.web.console.blueprint import bp
from gateway.web.console.scope import report_department, ward_report
from gateway.web.current import current_gateway
from gateway.web.pages import page_now
from gateway.web.results import csv_response, line_name

log = logging.getLogger(__name__)


def _period() -> Period:
    """The period asked for in ?period=, else last month."""
    today = local_today(page_now())
    raw = request.args.get("period", "")
    if raw:
        try:
            return parse_period(raw)
        except ValueError:
            flash(t("bad_period"), "error")
    return last_month(today)


def _department(gateway: Gateway) -> str | None:
    requested = request.args.get("department", "")
    if requested not in {d.slug for d in gateway.charter.departments}:
        requested = ""
    return report_department(current_officer(), requested or None)


def _kinds(gateway: Gateway) -> list[str]:
    return [kind.slug for kind in gateway.charter.kinds]


def group_names(gateway: Gateway, by: str) -> dict[str | None, str]:
    """What each group of a breakdown is called on the page."""
    if by == "department":
        names: dict[str | None, str] = {d.slug: d.short for d in gateway.charter.departments}
        names[None] = t("no_department")
    elif by == "channel":
        names = {c: t("channel_" + c, default=c) for c in ("ussd", "sms", "walkin", "letter")}
        names.update({c: t("channel_" + c, default=c) for c in ("phone", "desk")})
        names[None] = "-"
    else:
        names = {None: t("no_ward")}
    names["(no item)"] = t("no_item")
    return names


@bp.get("/report")
def report() -> str:
    """The charter report: standards against results, charts, and the charter review (a
    WEO: their ward's results)."""
    gateway = current_gateway()
    now = page_now()
    period = _period()
    ward = ward_report(current_officer())
    if ward is not None:
        return _ward_page(gateway, period, now, ward)
    department = _department(gateway)
    with gateway.sessions() as db:
        result = build_report(db, period, now, _kinds(gateway), department)
        standards, clients = standards_figures(db, gateway.charter, period, now, department)
    names = {by: group_names(gateway, by) for by in DIMENSIONS}
    today = local_today(now)
    order = {slug: index for index, slug in enumerate(names["department"])}
    return render_template(
        "console/report.html",
        report=result,
        standards=standards,
        clients=clients,
        names=names,
        kinds=gateway.charter.kinds,
        institutions={i.slug: i.name for i in gateway.charter.institutions},
        # One small chart a department, in the charter's order (the desk's items last).
        department_charts=sorted(
            result.trend_by_department.items(), key=lambda pair: order.get(pair[0], len(order))
        ),
        period_lines={line.group: line for line in result.breakdowns["department"]},
        chart=charts,
        choices=period_choices(today),
        query={"period": period.key, "department": department or ""},
        timing=period_timing(period, today),
        can_choose_department=current_officer().role in ("desk", "ded"),
    )


@bp.get("/report.csv")
def report_csv() -> ResponseReturnValue:
    """The same report as CSV, for the council's own spreadsheets."""
    gateway = current_gateway()
    period = _period()
    now = page_now()
    ward = ward_report(current_officer())
    if ward is not None:
        results = _ward_results(gateway, period, now, ward)
        return csv_response(results, f"matokeo-{period.key}-{_safe(ward)}.csv")
    department = _department(gateway)
    with gateway.sessions() as db:
        result = build_report(db, period, now, _kinds(gateway), department)
        standards, clients = standards_figures(db, gateway.charter, period, now, department)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    rows = csv_rows(result, [k.slug for k in gateway.charter.kinds])
    for row in with_standards(rows, period.key, standards, clients):
        writer.writerow([_cell(value) for value in row])
    name = f"ripoti-{period.key}{'-' + department if department else ''}.csv"
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _ward_results(gateway: Gateway, period: Period, now: datetime, ward: str) -> Results:
    with gateway.sessions() as db:
        return public_results(db, period, now, _kinds(gateway), ward=ward)


def _ward_page(gateway: Gateway, period: Period, now: datetime, ward: str) -> str:
    """A ward's results, as /matokeo shows the council's: a WEO sees the items of every
    department in the ward, so the small groups are merged and no comment is shown."""
    results = _ward_results(gateway, period, now, ward)
    today = local_today(now)
    return render_template(
        "console/ward_report.html",
        results=results,
        period=period,
        timing=period_timing(period, today),
        name=line_name,
        choices=period_choices(today),
        chart=charts,
    )


def _safe(name: str) -> str:
    # A ward's name in a file name: letters and digits only.
    return "".join(ch for ch in name if ch.isalnum()) or "kata"


def _cell(value: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet; ours never are, so say so.
    return "'" + value if value[:1] in ("=", "+", "@") else value


# --- the charter-review survey ------------------------------------------------------------------


@bp.route("/surveys/new", methods=["GET", "POST"])
def new_survey() -> ResponseReturnValue:
    """Choose a closed period, see who would be asked, and send (the desk only)."""
    officer = current_officer()
    if officer.role != "desk":
        abort(403)
    gateway = current_gateway()
    now = page_now()
    if request.method == "POST":
        try:
            period = parse_period(request.form.get("period", ""))
        except ValueError:
            flash(t("bad_period"), "error")
            return redirect(url_for("console.new_survey"))
        try:
            with gateway.sessions.begin() as db:
                survey, asked = send_survey(db, gateway, officer, period, now)
                survey_id = survey.id
        except SurveyError as error:
            flash(t(str(error)), "error")
            return redirect(url_for("console.new_survey", period=period.key))
        log.info("console survey=%d officer=%d asked=%d", survey_id, officer.id, asked)
        flash(t("survey_sent", count=asked), "ok")
        return redirect(url_for("console.new_survey"))
    period = _period()
    problem = None
    try:
        check_period(period, now)
    except SurveyError as error:
        problem = str(error)
    with gateway.sessions() as db:
        found = candidates(db, period, now)
        past = survey_results(db)
    council = gateway.charter.short_name
    return render_template(
        "console/survey.html",
        period=period,
        problem=problem,
        asked=len(found.asked),
        skipped=found.surveyed_this_quarter,
        question_sw=question("sw", council),
        question_en=question("en", council),
        surveys=past,
        choices=[(k, p) for k, p in period_choices(local_today(now)) if k.startswith("last")],
    )
