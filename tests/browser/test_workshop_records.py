"""axe on the workshop's record pages (check, wipe, recycle, nwipe upload), empty and after a refused submit.

Nothing is saved: every submit here is refused, so the demo campaign stays as other browser tests expect it.
"""
import pytest
from playwright.sync_api import Page

from allemaaldigitaal.accounts.services import find_user_by_email
from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceStatus
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.extensions import db

from .conftest import DEMO_LOGINS, sign_in_as
from .test_accessibility import assert_no_violations, submit

ROLES = ("refurbisher", "coordinator")


def workshop_device(live_server, role: str) -> str:
    """The tag of a device this role may see that is in the workshop (received or wiped)."""
    with live_server.app.app_context():
        user = find_user_by_email(DEMO_LOGINS[role])
        tag = db.session.scalar(scoped(Device, user).where(
            Device.status.in_([DeviceStatus.RECEIVED, DeviceStatus.RETURNED, DeviceStatus.WIPED])
        ).order_by(Device.id))
        tag = tag.asset_tag
        db.session.remove()
    return tag


@pytest.mark.parametrize("role", ROLES)
def test_the_record_pages_have_no_axe_violations_empty_and_with_errors(page: Page, live_server, role):
    sign_in_as(page, live_server, role)
    tag = workshop_device(live_server, role)
    for path in (f"/D/{tag}/controle", f"/D/{tag}/wissen", f"/D/{tag}/recyclen", "/werkplaats/wisrapporten"):
        assert_no_violations(page, path, status=200)
        assert submit(page, "main form") == 200
        assert page.locator("#error-summary").count() == 1, path
        assert_no_violations(page)


def test_the_error_summary_links_to_the_fields_of_the_medium(page: Page, live_server):
    sign_in_as(page, live_server, "refurbisher")
    tag = workshop_device(live_server, "refurbisher")
    page.goto(f"/D/{tag}/wissen")
    page.locator("#m0-tool").fill("")
    submit(page, "main form")
    link = page.locator("#error-summary a[href='#m0-tool']")
    assert link.count() == 1
    link.click()
    assert page.evaluate("document.activeElement.id") == "m0-tool"
