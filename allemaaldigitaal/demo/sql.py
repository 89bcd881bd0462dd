"""Rows by the hundred thousand on the session's own connection: COPY (and UPDATE … FROM what was copied) on PostgreSQL,
executemany on SQLite. Rows come as tuples of plain values (enums as their values, JSON as text, times as
stamp() gives them), so no per-value work is left; the database's triggers and constraints still check every row."""
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from operator import itemgetter

from allemaaldigitaal.core.enums import DeviceStatus
from allemaaldigitaal.devices.text_search import SEARCH_ROWS
from allemaaldigitaal.extensions import db

#: what a status step may change on the device besides the status, in this order after (id, time)
DEVICE_STATE = ("custodian_id", "claim_id", "handout_id", "account_locks_cleared", "condition_grade", "os_installed")
#: SQLite: migration 0022's trigger that keeps the search table up to date with each new device
SQLITE_SEARCH_TRIGGER = "devices_search_insert"
#: SQLite's page cache while the demo campaign is written
BULK_CACHE_KIB = 512 * 1024
#: the indexed columns by which the lifecycle triggers read a device's history and wipes: they stay during a load
TRIGGERS_READ = ("device_id)", "device_id, id)")
#: PostgreSQL's memory for building an index, checking a foreign key or joining a step's devices during the load
BULK_MEMORY_MIB = 256
#: PostgreSQL: how full the load fills a page of devices, leaving the rest for the versions of their status steps
#: (some four per device); at 100,000 devices about 80% of the steps stay on their page, and the table ends up
#: about a fifth larger than with every version on a new page
DEVICES_FILL_PERCENT = 30
#: PostgreSQL: migration 0029's triggers that keep the narrow copy of each device (devices_search_rows) in step
PG_SEARCH_ROW_TRIGGERS = ("devices_search_rows_insert", "devices_search_rows_update")
#: PostgreSQL: a step's devices with their new state, copied in and joined to the devices by one UPDATE
PG_STEPS = "demo_status_steps"
PG_STEP_COLUMNS = ", ".join(f"{name} {kind}" for name, kind in zip(
    ("id", "at", *DEVICE_STATE), ("bigint", "timestamptz", "bigint", "bigint", "bigint", "boolean", "text", "text"),
    strict=True))
#: the tables' indexes that no constraint owns: name, definition, the statistics targets set on their columns
PG_SECONDARY_INDEXES = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
       ARRAY(SELECT ARRAY[a.attnum, a.attstattarget] FROM pg_attribute a
             WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0 ORDER BY a.attnum)
