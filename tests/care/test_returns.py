"""Returns: the care organisation records a return and keeps the device until a workshop takes it in; the workshop
must wipe it again before anyone else gets it. And a handed-out device can be reported lost, with a reason."""
from datetime import date, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from allemaaldigitaal.care.allocation import allocate_tags
from allemaaldigitaal.care.handouts import register_handout
from allemaaldigitaal.care.returns import bring_back, return_device, workshop_of
from allemaaldigitaal.core.enums import DeviceStatus as S, EventKind, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import LifecycleError, apply_transition, undo_step
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.transitions import take_step
from allemaaldigitaal.start.overviews import workshop_queues
from allemaaldigitaal.workshop.scans import scan

from .lending import hand_out, other_care_world


def history(session, device) -> int:
    return session.scalar(select(func.count()).where(DeviceEvent.device_id == device.id))


def refused(action, code: str, device, session) -> None:
    """The action is refused with this code, and neither status, custody nor history changes."""
    before = (device.status, device.custodian_id, history(session, device))
    with pytest.raises(LifecycleError) as refusal:
        action()
    assert refusal.value.code == code
    session.flush()
    assert (device.status, device.custodian_id, history(session, device)) == before


def to_wipe(workshop, device) -> bool:
    """Whether the device is in the workshop's list to wipe (on its start page and work queue)."""
    with current_app.test_request_context():
        (queue,) = [queue for queue in workshop_queues(workshop, limit=100) if queue.name == "to_wipe"]
    return format_tag(device.asset_tag) in [row.title for row in queue.rows]


def test_the_care_organisation_records_a_return_and_keeps_the_device_until_it_brings_it_back(world, session):
    device = hand_out(world, HandoutKind.LOAN, date.today() + timedelta(days=10))
    handout, workshop = device.handout, world.workshop()
    event = return_device(world.care, device, "  Lader ontbreekt ", "incomplete")
    assert (device.status, device.custodian_id) == (S.RETURNED, world.care.organisation_id)
    assert (event.from_status, event.to_status) == (S.HANDED_OUT, S.RETURNED)
    assert event.note == "Staat bij terugkomst: Niet compleet (bijvoorbeeld zonder lader). Lader ontbreekt"
    assert handout.returned_at == device.status_changed_at and device.handout is None and device.claim is None
    assert device.account_locks_cleared is False  # the person may have signed in: check the locks again
    assert list(session.scalars(bring_back(world.care))) == [device]
    assert workshop_of(device) == workshop.organisation
    assert not to_wipe(workshop, device)


def test_a_workshop_takes_in_a_returned_device_and_must_wipe_it_again(world, session):
    device = hand_out(world)
    workshop = world.workshop()
    return_device(world.care, device)
    refused(lambda: take_step(workshop, device, S.WIPED), "not_in_custody", device, session)
    event = return_device(workshop, device, "Opgehaald bij de bibliotheek")
    assert (device.status, device.custodian_id) == (S.RETURNED, workshop.organisation_id)
    assert (event.kind, event.to_status, event.deltas) == (
        EventKind.CUSTODY_MOVED, None, {"custodian_id": [world.care.organisation_id, workshop.organisation_id]})
    assert list(session.scalars(bring_back(world.care))) == []
    assert to_wipe(workshop, device)
    # the wipe of before the handout does not count: a new one is needed
    refused(lambda: take_step(workshop, device, S.WIPED), "wipe_missing", device, session)
    world.make.wipe(device)
    take_step(workshop, device, S.WIPED)
    assert device.status == S.WIPED


