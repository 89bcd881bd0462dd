"""apply_transitions: many devices in one step, with the same checks, history and safety net as one at a time."""
import pytest
from sqlalchemy import func, select, update

from allemaaldigitaal.core.enums import DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import LifecycleError, apply_transitions
from allemaaldigitaal.core.models import Device, DeviceEvent


def wiped(make, locks_cleared: bool = True) -> Device:
    device = make.device(S.WIPED)
    device.account_locks_cleared = locks_cleared
    return device


def status_events(session, device) -> list[tuple]:
    return session.execute(
        select(DeviceEvent.from_status, DeviceEvent.to_status).where(
            DeviceEvent.device_id == device.id, DeviceEvent.kind == EventKind.STATUS_CHANGED
        ).order_by(DeviceEvent.id)
    ).all()


def test_every_device_moves_with_one_event_each(make, session):
    devices = [wiped(make) for _ in range(3)]
    apply_transitions(devices, S.READY, actor=make.one(K.REFURBISHER))
    session.flush()
    for device in devices:
        session.refresh(device)
        assert device.status == S.READY
        assert status_events(session, device)[-1] == (S.WIPED, S.READY)


def test_one_refused_device_stops_them_all(make, session):
    ready = wiped(make)
    locked = wiped(make, locks_cleared=False)
    before = session.scalar(select(func.count()).select_from(DeviceEvent))
    with pytest.raises(LifecycleError) as refused:
        apply_transitions([ready, locked], S.READY, actor=make.one(K.REFURBISHER))
    assert refused.value.code == "account_locks"
    assert session.scalar(select(func.count()).select_from(DeviceEvent)) == before
    assert ready.status == S.WIPED


def test_a_device_changed_behind_its_back_refuses_the_whole_step(make, session):
    devices = [wiped(make) for _ in range(2)]
    session.flush()
    # someone else's step, straight in the table (the loaded objects still say wiped)
    session.execute(update(Device.__table__).where(Device.__table__.c.id == devices[1].id).values(status="recycled"))
    with pytest.raises(LifecycleError) as refused:
        apply_transitions(devices, S.READY, actor=make.one(K.REFURBISHER))
    assert refused.value.code == "changed_meanwhile"


def test_devices_in_different_statuses_or_steps_with_effects_are_refused(make):
    with pytest.raises(ValueError):
        apply_transitions([make.device(S.WIPED), make.device(S.RECEIVED)], S.RECYCLED, actor=None, note="kapot")
    with pytest.raises(ValueError):
        apply_transitions([make.device(S.READY)], S.RECYCLED, actor=None, note="kapot")
