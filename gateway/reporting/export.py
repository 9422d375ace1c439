"""The charter report as CSV rows (/console/report.csv)."""

from __future__ import annotations

from collections.abc import Sequence

from gateway.reporting.report import Report
from gateway.reporting.sms_costs import format_cost


def csv_rows(report: Report, kinds: Sequence[str]) -> list[list[str]]:
    """The report as CSV rows: a header, then overall and every group of every breakdown."""
    header = [
        "period",
        "breakdown",
        "group",
        "received",
        *(f"received_{kind}" for kind in kinds),
        "acknowledged_within",
        "acknowledged_late",
        "acknowledge_missed_open",
        "acknowledged_within_pct",
        "resolved_within",
        "resolved_late",
        "resolve_missed_open",
        "resolved_within_pct",
        "open_now",
        "overdue_now",
        "median_days_to_acknowledge",
        "median_days_to_resolve",
        "appeals_opened",
        "appeals_no_answer",
        "appeals_decided",
        "appeals_decided_in_time",
        "appeals_pending_overdue",
        "satisfied_yes",
        "satisfaction_answers",
        "satisfied_pct",
        "sms_sent",
        "sms_delivered",
        "sms_failed",
        "sms_parts",
        "sms_cost",
        "referred",
        "acknowledged_by_weo",
    ]
    rows = [header]
    lines = [("overall", report.overall)] + [
        (by, line) for by, group in report.breakdowns.items() for line in group
    ]
    for by, line in lines:
        rows.append(
            [
                report.period.key,
                by,
                "" if by == "overall" else (line.group or "-"),
                str(line.received),
                *(str(line.by_kind.get(kind, 0)) for kind in kinds),
                str(line.ack_within),
                str(line.ack_late),
                str(line.ack_missed),
                _text(line.ack_pct),
                str(line.resolved_within),
                str(line.resolved_late),
                str(line.resolve_missed),
                _text(line.resolve_pct),
                str(line.open_now),
                str(line.overdue_now),
                _text(line.median_ack_days),
                _text(line.median_resolve_days),
                str(line.appeals_opened),
                str(line.appeals_no_answer),
                str(line.appeals_decided),
                str(line.appeals_decided_in_time),
                str(line.appeals_pending_overdue),
                str(line.satisfied_yes),
                str(line.satisfied_answers),
                _text(line.satisfied_pct),
                str(line.sms_sent),
                str(line.sms_delivered),
                str(line.sms_failed),
                str(line.sms_parts),
                format_cost(line.sms_cost),
                str(line.referred),
                str(line.ack_by_weo),
            ]
        )
    # Referrals per institution, apart from the council's own results: only `referred` is set.
    for slug, count in report.referrals.items():
        rows.append(
            [report.period.key, "institution", slug, *[""] * (len(header) - 5), str(count), ""]
        )
    return rows


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
