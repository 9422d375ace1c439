"""The ward front line: an index of each officer's items (and of the items nobody has); the role that acknowledged an item (`acknowledged_role`, in the report's
covering index, so the report counts what ward executive officers took up); items referred to an institution outside the council (`referred_to`,
`referred_at`, and a small index for the report's count per institution); and officers' new
commands (ORODHA, SOMA, PELEKA), whose PINs were stored in plain text before they were commands:
every PIN-like word in those messages becomes ****.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 00:00:00.000000
"""

import re

from alembic import op
import sqlalchemy as sa
import store.models
from store.migrations.guard import columns, refuse_data_loss


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


# The officers' keywords added since 0002 (this revision's, and 0006's MIADI and SIMU, which
# landed with it), and what a PIN looks like (menus/officer_commands.py then). The older
# keywords' rows were cleaned by 0002.
_KEYWORDS = ("ORODHA", "SOMA", "PELEKA", "MIADI", "SIMU")
# ix_complaints_report as 0003 made it, then with the role that acknowledged.
REPORT_COLUMNS = [
    'received_at', 'department', 'ward', 'channel', 'kind', 'status', 'acknowledge_due_at',
    'answer_due_at', 'acknowledged_at', 'resolved_at', 'paused_at', 'appeal_opened_at',
    'appeal_due_at', 'appeal_decided_at', 'satisfied', 'acknowledge_days', 'resolve_days',
]
_PIN = re.compile(r"^\d{4,6}$")
_TRAILING = ".,:;"


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        # Before this revision there were no WEOs: an unknown role is not a WEO's.
        batch_op.add_column(sa.Column('acknowledged_role', sa.String(length=8), nullable=True))
        batch_op.drop_index('ix_complaints_report')
        batch_op.create_index(
            'ix_complaints_report', [*REPORT_COLUMNS, 'acknowledged_role'], unique=False
        )
        batch_op.create_index(
            'ix_complaints_officer_id_status', ['officer_id', 'status'], unique=False
        )
        batch_op.add_column(sa.Column('referred_to', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('referred_at', store.models.UTCDateTime(), nullable=True))
        batch_op.create_index(
            'ix_complaints_referred',
            ['received_at', 'referred_to', 'department'],
            unique=False,
            postgresql_where=sa.text('referred_to IS NOT NULL'),
            sqlite_where=sa.text('referred_to IS NOT NULL'),
        )
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
    refuse_data_loss(
        revision, *columns('complaints', 'referred_at', 'referred_to', 'acknowledged_role')
    )
    # A forgotten PIN stays forgotten.
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_referred')
        batch_op.drop_column('referred_at')
        batch_op.drop_column('referred_to')
        batch_op.drop_index('ix_complaints_report')
        batch_op.create_index('ix_complaints_report', REPORT_COLUMNS, unique=False)
        batch_op.drop_column('acknowledged_role')
        batch_op.drop_index('ix_complaints_officer_id_status')
