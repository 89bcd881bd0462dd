"""The check, wipe, recycle and nwipe upload pages: the same services as the API, behind forms with CSRF."""
import io
from datetime import UTC, datetime

import pytest
from flask_babel import to_user_timezone
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import DeviceCheck, StorageMedium, WipeRecord
from allemaaldigitaal.core.tags import format_tag

from .conftest import first_whole_second_after_intake, nwipe_report

CHECK_FORM = {"condition_grade": "B", "battery_health_pct": "80", "screen": "ok", "keyboard": "ok", "ports": "defect",
              "ports_note": "USB-C los", "camera": "ok", "os_choice": "other", "os_other": "Ubuntu 24.04",
              "google_frp_cleared": "y", "drive_serials": "S3Z1, S3Z2"}


def rows(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("page", ["controle", "wissen", "recyclen"])
def test_the_workshop_sees_the_pages_of_its_device_in_any_tag_form(client, login, workshop, received, page):
    login(client, workshop)
    for tag in (received.asset_tag, format_tag(received.asset_tag).lower()):
        response = client.get(f"/d/{tag}/{page}")
        assert response.status_code == 200
        assert format_tag(received.asset_tag) in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["controle", "wissen", "recyclen"])
def test_another_workshop_gets_a_404(client, login, stranger, received, page):
    login(client, stranger)
    assert client.get(f"/D/{received.asset_tag}/{page}").status_code == 404
    assert client.post(f"/D/{received.asset_tag}/{page}", data={}).status_code == 404


def test_a_check_is_recorded_from_the_form(client, session, login, workshop, received):
    login(client, workshop)
    response = client.post(f"/D/{received.asset_tag}/controle", data=CHECK_FORM)
    assert response.status_code == 302
    check = session.scalar(select(DeviceCheck).where(DeviceCheck.device_id == received.id))
    assert (check.ports_ok, check.ports_note, check.os_installed, check.google_frp_cleared) == (
        False, "USB-C los", "Ubuntu 24.04", True)
    assert rows(session, StorageMedium) == 2 and received.account_locks_cleared is True


