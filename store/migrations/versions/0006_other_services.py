"""The charter's other services: who the client is, a key service's delay, appointments and
call-backs, on the items table beside complaints.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import store.models
from store.migrations.guard import columns, Dropped, refuse_data_loss


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# The columns of ix_complaints_report before this revision (0003's, then 0005's role), in order.
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
]


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        # Every item before this revision came from the public or was filed on its behalf.
        batch_op.add_column(
            sa.Column('client_group', sa.String(length=16), server_default='umma', nullable=False)
        )
        batch_op.add_column(sa.Column('service', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('application_number', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('applied_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('appointment_with', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('preferred_days', sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column('appointment_at', store.models.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column('appointment_remind_at', store.models.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column('about_reference', sa.String(length=9), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_complaints_appointment_remind_at'),
            ['appointment_remind_at'],
            unique=False,
        )
    # The report's covering index gains the key service and the client group, so that every
    # standard's line and the client groups are read from it alone, like the rest.
    op.drop_index('ix_complaints_report', table_name='complaints')
    op.create_index('ix_complaints_report', 'complaints', [*_REPORTED, 'service', 'client_group'])


def downgrade() -> None:
    refuse_data_loss(
        revision,
        *columns(
            'complaints', 'about_reference', 'appointment_remind_at', 'appointment_at',
            'preferred_days', 'appointment_with', 'applied_on', 'application_number', 'service',
        ),
        Dropped('complaints', 'client_group', empty_when="client_group = 'umma'"),
    )
    op.drop_index('ix_complaints_report', table_name='complaints')
    op.create_index('ix_complaints_report', 'complaints', _REPORTED)
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_appointment_remind_at'))
        batch_op.drop_column('about_reference')
        batch_op.drop_column('appointment_remind_at')
        batch_op.drop_column('appointment_at')
        batch_op.drop_column('preferred_days')
        batch_op.drop_column('appointment_with')
        batch_op.drop_column('applied_on')
        batch_op.drop_column('application_number')
        batch_op.drop_column('service')
        batch_op.drop_column('client_group')
