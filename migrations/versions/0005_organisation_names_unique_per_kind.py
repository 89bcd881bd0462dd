"""organisation names unique per kind, compared trimmed, in lower case and with single spaces

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 11:00:00

"""
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _normalised(name: str) -> str:
    """A frozen copy of core.models.organisations.normalised_name."""
    return ' '.join(name.split()).lower()


def _fill_name_keys() -> None:
    bind = op.get_bind()
    for row_id, name in bind.execute(sa.text('SELECT id, name FROM organisations')).all():
        bind.execute(sa.text('UPDATE organisations SET name_key = :key WHERE id = :id'),
                     {'key': _normalised(name), 'id': row_id})


def _refuse_shared_names() -> None:
    """Stop with the names to change when organisations of one kind share a name already."""
    shared = op.get_bind().execute(sa.text(
        'SELECT kind, name_key FROM organisations GROUP BY kind, name_key HAVING COUNT(*) > 1 ORDER BY kind, name_key'
    )).all()
    if shared:
        names = '; '.join(f'{kind}: {key!r}' for kind, key in shared)
        raise RuntimeError(f'Organisations of the same kind share a name ({names}). Rename them, then upgrade again.')


@contextmanager
def _rows_set_aside_on_sqlite():
    """SQLite changes a table by building it anew; the rows wait in a temporary table meanwhile.

    With foreign keys on, SQLite will not drop a table whose rows are referred to, so the rows
    are deleted first and put back afterwards, with the foreign key checks deferred until then:
    putting every row back satisfies them again.
    """
    if op.get_bind().dialect.name != 'sqlite':
        yield
        return
    op.execute('PRAGMA defer_foreign_keys = ON')
    op.execute('CREATE TEMP TABLE organisations_kept AS SELECT * FROM organisations')
    op.execute('DELETE FROM organisations')
    yield
    columns = ', '.join(column['name'] for column in sa.inspect(op.get_bind()).get_columns('organisations'))
    op.execute(f'INSERT INTO organisations ({columns}) SELECT {columns} FROM organisations_kept')
    op.execute('DROP TABLE organisations_kept')


def upgrade():
    op.add_column('organisations', sa.Column('name_key', sa.String(length=200), nullable=True))
    _fill_name_keys()
    _refuse_shared_names()
    with _rows_set_aside_on_sqlite(), op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.String(length=200), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_organisations_name_key'), ['name_key', 'kind'])


def downgrade():
    with _rows_set_aside_on_sqlite(), op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_organisations_name_key'), type_='unique')
        batch_op.drop_column('name_key')
