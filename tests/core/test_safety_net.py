"""The database refuses, even to raw SQL, what the lifecycle refuses: steps outside the table, an issued
status without a passed wipe of every medium since the last intake, and any rewrite of the history."""
import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import bindparam, text
from sqlalchemy.exc import DBAPIError

from allemaaldigitaal.core.enums import (
    DeviceStatus as S,
    OrganisationKind as K,
    StorageType,
    WipeLevel,
    WipeTechnique,
    WipeVerification,
)
from allemaaldigitaal.core.lifecycle import REVERSALS, TRANSITIONS, LifecycleError, apply_transition
from allemaaldigitaal.core.models import WipeRecord
from allemaaldigitaal.core.models.types import UTCDateTime, utcnow
from allemaaldigitaal.extensions import db

MIGRATION = next((Path(__file__).parents[2] / "migrations" / "versions").glob("0004_*.py"))
REVERSALS_MIGRATION = next((Path(__file__).parents[2] / "migrations" / "versions").glob("0012_*.py"))
#: migrations that add steps to the frozen table of 0004, each with its ADDED pairs
ADDED_STEPS_MIGRATIONS = sorted((Path(__file__).parents[2] / "migrations" / "versions").glob("0017_*.py"))
NOT_IN_TABLE = "not in the lifecycle table"
NOT_IN_HISTORY = "history does not show its current status"
NOT_WIPED = "passed wipe record"
RECORD_STATUS_CHANGE = text(
    "INSERT INTO device_events (device_id, kind, from_status, to_status, created_at)"
    " VALUES (:device, 'status_changed', :before, :after, :at)"
).bindparams(bindparam("at", type_=UTCDateTime()))
INSERT_DEVICE = text(
    "INSERT INTO devices (asset_tag, donation_id, kind, storage_media_count, account_locks_cleared,"
    " status, created_at, updated_at, status_changed_at)"
    " VALUES (:tag, :donation, 'laptop', 1, TRUE, :status, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
EVENT_COLUMNS = "id, device_id, kind, from_status, to_status, deltas, actor_id, organisation_id, created_at"
WIPE_COLUMNS = (
    "id, device_id, medium_type, medium_serial, level, technique, tool, verification, started_at, finished_at,"
    " created_at"
)
#: statements that would write a new row over an existing one, by table and dialect
REWRITES = {
    ("device_events", "sqlite"): [
        f"INSERT OR REPLACE INTO device_events ({EVENT_COLUMNS}, note) SELECT {EVENT_COLUMNS}, 'rewritten'"
        " FROM device_events WHERE id = :id",
        f"REPLACE INTO device_events ({EVENT_COLUMNS}, note) SELECT {EVENT_COLUMNS}, 'rewritten'"
        " FROM device_events WHERE id = :id",
    ],
    ("wipe_records", "sqlite"): [
        f"INSERT OR REPLACE INTO wipe_records ({WIPE_COLUMNS}, passed) SELECT {WIPE_COLUMNS}, TRUE"
        " FROM wipe_records WHERE id = :id",
        f"REPLACE INTO wipe_records ({WIPE_COLUMNS}, passed) SELECT {WIPE_COLUMNS}, TRUE"
        " FROM wipe_records WHERE id = :id",
    ],
    ("device_events", "postgresql"): [
        f"INSERT INTO device_events ({EVENT_COLUMNS}) SELECT {EVENT_COLUMNS} FROM device_events WHERE id = :id"
        " ON CONFLICT (id) DO UPDATE SET note = 'rewritten'",
    ],
    ("wipe_records", "postgresql"): [
        f"INSERT INTO wipe_records ({WIPE_COLUMNS}, passed) SELECT {WIPE_COLUMNS}, FALSE"
        " FROM wipe_records WHERE id = :id ON CONFLICT (id) DO UPDATE SET passed = TRUE",
    ],
}


def dialect() -> str:
    return db.session.get_bind().dialect.name


def attempt(session, statement, **params) -> str | None:
    """Runs the statement in a savepoint that is always rolled back: None when it ran, else the refusal."""
    nested = session.begin_nested()
    try:
        session.execute(text(statement) if isinstance(statement, str) else statement, params)
    except DBAPIError as error:
        return str(error.orig)
    finally:
        nested.rollback()
    return None


def refused(session, statement, message: str, **params) -> None:
    refusal = attempt(session, statement, **params)
    assert refusal is not None, "the database accepted it"
    assert message in refusal


def status_of(session, device) -> str:
    return session.execute(text("SELECT status FROM devices WHERE id = :id"), {"id": device.id}).scalar_one()


def move(session, device, after: str, *, record: bool = True) -> None:
    """Raw SQL sets the status and, unless told not to, writes the step in the history as the lifecycle does."""
    before = status_of(session, device)
    session.execute(text("UPDATE devices SET status = :after WHERE id = :id"), {"after": after, "id": device.id})
    if record:
        session.execute(RECORD_STATUS_CHANGE, {"device": device.id, "before": before, "after": after, "at": utcnow()})


def wipe(session, device, serial: str, passed: bool = True, *, started=None, minutes: int = 1) -> None:
    """A wipe record written straight into the table, as raw SQL could."""
    started = started or utcnow()
    session.add(WipeRecord(
        device_id=device.id, medium_type=StorageType.SSD, medium_serial=serial, level=WipeLevel.PURGE,
        technique=WipeTechnique.BLOCK_ERASE, tool="nwipe", verification=WipeVerification.FULL, passed=passed,
        started_at=started, finished_at=started + timedelta(minutes=minutes),
    ))
    session.flush()


def intake_at(session, device):
    return session.execute(text(
        "SELECT created_at FROM device_events WHERE device_id = :id AND to_status IN ('received', 'returned')"
        " ORDER BY id DESC LIMIT 1"
    ).columns(created_at=UTCDateTime()), {"id": device.id}).scalar_one()


# the history cannot be rewritten


@pytest.mark.parametrize("table", ["device_events", "wipe_records"])
def test_a_replacing_insert_cannot_rewrite_the_history(make, session, table):
    device = make.device(S.RECEIVED)
    make.wipe(device, passed=False)
    row_id = session.execute(text(f"SELECT max(id) FROM {table} WHERE device_id = :id"), {"id": device.id}).scalar()
    before = session.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id}).one()
    for statement in REWRITES[table, dialect()]:
        refused(session, statement, "append-only", id=row_id)
    assert session.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id}).one() == before


