"""POST /api/v1/devices/{tag}/return: the care organisation's return, the workshop's take-in, and every refusal."""
from datetime import date, timedelta

import pytest

from allemaaldigitaal.core.enums import DeviceStatus as S, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.models import DeviceEvent

from .lending import hand_out, other_care_world
from .test_api import PROBLEM, bearer, tag


def post_return(client, device, user, body=None):
    return client.post(f"/api/v1/devices/{tag(device)}/return", json=body if body is not None else {},
                       headers=bearer(user))


def latest_event(session, device) -> DeviceEvent:
    session.expire_all()
    return max(device.events, key=lambda event: event.id)


def test_the_care_organisation_returns_a_device_and_is_told_where_to_bring_it(client, world, session):
    device = hand_out(world, HandoutKind.LOAN, date.today() + timedelta(days=5))
    response = post_return(client, device, world.care, {"note": "Werkt nog goed", "condition": "works"})
    assert response.status_code == 200, response.json
    assert response.json | {"at": None} == {
        "tag": tag(device), "from": "handed_out", "status": "returned", "held_by": world.care.organisation.name,
        "bring_to": world.workshop().organisation.name, "at": None,
    }
    event = latest_event(session, device)
    assert (event.to_status, event.note) == (S.RETURNED, "Staat bij terugkomst: Werkt. Werkt nog goed")


def test_the_workshop_takes_the_returned_device_in_and_the_wipe_is_asked_again(client, world, session):
    device = hand_out(world)
    workshop = world.workshop()
    assert post_return(client, device, world.care).status_code == 200
    response = post_return(client, device, workshop, {"note": "Gebracht door de bibliotheek"})
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["held_by"], response.json["bring_to"]) == (
        "returned", workshop.organisation.name, None)
    history = client.get(f"/api/v1/devices/{tag(device)}", headers=bearer(workshop))
    assert history.status_code == 200
    assert "custody_moved" in [entry["event"] for entry in history.json["timeline"]]
    wiped = client.post(f"/api/v1/devices/{tag(device)}/transitions", json={"to": "wiped"}, headers=bearer(workshop))
    assert (wiped.status_code, wiped.json["code"]) == (409, "wipe_missing")
    world.make.wipe(device)
    wiped = client.post(f"/api/v1/devices/{tag(device)}/transitions", json={"to": "wiped"}, headers=bearer(workshop))
    assert (wiped.status_code, wiped.json["status"]) == (201, "wiped")


def test_another_care_organisations_device_is_a_404_and_stays_as_it_was(client, world, session):
    device = hand_out(world)
    events = len(device.events)
    response = post_return(client, device, other_care_world(world).care)
    assert response.status_code == 404
    session.expire_all()
    assert (device.status, len(device.events)) == (S.HANDED_OUT, events)


@pytest.mark.parametrize(("build", "code"), [
    (lambda world: world.device(S.READY), "not_allowed"),
    (lambda world: world.device(S.RECEIVED), "not_allowed"),
])
def test_a_device_that_never_reached_a_person_is_a_409_with_the_lifecycles_code(client, world, build, code):
    device = build(world)
    response = post_return(client, device, world.workshop())
    assert (response.status_code, response.json["code"]) == (409, code)
    assert response.content_type.startswith(PROBLEM)


def test_a_second_return_is_a_409_that_says_to_bring_the_device_to_the_workshop(client, world):
    device = hand_out(world)
    assert post_return(client, device, world.care).status_code == 200
    response = post_return(client, device, world.care)
    assert (response.status_code, response.json["code"]) == (409, "already_returned")
    assert "werkplaats" in response.json["detail"]


@pytest.mark.parametrize("body", [{"condition": "als nieuw"}, {"note": "x" * 501}, {"to": "returned"}])
def test_bad_input_is_a_422_and_nothing_is_written(client, world, session, body):
    device = hand_out(world)
    response = post_return(client, device, world.care, body)
    assert response.status_code == 422
    session.expire_all()
    assert device.status == S.HANDED_OUT


def test_a_donor_may_not_return_a_device(client, world):
    device = hand_out(world)
    assert post_return(client, device, world.make.one(K.DONOR)).status_code == 403


def test_a_handed_out_device_is_reported_lost_through_the_transitions_endpoint_with_a_reason(client, world, session):
    device = hand_out(world, HandoutKind.LOAN, date.today() + timedelta(days=5))
    url = f"/api/v1/devices/{tag(device)}/transitions"
    response = client.post(url, json={"to": "lost"}, headers=bearer(world.care))
    assert (response.status_code, response.json["code"]) == (409, "reason_missing")
    response = client.post(url, json={"to": "lost", "note": "Gestolen"}, headers=bearer(world.care))
    assert (response.status_code, response.json["from"], response.json["status"]) == (201, "handed_out", "lost")
    session.expire_all()
    assert device.handout is None and device.claim is None
