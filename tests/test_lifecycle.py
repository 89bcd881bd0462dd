"""The transition table, its guards and the one function that applies it."""
import itertools
import re
from datetime import timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.enums import DeviceStatus as S, HandoutKind, OrganisationKind as K
from allemaaldigitaal.lifecycle import TRANSITIONS, LifecycleError, apply_transition
from allemaaldigitaal.models import DeviceEvent
from allemaaldigitaal.services.care import register_handout

PAIRS = list(itertools.product(S, S))


def event_count(session, device) -> int:
    return session.scalar(select(func.count()).where(DeviceEvent.device_id == device.id))


def satisfy_guards(make, device, to: S) -> None:
    """Give the device what the target status asks for."""
    if to in (S.WIPED, S.READY):
        make.wipe(device)
        device.account_locks_cleared = True
    if to in (S.ALLOCATED, S.DELIVERED) and device.claim is None:
        device.claim = make.cast().claims[0]
    if to == S.HANDED_OUT:
        register_handout(device, make.one(K.CARE), "CL-1", HandoutKind.GIFT)


def test_every_status_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(S)


@pytest.mark.parametrize(("current", "to"), PAIRS, ids=[f"{a.value}->{b.value}" for a, b in PAIRS])
def test_transition_follows_the_table(make, session, current, to):
    device = make.device(current)
    before = event_count(session, device)
    actor = make.one(K.REFURBISHER)
    if to in TRANSITIONS[current]:
        satisfy_guards(make, device, to)
        event = apply_transition(device, to, actor=actor, note="reden")
        session.flush()
        assert device.status == to
        assert event_count(session, device) == before + 1
        assert (event.from_status, event.to_status) == (current, to)
    else:
        with pytest.raises(LifecycleError) as refused:
            apply_transition(device, to, actor=actor, note="reden")
        session.flush()
        assert refused.value.code == "not_allowed"
        assert device.status == current
        assert event_count(session, device) == before


def test_event_records_actor_organisation_note_and_utc_time(make, session):
    device = make.device(S.PLEDGED)
    actor = make.one(K.REFURBISHER)
    event = apply_transition(device, S.RECEIVED, actor=actor, note="  via de koerier ")
    session.flush()
    session.expire_all()
    stored = session.get(DeviceEvent, event.id)
    assert (stored.actor_id, stored.organisation_id) == (actor.id, actor.organisation_id)
    assert stored.note == "via de koerier"
    assert stored.created_at.tzinfo == timezone.utc


def test_history_of_a_new_device_starts_with_pledged(make):
    device = make.device(S.PLEDGED)
    assert [(e.from_status, e.to_status) for e in device.events] == [(None, S.PLEDGED)]


def test_ready_needs_a_passed_wipe(make):
    device = make.device(S.RECEIVED)
    device.account_locks_cleared = True
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, S.WIPED, actor=None)
    assert refused.value.code == "wipe_missing"


def test_a_failed_last_wipe_blocks_ready(make):
    device = make.device(S.WIPED)
    device.account_locks_cleared = True
    make.wipe(device, passed=False)
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, S.READY, actor=None)
    assert refused.value.code == "wipe_failed"


def test_every_medium_needs_its_own_passed_wipe(make):
    device = make.device(S.RECEIVED, storage_media_count=2)
    make.wipe(device, medium_serial="DISK-A")
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, S.WIPED, actor=None)
    assert refused.value.code == "wipe_missing"
    make.wipe(device, medium_serial="DISK-B")
    apply_transition(device, S.WIPED, actor=None)
    assert device.status == S.WIPED


def test_a_wipe_from_before_intake_does_not_count(make):
    device = make.device(S.RECEIVED)
    make.wipe(device, minutes_ago=60)
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, S.WIPED, actor=None)
    assert refused.value.code == "wipe_missing"


def test_a_returned_device_must_be_wiped_again(make):
    device = make.device(S.RETURNED)
    assert S.READY not in TRANSITIONS[S.RETURNED]
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, S.WIPED, actor=None)
    assert refused.value.code == "wipe_missing"
    make.wipe(device)
    apply_transition(device, S.WIPED, actor=None)
    assert device.status == S.WIPED


def test_ready_needs_account_locks_cleared(make):
    device = make.device(S.WIPED)
    device.account_locks_cleared = False
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, S.READY, actor=None)
    assert refused.value.code == "account_locks"


def test_allocation_needs_a_claim(make):
    device = make.device(S.READY)
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, S.ALLOCATED, actor=None)
    assert refused.value.code == "claim_missing"


def test_handed_out_needs_a_handout(make):
    device = make.device(S.DELIVERED)
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, S.HANDED_OUT, actor=None)
    assert refused.value.code == "handout_missing"


def test_a_return_closes_the_handout(make):
    device = make.device(S.HANDED_OUT)
    handout = device.handout
    apply_transition(device, S.RETURNED, actor=None)
    assert handout.returned_at is not None
    assert device.handout is None


@pytest.mark.parametrize("to", [S.RECYCLED, S.LOST])
def test_recycling_and_loss_need_a_reason(make, session, to):
    device = make.device(S.RECEIVED)
    before = event_count(session, device)
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, to, actor=None, note="   ")
    assert refused.value.code == "reason_missing"
    assert device.status == S.RECEIVED
    assert event_count(session, device) == before


def test_status_cannot_be_assigned_directly(make):
    device = make.device(S.PLEDGED)
    with pytest.raises(AttributeError):
        device.status = S.READY


def test_only_the_lifecycle_assigns_status():
    package = Path(__file__).resolve().parent.parent / "allemaaldigitaal"
    assignment = re.compile(r"\b_status\s*=(?!=)|\bDevice\([^)]*\b_?status\s*=")
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if path.name != "lifecycle.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if assignment.search(line) and "Mapped[" not in line
    ]
    assert offenders == []
