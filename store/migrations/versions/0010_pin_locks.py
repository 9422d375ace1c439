"""Lockouts that escalate: how many times in a row an officer's SMS commands were locked.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 19:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
from store.migrations.guard import Dropped, refuse_data_loss


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('pin_locks', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade() -> None:
    refuse_data_loss(revision, Dropped('officers', 'pin_locks', empty_when='pin_locks = 0'))
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.drop_column('pin_locks')
