"""How SQLite transactions begin: reading never waits for a writer; a unit of work that writes takes the lock first.

Each test has a SQLite file of its own (also when the suite runs on PostgreSQL): the locks are SQLite's.
"""
import sqlite3
import threading
import time

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from allemaaldigitaal.core.sqlite import write_transactions
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app

BUSY_TIMEOUT_MS = 200
#: long enough for a first request (templates compiled on first use) to answer well within it
HOME_BUSY_TIMEOUT_MS = 3000


@pytest.fixture
def sqlite_file(tmp_path):
    return tmp_path / "locks.sqlite"


@pytest.fixture
def note_app(sqlite_file):
    """An app on a SQLite file with one table, note(body)."""
    app = make_test_app(f"sqlite:///{sqlite_file}", SQLITE_BUSY_TIMEOUT_MS=BUSY_TIMEOUT_MS)
    with app.app_context():
        with db.engine.begin() as setup:
            setup.exec_driver_sql("CREATE TABLE note (body TEXT)")
        yield app
        db.engine.dispose()


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite-home") / "home.sqlite"
    app = make_test_app(f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


def other_connection(path) -> sqlite3.Connection:
    """A connection from outside the app, such as another worker process."""
    return sqlite3.connect(path, isolation_level=None, timeout=0, check_same_thread=False)


def notes() -> list[str]:
    return list(db.session.scalars(text("SELECT body FROM note ORDER BY rowid")))


def test_a_write_transaction_takes_the_write_lock_when_it_begins(note_app):
    with db.engine.connect() as writer, db.engine.connect() as other:
        with write_transactions():
            writer.begin()
            writer.execute(text("SELECT 1 FROM note")).all()
            with pytest.raises(OperationalError, match="database is locked"):
                other.begin()
            other.rollback()
        writer.rollback()
        other.begin()
        other.execute(text("INSERT INTO note VALUES ('na de schrijver')"))
        other.commit()


def test_a_read_transaction_does_not_wait_for_a_writer_and_sees_what_was_committed(note_app):
    with db.engine.connect() as writer, db.engine.connect() as reader:
        with write_transactions():
            writer.begin()
        writer.execute(text("INSERT INTO note VALUES ('nog niet klaar')"))
        started = time.perf_counter()
        reader.begin()
        assert reader.execute(text("SELECT count(*) FROM note")).scalar() == 0
        assert time.perf_counter() - started < BUSY_TIMEOUT_MS / 1000
        reader.rollback()
        writer.commit()


def test_a_write_after_reads_still_works_when_another_writer_committed_in_between(note_app, sqlite_file):
    """A deferred read that then writes would fail at once (SQLITE_BUSY_SNAPSHOT); commit_or_rollback reads afresh."""
    assert notes() == []
    other = other_connection(sqlite_file)
    other.execute("INSERT INTO note VALUES ('van een ander')")
    commit_or_rollback(lambda: db.session.execute(text("INSERT INTO note VALUES ('van mij')")))
    assert notes() == ["van een ander", "van mij"]
    other.close()


def test_a_write_after_reads_waits_for_a_writer_that_holds_the_lock_briefly(note_app, sqlite_file):
    assert notes() == []
    other = other_connection(sqlite_file)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO note VALUES ('eerst')")
    threading.Timer(BUSY_TIMEOUT_MS / 4000, lambda: other.execute("COMMIT")).start()
    commit_or_rollback(lambda: db.session.execute(text("INSERT INTO note VALUES ('daarna')")))
    assert notes() == ["eerst", "daarna"]


def test_the_home_page_answers_while_another_connection_holds_the_write_lock_past_the_busy_timeout(migrated_file):
    app = make_test_app(f"sqlite:///{migrated_file}", SQLITE_BUSY_TIMEOUT_MS=HOME_BUSY_TIMEOUT_MS)
    holder = other_connection(migrated_file)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE organisations SET name = name")
    try:
        started = time.perf_counter()
        response = app.test_client().get("/")
        waited = time.perf_counter() - started
        still_locked = holder.in_transaction
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        with app.app_context():
            db.engine.dispose()
    assert response.status_code == 200
    assert still_locked
    assert waited < HOME_BUSY_TIMEOUT_MS / 1000
