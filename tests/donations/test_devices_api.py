"""The devices API of a donation: a JSON list or a spreadsheet, all or none, 422 with the problems per item or row."""
import io

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.donations.services import create_donation

from .devices_corpus import bad_files, good_files, text_file


@pytest.fixture
def donation(make, session):
    donor = make.one(K.DONOR)
    donation = create_donation(donor.organisation, donor, refurbisher=make.one(K.REFURBISHER).organisation)
    session.flush()
    return donation


def bearer(user) -> dict:
    _token, raw = create_token(user, "Test")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def headers(make):
    return bearer(make.one(K.DONOR))


def count(session, donation) -> int:
    return session.scalar(select(func.count()).select_from(Device).where(Device.donation_id == donation.id))


def post_list(client, donation, items, headers):
    return client.post(f"/api/v1/donations/{donation.reference}/devices", json=items, headers=headers)


def post_file(client, donation, data, name, headers):
    return client.post(f"/api/v1/donations/{donation.reference}/devices/import", headers=headers,
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_a_list_lands_whole_with_tags(client, session, donation, headers):
    items = [{"kind": "laptop", "serial_number": "API-1", "brand": "HP", "ram_gb": 8, "charger_included": True},
             {"kind": "tablet", "serial_number": "API-2", "storage_type": "emmc"}]
    answer = post_list(client, donation, items, headers)
    assert answer.status_code == 201, answer.json
    assert answer.json["count"] == 2
    devices = {device.asset_tag: device for device in session.scalars(select(Device).where(Device.donation_id == donation.id))}
    assert set(devices) == set(answer.json["asset_tags"])
    first = devices[answer.json["asset_tags"][0]]
    assert (first.serial_number, first.ram_gb, first.charger_included, first.status) == ("API-1", 8, True, DeviceStatus.PLEDGED)


def test_one_bad_item_refuses_the_list_and_names_it(client, session, donation, headers, make):
    make.device(serial_number="TAKEN-1")
    items = [{"kind": "laptop", "serial_number": "OK-1"}, {"kind": "laptop", "serial_number": "taken-1"},
             {"kind": "laptop", "serial_number": "OK-1"}, {"kind": "tablet", "serial_number": "   "}]
    answer = post_list(client, donation, items, headers)
    assert answer.status_code == 422
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    errors = answer.json["errors"]["json"]
    assert set(errors) == {"1", "2", "3"}
    assert errors["1"]["serial_number"] == ["Een apparaat met dit serienummer is al aangemeld."]
    assert errors["2"]["serial_number"] == ["Dit serienummer staat ook op regel 0."]
    assert "serial_number" in errors["3"]
    assert count(session, donation) == 0


def test_an_item_that_breaks_the_schema_is_named_by_position(client, session, donation, headers):
    answer = post_list(client, donation, [{"kind": "laptop", "serial_number": "S-1"}, {"kind": "phone"}], headers)
    assert answer.status_code == 422
    assert set(answer.json["errors"]["json"]["1"]) == {"kind", "serial_number"}
    assert count(session, donation) == 0


@pytest.mark.parametrize("name", sorted(good_files("A")))
def test_every_accepted_file_lands(client, session, donation, headers, name):
    data, expected = good_files(f"A{name}")[name]
    answer = post_file(client, donation, data, name, headers)
    assert answer.status_code == 201, answer.json
    assert answer.json["count"] == expected == count(session, donation)


@pytest.mark.parametrize("name", sorted(bad_files()))
def test_a_bad_file_is_a_422_on_file_and_nothing_is_saved(client, session, donation, headers, name):
    answer = post_file(client, donation, bad_files()[name], name, headers)
    assert answer.status_code == 422
    assert answer.json["errors"]["files"]["file"]
    assert count(session, donation) == 0


def test_row_problems_are_named_by_row_number(client, session, donation, headers):
    answer = post_file(client, donation, text_file("row_problems.csv"), "rows.csv", headers)
    assert answer.status_code == 422
    rows = answer.json["errors"]["files"]
    assert set(rows) == {"2", "3", "4", "5"}
    assert set(rows["5"]) == {"storage_gb", "storage_media_count", "storage_type", "charger_included"}
    assert count(session, donation) == 0


def test_another_organisations_donation_is_not_found(client, session, donation, make):
    other = bearer(make.user(K.DONOR))
    assert post_list(client, donation, [{"kind": "laptop", "serial_number": "X-1"}], other).status_code == 404
    assert post_file(client, donation, text_file("good_en_comma.csv"), "a.csv", other).status_code == 404
    assert count(session, donation) == 0


def test_a_care_organisation_is_refused(client, donation, make):
    assert post_list(client, donation, [], bearer(make.user(K.CARE))).status_code == 403


def test_a_collected_or_cancelled_donation_takes_no_more_devices_409_with_the_reason(client, make, session, donation):
    from allemaaldigitaal.donations import services

    donor = make.one(K.DONOR)
    donation.collected_at = donation.created_at
    session.flush()
    answer = post_list(client, donation, [{"kind": "laptop", "serial_number": "LATE-1"}], bearer(donor))
    assert answer.status_code == 409 and answer.mimetype == "application/problem+json"
    assert "al opgehaald" in answer.json["detail"]
    fresh = create_donation(donor.organisation, donor)
    services.cancel(fresh, donor)
    session.flush()
    answer = post_file(client, fresh, text_file("good_en_comma.csv"), "a.csv", bearer(make.one(K.COORDINATOR)))
    assert answer.status_code == 409 and "geannuleerd" in answer.json["detail"]
    assert count(session, donation) == count(session, fresh) == 0


def test_a_serial_of_a_cancelled_donation_may_be_pledged_again(client, make, session, donation, headers):
    from allemaaldigitaal.donations import services

    donor = make.one(K.DONOR)
    first = create_donation(donor.organisation, donor)
    session.flush()
    assert post_list(client, first, [{"kind": "laptop", "serial_number": "AGAIN-1"}], headers).status_code == 201
    assert post_list(client, donation, [{"kind": "laptop", "serial_number": "again-1"}], headers).status_code == 422
    services.cancel(first, donor)
    session.flush()
    assert post_list(client, donation, [{"kind": "laptop", "serial_number": "again-1"}], headers).status_code == 201