def test_a_new_event_or_wipe_record_is_still_appended(make, session):
    device = make.device(S.RECEIVED)
    make.wipe(device, passed=False)
    make.wipe(device)
    assert len(device.wipe_records) == 2


@pytest.mark.parametrize("statement", [
    "TRUNCATE device_events", "TRUNCATE wipe_records", "TRUNCATE devices CASCADE", "TRUNCATE organisations CASCADE",
])
def test_truncate_cannot_empty_the_history(make, session, statement):
    if dialect() != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE is refused by the append-only triggers")
    make.wipe(make.device(S.RECEIVED))
    counts = "SELECT (SELECT count(*) FROM device_events), (SELECT count(*) FROM wipe_records)"
    before = session.execute(text(counts)).one()
    refused(session, statement, "is append-only")
    assert session.execute(text(counts)).one() == before


def test_a_device_is_never_replaced_behind_its_history(make, session):
    if dialect() != "sqlite":
        pytest.skip("only SQLite has REPLACE; an upsert on PostgreSQL is an UPDATE and meets the lifecycle rules")
    device = make.device(S.HANDED_OUT)
    refused(
        session,
        "REPLACE INTO devices (id, asset_tag, donation_id, kind, storage_media_count, account_locks_cleared, status,"
        " created_at, updated_at, status_changed_at) SELECT id, asset_tag, donation_id, kind, storage_media_count,"
        " account_locks_cleared, 'pledged', created_at, updated_at, status_changed_at FROM devices WHERE id = :id",
        "never replaced", id=device.id,
    )
    assert status_of(session, device) == "handed_out"


# a new device is pledged


@pytest.mark.parametrize("status", [status for status in S if status != S.PLEDGED])
def test_a_device_cannot_be_inserted_in_any_status_but_pledged(make, session, status):
    donation = make.device().donation_id
    refused(session, INSERT_DEVICE, "starts as pledged", tag="RAW1", donation=donation, status=status.value)
    assert attempt(session, INSERT_DEVICE, tag="RAW2", donation=donation, status="pledged") is None


# only the steps of the table


def load_migration(path: Path):
    spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


def as_values(table) -> dict[str, set[str]]:
    return {before.value: {after.value for after in afters} for before, afters in table.items()}


def test_the_migration_knows_the_transitions_of_the_lifecycle():
    """The migration holds its own frozen copy of the table; the two must not drift apart."""
    frozen = {before: set(afters) for before, afters in load_migration(MIGRATION).TRANSITIONS.items()}
    for path in ADDED_STEPS_MIGRATIONS:
        for before, afters in load_migration(path).ADDED.items():
            frozen[before] |= set(afters)
    assert frozen == as_values(TRANSITIONS)


