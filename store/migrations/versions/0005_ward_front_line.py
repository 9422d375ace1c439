"""The ward front line: officers' new commands (ORODHA, SOMA, PELEKA) had their PINs stored in
plain text before they were commands; replace every PIN-like word in those messages by ****.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 00:00:00.000000
"""

import re

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


# The officers' keywords added by this revision, and what a PIN looks like
# (menus/officer_commands.py then). The older keywords' rows were cleaned by 0002.
_KEYWORDS = ("ORODHA", "SOMA", "PELEKA")
_PIN = re.compile(r"^\d{4,6}$")
_TRAILING = ".,:;"


def upgrade() -> None:
    _forget_pins()


def _forget_pins() -> None:
    """Messages that start with a new keyword: every PIN-like word becomes ****."""
    connection = op.get_bind()
    starts = " OR ".join(f"upper(ltrim(text)) LIKE '{keyword}%'" for keyword in _KEYWORDS)
    rows = connection.execute(sa.text(f"SELECT id, text FROM inbound_sms WHERE {starts}")).all()
    for row_id, message in rows:
        words = message.split()
        if not words or words[0].upper().rstrip(_TRAILING) not in _KEYWORDS:
            continue
        cleaned = " ".join("****" if _PIN.match(w.rstrip(_TRAILING)) else w for w in words)
        if cleaned != message:
            connection.execute(
                sa.text("UPDATE inbound_sms SET text = :text WHERE id = :id"),
                {"text": cleaned, "id": row_id},
            )


def downgrade() -> None:
    pass  # a forgotten PIN stays forgotten
