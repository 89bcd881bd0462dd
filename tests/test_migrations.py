"""The migrations build exactly the schema the models describe, and undo it cleanly."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from allemaaldigitaal.core.enums import STATUS_EVENTS
from allemaaldigitaal.core.models import DeviceEvent, DeviceTally, MilestoneDays
from allemaaldigitaal.demo.services import load_demo_data
from allemaaldigitaal.extensions import db


def row_counts() -> dict[str, int]:
    return {name: db.session.scalar(select(func.count()).select_from(table)) for name, table in db.metadata.tables.items()}


def nonzero_tallies() -> dict[str, int]:
    """The tallies that count something: the triggers leave a tally at zero where a new count leaves none."""
    return {name: db.session.scalar(select(func.count()).select_from(db.metadata.tables[name]).where(column != 0))
            for name, column in (("device_tallies", DeviceTally.devices), ("milestone_days", MilestoneDays.devices))}


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_on_an_empty_database_creates_every_table(empty_app):
    assert table_names() == set()
    upgrade()
    assert set(db.metadata.tables) <= table_names()


#: made by migration 0022 for the text search, outside the models: SQLite's FTS5 table (with its shadow tables) and
#: PostgreSQL's trigram index and the tag's pattern index, and (0028) the indexes that count a text
SEARCH_INDEXES = {"ix_devices_search_text", "ix_devices_asset_tag_pattern", "ix_devices_brand_model_text",
                  "ix_devices_codes_text"}
#: PostgreSQL's generated texts of the searched fields (migrations 0026, 0028)
SEARCH_COLUMNS = {"search_text", "brand_model_text", "codes_text"}
#: an index on expressions (migration 0024), which SQLAlchemy does not read back from SQLite
EXPRESSION_INDEXES = {"uq_device_tallies_key"}
#: PostgreSQL's tables where the tallies' changes wait for the commit (migration 0024), outside the models
TALLY_CHANGES = {"device_tally_changes", "status_event_period_changes", "milestone_day_changes"}


def in_the_models(name, kind, _parent) -> bool:
    if kind == "table":
        return name != "devices_search" and not name.startswith("devices_search_") and name not in TALLY_CHANGES
    if kind == "column":
        return name not in SEARCH_COLUMNS
    return kind != "index" or name not in SEARCH_INDEXES | EXPRESSION_INDEXES


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index uq_device_tallies_key")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_models_and_migrations_describe_the_same_schema(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": in_the_models,
            "include_object": lambda _object, name, kind, *_rest: in_the_models(name, kind, None),
        })
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
    counts = {**row_counts(), **nonzero_tallies()}
    status_events = db.session.scalar(select(func.count()).where(DeviceEvent.kind.in_(STATUS_EVENTS)))
    db.session.close()
    downgrade(revision="0002")
    upgrade()
    # going below 0003 keeps the status history only: the typed events it introduced have nowhere to go;
    # below 0011 the refurbishment checks have no table
    assert {**row_counts(), **nonzero_tallies()} == {**counts, "device_events": status_events, "device_checks": 0}
    assert status_events < counts["device_events"]
