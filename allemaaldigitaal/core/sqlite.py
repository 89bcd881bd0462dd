"""SQLite settings: WAL, full sync, foreign keys, busy timeout, and how transactions begin.

pysqlite's own transaction handling is switched off so that SQLAlchemy's "begin" event
chooses how each transaction begins:

- work that only reads begins DEFERRED: in WAL mode it reads a snapshot and never waits
  for a writer, however long that writer holds the write lock;
- a unit of work that writes (inside `write_transactions()`, which commit_or_rollback uses)
  begins IMMEDIATE: it takes the write lock before its first read, so it waits for the lock
  (up to the busy timeout) instead of failing. A deferred transaction that has read and then
  writes cannot wait: SQLite refuses it at once with SQLITE_BUSY, or SQLITE_BUSY_SNAPSHOT when
  another writer committed after its snapshot. So a write never upgrades a read transaction:
  commit_or_rollback ends the read transaction first and re-reads inside the write one.
"""
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

_busy_timeout_ms = 5000
#: True while a unit of work that writes runs: its transaction begins with the write lock
_writing: ContextVar[bool] = ContextVar("sqlite_writing", default=False)


def configure_sqlite(busy_timeout_ms: int) -> None:
    """Listen on every engine; only SQLite connections are touched."""
    global _busy_timeout_ms
    _busy_timeout_ms = busy_timeout_ms
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)


@contextmanager
def write_transactions() -> Iterator[None]:
    """Transactions begun inside take SQLite's write lock when they begin (BEGIN IMMEDIATE)."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def _on_connect(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {_busy_timeout()}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _busy_timeout() -> int:
    """The connecting app's setting; the listener is process-wide, the setting is per app."""
    if has_app_context():
        return int(current_app.config.get("SQLITE_BUSY_TIMEOUT_MS", _busy_timeout_ms))
    return int(_busy_timeout_ms)


def _on_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writing.get() else "BEGIN DEFERRED")
