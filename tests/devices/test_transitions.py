"""Who may take which step: the role table on top of the lifecycle, custody, and the offered next steps."""
import pytest

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import TRANSITIONS, LifecycleError
from allemaaldigitaal.devices.transitions import ROLE_STEPS, next_steps, take_step


def test_a_donor_takes_no_step(make):
    device = make.device(S.PLEDGED)
    donor = make.one(K.DONOR)
    assert next_steps(donor, device) == []
    with pytest.raises(LifecycleError) as refused:
        take_step(donor, device, S.RECEIVED)
    assert refused.value.code == "not_your_step"
    assert device.status == S.PLEDGED


def test_receiving_moves_custody_to_the_workshop_and_marks_the_donation_collected(make):
    device = make.device(S.PLEDGED)
    workshop = make.one(K.REFURBISHER)
    assert next_steps(workshop, device) == [S.RECEIVED]
    event = take_step(workshop, device, S.RECEIVED)
    assert (device.status, device.custodian_id, event.to_status) == (S.RECEIVED, workshop.organisation_id, S.RECEIVED)
    assert device.donation.collected_at is not None


def test_a_workshop_cannot_step_for_a_device_in_someone_elses_custody(make):
    device = make.device(S.READY)
    other = make.user(K.REFURBISHER)
    with pytest.raises(LifecycleError) as refused:
        take_step(other, device, S.RECYCLED, note="kapot")
    assert refused.value.code == "not_in_custody"
    assert device.status == S.READY


def test_next_steps_leave_out_what_a_guard_refuses(make):
    device = make.device(S.RECEIVED)
    workshop = make.one(K.REFURBISHER)
    steps = next_steps(workshop, device)
    assert S.WIPED not in steps  # no wipe recorded yet
    assert {S.RECYCLED, S.LOST} <= set(steps)
    make.wipe(device)
    assert S.WIPED in next_steps(workshop, device)


def test_a_lifecycle_refusal_keeps_its_own_code(make):
    device = make.device(S.RECEIVED)
    with pytest.raises(LifecycleError) as refused:
        take_step(make.one(K.REFURBISHER), device, S.WIPED)
    assert refused.value.code == "wipe_missing"


@pytest.mark.parametrize("kind", list(K))
def test_every_offered_step_is_in_the_lifecycle_table(kind):
    reachable = set().union(*TRANSITIONS.values())
    assert ROLE_STEPS[kind] <= reachable
    assert S.ALLOCATED not in ROLE_STEPS[kind] and S.HANDED_OUT not in ROLE_STEPS[kind]
