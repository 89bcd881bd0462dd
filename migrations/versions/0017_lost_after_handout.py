"""A handed-out device may be reported lost

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 23:30:00

Only the table of allowed status pairs changes: the trigger (SQLite) and its function (PostgreSQL), as 0012 left
them, are rebuilt with handed_out → lost added; the downgrade puts back exactly what 0012 made.
"""
import importlib.util
from pathlib import Path


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

#: the steps this revision adds to the frozen table of 0004; a test keeps 0004 + these equal to the lifecycle's table
ADDED = {
    'handed_out': ('lost',),
}


def _migration(name: str, stem: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f'{stem}.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REVERSALS_0012 = _migration('lifecycle_reversals_0012', '0012_lifecycle_reversals')
PAIRS = [*REVERSALS_0012.PAIRS]
PAIRS += [(before, after) for before, afters in ADDED.items() for after in afters if (before, after) not in PAIRS]
FOLLOWS_THE_TABLE = f"(OLD.status, NEW.status) IN (VALUES {', '.join(f'({a!r}, {b!r})' for a, b in PAIRS)})"


def upgrade():
    REVERSALS_0012._set(FOLLOWS_THE_TABLE)


def downgrade():
    REVERSALS_0012._set(REVERSALS_0012.FOLLOWS_THE_TABLE)
