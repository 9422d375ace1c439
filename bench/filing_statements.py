"""The statements one USSD filing step sends: every engine's, and those sent to the driver.

Run: python bench/filing_statements.py [--officers] [--session]   (DATABASE_URL picks the
database; default a fresh SQLite file). Files the peer bench's water complaint three times
through the Flask app and prints the third filing step's statements, one a line (`--session`:
every statement of the third session, its seven steps). The transactions' BEGIN and COMMIT are
listed as events (`<begin>`, `<commit>`): on PostgreSQL each is a round trip of its own (on
SQLite, BEGIN IMMEDIATE shows as a statement too); a pool's ping (none here) is not listed.
Results: bench/RESULTS.md, "Filing cost (issue 27)".
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))

from flask import Flask  # noqa: E402
from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from gateway.messaging.providers.fake import FakeProvider  # noqa: E402
from gateway.people.officers import NewOfficer, add_officer  # noqa: E402
from store import driver  # noqa: E402

ANSWERS = ["", "1", "5", "iwa", "Bomba la maji limevunjika tangu Jumatatu", "2", "1"]


def bench_app(url: str) -> Flask:
    """The gateway on `url`, migrated, sending its SMS nowhere (a fake provider)."""
    return create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "SMS_PROVIDER": FakeProvider(),
            "AT_USERNAME": "",
            "AT_API_KEY": "",
            "WEBHOOK_SECRET": "",
            "QUIET_HOURS": "",
            "MIGRATE_ON_START": "1",
        }
    )


def filing_statements(officers: bool, whole_session: bool = False) -> list[str]:
    """The statements (and BEGIN/COMMIT events) of the third of three filings: of its filing
    step, or of its whole session."""
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/statements.sqlite3"
        app = bench_app(url)
        gateway = app.extensions["gateway"]
        if officers:  # the water officer and Iwawa's WEO: each is told of the item
            with gateway.sessions.begin() as session:
                for new in (
                    NewOfficer("Asha", "+255754100001", "officer", "1234", "maji", None, "x" * 12),
                    NewOfficer("Weo", "+255754100002", "weo", "1234", None, "Iwawa", "x" * 12),
                ):
                    add_officer(session, gateway.charter, new, datetime.now(UTC))
        seen: list[str] = []
        engines = {id(e): e for e in vars(gateway).values() if hasattr(e, "pool")}
        for engine in engines.values():
            event.listen(engine, "before_cursor_execute", _noting(seen))
        for engine in (gateway.engine, gateway.step_engine):  # the transactional ones
            event.listen(engine, "begin", lambda *_: seen.append("<begin>"))
            event.listen(engine, "commit", lambda *_: seen.append("<commit>"))
        send = driver._send

        def noted(connection: Any, sql: str, *rest: Any) -> Any:
            seen.append(sql)
            return send(connection, sql, *rest)

        driver._send = noted  # type: ignore[assignment]
        client = app.test_client()
        for _ in range(3):
            phone = f"+2557{secrets.randbelow(10**8):08d}"
            session_id = f"ATUid_statements_{secrets.token_hex(4)}"
            seen.clear()
            for depth in range(len(ANSWERS)):
                if not whole_session:
                    seen.clear()
                client.post(
                    "/ussd",
                    data={
                        "sessionId": session_id,
                        "serviceCode": "*152*25#",
                        "phoneNumber": phone,
                        "networkCode": "64004",
                        "text": "*".join(ANSWERS[1 : depth + 1]),
                    },
                )
        driver._send = send  # type: ignore[assignment]
        return list(seen)


def _noting(seen: list[str]) -> Any:
    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    return note


def main() -> None:
    """Parse arguments, file, print the statements and their count."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", action="store_true", help="an officer and a WEO are told")
    parser.add_argument("--session", action="store_true", help="the whole session's statements")
    arguments = parser.parse_args()
    seen = filing_statements(arguments.officers, arguments.session)
    for statement in seen:
        print(" ".join(statement.split())[:100])
    print(f"{sum(not s.startswith('<') for s in seen)} statements")


if __name__ == "__main__":
    main()