def test_the_reversals_migration_knows_the_reversals_of_the_lifecycle():
    migration = load_migration(REVERSALS_MIGRATION)
    assert {step: set(backs) for step, backs in migration.REVERSALS.items()} == as_values(REVERSALS)


@pytest.mark.parametrize("start", list(S))
def test_raw_sql_moves_a_device_only_along_the_table(make, session, start):
    """From a device the lifecycle brought to each status, raw SQL can take exactly the steps of the table."""
    device = make.device(start)
    outcomes = {
        after.value: attempt(session, "UPDATE devices SET status = :after WHERE id = :id", after=after.value, id=device.id)
        for after in S if after != start
    }
    assert {after for after, refusal in outcomes.items() if refusal is None} >= {after.value for after in TRANSITIONS[start]}
    # a step back (the undo of a step just taken) passes the table; into an issued status it still needs the wipes
    passes_the_table = {after for after, refusal in outcomes.items() if refusal is None or NOT_WIPED in refusal}
    assert passes_the_table == {after.value for after in TRANSITIONS[start] | REVERSALS.get(start, frozenset())}
    assert all(NOT_IN_TABLE in refusal for after, refusal in outcomes.items() if after not in passes_the_table)
    assert status_of(session, device) == start.value


def test_one_fake_wipe_row_does_not_take_a_pledged_device_to_handed_out(make, session):
    device = make.device(S.PLEDGED)
    wipe(session, device, f"{device.serial_number}-M1")
    refused(session, "UPDATE devices SET status = 'handed_out' WHERE id = :id", NOT_IN_TABLE, id=device.id)
    move(session, device, "received")
    move(session, device, "wiped")
    refused(session, "UPDATE devices SET status = 'ready' WHERE id = :id", NOT_WIPED, id=device.id)
    assert status_of(session, device) == "wiped"


def test_a_status_change_the_history_does_not_show_blocks_the_next_one(make, session):
    """Raw SQL that skips the history cannot bring back the wipes of before a return without it showing."""
    device = make.device(S.HANDED_OUT)
    move(session, device, "returned", record=False)
    refused(session, "UPDATE devices SET status = 'wiped' WHERE id = :id", NOT_IN_HISTORY, id=device.id)
    session.execute(RECORD_STATUS_CHANGE, {"device": device.id, "before": "handed_out", "after": "returned",
                                           "at": utcnow()})
    move(session, device, "wiped")
    refused(session, "UPDATE devices SET status = 'ready' WHERE id = :id", NOT_WIPED, id=device.id)


def test_raw_sql_may_report_a_handed_out_device_lost_but_not_bring_it_back_to_a_person(make, session):
    device = make.device(S.HANDED_OUT)
    move(session, device, "lost")
    refused(session, "UPDATE devices SET status = 'handed_out' WHERE id = :id", NOT_IN_TABLE, id=device.id)
    assert status_of(session, device) == "lost"


# an issued status needs a passed wipe of every medium since the last intake


def test_a_returned_device_cannot_be_made_ready_before_it_is_wiped_again(make, session):
    device = make.device(S.RETURNED)
    refused(session, "UPDATE devices SET status = 'ready' WHERE id = :id", NOT_IN_TABLE, id=device.id)
    move(session, device, "wiped")
    refused(session, "UPDATE devices SET status = 'ready' WHERE id = :id", NOT_WIPED, id=device.id)
    wipe(session, device, f"{device.serial_number}-M1")
    move(session, device, "ready")
    assert status_of(session, device) == "ready"


def test_a_wipe_from_before_the_last_intake_does_not_count(make, session):
    device = make.device(S.RECEIVED)
    wipe(session, device, "M1", started=intake_at(session, device) - timedelta(seconds=1))
    move(session, device, "wiped")
    refused(session, "UPDATE devices SET status = 'ready' WHERE id = :id", NOT_WIPED, id=device.id)


def test_every_medium_needs_its_latest_wipe_passed(make, session):
    device = make.device(S.RECEIVED, storage_media_count=2)
    move(session, device, "wiped")
    wipe(session, device, "M1")
    refused(session, "UPDATE devices SET status = 'ready' WHERE id = :id", NOT_WIPED, id=device.id)
    wipe(session, device, "M2")
    wipe(session, device, "M1", passed=False, started=utcnow() + timedelta(minutes=5))
    refused(session, "UPDATE devices SET status = 'ready' WHERE id = :id", NOT_WIPED, id=device.id)
    wipe(session, device, "M1", started=utcnow() + timedelta(minutes=10))
    move(session, device, "ready")
    assert status_of(session, device) == "ready"


