"""The DED's decision is carried out: the date the department must report it done by, when it
did, and room in `alarms_done` for that stage's alarms too.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 18:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import store.models
from store.migrations.guard import columns, refuse_data_loss


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carry_out_due_at', store.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('carried_out_at', store.models.UTCDateTime(), nullable=True))
        batch_op.alter_column(
            'alarms_done',
            existing_type=sa.String(length=200),
            type_=sa.String(length=300),
            existing_nullable=False,
        )


def downgrade() -> None:
    refuse_data_loss(revision, *columns('complaints', 'carried_out_at', 'carry_out_due_at'))
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.alter_column(
            'alarms_done',
            existing_type=sa.String(length=300),
            type_=sa.String(length=200),
            existing_nullable=False,
        )
        batch_op.drop_column('carried_out_at')
        batch_op.drop_column('carry_out_due_at')
