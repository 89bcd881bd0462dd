"""Receipt and certificate pages and API: who may see them (others 404), issuing by POST, public verification."""
import hashlib
import io

import pypdf
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Certificate
from allemaaldigitaal.core.tags import format_tag

from ..mailbox import empty_outbox, links_in


@pytest.fixture
def device(make):
    return make.device(DeviceStatus.READY, brand="Lenovo", model="ThinkPad T480")


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Certificate))


def issue(client, device):
    return client.post(f"/donaties/{device.donation.reference}/certificaat")


@pytest.mark.parametrize("role", [K.DONOR, K.REFURBISHER, K.COORDINATOR])
def test_donor_workshop_and_coordinator_download_the_receipt(client, login, make, device, role):
    login(client, make.one(role))
    response = client.get(f"/donaties/{device.donation.reference}/ontvangstbewijs.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert format_tag(device.asset_tag) in text and device.serial_number in text and "Lenovo ThinkPad T480" in text
    assert device.donation.donor.name in text and device.donation.refurbisher.name in text


@pytest.mark.parametrize("kind", [K.DONOR, K.REFURBISHER, K.CARE])
def test_another_organisation_gets_404_everywhere(client, login, make, session, device, kind):
    issue_as = make.one(K.DONOR)
    login(client, issue_as)
    certificate = issue(client, device)
    assert certificate.status_code == 200
    stored = session.scalar(select(Certificate))
    client.post("/logout")
    outsider = make.user(kind)
    login(client, outsider)
    reference = device.donation.reference
    for path in (f"/donaties/{reference}/ontvangstbewijs.pdf", f"/donaties/{reference}/certificaten",
                 f"/donaties/{reference}/certificaten/{stored.code}.pdf"):
        assert client.get(path).status_code == 404, path
    assert issue(client, device).status_code == 404
    assert count(session) == 1
    _token, raw = create_token(outsider, "Script")
    headers = {"Authorization": f"Bearer {raw}"}
    for path in (f"/api/v1/donations/{reference}/receipt.pdf", f"/api/v1/donations/{reference}/certificate.pdf"):
        assert client.get(path, headers=headers).status_code == 404, path


def test_issuing_is_a_post_that_stores_the_pdf_it_sends(client, login, make, session, device):
    login(client, make.one(K.REFURBISHER))
    reference = device.donation.reference
    assert client.get(f"/donaties/{reference}/certificaat").status_code == 405
    response = issue(client, device)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    certificate = session.scalar(select(Certificate))
    assert certificate.sha256 == hashlib.sha256(response.data).hexdigest()
    assert certificate.issued_by == make.one(K.REFURBISHER) and certificate.device_count == 1 and certificate.complete
    page = client.get(f"/donaties/{reference}/certificaten")
    assert certificate.code in page.text
    again = client.get(f"/donaties/{reference}/certificaten/{certificate.code}.pdf")
    assert again.data == response.data


def test_the_api_gives_the_latest_certificate_or_409(client, login, make, session, device):
    donor = make.one(K.DONOR)
    _token, raw = create_token(donor, "Script")
    headers = {"Authorization": f"Bearer {raw}"}
    path = f"/api/v1/donations/{device.donation.reference}/certificate.pdf"
    refused = client.get(path, headers=headers)
    assert refused.status_code == 409 and refused.mimetype == "application/problem+json"
    assert "nog geen certificaat" in refused.json["detail"]
    login(client, donor)
    issue(client, device)
    latest = issue(client, device)
    answer = client.get(path, headers=headers)
    assert answer.status_code == 200 and answer.data == latest.data
    receipt = client.get(f"/api/v1/donations/{device.donation.reference}/receipt.pdf", headers=headers)
    assert receipt.status_code == 200 and receipt.data.startswith(b"%PDF")


def test_the_public_page_confirms_a_certificate_and_checks_an_upload(app, client, login, make, session, device):
    login(client, make.one(K.DONOR))
    issued = issue(client, device).data
    certificate = session.scalar(select(Certificate))
    client.post("/logout")
    page = client.get(f"/certificaat/{certificate.code.lower()}")
    assert page.status_code == 200
    assert device.donation.reference in page.text and certificate.sha256 in page.text
    assert device.serial_number not in page.text and device.donation.donor.name not in page.text
    genuine = client.post(f"/certificaat/{certificate.code}",
                          data={"file": (io.BytesIO(issued), "certificaat.pdf")}, content_type="multipart/form-data")
    assert genuine.status_code == 200 and "echt en niet veranderd" in genuine.text
    changed = bytearray(issued)
    changed[len(changed) // 2] ^= 0x01
    altered = client.post(f"/certificaat/{certificate.code}",
                          data={"file": (io.BytesIO(bytes(changed)), "certificaat.pdf")}, content_type="multipart/form-data")
    assert altered.status_code == 200 and "niet het uitgegeven certificaat" in altered.text
    assert "echt en niet veranderd" not in altered.text
    assert client.post(f"/certificaat/{certificate.code}", data={}).status_code == 422


def test_an_unknown_code_is_a_404_page(client):
    assert client.get("/certificaat/0000-0000-0000").status_code == 404
    assert client.get("/certificaat/niet-eens-een-code").status_code == 404


def test_the_donation_page_links_to_the_receipt_and_the_certificates(client, login, make, device):
    login(client, make.one(K.DONOR))
    page = client.get(f"/donaties/{device.donation.reference}")
    assert page.status_code == 200
    assert f"/donaties/{device.donation.reference}/ontvangstbewijs.pdf" in page.text
    assert f"/donaties/{device.donation.reference}/certificaten" in page.text


def test_the_donor_hears_when_a_workshop_issued_a_certificate_but_not_for_its_own(app, client, login, make, session,
                                                                                   device):
    outbox = empty_outbox(app)
    device.donation.contact_email = "privacy@donateur.example"
    session.commit()
    login(client, make.one(K.REFURBISHER))
    assert issue(client, device).status_code == 200
    mail, = [message for message in outbox if message.to == ["privacy@donateur.example"]]
    assert "certificaat van gegevensverwijdering" in mail.subject
    assert any(link.endswith(f"/donaties/{device.donation.reference}/certificaten") for link in links_in(mail))
    outbox.clear()
    login(client, make.one(K.DONOR))
    assert issue(client, device).status_code == 200
    assert outbox == [], "a donor who makes the certificate itself gets no mail about it"
