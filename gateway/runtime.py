"""What one running gateway holds, built once at start-up and shared by every request and job."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from charter.calendar import WorkingCalendar
from charter.model import Charter
from gateway.config import Config
from gateway.sms.africastalking import AfricasTalkingProvider
from gateway.sms.console import ConsoleProvider
from gateway.sms.provider import SmsProvider
from store.database import make_engine, make_session_factory


@dataclass
class Gateway:
    """The loaded charter and calendar, the database and the SMS provider."""

    config: Config
    charter: Charter
    calendar: WorkingCalendar
    engine: Engine
    sessions: sessionmaker[Session]
    provider: SmsProvider


def build_gateway(config: Config, provider: SmsProvider | None = None) -> Gateway:
    """Load everything a request needs once, so a USSD step does no loading of its own."""
    engine = make_engine(config.database_url)
    return Gateway(
        config=config,
        charter=config.charter,
        calendar=WorkingCalendar.from_charter(config.charter),
        engine=engine,
        sessions=make_session_factory(engine),
        provider=provider or sms_provider(config),
    )


def sms_provider(config: Config) -> SmsProvider:
    """Africa's Talking when credentials are set, else the console."""
    if config.sms_backend == "africastalking":
        return AfricasTalkingProvider(
            config.at_username,
            config.at_api_key,
            sender_id=config.at_sender_id,
            api_url=config.at_api_url,
        )
    return ConsoleProvider()


def current_gateway() -> Gateway:
    """The gateway of the Flask app handling this request or command."""
    gateway: Gateway = current_app.extensions["gateway"]
    return gateway
