"""The word search's store (migration 0014, store/search.py): the officers' words written before
the migration are found after it, and PostgreSQL answers from its index."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text

from store.database import migrate
from store.models import Complaint
from store.search import search_words, words_match
from tests.conftest import is_postgres
from tests.store.test_migration_data import upgrade_to


def found(engine: Engine, typed: str) -> list[str]:
    """The references of the items holding the words typed."""
    match = words_match(engine.dialect.name, typed)
    assert match is not None
    with engine.connect() as connection:
        return list(connection.scalars(select(Complaint.reference).where(match)))


def test_words_written_before_the_migration_are_found_after_it(fresh_engine: Engine) -> None:
    upgrade_to(fresh_engine, "0010")
    with fresh_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO complaints (id, reference, kind, description, citizen_name, anonymous,"
                " channel, language, status, received_at, paused_seconds, extension_days,"
                " escalation_level, alarms_done, client_group) VALUES"
                " (1, '337697180', 'lalamiko', 'Bomba la maji limevunjika', 'Baraka Mbilinyi',"
                " false, 'ussd', 'sw', 'acknowledged', '2026-12-01 07:00:00', 0, 0, 0, '', 'umma'),"
                " (2, '337697181', 'lalamiko', 'Taa hazifanyi kazi', NULL,"
                " false, 'ussd', 'sw', 'resolved', '2026-12-01 07:00:00', 0, 0, 0, '', 'umma')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO complaint_events (complaint_id, kind, at, actor, detail) VALUES"
                " (2, 'replied', '2026-12-02 07:00:00', 'officer:1',"
                ' \'{"text": "Fundi ameitwa"}\'),'
                " (2, 'resolved', '2026-12-03 07:00:00', 'officer:1',"
                ' \'{"note": "Taa zimewaka \\u00e9t\\u00e9"}\'),'
                " (1, 'citizen_answered', '2026-12-02 07:00:00', 'citizen',"
                ' \'{"answer": "Fundi hajafika"}\')'
            )
        )
    migrate(fresh_engine)
    assert found(fresh_engine, "bomba") == ["337697180"]
    assert found(fresh_engine, "mbilinyi") == ["337697180"]
    assert found(fresh_engine, "fundi") == ["337697181"]  # an officer's words, not a citizen's
    assert found(fresh_engine, "zimewaka") == ["337697181"]
    with fresh_engine.connect() as connection:
        notes = connection.scalar(text("SELECT officer_notes FROM complaints WHERE id = 2"))
    assert notes == "Fundi ameitwa Taa zimewaka été"


def test_the_words_of_a_search() -> None:
    assert search_words("  Bomba, la MAJI! Mang'oto  ") == ["bomba", "la", "maji", "mang", "oto"]
    assert search_words("0754-999_888") == ["0754", "999", "888"]
    assert search_words("*** -- ''") == []
    assert words_match("sqlite", "--") is None


def test_postgresql_answers_a_search_from_its_index(
    fresh_engine: Engine, database_url: str
) -> None:
    if not is_postgres(database_url):
        pytest.skip("PostgreSQL's GIN index; SQLite's FTS5 table is the index itself")
    migrate(fresh_engine)
    match = words_match("postgresql", "bomba maji")
    assert match is not None
    statement = select(Complaint.id).where(match)
    with fresh_engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))  # an empty table: force the choice
        compiled = statement.compile(fresh_engine, compile_kwargs={"literal_binds": True})
        plan = "\n".join(connection.scalars(text(f"EXPLAIN {compiled}")))
    assert "ix_complaints_words" in plan, plan