FROM pg_index i
WHERE i.indrelid IN (SELECT to_regclass(name) FROM unnest(%s::text[]) AS name)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
ORDER BY i.indexrelid
"""
#: the foreign keys of the tables: table, name, definition
PG_FOREIGN_KEYS = """
SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid)
FROM pg_constraint c
WHERE c.contype = 'f' AND c.conrelid IN (SELECT to_regclass(name) FROM unnest(%s::text[]) AS name)
ORDER BY c.oid
"""


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
    return moment.isoformat(" ", "microseconds")[:26]  # without the offset, +00:00


@contextmanager
def bulk_writes(tables: tuple[str, ...] = ("devices", "device_events")) -> Iterator[None]:
    """Settings for one long batch, and what slows it set aside meanwhile, all undone at its end.

    Keeping a dozen indexes up to date row by row costs far more than building each again in one pass at the end
    (on PostgreSQL every status change puts a new row version into every index, the trigram index among them).
    Unique indexes (constraints) and the indexes that the lifecycle triggers read (TRIGGERS_READ) stay; with no
    tables given, nothing is set aside. The lifecycle's triggers keep checking every row.
    PostgreSQL also sets the tables' foreign keys aside and adds them again at the end, which checks every row in
    one join per key (row by row, a row written in this transaction is checked again at each of its updates); the
    devices get room on their pages for their new versions (_pg_leave_room); no statement timeout and no JIT
    compilation (a step of 100,000 devices runs the triggers 100,000 times); the triggers' queries planned once,
    not per row; memory to sort and join in one go; the narrow copy of the devices written once at the end
    (_pg_search_rows_aside). SQLite: the search table filled in one statement at the end
    (_sqlite_search_aside), and a page cache big enough for the tables being filled.
    Only the demo load writes this way, into an empty database and in one transaction. On SQLite readers of the
    WAL keep their snapshot meanwhile. On PostgreSQL dropping an index or a foreign key locks its table (for a key
    also the table it refers to) until the commit: a reader then waits for the loaded campaign, up to a minute,
    where it would have seen an empty database. In an empty database no one loses anything by that, so a large
    load takes the locks; a small one (bulk.SET_ASIDE_FROM) gains little by them and does not. When the load
    fails, the rollback puts everything back as it was.
    """
    _connection_, raw, postgresql = _connection()
    with closing(raw.cursor()) as cursor:
        put_back = _pg_set_aside(cursor, tables) if postgresql else _sqlite_set_aside(cursor, tables)
    yield
    with closing(raw.cursor()) as cursor:
        put_back(cursor)


def _pg_set_aside(cursor, tables: tuple[str, ...]) -> Callable:
    cursor.execute("SET LOCAL statement_timeout = 0")
    # compiling the big statements and the triggers' queries costs more than it saves here
    cursor.execute("SET LOCAL jit = off")
    # the triggers' queries planned once for any device (by index, as fresh statistics show), not again per row
    cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    cursor.execute(f"SET LOCAL maintenance_work_mem = '{BULK_MEMORY_MIB}MB'")
    cursor.execute(f"SET LOCAL work_mem = '{BULK_MEMORY_MIB}MB'")
    cursor.execute(PG_SECONDARY_INDEXES, (list(tables),))
    indexes = [(name, definition, targets) for name, definition, targets in cursor.fetchall() if _may_set_aside(definition)]
    cursor.execute(PG_FOREIGN_KEYS, (list(tables),))
    foreign_keys = cursor.fetchall()
    # names and definitions as the catalogue quotes and writes them
    for table, name, _definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for name, _definition, _targets in indexes:
        cursor.execute(f"DROP INDEX {name}")
    cursor.execute(f"CREATE TEMPORARY TABLE {PG_STEPS} ({PG_STEP_COLUMNS}) ON COMMIT DROP")
    fill = _pg_leave_room(cursor) if "devices" in tables else None
    search_rows = _pg_search_rows_aside(cursor) if "devices" in tables else None

    def put_back(cursor) -> None:
        if fill:
            cursor.execute(f"ALTER TABLE devices {fill}")
        if search_rows:
            search_rows(cursor)
        for name, definition, targets in indexes:
            cursor.execute(definition)
            for column, target in targets:
                cursor.execute(f"ALTER INDEX {name} ALTER COLUMN {int(column)} SET STATISTICS {int(target)}")
        for table, name, definition in foreign_keys:  # checks every row, in one join per key
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    return put_back


def _pg_leave_room(cursor) -> str:
    """Devices go in with room on each page for the versions their status steps make; how to undo that.

    A new version on its row's page, and no indexed column changed (the indexes being aside), is a HOT update: no
    index learns of it, and an index built at the end indexes the live version only, not the whole chain.
    """
    cursor.execute("SELECT option FROM pg_class, unnest(reloptions) AS option "
                   "WHERE oid = to_regclass('devices') AND option LIKE 'fillfactor=%'")
    before = cursor.fetchone()
    cursor.execute(f"ALTER TABLE devices SET (fillfactor = {DEVICES_FILL_PERCENT})")
    return f"SET ({before[0]})" if before else "RESET (fillfactor)"


def _pg_search_rows_aside(cursor) -> Callable:
    """The triggers that keep the narrow copy of the devices in step, set aside; at the end the copy is written again
    from the devices in one statement, and they are back. Kept in step, each status step of the load would leave a
    dead version of every device's copy behind: four times the table's size for the next searches to read past until
    autovacuum comes."""
    for name in PG_SEARCH_ROW_TRIGGERS:
        cursor.execute(f"ALTER TABLE devices DISABLE TRIGGER {name}")

    def put_back(cursor) -> None:
        copied = ", ".join(column.name for column in SEARCH_ROWS.c)  # our own column names
        cursor.execute(f"TRUNCATE {SEARCH_ROWS.name}")
        cursor.execute(f"INSERT INTO {SEARCH_ROWS.name} ({copied}) SELECT {copied} FROM devices")
        for name in PG_SEARCH_ROW_TRIGGERS:
            cursor.execute(f"ALTER TABLE devices ENABLE TRIGGER {name}")
    return put_back


def _sqlite_set_aside(cursor, tables: tuple[str, ...]) -> Callable:
    (cache,) = cursor.execute("PRAGMA cache_size").fetchone()
    cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                   f"AND tbl_name IN ({', '.join('?' * len(tables))})", tables)
    aside = [(name, sql) for name, sql in cursor.fetchall() if _may_set_aside(sql)]
    for name, _sql in aside:
        cursor.execute(f'DROP INDEX "{name}"')  # names read from the catalogue just now
    search = _sqlite_search_aside(cursor) if "devices" in tables else None

    def put_back(cursor) -> None:
        for _name, sql in aside:
            cursor.execute(sql)
        if search:
            search(cursor)
        cursor.execute(f"PRAGMA cache_size = {int(cache)}")
    return put_back


def _sqlite_search_aside(cursor) -> Callable | None:
    """The trigger that copies each new device into the search table (FTS5), set aside; at the end its own INSERT
    copies the new devices in one statement (row by row, FTS5 writes a new segment for each), and it is back."""
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (SQLITE_SEARCH_TRIGGER,))
    found = cursor.fetchone()
    copy = found and _copy_of_new_devices(found[0])
    if not copy:
        return None
    (last,) = cursor.execute("SELECT coalesce(max(id), 0) FROM devices").fetchone()
    cursor.execute(f"DROP TRIGGER {SQLITE_SEARCH_TRIGGER}")

    def put_back(cursor) -> None:
        cursor.execute(copy, (last,))
        cursor.execute(found[0])
    return put_back


def _copy_of_new_devices(trigger: str) -> str | None:
    """The trigger's INSERT … VALUES (new.…) as an INSERT … SELECT from the devices after the given id, if it is one."""
    body = trigger.partition(" BEGIN")[2].strip()
    insert, values, rest = body.partition(" VALUES (")
    expressions, end, after = rest.rpartition(");")
    if not (insert.startswith("INSERT INTO ") and end and after.strip() == "END" and ";" not in expressions):
        return None
    return f"{insert} SELECT {expressions} FROM devices AS new WHERE new.id > ?"


