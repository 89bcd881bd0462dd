"""Importing a spreadsheet on the page: preview with every row's problems, then all rows or none."""
import io
import re

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus, EventKind, OrganisationKind as K, StorageType
from allemaaldigitaal.core.models import AssetTag, Device, DeviceEvent
from allemaaldigitaal.donations.services import create_donation

from .devices_corpus import bad_files, good_files, text_file


@pytest.fixture
def donor(make):
    return make.one(K.DONOR)


@pytest.fixture
def donation(make, donor, session):
    donation = create_donation(donor.organisation, donor, refurbisher=make.one(K.REFURBISHER).organisation)
    session.flush()
    return donation


@pytest.fixture
def signed_in(client, login, donor):
    login(client, donor)
    return client


def upload(client, donation, data: bytes, name: str):
    return client.post(f"/donaties/{donation.reference}/importeren",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def confirm(client, donation, page: str):
    token = re.search(r'name="rows" type="hidden" value="([^"]+)"', page)
    assert token, "no confirm form on the preview"
    return client.post(f"/donaties/{donation.reference}/importeren/bevestigen", data={"rows": token.group(1)})


def device_count(session, donation) -> int:
    return session.scalar(select(func.count()).select_from(Device).where(Device.donation_id == donation.id))


def test_the_upload_page_offers_templates_in_both_languages(signed_in, donation):
    page = signed_in.get(f"/donaties/{donation.reference}/importeren").get_data(as_text=True)
    for path in ("nl.xlsx", "nl.csv", "en.xlsx", "en.csv"):
        assert f"/donaties/voorbeeldbestand/{path}" in page
        assert signed_in.get(f"/donaties/voorbeeldbestand/{path}").status_code == 200


def test_a_good_file_is_previewed_then_saved_on_confirmation(signed_in, session, donation, donor):
    preview = upload(signed_in, donation, text_file("good_nl_semicolon.csv"), "apparaten.csv")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Alle regels kloppen: 3 apparaten" in page
    assert device_count(session, donation) == 0, "nothing is saved before the donor confirms"
    answer = confirm(signed_in, donation, page)
    assert answer.status_code == 302
    devices = session.scalars(select(Device).where(Device.donation_id == donation.id).order_by(Device.serial_number)).all()
    assert [device.serial_number for device in devices] == ["NL-SEMI-1", "NL-SEMI-2", "NL-SEMI-3"]
    first = devices[0]
    assert (first.kind, first.brand, first.model, first.donor_asset_number, first.cpu) == (
        DeviceKind.LAPTOP, "Lenovo", "ThinkPad T480", "IT-0001", "Intel Core i5-8250U")
    assert (first.ram_gb, first.storage_gb, first.storage_type, first.storage_media_count, first.charger_included) == (
        8, 256, StorageType.SSD, 1, True)
    assert devices[1].kind == DeviceKind.TABLET and devices[1].charger_included is False
    assert devices[2].storage_type == StorageType.NVME and devices[2].charger_included is None
    for device in devices:
        assert device.status == DeviceStatus.PLEDGED
        assert session.get(AssetTag, device.asset_tag) is not None
        events = session.scalars(select(DeviceEvent).where(DeviceEvent.device_id == device.id)).all()
        assert [(e.kind, e.to_status, e.actor_id, e.organisation_id) for e in events] == [
            (EventKind.CREATED, DeviceStatus.PLEDGED, donor.id, donor.organisation_id)]


@pytest.mark.parametrize("name", sorted(good_files("G")))
def test_every_accepted_form_lands(signed_in, session, donation, name):
    data, count = good_files(f"G{name}")[name]
    page = upload(signed_in, donation, data, name).get_data(as_text=True)
    assert confirm(signed_in, donation, page).status_code == 302
    assert device_count(session, donation) == count
    if count == 2:
        models = set(session.scalars(select(Device.model).where(Device.donation_id == donation.id)))
        assert "Aspire één" in models


@pytest.mark.parametrize("name", sorted(bad_files()))
def test_a_bad_file_gets_a_clear_message_and_nothing_is_saved(signed_in, session, donation, name):
    answer = upload(signed_in, donation, bad_files()[name], name)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'id="error-summary"' in page
    assert 'name="rows"' not in page
    assert device_count(session, donation) == 0


def test_every_row_problem_is_listed_and_nothing_can_be_confirmed(signed_in, session, donation):
    page = upload(signed_in, donation, text_file("row_problems.csv"), "fouten.csv").get_data(as_text=True)
    assert "Regels die niet kloppen: 4" in page
    for words in ("&#39;phone&#39; kennen we niet als soort", "Vul het serienummer in", "&#39;acht&#39; is geen heel getal",
                  "&#39;-5&#39; is geen heel getal van 0", "&#39;0&#39; is geen heel getal van 1",
                  "&#39;floppy&#39; kennen we niet als soort opslag", "Vul ja of nee in"):
        assert words in page, words
    assert 'name="rows"' not in page
    assert device_count(session, donation) == 0


def test_a_serial_twice_in_the_file_is_named_on_the_later_row(signed_in, session, donation):
    page = upload(signed_in, donation, text_file("serial_twice.csv"), "dubbel.csv").get_data(as_text=True)
    assert "Dit serienummer staat ook op regel 2." in page
    assert device_count(session, donation) == 0


def test_a_serial_already_registered_is_refused(signed_in, session, donation, make):
    make.device(serial_number="NL-SEMI-2")
    page = upload(signed_in, donation, text_file("good_nl_semicolon.csv"), "a.csv").get_data(as_text=True)
    assert "Een apparaat met dit serienummer is al aangemeld." in page
    assert device_count(session, donation) == 0


def test_a_value_too_long_is_refused(signed_in, session, donation):
    data = f"soort;serienummer;merk\r\nlaptop;LONG-1;{'x' * 101}\r\n".encode()
    page = upload(signed_in, donation, data, "lang.csv").get_data(as_text=True)
    assert "Dit is te lang: hoogstens 100 tekens." in page


def test_formulas_are_saved_as_text(signed_in, session, donation):
    page = upload(signed_in, donation, text_file("formulas.csv"), "formules.csv").get_data(as_text=True)
    confirm(signed_in, donation, page)
    brands = set(session.scalars(select(Device.brand).where(Device.donation_id == donation.id)))
    assert brands == {'=HYPERLINK("http://evil.example")', "-Acer"}


def test_a_row_registered_between_preview_and_confirmation_refuses_them_all(signed_in, session, donation, make):
    page = upload(signed_in, donation, text_file("good_nl_semicolon.csv"), "a.csv").get_data(as_text=True)
    make.device(serial_number="nl-semi-3")
    answer = confirm(signed_in, donation, page)
    assert "Een apparaat met dit serienummer is al aangemeld." in answer.get_data(as_text=True)
    assert device_count(session, donation) == 0


def test_a_preview_cannot_be_confirmed_for_another_donation_or_when_tampered(signed_in, session, donation, donor):
    page = upload(signed_in, donation, text_file("good_en_comma.csv"), "a.csv").get_data(as_text=True)
    other = create_donation(donor.organisation, donor)
    session.flush()
    assert confirm(signed_in, other, page).status_code == 302
    assert device_count(session, other) == 0
    tampered = page.replace('name="rows" type="hidden" value="', 'name="rows" type="hidden" value="x')
    confirm(signed_in, donation, tampered)
    assert device_count(session, donation) == 0


def test_the_fixed_file_lands_after_a_refused_one(signed_in, session, donation):
    upload(signed_in, donation, text_file("serial_twice.csv"), "dubbel.csv")
    fixed = text_file("serial_twice.csv").replace(b"dup-1", b"DUP-3")
    page = upload(signed_in, donation, fixed, "dubbel.csv").get_data(as_text=True)
    confirm(signed_in, donation, page)
    assert device_count(session, donation) == 3


def test_another_donors_donation_is_not_found(client, login, make, donation):
    login(client, make.user(K.DONOR))
    assert upload(client, donation, text_file("good_en_comma.csv"), "a.csv").status_code == 404
    assert client.get(f"/donaties/{donation.reference}/importeren").status_code == 404
