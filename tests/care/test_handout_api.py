"""The handout API: a delivered device handed out by the care organisation that holds it, its signed form, and who
sees the recipient's reference; every refusal with its status and nothing written."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Handout

from .test_api import PROBLEM, bearer, tag

TOMORROW = str(date.today() + timedelta(days=1))
GIFT = {"recipient_reference": "K-2026-014", "kind": "gift"}


def url(device, part: str = "") -> str:
    return f"/api/v1/devices/{tag(device)}/handout{part}"


def untouched(session, device, count_before: int, status=DeviceStatus.DELIVERED) -> bool:
    session.expire_all()
    return (device.status, device.handout_id) == (status, None) and count_before == session.scalar(
        select(func.count()).select_from(Handout))


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Handout))


def test_a_care_organisation_hands_out_a_loan_and_marks_the_form_signed(client, world, session):
    device = world.device(DeviceStatus.DELIVERED)
    headers = bearer(world.care)
    made = client.post(url(device), json={"recipient_reference": " Jan 14 ", "kind": "loan", "loan_until": TOMORROW},
                       headers=headers)
    assert made.status_code == 201, made.json
    body = made.json
    assert (body["device"], body["kind"], body["loan_until"], body["recipient_reference"], body["signed_at"]) == (
        tag(device), "loan", TOMORROW, "Jan 14", None)
    assert body["id"] and body["handed_out_at"]
    session.expire_all()
    assert device.status == DeviceStatus.HANDED_OUT and device.handout_id == body["id"]
    signed = client.post(url(device, "/signed"), headers=headers)
    assert signed.status_code == 200 and signed.json["signed_at"]
    again = client.post(url(device, "/signed"), headers=headers)
    assert again.status_code == 409 and again.content_type == PROBLEM and "al als getekend" in again.json["detail"]


def test_the_reference_is_shown_only_to_the_care_organisation_that_handed_out(client, world):
    device = world.device(DeviceStatus.DELIVERED)
    assert client.post(url(device), json=GIFT, headers=bearer(world.care)).status_code == 201
    own = client.get(url(device), headers=bearer(world.care))
    assert own.status_code == 200 and own.json["recipient_reference"] == "K-2026-014"
    coordinator = client.get(url(device), headers=bearer(world.coordinator))
    assert coordinator.status_code == 200 and coordinator.json["kind"] == "gift"
    assert "recipient_reference" not in coordinator.json and "K-2026-014" not in coordinator.get_data(as_text=True)


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"recipient_reference": "123 456 782", "kind": "gift"}, "recipient_reference", "burgerservicenummer"),
    ({"recipient_reference": "jan@example.nl", "kind": "gift"}, "recipient_reference", "e-mailadres"),
    ({"recipient_reference": "+31 6 1234 5678", "kind": "gift"}, "recipient_reference", "telefoonnummer"),
    ({"recipient_reference": "x" * 41, "kind": "gift"}, "recipient_reference", "te lang"),
    ({"recipient_reference": "K-1", "kind": "loan"}, "loan_until", "tot wanneer"),
    ({"recipient_reference": "K-1", "kind": "loan", "loan_until": str(date.today())}, "loan_until", "na vandaag"),
    ({"recipient_reference": "K-1", "kind": "gift", "loan_until": TOMORROW}, "loan_until", "geen einddatum"),
    ({"recipient_reference": "K-1", "kind": "sold"}, "kind", ""),
    ({"kind": "gift"}, "recipient_reference", ""),
])
def test_a_bad_reference_or_date_is_a_422_naming_the_field_and_writes_nothing(client, world, session, body, field,
                                                                             words):
    device = world.device(DeviceStatus.DELIVERED)
    before = count(session)
    refused = client.post(url(device), json=body, headers=bearer(world.care))
    assert refused.status_code == 422
    assert field in refused.json["errors"]["json"]
    assert words in " ".join(refused.json["errors"]["json"][field])
    assert untouched(session, device, before)


@pytest.mark.parametrize("status", [DeviceStatus.ALLOCATED, DeviceStatus.HANDED_OUT])
def test_a_device_that_is_not_delivered_is_a_409_with_the_lifecycle_code(client, world, session, status):
    device = world.device(status)
    before, handout_id = count(session), device.handout_id
    refused = client.post(url(device), json=GIFT, headers=bearer(world.care))
    assert refused.status_code == 409 and refused.content_type == PROBLEM
    assert refused.json["code"] == "not_delivered"
    session.expire_all()
    assert (device.status, device.handout_id, count(session)) == (status, handout_id, before)


def test_another_organisations_device_is_a_404_before_the_body_is_read(client, world, session, make):
    device = world.device(DeviceStatus.DELIVERED)
    before = count(session)
    stranger = bearer(make.user(K.CARE))
    for body in (GIFT, None):
        assert client.post(url(device), json=body, headers=stranger).status_code == 404
    assert client.get(url(device), headers=stranger).status_code == 404
    assert client.post(url(device, "/signed"), headers=stranger).status_code == 404
    assert client.post("/api/v1/devices/not-a-tag/handout", json=GIFT, headers=stranger).status_code == 404
    assert untouched(session, device, before)


def test_a_coordinator_does_not_hand_out_and_a_device_without_handout_has_none(client, world, session):
    device = world.device(DeviceStatus.DELIVERED)
    before = count(session)
    assert client.post(url(device), json=GIFT, headers=bearer(world.coordinator)).status_code == 403
    assert client.get(url(device), headers=bearer(world.coordinator)).status_code == 404
    assert client.post(url(device, "/signed"), headers=bearer(world.care)).status_code == 404
    assert untouched(session, device, before)
