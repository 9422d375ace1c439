"""Covering indexes for the charter report

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 20:00:00.000000

The report reads a period's items, and the period's SMS, from indexes alone (bench/RESULTS.md).
ix_complaints_report and ix_outbox_report_sent start with the column of the plain index each
replaces (received_at, sent_at), so they serve that index's queries too.
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

REPORT_COLUMNS = [
    'received_at', 'department', 'ward', 'channel', 'kind', 'status', 'acknowledge_due_at',
    'answer_due_at', 'acknowledged_at', 'resolved_at', 'paused_at', 'appeal_opened_at',
    'appeal_due_at', 'appeal_decided_at', 'satisfied', 'acknowledge_days', 'resolve_days',
]
FAILED = sa.text("status = 'failed'")


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_received_at')
        batch_op.create_index('ix_complaints_report', REPORT_COLUMNS, unique=False)
        batch_op.create_index(
            'ix_complaints_report_groups', ['id', 'department', 'ward', 'channel'], unique=False
        )

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_sent_at')
        batch_op.create_index(
            'ix_outbox_report_sent',
            ['sent_at', 'complaint_id', 'status', 'parts', 'cost'],
            unique=False,
        )
        batch_op.create_index(
            'ix_outbox_report_failed',
            ['created_at', 'complaint_id'],
            unique=False,
            postgresql_where=FAILED,
            sqlite_where=FAILED,
        )


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_report_failed')
        batch_op.drop_index('ix_outbox_report_sent')
        batch_op.create_index('ix_outbox_sent_at', ['sent_at'], unique=False)

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_report_groups')
        batch_op.drop_index('ix_complaints_report')
        batch_op.create_index('ix_complaints_received_at', ['received_at'], unique=False)
