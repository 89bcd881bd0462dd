"""Allocating devices to a claim by tag or automatically, releasing them, and every refusal on the way."""
import pytest
from sqlalchemy import select

from allemaaldigitaal.care.allocation import allocate_auto, allocate_tags, allocated_counts, release_allocation
from allemaaldigitaal.care.claims import reject_claim, withdraw_claim
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.core.transaction import commit_or_rollback

LAPTOP, TABLET = DeviceKind.LAPTOP, DeviceKind.TABLET


def last_event(session, device):
    return session.scalar(select(DeviceEvent).where(DeviceEvent.device_id == device.id).order_by(DeviceEvent.id.desc()))


def test_devices_allocated_by_tag_move_to_allocated_with_an_event(world, session):
    claim = world.claim(2, 1)
    laptop, tablet = world.device(kind=LAPTOP), world.device(kind=TABLET)
    allocated = allocate_tags(claim, world.coordinator, [format_tag(laptop.asset_tag), tablet.asset_tag.lower()])
    assert allocated == [laptop, tablet]
    for device in allocated:
        assert device.status == S.ALLOCATED and device.claim is claim
        event = last_event(session, device)
        assert (event.kind, event.from_status, event.to_status, event.actor_id) == (
            EventKind.STATUS_CHANGED, S.READY, S.ALLOCATED, world.coordinator.id)
    assert allocated_counts(claim) == {LAPTOP: 1, TABLET: 1}
    session.refresh(claim)
    assert claim.allocation_changed_at is not None


def test_a_refused_tag_allocates_none_of_the_others_in_the_unit_of_work(world, session):
    claim, other = world.claim(3, 0), world.claim(1, 0)
    free, taken = world.device(), world.device()
    allocate_tags(other, world.coordinator, [taken.asset_tag])
    session.flush()
    with pytest.raises(DomainError):
        commit_or_rollback(lambda: allocate_tags(claim, world.coordinator, [free.asset_tag, taken.asset_tag]))
    session.refresh(free)
    assert free.status == S.READY and free.claim_id is None
    assert allocated_counts(claim)[LAPTOP] == 0


def test_the_same_tag_twice_allocates_the_device_once(world):
    claim = world.claim(2, 0)
    laptop = world.device()
    assert allocate_tags(claim, world.coordinator, [laptop.asset_tag, laptop.asset_tag.lower()]) == [laptop]
    assert allocated_counts(claim)[LAPTOP] == 1


def test_a_claim_that_is_not_approved_gets_nothing(world):
    device = world.device()
    submitted = world.claim(approved=False)
    rejected = world.claim(approved=False)
    reject_claim(rejected, world.coordinator, "Geen voorraad")
    withdrawn = world.claim(approved=False)
    withdraw_claim(withdrawn, world.care)
    for claim in (submitted, rejected, withdrawn):
        for allocate in (lambda c: allocate_tags(c, world.coordinator, [device.asset_tag]),
                         lambda c: allocate_auto(c, world.coordinator)):
            with pytest.raises(DomainError) as refused:
                allocate(claim)
            assert refused.value.field == "claim"
    assert device.status == S.READY and device.claim_id is None


@pytest.mark.parametrize("status", [S.RECEIVED, S.WIPED, S.DELIVERED, S.HANDED_OUT])
def test_a_device_that_is_not_ready_is_refused(world, status):
    claim = world.claim(2, 1)
    device = world.device(status)
    before = device.claim_id
    with pytest.raises(DomainError) as refused:
        allocate_tags(claim, world.coordinator, [device.asset_tag])
    assert "niet klaar" in refused.value.message or "al aan een aanvraag" in refused.value.message
    assert device.status == status and device.claim_id == before


def test_a_device_already_allocated_is_refused(world):
    first, second = world.claim(2, 0), world.claim(2, 0)
    device = world.device()
    allocate_tags(first, world.coordinator, [device.asset_tag])
    with pytest.raises(DomainError) as refused:
        allocate_tags(second, world.coordinator, [device.asset_tag])
    assert refused.value.field == "tags"
    assert device.claim is first and allocated_counts(second)[LAPTOP] == 0


def test_a_claim_gets_no_more_of_a_kind_than_it_asked(world):
    claim = world.claim(1, 1)
    laptops = [world.device(kind=LAPTOP) for _ in range(2)]
    with pytest.raises(DomainError) as refused:
        allocate_tags(claim, world.coordinator, [device.asset_tag for device in laptops])
    assert "past er niet meer bij" in refused.value.message
    allocate_tags(claim, world.coordinator, [laptops[0].asset_tag])
    with pytest.raises(DomainError):
        allocate_tags(claim, world.coordinator, [laptops[1].asset_tag])
    assert allocated_counts(claim) == {LAPTOP: 1, TABLET: 0}


