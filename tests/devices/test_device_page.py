"""The device page's steps and the API's transitions: what the lifecycle allows is offered and taken, every
refusal shows the lifecycle's own words (page) or code (API), another workshop's device is a 404."""
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.device_page import likely_tags
from allemaaldigitaal.extensions import db

from ..web.test_layout import parse


def events(device) -> int:
    return db.session.scalar(select(func.count()).select_from(DeviceEvent).where(DeviceEvent.device_id == device.id))


def _wiped_with_locks(make):
    device = make.device(S.WIPED)
    device.account_locks_cleared = False
    return device


def _failed_wipe(make):
    device = make.device(S.RECEIVED)
    make.wipe(device, passed=False)
    return device


#: (how to make the device, the step asked, the lifecycle's code, words of its message)
REFUSALS = [
    (lambda make: make.device(S.RECEIVED), S.READY, "not_allowed", "kan niet naar"),
    (lambda make: make.device(S.RECEIVED), S.WIPED, "wipe_missing", "geslaagde wis-registratie"),
    (_failed_wipe, S.WIPED, "wipe_failed", "mislukt"),
    (_wiped_with_locks, S.READY, "account_locks", "accountvergrendelingen"),
    (lambda make: make.device(S.RECEIVED), S.LOST, "reason_missing", "waarom"),
]


@pytest.mark.parametrize(("build", "to", "code", "words"), REFUSALS, ids=[r[2] for r in REFUSALS])
def test_every_refusal_shows_the_lifecycles_message_on_the_page_and_writes_nothing(
        client, login, make, session, build, to, code, words):
    device = build(make)
    session.flush()
    before = (device.status, events(device))
    login(client, make.one(K.REFURBISHER))
    response = client.post(f"/D/{device.asset_tag}/status", data={"to": to.value, "note": ""})
    assert response.status_code == 409
    summary = parse(response.get_data(as_text=True)).find(id="error-summary").text()
    assert words.lower() in summary.lower()
    db.session.expire_all()
    assert (device.status, events(device)) == before


@pytest.mark.parametrize(("build", "to", "code", "words"), REFUSALS, ids=[r[2] for r in REFUSALS])
def test_every_refusal_is_a_409_with_the_lifecycles_code_in_the_api(app, make, session, build, to, code, words):
    from allemaaldigitaal.accounts.tokens import create_token

    device = build(make)
    token = create_token(make.one(K.REFURBISHER), "test")[1]
    session.flush()
    response = app.test_client().post(f"/api/v1/devices/{format_tag(device.asset_tag)}/transitions",
                                      json={"to": to.value}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == code and words.lower() in body["detail"].lower()
    assert response.content_type.startswith("application/problem+json")


def test_the_page_offers_the_allowed_steps_and_a_step_is_taken_with_a_post(client, login, make, session):
    device = make.device(S.RECEIVED)
    make.wipe(device)
    login(client, make.one(K.REFURBISHER))
    page = parse(client.get(f"/D/{device.asset_tag}").get_data(as_text=True))
    offered = {field.attrs["value"] for field in page.find_all("input", name="to")}
    # recycling asks how the storage was destroyed, on the workshop's recycle page when there is one
    recycle_page = [link for link in page.find_all("a") if link.text() == "Naar: Gerecycled"]
    assert offered | ({"recycled"} if recycle_page else set()) == {"wiped", "recycled", "lost"}
    assert page.find("textarea", id="note-lost").attrs.get("required") is not None
    response = client.post(f"/D/{device.asset_tag}/status", data={"to": "wiped"})
    assert response.status_code == 302 and response.headers["Location"] == f"/D/{device.asset_tag}"
    db.session.expire_all()
    assert device.status == S.WIPED
    response = client.post(f"/D/{device.asset_tag}/status", data={"to": "lost", "note": "Niet meer te vinden"})
    db.session.expire_all()
    assert device.status == S.LOST


def test_a_donor_sees_no_steps_and_may_not_post_one(client, login, make):
    device = make.device(S.RECEIVED)
    login(client, make.one(K.DONOR))
    page = parse(client.get(f"/D/{device.asset_tag}").get_data(as_text=True))
    assert not page.find_all("input", name="to")
    assert client.post(f"/D/{device.asset_tag}/status", data={"to": "lost", "note": "x"}).status_code == 403


def test_another_workshops_device_and_a_mistyped_tag_are_404(client, login, make):
    device = make.device(S.RECEIVED)
    login(client, make.user(K.REFURBISHER))
    assert client.post(f"/D/{device.asset_tag}/status", data={"to": "lost", "note": "x"}).status_code == 404
    assert client.post("/D/AD-329-XPE-G6R/status", data={"to": "lost", "note": "x"}).status_code == 404
    db.session.expire_all()
    assert device.status == S.RECEIVED


def test_a_step_that_does_not_exist_is_refused_clearly(client, login, make):
    device = make.device(S.RECEIVED)
    login(client, make.one(K.REFURBISHER))
    response = client.post(f"/D/{device.asset_tag}/status", data={"to": "kapot"})
    assert response.status_code == 422
    assert "Deze stap bestaat niet" in parse(response.get_data(as_text=True)).find(id="error-summary").text()


def test_the_page_shows_specs_checks_and_wipes(client, login, make):
    device = make.device(S.RECEIVED, brand="Lenovo", model="ThinkPad T480")
    make.wipe(device, passed=False, medium_serial="DISK-1")
    login(client, make.one(K.REFURBISHER))
    text = parse(client.get(f"/D/{device.asset_tag}").get_data(as_text=True)).find("main").text()
    assert "Lenovo ThinkPad T480" in text and "DISK-1" in text and "mislukt" in text


def test_a_mistyped_tag_offers_the_visible_devices_it_probably_meant(client, login, world):
    device = world.ours.devices[0]
    tag = device.asset_tag
    swapped = tag[:3] + tag[4] + tag[3] + tag[5:] if tag[3] != tag[4] else tag[:-1] + ("0" if tag[-1] != "0" else "1")
    assert tag in likely_tags(swapped)
    login(client, world.ours.donor)
    page = parse(client.get(f"/D/{swapped}").get_data(as_text=True))
    assert format_tag(tag) in {link.text() for link in page.find("main").find_all("a")}
    login(client, world.theirs.donor)
    page = parse(client.get(f"/D/{swapped}").get_data(as_text=True))
    assert format_tag(tag) not in page.find("main").text()


def test_the_search_field_leads_to_the_device_page(client):
    response = client.get("/D?code=ad-329-xpe-g6q")
    assert response.status_code == 302 and response.headers["Location"] == "/D/ad-329-xpe-g6q"
    response = client.get("/D?code=https://example.org/D/AD-329-XPE-G6Q")
    assert response.headers["Location"] == "/D/AD-329-XPE-G6Q"
    assert client.get("/D?code=").headers["Location"] == "/"
