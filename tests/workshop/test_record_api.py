"""POST …/checks, …/wipes and /wipe-reports: 201/200 when saved; 422 per field or file, 404, 409 with nothing saved."""
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import DeviceCheck, DeviceEvent, WipeRecord
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import format_tag

from .conftest import first_whole_second_after_intake, nwipe_report

PROBLEM = "application/problem+json"
CHECK = {"condition_grade": "A", "battery_health_pct": 91, "screen_ok": True, "keyboard_ok": False,
         "keyboard_note": "E-toets hapert", "ports_ok": True, "camera_ok": True, "os_installed": "ChromeOS Flex",
         "chromebook_enrolment_cleared": True, "drive_serials": ["S3Z1"]}


def bearer(session, user) -> dict:
    _token, raw = create_token(user, "werkplaats")
    session.flush()
    return {"Authorization": f"Bearer {raw}"}


def rows(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def wipe_body(**changes) -> dict:
    now = utcnow().isoformat()
    body = {"medium_type": "ssd", "medium_serial": "S3Z1", "level": "purge", "technique": "block_erase",
            "tool": "hdparm", "tool_version": "9.65", "verification": "full", "passed": True,
            "started_at": now, "finished_at": now}
    body.update(changes)
    return body


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    return response.get_json(force=True)


def test_a_check_is_saved_and_returned(client, session, workshop, received):
    response = client.post(f"/api/v1/devices/{format_tag(received.asset_tag).lower()}/checks", json=CHECK,
                           headers=bearer(session, workshop))
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["condition_grade"] == "A" and body["account_locks_cleared"] is True and body["keyboard_ok"] is False
    assert received.account_locks_cleared is True and received.os_installed == "ChromeOS Flex"


@pytest.mark.parametrize("changes, field", [
    ({"battery_health_pct": 120}, "battery_health_pct"),
    ({"condition_grade": "Z"}, "condition_grade"),
    ({"screen_ok": None}, "screen_ok"),
    ({"locks_not_applicable": True}, "locks"),
])
def test_a_bad_check_is_a_422_on_its_field_and_nothing_is_saved(client, session, workshop, received, changes, field):
    response = client.post(f"/api/v1/devices/{received.asset_tag}/checks", json={**CHECK, **changes},
                           headers=bearer(session, workshop))
    assert field in problem(response, 422)["errors"]["json"]
    assert rows(session, DeviceCheck) == 0


def test_a_check_of_another_workshops_device_is_a_404(client, session, stranger, received):
    response = client.post(f"/api/v1/devices/{received.asset_tag}/checks", json=CHECK, headers=bearer(session, stranger))
    problem(response, 404)
    assert rows(session, DeviceCheck) == 0


def test_a_mistyped_tag_is_a_404(client, session, workshop, received):
    tag = received.asset_tag[:-1] + ("A" if received.asset_tag[-1] != "A" else "B")
    problem(client.post(f"/api/v1/devices/{tag}/checks", json=CHECK, headers=bearer(session, workshop)), 404)


def test_a_check_in_the_wrong_status_is_a_409_with_the_code(client, session, make, workshop):
    device = make.device(DeviceStatus.PLEDGED)
    events = rows(session, DeviceEvent)
    body = problem(client.post(f"/api/v1/devices/{device.asset_tag}/checks", json=CHECK,
                               headers=bearer(session, workshop)), 409)
    assert body["code"] == "not_in_workshop" and "werkplaats" in body["detail"]
    assert rows(session, DeviceEvent) == events


def test_a_wipe_is_saved_and_a_failed_one_is_kept_as_failed(client, session, workshop, received):
    headers = bearer(session, workshop)
    response = client.post(f"/api/v1/devices/{received.asset_tag}/wipes", json=wipe_body(passed=False), headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["passed"] is False and response.get_json()["medium_serial"] == "S3Z1"
    response = client.post(f"/api/v1/devices/{received.asset_tag}/transitions", json={"to": "wiped"}, headers=headers)
    if response.status_code != 404:  # the transitions endpoint is built beside this one
        assert problem(response, 409)["code"] == "wipe_failed"


@pytest.mark.parametrize("changes, field", [
    ({"started_at": "2026-01-01T10:00:00"}, "started_at"),
    ({"finished_at": (utcnow() + timedelta(hours=2)).isoformat()}, "finished_at"),
    ({"level": "thorough"}, "level"),
    ({"tool": ""}, "tool"),
])
def test_a_bad_wipe_is_a_422_and_nothing_is_saved(client, session, workshop, received, changes, field):
    response = client.post(f"/api/v1/devices/{received.asset_tag}/wipes", json=wipe_body(**changes),
                           headers=bearer(session, workshop))
    assert field in problem(response, 422)["errors"]["json"]
    assert rows(session, WipeRecord) == 0


def test_a_wipe_of_a_ready_device_is_a_409(client, session, make, workshop):
    device = make.device(DeviceStatus.READY)
    before = rows(session, WipeRecord)
    body = problem(client.post(f"/api/v1/devices/{device.asset_tag}/wipes", json=wipe_body(),
                               headers=bearer(session, workshop)), 409)
    assert body["code"] == "not_in_workshop" and rows(session, WipeRecord) == before


def test_a_wipe_of_another_workshops_device_is_a_404(client, session, stranger, received):
    problem(client.post(f"/api/v1/devices/{received.asset_tag}/wipes", json=wipe_body(),
                        headers=bearer(session, stranger)), 404)


@pytest.mark.parametrize("role", [K.DONOR, K.CARE])
def test_donors_and_care_organisations_may_not_record(client, session, make, received, role):
    problem(client.post(f"/api/v1/devices/{received.asset_tag}/wipes", json=wipe_body(),
                        headers=bearer(session, make.user(role))), 403)


def upload(client, headers, files, **form):
    data = {**form, "file": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/api/v1/wipe-reports", data=data, headers=headers, content_type="multipart/form-data")


def test_reports_are_imported_with_a_tag_and_listed_per_file(client, session, workshop, received):
    second = first_whole_second_after_intake(received)
    headers = bearer(session, workshop)
    files = [("sda.json", nwipe_report("S1", at=second)), ("sdb.json", nwipe_report("S2", status="failure", at=second))]
    response = upload(client, headers, files, tag=format_tag(received.asset_tag), level="purge")
    assert response.status_code == 200, response.get_data(as_text=True)
    outcomes = response.get_json()["files"]
    assert [(o["filename"], o["outcome"], o["tag"]) for o in outcomes] == [
        ("sda.json", "imported", received.asset_tag), ("sdb.json", "failed", received.asset_tag)]
    assert {(r.medium_serial, r.passed, r.level.value) for r in received.wipe_records} == {
        ("S1", True, "purge"), ("S2", False, "purge")}
    again = upload(client, headers, files[:1])
    assert again.status_code == 200 and again.get_json()["files"][0]["outcome"] == "skipped"
    assert rows(session, WipeRecord) == 2


def test_an_unknown_serial_refuses_the_whole_upload_per_file(client, session, workshop, received):
    headers = bearer(session, workshop)
    upload(client, headers, [("known.json", nwipe_report("K1"))], tag=received.asset_tag)
    before = rows(session, WipeRecord)
    response = upload(client, headers, [("known2.json", nwipe_report("K1", minutes_ago=5)),
                                        ("unknown.json", nwipe_report("U1")), ("broken.json", b"{}")])
    errors = problem(response, 422)["errors"]["files"]
    assert set(errors) == {"1", "2"} and "U1" in errors["1"][0]
    assert rows(session, WipeRecord) == before


def test_an_upload_without_files_or_with_a_tag_not_seen_is_a_422(client, session, workshop, stranger, received):
    problem(upload(client, bearer(session, workshop), []), 422)
    response = upload(client, bearer(session, stranger), [("a.json", nwipe_report("Q1"))], tag=received.asset_tag)
    assert "tag" in problem(response, 422)["errors"]["files"]
    assert rows(session, WipeRecord) == 0