def test_a_device_of_a_kind_the_claim_did_not_ask_for_is_refused(world):
    claim = world.claim(2, 0)
    tablet = world.device(kind=TABLET)
    with pytest.raises(DomainError) as refused:
        allocate_tags(claim, world.coordinator, [tablet.asset_tag])
    assert "vraagt daar niet om" in refused.value.message
    assert tablet.status == S.READY


def test_unknown_or_mistyped_tags_and_an_empty_list_are_refused(world):
    claim = world.claim()
    device = world.device()
    typo = device.asset_tag[:-1] + ("A" if device.asset_tag[-1] != "A" else "B")
    for tags in ([], ["  "], [typo], ["ZZZZ"]):
        with pytest.raises(DomainError) as refused:
            allocate_tags(claim, world.coordinator, tags)
        assert refused.value.field == "tags"


def test_only_a_coordinator_allocates_or_releases(world, make):
    claim = world.claim()
    device = world.device()
    for kind in (K.CARE, K.REFURBISHER, K.DONOR):
        someone = make.user(kind)
        for action in (lambda who=someone: allocate_tags(claim, who, [device.asset_tag]),
                       lambda who=someone: allocate_auto(claim, who)):
            with pytest.raises(DomainError):
                action()
    allocate_tags(claim, world.coordinator, [device.asset_tag])
    with pytest.raises(DomainError):
        release_allocation(device, world.care)
    assert device.status == S.ALLOCATED


def test_auto_allocation_fills_the_claim_in_full_from_stock(world):
    claim = world.claim(2, 1)
    laptops = [world.device(kind=LAPTOP) for _ in range(3)]
    tablets = [world.device(kind=TABLET) for _ in range(2)]
    allocated = allocate_auto(claim, world.coordinator)
    assert sorted(d.kind for d in allocated) == [LAPTOP, LAPTOP, TABLET]
    assert all(d.status == S.ALLOCATED and d.claim is claim for d in allocated)
    assert allocated_counts(claim) == {LAPTOP: 2, TABLET: 1}
    assert allocate_auto(claim, world.coordinator) == []
    assert sum(d.status == S.READY for d in laptops + tablets) == 2


def test_auto_allocation_in_part_and_when_stock_runs_short(world):
    claim = world.claim(3, 2)
    [world.device(kind=LAPTOP) for _ in range(3)]
    assert len(allocate_auto(claim, world.coordinator, laptops=1, tablets=0)) == 1
    assert allocated_counts(claim) == {LAPTOP: 1, TABLET: 0}
    more = allocate_auto(claim, world.coordinator, laptops=10)
    assert len(more) == 2, "never more than the claim still wants"
    world.device(kind=TABLET)
    assert [d.kind for d in allocate_auto(claim, world.coordinator)] == [TABLET]
    assert allocated_counts(claim) == {LAPTOP: 3, TABLET: 1}
    with pytest.raises(DomainError):
        allocate_auto(claim, world.coordinator, laptops=-1)


def test_auto_allocation_adds_to_devices_allocated_by_hand(world):
    claim = world.claim(2, 0)
    by_hand = world.device()
    allocate_tags(claim, world.coordinator, [by_hand.asset_tag])
    [world.device() for _ in range(3)]
    assert len(allocate_auto(claim, world.coordinator)) == 1
    assert allocated_counts(claim)[LAPTOP] == 2


def test_auto_allocation_leaves_devices_that_are_not_ready_or_already_allocated(world):
    claim, other = world.claim(5, 0), world.claim(1, 0)
    taken = world.device()
    allocate_tags(other, world.coordinator, [taken.asset_tag])
    wiped = world.device(S.WIPED)
    ready = world.device()
    assert allocate_auto(claim, world.coordinator) == [ready]
    assert taken.claim is other and wiped.status == S.WIPED


def test_releasing_an_allocation_makes_the_device_ready_and_frees_room_in_the_claim(world, session):
    claim = world.claim(1, 0)
    device, spare = world.device(), world.device()
    allocate_tags(claim, world.coordinator, [device.asset_tag])
    release_allocation(device, world.coordinator, "Verkeerd apparaat")
    assert device.status == S.READY and device.claim_id is None
    event = last_event(session, device)
    assert (event.from_status, event.to_status, event.note) == (S.ALLOCATED, S.READY, "Verkeerd apparaat")
    assert allocated_counts(claim)[LAPTOP] == 0
    allocate_tags(claim, world.coordinator, [spare.asset_tag])
    assert spare.claim is claim


@pytest.mark.parametrize("status", [S.READY, S.DELIVERED])
def test_only_an_allocated_device_can_be_released(world, status):
    device = world.device(status)
    with pytest.raises(DomainError) as refused:
        release_allocation(device, world.coordinator)
    assert refused.value.field == "device"
    assert device.status == status


def test_a_device_released_twice_is_refused_the_second_time(world):
    claim = world.claim(1, 0)
    device = world.device()
    allocate_tags(claim, world.coordinator, [device.asset_tag])
    release_allocation(device, world.coordinator)
    with pytest.raises(DomainError):
        release_allocation(device, world.coordinator)
