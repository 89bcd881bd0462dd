"""What a demo load sets aside and makes again: indexes, foreign keys, triggers, statistics targets, storage options."""
from sqlalchemy import inspect, text

from allemaaldigitaal.extensions import db

TABLES = ("devices", "device_events", "wipe_records", "device_milestones")
#: of the indexes' columns, and of the tables' own columns that have one set (the search text, migration 0026)
STATISTICS_TARGETS = text("""
    SELECT i.indexrelid::regclass::text, a.attnum, a.attstattarget FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indexrelid
    WHERE i.indrelid::regclass::text IN ('devices', 'device_events') AND a.attstattarget >= 0
    UNION ALL SELECT a.attrelid::regclass::text, a.attnum, a.attstattarget FROM pg_attribute a
    WHERE a.attrelid::regclass::text IN ('devices', 'device_events') AND a.attnum > 0 AND a.attstattarget > 0
    ORDER BY 1, 2
""")

TRIGGERS = {
    "sqlite": text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"),
    "postgresql": text("SELECT tgrelid::regclass::text, tgname, tgenabled, pg_get_triggerdef(oid) FROM pg_trigger "
                       "WHERE NOT tgisinternal ORDER BY 1, 2"),
}


def _plain(index: dict) -> dict:
    return {**index, "dialect_options": {key: str(value) for key, value in index["dialect_options"].items()}}


def schema_shape() -> dict:
    inspector = inspect(db.engine)
    tables = [table for table in TABLES if inspector.has_table(table)]
    shape = {
        "indexes": {table: sorted(map(_plain, inspector.get_indexes(table)), key=lambda index: index["name"])
                    for table in tables},
        "foreign keys": {table: sorted(inspector.get_foreign_keys(table), key=lambda key: key["name"] or "")
                         for table in tables},
    }
    with db.engine.connect() as connection:
        shape["triggers"] = connection.execute(TRIGGERS[db.engine.dialect.name]).all()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            shape["statistics targets"] = connection.execute(STATISTICS_TARGETS).all()
            shape["storage options"] = connection.scalar(text("SELECT reloptions FROM pg_class WHERE oid = 'devices'::regclass"))
    return shape
