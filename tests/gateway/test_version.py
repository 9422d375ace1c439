"""`flask version` tells the release and whether the database's schema is this release's; the
CHANGELOG's newest entry is that release (issue 25)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from sqlalchemy import text

from gateway import __version__

ROOT = Path(__file__).parents[2]


def test_flask_version_names_the_release_and_the_schema(app: Flask) -> None:
    answer = app.test_cli_runner().invoke(args=["version"])
    assert answer.exit_code == 0, answer.output
    first, second = answer.output.splitlines()
    assert first == f"makete-gateway {__version__}"
    assert second.startswith("database schema ") and second.endswith(": up to date")


def test_flask_version_says_when_the_database_needs_upgrading(app: Flask) -> None:
    with app.extensions["gateway"].engine.begin() as connection:
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        connection.execute(text("UPDATE alembic_version SET version_num = '0009'"))
    try:
        answer = app.test_cli_runner().invoke(args=["version"])
    finally:
        with app.extensions["gateway"].engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    assert f"database schema 0009, this version's {head}: run `flask --app app db upgrade`" in (
        answer.output
    )


def test_the_changelog_begins_with_this_release() -> None:
    entries = re.findall(r"^## (\S+)", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
    assert entries[0] == __version__
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'version = { attr = "gateway.__version__" }' in pyproject  # pip reads the same