def test_after_a_return_the_device_goes_all_the_way_to_a_new_person_only_with_a_new_wipe(world, session):
    device = hand_out(world, reference="CL-EERST")
    workshop = world.workshop()
    return_device(world.care, device, condition="works")
    return_device(workshop, device)
    refused(lambda: apply_transition(device, S.WIPED, actor=workshop), "wipe_missing", device, session)
    world.make.wipe(device)
    take_step(workshop, device, S.WIPED)
    refused(lambda: take_step(workshop, device, S.READY), "account_locks", device, session)
    device.account_locks_cleared = True
    take_step(workshop, device, S.READY)
    allocate_tags(world.claim(1, 0), world.coordinator, [device.asset_tag])
    take_step(world.care, device, S.DELIVERED)
    register_handout(device, world.care, "CL-TWEEDE", HandoutKind.GIFT)
    apply_transition(device, S.HANDED_OUT, actor=world.care)
    session.flush()
    assert (device.status, device.handout.recipient_reference) == (S.HANDED_OUT, "CL-TWEEDE")
    steps = [event.to_status for event in device.events if event.kind == EventKind.STATUS_CHANGED]
    assert steps[steps.index(S.RETURNED):] == [S.RETURNED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED, S.HANDED_OUT]


def test_a_workshop_records_a_return_brought_straight_to_it_and_holds_the_device(world):
    device = hand_out(world)
    workshop = world.workshop()
    event = return_device(workshop, device, condition="damaged")
    assert (device.status, device.custodian_id, event.to_status) == (S.RETURNED, workshop.organisation_id, S.RETURNED)
    assert event.note == "Staat bij terugkomst: Beschadigd."
    assert to_wipe(workshop, device)


def test_a_return_is_refused_to_whoever_may_not_record_it(world, session):
    device = hand_out(world)
    other = other_care_world(world)
    refused(lambda: return_device(other.care, device), "not_in_custody", device, session)
    refused(lambda: return_device(world.make.one(K.DONOR), device), "not_your_step", device, session)
    return_device(world.care, device)
    refused(lambda: return_device(world.care, device), "already_returned", device, session)
    return_device(world.workshop(), device)
    refused(lambda: return_device(world.workshop(), device), "already_in_workshop", device, session)


@pytest.mark.parametrize("status", [S.READY, S.ALLOCATED])
def test_a_device_that_never_reached_a_person_cannot_be_returned(world, session, status):
    device = world.device(status)
    refused(lambda: return_device(world.coordinator, device), "not_allowed", device, session)


def test_the_scan_station_takes_the_same_return_steps(world):
    device = hand_out(world)
    workshop = world.workshop()
    assert scan(world.care, device.asset_tag, "returned").accepted
    assert device.custodian_id == world.care.organisation_id
    taken_in = scan(workshop, device.asset_tag, "returned")
    assert taken_in.accepted, taken_in.message
    assert (device.status, device.custodian_id) == (S.RETURNED, workshop.organisation_id)
    assert scan(workshop, device.asset_tag, "returned").code == "already_in_workshop"


def test_a_care_organisation_reports_a_handed_out_device_lost_with_a_reason(world, session):
    device = hand_out(world, HandoutKind.LOAN, date.today() + timedelta(days=3))
    handout = device.handout
    refused(lambda: take_step(world.care, device, S.LOST), "reason_missing", device, session)
    refused(lambda: take_step(world.workshop(), device, S.LOST, "Weg"), "not_in_custody", device, session)
    event = take_step(world.care, device, S.LOST, "Gestolen bij een inbraak; aangifte gedaan")
    assert (event.from_status, device.status, device.custodian_id) == (S.HANDED_OUT, S.LOST, world.care.organisation_id)
    assert handout.returned_at is not None and device.handout is None and device.claim is None
    with pytest.raises(LifecycleError) as refusal:
        undo_step(event, world.care)
    assert refusal.value.code == "not_reversible"


def test_the_device_page_offers_a_lost_report_for_a_handed_out_device_and_takes_it(client, login, world, session):
    device = hand_out(world)
    login(client, world.care)
    page = client.get(f"/D/{device.asset_tag}").get_data(as_text=True)
    assert 'value="lost"' in page and 'value="returned"' in page
    response = client.post(f"/D/{device.asset_tag}/status", data={"to": "lost", "note": ""})
    assert response.status_code == 409
    response = client.post(f"/D/{device.asset_tag}/status", data={"to": "lost", "note": "Kapotgevallen"})
    assert response.status_code == 302
    session.expire_all()
    assert device.status == S.LOST
