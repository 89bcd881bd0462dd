"""Typed device history: every event has a kind, status events carry statuses, other events carry deltas."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from allemaaldigitaal.core.enums import STATUS_EVENTS, DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import apply_transition, last_intake_at, record_event
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.extensions import db

INSERT_EVENT = text(
    "INSERT INTO device_events (device_id, kind, from_status, to_status, created_at)"
    " VALUES (:device, :kind, :from_status, :to_status, CURRENT_TIMESTAMP)"
)


def kinds(device) -> list[EventKind]:
    return [event.kind for event in db.session.scalars(
        select(DeviceEvent).where(DeviceEvent.device_id == device.id).order_by(DeviceEvent.id)
    )]


def test_a_new_device_starts_with_a_created_event(make):
    device = make.device(S.PLEDGED)
    assert kinds(device) == [EventKind.CREATED]
    assert (device.events[0].from_status, device.events[0].to_status) == (None, S.PLEDGED)


def test_record_event_keeps_the_status_and_stores_kind_actor_and_deltas(make, session):
    device = make.device(S.RECEIVED)
    actor = make.one(K.REFURBISHER)
    event = record_event(device, EventKind.LABEL_PRINTED, actor=actor, deltas={"stock": "avery-l7651"}, note=" A4 ")
    session.flush()
    session.expire_all()
    stored = session.get(DeviceEvent, event.id)
    assert (stored.kind, stored.from_status, stored.to_status) == (EventKind.LABEL_PRINTED, None, None)
    assert stored.deltas == {"stock": "avery-l7651"}
    assert (stored.actor_id, stored.organisation_id, stored.note) == (actor.id, actor.organisation_id, "A4")
    assert device.status == S.RECEIVED


@pytest.mark.parametrize("kind", sorted(STATUS_EVENTS))
def test_record_event_refuses_the_kinds_only_the_lifecycle_writes(make, kind):
    with pytest.raises(ValueError):
        record_event(make.device(S.RECEIVED), kind, actor=None)


def test_a_status_change_that_moves_custody_records_both_custodians(make, session):
    device = make.device(S.PLEDGED)
    workshop = make.one(K.REFURBISHER).organisation
    event = apply_transition(device, S.RECEIVED, actor=None, custodian=workshop)
    assert event.kind == EventKind.STATUS_CHANGED
    assert event.deltas == {"custodian_id": [None, workshop.id]}
    again = apply_transition(device, S.RECYCLED, actor=None, note="kapot", custodian=workshop)
    assert again.deltas is None


def test_a_wipe_is_written_in_the_device_history(make, session):
    device = make.device(S.RECEIVED)
    record = make.wipe(device, medium_serial="SSD-1")
    session.expire(device, ["events"])
    assert device.events[-1].kind == EventKind.WIPE_RECORDED
    assert device.events[-1].deltas == {"medium_serial": "SSD-1", "level": record.level.value, "passed": True}


def test_only_status_events_mark_when_a_device_came_in(make, session):
    """Events of other kinds have no status, so a later wipe or scan never counts as an intake."""
    device = make.device(S.RETURNED)
    returned_at = device.events[-1].created_at
    make.wipe(device, medium_serial="SSD-NA-RETOUR")
    record_event(device, EventKind.SCANNED, actor=None)
    session.flush()
    session.expire(device, ["events"])
    assert [event.kind for event in device.events[-2:]] == [EventKind.WIPE_RECORDED, EventKind.SCANNED]
    assert device.events[-1].created_at > returned_at
    assert last_intake_at(device) == returned_at


@pytest.mark.parametrize(("kind", "from_status", "to_status"), [
    ("status_changed", "pledged", None),
    ("created", None, None),
    ("label_printed", None, "ready"),
    ("created", "received", "pledged"),
    ("teleported", None, None),
])
def test_the_database_refuses_events_whose_kind_and_statuses_disagree(make, session, kind, from_status, to_status):
    device = make.device(S.PLEDGED)
    with pytest.raises((IntegrityError, DBAPIError)), session.begin_nested():
        session.execute(INSERT_EVENT, {"device": device.id, "kind": kind, "from_status": from_status,
                                       "to_status": to_status})


def test_the_migration_gives_old_events_their_kind_and_keeps_the_history_append_only(empty_app):
    upgrade(revision="0002")
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisations (id, kind, name, active, is_demo, created_at)"
            " VALUES (1, 'donor', 'Oud', TRUE, FALSE, CURRENT_TIMESTAMP)"
        ))
        connection.execute(text(
            "INSERT INTO donations (id, reference, donor_id, created_at) VALUES (1, 'DON-OUD', 1, CURRENT_TIMESTAMP)"
        ))
        connection.execute(text(
            "INSERT INTO devices (id, asset_tag, donation_id, kind, storage_media_count, account_locks_cleared,"
            " status, created_at, updated_at, status_changed_at) VALUES (1, 'OUD000001', 1, 'laptop', 1, FALSE,"
            " 'received', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ))
        for from_status, to_status in ((None, "pledged"), ("pledged", "received")):
            connection.execute(text(
                "INSERT INTO device_events (device_id, from_status, to_status, created_at)"
                " VALUES (1, :f, :t, CURRENT_TIMESTAMP)"
            ), {"f": from_status, "t": to_status})
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT kind, from_status, to_status FROM device_events ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [("created", None, "pledged"), ("status_changed", "pledged", "received")]
        with pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text("UPDATE device_events SET note = 'x'"))
    downgrade(revision="0002")
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM device_events")).scalar_one() == 2
        with pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text("DELETE FROM device_events"))
