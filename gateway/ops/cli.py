"""`flask --app app ...` commands: thin click wrappers over the gateway's plain functions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway import __version__
from gateway.casework import staffing
from gateway.casework.holidays import HolidayError, add_holiday
from gateway.messaging.dispatcher import dispatch_due
from gateway.ops.scheduler import add_jobs
from gateway.people.officer_changes import disable_officer, hold_for_change, unlock_officer
from gateway.people.officers import LANGUAGES, ROLES, NewOfficer, OfficerError, officer_with_phone
from gateway.web.current import current_gateway
from store.backups import BackupError, backup, contents, restore
from store.database import make_engine, migrate, schema_revisions
from store.models import Officer

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    """Add the gateway's command groups to the Flask CLI."""
    app.cli.add_command(sms)
    app.cli.add_command(db)
    app.cli.add_command(scheduler)
    app.cli.add_command(officers)
    app.cli.add_command(holidays)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(version)


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


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write a consistent copy of the database to FILE while the gateway runs (SQLite's online
    backup, or pg_dump's custom format); FILE is replaced only once the copy is whole."""
    try:
        made = backup(current_gateway().config.database_url, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"backed up the {made.kind} database to {made.path} ({made.size:,} bytes)")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    """Restore the backup FILE into the database DATABASE_URL names, which must be empty (stop
    the gateway first); then migrate it to this version's schema."""
    gateway = current_gateway()
    for engine in (
        gateway.engine,
        gateway.read_engine,
        gateway.passing_engine,
        gateway.step_engine,
    ):
        engine.dispose()  # no connection of ours stays open on the database being replaced
    url = gateway.config.database_url
    try:
        restore(url, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    engine = make_engine(url, timeouts=gateway.config.timeouts)
    try:
        migrate(engine)
        found = ", ".join(f"{name}: {count:,}" for name, count in contents(engine).items())
    finally:
        engine.dispose()
    click.echo(f"restored {file} ({found}); the database is up to date")


@click.command()
@with_appcontext
def version() -> None:
    """This gateway's version, and its database's schema beside the newest this version has."""
    click.echo(f"makete-gateway {__version__}")
    try:
        current, head = schema_revisions(current_gateway().engine)
    except Exception as error:  # the database away: the version is still worth telling
        click.echo(f"database: unreachable ({type(error).__name__})")
        return
    state = "up to date" if current == head else "run `flask --app app db upgrade`"
    click.echo(f"database schema {current or 'empty'}, this version's {head}: {state}")


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
@click.option("--language", default="sw", type=click.Choice(LANGUAGES), help="of their SMS")
def officers_add(
    name: str,
    phone: str,
    role: str,
    department: str | None,
    ward: str | None,
    pin: str,
    password: str | None,
    language: str,
) -> None:
    """Register an officer; the items with nobody responsible that are now theirs go to them."""
    gateway = current_gateway()
    new = NewOfficer(name, phone, role, pin, department, ward, password, language)
    now = datetime.now(UTC)
    try:
        with gateway.sessions.begin() as session:
            registered = staffing.register(session, gateway, new, now)
            officer = registered.officer
            click.echo(f"added {officer.role} {officer.name} ({officer.phone})")
    except OfficerError as error:
        raise click.UsageError(str(error)) from None
    if registered.taken:
        click.echo(
            f"{registered.taken} item(s) that had no officer are now theirs; they were told by SMS"
        )


@officers.command("list")
def officers_list() -> None:
    """List every officer."""
    with current_gateway().sessions() as session:
        rows = session.scalars(select(Officer).order_by(Officer.role, Officer.name)).all()
    for officer in rows:
        state = "" if officer.active else "  (disabled)"
        where = " ".join(filter(None, [officer.department, officer.ward]))
        click.echo(f"{officer.phone}  {officer.role:<7}  {where:<20}  {officer.name}{state}")


def _change(phone: str, desks: bool, change: Callable[[Session, Officer, datetime], str]) -> None:
    """Apply one change to the officer with this phone, holding their row (and the desks'
    rows, for a change that could leave no desk); say what was done, or why not."""
    gateway = current_gateway()
    try:
        with gateway.sessions.begin() as session:
            found = officer_with_phone(session, phone)
            officer = hold_for_change(session, found.id, desks=desks)
            assert officer is not None  # found above, and officers are never deleted
            said = change(session, officer, datetime.now(UTC))
    except OfficerError as error:
        raise click.UsageError(str(error)) from None
    click.echo(said)


def _taken(taken: int | None) -> str:
    if not taken:
        return ""
    return f"\n{taken} item(s) that had no officer are now theirs; they were told by SMS"


@officers.command("enable")
@click.argument("phone")
def officers_enable(phone: str) -> None:
    """Let a disabled officer act again; items with nobody responsible go to them."""
    gateway = current_gateway()

    def enable(session: Session, officer: Officer, now: datetime) -> str:
        taken = staffing.enable(session, gateway, officer, now, None)
        return f"enabled {officer.name} ({officer.phone}){_taken(taken)}"

    _change(phone, False, enable)


@officers.command("disable")
@click.argument("phone")
def officers_disable(phone: str) -> None:
    """Stop an officer acting (their record stays; their console sessions end)."""

    def disable(session: Session, officer: Officer, now: datetime) -> str:
        disable_officer(session, officer, now, None)
        return f"disabled {officer.name} ({officer.phone})"

    _change(phone, True, disable)


@officers.command("unlock")
@click.argument("phone")
def officers_unlock(phone: str) -> None:
    """Lift an officer's PIN and console locks, once the desk has spoken to them."""

    def unlock(session: Session, officer: Officer, now: datetime) -> str:
        unlock_officer(session, officer, now, None)
        return f"unlocked {officer.name} ({officer.phone})"

    _change(phone, False, unlock)


@officers.command("reset-pin")
@click.argument("phone")
def officers_reset_pin(phone: str) -> None:
    """Give an officer a new SMS PIN, printed here once and sent to them by SMS."""
    gateway = current_gateway()

    def reset(session: Session, officer: Officer, now: datetime) -> str:
        pin = staffing.give_pin(session, gateway, officer, now, None)
        return f"new PIN for {officer.name} ({officer.phone}): {pin} (sent to them by SMS)"

    _change(phone, False, reset)


@officers.command("reset-password")
@click.argument("phone")
def officers_reset_password(phone: str) -> None:
    """Give an officer a new console password, printed here once and sent to them by SMS."""
    gateway = current_gateway()

    def reset(session: Session, officer: Officer, now: datetime) -> str:
        password = staffing.give_password(session, gateway, officer, now, None)
        return f"new password for {officer.name} ({officer.phone}): {password} (sent by SMS)"

    _change(phone, False, reset)


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
