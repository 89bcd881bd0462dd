"""The receive pages: the list, taking a donation, marking it collected (the donor is mailed), scanning devices with
a full page load each, registering a device without a pledge, and closing with the missing devices listed."""
import random

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models import Device, DeviceEvent
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.preprinted import print_preprinted
from allemaaldigitaal.donations import services as donations

from ..donations.pledge_world import donor_in, pickup, workshop_in
from ..mailbox import empty_outbox
from ..web.test_layout import parse
from .test_receiving import Intake, new_intake


@pytest.fixture
def intake(make, session) -> Intake:
    return new_intake(make, session)


def url(intake, part: str = "") -> str:
    return f"/werkplaats/ontvangen/{intake.donation.reference}{part}"


def text_of(response, id_: str) -> str:
    return parse(response.get_data(as_text=True)).find(id=id_).text()


def scan(client, intake, code: str):
    return client.post(url(intake), data={"code": code})


def test_the_list_shows_the_workshops_donations_to_receive_and_the_ones_it_may_take(client, login, make, session,
                                                                                      intake):
    theirs = new_intake(make, session)
    open_one = donations.pledge(donor_in(make), pickup())
    elsewhere = donations.pledge(donor_in(make, "Drenthe"), pickup())
    login(client, intake.workshop)
    page = client.get("/werkplaats/ontvangen")
    assert page.status_code == 200
    listed = text_of(page, "intake-list")
    assert intake.donation.reference in listed and intake.donor.organisation.name in listed
    assert "Stationsplein 1, 3511ed Utrecht van 7 december 2026, 09:00 tot 7 december 2026, 17:00 15 3 3 Nee" in listed
    assert theirs.donation.reference not in page.get_data(as_text=True)
    to_take = text_of(page, "to-take")
    assert open_one.reference in to_take and elsewhere.reference not in to_take
    assert client.post(f"/werkplaats/ontvangen/{elsewhere.reference}/oppakken").status_code == 404
    assert client.post(f"/werkplaats/ontvangen/{theirs.donation.reference}/oppakken").status_code == 404
    taken = client.post(f"/werkplaats/ontvangen/{open_one.reference}/oppakken")
    assert taken.status_code == 302 and taken.location.endswith(f"/werkplaats/ontvangen/{open_one.reference}")
    assert open_one.refurbisher_id == intake.workshop.organisation_id


def test_another_workshops_donation_is_a_404_on_every_receive_page(client, login, make, session, intake):
    login(client, workshop_in(make))
    for method, part in (("GET", ""), ("POST", ""), ("GET", "/apparaat"), ("POST", "/apparaat"), ("POST", "/opgehaald"),
                         ("GET", "/afsluiten/bevestigen"), ("POST", "/afsluiten")):
        assert client.open(url(intake, part), method=method, data={"code": intake.devices[0].asset_tag}).status_code == 404
    assert intake.devices[0].status == S.PLEDGED and intake.donation.collected_at is None


def test_marking_collected_mails_the_donor(app, client, login, intake):
    login(client, intake.workshop)
    outbox = empty_outbox(app)
    response = client.post(url(intake, "/opgehaald"))
    response.close()  # the mail goes out once the response is closed
    assert response.status_code == 302 and response.location.endswith(url(intake))
    assert intake.donation.collected_at is not None
    assert [message.to for message in outbox] == [[intake.donor.email], ["lukasz@example.org"]]  # maker and contact
    assert intake.donation.reference in outbox[0].subject and "opgehaald" in outbox[0].subject
    assert "Genoteerd: de apparaten zijn opgehaald" in client.get(url(intake)).get_data(as_text=True)


def test_each_scan_receives_one_device_and_the_lists_follow(client, login, session, intake):
    login(client, intake.workshop)
    first, second, third = intake.devices
    page = client.get(url(intake))
    assert "autofocus" in parse(page.get_data(as_text=True)).find(id="code").attrs
    assert "Nog te ontvangen (3)" in text_of(page, "waiting") and "Ontvangen (0)" in text_of(page, "arrived")
    response = scan(client, intake, f"http://localhost/D/{format_tag(second.asset_tag)}")
    assert response.status_code == 302
    page = client.get(response.location)
    assert f"Ontvangen: {format_tag(second.asset_tag)} (Dell Latitude 5490). Nog te ontvangen: 2." in text_of(
        page, "scan-result")
    waiting, arrived = text_of(page, "waiting"), text_of(page, "arrived")
    assert format_tag(second.asset_tag) in arrived and format_tag(second.asset_tag) not in waiting
    assert [format_tag(d.asset_tag) in waiting for d in (first, third)] == [True, True]
    field = parse(page.get_data(as_text=True)).find(id="code")
    assert field.attrs.get("value", "") == "" and "autofocus" in field.attrs
    scan(client, intake, first.asset_tag.lower())
    page = client.get(url(intake))
    assert "Nog te ontvangen (1)" in text_of(page, "waiting") and "Ontvangen (2)" in text_of(page, "arrived")
    assert (first.status, second.status, third.status) == (S.RECEIVED, S.RECEIVED, S.PLEDGED)