def _may_set_aside(definition: str) -> bool:
    columns = definition.partition("(")[2].strip()
    return not definition.upper().startswith("CREATE UNIQUE") and columns not in TRIGGERS_READ


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
    with closing(raw.cursor()) as cursor:
        changed = (_pg_change_status if postgresql else _sqlite_change_status)(cursor, current, step, rows)
    if changed != len(rows):
        raise StepRefused(f"{current} → {step}: {changed} of {len(rows)} devices changed")


def _pg_change_status(cursor, current: DeviceStatus, step: DeviceStatus, rows: list[tuple]) -> int:
    """COPY the rows into the step table (much cheaper than sending them as arrays), then one UPDATE joins them."""
    cursor.execute(f"TRUNCATE {PG_STEPS}")
    with cursor.copy(f"COPY {PG_STEPS} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    state = ", ".join(f"{name} = v.{name}" for name in DEVICE_STATE)
    cursor.execute(
        f"UPDATE devices AS d SET status = %s, status_changed_at = v.at, updated_at = v.at, {state} "
        f"FROM {PG_STEPS} AS v WHERE d.id = v.id AND d.status = %s", (step.value, current.value))
    return cursor.rowcount


def _sqlite_change_status(cursor, current: DeviceStatus, step: DeviceStatus, rows: list[tuple]) -> int:
    state = ", ".join(f"{name} = ?" for name in DEVICE_STATE)
    statement = f"UPDATE devices SET status = ?, status_changed_at = ?, updated_at = ?, {state} WHERE id = ? AND status = ?"
    cursor.executemany(statement, [(step.value, at, at, *rest, id_, current.value) for id_, at, *rest in rows])
    return cursor.rowcount


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

