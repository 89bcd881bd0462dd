"""A large demo campaign (written in bulk) keeps every rule of the lifecycle, row by row, and looks like a year."""
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from allemaaldigitaal.core.enums import (
    INTAKE,
    STATUS_EVENTS,
    WIPE_PROVEN,
    ClaimStatus,
    DeviceStatus as S,
    EventKind,
    OrganisationKind as K,
)
from allemaaldigitaal.core.lifecycle import TRANSITIONS
from allemaaldigitaal.core.models import (
    Claim,
    Device,
    DeviceCheck,
    DeviceEvent,
    Donation,
    Handout,
    Organisation,
    WipeRecord,
)
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.demo.bulk import SET_ASIDE_FROM
from allemaaldigitaal.devices.text_search import SEPARATOR
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app
from ..search_rows import copies_differ
from .shape import schema_shape

DEVICES = 2000
#: the tables' indexes and foreign keys before and after the load (which sets them aside and makes them again)
SHAPES = {}


@pytest.fixture(scope="module")
def campaign(fresh_database):
    """A demo campaign of DEVICES devices, loaded once by the command into its own database."""
    app = make_test_app(fresh_database("campaign").url)
    with app.app_context():
        upgrade()
        before = schema_shape()
        result = app.test_cli_runner().invoke(args=["demo-data", "--devices", str(DEVICES)])
        assert result.exit_code == 0, result.output
        SHAPES.update(before=before, after=schema_shape())
        yield db.session
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def histories(campaign):
    """Every device's events in id order."""
    found = defaultdict(list)
    for event in campaign.scalars(select(DeviceEvent).order_by(DeviceEvent.id)):
        found[event.device_id].append(event)
    return found


@pytest.fixture(scope="module")
def devices(campaign):
    return {device.id: device for device in campaign.scalars(select(Device))}


def status_steps(events):
    return [event for event in events if event.kind in STATUS_EVENTS]


def test_the_campaign_has_the_devices_asked_for_in_every_status(devices):
    statuses = Counter(device.status for device in devices.values())
    assert sum(statuses.values()) == DEVICES
    assert set(statuses) == set(S)
    assert statuses[S.HANDED_OUT] > statuses[S.READY] > 0


def test_every_history_follows_the_transition_table_to_the_status(devices, histories):
    for device_id, device in devices.items():
        steps = status_steps(histories[device_id])
        assert (steps[0].kind, steps[0].from_status, steps[0].to_status) == (EventKind.CREATED, None, S.PLEDGED)
        for earlier, later in zip(steps, steps[1:], strict=False):
            assert later.from_status == earlier.to_status, device_id
            assert later.to_status in TRANSITIONS[earlier.to_status], (device_id, earlier.to_status, later.to_status)
        assert steps[-1].to_status == device.status
        assert device.status_changed_at == steps[-1].created_at


def test_every_history_is_in_time_order_within_the_last_year(devices, histories):
    now = utcnow()
    for device_id, device in devices.items():
        times = [event.created_at for event in histories[device_id]]
        assert times == sorted(times), device_id
        assert now - timedelta(days=366) < device.created_at <= times[0] and times[-1] < now
    months = {(device.created_at.year, device.created_at.month) for device in devices.values()}
    assert len(months) >= 10


def test_every_device_that_was_ready_had_every_medium_wiped_since_its_intake_and_was_checked(campaign, devices, histories):
    wipes, checks = defaultdict(list), defaultdict(list)
    for record in campaign.scalars(select(WipeRecord)):
        wipes[record.device_id].append(record)
    for check in campaign.scalars(select(DeviceCheck)):
        checks[check.device_id].append(check)
    seen_ready = 0
    for device_id, device in devices.items():
        steps = status_steps(histories[device_id])
        for number, step in enumerate(steps):
            if step.to_status != S.READY:
                continue
            seen_ready += 1
            intake = max(earlier.created_at for earlier in steps[:number] if earlier.to_status in INTAKE)
            passed = {w.medium_serial for w in wipes[device_id] if w.passed and intake <= w.started_at <= step.created_at}
            assert len(passed) >= device.storage_media_count, device_id
            assert any(c.account_locks_cleared and c.checked_at <= step.created_at for c in checks[device_id]), device_id
        if device.status in WIPE_PROVEN:
            assert device.account_locks_cleared and device.condition_grade is not None
    assert seen_ready > DEVICES / 3


