"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from gateway.runtime import Gateway
from store.models import Base
from store.search import modelled


def test_the_migrated_database_matches_the_models(gateway: Gateway) -> None:
    with gateway.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": modelled})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