def test_raw_sql_can_still_issue_a_device_the_lifecycle_wiped(make, session):
    device = make.device(S.WIPED)
    move(session, device, "ready")
    move(session, device, "allocated")
    assert status_of(session, device) == "allocated"


def test_the_lifecycle_writes_each_step_so_the_database_sees_one_step_at_a_time(make, session):
    """Steps taken one after another without the caller flushing still reach the database one by one."""
    device = make.device(S.READY)
    device.claim = make.cast().claims[0]
    for step in (S.ALLOCATED, S.DELIVERED, S.RETURNED):
        apply_transition(device, step, actor=None)
    statuses = session.execute(text(
        "SELECT from_status, to_status FROM device_events WHERE device_id = :id AND kind = 'status_changed'"
        " ORDER BY id DESC LIMIT 3"
    ), {"id": device.id}).all()
    assert [tuple(row) for row in reversed(statuses)] == [
        ("ready", "allocated"), ("allocated", "delivered"), ("delivered", "returned"),
    ]
    assert status_of(session, device) == "returned"


@pytest.fixture
def cast(make):
    """The people a device needs, made once, outside the savepoints of the examples."""
    make.cast()
    make.one(K.DONOR)
    make.one(K.REFURBISHER)
    return make


WIPES = st.lists(
    st.tuples(
        st.integers(0, 2),  # which medium; the device has one or two
        st.booleans(),  # passed
        st.integers(-30, 30),  # minutes from the intake to the start
        st.integers(0, 3),  # minutes it took
    ),
    max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(media=st.integers(1, 2), wipes=WIPES)
def test_the_database_and_the_lifecycle_agree_on_a_wiped_device(cast, session, media, wipes):
    """Whatever wipes were recorded, raw SQL may make a device ready exactly when the lifecycle calls it wiped."""
    example = session.begin_nested()
    try:
        device = cast.device(S.RECEIVED, storage_media_count=media)
        intake = intake_at(session, device)
        for medium, passed, start, minutes in wipes:
            wipe(session, device, f"M{medium}", passed, started=intake + timedelta(minutes=start), minutes=minutes)
        attempted = session.begin_nested()
        try:
            apply_transition(device, S.WIPED, actor=None)
            lifecycle_agrees = True
        except LifecycleError:
            lifecycle_agrees = False
        attempted.rollback()
        move(session, device, "wiped")
        refusal = attempt(session, "UPDATE devices SET status = 'ready' WHERE id = :id", id=device.id)
        assert (refusal is None) == lifecycle_agrees, refusal
    finally:
        example.rollback()


# the downgrade puts back what was there


def safety_net() -> set[tuple]:
    """Every trigger, with the functions behind them on PostgreSQL."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            return set(connection.execute(text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")))
        triggers = connection.execute(text(
            "SELECT t.tgname, t.tgenabled, pg_get_triggerdef(t.oid) FROM pg_trigger t"
            " JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
        ))
        functions = connection.execute(text(
            "SELECT proname, '', prosrc FROM pg_proc WHERE pronamespace = current_schema()::regnamespace"
        ))
        return set(triggers) | set(functions)


def test_the_downgrade_puts_back_the_safety_net_of_before(empty_app):
    upgrade(revision="0003")
    before = safety_net()
    upgrade(revision="0004")
    assert safety_net() != before
    downgrade(revision="0003")
    assert safety_net() == before
    upgrade()


def test_the_downgrade_of_lost_after_handout_puts_back_the_table_of_before(empty_app):
    upgrade(revision="0016")
    before = safety_net()
    upgrade(revision="0017")
    assert safety_net() != before
    assert any("('handed_out', 'lost')" in source for _name, _on, source in safety_net() - before)
    downgrade(revision="0016")
    assert safety_net() == before
    upgrade()


def test_the_wipes_are_checked_when_a_device_enters_the_issued_statuses_not_at_each_step_between_them(make, session):
    """ready needs the proof; allocated, delivered and handed_out can only be reached through ready, so the steps
    between them do not read the wipes again (a failed wipe written later does not block allocating)."""
    device = make.device(S.READY)
    wipe(session, device, f"{device.serial_number}-M1", passed=False, started=utcnow() + timedelta(minutes=5))
    move(session, device, "allocated")
    move(session, device, "ready")
    move(session, device, "wiped")
    refused(session, "UPDATE devices SET status = 'ready' WHERE id = :id", NOT_WIPED, id=device.id)
