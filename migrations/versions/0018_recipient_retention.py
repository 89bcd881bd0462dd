"""Recipient references erased after retention; loan reminders

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 23:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

COLUMNS = ('loan_reminder_sent_at', 'personal_data_erased_at')


def upgrade():
    # plain ADD COLUMN: batch mode would build the table anew, which SQLite refuses while devices refer to its rows.
    # For the same reason recipient_reference stays NOT NULL: an erased reference is the empty string.
    op.add_column('handouts', sa.Column('personal_data_erased_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('handouts', sa.Column('loan_reminder_sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # plain DROP COLUMN (SQLite 3.35+ and PostgreSQL); erased references stay empty
    for column in COLUMNS:
        op.execute(f'ALTER TABLE handouts DROP COLUMN {column}')
