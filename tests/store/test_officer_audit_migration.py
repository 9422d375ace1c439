"""Migration 0012 going down: the record of changes to officers is the council's, and an SMS
still waiting with a PIN in it would keep the PIN for good; both refuse until forced. An SMS
already sent, its PIN masked, loses nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, inspect, text

from store.database import migrate
from tests.store.test_downgrades import downgrade, revision

NOW = datetime(2026, 12, 7, 7, 0)


def _officer(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO officers (id, name, phone, role, pin_hash, language, active, "
                "failed_pins, pin_locks, created_at) VALUES (1, 'Asha', '+255713000001', "
                "'officer', 'x', 'sw', true, 0, 0, :now)"
            ),
            {"now": NOW},
        )


def _sms(engine: Engine, status: str, sent: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO outbox (phone, text, text_after_sending, purpose, status, due_at, "
                "attempts, created_at) VALUES ('+255713000001', :sent, 'PIN ****', "
                "'officer_pin', :status, :now, 0, :now)"
            ),
            {"sent": sent, "status": status, "now": NOW},
        )


def test_the_audit_and_an_unsent_pin_refuse_to_go_down_a_sent_one_does_not(
    fresh_engine: Engine,
) -> None:
    migrate(fresh_engine)
    _officer(fresh_engine)
    _sms(fresh_engine, "sent", "PIN ****")  # sent: masked, nothing lost
    _sms(fresh_engine, "queued", "PIN 48213")
    with fresh_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO officer_audit (at, officer_id, action, detail) "
                "VALUES (:now, 1, 'pin_given', '{}')"
            ),
            {"now": NOW},
        )

    refused = downgrade(fresh_engine, "0010")

    said = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "Refused to downgrade revision 0012" in said
    assert "officer_audit (1 row)" in said and "outbox.text_after_sending (1 row)" in said
    assert revision(fresh_engine) != "0010"
    assert "officer_audit" in inspect(fresh_engine).get_table_names()

    with fresh_engine.begin() as connection:
        connection.execute(text("DELETE FROM officer_audit"))
        connection.execute(text("DELETE FROM outbox WHERE status = 'queued'"))
    went = downgrade(fresh_engine, "0010")
    assert went.returncode == 0, went.stdout + went.stderr
    assert "officer_audit" not in inspect(fresh_engine).get_table_names()
    migrate(fresh_engine)
    assert "text_after_sending" in {c["name"] for c in inspect(fresh_engine).get_columns("outbox")}
