"""Migrations carry a running council's data forward: rows written by the previous revision."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, text

from store.database import MIGRATIONS, migrate


def upgrade_to(engine: Engine, revision: str) -> None:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_0002_keeps_drafts_forgets_pins_and_unconfirms_single_406s(fresh_engine: Engine) -> None:
    upgrade_to(fresh_engine, "0001")
    with fresh_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO ussd_drafts (phone, state, saved_at) VALUES "
                '(\'+255754123456\', \'{"screen": "ward", "department": "maji"}\', '
                "'2026-11-28 07:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO inbound_sms (provider_id, phone, shortcode, text, received_at,"
                " command, replied) VALUES"
                " ('a', '+255713000001', '15025', 'POKEA 33769718 1234', '2026-11-28 07:00:00',"
                " 'officer', true),"
                " ('b', '+255754123456', '15025', 'HALI 33769718', '2026-11-28 07:00:00',"
                " 'status', true)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO phones (number, language, sms_blocked_at, created_at) VALUES"
                " ('+255754123456', 'sw', '2026-11-28 07:00:00', '2026-11-01 07:00:00')"
            )
        )
    migrate(fresh_engine)
    with fresh_engine.connect() as connection:
        texts = connection.execute(text("SELECT text FROM inbound_sms ORDER BY provider_id"))
        assert [row[0] for row in texts] == ["POKEA 33769718 ****", "HALI 33769718"]
        handled = connection.execute(
            text("SELECT count(*) FROM inbound_sms WHERE handled_at IS NULL")
        )
        assert handled.scalar() == 0  # what was stored before had been acted on
        phone = connection.execute(
            text("SELECT sms_refused_at IS NOT NULL, sms_blocked_at FROM phones")
        ).one()
        assert tuple(phone) in ((True, None), (1, None))
        draft = connection.execute(
            text("SELECT phone, draft FROM ussd_sessions WHERE draft IS NOT NULL")
        ).one()
        assert draft[0] == "+255754123456" and "maji" in str(draft[1])


def test_0005_forgets_the_pins_of_the_new_officer_commands(fresh_engine: Engine) -> None:
    upgrade_to(fresh_engine, "0004")
    sent = [
        "ORODHA 1234",  # stored as a citizen's message before ORODHA was a command
        " soma 33769718 4321",
        "PELEKA 33769718 123456 ruwasa",
        "MIADI 33769718 2468 03/12 10:00",  # issue 12's commands landed with this revision
        "SIMU 33769718 1357 nimempigia",
        "HALI 33769718",
        "LALAMIKO Nimelipa 5000 bila risiti",  # a citizen's words keep their numbers
    ]
    with fresh_engine.begin() as connection:
        for index, message in enumerate(sent):
            connection.execute(
                text(
                    "INSERT INTO inbound_sms (provider_id, phone, shortcode, text, received_at,"
                    " command, replied, failures) VALUES (:id, '+255713000001', '15025', :text,"
                    " '2026-11-28 07:00:00', 'help', true, 0)"
                ),
                {"id": f"m{index}", "text": message},
            )
    migrate(fresh_engine)
    with fresh_engine.connect() as connection:
        texts = connection.execute(text("SELECT text FROM inbound_sms ORDER BY provider_id"))
        assert [row[0] for row in texts] == [
            "ORODHA ****",
            "soma 33769718 ****",
            "PELEKA 33769718 **** ruwasa",
            "MIADI 33769718 **** 03/12 10:00",
            "SIMU 33769718 **** nimempigia",
            "HALI 33769718",
            "LALAMIKO Nimelipa 5000 bila risiti",
        ]
