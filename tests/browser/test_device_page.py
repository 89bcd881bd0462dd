"""The page behind a QR code: on a 360 px phone with its step buttons and a refusal, the found page, and the
not-found and mistyped pages; axe-clean in every state."""
import random
import uuid

from playwright.sync_api import Page
from sqlalchemy import select

from allemaaldigitaal.accounts.services import find_user_by_email
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

from .conftest import DEMO_LOGINS, sign_in_as
from .test_accessibility import assert_no_violations, csrf_token, post_form
from .test_responsive import assert_fits


def workshop_device(live_server, status: DeviceStatus) -> str:
    """The tag of a new device in this status that the demo workshop holds (whatever the demo left)."""
    with live_server.app.app_context():
        donor, workshop, care, coordinator = (
            find_user_by_email(DEMO_LOGINS[role]) for role in ("donor", "refurbisher", "care", "coordinator"))
        donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
        device = add_device(donation, donor, DeviceSpecs(kind=DeviceKind.LAPTOP, brand="Dell", model="Latitude 5490",
                                                         serial_number=f"PAGE-{uuid.uuid4().hex[:8]}"))
        bring_to(device, status, Cast(coordinator=coordinator, refurbishers=[workshop], care=[care], claims=[]),
                 random.Random(1), workshop)
        tag = device.asset_tag
        db.session.commit()
        db.session.remove()
    return tag


def any_tag(live_server) -> str:
    with live_server.app.app_context():
        tag = db.session.scalar(select(Device.asset_tag).order_by(Device.id).limit(1))
        db.session.remove()
    return tag


def mistype(tag: str) -> str:
    """The tag with two neighbours swapped (always caught by the check character)."""
    at = next(at for at in range(len(tag) - 1) if tag[at] != tag[at + 1])
    return tag[:at] + tag[at + 1] + tag[at] + tag[at + 2:]


def test_the_device_page_fits_a_phone_and_shows_its_steps_and_a_refusal(phone: Page, live_server):
    tag = workshop_device(live_server, DeviceStatus.RECEIVED)
    sign_in_as(phone, live_server, "refurbisher")
    response = phone.goto(f"/D/{tag}")
    assert response.status == 200
    assert_fits(phone)
    assert phone.locator("main form input[name=to]").count() >= 1
    assert phone.get_by_role("heading", name="Wat kun je nu doen?").is_visible()
    assert_no_violations(phone)
    # ready straight from received is not in the lifecycle: the page says so and writes nothing
    status = post_form(phone, f"/D/{tag}/status", {"csrf_token": csrf_token(phone), "to": "ready"})
    assert status == 409
    assert "kan niet naar" in phone.locator("#error-summary").inner_text()
    assert_fits(phone)
    assert_no_violations(phone)


def test_the_found_page_is_axe_clean(page: Page, live_server):
    tag = any_tag(live_server)
    assert_no_violations(page, f"/D/{format_tag(tag)}", 200)
    assert "Heb je dit apparaat gevonden?" in page.locator("main").inner_text()
    assert "DigiHulplijn" in page.locator("main").inner_text()


def test_the_mistyped_and_unknown_pages_are_axe_clean(page: Page, live_server):
    tag = workshop_device(live_server, DeviceStatus.RECEIVED)
    assert_no_violations(page, f"/D/{mistype(tag)}", 404)
    assert "verkeerd getypt" in page.locator("h1").inner_text()
    assert_no_violations(page, "/D/ZZZZZZZZ3", 404)
    sign_in_as(page, live_server, "refurbisher")
    assert_no_violations(page, f"/D/{mistype(tag)}", 404)
    assert page.locator("main a", has_text=format_tag(tag)).count() == 1
    # the search field leads to the device
    page.locator("#code").fill(format_tag(tag).lower())
    with page.expect_navigation():
        page.locator("#code").press("Enter")
    assert page.url.endswith(f"/D/{format_tag(tag).lower()}")
    assert page.locator("h1").inner_text().endswith(format_tag(tag))
