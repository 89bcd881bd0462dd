"""Rows by the hundred thousand on the session's own connection: COPY and UPDATE … FROM unnest on PostgreSQL,
executemany on SQLite. Rows come as tuples of plain values (enums as their values, JSON as text, times as
stamp() gives them), so no per-value work is left; the database's triggers and constraints still check every row."""
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from operator import itemgetter

from allemaaldigitaal.core.enums import DeviceStatus
from allemaaldigitaal.extensions import db

#: what a status step may change on the device besides the status, in this order after (id, time)
DEVICE_STATE = ("custodian_id", "claim_id", "handout_id", "account_locks_cleared", "condition_grade", "os_installed")
#: SQLite's page cache while the demo campaign is written
BULK_CACHE_KIB = 512 * 1024
_PG_STATE_TYPES = ("bigint", "bigint", "bigint", "boolean", "text", "text")


class StepRefused(RuntimeError):
    """Fewer devices changed than asked: one was not in the status the step starts from."""


def _connection():
    connection = db.session.connection()
    return connection, connection.connection.dbapi_connection, connection.dialect.name == "postgresql"


def stamp() -> Callable[[datetime], object]:
    """How a time goes into a row: as it is for PostgreSQL, as SQLAlchemy stores it (text in UTC) for SQLite."""
    if _connection()[2]:
        return lambda moment: moment
    return _sqlite_time


def _sqlite_time(moment: datetime) -> str:
    """SQLAlchemy's SQLite format: YYYY-MM-DD HH:MM:SS.ffffff in UTC."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


@contextmanager
def bulk_writes(tables: tuple[str, ...] = ("devices", "device_events")) -> Iterator[None]:
    """Settings for one long batch, undone at its end.

    PostgreSQL: no statement timeout and no JIT compilation in this transaction (a step of 100,000 devices runs
    the triggers 100,000 times). SQLite: a page cache big enough for the tables being filled, and the tables'
    secondary indexes set aside and built again at the end in one pass each (much cheaper than keeping a dozen
    indexes up to date row by row); unique indexes (constraints) and the indexes on device_id that the lifecycle
    triggers read stay. Readers of a WAL database keep their snapshot meanwhile; on PostgreSQL dropping an index
    would lock out every reader of the table until the commit, so there the indexes stay.
    """
    _connection_, raw, postgresql = _connection()
    if postgresql:
        with closing(raw.cursor()) as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
            # compiling the big statements and the triggers' queries costs more than it saves here
            cursor.execute("SET LOCAL jit = off")
        yield
        return
    with closing(raw.cursor()) as cursor:
        (cache,) = cursor.execute("PRAGMA cache_size").fetchone()
        cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                       f"AND tbl_name IN ({', '.join('?' * len(tables))})", tables)
        aside = [(name, sql) for name, sql in cursor.fetchall() if _may_set_aside(sql)]
        for name, _sql in aside:
            cursor.execute(f'DROP INDEX "{name}"')  # names read from the catalogue just now
    yield
    with closing(raw.cursor()) as cursor:
        for _name, sql in aside:
            cursor.execute(sql)
        cursor.execute(f"PRAGMA cache_size = {int(cache)}")


def _may_set_aside(definition: str) -> bool:
    columns = definition.partition("(")[2]
    return not definition.upper().startswith("CREATE UNIQUE") and not columns.startswith("device_id")


def insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Many rows of one table: one COPY stream on PostgreSQL, one executemany on SQLite."""
    if not rows:
        return
    if "created_at" in columns:  # in time order, as they would have come: the time indexes fill at their ends
        rows = sorted(rows, key=itemgetter(columns.index("created_at")))
    connection, raw, postgresql = _connection()
    names = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in columns)
    with closing(raw.cursor()) as cursor:
        if postgresql:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # our own table and column names
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)


def change_status(current: DeviceStatus, step: DeviceStatus, rows: list[tuple]) -> None:
    """One step for many devices in `current`: rows of (id, time, *DEVICE_STATE); the triggers check every row."""
    if not rows:
        return
    _connection_, raw, postgresql = _connection()
    state = ", ".join(f"{name} = v.{name}" if postgresql else f"{name} = ?" for name in DEVICE_STATE)
    if postgresql:
        arrays = ", ".join(f"%s::{kind}[]" for kind in ("bigint", "timestamptz", *_PG_STATE_TYPES))
        statement = (
            f"UPDATE devices AS d SET status = %s, status_changed_at = v.at, updated_at = v.at, {state} "
            f"FROM unnest({arrays}) AS v(id, at, {', '.join(DEVICE_STATE)}) WHERE d.id = v.id AND d.status = %s"
        )
        with closing(raw.cursor()) as cursor:
            cursor.execute(statement, (step.value, *map(list, zip(*rows, strict=True)), current.value))
            changed = cursor.rowcount
    else:
        statement = f"UPDATE devices SET status = ?, status_changed_at = ?, updated_at = ?, {state} WHERE id = ? AND status = ?"
        with closing(raw.cursor()) as cursor:
            cursor.executemany(statement, [(step.value, at, at, *rest, id_, current.value) for id_, at, *rest in rows])
            changed = cursor.rowcount
    if changed != len(rows):
        raise StepRefused(f"{current} → {step}: {changed} of {len(rows)} devices changed")


def analyse(*tables: str) -> None:
    """PostgreSQL: fresh planner statistics after a bulk insert, so the triggers look rows up by index."""
    _connection_, raw, postgresql = _connection()
    if postgresql:
        with closing(raw.cursor()) as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")  # our own table names


def update_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Set columns by id: rows of (id, *values); a few thousand at most, so executemany on both databases."""
    if not rows:
        return
    _connection_, raw, postgresql = _connection()
    mark = "%s" if postgresql else "?"
    statement = f"UPDATE {table} SET {', '.join(f'{name} = {mark}' for name in columns)} WHERE id = {mark}"
    with closing(raw.cursor()) as cursor:
        cursor.executemany(statement, [(*values, id_) for id_, *values in rows])

