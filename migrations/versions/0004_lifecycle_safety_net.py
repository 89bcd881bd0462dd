"""safety net follows the lifecycle: transitions, wipes since the last intake, no replace or truncate

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:00:00

"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

APPEND_ONLY = ('device_events', 'wipe_records')
#: a frozen copy of core.lifecycle.TRANSITIONS; a test keeps the two equal
TRANSITIONS = {
    'pledged': ('received', 'cancelled'),
    'received': ('wiped', 'recycled', 'lost'),
    'wiped': ('ready', 'recycled', 'lost'),
    'ready': ('allocated', 'recycled', 'lost'),
    'allocated': ('delivered', 'ready', 'lost'),
    'delivered': ('handed_out', 'returned', 'lost'),
    'handed_out': ('returned',),
    'returned': ('wiped', 'recycled', 'lost'),
    'recycled': (),
    'cancelled': (),
    'lost': ('received',),
}
INTAKE = "('received', 'returned')"
WIPE_PROVEN = "('ready', 'allocated', 'delivered', 'handed_out')"

ALLOWED_PAIRS = ', '.join(f"('{before}', '{after}')" for before, afters in TRANSITIONS.items() for after in afters)
FOLLOWS_THE_TABLE = f"(OLD.status, NEW.status) IN (VALUES {ALLOWED_PAIRS})"
#: the status the history last recorded; a new device's creation event may still be on its way
HISTORY_STATUS = """COALESCE((SELECT e.to_status FROM device_events e
    WHERE e.device_id = NEW.id AND e.to_status IS NOT NULL ORDER BY e.id DESC LIMIT 1), 'pledged')"""
MATCHES_THE_HISTORY = f"{HISTORY_STATUS} = OLD.status"
LAST_INTAKE_AT = f"""(SELECT e.created_at FROM device_events e
    WHERE e.device_id = NEW.id AND e.to_status IN {INTAKE} ORDER BY e.id DESC LIMIT 1)"""


def _latest_wipes(passed: str) -> str:
    """Each medium's latest wipe record (by finished_at, id) since the last intake, when it passed or failed."""
    return f"""SELECT 1 FROM wipe_records w
    WHERE w.device_id = NEW.id AND w.passed = {passed} AND w.started_at >= {LAST_INTAKE_AT}
    AND NOT EXISTS (SELECT 1 FROM wipe_records later
        WHERE later.device_id = NEW.id AND later.medium_serial = w.medium_serial
        AND later.started_at >= {LAST_INTAKE_AT}
        AND (later.finished_at > w.finished_at OR (later.finished_at = w.finished_at AND later.id > w.id)))"""


EVERY_MEDIUM_WIPED = (
    f"NOT EXISTS ({_latest_wipes('FALSE')})"
    f" AND (SELECT COUNT(*) FROM ({_latest_wipes('TRUE')}) latest) >= NEW.storage_media_count"
)

NOT_PLEDGED = 'a new device starts as pledged'
REPLACED = 'a device is never replaced: update it'
NOT_IN_TABLE = 'this status change is not in the lifecycle table'
NOT_IN_HISTORY = 'the device history does not show its current status: record every status change'
NOT_WIPED = 'a device needs a passed wipe record for every storage medium since its last intake before it is ready'

