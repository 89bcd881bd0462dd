"""The care API: stock (counts only), claims scoped per care organisation, decisions and allocation, every refusal."""
from datetime import date, timedelta

import pytest

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.care.claims import ALREADY_DECIDED, withdraw_claim
from allemaaldigitaal.core.enums import ClaimStatus, ConditionGrade, DeviceKind, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.extensions import db

PROBLEM = "application/problem+json"
BODY = {"laptops_requested": 2, "tablets_requested": 1, "purpose": "Laptops voor de taalcursus in de wijk"}


def bearer(user) -> dict:
    """The user's API headers; commits what the test made so far, as a request that rolls back would drop it."""
    _token, raw = create_token(user, "Test")
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def tag(device: Device) -> str:
    return format_tag(device.asset_tag)


def other_care(world):
    return world.make.user(K.CARE, organisation=world.make.organisation(K.CARE, province="Utrecht", postcode="3512 AB"))


def test_stock_counts_ready_devices_per_kind_and_grade_and_says_nothing_of_donors(client, world):
    world.device(grade=ConditionGrade.A)
    world.device(grade=ConditionGrade.A)
    world.device(kind=DeviceKind.TABLET, grade=None)
    world.device(status=DeviceStatus.WIPED)
    allocated = world.device()
    client.post(f"/api/v1/claims/{world.claim().id}/allocate", json={"tags": [tag(allocated)]},
                headers=bearer(world.coordinator))
    for user in (world.care, world.coordinator):
        response = client.get("/api/v1/stock", headers=bearer(user))
        assert response.status_code == 200
        counts = {(row["kind"], row["grade"]): row["count"] for row in response.json["counts"]}
        assert counts[("laptop", "A")] == 2 and counts[("tablet", None)] == 1 and counts[("laptop", "B")] == 0
        assert response.json["totals"] == {"laptop": 2, "tablet": 1}
        assert world.make.one(K.DONOR).organisation.name not in response.get_data(as_text=True)


def test_a_care_organisation_makes_a_claim_and_sees_only_its_own(client, world):
    theirs = world.claim(care=other_care(world))
    headers = bearer(world.care)
    response = client.post("/api/v1/claims", json={**BODY, "wanted_by": str(date.today() + timedelta(days=7))},
                           headers=headers)
    assert response.status_code == 201, response.json
    made = response.json
    assert (made["status"], made["laptops_requested"], made["tablets_requested"], made["devices"]) == (
        "submitted", 2, 1, [])
    assert made["care_organisation"] == world.care.organisation.name
    listed = [claim["id"] for claim in client.get("/api/v1/claims", headers=headers).json]
    assert listed == [made["id"]]
    assert client.get(f"/api/v1/claims/{made['id']}", headers=headers).json["purpose"] == BODY["purpose"]
    missing = client.get(f"/api/v1/claims/{theirs.id}", headers=headers)
    assert missing.status_code == 404 and missing.mimetype == PROBLEM
    everything = [claim["id"] for claim in client.get("/api/v1/claims", headers=bearer(world.coordinator)).json]
    assert set(everything) == {made["id"], theirs.id}


@pytest.mark.parametrize(("changes", "fields"), [
    ({"purpose": ""}, {"purpose"}),
    ({"purpose": "   "}, {"purpose"}),
    ({"laptops_requested": 0, "tablets_requested": 0}, {"laptops_requested"}),
    ({"laptops_requested": -1, "tablets_requested": "1"}, {"laptops_requested", "tablets_requested"}),
    ({"wanted_by": "2001-01-01"}, {"wanted_by"}),
    ({"wanted_by": "morgen"}, {"wanted_by"}),
])
def test_a_wrong_claim_is_a_422_naming_each_field_and_nothing_is_saved(client, world, changes, fields):
    headers = bearer(world.care)
    response = client.post("/api/v1/claims", json={**BODY, **changes}, headers=headers)
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert set(response.json["errors"]["json"]) == fields
    assert client.get("/api/v1/claims", headers=headers).headers["X-Total-Count"] == "0"


def test_other_organisations_may_not_use_the_care_api(client, world):
    claim = world.claim(approved=False)
    for kind in (K.DONOR, K.REFURBISHER):
        headers = bearer(world.make.user(kind))
        assert client.get("/api/v1/stock", headers=headers).status_code == 403
        assert client.get(f"/api/v1/claims/{claim.id}", headers=headers).status_code == 403
    care = bearer(world.care)
    assert client.post(f"/api/v1/claims/{claim.id}/decision", json={"decision": "approve"},
                       headers=care).status_code == 403
    assert client.post(f"/api/v1/claims/{claim.id}/allocate", json={"auto": True}, headers=care).status_code == 403
    assert client.post("/api/v1/claims", json=BODY, headers=bearer(world.coordinator)).status_code == 403
    assert client.get("/api/v1/stock").status_code == 401


