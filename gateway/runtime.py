"""What one running gateway holds, built once at start-up and shared by every request and job.

Building it touches no database: the engines connect on first use, and the holidays added in
the database join the calendar at the first `refresh_calendar` (every entry point calls it), so
a web worker boots while its database is away and serves once it is back.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from charter.calendar import WorkingCalendar
from charter.model import Charter, DatedHoliday
from gateway.config import Config
from gateway.messaging.providers.africastalking import AfricasTalkingProvider
from gateway.messaging.providers.console import ConsoleProvider
from gateway.messaging.providers.provider import SmsProvider
from gateway.messaging.providers.simulator import SimulatorProvider
from store.database import PASSING, READS, STEPS, WRITES, make_engine, make_session_factory
from store.models import Holiday

HOLIDAY_CHECK_SECONDS = 60.0  # how stale another process's new holiday may be here


@dataclass
class Gateway:
    """The loaded charter and calendar, the database and the SMS provider."""

    config: Config
    charter: Charter
    calendar: WorkingCalendar
    engine: Engine
    sessions: sessionmaker[Session]
    read_engine: Engine  # for work that only reads: no write lock on SQLite
    passing_engine: Engine  # for writes a power cut may lose: USSD menu steps
    step_engine: Engine  # a USSD step's durable writes (a filing): retried by the step itself
    steps: sessionmaker[Session]  # sessions on step_engine
    reads: sessionmaker[Session]  # sessions on read_engine
    provider: SmsProvider
    holidays_seen: tuple[tuple[date, str], ...] = ()
    holidays_checked: float = field(default=-HOLIDAY_CHECK_SECONDS)

    def refresh_calendar(self, force: bool = False) -> None:
        """Take in holidays added in the database (by any process), at most once a minute; the
        first call loads them. A read that fails is tried again at the next call."""
        if not force and time.monotonic() - self.holidays_checked < HOLIDAY_CHECK_SECONDS:
            return
        with self.reads() as session:
            rows = session.execute(select(Holiday.day, Holiday.name).order_by(Holiday.day)).all()
        self.holidays_checked = time.monotonic()
        seen = tuple((day, name) for day, name in rows)
        if seen != self.holidays_seen:
            self.holidays_seen = seen
            self.calendar = WorkingCalendar.from_charter(
                self.charter, extra_holidays=[DatedHoliday(day, name) for day, name in seen]
            )


def build_gateway(config: Config, provider: SmsProvider | None = None) -> Gateway:
    """Load everything a request needs once, so a USSD step does no loading of its own."""
    engine = make_engine(config.database_url, WRITES, config.timeouts)
    read_engine = make_engine(config.database_url, READS, config.timeouts)
    step_engine = make_engine(config.database_url, STEPS, config.timeouts)
    return Gateway(
        config=config,
        charter=config.charter,
        calendar=WorkingCalendar.from_charter(config.charter),
        engine=engine,
        sessions=make_session_factory(engine),
        read_engine=read_engine,
        passing_engine=make_engine(config.database_url, PASSING, config.timeouts),
        step_engine=step_engine,
        steps=make_session_factory(step_engine),
        reads=make_session_factory(read_engine),
        provider=provider or sms_provider(config),
    )


def sms_provider(config: Config) -> SmsProvider:
    """Africa's Talking when credentials are set, else the simulator's inbox or the console."""
    if config.sms_backend == "africastalking":
        return AfricasTalkingProvider(
            config.at_username,
            config.at_api_key,
            sender_id=config.at_sender_id,
            api_url=config.at_api_url,
        )
    if config.simulator:
        return SimulatorProvider()
    return ConsoleProvider()
