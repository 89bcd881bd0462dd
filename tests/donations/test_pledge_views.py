"""The donation pages: pledge, see, edit, cancel (after a confirmation page), assign, take and collect."""
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models import Donation, OutboxMail
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations import services

from ..test_access_matrix import changed_tables, snapshot
from .pledge_world import donor_in, pickup, workshop_in

FORM = {
    "pickup_address": "Stationsplein 1", "pickup_postcode": "3511ed", "pickup_city": "Utrecht",
    "contact_name": "Ayşe Ağaoğlu", "contact_phone": "030 123 4567", "contact_email": "ayse@example.org",
    "pickup_from": "2026-12-07T09:00", "pickup_until": "2026-12-07T17:00", "expected_laptops": "10",
    "expected_tablets": "2", "notes": "",
}


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_a_donor_pledges_on_the_page_and_lands_on_its_donation(client, make, login, session):
    donor = donor_in(make)
    login(client, donor)
    assert "Nieuwe donatie" in page(client, "/donaties/nieuw")
    response = client.post("/donaties/nieuw", data=FORM)
    assert response.status_code == 302
    donation = session.scalar(select(Donation).where(Donation.donor_id == donor.organisation_id))
    assert response.location == f"/donaties/{donation.reference}"
    assert (donation.pickup_postcode, donation.expected_laptops, donation.pickup_from.hour) == ("3511 ED", 10, 8)
    shown = page(client, response.location)
    assert "Ayşe Ağaoğlu" in shown and "Wacht op een werkplaats" in shown and "Volgende stap" in shown
    assert donation.reference in page(client, "/donaties")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("pickup_postcode", "0123 AB", "Vul een postcode in zoals 1234 AB."),
    ("expected_laptops", "twee", "Vul een heel getal in"),
    ("pickup_until", "2026-12-07T08:00", "Het einde van de ophaaltijd moet na het begin liggen."),
    ("contact_email", "", "Vul een e-mailadres in."),
])
def test_a_wrong_field_is_shown_and_nothing_is_saved(client, make, login, session, field, value, message):
    login(client, donor_in(make))
    before = session.scalar(select(func.count()).select_from(Donation))
    response = client.post("/donaties/nieuw", data={**FORM, field: value})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Donation)) == before


def test_the_detail_lists_devices_with_tag_kind_model_serial_and_status(client, make, login):
    donor = donor_in(make)
    donation = services.pledge(donor, pickup())
    add_device(donation, donor, DeviceSpecs(kind=DeviceKind.TABLET, brand="Apple", model="iPad 9", serial_number="SN-77"))
    login(client, donor)
    shown = page(client, f"/donaties/{donation.reference}")
    assert "Apple iPad 9" in shown and "SN-77" in shown and 'data-status="pledged"' in shown and "Tablet" in shown
    assert "Aantal apparaten per status" in shown


@pytest.mark.parametrize("path", ["/donaties/{ref}", "/donaties/{ref}/wijzigen", "/donaties/{ref}/annuleren/bevestigen"])
def test_another_donors_donation_is_not_found(client, make, login, path):
    donation = services.pledge(donor_in(make), pickup())
    login(client, donor_in(make))
    assert client.get(path.format(ref=donation.reference)).status_code == 404


def test_another_donor_cannot_cancel_and_nothing_changes(client, make, login, session):
    donation = services.pledge(donor_in(make), pickup())
    login(client, donor_in(make))
    assert client.post(f"/donaties/{donation.reference}/annuleren").status_code == 404
    session.refresh(donation)
    assert donation.cancelled_at is None


def test_a_workshop_sees_only_the_donations_assigned_to_it(client, make, login):
    donation = services.pledge(donor_in(make), pickup())
    services.take(donation, workshop_in(make))
    login(client, workshop_in(make, "Drenthe"))
    assert client.get(f"/donaties/{donation.reference}").status_code == 404
    assert donation.reference not in page(client, "/donaties")


