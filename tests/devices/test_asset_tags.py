"""Tags are unique across devices and pre-printed labels: skipped when taken, refused by the database when raced."""
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from allemaaldigitaal.core.enums import DeviceKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AssetTag, Device, PreprintedLabel
from allemaaldigitaal.core.tags import generate_tag, is_valid_tag
from allemaaldigitaal.core.transaction import CONFLICT, commit_or_rollback
from allemaaldigitaal.devices import asset_tags
from allemaaldigitaal.devices.asset_tags import issue_tags
from allemaaldigitaal.devices.preprinted import print_preprinted
from allemaaldigitaal.devices.services import DeviceSpecs, add_device


def registered() -> set[str]:
    from allemaaldigitaal.extensions import db

    return set(db.session.scalars(select(AssetTag.tag)))


def test_every_new_device_and_pre_printed_label_registers_its_tag(world, session):
    label = print_preprinted(world.ours.workshop, world.ours.workshop.organisation, 1)[0]
    tags = {device.asset_tag for side in (world.ours, world.theirs) for device in side.devices} | {label.tag}
    assert tags <= registered()


def test_a_tag_taken_by_a_device_or_a_pre_printed_label_is_skipped(world, session, monkeypatch):
    """Forced collisions: the generator first offers a device's tag, then a pre-printed label's, then a new one."""
    label = print_preprinted(world.ours.workshop, world.ours.workshop.organisation, 1)[0]
    device_tag = world.theirs.devices[0].asset_tag
    fresh = generate_tag(random.Random(99))
    offered = iter([device_tag, label.tag, device_tag, fresh])
    monkeypatch.setattr(asset_tags, "generate_tags", lambda count, rng=None: [next(offered) for _ in range(count)])

    assert issue_tags(1) == [fresh]


def test_a_device_tag_that_was_never_registered_is_still_skipped(world, session, monkeypatch):
    """A device inserted around the services (raw SQL) is found in the devices table itself."""
    unregistered = world.ours.devices[0].asset_tag
    session.execute(AssetTag.__table__.delete().where(AssetTag.tag == unregistered))
    fresh = generate_tag(random.Random(5))
    offered = iter([unregistered, fresh])
    monkeypatch.setattr(asset_tags, "generate_tags", lambda count, rng=None: [next(offered) for _ in range(count)])

    assert issue_tags(1) == [fresh]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32), taken=st.integers(min_value=1, max_value=30),
       wanted=st.integers(min_value=1, max_value=40))
def test_issued_tags_never_collide_with_tags_in_use(world, session, seed, taken, wanted):
    """The same seed first makes devices and labels, then asks for new tags: every tag it offers again is in use."""
    savepoint = session.begin_nested()
    try:
        workshop = world.ours.workshop
        in_use = issue_tags(taken, random.Random(seed))
        add_device(world.ours.donation, workshop, DeviceSpecs())
        in_use += [label.tag for label in print_preprinted(workshop, workshop.organisation, 3, random.Random(seed))]
        new = issue_tags(wanted, random.Random(seed))
        assert len(new) == len(set(new)) == wanted
        assert not set(new) & set(in_use)
        assert all(is_valid_tag(tag) for tag in new)
        devices = set(session.scalars(select(Device.asset_tag)))
        labels = set(session.scalars(select(PreprintedLabel.tag)))
        assert not set(new) & (devices | labels)
    finally:
        savepoint.rollback()


def test_the_database_refuses_a_tag_handed_out_twice(world, session):
    """The check missed a simultaneous request: the primary key of asset_tags refuses the second, as a plain conflict."""
    session.commit()
    taken = world.ours.devices[0].asset_tag
    with pytest.raises(DomainError) as refused:
        commit_or_rollback(lambda: session.execute(insert(AssetTag).values(tag=taken, issued_at=func.now())))
    assert refused.value.message == CONFLICT


def test_a_device_tag_is_unique_and_a_device_carries_one_pre_printed_label_at_most(world, session):
    workshop = world.ours.workshop
    first, second = print_preprinted(workshop, workshop.organisation, 2)
    device = world.ours.devices[0]
    session.flush()
    with session.begin_nested():
        first.device_id = device.id
        session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        second.device_id = device.id
        session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(Device(donation=device.donation, asset_tag=device.asset_tag, kind=DeviceKind.LAPTOP))
        session.flush()
