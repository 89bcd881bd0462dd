"""The safety net checks the wipes when a device enters the issued statuses, not at every step between them

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 00:15:00

ready, allocated, delivered and handed_out need a passed wipe of every medium since the last intake. A device can
only enter them through ready (the table), where the proof is checked; the steps between them (allocating,
delivering, handing out, and their undo) no longer read the device's wipe records and history again, as the
lifecycle's own guards do not. Allocating 1,000 devices on PostgreSQL spent most of its time in that repeated check.
"""
import importlib.util
from pathlib import Path

from alembic import op


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def _migration(name: str, stem: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f'{stem}.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REVERSALS_0012 = _migration('lifecycle_reversals_0012', '0012_lifecycle_reversals')
LOST_AFTER_HANDOUT_0017 = _migration('lost_after_handout_0017', '0017_lost_after_handout')
SAFETY_NET_0004 = REVERSALS_0012.BEFORE
PROVEN = SAFETY_NET_0004.WIPE_PROVEN
CHECKED_EVERY_STEP = f"NEW.status IN {PROVEN} AND NOT ("
CHECKED_ON_ENTRY = f"NEW.status IN {PROVEN} AND OLD.status NOT IN {PROVEN} AND NOT ("


def _with(statement: str, check: str) -> str:
    """The statement of 0017 (0012's with 0017's table) with the wipe check as given."""
    assert CHECKED_EVERY_STEP in statement, "the safety net of 0004 no longer reads as this migration expects"
    table = LOST_AFTER_HANDOUT_0017.FOLLOWS_THE_TABLE
    return statement.replace(SAFETY_NET_0004.FOLLOWS_THE_TABLE, table).replace(CHECKED_EVERY_STEP, check, 1)


def _set(check: str) -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TRIGGER devices_follow_lifecycle')
        op.execute(_with(REVERSALS_0012.SQLITE_TRIGGER, check))
    else:
        function = _with(REVERSALS_0012.POSTGRESQL_FUNCTION, check)
        op.execute(function.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION', 1))


def upgrade():
    _set(CHECKED_ON_ENTRY)


def downgrade():
    _set(CHECKED_EVERY_STEP)
