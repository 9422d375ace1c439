"""Every stage on the charter's clock: the department whose standard an item was filed under, a
key service's promise already missed when reported, room for every stage's alarms, and the
estimated holidays the desk has been warned of.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import store.models
from store.migrations.guard import columns, Dropped, refuse_data_loss, tables


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# The columns of ix_complaints_report before this revision (0006's), in order.
_REPORTED = [
    'received_at',
    'department',
    'ward',
    'channel',
    'kind',
    'status',
    'acknowledge_due_at',
    'answer_due_at',
    'acknowledged_at',
    'resolved_at',
    'paused_at',
    'appeal_opened_at',
    'appeal_due_at',
    'appeal_decided_at',
    'satisfied',
    'acknowledge_days',
    'resolve_days',
    'acknowledged_role',
    'service',
    'client_group',
]


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('filed_department', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('promised_at', store.models.UTCDateTime(), nullable=True))
        batch_op.alter_column(
            'alarms_done',
            existing_type=sa.String(length=100),
            type_=sa.String(length=200),
            existing_nullable=False,
        )
        # The other stages' alarm kinds are longer ("appeal_remind_last_day").
        batch_op.alter_column(
            'next_alarm',
            existing_type=sa.String(length=20),
            type_=sa.String(length=32),
            existing_nullable=True,
        )
    # Items filed before kept the standard of the department they have now: the best guess
    # the rows allow (a transfer before this revision moved no date either).
    op.execute('UPDATE complaints SET filed_department = department')
    op.drop_index('ix_complaints_report', table_name='complaints')
    op.create_index('ix_complaints_report', 'complaints', [*_REPORTED, 'promised_at'])
    op.create_table(
        'holiday_warnings',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('warned_at', store.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_holiday_warnings')),
    )


def downgrade() -> None:
    refuse_data_loss(
        revision,
        *tables('holiday_warnings'),
        *columns('complaints', 'promised_at'),
        # Filed where it still is: the upgrade copies the department in again.
        Dropped(
            'complaints',
            'filed_department',
            empty_when="filed_department = COALESCE(department, '')",
        ),
    )
    op.drop_table('holiday_warnings')
    op.drop_index('ix_complaints_report', table_name='complaints')
    op.create_index('ix_complaints_report', 'complaints', _REPORTED)
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.alter_column(
            'next_alarm',
            existing_type=sa.String(length=32),
            type_=sa.String(length=20),
            existing_nullable=True,
        )
        batch_op.alter_column(
            'alarms_done',
            existing_type=sa.String(length=200),
            type_=sa.String(length=100),
            existing_nullable=False,
        )
        batch_op.drop_column('promised_at')
        batch_op.drop_column('filed_department')
