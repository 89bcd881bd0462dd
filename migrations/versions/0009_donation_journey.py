"""donation journey: expected numbers, cancelled and collected times, and a race-free counter per year

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 10:00:00

donation_counters holds the last donation number handed out per year; it starts from the references
already there (DON-<year>-<number>), so a new donation never repeats one.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('donation_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_donation_counters'))
    )
    op.execute(
        "INSERT INTO donation_counters (year, last) "
        "SELECT CAST(substr(reference, 5, 4) AS INTEGER), MAX(CAST(substr(reference, 10) AS INTEGER)) "
        "FROM donations WHERE reference LIKE 'DON-____-%' GROUP BY substr(reference, 5, 4)"
    )
    with op.batch_alter_table('donations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expected_laptops', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('expected_tablets', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('collected_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): batch mode would build the table anew, which SQLite
    # refuses while devices refer to its rows
    for column in ('collected_at', 'cancelled_at', 'expected_tablets', 'expected_laptops'):
        op.execute(f'ALTER TABLE donations DROP COLUMN {column}')

    op.drop_table('donation_counters')
