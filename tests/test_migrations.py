"""The migrations build exactly the schema the models describe, and undo it cleanly."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from allemaaldigitaal.core.enums import STATUS_EVENTS
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.demo.services import load_demo_data
from allemaaldigitaal.extensions import db


def row_counts() -> dict[str, int]:
    return {name: db.session.scalar(select(func.count()).select_from(table)) for name, table in db.metadata.tables.items()}


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_on_an_empty_database_creates_every_table(empty_app):
    assert table_names() == set()
    upgrade()
    assert set(db.metadata.tables) <= table_names()


#: made by migration 0022 for the text search, outside the models: SQLite's FTS5 table (with its shadow tables) and
#: PostgreSQL's trigram index and the tag's pattern index
SEARCH_INDEXES = {"ix_devices_search_text", "ix_devices_asset_tag_pattern"}


def not_text_search(name, kind, _parent) -> bool:
    if kind == "table":
        return name != "devices_search" and not name.startswith("devices_search_")
    return kind != "index" or name not in SEARCH_INDEXES


def test_models_and_migrations_describe_the_same_schema(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": not_text_search})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_base_removes_every_table_and_upgrade_works_again(empty_app):
    upgrade()
    downgrade(revision="base")
    assert table_names() <= {"alembic_version"}
    upgrade()
    assert set(db.metadata.tables) <= table_names()


def test_a_database_with_a_demo_campaign_goes_down_and_up_again(empty_app):
    """Downgrades must cope with rows that refer to each other (SQLite rebuilds tables to change them)."""
    upgrade()
    load_demo_data("demo-wachtwoord-2020", devices=25)
    db.session.commit()
    counts = row_counts()
    status_events = db.session.scalar(select(func.count()).where(DeviceEvent.kind.in_(STATUS_EVENTS)))
    db.session.close()
    downgrade(revision="0002")
    upgrade()
    # going below 0003 keeps the status history only: the typed events it introduced have nowhere to go;
    # below 0011 the refurbishment checks have no table
    assert row_counts() == {**counts, "device_events": status_events, "device_checks": 0}
    assert status_events < counts["device_events"]
