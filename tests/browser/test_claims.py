"""A claim from start to handout, with the keyboard alone: the care organisation asks for a laptop, a coordinator
approves and lets the app allocate, the care organisation sees the device and where to collect it, ticks it as
received, hands it out under a reference (a BSN is refused first), downloads the handover form and marks it signed.
axe checks every page on the way, the claim form with its errors, the change page and the withdraw confirmation
included.

The test makes a ready laptop of its own, so there is stock whatever the demo left, and changes no demo claim.
"""
import io
import random
import uuid
from datetime import date

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from allemaaldigitaal.accounts.services import find_user_by_email
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

from .conftest import DEMO_LOGINS, SIGN_OUT, sign_in_as
from .test_accessibility import assert_no_violations
from .test_receiving import press


def a_ready_laptop(live_server) -> None:
    with live_server.app.app_context():
        donor, workshop, care, coordinator = (
            find_user_by_email(DEMO_LOGINS[role]) for role in ("donor", "refurbisher", "care", "coordinator"))
        donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
        device = add_device(donation, donor, DeviceSpecs(kind=DeviceKind.LAPTOP, brand="Dell", model="Latitude 5490",
                                                         serial_number=f"CLAIM-{uuid.uuid4().hex[:8]}"))
        cast = Cast(coordinator=coordinator, refurbishers=[workshop], care=[care], claims=[])
        bring_to(device, DeviceStatus.READY, cast, random.Random(1), workshop)
        db.session.commit()
        db.session.remove()


def type_into(page: Page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def type_date(page: Page, selector: str, day: date) -> None:
    """Types a date into a date field, in the order of the browser's own format (day first, or month first)."""
    field = page.locator(selector)
    for digits in (day.strftime("%d%m%Y"), day.strftime("%m%d%Y")):
        field.focus()
        page.keyboard.type(digits)
        if field.input_value() == day.isoformat():
            return
        for _segment in range(3):
            page.keyboard.press("Backspace")
            page.keyboard.press("Shift+Tab")
    raise AssertionError(f"could not type {day} into {selector}: {field.input_value()}")


def sign_out(page: Page) -> None:
    press(page, page.locator(SIGN_OUT).first)


def test_a_claim_from_request_to_collection_with_the_keyboard_only(page: Page, live_server):
    a_ready_laptop(live_server)
    purpose = f"Voor bewoners die online les volgen {uuid.uuid4().hex[:6]}"
    sign_in_as(page, live_server, "care")
    page.goto("/start")
    press(page, page.get_by_role("link", name="Apparaten aanvragen").first)
    expect(page.locator("#privacy-warning")).to_contain_text("geen namen")
    assert_no_violations(page)

    type_into(page, "#laptops_requested", "0")
    press(page, page.get_by_role("button", name="Aanvraag versturen"))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Schrijf kort op waarvoor")
    assert_no_violations(page)

    type_into(page, "#laptops_requested", "1")
    type_into(page, "#tablets_requested", "0")
    type_date(page, "#wanted_by", date(date.today().year + 1, 12, 31))
    type_into(page, "#purpose", purpose)
    press(page, page.get_by_role("button", name="Aanvraag versturen"))
    expect(page.locator(".app-flash")).to_contain_text("Je aanvraag is verstuurd")
    expect(page.locator("#claim-facts")).to_contain_text(f"31 december {date.today().year + 1}")
    claim_url = page.url
    assert_no_violations(page)

    press(page, page.get_by_role("link", name="Aanvraag wijzigen"))
    assert_no_violations(page)
    press(page, page.get_by_role("link", name="Terug naar de aanvraag"))
    press(page, page.get_by_role("link", name="Aanvraag intrekken"))
    expect(page.get_by_role("button", name="Ja, intrekken")).to_be_visible()
    assert_no_violations(page)
    press(page, page.get_by_role("link", name="Nee, terug naar de aanvraag"))
    sign_out(page)

    sign_in_as(page, live_server, "coordinator")
    page.goto("/start")
    press(page, page.get_by_role("link", name="Aanvragen", exact=True).first)
    assert_no_violations(page)
    page.goto(claim_url)
    assert_no_violations(page)
    press(page, page.get_by_role("button", name="Afwijzen"))
    expect(page.locator("#error-summary")).to_contain_text("waarom je de aanvraag afwijst")
    assert_no_violations(page)
    press(page, page.get_by_role("button", name="Goedkeuren"))
    expect(page.locator(".app-flash")).to_contain_text("goedgekeurd")
    assert_no_violations(page)
    press(page, page.get_by_role("button", name="Automatisch toewijzen"))
    expect(page.locator(".app-flash")).to_contain_text("1 apparaat is toegewezen.")
    expect(page.locator("#device-list")).to_contain_text("Toegewezen")
    assert_no_violations(page)
    type_into(page, "#tags", "geen-nummer")
    press(page, page.get_by_role("button", name="Deze apparaten toewijzen"))
    expect(page.locator("#error-summary")).to_contain_text("geen-nummer")
    assert_no_violations(page)
    sign_out(page)

    sign_in_as(page, live_server, "care")
    page.goto("/start")
    press(page, page.get_by_role("link", name="Mijn aanvragen").first)
    press(page, page.locator("#claim-list a[href$='" + claim_url.rsplit("/", 1)[1] + "']"))
    expect(page.locator("#claim-facts")).to_contain_text("1 van 1 toegewezen")
    expect(page.locator("#device-list")).to_contain_text("Laptop")
    expect(page.locator("#collect")).to_contain_text("1 laptops en 0 tablets")
    assert_no_violations(page)

    tag = page.locator("#device-list input[name=tags]").first.get_attribute("value")
    checkbox = page.locator(f"#receive-{tag}")
    checkbox.focus()
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    press(page, page.locator("#receive-button"))
    expect(page.locator(".app-flash")).to_contain_text("De apparaten zijn nu bij jullie")
    assert_no_violations(page)
    hand_out_and_sign(page)


def hand_out_and_sign(page: Page) -> None:
    """On the claim page of a delivered device: hand it out, download its form, mark the form signed."""
    press(page, page.locator("#device-list a", has_text="Uitreiken").first)
    expect(page.locator("#privacy-warning")).to_contain_text("geen BSN")
    assert_no_violations(page)
    type_into(page, "#recipient_reference", "111222333")
    page.locator("input[name=kind][value=gift]").focus()
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="Uitreiken"))
    expect(page.locator("#error-summary")).to_contain_text("burgerservicenummer")
    assert_no_violations(page)
    reference = f"K-{uuid.uuid4().hex[:6]}"
    type_into(page, "#recipient_reference", reference)
    press(page, page.get_by_role("button", name="Uitreiken"))
    expect(page.locator(".app-flash")).to_contain_text("Het apparaat is uitgereikt")
    expect(page.locator("#handed-out")).to_contain_text(reference)
    assert_no_violations(page)
    form = page.request.get(page.locator("#handover-form-link").get_attribute("href"))
    assert form.status == 200 and form.headers["content-type"] == "application/pdf"
    text = "\n".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(form.body())).pages)
    assert reference in text and "0800-1508" in text
    press(page, page.get_by_role("button", name="Formulier is getekend"))
    expect(page.locator(".app-flash")).to_contain_text("het overdrachtsformulier is getekend")
    assert_no_violations(page)
