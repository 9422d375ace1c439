"""The USSD session row indexed only on what a step never changes, so a step's UPDATE writes
the row alone: no index page on SQLite, and on PostgreSQL a HOT update (the row's new version
on its own page, no index entry), for which the table leaves room on each page (fillfactor).
The phone's rows are found by phone (few: the clean-up keeps a day), the old ones by started_at
(store/session_rows.py, gateway/ops/scheduler.py; bench/RESULTS.md, issue 27).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 09:00:00.000000
"""

from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

FILLFACTOR = 50  # a session row is rewritten a handful of times in its first minutes


def upgrade() -> None:
    op.create_index('ix_ussd_sessions_phone', 'ussd_sessions', ['phone'], unique=False)
    op.create_index('ix_ussd_sessions_started_at', 'ussd_sessions', ['started_at'], unique=False)
    op.drop_index('ix_ussd_sessions_phone_updated_at', table_name='ussd_sessions')
    op.drop_index('ix_ussd_sessions_updated_at', table_name='ussd_sessions')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f'ALTER TABLE ussd_sessions SET (fillfactor = {FILLFACTOR})')


def downgrade() -> None:
    # Indexes only: nothing of the council's is lost.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE ussd_sessions RESET (fillfactor)')
    op.create_index(
        'ix_ussd_sessions_updated_at', 'ussd_sessions', ['updated_at'], unique=False
    )
    op.create_index(
        'ix_ussd_sessions_phone_updated_at',
        'ussd_sessions',
        ['phone', 'updated_at'],
        unique=False,
    )
    op.drop_index('ix_ussd_sessions_started_at', table_name='ussd_sessions')
    op.drop_index('ix_ussd_sessions_phone', table_name='ussd_sessions')
