"""The charter report (Taarifa ya matokeo kwa kulinganisha na viwango), whole: every figure of
the period, overall and per breakdown, the trend, the review and the referrals. The rules by
which an item counts are in `rules`; the console renders the report, bench/report.py times it
on a million items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.orm import Session

from gateway.reporting.breakdowns import BREAKDOWNS, NO_ITEM
from gateway.reporting.feedback import (
    FeedbackSummary,
    SurveyResult,
    feedback_summary,
    survey_results,
)
from gateway.reporting.figures import Figures, count_figures, median_days, referrals
from gateway.reporting.periods import Period
from gateway.reporting.sms_costs import sms_figures
from gateway.reporting.trend import MonthPoint, monthly_trend


@dataclass(frozen=True)
class Report:
    """Everything the report page and the CSV show."""

    period: Period
    now: datetime
    department: str | None
    overall: Figures
    breakdowns: dict[str, list[Figures]]
    trend: list[MonthPoint]  # the 12 months ending with the period
    feedback: FeedbackSummary
    surveys: list[SurveyResult]
    referrals: dict[str, int] = field(default_factory=dict)  # institution slug -> items
    # The same 12 months for each department with an item in them (None: the desk's items).
    trend_by_department: dict[str | None, list[MonthPoint]] = field(default_factory=dict)


def build_report(
    session: Session,
    period: Period,
    now: datetime,
    kinds: Sequence[str],
    department: str | None = None,
    ward: str | None = None,
) -> Report:
    """The whole report for a period (optionally one department's or one ward's items only).

    `kinds` are the charter's feedback kinds, counted for every line.
    """
    counts = count_figures(session, period, now, kinds, department, ward)
    sms = sms_figures(session, period, department, ward)
    medians = median_days(session, period, department, ward)
    lines: dict[str, list[Figures]] = {}
    for by in BREAKDOWNS:
        ack, resolve = medians["acknowledge_days"][by], medians["resolve_days"][by]
        merged = []
        for key in {**counts[by], **sms[by]}:
            line = counts[by].get(key) or Figures(group=key)
            text = sms[by].get(key)
            merged.append(
                replace(
                    line,
                    median_ack_days=ack.get(key),
                    median_resolve_days=resolve.get(key),
                    sms_sent=text.sent if text else 0,
                    sms_delivered=text.delivered if text else 0,
                    sms_failed=text.failed if text else 0,
                    sms_parts=text.parts if text else 0,
                    sms_cost=text.cost if text else {},
                )
            )
        lines[by] = sorted(merged, key=_group_order)
    trend = monthly_trend(session, period, now, department, ward)
    return Report(
        period=period,
        now=now,
        department=department,
        overall=lines.pop("overall")[0],
        breakdowns=lines,
        trend=trend.overall,
        feedback=feedback_summary(session, period),
        surveys=survey_results(session, period),
        referrals=referrals(session, period, department, ward),
        trend_by_department=trend.by_department,
    )


def _group_order(line: Figures) -> tuple[int, str]:
    # Named groups first, then items with no group, then SMS about no item at all.
    rank = 2 if line.group == NO_ITEM else 1 if line.group is None else 0
    return (rank, line.group or "")
