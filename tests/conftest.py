"""Fixtures: an app on a migrated database, and a session rolled back after each test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set;
on PostgreSQL each run works in a fresh schema that is dropped afterwards.
"""
import os
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import scoped_session, sessionmaker

from allemaaldigitaal import create_app
from allemaaldigitaal.extensions import db

from .factories import Factories

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


class FreshDatabase:
    """An empty database for one purpose: a new SQLite file, or a new PostgreSQL schema."""

    def __init__(self, tmp_path_factory, purpose: str):
        self.schema = None
        if TEST_DATABASE_URL:
            self.schema = f"t_{purpose}_{uuid.uuid4().hex[:8]}"
            self._admin(f'CREATE SCHEMA "{self.schema}"')
            url = make_url(TEST_DATABASE_URL).update_query_dict({"options": f"-csearch_path={self.schema}"})
            self.url = url.render_as_string(hide_password=False)
        else:
            self.url = "sqlite:///" + str(tmp_path_factory.mktemp(purpose) / "test.sqlite")

    def _admin(self, statement: str) -> None:
        engine = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def drop(self) -> None:
        if self.schema:
            self._admin(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


def make_test_app(url: str, **overrides):
    settings = {"TESTING": True, "APP_ENV": "testing", "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": url}
    settings.update(overrides)
    return create_app(settings)


@pytest.fixture(scope="session")
def fresh_database(tmp_path_factory):
    """Makes empty databases and drops them at the end of the run."""
    made = []

    def make(purpose: str) -> FreshDatabase:
        database = FreshDatabase(tmp_path_factory, purpose)
        made.append(database)
        return database

    yield make
    for database in made:
        database.drop()


@pytest.fixture(scope="session")
def app(fresh_database):
    application = make_test_app(fresh_database("main").url)
    with application.app_context():
        upgrade()
        db.engine.dispose()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def session(app):
    """db.session joined to an outer transaction that is rolled back after the test."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = scoped_session(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def make(session):
    return Factories(session)


@pytest.fixture
def client(app, session):
    return app.test_client()
