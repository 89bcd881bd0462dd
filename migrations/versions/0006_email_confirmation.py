"""e-mail confirmation: a donor who signs up confirms the address before signing in

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 16:00:00

Every account that exists already could sign in before this change, so it counts as confirmed
(from the moment it was made).
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE users SET email_confirmed_at = created_at')


def downgrade():
    # SQLite drops the column in place (3.35+): rebuilding users would fail on the rows that refer to it
    op.drop_column('users', 'email_confirmed_at')
