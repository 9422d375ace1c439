"""The worklist's own index of the open items: every column the console's queue reads of an
open item (the rule of what waits on whom, the officer's scope, the filters and the order), so
that on a million items it reads the few thousand open ones from this small index alone, never
the table (gateway/web/console/queue.py; bench/RESULTS.md, issue 24).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 18:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

# Open items (gateway.lifecycle.statuses OPEN), as the worklist's query says it.
_OPEN = "status IN ('received', 'acknowledged', 'waiting', 'appealed', 'appeal_decided')"
_COLUMNS = (
    'status', 'department', 'ward', 'kind', 'channel', 'officer_id', 'acknowledged_at',
    'answer_due_at', 'paused_at', 'appeal_due_at', 'appeal_decided_at', 'carry_out_due_at',
    'received_at', 'id',
)


def upgrade() -> None:
    op.create_index(
        'ix_complaints_open_work',
        'complaints',
        list(_COLUMNS),
        unique=False,
        postgresql_where=sa.text(_OPEN),
        sqlite_where=sa.text(_OPEN),
    )


def downgrade() -> None:
    # An index only: nothing of the council's is lost.
    op.drop_index('ix_complaints_open_work', table_name='complaints')