@pytest.mark.parametrize(("code", "message"), [
    ("", "Scan of typ de code van het apparaat."),
    ("AD-ZZZ-ZZZ-ZZ", "Een code heeft 9 tekens"),
    ("{other}", "hoort bij donatie {other_reference}, niet bij deze donatie"),
    ("{received}", "is al ontvangen"),
])
def test_a_refused_scan_says_why_keeps_the_focus_and_changes_nothing(client, login, make, session, intake, code,
                                                                     message):
    other = new_intake(make, session, workshop=intake.workshop)
    donations.mark_collected(intake.donation, intake.workshop)
    received = intake.devices[2]
    client_scan = {"other": other.devices[0].asset_tag, "received": received.asset_tag}
    login(client, intake.workshop)
    scan(client, intake, received.asset_tag)
    events = session.scalar(select(func.count()).select_from(DeviceEvent))
    response = scan(client, intake, code.format(**client_scan))
    assert response.status_code == 422
    result = text_of(response, "scan-result")
    assert "Niet ontvangen." in result and message.format(other_reference=other.donation.reference) in result
    field = parse(response.get_data(as_text=True)).find(id="code")
    assert "autofocus" in field.attrs and field.attrs["aria-invalid"] == "true"
    assert "scan-result" in field.attrs["aria-describedby"]
    assert session.scalar(select(func.count()).select_from(DeviceEvent)) == events
    assert other.devices[0].status == S.PLEDGED


def test_a_device_without_a_pledge_is_registered_with_a_preprinted_label(client, login, session, intake):
    label, = print_preprinted(intake.workshop, intake.workshop.organisation, 1, random.Random(5))
    login(client, intake.workshop)
    refused = scan(client, intake, label.tag)
    assert "is een voorgedrukt label" in text_of(refused, "scan-result")
    form_page = client.get(url(intake, f"/apparaat?label={format_tag(label.tag)}"))
    assert parse(form_page.get_data(as_text=True)).find(id="preprinted_tag").attrs["value"] == format_tag(label.tag)
    response = client.post(url(intake, "/apparaat"), data={
        "kind": "tablet", "brand": "Apple", "model": "iPad", "serial_number": "ARRIVED-1",
        "preprinted_tag": format_tag(label.tag),
    })
    assert response.status_code == 302
    device = session.scalar(select(Device).where(Device.serial_number == "ARRIVED-1"))
    assert device.asset_tag == label.tag and device.status == S.RECEIVED and device.donation_id == intake.donation.id
    assert f"Ontvangen: {format_tag(label.tag)} (Apple iPad)" in text_of(client.get(response.location), "scan-result")


def test_a_device_without_a_pledge_gets_a_new_tag_and_a_bad_form_shows_its_problems(client, login, session, intake):
    login(client, intake.workshop)
    refused = client.post(url(intake, "/apparaat"), data={
        "kind": "laptop", "serial_number": intake.devices[0].serial_number, "preprinted_tag": "",
    })
    assert refused.status_code == 200
    assert "Er ging iets mis" in text_of(refused, "error-summary")
    assert session.scalar(select(func.count()).where(Device.donation_id == intake.donation.id)) == 3
    response = client.post(url(intake, "/apparaat"), data={"kind": "laptop", "serial_number": "ARRIVED-2"})
    assert response.status_code == 302
    device = session.scalar(select(Device).where(Device.serial_number == "ARRIVED-2"))
    assert device.status == S.RECEIVED and device.asset_tag not in {d.asset_tag for d in intake.devices}


def test_closing_confirms_first_lists_the_missing_devices_and_records_it(client, login, session, intake):
    login(client, intake.workshop)
    refused = client.get(url(intake, "/afsluiten/bevestigen"))
    assert refused.status_code == 302 and intake.donation.closed_at is None  # nothing collected yet
    scan(client, intake, intake.devices[0].asset_tag)
    confirm = client.get(url(intake, "/afsluiten/bevestigen"))
    assert confirm.status_code == 200 and intake.donation.closed_at is None
    missing = text_of(confirm, "missing-list")
    assert [format_tag(d.asset_tag) in missing for d in intake.devices] == [False, True, True]
    response = client.post(url(intake, "/afsluiten"))
    assert response.status_code == 302 and intake.donation.closed_at is not None
    page = client.get(url(intake))
    body = page.get_data(as_text=True)
    assert "2 apparaten zijn niet ontvangen" in body
    waiting = text_of(page, "waiting")
    assert "Niet ontvangen (2)" in waiting and format_tag(intake.devices[1].asset_tag) in waiting
    assert intake.donation.reference not in text_of(client.get("/werkplaats/ontvangen"), "intakes")


def test_a_coordinator_receives_for_the_donations_workshop(client, login, make, intake):
    login(client, make.user(K.COORDINATOR))
    assert intake.donation.reference in client.get("/werkplaats/ontvangen").get_data(as_text=True)
    assert scan(client, intake, intake.devices[0].asset_tag).status_code == 302
    assert intake.devices[0].custodian_id == intake.workshop.organisation_id
