"""Printing labels with the keyboard alone (Tab, Space and Enter), and axe on every state of the label pages."""
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from allemaaldigitaal.accounts.services import find_user_by_email
from allemaaldigitaal.core.enums import EventKind
from allemaaldigitaal.core.models import Device, DeviceEvent, Donation
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices import preview
from allemaaldigitaal.devices.preprinted import print_preprinted
from allemaaldigitaal.extensions import db
from allemaaldigitaal.printing import qr_url

from ..printing.reading import decode, page_count, prints_at_actual_size
from .conftest import DEMO_LOGINS, sign_in_as
from .test_accessibility import assert_no_violations
from .test_keyboard import focused, tab

#: the device list has three focusable things per device
MAX_TABS = 120


def tab_until(page: Page, wanted, what: str) -> dict:
    for _ in range(MAX_TABS):
        element = tab(page)
        if wanted(element):
            return element
    raise AssertionError(f"{what} not reached after {MAX_TABS} presses of Tab")


def link_to(path: str):
    return lambda element: element["tag"] == "a" and (element["href"] or "") == path


def button(text: str):
    return lambda element: element["tag"] == "button" and element["text"].startswith(text)


def assigned_donation(live_server) -> tuple[str, list[str]]:
    """The reference of the demo workshop's donation, and the tags of its devices in order."""
    with live_server.app.app_context():
        workshop = find_user_by_email(DEMO_LOGINS["refurbisher"])
        donation = db.session.scalar(
            select(Donation).where(Donation.refurbisher_id == workshop.organisation_id).order_by(Donation.id)
        )
        tags = list(db.session.scalars(select(Device.asset_tag).where(Device.donation_id == donation.id).order_by(Device.id)))
        db.session.remove()
    return donation.reference, tags


def printed(live_server, tags: list[str]) -> int:
    """How many label-printed events these devices have."""
    with live_server.app.app_context():
        found = db.session.scalar(select(func.count()).select_from(DeviceEvent).join(Device).where(
            DeviceEvent.kind == EventKind.LABEL_PRINTED, Device.asset_tag.in_(tags)
        ))
        db.session.remove()
    return found


def urls(live_server, tags: list[str]) -> list[str]:
    return sorted(qr_url(live_server.app.config["BASE_URL"], tag) for tag in tags)


def decoded(path: Path) -> list[str]:
    """The codes in a downloaded PDF; PDFium runs in one thread at a time, the live server's previews included."""
    with preview._pdfium:
        return sorted(found.text for found in decode(path.read_bytes()))


def enter_and_download(page: Page, tmp_path: Path, name: str) -> tuple[Path, str]:
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    target = tmp_path / name
    download.value.save_as(target)
    return target, download.value.suggested_filename


def wait_for_preview(page: Page) -> None:
    image = page.locator("img.app-label-preview__image")
    expect(image).to_be_visible()
    page.wait_for_function("() => { const image = document.querySelector('img.app-label-preview__image');"
                           " return image.complete && image.naturalWidth > 0; }")


def test_a_workshop_prints_a_donations_labels_and_a_test_sheet_with_the_keyboard_alone(page: Page, live_server, tmp_path):
    reference, tags = assigned_donation(live_server)
    before = printed(live_server, tags)
    sign_in_as(page, live_server, "refurbisher")
    page.goto("/apparaten")
    tab_until(page, link_to(f"/apparaten?donation={reference}"), f"the link to donation {reference}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_until(page, link_to(f"/labels?donation={reference}"), "the link to print the donation's labels")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_preview(page)
    expect(page.locator("#print-summary")).to_contain_text(f"{len(tags)} labels op Avery L7160")
    tab_until(page, button(f"{len(tags)} labels downloaden (PDF)"), "the print button")
    pdf, filename = enter_and_download(page, tmp_path, "labels.pdf")
    assert filename == f"labels-{reference}-L7160.pdf"
    assert decoded(pdf) == urls(live_server, tags)
    assert page_count(pdf.read_bytes()) == 2 and prints_at_actual_size(pdf.read_bytes())
    assert printed(live_server, tags) == before + len(tags)

    tab_until(page, link_to("/labels/testvel?stock=L7160"), "the test sheet link")
    sheet, filename = enter_and_download(page, tmp_path, "testvel.pdf")
    assert filename == "testvel-L7160.pdf" and page_count(sheet.read_bytes()) == 1
    assert printed(live_server, tags) == before + len(tags), "a test sheet writes nothing"


def test_a_donor_ticks_devices_with_space_and_prints_them(page: Page, live_server, tmp_path):
    sign_in_as(page, live_server, "donor")
    page.goto("/apparaten")
    ticked = []
    for _ in range(2):
        box = tab_until(page, lambda element: element["tag"] == "input" and element["name"] == "tags", "a device's box")
        page.keyboard.press("Space")
        ticked.append(page.evaluate("() => document.activeElement.value"))
        assert page.evaluate("() => document.activeElement.checked"), box
    tab_until(page, button("Labels afdrukken van de gekozen apparaten"), "the button for the ticked devices")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_preview(page)
    assert page.locator("textarea[name=tags]").input_value().split("\n") == ticked
    tab_until(page, button("2 labels downloaden (PDF)"), "the print button")
    pdf, _filename = enter_and_download(page, tmp_path, "selectie.pdf")
    tags = [tag.removeprefix("AD-").replace("-", "") for tag in ticked]
    assert decoded(pdf) == urls(live_server, tags)
    assert focused(page)["tag"] == "button", "the page stays where it was after the download"


def test_the_label_pages_have_no_axe_violations(page: Page, live_server):
    reference, tags = assigned_donation(live_server)
    sign_in_as(page, live_server, "refurbisher")
    page.goto(f"/labels?donation={reference}&skip=4")
    wait_for_preview(page)
    assert_no_violations(page)
    assert_no_violations(page, "/labels?tags=AD-329-XPE-G6R&stock=L7160", status=200)
    assert page.locator("#error-summary").count() == 1
    assert_no_violations(page, "/labels?stock=DK-11209&donation=" + reference, status=200)
    assert_no_violations(page, f"/D/{tags[0]}", status=200)
    page.goto("/labels/voorgedrukt")
    page.locator("input[name=count]").fill("0")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.locator("#error-summary").count() == 1
    assert_no_violations(page)
    page.locator("input[name=count]").fill("2")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert "/labels?run=" in page.url
    wait_for_preview(page)
    assert_no_violations(page)
    assert_no_violations(page, "/labels/voorgedrukt", status=200)


def test_the_pages_behind_a_qr_code_have_no_axe_violations(page: Page, live_server):
    _reference, tags = assigned_donation(live_server)
    with live_server.app.app_context():
        workshop = find_user_by_email(DEMO_LOGINS["refurbisher"])
        label = print_preprinted(workshop, workshop.organisation, 1)[0].tag
        db.session.commit()
        db.session.remove()
    assert_no_violations(page, f"/d/{format_tag(tags[1]).lower()}", status=200)
    expect(page.locator("h1")).to_have_text("Dit apparaat hoort bij allemaaldigitaal")
    assert_no_violations(page, "/D/AD-329-XPE-G6R", status=404)
    assert_no_violations(page, "/D/ZZZZZZZZ3", status=404)
    sign_in_as(page, live_server, "refurbisher")
    assert_no_violations(page, f"/D/{label}", status=200)
    expect(page.locator("main")).to_contain_text("Het hoort nog bij geen apparaat.")
    page.context.clear_cookies()
    sign_in_as(page, live_server, "care")
    assert_no_violations(page, "/apparaten", status=200)
