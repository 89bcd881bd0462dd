"""The donations API: the same services and scoping as the pages; 422 names every field with a problem."""
import pytest

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceKind, OrganisationKind as K
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations import services

from .pledge_world import donor_in, pickup, workshop_in

BODY = {
    "pickup_address": "Stationsplein 1", "pickup_postcode": "3511 ed", "pickup_city": "Utrecht",
    "contact_name": "Łukasz Wiśniewski", "contact_phone": "030 123 4567", "contact_email": "lukasz@example.org",
    "pickup_from": "2026-12-07T09:00:00+01:00", "pickup_until": "2026-12-07T17:00:00+01:00",
    "expected_laptops": 4, "expected_tablets": 0, "notes": None,
}


def bearer(user) -> dict:
    _token, raw = create_token(user, "Test")
    return {"Authorization": f"Bearer {raw}"}


def test_a_donor_pledges_through_the_api(client, make):
    donor = donor_in(make)
    response = client.post("/api/v1/donations", json=BODY, headers=bearer(donor))
    assert response.status_code == 201, response.json
    body = response.json
    assert body["reference"].startswith("DON-") and body["pickup_postcode"] == "3511 ED"
    assert (body["state"], body["workshop"], body["devices"], body["expected_laptops"]) == ("waiting", None, [], 4)
    assert body["pickup_from"].startswith("2026-12-07T08:00:00")


def test_the_list_and_the_detail_are_scoped(client, make):
    donor, other = donor_in(make), donor_in(make)
    mine = services.pledge(donor, pickup())
    add_device(mine, donor, DeviceSpecs(kind=DeviceKind.LAPTOP, brand="Dell", serial_number="API-1"))
    theirs = services.pledge(other, pickup())
    headers = bearer(donor)
    listed = [item["reference"] for item in client.get("/api/v1/donations", headers=headers).json]
    assert mine.reference in listed and theirs.reference not in listed
    detail = client.get(f"/api/v1/donations/{mine.reference}", headers=headers).json
    device, = detail["devices"]
    assert (device["brand"], device["serial_number"], device["status"], device["kind"]) == ("Dell", "API-1", "pledged",
                                                                                          "laptop")
    assert device["tag"].startswith("AD-") and detail["device_counts"] == {"pledged": 1}
    missing = client.get(f"/api/v1/donations/{theirs.reference}", headers=headers)
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_a_workshop_lists_its_assigned_donations_and_a_coordinator_all(client, make):
    donation = services.pledge(donor_in(make), pickup())
    workshop = workshop_in(make)
    services.take(donation, workshop)
    for user, sees in ((workshop, True), (workshop_in(make), False), (make.user(K.COORDINATOR), True)):
        listed = [item["reference"] for item in client.get("/api/v1/donations", headers=bearer(user)).json]
        assert (donation.reference in listed) is sees


def test_only_donors_pledge(client, make):
    assert client.post("/api/v1/donations", json=BODY, headers=bearer(make.user(K.COORDINATOR))).status_code == 403


@pytest.mark.parametrize(("changes", "location", "fields"), [
    ({"pickup_postcode": "12", "expected_laptops": "4", "contact_email": "x"}, "json",
     {"pickup_postcode", "expected_laptops", "contact_email"}),
    ({"expected_tablets": 1.5}, "json", {"expected_tablets"}),
    ({"expected_laptops": -1}, "json", {"expected_laptops"}),
    ({"pickup_until": "2026-12-07T08:00:00+01:00"}, "json", {"pickup_until"}),
    ({"expected_laptops": 0}, "json", {"expected_laptops"}),
])
def test_a_wrong_pledge_is_a_422_naming_each_field(client, make, changes, location, fields):
    response = client.post("/api/v1/donations", json={**BODY, **changes}, headers=bearer(donor_in(make)))
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert set(response.json["errors"][location]) == fields
