"""Officers managed in the console: every change to an officer is a line of `officer_audit`
(who did what to whom, when), and an SMS carrying a new PIN or password keeps it only until it
is sent (`outbox.text_after_sending`: the text with it masked).

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07 10:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import store.models
from store.migrations.guard import Dropped, refuse_data_loss, tables


revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'officer_audit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', store.models.UTCDateTime(), nullable=False),
        sa.Column('officer_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ['actor_id'], ['officers.id'], name=op.f('fk_officer_audit_actor_id_officers')
        ),
        sa.ForeignKeyConstraint(
            ['officer_id'], ['officers.id'], name=op.f('fk_officer_audit_officer_id_officers')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_officer_audit')),
    )
    with op.batch_alter_table('officer_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_officer_audit_at'), ['at'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_officer_audit_officer_id'), ['officer_id'], unique=False
        )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_after_sending', sa.Text(), nullable=True))


def downgrade() -> None:
    # The audit is the council's record. A masked copy already in `text` loses nothing; one
    # still waiting to go would leave its PIN or password in the table for good.
    refuse_data_loss(
        revision,
        *tables('officer_audit'),
        Dropped('outbox', 'text_after_sending', empty_when='text = text_after_sending'),
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('text_after_sending')
    with op.batch_alter_table('officer_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_officer_audit_officer_id'))
        batch_op.drop_index(batch_op.f('ix_officer_audit_at'))
    op.drop_table('officer_audit')
