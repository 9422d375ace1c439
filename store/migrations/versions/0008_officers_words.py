"""An officer's words reach the citizen whole, and notes for staff stay apart: an extension
request keeps the words meant for the citizen beside its reason for the head.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 16:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
from store.migrations.guard import columns, refuse_data_loss


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('citizen_words', sa.Text(), nullable=True))


def downgrade() -> None:
    refuse_data_loss(revision, *columns('extension_requests', 'citizen_words'))
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.drop_column('citizen_words')
