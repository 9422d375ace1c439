"""Watching the gateway run: each scheduler job's last success (`scheduler_jobs`), so /readyz
and /metrics in the web workers see the scheduler's own process, and the Africa's Talking
balance as last read with the day the desk and the DED were last told it is low
(`sms_balance`).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 09:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import store.models


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'scheduler_jobs',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('last_success_at', store.models.UTCDateTime(), nullable=True),
        sa.Column('last_failure_at', store.models.UTCDateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('name'),
    )
    op.create_table(
        'sms_balance',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('balance', sa.String(length=32), nullable=False),
        sa.Column('read_at', store.models.UTCDateTime(), nullable=False),
        sa.Column('alerted_on', sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    # A job's last run and the balance last read are no council's data, and are written again
    # within the hour: they go without asking.
    op.drop_table('sms_balance')
    op.drop_table('scheduler_jobs')
