"""claims: wanted-by date, who decided, the reason of a rejection, and when the allocation last changed

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 115:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

COLUMNS = ('allocation_changed_at', 'rejection_reason', 'decided_by_id', 'wanted_by')


def upgrade():
    # plain ADD COLUMN: batch mode would build the table anew, which SQLite refuses while devices refer to its rows
    op.add_column('claims', sa.Column('wanted_by', sa.Date(), nullable=True))
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE claims ADD COLUMN decided_by_id INTEGER REFERENCES users (id)')
    else:
        op.add_column('claims', sa.Column('decided_by_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_claims_decided_by_id_users'), 'claims', 'users', ['decided_by_id'], ['id'])
    op.add_column('claims', sa.Column('rejection_reason', sa.Text(), nullable=True))
    op.add_column('claims', sa.Column('allocation_changed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): batch mode would build the table anew, which SQLite
    # refuses while devices refer to its rows
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(op.f('fk_claims_decided_by_id_users'), 'claims', type_='foreignkey')
    for column in COLUMNS:
        op.execute(f'ALTER TABLE claims DROP COLUMN {column}')
