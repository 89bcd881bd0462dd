"""Receiving a donation with the keyboard alone, as with a keyboard-wedge scanner: the code field has the focus, a tag
or a label's URL is typed and Enter pressed; the page says what happened each time. axe checks every page on the way.

The test makes donations of its own for the demo workshop, so the demo's donations stay as they are for the crawl.
"""
import uuid

from playwright.sync_api import Page, expect

from allemaaldigitaal.accounts.services import find_user_by_email
from allemaaldigitaal.core.enums import DeviceKind
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import PickupDetails, create_donation
from allemaaldigitaal.extensions import db

from .conftest import DEMO_LOGINS, sign_in_as
from .test_accessibility import assert_no_violations


def donations_for_the_demo_workshop(live_server) -> tuple[str, list[str], str]:
    """A new donation with two pledged devices and another with one, both for the demo workshop: (reference, its
    tags, the other donation's tag)."""
    run = uuid.uuid4().hex[:6].upper()
    with live_server.app.app_context():
        donor, workshop = (find_user_by_email(DEMO_LOGINS[role]) for role in ("donor", "refurbisher"))
        made = []
        for count in (2, 1):
            donation = create_donation(donor.organisation, donor, PickupDetails(pickup_city="Utrecht"),
                                       workshop.organisation)
            devices = [add_device(donation, donor, DeviceSpecs(kind=DeviceKind.LAPTOP, brand="HP", model="EliteBook 840",
                                                               serial_number=f"KB-{run}-{count}-{number}"))
                       for number in range(count)]
            made.append((donation.reference, [device.asset_tag for device in devices]))
        db.session.commit()
        db.session.remove()
    (reference, tags), (_other, (other_tag,)) = made
    return reference, tags, other_tag


def press(page: Page, locator, key: str = "Enter") -> None:
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press(key)


def scan(page: Page, code: str) -> None:
    """What a keyboard-wedge scanner does: type the code into the focused field and press Enter."""
    assert page.evaluate("() => document.activeElement.id") == "code", "the code field should have the focus"
    page.keyboard.type(code)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_workshop_receives_a_donation_with_the_keyboard_only(page: Page, live_server):
    reference, (first, second), other = donations_for_the_demo_workshop(live_server)
    sign_in_as(page, live_server, "refurbisher")
    page.goto("/start")
    press(page, page.get_by_role("link", name="Apparaten ontvangen"))
    assert_no_violations(page)
    press(page, page.get_by_role("link", name=reference))
    expect(page.locator("h1")).to_contain_text(reference)
    assert_no_violations(page)

    scan(page, format_tag(first).lower())
    expect(page.locator("#scan-result")).to_contain_text(f"Ontvangen: {format_tag(first)} (HP EliteBook 840).")
    expect(page.locator("#waiting")).to_contain_text("Nog te ontvangen (1)")
    expect(page.locator("#arrived")).to_contain_text(format_tag(first))
    assert_no_violations(page)

    scan(page, other)
    expect(page.locator("#scan-result")).to_contain_text("niet bij deze donatie")
    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
    assert_no_violations(page)

    scan(page, f"{live_server.url}/D/{format_tag(second)}")
    expect(page.locator("#scan-result")).to_contain_text(f"Ontvangen: {format_tag(second)}")
    expect(page.locator("#waiting")).to_contain_text("Alle apparaten op de lijst zijn ontvangen.")

    press(page, page.get_by_role("link", name="Apparaat zonder toezegging aanmelden"))
    assert_no_violations(page)
    page.locator("#kind-1").focus()
    page.keyboard.press("Space")
    page.locator("#serial_number").focus()
    page.keyboard.type(f"EXTRA-{uuid.uuid4().hex[:8]}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#scan-result")).to_contain_text("Ontvangen: AD-")
    expect(page.locator("#arrived")).to_contain_text("Ontvangen (3)")

    press(page, page.get_by_role("link", name="Alles ontvangen: afsluiten"))
    expect(page.locator("main")).to_contain_text("Alle apparaten op de lijst zijn ontvangen.")
    assert_no_violations(page)
    press(page, page.get_by_role("button", name="Ja, afsluiten"))
    expect(page.locator(".app-flash")).to_contain_text("Het ontvangen is afgesloten.")
    assert_no_violations(page)


def test_a_refused_registration_and_the_close_confirmation_with_missing_devices_have_no_axe_violations(
    page: Page, live_server,
):
    reference, _tags, _other = donations_for_the_demo_workshop(live_server)
    sign_in_as(page, live_server, "refurbisher")
    page.goto(f"/werkplaats/ontvangen/{reference}/apparaat")
    page.locator("#preprinted_tag").fill("AD-123")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_violations(page)
    page.goto(f"/werkplaats/ontvangen/{reference}")
    press(page, page.get_by_role("button", name="De apparaten zijn opgehaald"))
    press(page, page.get_by_role("link", name="Alles ontvangen: afsluiten"))
    expect(page.locator("#missing-list")).to_contain_text("HP EliteBook 840")
    assert_no_violations(page)