def test_claims_come_a_page_at_a_time_newest_first(client, world):
    made = [world.claim(approved=False).id for _ in range(5)]
    headers = bearer(world.care)
    second = client.get("/api/v1/claims?page=2&per_page=2", headers=headers)
    assert [claim["id"] for claim in second.json] == [made[2], made[1]]
    assert second.headers["X-Total-Count"] == "5"
    links = second.headers["Link"]
    for rel, page in (("first", 1), ("prev", 1), ("next", 3), ("last", 3)):
        assert f'page={page}&per_page=2>; rel="{rel}"' in links
    assert client.get("/api/v1/claims?page=4&per_page=2", headers=headers).json == []
    assert client.get("/api/v1/claims?per_page=0", headers=headers).status_code == 422
    assert client.get("/api/v1/claims?pagina=2", headers=headers).status_code == 422


def test_a_coordinator_approves_once_and_the_second_decision_is_a_409(client, world):
    claim = world.claim(approved=False)
    headers = bearer(world.coordinator)
    approved = client.post(f"/api/v1/claims/{claim.id}/decision", json={"decision": "approve"}, headers=headers)
    assert approved.status_code == 200 and approved.json["status"] == "approved" and approved.json["decided_at"]
    again = client.post(f"/api/v1/claims/{claim.id}/decision", json={"decision": "reject", "reason": "Te laat"},
                        headers=headers)
    assert again.status_code == 409 and again.mimetype == PROBLEM
    assert again.json["detail"] == str(ALREADY_DECIDED)
    assert client.get(f"/api/v1/claims/{claim.id}", headers=headers).json["status"] == "approved"


def test_a_rejection_needs_a_reason_which_the_care_organisation_sees(client, world):
    claim = world.claim(approved=False)
    headers = bearer(world.coordinator)
    for body in ({"decision": "reject"}, {"decision": "reject", "reason": "  "}):
        refused = client.post(f"/api/v1/claims/{claim.id}/decision", json=body, headers=headers)
        assert refused.status_code == 422 and list(refused.json["errors"]["json"]) == ["reason"]
    wrong = client.post(f"/api/v1/claims/{claim.id}/decision", json={"decision": "maybe"}, headers=headers)
    assert wrong.status_code == 422 and list(wrong.json["errors"]["json"]) == ["decision"]
    rejected = client.post(f"/api/v1/claims/{claim.id}/decision",
                           json={"decision": "reject", "reason": "Er zijn nu geen tablets."}, headers=headers)
    assert rejected.status_code == 200
    seen = client.get(f"/api/v1/claims/{claim.id}", headers=bearer(world.care)).json
    assert (seen["status"], seen["rejection_reason"]) == ("rejected", "Er zijn nu geen tablets.")


def test_a_withdrawn_claim_cannot_be_decided_or_allocated(client, world, session):
    claim = world.claim(approved=False)
    withdraw_claim(claim, world.care)
    session.flush()
    headers = bearer(world.coordinator)
    decided = client.post(f"/api/v1/claims/{claim.id}/decision", json={"decision": "approve"}, headers=headers)
    assert decided.status_code == 409
    allocated = client.post(f"/api/v1/claims/{claim.id}/allocate", json={"auto": True}, headers=headers)
    assert allocated.status_code == 409 and allocated.mimetype == PROBLEM
    assert "niet goedgekeurd" in allocated.json["detail"]


def test_a_decision_or_allocation_for_a_claim_that_does_not_exist_is_a_404(client, world):
    headers = bearer(world.coordinator)
    assert client.post("/api/v1/claims/999999/decision", json={"decision": "approve"}, headers=headers).status_code == 404
    assert client.post("/api/v1/claims/999999/allocate", json={"auto": True}, headers=headers).status_code == 404


