"""Guessing slowed for good: an officer's SMS PIN locks longer each time in a row (`pin_locks`),
and failed console logins are counted per phone from an address, per address and per phone
(`login_throttles`), the same for every phone typed, in place of the officer's own counters.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 19:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import store.models
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
        batch_op.drop_column('login_locked_until')
        batch_op.drop_column('failed_logins')
    op.create_table(
        'login_throttles',
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('locked_until', store.models.UTCDateTime(), nullable=True),
        sa.Column('updated_at', store.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.create_index('ix_login_throttles_updated_at', ['updated_at'], unique=False)


def downgrade() -> None:
    # Failed-login counts are not the council's data: they go without asking.
    refuse_data_loss(revision, Dropped('officers', 'pin_locks', empty_when='pin_locks = 0'))
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.drop_index('ix_login_throttles_updated_at')
    op.drop_table('login_throttles')
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(
            sa.Column('login_locked_until', store.models.UTCDateTime(), nullable=True)
        )
        batch_op.drop_column('pin_locks')