SQLITE_SAFETY_NET = [
    'DROP TRIGGER devices_wipe_before_issue_insert',
    'DROP TRIGGER devices_wipe_before_issue_update',
    *(
        f"""CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table}
        WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"""
        for table in APPEND_ONLY
    ),
    f"""CREATE TRIGGER devices_no_replace BEFORE INSERT ON devices
    WHEN EXISTS (SELECT 1 FROM devices WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, '{REPLACED}'); END""",
    f"""CREATE TRIGGER devices_start_pledged BEFORE INSERT ON devices
    WHEN NEW.status != 'pledged'
    BEGIN SELECT RAISE(ABORT, '{NOT_PLEDGED}'); END""",
    f"""CREATE TRIGGER devices_follow_lifecycle BEFORE UPDATE OF status ON devices
    BEGIN
      SELECT RAISE(ABORT, '{NOT_IN_TABLE}') WHERE NEW.status != OLD.status AND NOT {FOLLOWS_THE_TABLE};
      SELECT RAISE(ABORT, '{NOT_IN_HISTORY}') WHERE NEW.status != OLD.status AND NOT {MATCHES_THE_HISTORY};
      SELECT RAISE(ABORT, '{NOT_WIPED}') WHERE NEW.status IN {WIPE_PROVEN} AND NOT ({EVERY_MEDIUM_WIPED});
    END""",
]
POSTGRESQL_SAFETY_NET = [
    'DROP TRIGGER devices_require_passed_wipe ON devices',
    'DROP FUNCTION require_passed_wipe()',
    *(
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()"""
        for table in APPEND_ONLY
    ),
    f"""CREATE FUNCTION follow_lifecycle() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.status != 'pledged' THEN RAISE EXCEPTION '{NOT_PLEDGED}'; END IF;
        RETURN NEW;
      END IF;
      IF NEW.status != OLD.status AND NOT {FOLLOWS_THE_TABLE} THEN
        RAISE EXCEPTION '{NOT_IN_TABLE}';
      END IF;
      IF NEW.status != OLD.status AND NOT {MATCHES_THE_HISTORY} THEN
        RAISE EXCEPTION '{NOT_IN_HISTORY}';
      END IF;
      IF NEW.status IN {WIPE_PROVEN} AND NOT ({EVERY_MEDIUM_WIPED}) THEN
        RAISE EXCEPTION '{NOT_WIPED}';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER devices_follow_lifecycle BEFORE INSERT OR UPDATE OF status ON devices
    FOR EACH ROW EXECUTE FUNCTION follow_lifecycle()""",
]

#: the safety net of 0001 (as 0003 left it), put back on downgrade
OLD_NO_PASSED_WIPE = "NOT EXISTS (SELECT 1 FROM wipe_records w WHERE w.device_id = NEW.id AND w.passed = TRUE)"
SQLITE_OLD_SAFETY_NET = [
    *(f'DROP TRIGGER {table}_no_replace' for table in (*APPEND_ONLY, 'devices')),
    'DROP TRIGGER devices_start_pledged',
    'DROP TRIGGER devices_follow_lifecycle',
    f"""CREATE TRIGGER devices_wipe_before_issue_insert BEFORE INSERT ON devices
    WHEN NEW.status IN {WIPE_PROVEN}
    BEGIN SELECT RAISE(ABORT, 'a device needs a passed wipe record before it is ready'); END""",
    f"""CREATE TRIGGER devices_wipe_before_issue_update BEFORE UPDATE OF status ON devices
    WHEN NEW.status IN {WIPE_PROVEN} AND {OLD_NO_PASSED_WIPE}
    BEGIN SELECT RAISE(ABORT, 'a device needs a passed wipe record before it is ready'); END""",
]
POSTGRESQL_OLD_SAFETY_NET = [
    *(f'DROP TRIGGER {table}_no_truncate ON {table}' for table in APPEND_ONLY),
    'DROP TRIGGER devices_follow_lifecycle ON devices',
    'DROP FUNCTION follow_lifecycle()',
    f"""CREATE FUNCTION require_passed_wipe() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status IN {WIPE_PROVEN} AND {OLD_NO_PASSED_WIPE} THEN
        RAISE EXCEPTION 'a device needs a passed wipe record before it is ready';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER devices_require_passed_wipe BEFORE INSERT OR UPDATE OF status ON devices
    FOR EACH ROW EXECUTE FUNCTION require_passed_wipe()""",
]


def _run(statements_by_dialect):
    for statement in statements_by_dialect[op.get_bind().dialect.name]:
        op.execute(statement)


def upgrade():
    _run({'sqlite': SQLITE_SAFETY_NET, 'postgresql': POSTGRESQL_SAFETY_NET})


def downgrade():
    _run({'sqlite': SQLITE_OLD_SAFETY_NET, 'postgresql': POSTGRESQL_OLD_SAFETY_NET})
