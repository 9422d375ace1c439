"""`flask --app app simulate --phone PHONE`: a USSD session in the terminal.

Each step is the same form POST to /ussd that Africa's Talking sends, through the app's own WSGI
stack (the webhook key included), never a call into the menu code: what works here works on a
phone. Answers are read one per line from standard input, so a session can be scripted:

    printf '1\\n5\\niwa\\nBomba limevunjika\\n2\\n1\\n' \\
        | flask --app app simulate --phone 0754123456
"""

from __future__ import annotations

import secrets
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TextIO
from urllib.parse import urlencode

import click
from flask import current_app
from flask.cli import with_appcontext
from flask.testing import FlaskClient

from gateway.ops.logs import only_warnings
from gateway.people.phones import normalise_phone
from gateway.web.current import current_gateway
from gateway.web.simulator import NETWORKS

AT_DATE = "%Y-%m-%d %H:%M:%S"  # Africa's Talking's `date`, in UTC


@dataclass
class TerminalSession:
    """One simulated USSD session: the answers so far and what the end notification reports."""

    client: FlaskClient
    phone: str
    network: str
    service_code: str
    key: str | None
    session_id: str = field(default_factory=lambda: f"ATUid_sim_{secrets.token_hex(16)}")
    inputs: list[str] = field(default_factory=list)
    hops: int = 0
    started: float = field(default_factory=time.monotonic)
    last_response: str = ""

    def step(self) -> str:
        """Post the cumulative `text` to /ussd; the body, or a RuntimeError naming what failed."""
        response = self.client.post(
            self._url("/ussd"),
            data={
                "sessionId": self.session_id,
                "serviceCode": self.service_code,
                "phoneNumber": self.phone,
                "networkCode": self.network,
                "text": "*".join(self.inputs),
            },
        )
        self.hops += 1
        body = response.get_data(as_text=True)
        if response.status_code != 200 or not body.startswith(("CON ", "END ")):
            # A real phone shows "connection problem" for this; the terminal says exactly why.
            raise RuntimeError(f"/ussd answered {response.status_code}: {body.strip()[:200]}")
        self.last_response = body
        return body

    def end(self, status: str, error: str | None = None) -> None:
        """Post the end-of-session notification Africa's Talking sends to /ussd/events."""
        form = {
            "date": datetime.now(UTC).strftime(AT_DATE),
            "sessionId": self.session_id,
            "serviceCode": self.service_code,
            "networkCode": self.network,
            "phoneNumber": self.phone,
            "status": status,
            "cost": "0",
            "durationInMillis": str(int((time.monotonic() - self.started) * 1000)),
            "hopsCount": str(self.hops),
            "hopsMetadata": "",
            "input": self.inputs[-1] if self.inputs else "",
            "lastAppResponse": self.last_response,
        }
        if error:
            form["errorMessage"] = error
        response = self.client.post(self._url("/ussd/events"), data=form)
        if response.status_code != 200:
            click.echo(f"(end-of-session notification refused: {response.status_code})", err=True)

    def _url(self, path: str) -> str:
        return path if self.key is None else f"{path}?{urlencode({'key': self.key})}"


@click.command("simulate")
@click.option("--phone", required=True, help="the simulated phone's number, e.g. 0754123456")
@click.option(
    "--network",
    default="64004",
    show_default=True,
    type=click.Choice([code for code, _ in NETWORKS]),
    help="networkCode: " + ", ".join(f"{code} {name}" for code, name in NETWORKS),
)
@with_appcontext
def simulate(phone: str, network: str) -> None:
    """Run one USSD session in the terminal: print each screen, read each answer from stdin."""
    try:
        number = normalise_phone(phone)
    except ValueError:
        raise click.BadParameter(
            f"{phone!r} is not a valid phone number (e.g. 0754123456)",
            param_hint="--phone",
        ) from None
    config = current_gateway().config
    if not config.simulator:
        # Same requests as a phone: with real credentials the SMS it causes go out for real.
        click.echo("note: the simulator is off here; this session files real records", err=True)
    session = TerminalSession(
        client=current_app.test_client(),
        phone=number,
        network=network,
        service_code=config.ussd_service_code,
        key=config.webhook_secret,
    )
    with only_warnings():
        run_session(session, sys.stdin)


def run_session(session: TerminalSession, answers: TextIO) -> None:
    """Show screens and send answers until an END screen or the end of `answers`."""
    interactive = answers.isatty()
    while True:
        try:
            body = session.step()
        except RuntimeError as error:
            session.end("Failed", str(error))
            raise click.ClickException(str(error)) from None
        click.echo(body[4:])
        if body.startswith("END "):
            session.end("Success")
            return
        answer = _read_answer(answers, interactive)
        if answer is None:
            # The phone went away while the menu waited for input: what AT calls Incomplete.
            session.end("Incomplete")
            click.echo("(no more input: session ended as Incomplete)")
            return
        session.inputs.append(answer)


def _read_answer(answers: TextIO, interactive: bool) -> str | None:
    """The next non-empty line (a phone cannot send an empty reply), or None at the end."""
    while True:
        if interactive:
            click.echo("> ", nl=False)
        line = answers.readline()
        if not line:
            return None
        answer = line.rstrip("\r\n")
        if answer:
            if not interactive:
                click.echo(f"> {answer}")  # a scripted run reads back like a session
            return answer
