"""`flask --app app ...` commands: thin click wrappers over the gateway's plain functions."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from gateway.dispatcher import dispatch_due
from gateway.runtime import current_gateway
from gateway.scheduler import add_jobs
from store.database import migrate


def register(app: Flask) -> None:
    """Add the gateway's command groups to the Flask CLI."""
    app.cli.add_command(sms)
    app.cli.add_command(db)
    app.cli.add_command(scheduler)


sms = AppGroup("sms", help="SMS outbox commands.")


@sms.command("dispatch")
def sms_dispatch() -> None:
    """Send every SMS that is due now, once."""
    gateway = current_gateway()
    report = dispatch_due(gateway.sessions, gateway.provider, datetime.now(UTC), limit=10_000)
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
    try:
        blocking.start()
    except (KeyboardInterrupt, SystemExit):
        pass
