"""POST /api/v1/donations/{reference}/certificates: issue a certificate through the API, as the page's button does."""
import hashlib

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Certificate
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation

from ..mailbox import empty_outbox


def bearer(user) -> dict:
    _token, raw = create_token(user, "Script")
    return {"Authorization": f"Bearer {raw}"}


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Certificate))


@pytest.fixture
def device(make):
    return make.device(DeviceStatus.READY, brand="Lenovo", model="ThinkPad T480")


@pytest.mark.parametrize("role", [K.DONOR, K.REFURBISHER, K.COORDINATOR])
def test_issuing_answers_the_code_check_address_counts_and_the_pdf(client, make, session, device, role):
    user = make.one(role)
    headers = bearer(user)
    response = client.post(f"/api/v1/donations/{device.donation.reference}/certificates", headers=headers)
    assert response.status_code == 201, response.json
    body = response.json
    stored = session.scalar(select(Certificate))
    assert body["code"] == stored.code and stored.issued_by == user
    assert body["verify_url"].endswith(f"/certificaat/{stored.code}")
    assert body["device_count"] == 1 and body["pending_count"] == 0 and body["complete"] is True
    assert body["sha256"] == stored.sha256 and body["issued_at"]
    pdf = client.get(body["pdf_url"], headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert hashlib.sha256(pdf.data).hexdigest() == stored.sha256
    latest = client.get(f"/api/v1/donations/{device.donation.reference}/certificate.pdf", headers=headers)
    assert latest.data == pdf.data


def test_a_device_not_yet_wiped_is_counted_as_pending_and_each_issue_is_a_new_certificate(client, make, session):
    pledged = make.device(DeviceStatus.PLEDGED)
    path = f"/api/v1/donations/{pledged.donation.reference}/certificates"
    headers = bearer(make.one(K.DONOR))
    first = client.post(path, headers=headers).json
    second = client.post(path, headers=headers).json
    assert first["pending_count"] == 1 and first["complete"] is False
    assert first["code"] != second["code"] and count(session) == 2
    assert client.get(first["pdf_url"], headers=headers).status_code == 200, "a later one never replaces an earlier one"


def test_a_donation_without_devices_is_a_409_and_nothing_is_stored(client, make, session):
    donor = make.one(K.DONOR)
    donation = create_donation(donor.organisation, donor)
    session.commit()
    response = client.post(f"/api/v1/donations/{donation.reference}/certificates", headers=bearer(donor))
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert "nog geen apparaten" in response.json["detail"]
    assert count(session) == 0


@pytest.mark.parametrize("kind", [K.DONOR, K.REFURBISHER, K.CARE])
def test_another_organisation_gets_404_and_nothing_is_stored(client, make, session, device, kind):
    issued = client.post(f"/api/v1/donations/{device.donation.reference}/certificates", headers=bearer(make.one(K.DONOR)))
    headers = bearer(make.user(kind))
    reference = device.donation.reference
    assert client.post(f"/api/v1/donations/{reference}/certificates", headers=headers).status_code == 404
    assert client.get(issued.json["pdf_url"], headers=headers).status_code == 404
    assert count(session) == 1


def test_a_code_of_another_donation_is_a_404(client, make, session, device):
    donor = make.one(K.DONOR)
    headers = bearer(donor)
    other = create_donation(donor.organisation, donor)
    add_device(other, donor, DeviceSpecs(kind="laptop", serial_number="OTHER-1"))
    session.commit()
    code = client.post(f"/api/v1/donations/{other.reference}/certificates", headers=headers).json["code"]
    wrong = client.get(f"/api/v1/donations/{device.donation.reference}/certificates/{code}.pdf", headers=headers)
    assert wrong.status_code == 404


def test_the_donor_hears_when_a_workshop_issued_one_through_the_api(app, client, make, session, device):
    outbox = empty_outbox(app)
    device.donation.contact_email = "privacy@donateur.example"
    session.commit()
    response = client.post(f"/api/v1/donations/{device.donation.reference}/certificates",
                           headers=bearer(make.one(K.REFURBISHER)))
    assert response.status_code == 201
    mail, = [message for message in outbox if message.to == ["privacy@donateur.example"]]
    assert "certificaat van gegevensverwijdering" in mail.subject


def test_issuing_is_documented_in_the_openapi_description(client):
    spec = client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/api/v1/donations/{reference}/certificates"]["post"]
    assert {"201", "404", "409"} <= set(operation["responses"])
    assert "/api/v1/donations/{reference}/certificates/{code}.pdf" in spec["paths"]
