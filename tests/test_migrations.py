"""The migrations build exactly the schema the models describe, and undo it cleanly."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from allemaaldigitaal.extensions import db


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_on_an_empty_database_creates_every_table(empty_app):
    assert table_names() == set()
    upgrade()
    assert set(db.metadata.tables) <= table_names()


def test_models_and_migrations_describe_the_same_schema(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_base_removes_every_table_and_upgrade_works_again(empty_app):
    upgrade()
    downgrade(revision="base")
    assert table_names() <= {"alembic_version"}
    upgrade()
    assert set(db.metadata.tables) <= table_names()
