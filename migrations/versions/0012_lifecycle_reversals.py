"""the lifecycle's safety net allows taking back a step just made (the scan station's undo)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 11:00:00

Only the table of allowed status pairs changes: the trigger of 0004 (SQLite) and its function (PostgreSQL) are
rebuilt with the reversal pairs added; the downgrade puts back exactly what 0004 made.
"""
import importlib.util
from pathlib import Path

from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

#: a frozen copy of core.lifecycle.REVERSALS (a step's status → the statuses it may go back to); a test keeps them equal
REVERSALS = {
    'received': ('pledged', 'lost'),
    'wiped': ('received', 'returned'),
    'ready': ('wiped',),
    'recycled': ('received', 'wiped', 'ready', 'returned'),
    'lost': ('received', 'wiped', 'ready', 'returned'),
    'delivered': ('allocated',),
}


def _safety_net_of_0004():
    spec = importlib.util.spec_from_file_location('safety_net_0004', Path(__file__).with_name('0004_lifecycle_safety_net.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BEFORE = _safety_net_of_0004()
PAIRS = [(before, after) for before, afters in BEFORE.TRANSITIONS.items() for after in afters]
PAIRS += [(step, back) for step, backs in REVERSALS.items() for back in backs if (step, back) not in PAIRS]
FOLLOWS_THE_TABLE = f"(OLD.status, NEW.status) IN (VALUES {', '.join(f'({a!r}, {b!r})' for a, b in PAIRS)})"


def _statement(statements, start):
    return next(statement for statement in statements if statement.startswith(start))


SQLITE_TRIGGER = _statement(BEFORE.SQLITE_SAFETY_NET, 'CREATE TRIGGER devices_follow_lifecycle')
POSTGRESQL_FUNCTION = _statement(BEFORE.POSTGRESQL_SAFETY_NET, 'CREATE FUNCTION follow_lifecycle()')


def _set(follows_the_table: str) -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TRIGGER devices_follow_lifecycle')
        op.execute(SQLITE_TRIGGER.replace(BEFORE.FOLLOWS_THE_TABLE, follows_the_table))
    else:
        function = POSTGRESQL_FUNCTION.replace(BEFORE.FOLLOWS_THE_TABLE, follows_the_table)
        op.execute(function.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION', 1))


def upgrade():
    _set(FOLLOWS_THE_TABLE)


def downgrade():
    _set(BEFORE.FOLLOWS_THE_TABLE)
