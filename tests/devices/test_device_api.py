"""GET /api/v1/devices (the filter, by cursor), GET /api/v1/devices/{tag} (lean: a fixed number of queries)."""
import pytest

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.demo.services import bring_to

from .test_device_list import Statements


@pytest.fixture
def api(app, session):
    tokens = {}

    def call(user, path, **kwargs):
        if user.id not in tokens:
            tokens[user.id] = create_token(user, "test")[1]
            session.flush()
        token = tokens[user.id]
        return app.test_client().open(path, headers={"Authorization": f"Bearer {token}"}, **kwargs)
    return call


def test_the_list_pages_through_what_the_caller_may_see(api, world):
    tags, cursor = [], None
    while True:
        body = api(world.ours.donor, "/api/v1/devices?limit=2&sort=tag" + (f"&cursor={cursor}" if cursor else "")).get_json()
        tags += [item["tag"] for item in body["items"]]
        assert body["total"] == 3
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert tags == sorted(format_tag(device.asset_tag) for device in world.ours.devices)


@pytest.mark.parametrize("query", ["status=kapot", "kind=phone", "workshop=abc", "sort=price", "cursor=xyz",
                                   "limit=0"])
def test_a_bad_filter_value_is_a_422_naming_it(api, world, query):
    response = api(world.coordinator, f"/api/v1/devices?{query}")
    assert response.status_code == 422
    assert query.split("=")[0] in response.get_json()["errors"]["query"]


def test_the_detail_has_history_checks_and_wipes_and_another_organisations_device_is_a_404(api, world, make):
    device = world.ours.devices[0]
    bring_to(device, S.WIPED, make.cast(), make.rng, world.ours.workshop)
    body = api(world.ours.workshop, f"/api/v1/devices/{device.asset_tag.lower()}").get_json()
    assert body["tag"] == format_tag(device.asset_tag) and body["status"] == "wiped"
    assert [entry["status"] for entry in body["timeline"] if entry["status"]] == ["pledged", "received", "wiped"]
    assert len(body["wipes"]) == device.storage_media_count and body["checks"] == []
    assert api(world.theirs.workshop, f"/api/v1/devices/{device.asset_tag}").status_code == 404
    assert api(world.ours.workshop, "/api/v1/devices/AD-329-XPE-G6R").status_code == 404


def test_the_detail_costs_the_same_queries_for_a_short_and_a_long_history(api, world, make, session):
    short, long = world.ours.devices[0], world.ours.devices[1]
    cast = make.cast()
    bring_to(long, S.READY, cast, make.rng, world.ours.workshop)
    for _ in range(3):
        make.wipe(long)
    session.flush()
    counts = []
    for device in (short, long):
        api(world.ours.workshop, f"/api/v1/devices/{device.asset_tag}")  # warm up
        with Statements() as statements:
            assert api(world.ours.workshop, f"/api/v1/devices/{device.asset_tag}").status_code == 200
        counts.append(statements.count)
    assert counts[0] == counts[1] and counts[0] <= 7  # token, its last use, device, events, wipes, checks


def test_a_step_through_the_api_writes_one_event(api, world, make):
    device = world.ours.devices[0]
    response = api(world.ours.workshop, f"/api/v1/devices/{device.asset_tag}/transitions", method="POST",
                   json={"to": "received"})
    assert response.status_code == 201
    assert response.get_json()["from"] == "pledged" and response.get_json()["status"] == "received"
    assert api(world.ours.donor, f"/api/v1/devices/{device.asset_tag}/transitions", method="POST",
               json={"to": "lost", "note": "x"}).status_code == 403
