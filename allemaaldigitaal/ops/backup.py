"""Backup and restore of the whole database while the app keeps running.

SQLite: the online backup API (a consistent copy, also while others write) into one self-contained
file, and back into the live file. PostgreSQL: pg_dump --format=custom of the app's schema, and
pg_restore --clean --if-exists --no-owner in one transaction, so a failed restore changes nothing.
"""
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

#: a schema entry in `pg_restore --list`: "6; 2615 23001 SCHEMA - t_main_1a2b postgres"
SCHEMA_ENTRY = re.compile(r"^\d+; \d+ \d+ SCHEMA - (\S+) ", re.MULTILINE)


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why."""


def back_up(engine: Engine, target: Path) -> None:
    """Write a backup of the database to target, readable by its owner only (it holds personal data).

    A file already there is replaced only when the backup is complete.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        if engine.dialect.name == "sqlite":
            _sqlite_backup(_sqlite_path(engine), partial)
        else:
            _pg_dump(engine, partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"The backup could not be written to {target}: {error}") from error
    finally:
        partial.unlink(missing_ok=True)


def restore(engine: Engine, source: Path) -> None:
    """Replace everything in the database with the backup in source."""
    engine.dispose()  # the app's own pooled connections must not hold locks
    if engine.dialect.name == "sqlite":
        _sqlite_restore(source, _sqlite_path(engine))
    else:
        _pg_restore(engine, source)
    engine.dispose()


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(f"Backup and restore need a SQLite database file, not {database or 'memory'}.")
    return Path(database)


def _sqlite_backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupError(f"There is no database at {database} to back up.")
    with closing(sqlite3.connect(database)) as live, closing(sqlite3.connect(target, isolation_level=None)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one file, without -wal and -shm beside it


def _sqlite_restore(source: Path, database: Path) -> None:
    with closing(sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)) as backup:
        try:
            _check_sqlite_backup(backup)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a SQLite backup of this app: {error}") from error
        try:
            with closing(sqlite3.connect(database, timeout=30)) as live:
                backup.backup(live)
        except sqlite3.Error as error:
            raise BackupError(f"The database could not be restored from {source}: {error}") from error


def _check_sqlite_backup(backup: sqlite3.Connection) -> None:
    if backup.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise sqlite3.DatabaseError("the file is damaged")
    backup.execute("SELECT version_num FROM alembic_version").fetchall()


def _pg_dump(engine: Engine, target: Path) -> None:
    schema = _current_schema(engine)
    _run_pg_tool(engine, "pg_dump", "--format=custom", f"--schema={_quoted(schema)}", f"--file={target}")


def _pg_restore(engine: Engine, source: Path) -> None:
    schema, found = _current_schema(engine), _schemas_in(source)
    if found != [schema]:
        raise BackupError(
            f"{source} holds the schema(s) {', '.join(found) or 'none'}, but the database uses schema {schema}."
        )
    _run_pg_tool(engine, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source))


def _schemas_in(source: Path) -> list[str]:
    """The schemas a pg_dump archive holds; refuses a file that is not one."""
    listing = _run([_tool("pg_restore"), "--list", str(source)], os.environ.copy())
    return SCHEMA_ENTRY.findall(listing)


def _current_schema(engine: Engine) -> str:
    """The schema the app's tables are in: the first of its search_path, however that is set."""
    with engine.connect() as connection:
        return connection.execute(text("SELECT current_schema()")).scalar_one()


def _quoted(schema: str) -> str:
    """A schema name as a pg_dump pattern that matches only that name."""
    return '"' + schema.replace('"', '""') + '"'


def _run_pg_tool(engine: Engine, tool: str, *arguments: str) -> None:
    url: URL = engine.url
    environment = os.environ.copy()
    if url.password:
        environment["PGPASSWORD"] = url.password
    _run([_tool(tool), *arguments, f"--dbname={_conninfo(url)}"], environment)


def _conninfo(url: URL) -> str:
    """The libpq address of the database, without password (given apart) or the app's session options."""
    plain = url.set(drivername="postgresql", password=None).difference_update_query(["options"])
    return plain.render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed. Install the PostgreSQL client of the server's major version.")
    return found


def _run(command: list[str], environment: dict[str, str]) -> str:
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {finished.stderr.strip()}")
    return finished.stdout
