"""A downgrade refuses to drop a council's data unless forced, and changes nothing when it
refuses; with no data to lose it goes down as before. Through the alembic CLI, as the README
runs it (store/migrations/guard.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from store.database import MIGRATIONS, migrate
from store.models import Complaint

ROOT = Path(__file__).parents[2]
HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()


def downgrade(
    engine: Engine, revision: str, force: bool = False
) -> subprocess.CompletedProcess[str]:
    """`alembic -c store/alembic.ini downgrade <revision>` on the engine's database."""
    engine.dispose()  # the CLI has the database to itself, as an operator's would
    env = {k: v for k, v in os.environ.items() if k != "ALLOW_DATA_LOSS"}
    env["DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    env["PYTHONPATH"] = str(ROOT)
    if force:
        env["ALLOW_DATA_LOSS"] = "1"
    command = [sys.executable, "-m", "alembic", "-c", "store/alembic.ini", "downgrade", revision]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def file_item(engine: Engine, **fields: object) -> None:
    """An item filed at head, with `fields` set (columns of later migrations)."""
    filed: dict[str, object] = {
        "reference": "337697180",
        "kind": "lalamiko",
        "description": "Maji hayatoki kijijini Iwawa",
        "channel": "ussd",
        "language": "sw",
        "status": "new",
        "received_at": datetime(2026, 12, 1, 7, 0, tzinfo=UTC),
    }
    item = Complaint(**{**filed, **fields})
    with Session(engine) as session, session.begin():
        session.add(item)


def revision(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar())


def complaint_columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("complaints")}


def test_a_downgrade_that_would_drop_data_refuses_until_forced(fresh_engine: Engine) -> None:
    migrate(fresh_engine)
    file_item(
        fresh_engine,
        status="referred",
        referred_to="tanesco",
        referred_at=datetime(2026, 12, 2, 7, 0, tzinfo=UTC),
        client_group="wanawake",
        carry_out_due_at=datetime(2026, 12, 20, 7, 0, tzinfo=UTC),
    )

    refused = downgrade(fresh_engine, "0004")

    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert "Refused to downgrade revision 0009" in said
    assert "complaints.carry_out_due_at (1 row)" in said
    assert "ALLOW_DATA_LOSS=1" in said
    assert "Traceback" not in said
    assert revision(fresh_engine) == HEAD
    with fresh_engine.connect() as connection:
        kept = connection.execute(
            text("SELECT referred_to, client_group, carry_out_due_at IS NOT NULL FROM complaints")
        ).one()
    assert tuple(kept) in (("tanesco", "wanawake", True), ("tanesco", "wanawake", 1))

    forced = downgrade(fresh_engine, "0004", force=True)

    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "complaints.referred_to (1 row)" in forced.stderr  # said what it dropped
    assert "complaints.client_group (1 row)" in forced.stderr
    assert revision(fresh_engine) == "0004"
    assert not {"carry_out_due_at", "client_group", "referred_to"} & complaint_columns(fresh_engine)
    with fresh_engine.connect() as connection:
        assert connection.execute(text("SELECT reference FROM complaints")).scalar() == "337697180"


def test_a_refusal_part_way_down_undoes_the_steps_before_it(fresh_engine: Engine) -> None:
    # Nothing to lose from the head to 0006 (the client group is the default); a referral in 0005.
    migrate(fresh_engine)
    file_item(fresh_engine, status="referred", referred_to="ruwasa")

    refused = downgrade(fresh_engine, "0004")

    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert "revision 0005" in said and "complaints.referred_to (1 row)" in said
    assert "client_group" not in said
    assert revision(fresh_engine) == HEAD
    assert {"carry_out_due_at", "client_group", "referred_to"} <= complaint_columns(fresh_engine)
    assert "citizen_words" in {
        c["name"] for c in inspect(fresh_engine).get_columns("extension_requests")
    }


def test_an_empty_database_goes_down_and_up_without_force(fresh_engine: Engine) -> None:
    migrate(fresh_engine)

    went = downgrade(fresh_engine, "base")

    assert went.returncode == 0, went.stdout + went.stderr
    assert set(inspect(fresh_engine).get_table_names()) <= {"alembic_version"}
    migrate(fresh_engine)
    assert revision(fresh_engine) == HEAD
