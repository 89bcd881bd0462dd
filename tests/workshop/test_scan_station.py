"""The scan station page (with and without script) and POST /api/v1/scans."""
import pytest

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.tags import format_tag

from ..api.test_api import assert_problem, bearer, token_for

JSON = {"Accept": "application/json"}


@pytest.fixture
def station(client, login, make):
    login(client, make.one(K.REFURBISHER))
    return client


def test_without_script_a_scan_posts_redirects_and_shows_the_answer_and_the_list(station, make):
    device = make.device(S.PLEDGED, brand="Dell", model="Latitude 5490")
    response = station.post("/scannen", data={"action": "receive", "code": device.asset_tag.lower()})
    assert response.status_code == 302 and response.headers["Location"].endswith("/scannen")
    page = station.get("/scannen").get_data(as_text=True)
    assert "Gelukt:" in page and format_tag(device.asset_tag) in page and "Dell Latitude 5490" in page
    assert "Ongedaan maken" in page
    assert 'value="receive" checked' in page or "checked" in page
    assert device.status == S.RECEIVED


def test_with_script_a_scan_is_answered_as_json_with_the_list(station, make):
    device = make.device(S.RECEIVED)
    answer = station.post("/scannen", data={"action": "wiped", "code": device.asset_tag}, headers=JSON).get_json()
    assert answer["result"]["outcome"] == "refused" and answer["result"]["code"] == "wipe_missing"
    assert "Geweigerd" in answer["html"] and format_tag(device.asset_tag) in answer["html"]
    assert device.status == S.RECEIVED


def test_the_last_scan_can_be_undone_and_only_the_last(station, make):
    first, second = make.device(S.PLEDGED), make.device(S.PLEDGED)
    one = station.post("/scannen", data={"action": "receive", "code": first.asset_tag}, headers=JSON).get_json()
    two = station.post("/scannen", data={"action": "receive", "code": second.asset_tag}, headers=JSON).get_json()
    refused = station.post("/scannen/ongedaan", data={"event": one["result"]["event_id"]}, headers=JSON).get_json()
    assert refused["result"]["code"] == "not_last" and first.status == S.RECEIVED
    undone = station.post("/scannen/ongedaan", data={"event": two["result"]["event_id"]}, headers=JSON).get_json()
    assert undone["result"]["accepted"] and second.status == S.PLEDGED
    assert "(ongedaan gemaakt)" in undone["html"] and "Ongedaan maken" not in undone["html"]


def test_a_recycle_without_reason_is_refused_and_the_reason_is_kept_for_the_session(station, make):
    device = make.device(S.RECEIVED)
    answer = station.post("/scannen", data={"action": "recycle", "code": device.asset_tag}, headers=JSON).get_json()
    assert answer["result"]["code"] == "reason_missing"
    station.post("/scannen", data={"action": "recycle", "reason": "moederbord kapot", "code": device.asset_tag})
    assert device.status == S.RECYCLED
    assert "moederbord kapot" in station.get("/scannen").get_data(as_text=True)


def test_an_empty_code_is_a_422_with_the_field(station):
    response = station.post("/scannen", data={"action": "receive", "code": ""}, headers=JSON)
    assert response.status_code == 422 and "code" in response.get_json()["errors"]
    assert station.post("/scannen", data={"action": "receive", "code": ""}).status_code == 422


def test_the_api_answers_200_409_404_and_422(client, session, make):
    device = make.device(S.PLEDGED)
    headers = bearer(token_for(session, make.one(K.REFURBISHER)))
    url = f"https://x.example/D/{device.asset_tag}"
    accepted = client.post("/api/v1/scans", json={"code": url, "action": "receive"}, headers=headers)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "received"
    again = assert_problem(client.post("/api/v1/scans", json={"code": url, "action": "receive"}, headers=headers), 409)
    assert again["code"] == "not_allowed" and again["detail"]
    other = make.user(K.REFURBISHER)
    hidden = client.post("/api/v1/scans", json={"code": device.asset_tag, "action": "wiped"},
                         headers=bearer(token_for(session, other)))
    assert_problem(hidden, 404)
    typo = device.asset_tag[:-1] + ("0" if device.asset_tag[-1] != "0" else "1")
    bad = assert_problem(client.post("/api/v1/scans", json={"code": typo, "action": "wiped"}, headers=headers), 422)
    assert "code" in bad["errors"]["json"] and bad["status"] == 422
    assert_problem(client.post("/api/v1/scans", json={"code": device.asset_tag, "action": "fly"}, headers=headers), 422)
