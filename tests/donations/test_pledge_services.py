"""The pledge services: checked details, references, assigning and taking, editing and cancelling until collected."""
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import DeviceEvent, Donation, DonationCounter, OutboxMail
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations import services
from allemaaldigitaal.donations.services import create_donation, next_donation_reference

from .pledge_world import GOOD, donor_in, pickup, workshop_in


def mails_to(session, address: str) -> list[OutboxMail]:
    return list(session.scalars(select(OutboxMail).where(OutboxMail.recipient == address).order_by(OutboxMail.id)))


def test_a_pledge_stores_the_cleaned_details_and_gets_the_next_reference_of_the_year(make, session):
    donor = donor_in(make)
    first = services.pledge(donor, pickup())
    second = services.pledge(donor, pickup(pickup_postcode=" 3511 ED "))
    year = utcnow().year
    assert re.fullmatch(rf"DON-{year}-\d{{5}}", first.reference)
    assert int(second.reference[-5:]) == int(first.reference[-5:]) + 1
    assert (first.pickup_postcode, first.contact_email, first.expected_laptops, first.expected_tablets) == (
        "3511 ED", "lukasz@example.org", 12, 3)
    assert first.donor is donor.organisation and first.created_by_id == donor.id
    assert session.get(DonationCounter, year).last == int(second.reference[-5:])


def test_the_counter_starts_a_new_year_at_one(make, session):
    session.add(DonationCounter(year=utcnow().year + 1, last=41))
    session.flush()
    assert next_donation_reference().startswith(f"DON-{utcnow().year}-")
    assert session.get(DonationCounter, utcnow().year + 1).last == 41


def test_existing_callers_without_details_still_make_a_donation(make):
    donor = make.user(K.DONOR)
    donation = create_donation(donor.organisation, donor)
    assert donation.reference.startswith("DON-") and donation.expected_laptops == 0


@pytest.mark.parametrize(("changes", "field"), [
    ({"pickup_address": "  "}, "pickup_address"),
    ({"pickup_postcode": None}, "pickup_postcode"),
    ({"pickup_postcode": "0123 AB"}, "pickup_postcode"),
    ({"pickup_postcode": "1234 SS"}, "pickup_postcode"),
    ({"pickup_city": ""}, "pickup_city"),
    ({"contact_name": None}, "contact_name"),
    ({"contact_phone": ""}, "contact_phone"),
    ({"contact_email": "geen adres"}, "contact_email"),
    ({"contact_name": "x" * 201}, "contact_name"),
    ({"notes": "x" * 2001}, "notes"),
    ({"pickup_until": GOOD["pickup_from"]}, "pickup_until"),
    ({"expected_laptops": -1}, "expected_laptops"),
    ({"expected_tablets": 10_001}, "expected_tablets"),
    ({"expected_laptops": 0, "expected_tablets": 0}, "expected_laptops"),
])
def test_a_pledge_with_a_problem_is_refused_on_its_field_and_nothing_is_made(make, session, changes, field):
    donor = donor_in(make)
    before = session.scalar(select(func.count()).select_from(Donation))
    with pytest.raises(DomainError) as refused:
        services.pledge(donor, pickup(**changes))
    assert refused.value.field == field
    assert session.scalar(select(func.count()).select_from(Donation)) == before


def test_only_a_donor_can_pledge(make):
    with pytest.raises(DomainError):
        services.pledge(make.user(K.REFURBISHER), pickup())


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(laptops=st.integers(-5, 10_005), tablets=st.integers(-5, 10_005))
def test_expected_numbers_are_whole_numbers_from_0_to_10000_with_at_least_one_device(make, laptops, tablets):
    donor = make.one(K.DONOR)
    allowed = 0 <= laptops <= 10_000 and 0 <= tablets <= 10_000 and laptops + tablets > 0
    try:
        services.pledge(donor, pickup(expected_laptops=laptops, expected_tablets=tablets))
        accepted = True
    except DomainError:
        accepted = False
    assert accepted == allowed


def test_a_coordinator_assigns_and_both_sides_get_a_mail(make, session):
    donor = donor_in(make)
    donation = services.pledge(donor, pickup())
    workshop = workshop_in(make, contact_email="werkplaats@example.org")
    services.assign(donation, make.user(K.COORDINATOR), workshop.organisation)
    assert donation.refurbisher is workshop.organisation
    to_donor = mails_to(session, donor.email)
    assert [mail.template for mail in to_donor] == ["donation_assigned_donor"]
    assert donation.reference in to_donor[0].subject and workshop.organisation.name in to_donor[0].text
    assert [mail.template for mail in mails_to(session, "lukasz@example.org")] == ["donation_assigned_donor"]
    to_workshop = mails_to(session, "werkplaats@example.org")
    assert [mail.template for mail in to_workshop] == ["donation_assigned_workshop"]
    assert to_workshop[0].language == "nl" and f"/donaties/{donation.reference}" in to_workshop[0].text


