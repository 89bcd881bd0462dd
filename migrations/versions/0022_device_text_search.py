"""Device text search by trigram index

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 00:05:00

The device list's text search finds a part of the serial number, brand and model, or donor asset number. A LIKE
'%…%' reads every device; a trigram index finds the few that may match. Both databases index one text per device:
the three fields joined by the unit separator (chr(31), which no one types), so one index serves the whole search.
PostgreSQL: a GIN index of pg_trgm on that text in lower case; the extension lives in the schema public, so every
schema of the database can use it, and stays when this is undone (other schemas may use it). The search also finds
tags that start with the text: LIKE 'X%' reads a btree index only with the pattern operator class, so the tag gets one.
SQLite: an FTS5 table with the trigram tokenizer, rowid = the device's id, kept up to date by triggers. A later
migration that rebuilds the devices table in batch mode drops these triggers and must make them again.
The search (allemaaldigitaal/devices/filters.py) uses exactly these expressions.
"""
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

PG_TEXT = ("lower(coalesce(serial_number, '') || chr(31) || coalesce(brand, '') || ' ' || coalesce(model, '') "
           "|| chr(31) || coalesce(donor_asset_number, ''))")
PG_INDEX = 'ix_devices_search_text'
PG_TAG_INDEX = 'ix_devices_asset_tag_pattern'


def _sqlite_text(row: str) -> str:
    return (f"coalesce({row}serial_number, '') || char(31) || coalesce({row}brand, '') || ' ' || "
            f"coalesce({row}model, '') || char(31) || coalesce({row}donor_asset_number, '')")


SQLITE_UP = [
    "CREATE VIRTUAL TABLE devices_search USING fts5(search_text, tokenize='trigram')",
    f"INSERT INTO devices_search (rowid, search_text) SELECT id, {_sqlite_text('')} FROM devices",
    f"""CREATE TRIGGER devices_search_insert AFTER INSERT ON devices BEGIN
        INSERT INTO devices_search (rowid, search_text) VALUES (new.id, {_sqlite_text('new.')});
    END""",
    f"""CREATE TRIGGER devices_search_update
    AFTER UPDATE OF id, serial_number, brand, model, donor_asset_number ON devices BEGIN
        DELETE FROM devices_search WHERE rowid = old.id;
        INSERT INTO devices_search (rowid, search_text) VALUES (new.id, {_sqlite_text('new.')});
    END""",
    """CREATE TRIGGER devices_search_delete AFTER DELETE ON devices BEGIN
        DELETE FROM devices_search WHERE rowid = old.id;
    END""",
]
SQLITE_DOWN = [
    'DROP TRIGGER devices_search_delete', 'DROP TRIGGER devices_search_update', 'DROP TRIGGER devices_search_insert',
    'DROP TABLE devices_search',
]


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public')
        op.execute(f'CREATE INDEX {PG_INDEX} ON devices USING gin (({PG_TEXT}) public.gin_trgm_ops)')
        # a finer histogram of the indexed text, so the planner sees how few devices a rare text finds
        op.execute(f'ALTER INDEX {PG_INDEX} ALTER COLUMN 1 SET STATISTICS 1000')
        op.execute(f'CREATE INDEX {PG_TAG_INDEX} ON devices (asset_tag varchar_pattern_ops)')
        return
    for statement in SQLITE_UP:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f'DROP INDEX {PG_TAG_INDEX}')
        op.execute(f'DROP INDEX {PG_INDEX}')
        return
    for statement in SQLITE_DOWN:
        op.execute(statement)
