"""Refurbishment checks: one row per inspection; the device takes over grade, OS and locks; refusals write nothing."""
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import ConditionGrade, DeviceStatus, EventKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError, apply_transition
from allemaaldigitaal.core.models import DeviceCheck, DeviceEvent, StorageMedium
from allemaaldigitaal.workshop.checks import record_check

from .conftest import findings


def count(model) -> int:
    from allemaaldigitaal.extensions import db
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_check_is_kept_with_who_and_when_and_copied_to_the_device(session, workshop, received):
    check = record_check(workshop, received, findings(condition_grade=ConditionGrade.A, drive_serials=("s3z1nx0k",)))
    assert check.checked_by_id == workshop.id and check.organisation_id == workshop.organisation_id
    assert check.checked_at is not None
    assert (received.condition_grade, received.os_installed, received.account_locks_cleared) == (
        ConditionGrade.A, "Linux Mint", True)
    event = received.events[-1]
    assert event.kind == EventKind.CHECK_RECORDED and event.deltas["condition_grade"] == "A"
    medium = session.scalar(select(StorageMedium).where(StorageMedium.device_id == received.id))
    assert medium.serial == "S3Z1NX0K"


def test_a_later_check_replaces_the_devices_findings_and_both_are_kept(session, workshop, received):
    record_check(workshop, received, findings())
    record_check(workshop, received, findings(condition_grade=ConditionGrade.C, locks_not_applicable=False))
    assert received.condition_grade == ConditionGrade.C and received.account_locks_cleared is False
    assert session.scalar(select(func.count()).where(DeviceCheck.device_id == received.id)) == 2


@pytest.mark.parametrize("locks, cleared", [
    ({}, False),
    ({"locks_not_applicable": True}, True),
    ({"activation_lock_cleared": True}, True),
    ({"google_frp_cleared": True, "chromebook_enrolment_cleared": True}, True),
])
def test_locks_count_as_cleared_only_when_ticked_or_not_applicable(session, workshop, received, locks, cleared):
    record_check(workshop, received, findings(**{"locks_not_applicable": False, **locks}))
    assert received.account_locks_cleared is cleared


@pytest.mark.parametrize("status", [DeviceStatus.PLEDGED, DeviceStatus.ALLOCATED, DeviceStatus.HANDED_OUT,
                                    DeviceStatus.RECYCLED])
def test_a_device_outside_the_workshop_is_refused(session, make, workshop, status):
    device = make.device(status)
    events = count(DeviceEvent)
    with pytest.raises(LifecycleError) as refused:
        record_check(workshop, device, findings())
    assert refused.value.code == "not_in_workshop"
    assert count(DeviceCheck) == 0 and count(DeviceEvent) == events


@pytest.mark.parametrize("changes, field", [
    ({"battery_health_pct": 101}, "battery_health_pct"),
    ({"battery_health_pct": -1}, "battery_health_pct"),
    ({"locks_not_applicable": True, "google_frp_cleared": True}, "locks"),
    ({"screen_note": "x" * 201}, "screen_note"),
    ({"condition_grade": "D"}, "condition_grade"),
    ({"drive_serials": tuple(f"S{n}" for n in range(9))}, "drive_serials"),
])
def test_bad_findings_are_refused_by_field(session, workshop, received, changes, field):
    with pytest.raises(DomainError) as refused:
        record_check(workshop, received, findings(**changes))
    assert refused.value.field == field
    assert count(DeviceCheck) == 0


def test_a_drive_of_another_device_is_refused(session, make, workshop, received):
    other = make.device(DeviceStatus.RECEIVED)
    record_check(workshop, other, findings(drive_serials=("WD-123",)))
    with pytest.raises(DomainError) as refused:
        record_check(workshop, received, findings(drive_serials=("wd-123",)))
    assert refused.value.field == "drive_serials"


def test_locks_not_cleared_keep_the_device_out_of_ready(session, make, workshop, received):
    make.wipe(received)
    apply_transition(received, DeviceStatus.WIPED, actor=workshop)
    record_check(workshop, received, findings(locks_not_applicable=False))
    with pytest.raises(LifecycleError) as refused:
        apply_transition(received, DeviceStatus.READY, actor=workshop)
    assert refused.value.code == "account_locks"
    record_check(workshop, received, findings(activation_lock_cleared=True, locks_not_applicable=False))
    apply_transition(received, DeviceStatus.READY, actor=workshop)
    assert received.status == DeviceStatus.READY


def test_a_ready_device_cannot_get_a_check_that_says_its_locks_are_on(session, make, workshop):
    device = make.device(DeviceStatus.READY)
    with pytest.raises(LifecycleError) as refused:
        record_check(workshop, device, findings(locks_not_applicable=False))
    assert refused.value.code == "account_locks" and device.account_locks_cleared is True
