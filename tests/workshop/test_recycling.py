"""Recycling: the reason, how the storage was destroyed, a destroy-level record per medium, then recycled."""
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceStatus, WipeLevel, WipeTechnique
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError
from allemaaldigitaal.core.models import DeviceEvent, WipeRecord
from allemaaldigitaal.workshop.recycling import Destruction, recycle_device


def destruction(**changes) -> Destruction:
    values = {"reason": "Moederbord defect", "method": "shredded", "destroyed_by": "Shredbedrijf Noord",
                  "media_serials": ("s3z1", "WD-2")}
    values.update(changes)
    return Destruction(**values)


@pytest.mark.parametrize("status", [DeviceStatus.RECEIVED, DeviceStatus.WIPED, DeviceStatus.READY])
def test_a_device_is_recycled_with_a_destroy_record_per_medium(session, make, workshop, status):
    device = make.device(status)
    event = recycle_device(workshop, device, destruction())
    assert device.status == DeviceStatus.RECYCLED
    assert "Moederbord defect" in event.note and "Shredbedrijf Noord" in event.note
    destroyed = [r for r in device.wipe_records if r.level == WipeLevel.DESTROY]
    assert sorted(r.medium_serial for r in destroyed) == ["S3Z1", "WD-2"]
    assert all(r.technique == WipeTechnique.PHYSICAL_DESTRUCTION and r.passed for r in destroyed)


def test_without_serials_the_destruction_is_in_the_status_change(session, workshop, received):
    event = recycle_device(workshop, received, destruction(media_serials=(), method="drilled"))
    assert "doorgeboord" in event.note and received.status == DeviceStatus.RECYCLED


@pytest.mark.parametrize("changes, field", [
    ({"reason": " "}, "reason"), ({"method": "burnt"}, "method"), ({"destroyed_by": ""}, "destroyed_by"),
])
def test_missing_details_are_refused_and_nothing_changes(session, workshop, received, changes, field):
    with pytest.raises(DomainError) as refused:
        recycle_device(workshop, received, destruction(**changes))
    assert refused.value.field == field and received.status == DeviceStatus.RECEIVED


@pytest.mark.parametrize("status", [DeviceStatus.PLEDGED, DeviceStatus.ALLOCATED, DeviceStatus.HANDED_OUT])
def test_a_device_that_may_not_be_recycled_is_refused(session, make, workshop, status):
    device = make.device(status)
    events = session.scalar(select(func.count()).select_from(DeviceEvent))
    with pytest.raises(LifecycleError) as refused:
        recycle_device(workshop, device, destruction())
    assert refused.value.code == "not_allowed"
    assert session.scalar(select(func.count()).where(WipeRecord.device_id == device.id,
                                                     WipeRecord.level == WipeLevel.DESTROY)) == 0
    assert session.scalar(select(func.count()).select_from(DeviceEvent)) == events