def test_wipes_and_checks_are_each_in_the_history(campaign):
    def events(kind):
        return campaign.scalar(select(func.count()).where(DeviceEvent.kind == kind))

    assert events(EventKind.WIPE_RECORDED) == campaign.scalar(select(func.count()).select_from(WipeRecord)) > 0
    assert events(EventKind.CHECK_RECORDED) == campaign.scalar(select(func.count()).select_from(DeviceCheck)) > 0


def test_allocated_devices_belong_to_an_approved_claim_and_handed_out_ones_to_an_open_handout(campaign, devices):
    claims = {claim.id: claim for claim in campaign.scalars(select(Claim))}
    handouts = {handout.id: handout for handout in campaign.scalars(select(Handout))}
    for device in devices.values():
        if device.status in (S.ALLOCATED, S.DELIVERED, S.HANDED_OUT):
            claim = claims[device.claim_id]
            assert claim.status == ClaimStatus.APPROVED and claim.decided_at <= device.status_changed_at
        if device.status == S.HANDED_OUT:
            handout = handouts[device.handout_id]
            assert (handout.device_id, handout.returned_at) == (device.id, None)
            assert handout.care_organisation_id == device.custodian_id
        else:
            assert device.handout_id is None
    open_handouts = [handout for handout in handouts.values() if handout.returned_at is None]
    assert len(open_handouts) == Counter(device.status for device in devices.values())[S.HANDED_OUT]
    returned = [device for device in devices.values() if device.status == S.RETURNED]
    assert returned and all(device.claim_id is None and not device.account_locks_cleared for device in returned)


def test_the_counts_add_up(campaign, devices):
    donations = campaign.scalars(select(Donation)).all()
    assert sum(d.expected_laptops + d.expected_tablets for d in donations) == DEVICES
    per_donation = Counter(device.donation_id for device in devices.values())
    assert all(per_donation[d.id] == d.expected_laptops + d.expected_tablets for d in donations)
    for claim in campaign.scalars(select(Claim)):
        allocated = [d for d in devices.values() if d.claim_id == claim.id]
        assert len(allocated) <= claim.laptops_requested + claim.tablets_requested


def test_the_campaign_reaches_across_the_provinces(campaign):
    provinces = defaultdict(set)
    for organisation in campaign.scalars(select(Organisation)):
        provinces[organisation.kind].add(organisation.province)
    assert len(provinces[K.CARE]) >= 8 and len(provinces[K.DONOR]) >= 8 and len(provinces[K.REFURBISHER]) >= 6
    handed_out_by = set(campaign.scalars(select(Handout.care_organisation_id).distinct()))
    assert len(handed_out_by) >= 8


def test_the_load_leaves_every_index_and_foreign_key_as_it_was(campaign):
    assert DEVICES >= SET_ASIDE_FROM
    assert SHAPES["after"] == SHAPES["before"]
    assert len(SHAPES["before"]["indexes"]["device_events"]) >= 2
    assert len(SHAPES["before"]["foreign keys"]["device_events"]) == 3
    if campaign.get_bind().dialect.name == "postgresql":
        assert SHAPES["before"]["statistics targets"]


def test_the_search_table_holds_every_device_s_text(campaign, devices):
    """SQLite's search table, or PostgreSQL's narrow copy of the devices (its trigram index is compared above)."""
    if campaign.get_bind().dialect.name == "postgresql":
        assert copies_differ(campaign) == [] and campaign.scalar(text("SELECT count(*) FROM devices_search_rows")) == len(devices)
        return
    found = dict(campaign.execute(text("SELECT rowid, search_text FROM devices_search")).all())
    assert found == {
        device.id: SEPARATOR.join((device.serial_number, f"{device.brand} {device.model}", device.donor_asset_number or ""))
        for device in devices.values()
    }
