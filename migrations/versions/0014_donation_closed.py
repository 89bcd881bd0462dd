"""a donation's receiving can be closed: the devices still pledged then were not received

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('donations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): batch mode would build the table anew, which SQLite
    # refuses while devices refer to its rows
    op.execute('ALTER TABLE donations DROP COLUMN closed_at')
