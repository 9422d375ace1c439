"""Citizens' words: the "why are you not satisfied?" question a phone is waiting to answer, and
when each SMS reply goes (at once, or the next morning past the day's replies).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import store.models
from store.migrations.guard import columns, refuse_data_loss


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('awaiting_reason_for', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('awaiting_reason_until', store.models.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(
            batch_op.f('ix_phones_awaiting_reason_until'), ['awaiting_reason_until'], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_phones_awaiting_reason_for_complaints'),
            'complaints',
            ['awaiting_reason_for'],
            ['id'],
        )

    with op.batch_alter_table('inbound_sms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_at', store.models.UTCDateTime(), nullable=True))
        batch_op.create_index('ix_inbound_sms_phone_reply_at', ['phone', 'reply_at'], unique=False)
    # Every reply before this revision went at once, when its message arrived.
    op.execute("UPDATE inbound_sms SET reply_at = received_at WHERE replied")


def downgrade() -> None:
    refuse_data_loss(
        revision,
        *columns('inbound_sms', 'reply_at'),
        *columns('phones', 'awaiting_reason_until', 'awaiting_reason_for'),
    )
    with op.batch_alter_table('inbound_sms', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_sms_phone_reply_at')
        batch_op.drop_column('reply_at')

    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_phones_awaiting_reason_for_complaints'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_phones_awaiting_reason_until'))
        batch_op.drop_column('awaiting_reason_until')
        batch_op.drop_column('awaiting_reason_for')
