"""GET /api/v1/events: the audit trail's filter by cursor, with a Link header; coordinators only."""
import re

import pytest

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.tags import format_tag

from ..devices.test_device_list import Statements
from .audit_world import add_events, build_trail


@pytest.fixture
def trail(make, session):
    return build_trail(make, session)


@pytest.fixture
def api(app, session):
    tokens = {}

    def call(user, path, **kwargs):
        if user.id not in tokens:
            tokens[user.id] = create_token(user, "test")[1]
            session.flush()
        return app.test_client().open(path, headers={"Authorization": f"Bearer {tokens[user.id]}"}, **kwargs)
    return call


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"])}


def test_the_pages_follow_the_link_header_through_every_event_once(api, trail):
    expected = [event.id for event in trail.events()]
    seen, path = [], "/api/v1/events?limit=4"
    while path:
        response = api(trail.coordinator, path)
        assert response.status_code == 200
        body = response.get_json()
        seen += [item["id"] for item in body["items"]]
        following = links(response).get("next")
        assert (following is None) == (body["next_cursor"] is None)
        path = following.replace("http://localhost", "") if following else None
    assert seen == expected
    last = api(trail.coordinator, "/api/v1/events?limit=4&cursor=last").get_json()
    assert [item["id"] for item in last["items"]] == expected[-4:]  # the last page is full: the oldest four
    assert last["next_cursor"] is None and last["previous_cursor"]


def test_the_filter_and_page_size_stay_in_every_link(api, trail):
    response = api(trail.coordinator, f"/api/v1/events?limit=1&user={trail.workshop.id}&kind=scanned")
    found = links(response)
    assert set(found) == {"first", "next", "last"}
    for url in found.values():
        assert f"user={trail.workshop.id}" in url and "kind=scanned" in url and "limit=1" in url
    assert "cursor=last" in found["last"]


def test_a_device_event_shows_the_device_actor_and_organisation(api, trail):
    device = trail.devices[0]
    body = api(trail.coordinator, f"/api/v1/events?tag={device.asset_tag.lower()}&kind=scanned").get_json()
    assert body["items"] and {item["device"] for item in body["items"]} == {format_tag(device.asset_tag)}
    item = body["items"][0]
    assert item["kind"] == "scanned" and item["actor"]["name"] and item["subject"] is None
    assert body["organisations"][str(item["organisation_id"])]


def test_the_security_log_holds_no_secret(api, trail):
    _token, secret = create_token(trail.coordinator, "script")
    response = api(trail.coordinator, "/api/v1/events?log=security&limit=200")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "token_created" in body
    assert secret not in body and "password" not in body.replace("password_", "")


@pytest.mark.parametrize(("query", "field"), [
    ("log=security&tag=329XPEG6Q", "tag"), ("kind=login", "kind"), ("kind=nonsense", "kind"),
    ("tag=AD-329-XPE-G6X", "tag"), ("since=2026-03-05&until=2026-03-04", "until"), ("cursor=nonsense", "cursor"),
    ("limit=0", "limit"), ("user=abc", "user"),
])
def test_a_bad_filter_is_a_422_naming_it(api, trail, query, field):
    response = api(trail.coordinator, f"/api/v1/events?{query}")
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["query"]


@pytest.mark.parametrize("role", ["workshop", "other_workshop"])
def test_only_coordinators_may_read_the_trail(api, trail, role):
    assert api(getattr(trail, role), "/api/v1/events").status_code == 403


def test_a_page_costs_the_same_queries_for_few_and_many_events(api, trail, session):
    paths = ["/api/v1/events", "/api/v1/events?cursor=last", "/api/v1/events?log=security&cursor=last",
             f"/api/v1/events?organisation={trail.workshop.organisation_id}&kind=scanned"]
    api(trail.coordinator, paths[0])

    def counted(path):
        with Statements() as statements:
            assert api(trail.coordinator, path).status_code == 200
        return statements.count

    few = [counted(path) for path in paths]
    add_events(trail.devices, [trail.workshop, trail.other_workshop], 400)
    assert [counted(path) for path in paths] == few
