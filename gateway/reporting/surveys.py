"""The charter-review SMS survey (Mapitio ya mkataba): who is asked, and asking them.

Asked: each distinct phone with an item resolved in the chosen (closed) period whose status is
resolved or closed. Not asked: a phone already surveyed this calendar quarter (at most one
survey per phone per quarter), a phone Africa's Talking reported blacklisted, and anonymous
items' phones: a citizen who chose not to be named gave the number to hear about their own
item, not to be contacted again, so only their named items (if any) bring them in.

The SMS waits out quiet hours (it is news, not a reply). Answers ("1" yes, "2" no) are stored
by the SMS inbox on the SurveyRecipient row; the report counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from charter.gsm7 import to_gsm7
from gateway.messaging.outbox import queue_sms
from gateway.reporting.periods import Period, local_today, period_of
from gateway.runtime import Gateway
from store.models import Complaint, Officer, Phone, Survey, SurveyRecipient

CLOSED = ("resolved", "closed")
PURPOSE = "survey"
# Both languages are stored on the Survey, so the record says exactly what was asked.
QUESTION = {
    "sw": (
        "{council}: Mapitio ya mkataba wa huduma. Je, viwango vyetu vya huduma vinakidhi "
        "mahitaji yako? Jibu 1 Ndiyo au 2 Hapana. Asante."
    ),
    "en": (
        "{council}: Service charter review. Do our service standards meet your needs? "
        "Reply 1 Yes or 2 No. Thank you."
    ),
}


class SurveyError(ValueError):
    """A survey that cannot be sent; the message is a console text key."""


@dataclass(frozen=True)
class Candidate:
    """A phone to ask, the latest of its items in the period, and its language."""

    phone: str
    complaint_id: int
    language: str


@dataclass(frozen=True)
class Candidates:
    """Who would be asked, and how many phones were left out because asked this quarter."""

    asked: list[Candidate]
    surveyed_this_quarter: int


def question(language: str, council: str) -> str:
    """The survey SMS in one language."""
    return to_gsm7(QUESTION[language].format(council=council))


def check_period(period: Period, now: datetime) -> None:
    """SurveyError unless the period is over: a survey asks about items already closed."""
    if period.end > local_today(now):
        raise SurveyError("survey_period_open")


def candidates(session: Session, period: Period, now: datetime) -> Candidates:
    """The phones to ask for a period, one row per phone, chosen in SQL."""
    start, end = period.bounds()
    c = Complaint
    closed_in_period = and_(
        c.status.in_(CLOSED),
        c.resolved_at >= start,
        c.resolved_at < end,
        c.phone.is_not(None),
        c.anonymous.is_(False),
    )
    quarter_start, _ = period_of("quarter", local_today(now)).bounds()
    asked_this_quarter = select(SurveyRecipient.phone).where(
        SurveyRecipient.asked_at >= quarter_start
    )
    blocked = select(Phone.number).where(Phone.sms_blocked_at.is_not(None))
    latest = (
        select(func.max(c.id))
        .where(closed_in_period, c.phone.not_in(blocked))
        .group_by(c.phone)
        .scalar_subquery()
    )
    fresh = session.execute(
        select(c.phone, c.id, c.language)
        .where(c.id.in_(latest), c.phone.not_in(asked_this_quarter))
        .order_by(c.id)
    ).all()
    skipped = (
        session.scalar(
            select(func.count(func.distinct(c.phone))).where(
                closed_in_period, c.phone.in_(asked_this_quarter)
            )
        )
        or 0
    )
    return Candidates([Candidate(p, i, lang) for p, i, lang in fresh if p], skipped)


def send_survey(
    session: Session, gateway: Gateway, officer: Officer, period: Period, now: datetime
) -> tuple[Survey, int]:
    """Create the survey and queue one SMS per phone; (survey, phones asked)."""
    check_period(period, now)
    found = candidates(session, period, now)
    if not found.asked:
        raise SurveyError("survey_nobody")
    council = gateway.charter.short_name
    survey = Survey(
        question_sw=question("sw", council),
        question_en=question("en", council),
        closed_from=period.start,
        closed_to=period.last_day,
        officer_id=officer.id,
        created_at=now,
    )
    session.add(survey)
    session.flush()
    for candidate in found.asked:
        language = candidate.language if candidate.language in QUESTION else "sw"
        session.add(
            SurveyRecipient(
                survey_id=survey.id,
                phone=candidate.phone,
                complaint_id=candidate.complaint_id,
                asked_at=now,
            )
        )
        queue_sms(
            session,
            phone=candidate.phone,
            text=survey.question_sw if language == "sw" else survey.question_en,
            purpose=PURPOSE,
            now=now,
            quiet_hours=gateway.config.quiet_hours,
        )
    return survey, len(found.asked)
