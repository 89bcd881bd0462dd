"""The scan station's service: any form of a code, every refusal in the lifecycle's words, check scans, and undo."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core import lifecycle
from allemaaldigitaal.core.enums import DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.core.tags import format_tag, tag_in_code
from allemaaldigitaal.devices.transitions import ROLE_STEPS
from allemaaldigitaal.workshop.scans import ACTIONS, actions_for, scan, undo


def events_of(session, device) -> int:
    return session.scalar(select(func.count()).where(DeviceEvent.device_id == device.id))


def code_forms(tag: str) -> list[str]:
    printed = format_tag(tag)
    return [tag, tag.lower(), printed, printed.lower(), printed.replace("-", " ")[3:], f"https://x.example/D/{tag}",
            f"http://localhost:5000/d/{printed.lower()}"]


def test_a_code_is_read_in_every_form_a_label_or_person_gives(make):
    tag = make.device().asset_tag
    assert {tag_in_code(code) for code in code_forms(tag)} == {tag}


@pytest.mark.parametrize("kind", list(K))
def test_the_actions_a_role_sees_follow_its_steps(kind):
    steps = {ACTIONS[name] for name in actions_for(kind) if ACTIONS[name]}
    assert steps == {to for to in ACTIONS.values() if to} & ROLE_STEPS[kind]


def test_receiving_by_scan_takes_the_step_and_answers_with_the_device(make, session):
    device = make.device(S.PLEDGED, brand="Dell", model="Latitude 5490")
    workshop = make.one(K.REFURBISHER)
    result = scan(workshop, f"https://x.example/D/{device.asset_tag}", "receive")
    assert result.accepted and result.outcome == "accepted"
    assert (result.tag, result.brand, result.model, result.status) == (device.asset_tag, "Dell", "Latitude 5490", "received")
    assert device.status == S.RECEIVED and device.custodian_id == workshop.organisation_id
    assert session.get(DeviceEvent, result.event_id).to_status == S.RECEIVED


@pytest.mark.parametrize(("status", "action", "code", "prepare"), [
    (S.RECEIVED, "ready", "not_allowed", None),
    (S.RECEIVED, "wiped", "wipe_missing", None),
    (S.RECEIVED, "wiped", "wipe_failed", "failed_wipe"),
    (S.WIPED, "ready", "account_locks", "locks"),
    (S.READY, "receive", "not_allowed", None),
    (S.RECEIVED, "recycle", "reason_missing", None),
])
def test_every_refusal_is_answered_in_the_lifecycles_words_and_writes_nothing(make, session, status, action, code,
                                                                              prepare):
    device = make.device(status)
    if prepare == "failed_wipe":
        make.wipe(device, passed=False)
    if prepare == "locks":
        device.account_locks_cleared = False
        session.flush()
    before = events_of(session, device)
    result = scan(make.one(K.REFURBISHER), device.asset_tag, action)
    assert (result.outcome, result.code, result.status) == ("refused", code, status.value)
    expected = lifecycle.refusal(device, ACTIONS[action]) if code not in ("reason_missing",) else None
    if expected is not None:
        assert result.message == str(expected.message)
    assert result.message
    assert device.status == status and events_of(session, device) == before


def test_another_workshops_device_is_not_found_and_not_revealed(make, session):
    device = make.device(S.PLEDGED)
    result = scan(make.user(K.REFURBISHER), device.asset_tag, "receive")
    assert (result.outcome, result.code, result.brand, result.status) == ("not_found", "not_found", None, None)
    assert device.status == S.PLEDGED


def test_a_valid_tag_that_nobody_has_is_not_found(make):
    assert scan(make.one(K.REFURBISHER), "AD-ZZZ-ZZZ-ZZ3", "receive").outcome == "not_found"


def test_a_mistyped_tag_is_refused_as_mistyped(make):
    tag = make.device().asset_tag
    typo = tag[:2] + ("0" if tag[2] != "0" else "1") + tag[3:]
    result = scan(make.one(K.REFURBISHER), typo, "receive")
    assert (result.outcome, result.code) == ("invalid", "tag_check")
    assert "verkeerd getypt" in result.message


def test_an_action_the_role_does_not_have_is_invalid(make):
    device = make.device(S.PLEDGED)
    assert scan(make.one(K.CARE), device.asset_tag, "receive").outcome == "invalid"
    assert scan(make.one(K.REFURBISHER), device.asset_tag, "fly").outcome == "invalid"


def test_a_check_scan_leaves_the_status_and_writes_a_scanned_event(make, session):
    device = make.device(S.RECEIVED)
    result = scan(make.one(K.REFURBISHER), device.asset_tag, "check")
    session.flush()
    assert result.accepted and device.status == S.RECEIVED
    kinds = session.scalars(select(DeviceEvent.kind).where(DeviceEvent.device_id == device.id)).all()
    assert kinds[-1] == EventKind.SCANNED


def test_undo_takes_a_receive_back_with_a_new_event_and_custody_back(make, session):
    device = make.device(S.PLEDGED)
    workshop = make.one(K.REFURBISHER)
    taken = scan(workshop, device.asset_tag, "receive")
    result = undo(workshop, taken.event_id)
    assert result.accepted, result.message
    assert device.status == S.PLEDGED and device.custodian_id is None
    last = session.scalars(select(DeviceEvent).where(DeviceEvent.device_id == device.id).order_by(DeviceEvent.id)).all()
    assert (last[-2].id, last[-1].from_status, last[-1].to_status) == (taken.event_id, S.RECEIVED, S.PLEDGED)
    assert last[-1].deltas["undoes"] == taken.event_id
    assert scan(workshop, device.asset_tag, "receive").accepted


@pytest.mark.parametrize(("status", "action", "note"), [
    (S.RECEIVED, "recycle", "kapot scherm"), (S.WIPED, "lost", "niet terug te vinden"), (S.READY, "recycle", "accu"),
])
def test_undo_brings_back_the_status_before(make, status, action, note):
    device = make.device(status)
    workshop = make.one(K.REFURBISHER)
    taken = scan(workshop, device.asset_tag, action, note)
    assert taken.accepted, taken.message
    assert undo(workshop, taken.event_id).accepted
    assert device.status == status


def test_undo_is_refused_for_another_person_a_later_step_or_too_late(make, monkeypatch):
    device = make.device(S.RECEIVED)
    make.wipe(device)
    workshop = make.one(K.REFURBISHER)
    colleague = make.user(K.REFURBISHER, organisation=workshop.organisation)
    taken = scan(workshop, device.asset_tag, "wiped")
    assert undo(colleague, taken.event_id).code == "not_your_step"
    monkeypatch.setattr(lifecycle, "UNDO_WINDOW", timedelta(seconds=-1))
    assert undo(workshop, taken.event_id).code == "undo_too_late"
    monkeypatch.undo()
    device.account_locks_cleared = True
    assert scan(workshop, device.asset_tag, "ready").accepted
    assert undo(workshop, taken.event_id).code == "not_latest"
    assert device.status == S.READY


def test_a_step_that_is_no_reversal_cannot_be_undone(make):
    device = make.device(S.ALLOCATED)
    care = make.one(K.CARE)
    delivered = scan(care, device.asset_tag, "deliver")
    assert delivered.accepted, delivered.message
    returned = scan(care, device.asset_tag, "returned")
    assert returned.accepted, returned.message
    assert undo(care, returned.event_id).code == "not_reversible"


def test_undo_of_a_delivery_gives_custody_back(make):
    device = make.device(S.ALLOCATED)
    holder = device.custodian_id
    care = make.one(K.CARE)
    delivered = scan(care, device.asset_tag, "deliver")
    assert undo(care, delivered.event_id).accepted
    assert (device.status, device.custodian_id) == (S.ALLOCATED, holder)


def test_another_organisations_event_cannot_be_undone(make):
    device = make.device(S.PLEDGED)
    taken = scan(make.one(K.REFURBISHER), device.asset_tag, "receive")
    assert undo(make.user(K.REFURBISHER), taken.event_id).outcome == "not_found"
