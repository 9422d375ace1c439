"""Workers starting together on a fresh database with MIGRATE_ON_START=1 never race a migration:
one migrates, the others wait for it and find the schema at its head (issue 25)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text

from store.database import schema_revisions
from store.models import Base
from store.search import modelled

WORKERS = 4


def _start_worker(url: str, instance: str, barrier: Any, results: Any) -> None:
    """What each gunicorn worker does at boot: create_app, which migrates first."""
    from app import create_app

    barrier.wait()
    try:
        create_app(
            {
                "DATABASE_URL": url,
                "MIGRATE_ON_START": "1",
                "SECRET_KEY": "k",
                "INSTANCE_DIR": instance,
            }
        )
    except Exception as error:  # the race lost: reported to the test, not swallowed
        results.put(f"{type(error).__name__}: {error}")
        return
    results.put("ok")


def test_four_workers_migrating_a_fresh_database_at_once_all_start(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    url = fresh_engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(WORKERS), context.Queue()
    workers = [
        context.Process(target=_start_worker, args=(url, str(tmp_path), barrier, results))
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert outcomes == ["ok"] * WORKERS
    with fresh_engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        context_ = MigrationContext.configure(connection, opts={"include_name": modelled})
        differences = compare_metadata(context_, Base.metadata)
    current, head = schema_revisions(fresh_engine)
    assert [tuple(row) for row in versions] == [(head,)]  # at the head, once
    assert current == head and differences == []
