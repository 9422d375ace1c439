"""The charter review (Mapitio ya mkataba): citizens' 1-5 ratings and comments, and the
results of the SMS surveys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from gateway.reporting.periods import Period
from gateway.reporting.rules import counted, percent
from store.models import CharterFeedback, Survey, SurveyRecipient

RECENT_COMMENTS = 10


@dataclass(frozen=True)
class Comment:
    """A citizen's comment on the charter (never with the phone it came from)."""

    at: datetime
    rating: int | None
    comment: str


@dataclass(frozen=True)
class FeedbackSummary:
    """Citizens' ratings of the council's service (1-5) in the period, and recent comments."""

    count: int
    average: float | None
    by_rating: dict[int, int]
    comments: list[Comment]


def feedback_summary(session: Session, period: Period) -> FeedbackSummary:
    """Average rating, how many of each 1-5, and the latest comments of the period."""
    start, end = period.bounds()
    f = CharterFeedback
    in_period = and_(f.created_at >= start, f.created_at < end)
    rated = and_(in_period, f.rating.between(1, 5))
    count, average = session.execute(select(func.count(), func.avg(f.rating)).where(rated)).one()
    by_rating = {rating: 0 for rating in range(1, 6)}
    for rating, n in session.execute(
        select(f.rating, func.count()).where(rated).group_by(f.rating)
    ):
        if rating is not None:
            by_rating[rating] = n
    comments = [
        Comment(at, rating, text or "")
        for at, rating, text in session.execute(
            select(f.created_at, f.rating, f.comment)
            .where(in_period, f.comment.is_not(None), f.comment != "")
            .order_by(f.created_at.desc(), f.id.desc())
            .limit(RECENT_COMMENTS)
        )
    ]
    return FeedbackSummary(
        count, None if average is None else round(float(average), 2), by_rating, comments
    )


@dataclass(frozen=True)
class SurveyResult:
    """One charter-review survey: how many were asked, answered, and answered "1" (yes)."""

    survey_id: int
    closed_from: date
    closed_to: date
    created_at: datetime
    asked: int
    answered: int
    yes: int

    @property
    def yes_pct(self) -> float | None:
        """Share of "1" among the answers, %."""
        return percent(self.yes, self.answered)


def survey_results(
    session: Session, period: Period | None = None, limit: int = 20
) -> list[SurveyResult]:
    """Surveys about items closed in the period (all, when None), newest first."""
    s, r = Survey, SurveyRecipient
    statement = (
        select(
            s.id,
            s.closed_from,
            s.closed_to,
            s.created_at,
            func.count(r.id),
            counted(r.answer.in_(("1", "2"))),
            counted(r.answer == "1"),
        )
        .select_from(s)
        .outerjoin(r, r.survey_id == s.id)
        .group_by(s.id, s.closed_from, s.closed_to, s.created_at)
        .order_by(s.created_at.desc(), s.id.desc())
        .limit(limit)
    )
    if period is not None:
        statement = statement.where(s.closed_from <= period.last_day, s.closed_to >= period.start)
    return [SurveyResult(*row) for row in session.execute(statement)]
