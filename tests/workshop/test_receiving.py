"""Receiving a donation: scanned devices received, other donations' devices refused, devices without a pledge
registered on the spot, the intake closed with its missing devices, and the list of donations to receive."""
import itertools
import random
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Device, DeviceEvent, Donation, OutboxMail, User
from allemaaldigitaal.core.tags import InvalidTag, check_symbol, format_tag, tag_in_code
from allemaaldigitaal.devices.preprinted import print_preprinted
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.device_import import RowsRefused
from allemaaldigitaal.donations.services import cancel, create_donation, mark_collected
from allemaaldigitaal.workshop import receiving
from allemaaldigitaal.workshop.receiving import (
    close_receiving,
    open_intakes,
    receive_scanned,
    register_and_receive,
)

from ..donations.pledge_world import donor_in, pickup, workshop_in

_serials = itertools.count(1)
TAG = "7K4QX2M9" + check_symbol("7K4QX2M9")


@dataclass
class Intake:
    """A donor's donation of three pledged devices, assigned to a workshop in the donor's province."""

    donor: User
    workshop: User
    donation: Donation
    devices: list[Device]


def pledged(donation: Donation, donor: User, count: int = 1) -> list[Device]:
    return [
        add_device(donation, donor, DeviceSpecs(kind=DeviceKind.LAPTOP, brand="Dell", model="Latitude 5490",
                                                serial_number=f"RCV{next(_serials)}"))
        for _ in range(count)
    ]


def new_intake(make, session, workshop: User | None = None, devices: int = 3) -> Intake:
    donor, workshop = donor_in(make), workshop or workshop_in(make)
    donation = create_donation(donor.organisation, donor, pickup(), refurbisher=workshop.organisation)
    made = pledged(donation, donor, devices)
    session.flush()
    return Intake(donor, workshop, donation, made)


@pytest.fixture
def intake(make, session) -> Intake:
    return new_intake(make, session)


def mails_to(session, address: str) -> list[str]:
    return list(session.scalars(select(OutboxMail.template).where(OutboxMail.recipient == address)))


def events_of(session, device: Device) -> int:
    return session.scalar(select(func.count()).where(DeviceEvent.device_id == device.id))


@pytest.mark.parametrize("typed", [
    "{tag}", "{pretty}", "{pretty_lower}", "  {pretty}  ", "https://allemaaldigitaal.example/D/{pretty}",
    "http://localhost:5000/d/{tag_lower}", "https://allemaaldigitaal.example/D/{pretty}/", "/D/{pretty}",
])
def test_a_code_is_read_from_a_tag_or_a_labels_url(typed):
    pretty = format_tag(TAG)
    assert tag_in_code(typed.format(tag=TAG, pretty=pretty, pretty_lower=pretty.lower(), tag_lower=TAG.lower())) == TAG


@pytest.mark.parametrize("typed", ["", "AD-", "https://example.org/D/", "nonsense!", "https://example.org/D/AD-7K4-QX2-M9"])
def test_a_code_without_a_readable_tag_is_refused(typed):
    with pytest.raises(InvalidTag):
        tag_in_code(typed)


def test_scanning_a_device_receives_it_into_the_workshop_and_marks_the_donation_collected(intake, session):
    device = intake.devices[1]
    received = receive_scanned(intake.workshop, intake.donation, format_tag(device.asset_tag).lower())
    assert received is device
    assert device.status == S.RECEIVED and device.custodian_id == intake.workshop.organisation_id
    assert intake.donation.collected_at is not None
    assert mails_to(session, intake.donor.email) == ["donation_collected"]
    received_second = receive_scanned(intake.workshop, intake.donation, f"https://x.example/D/{intake.devices[0].asset_tag}")
    assert received_second.status == S.RECEIVED
    assert mails_to(session, intake.donor.email) == ["donation_collected"], "the donor hears it once"


def test_a_coordinator_receives_into_the_donations_workshop(intake, make):
    device = receive_scanned(make.user(K.COORDINATOR), intake.donation, intake.devices[0].asset_tag)
    assert device.custodian_id == intake.workshop.organisation_id


def test_a_device_of_another_donation_of_the_same_workshop_is_refused_and_left_alone(intake, make, session):
    other = new_intake(make, session, workshop=intake.workshop)
    stranger = other.devices[0]
    before = events_of(session, stranger)
    with pytest.raises(DomainError) as refused:
        receive_scanned(intake.workshop, intake.donation, stranger.asset_tag)
    assert refused.value.field == "code"
    assert str(refused.value.message) == (
        f"Apparaat {format_tag(stranger.asset_tag)} hoort bij donatie {other.donation.reference}, niet bij deze "
        f"donatie. Leg het apart en ontvang het bij donatie {other.donation.reference}."
    )
    assert stranger.status == S.PLEDGED and events_of(session, stranger) == before


