"""What a row of input may set on a device or donation: the fields of a typed dataclass, nothing else."""
from dataclasses import fields

import pytest
from sqlalchemy import inspect

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models import Device, Donation
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import PickupDetails, create_donation

#: set by the lifecycle, the tag generator, the workshop or the care journey; never by a donor's row
DEVICE_RULED_ELSEWHERE = {
    "id", "asset_tag", "donation_id", "status", "custodian_id", "claim_id", "handout_id", "account_locks_cleared",
    "condition_grade", "created_at", "updated_at", "status_changed_at",
}
DONATION_RULED_ELSEWHERE = {
    "id", "reference", "donor_id", "refurbisher_id", "created_by_id", "created_at", "cancelled_at", "collected_at", "closed_at",
}


def column_names(model) -> set[str]:
    return {column.name for column in inspect(model).columns}


@pytest.mark.parametrize(("spec", "model", "ruled_elsewhere"), [
    (DeviceSpecs, Device, DEVICE_RULED_ELSEWHERE),
    (PickupDetails, Donation, DONATION_RULED_ELSEWHERE),
])
def test_the_input_dataclass_holds_every_free_column_and_none_of_the_ruled_ones(spec, model, ruled_elsewhere):
    names = {field.name for field in fields(spec)}
    assert names == column_names(model) - ruled_elsewhere


@pytest.mark.parametrize("row", [{"_status": "ready"}, {"status": "handed_out"}, {"asset_tag": "AAAAAAAAA"},
                                 {"custodian_id": 1}])
def test_a_row_cannot_set_status_tag_or_custody(row):
    with pytest.raises(TypeError):
        DeviceSpecs(**row)


def test_add_device_stores_the_specs_and_starts_pledged(make, session):
    donor = make.one(K.DONOR)
    donation = create_donation(donor.organisation, donor, PickupDetails(pickup_city="Zwolle"))
    device = add_device(donation, donor, DeviceSpecs(kind=DeviceKind.TABLET, brand="Apple", storage_media_count=2))
    session.flush()
    assert (device.kind, device.brand, device.storage_media_count, device.status) == (
        DeviceKind.TABLET, "Apple", 2, S.PLEDGED
    )
    assert donation.pickup_city == "Zwolle"
