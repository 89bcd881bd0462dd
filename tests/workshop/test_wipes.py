"""Wipe records from the page and API service: one per medium, only in the workshop; a failed one keeps a device out of ready."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceStatus, StorageType, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError, apply_transition
from allemaaldigitaal.core.models import StorageMedium, WipeRecord
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.workshop.wipe_records import WipeDetails, record_device_wipe


def details(serial="S3Z1NX0K", passed=True, **changes) -> WipeDetails:
    now = utcnow()  # after the device came in: only wipes since then count
    values = {"medium_type": StorageType.SSD, "medium_serial": serial, "level": WipeLevel.PURGE,
                  "technique": WipeTechnique.BLOCK_ERASE, "tool": "hdparm", "verification": WipeVerification.FULL,
                  "passed": passed, "started_at": now, "finished_at": now,
                  "medium_capacity_gb": 256}
    values.update(changes)
    return WipeDetails(**values)


def test_a_wipe_is_recorded_and_its_medium_remembered(session, workshop, received):
    record = record_device_wipe(workshop, received, details(serial=" s3z1nx0k "))
    assert record.medium_serial == "S3Z1NX0K" and record.operator_id == workshop.id
    medium = session.scalar(select(StorageMedium).where(StorageMedium.serial == "S3Z1NX0K"))
    assert medium.device_id == received.id and medium.capacity_gb == 256
    apply_transition(received, DeviceStatus.WIPED, actor=workshop)


def test_a_failed_wipe_keeps_the_device_out_of_wiped_and_ready(session, workshop, received):
    received.account_locks_cleared = True
    record_device_wipe(workshop, received, details(passed=False))
    with pytest.raises(LifecycleError) as refused:
        apply_transition(received, DeviceStatus.WIPED, actor=workshop)
    assert refused.value.code == "wipe_failed"


def test_two_media_need_two_passed_wipes(session, make, workshop):
    device = make.device(DeviceStatus.RECEIVED, storage_media_count=2)
    record_device_wipe(workshop, device, details(serial="A1"))
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, DeviceStatus.WIPED, actor=workshop)
    assert refused.value.code == "wipe_missing"
    record_device_wipe(workshop, device, details(serial="B2"))
    apply_transition(device, DeviceStatus.WIPED, actor=workshop)


@pytest.mark.parametrize("status", [DeviceStatus.PLEDGED, DeviceStatus.READY, DeviceStatus.DELIVERED,
                                    DeviceStatus.RECYCLED])
def test_a_wipe_outside_the_workshop_is_refused(session, make, workshop, status):
    device = make.device(status)
    before = session.scalar(select(func.count()).select_from(WipeRecord))
    with pytest.raises(LifecycleError) as refused:
        record_device_wipe(workshop, device, details())
    assert refused.value.code == "not_in_workshop"
    assert session.scalar(select(func.count()).select_from(WipeRecord)) == before


@pytest.mark.parametrize("changes, field", [
    ({"tool": "  "}, "tool"),
    ({"medium_serial": ""}, "medium_serial"),
    ({"medium_capacity_gb": 0}, "medium_capacity_gb"),
    ({"level": "thorough"}, "level"),
    ({"finished_at": utcnow() + timedelta(hours=1)}, "finished_at"),
    ({"started_at": utcnow() - timedelta(minutes=1), "finished_at": utcnow() - timedelta(minutes=2)}, "finished_at"),
])
def test_bad_details_are_refused_by_field(session, workshop, received, changes, field):
    with pytest.raises(DomainError) as refused:
        record_device_wipe(workshop, received, details(**changes))
    assert refused.value.field == field


def test_a_drive_known_on_another_device_is_refused(session, make, workshop, received):
    other = make.device(DeviceStatus.RECEIVED)
    record_device_wipe(workshop, other, details(serial="WD-1"))
    with pytest.raises(DomainError) as refused:
        record_device_wipe(workshop, received, details(serial="wd-1"))
    assert refused.value.field == "medium_serial"
