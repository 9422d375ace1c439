"""`flask --app app ...` commands: thin click wrappers over the gateway's plain functions."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from gateway.casework.holidays import HolidayError, add_holiday
from gateway.casework.unowned import claim_unowned
from gateway.messaging.dispatcher import dispatch_due
from gateway.ops.scheduler import add_jobs
from gateway.people.officers import (
    ROLES,
    NewOfficer,
    OfficerError,
    add_officer,
    disable_officer,
    enable_officer,
    unlock_officer,
)
from gateway.web.current import current_gateway
from store.database import migrate
from store.models import Officer

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    """Add the gateway's command groups to the Flask CLI."""
    app.cli.add_command(sms)
    app.cli.add_command(db)
    app.cli.add_command(scheduler)
    app.cli.add_command(officers)
    app.cli.add_command(holidays)


sms = AppGroup("sms", help="SMS outbox commands.")


@sms.command("dispatch")
def sms_dispatch() -> None:
    """Send every SMS that is due now, once."""
    gateway = current_gateway()
    report = dispatch_due(gateway.sessions, gateway.provider, datetime.now(UTC))
    click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")


db = AppGroup("db", help="Database commands.")


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    migrate(current_gateway().engine)
    click.echo("database is up to date")


@click.command()
@with_appcontext
def scheduler() -> None:
    """Run the scheduler's jobs in this process until stopped (Ctrl-C)."""
    gateway = current_gateway()
    click.echo("scheduler running; Ctrl-C stops it")
    blocking = add_jobs(BlockingScheduler(timezone=UTC), gateway)
    log.info(
        "scheduler started: %d jobs (database %s, sms %s)",
        len(blocking.get_jobs()),
        gateway.engine.url.get_backend_name(),
        gateway.config.sms_backend,
    )
    try:
        blocking.start()
    except (KeyboardInterrupt, SystemExit):
        pass


officers = AppGroup("officers", help="Council officers who act by SMS and in the console.")


@officers.command("add")
@click.option("--name", required=True)
@click.option("--phone", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--department", default=None, help="department slug, for officers and heads")
@click.option("--ward", default=None, help="the ward an officer covers (a weo's ward)")
@click.option("--pin", required=True, help="4-6 digits, typed in every SMS command")
@click.option("--password", default=None, help="for the web console")
def officers_add(
    name: str,
    phone: str,
    role: str,
    department: str | None,
    ward: str | None,
    pin: str,
    password: str | None,
) -> None:
    """Register an officer; the items with nobody responsible that are now theirs go to them."""
    gateway = current_gateway()
    new = NewOfficer(name, phone, role, pin, department, ward, password)
    now = datetime.now(UTC)
    try:
        with gateway.sessions.begin() as session:
            officer = add_officer(session, gateway.charter, new, now)
            taken = claim_unowned(session, gateway, officer, now)
            click.echo(f"added {officer.role} {officer.name} ({officer.phone})")
    except OfficerError as error:
        raise click.UsageError(str(error)) from None
    if taken:
        click.echo(f"{taken} item(s) that had no officer are now theirs; they were told by SMS")


@officers.command("list")
def officers_list() -> None:
    """List every officer."""
    with current_gateway().sessions() as session:
        rows = session.scalars(select(Officer).order_by(Officer.role, Officer.name)).all()
    for officer in rows:
        state = "" if officer.active else "  (disabled)"
        where = " ".join(filter(None, [officer.department, officer.ward]))
        click.echo(f"{officer.phone}  {officer.role:<7}  {where:<20}  {officer.name}{state}")


@officers.command("enable")
@click.argument("phone")
def officers_enable(phone: str) -> None:
    """Let a disabled officer act again; items with nobody responsible go to them."""
    gateway = current_gateway()
    now = datetime.now(UTC)
    try:
        with gateway.sessions.begin() as session:
            officer = enable_officer(session, phone)
            taken = claim_unowned(session, gateway, officer, now)
            click.echo(f"enabled {officer.name} ({officer.phone})")
    except OfficerError as error:
        raise click.UsageError(str(error)) from None
    if taken:
        click.echo(f"{taken} item(s) that had no officer are now theirs; they were told by SMS")


@officers.command("disable")
@click.argument("phone")
def officers_disable(phone: str) -> None:
    """Stop an officer acting (their record stays)."""
    try:
        with current_gateway().sessions.begin() as session:
            officer = disable_officer(session, phone)
            click.echo(f"disabled {officer.name} ({officer.phone})")
    except OfficerError as error:
        raise click.UsageError(str(error)) from None


@officers.command("unlock")
@click.argument("phone")
def officers_unlock(phone: str) -> None:
    """Lift an officer's PIN and console locks, once the desk has spoken to them."""
    try:
        with current_gateway().sessions.begin() as session:
            officer = unlock_officer(session, phone)
            click.echo(f"unlocked {officer.name} ({officer.phone})")
    except OfficerError as error:
        raise click.UsageError(str(error)) from None


holidays = AppGroup("holidays", help="Public holidays announced after the charter was written.")


@holidays.command("add")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("name")
def holidays_add(day: datetime, name: str) -> None:
    """Add a holiday (DATE as YYYY-MM-DD); open deadlines move and citizens are told."""
    try:
        moved = add_holiday(current_gateway(), day.date(), name, datetime.now(UTC))
    except HolidayError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"added {day.date().isoformat()} {name}; {moved} open deadline(s) moved")


# Where each holiday the calendar uses came from, as `holidays list --year` says it.
SOURCES = {
    "charter": "charter file",
    "added": "added (holidays add)",
    "calendar": "holidays package",
}


@holidays.command("list")
@click.option("--year", type=int, default=None, help="Every holiday the calendar uses that year.")
def holidays_list(year: int | None) -> None:
    """List the holidays added to the charter's; with --year, every public holiday the
    calendar will use that year and where each came from."""
    gateway = current_gateway()
    gateway.refresh_calendar(force=True)
    if year is None:
        for day, name in gateway.holidays_seen:
            click.echo(f"{day.isoformat()}  {name}")
        return
    for entry in gateway.calendar.entries(year):
        source = SOURCES[entry.source] + (", estimate" if entry.estimated else "")
        click.echo(f"{entry.day.isoformat()}  {entry.day:%a}  {entry.name}  [{source}]")
