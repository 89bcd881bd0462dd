"""The one device filter: it narrows what access.scoped shows, never widens it."""
import pytest

from allemaaldigitaal.core.enums import DeviceStatus
from allemaaldigitaal.demo.services import bring_to
from allemaaldigitaal.devices.filters import DeviceFilter, device_by_tag, donation_choices, visible_donation


def ids(devices) -> set[int]:
    return {device.id for device in devices}


@pytest.mark.parametrize(("role", "sees"), [
    ("donor", {"ours"}), ("refurbisher", {"ours"}), ("coordinator", {"ours", "theirs"}), ("care", set()),
])
def test_the_empty_filter_shows_what_the_user_may_see(world, session, role, sees):
    user = world.user(role)
    expected = {device.id for name in sees for device in getattr(world, name).devices}
    assert ids(DeviceFilter().devices(user)) >= expected
    assert not ids(DeviceFilter().devices(user)) & ({d.id for d in world.theirs.devices} - expected)
    assert DeviceFilter().count(user) == len(DeviceFilter().devices(user))


def test_a_filter_on_another_organisations_donation_or_tag_shows_nothing(world, session):
    theirs = world.theirs
    assert DeviceFilter(donation=theirs.donation.reference).devices(world.ours.donor) == []
    assert DeviceFilter(tags=(theirs.devices[0].asset_tag,)).devices(world.ours.workshop) == []
    assert device_by_tag(world.ours.donor, theirs.devices[0].asset_tag) is None
    assert visible_donation(world.ours.donor, theirs.donation.reference) is None


def test_filters_by_donation_status_and_tags_combine(world, session, make):
    device = world.ours.devices[1]
    bring_to(device, DeviceStatus.RECEIVED, make.cast(), make.rng, world.ours.workshop)
    session.flush()
    coordinator = world.coordinator
    assert ids(DeviceFilter(donation=world.ours.donation.reference).devices(coordinator)) == ids(world.ours.devices)
    assert ids(DeviceFilter(status=DeviceStatus.RECEIVED, donation=world.ours.donation.reference).devices(coordinator)) == {
        device.id
    }
    tags = (world.ours.devices[0].asset_tag, world.theirs.devices[2].asset_tag)
    assert ids(DeviceFilter(tags=tags).devices(coordinator)) == {world.ours.devices[0].id, world.theirs.devices[2].id}
    assert DeviceFilter(tags=tags, status=DeviceStatus.RECEIVED).devices(coordinator) == []


def test_pages_of_devices_come_in_a_steady_order(world, session):
    coordinator = world.coordinator
    everything = DeviceFilter().devices(coordinator)
    assert everything == sorted(everything, key=lambda device: device.id)
    assert DeviceFilter().devices(coordinator, offset=1, limit=2) == everything[1:3]


def test_donation_choices_list_the_users_donations_with_their_device_counts(world, session):
    assert donation_choices(world.ours.donor) == [(world.ours.donation, 3)]
    assert donation_choices(world.care) == []
    assert {(donation.id, count) for donation, count in donation_choices(world.coordinator)} >= {
        (world.ours.donation.id, 3), (world.theirs.donation.id, 3)
    }