def test_allocating_by_tag_shows_the_care_organisation_where_to_collect_and_nothing_of_the_donor(client, world):
    claim = world.claim(laptops=2, tablets=1)
    laptop, tablet = world.device(), world.device(kind=DeviceKind.TABLET)
    response = client.post(f"/api/v1/claims/{claim.id}/allocate",
                           json={"tags": [tag(laptop).lower(), laptop.asset_tag, tag(tablet)]},
                           headers=bearer(world.coordinator))
    assert response.status_code == 200, response.json
    assert [device["tag"] for device in response.json["allocated"]] == [tag(laptop), tag(tablet)]
    seen = client.get(f"/api/v1/claims/{claim.id}", headers=bearer(world.care))
    body = seen.json
    assert (body["laptops_allocated"], body["tablets_allocated"]) == (1, 1)
    device = body["devices"][0]
    assert (device["tag"], device["kind"], device["status"]) == (tag(laptop), "laptop", "allocated")
    assert device["collect_from"]["name"] == world.workshop().organisation.name
    assert set(device) == {"tag", "kind", "brand", "model", "condition_grade", "status", "collect_from"}
    text = seen.get_data(as_text=True)
    assert world.make.one(K.DONOR).organisation.name not in text and laptop.serial_number not in text
    assert client.get(f"/api/v1/claims/{claim.id}", headers=bearer(other_care(world))).status_code == 404


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"tags"}),
    ({"auto": False}, {"tags"}),
    ({"tags": []}, {"tags"}),
    ({"tags": ["AD-329-XPE-G6R"]}, {"tags"}),
    ({"tags": ["AD-ZZZ-ZZZ-ZZ3"], "auto": True}, {"auto"}),
    ({"tags": ["AD-ZZZ-ZZZ-ZZ3"], "laptops": 1}, {"laptops"}),
    ({"auto": True, "laptops": -1}, {"laptops"}),
    ({"auto": True, "prefer_grades": ["Z"]}, {"prefer_grades"}),
])
def test_a_wrong_allocation_is_a_422(client, world, body, fields):
    response = client.post(f"/api/v1/claims/{world.claim().id}/allocate", json=body, headers=bearer(world.coordinator))
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert set(response.json["errors"]["json"]) == fields


def test_a_tag_no_device_has_is_a_422_naming_it_and_nothing_is_allocated(client, world, session):
    claim, device = world.claim(), world.device()
    response = client.post(f"/api/v1/claims/{claim.id}/allocate", json={"tags": [tag(device), "AD-ZZZ-ZZZ-ZZ3"]},
                           headers=bearer(world.coordinator))
    assert response.status_code == 422 and list(response.json["errors"]["json"]["tags"]) == ["1"]
    session.refresh(device)
    assert (device.status, device.claim_id) == (DeviceStatus.READY, None)


def _refused(client, world, claim, tags) -> dict:
    response = client.post(f"/api/v1/claims/{claim.id}/allocate", json={"tags": tags},
                           headers=bearer(world.coordinator))
    assert response.status_code == 409 and response.mimetype == PROBLEM, response.json
    return response.json


def test_refused_allocations_are_a_409_with_a_plain_message_and_keep_nothing(client, world, session):
    claim = world.claim(laptops=2, tablets=0)
    first, second, third = world.device(), world.device(), world.device()
    wiped, tablet = world.device(status=DeviceStatus.WIPED), world.device(kind=DeviceKind.TABLET)
    assert "niet klaar" in _refused(client, world, claim, [tag(first), tag(wiped)])["detail"]
    assert "vraagt daar niet om" in _refused(client, world, claim, [tag(tablet)])["detail"]
    assert "past er niet meer bij" in _refused(client, world, claim, [tag(first), tag(second), tag(third)])["detail"]
    for device in (first, second, third, wiped, tablet):
        session.refresh(device)
        assert device.claim_id is None
    other = world.claim(laptops=1, tablets=0)
    assert client.post(f"/api/v1/claims/{other.id}/allocate", json={"tags": [tag(first)]},
                       headers=bearer(world.coordinator)).status_code == 200
    assert "status: Toegewezen" in _refused(client, world, claim, [tag(first)])["detail"]
    unapproved = world.claim(approved=False)
    assert "niet goedgekeurd" in _refused(client, world, unapproved, [tag(second)])["detail"]


def test_auto_allocation_fills_the_claim_and_never_gives_more(client, world):
    claim = world.claim(laptops=2, tablets=1)
    for _ in range(3):
        world.device()
    world.device(kind=DeviceKind.TABLET)
    headers = bearer(world.coordinator)
    url = f"/api/v1/claims/{claim.id}/allocate"
    first = client.post(url, json={"auto": True, "laptops": 1, "tablets": 0}, headers=headers).json
    assert [device["kind"] for device in first["allocated"]] == ["laptop"]
    rest = client.post(url, json={"auto": True}, headers=headers).json
    assert sorted(device["kind"] for device in rest["allocated"]) == ["laptop", "tablet"]
    assert (rest["claim"]["laptops_allocated"], rest["claim"]["tablets_allocated"]) == (2, 1)
    full = client.post(url, json={"auto": True}, headers=headers)
    assert full.status_code == 200 and full.json["allocated"] == []
    assert client.get("/api/v1/stock", headers=headers).json["totals"] == {"laptop": 1, "tablet": 0}


def test_auto_allocation_takes_the_preferred_grade_first(client, world):
    claim = world.claim(laptops=1, tablets=0)
    world.device(grade=ConditionGrade.A, ready_minutes_ago=60)
    wanted = world.device(grade=ConditionGrade.C)
    response = client.post(f"/api/v1/claims/{claim.id}/allocate", json={"auto": True, "prefer_grades": ["C"]},
                           headers=bearer(world.coordinator))
    assert [device["tag"] for device in response.json["allocated"]] == [tag(wanted)]
    assert response.json["claim"]["status"] == ClaimStatus.APPROVED.value
