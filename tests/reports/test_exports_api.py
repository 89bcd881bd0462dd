"""GET /api/v1/exports/…: the same files as the pages' export links, with the filter of GET /devices."""
import pytest
from sqlalchemy import select

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.models import AuditEvent
from allemaaldigitaal.core.tags import format_tag

from .export_world import NEUTRALISED, build_world, read_csv, read_xlsx


@pytest.fixture
def world(make, session):
    return build_world(make, session)


@pytest.fixture
def api(app, session):
    tokens = {}

    def call(user, path):
        if user.id not in tokens:
            tokens[user.id] = create_token(user, "test")[1]
            session.flush()
        return app.test_client().get(path, headers={"Authorization": f"Bearer {tokens[user.id]}"})
    return call


def test_the_device_csv_takes_the_device_filter(api, world):
    response = api(world.coordinator, "/api/v1/exports/devices.csv?variant=excel&status=handed_out&sort=tag")
    assert response.status_code == 200 and response.is_streamed
    assert response.content_type == "text/csv; charset=windows-1252"
    rows = read_csv(response.data, "excel")
    expected = sorted(format_tag(d.asset_tag) for side in (world.ours, world.theirs) for d in side.devices
                      if d.status == S.HANDED_OUT)
    assert [row[0] for row in rows[1:]] == expected
    assert {row[rows[0].index("Donateur")] for row in rows[1:]} == {NEUTRALISED, "Andere Donateur"}


def test_the_device_workbook_holds_only_what_the_caller_may_see(api, world):
    response = api(world.theirs.donor, "/api/v1/exports/devices.xlsx")
    assert response.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(response.data)
    assert sorted(row[0] for row in rows[1:]) == sorted(format_tag(d.asset_tag) for d in world.theirs.devices)


@pytest.mark.parametrize("query", ["variant=latin9", "status=nonsense", "sort=random", "workshop=abc", "kind="])
def test_a_bad_parameter_is_a_422_and_nothing_is_logged(api, world, session, query):
    response = api(world.coordinator, f"/api/v1/exports/devices.csv?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "export.devices")) is None


def test_a_care_organisations_claims_and_handouts_are_its_own(api, world):
    claims = read_csv(api(world.ours.care, "/api/v1/exports/claims.csv").data, "utf8")
    assert [row[0] for row in claims[1:]] == [str(world.ours.devices[2].claim_id)]
    handouts = read_xlsx(api(world.ours.care, "/api/v1/exports/handouts.xlsx").data)
    assert "Kenmerk ontvanger" in handouts[0]
    assert {row[0] for row in handouts[1:]} == {format_tag(d.asset_tag) for d in world.ours.devices[2:]}


def test_a_coordinators_handouts_have_no_recipients(api, world):
    rows = read_csv(api(world.coordinator, "/api/v1/exports/handouts.csv?variant=excel").data, "excel")
    assert "Kenmerk ontvanger" not in rows[0] and len(rows) == 1 + 4


def test_an_api_export_is_in_the_security_log_with_its_filter(api, world, session):
    api(world.ours.workshop, "/api/v1/exports/devices.csv?kind=laptop").close()
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "export.devices"))
    assert event.actor_id == world.ours.workshop.id
    assert event.detail == "format=csv variant=utf8 rows=2 filter=kind=laptop&sort=newest"


def test_the_api_document_describes_the_files(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths["/api/v1/exports/devices.csv"]["get"]["responses"]["200"]["content"]) == {"text/csv"}
    xlsx = paths["/api/v1/exports/handouts.xlsx"]["get"]["responses"]["200"]["content"]
    assert set(xlsx) == {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    parameters = {parameter["name"] for parameter in paths["/api/v1/exports/devices.csv"]["get"]["parameters"]}
    assert {"status", "kind", "donation", "q", "sort", "variant"} <= parameters and "cursor" not in parameters