def test_a_check_with_problems_shows_them_and_saves_nothing(client, session, login, workshop, received):
    login(client, workshop)
    data = {**CHECK_FORM, "battery_health_pct": "150", "os_other": "", "locks_not_applicable": "y"}
    response = client.post(f"/D/{received.asset_tag}/controle", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "error-summary" in page
    assert "0 tot en met 100" in page and "Vul in welk besturingssysteem" in page
    assert rows(session, DeviceCheck) == 0


def test_a_check_of_a_pledged_device_is_refused_on_the_page(client, session, login, make, workshop):
    device = make.device(DeviceStatus.PLEDGED)
    login(client, workshop)
    assert "Controle vastleggen" not in client.get(f"/D/{device.asset_tag}/controle").get_data(as_text=True)
    response = client.post(f"/D/{device.asset_tag}/controle", data=CHECK_FORM)
    assert response.status_code == 200 and "Een controle kan alleen als het apparaat in de werkplaats is" in (
        response.get_data(as_text=True))
    assert rows(session, DeviceCheck) == 0


def wipe_form(prefix: str, device, **changes) -> dict:
    """A filled-in wipe form; its times are the first whole second after the device came in (the form has seconds)."""
    second = datetime.fromtimestamp(first_whole_second_after_intake(device), UTC)
    moment = to_user_timezone(second).strftime("%Y-%m-%dT%H:%M:%S")
    data = {"medium_serial": "S3Z1", "medium_type": "ssd", "medium_capacity_gb": "256", "level": "purge",
            "technique": "crypto_erase", "tool": "hdparm", "verification": "full", "passed": "ja",
            "started_at": moment, "finished_at": moment}
    data.update(changes)
    return {"medium_form": prefix, **{f"{prefix}-{name}": value for name, value in data.items()}}


def test_a_wipe_is_recorded_per_medium(client, session, login, make, workshop):
    device = make.device(DeviceStatus.RECEIVED, storage_media_count=2)
    login(client, workshop)
    page = client.get(f"/D/{device.asset_tag}/wissen").get_data(as_text=True)
    assert 'name="m0-medium_serial"' in page and 'name="m1-medium_serial"' in page
    response = client.post(f"/D/{device.asset_tag}/wissen", data=wipe_form("m1", device, passed="nee"))
    assert response.status_code == 302
    record = session.scalar(select(WipeRecord).where(WipeRecord.device_id == device.id))
    assert (record.medium_serial, record.passed, record.technique.value) == ("S3Z1", False, "crypto_erase")
    page = client.get(f"/D/{device.asset_tag}/wissen").get_data(as_text=True)
    assert "Mislukt" in page and 'value="S3Z1"' in page


def test_a_wipe_form_with_problems_shows_them_next_to_that_medium(client, session, login, workshop, received):
    login(client, workshop)
    response = client.post(f"/D/{received.asset_tag}/wissen", data=wipe_form("m0", received, **{"tool": "", "passed": ""}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Vul in met welk programma" in page and "Kies geslaagd of mislukt" in page
    assert rows(session, WipeRecord) == 0
    assert client.post(f"/D/{received.asset_tag}/wissen", data=wipe_form("m7", received)).status_code == 400


def test_recycling_from_the_form(client, session, login, workshop, received):
    login(client, workshop)
    data = {"reason": "Scherm en moederbord kapot", "method": "degaussed", "destroyed_by": "Recycler BV",
            "media_serials": "HDD-1\nHDD-2"}
    assert client.post(f"/D/{received.asset_tag}/recyclen", data=data).status_code == 302
    assert received.status == DeviceStatus.RECYCLED
    assert sorted(r.medium_serial for r in received.wipe_records) == ["HDD-1", "HDD-2"]
    page = client.get(f"/D/{received.asset_tag}/recyclen").get_data(as_text=True)
    assert "Recyclen vastleggen" not in page


def test_recycling_without_a_reason_is_refused(client, session, login, workshop, received):
    login(client, workshop)
    response = client.post(f"/D/{received.asset_tag}/recyclen", data={"method": "drilled", "destroyed_by": "Ik"})
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    assert received.status == DeviceStatus.RECEIVED


def post_reports(client, files, **form):
    data = {"level": "clear", "technique": "overwrite", "verification": "full", **form,
            "file": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/werkplaats/wisrapporten", data=data, content_type="multipart/form-data")


def test_reports_are_uploaded_and_listed_per_file(client, session, login, workshop, received):
    login(client, workshop)
    response = post_reports(client, [("a.json", nwipe_report("N1")), ("b.json", nwipe_report("N2", status="failure"))],
                            tag=format_tag(received.asset_tag))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "a.json" in page and "mislukte wis-poging vastgelegd" in page
    assert rows(session, WipeRecord) == 2
    again = post_reports(client, [("a.json", nwipe_report("N1"))]).get_data(as_text=True)
    assert "overgeslagen" in again


def test_an_unknown_serial_refuses_the_upload_and_is_listed(client, session, login, workshop):
    login(client, workshop)
    response = post_reports(client, [("x.json", nwipe_report("UNKNOWN7"))])
    page = response.get_data(as_text=True)
    assert "error-summary" in page and "UNKNOWN7" in page and rows(session, WipeRecord) == 0


def test_a_tag_that_is_not_found_is_shown_at_the_field(client, session, login, stranger, received):
    login(client, stranger)
    page = post_reports(client, [("x.json", nwipe_report("Q"))], tag=received.asset_tag).get_data(as_text=True)
    assert "Er is geen apparaat met deze code" in page and rows(session, WipeRecord) == 0


@pytest.mark.parametrize("role", [K.DONOR, K.CARE])
def test_donors_and_care_may_not_use_the_pages(client, login, make, received, role):
    login(client, make.user(role))
    assert client.get("/werkplaats/wisrapporten").status_code == 403
    assert client.get(f"/D/{received.asset_tag}/wissen").status_code == 403


def test_the_wipe_page_offers_the_drives_of_earlier_wipes_and_checks(client, session, login, make, workshop):
    device = make.device(DeviceStatus.RECEIVED, storage_media_count=3)
    make.wipe(device, medium_serial="OLD-WIPE-1")
    login(client, workshop)
    client.post(f"/D/{device.asset_tag}/controle", data={**CHECK_FORM, "drive_serials": "CHECKED-2"})
    page = client.get(f"/D/{device.asset_tag}/wissen").get_data(as_text=True)
    first, second = page.index('name="m0-medium_serial"'), page.index('name="m1-medium_serial"')
    assert 'value="CHECKED-2"' in page[first:second] and 'value="OLD-WIPE-1"' in page[second:]
    assert 'name="m2-medium_serial"' in page and 'name="m3-' not in page
