"""GET /api/v1/stats: the dashboard's figures as JSON, for coordinators only."""
import pytest

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.reports.stats import STAGES

from .stats_world import (
    expected_groups,
    expected_months,
    expected_pipeline,
    province_of,
    since,
    status_of,
    world_fixture,  # noqa: F401  (a fixture for the tests here)
)


def get_stats(client, user):
    _token, secret = create_token(user, "cijfers")
    return client.get("/api/v1/stats", headers={"Authorization": f"Bearer {secret}"})


def test_a_coordinator_gets_the_figures_as_counted_from_the_histories(client, world):
    world.build_mix(30)
    response = get_stats(client, world.coordinator)
    assert response.status_code == 200
    body = response.get_json()
    expected = expected_pipeline(world)
    assert [(row["status"], row["count"]) for row in body["pipeline"]] == [(status.value, expected[status]) for status in S]
    assert body["total_devices"] == 30
    intake, handout = expected_months(world, S.RECEIVED), expected_months(world, S.HANDED_OUT)
    assert sum(row["intake"] for row in body["months"]) == sum(
        intake[month] for month in intake if month.strftime("%Y-%m") >= body["months"][0]["month"])
    assert sum(row["handout"] for row in body["months"]) == sum(
        handout[month] for month in handout if month.strftime("%Y-%m") >= body["months"][0]["month"])
    provinces = expected_groups(world, province_of)
    assert {row["name"]: row["total"] for row in body["provinces"]} == {
        name: sum(counts.values()) for name, counts in provinces.items()}
    assert [stage["key"] for stage in body["stages"]] == [stage.key for stage in STAGES]
    assert all(set(row["stages"]) == {stage.key for stage in STAGES} for row in body["donors"])
    received = sorted((built for built in world.built if status_of(built) == S.RECEIVED),
                      key=lambda built: (since(built), built.device.id))[:5]
    waiting = {row["status"]: row["devices"] for row in body["waiting"]}
    assert [row["tag"] for row in waiting["received"]] == [format_tag(built.device.asset_tag) for built in received]
    assert set(body["claims"]) == {"submitted", "approved_waiting", "devices_to_allocate"}
    assert isinstance(body["overdue_loans"], int)


def test_the_figures_hold_no_recipient_reference(client, world):
    given = [world.device(S.HANDED_OUT) for _ in range(3)]
    text = get_stats(client, world.coordinator).get_data(as_text=True)
    assert not [built for built in given if built.device.handout.recipient_reference in text]


@pytest.mark.parametrize("kind", [K.DONOR, K.REFURBISHER, K.CARE])
def test_anyone_else_gets_a_403_problem(client, make, kind):
    response = get_stats(client, make.user(kind))
    assert response.status_code == 403
    assert response.content_type.startswith("application/problem+json")


def test_without_a_token_the_answer_is_401(client):
    assert client.get("/api/v1/stats").status_code == 401


def test_the_stats_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/stats"]["get"]
    assert set(operation["responses"]) >= {"200", "401", "403"}