def test_the_confirmation_page_writes_nothing_and_the_post_cancels(client, make, login, session):
    donor = donor_in(make)
    donation = services.pledge(donor, pickup())
    device = add_device(donation, donor, DeviceSpecs(kind=DeviceKind.LAPTOP, serial_number="X1"))
    login(client, donor)
    before = snapshot(session)
    shown = page(client, f"/donaties/{donation.reference}/annuleren/bevestigen")
    assert "Ja, annuleer de donatie" in shown and f'action="/donaties/{donation.reference}/annuleren"' in shown
    assert changed_tables(before, snapshot(session)) == []
    assert client.post(f"/donaties/{donation.reference}/annuleren").status_code == 302
    session.refresh(device)
    session.refresh(donation)
    assert device.status == S.CANCELLED and donation.cancelled_at is not None
    assert "Geannuleerd" in page(client, f"/donaties/{donation.reference}")
    assert client.get(f"/donaties/{donation.reference}/wijzigen").status_code == 302


def test_the_donor_edits_the_details(client, make, login, session):
    donor = donor_in(make)
    donation = services.pledge(donor, pickup())
    login(client, donor)
    assert 'value="Stationsplein 1"' in page(client, f"/donaties/{donation.reference}/wijzigen")
    response = client.post(f"/donaties/{donation.reference}/wijzigen", data={**FORM, "pickup_city": "Zeist"})
    assert response.status_code == 302
    session.refresh(donation)
    assert donation.pickup_city == "Zeist"


def test_forms_without_a_csrf_token_are_refused(app, client, make, login, session, monkeypatch):
    donor = donor_in(make)
    donation = services.pledge(donor, pickup())
    login(client, donor)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    before = snapshot(session)
    assert client.post(f"/donaties/{donation.reference}/annuleren").status_code == 400
    assert client.post("/donaties/nieuw", data=FORM).status_code == 400
    assert changed_tables(before, snapshot(session)) == []


def test_a_coordinator_assigns_on_the_page_and_mails_are_queued(client, make, login, session):
    donation = services.pledge(donor_in(make), pickup())
    workshop = workshop_in(make)
    login(client, make.user(K.COORDINATOR))
    assert donation.reference in page(client, "/donaties")
    assert workshop.organisation.name in page(client, f"/donaties/{donation.reference}/toewijzen")
    response = client.post(f"/donaties/{donation.reference}/toewijzen", data={"workshop": str(workshop.organisation_id)})
    assert response.status_code == 302
    session.refresh(donation)
    assert donation.refurbisher_id == workshop.organisation_id
    templates = set(session.scalars(select(OutboxMail.template)))
    assert {"donation_assigned_donor", "donation_assigned_workshop"} <= templates


def test_a_workshop_takes_from_its_province_list_and_marks_collected(client, make, login, session):
    donor = donor_in(make, "Utrecht")
    donation = services.pledge(donor, pickup())
    elsewhere = services.pledge(donor_in(make, "Drenthe"), pickup())
    workshop = workshop_in(make, "Utrecht")
    login(client, workshop)
    listed = page(client, "/donaties")
    assert f"Oppakken: {donation.reference}" in listed and elsewhere.reference not in listed
    assert client.post(f"/werkplaats/ontvangen/{elsewhere.reference}/oppakken").status_code == 404
    assert client.post(f"/werkplaats/ontvangen/{donation.reference}/oppakken").status_code == 302
    session.refresh(donation)
    assert donation.refurbisher_id == workshop.organisation_id
    assert "De apparaten zijn opgehaald" in page(client, f"/donaties/{donation.reference}")
    assert client.post(f"/donaties/{donation.reference}/opgehaald").status_code == 302
    session.refresh(donation)
    assert donation.collected_at is not None
    assert "donation_collected" in set(session.scalars(select(OutboxMail.template)))


def test_the_donor_start_page_shows_progress_and_the_next_step(client, make, login):
    donor = donor_in(make)
    donation = services.pledge(donor, pickup())
    login(client, donor)
    shown = page(client, "/start")
    assert donation.reference in shown and "Zet de apparaten in de lijst" in shown


def test_donations_is_in_the_navigation_of_donors_workshops_and_coordinators(client, make, login):
    for kind, shown in ((K.DONOR, True), (K.CARE, False)):
        login(client, make.user(kind))
        assert ('href="/donaties"' in page(client, "/start")) is shown
        client.post("/logout")

