"""SQLite settings: WAL, full sync, foreign keys, busy timeout and BEGIN IMMEDIATE.

pysqlite's own transaction handling is switched off so that SQLAlchemy's "begin"
event can start every transaction with BEGIN IMMEDIATE: a transaction that reads
and then writes waits for the write lock instead of failing with "database is locked".
"""
import sqlite3

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

_busy_timeout_ms = 5000


def configure_sqlite(busy_timeout_ms: int) -> None:
    """Listen on every engine; only SQLite connections are touched."""
    global _busy_timeout_ms
    _busy_timeout_ms = busy_timeout_ms
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)


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
        connection.exec_driver_sql("BEGIN IMMEDIATE")