def test_only_a_coordinator_assigns_and_only_to_an_active_workshop(make):
    donation = services.pledge(donor_in(make), pickup())
    workshop = workshop_in(make)
    with pytest.raises(DomainError):
        services.assign(donation, workshop, workshop.organisation)
    coordinator = make.user(K.COORDINATOR)
    with pytest.raises(DomainError):
        services.assign(donation, coordinator, make.user(K.CARE).organisation)
    workshop.organisation.active = False
    with pytest.raises(DomainError):
        services.assign(donation, coordinator, workshop.organisation)


def test_a_workshop_takes_an_unassigned_donation_of_its_province_only(make, session):
    here = services.pledge(donor_in(make, "Utrecht"), pickup())
    elsewhere = services.pledge(donor_in(make, "Drenthe"), pickup())
    nowhere = services.pledge(donor_in(make, None), pickup())
    workshop = workshop_in(make, "Utrecht")
    listed = list(session.scalars(services.takeable(workshop.organisation)))
    assert here in listed and elsewhere not in listed and nowhere not in listed
    for refused in (elsewhere, nowhere):
        with pytest.raises(DomainError):
            services.take(refused, workshop)
    services.take(here, workshop)
    assert here.refurbisher is workshop.organisation
    assert here not in list(session.scalars(services.takeable(workshop.organisation)))
    with pytest.raises(DomainError):
        services.take(here, workshop_in(make, "Utrecht"))


def test_a_workshop_without_a_province_has_nothing_to_take(make, session):
    services.pledge(donor_in(make, None), pickup())
    assert list(session.scalars(services.takeable(workshop_in(make, None).organisation))) == []


def test_a_cancelled_donation_cannot_be_taken_or_assigned(make):
    donor = donor_in(make)
    donation = services.pledge(donor, pickup())
    services.cancel(donation, donor)
    with pytest.raises(DomainError):
        services.take(donation, workshop_in(make))
    with pytest.raises(DomainError):
        services.assign(donation, make.user(K.COORDINATOR), workshop_in(make).organisation)


def test_the_donor_edits_until_the_devices_are_collected(make, session):
    donor = donor_in(make)
    donation = services.pledge(donor, pickup())
    services.edit(donation, donor, pickup(pickup_city="Amersfoort", expected_tablets=9))
    assert (donation.pickup_city, donation.expected_tablets) == ("Amersfoort", 9)
    with pytest.raises(DomainError):
        services.edit(donation, make.user(K.DONOR), pickup())
    workshop = workshop_in(make)
    services.take(donation, workshop)
    services.mark_collected(donation, workshop)
    assert donation.collected_at is not None and not services.may_change(donation)
    for change in (lambda: services.edit(donation, donor, pickup()), lambda: services.cancel(donation, donor)):
        with pytest.raises(DomainError):
            change()
    assert [mail.template for mail in mails_to(session, donor.email)] == ["donation_assigned_donor", "donation_collected"]


def test_a_received_device_counts_as_collected(make):
    device = make.device(S.RECEIVED)
    assert services.is_collected(device.donation) and not services.may_change(device.donation)


def test_cancelling_moves_the_pledged_devices_to_cancelled_through_the_lifecycle(make, session):
    donor = donor_in(make)
    donation = services.pledge(donor, pickup())
    devices = [add_device(donation, donor, DeviceSpecs(kind=DeviceKind.LAPTOP, serial_number=f"C{n}")) for n in range(3)]
    services.cancel(donation, donor)
    assert donation.cancelled_at is not None
    assert {device.status for device in devices} == {S.CANCELLED}
    events = session.scalars(select(DeviceEvent).where(DeviceEvent.device_id.in_([d.id for d in devices]),
                                                       DeviceEvent.kind == EventKind.STATUS_CHANGED)).all()
    assert len(events) == 3 and {(e.from_status, e.to_status) for e in events} == {(S.PLEDGED, S.CANCELLED)}
    with pytest.raises(DomainError):
        services.cancel(donation, donor)


def test_only_the_assigned_workshop_or_a_coordinator_marks_collected(make):
    donation = services.pledge(donor_in(make), pickup())
    with pytest.raises(DomainError):
        services.mark_collected(donation, make.user(K.COORDINATOR))  # no workshop yet
    workshop = workshop_in(make)
    services.take(donation, workshop)
    with pytest.raises(DomainError):
        services.mark_collected(donation, workshop_in(make))
    services.mark_collected(donation, make.user(K.COORDINATOR))
    with pytest.raises(DomainError):
        services.mark_collected(donation, workshop)
