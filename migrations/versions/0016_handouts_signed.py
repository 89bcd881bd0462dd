"""A handout's signed form: when the care organisation marked the paper form as signed, and who did

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 23:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

COLUMNS = ('signed_marked_by_id', 'signed_at')


def upgrade():
    # plain ADD COLUMN: batch mode would build the table anew, which SQLite refuses while devices refer to its rows
    op.add_column('handouts', sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE handouts ADD COLUMN signed_marked_by_id INTEGER REFERENCES users (id)')
    else:
        op.add_column('handouts', sa.Column('signed_marked_by_id', sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f('fk_handouts_signed_marked_by_id_users'), 'handouts', 'users', ['signed_marked_by_id'], ['id']
        )


def downgrade():
    # plain DROP COLUMN (SQLite 3.35+ and PostgreSQL), for the same reason
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(op.f('fk_handouts_signed_marked_by_id_users'), 'handouts', type_='foreignkey')
    for column in COLUMNS:
        op.execute(f'ALTER TABLE handouts DROP COLUMN {column}')
