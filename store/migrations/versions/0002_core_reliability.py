"""Reliability under load: one row per USSD session (replies and draft in it), inbound SMS
stored before they are acted on, 406s confirmed before a phone is blocked, console sessions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 20:30:53.893319
"""

import re

from alembic import op
import sqlalchemy as sa
import store.models
from store.migrations.guard import columns, Dropped, refuse_data_loss, tables

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('console_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('created_at', store.models.UTCDateTime(), nullable=False),
    sa.Column('ended_at', store.models.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_console_sessions_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_sessions'))
    )
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_sessions_officer_id'), ['officer_id'], unique=False)

    with op.batch_alter_table('inbound_sms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handled_at', store.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('failures', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index('ix_inbound_sms_handled_at', ['handled_at'], unique=False)
    # Every message stored before this revision was acted on in the transaction that stored it.
    op.execute("UPDATE inbound_sms SET handled_at = received_at")
    _forget_pins()

    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sms_refused_at', store.models.UTCDateTime(), nullable=True))
    # A block from a single 406 was never confirmed: remember it as a first refusal only.
    op.execute(
        "UPDATE phones SET sms_refused_at = sms_blocked_at, sms_blocked_at = NULL"
        " WHERE sms_blocked_at IS NOT NULL"
    )

    with op.batch_alter_table('ussd_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replies', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('draft', sa.JSON(), nullable=True))
        batch_op.create_index('ix_ussd_sessions_phone_updated_at', ['phone', 'updated_at'], unique=False)
    # Drafts now live in the session that left them: keep each waiting one in a session row.
    op.execute(
        "INSERT INTO ussd_sessions"
        " (session_id, phone, seen_text, state, replies, draft, language, started_at, updated_at)"
        " SELECT 'draft-' || phone, phone, '', state, CAST('[]' AS JSON), state, 'sw',"
        " saved_at, saved_at"
        " FROM ussd_drafts"
    )
    op.drop_table('ussd_drafts')
    with op.batch_alter_table('ussd_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ussd_replies_created_at'))
    op.drop_table('ussd_replies')


# The officers' keywords of 2026-11 and what a PIN looks like (menus/officer_commands.py then).
_KEYWORDS = {"POKEA", "JIBU", "FUNGA", "HAMISHA", "ONGEZA", "KUBALI", "KATAA", "ULIZA", "AMUA"}
_PIN = re.compile(r"^\d{4,6}$")


def _forget_pins() -> None:
    """Officers' PINs were stored with their commands: replace every PIN-like word by ****."""
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, text FROM inbound_sms")).all()
    for row_id, message in rows:
        words = message.split()
        if not words or words[0].upper().rstrip(".,:;") not in _KEYWORDS:
            continue
        cleaned = " ".join("****" if _PIN.match(w.rstrip(".,:;")) else w for w in words)
        if cleaned != message:
            connection.execute(
                sa.text("UPDATE inbound_sms SET text = :text WHERE id = :id"),
                {"text": cleaned, "id": row_id},
            )


def downgrade() -> None:
    # ussd_drafts and ussd_replies come back empty: what ussd_sessions holds of them goes.
    refuse_data_loss(
        revision,
        *tables('console_sessions'),
        *columns('ussd_sessions', 'draft'),
        Dropped('ussd_sessions', 'replies', empty_when="CAST(replies AS TEXT) = '[]'"),
        *columns('phones', 'sms_refused_at'),
        *columns('inbound_sms', 'handled_at'),
        Dropped('inbound_sms', 'failures', empty_when='failures = 0'),
    )
    op.create_table('ussd_replies',
    sa.Column('id', sa.INTEGER(), nullable=False),
    sa.Column('session_id', sa.VARCHAR(length=100), nullable=False),
    sa.Column('text_digest', sa.VARCHAR(length=64), nullable=False),
    sa.Column('screen', sa.TEXT(), nullable=False),
    sa.Column('created_at', store.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ussd_replies')),
    sa.UniqueConstraint('session_id', 'text_digest', name=op.f('uq_ussd_replies_step'))
    )
    with op.batch_alter_table('ussd_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ussd_replies_created_at'), ['created_at'], unique=False)
    op.create_table('ussd_drafts',
    sa.Column('phone', sa.VARCHAR(length=16), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('saved_at', store.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('phone', name=op.f('pk_ussd_drafts'))
    )
    with op.batch_alter_table('ussd_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_ussd_sessions_phone_updated_at')
        batch_op.drop_column('draft')
        batch_op.drop_column('replies')
    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.drop_column('sms_refused_at')
    with op.batch_alter_table('inbound_sms', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_sms_handled_at')
        batch_op.drop_column('failures')
        batch_op.drop_column('handled_at')
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_sessions_officer_id'))
    op.drop_table('console_sessions')