def test_a_device_of_another_workshops_donation_is_not_found_and_not_named(intake, make, session):
    theirs = new_intake(make, session).devices[0]
    with pytest.raises(DomainError) as refused:
        receive_scanned(intake.workshop, intake.donation, theirs.asset_tag)
    assert "Er is geen apparaat met code" in str(refused.value.message)
    assert theirs.donation.reference not in str(refused.value.message)
    assert theirs.status == S.PLEDGED


def test_a_device_scanned_twice_is_refused_the_second_time(intake, session):
    device = intake.devices[0]
    receive_scanned(intake.workshop, intake.donation, device.asset_tag)
    events = events_of(session, device)
    with pytest.raises(DomainError, match="is al ontvangen"):
        receive_scanned(intake.workshop, intake.donation, device.asset_tag)
    assert events_of(session, device) == events


def test_nothing_is_received_for_a_cancelled_donation(intake):
    cancel(intake.donation, intake.donor)
    with pytest.raises(DomainError, match="Deze donatie is geannuleerd."):
        receive_scanned(intake.workshop, intake.donation, intake.devices[0].asset_tag)
    assert intake.devices[0].status == S.CANCELLED


def test_a_mistyped_tag_is_refused_with_the_tag_rules_message(intake):
    tag = intake.devices[0].asset_tag
    swapped = tag[1] + tag[0] + tag[2:] if tag[0] != tag[1] else tag[:-1] + ("0" if tag[-1] != "0" else "1")
    with pytest.raises(DomainError, match="Waarschijnlijk is er een teken verkeerd getypt"):
        receive_scanned(intake.workshop, intake.donation, swapped)


def test_an_unlinked_preprinted_label_is_recognised_when_scanned(intake):
    label, = print_preprinted(intake.workshop, intake.workshop.organisation, 1, random.Random(3))
    with pytest.raises(DomainError, match="is een voorgedrukt label dat nog op geen apparaat zit"):
        receive_scanned(intake.workshop, intake.donation, label.tag)


def test_a_device_without_a_pledge_is_registered_with_a_preprinted_label_and_received_at_once(intake, session):
    label, = print_preprinted(intake.workshop, intake.workshop.organisation, 1, random.Random(4))
    row = {"kind": "tablet", "brand": "Apple", "model": "iPad", "serial_number": "EXTRA-1"}
    device = register_and_receive(intake.workshop, intake.donation, row, f"https://x.example/D/{format_tag(label.tag)}")
    assert device.asset_tag == label.tag and label.device_id == device.id
    assert device.donation_id == intake.donation.id and device.kind == DeviceKind.TABLET
    assert device.status == S.RECEIVED and device.custodian_id == intake.workshop.organisation_id
    kinds = [(event.kind, event.to_status, event.note) for event in session.scalars(
        select(DeviceEvent).where(DeviceEvent.device_id == device.id).order_by(DeviceEvent.id))]
    assert kinds == [(EventKind.CREATED, S.PLEDGED, None),
                     (EventKind.STATUS_CHANGED, S.RECEIVED, str(receiving.REGISTERED_ON_ARRIVAL))]


def test_a_device_without_a_pledge_gets_a_new_tag_when_no_label_is_given(intake):
    device = register_and_receive(intake.workshop, intake.donation, {"kind": "laptop", "serial_number": "EXTRA-2"}, "")
    assert device.asset_tag not in {d.asset_tag for d in intake.devices} and device.status == S.RECEIVED


@pytest.mark.parametrize(("row", "label", "field"), [
    ({"kind": "laptop", "serial_number": ""}, "", "serial_number"),
    ({"kind": "telefoon", "serial_number": "X-1"}, "", "kind"),
    ({"kind": "laptop", "serial_number": "{serial}"}, "", "serial_number"),
    ({"kind": "laptop", "serial_number": "X-2"}, "AD-000-000-00", "preprinted_tag"),
])
def test_a_refused_registration_writes_nothing(intake, session, row, label, field):
    row = {name: value.format(serial=intake.devices[0].serial_number) for name, value in row.items()}
    count = session.scalar(select(func.count()).select_from(Device))
    with pytest.raises(DomainError) as refused:
        register_and_receive(intake.workshop, intake.donation, row, label)
    problems = refused.value.rows[0].problems if isinstance(refused.value, RowsRefused) else {refused.value.field: 1}
    assert field in problems
    assert session.scalar(select(func.count()).select_from(Device)) == count


