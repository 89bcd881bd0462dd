"""Two people scan the same device at the same moment: exactly one step is taken and one event written.

apply_transition changes the status with UPDATE … WHERE status = <the status it checked>; a step whose device
changed in the meantime is refused ("changed_meanwhile") and writes nothing. The threads work on a database file
(or PostgreSQL schema) of their own, each in its own app context and session, and really commit.
"""
import threading

import pytest
from sqlalchemy import bindparam, func, select, text

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import LifecycleError, apply_transition
from allemaaldigitaal.core.models import Device, DeviceEvent, User
from allemaaldigitaal.core.models.types import UTCDateTime, utcnow
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.devices.transitions import take_step
from allemaaldigitaal.extensions import db
from allemaaldigitaal.workshop.scans import scan

from ..conftest import app_builder, migrated_database
from ..factories import Factories

PEOPLE = 2


@pytest.fixture(scope="module")
def race_url(fresh_database):
    return migrated_database(fresh_database, "race")


def a_pledged_device(application) -> tuple[int, list[int]]:
    """A new pledged device and two people of its workshop, committed."""
    with application.app_context():
        make = Factories(db.session)
        device = make.device(S.PLEDGED)
        workshop = make.one(K.REFURBISHER)
        colleague = make.user(K.REFURBISHER, organisation=workshop.organisation)
        db.session.commit()
        return device.id, [workshop.id, colleague.id]


def race(application, device_id: int, people: list[int], step) -> list[object]:
    """Each person runs step(user, device_id, barrier) in a thread of its own; returns what each ended with."""
    barrier = threading.Barrier(len(people), timeout=20)
    outcomes: list[object] = [None] * len(people)

    def run(index: int, user_id: int) -> None:
        with application.app_context():
            try:
                user = db.session.get(User, user_id)
                outcomes[index] = step(user, device_id, barrier)
            except Exception as error:  # noqa: BLE001 - the test looks at what each thread ended with
                outcomes[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(index, user_id)) for index, user_id in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def history(application, device_id: int) -> tuple[str, int]:
    with application.app_context():
        status = db.session.scalar(select(Device._status).where(Device.id == device_id))
        received = db.session.scalar(
            select(func.count()).where(DeviceEvent.device_id == device_id, DeviceEvent.to_status == S.RECEIVED)
        )
        return status, received


def scan_at_once(user, device_id, barrier):
    """Both meet, then each scans in its own transaction (on SQLite the second waits for the write lock)."""
    tag = db.session.get(Device, device_id).asset_tag
    db.session.commit()
    barrier.wait()
    return commit_or_rollback(lambda: scan(user, tag, "receive"))


def step_after_both_read(user, device_id, barrier):
    """Both read the device as pledged and pass every check, then both try to step."""
    def action():
        device = db.session.get(Device, device_id)
        assert device.status == S.PLEDGED
        barrier.wait()
        return take_step(user, device, S.RECEIVED)
    return commit_or_rollback(action)


def test_two_simultaneous_scans_take_one_step_and_write_one_event(race_url):
    with app_builder(race_url) as build:
        application = build()
        device_id, people = a_pledged_device(application)
        outcomes = race(application, device_id, people, scan_at_once)
        assert sorted(outcome.outcome for outcome in outcomes) == ["accepted", "refused"], outcomes
        loser = next(outcome for outcome in outcomes if not outcome.accepted)
        assert loser.code in ("changed_meanwhile", "not_allowed")
        assert history(application, device_id) == (S.RECEIVED, 1)


def test_when_both_read_before_either_writes_one_step_wins_and_the_other_is_told_it_changed(race_url):
    with app_builder(race_url) as build:
        application = build()
        with application.app_context():
            if db.engine.dialect.name == "sqlite":
                pytest.skip("SQLite lets one writer read at a time (BEGIN IMMEDIATE): both cannot read first")
        device_id, people = a_pledged_device(application)
        outcomes = race(application, device_id, people, step_after_both_read)
        events = [outcome for outcome in outcomes if isinstance(outcome, DeviceEvent)]
        refusals = [outcome for outcome in outcomes if isinstance(outcome, LifecycleError)]
        assert (len(events), [error.code for error in refusals]) == (1, ["changed_meanwhile"]), outcomes
        assert history(application, device_id) == (S.RECEIVED, 1)


def test_a_step_on_a_device_changed_behind_its_back_is_refused_and_writes_nothing(make, session):
    """The loaded device still says pledged; the database already has it received (as another request left it)."""
    device = make.device(S.PLEDGED)
    workshop = make.one(K.REFURBISHER)
    session.execute(text("UPDATE devices SET status = 'received' WHERE id = :id"), {"id": device.id})
    session.execute(
        text("INSERT INTO device_events (device_id, kind, from_status, to_status, created_at)"
             " VALUES (:id, 'status_changed', 'pledged', 'received', :at)").bindparams(bindparam("at", type_=UTCDateTime())),
        {"id": device.id, "at": utcnow()},
    )
    count = select(func.count()).where(DeviceEvent.device_id == device.id)
    before = session.scalar(count)
    assert device.status == S.PLEDGED
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, S.RECEIVED, actor=workshop, custodian=workshop.organisation)
    assert refused.value.code == "changed_meanwhile"
    assert "net veranderd" in str(refused.value.message)
    assert session.scalar(count) == before
