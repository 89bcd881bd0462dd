"""Fixtures: an app on a migrated database, and a session rolled back after each test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set;
on PostgreSQL each run works in a fresh schema that is dropped afterwards.
"""
import os
import shutil
import uuid
from contextlib import contextmanager

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import scoped_session, sessionmaker

from allemaaldigitaal import create_app
from allemaaldigitaal.extensions import db, limiter

from .factories import Factories

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


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


class FreshGlobalsClient(FlaskClient):
    """Each request starts with an empty flask.g, as it does in production.

    The session fixture keeps one app context open for the whole test, so without this
    whatever a request caches on g (the signed-in user, the locale) would leak into the next.
    """

    def open(self, *args, **kwargs):
        _clear_globals()
        try:
            return super().open(*args, **kwargs)
        finally:
            _clear_globals()


def _clear_globals() -> None:
    if has_app_context():
        g.__dict__.clear()


def make_test_app(url: str, **overrides):
    settings = {
        "TESTING": True,
        "APP_ENV": "testing",
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # cheap argon2id; tests that check the production parameters set them back
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_COST": 8,
        "PASSWORD_HASH_PARALLELISM": 1,
    }
    settings.update(overrides)
    application = create_app(settings)
    application.test_client_class = FreshGlobalsClient
    return application


def migrated_database(fresh_database, purpose: str) -> str:
    """The URL of a new database with every migration applied."""
    url = fresh_database(purpose).url
    application = make_test_app(url)
    with application.app_context():
        upgrade()
        db.engine.dispose()
    return url


@contextmanager
def app_builder(url: str, **defaults):
    """build(other_url=None, **settings): apps on this database (or another) with these settings, closed afterwards."""
    made = []

    def build(other_url: str | None = None, **settings):
        made.append(make_test_app(other_url or url, **{**defaults, **settings}))
        return made[-1]

    yield build
    for application in made:
        with application.app_context():
            db.engine.dispose()


_donor_numbers = iter(range(1_000_000))


def add_donor(application, password: str) -> str:
    """A confirmed donor with this password, committed on the app's database; returns the e-mail address."""
    from allemaaldigitaal.accounts.services import create_user
    from allemaaldigitaal.core.enums import OrganisationKind
    from allemaaldigitaal.core.models import Organisation

    email = f"person{next(_donor_numbers)}@donor.example"
    with application.app_context():
        create_user(email, "Iemand", Organisation(kind=OrganisationKind.DONOR, name=email), password)
        db.session.commit()
    return email


@contextmanager
def throttled_app(url: str):
    """An app with throttling on, on its own migrated database; counts reset before and after."""
    application = make_test_app(url, RATELIMIT_ENABLED=True)
    with application.app_context():
        upgrade()
        db.engine.dispose()
    limiter.reset()
    yield application
    limiter.reset()
    with application.app_context():
        db.engine.dispose()


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
def empty_app(fresh_database):
    """An app context on a database that has never been migrated."""
    application = make_test_app(fresh_database("mig").url)
    with application.app_context():
        yield application
        db.engine.dispose()


@pytest.fixture
def session(app):
    """db.session joined to an outer transaction that is rolled back after the test."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        if connection.dialect.name == "postgresql":
            # the outer transaction never commits: fold the tallies' changes after each statement (migration 0024)
            connection.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
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


@pytest.fixture
def login(session):
    """login(client, user, password=...): signs the user in through the real /login form.

    A user without a password gets this one first (through the passwords service).
    """
    from allemaaldigitaal.accounts.passwords import hash_password

    from .factories import PASSWORD

    def sign_in(client, user, password: str = PASSWORD):
        if user.password_hash is None:
            user.password_hash = hash_password(password)
            session.flush()
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, f"signing in {user.email} failed"
        return response

    return sign_in


def pytest_collection_modifyitems(items):
    """Every test that drives Chromium is marked browser, so `pytest -m "not browser"` is the fast run."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once for the run."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed. Run `make test` (it installs it) or `apt-get install chromium`.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
