"""The transition table, its guards and the one function that applies it."""
import itertools
import re
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.care.services import create_claim, register_handout
from allemaaldigitaal.core.enums import DeviceStatus as S, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import TRANSITIONS, LifecycleError, apply_transition
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.extensions import db

PAIRS = list(itertools.product(S, S))


def event_count(session, device) -> int:
    return session.scalar(select(func.count()).where(DeviceEvent.device_id == device.id))


def assert_refused(device, to: S, code: str, note: str | None = None) -> None:
    """The transition is refused with this code, and neither the status nor the history changes."""
    status, events = device.status, event_count(db.session, device)
    with pytest.raises(LifecycleError) as refused:
        apply_transition(device, to, actor=None, note=note)
    assert refused.value.code == code
    db.session.flush()
    assert device.status == status
    assert event_count(db.session, device) == events


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
    actor = make.one(K.REFURBISHER)
    if to in TRANSITIONS[current]:
        satisfy_guards(make, device, to)
        before = event_count(session, device)
        event = apply_transition(device, to, actor=actor, note="reden")
        session.flush()
        assert device.status == to
        assert event_count(session, device) == before + 1
        assert (event.from_status, event.to_status) == (current, to)
    else:
        before = event_count(session, device)
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
    assert stored.created_at.tzinfo == UTC


def test_history_of_a_new_device_starts_with_pledged(make):
    device = make.device(S.PLEDGED)
    assert [(e.from_status, e.to_status) for e in device.events] == [(None, S.PLEDGED)]


def test_ready_needs_a_passed_wipe(make):
    device = make.device(S.RECEIVED)
    device.account_locks_cleared = True
    assert_refused(device, S.WIPED, "wipe_missing")


def test_a_failed_last_wipe_blocks_ready(make):
    device = make.device(S.WIPED)
    device.account_locks_cleared = True
    make.wipe(device, passed=False)
    assert_refused(device, S.READY, "wipe_failed")


def test_every_medium_needs_its_own_passed_wipe(make):
    device = make.device(S.RECEIVED, storage_media_count=2)
    make.wipe(device, medium_serial="DISK-A")
    assert_refused(device, S.WIPED, "wipe_missing")
    make.wipe(device, medium_serial="DISK-B")
    apply_transition(device, S.WIPED, actor=None)
    assert device.status == S.WIPED


def test_a_wipe_from_before_intake_does_not_count(make):
    device = make.device(S.RECEIVED)
    make.wipe(device, minutes_ago=60)
    assert_refused(device, S.WIPED, "wipe_missing")


def test_a_returned_device_must_be_wiped_again(make):
    device = make.device(S.RETURNED)
    assert S.READY not in TRANSITIONS[S.RETURNED]
    assert_refused(device, S.WIPED, "wipe_missing")
    make.wipe(device)
    apply_transition(device, S.WIPED, actor=None)
    assert device.status == S.WIPED


def test_ready_needs_account_locks_cleared(make):
    device = make.device(S.WIPED)
    device.account_locks_cleared = False
    assert_refused(device, S.READY, "account_locks")


def test_allocation_needs_a_claim(make):
    device = make.device(S.READY)
    assert_refused(device, S.ALLOCATED, "claim_missing")


def test_handed_out_needs_a_handout(make):
    device = make.device(S.DELIVERED)
    assert_refused(device, S.HANDED_OUT, "handout_missing")


@pytest.mark.parametrize("to", [S.RECYCLED, S.LOST])
def test_recycling_and_loss_need_a_reason(make, to):
    device = make.device(S.RECEIVED)
    assert_refused(device, to, "reason_missing", note="   ")


def test_allocation_needs_an_approved_claim(make, session):
    device = make.device(S.READY)
    care = make.one(K.CARE)
    device.claim = create_claim(care.organisation, care, 1, 0, "Voor de bibliotheek")
    session.flush()
    assert_refused(device, S.ALLOCATED, "claim_not_approved")


@pytest.mark.parametrize("start", [S.DELIVERED, S.HANDED_OUT])
def test_a_returned_device_leaves_its_claim_and_handout(make, start):
    device = make.device(start)
    handout = device.handout
    apply_transition(device, S.RETURNED, actor=None, custodian=make.one(K.REFURBISHER).organisation)
    assert device.claim is None and device.handout is None
    assert handout is None or handout.returned_at is not None


def test_a_refused_transition_is_a_domain_error_with_a_plain_message(make):
    device = make.device(S.PLEDGED)
    with pytest.raises(DomainError) as refused:
        apply_transition(device, S.READY, actor=None)
    assert "kan niet naar" in str(refused.value.message)


def test_status_cannot_be_assigned_directly(make):
    device = make.device(S.PLEDGED)
    with pytest.raises(AttributeError):
        device.status = S.READY


def test_only_the_lifecycle_assigns_status():
    package = Path(__file__).resolve().parents[2] / "allemaaldigitaal"
    assignment = re.compile(r"\b_status\s*=(?!=)|\bDevice\([^)]*\b_?status\s*=")
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if path.name != "lifecycle.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if assignment.search(line) and "Mapped[" not in line
    ]
    assert offenders == []