def test_closing_lists_the_devices_not_received_and_a_late_one_can_still_be_received(intake, session):
    receive_scanned(intake.workshop, intake.donation, intake.devices[1].asset_tag)
    missing = close_receiving(intake.workshop, intake.donation)
    assert missing == [intake.devices[0], intake.devices[2]]
    assert intake.donation.closed_at is not None
    assert [device.status for device in missing] == [S.PLEDGED, S.PLEDGED]
    with pytest.raises(DomainError, match="al afgesloten"):
        close_receiving(intake.workshop, intake.donation)
    receive_scanned(intake.workshop, intake.donation, intake.devices[2].asset_tag)
    assert receiving.missing_devices(intake.donation) == [intake.devices[0]]


def test_closing_is_refused_before_collection_for_another_workshop_and_for_a_cancelled_donation(intake, make, session):
    with pytest.raises(DomainError, match="nog niet opgehaald"):
        close_receiving(intake.workshop, intake.donation)
    mark_collected(intake.donation, intake.workshop)
    with pytest.raises(DomainError, match="Dit is geen donatie van jullie"):
        close_receiving(workshop_in(make), intake.donation)
    other = new_intake(make, session)
    cancel(other.donation, other.donor)
    with pytest.raises(DomainError, match="geannuleerd"):
        close_receiving(other.workshop, other.donation)
    assert intake.donation.closed_at is None and other.donation.closed_at is None
    assert close_receiving(make.user(K.COORDINATOR), intake.donation) == intake.devices


#: what a donation in the receive list can have been through
HISTORIES = ("new", "collected", "partly", "all", "closed", "cancelled", "empty", "empty_collected", "unassigned")


def build(make, session, workshop: User, history: str, mine: bool) -> Donation:
    """A donation of this workshop (or another) with this history."""
    owner = workshop if mine else workshop_in(make)
    intake = new_intake(make, session, owner, devices=0 if history.startswith("empty") else 2)
    donation = intake.donation
    if history == "unassigned":
        donation.refurbisher = None
    if history in ("partly", "all", "closed"):
        for device in intake.devices[: 1 if history == "partly" else 2]:
            receive_scanned(owner, donation, device.asset_tag)
    if history in ("collected", "empty_collected"):
        mark_collected(donation, owner)
    if history == "closed":
        close_receiving(owner, donation)
    if history == "cancelled":
        cancel(donation, intake.donor)
    session.flush()
    return donation


def still_to_receive(donation: Donation) -> bool:
    """Independently: open, assigned, and either not picked up or with devices still pledged."""
    statuses = [device.status for device in donation.devices]
    arrived = [status for status in statuses if status not in (S.PLEDGED, S.CANCELLED)]
    collected = donation.collected_at is not None or bool(arrived)
    return (donation.refurbisher_id is not None and donation.cancelled_at is None and donation.closed_at is None
            and (S.PLEDGED in statuses or not collected))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(HISTORIES), st.booleans()), max_size=7))
@example([(history, mine) for history in HISTORIES for mine in (True, False)])
def test_the_receive_list_holds_exactly_the_workshops_open_intakes_oldest_first(make, session, donations):
    workshop = workshop_in(make)
    built = [build(make, session, workshop, history, mine) for history, mine in donations]
    for donation in built:
        session.refresh(donation)
    expected = [donation for donation in built
                if donation.refurbisher_id == workshop.organisation_id and still_to_receive(donation)]
    found, total = open_intakes(workshop)
    assert [intake.donation for intake in found] == expected and total == len(expected)
    for intake in found:
        statuses = [device.status for device in intake.donation.devices]
        assert intake.waiting == statuses.count(S.PLEDGED)
        assert intake.listed == len(statuses) - statuses.count(S.CANCELLED)
        assert intake.collected == (intake.donation.collected_at is not None or intake.arrived > 0)
    coordinator, coordinator_sees, page = make.user(K.COORDINATOR), set(), 1
    while found := open_intakes(coordinator, page)[0]:
        coordinator_sees |= {intake.donation.id for intake in found}
        page += 1
    assert {donation.id for donation in built if still_to_receive(donation)} <= coordinator_sees


def test_the_receive_list_is_paged(make, session, monkeypatch):
    monkeypatch.setattr(receiving, "PER_PAGE", 2)
    workshop = workshop_in(make)
    made = [new_intake(make, session, workshop, devices=1).donation for _ in range(5)]
    pages = [open_intakes(workshop, page) for page in (1, 2, 3)]
    assert [[intake.donation for intake in page] for page, _total in pages] == [made[0:2], made[2:4], made[4:5]]
    assert {total for _page, total in pages} == {5}
