"""The donor journey with the keyboard alone: pledge, add a device, import a file, fix a row, confirm, download the receipt.

No mouse clicks: fields get the focus and text is typed, links and buttons are pressed with Enter or Space, and the
file is chosen the way a file dialog hands it over. axe checks every page on the way.
"""
import re
import uuid

from playwright.sync_api import Page, expect

from .conftest import sign_in_as
from .test_accessibility import assert_no_violations


def press(page: Page, locator, key: str = "Enter") -> None:
    """Focus an element and press a key, waiting for the page it leads to."""
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page: Page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def spreadsheet(serials: list[str]) -> bytes:
    lines = ["soort;merk;model;serienummer"] + [f"laptop;Lenovo;ThinkPad T480;{serial}" for serial in serials]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def test_a_donor_pledges_lists_and_imports_devices_with_the_keyboard(page: Page, live_server):
    run = uuid.uuid4().hex[:6].upper()
    sign_in_as(page, live_server, "donor")

    page.goto("/donaties/nieuw")
    assert_no_violations(page)
    for selector, text in {
        "#pickup_address": "Stationsplein 1", "#pickup_postcode": "3511 AB", "#pickup_city": "Utrecht",
        "#contact_name": "Łukasz Wiśniewski", "#contact_phone": "030 123 4567", "#contact_email": "it@bedrijf.example",
        "#expected_laptops": "3",
    }.items():
        page.locator(selector).fill("")
        type_into(page, selector, text)
    press(page, page.locator("main form [type=submit]").first)
    expect(page.locator("h1")).to_contain_text("DON-")
    detail = page.url
    assert_no_violations(page)

    press(page, page.get_by_role("link", name="Apparaat toevoegen"))
    assert_no_violations(page)
    page.locator("#kind-1").focus()
    page.keyboard.press("Space")
    type_into(page, "#brand", "Apple")
    type_into(page, "#model", "iPad (6e generatie)")
    type_into(page, "#serial_number", f"{run}-TAB")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == detail
    expect(page.locator(".app-flash")).to_contain_text("is toegevoegd")

    press(page, page.get_by_role("link", name="Spreadsheet importeren"))
    assert_no_violations(page)
    page.locator("#file").set_input_files(
        files=[{"name": "apparaten.csv", "mimeType": "text/csv", "buffer": spreadsheet([f"{run}-1", f"{run}-1"])}]
    )
    press(page, page.locator("main form [type=submit]").first)
    expect(page.locator("#error-summary")).to_contain_text("Regels die niet kloppen: 1")
    expect(page.locator("main table")).to_contain_text("Dit serienummer staat ook op regel 2.")
    assert_no_violations(page)

    page.locator("#file").set_input_files(
        files=[{"name": "apparaten.csv", "mimeType": "text/csv", "buffer": spreadsheet([f"{run}-1", f"{run}-2"])}]
    )
    press(page, page.locator("main form [type=submit]").first)
    expect(page.locator("main")).to_contain_text("Alle regels kloppen: 2 apparaten")
    assert_no_violations(page)
    press(page, page.get_by_role("button", name="Bevestigen en toevoegen"))
    assert page.url == detail
    expect(page.locator(".app-flash")).to_contain_text("2 apparaten zijn toegevoegd")
    expect(page.locator("main")).to_contain_text(f"{run}-2")
    assert_no_violations(page)

    receipt = page.get_by_role("link", name=re.compile("Ontvangstbewijs"))
    receipt.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_import_pages_with_problems_are_axe_clean_for_a_workshop_and_a_coordinator(page: Page, live_server):
    for role in ("refurbisher", "coordinator"):
        page.context.clear_cookies()
        sign_in_as(page, live_server, role)
        page.goto("/donaties")
        link = page.locator("main a[href^='/donaties/DON-']").first
        press(page, link)
        reference = page.url.rstrip("/").rsplit("/", 1)[1]
        page.goto(f"/donaties/{reference}/apparaten/nieuw")
        assert_no_violations(page)
        page.locator("#serial_number").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator("#error-summary")).to_be_focused()
        assert_no_violations(page)
        page.goto(f"/donaties/{reference}/importeren")
        assert_no_violations(page)
