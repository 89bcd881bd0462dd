"""Adding one device on the page: who may, what is checked, suggestions, and the pre-printed label for workshops."""
import pytest
from sqlalchemy import select

from allemaaldigitaal.core.enums import DeviceStatus, EventKind, OrganisationKind as K, StorageType
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.devices.preprinted import print_preprinted
from allemaaldigitaal.donations.services import create_donation

FORM = {"kind": "laptop", "brand": "Lenovo", "model": "ThinkPad X1", "serial_number": "ONE-1", "donor_asset_number": "IT-9",
        "cpu": "i7", "ram_gb": "16", "storage_gb": "512", "storage_type": "nvme", "storage_media_count": "1",
        "charger_included": "ja"}


@pytest.fixture
def donation(make, session):
    donor = make.one(K.DONOR)
    donation = create_donation(donor.organisation, donor, refurbisher=make.one(K.REFURBISHER).organisation)
    session.flush()
    return donation


def path(donation) -> str:
    return f"/donaties/{donation.reference}/apparaten/nieuw"


def devices_of(session, donation) -> list[Device]:
    return session.scalars(select(Device).where(Device.donation_id == donation.id)).all()


def test_the_donor_adds_a_device_that_gets_a_tag_and_starts_pledged(client, login, make, session, donation):
    login(client, make.one(K.DONOR))
    answer = client.post(path(donation), data=FORM)
    assert answer.status_code == 302
    [device] = devices_of(session, donation)
    assert (device.serial_number, device.ram_gb, device.storage_type) == ("ONE-1", 16, StorageType.NVME)
    assert device.charger_included is True
    assert device.status == DeviceStatus.PLEDGED and device.asset_tag
    assert [event.kind for event in device.events] == [EventKind.CREATED]


def test_add_and_another_comes_back_to_an_empty_form(client, login, make, donation):
    login(client, make.one(K.DONOR))
    answer = client.post(path(donation), data={**FORM, "another": "1"})
    assert answer.location.endswith(path(donation))


@pytest.mark.parametrize("change,words", [
    ({"serial_number": ""}, "Vul het serienummer in"),
    ({"ram_gb": "veel"}, "&#39;veel&#39; is geen heel getal"),
    ({"brand": "x" * 101}, "hoogstens 100 tekens"),
    ({"kind": "phone"}, "&#39;phone&#39; kennen we niet als soort"),
    ({"storage_type": "floppy"}, "kennen we niet als soort opslag"),
])
def test_a_wrong_value_is_named_next_to_its_field_and_nothing_is_saved(client, login, make, session, donation, change, words):
    login(client, make.one(K.DONOR))
    page = client.post(path(donation), data={**FORM, **change}).get_data(as_text=True)
    assert words in page
    assert devices_of(session, donation) == []


def test_a_serial_that_is_already_registered_is_refused(client, login, make, session, donation):
    make.device(serial_number="one-1")
    login(client, make.one(K.DONOR))
    page = client.post(path(donation), data=FORM).get_data(as_text=True)
    assert "Een apparaat met dit serienummer is al aangemeld." in page
    assert devices_of(session, donation) == []


def test_brand_and_model_are_suggested_from_what_is_registered(client, login, make, donation):
    make.device(brand="Fairphone", model="Tab 5")
    login(client, make.one(K.DONOR))
    page = client.get(path(donation)).get_data(as_text=True)
    assert '<datalist id="brand-suggestions">' in page and '<option value="Fairphone">' in page
    assert '<option value="Tab 5">' in page
    assert 'list="brand-suggestions"' in page


def test_only_a_workshop_or_coordinator_may_give_a_preprinted_label(client, login, make, session, donation):
    login(client, make.one(K.DONOR))
    assert 'name="preprinted_tag"' not in client.get(path(donation)).get_data(as_text=True)
    workshop = make.one(K.REFURBISHER)
    [label] = print_preprinted(workshop, workshop.organisation, 1)
    client.post("/logout")
    login(client, workshop)
    assert 'name="preprinted_tag"' in client.get(path(donation)).get_data(as_text=True)
    assert client.post(path(donation), data={**FORM, "preprinted_tag": label.tag}).status_code == 302
    [device] = devices_of(session, donation)
    assert device.asset_tag == label.tag


def test_a_donor_cannot_slip_in_a_preprinted_label(client, login, make, session, donation):
    workshop = make.one(K.REFURBISHER)
    [label] = print_preprinted(workshop, workshop.organisation, 1)
    login(client, make.one(K.DONOR))
    client.post(path(donation), data={**FORM, "preprinted_tag": label.tag})
    [device] = devices_of(session, donation)
    assert device.asset_tag != label.tag


def test_the_donor_may_not_add_once_the_donation_is_collected(client, login, make, session, donation):
    donor, workshop = make.one(K.DONOR), make.one(K.REFURBISHER)
    login(client, donor)
    client.post(path(donation), data=FORM)
    apply_transition(devices_of(session, donation)[0], DeviceStatus.RECEIVED, actor=workshop, custodian=workshop.organisation)
    session.flush()
    assert client.get(path(donation)).status_code == 403
    assert client.post(path(donation), data={**FORM, "serial_number": "ONE-2"}).status_code == 403
    assert client.get(f"/donaties/{donation.reference}/importeren").status_code == 403
    client.post("/logout")
    login(client, workshop)
    assert client.post(path(donation), data={**FORM, "serial_number": "ONE-2"}).status_code == 302


@pytest.mark.parametrize("kind,status", [(K.DONOR, 404), (K.REFURBISHER, 404), (K.CARE, 403), (K.COORDINATOR, 200)])
def test_who_else_may_open_the_page(client, login, make, donation, kind, status):
    login(client, make.user(kind))
    assert client.get(path(donation)).status_code == status


def test_the_donation_page_links_to_adding_and_importing_while_allowed(client, login, make, session, donation):
    login(client, make.one(K.DONOR))
    page = client.get(f"/donaties/{donation.reference}").get_data(as_text=True)
    assert path(donation) in page and f"/donaties/{donation.reference}/importeren" in page
    client.post(path(donation), data=FORM)
    workshop = make.one(K.REFURBISHER)
    apply_transition(devices_of(session, donation)[0], DeviceStatus.RECEIVED, actor=workshop, custodian=workshop.organisation)
    session.flush()
    assert path(donation) not in client.get(f"/donaties/{donation.reference}").get_data(as_text=True)
